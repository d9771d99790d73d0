//! The public API's promises that the vectors do not cover: redaction,
//! signing output, scheme definitions, header containers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod common;

use std::collections::HashMap;

use hookproof::{ConfigErrorKind, KeyForm, Request, Scheme, SignatureFormat, Webhook, presets};

const SECRET: &str = "whsec_hookproof_api_test_secret_5f9c";
const NOW: i64 = 1_748_419_200;

#[test]
fn debug_output_never_shows_key_material() {
    let wh = Webhook::preset("cloro", &[SECRET, "whsec_second_secret_value"]).unwrap();
    let text = format!("{wh:?} {wh:#?}");
    assert!(
        text.contains("cloro") && text.contains("2 redacted"),
        "{text}"
    );
    assert!(
        !text.contains("hookproof_api") && !text.contains("second_secret"),
        "{text}"
    );
}

#[test]
fn errors_never_hold_the_secret_or_the_expected_signature() {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    let body = br#"{"ok":true}"#;
    let headers = wh.sign(body, Some(NOW), None).unwrap();
    let expected = headers
        .iter()
        .find(|(k, _)| k == "X-Cloro-Signature")
        .unwrap()
        .1
        .clone();
    let hex = expected.trim_start_matches("v1=");
    for (b, now) in [
        (&b"{}"[..], NOW),
        (&body[..], NOW + 10_000),
        (&body[..], NOW - 10_000),
    ] {
        let err = wh.verify_at(b, &headers, now).unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains(hex) && !text.contains(&hex[..16]), "{text}");
        assert!(!text.contains("hookproof_api_test"), "{text}");
    }
}

#[test]
fn sign_produces_each_schemes_headers() {
    let request = Request {
        url: Some("https://example.com/hook"),
        method: Some("POST"),
    };
    for name in common::signable_presets() {
        let scheme = presets::get(name).unwrap();
        let secret = match scheme.key() {
            KeyForm::WhsecBase64 => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            KeyForm::WhpkBase64 => "whsk_CwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws=",
            KeyForm::EcdsaP256 => common::P256_PKCS8,
            _ => SECRET,
        };
        let wh = Webhook::new(scheme, &[secret]).unwrap();
        let headers = wh.sign_request(b"{}", Some(NOW), None, request).unwrap();
        let mut names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        // What a sender attaches: the signature, timestamp and id headers,
        // and the fixed values it declares (not the event or other headers
        // a sender sets on its own).
        let scheme = wh.scheme();
        let mut wanted: Vec<&str> = [
            scheme.signature_header(),
            scheme.id_header(),
            scheme.timestamp_header(),
        ]
        .into_iter()
        .flatten()
        .chain(scheme.expected_headers().iter().map(|e| &e.header))
        .map(|h| h.name())
        .collect();
        names.sort_unstable();
        wanted.sort_unstable();
        assert_eq!(names, wanted, "{name}");
        let verified = wh.verify_request(b"{}", &headers, NOW, request).unwrap();
        assert_eq!(
            verified.id().is_some(),
            scheme.id_header().is_some(),
            "{name}"
        );
    }
}

/// Box: the second secret signs the secondary header, and a receiver that
/// holds either key alone verifies the delivery.
#[test]
fn each_extra_signature_header_carries_the_next_secret() {
    let (primary, secondary) = ("box-primary-key-1", "box-secondary-key-2");
    let sender = Webhook::preset("box", &[primary, secondary]).unwrap();
    let headers = sender.sign(b"{}", Some(NOW), None).unwrap();
    let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    assert!(names.contains(&"BOX-SIGNATURE-SECONDARY"), "{names:?}");
    assert!(headers.contains(&(
        "BOX-DELIVERY-TIMESTAMP".into(),
        "2025-05-28T08:00:00Z".into()
    )));
    for key in [primary, secondary] {
        let receiver = Webhook::preset("box", &[key]).unwrap();
        let verified = receiver.verify_at(b"{}", &headers, NOW).unwrap();
        assert_eq!(verified.timestamp(), Some(NOW));
    }
    let one = Webhook::preset("box", &[primary]).unwrap();
    let headers = one.sign(b"{}", Some(NOW), None).unwrap();
    assert!(!headers.iter().any(|(k, _)| k == "BOX-SIGNATURE-SECONDARY"));
}

