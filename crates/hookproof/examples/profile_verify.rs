//! A fixed workload for `valgrind --tool=callgrind`, which counts
//! instructions and so gives the same answer on a busy machine:
//!
//! ```sh
//! cargo build --release --example profile_verify -p hookproof
//! valgrind --tool=callgrind target/release/examples/profile_verify 1024 100000
//! ```
//!
//! Verifies one signed cloro delivery of `size` bytes `calls` times.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "profiling harness")]

use std::hint::black_box;

use hookproof::Webhook;

const NOW: i64 = 1_748_419_200;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let size = args.next().flatten().unwrap_or(1024);
    let calls = args.next().flatten().unwrap_or(100_000);
    let wh = Webhook::preset("cloro", &["whsec_benchmark_secret_0123456789abcdef"]).unwrap();
    let body = vec![b'x'; size];
    let headers = wh.sign(&body, Some(NOW), Some("task-1")).unwrap();
    for _ in 0..calls {
        let v = wh.verify_at(black_box(&body), black_box(&headers), NOW);
        black_box(v.is_ok());
    }
}
