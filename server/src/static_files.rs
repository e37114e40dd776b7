//! Static files: the widget bundle at /widget/ and the demo shop at /shop/; `/` goes to the shop.
//! A missing directory simply gives 404s.

use std::path::Path;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use tower::Layer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(widget_dir: &Path, shop_dir: &Path) -> Router {
    // Content types come from the file extension (.wasm is application/wasm).
    let widget = ServeDir::new(widget_dir).append_index_html_on_directories(false);
    // Any page may embed the widget; its wasm and CSS are fetched cross-origin.
    let widget = CorsLayer::new().allow_origin(Any).allow_methods([axum::http::Method::GET]).layer(widget);
    let shop = ServeDir::new(shop_dir);
    Router::new()
        .route("/", get(|| async { Redirect::to("/shop/") }))
        .nest_service("/widget", widget)
        .nest_service("/shop", shop)
        // `/shop` without the slash would break the pages' relative links.
        .layer(axum::middleware::from_fn(|req: axum::extract::Request, next: axum::middleware::Next| async move {
            if req.uri().path() == "/shop" {
                return Redirect::permanent("/shop/").into_response();
            }
            next.run(req).await
        }))
        // Revalidate: the demo is rebuilt often and the files are small.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
}
