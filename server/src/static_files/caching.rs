//! How the widget's files are cached, as a CDN would serve them: content-hashed names for a year
//! (`immutable`), the loader `checkout.js` (the stable name shops point at) and the message
//! catalogues `i18n/<tag>.json` (stable names the loader asks for) for a few minutes, the rest
//! revalidated; every file with an `ETag` that a conditional request turns into a 304.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Short, so a new build (new hashed names inside the loader, new texts) reaches shops within minutes.
pub const LOADER: &str = "public, max-age=300";
pub const REVALIDATE: &str = "no-cache";

/// The loader's stable file name.
pub const LOADER_FILE: &str = "checkout.js";

/// `name.0123456789abcdef.ext`, as scripts/widget-assets.mjs names the glue, wasm and CSS.
pub fn is_hashed(file: &str) -> bool {
    let mut parts = file.rsplit('.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !ext.is_empty() && !stem.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A message catalogue: `i18n/<tag>.json` under the widget folder.
pub fn is_catalogue(path: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(dir, file)| dir.ends_with("/i18n") && file.ends_with(".json"))
}

/// The Cache-Control for a path under the widget folder.
pub fn policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if is_hashed(file) {
        IMMUTABLE
    } else if file == LOADER_FILE || is_catalogue(path) {
        LOADER
    } else {
        REVALIDATE
    }
}

/// A strong validator from what the file server already knows: modification time, length and
/// encoding (each precompressed variant is different bytes, so it gets its own tag).
pub fn etag(headers: &HeaderMap) -> Option<HeaderValue> {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let length = text(header::CONTENT_LENGTH)?;
    let modified = text(header::LAST_MODIFIED)?;
    let encoding = text(header::CONTENT_ENCODING).unwrap_or("identity");
    // FNV-1a: small, stable across builds (unlike std's hasher), and enough to tell versions apart.
    let hash =
        modified.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    HeaderValue::from_str(&format!("\"{length}-{hash:016x}-{encoding}\"")).ok()
}

/// RFC 9110 `If-None-Match` (weak comparison): `*` or any listed tag equal to `etag`.
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    if_none_match.trim() == "*" || if_none_match.split(',').any(|t| bare(t) == bare(etag))
}

/// Middleware for the widget folder: Cache-Control, Vary, ETag, and 304 on a matching tag.
pub async fn widget_headers(req: Request, next: Next) -> Response {
    let policy = policy(req.uri().path());
    let conditional = matches!(*req.method(), Method::GET | Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .flatten();
    let mut res = next.run(req).await;
    let status = res.status();
    if status != StatusCode::OK && status != StatusCode::NOT_MODIFIED {
        return res;
    }
    let tag = (status == StatusCode::OK).then(|| etag(res.headers())).flatten();
    if let (Some(tag), Some(conditional)) = (&tag, &conditional) {
        if none_match(conditional, tag.to_str().unwrap_or_default()) {
            let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
            for name in [header::LAST_MODIFIED, header::CONTENT_ENCODING] {
                if let Some(v) = res.headers().get(&name) {
                    not_modified.headers_mut().insert(name, v.clone());
                }
            }
            res = not_modified;
        }
    }
    let headers = res.headers_mut();
    if let Some(tag) = tag {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // Each file exists in several encodings: caches must key on the one asked for.
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_immutable_the_loader_short_the_rest_revalidated() {
        assert_eq!(policy("/checkout-widget_bg.0123456789abcdef.wasm"), IMMUTABLE);
        assert_eq!(policy("/checkout.fedcba9876543210.css"), IMMUTABLE);
        assert_eq!(policy("/checkout.js"), LOADER);
        assert_eq!(policy("/checkout-widget.js"), REVALIDATE);
        assert_eq!(policy("/manifest.json"), REVALIDATE);
        assert_eq!(policy("/i18n/pl.json"), LOADER, "catalogues: stable names, a short cache");
        assert_eq!(policy("/widget/i18n/pt-BR.json"), LOADER);
        assert_eq!(policy("/i18n.json"), REVALIDATE);
        assert_eq!(policy("/i18n/notes.txt"), REVALIDATE);
        // Not a content hash: wrong length, not hex, or no stem.
        assert_eq!(policy("/checkout.0123456789abcde.js"), REVALIDATE);
        assert_eq!(policy("/checkout.0123456789abcdeg.js"), REVALIDATE);
        assert_eq!(policy("/.0123456789abcdef.js"), REVALIDATE);
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.clone(), HeaderValue::from_str(v).unwrap())).collect()
    }

    #[test]
    fn etag_differs_by_encoding_length_and_time() {
        let date = "Tue, 01 Dec 2026 09:00:00 GMT";
        let plain = etag(&headers(&[(header::CONTENT_LENGTH, "100"), (header::LAST_MODIFIED, date)])).unwrap();
        let br = headers(&[
            (header::CONTENT_LENGTH, "100"),
            (header::LAST_MODIFIED, date),
            (header::CONTENT_ENCODING, "br"),
        ]);
        let later =
            headers(&[(header::CONTENT_LENGTH, "100"), (header::LAST_MODIFIED, "Tue, 01 Dec 2026 09:00:01 GMT")]);
        let longer = headers(&[(header::CONTENT_LENGTH, "101"), (header::LAST_MODIFIED, date)]);
        for other in [br, later, longer] {
            assert_ne!(etag(&other).unwrap(), plain);
        }
        assert_eq!(etag(&headers(&[(header::CONTENT_LENGTH, "100"), (header::LAST_MODIFIED, date)])).unwrap(), plain);
        assert!(etag(&headers(&[(header::CONTENT_LENGTH, "100")])).is_none(), "no time, no tag");
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        assert!(none_match("\"a\"", "\"a\""));
        assert!(none_match("\"x\", W/\"a\"", "\"a\""));
        assert!(none_match("*", "\"a\""));
        assert!(!none_match("\"b\"", "\"a\""));
        assert!(!none_match("", "\"a\""));
    }
}
