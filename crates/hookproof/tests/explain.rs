//! `explain` names the mistake behind a failed delivery. Deliveries here are
//! signed by hookproof and then broken the way apps and proxies break them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use hookproof::{Request, Webhook, explain, presets};

const NOW: i64 = 1_748_419_200;

fn mistakes(
    scheme: &str,
    secret: &str,
    body: &[u8],
    headers: &[(String, String)],
    now: i64,
) -> Vec<&'static str> {
    let e = explain(
        &presets::get(scheme).unwrap(),
        &[secret.as_bytes()],
        body,
        headers,
        now,
        Request::default(),
    );
    assert!(e.error.is_some(), "the delivery should fail first");
    let text = format!("{e:?}");
    assert!(
        !text.contains(secret),
        "an explanation never quotes the secret"
    );
    e.findings.iter().map(|f| f.mistake).collect()
}

#[test]
fn reserialized_json_is_named() {
    let secret = "whsec_explain_test_secret_001";
    let body = br#"{"b":1,"a":[1,2]}"#;
    let headers = Webhook::preset("cloro", &[secret])
        .unwrap()
        .sign(body, Some(NOW), Some("t-1"))
        .unwrap();
    // Python's json.dumps default spacing, and JSON.stringify's pretty form.
    assert!(
        mistakes("cloro", secret, br#"{"b": 1, "a": [1, 2]}"#, &headers, NOW)
            .contains(&"body_reserialized")
    );
    assert!(
        mistakes(
            "cloro",
            secret,
            b"{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2\n  ]\n}",
            &headers,
            NOW
        )
        .contains(&"body_reserialized")
    );
}

#[test]
fn trailing_newline_is_named() {
    let secret = "fileloom_explain_secret";
    let headers = Webhook::preset("fileloom", &[secret])
        .unwrap()
        .sign(b"{}", Some(NOW), None)
        .unwrap();
    // Re-serializing would also drop the newline; the newline comes first.
    assert_eq!(
        mistakes("fileloom", secret, b"{}\n", &headers, NOW).first(),
        Some(&"body_trailing_newline")
    );
}

#[test]
fn whsec_secret_forms_are_named() {
    // Signed the Standard Webhooks way (base64 after whsec_) but verified
    // with the cloro preset, which uses the string as it is.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mut scheme = presets::get("cloro").unwrap().to_json();
    scheme = scheme
        .replace("\"utf8\"", "\"whsec-base64\"")
        .replace("\"cloro\"", "\"cloro-b64\"");
    let sender = Webhook::new(hookproof::Scheme::from_json(&scheme).unwrap(), &[secret]).unwrap();
    let headers = sender.sign(b"{}", Some(NOW), Some("t-1")).unwrap();
    assert!(mistakes("cloro", secret, b"{}", &headers, NOW).contains(&"secret_form"));
}

#[test]
fn other_schemes_and_clocks_are_named() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let headers = Webhook::preset("svix", &[secret])
        .unwrap()
        .sign(b"{}", Some(NOW), None)
        .unwrap();
    assert!(mistakes("standard", secret, b"{}", &headers, NOW).contains(&"scheme"));
    let headers = Webhook::preset("standard", &[secret])
        .unwrap()
        .sign(b"{}", Some(NOW), None)
        .unwrap();
    assert_eq!(
        mistakes("standard", secret, b"{}", &headers, NOW + 3600),
        ["clock"]
    );
}

#[test]
fn a_wrong_secret_has_no_finding() {
    let headers = Webhook::preset("cloro", &["whsec_the_senders_secret_1"])
        .unwrap()
        .sign(b"{}", Some(NOW), None)
        .unwrap();
    assert!(mistakes("cloro", "whsec_another_environment_2", b"{}", &headers, NOW).is_empty());
}

#[test]
fn a_genuine_delivery_needs_no_explanation() {
    let wh = Webhook::preset("cloro", &["whsec_the_senders_secret_1"]).unwrap();
    let headers = wh.sign(b"{}", Some(NOW), None).unwrap();
    let e = explain(
        wh.scheme(),
        &[b"whsec_the_senders_secret_1"],
        b"{}",
        &headers,
        NOW,
        Request::default(),
    );
    assert_eq!((e.error, e.findings.len()), (None, 0));
}

mod common;

/// tests/vectors/explain/mistakes.json: receivers' real mistakes, signed by
/// Python's hmac; the mistake ranked first, and every one that must be named.
#[test]
fn shared_mistake_vectors_rank_the_likeliest_first() {
    let Some(path) = common::repo_file("tests/vectors/explain/mistakes.json") else {
        return;
    };
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["tests"].as_array().unwrap();
    assert!(cases.len() >= 18);
    for case in cases {
        let label = format!("#{} {}", case["tcId"], case["comment"]);
        let headers = common::headers_of(case);
        let e = explain(
            &presets::get(case["scheme"].as_str().unwrap()).unwrap(),
            &[case["secret"].as_str().unwrap().as_bytes()],
            case["body"].as_str().unwrap().as_bytes(),
            &headers,
            case["now"].as_i64().unwrap(),
            Request {
                url: case["url"].as_str(),
                method: None,
            },
        );
        assert_eq!(e.code(), case["error"].as_str(), "{label}");
        let named: Vec<&str> = e.findings.iter().map(|f| f.mistake).collect();
        assert_eq!(
            named.first().copied(),
            case["first"].as_str(),
            "{label}: {named:?}"
        );
        let fix = &e.findings[0].fix;
        assert!(
            fix.contains(case["fix_contains"].as_str().unwrap()),
            "{label}: {fix}"
        );
        for mistake in case["mistakes"].as_array().unwrap() {
            assert!(
                named.contains(&mistake.as_str().unwrap()),
                "{label}: {named:?} lacks {mistake}"
            );
        }
        for f in &e.findings {
            assert!(
                !f.fix.contains(case["secret"].as_str().unwrap()),
                "{label}: a fix quotes the secret"
            );
        }
    }
}
