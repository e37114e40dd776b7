//! The best-ranked methods, open, then the folding menu of the rest: one section per category,
//! a button that opens it, a count of its methods.

use checkout_core::messages::Msg;
use checkout_core::methods::{MethodEntry, MethodGroup};
use checkout_core::ranking::MethodList;
use leptos::prelude::*;

use super::method_row::MethodRow;
use super::state::MethodPageState;
use crate::i18n::use_i18n;

/// All methods form one radio group (one `name`), across the open list and the folding sections.
#[component]
pub fn MethodGroups(list: MethodList, state: MethodPageState) -> impl IntoView {
    let i18n = use_i18n();
    let MethodList { top, groups } = list;
    // With a single section and nothing above it there is nothing to fold.
    let only_one = groups.len() == 1 && top.is_empty();
    // The open methods are a list like a one-method category's, without a title.
    let top = (!top.is_empty()).then(|| view! { <DirectGroup entries=top id="top" state=state/> }.into_any());
    let sections = top
        .into_iter()
        .chain(groups.into_iter().map(|group| {
            if group.shows_method_directly() || only_one {
                view! { <DirectGroup entries=group.entries id=group.category.id() state=state/> }.into_any()
            } else {
                view! { <FoldingGroup group=group state=state/> }.into_any()
            }
        }))
        .collect_view();
    view! {
        <fieldset class="acw-methods">
            <legend class="acw-legend">{i18n.t(Msg::ChooseMethod)}</legend>
            <div class="acw-groups">{sections}</div>
        </fieldset>
    }
}

/// The open top methods, a one-method category or the only category: methods without a menu level.
#[component]
fn DirectGroup(entries: Vec<MethodEntry>, id: &'static str, state: MethodPageState) -> impl IntoView {
    let rows = entries.into_iter().map(|entry| view! { <MethodRow entry=entry state=state/> }).collect_view();
    view! { <ul class="acw-method-list" data-group=id>{rows}</ul> }
}

#[component]
fn FoldingGroup(group: MethodGroup, state: MethodPageState) -> impl IntoView {
    let i18n = use_i18n();
    let key = group.category;
    let panel_id = format!("acw-group-{}", key.id());
    // Open from the start when it holds the method used last time.
    let open = RwSignal::new(group.entries.iter().any(|e| e.last_used && e.is_available()));
    let title = i18n.t(key.msg());
    let count = i18n.with(|c| group.count_text(c));
    let rows = group.entries.into_iter().map(|entry| view! { <MethodRow entry=entry state=state/> }).collect_view();
    view! {
        <div class="acw-group" class:acw-group-open=move || open.get() data-group=key.id()>
            <button
                type="button"
                class="acw-group-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="acw-group-title">{title}</span>
                <span class="acw-group-count">{count}</span>
                <span class="acw-chevron" aria-hidden="true"></span>
            </button>
            <ul class="acw-method-list" id=panel_id hidden=move || !open.get()>{rows}</ul>
        </div>
    }
}
