//! The hostile-input catalogue (`tests/vectors/hostile.json`, shared with the
//! Python and Node suites): every case yields the contract's error, or its
//! documented accept, without a panic, and within a generous bound (a hang
//! detector, not a benchmark).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::time::{Duration, Instant};

mod common;

use hookproof::Webhook;
use serde_json::Value;

fn expand(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        spec => format!(
            "{}{}{}",
            spec["prefix"].as_str().unwrap_or_default(),
            spec["repeat"]
                .as_str()
                .unwrap()
                .repeat(usize::try_from(spec["times"].as_u64().unwrap()).unwrap()),
            spec["suffix"].as_str().unwrap_or_default()
        ),
    }
}

#[test]
fn every_hostile_input_gets_the_contracts_answer() {
    let Some(path) = common::repo_file("tests/vectors/hostile.json") else {
        return;
    };
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["tests"].as_array().unwrap();
    assert!(cases.len() >= 60, "the catalogue has {} cases", cases.len());
    for case in cases {
        let label = format!("#{} {}", case["tcId"], case["comment"]);
        let secrets: Vec<String> = case["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect();
        let start = Instant::now();
        let wh = Webhook::preset(case["preset"].as_str().unwrap(), &secrets);
        if let Some(code) = case["config_code"].as_str() {
            let err = wh.unwrap_err();
            assert_eq!(err.code(), code, "{label}");
            for s in secrets.iter().filter(|s| s.trim().len() > 8) {
                assert!(
                    !err.to_string().contains(s.trim()),
                    "{label}: quotes the secret"
                );
            }
            continue;
        }
        let wh = wh.unwrap_or_else(|e| panic!("{label}: {e}"));
        let headers: Vec<(String, String)> = case["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_owned(), expand(&p[1])))
            .collect();
        let body = expand(&case["body"]);
        let got = wh.verify_at(body.as_bytes(), &headers, case["now"].as_i64().unwrap());
        match (case["result"].as_str().unwrap(), got) {
            ("valid", Ok(_)) => {}
            ("invalid", Err(e)) => {
                assert_eq!(Some(e.code()), case["code"].as_str(), "{label}: {e}");
                let message = e.to_string();
                assert!(
                    message.len() < 300 && !message.contains(&secrets[0]),
                    "{label}: {message}"
                );
            }
            (want, got) => panic!("{label}: want {want} {}, got {got:?}", case["code"]),
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{label} took {:?}",
            start.elapsed()
        );
    }
}
