//! The sandbox's request log, like the request viewer of Alipay's developer dashboard:
//! `GET /sandbox/requests?referenceOrderId=...` lists the pay requests the sandbox accepted for
//! an order, oldest first, as received. Tests use it to check exactly what reached "Alipay".

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::Row;

use super::SandboxState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestsQuery {
    reference_order_id: String,
}

pub async fn pay_requests(
    State(state): State<SandboxState>,
    Query(query): Query<RequestsQuery>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let rows = sqlx::query(
        "SELECT payment_id, payment_request_id, request_json, status FROM sandbox_payments \
         WHERE reference_order_id = $1 ORDER BY created_at_ms, payment_id",
    )
    .bind(&query.reference_order_id)
    .fetch_all(&state.pool)
    .await
    .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let list: Vec<Value> = rows
        .iter()
        .map(|row| {
            let request: Value =
                serde_json::from_str(row.get::<String, _>("request_json").as_str()).unwrap_or(Value::Null);
            json!({
                "paymentId": row.get::<String, _>("payment_id"),
                "paymentRequestId": row.get::<String, _>("payment_request_id"),
                "status": row.get::<String, _>("status"),
                "request": request,
            })
        })
        .collect();
    Ok(Json(json!({ "requests": list })))
}
