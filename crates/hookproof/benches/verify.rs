//! `cargo bench -p hookproof` (or `make bench-rust`): a whole cloro verify
//! against a bare HMAC-SHA256 over the same bytes, for 0 B to 1 MiB bodies.
//! The difference is hookproof's own work: header parsing, hex decoding,
//! the timestamp window, the constant-time compare.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark code"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use hookproof::Webhook;
use sha2::{Digest, Sha256};
use std::hint::black_box;

const SECRET: &str = "whsec_benchmark_secret_0123456789abcdef";
const NOW: i64 = 1_748_419_200;

fn verify(c: &mut Criterion) {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    let mut group = c.benchmark_group("cloro");
    for size in [0usize, 256, 1024, 16 << 10, 1 << 20] {
        let body = vec![b'x'; size];
        let headers = wh.sign(&body, Some(NOW), Some("task-1")).unwrap();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(
            BenchmarkId::new("hookproof verify", size),
            &body,
            |b, body| {
                b.iter(|| {
                    wh.verify_at(black_box(body), black_box(&headers), NOW)
                        .unwrap()
                });
            },
        );
        let key = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        group.bench_with_input(
            BenchmarkId::new("bare HMAC-SHA256", size),
            &body,
            |b, body| {
                b.iter(|| {
                    let mut mac = key.clone();
                    mac.update(b"1748419200.");
                    mac.update(black_box(body));
                    mac.finalize().into_bytes()
                });
            },
        );
        group.bench_with_input(BenchmarkId::new("bare SHA-256", size), &body, |b, body| {
            b.iter(|| Sha256::digest(black_box(body)));
        });
    }
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);
