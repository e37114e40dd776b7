use leptos::prelude::*;

/// Grey placeholder rows while something loads; the label is for screen readers.
#[component]
pub fn Skeleton(#[prop(into)] label: String, #[prop(default = 3)] rows: usize) -> impl IntoView {
    view! {
        <div class="acw-skeleton" role="status" aria-busy="true">
            <span class="acw-sr-only">{label}</span>
            {(0..rows).map(|_| view! { <div class="acw-skeleton-row" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}
