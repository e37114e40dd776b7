//! The after-confirm pieces in headless Chromium: the QR decodes back to its value, the
//! countdown reaches zero once, and the copy button reports what it did.

use std::cell::Cell;
use std::rc::Rc;

use checkout_widget::components::payment::{countdown, qr_segments, qr_view, text_code};
use checkout_widget::dom::{self, El};
use checkout_widget::i18n::provide_i18n;
use gloo_timers::future::TimeoutFuture;
use leptos::task::tick;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlImageElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap().unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

fn mount(view: impl FnOnce() -> El + 'static) -> HtmlElement {
    let el = host();
    let handle = dom::mount(&el, move || {
        provide_i18n(None);
        view().into()
    });
    std::mem::forget(handle);
    el
}

/// Rasterises an SVG through an <img> and a canvas, as the browser would paint it.
async fn svg_to_grey(svg: &str, size: u32) -> (u32, Vec<u8>) {
    let image = HtmlImageElement::new().unwrap();
    let loaded = js_sys::Promise::new(&mut |ok, _| image.set_onload(Some(&ok)));
    let encoded = String::from(js_sys::encode_uri_component(svg));
    image.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
    wasm_bindgen_futures::JsFuture::from(loaded).await.unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(size);
    canvas.set_height(size);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, size as f64, size as f64);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, size as f64, size as f64).unwrap();
    let rgba = ctx.get_image_data(0.0, 0.0, size as f64, size as f64).unwrap().data().0;
    (size, rgba.chunks(4).map(|p| ((p[0] as u32 + p[1] as u32 + p[2] as u32) / 3) as u8).collect())
}

#[wasm_bindgen_test]
async fn the_qr_code_decodes_back_to_its_value() {
    let value = "http://127.0.0.1:8080/sandbox/checkout/sbx_0123456789abcdef?x=1&y=<2>";
    let el = mount(move || qr_view(value.to_owned(), 220, "QR code for PAYNOW"));
    let figure = el.query_selector("figure.acw-qr").unwrap().expect("a QR figure");
    assert_eq!(figure.get_attribute("data-size").as_deref(), Some("220"));
    assert_eq!(figure.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(figure.get_attribute("aria-label").as_deref(), Some("QR code for PAYNOW"));
    // Sized without a style attribute, which a strict CSP (style-src 'self') blocks.
    assert!(!figure.has_attribute("style"), "no inline style on the figure");
    let svg_el = figure.query_selector("svg").unwrap().expect("an inline svg");
    assert_eq!(svg_el.get_attribute("width").as_deref(), Some("220"), "drawn 220 px wide");
    assert_eq!(svg_el.get_attribute("height").as_deref(), Some("220"));
    let svg = svg_el.outer_html();
    assert!(!svg.contains("<script") && !svg.contains("style="), "only shapes, no inline style");

    let (size, grey) = svg_to_grey(&svg, 400).await;
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(size as usize, size as usize, |x, y| grey[y * size as usize + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code found in the pixels");
    let (_, content) = grids[0].decode().expect("the QR decodes");
    assert_eq!(content, value);
}

#[wasm_bindgen_test]
fn the_qr_segments_are_the_ones_qrcodegen_would_choose() {
    use qrcodegen::{QrCode, QrCodeEcc};
    let values = [
        "",
        "0123456789",
        "HTTPS://PAY.EXAMPLE/ABC $%*+-./:",
        "00020101021226370009SG.PAYNOW010120213+6591234567030115204000053037025802SG6304ABCD",
        "http://127.0.0.1:8080/sandbox/checkout/sbx_0123?x=1",
        "Bezahlen: Gr\u{fc}\u{df}e \u{1f600}",
        "ABC_lower",
    ];
    for value in values {
        let ours = QrCode::encode_segments(&qr_segments(value), QrCodeEcc::Medium).unwrap();
        let theirs = QrCode::encode_text(value, QrCodeEcc::Medium).unwrap();
        assert_eq!(ours.version(), theirs.version(), "same version for {value:?}");
        assert_eq!(ours.size(), theirs.size());
        for y in 0..ours.size() {
            for x in 0..ours.size() {
                assert_eq!(ours.get_module(x, y), theirs.get_module(x, y), "module ({x}, {y}) of {value:?}");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_countdown_reaches_zero_and_fires_once() {
    let fired = Rc::new(Cell::new(0));
    let counter = fired.clone();
    let expires = js_sys::Date::now() as i64 + 2_500;
    let el = mount(move || countdown(expires, Box::new(move || counter.set(counter.get() + 1))));
    tick().await;
    let clock = el.query_selector(".acw-countdown-time").unwrap().unwrap();
    assert_eq!(clock.text_content().as_deref(), Some("0:03"), "seconds round up");
    let countdown = el.query_selector(".acw-countdown").unwrap().unwrap();
    assert_eq!(countdown.get_attribute("data-expired").as_deref(), Some("false"));
    let live = el.query_selector("[aria-live=polite]").unwrap().expect("a polite live region");
    assert!(live.text_content().unwrap().contains("0:03"), "announced once at the start");

    TimeoutFuture::new(3_200).await;
    tick().await;
    assert_eq!(clock.text_content().as_deref(), Some("0:00"));
    assert_eq!(countdown.get_attribute("data-expired").as_deref(), Some("true"));
    assert_eq!(fired.get(), 1);
    TimeoutFuture::new(1_200).await;
    assert_eq!(fired.get(), 1, "expiry fires once");
}

#[wasm_bindgen_test]
async fn the_copy_button_copies_and_says_so() {
    let el = mount(|| text_code("1392967346007973".to_owned()));
    let code = el.query_selector(".acw-code-value").unwrap().unwrap();
    assert_eq!(code.text_content().as_deref(), Some("1392967346007973"));
    let status = el.query_selector(".acw-copy-status").unwrap().unwrap();
    assert_eq!(status.text_content().as_deref(), Some(""));
    el.query_selector("button.acw-copy").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    for _ in 0..20 {
        TimeoutFuture::new(50).await;
        if !status.text_content().unwrap_or_default().is_empty() {
            break;
        }
    }
    // A script's click carries no user activation, so the browser may refuse the clipboard; the
    // end-to-end test covers a real click. Either way the user must be told, and on refusal the
    // code is left selected for a manual copy.
    let said = status.text_content().unwrap_or_default();
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"), "announced politely");
    match said.as_str() {
        "Copied" => {}
        "Could not copy: select the code and copy it" => {
            let selected = web_sys::window().unwrap().get_selection().unwrap().unwrap().to_string();
            assert_eq!(String::from(selected), "1392967346007973", "the code is selected instead");
        }
        other => panic!("unexpected copy status {other:?}"),
    }
}
