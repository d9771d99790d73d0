//! Arbitrary headers and bodies against every preset, and a custom
//! `rsa-sha256` scheme: verify must return a typed result, never panic.
//! Input: a scheme index, then header values and the body separated by
//! 0xff bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The custom RSA scheme, after the presets.
const RSA: &str = "acme-rsa";
const RSA_SCHEME: &str = r#"{"name": "acme-rsa", "signature_header": "X-Acme-Signature",
    "signature_format": {"list": {"prefix": "", "separators": " "}},
    "timestamp_header": "X-Acme-Timestamp", "message": "{timestamp}.{body}",
    "algorithm": "rsa-sha256", "key": "rsa", "encoding": "base64"}"#;
/// The vectors' test key (its private half verifies too).
const RSA_KEY: &str = include_str!("../../tests/vectors/families/keys/test_rsa_2048.pem");

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let mut names: Vec<&str> = hookproof::presets::names().collect();
    names.push(RSA);
    let name = names[usize::from(which) % names.len()];
    let secret = match name {
        "standard" | "svix" | "clerk" | "resend" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "standard-v1a" => "whpk_OqF1DTNuylG4AfNbwkq4K4n40/bsOCBTdBbdiW7YsCs=",
        "discord" => "3aa1750d336eca51b801f35bc24ab82b89f8d3f6ec3820534c16dd896ed8b02b",
        // SendGrid's SDK example key (tests/vectors/sendgrid.json).
        "sendgrid" => {
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
        }
        RSA => RSA_KEY,
        _ => "fuzz-secret-value-0123456789",
    };
    let scheme = match name {
        RSA => hookproof::Scheme::from_json(RSA_SCHEME),
        _ => hookproof::presets::get(name),
    };
    let Ok(wh) = scheme.and_then(|scheme| hookproof::Webhook::new(scheme, &[secret])) else {
        return;
    };
    let mut parts = rest.split(|b| *b == 0xff);
    let names = wh.scheme().lookup_names();
    let headers: Vec<(String, String)> = names
        .iter()
        .zip(parts.by_ref())
        .map(|(n, v)| (n.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect();
    let body: Vec<u8> = parts.flatten().copied().collect();
    let request = hookproof::Request {
        url: Some("https://example.com/hook"),
        method: Some("POST"),
    };
    for now in [0, 1_748_419_200, i64::MAX, i64::MIN] {
        if let Err(e) = wh.verify_request(&body, &headers, now, request) {
            assert!(!e.code().is_empty() && !e.to_string().is_empty());
        }
    }
    let _ = hookproof::explain(
        wh.scheme(),
        &[secret.as_bytes()],
        &body,
        &headers,
        1_748_419_200,
        request,
    );
});
