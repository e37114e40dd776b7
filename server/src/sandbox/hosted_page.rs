//! The sandbox's hosted checkout page (the `normalUrl` of a pay answer): shows the payment,
//! and its "Pay" and "Fail" buttons settle it, queue the notification and send the browser
//! back to the merchant's `paymentRedirectUrl`.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::store::{self, SandboxPayment, Settlement};
use super::{catalogue, SandboxState};
use crate::db::now_ms;

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f3f5f8;margin:0;color:#1d2330}\
main{max-width:28rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;\
box-shadow:0 2px 12px rgba(0,0,0,.08)}.banner{background:#ffe58f;color:#5c4400;padding:.5rem 1rem;\
text-align:center;font-weight:600}dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}\
dt{color:#667}dd{margin:0;font-weight:600;word-break:break-word}.amount{font-size:1.6rem}\
form{display:inline}button{font-size:1rem;padding:.7rem 1.4rem;border-radius:8px;border:0;margin:.4rem .4rem 0 0;\
cursor:pointer}#sandbox-pay{background:#1677ff;color:#fff}#sandbox-fail{background:#eee;color:#a8071a}\
#sandbox-confirm{background:#389e0d;color:#fff}#sandbox-reject{background:#eee;color:#a8071a}\
.sandbox-code{font-family:monospace;font-size:1.3rem;letter-spacing:.1em}";

fn page(title: &str, content: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{}</title><style>{STYLE}</style></head>\
         <body><div class=\"banner\">AMS sandbox: no real money moves</div><main>{content}</main></body></html>",
        text(title)
    )
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html(page("Payment not found", "<h1>Payment not found</h1>"))).into_response()
}

fn error_page(status: StatusCode, message: &str) -> Response {
    (status, Html(page("Sandbox error", &format!("<h1>Something went wrong</h1><p>{}</p>", text(message)))))
        .into_response()
}

fn amount_text(p: &SandboxPayment) -> String {
    let amount = p.amount();
    let major = amount.to_major_string().unwrap_or_else(|_| amount.value.clone());
    format!("{major} {}", amount.currency)
}

/// Loads a payment, closing it first if it is overdue.
async fn load(state: &SandboxState, payment_id: &str) -> Result<Option<SandboxPayment>, sqlx::Error> {
    let Some(p) = store::by_payment_id(&state.pool, payment_id).await? else { return Ok(None) };
    if p.is_overdue(now_ms()) {
        store::settle(&state.pool, &p, &Settlement::closed()).await?;
        state.wake.notify_one();
        return store::by_payment_id(&state.pool, payment_id).await;
    }
    Ok(Some(p))
}

/// The payment, or the error page to answer instead (unknown id, or storage failure).
async fn load_for_page(state: &SandboxState, payment_id: &str) -> Result<SandboxPayment, Response> {
    match load(state, payment_id).await {
        Ok(Some(p)) => Ok(p),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!("hosted page: {e}");
            Err(error_page(StatusCode::INTERNAL_SERVER_ERROR, "the sandbox could not load this payment"))
        }
    }
}

