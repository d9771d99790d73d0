//! The cache of fetched keys (SNS certificates, JWKS): what a binding is
//! asked to fetch, and when again. The documents are the shared vectors'.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use hookproof::{Trust, VerifyError, Webhook, presets};
use serde_json::Value;

mod common;

const JWKS: &str = "https://www.googleapis.com/oauth2/v3/certs";

/// The case of a vector file whose comment starts with `comment`.
fn case(file: &str, comment: &str) -> Value {
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

fn trust(audiences: &[&str], topics: &[&str]) -> Trust {
    let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
    Trust {
        audiences: owned(audiences),
        topics: owned(topics),
        ..Trust::default()
    }
}

fn document(c: &Value) -> &[u8] {
    c["keys"][0]["document"].as_str().unwrap().as_bytes()
}

/// The code of a refusal.
fn code<T>(result: Result<T, impl Into<ErrorCode>>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.into().0,
    }
}

struct ErrorCode(&'static str);

impl From<VerifyError> for ErrorCode {
    fn from(e: VerifyError) -> Self {
        Self(e.code())
    }
}

impl From<hookproof::ConfigError> for ErrorCode {
    fn from(e: hookproof::ConfigError) -> Self {
        Self(e.code())
    }
}

fn pubsub() -> (Webhook, Value) {
    let c = case("google-pubsub.json", "Google's published token, a minute");
    let scheme = presets::get("google-pubsub").unwrap();
    let wh = Webhook::fetching(scheme, trust(&["https://example.com"], &[])).unwrap();
    (wh, c)
}

#[test]
fn a_jwks_is_fetched_once_then_again_when_stale_or_for_an_unknown_kid() {
    let (wh, c) = pubsub();
    let headers = common::headers_of(&c);
    let body = c["body"].as_str().unwrap().as_bytes();
    let now = c["now"].as_i64().unwrap();
    let asks = |at: i64| wh.key_url(body, &headers, at).unwrap();
    assert_eq!(asks(now).as_deref(), Some(JWKS));
    assert_eq!(code(wh.verify_at(body, &headers, now)), "key_unavailable");
    wh.add_keys(JWKS, document(&c), Some("max-age=600"), now)
        .unwrap();
    assert_eq!(asks(now + 599), None);
    // A clone shares what was fetched.
    assert!(wh.clone().verify_at(body, &headers, now).is_ok());
    assert_eq!(asks(now + 600).as_deref(), Some(JWKS));

    // A JWKS without the token's kid: asked again only a minute after the
    // last fetch, so forged key ids cannot make a stream of requests.
    let other = case("google-pubsub.json", "a kid the JWKS does not hold");
    wh.add_keys(JWKS, document(&other), None, now).unwrap();
    assert_eq!(asks(now + 59), None);
    let verified = wh.verify_at(body, &headers, now + 59);
    assert_eq!(code(verified), "signature_mismatch");
    assert_eq!(asks(now + 60).as_deref(), Some(JWKS));
}

#[test]
fn a_document_that_is_no_key_is_refused_and_not_kept() {
    let (wh, c) = pubsub();
    let big = vec![b' '; hookproof::MAX_KEY_DOCUMENT + 1];
    for bad in [
        &b"<html>503</html>"[..],
        b"{\"keys\":[]}",
        b"{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}",
        &big,
    ] {
        assert_eq!(code(wh.add_keys(JWKS, bad, None, 0)), "key_unavailable");
    }
    let elsewhere = wh.add_keys("https://attacker.example/certs", document(&c), None, 0);
    assert_eq!(code(elsewhere), "key_unavailable");
}

#[test]
fn an_sns_certificate_url_is_refused_before_any_fetch() {
    let c = case(
        "aws-sns.json",
        "AWS's published Notification, SignatureVersion 1",
    );
    let topic = c["trust"]["topics"][0].as_str().unwrap();
    let scheme = presets::get("aws-sns").unwrap();
    let wh = Webhook::fetching(scheme, trust(&[], &[topic])).unwrap();
    let body = c["body"].as_str().unwrap();
    let headers = common::headers_of(&c);
    let url = "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    let asks = |body: &str| wh.key_url(body.as_bytes(), &headers, 0);
    assert_eq!(asks(body).unwrap().as_deref(), Some(url));
    let forged = body.replace(
        url,
        "https://attacker.example/SimpleNotificationService.pem",
    );
    assert_eq!(code(asks(&forged)), "malformed_header");
    let refused = wh.add_keys("https://attacker.example/a.pem", document(&c), None, 0);
    assert_eq!(code(refused), "malformed_header");
}

#[test]
fn fetched_key_schemes_are_built_with_their_trust() {
    let preset = |name: &str| presets::get(name).unwrap();
    let topic = "arn:aws:sns:eu-west-1:123456789012:orders";
    for (name, given) in [
        ("google-pubsub", Trust::default()),
        ("aws-sns", Trust::default()),
        ("aws-sns", trust(&["https://example.com"], &[topic])),
        ("stripe", Trust::default()),
    ] {
        let built = Webhook::fetching(preset(name), given);
        assert_eq!(code(built), "invalid_argument", "{name}");
    }
    // PayPal signs the receiver's webhook id: required there, refused
    // elsewhere.
    let paypal = Trust {
        webhook_id: Some("4JH86294D6297924G".to_owned()),
        ..Trust::default()
    };
    assert_eq!(
        code(Webhook::fetching(preset("paypal"), Trust::default())),
        "invalid_argument"
    );
    assert_eq!(
        code(Webhook::fetching(
            preset("aws-sns"),
            Trust {
                topics: vec![topic.to_owned()],
                ..paypal.clone()
            }
        )),
        "invalid_argument"
    );
    assert!(Webhook::fetching(preset("paypal"), paypal).is_ok());
    let secret = Webhook::new(preset("google-pubsub"), &["secret"]);
    assert_eq!(code(secret), "invalid_argument");
    let wh = Webhook::fetching(preset("aws-sns"), trust(&[], &[topic])).unwrap();
    assert_eq!(code(wh.sign(b"{}", None, None)), "invalid_argument");
}

#[test]
fn an_entra_scheme_needs_its_directory_and_fetches_that_directorys_keys() {
    let preset = || presets::get("azure-event-grid").unwrap();
    let directory = "1912158f-712f-400e-819d-8498b1ad6f85";
    let with = |dir: Option<&str>| Trust {
        directory: dir.map(str::to_owned),
        ..trust(&["4d57fb6b-75ff-4e75-b2f1-b7788685f383"], &[])
    };
    // No directory, one that is not a GUID (it is written into a URL), a
    // directory for Google: each refused when built.
    for given in [
        with(None),
        with(Some("contoso.onmicrosoft.com")),
        with(Some("1912158f-712f-400e-819d-8498b1ad6f85/../x")),
    ] {
        assert_eq!(code(Webhook::fetching(preset(), given)), "invalid_argument");
    }
    let google = Trust {
        directory: Some(directory.to_owned()),
        ..trust(&["https://example.com"], &[])
    };
    let refused = Webhook::fetching(presets::get("google-pubsub").unwrap(), google);
    assert_eq!(code(refused), "invalid_argument");
    // An app's Entra token names no email: one required would refuse all.
    let email = Trust {
        email: Some("push@example.com".to_owned()),
        ..with(Some(directory))
    };
    assert_eq!(code(Webhook::fetching(preset(), email)), "invalid_argument");

    let c = case("azure-event-grid.json", "a token Event Grid sent");
    let wh = Webhook::fetching(preset(), with(Some(directory))).unwrap();
    let headers = common::headers_of(&c);
    let now = c["now"].as_i64().unwrap();
    let body = c["body"].as_str().unwrap().as_bytes();
    let url = wh.key_url(body, &headers, now).unwrap();
    assert_eq!(
        url.as_deref(),
        Some(
            "https://login.microsoftonline.com/1912158f-712f-400e-819d-8498b1ad6f85/discovery/v2.0/keys"
        )
    );
    wh.add_keys(url.as_deref().unwrap(), document(&c), None, now)
        .unwrap();
    let delivery = wh.verify_at(body, &headers, now).unwrap();
    assert_eq!(delivery.event(), Some("Notification"));
    // The scheme's JSON names the handshake and the directory template,
    // and reads back the same.
    let json = preset().to_json();
    assert!(
        json.contains("\"handshake\": \"event-grid-validation\""),
        "{json}"
    );
    assert_eq!(hookproof::Scheme::from_json(&json).unwrap(), preset());
}

#[test]
fn a_paypal_delivery_names_a_certificate_only_with_what_it_must_carry() {
    let c = case("paypal.json", "the delivery PayPal's SDKs test with");
    let trust = Trust {
        webhook_id: Some("4JH86294D6297924G".to_owned()),
        ..Trust::default()
    };
    let wh = Webhook::fetching(presets::get("paypal").unwrap(), trust).unwrap();
    let now = c["now"].as_i64().unwrap();
    let body = c["body"].as_str().unwrap().as_bytes();
    let all = common::headers_of(&c);
    let url = wh.key_url(body, &all, now).unwrap();
    assert_eq!(url.as_deref(), c["keys"][0]["url"].as_str());
    // Without its signature, id, time or algorithm, no certificate is
    // asked for: the delivery is refused first.
    for name in [
        "PAYPAL-TRANSMISSION-SIG",
        "PAYPAL-TRANSMISSION-ID",
        "PAYPAL-TRANSMISSION-TIME",
        "PAYPAL-AUTH-ALGO",
    ] {
        let fewer: Vec<(String, String)> = all
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
            .cloned()
            .collect();
        assert_eq!(
            code(wh.key_url(body, &fewer, now)),
            "missing_header",
            "{name}"
        );
    }
    // The body's CRC-32 is all PayPal signs of it: the dedup key is not
    // called signed.
    assert_eq!(
        presets::get("paypal").unwrap().dedup_key_signed(),
        Some(false)
    );
    // A custom PayPal-certificate scheme names its id and time headers.
    let mut json: Value = serde_json::from_str(&presets::get("paypal").unwrap().to_json()).unwrap();
    json.as_object_mut().unwrap().remove("timestamp_header");
    let refused = hookproof::Scheme::from_json(&json.to_string());
    assert_eq!(code(refused), "invalid_scheme");
}
