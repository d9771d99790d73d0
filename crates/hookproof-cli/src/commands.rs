//! The subcommands, each returning its exit code: 0 genuine (or done), 1
//! rejected, 2 usage or configuration error.

use serde_json::{Value, json};

use crate::args::{Command, SchemesArgs, SendArgs, SignArgs, VerifyArgs};
use crate::{fixtures, inputs, markdown, send};

/// Runs one parsed subcommand.
pub fn dispatch(command: Command) -> u8 {
    let result = match command {
        Command::Verify(args) => verify(&args),
        Command::Explain(args) => explain(&args),
        Command::Sign(args) => sign(&args),
        Command::Send(args) => send_delivery(&args),
        Command::Schemes(args) => schemes(&args),
    };
    result.unwrap_or_else(|usage| {
        eprintln!("hookproof: {usage}");
        2
    })
}

fn verify(args: &VerifyArgs) -> Result<u8, inputs::Usage> {
    let headers = inputs::headers(&args.headers)?;
    let body = inputs::body(args.key.body_file.as_deref())?;
    let request = hookproof::Request {
        url: args.request.url.as_deref(),
        method: args.request.method.as_deref(),
    };
    let now = args.now.unwrap_or_else(hookproof::unix_now);
    let tolerance = |wh: hookproof::Webhook| {
        if args.no_tolerance {
            wh.with_tolerance(None)
        } else if let Some(seconds) = args.tolerance {
            wh.with_tolerance(Some(seconds))
        } else {
            wh
        }
    };
    let wh = if args.key.scheme.as_deref() == Some("auto") {
        tolerance(auto(args, &headers, request, |wh| {
            let wh = tolerance(wh.clone());
            wh.verify_request(&body, &headers, now, request)
                .and_then(|v| v.dedup_key().map(drop))
                .is_ok()
        })?)
    } else {
        let wh = tolerance(inputs::webhook(&args.key, now)?);
        wh.check_request(request).map_err(|e| e.to_string())?;
        wh
    };
    // The command does no network I/O: a key the sender publishes comes
    // from --key-file, and a missing one is named with how to get it.
    if let Ok(Some(url)) = wh.key_url(&body, &headers, now) {
        match url.split_once('#') {
            // A key fetched by id (Plaid's), with the API keys.
            Some((endpoint, kid)) => eprintln!(
                "hookproof: this delivery is verified with key {kid}: fetch it with your API keys \
                 (curl -sSfo key.json -H 'Content-Type: application/json' -d \
                 '{{\"client_id\": \"…\", \"secret\": \"…\", \"key_id\": \"{kid}\"}}' {endpoint}) \
                 and pass --key-file '{url}=key.json'"
            ),
            None => eprintln!(
                "hookproof: this delivery is verified with the key at {url}: fetch it \
                 (curl -sSfo key.pem '{url}') and pass --key-file '{url}=key.pem'"
            ),
        }
    }
    // A key that cannot be read (an id header that disagrees with the
    // signed body) refuses the delivery, as the integrations do.
    let outcome = wh
        .verify_request(&body, &headers, now, request)
        .and_then(|v| Ok((v.dedup_key()?.map(str::to_owned), v)));
    let (fields, code): (Vec<(&str, Value)>, u8) = match outcome {
        Ok((dedup_key, v)) => (
            vec![
                ("ok", json!(true)),
                ("scheme", json!(v.scheme())),
                ("id", json!(v.id())),
                ("timestamp", json!(v.timestamp())),
                ("event", json!(v.event())),
                ("dedup_key", json!(dedup_key)),
                ("key_index", json!(v.key_index())),
                // What the sender's handshake must be answered with.
                ("handshake", json!(wh.handshake_reply(v.event(), &body))),
            ],
            0,
        ),
        Err(e) => (
            vec![
                ("ok", json!(false)),
                ("code", json!(e.code())),
                ("message", json!(e.to_string())),
            ],
            1,
        ),
    };
    if args.key.json {
        let map: serde_json::Map<String, Value> =
            fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        println!("{}", Value::Object(map));
    } else {
        // `genuine: scheme=cloro id=… …` or `rejected: <code>: <message>`.
        let genuine = code == 0;
        let values: Vec<String> = fields
            .iter()
            .skip(1)
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                if genuine {
                    format!("{k}={}", plain(v))
                } else {
                    plain(v)
                }
            })
            .collect();
        if genuine {
            println!("genuine: {}", values.join(" "));
        } else {
            println!("rejected: {}", values.join(": "));
        }
    }
    Ok(code)
}

