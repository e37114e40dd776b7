//! Writes the built-in English texts as a catalogue file, keys in declaration order:
//! `cargo run -p checkout-core --example export_en_catalogue > www/i18n/en.json`.
//! The `catalogues` test fails when the file and the built-in English drift apart.

use checkout_core::messages::{english, Msg};

fn main() {
    let lines: Vec<String> = Msg::ALL
        .iter()
        .map(|&msg| {
            let key = serde_json::to_string(msg.key()).expect("a key is a string");
            let value = serde_json::to_string(english(msg)).expect("a text is a string");
            format!("  {key}: {value}")
        })
        .collect();
    println!("{{\n{}\n}}", lines.join(",\n"));
}
