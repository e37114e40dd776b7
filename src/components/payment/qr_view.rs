use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::QrCode;

/// A QR code drawn in the browser as SVG. The SVG is the one raw markup the widget inserts,
/// and it is ours: only rectangles, no text from the backend. It is sized by its own `width`
/// and `height` attributes (CSS lets it shrink on a narrow screen), never by a `style`
/// attribute, which a strict Content-Security-Policy (`style-src 'self'`) would block.
#[component]
pub fn QrView(value: String, size_px: u32, #[prop(into)] label: String) -> impl IntoView {
    let markup = QrCode::new(value.as_bytes()).ok().map(|code| svg_markup(&code, size_px));
    match markup {
        Some(markup) => view! {
            <figure class="acw-qr" data-value=value data-size=size_px.to_string() role="img" aria-label=label
                inner_html=markup></figure>
        }
        .into_any(),
        // Too long to encode: the value itself is still useful to the user.
        None => view! { <p class="acw-qr-fallback"><code>{value}</code></p> }.into_any(),
    }
}

/// The code drawn one unit per module (the `viewBox`), shown `size_px` wide and high.
fn svg_markup(code: &QrCode, size_px: u32) -> String {
    let full = code.render::<svg::Color>().module_dimensions(1, 1).quiet_zone(true).build();
    // Drop the XML prologue (inside HTML it would be a bogus comment). The renderer writes
    // ` width="N" height="N" viewBox=…`: the size in modules, replaced by the size to show.
    let svg = full.find("<svg").map_or(full.as_str(), |at| &full[at..]);
    match (svg.find(" width=\""), svg.find(" viewBox=")) {
        (Some(from), Some(to)) if from < to => {
            format!("{} width=\"{size_px}\" height=\"{size_px}\"{}", &svg[..from], &svg[to..])
        }
        _ => svg.to_owned(),
    }
}
