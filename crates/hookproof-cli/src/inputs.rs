//! Reading what the command works on: the scheme, secrets, body and headers.
//! Every failure here is a usage or configuration error (exit 2), with a
//! message that never quotes a secret.

use std::io::Read;
use std::path::Path;

use hookproof::{Scheme, Webhook};

use crate::args::KeyArgs;

/// A usage or configuration problem, already phrased for the user.
pub type Usage = String;

/// Builds the webhook from `--scheme`/`--scheme-file` and the secret options.
pub fn webhook(args: &KeyArgs) -> Result<Webhook, Usage> {
    let scheme = scheme(args)?;
    Webhook::new(scheme, &secrets(args)?).map_err(|e| e.to_string())
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
        match std::env::var_os(var) {
            None => return Err(format!("environment variable {var} is not set")),
            Some(value) if value.is_empty() => {
                return Err(format!("environment variable {var} is empty"));
            }
            Some(value) => secrets.push(value.into_encoded_bytes()),
        }
    }
    for path in &args.secret_file {
        let mut bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // `echo secret > file` leaves one newline; anything more is the
        // secret's own whitespace, which the core refuses with a reason.
        if bytes.ends_with(b"\r\n") {
            bytes.truncate(bytes.len() - 2);
        } else if bytes.ends_with(b"\n") {
            bytes.pop();
        }
        secrets.push(bytes);
    }
    if secrets.is_empty() {
        return Err("give the secret with --secret-env VAR or --secret-file FILE".into());
    }
    Ok(secrets)
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
