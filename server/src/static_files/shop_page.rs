//! The demo shop's pages name the current widget build, as a shop's own build would: the
//! loader's Subresource Integrity hash on its tag and preload hints for the hashed files, read
//! from the `manifest.json` scripts/build-widget writes. Without a manifest (an unbuilt or
//! `trunk serve` bundle) the placeholders are emptied and the page loads the loader unchecked.
//!
//! Every page is sent with a strict Content-Security-Policy ([`CSP`]): the pages keep their
//! scripts and styles in files, and the widget needs nothing more, so a shop copying them gets
//! a working strict setup.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;

/// `integrity="@@WIDGET_INTEGRITY@@"` on the page's loader tag.
pub const INTEGRITY: &str = "@@WIDGET_INTEGRITY@@";
/// Appended to the loader's `src`: `?v=` and a part of its hash, so a page never pairs a new
/// integrity with an old loader still in the browser's cache (it is cached for minutes).
pub const VERSION: &str = "@@WIDGET_VERSION@@";
/// A comment in the page's `<head>` where the preload hints go.
pub const PRELOAD: &str = "<!--@@WIDGET_PRELOAD@@-->";
/// The demo shop's policy: no inline script or style anywhere (not even an attribute), scripts
/// and styles from this origin only, `wasm-unsafe-eval` for compiling the widget's wasm, images
/// from this origin (method logos) and `data:` (the page's empty icon), requests to this origin.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                       img-src 'self' data:; connect-src 'self'";
/// Far more than any shop page; a bigger (or unsized) one is served as it is.
const MAX_PAGE: usize = 1 << 20;

#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub loader: Loader,
    pub glue: String,
    pub wasm: String,
    pub css: String,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
pub struct Loader {
    pub integrity: String,
}

/// Reads the build's manifest; `None` when there is none or it does not parse.
pub async fn read_manifest(widget_dir: &Path) -> Option<Manifest> {
    let text = tokio::fs::read_to_string(widget_dir.join("manifest.json")).await.ok()?;
    serde_json::from_str(&text).ok()
}

/// The page with its placeholders filled; `widget_path` is where the bundle is served ("/widget").
pub fn fill(page: &str, manifest: Option<&Manifest>, widget_path: &str) -> String {
    let Some(m) = manifest else {
        return page.replace(INTEGRITY, "").replace(VERSION, "").replace(PRELOAD, "");
    };
    let version: String =
        m.loader.integrity.trim_start_matches("sha384-").chars().filter(char::is_ascii_alphanumeric).take(16).collect();
    // crossorigin="anonymous" on each: the loader's own requests are CORS, and a hint is only
    // reused by a request of the same mode.
    let hints = format!(
        "<link rel=\"modulepreload\" href=\"{w}/{glue}\" crossorigin=\"anonymous\">\n  \
         <link rel=\"preload\" href=\"{w}/{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin=\"anonymous\">\n  \
         <link rel=\"preload\" href=\"{w}/{css}\" as=\"style\" crossorigin=\"anonymous\">",
        w = widget_path,
        glue = html_escape::encode_double_quoted_attribute(&m.glue),
        wasm = html_escape::encode_double_quoted_attribute(&m.wasm),
        css = html_escape::encode_double_quoted_attribute(&m.css),
    );
    page.replace(INTEGRITY, &html_escape::encode_double_quoted_attribute(&m.loader.integrity))
        .replace(VERSION, &format!("?v={version}"))
        .replace(PRELOAD, &hints)
}

/// Middleware for the shop folder: fills the placeholders of every HTML page it serves.
pub async fn fill_pages(widget_dir: PathBuf, widget_path: &'static str, mut req: Request, next: Next) -> Response {
    // The page changes with each widget build, not only with its file: never answer 304 by date.
    req.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if is_html {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    let length = res.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if res.status() != StatusCode::OK || !is_html || length.is_none_or(|n| n > MAX_PAGE) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // A read that failed midway: no page rather than half of one.
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(Body::empty()).unwrap_or_default();
    };
    let page = String::from_utf8_lossy(&bytes);
    let filled = fill(&page, read_manifest(&widget_dir).await.as_ref(), widget_path);
    parts.headers.remove(header::LAST_MODIFIED);
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(filled.len()));
    Response::from_parts(parts, Body::from(filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<head><!--@@WIDGET_PRELOAD@@--></head><script src=\"/widget/checkout.js@@WIDGET_VERSION@@\" integrity=\"@@WIDGET_INTEGRITY@@\"></script>";

    fn manifest() -> Manifest {
        Manifest {
            loader: Loader { integrity: "sha384-abc".into() },
            glue: "checkout-widget.0123456789abcdef.js".into(),
            wasm: "checkout-widget_bg.0123456789abcdef.wasm".into(),
            css: "checkout.0123456789abcdef.css".into(),
        }
    }

    #[test]
    fn fills_integrity_and_hints_from_the_manifest() {
        let page = fill(PAGE, Some(&manifest()), "/widget");
        assert!(page.contains("integrity=\"sha384-abc\""), "{page}");
        assert!(page.contains("src=\"/widget/checkout.js?v=abc\""), "{page}");
        assert!(page.contains("<link rel=\"modulepreload\" href=\"/widget/checkout-widget.0123456789abcdef.js\" crossorigin=\"anonymous\">"), "{page}");
        assert!(
            page.contains(
                "href=\"/widget/checkout-widget_bg.0123456789abcdef.wasm\" as=\"fetch\" type=\"application/wasm\""
            ),
            "{page}"
        );
        assert!(page.contains("href=\"/widget/checkout.0123456789abcdef.css\" as=\"style\""), "{page}");
        assert!(!page.contains("@@"), "{page}");
    }

    #[test]
    fn without_a_manifest_the_placeholders_are_emptied() {
        let page = fill(PAGE, None, "/widget");
        assert_eq!(page, "<head></head><script src=\"/widget/checkout.js\" integrity=\"\"></script>");
    }

    #[test]
    fn names_from_the_manifest_cannot_break_out_of_the_attribute() {
        let mut m = manifest();
        m.css = "x\"><script>alert(1)</script>".into();
        assert!(!fill(PAGE, Some(&m), "/widget").contains("<script>alert"));
    }
}
