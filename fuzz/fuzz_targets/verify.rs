//! Arbitrary headers and bodies against every preset: verify must return a
//! typed result, never panic. Input: a preset index, then header values and
//! the body separated by 0xff bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let names: Vec<&str> = hookproof::presets::names().collect();
    let name = names[usize::from(which) % names.len()];
    let secret = match name {
        "standard" | "svix" | "clerk" | "resend" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "standard-v1a" => "whpk_OqF1DTNuylG4AfNbwkq4K4n40/bsOCBTdBbdiW7YsCs=",
        "discord" => "3aa1750d336eca51b801f35bc24ab82b89f8d3f6ec3820534c16dd896ed8b02b",
        _ => "fuzz-secret-value-0123456789",
    };
    let Ok(wh) = hookproof::Webhook::preset(name, &[secret]) else {
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
