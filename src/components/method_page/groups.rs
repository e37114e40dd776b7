//! The best-ranked methods, open, then the folding menu of the rest: one section per category,
//! a button that opens it, a count of its methods.

use crate::state::Shared;
use checkout_core::messages::Msg;
use checkout_core::methods::{MethodEntry, MethodGroup};
use checkout_core::ranking::MethodList;

use super::method_row::method_row;
use super::state::MethodPageState;
use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// All methods form one radio group (one `name`), across the open list and the folding sections.
pub fn method_groups(list: &MethodList, state: MethodPageState) -> El {
    let i18n = use_i18n();
    let MethodList { top, groups } = list;
    // With a single section and nothing above it there is nothing to fold.
    let only_one = groups.len() == 1 && top.is_empty();
    // The open methods are a list like a one-method category's, without a title.
    let top = (!top.is_empty()).then(|| direct_group(top, "top", state));
    let sections = top.into_iter().chain(groups.iter().map(|group| {
        if group.shows_method_directly() || only_one {
            direct_group(&group.entries, group.category.id(), state)
        } else {
            folding_group(group, state)
        }
    }));
    el("fieldset", "acw-methods")
        .child(el("legend", "acw-legend").child(i18n.t(Msg::ChooseMethod)))
        .child(el("div", "acw-groups").children(sections))
}

fn rows(list: El, entries: &[MethodEntry], state: MethodPageState) -> El {
    list.children(entries.iter().map(|entry| method_row(entry, state)))
}

/// The open top methods, a one-method category or the only category: methods without a menu level.
fn direct_group(entries: &[MethodEntry], id: &'static str, state: MethodPageState) -> El {
    rows(el("ul", "acw-method-list").attr("data-group", id), entries, state)
}

fn folding_group(group: &MethodGroup, state: MethodPageState) -> El {
    let i18n = use_i18n();
    let key = group.category;
    let panel_id = format!("acw-group-{}", key.id());
    // Open from the start when it holds the method used last time.
    let open = Shared::new(group.entries.iter().any(|e| e.last_used && e.is_available()));
    let count = i18n.with(|c| group.count_text(c));
    let toggle = el("button", "acw-group-toggle")
        .attr("type", "button")
        .dyn_flag("aria-expanded", move || open.get())
        .attr("aria-controls", &panel_id)
        .on("click", move |_| open.update(|o| *o = !*o))
        .child(el("span", "acw-group-title").child(i18n.t(key.msg())))
        .child(el("span", "acw-group-count").child(count))
        .child(el("span", "acw-chevron").attr("aria-hidden", "true"));
    el("div", "acw-group")
        .dyn_class("acw-group-open", move || open.get())
        .attr("data-group", key.id())
        .child(toggle)
        .child(rows(
            el("ul", "acw-method-list")
                .attr("id", &panel_id)
                .dyn_attr("hidden", move || (!open.get()).then(String::new)),
            &group.entries,
            state,
        ))
}
