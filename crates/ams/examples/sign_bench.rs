//! Signing throughput of the chosen RSA implementation, through the public API
//! (so Base64 and URL-encoding are included). Figures, not a pass/fail test.
//!
//! cargo run --release -p ams --features signing --example sign_bench [-- SECONDS]
//!
//! The workspace release profile is `opt-level = "z"` (for the widget), which also builds
//! aws-lc's C with -Os and halves signing: see README.md for the override.

use std::time::{Duration, Instant};

use ams::signing::{sign, verify, PrivateKey};

fn main() {
    let seconds: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let window = Duration::from_secs_f64(seconds);

    let start = Instant::now();
    let keys: Vec<PrivateKey> = (0..5).map(|_| PrivateKey::generate_2048()).collect();
    println!("keygen  RSA-2048   {:>8.1} ms each", start.elapsed().as_secs_f64() * 1e3 / 5.0);

    let key = &keys[0];
    let public = key.public_key();
    // A pay request body of a typical size (~600 bytes).
    let body = format!("{{\"productCode\":\"CASHIER_PAYMENT\",\"pad\":\"{}\"}}", "x".repeat(560));
    let (method, path, client, time) =
        ("POST", "/ams/api/v1/payments/pay", "SANDBOX_5Y00000000000000", "1685599933871");

    let sig = sign(key, method, path, client, time, &body);
    let signs = per_second(window, || {
        std::hint::black_box(sign(key, method, path, client, time, &body));
    });
    let verifies = per_second(window, || {
        verify(&public, method, path, client, time, &body, &sig).expect("own signature verifies");
    });
    println!("sign    RSA-2048   {signs:>8.0} /s (one thread)");
    println!("verify  RSA-2048   {verifies:>8.0} /s (one thread)");
}

/// Runs `f` repeatedly for `window` after a short warm-up; returns calls per second.
fn per_second(window: Duration, mut f: impl FnMut()) -> f64 {
    for _ in 0..20 {
        f();
    }
    let (start, mut n) = (Instant::now(), 0u64);
    while start.elapsed() < window {
        f();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}
