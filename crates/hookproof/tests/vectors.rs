//! Runs the shared vectors in `tests/vectors/` (written by Python's `hmac`, see
//! `generate.py` there) through the public API. The Python and Node suites
//! read the same files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::path::PathBuf;

use hookproof::{ConfigError, Place, Request, Scheme, Webhook};
use serde_json::Value;

mod common;

fn vectors_dir() -> Option<PathBuf> {
    common::repo_file("tests/vectors")
}

fn load(dir: &std::path::Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn body(case: &Value) -> Vec<u8> {
    match (case.get("body"), case.get("body_hex")) {
        (Some(text), _) => text.as_str().unwrap().as_bytes().to_vec(),
        (None, Some(hex)) => hex::decode(hex.as_str().unwrap()).unwrap(),
        (None, None) => panic!("case without a body"),
    }
}

/// A case's scheme: its own JSON definition when it has one, else the file's preset.
fn webhook(preset: &str, case: &Value) -> Result<Webhook, ConfigError> {
    let scheme = match case.get("scheme") {
        Some(definition) => Scheme::from_json(&definition.to_string())?,
        None => hookproof::presets::get(preset)?,
    };
    let wh = match case.get("trust") {
        Some(trust) => fetching(scheme, trust, case)?,
        None => Webhook::new(scheme, &strings(&case["secrets"]))?,
    };
    Ok(match case.get("tolerance") {
        None => wh,
        Some(Value::Null) => wh.with_tolerance(None),
        Some(t) => wh.with_tolerance(Some(t.as_u64().unwrap())),
    })
}

/// A verifier for a sender that publishes its keys: the case's trust, and
/// the documents its resolver would have fetched, handed over as a binding
/// hands them.
fn fetching(scheme: Scheme, trust: &Value, case: &Value) -> Result<Webhook, ConfigError> {
    let list = |k: &str| trust.get(k).map(strings).unwrap_or_default();
    let wh = Webhook::fetching(
        scheme,
        hookproof::Trust {
            audiences: list("audiences"),
            email: trust
                .get("email")
                .and_then(Value::as_str)
                .map(str::to_owned),
            topics: list("topics"),
            directory: trust
                .get("directory")
                .and_then(Value::as_str)
                .map(str::to_owned),
            webhook_id: trust
                .get("webhook_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
    )?;
    for doc in case["keys"].as_array().unwrap() {
        // A document for a URL the scheme refuses is never taken, which is
        // what a case naming one tests.
        let _ = wh.add_keys(
            doc["url"].as_str().unwrap(),
            doc["document"].as_str().unwrap().as_bytes(),
            doc["cache_control"].as_str(),
            case["now"].as_i64().unwrap(),
        );
    }
    Ok(wh)
}

/// Runs every case of one scheme file; returns how many ran.
/// The owned delivery (`verify_located`) names the same texts as the
/// borrowed one: each header place resolves, in the request's own header
/// values, to what `Verified` lends, and each body place reads the same.
fn same_places(
    wh: &Webhook,
    headers: &[(String, String)],
    body: &[u8],
    verified: Result<&hookproof::Verified<'_>, &hookproof::VerifyError>,
    delivery: Result<&hookproof::Delivery, &hookproof::VerifyError>,
) -> Result<(), String> {
    let (v, d) = match (verified, delivery) {
        (Ok(v), Ok(d)) => (v, d),
        (v, d) => return Err(format!("verify_located disagrees: {v:?} / {d:?}")),
    };
    let text = |place: Place, body_text: Option<String>| -> Option<String> {
        match place {
            Place::Absent => None,
            Place::Body => body_text,
            Place::Header { .. } => {
                let (slot, _) = place.in_header()?;
                let name = wh.header_names().get(slot)?;
                let (_, value) = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name))?;
                place.in_value(value).map(str::to_owned)
            }
        }
    };
    let id = text(d.id(), None);
    let read = d.read_body(body, id.as_deref());
    let seen = (
        id.clone(),
        text(d.event(), read.event.clone()),
        text(d.dedup_key(), read.dedup_key.clone().ok().flatten()),
        d.timestamp(),
        d.key_index(),
    );
    let want = (
        v.id().map(str::to_owned),
        v.event().map(str::to_owned),
        v.dedup_key().ok().flatten().map(str::to_owned),
        v.timestamp(),
        v.key_index(),
    );
    if seen == want {
        Ok(())
    } else {
        Err(format!(
            "verify_located: {seen:?}, verify_request: {want:?}"
        ))
    }
}

fn run_file(dir: &std::path::Path, name: &str) -> usize {
    let doc = load(dir, name);
    let scheme = doc["scheme"].as_str().unwrap();
    let tests = doc["tests"].as_array().unwrap();
    assert_eq!(doc["numberOfTests"].as_u64(), Some(tests.len() as u64));
    let mut failures = Vec::new();
    for case in tests {
        let label = format!(
            "{name} #{} {}",
            case["tcId"],
            case["comment"].as_str().unwrap()
        );
        let headers = common::headers_of(case);
        let wh = webhook(scheme, case).unwrap_or_else(|e| panic!("{label}: {e}"));
        let now = case["now"].as_i64().unwrap();
        let request = Request {
            url: case["url"].as_str(),
            method: case["method"].as_str(),
        };
        let bytes = body(case);
        let got = wh.verify_request(&bytes, &headers, now, request);
        match (case["result"].as_str().unwrap(), got) {
            ("valid", Ok(v)) => {
                let want = &case["expected"];
                let field = |k: &str| want.get(k).and_then(Value::as_str).map(str::to_owned);
                let seen = (
                    v.id().map(str::to_owned),
                    v.timestamp(),
                    v.event().map(str::to_owned),
                    v.dedup_key()
                        .map(|key| key.map(str::to_owned))
                        .map_err(|e| e.code().to_owned()),
                    v.key_index() as u64,
                    v.scheme().to_owned(),
                );
                let expected = (
                    field("id"),
                    want.get("timestamp").and_then(Value::as_i64),
                    field("event"),
                    field("dedup_key_error").map_or_else(|| Ok(field("dedup_key")), Err),
                    want.get("key_index").and_then(Value::as_u64).unwrap_or(0),
                    case.get("scheme")
                        .map_or(scheme, |s| s["name"].as_str().unwrap())
                        .to_owned(),
                );
                if seen != expected {
                    failures.push(format!("{label}: got {seen:?}, want {expected:?}"));
                }
                // A sender's subscription handshake is answered with
                // exactly this; every other delivery with nothing.
                let reply = wh.handshake_reply(v.event(), &bytes);
                if reply != field("handshake") {
                    failures.push(format!("{label}: handshake {reply:?}"));
                }
                let located = wh.verify_request(&bytes, &headers, now, request);
                let owned = wh.verify_located(&bytes, &headers, now, request);
                if let Err(e) = same_places(&wh, &headers, &bytes, located.as_ref(), owned.as_ref())
                {
                    failures.push(format!("{label}: {e}"));
                }
            }
            ("invalid", Err(e)) if Some(e.code()) == case["code"].as_str() => {
                // No message ever quotes a secret or a signature it expected.
                let text = format!("{e} {e:?}");
                for secret in strings(&case["secrets"]).iter().filter(|s| s.len() > 8) {
                    assert!(!text.contains(secret.as_str()), "{label}: {text}");
                }
                // A key document's URL is named, on purpose: the operator
                // needs it (PayPal's arrives in a header, checked first).
                let key_urls: Vec<&str> = case["keys"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|k| k["url"].as_str())
                    .chain(
                        headers
                            .iter()
                            .filter(|(n, _)| n.eq_ignore_ascii_case("PAYPAL-CERT-URL"))
                            .map(|(_, v)| v.as_str()),
                    )
                    .collect();
                for (_, value) in &headers {
                    if value.len() > 16 && !key_urls.contains(&value.as_str()) {
                        assert!(
                            !text.contains(value.as_str()),
                            "{label}: quotes a header value: {text}"
                        );
                    }
                }
            }
            (want, got) => failures.push(format!(
                "{label}: want {want} {}, got {got:?}",
                case["code"]
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    tests.len()
}

/// The scheme files: every JSON file here but `secrets.json`.
fn scheme_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "secrets.json" && n != "hostile.json")
        .collect();
    names.sort();
    names
}

#[test]
fn founding_scheme_vectors() {
    let Some(dir) = vectors_dir() else { return };
    assert!(run_file(&dir, "cloro.json") >= 40);
    assert!(run_file(&dir, "fileloom.json") >= 15);
    assert!(run_file(&dir, "standard.json") >= 20);
}

#[test]
fn every_scheme_vector_file() {
    let Some(dir) = vectors_dir() else { return };
    let files = scheme_files(&dir);
    let total: usize = files.iter().map(|f| run_file(&dir, f)).sum();
    assert!(files.len() >= 22, "{files:?}");
    assert!(total >= 190, "only {total} cases");
}

#[test]
fn every_preset_has_a_vector_file() {
    let Some(dir) = vectors_dir() else { return };
    let files = scheme_files(&dir);
    for name in hookproof::presets::names() {
        let covered = files.contains(&format!("{name}.json"))
            || ["svix", "clerk", "resend"].contains(&name)
                && files.contains(&"svix.json".to_owned());
        assert!(covered, "no tests/vectors/{name}.json");
    }
}

#[test]
fn secret_vectors() {
    let Some(dir) = vectors_dir() else { return };
    let doc = load(&dir, "secrets.json");
    for case in doc["tests"].as_array().unwrap() {
        let label = format!("secrets #{} {}", case["tcId"], case["comment"]);
        let secrets = strings(&case["secrets"]);
        let got = Webhook::preset(case["scheme"].as_str().unwrap(), &secrets);
        match (case["result"].as_str().unwrap(), got) {
            ("valid", Ok(_)) => {}
            ("invalid", Err(e)) => {
                assert_eq!(Some(e.code()), case["code"].as_str(), "{label}: {e}");
                for secret in secrets.iter().filter(|s| s.trim().len() > 8) {
                    assert!(
                        !e.to_string().contains(secret.trim()),
                        "{label}: message quotes the secret"
                    );
                }
            }
            (want, got) => panic!("{label}: want {want}, got {got:?}"),
        }
    }
}

/// Every genuine delivery of a preset's vector file is identified as (among)
/// that preset: `identify` reads each preset's signature syntax as verify
/// does. A sender whose signature is in the body (Mailgun) has no header
/// to be identified by, and never is.
#[test]
fn identify_names_the_preset_of_every_genuine_delivery() {
    let Some(dir) = vectors_dir() else { return };
    let mut checked = 0;
    for file in scheme_files(&dir) {
        let doc = load(&dir, &file);
        let preset = doc["scheme"].as_str().unwrap();
        let Ok(scheme) = hookproof::presets::get(preset) else {
            continue; // custom.json: schemes of its own
        };
        if scheme.signature_header().is_none() {
            for case in doc["tests"].as_array().unwrap() {
                let headers = common::headers_of(case);
                let found = hookproof::identify(headers.as_slice());
                assert!(!found.contains(&preset), "{file} #{}", case["tcId"]);
            }
            continue;
        }
        for case in doc["tests"].as_array().unwrap() {
            if case["result"] != "valid" || case.get("scheme").is_some() {
                continue;
            }
            let headers = common::headers_of(case);
            let found = hookproof::identify(headers.as_slice());
            assert!(
                found.contains(&preset),
                "{file} #{}: {found:?}",
                case["tcId"]
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} genuine deliveries");
}
