//! `hookproof schemes --markdown`: the presets page of the docs
//! (docs/presets.md), written from the presets themselves so it cannot drift
//! (a test compares the committed page with this output).

use hookproof::Scheme;
use serde_json::Value;

const HEADER: &str = "# Presets\n\n\
Every preset hookproof ships, as its definition says (this page is the output of\n\
`hookproof schemes --markdown`; a test keeps it in step). `hookproof schemes NAME`\n\
prints one preset's full definition in the JSON form a custom scheme uses.\n\
Each preset follows the sender's documentation listed under *Sources* below;\n\
`tests/vectors/NAME.json` holds its test cases, and `tests/vectors/README.md`\n\
says where their expected values come from (the sender's published example\n\
where there is one).\n\n\
| preset | signature header | signed message | key | algorithm, encoding | timestamp | tolerance | dedup key | event |\n\
|---|---|---|---|---|---|---|---|---|\n";

fn names(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        Value::Array(list) => list.iter().map(names).collect::<Vec<_>>().join(" or "),
        _ => "—".to_owned(),
    }
}

/// The signature header, with any further ones (one per secret) and the
/// fixed values the sender declares beside them.
fn signature_headers(d: &Value) -> String {
    let mut out = match d["signature_field"].as_str() {
        Some(field) => format!("body field `{field}`"),
        None => names(&d["signature_header"]),
    };
    if let Some(more) = d["extra_signature_headers"].as_array() {
        for name in more {
            out.push_str(&format!(" and {}", names(name)));
        }
    }
    if let Some(fixed) = d["expected_headers"].as_array() {
        let fixed: Vec<String> = fixed
            .iter()
            .map(|e| {
                format!(
                    "{}: `{}`",
                    names(&e["header"]),
                    e["value"].as_str().unwrap_or_default()
                )
            })
            .collect();
        if !fixed.is_empty() {
            out.push_str(&format!(" (with {})", fixed.join(", ")));
        }
    }
    out
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| "—".to_owned(), |s| format!("`{s}`"))
}

