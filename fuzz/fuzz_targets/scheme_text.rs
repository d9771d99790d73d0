//! Arbitrary text as a scheme definition: from_json returns a scheme or a
//! typed error; a scheme that loads can verify and sign without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scheme) = hookproof::Scheme::from_json(text) else {
        return;
    };
    let Ok(again) = hookproof::Scheme::from_json(&scheme.to_json()) else {
        panic!("a scheme's own JSON must load again")
    };
    assert_eq!(again, scheme);
    let Ok(wh) = hookproof::Webhook::new(scheme, &["fuzz-secret-value-0123456789"]) else {
        return;
    };
    let request = hookproof::Request {
        url: Some("https://example.com/hook"),
        method: Some("POST"),
    };
    // A scheme's own signature may still fail to verify (Linear's timestamp
    // lives in the body, which "{}" lacks): only a typed answer is required.
    if let Ok(headers) = wh.sign_request(b"{}", Some(1_748_419_200), Some("id-1"), request) {
        if let Err(e) = wh.verify_request(b"{}", &headers, 1_748_419_200, request) {
            assert!(!e.code().is_empty());
        }
    }
    let _ = wh.verify_request(b"{}", &[("x", "y")], 0, request);
});
