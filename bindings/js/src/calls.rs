//! The convention's free calls that hold more than a core call: `explain`'s
//! JSON answer, the schemes' descriptions and JSON form, the request URL
//! from its parts, the integrations' rule constants, and the bound of a
//! `MemoryDedup`. The bindings export each under the same name.

use hookproof::http;

use crate::Error;
use crate::webhook::{load_scheme, seconds};

/// `[name, description]` of every preset.
///
/// # Errors
/// None in practice: every preset builds (a core unit test checks it).
pub fn scheme_descriptions() -> Result<Vec<Vec<String>>, Error> {
    hookproof::presets::names()
        .map(|name| {
            let scheme = hookproof::presets::get(name)?;
            Ok(vec![name.to_owned(), scheme.description().to_owned()])
        })
        .collect()
}

/// A scheme's normalized JSON form: a preset's by `name`, or `text` checked
/// and rewritten.
///
/// # Errors
/// `UNKNOWN_SCHEME` or `INVALID_SCHEME`.
pub fn scheme_json(name: Option<&str>, text: Option<&str>) -> Result<String, Error> {
    let scheme = match (name, text) {
        (Some(name), _) => hookproof::presets::get(name),
        (None, Some(text)) => hookproof::Scheme::from_json(text),
        (None, None) => hookproof::presets::get(""),
    }?;
    Ok(scheme.to_json())
}

/// The presets a request's headers point to, most specific first
/// (`hookproof::identify`); the headers come as flat `[name, value, …]` pairs.
#[must_use]
pub fn identify(pairs: &[String]) -> Vec<&'static str> {
    hookproof::identify(pair_slices(pairs).as_slice())
}

/// `[name, value, …]` as `(name, value)` pairs.
fn pair_slices(pairs: &[String]) -> Vec<(&str, &str)> {
    pairs
        .chunks_exact(2)
        .filter_map(|p| Some((p.first()?.as_str(), p.get(1)?.as_str())))
        .collect()
}

/// Why a delivery fails (`hookproof.explain` in `node/oneshot.js`): the
/// headers come as flat `[name, value, …]` pairs, the answer as JSON text
/// `{"error": code|null, "findings": [{"mistake", "fix"}]}`.
///
/// # Errors
/// `UNKNOWN_SCHEME`/`INVALID_SCHEME` for the scheme, `INVALID_ARGUMENT` for
/// a non-finite `now`.
#[allow(clippy::too_many_arguments, reason = "the call's flat arguments")]
pub fn explain(
    scheme: &str,
    is_json: bool,
    secrets: &[&[u8]],
    pairs: &[String],
    body: &[u8],
    now: Option<f64>,
    request: hookproof::Request<'_>,
) -> Result<String, Error> {
    let scheme = load_scheme(scheme, is_json)?;
    let headers = pair_slices(pairs);
    let now =
        seconds(now, "now is a finite number of unix seconds")?.unwrap_or_else(hookproof::unix_now);
    let found = hookproof::explain(&scheme, secrets, body, headers.as_slice(), now, request);
    let findings: Vec<String> = found
        .findings
        .iter()
        .map(|f| {
            format!(
                "{{\"mistake\":{},\"fix\":{}}}",
                json_string(f.mistake),
                json_string(&f.fix)
            )
        })
        .collect();
    let error = found.code().map_or_else(|| "null".to_owned(), json_string);
    Ok(format!(
        "{{\"error\":{error},\"findings\":[{}]}}",
        findings.join(",")
    ))
}

/// A JSON string literal (the findings are ASCII prose; quotes and
/// backslashes are escaped all the same).
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The URL a sender called (`hookproof::http::request_url`); `forwarded`
/// only when the app trusts its proxy: the values of `Forwarded`,
/// `X-Forwarded-Proto`, `-Host` and `-Port`, in that order.
#[must_use]
pub fn request_url(
    scheme: &str,
    host: &str,
    target: &str,
    forwarded: Option<&[Option<String>]>,
) -> Option<String> {
    let at = |i: usize| forwarded.and_then(|f| f.get(i)).and_then(Option::as_deref);
    http::request_url(
        http::SeenRequest {
            scheme,
            host,
            target,
        },
        forwarded.map(|_| http::ForwardedHeaders {
            forwarded: at(0),
            proto: at(1),
            host: at(2),
            port: at(3),
        }),
    )
}

/// The constants and code lists every hand-written list is checked against.
#[derive(Debug, Clone)]
pub struct Rules {
    /// `hookproof::http::DEFAULT_MAX_BODY`.
    pub default_max_body: u32,
    /// `hookproof::VERIFY_CODES`.
    pub verify_codes: Vec<String>,
    /// `hookproof::CONFIG_CODES`.
    pub config_codes: Vec<String>,
    /// `hookproof::http::ANSWER_CODES`.
    pub answer_codes: Vec<String>,
    /// `hookproof::MAX_KEY_DOCUMENT`: the most a key resolver reads.
    pub max_key_document: u32,
}

/// The rules' constants, read once by `node/gate.js` and `node/errors.js`.
#[must_use]
pub fn http_rules() -> Rules {
    Rules {
        default_max_body: u32::try_from(http::DEFAULT_MAX_BODY).unwrap_or(u32::MAX),
        verify_codes: owned(&hookproof::VERIFY_CODES),
        config_codes: owned(&hookproof::CONFIG_CODES),
        answer_codes: owned(&http::ANSWER_CODES),
        max_key_document: u32::try_from(hookproof::MAX_KEY_DOCUMENT).unwrap_or(u32::MAX),
    }
}

fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// A `MemoryDedup` entry bound from a JS number: a positive whole number,
/// else 0, which the core refuses with its own message.
#[must_use]
pub fn entry_bound(max_entries: f64) -> usize {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive whole number is checked first"
    )]
    if max_entries.is_finite() && max_entries >= 1.0 && max_entries.fract() == 0.0 {
        max_entries as usize
    } else {
        0
    }
}

/// The message of the `KEY_UNAVAILABLE` error a failed fetch of `url`
/// raises (`cause`: the fetch's own error), worded as the core words it.
#[must_use]
pub fn key_fetch_failed(url: &str, cause: &str) -> String {
    hookproof::VerifyError::key_fetch_failed(url, cause).to_string()
}

/// What a sender that publishes its keys must also say, from the
/// constructor's options (empty for every other scheme).
#[must_use]
pub fn trust(
    audiences: Vec<String>,
    email: Option<String>,
    topics: Vec<String>,
    directory: Option<String>,
    webhook_id: Option<String>,
) -> hookproof::Trust {
    hookproof::Trust {
        audiences,
        email,
        topics,
        directory,
        webhook_id,
    }
}
