//! Code the top-level README quotes (python/tests/test_docs.py checks the
//! region is identical); the test runs it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

fn handle(key: Option<&str>, body: &[u8]) -> &'static str {
    assert!(key.is_some() && !body.is_empty());
    "handled"
}

fn reject(status: u16, code: &str) -> &'static str {
    panic!("rejected {status} {code}")
}

#[test]
fn readme_rust_quick_start() -> Result<(), Box<dyn std::error::Error>> {
    let secret = "whsec_docs_rust_secret_value_3";
    let raw_body = b"{\"task\":{\"id\":\"t1\"}}".to_vec();
    let headers =
        hookproof::Webhook::preset("cloro", &[secret])?.sign(&raw_body, None, Some("t1-1"))?;
    // START rust-api
    use hookproof::Webhook;

    let wh = Webhook::preset("cloro", &[secret])?; // validated once, here
    let outcome = match wh.verify(&raw_body, &headers) {
        // headers: (name, value) pairs or a map, any case
        // The dedup key (signed: cloro's task.id) is read when asked; an id
        // header that disagrees with the signed body refuses the delivery too.
        Ok(delivery) => match delivery.dedup_key() {
            Ok(key) => handle(key, &raw_body),
            Err(e) => reject(400, e.code()),
        },
        Err(e) => reject(400, e.code()), // missing_header, malformed_header, ...
    };
    // END rust-api
    assert_eq!(outcome, "handled");
    Ok(())
}
