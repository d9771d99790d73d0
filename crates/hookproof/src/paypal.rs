//! PayPal's webhooks (REST API), verified locally as PayPal's docs prefer
//! ("self cryptographic verification") —
//! <https://developer.paypal.com/api/rest/webhooks/rest/>: SHA256withRSA
//! over `<transmission id>|<transmission time>|<webhook id>|<CRC-32 of the
//! body>`, with the certificate at `PAYPAL-CERT-URL`. The webhook id is the
//! receiver's own (its dashboard's), so a delivery made for another
//! account's webhook does not verify here.
//!
//! PayPal's SDKs download the certificate from whatever URL the header
//! names; here only PayPal's API hosts may serve it (refused before any
//! fetch), as SNS's certificate URL is held to SNS hosts. The chain is not
//! checked, as for SNS: HTTPS from PayPal's host vouches for it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::VerifyError;
use crate::sns::Certificate;

/// The header naming the certificate's URL.
pub(crate) const CERT_HEADER: &str = "PAYPAL-CERT-URL";

/// The hosts PayPal serves its certificates from: the live and sandbox
/// API hosts, in both of PayPal's spellings (`api-m.` is the newer).
const HOSTS: [&str; 4] = [
    "api.paypal.com",
    "api-m.paypal.com",
    "api.sandbox.paypal.com",
    "api-m.sandbox.paypal.com",
];

/// Refuses a certificate URL PayPal would not send: anything but
/// `https://<a PayPal API host>/v1/notifications/certs/<id>` (the id:
/// letters, digits and `-`). No port, user, query or fragment.
pub(crate) fn check_certificate_url(url: &str) -> Result<(), VerifyError> {
    let refused = || {
        VerifyError::malformed(
            CERT_HEADER,
            "it is not an https URL of a certificate on a PayPal API host",
        )
    };
    let (host, path) = crate::sns::https_host_and_path(url).ok_or_else(refused)?;
    let id = path
        .strip_prefix("/v1/notifications/certs/")
        .ok_or_else(refused)?;
    let id_ok = !id.is_empty()
        && id.len() <= 128
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if HOSTS.contains(&host) && id_ok {
        Ok(())
    } else {
        Err(refused())
    }
}

/// What PayPal signs: `<transmission id>|<time>|<webhook id>|<crc32>`,
/// the CRC-32 (IEEE) of the raw body as an unsigned decimal, as PayPal's
/// SDKs write it (`zlib.crc32(body) & 0xffffffff`).
pub(crate) fn message(transmission_id: &str, time: &str, webhook_id: &str, body: &[u8]) -> String {
    let crc = crc32(body);
    format!("{transmission_id}|{time}|{webhook_id}|{crc}")
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320: zlib's), a byte
/// at a time from a 1 KiB table made at compile time. Not cryptography:
/// PayPal's signature is over it. `crc32fast` was tried first: its
/// 16 KiB of tables (slice-by-16) added 22 KB to the gzipped WebAssembly
/// module for a checksum of bodies of a few KiB.
#[allow(
    clippy::indexing_slicing,
    reason = "a byte indexes a 256-entry table, and the loop that fills it stops at 256"
)]
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes
        .iter()
        .fold(!0u32, |c, &b| TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8))
}

/// Whether `signature` (base64, from `PAYPAL-TRANSMISSION-SIG`) is
/// `certificate`'s SHA256withRSA over `message`.
pub(crate) fn verifies(certificate: &Certificate, message: &str, signature: &str) -> bool {
    STANDARD
        .decode(signature.trim())
        .is_ok_and(|sig| certificate.verifies_sha256(message.as_bytes(), &sig))
}

#[cfg(test)]
mod tests {
    use super::{check_certificate_url, message};

    #[test]
    fn only_paypal_api_hosts_serve_certificates() {
        for ok in [
            "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
            "https://api-m.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-5edc0ebc",
        ] {
            assert!(check_certificate_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com.evil.com/v1/notifications/certs/CERT-1",
            "https://evil.com/api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
            "https://user@api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com/v1/notifications/certs/",
            "https://api.paypal.com/v1/notifications/certs/CERT-1?x=1",
            "https://api.paypal.com/v1/notifications/certs/../../oauth2/token",
            "https://api.paypal.com/v1/other/CERT-1",
            "https://www.paypal.com/v1/notifications/certs/CERT-1",
        ] {
            assert!(check_certificate_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_crc_is_an_unsigned_decimal() {
        // zlib.crc32(b"hello") is 907060870; b"The quick brown fox jumps
        // over the lazy dog" gives 0x414fa339 = 1095738169; a CRC at or
        // above 2^31 stays positive.
        assert_eq!(message("t", "2015", "W", b"hello"), "t|2015|W|907060870");
        assert_eq!(
            message(
                "t",
                "2015",
                "W",
                b"The quick brown fox jumps over the lazy dog"
            ),
            "t|2015|W|1095738169"
        );
        assert!(message("t", "x", "W", b"a").ends_with("|3904355907"));
    }
}