/// SendGrid: a private key signs, its public key verifies, and the public
/// key alone cannot sign.
#[test]
fn ecdsa_signs_with_the_private_key_only() {
    let body = b"[{\"event\":\"delivered\"}]\r\n";
    let sender = Webhook::preset("sendgrid", &[common::P256_PKCS8]).unwrap();
    let headers = sender.sign(body, Some(NOW), None).unwrap();
    let receiver = Webhook::preset("sendgrid", &[common::P256_PUBLIC]).unwrap();
    assert_eq!(
        receiver.verify_at(body, &headers, NOW).unwrap().timestamp(),
        Some(NOW)
    );
    assert_eq!(
        receiver
            .verify_at(&body[..body.len() - 2], &headers, NOW)
            .unwrap_err()
            .code(),
        "signature_mismatch"
    );
    let err = receiver.sign(body, Some(NOW), None).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    // A public key is refused where a shared secret belongs.
    for scheme in ["stripe", "gitlab", "standard"] {
        let err = Webhook::preset(scheme, &[common::P256_PUBLIC])
            .err()
            .map(|e| e.code());
        assert_eq!(err, Some("invalid_secret"), "{scheme}");
    }
    for bad in [
        "",
        "not a key",
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
        "whpk_AAAA",
    ] {
        let err = Webhook::preset("sendgrid", &[bad]).err().map(|e| e.code());
        assert_eq!(err, Some("invalid_secret"), "{bad:?}");
    }
}