/// `verify --scheme auto`: among the presets the user gave secrets for
/// (`--secret-env NAME=VAR`), those whose signature header the delivery
/// carries (`hookproof::identify`, most specific first), each tried with its
/// own secrets only. The answer is the first that verifies; when none does,
/// the most specific one, whose rejection is then reported. Which presets
/// were tried goes to standard error.
fn auto(
    args: &VerifyArgs,
    headers: &[(String, String)],
    request: hookproof::Request<'_>,
    verifies: impl Fn(&hookproof::Webhook) -> bool,
) -> Result<hookproof::Webhook, inputs::Usage> {
    let configured = inputs::scheme_secrets(&args.key)?;
    let names: Vec<&str> = configured.iter().map(|(n, _)| n.as_str()).collect();
    let candidates: Vec<&str> = hookproof::identify(headers)
        .into_iter()
        .filter(|name| names.contains(name))
        .collect();
    if candidates.is_empty() {
        return Err(format!(
            "--scheme auto: the delivery carries the signature header of none of {}",
            names.join(", ")
        ));
    }
    let mut usable = Vec::new();
    for name in &candidates {
        let secrets = configured
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.as_slice())
            .unwrap_or_default();
        let wh = hookproof::presets::get(name)
            .and_then(|s| hookproof::Webhook::new(s, secrets))
            .map_err(|e| format!("--scheme auto: {name}: {e}"))?;
        wh.check_request(request)
            .map_err(|e| format!("--scheme auto: {name}: {e}"))?;
        usable.push((*name, wh));
    }
    let tried = candidates.join(", ");
    let index = usable
        .iter()
        .position(|(_, wh)| verifies(wh))
        .unwrap_or_else(|| {
            eprintln!("auto: no candidate verified (tried: {tried})");
            0
        });
    let (name, wh) = usable.swap_remove(index);
    eprintln!("auto: {name} (candidates: {tried})");
    Ok(wh)
}

fn explain(args: &VerifyArgs) -> Result<u8, inputs::Usage> {
    // No Webhook here: a secret this scheme refuses may still be the answer.
    let scheme = inputs::scheme(&args.key)?;
    let secrets = inputs::secrets(&args.key)?;
    let headers = inputs::headers(&args.headers)?;
    let body = inputs::body(args.key.body_file.as_deref())?;
    let request = hookproof::Request {
        url: args.request.url.as_deref(),
        method: args.request.method.as_deref(),
    };
    let now = args.now.unwrap_or_else(hookproof::unix_now);
    let secret_refs: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
    let found = hookproof::explain(&scheme, &secret_refs, &body, &headers, now, request);
    // A secret this scheme refuses verifies nothing: explain has no verdict
    // then, but the delivery is not genuine. Its code and message stand in.
    let (code, message) = (found.code(), found.message());
    // Exit 1 only when a failure has no explanation, in both forms.
    let exit = u8::from(code.is_some() && found.findings.is_empty());
    if args.key.json {
        // The Python explain's shape (lower-case codes), plus the message.
        let findings: Vec<Value> = found
            .findings
            .iter()
            .map(|f| json!({"mistake": f.mistake, "fix": f.fix}))
            .collect();
        let out = json!({"error": code, "message": message, "findings": findings});
        println!("{out}");
        return Ok(exit);
    }
    let (Some(code), Some(message)) = (code, message) else {
        println!("genuine: nothing to explain");
        return Ok(0);
    };
    println!("rejected: {code}: {message}");
    if found.findings.is_empty() && found.refused.is_none() {
        println!(
            "none of the usual mistakes matches: most likely the secret is not the one this \
             sender uses (another endpoint or environment), or the body was changed in transit"
        );
    }
    for finding in &found.findings {
        println!("would verify if: {finding}");
    }
    Ok(exit)
}

