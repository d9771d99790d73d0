//! `rsa-sha256` with a key the user holds: what a private key signs is
//! byte for byte what pyca/cryptography signed for the shared vectors
//! (PKCS#1 v1.5 is deterministic), a public key only verifies, and keys
//! that cannot be used are refused with a typed error that never quotes
//! them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod common;

use hookproof::{Scheme, Webhook};
use serde_json::Value;

const NOW: i64 = 1_748_419_200;

/// A 1024-bit public key (`openssl genpkey … rsa_keygen_bits:1024`): too
/// short to be taken.
const RSA_1024: &str = "-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDhssSHuDEK2xpzgAOYuEsLibor
Xn9zM5bqBPOU4IQTWP8gwKQWvypZIzu/WV/mtcwZ2f4bcIEBOuoVVGVJnjS1GD3n
w/92eIKRmhtRR4NRmmtXq6jQuxyYxzZtwwRE8kVbvT7u5Y459vSX/FjllmhZfLki
7rzHnCKS3pGvCBa2+wIDAQAB
-----END PUBLIC KEY-----
";

/// A key for RSASSA-PSS only (`openssl genpkey -algorithm RSA-PSS`): RFC
/// 4055 §1.2 forbids PKCS#1 v1.5 signatures with it.
const RSA_PSS_ONLY: &str = "-----BEGIN PUBLIC KEY-----
MIIBIDALBgkqhkiG9w0BAQoDggEPADCCAQoCggEBAMuFuWaOKHhMg1wvqgfz4Rfk
A79qI0NXty00TK2/WEsPCzEQhcFE+jmMQzSDHGFUF+DDPrpBD+Q6C0RTup/h1BUm
SCags3tycUnHUKhVbKuNgyeppg0bq8tpLmXwy/AM7RofZUEb/P93uFdbipB5uoNR
NLIkuMHtXEgC/AywuY09BrGTZjesScSFhj7fKOhxObJAlQBnOTBRPWX32BG4cuvC
ZU6HRflCws1zYLasw5J2uaDHWrZb11cSO0uq5A05/0k/aEjQfH9Xih+uC4e/ILgB
qlVp5bAIa3qihm6c7s/CKZoIguD0y4tIbaYPqBVRz9zyHJw04YER9LXM6jeCiBkC
AwEAAQ==
-----END PUBLIC KEY-----
";

/// A 4104-bit public key: past the 4096 bits a configured key may have.
const RSA_4104: &str = "-----BEGIN PUBLIC KEY-----
MIICIzANBgkqhkiG9w0BAQEFAAOCAhAAMIICCwKCAgIAikyj3ULfhVsoExBRCUtZ
3Tbv0Jp3hHSZINh61Xlr3lHi8oTB9QxpDt3MbS8nGsO4tDpgngoNkPn1U5TVNOo1
8U+AJ7SfxmBf293+a7Qdwbp83+lTXfmsKQsyb0NkJMm5IczKAh7EEv58Uyw0pUAV
66BlWSTvdcRZHBYTjQNM0r/ljW5s7wX+tJiz22tpb+nwNVy36fV/13+Qj1XGf/hC
ikKw2V17ArrYZ2FeMy4a41L2jiEkN0QmPeRHzsSLnxrhM4UKUehESG38CogSiDmv
9mjOOZMHcXDxpSIeCbwhbSDGaM8RXZ5ZmjNRAbi90AAWZiT2WojcVOvij1OVsUN4
82fDIG8b4iNYNGrYk+27AdIAyWp6nOangmsTUNSubd4937hG2lA2cpfHW+2rE0Gd
0ztasilnqyuLIPjRoEa340qnSeOPGFOKj1Wj+Cyb0km2XSnxsnYbYooGC5u5hv0R
/fm0nOpG8ej4NsVOmrZKcJtFGhB53mLsRhmYBkbtEmg3pDSwRw+q8q3CcUUdOhuB
D+AxalpZKdcDpdsncJYkDUnNpzUqCmaQJtx+v2UMkYbinXE0CExbplNBzhD+yLPH
RhHLnx4Oif9rkkJS1pRUQpfPuut9arvWIKxy3axsvz+eUPSDw3uiwEzDjcr1Cvmr
SZ6tQFdIWtVZyM70VMWvufrnAgMBAAE=
-----END PUBLIC KEY-----
";

/// The test keys the vectors are signed with, and the `acme-rsa` cases.
fn fixtures() -> Option<(Vec<String>, Vec<Value>)> {
    let keys = [
        "test_rsa_2048.pem",
        "test_rsa_3070.pem",
        "test_rsa_4096.pem",
    ]
    .iter()
    .map(|name| common::repo_file(&format!("tests/vectors/families/keys/{name}")))
    .map(|path| path.map(|p| std::fs::read_to_string(p).unwrap()))
    .collect::<Option<Vec<_>>>()?;
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_file("tests/vectors/custom.json")?).unwrap(),
    )
    .unwrap();
    let cases = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["scheme"]["algorithm"] == "rsa-sha256")
        .cloned()
        .collect();
    Some((keys, cases))
}

