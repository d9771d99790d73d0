//! AWS SNS HTTP(S) deliveries: the message is the JSON body, signed with
//! RSA (PKCS#1 v1.5) under the certificate its `SigningCertURL` names.
//!
//! Rules, from AWS's documentation
//! (<https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html>)
//! and its validators (aws-php-sns-message-validator, the JavaScript
//! `sns-validator`, aws-sdk-ruby's `MessageVerifier`):
//! - the string to sign is `Name\nvalue\n` for a fixed list of fields in
//!   a fixed order, built from the JSON-decoded values; a Notification
//!   signs `Subject` only when it is present (and not null);
//! - `SignatureVersion` 1 is SHA-1, 2 is SHA-256;
//! - the certificate URL must be `https` on `sns.<region>.amazonaws.com`
//!   (or `.amazonaws.com.cn`) and name a `.pem` file, checked before any
//!   fetch: a verifier that fetches any URL the message names verifies
//!   anyone's messages. AWS's own tests (Lambda's event shape) spell the
//!   field `SigningCertUrl`, which is read too.

use base64::Engine as _;
use rsa::{Pkcs1v15Sign, PublicKey};
use sha1::{Digest as _, Sha1};
use sha2::Sha256;
use x509_cert::der::DecodePem as _;
use x509_cert::der::referenced::OwnedToRef as _;

use crate::error::VerifyError;

/// The fields each message type signs, in the order they are signed.
const NOTIFICATION: &[&str] = &[
    "Message",
    "MessageId",
    "Subject",
    "Timestamp",
    "TopicArn",
    "Type",
];
const CONFIRMATION: &[&str] = &[
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
];

/// The message types SNS sends to an HTTP endpoint.
pub const MESSAGE_TYPES: [&str; 3] = [
    "Notification",
    "SubscriptionConfirmation",
    "UnsubscribeConfirmation",
];

const CERT_FIELD: &str = "SigningCertURL (body field)";

/// An SNS message as read from the body, before verification.
pub(crate) struct Message {
    pub(crate) certificate_url: String,
    sha256: bool,
    signature: Vec<u8>,
    string_to_sign: Vec<u8>,
    pub(crate) timestamp: String,
    pub(crate) topic: String,
}

fn field_name(name: &str) -> String {
    format!("{name} (body field)")
}

impl Message {
    /// Reads the message; every field it signs must be a string.
    pub(crate) fn read(body: &[u8]) -> Result<Self, VerifyError> {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| {
            VerifyError::malformed("body", "it is not an SNS message (JSON object)")
        })?;
        let object = value.as_object().ok_or_else(|| {
            VerifyError::malformed("body", "it is not an SNS message (JSON object)")
        })?;
        let text = |name: &str| -> Result<Option<&str>, VerifyError> {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(VerifyError::malformed(
                    &field_name(name),
                    "it is not a string",
                )),
            }
        };
        let required = |name: &str| -> Result<&str, VerifyError> {
            text(name)?
                .filter(|s| !s.is_empty())
                .ok_or_else(|| VerifyError::missing(&field_name(name)))
        };
        let kind = required("Type")?;
        let fields = match kind {
            "Notification" => NOTIFICATION,
            "SubscriptionConfirmation" | "UnsubscribeConfirmation" => CONFIRMATION,
            _ => {
                return Err(VerifyError::malformed(
                    &field_name("Type"),
                    "it is not a message type SNS sends to an HTTP endpoint",
                ));
            }
        };
        let sha256 = match required("SignatureVersion")? {
            "1" => false,
            "2" => true,
            _ => {
                return Err(VerifyError::malformed(
                    &field_name("SignatureVersion"),
                    "it is neither 1 (SHA1withRSA) nor 2 (SHA256withRSA)",
                ));
            }
        };
        // RSA signatures are the key's size: 256 bytes for SNS's 2048-bit
        // keys, 512 for the largest RSA key in use.
        let signature = Some(required("Signature")?)
            .filter(|text| text.len() <= 4 * 512 / 3 + 4)
            .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text).ok())
            .ok_or_else(|| {
                VerifyError::malformed(
                    &field_name("Signature"),
                    "it is not base64 of an RSA signature",
                )
            })?;
        let certificate_url = match text("SigningCertURL")? {
            Some(url) => url,
            None => required("SigningCertUrl")?,
        };
        check_certificate_url(certificate_url)?;
        let mut string_to_sign = Vec::with_capacity(body.len());
        for &name in fields {
            let value = if name == "Subject" {
                match text(name)? {
                    Some(value) => value,
                    None => continue,
                }
            } else {
                required(name)?
            };
            for part in [name.as_bytes(), b"\n", value.as_bytes(), b"\n"] {
                string_to_sign.extend_from_slice(part);
            }
        }
        Ok(Self {
            certificate_url: certificate_url.to_owned(),
            sha256,
            signature,
            string_to_sign,
            timestamp: required("Timestamp")?.to_owned(),
            topic: required("TopicArn")?.to_owned(),
        })
    }

    /// Whether `certificate` signed this message.
    pub(crate) fn verifies(&self, certificate: &Certificate) -> bool {
        let result = if self.sha256 {
            certificate.key.verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(&self.string_to_sign),
                &self.signature,
            )
        } else {
            certificate.key.verify(
                Pkcs1v15Sign::new::<Sha1>(),
                &Sha1::digest(&self.string_to_sign),
                &self.signature,
            )
        };
        result.is_ok()
    }
}

