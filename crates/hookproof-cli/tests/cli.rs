//! The `hookproof` binary, run as a user runs it: every shared vector through
//! `verify`, exit codes, and secrets kept out of argv and output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs the command: this crate's binary, or the one `HOOKPROOF_CLI` names
/// (`make test` also runs these tests against the Python package's
/// `hookproof` console script, which must behave the same).
fn hookproof(args: &[&str], envs: &[(&str, &str)], stdin: &[u8]) -> Output {
    let program =
        std::env::var_os("HOOKPROOF_CLI").unwrap_or_else(|| env!("CARGO_BIN_EXE_hookproof").into());
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(envs.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit (a usage error) before it reads its input.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

/// `path` under the repository root, or `None` in the crate as published,
/// which cannot carry files from outside its directory: there the tests that
/// read the shared vectors and docs skip and say why. Inside the repository
/// a missing file is a failure, never a skip.
fn repo_file(path: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if !root.join("crates/hookproof-cli/Cargo.toml").is_file() {
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

fn vectors(dir: &std::path::Path, name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `hookproof sign` for a cloro delivery (secret in env var `var`), turned
/// into the `-H 'Name: value'` arguments that verify and explain take.
fn signed_header_args(env: &[(&str, &str)], var: &str, body: &[u8], id: &str) -> Vec<String> {
    let out = hookproof(
        &[
            "sign",
            "--scheme",
            "cloro",
            "--secret-env",
            var,
            "--timestamp",
            "1748419200",
            "--id",
            id,
        ],
        env,
        body,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .flat_map(|line| ["-H".to_owned(), line.to_owned()])
        .collect()
}

#[test]
fn every_scheme_vector_gives_the_same_verdict_through_the_cli() {
    let tmp = std::env::temp_dir().join(format!("hookproof-cli-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut ran = 0;
    let Some(dir) = repo_file("tests/vectors") else {
        return;
    };
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "secrets.json" && n != "hostile.json")
        .collect();
    files.sort();
    for file in &files {
        let doc = vectors(&dir, file);
        for case in doc["tests"].as_array().unwrap() {
            let label = format!("{file} #{} {}", case["tcId"], case["comment"]);
            let mut args: Vec<String> = vec!["verify".into(), "--json".into()];
            match case.get("scheme") {
                Some(definition) => {
                    let path = tmp.join(format!("{}.json", case["tcId"]));
                    std::fs::write(&path, definition.to_string()).unwrap();
                    args.extend(["--scheme-file".into(), path.display().to_string()]);
                }
                None => args.extend(["--scheme".into(), doc["scheme"].as_str().unwrap().into()]),
            }
            let secrets: Vec<String> = case["secrets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            let vars: Vec<String> = (0..secrets.len()).map(|i| format!("SECRET_{i}")).collect();
            for var in &vars {
                args.extend(["--secret-env".into(), var.clone()]);
            }
            // A sender that publishes its keys: what the receiver accepts,
            // and the documents a fetch returned, saved as files.
            if let Some(trust) = case.get("trust") {
                for (field, flag) in [("audiences", "--audience"), ("topics", "--topic")] {
                    for value in trust[field].as_array().into_iter().flatten() {
                        args.extend([flag.into(), value.as_str().unwrap().into()]);
                    }
                }
                if let Some(email) = trust["email"].as_str() {
                    args.extend(["--email".into(), email.into()]);
                }
                if let Some(directory) = trust["directory"].as_str() {
                    args.extend(["--directory".into(), directory.into()]);
                }
                if let Some(id) = trust["webhook_id"].as_str() {
                    args.extend(["--webhook-id".into(), id.into()]);
                }
                for (i, doc) in case["keys"].as_array().unwrap().iter().enumerate() {
                    let url = doc["url"].as_str().unwrap();
                    let path = tmp.join(format!("{file}-{}-{i}.key", case["tcId"]));
                    std::fs::write(&path, doc["document"].as_str().unwrap()).unwrap();
                    args.extend(["--key-file".into(), format!("{url}={}", path.display())]);
                }
            }
            for pair in case["headers"].as_array().unwrap() {
                args.extend([
                    "-H".into(),
                    format!(
                        "{}: {}",
                        pair[0].as_str().unwrap(),
                        pair[1].as_str().unwrap()
                    ),
                ]);
            }
            args.extend(["--now".into(), case["now"].to_string()]);
            for key in ["url", "method"] {
                if let Some(value) = case[key].as_str() {
                    args.extend([format!("--{key}"), value.to_owned()]);
                }
            }
            match case.get("tolerance") {
                Some(Value::Null) => args.push("--no-tolerance".into()),
                Some(t) => args.extend(["--tolerance".into(), t.to_string()]),
                None => {}
            }
            let body = match (case.get("body"), case.get("body_hex")) {
                (Some(b), _) => b.as_str().unwrap().as_bytes().to_vec(),
                (_, Some(h)) => hex::decode(h.as_str().unwrap()).unwrap(),
                _ => panic!("{label}: no body"),
            };
            let env: Vec<(&str, &str)> = vars
                .iter()
                .map(String::as_str)
                .zip(secrets.iter().map(String::as_str))
                .collect();
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = hookproof(&argv, &env, &body);
            let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
                panic!(
                    "{label}: stdout {} stderr {}",
                    text(&out.stdout),
                    text(&out.stderr)
                )
            });
            if let Some(code) = case["expected"].get("dedup_key_error") {
                // Genuine, but an id header that disagrees with the signed
                // body: the CLI refuses it, as the integrations do.
                assert_eq!(out.status.code(), Some(1), "{label}: {report}");
                assert_eq!(&report["code"], code, "{label}");
            } else if case["result"] == "valid" {
                assert_eq!(out.status.code(), Some(0), "{label}: {report}");
                assert_eq!(
                    report["dedup_key"],
                    case["expected"]
                        .get("dedup_key")
                        .cloned()
                        .unwrap_or(Value::Null),
                    "{label}"
                );
                assert_eq!(
                    report["key_index"],
                    case["expected"]
                        .get("key_index")
                        .cloned()
                        .unwrap_or(0.into()),
                    "{label}"
                );
                assert_eq!(
                    report["handshake"],
                    case["expected"]
                        .get("handshake")
                        .cloned()
                        .unwrap_or(Value::Null),
                    "{label}"
                );
            } else {
                assert_eq!(out.status.code(), Some(1), "{label}: {report}");
                assert_eq!(report["code"], case["code"], "{label}");
            }
            ran += 1;
        }
    }
    std::fs::remove_dir_all(&tmp).ok();
    assert!(ran >= 190, "only {ran} cases ran");
}

#[test]
fn refused_secrets_and_unknown_schemes_exit_2_without_echoing_the_secret() {
    let Some(dir) = repo_file("tests/vectors") else {
        return;
    };
    let doc = vectors(&dir, "secrets.json");
    for case in doc["tests"].as_array().unwrap() {
        let secrets: Vec<&str> = case["secrets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let vars: Vec<String> = (0..secrets.len()).map(|i| format!("S{i}")).collect();
        // verify with no headers: a usable configuration rejects the delivery
        // (exit 1); a refused one is a configuration error (exit 2).
        let mut args = vec!["verify", "--scheme", case["scheme"].as_str().unwrap()];
        for var in &vars {
            args.extend(["--secret-env", var]);
        }
        let env: Vec<(&str, &str)> = vars
            .iter()
            .map(String::as_str)
            .zip(secrets.iter().copied())
            .collect();
        let out = hookproof(&args, &env, b"{}");
        let want = if case["result"] == "valid" { 1 } else { 2 };
        assert_eq!(
            out.status.code(),
            Some(want),
            "{case}: {}",
            text(&out.stderr)
        );
        if want == 2 {
            let said = text(&out.stderr) + &text(&out.stdout);
            for secret in secrets.iter().filter(|s| s.trim().len() > 8) {
                assert!(!said.contains(secret.trim()), "{said}");
            }
        }
    }
}

#[test]
fn sign_output_feeds_verify() {
    let env = [("CLORO_SECRET", "whsec_cli_roundtrip_secret_0123")];
    let mut args = vec![
        "verify".to_owned(),
        "--scheme=cloro".into(),
        "--secret-env=CLORO_SECRET".into(),
    ];
    args.extend(signed_header_args(
        &env,
        "CLORO_SECRET",
        br#"{"task":{"id":"t"}}"#,
        "t-2",
    ));
    args.extend(["--now".into(), "1748419230".into()]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let ok = hookproof(&argv, &env, br#"{"task":{"id":"t"}}"#);
    assert_eq!(
        text(&ok.stdout).trim(),
        "genuine: scheme=cloro id=t-2 timestamp=1748419200 dedup_key=t key_index=0"
    );
    let bad = hookproof(&argv, &env, br#"{"task":{"id":"u"}}"#);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stdout).starts_with("rejected: signature_mismatch: "),
        "{}",
        text(&bad.stdout)
    );
}

#[test]
fn verify_scheme_auto_tries_each_configured_preset_with_its_own_secrets() {
    // pusher-http-node's published example (tests/vectors/pusher.json).
    let body = br#"{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}"#;
    let sig =
        "X-Pusher-Signature: c17257e92037cd7de407ebc1ed174ceb7b2e518db127f44411b9ffc4f5b28cc5";
    let env = [
        ("PUSHER_SECRET", "tofu"),
        ("OTHER_SECRET", "tempeh"),
        ("STRIPE_SECRET", "tofu"),
    ];
    let verify = |secrets: &[&str], headers: &[&str], body: &[u8]| {
        let mut args = vec!["verify", "--scheme", "auto", "--now", "1403175510"];
        for s in secrets {
            args.extend(["--secret-env", s]);
        }
        for h in headers {
            args.extend(["-H", h]);
        }
        hookproof(&args, &env, body)
    };
    let ok = verify(
        &["stripe=STRIPE_SECRET", "pusher=PUSHER_SECRET"],
        &[sig],
        body,
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert_eq!(
        text(&ok.stdout).trim(),
        "genuine: scheme=pusher timestamp=1403175510 key_index=0"
    );
    assert!(
        text(&ok.stderr).contains("auto: pusher"),
        "{}",
        text(&ok.stderr)
    );
    // The preset's own secret is another: its rejection, and what was tried.
    let bad = verify(&["pusher=OTHER_SECRET"], &[sig], body);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stdout).starts_with("rejected: signature_mismatch"),
        "{}",
        text(&bad.stdout)
    );
    assert!(
        text(&bad.stderr).contains("no candidate verified (tried: pusher)"),
        "{}",
        text(&bad.stderr)
    );
    // A Stripe signature relabelled as GitHub's body-only header (its body
    // made "{t}.{body}") must not pass as GitHub with Stripe's secret: the
    // secret is only ever tried for the preset it was given for.
    let stripe_body = br#"{"id":"evt_1"}"#;
    let forged_body = [b"1403175510." as &[u8], stripe_body].concat();
    // HMAC-SHA256("tofu", forged_body), from Python's hmac: Stripe's v1 for it.
    let relabelled = "X-Hub-Signature-256: sha256=3aadbf367fe634259ad4302cbe315bdbe8b877611b3713129586cd9b7587c201".to_owned();
    let only_stripe = verify(&["stripe=STRIPE_SECRET"], &[&relabelled], &forged_body);
    assert_eq!(
        only_stripe.status.code(),
        Some(2),
        "{}",
        text(&only_stripe.stdout)
    );
    assert!(
        text(&only_stripe.stderr).contains("none of stripe"),
        "{}",
        text(&only_stripe.stderr)
    );
    let both = verify(
        &["stripe=STRIPE_SECRET", "github=OTHER_SECRET"],
        &[&relabelled],
        &forged_body,
    );
    assert_eq!(both.status.code(), Some(1), "{}", text(&both.stdout));
    // A secret not tied to a preset, or no preset header at all: usage errors.
    let untied = verify(&["PUSHER_SECRET"], &[sig], body);
    assert_eq!(untied.status.code(), Some(2));
    assert!(
        text(&untied.stderr).contains("--secret-env NAME=VAR"),
        "{}",
        text(&untied.stderr)
    );
    let none = verify(
        &["pusher=PUSHER_SECRET"],
        &["Content-Type: text/plain"],
        body,
    );
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn secret_files_drop_one_trailing_newline() {
    let path = std::env::temp_dir().join(format!("hookproof-secret-{}", std::process::id()));
    std::fs::write(&path, "whsec_from_a_file_0123456789\n").unwrap();
    let p = path.display().to_string();
    let out = hookproof(
        &[
            "sign",
            "--scheme",
            "fileloom",
            "--secret-file",
            &p,
            "--timestamp",
            "1",
        ],
        &[],
        b"",
    );
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Independent: HMAC-SHA256("whsec_from_a_file_0123456789", "") from Python's hmac.
    assert!(
        text(&out.stdout)
            .contains("sha256=c247aca18cf5d2f9f6c0abe35ff59fe7c712707bd0fb21ec6d18df9791e17cff"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn usage_errors_exit_2() {
    let env = [("S", "whsec_cli_roundtrip_secret_0123")];
    for args in [
        &["verify", "--scheme", "cloro"][..],
        &["verify", "--scheme", "cloro", "--secret-env", "UNSET"],
        &["verify", "--scheme", "nope", "--secret-env", "S"],
        &[
            "verify",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "-H",
            "no colon",
        ],
        &[
            "verify",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--body-file",
            "/nonexistent/body",
        ],
        &["verify", "--scheme", "cloro", "--secret", "inline"],
        &["frobnicate"],
    ] {
        let out = hookproof(args, &env, b"");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).is_empty());
    }
}

#[test]
fn schemes_lists_presets_and_prints_definitions() {
    let out = hookproof(&["schemes"], &[], b"");
    let listing = text(&out.stdout);
    for name in ["cloro", "fileloom", "standard", "svix"] {
        assert!(listing.lines().any(|l| l.starts_with(name)), "{listing}");
    }
    let def = hookproof(&["schemes", "cloro"], &[], b"");
    let scheme: Value = serde_json::from_slice(&def.stdout).unwrap();
    assert_eq!(scheme["signature_header"], "X-Cloro-Signature");
    assert_eq!(scheme["message"], "{timestamp}.{body}");
}

#[test]
fn docs_presets_page_is_the_markdown_output() {
    let out = hookproof(&["schemes", "--markdown"], &[], b"");
    assert_eq!(out.status.code(), Some(0));
    let Some(page) = repo_file("docs/presets.md") else {
        return;
    };
    let committed = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(
        committed == text(&out.stdout),
        "docs/presets.md is out of date: run `make docs`"
    );
    for name in ["cloro", "stripe", "twilio", "discord", "standard-v1a"] {
        assert!(
            committed.contains(&format!("| `{name}` |")),
            "{name} missing"
        );
    }
}

#[test]
fn explain_names_the_mistake() {
    let env = [("S", "whsec_cli_explain_secret_0042")];
    let mut args = vec![
        "explain".to_owned(),
        "--scheme=cloro".into(),
        "--secret-env=S".into(),
        "--now=1748419260".into(),
    ];
    args.extend(signed_header_args(
        &env,
        "S",
        br#"{"a":1,"b":[1,2]}"#,
        "t-1",
    ));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    // A framework re-serialized the JSON with Python's default spacing.
    let out = hookproof(&argv, &env, br#"{"a": 1, "b": [1, 2]}"#);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.starts_with("rejected: signature_mismatch"), "{said}");
    assert!(
        said.contains("would verify if: body_reserialized"),
        "{said}"
    );
    assert!(!said.contains("whsec_cli_explain_secret_0042"));
    let genuine = hookproof(&argv, &env, br#"{"a":1,"b":[1,2]}"#);
    assert_eq!(text(&genuine.stdout).trim(), "genuine: nothing to explain");
    let unexplained = hookproof(
        &argv,
        &[("S", "whsec_another_environment_9")],
        br#"{"a":1,"b":[1,2]}"#,
    );
    assert_eq!(unexplained.status.code(), Some(1));

    // --json: one object, the shape the bindings' explain returns.
    let mut json_argv = argv.clone();
    json_argv.push("--json");
    let out = hookproof(&json_argv, &env, br#"{"a": 1, "b": [1, 2]}"#);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let found: Value = serde_json::from_slice(&out.stdout).expect("explain --json prints JSON");
    assert_eq!(found["error"], "signature_mismatch");
    assert_eq!(found["findings"][0]["mistake"], "body_reserialized");
    assert!(!text(&out.stdout).contains("whsec_cli_explain_secret_0042"));
    let genuine: Value =
        serde_json::from_slice(&hookproof(&json_argv, &env, br#"{"a":1,"b":[1,2]}"#).stdout)
            .unwrap();
    assert_eq!(
        genuine,
        serde_json::json!({"error": null, "message": null, "findings": []})
    );
    let unexplained = hookproof(
        &json_argv,
        &[("S", "whsec_another_environment_9")],
        br#"{"a":1,"b":[1,2]}"#,
    );
    assert_eq!(unexplained.status.code(), Some(1));
    let said: Value = serde_json::from_slice(&unexplained.stdout).unwrap();
    assert_eq!(said["findings"], serde_json::json!([]));
}

/// What the test endpoint saw: headers, body, whether it verified.
type Seen = Vec<(Vec<(String, String)>, Vec<u8>, bool)>;

/// One request read from `stream`: its target, headers and body.
fn read_request(stream: &std::net::TcpStream) -> (String, Vec<(String, String)>, Vec<u8>) {
    use std::io::{BufRead, BufReader, Read};
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("POST ") && line.ends_with(" HTTP/1.1\r\n"),
        "{line}"
    );
    let target = line.split(' ').nth(1).unwrap().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let Some((k, v)) = line.trim_end().split_once(": ") else {
            break;
        };
        headers.push((k.to_owned(), v.to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "Content-Length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (target, headers, body)
}

/// Answers `status` with an empty JSON object.
fn answer(mut stream: std::net::TcpStream, status: &str) {
    std::io::Write::write_all(
        &mut stream,
        format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\n\r\n{{}}").as_bytes(),
    )
    .unwrap();
}

/// A loopback endpoint that records each request and answers 200 or 400 as
/// the core verifier decides.
fn endpoint(expected: usize) -> (String, std::thread::JoinHandle<Seen>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks/cloro", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let wh = hookproof::Webhook::preset("cloro", &["whsec_cli_send_secret_0001"]).unwrap();
        let mut seen = Vec::new();
        for stream in listener.incoming().take(expected) {
            let stream = stream.unwrap();
            let (target, headers, body) = read_request(&stream);
            assert_eq!(target, "/hooks/cloro");
            let ok = wh.verify(&body, &headers).is_ok();
            answer(stream, if ok { "200 OK" } else { "400 Bad Request" });
            seen.push((headers, body, ok));
        }
        seen
    });
    (url, handle)
}

#[test]
fn send_posts_signed_deliveries_and_the_failure_cases() {
    let env = [("S", "whsec_cli_send_secret_0001")];
    let (url, handle) = endpoint(4);
    let out = hookproof(
        &[
            "send",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--url",
            &url,
            "--repeat",
            "2",
            "--id",
            "t-1",
        ],
        &env,
        b"{\"a\":1}",
    );
    assert_eq!(
        text(&out.stdout),
        "1: 200 {}\n2: 200 {}\n",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "every answer 2xx");
    let tampered = hookproof(
        &[
            "send",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--url",
            &url,
            "--tamper",
        ],
        &env,
        b"{\"a\":1}",
    );
    assert_eq!(text(&tampered.stdout), "1: 400 {}\n");
    assert_eq!(
        tampered.status.code(),
        Some(1),
        "a 400 fails, as curl --fail"
    );
    let stale = hookproof(
        &[
            "send",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--url",
            &url,
            "--stale",
        ],
        &env,
        b"{\"a\":1}",
    );
    assert_eq!(text(&stale.stdout), "1: 400 {}\n");
    assert_eq!(stale.status.code(), Some(1));
    let seen = handle.join().unwrap();
    assert_eq!(
        seen.iter().map(|(_, _, ok)| *ok).collect::<Vec<_>>(),
        [true, true, false, false]
    );
    assert_eq!(seen[0].0, seen[1].0, "a repeat is the same delivery");
    let no_server = hookproof(
        &[
            "send",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--url",
            "http://127.0.0.1:1/x",
        ],
        &env,
        b"{}",
    );
    assert_eq!(no_server.status.code(), Some(1));
    let https = hookproof(
        &[
            "send",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--url",
            "https://example.com/x",
        ],
        &env,
        b"{}",
    );
    assert_eq!(https.status.code(), Some(2));
}

/// Requests a [`recorder`] saw: target, headers, body.
type Recorded = Vec<(String, Vec<(String, String)>, Vec<u8>)>;

/// A loopback endpoint that answers 200 to each of `expected` requests and
/// records its target, headers and body.
fn recorder(expected: usize) -> (String, std::thread::JoinHandle<Recorded>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(expected) {
            let stream = stream.unwrap();
            seen.push(read_request(&stream));
            answer(stream, "200 OK");
        }
        seen
    });
    (base, handle)
}

/// `send --event` with no body sends each sample in its sender's shape:
/// signed so that the scheme verifies it now, and naming the event where
/// the scheme reads one (header or body field).
#[test]
fn send_event_samples_verify_as_their_senders_deliveries() {
    let Some(dir) = repo_file("tests/vectors") else {
        return;
    };
    // SendGrid signs with a private key: the PKCS#8 one its vectors use.
    let sendgrid = vectors(&dir, "sendgrid.json");
    let pkcs8 = sendgrid["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["secrets"][0].as_str().filter(|s| s.starts_with("MIG")))
        .unwrap()
        .to_owned();
    let samples = hookproof_cli::fixture_events();
    assert!(samples.len() >= 25, "{}", samples.len());
    let (base, handle) = recorder(samples.len());
    let mut sent = Vec::new();
    for (scheme, event) in &samples {
        let preset = hookproof::presets::get(scheme).unwrap();
        let secret = match preset.key() {
            hookproof::KeyForm::WhsecBase64 => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_owned(),
            hookproof::KeyForm::EcdsaP256 => pkcs8.clone(),
            _ => "sample_signing_secret_42".to_owned(),
        };
        let url = format!("{base}/hooks/{scheme}");
        let out = hookproof(
            &[
                "send",
                "--scheme",
                scheme,
                "--secret-env",
                "S",
                "--event",
                event,
                "--url",
                &url,
            ],
            &[("S", &secret)],
            b"",
        );
        assert_eq!(
            text(&out.stdout),
            "1: 200 {}\n",
            "{scheme} {event}: {}",
            text(&out.stderr)
        );
        sent.push((scheme, event, secret, url));
    }
    let seen = handle.join().unwrap();
    for ((scheme, event, secret, url), (_, headers, body)) in sent.iter().zip(&seen) {
        let wh = hookproof::Webhook::preset(scheme, &[secret.as_str()]).unwrap();
        let request = hookproof::Request {
            url: Some(url),
            method: Some("POST"),
        };
        let now = hookproof::unix_now();
        let verified = wh
            .verify_request(body, headers, now, request)
            .unwrap_or_else(|e| panic!("{scheme} {event}: {e}"));
        let reads_event = wh.scheme().event_header().is_some()
            || wh.scheme().to_json().contains("\"event_field\"");
        if reads_event {
            assert_eq!(verified.event(), Some(**event), "{scheme}");
        }
    }
    let unknown = hookproof(
        &[
            "send",
            "--scheme",
            "stripe",
            "--secret-env",
            "S",
            "--event",
            "invoice.nope",
            "--url",
            &format!("{base}/x"),
        ],
        &[("S", "sample_signing_secret_42")],
        b"",
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown.stderr).contains("invoice.paid"),
        "{}",
        text(&unknown.stderr)
    );
}

/// A server that answers and then keeps the socket open until the client
/// closes it, despite `Connection: close` (workerd does so for ~5 s): send
/// must finish on the whole answer, by Content-Length or the last chunk,
/// not wait for the server to close.
#[test]
fn send_stops_reading_at_the_end_of_the_answer_not_at_the_server_closing() {
    use std::io::{Read, Write};
    for answer in [
        "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{\"status\":1}\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"sta\r\n8\r\ntus\":1}\n\r\n0\r\n\r\n",
    ] {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.ends_with(b"{}") {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the CLI hung up before sending its body");
                request.extend_from_slice(&buf[..n]);
            }
            stream.write_all(answer.as_bytes()).unwrap();
            // Held open until the client hangs up (read returns 0), as long
            // as the CLI's own 30 s read timeout would otherwise wait.
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(60)))
                .unwrap();
            let closed_by_client = matches!(stream.read(&mut buf), Ok(0));
            closed_by_client
        });
        let out = hookproof(
            &[
                "send",
                "--scheme",
                "cloro",
                "--secret-env",
                "S",
                "--url",
                &url,
            ],
            &[("S", "whsec_cli_send_secret_0001")],
            b"{}",
        );
        assert_eq!(
            text(&out.stdout),
            "1: 200 {\"status\":1}\n",
            "{}",
            text(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0));
        assert!(
            server.join().unwrap(),
            "the CLI hung up once the answer was whole"
        );
    }
}

#[test]
fn version_is_the_workspace_version() {
    // The one version every artifact carries, from the workspace manifest
    // (the Python and Node suites check theirs against it too).
    let Some(manifest) = repo_file("Cargo.toml") else {
        return;
    };
    let manifest = std::fs::read_to_string(manifest).unwrap();
    let section = manifest.split("[workspace.package]").nth(1).unwrap();
    let line = section.lines().find(|l| l.starts_with("version")).unwrap();
    let version = line.split('"').nth(1).unwrap();
    let out = hookproof(&["--version"], &[], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout).trim(), format!("hookproof {version}"));
}

#[test]
fn sign_adds_the_event_header_and_extra_headers() {
    let env = [("S", "fl_cli_event_secret_01")];
    let base = [
        "sign",
        "--scheme",
        "fileloom",
        "--secret-env",
        "S",
        "--json",
    ];
    let mut args = base.to_vec();
    args.extend(["--event", "pdf.generated", "-H", "X-Trace: abc"]);
    let out = hookproof(&args, &env, b"{}");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let headers: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(headers["X-Fileloom-Event"], "pdf.generated");
    assert_eq!(headers["X-Trace"], "abc");
    assert!(
        headers["X-Fileloom-Signature"]
            .as_str()
            .unwrap()
            .starts_with("sha256=")
    );
    // A scheme without an event header says so (exit 2), and names -H.
    let out = hookproof(
        &[
            "sign",
            "--scheme",
            "cloro",
            "--secret-env",
            "S",
            "--event",
            "x",
        ],
        &env,
        b"{}",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("has no event header"),
        "{}",
        text(&out.stderr)
    );
}

/// tests/vectors/explain/mistakes.json through `explain --json` (the core,
/// Python and Node suites run it too).
#[test]
fn explain_ranks_the_shared_mistakes() {
    let Some(path) = repo_file("tests/vectors/explain/mistakes.json") else {
        return;
    };
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in doc["tests"].as_array().unwrap() {
        let label = format!("#{} {}", case["tcId"], case["comment"]);
        let now = format!("--now={}", case["now"]);
        let scheme = format!("--scheme={}", case["scheme"].as_str().unwrap());
        let mut args = vec![
            "explain".to_owned(),
            scheme,
            "--secret-env=S".into(),
            now,
            "--json".into(),
        ];
        if let Some(url) = case["url"].as_str() {
            args.push(format!("--url={url}"));
        }
        for h in case["headers"].as_array().unwrap() {
            args.push("-H".into());
            args.push(format!(
                "{}: {}",
                h[0].as_str().unwrap(),
                h[1].as_str().unwrap()
            ));
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let env = [("S", case["secret"].as_str().unwrap())];
        let out = hookproof(&argv, &env, case["body"].as_str().unwrap().as_bytes());
        assert_eq!(out.status.code(), Some(0), "{label}: {}", text(&out.stderr));
        let found: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(found["error"], case["error"], "{label}");
        let named: Vec<&str> = found["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["mistake"].as_str().unwrap())
            .collect();
        assert_eq!(
            named.first().copied(),
            case["first"].as_str(),
            "{label}: {named:?}"
        );
        let fix = found["findings"][0]["fix"].as_str().unwrap();
        assert!(
            fix.contains(case["fix_contains"].as_str().unwrap()),
            "{label}: {fix}"
        );
        for mistake in case["mistakes"].as_array().unwrap() {
            assert!(
                named.contains(&mistake.as_str().unwrap()),
                "{label}: {named:?}"
            );
        }
    }
}

#[test]
fn help_and_version_exit_0_and_a_header_given_twice_exits_2() {
    for flag in ["--help", "--version"] {
        let out = hookproof(&[flag], &[], b"");
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert!(text(&out.stdout).contains("hookproof"), "{flag}");
    }
    let env = [("S", "fl_cli_twice_secret_01")];
    let twice = hookproof(
        &[
            "sign",
            "--scheme",
            "fileloom",
            "--secret-env",
            "S",
            "--event",
            "a.b",
            "-H",
            "x-fileloom-event: c.d",
        ],
        &env,
        b"{}",
    );
    assert_eq!(twice.status.code(), Some(2));
    assert!(
        text(&twice.stderr).contains("would be sent twice"),
        "{}",
        text(&twice.stderr)
    );
}

#[test]
fn explain_with_a_secret_the_scheme_refuses_is_no_verdict_of_genuine() {
    // Standard Webhooks base64-decodes its secret: this one is not base64.
    let env = [("S", "whsec_not*base64*at*all")];
    let mut args = vec![
        "explain",
        "--scheme",
        "standard",
        "--secret-env",
        "S",
        "--now",
        "1748419200",
        "-H",
        "webhook-id: msg_1",
        "-H",
        "webhook-timestamp: 1748419200",
        "-H",
        "webhook-signature: v1,AAAA",
    ];
    let text_out = hookproof(&args, &env, b"{}");
    assert_eq!(text_out.status.code(), Some(1));
    assert!(
        text(&text_out.stdout).starts_with("rejected: invalid_secret"),
        "{}",
        text(&text_out.stdout)
    );
    args.push("--json");
    let out = hookproof(&args, &env, b"{}");
    assert_eq!(out.status.code(), Some(1));
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["error"], "invalid_secret");
    assert!(
        !text(&out.stdout).contains("not*base64"),
        "the secret is never printed"
    );
}
