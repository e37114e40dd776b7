//! One method: a radio with its logo, name, marks and, once chosen, its extra fields.

use checkout_core::messages::Msg;
use checkout_core::methods::MethodEntry;
use checkout_core::url_safety::check_web_url;
use leptos::prelude::*;

use super::extra_fields::ExtraFields;
use super::state::MethodPageState;
use crate::i18n::use_i18n;

#[component]
pub fn MethodRow(entry: MethodEntry, state: MethodPageState) -> impl IntoView {
    let i18n = use_i18n();
    let method = entry.method_type().to_owned();
    let id = state.dom_id("method", &method);
    let available = entry.is_available();
    let option = &entry.option;
    let name = checkout_core::methods::display_name(option);
    let logo = option
        .logo
        .as_ref()
        .map(|l| l.logo_url.clone())
        .filter(|url| check_web_url(url).is_ok())
        .map(|url| view! { <img class="acw-method-logo" src=url alt="" width="40" height="28" loading="lazy"/> });
    let alipay_plus = entry
        .alipay_plus
        .then(|| view! { <span class="acw-aplus" title=i18n.t(Msg::AlipayPlusPartner)>"Alipay+"</span> });
    let last_used =
        (entry.last_used && available).then(|| view! { <span class="acw-badge">{i18n.t(Msg::LastUsed)}</span> });
    let promos = option.promo_names.iter().map(|p| view! { <span class="acw-promo">{p.clone()}</span> }).collect_view();
    let reason = entry.unavailable.as_ref().map(|why| {
        let text = i18n.with(|c| why.describe(c, crate::format::format_amount));
        view! { <span class="acw-method-reason">{text}</span> }
    });
    let banks = option.payment_option_detail.as_ref().map(|d| d.support_banks.clone()).unwrap_or_default();

    let is_selected = {
        let method = method.clone();
        Memo::new(move |_| state.selected.get().as_deref() == Some(method.as_str()))
    };
    let select = {
        let method = method.clone();
        move |_| state.select(method.clone())
    };
    let fields_method = method.clone();
    view! {
        <li class="acw-method" class:acw-method-disabled=!available class:acw-method-selected=move || is_selected.get() data-method=method.clone()>
            <input type="radio" name=state.group_name("method") id=id.clone() value=method.clone() disabled=!available prop:checked=move || is_selected.get() on:change=select/>
            <label for=id>
                {logo}
                <span class="acw-method-text">
                    <span class="acw-method-name">{name} {alipay_plus} {last_used}</span>
                    {promos}
                    {reason}
                </span>
            </label>
            {move || is_selected.get().then(|| view! { <ExtraFields method=fields_method.clone() banks=banks.clone() state=state/> })}
        </li>
    }
}
