//! The widget's DOM layer (`dom`, `state`, `scope`) in headless Chromium: regions inside regions
//! stay whole, what a region built stops when it is replaced, bindings keep their widget's
//! scope when they run later, and unmounting removes everything.

use std::cell::Cell;
use std::rc::Rc;

use checkout_widget::dom::{self, el, switch, Nodes};
use checkout_widget::scope;
use checkout_widget::state::Shared;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap().unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

/// The host's elements as text, comments (the region markers) left out.
fn shown(host: &HtmlElement) -> String {
    host.inner_html().replace("<!---->", "")
}

#[wasm_bindgen_test]
async fn a_region_inside_a_region_is_replaced_whole() {
    let host = host();
    let (outer, inner) = (Shared::new(1), Shared::new('a'));
    let mounted = dom::mount(&host, move || {
        let inside = move |n: u32| {
            Nodes::from(el("b", "").child(n.to_string()))
                .and(switch(move || inner.get(), |c: char| el("i", "").child(c.to_string()).into()))
        };
        el("p", "").child(switch(move || outer.get(), inside)).into()
    });
    assert_eq!(shown(&host), "<p><b>1</b><i>a</i></p>");
    inner.set('b');
    tick().await;
    assert_eq!(shown(&host), "<p><b>1</b><i>b</i></p>", "the inner region alone changed");
    outer.set(2);
    tick().await;
    assert_eq!(shown(&host), "<p><b>2</b><i>b</i></p>", "no node of the old inner region is left");
    inner.set('c');
    tick().await;
    assert_eq!(shown(&host), "<p><b>2</b><i>c</i></p>", "the new inner region follows its signal");
    drop(mounted);
    assert_eq!(host.inner_html(), "", "unmounting removes every node, markers too");
}

#[wasm_bindgen_test]
async fn what_a_region_built_stops_when_it_is_replaced_and_an_equal_key_keeps_it() {
    let host = host();
    let (page, text) = (Shared::new(0), Shared::new(String::from("x")));
    let runs = Rc::new(Cell::new(0));
    let counted = runs.clone();
    let _mounted = dom::mount(&host, move || {
        let build = move |n: u32| {
            let counted = counted.clone();
            el("span", "")
                .dyn_text(move || {
                    counted.set(counted.get() + 1);
                    format!("{n}{}", text.get())
                })
                .into()
        };
        el("div", "").child(switch(move || page.get() / 10, build)).into()
    });
    assert_eq!((shown(&host).as_str(), runs.get()), ("<div><span>0x</span></div>", 1));
    page.set(5); // the same key (0): nothing is built again
    tick().await;
    text.set("y".into());
    tick().await;
    assert_eq!((shown(&host).as_str(), runs.get()), ("<div><span>0y</span></div>", 2));
    page.set(10);
    tick().await;
    assert_eq!((shown(&host).as_str(), runs.get()), ("<div><span>1y</span></div>", 3));
    text.set("z".into());
    tick().await;
    assert_eq!(runs.get(), 4, "only the new text binding runs: the replaced one has stopped");
    assert_eq!(shown(&host), "<div><span>1z</span></div>");
}

#[wasm_bindgen_test]
async fn a_binding_run_later_finds_its_own_widgets_scope() {
    let (first, second) = (host(), host());
    let word = Shared::new(0);
    let widget = |name: &'static str| {
        move || {
            scope::provide(name);
            el("p", "")
                .dyn_text(move || format!("{}{}", scope::find::<&'static str>().unwrap_or("none"), word.get()))
                .into()
        }
    };
    let _a = dom::mount(&first, widget("first"));
    let _b = dom::mount(&second, widget("second"));
    assert_eq!(scope::find::<&'static str>(), None, "mounting leaves the caller's scope as it was");
    word.set(1);
    tick().await;
    assert_eq!(first.text_content().as_deref(), Some("first1"));
    assert_eq!(second.text_content().as_deref(), Some("second1"));
}

/// Mounting and unmounting a view again and again reuses the memory it freed: the allocator
/// (talc, `src/lib.rs`) and the DOM layer give back what a widget took, so a page that mounts
/// the widget many times (a single-page shop) does not grow.
#[wasm_bindgen_test]
async fn mounting_again_and_again_does_not_grow_memory() {
    let host = host();
    let cycle = |round: usize| {
        let mounted = dom::mount(&host, move || {
            let count = Shared::new(round);
            let rows: Vec<Nodes> = (0..200)
                .map(|i| {
                    // Texts of many sizes, so freed blocks of many sizes are reused.
                    let label = "x".repeat((i * 7 + round) % 97);
                    el("li", "row")
                        .attr("data-label", &label)
                        .dyn_text(move || format!("{} {}", count.get(), i))
                        .child(switch(
                            move || count.get().is_multiple_of(2),
                            |even: bool| el("i", "").child(even.to_string()).into(),
                        ))
                        .into()
                })
                .collect();
            let mut list = el("ul", "");
            for row in rows {
                list = list.child(row);
            }
            count.set(round + 1);
            list.into()
        });
        drop(mounted);
    };
    let pages = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    for round in 0..30 {
        cycle(round);
        tick().await;
    }
    let warmed = pages();
    for round in 30..300 {
        cycle(round);
        tick().await;
    }
    assert_eq!(pages(), warmed, "memory after 300 mounts is what it was after 30");
    assert_eq!(host.child_nodes().length(), 0, "every mount was taken off the page");
}

#[wasm_bindgen_test]
fn a_value_provided_again_replaces_the_one_of_its_type_only() {
    let host = host();
    let _mounted = dom::mount(&host, || {
        scope::provide("first");
        scope::provide(7_u32);
        scope::provide("second");
        assert_eq!(scope::find::<&'static str>(), Some("second"), "the newer value of the type");
        assert_eq!(scope::find::<u32>(), Some(7), "another type's value stays");
        assert_eq!(scope::current().len(), 2, "one value per type");
        Nodes::none()
    });
}

/// Counts its drops, to see that a state cell lets go of every value exactly once.
struct Counted(Rc<Cell<u32>>, u32);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[wasm_bindgen_test]
fn a_state_cell_drops_each_value_once_and_ignores_writes_after_its_owner_went() {
    let host = host();
    let drops = Rc::new(Cell::new(0));
    let kept = Rc::new(Cell::new(None));
    let mounted = {
        let (drops, kept) = (drops.clone(), kept.clone());
        dom::mount(&host, move || {
            let cell = Shared::new(Counted(drops.clone(), 1));
            cell.set(Counted(drops.clone(), 2));
            assert_eq!(drops.get(), 1, "the first value went when it was replaced");
            cell.update(|c| c.1 += 40);
            assert_eq!(cell.with_untracked(|c| c.1), 42, "changed in place");
            kept.set(Some(cell));
            Nodes::none()
        })
    };
    let cell = kept.take().unwrap();
    drop(mounted);
    assert_eq!(drops.get(), 2, "the last value went with its owner");
    assert!(!cell.is_alive());
    cell.set(Counted(drops.clone(), 3));
    assert_eq!(drops.get(), 3, "a late write is dropped, not stored");
    cell.update(|_| panic!("no value to change"));
}
