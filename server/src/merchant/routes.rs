//! The merchant API v1 (`/api/v1/...`) and the AMS notification receiver (`/alipay/notify`).
//! The contract is documented in `docs/merchant-api.md`.

use std::net::SocketAddr;

use ams::{ConsultRequest, Env, ResultStatus, PRODUCT_CODE_CASHIER};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use checkout_core::merchant_api::{CreateDemoOrder, MethodsQuery, MethodsView, OrderView, PaymentView, StartPayment};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::errors::{self, ApiFailure, ApiJson};
use super::payments::{self, PaymentRow};
use super::{notify, orders, MerchantState};
use crate::ams_client::deadlines;

pub fn api_router(state: MerchantState, allowed_origins: &[String]) -> Router {
    Router::new()
        .route("/orders", post(create_order))
        .route("/orders/{order_ref}", get(get_order))
        .route("/orders/{order_ref}/payment-methods", post(payment_methods))
        .route("/orders/{order_ref}/payments", post(start_payment))
        .route("/payments/{payment_ref}", get(get_payment))
        .fallback(errors::not_found)
        .layer(DefaultBodyLimit::max(errors::BODY_LIMIT))
        .layer(middleware::from_fn(errors::json_errors))
        .layer(cors(allowed_origins))
        .with_state(state)
}

/// AMS's notifications: bounded bodies, and every refusal in AMS's JSON shape.
pub fn notify_router(state: MerchantState) -> Router {
    Router::new()
        .route("/alipay/notify", post(notify::receive))
        .layer(DefaultBodyLimit::max(errors::BODY_LIMIT))
        .layer(middleware::from_fn(errors::ams_json_errors))
        .with_state(state)
}

/// Whether `r` can be one of our order or payment references; anything else is not looked up.
fn plausible_ref(r: &str) -> bool {
    !r.is_empty() && r.len() <= 64 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Loopback origins are always allowed (the demo); others only when configured.
fn cors(allowed: &[String]) -> CorsLayer {
    let any = allowed.iter().any(|o| o == "*");
    let allowed: Vec<String> = allowed.iter().map(|o| o.trim_end_matches('/').to_owned()).collect();
    let origin = AllowOrigin::predicate(move |origin: &HeaderValue, _| {
        let Ok(origin) = origin.to_str() else { return false };
        any || allowed.iter().any(|a| a == origin) || is_loopback_origin(origin)
    });
    CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
        .max_age(std::time::Duration::from_secs(600))
}

fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    let host = if let Some(v6) = rest.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        rest.split(':').next().unwrap_or("")
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn valid_region(r: &str) -> bool {
    r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase())
}

async fn create_order(
    State(state): State<MerchantState>,
    ApiJson(body): ApiJson<CreateDemoOrder>,
) -> Result<(StatusCode, Json<OrderView>), ApiFailure> {
    let Some(product) = orders::product(&body.product) else {
        // The product sent is not echoed: it is unbounded input.
        let ids: Vec<&str> = orders::PRODUCTS.iter().map(|p| p.id).collect();
        return Err(ApiFailure::invalid(format!("unknown product; one of: {}", ids.join(", "))));
    };
    if let Some(region) = &body.user_region {
        if !valid_region(region) {
            return Err(ApiFailure::invalid("userRegion must be a two-letter ISO country code such as PH"));
        }
    }
    let order = orders::create(&state.pool, product, body.user_region, state.order_ttl_ms).await?;
    Ok((StatusCode::CREATED, Json(order.view(None))))
}

async fn load_order(state: &MerchantState, order_ref: &str) -> Result<orders::OrderRow, ApiFailure> {
    if !plausible_ref(order_ref) {
        return Err(ApiFailure::order_not_found());
    }
    orders::load(&state.pool, order_ref).await?.ok_or_else(ApiFailure::order_not_found)
}

/// The latest payment, refreshed from AMS first when it is not final.
async fn latest_payment(state: &MerchantState, order_ref: &str) -> Result<Option<PaymentRow>, ApiFailure> {
    match payments::latest_for_order(&state.pool, order_ref).await? {
        Some(p) if !p.is_final() => Ok(Some(payments::refresh(state, p, deadlines::INQUIRY_INTERACTIVE).await?)),
        other => Ok(other),
    }
}

