use checkout_core::ams::PaymentOption;
use checkout_core::messages::Msg;
use checkout_core::url_safety::check_web_url;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The payment methods as one native radio group: arrow keys and screen readers work as
/// users expect. Unavailable methods stay visible, greyed out, with the reason.
#[component]
pub fn MethodList(options: Vec<PaymentOption>, selected: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = options
        .into_iter()
        .map(|option| {
            let method = option.payment_method_type.clone();
            let id = format!("acw-method-{method}");
            let enabled = option.enabled;
            let name = option.logo.as_ref().map(|l| l.logo_name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| method.clone());
            let logo = option
                .logo
                .as_ref()
                .map(|l| l.logo_url.clone())
                .filter(|url| check_web_url(url).is_ok())
                .map(|url| view! { <img class="acw-method-logo" src=url alt="" width="32" height="32" loading="lazy"/> });
            let reason = (!enabled).then(|| {
                let why = option.disable_reason.clone().unwrap_or_default();
                let text = if why.is_empty() { i18n.t(Msg::Unavailable).to_owned() } else { format!("{} · {why}", i18n.t(Msg::Unavailable)) };
                view! { <span class="acw-method-reason">{text}</span> }
            });
            let promos = option.promo_names.iter().map(|p| view! { <span class="acw-promo">{p.clone()}</span> }).collect_view();
            let value = method.clone();
            view! {
                <li class="acw-method" class:acw-method-disabled=!enabled class:acw-method-selected=move || selected.get().as_deref() == Some(method.as_str())>
                    <input
                        type="radio"
                        name="acw-method"
                        id=id.clone()
                        value=value.clone()
                        disabled=!enabled
                        prop:checked={
                            let value = value.clone();
                            move || selected.get().as_deref() == Some(value.as_str())
                        }
                        on:change=move |_| selected.set(Some(value.clone()))
                    />
                    <label for=id>
                        {logo}
                        <span class="acw-method-name">{name}</span>
                        {promos}
                        {reason}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="acw-methods">
            <legend class="acw-legend">{i18n.t(Msg::ChooseMethod)}</legend>
            <ul class="acw-method-list" role="none">{rows}</ul>
        </fieldset>
    }
}
