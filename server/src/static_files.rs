//! Static files: the widget bundle at /widget/ and the demo shop at /shop/; `/` goes to the shop.
//! A missing directory simply gives 404s.
//!
//! The widget is served as a CDN would: the `.br`/`.gz` files the build wrote beside each file,
//! chosen by `Accept-Encoding` (no compression work per request), with the cache policy and
//! validators of [`caching`]. The shop's pages name the current build ([`shop_page`]).

pub mod caching;
pub mod shop_page;

use std::path::{Path, PathBuf};

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where the bundle is served; the shop pages' hints point here.
pub const WIDGET_PATH: &str = "/widget";

pub fn router(widget_dir: &Path, shop_dir: &Path) -> Router {
    // Content types come from the file extension (.wasm is application/wasm, which
    // WebAssembly.instantiateStreaming requires), also for the precompressed variants.
    let files =
        ServeDir::new(widget_dir).append_index_html_on_directories(false).precompressed_br().precompressed_gzip();
    let widget = Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(caching::widget_headers))
        // Any page may embed the widget; its files are fetched cross-origin (CORS mode).
        .layer(CorsLayer::new().allow_origin(Any).allow_methods([axum::http::Method::GET]));
    let widget_dir: PathBuf = widget_dir.to_owned();
    let shop = Router::new().fallback_service(ServeDir::new(shop_dir)).layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            shop_page::fill_pages(widget_dir.clone(), WIDGET_PATH, req, next)
        },
    ));
    Router::new()
        .route("/", get(|| async { Redirect::to("/shop/") }))
        .nest_service(WIDGET_PATH, widget)
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