fn send_delivery(args: &SendArgs) -> Result<u8, inputs::Usage> {
    let wh = inputs::webhook(&args.key, hookproof::unix_now())?;
    let target = send::target(&args.url)?;
    let path = args.body.as_deref().or(args.key.body_file.as_deref());
    let timestamp = match (args.stale, args.timestamp) {
        (true, _) => Some(hookproof::unix_now() - 3600),
        (false, t) => t,
    };
    // `--event` without a body: the sender's own shape of that event.
    let from_fixture = path.is_none() && args.event.is_some();
    let mut body = match (path, args.event.as_deref()) {
        (None, Some(event)) => fixture_body(wh.scheme().name(), event, timestamp)?,
        _ => inputs::body(path)?,
    };
    let request = hookproof::Request {
        url: Some(&args.url),
        method: Some("POST"),
    };
    let mut headers = wh
        .sign_request(&body, timestamp, args.id.as_deref(), request)
        .map_err(|e| e.to_string())?;
    let event_header = args.event.as_deref().filter(|_| {
        // A fixture of a sender without an event header carries its event
        // in the body (Stripe's `type`) or nowhere (Slack's Events API).
        !from_fixture || wh.scheme().event_header().is_some()
    });
    let extra = extra_headers(wh.scheme(), event_header, &args.headers, &headers)?;
    headers.extend(extra);
    if args.tamper {
        // One byte changed after signing: a space before the end.
        let at = body.len().saturating_sub(1);
        body.insert(at, b' ');
    }
    // Like `curl --fail`: every attempt must be answered 2xx for exit 0;
    // each answer's status and body are printed either way.
    let mut all_2xx = true;
    for attempt in 1..=args.repeat.max(1) {
        match send::post(&target, &headers, &body) {
            Ok((status, answer)) => {
                println!("{attempt}: {status} {}", answer.trim());
                all_2xx &= (200..300).contains(&status);
            }
            Err(e) => {
                println!("{attempt}: no answer from {}: {e}", args.url);
                all_2xx = false;
            }
        }
    }
    Ok(if all_2xx { 0 } else { 1 })
}

/// The fixture body of `scheme`'s `event`, its times at `at` (default now).
fn fixture_body(scheme: &str, event: &str, at: Option<i64>) -> Result<Vec<u8>, inputs::Usage> {
    let now = at.unwrap_or_else(hookproof::unix_now);
    fixtures::body(scheme, event, now).ok_or_else(|| {
        let known = fixtures::events(scheme);
        if known.is_empty() {
            format!("there is no sample body for the {scheme} scheme: pass the body (a file, or standard input)")
        } else {
            format!(
                "there is no sample body for the {scheme} event {event:?} (samples: {}): pass the body",
                known.join(", ")
            )
        }
    })
}

/// `--event` in the scheme's event header, then the `-H` headers. A name
/// given twice (or one `sign` already sets) is refused: receivers refuse a
/// repeated header, and `--json` could hold only one of the values.
fn extra_headers(
    scheme: &hookproof::Scheme,
    event: Option<&str>,
    raw: &[String],
    signed: &[(String, String)],
) -> Result<Vec<(String, String)>, inputs::Usage> {
    let mut out = Vec::new();
    if let Some(event) = event {
        let Some(name) = scheme.event_header() else {
            return Err(format!(
                "the {} scheme has no event header (where it has an event, it is in the signed body)",
                scheme.name()
            ));
        };
        out.push((name.name().to_owned(), event.to_owned()));
    }
    out.extend(inputs::headers(raw)?);
    for (i, (name, _)) in out.iter().enumerate() {
        let mut earlier = signed.iter().chain(out.iter().take(i));
        if earlier.any(|(other, _)| other.eq_ignore_ascii_case(name)) {
            return Err(format!("the header {name} would be sent twice"));
        }
    }
    Ok(out)
}

fn sign(args: &SignArgs) -> Result<u8, inputs::Usage> {
    let wh = inputs::webhook(&args.key, hookproof::unix_now())?;
    let body = inputs::body(args.key.body_file.as_deref())?;
    let request = hookproof::Request {
        url: args.request.url.as_deref(),
        method: args.request.method.as_deref(),
    };
    let mut headers = wh
        .sign_request(&body, args.timestamp, args.id.as_deref(), request)
        .map_err(|e| e.to_string())?;
    let extra = extra_headers(wh.scheme(), args.event.as_deref(), &args.headers, &headers)?;
    headers.extend(extra);
    if args.key.json {
        let map: serde_json::Map<String, Value> = headers
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        println!("{}", Value::Object(map));
    } else {
        for (name, value) in headers {
            println!("{name}: {value}");
        }
    }
    Ok(0)
}

fn schemes(args: &SchemesArgs) -> Result<u8, inputs::Usage> {
    let names: Vec<&str> = match &args.name {
        Some(name) => vec![name.as_str()],
        None => hookproof::presets::names().collect(),
    };
    if args.markdown {
        let schemes = names
            .iter()
            .map(|name| hookproof::presets::get(name).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        print!("{}", markdown::page(&schemes)?);
        return Ok(0);
    }
    for name in names {
        let scheme = hookproof::presets::get(name).map_err(|e| e.to_string())?;
        if args.verbose || args.name.is_some() {
            println!("{}", scheme.to_json());
        } else {
            println!("{:<13} {}", scheme.name(), scheme.description());
        }
    }
    Ok(0)
}

fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
