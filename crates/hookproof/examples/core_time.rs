//! The Rust core's own time for one verify, in nanoseconds, for the Python
//! and Node benchmarks' per-call overhead line. They run this between their
//! own timing loops, one round at a time, and take the median of the paired
//! differences: this machine's speed drifts by up to 2× within minutes,
//! which made comparing with a criterion run from another time a matter of
//! scaling by guesswork.
//!
//! ```sh
//! cargo run --release --example core_time -p hookproof -- [size] [preset] [rounds]
//! ```
//!
//! Signs one delivery of `size` bytes (0 unless given; cloro unless a preset
//! is named) and prints the median time of `Webhook::verify` over `rounds`
//! (11 unless given) loops calibrated to ~40 ms. It reads the clock as the
//! bindings do, and the headers from the `(name, value)` pairs `sign`
//! returns, looked up by name as in criterion's benchmark.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark harness")]

use std::hint::black_box;
use std::time::{Duration, Instant};

use hookproof::Webhook;

const ROUND: Duration = Duration::from_millis(40);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
    let preset = args.get(1).map_or("cloro", String::as_str);
    let rounds = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(11usize)
        .max(1);
    let wh = Webhook::preset(preset, &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]).unwrap();
    let body = vec![b'x'; size];
    let headers = wh
        .sign(&body, Some(hookproof::unix_now()), Some("task-1"))
        .unwrap();
    assert!(
        wh.verify(&body, &headers).is_ok(),
        "the delivery must verify: a refusal takes another path"
    );
    let run = |calls: u32| {
        let start = Instant::now();
        for _ in 0..calls {
            black_box(wh.verify(black_box(&body), black_box(&headers)).is_ok());
        }
        start.elapsed()
    };
    let mut calls = 1u32;
    let mut took = run(calls);
    while took < ROUND / 4 {
        calls = calls.saturating_mul(2);
        took = run(calls);
    }
    // Scaled up to a whole round from a loop of at least a quarter of one.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive count of calls, far below u32::MAX"
    )]
    let calls = (f64::from(calls) * ROUND.as_secs_f64() / took.as_secs_f64()).ceil() as u32;
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| run(calls).as_secs_f64() * 1e9 / f64::from(calls))
        .collect();
    times.sort_by(f64::total_cmp);
    println!("{:.0}", times.get(rounds / 2).copied().unwrap_or(f64::NAN));
}