/// Refuses a certificate URL SNS would not use: anything but
/// `https://sns.<region>.amazonaws.com[.cn]/<path>.pem`, the rule AWS's
/// validators share (region: three or more letters, digits or `-`; GovCloud
/// and China included). No port, user, query or fragment; the path is
/// plain (letters, digits, `-`, `_`, `.`, `/`, no `..`).
pub(crate) fn check_certificate_url(url: &str) -> Result<(), VerifyError> {
    let refused = || {
        VerifyError::malformed(
            CERT_FIELD,
            "it is not an https URL of a .pem file on an Amazon SNS host",
        )
    };
    let (host, path) = https_host_and_path(url).ok_or_else(refused)?;
    let region = host
        .strip_prefix("sns.")
        .and_then(|h| {
            h.strip_suffix(".amazonaws.com")
                .or_else(|| h.strip_suffix(".amazonaws.com.cn"))
        })
        .ok_or_else(refused)?;
    let region_ok = is_region(region);
    let path_ok = path.ends_with(".pem")
        && !path.contains("..")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b));
    if region_ok && path_ok {
        Ok(())
    } else {
        Err(refused())
    }
}

/// The host and path (from its `/`) of an `https://` URL, for the checks of
/// a certificate URL a delivery names (SNS's, PayPal's): each then holds
/// the host to its sender's names, which no port, user or other host
/// spelling can pass.
pub(crate) fn https_host_and_path(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("https://")?;
    Some(rest.split_at(rest.find('/')?))
}

/// An AWS region's name: two letters, one or more `-word` parts, then
/// `-<digits>` (`us-east-2`, `us-gov-west-1`, `cn-north-1`). Narrower than
/// the `[a-zA-Z0-9-]{3,}` AWS's validators accept, which also admits
/// `sns.s3-external-1.amazonaws.com`: S3's endpoint for a bucket named `sns`.
fn is_region(region: &str) -> bool {
    let mut parts = region.split('-');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let Some((number, words)) = rest.split_last() else {
        return false;
    };
    first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && !words.is_empty()
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// An SNS signing certificate: its RSA key and validity.
pub(crate) struct Certificate {
    key: PublicKey,
    pub(crate) not_before: i64,
    pub(crate) not_after: i64,
}

impl Certificate {
    /// Reads a PEM certificate fetched from `url`. Its chain is not
    /// checked, as none of AWS's validators does: it is trusted because
    /// it came over HTTPS from an SNS host.
    pub(crate) fn from_pem(url: &str, pem: &[u8]) -> Result<Self, VerifyError> {
        let unusable =
            |what: &str| VerifyError::key_unavailable(format!("the document at {url} {what}"));
        let cert = x509_cert::Certificate::from_pem(pem)
            .map_err(|_| unusable("is not a PEM certificate"))?;
        let tbs = cert.tbs_certificate();
        let key = PublicKey::try_from(tbs.subject_public_key_info().owned_to_ref())
            .map_err(|_| unusable("holds no RSA public key"))?;
        let seconds = |t: x509_cert::time::Time| {
            i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
        };
        Ok(Self {
            key,
            not_before: seconds(tbs.validity().not_before),
            not_after: seconds(tbs.validity().not_after),
        })
    }

    /// Whether the certificate's key signed the SHA-256 of `message`,
    /// PKCS#1 v1.5 (SHA256withRSA: PayPal's).
    pub(crate) fn verifies_sha256(&self, message: &[u8], signature: &[u8]) -> bool {
        self.key
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(message),
                signature,
            )
            .is_ok()
    }

    /// Whether the certificate is valid at `now`.
    pub(crate) fn valid_at(&self, now: i64) -> bool {
        (self.not_before..=self.not_after).contains(&now)
    }
}

#[cfg(test)]
mod tests {
    use super::check_certificate_url;

    #[test]
    fn only_sns_hosts_serve_certificates() {
        for ok in [
            "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem",
            "https://sns.us-gov-west-1.amazonaws.com/a.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem",
        ] {
            assert!(check_certificate_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://sns.us-east-2.amazonaws.com/a.pem",
            "https://sns.us-east-2.amazonaws.com.evil.com/a.pem",
            "https://evil.com/sns.us-east-2.amazonaws.com/a.pem",
            "https://sns.us-east-2.amazonaws.com:8443/a.pem",
            "https://user@sns.us-east-2.amazonaws.com/a.pem",
            "https://sns.us.amazonaws.com/a.pem",
            "https://sqs.us-east-2.amazonaws.com/a.pem",
            "https://sns.us-east-2.amazonaws.com/a.pem?x=1",
            "https://sns.us-east-2.amazonaws.com/a.txt",
            "https://sns.us-east-2.amazonaws.com/../a.pem",
            "https://sns.us_east.amazonaws.com/a.pem",
            "https://sns.us-east-2.amazonaws.com",
            "HTTPS://sns.us-east-2.amazonaws.com/a.pem",
            // S3's legacy endpoints for a bucket named `sns`.
            "https://sns.s3-external-1.amazonaws.com/a.pem",
            "https://sns.s3-us-west-2.amazonaws.com/a.pem",
            "https://sns.US-EAST-2.amazonaws.com/a.pem",
        ] {
            assert!(check_certificate_url(bad).is_err(), "{bad}");
        }
    }
}
