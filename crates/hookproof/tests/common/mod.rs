//! Where the repository's shared files are, for the tests that read them.

use std::path::PathBuf;

/// `path` under the repository root (the shared vectors, the docs), or
/// `None` in the crate as published: a crate cannot carry files from outside
/// its own directory, so there these tests skip and say why. Inside the
/// repository a missing file is a failure, never a skip.
#[allow(
    dead_code,
    reason = "not every test file that shares this module reads repository files"
)]
pub fn repo_file(path: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if !root.join("crates/hookproof/Cargo.toml").is_file() {
        eprintln!("skipped: {path} lives in the hookproof repository, not in the published crate");
        return None;
    }
    let file = root.join(path);
    assert!(
        file.exists(),
        "{} is missing from the repository",
        file.display()
    );
    Some(file)
}

/// Presets whose deliveries a test can sign from any body: all but those
/// holding a bare Ed25519 public key (Discord, Telnyx: it cannot sign) and
/// those whose timestamp is a field of a JSON body (Linear, Pusher: the
/// sender writes it). Their vectors cover them.
#[allow(
    dead_code,
    reason = "not every test file that shares this module signs"
)]
pub fn signable_presets() -> Vec<&'static str> {
    use hookproof::{KeyForm, presets};
    presets::names()
        .filter(|name| {
            presets::get(name).is_ok_and(|s| {
                !matches!(s.key(), KeyForm::Ed25519Hex | KeyForm::Ed25519Base64)
                    && !s.to_json().contains("\"timestamp_field\"")
                    && s.signature_header().is_some()
                    && s.keys_from().is_none()
            })
        })
        .collect()
}

/// A vector case's headers, as the `[name, value]` pairs it lists.
#[allow(
    dead_code,
    reason = "not every test file that shares this module reads vectors"
)]
pub fn headers_of(case: &serde_json::Value) -> Vec<(String, String)> {
    let text = |v: &serde_json::Value| {
        v.as_str()
            .expect("a header name or value is text")
            .to_owned()
    };
    case["headers"]
        .as_array()
        .expect("headers: [[name, value], …]")
        .iter()
        .map(|p| (text(&p[0]), text(&p[1])))
        .collect()
}

/// A P-256 private key (PKCS#8, scalar 0x5EED) and its public key, as
/// pyca/cryptography writes them.
#[allow(
    dead_code,
    reason = "not every test file that shares this module signs ECDSA"
)]
pub const P256_PKCS8: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAXu2hRANCAARc1M7MQkiemO0/9xSYBR94DzZIbU1E2GfZmBhXhOfaV+73GkDWpq0RPUe78xEL8RhcOuRjMXqwBnMEOry81AVL";
#[allow(
    dead_code,
    reason = "not every test file that shares this module verifies ECDSA"
)]
pub const P256_PUBLIC: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEXNTOzEJInpjtP/cUmAUfeA82SG1NRNhn2ZgYV4Tn2lfu9xpA1qatET1Hu/MRC/EYXDrkYzF6sAZzBDq8vNQFSw==";