fn scheme_of(case: &Value) -> Scheme {
    Scheme::from_json(&case["scheme"].to_string()).unwrap()
}

#[test]
fn signing_reproduces_every_genuine_vector_signature() {
    let Some((keys, cases)) = fixtures() else {
        return;
    };
    let mut checked = 0;
    for case in cases.iter().filter(|c| c["result"] == "valid") {
        let headers = common::headers_of(case);
        let sent = &headers
            .iter()
            .find(|(k, _)| k == "X-Acme-Signature")
            .unwrap()
            .1;
        if sent.contains(' ') {
            continue; // several signatures: no one key signs that header
        }
        let timestamp = headers
            .iter()
            .find(|(k, _)| k == "X-Acme-Timestamp")
            .map(|(_, v)| v.parse().unwrap());
        let body = case["body"].as_str().unwrap().as_bytes();
        let signed_by: Vec<usize> = keys
            .iter()
            .enumerate()
            .filter(|(_, key)| {
                let sender = Webhook::new(scheme_of(case), &[key.as_str()]).unwrap();
                let ours = sender.sign(body, timestamp, None).unwrap();
                ours.iter()
                    .any(|(k, v)| k == "X-Acme-Signature" && v == sent)
            })
            .map(|(i, _)| i)
            .collect();
        assert_eq!(signed_by.len(), 1, "#{} {}", case["tcId"], case["comment"]);
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} cases");
}

#[test]
fn a_private_key_signs_and_its_public_key_verifies_only() {
    let Some((keys, cases)) = fixtures() else {
        return;
    };
    let scheme = scheme_of(&cases[0]);
    let public = cases[0]["secrets"][0].as_str().unwrap();
    let body = b"{\"type\":\"ping\"}";
    let sender = Webhook::new(scheme.clone(), &[keys[0].as_str()]).unwrap();
    let headers = sender.sign(body, Some(NOW), None).unwrap();
    let receiver = Webhook::new(scheme, &[public]).unwrap();
    assert_eq!(
        receiver.verify_at(body, &headers, NOW).unwrap().timestamp(),
        Some(NOW)
    );
    let err = receiver.sign(body, Some(NOW), None).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    assert!(err.to_string().contains("private key"), "{err}");
}

#[test]
fn unusable_keys_are_refused_without_being_quoted() {
    let Some((keys, cases)) = fixtures() else {
        return;
    };
    let scheme = scheme_of(&cases[0]);
    // A PKCS#8 key encrypted with a passphrase (`openssl pkcs8 -topk8 -v2
    // aes-256-cbc`), truncated: its armour is all that is read.
    let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n\
        MIIFLTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIX8/zMVBL7GgCAggA\n\
        -----END ENCRYPTED PRIVATE KEY-----\n";
    let truncated = &keys[0][..keys[0].len() / 2];
    for (bad, why) in [
        (RSA_1024, "1024 bits"),
        (RSA_4104, "4104 bits"),
        (RSA_PSS_ONLY, "a key for PSS only"),
        ("", "empty"),
        ("not a key", "not a key"),
        (encrypted, "encrypted"),
        (truncated, "truncated PEM"),
        (common::P256_PUBLIC, "a P-256 key"),
        (common::P256_PKCS8, "a P-256 private key"),
    ] {
        let err = Webhook::new(scheme.clone(), &[bad]).unwrap_err();
        assert_eq!(err.code(), "invalid_secret", "{why}: {err}");
        let text = format!("{err} {err:?}");
        for line in bad
            .lines()
            .filter(|l| l.len() > 16 && !l.starts_with("-----"))
        {
            assert!(!text.contains(line), "{why}: {text}");
        }
    }
    for (key, bits) in [(RSA_1024, "1024 bits"), (RSA_4104, "4104 bits")] {
        let err = Webhook::new(scheme.clone(), &[key]).unwrap_err();
        assert!(err.to_string().contains(bits), "{err}");
    }
    // The key form and the algorithm go together.
    for (algorithm, key) in [
        ("hmac-sha256", "rsa"),
        ("rsa-sha256", "utf8"),
        ("rsa-sha256", "ecdsa-p256"),
    ] {
        let mut json = cases[0]["scheme"].clone();
        json["algorithm"] = algorithm.into();
        json["key"] = key.into();
        let err = Scheme::from_json(&json.to_string()).unwrap_err();
        assert_eq!(err.code(), "invalid_scheme", "{algorithm} {key}: {err}");
    }
    // An RSA public key is not a shared secret.
    let public = cases[0]["secrets"][0].as_str().unwrap();
    let err = Webhook::preset("stripe", &[public]).unwrap_err();
    assert_eq!(err.code(), "invalid_secret");
}