/// One table row per preset, written from its definition in JSON form.
///
/// # Errors
/// When a definition does not read back as JSON (it always does).
pub fn page(schemes: &[Scheme]) -> Result<String, String> {
    let mut out = HEADER.to_owned();
    for scheme in schemes {
        let d: Value = serde_json::from_str(&scheme.to_json()).map_err(|e| e.to_string())?;
        let d = &d;
        let format = &d["signature_format"];
        let (syntax, ts_param) = if let Some(list) = format.get("list") {
            let prefix = list["prefix"].as_str().unwrap_or_default();
            let seps = list["separators"].as_str().unwrap_or_default();
            let many = if seps.is_empty() {
                String::new()
            } else {
                format!(" (several, split on {seps:?})")
            };
            (format!("`{prefix}<sig>`{many}"), None)
        } else {
            let p = &format["params"];
            let sep = p["separator"].as_str().unwrap_or_default();
            let key = p["signature_key"].as_str().unwrap_or_default();
            match p["timestamp_key"].as_str() {
                Some(t) => (format!("`{t}=<ts>{sep}{key}=<sig>`"), Some(t.to_owned())),
                None => (format!("`{key}=<sig>`"), None),
            }
        };
        let timestamp = if let Some(field) = d["timestamp_field"].as_str() {
            format!("body field `{field}`")
        } else if let Some(param) = ts_param {
            format!("`{param}=` in the signature header")
        } else if d["timestamp_header"].is_null() {
            "none".to_owned()
        } else {
            names(&d["timestamp_header"])
        };
        let unit = match d["timestamp_unit"].as_str() {
            _ if timestamp == "none" => "",
            Some("ms") => " (ms)",
            Some("rfc3339") => " (RFC 3339 date)",
            _ => "",
        };
        let tolerance = d["tolerance"]
            .as_u64()
            .map_or_else(|| "off".to_owned(), |t| format!("{t} s"));
        let source = match &d["dedup"] {
            Value::String(kind) if kind == "id" => names(&d["id_header"]),
            Value::String(kind) if kind == "id-without-attempt" => {
                format!("{} without `-<attempt>`", names(&d["id_header"]))
            }
            Value::Object(map) => match map.iter().next() {
                Some((kind, h)) if kind == "header" => names(h),
                Some((kind, f)) if kind == "body-field" => format!("body field {}", text(f)),
                Some((kind, f)) if kind == "body-field-matching-id" => format!(
                    "body field {}, which {} (without `-<attempt>`) must match",
                    text(f),
                    names(&d["id_header"])
                ),
                _ => "—".to_owned(),
            },
            _ => "—".to_owned(),
        };
        let dedup = match scheme.dedup_key_signed() {
            Some(true) => format!("{source} (signed)"),
            Some(false) => format!("{source} (**unsigned**)"),
            None => source,
        };
        // Where the signature is in the body, the rest of the body is not
        // signed (Mailgun signs its timestamp and token only).
        let unsigned_body = d["signature_field"].is_string();
        let event = match (d.get("event_header"), d.get("event_field")) {
            (Some(h), _) if !h.is_null() => names(h),
            (_, Some(f)) if !f.is_null() && unsigned_body => {
                format!("body field {} (**unsigned**)", text(f))
            }
            (_, Some(f)) if !f.is_null() => format!("body field {}", text(f)),
            _ => "—".to_owned(),
        };
        if let Some(from) = scheme.keys_from() {
            out.push_str(&fetched_row(d, from, &tolerance, &dedup, &event));
            continue;
        }
        out.push_str(&format!(
            "| `{}` | {}: {} | `{}` | {} | {}, {} | {}{} | {} | {} | {} |\n",
            d["name"].as_str().unwrap_or_default(),
            signature_headers(d),
            syntax,
            match d["message"].as_str().unwrap_or_default() {
                "" => "— (the header is the secret)".to_owned(),
                m => m.replace('|', "\\|"),
            },
            d["key"].as_str().unwrap_or_default(),
            d["algorithm"].as_str().unwrap_or_default(),
            d["encoding"].as_str().unwrap_or_default(),
            timestamp,
            unit,
            tolerance,
            dedup,
            event,
        ));
    }
    out.push_str(
        "\nKeys: `utf8` uses the secret's bytes as given (a `whsec_…` string included); \
         `whsec-base64` strips an optional `whsec_` and base64-decodes the rest; \
         `ed25519-hex` is a hex public key; `ed25519-base64` a base64 one; algorithm `token`: the header carries the secret itself, compared in constant time, and nothing is signed; `whpk-base64` is a `whpk_` public or `whsk_` secret key; `ecdsa-p256` a P-256 public key in base64 DER (as SendGrid shows it) or PEM, or a PKCS#8 private key, which also signs; `rsa` (for a custom scheme's `rsa-sha256`) an RSA public key in PEM or base64 DER, or a PKCS#8 or PKCS#1 private key, which also signs; *fetched*: the sender publishes its key, which hookproof fetches (through the binding's resolver) and caches, and the receiver gives no secret but what the delivery must carry (the audience and service account for `google-pubsub`, the topics it accepts for `aws-sns`, the audience and Microsoft Entra directory for `azure-event-grid`, the webhook id for `paypal`), or for `plaid` the API keys its resolver fetches the key with.\n\
         Placeholders: `{url}` and `{method}` are passed to verify by the caller; \
         `{form}` is the form body's parameters sorted by name, each name followed by its value.\n",
    );
    out.push_str(DEDUP_NOTE);
    out.push_str("\n## Sources\n\n");
    for scheme in schemes {
        out.push_str(&format!("- `{}`: <{}>\n", scheme.name(), scheme.source()));
    }
    Ok(out)
}

