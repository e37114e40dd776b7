use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::QrCode;

/// A QR code drawn in the browser as SVG. The SVG is the one raw markup the widget inserts,
/// and it is ours: only rectangles, no text from the backend.
#[component]
pub fn QrView(value: String, size_px: u32, #[prop(into)] label: String) -> impl IntoView {
    let markup = QrCode::new(value.as_bytes()).ok().map(|code| {
        let full = code.render::<svg::Color>().min_dimensions(size_px, size_px).quiet_zone(true).build();
        // Drop the XML prologue: inside HTML it would be a bogus comment.
        full.find("<svg").map(|at| full[at..].to_owned()).unwrap_or(full)
    });
    match markup {
        Some(markup) => view! {
            <figure class="acw-qr" data-value=value data-size=size_px.to_string() role="img" aria-label=label
                style=format!("max-width:{size_px}px") inner_html=markup></figure>
        }
        .into_any(),
        // Too long to encode: the value itself is still useful to the user.
        None => view! { <p class="acw-qr-fallback"><code>{value}</code></p> }.into_any(),
    }
}
