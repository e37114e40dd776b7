use crate::dom::{el, El};

/// Grey placeholder rows while something loads; the label is for screen readers.
pub fn skeleton(label: String, rows: usize) -> El {
    el("div", "acw-skeleton")
        .attr("role", "status")
        .attr("aria-busy", "true")
        .child(el("span", "acw-sr-only").child(label))
        .children((0..rows).map(|_| el("div", "acw-skeleton-row").attr("aria-hidden", "true")))
}
