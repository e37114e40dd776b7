use qrcodegen::{QrCode, QrCodeEcc, QrSegment};

use crate::dom::{el, El};

/// A QR code drawn in the browser as SVG. The SVG is the one raw markup the widget inserts,
/// and it is ours: only rectangles, no text from the backend. It is sized by its own `width`
/// and `height` attributes (CSS lets it shrink on a narrow screen), never by a `style`
/// attribute, which a strict Content-Security-Policy (`style-src 'self'`) would block.
pub fn qr_view(value: String, size_px: u32, label: &str) -> El {
    match QrCode::encode_segments(&qr_segments(&value), QrCodeEcc::Medium).ok().map(|code| svg_markup(&code, size_px)) {
        Some(markup) => el("figure", "acw-qr")
            .attr("data-value", &value)
            .attr("data-size", &size_px.to_string())
            .attr("role", "img")
            .attr("aria-label", label)
            .inner_html(&markup),
        // Too long to encode: the value itself is still useful to the user.
        None => el("p", "acw-qr-fallback").child(el("code", "").child(value)),
    }
}

/// The one segment `QrCode::encode_text` would choose (digits, the upper-case alphanumeric set,
/// or bytes), picked here with a byte test: its own check searches the character set as a
/// string, which brings the Two-Way string searcher (about 1.3 KB of wasm) into the bundle.
pub fn qr_segments(text: &str) -> Vec<QrSegment> {
    const ALPHANUMERIC: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    if text.is_empty() {
        Vec::new()
    } else if text.bytes().all(|b| b.is_ascii_digit()) {
        vec![QrSegment::make_numeric(text)]
    } else if text.bytes().all(|b| ALPHANUMERIC.contains(&b)) {
        vec![QrSegment::make_alphanumeric(text)]
    } else {
        vec![QrSegment::make_bytes(text.as_bytes())]
    }
}

/// Light space around the code, in modules, as the QR standard asks.
const QUIET_ZONE: i32 = 4;

/// The code drawn one unit per module (the `viewBox`, quiet zone included), shown `size_px`
/// wide and high: a white square, then one path of the dark runs, row by row.
fn svg_markup(code: &QrCode, size_px: u32) -> String {
    let side = (code.size() + 2 * QUIET_ZONE).to_string();
    let size = size_px.to_string();
    let mut svg = String::with_capacity(4096);
    for part in [
        r#"<svg xmlns="http://www.w3.org/2000/svg" width=""#,
        &size,
        r#"" height=""#,
        &size,
        r#"" viewBox="0 0 "#,
        &side,
        " ",
        &side,
        r#"" shape-rendering="crispEdges"><rect width=""#,
        &side,
        r#"" height=""#,
        &side,
        r##"" fill="#fff"/><path fill="#000" d=""##,
    ] {
        svg.push_str(part);
    }
    for y in 0..code.size() {
        let mut x = 0;
        while x < code.size() {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < code.size() && code.get_module(x, y) {
                x += 1;
            }
            let (left, top, run) = (start + QUIET_ZONE, y + QUIET_ZONE, x - start);
            for part in
                ["M", &left.to_string(), " ", &top.to_string(), "h", &run.to_string(), "v1h-", &run.to_string(), "z"]
            {
                svg.push_str(part);
            }
        }
    }
    svg.push_str(r#""/></svg>"#);
    svg
}
