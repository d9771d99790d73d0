//! `make timing`: a dudect-style leakage test of signature comparison.
//!
//! Two classes of forged deliveries are verified in random interleaving: the
//! signature wrong in its first byte, and wrong in its last byte. A
//! comparison that stops at the first difference runs measurably longer for
//! the second class. Welch's t over the two timing samples (after cropping
//! the slowest 5 %, as dudect does against interrupts) must stay under 4.5,
//! dudect's threshold for "no evidence of a leak". A benchmark-style script,
//! not a unit test: timing on a shared machine is noisy.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "benchmark code"
)]

use std::hint::black_box;
use std::time::Instant;

use hookproof::Webhook;

const NOW: i64 = 1_748_419_200;

fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let var =
        |x: &[f64], m: f64| x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() as f64 - 1.0);
    let (ma, mb) = (mean(a), mean(b));
    (ma - mb) / (var(a, ma) / a.len() as f64 + var(b, mb) / b.len() as f64).sqrt()
}

fn crop(mut x: Vec<f64>) -> Vec<f64> {
    x.sort_by(f64::total_cmp);
    x.truncate(x.len() * 95 / 100);
    x
}

fn main() {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(400_000);
    let wh = Webhook::preset("cloro", &["whsec_timing_test_secret_value"]).unwrap();
    let body = b"{\"task\":{\"id\":\"t1\"}}";
    let good = wh.sign(body, Some(NOW), Some("t-1")).unwrap();
    let sig = good
        .iter()
        .find(|(k, _)| k == "X-Cloro-Signature")
        .unwrap()
        .1
        .clone();
    let flip = |at: usize| {
        let mut s = sig.clone().into_bytes();
        s[at] = if s[at] == b'0' { b'1' } else { b'0' };
        let mut headers = good.clone();
        headers
            .iter_mut()
            .find(|(k, _)| k == "X-Cloro-Signature")
            .unwrap()
            .1 = String::from_utf8(s).unwrap();
        headers
    };
    let classes = [flip(3), flip(sig.len() - 1)]; // first hex digit after "v1=", last digit
    let (mut first, mut last) = (
        Vec::with_capacity(samples / 2),
        Vec::with_capacity(samples / 2),
    );
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..samples {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let class = usize::from(state & 1 == 1);
        let start = Instant::now();
        let rejected = wh
            .verify_at(black_box(body), black_box(&classes[class]), NOW)
            .is_err();
        let ns = start.elapsed().as_nanos() as f64;
        assert!(rejected);
        if class == 0 {
            first.push(ns)
        } else {
            last.push(ns)
        }
    }
    let (first, last) = (crop(first), crop(last));
    let t = welch_t(&first, &last);
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    println!(
        "signature wrong in the first byte: {:.1} ns mean ({} samples); in the last byte: {:.1} ns ({} samples)",
        mean(&first),
        first.len(),
        mean(&last),
        last.len()
    );
    println!("Welch's t = {t:.2} (|t| < 4.5: no evidence that the comparison leaks the position)");
    if t.abs() >= 4.5 {
        eprintln!(
            "timing: possible leak, |t| = {:.2} >= 4.5 (re-run on a quiet machine before concluding)",
            t.abs()
        );
        std::process::exit(1);
    }
}