async fn get_order(
    State(state): State<MerchantState>,
    Path(order_ref): Path<String>,
) -> Result<Json<OrderView>, ApiFailure> {
    load_order(&state, &order_ref).await?;
    let latest = latest_payment(&state, &order_ref).await?;
    // Reloaded: the refresh may have just marked it paid.
    let order = load_order(&state, &order_ref).await?;
    Ok(Json(order.view(latest.map(|p| p.view()))))
}

async fn payment_methods(
    State(state): State<MerchantState>,
    Path(order_ref): Path<String>,
    ApiJson(query): ApiJson<MethodsQuery>,
) -> Result<Json<MethodsView>, ApiFailure> {
    let order = load_order(&state, &order_ref).await?;
    payments::check_payable(&order)?;
    // The shop's backend set the order's region; the page's (an option, or the loader's guess
    // from the browser's languages) only fills in for an order without one.
    let user_region = order.user_region.clone().or_else(|| query.user_region.clone());
    if let Some(r) = &user_region {
        if !valid_region(r) {
            return Err(ApiFailure::invalid("userRegion must be a two-letter ISO country code"));
        }
    }
    let req = ConsultRequest {
        product_code: PRODUCT_CODE_CASHIER.to_owned(),
        payment_amount: order.amount(),
        env: Env { terminal_type: Some(query.terminal_type), os_type: query.os_type, ..Default::default() },
        allowed_psp_regions: query.allowed_psp_regions,
        allowed_payment_method_regions: None,
        user_region: user_region.clone(),
        merchant_region: None,
        settlement_strategy: None,
    };
    let resp = state.ams.consult(&req, deadlines::CONSULT).await?;
    match resp.result.result_status {
        ResultStatus::Success => {}
        ResultStatus::Failed if resp.result.result_code == "PARAM_ILLEGAL" => {
            return Err(ApiFailure::invalid(resp.result.result_message));
        }
        _ => {
            return Err(ApiFailure::provider_unavailable(format!(
                "could not list payment methods ({}: {})",
                resp.result.result_code, resp.result.result_message
            )));
        }
    }
    Ok(Json(MethodsView { order: order.view(None), payment_options: resp.payment_options, user_region }))
}

async fn start_payment(
    State(state): State<MerchantState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(order_ref): Path<String>,
    ApiJson(body): ApiJson<StartPayment>,
) -> Result<(StatusCode, Json<PaymentView>), ApiFailure> {
    let order = load_order(&state, &order_ref).await?;
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let ip = payments::client_ip(peer.ip(), forwarded, &state.trusted_proxies);
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let view = payments::start(&state, &order, body, ip, user_agent).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

async fn get_payment(
    State(state): State<MerchantState>,
    Path(payment_ref): Path<String>,
) -> Result<Json<PaymentView>, ApiFailure> {
    if !plausible_ref(&payment_ref) {
        return Err(ApiFailure::payment_not_found());
    }
    let payment = payments::load(&state.pool, &payment_ref).await?.ok_or_else(ApiFailure::payment_not_found)?;
    let payment = payments::refresh(&state, payment, deadlines::INQUIRY_INTERACTIVE).await?;
    Ok(Json(payment.view()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins() {
        assert!(is_loopback_origin("http://localhost:3000"));
        assert!(is_loopback_origin("http://127.0.0.1:8080"));
        assert!(is_loopback_origin("http://[::1]:8080"));
        assert!(!is_loopback_origin("https://evil.example"));
        assert!(!is_loopback_origin("http://localhost.evil.example"));
        assert!(!is_loopback_origin("null"));
    }

    #[test]
    fn only_plausible_refs_are_looked_up() {
        assert!(plausible_ref("ord_0123abcd"));
        assert!(!plausible_ref(""));
        assert!(!plausible_ref(&"a".repeat(65)));
        assert!(!plausible_ref("ord 1"));
        assert!(!plausible_ref("ord_é"));
    }
}
