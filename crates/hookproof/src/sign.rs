//! [`Webhook::sign`]: the headers a sender attaches, and the ids it makes.

use crate::body_fields;
use crate::error::ConfigError;
use crate::scheme::{DedupKey, SignatureFormat};
use crate::signature;
use crate::template::Values;
use crate::verified::Request;
use crate::webhook::{Webhook, unix_now};

impl Webhook {
    /// The headers a sender attaches to `body`: signature, timestamp and id,
    /// as `(name, value)` pairs with the scheme's canonical names. Signs with
    /// the first secret. `timestamp` defaults to now (unix seconds, converted
    /// to the scheme's unit); `id` defaults to a random UUID (with `-1`
    /// appended where the scheme's ids carry an attempt number).
    ///
    /// # Errors
    /// [`ConfigError`] (`invalid_argument`) for a negative timestamp or an id
    /// that is empty, longer than 256 bytes, or not visible ASCII.
    pub fn sign(
        &self,
        body: &[u8],
        timestamp: Option<i64>,
        id: Option<&str>,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        self.sign_request(body, timestamp, id, Request::default())
    }

    /// [`Webhook::sign`] for senders that also sign the URL or method.
    ///
    /// # Errors
    /// As [`Webhook::sign`], and when `request` lacks what the scheme signs,
    /// or the key is a public key (Ed25519, P-256 or RSA: only its private
    /// half signs).
    pub fn sign_request(
        &self,
        body: &[u8],
        timestamp: Option<i64>,
        id: Option<&str>,
        request: Request<'_>,
    ) -> Result<Vec<(String, String)>, ConfigError> {
        self.check_request(request)?;
        let scheme = &self.scheme;
        if scheme.keys_from.is_some() {
            // The sender signs with a private key of its own (AWS's, or
            // Google's for a token); a receiver holds only public keys.
            return Err(ConfigError::argument(
                "this scheme is verified with keys its sender publishes; only the sender can sign",
            ));
        }
        let Some(sig_header) = &scheme.signature_header else {
            // Mailgun's kind: the signature is a field of the body, which a
            // list of headers cannot carry.
            return Err(ConfigError::argument(
                "this scheme's signature is a field of the body; sign returns headers only",
            ));
        };
        let seconds = timestamp.unwrap_or_else(unix_now);
        if seconds < 0 {
            return Err(ConfigError::argument("the timestamp to sign is negative"));
        }
        // Signing another time than asked would be wrong: an RFC 3339 date
        // has four digits of year.
        let ts_text = crate::timestamp::format(seconds, scheme.timestamp_unit).ok_or_else(|| {
            ConfigError::argument(
                "the timestamp to sign is past the year 9999, which an RFC 3339 date cannot hold",
            )
        })?;
        let id = match (&scheme.id_header, id) {
            (None, _) => None,
            (Some(_), Some(id)) => Some(checked_id(id)?.to_owned()),
            (Some(_), None) => Some(new_id(&scheme.dedup, body)?),
        };
        // The first secret in force at the signing time: a retired one
        // would only produce deliveries its receivers refuse.
        let in_force = |i: &usize| self.in_force(*i, seconds);
        let first_at = (0..self.keys.len())
            .find(in_force)
            .ok_or_else(|| ConfigError::argument("no secret in force to sign with"))?;
        let first = self
            .keys
            .get(first_at)
            .ok_or_else(|| ConfigError::argument("no secret to sign with"))?;
        let form = scheme
            .message
            .form_of(body, request.url.unwrap_or_default());
        let values = Values {
            body,
            timestamp: &ts_text,
            id: id.as_deref().unwrap_or_default(),
            url: request.url.unwrap_or_default(),
            method: request.method.unwrap_or_default(),
            form: form.as_deref().unwrap_or_default(),
            fields: &[],
        };
        let header_value = |key: &crate::key::PreparedKey| -> Result<String, ConfigError> {
            let encoded =
                signature::encode(scheme.encoding, &key.sign(scheme.message.message(values))?);
            Ok(match &scheme.signature_format {
                SignatureFormat::List { prefix, .. } => format!("{prefix}{encoded}"),
                SignatureFormat::Params {
                    separator,
                    signature_key,
                    timestamp_key,
                } => match timestamp_key {
                    Some(t) => format!("{t}={ts_text}{separator}{signature_key}={encoded}"),
                    None => format!("{signature_key}={encoded}"),
                },
            })
        };
        let mut out = Vec::with_capacity(3);
        for expected in &scheme.expected_headers {
            out.push((expected.header.name().to_owned(), expected.value.clone()));
        }
        if let Some(name) = &scheme.timestamp_header {
            out.push((name.name().to_owned(), ts_text.clone()));
        }
        if let (Some(name), Some(id)) = (&scheme.id_header, &id) {
            out.push((name.name().to_owned(), id.clone()));
        }
        if scheme.extra_signature_headers.is_empty() {
            out.push((sig_header.name().to_owned(), header_value(first)?));
            return Ok(out);
        }
        // One header per secret, header i with secret i, as Box's primary
        // and secondary and DocuSign's -1, -2… are (Box's SDKs check them
        // so); a retired secret's header is left out.
        let names = std::iter::once(sig_header).chain(&scheme.extra_signature_headers);
        let before = out.len();
        for (i, (name, key)) in names.zip(&self.keys).enumerate() {
            if in_force(&i) {
                out.push((name.name().to_owned(), header_value(key)?));
            }
        }
        if out.len() == before {
            return Err(ConfigError::argument(
                "no secret in force has a signature header of its own to sign",
            ));
        }
        Ok(out)
    }
}

fn checked_id(id: &str) -> Result<&str, ConfigError> {
    if id.is_empty() || id.len() > 256 || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ConfigError::argument(
            "an id is 1 to 256 visible ASCII characters",
        ));
    }
    Ok(id)
}

/// The id a sender gives a delivery signed without one: for cloro, whose
/// id header must agree with the body's task id, that id and attempt 1
/// (`<task.id>-1`); otherwise a random UUID, with `-1` where ids carry an
/// attempt number.
fn new_id(dedup: &DedupKey, body: &[u8]) -> Result<String, ConfigError> {
    if let DedupKey::BodyFieldMatchingId(name) = dedup {
        let key = body_fields::body_field(body, name);
        if let Some(key) = key.filter(|k| checked_id(k).is_ok() && k.len() < 254) {
            return Ok(format!("{key}-1"));
        }
    }
    random_id(dedup)
}

#[allow(
    clippy::indexing_slicing,
    reason = "constant indices into a 16-byte array and its 32-char hex"
)]
fn random_id(dedup: &DedupKey) -> Result<String, ConfigError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|_| ConfigError::argument("no randomness for an id; pass one"))?;
    // RFC 9562 §5.4: version 4, variant 10.
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    let uuid = format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    );
    Ok(
        if matches!(
            dedup,
            DedupKey::IdWithoutAttempt | DedupKey::BodyFieldMatchingId(_)
        ) {
            format!("{uuid}-1")
        } else {
            uuid
        },
    )
}
