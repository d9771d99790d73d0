//! `make timing`: a dudect-style leakage test of signature comparison.
//!
//! Two classes of forged deliveries are verified in random interleaving: the
//! signature wrong in its first byte, and wrong in its last byte. A
//! comparison that stops at the first difference runs measurably longer for
//! the second class. Welch's t over the two timing samples (after cropping
//! the slowest 5 %, as dudect does against interrupts) must stay under 4.5,
//! dudect's threshold for "no evidence of a leak".
//!
//! Both classes use the same header buffer: before each sample the two
//! positions are written in place, so the classes differ only in where the
//! mismatch is, not in where their bytes live (two separate header vectors
//! gave |t| up to 91 from their layout alone). A control run, whose two
//! classes are the same delivery, must come out under 4.5 too: when it does
//! not, the machine is too noisy for the test run to mean anything. Each is
//! run several times and every t is printed. A benchmark-style script, not a
//! unit test: timing on a shared machine is noisy.
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
/// dudect's threshold: below it, no evidence of a difference.
const THRESHOLD: f64 = 4.5;
const ROUNDS: usize = 5;

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

/// One run: `samples` verifies of forged deliveries, each of class 0 or 1
/// at random. `positions[class]` is the signature byte that is wrong in
/// that class (the same byte for both classes in the control run).
fn run(
    wh: &Webhook,
    body: &[u8],
    good: &[(String, String)],
    positions: [usize; 2],
    samples: usize,
) -> f64 {
    let mut headers = good.to_vec();
    let at = headers
        .iter()
        .position(|(k, _)| k == "X-Cloro-Signature")
        .unwrap();
    let genuine = headers[at].1.clone().into_bytes();
    let wrong = |b: u8| if b == b'0' { b'1' } else { b'0' };
    let (mut zero, mut one) = (
        Vec::with_capacity(samples / 2),
        Vec::with_capacity(samples / 2),
    );
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..samples {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let class = usize::from(state & 1 == 1);
        // Rewrite the one buffer in place: the String's allocation is reused.
        let mut sig = std::mem::take(&mut headers[at].1).into_bytes();
        for p in positions {
            sig[p] = genuine[p];
        }
        sig[positions[class]] = wrong(genuine[positions[class]]);
        headers[at].1 = String::from_utf8(sig).unwrap();
        let start = Instant::now();
        let rejected = wh
            .verify_at(black_box(body), black_box(&headers), NOW)
            .is_err();
        let ns = start.elapsed().as_nanos() as f64;
        assert!(rejected);
        if class == 0 {
            zero.push(ns)
        } else {
            one.push(ns)
        }
    }
    welch_t(&crop(zero), &crop(one))
}

fn verdict(t: f64) -> &'static str {
    if t.abs() < THRESHOLD {
        "no evidence of a difference"
    } else {
        "a difference"
    }
}

fn main() {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(400_000);
    let wh = Webhook::preset("cloro", &["whsec_timing_test_secret_value"]).unwrap();
    let body = br#"{"task":{"id":"t1"}}"#;
    let good = wh.sign(body, Some(NOW), Some("t1-1")).unwrap();
    let sig_len = good
        .iter()
        .find(|(k, _)| k == "X-Cloro-Signature")
        .unwrap()
        .1
        .len();
    // The first hex digit after "v1=", and the last one.
    let (first, last) = (3, sig_len - 1);
    let mut tests = Vec::new();
    let mut controls = Vec::new();
    for round in 1..=ROUNDS {
        let control = run(&wh, body, &good, [first, first], samples);
        let test = run(&wh, body, &good, [first, last], samples);
        println!(
            "run {round}: control (both classes wrong in the first byte) t = {control:+.2}: {}; \
             test (first byte against last byte) t = {test:+.2}: {}",
            verdict(control),
            verdict(test)
        );
        controls.push(control);
        tests.push(test);
    }
    let median = |x: &mut Vec<f64>| {
        x.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
        x[x.len() / 2]
    };
    let (control, test) = (median(&mut controls), median(&mut tests));
    println!(
        "median |t| over {ROUNDS} runs of {samples} samples: control {:.2}, test {:.2} (threshold {THRESHOLD})",
        control.abs(),
        test.abs()
    );
    if control.abs() >= THRESHOLD {
        println!(
            "verdict: inconclusive: the control run differs too, so this machine is too noisy to tell"
        );
        std::process::exit(2);
    }
    if test.abs() >= THRESHOLD {
        println!("verdict: the time depends on where the signature is wrong: a possible leak");
        std::process::exit(1);
    }
    println!("verdict: no evidence that the comparison leaks where the signature is wrong");
}