pub async fn show(State(state): State<SandboxState>, Path(payment_id): Path<String>) -> Response {
    let p = match load_for_page(&state, &payment_id).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    let method_name =
        catalogue::find(&p.payment_method_type).map(|m| m.name.as_str()).unwrap_or(&p.payment_method_type);
    let status = p.status();
    let actions = if status == ams::PaymentStatus::Pending {
        let base = format!("/sandbox/checkout/{}", p.payment_id);
        format!(
            "<p>The user has paid; the provider has yet to confirm. Choose what the provider does:</p>\
             <form method=\"post\" action=\"{confirm}\"><button id=\"sandbox-confirm\" type=\"submit\">Confirm</button></form>\
             <form method=\"post\" action=\"{reject}\"><button id=\"sandbox-reject\" type=\"submit\">Reject</button></form>",
            confirm = attr(&format!("{base}/confirm")),
            reject = attr(&format!("{base}/reject")),
        )
    } else if status.is_final() {
        let back = match p.redirect_url.as_deref() {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                format!("<p><a id=\"sandbox-return\" href=\"{}\">Return to the merchant</a></p>", attr(url))
            }
            _ => String::new(),
        };
        format!("<p id=\"sandbox-final\">This payment is {}.</p>{back}", text(status.as_str()))
    } else {
        let base = format!("/sandbox/checkout/{}", p.payment_id);
        format!(
            "<p>Choose what the user does in the wallet:</p>\
             <form method=\"post\" action=\"{pay}\"><button id=\"sandbox-pay\" type=\"submit\">Pay</button></form>\
             <form method=\"post\" action=\"{fail}\"><button id=\"sandbox-fail\" type=\"submit\">Fail</button></form>",
            pay = attr(&format!("{base}/pay")),
            fail = attr(&format!("{base}/fail")),
        )
    };
    let codes = serde_json::from_str::<ams::PayResponse>(&p.response_json)
        .ok()
        .and_then(|r| r.order_code_form)
        .map(|form| {
            form.code_details
                .iter()
                .filter(|c| c.display_type == ams::DisplayType::Text)
                .map(|c| {
                    format!("<p>Payment code: <strong class=\"sandbox-code\">{}</strong></p>", text(&c.code_value))
                })
                .collect::<String>()
        })
        .unwrap_or_default();
    let actions = format!("{codes}{actions}");
    let content = format!(
        "<h1>AMS sandbox checkout</h1>\
         <dl><dt>Merchant</dt><dd id=\"sandbox-merchant\">{merchant}</dd>\
         <dt>Order</dt><dd id=\"sandbox-order\">{order}</dd>\
         <dt>Amount</dt><dd id=\"sandbox-amount\" class=\"amount\">{amount}</dd>\
         <dt>Method</dt><dd id=\"sandbox-method\">{method}</dd>\
         <dt>Status</dt><dd id=\"sandbox-status\">{status}</dd>\
         <dt>Payment id</dt><dd>{id}</dd></dl>{actions}",
        merchant = text(&p.client_id),
        order = text(&p.order_description),
        amount = text(&amount_text(&p)),
        method = text(method_name),
        status = text(status.as_str()),
        id = text(&p.payment_id),
    );
    let mut response = Html(page("AMS sandbox checkout", &content)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    // No script runs on this page; the forms post to this origin.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"),
    );
    response
}

pub async fn pay(state: State<SandboxState>, id: Path<String>) -> Response {
    let pending_first = match store::by_payment_id(&state.pool, &id).await {
        Ok(Some(p)) => catalogue::find(&p.payment_method_type).is_some_and(|m| m.pending_first),
        _ => false,
    };
    let outcome = if pending_first { Settlement::pending() } else { Settlement::success() };
    settle(state, id, outcome).await
}

/// The provider confirms a PENDING payment.
pub async fn confirm(state: State<SandboxState>, id: Path<String>) -> Response {
    settle(state, id, Settlement::success()).await
}

/// The provider rejects a PENDING payment.
pub async fn reject(state: State<SandboxState>, id: Path<String>) -> Response {
    settle(state, id, Settlement::fail("PROCESS_FAIL", "the provider rejected the payment")).await
}

pub async fn fail(state: State<SandboxState>, id: Path<String>) -> Response {
    settle(state, id, Settlement::fail("USER_BALANCE_NOT_ENOUGH", "the user chose Fail in the sandbox")).await
}

async fn settle(State(state): State<SandboxState>, Path(payment_id): Path<String>, s: Settlement) -> Response {
    let p = match load_for_page(&state, &payment_id).await {
        Ok(p) => p,
        Err(page) => return page,
    };
    match store::settle(&state.pool, &p, &s).await {
        Ok(true) => {
            tracing::info!(payment_id = %p.payment_id, status = %s.status, "sandbox payment settled");
            state.wake.notify_one();
        }
        // Already final (paid, failed or expired): the browser still goes back to the merchant.
        Ok(false) => {}
        Err(e) => {
            tracing::error!("settling: {e}");
            return error_page(StatusCode::INTERNAL_SERVER_ERROR, "the sandbox could not settle this payment");
        }
    }
    match p.redirect_url.as_deref() {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, url.to_owned())]).into_response()
        }
        _ => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/sandbox/checkout/{}", p.payment_id))]).into_response()
        }
    }
}
