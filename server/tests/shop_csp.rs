//! The demo shop's pages work under a strict Content-Security-Policy: the server sends it on
//! every page, and the pages (www/shop) keep every script and style in a file.

use std::fs;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use checkout_server::static_files;
use checkout_server::static_files::shop_page::CSP;
use tower::ServiceExt;

async fn get(shop: &Path, path: &str) -> axum::response::Response {
    let widget = tempfile::tempdir().unwrap();
    let app = static_files::router(widget.path(), shop);
    app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap()
}

#[tokio::test]
async fn every_shop_page_is_sent_with_the_strict_policy() {
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/shop");
    for page in ["/shop/", "/shop/index.html", "/shop/checkout.html", "/shop/result.html"] {
        let res = get(&shop, page).await;
        assert_eq!(res.status(), StatusCode::OK, "{page}");
        let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(csp.as_deref(), Some(CSP), "{page}");
    }
    let policy: Vec<&str> = CSP.split(';').map(str::trim).collect();
    assert!(policy.contains(&"script-src 'self' 'wasm-unsafe-eval'"), "{CSP}");
    assert!(policy.contains(&"style-src 'self'"), "{CSP}");
    // The shop's script and stylesheet are files the policy allows, sent without a policy of their own.
    for file in ["/shop/index.js", "/shop/result.js", "/shop/shop.css"] {
        let res = get(&shop, file).await;
        assert_eq!(res.status(), StatusCode::OK, "{file}");
        assert!(res.headers().get(header::CONTENT_SECURITY_POLICY).is_none(), "{file}");
    }
}

/// What `script-src 'self'; style-src 'self'` blocks in a page's markup.
fn inline_code(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("<script") {
        let tag = &lower[at..at + lower[at..].find('>').unwrap_or(0)];
        let body_start = at + tag.len() + 1;
        let body = &lower[body_start..body_start + lower[body_start..].find("</script").unwrap_or(0)];
        if !tag.contains(" src=") || !body.trim().is_empty() {
            found.push(format!("inline script at byte {at}"));
        }
    }
    if lower.contains("<style") {
        found.push("a <style> element".into());
    }
    // Attributes: style="…", onclick="…" and the like, javascript: URLs.
    for (at, _) in lower.match_indices(|c: char| c.is_ascii_whitespace()) {
        let rest = &lower[at + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if rest[name.len()..].starts_with('=') && (name == "style" || (name.starts_with("on") && name.len() > 2)) {
            found.push(format!("a {name} attribute at byte {at}"));
        }
    }
    if lower.contains("javascript:") {
        found.push("a javascript: URL".into());
    }
    found
}

#[test]
fn the_shop_pages_have_no_inline_script_or_style() {
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/shop");
    let mut pages = 0;
    for entry in fs::read_dir(&shop).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let found = inline_code(&fs::read_to_string(&path).unwrap());
            assert!(found.is_empty(), "{}: {found:?}", path.display());
        }
    }
    assert!(pages >= 3, "the shop's pages were read");
    // The check itself sees what it is for.
    assert_eq!(inline_code("<script>x()</script>").len(), 1);
    assert_eq!(inline_code("<script src=\"a.js\"></script>").len(), 0);
    assert_eq!(inline_code("<p style=\"color:red\" onclick=\"x()\">").len(), 2);
    assert_eq!(inline_code("<head><style>p{}</style></head>").len(), 1);
}
