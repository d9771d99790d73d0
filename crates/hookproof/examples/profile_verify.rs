//! A fixed workload for `valgrind --tool=callgrind`, which counts
//! instructions and so gives the same answer on a busy machine:
//!
//! ```sh
//! cargo build --release --example profile_verify -p hookproof
//! valgrind --tool=callgrind target/release/examples/profile_verify 1024 100000 [preset]
//! ```
//!
//! Verifies one signed delivery of `size` bytes `calls` times (cloro unless
//! a preset is named).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "profiling harness")]

use std::hint::black_box;

use hookproof::Webhook;

const NOW: i64 = 1_748_419_200;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (size, calls) = (number(0, 1024), number(1, 100_000));
    let preset = args.get(2).map_or("cloro", String::as_str);
    let wh = Webhook::preset(preset, &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]).unwrap();
    let body = vec![b'x'; size];
    let headers = wh.sign(&body, Some(NOW), Some("task-1")).unwrap();
    for _ in 0..calls {
        let v = wh.verify_at(black_box(&body), black_box(&headers), NOW);
        black_box(v.is_ok());
    }
}
