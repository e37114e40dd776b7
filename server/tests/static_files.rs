//! The widget bundle served like a CDN: precompressed by Accept-Encoding, hashed names cached for
//! a year, the loader briefly, ETags answered with 304; the shop's pages name the current build.

use std::fs;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use checkout_server::static_files;
use tower::ServiceExt;

const WASM: &str = "checkout-widget_bg.0123456789abcdef.wasm";

/// A bundle as scripts/build-widget leaves it: each file with distinct .br and .gz beside it.
fn bundle(dir: &Path) {
    for (name, body) in [(WASM, "wasm bytes"), ("checkout.js", "loader"), ("checkout-widget.js", "glue")] {
        fs::write(dir.join(name), body).unwrap();
        fs::write(dir.join(format!("{name}.br")), format!("br:{body}")).unwrap();
        fs::write(dir.join(format!("{name}.gz")), format!("gz:{body}")).unwrap();
    }
    let manifest =
        r#"{"loader":{"file":"checkout.js","integrity":"sha384-xyz"},"glue":"g.js","wasm":"w.wasm","css":"c.css"}"#;
    fs::write(dir.join("manifest.json"), manifest).unwrap();
}

async fn get(dirs: &(tempfile::TempDir, tempfile::TempDir), path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let app = static_files::router(dirs.0.path(), dirs.1.path());
    app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap()
}

fn dirs() -> (tempfile::TempDir, tempfile::TempDir) {
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    bundle(dirs.0.path());
    dirs
}

fn header_of(res: &Response, name: header::HeaderName) -> &str {
    res.headers().get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
}

async fn text(res: Response) -> String {
    String::from_utf8(axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap()
}

#[tokio::test]
async fn sends_brotli_or_gzip_by_accept_encoding_as_application_wasm() {
    let dirs = dirs();
    let path = format!("/widget/{WASM}");
    let br = get(&dirs, &path, &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(header_of(&br, header::CONTENT_ENCODING), "br");
    assert_eq!(header_of(&br, header::CONTENT_TYPE), "application/wasm");
    assert!(header_of(&br, header::VARY).contains("accept-encoding"));
    assert_eq!(text(br).await, "br:wasm bytes");

    let gz = get(&dirs, &path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(header_of(&gz, header::CONTENT_ENCODING), "gzip");
    assert_eq!(text(gz).await, "gz:wasm bytes");

    let plain = get(&dirs, &path, &[]).await;
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), "");
    assert_eq!(text(plain).await, "wasm bytes");
}

#[tokio::test]
async fn hashed_files_are_immutable_the_loader_short_lived_and_cors_open() {
    let dirs = dirs();
    let wasm =
        get(&dirs, &format!("/widget/{WASM}"), &[("accept-encoding", "br"), ("origin", "https://shop.example")]).await;
    assert_eq!(header_of(&wasm, header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    assert_eq!(header_of(&wasm, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    let loader = get(&dirs, "/widget/checkout.js", &[("accept-encoding", "br")]).await;
    assert_eq!(header_of(&loader, header::CACHE_CONTROL), "public, max-age=300");
    let stable = get(&dirs, "/widget/checkout-widget.js", &[]).await;
    assert_eq!(header_of(&stable, header::CACHE_CONTROL), "no-cache");
    let missing = get(&dirs, "/widget/checkout-widget_bg.ffffffffffffffff.wasm", &[]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        header_of(&missing, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable",
        "a 404 is not kept a year"
    );
}

#[tokio::test]
async fn a_matching_etag_gets_304_per_encoding() {
    let dirs = dirs();
    let first = get(&dirs, "/widget/checkout.js", &[("accept-encoding", "br")]).await;
    let tag = header_of(&first, header::ETAG).to_owned();
    assert!(tag.starts_with('"') && tag.ends_with("-br\""), "{tag}");

    let again = get(&dirs, "/widget/checkout.js", &[("accept-encoding", "br"), ("if-none-match", &tag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&again, header::ETAG), tag);
    assert_eq!(header_of(&again, header::CACHE_CONTROL), "public, max-age=300");
    assert_eq!(text(again).await, "");

    // The gzip variant is other bytes: the brotli tag does not validate it.
    let gz = get(&dirs, "/widget/checkout.js", &[("accept-encoding", "gzip"), ("if-none-match", &tag)]).await;
    assert_eq!(gz.status(), StatusCode::OK);
    assert_ne!(header_of(&gz, header::ETAG), tag);
}

#[tokio::test]
async fn shop_pages_carry_the_loader_integrity_and_preload_hints_of_the_build() {
    let dirs = dirs();
    let page = "<head><!--@@WIDGET_PRELOAD@@--></head><script src=\"/widget/checkout.js@@WIDGET_VERSION@@\" integrity=\"@@WIDGET_INTEGRITY@@\"></script>";
    fs::write(dirs.1.path().join("checkout.html"), page).unwrap();
    let res = get(&dirs, "/shop/checkout.html", &[("if-modified-since", "Sun, 01 Jan 2090 00:00:00 GMT")]).await;
    assert_eq!(res.status(), StatusCode::OK, "filled pages are never 304 by date");
    let body = text(res).await;
    assert!(body.contains("integrity=\"sha384-xyz\""), "{body}");
    assert!(body.contains("src=\"/widget/checkout.js?v=xyz\""), "{body}");
    assert!(body.contains("<link rel=\"modulepreload\" href=\"/widget/g.js\""), "{body}");

    fs::remove_file(dirs.0.path().join("manifest.json")).unwrap();
    let body = text(get(&dirs, "/shop/checkout.html", &[]).await).await;
    assert!(body.contains("integrity=\"\"") && !body.contains("@@"), "{body}");
}
