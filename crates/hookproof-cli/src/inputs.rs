//! Reading what the command works on: the scheme, secrets, body and headers.
//! Every failure here is a usage or configuration error (exit 2), with a
//! message that never quotes a secret.

use std::io::Read;
use std::path::Path;

use hookproof::{Scheme, Webhook};

use crate::args::KeyArgs;

/// A usage or configuration problem, already phrased for the user.
pub type Usage = String;

/// Builds the webhook from `--scheme`/`--scheme-file` and the secret
/// options, or for a sender that publishes its keys, from `--audience`,
/// `--email`, `--topic`, `--directory`, `--webhook-id` and the documents of `--key-file` (taken as
/// fetched at `now`).
pub fn webhook(args: &KeyArgs, now: i64) -> Result<Webhook, Usage> {
    let scheme = scheme(args)?;
    let published = &args.published;
    // A sender that publishes its keys takes none from the secret options.
    let secrets = match scheme.keys_from() {
        None => secrets(args)?,
        Some(_) => Vec::new(),
    };
    let wh = Webhook::configured(scheme, &secrets, trust(published)).map_err(|e| e.to_string())?;
    for given in &published.key_file {
        // The last `=`: a URL may hold some (a query), a file name rarely.
        let (url, path) = given
            .rsplit_once('=')
            .filter(|(url, path)| !url.is_empty() && !path.is_empty())
            .ok_or_else(|| format!("--key-file takes URL=FILE, not {given:?}"))?;
        let document = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        // A document the scheme refuses (a URL that is not the sender's,
        // no usable key) is left out, and the verdict says what the
        // delivery then lacks.
        if let Err(e) = wh.add_keys(url, &document, None, now) {
            eprintln!("hookproof: --key-file {url} ignored: {e}");
        }
    }
    Ok(wh)
}

fn trust(args: &crate::args::PublishedArgs) -> hookproof::Trust {
    hookproof::Trust {
        audiences: args.audience.clone(),
        email: args.email.clone(),
        topics: args.topic.clone(),
        directory: args.directory.clone(),
        webhook_id: args.webhook_id.clone(),
    }
}

/// The scheme from `--scheme` or `--scheme-file`.
pub fn scheme(args: &KeyArgs) -> Result<Scheme, Usage> {
    let scheme = match (&args.scheme, &args.scheme_file) {
        (_, Some(path)) => {
            Scheme::from_json(&read_text(path)?).map_err(|e| format!("{}: {e}", path.display()))?
        }
        (Some(name), None) => hookproof::presets::get(name).map_err(|e| e.to_string())?,
        (None, None) => return Err("give --scheme NAME or --scheme-file FILE".into()),
    };
    Ok(scheme)
}

/// The secrets from `--secret-env` and `--secret-file`, in that order.
pub fn secrets(args: &KeyArgs) -> Result<Vec<Vec<u8>>, Usage> {
    let mut secrets = Vec::new();
    for var in &args.secret_env {
        secrets.push(env_secret(var)?);
    }
    for path in &args.secret_file {
        secrets.push(file_secret(path)?);
    }
    if secrets.is_empty() {
        return Err("give the secret with --secret-env VAR or --secret-file FILE".into());
    }
    Ok(secrets)
}

/// A preset's name and the secrets given for it, newest first.
pub type PresetSecrets = (String, Vec<Vec<u8>>);

/// For `verify --scheme auto`: each secret tied to the preset it belongs to
/// (`--secret-env stripe=VAR`, `--secret-file github=FILE`), grouped by
/// preset in the order first given. A secret is only ever tried for its own
/// preset: one secret tried under several presets would let a forger pick
/// the weakest construction (a token, a body-only HMAC, no timestamp).
pub fn scheme_secrets(args: &KeyArgs) -> Result<Vec<PresetSecrets>, Usage> {
    let mut grouped: Vec<PresetSecrets> = Vec::new();
    let tied = |given: &str| -> Result<(String, String), Usage> {
        match given.split_once('=') {
            Some((name, rest)) if hookproof::presets::get(name).is_ok() && !rest.is_empty() => {
                Ok((name.to_ascii_lowercase(), rest.to_owned()))
            }
            _ => Err(format!(
                "--scheme auto takes each secret with its preset: --secret-env NAME=VAR or \
                 --secret-file NAME=FILE (NAME from `hookproof schemes`), not {given:?}"
            )),
        }
    };
    let mut add = |name: String, secret: Vec<u8>| match grouped.iter_mut().find(|(n, _)| *n == name)
    {
        Some((_, list)) => list.push(secret),
        None => grouped.push((name, vec![secret])),
    };
    for given in &args.secret_env {
        let (name, var) = tied(given)?;
        add(name, env_secret(&var)?);
    }
    for given in &args.secret_file {
        let (name, path) = tied(&given.to_string_lossy())?;
        add(name, file_secret(std::path::Path::new(&path))?);
    }
    if grouped.is_empty() {
        return Err(
            "--scheme auto needs the secrets of the presets to try: --secret-env NAME=VAR".into(),
        );
    }
    Ok(grouped)
}

fn env_secret(var: &str) -> Result<Vec<u8>, Usage> {
    match std::env::var_os(var) {
        None => Err(format!("environment variable {var} is not set")),
        Some(value) if value.is_empty() => Err(format!("environment variable {var} is empty")),
        Some(value) => Ok(value.into_encoded_bytes()),
    }
}

fn file_secret(path: &std::path::Path) -> Result<Vec<u8>, Usage> {
    let mut bytes =
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // `echo secret > file` leaves one newline; anything more is the
    // secret's own whitespace, which the core refuses with a reason.
    if bytes.ends_with(b"\r\n") {
        bytes.truncate(bytes.len() - 2);
    } else if bytes.ends_with(b"\n") {
        bytes.pop();
    }
    Ok(bytes)
}

/// The body from `--body-file`, or standard input for `-` or no option.
pub fn body(path: Option<&Path>) -> Result<Vec<u8>, Usage> {
    match path {
        Some(path) if path != Path::new("-") => std::fs::read(path)
            .map_err(|e| format!("cannot read body file {}: {e}", path.display())),
        _ => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|e| format!("cannot read the body from stdin: {e}"))?;
            Ok(body)
        }
    }
}

/// Parses `-H 'Name: value'` options.
pub fn headers(raw: &[String]) -> Result<Vec<(String, String)>, Usage> {
    raw.iter()
        .map(|h| match h.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.trim_start().to_owned()))
            }
            _ => Err(format!(
                "a header is given as 'Name: value', got {:?}",
                h.chars().take(40).collect::<String>()
            )),
        })
        .collect()
}

fn read_text(path: &Path) -> Result<String, Usage> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