/// A signature travels in a header or in a body field, never both, and a
/// body field's signature covers named fields, never the body it sits in.
#[test]
fn a_signature_in_the_body_signs_fields_only() {
    let scheme = |extra: &str| {
        Scheme::from_json(&format!(
            r#"{{"name": "x", "signature_format": {{"list": {{}}}}, "algorithm": "hmac-sha256",
                "key": "utf8", "encoding": "hex", "tolerance": null, {extra}}}"#
        ))
        .map(|_| ())
        .map_err(|e| e.code())
    };
    let field = r#""signature_field": "sig.value""#;
    assert_eq!(
        scheme(&format!(r#"{field}, "message": "{{field:sig.token}}""#)),
        Ok(())
    );
    for bad in [
        format!(r#"{field}, "message": "{{body}}""#),
        format!(r#"{field}, "message": "{{field:a}}{{body}}""#),
        format!(r#"{field}, "signature_header": "X-Sig", "message": "{{field:a}}""#),
        r#""signature_header": "X-Sig", "message": "{field:a}""#.to_owned(),
        r#""message": "{body}""#.to_owned(),
    ] {
        assert_eq!(scheme(&bad), Err("invalid_scheme"), "{bad}");
    }
    let wh = Webhook::preset("mailgun", &["key-mailgun-signing"]).unwrap();
    assert_eq!(
        wh.sign(b"{}", Some(NOW), None).unwrap_err().code(),
        "invalid_argument"
    );
}

/// A secret past its not_after no longer verifies, and the error says it
/// was that secret; key_index keeps counting every secret.
#[test]
fn an_expired_secret_no_longer_verifies_and_says_so() {
    let (new, old) = ("new-signing-secret-2", "old-signing-secret-1");
    let old_sender = Webhook::preset("stripe", &[old]).unwrap();
    let headers = old_sender.sign(b"{}", Some(NOW), None).unwrap();
    let receiver = Webhook::preset("stripe", &[new, old])
        .unwrap()
        .with_expiry(&[None, Some(NOW)])
        .unwrap();
    // At its last second it still verifies, as the second secret.
    assert_eq!(
        receiver
            .verify_at(b"{}", &headers, NOW)
            .unwrap()
            .key_index(),
        1
    );
    let later = Webhook::preset("stripe", &[old]).unwrap();
    let late = later.sign(b"{}", Some(NOW + 1), None).unwrap();
    let err = receiver.verify_at(b"{}", &late, NOW + 1).unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
    assert!(matches!(
        err,
        hookproof::VerifyError::SignatureMismatch {
            expired_key: Some(1),
            ..
        }
    ));
    assert!(err.to_string().contains("not_after"), "{err}");
    // A forgery is told apart: nothing matched at all.
    let forged = Webhook::preset("stripe", &["forger"])
        .unwrap()
        .sign(b"{}", Some(NOW + 1), None)
        .unwrap();
    assert!(matches!(
        receiver.verify_at(b"{}", &forged, NOW + 1).unwrap_err(),
        hookproof::VerifyError::SignatureMismatch {
            expired_key: None,
            ..
        }
    ));
    // A sender signs with the first secret in force at the signing time.
    let sender = Webhook::preset("stripe", &[old, new])
        .unwrap()
        .with_expiry(&[Some(NOW), None])
        .unwrap();
    let signed = sender.sign(b"{}", Some(NOW + 1), None).unwrap();
    let only_new = Webhook::preset("stripe", &[new]).unwrap();
    assert!(only_new.verify_at(b"{}", &signed, NOW + 1).is_ok());
    assert_eq!(
        Webhook::preset("stripe", &[new])
            .unwrap()
            .with_expiry(&[])
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
}

/// Box with its primary secret retired: only the secondary header is
/// written, with the secondary secret, as Box's SDKs pair them.
#[test]
fn a_retired_secret_leaves_its_own_signature_header_out() {
    let (primary, secondary) = ("box-primary-key-1", "box-secondary-key-2");
    let sender = Webhook::preset("box", &[primary, secondary])
        .unwrap()
        .with_expiry(&[Some(NOW - 1), None])
        .unwrap();
    let headers = sender.sign(b"{}", Some(NOW), None).unwrap();
    let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    assert!(!names.contains(&"BOX-SIGNATURE-PRIMARY"), "{names:?}");
    let only_secondary = Webhook::preset("box", &[secondary]).unwrap();
    assert!(only_secondary.verify_at(b"{}", &headers, NOW).is_ok());
    let all_retired = Webhook::preset("box", &[primary])
        .unwrap()
        .with_expiry(&[Some(NOW - 1)])
        .unwrap();
    assert_eq!(
        all_retired.sign(b"{}", Some(NOW), None).unwrap_err().code(),
        "invalid_argument"
    );
}

/// Twilio: a tampered JSON body under a URL carrying bodySHA256 is a plain
/// mismatch, even when an expired secret signed the URL.
#[test]
fn an_expired_secret_does_not_hide_a_body_that_fails_its_hash() {
    let body = br#"{"a":1}"#;
    let digest = {
        use std::fmt::Write as _;
        let sum = <sha2::Sha256 as sha2::Digest>::digest(body);
        sum.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    };
    let url = format!("https://example.com/hook?bodySHA256={digest}");
    let request = Request {
        url: Some(&url),
        method: Some("POST"),
    };
    let old = Webhook::preset("twilio", &["old-auth-token"]).unwrap();
    let headers = old.sign_request(body, Some(NOW), None, request).unwrap();
    let receiver = Webhook::preset("twilio", &["new-auth-token", "old-auth-token"])
        .unwrap()
        .with_expiry(&[None, Some(NOW - 1)])
        .unwrap();
    let expired = receiver
        .verify_request(body, &headers, NOW, request)
        .unwrap_err();
    assert!(matches!(
        expired,
        hookproof::VerifyError::SignatureMismatch {
            expired_key: Some(1),
            ..
        }
    ));
    let tampered = receiver
        .verify_request(br#"{"a":2}"#, &headers, NOW, request)
        .unwrap_err();
    assert!(matches!(
        tampered,
        hookproof::VerifyError::SignatureMismatch {
            expired_key: None,
            ..
        }
    ));
}

#[test]
fn url_schemes_need_the_url() {
    let wh = Webhook::preset("twilio", &["auth-token-123"]).unwrap();
    let err = wh.check_request(Request::default()).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    assert!(err.to_string().contains("URL"), "{err}");
    let headers = [("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")];
    assert_eq!(
        wh.verify_at(b"a=1", &headers, NOW).unwrap_err().code(),
        "missing_header"
    );
    assert_eq!(
        wh.sign(b"a=1", None, None).unwrap_err().code(),
        "invalid_argument"
    );
}

#[test]
fn a_public_ed25519_key_cannot_sign() {
    let key = "2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12";
    let wh = Webhook::preset("discord", &[key]).unwrap();
    assert_eq!(
        wh.sign(b"{}", Some(NOW), None).unwrap_err().code(),
        "invalid_argument"
    );
}

#[test]
fn generated_cloro_ids_carry_an_attempt_number() {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    // The body names its task: the id is that task's, attempt 1, and agrees
    // with the key.
    let body = br#"{"task":{"id":"t-9"}}"#;
    let headers = wh.sign(body, Some(NOW), None).unwrap();
    let v = wh.verify_at(body, &headers, NOW).unwrap();
    assert_eq!((v.id(), v.dedup_key()), (Some("t-9-1"), Ok(Some("t-9"))));
    // It does not: a random UUID, attempt 1.
    let headers = wh.sign(b"{}", Some(NOW), None).unwrap();
    let id = wh
        .verify_at(b"{}", &headers, NOW)
        .unwrap()
        .id()
        .unwrap()
        .to_owned();
    assert!(id.len() == 38 && id.ends_with("-1"), "{id}");
}

#[test]
fn sign_refuses_bad_arguments() {
    let wh = Webhook::preset("standard", &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]).unwrap();
    for id in ["", "has space", "new\nline", &"x".repeat(257)] {
        let err = wh.sign(b"{}", Some(NOW), Some(id)).unwrap_err();
        assert_eq!(err.kind(), ConfigErrorKind::InvalidArgument, "{id:?}");
    }
    assert_eq!(
        wh.sign(b"{}", Some(-1), None).unwrap_err().code(),
        "invalid_argument"
    );
}

#[test]
fn sign_without_timestamp_uses_the_clock() {
    let wh = Webhook::preset("fileloom", &[SECRET]).unwrap();
    let headers = wh.sign(b"{}", None, None).unwrap();
    assert!(wh.verify(b"{}", &headers).is_ok());
}

#[test]
fn headers_can_be_a_hash_map_in_any_case() {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    let signed = wh.sign(b"x", Some(NOW), None).unwrap();
    let map: HashMap<String, String> = signed
        .into_iter()
        .map(|(k, v)| (k.to_uppercase(), v))
        .collect();
    assert!(wh.verify_at(b"x", &map, NOW).is_ok());
}

#[test]
fn scheme_definitions_are_checked() {
    let base = r#""name": "x", "signature_header": "X-Sig", "algorithm": "hmac-sha256", "key": "utf8", "encoding": "hex""#;
    let cases = [
        (
            r#""message": "{timestamp}.{body}", "signature_format": {"list": {}}"#,
            "no timestamp",
        ),
        (
            r#""message": "{id}.{body}", "signature_format": {"list": {}}"#,
            "no id header",
        ),
        (
            r#""message": "{body}", "signature_format": {"list": {}}, "dedup": "id""#,
            "dedup without id",
        ),
        (
            r#""message": "{body}", "signature_format": {"list": {}}, "colour": 1"#,
            "unknown field",
        ),
        (
            r#""message": "{body}", "signature_format": {"list": {"prefix": "a,", "separators": ","}}"#,
            "separator in prefix",
        ),
        (
            r#""message": "{timestamp}{body}", "timestamp_header": "T", "signature_format": {"params": {"separator": ",", "signature_key": "v1", "timestamp_key": "t"}}"#,
            "two timestamp sources",
        ),
        (
            r#""message": "{body}", "signature_format": {"list": {}}, "algorithm": "md5""#,
            "unknown algorithm",
        ),
        (
            r#""message": "{body}", "signature_format": {"list": {}}, "signature_header": "Bad Header""#,
            "bad header name",
        ),
    ];
    let many: Vec<String> = (0..16).map(|i| format!("\"X-Event-{i}\"")).collect();
    let seventeen = format!(
        r#""message": "{{body}}", "signature_format": {{"list": {{}}}}, "event_header": [{}]"#,
        many.join(",")
    );
    let err = Scheme::from_json(&format!("{{{base}, {seventeen}}}")).unwrap_err();
    assert!(err.to_string().contains("at most 16 header names"), "{err}");
    let cases = cases
        .into_iter()
        .map(|(fields, why)| (fields.to_owned(), why))
        .chain([(seventeen, "17 header names")]);
    for (fields, why) in cases {
        let text = format!("{{{base}, {fields}}}");
        let err = Scheme::from_json(&text).unwrap_err();
        assert_eq!(err.code(), "invalid_scheme", "{why}: {err}");
    }
    let ok = format!(r#"{{{base}, "message": "{{body}}", "signature_format": {{"list": {{}}}}}}"#);
    let scheme = Scheme::from_json(&ok).unwrap();
    assert_eq!(scheme.tolerance(), Some(300), "tolerance defaults to 300 s");
}

#[test]
fn builder_and_json_agree() {
    let built = Scheme::builder("acme", "X-Acme-Signature", "{timestamp}.{body}")
        .timestamp_header("X-Acme-Timestamp")
        .signature_format(SignatureFormat::List {
            prefix: "v1=".into(),
            separators: ",".into(),
        })
        .build()
        .unwrap();
    assert_eq!(Scheme::from_json(&built.to_json()).unwrap(), built);
}

#[test]
fn tolerance_override_and_off() {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    let headers = wh.sign(b"{}", Some(NOW), None).unwrap();
    let late = NOW + 3_600;
    assert_eq!(
        wh.verify_at(b"{}", &headers, late).unwrap_err().code(),
        "timestamp_too_old"
    );
    let relaxed = wh.clone().with_tolerance(Some(3_600));
    assert!(relaxed.verify_at(b"{}", &headers, late).is_ok());
    let off = wh.with_tolerance(None);
    assert!(off.verify_at(b"{}", &headers, i64::MAX).is_ok());
    assert!(off.verify_at(b"{}", &headers, i64::MIN).is_ok());
}

#[test]
fn extreme_clocks_do_not_overflow() {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    let headers = wh.sign(b"{}", Some(i64::MAX), None).unwrap();
    assert_eq!(
        wh.verify_at(b"{}", &headers, i64::MIN).unwrap_err().code(),
        "timestamp_too_new"
    );
    let headers = wh.sign(b"{}", Some(0), None).unwrap();
    assert_eq!(
        wh.verify_at(b"{}", &headers, i64::MAX).unwrap_err().code(),
        "timestamp_too_old"
    );
}

#[test]
fn large_bodies_verify() {
    let wh = Webhook::preset("standard", &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]).unwrap();
    let body = vec![b'a'; 8 << 20];
    let headers = wh.sign(&body, Some(NOW), None).unwrap();
    assert!(wh.verify_at(&body, &headers, NOW).is_ok());
    assert!(wh.verify_at(&body[1..], &headers, NOW).is_err());
}

/// A token scheme signs nothing: its message is empty, its key the token as
/// given, its encoding raw or base64; and no other scheme may leave its
/// message empty or send raw values.
#[test]
fn token_schemes_are_checked_as_such() {
    let scheme = |algorithm: &str, encoding: &str, message: &str, key: &str| {
        Scheme::from_json(&format!(
            r#"{{"name":"t","signature_header":"X-Token","signature_format":{{"list":{{}}}},
               "message":"{message}","algorithm":"{algorithm}","key":"{key}","encoding":"{encoding}","tolerance":null}}"#
        ))
        .map(|_| ())
        .map_err(|e| e.kind())
    };
    assert_eq!(scheme("token", "raw", "", "utf8"), Ok(()));
    assert_eq!(scheme("token", "base64", "", "utf8"), Ok(()));
    let invalid = Err(ConfigErrorKind::InvalidScheme);
    assert_eq!(scheme("token", "hex", "", "utf8"), invalid);
    assert_eq!(scheme("token", "raw", "{body}", "utf8"), invalid);
    assert_eq!(scheme("token", "raw", "", "whsec-base64"), invalid);
    assert_eq!(scheme("hmac-sha256", "raw", "{body}", "utf8"), invalid);
    assert_eq!(scheme("hmac-sha256", "hex", "", "utf8"), invalid);
    // No timestamp window on a token: nothing binds a time to it.
    let windowed = Scheme::from_json(
        r#"{"name":"t","signature_header":"X-Token","signature_format":{"list":{}},"message":"",
            "algorithm":"token","key":"utf8","encoding":"raw","timestamp_header":"X-Time"}"#,
    );
    assert_eq!(windowed.map(|_| ()).map_err(|e| e.kind()), invalid);
    // A token that could never arrive in a header is refused at once.
    for bad in ["tok\u{e9}n", &"t".repeat(1025)] {
        let err = Webhook::preset("gitlab", &[bad]).unwrap_err();
        assert_eq!(err.kind(), ConfigErrorKind::InvalidSecret, "{bad:?}");
    }
    // Verified in constant time against the token, with the usual codes.
    let wh = Webhook::preset("gitlab", &["glwht_token_1"]).unwrap();
    let headers = wh.sign(b"{}", None, None).unwrap();
    assert_eq!(
        headers
            .iter()
            .find(|(k, _)| k == "X-Gitlab-Token")
            .map(|(_, v)| v.as_str()),
        Some("glwht_token_1")
    );
    let other = [("X-Gitlab-Token", "glwht_token_2")];
    assert_eq!(
        wh.verify(b"{}", &other[..]).unwrap_err().code(),
        "signature_mismatch"
    );
}

/// A tenant's id names it in the dedup store's keys, and is refused when
/// it could be read as part of another key.
#[test]
fn a_tenant_id_keeps_dedup_keys_apart() {
    let wh = Webhook::preset("cloro", &[SECRET]).unwrap();
    assert_eq!(wh.tenant(), None);
    let acme = wh.clone().with_tenant("acme.eu-1").unwrap();
    assert_eq!(acme.tenant(), Some("acme.eu-1"));
    let key = |t: Option<&str>| hookproof::http::store_key("cloro", t, "t-1");
    assert_eq!(key(None), "cloro:t-1");
    assert_eq!(key(acme.tenant()), "cloro/acme.eu-1:t-1");
    for bad in ["", "acme:1", "acme/1", "acme 1", &"a".repeat(129)] {
        let refused = wh.clone().with_tenant(bad).unwrap_err();
        assert_eq!(refused.code(), "invalid_argument", "{bad:?}");
    }
}
