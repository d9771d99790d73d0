//! The cache of fetched keys (SNS certificates, JWKS): what a binding is
//! asked to fetch, and when again. The documents are the shared vectors'.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use hookproof::{Trust, Webhook, presets};
use serde_json::Value;

mod common;

fn case(file: &str, id: u64) -> Value {
    let path = common::repo_file(&format!("tests/vectors/{file}")).unwrap();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["tcId"] == id)
        .unwrap()
        .clone()
}

fn case_named(file: &str, comment: &str) -> Value {
    let path = common::repo_file(&format!("tests/vectors/{file}")).unwrap();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["comment"].as_str().unwrap().starts_with(comment))
        .unwrap()
        .clone()
}

fn pubsub() -> (Webhook, Value) {
    let c = case("google-pubsub.json", 1);
    let wh = Webhook::fetching(
        presets::get("google-pubsub").unwrap(),
        Trust {
            audiences: vec!["https://example.com".into()],
            ..Trust::default()
        },
    )
    .unwrap();
    (wh, c)
}

#[test]
fn a_jwks_is_fetched_once_then_again_when_stale_or_for_an_unknown_kid() {
    let (wh, c) = pubsub();
    let headers = common::headers_of(&c);
    let body = c["body"].as_str().unwrap().as_bytes();
    let now = c["now"].as_i64().unwrap();
    let url = "https://www.googleapis.com/oauth2/v3/certs";
    assert_eq!(
        wh.key_url(body, &headers, now).unwrap().as_deref(),
        Some(url)
    );
    assert_eq!(
        wh.verify_at(body, &headers, now).unwrap_err().code(),
        "key_unavailable"
    );
    let doc = c["keys"][0]["document"].as_str().unwrap();
    wh.add_keys(url, doc.as_bytes(), Some("max-age=600"), now)
        .unwrap();
    assert_eq!(wh.key_url(body, &headers, now + 599).unwrap(), None);
    // A clone shares what was fetched.
    assert!(wh.clone().verify_at(body, &headers, now).is_ok());
    assert_eq!(
        wh.key_url(body, &headers, now + 600).unwrap().as_deref(),
        Some(url)
    );

    // A JWKS without the token's kid: asked again only a minute after the
    // last fetch, so forged key ids cannot make a stream of requests.
    let other = case_named("google-pubsub.json", "a kid the JWKS does not hold");
    let doc = other["keys"][0]["document"].as_str().unwrap();
    wh.add_keys(url, doc.as_bytes(), None, now).unwrap();
    assert_eq!(wh.key_url(body, &headers, now + 59).unwrap(), None);
    assert_eq!(
        wh.verify_at(body, &headers, now + 59).unwrap_err().code(),
        "signature_mismatch"
    );
    assert_eq!(
        wh.key_url(body, &headers, now + 60).unwrap().as_deref(),
        Some(url)
    );
}

#[test]
fn a_document_that_is_no_key_is_refused_and_not_kept() {
    let (wh, c) = pubsub();
    let url = "https://www.googleapis.com/oauth2/v3/certs";
    for bad in [
        &b"<html>503</html>"[..],
        b"{\"keys\":[]}",
        b"{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}",
    ] {
        assert_eq!(
            wh.add_keys(url, bad, None, 0).unwrap_err().code(),
            "key_unavailable"
        );
    }
    let big = vec![b' '; hookproof::MAX_KEY_DOCUMENT + 1];
    assert_eq!(
        wh.add_keys(url, &big, None, 0).unwrap_err().code(),
        "key_unavailable"
    );
    let doc = c["keys"][0]["document"].as_str().unwrap();
    let elsewhere = wh.add_keys("https://attacker.example/certs", doc.as_bytes(), None, 0);
    assert_eq!(elsewhere.unwrap_err().code(), "key_unavailable");
}

#[test]
fn an_sns_certificate_url_is_refused_before_any_fetch() {
    let c = case("aws-sns.json", 1);
    let topic = c["trust"]["topics"][0].as_str().unwrap().to_owned();
    let trust = Trust {
        topics: vec![topic],
        ..Trust::default()
    };
    let wh = Webhook::fetching(presets::get("aws-sns").unwrap(), trust).unwrap();
    let body = c["body"].as_str().unwrap();
    let headers = common::headers_of(&c);
    let url = "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    assert_eq!(
        wh.key_url(body.as_bytes(), &headers, 0).unwrap().as_deref(),
        Some(url)
    );
    let forged = body.replace(
        url,
        "https://attacker.example/SimpleNotificationService.pem",
    );
    assert_eq!(
        wh.key_url(forged.as_bytes(), &headers, 0)
            .unwrap_err()
            .code(),
        "malformed_header"
    );
    let cert = c["keys"][0]["document"].as_str().unwrap();
    let refused = wh.add_keys("https://attacker.example/a.pem", cert.as_bytes(), None, 0);
    assert_eq!(refused.unwrap_err().code(), "malformed_header");
}

#[test]
fn fetched_key_schemes_are_built_with_their_trust() {
    let pubsub = || presets::get("google-pubsub").unwrap();
    assert_eq!(
        Webhook::new(pubsub(), &["secret"]).unwrap_err().code(),
        "invalid_argument"
    );
    assert_eq!(
        Webhook::fetching(pubsub(), Trust::default())
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
    let sns_with_audience = Trust {
        audiences: vec!["x".into()],
        ..Trust::default()
    };
    let sns = presets::get("aws-sns").unwrap();
    assert_eq!(
        Webhook::fetching(sns, sns_with_audience)
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
    let stripe = presets::get("stripe").unwrap();
    assert_eq!(
        Webhook::fetching(stripe, Trust::default())
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
    let sns = || presets::get("aws-sns").unwrap();
    assert_eq!(
        Webhook::fetching(sns(), Trust::default())
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
    let topics = Trust {
        topics: vec!["arn:aws:sns:eu-west-1:123456789012:orders".into()],
        ..Trust::default()
    };
    let wh = Webhook::fetching(sns(), topics).unwrap();
    assert_eq!(
        wh.sign(b"{}", None, None).unwrap_err().code(),
        "invalid_argument"
    );
}
