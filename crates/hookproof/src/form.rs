//! Twilio's request rules, which a template's `{form}` part stands for:
//! the signed form parameters (the `application/x-www-form-urlencoded` body
//! decoded, sorted by name, each name followed by its value(s), sorted and
//! without repeats), a JSON body signed through a `bodySHA256` query
//! parameter instead, and the URL tried with and without its port — what
//! Twilio's own `RequestValidator`s compute (twilio-python
//! `request_validator.py`, twilio-node `webhooks.ts`).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// The `bodySHA256` query parameter of `url`: a JSON-bodied Twilio request
/// signs the URL alone (no parameters appended) and carries the body's
/// SHA-256 (hex) there.
pub(crate) fn body_sha256(url: &str) -> Option<&str> {
    let query = url.split_once('?')?.1.split('#').next().unwrap_or_default();
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("bodySHA256="))
}

/// Whether `body` hashes to the hex digest `expected` (either case).
pub(crate) fn body_matches(body: &[u8], expected: &str) -> bool {
    let digest = hex::encode(Sha256::digest(body));
    crate::signature::tags_equal(digest.as_bytes(), expected.to_ascii_lowercase().as_bytes())
}

/// The URL forms Twilio's validators accept a signature for, because
/// Twilio's back end is not consistent about ports: the URL without any
/// port, and the URL with its port (the scheme's default, `:443` or `:80`,
/// when it has none). One form when both are the same.
pub(crate) fn url_variants(url: &str) -> Vec<String> {
    let Some(u) = crate::request_url::split_url(url) else {
        return vec![url.to_owned()];
    };
    let without = format!("{}://{}{}", u.scheme, u.authority(None), u.tail);
    let port = u.port.unwrap_or_else(|| u.default_port());
    let with = format!("{}://{}{}", u.scheme, u.authority(Some(port)), u.tail);
    if without == with {
        vec![without]
    } else {
        vec![without, with]
    }
}

/// The bytes Twilio appends to the URL before signing.
pub(crate) fn sorted_params(body: &[u8]) -> Vec<u8> {
    let mut params: BTreeMap<Vec<u8>, Vec<Vec<u8>>> = BTreeMap::new();
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut kv = pair.splitn(2, |b| *b == b'=');
        let key = decode(kv.next().unwrap_or_default());
        let value = decode(kv.next().unwrap_or_default());
        params.entry(key).or_default().push(value);
    }
    let mut out = Vec::with_capacity(body.len());
    for (key, mut values) in params {
        values.sort();
        values.dedup();
        for value in values {
            out.extend_from_slice(&key);
            out.extend_from_slice(&value);
        }
    }
    out
}

/// Percent-decoding with `+` as space; a malformed escape stays as it is.
fn decode(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => match (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{body_sha256, sorted_params, url_variants};

    #[test]
    fn twilio_url_forms_and_the_body_hash_parameter() {
        assert_eq!(
            url_variants("https://mycompany.com/myapp.php?foo=1"),
            [
                "https://mycompany.com/myapp.php?foo=1",
                "https://mycompany.com:443/myapp.php?foo=1"
            ]
        );
        assert_eq!(
            url_variants("http://u:p@mycompany.com:1234/a"),
            [
                "http://u:p@mycompany.com/a",
                "http://u:p@mycompany.com:1234/a"
            ]
        );
        assert_eq!(
            url_variants("https://[::1]/x"),
            ["https://[::1]/x", "https://[::1]:443/x"]
        );
        assert_eq!(url_variants("not a url"), ["not a url"]);
        assert_eq!(
            body_sha256("https://a/b?foo=1&bodySHA256=abc#f"),
            Some("abc")
        );
        assert_eq!(body_sha256("https://a/b?foo=1"), None);
    }

    #[test]
    fn sorts_decodes_and_folds_repeats() {
        let body = b"To=%2B18005551212&From=%2B1234&Body=hi+there&A=2&A=1&A=2&bad=%zz";
        assert_eq!(
            sorted_params(body),
            b"A1A2Bodyhi thereFrom+1234To+18005551212bad%zz".to_vec()
        );
    }
}
