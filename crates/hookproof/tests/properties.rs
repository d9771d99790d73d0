//! Properties over random inputs: what hookproof signs it verifies, any
//! single-byte change is rejected, and arbitrary headers only ever produce a
//! typed error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod common;

use hookproof::{KeyForm, Request, Webhook, presets};
use proptest::prelude::*;

const NOW: i64 = 1_748_419_200;

fn secret_for(scheme: &str, raw: &[u8]) -> String {
    // Secrets in the form each scheme expects: printable UTF-8 for the
    // literal-key schemes, whsec_ + base64 for the Standard family, a whsk_
    // seed for Ed25519 (a Discord public key cannot sign, so Discord is left
    // to its vectors), one fixed PKCS#8 key for ECDSA.
    match presets::get(scheme).unwrap().key() {
        KeyForm::EcdsaP256 => common::P256_PKCS8.to_owned(),
        KeyForm::WhsecBase64 => format!("whsec_{}", base64_encode(raw)),
        KeyForm::WhpkBase64 => format!("whsk_{}", base64_encode(&raw[..32.min(raw.len())])),
        _ => format!("k{}", hex::encode(raw)),
    }
}

/// What the URL- and method-signing presets (Twilio, Square, HubSpot) sign.
const REQUEST: Request<'static> = Request {
    url: Some("https://example.com/hooks?x=1"),
    method: Some("POST"),
};

fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Presets whose deliveries these tests can sign from any body.
fn scheme_names() -> impl Strategy<Value = &'static str> {
    prop::sample::select(common::signable_presets())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sign_then_verify_round_trips(
        scheme in scheme_names(),
        key in prop::collection::vec(any::<u8>(), 32..64),
        body in prop::collection::vec(any::<u8>(), 0..2048),
        offset in -60i64..=60,
    ) {
        let wh = Webhook::preset(scheme, &[secret_for(scheme, &key)]).unwrap();
        let headers = wh.sign_request(&body, Some(NOW + offset), None, REQUEST).unwrap();
        let v = wh.verify_request(&body, &headers, NOW, REQUEST).unwrap();
        if wh.scheme().timestamp_header().is_some() {
            prop_assert_eq!(v.timestamp(), Some(NOW + offset));
        }
        prop_assert_eq!(v.key_index(), 0);
    }

    #[test]
    fn any_single_byte_change_is_rejected(
        scheme in scheme_names(),
        key in prop::collection::vec(any::<u8>(), 32..64),
        body in prop::collection::vec(any::<u8>(), 1..512),
        which in 0usize..3,
        pos in any::<prop::sample::Index>(),
        delta in 1u8..=255,
    ) {
        let wh = Webhook::preset(scheme, &[secret_for(scheme, &key)]).unwrap();
        // Fileloom does not sign its timestamp (a documented accept, see the
        // ReplayWindow vector): a changed timestamp is only caught there by
        // the tolerance, so only signed timestamps take part here.
        // (A timestamp inside the signature header, Stripe's t=, is covered by
        // changes to that header.)
        let signs_header_timestamp =
            wh.scheme().timestamp_header().is_some() && wh.scheme().to_json().contains("{timestamp}");
        prop_assume!(which != 1 || signs_header_timestamp);
        // Twilio signs the decoded form parameters, not the raw bytes: a
        // change that re-encodes the same parameter is the same delivery.
        prop_assume!(which != 0 || scheme != "twilio");
        // A token scheme signs nothing: only the token header counts.
        prop_assume!(which == 2 || wh.scheme().algorithm() != hookproof::Algorithm::Token);
        let signed = wh.sign_request(&body, Some(NOW), Some("msg_2hGq7Rk"), REQUEST).unwrap();
        let mut body = body;
        let mut headers: Vec<(String, Vec<u8>)> =
            signed.into_iter().map(|(k, v)| (k, v.into_bytes())).collect();
        let target = match which {
            0 => &mut body,
            1 => {
                let ts = headers.iter().position(|(k, _)| k.to_ascii_lowercase().ends_with("timestamp")).unwrap();
                &mut headers[ts].1
            }
            _ => {
                let name = wh.scheme().signature_header().unwrap().name().to_owned();
                let sig = headers.iter().position(|(k, _)| *k == name).unwrap();
                &mut headers[sig].1
            }
        };
        let i = pos.index(target.len());
        let changed = target[i].wrapping_add(delta);
        // Hex digits and prefixes are read in either case: a case change of
        // a header byte is the same value, not a change.
        prop_assume!(which == 0 || !changed.eq_ignore_ascii_case(&target[i]));
        // Base64 padding is optional (senders differ) and blanks separate
        // signatures or are trimmed from the value's ends (HTTP's optional
        // whitespace), so a padding `=` that becomes a space or tab leaves
        // the same signature.
        prop_assume!(which != 2 || target[i] != b'=' || !matches!(changed, b' ' | b'\t'));
        target[i] = changed;
        let headers: Vec<(String, String)> = headers
            .into_iter()
            .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
            .collect();
        prop_assert!(wh.verify_request(&body, &headers, NOW, REQUEST).is_err(), "a changed byte verified");
    }

    #[test]
    fn arbitrary_headers_only_give_typed_errors(
        scheme in scheme_names(),
        values in prop::collection::vec(".{0,120}", 5),
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let wh = Webhook::preset(scheme, &[secret_for(scheme, &[7; 32])]).unwrap();
        let names: Vec<String> = wh.scheme().headers().map(|h| h.name().to_owned()).collect();
        let headers: Vec<(String, String)> = names.into_iter().zip(values).collect();
        if let Err(e) = wh.verify_request(&body, &headers, NOW, REQUEST) {
            prop_assert!(!e.to_string().is_empty());
            prop_assert!(!e.code().is_empty());
        }
    }
}