/// The row of a sender that publishes its keys: its family says what is
/// signed and where the key comes from.
fn fetched_row(
    d: &Value,
    from: &hookproof::KeysFrom,
    tolerance: &str,
    dedup: &str,
    event: &str,
) -> String {
    let name = d["name"].as_str().unwrap_or_default();
    let (signature, message, key, algorithm, timestamp) = match from {
        hookproof::KeysFrom::Jwks {
            url,
            authorized_parties,
            ..
        } => (
            "`Authorization`: `Bearer <JWT>`".to_owned(),
            "the token's header and claims (not the body)".to_owned(),
            if authorized_parties.is_empty() {
                format!("fetched: the JWKS at <{url}>; checked: `iss`, `aud`, `email`")
            } else {
                format!(
                    "fetched: the JWKS at <{url}> (your directory id in place of `{{directory}}`); \
                     checked: `iss`, `aud`, `azp`/`appid`"
                )
            },
            "RS256, base64url",
            "the token's `iat` (`exp` checked, with the tolerance as clock skew)",
        ),
        hookproof::KeysFrom::PaypalCertificate { .. } => (
            "`PAYPAL-TRANSMISSION-SIG`".to_owned(),
            "`{PAYPAL-TRANSMISSION-ID}|{PAYPAL-TRANSMISSION-TIME}|{your webhook id}|{CRC-32 of the body}`"
                .to_owned(),
            "fetched: the X.509 certificate at `PAYPAL-CERT-URL` (a PayPal API host only)".to_owned(),
            "RSA PKCS#1 v1.5 with SHA-256 (`PAYPAL-AUTH-ALGO: SHA256withRSA`), base64",
            "`PAYPAL-TRANSMISSION-TIME` (RFC 3339 date)",
        ),
        hookproof::KeysFrom::KeyById { url, .. } => (
            "`Plaid-Verification`: a JWT".to_owned(),
            "the token's header and claims: `iat` and the body's SHA-256 (`request_body_sha256`)"
                .to_owned(),
            format!("fetched by the token's `kid` from <{url}> with your API credentials"),
            "ES256 (P-256), base64url",
            "the token's `iat`, within the tolerance either way",
        ),
        _ => (
            "body field `Signature`".to_owned(),
            "SNS's canonical string of the message fields".to_owned(),
            "fetched: the X.509 certificate at `SigningCertURL` (an SNS host only)".to_owned(),
            "RSA PKCS#1 v1.5 with SHA-1 (`SignatureVersion` 1) or SHA-256 (2), base64",
            "body field `Timestamp` (RFC 3339 date)",
        ),
    };
    format!(
        "| `{name}` | {signature} | {message} | {key} | {algorithm} | {timestamp} | {tolerance} | {dedup} | {event} |\n"
    )
}

/// What "signed" and "unsigned" mean in the dedup key column.
const DEDUP_NOTE: &str = "\n## Dedup keys: signed or not\n\n\
A dedup key is *signed* when it comes from bytes the signature covers: a body \
field, or an id header the signed message includes. An *unsigned* key is a \
header the signature does not cover: whoever replays a captured delivery can \
rewrite it, and the copy then deduplicates as a new delivery. Where the signed \
bytes carry an identifier, the preset uses it: cloro's body `task.id` (its \
`X-Cloro-Webhook-Id` must agree, or reading the key fails with \
`malformed_header` and the integrations with a dedup store refuse the \
delivery; the protection itself is the signed key: a replay that drops the \
header or copies the task id into it still deduplicates on `task.id`) and Fileloom's \
event `id` (its `X-Fileloom-Delivery-Id` is still reported as the delivery's \
id). The presets marked unsigned carry no identifier in what they sign \
(GitHub, Shopify and Linear sign the body, which holds the resource, not the \
delivery; Twilio signs the URL and form): there, dedup stops the sender's own \
retries, and a replay is bounded only by the timestamp window where the \
sender signs a timestamp (Linear: 60 s) and by nothing where it does not. \
Serve such endpoints over HTTPS only, and treat their handlers as \
idempotent.\n";
