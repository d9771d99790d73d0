//! Reading the signature header: splitting it into entries, finding the ones
//! this scheme signs with, and decoding them to bytes before any comparison.

use base64::Engine as _;

use crate::key::{BASE64_LENIENT_PAD, MAX_TAG_LEN};
use crate::scheme::{Encoding, SignatureFormat};

/// At most this many signatures with the scheme's prefix are read from a
/// delivery's signature headers, all of them together. Rotation needs two
/// or three; a longer list is refused
/// (`malformed_header`) so a hostile header cannot multiply the work.
pub const MAX_SIGNATURES: usize = 16;

/// One piece of a signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry<'a> {
    /// An encoded signature under the scheme's prefix or key.
    Signature(&'a str),
    /// The timestamp parameter (`t=` in `t=…,v1=…`).
    Timestamp(&'a str),
    /// Anything else: another version, an unknown key. Skipped.
    Other,
}

/// Splits `value` into entries according to `format`.
pub(crate) fn entries<'a>(
    format: &'a SignatureFormat,
    value: &'a str,
) -> impl Iterator<Item = Entry<'a>> + 'a {
    // Separators are ASCII (checked when the scheme is built).
    let separators: &'a [u8] = match format {
        SignatureFormat::List { separators, .. } => separators.as_bytes(),
        SignatureFormat::Params { separator, .. } => {
            let byte = u8::try_from(u32::from(*separator)).unwrap_or(0);
            ASCII
                .get(usize::from(byte)..=usize::from(byte))
                .unwrap_or_default()
        }
    };
    Pieces {
        rest: Some(value),
        separators,
    }
    .map(|piece| piece.trim_matches(|c: char| c == ' ' || c == '\t'))
    .filter(|piece| !piece.is_empty())
    .map(move |piece| classify(format, piece))
}

/// Every ASCII byte, so one separator byte can be lent as a slice.
#[allow(
    clippy::indexing_slicing,
    reason = "const evaluation: an index out of range fails the build, not a request"
)]
const ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0u8;
    while i < 128 {
        table[i as usize] = i;
        i += 1;
    }
    table
};

/// Splits on ASCII separator bytes with `memchr` (SIMD): per-character
/// splitting showed up at a fifth of a whole verify in callgrind, a byte loop
/// still at a tenth. Splitting at ASCII bytes lands on character boundaries.
struct Pieces<'a> {
    rest: Option<&'a str>,
    separators: &'a [u8],
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        let found = match *self.separators {
            [] => None,
            [a] => memchr::memchr(a, bytes),
            [a, b] => memchr::memchr2(a, b, bytes),
            [a, b, c] => memchr::memchr3(a, b, c, bytes),
            _ => bytes.iter().position(|b| self.separators.contains(b)),
        };
        match found {
            Some(i) => {
                self.rest = rest.get(i + 1..);
                rest.get(..i)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

fn classify<'a>(format: &SignatureFormat, piece: &'a str) -> Entry<'a> {
    match format {
        SignatureFormat::List { prefix, .. } => match strip_prefix_ignore_case(piece, prefix) {
            Some(signature) => Entry::Signature(signature),
            None => Entry::Other,
        },
        SignatureFormat::Params {
            signature_key,
            timestamp_key,
            ..
        } => {
            // A byte search: `split_once('=')` went through the generic
            // char searcher, a third of Stripe's header parsing (callgrind).
            let Some(eq) = memchr::memchr(b'=', piece.as_bytes()) else {
                return Entry::Other;
            };
            let (key, value) = (
                piece.get(..eq).unwrap_or_default(),
                piece.get(eq + 1..).unwrap_or_default(),
            );
            let key = key.trim_end();
            let value = value.trim_start();
            if key == signature_key {
                Entry::Signature(value)
            } else if timestamp_key.as_deref() == Some(key) {
                Entry::Timestamp(value)
            } else {
                Entry::Other
            }
        }
    }
}

fn strip_prefix_ignore_case<'a>(piece: &'a str, prefix: &str) -> Option<&'a str> {
    let head = piece.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| piece.get(prefix.len()..))
        .flatten()
}

/// The value of a hex digit in either case, or a value with bit 4 set for
/// any other byte. Arithmetic rather than a table so that the loop over a
/// whole signature has no branch and no lookup and compiles to SIMD (a
/// 256-entry table with an early exit cost 7 instructions per digit).
const fn nibble(c: u8) -> u8 {
    let digit = c.wrapping_sub(b'0');
    let letter = (c | 0x20).wrapping_sub(b'a');
    // Masks, not branches: all ones where the byte is a digit / a letter.
    let is_digit = 0u8.wrapping_sub((digit < 10) as u8);
    let is_letter = 0u8.wrapping_sub((letter < 6) as u8);
    (digit & is_digit) | (letter.wrapping_add(10) & is_letter) | (0x10 & !(is_digit | is_letter))
}

/// Decodes hex `text` into `out` (`text` is twice as long). False when any
/// byte is not a hex digit; every byte is read either way.
fn decode_hex(text: &[u8], out: &mut [u8]) -> bool {
    // SHA-256's 32 bytes, the usual tag, at a length known when compiling,
    // which LLVM turns into SIMD: a cloro signature decoded in 320
    // instructions instead of 720 (callgrind).
    if let (Ok(text), Ok(out)) = (
        <&[u8; 64]>::try_from(text),
        <&mut [u8; 32]>::try_from(&mut *out),
    ) {
        let nibbles = text.map(nibble);
        let bad = nibbles.iter().fold(0u8, |bad, &n| bad | n);
        for (byte, &[hi, lo]) in out.iter_mut().zip(nibbles.as_chunks::<2>().0) {
            *byte = hi << 4 | (lo & 0x0f);
        }
        return bad & 0x10 == 0;
    }
    decode_pairs(text.as_chunks::<2>().0, out)
}

/// [`decode_hex`] for any length (SHA-1's 20 bytes; Ed25519's 64).
fn decode_pairs(pairs: &[[u8; 2]], out: &mut [u8]) -> bool {
    let mut bad = 0u8;
    for (byte, &[hi, lo]) in out.iter_mut().zip(pairs) {
        let (hi, lo) = (nibble(hi), nibble(lo));
        bad |= hi | lo;
        *byte = hi << 4 | (lo & 0x0f);
    }
    bad & 0x10 == 0
}

/// A signature decoded to bytes, or why it could not be.
pub(crate) enum Decoded {
    /// On the stack: every MAC and Ed25519 signature (one length each).
    Bytes {
        buf: [u8; MAX_TAG_LEN],
        len: usize,
    },
    /// On the heap: a signature whose length varies (a DER ECDSA signature,
    /// up to 72 bytes; RSA's, up to 512, which on the stack would make every
    /// MAC's buffer eight times longer).
    Long(Vec<u8>),
    BadEncoding,
    WrongLength,
}

impl Decoded {
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Bytes { buf, len } => buf.get(..*len),
            Self::Long(bytes) => Some(bytes),
            Self::BadEncoding | Self::WrongLength => None,
        }
    }
}

/// Decodes a signature of any length in `lengths`
/// ([`crate::Algorithm::signature_lengths`]); what is within them is left to
/// the key (DER's own parser; an RSA signature is as long as the key's
/// modulus, and keys of different sizes can rotate).
pub(crate) fn decode_between(
    encoding: Encoding,
    text: &str,
    lengths: &std::ops::RangeInclusive<usize>,
) -> Decoded {
    let max_len = *lengths.end();
    let bytes = match encoding {
        Encoding::Hex if !text.bytes().all(|b| b.is_ascii_hexdigit()) => {
            return Decoded::BadEncoding;
        }
        Encoding::Hex if !text.len().is_multiple_of(2) || text.len() / 2 > max_len => {
            return Decoded::WrongLength;
        }
        Encoding::Hex => {
            let mut out = vec![0u8; text.len() / 2];
            if !decode_hex(text.as_bytes(), &mut out) {
                return Decoded::BadEncoding;
            }
            out
        }
        // base64's four characters hold three bytes: a longer text cannot
        // fit `max_len`, so it is not decoded at all.
        Encoding::Base64 if text.len() > max_len.div_ceil(3) * 4 => return Decoded::WrongLength,
        Encoding::Base64 => match BASE64_LENIENT_PAD.decode(text) {
            Ok(bytes) => bytes,
            Err(_) => return Decoded::BadEncoding,
        },
        Encoding::Raw => return Decoded::BadEncoding,
    };
    if lengths.contains(&bytes.len()) {
        Decoded::Long(bytes)
    } else {
        Decoded::WrongLength
    }
}

/// The longest shared token read (a Basic credential or a GitLab token is
/// far shorter); a longer value is `malformed_header`.
const MAX_TOKEN_LEN: usize = 1024;

/// A shared token (algorithm `token`), decoded and hashed with SHA-256: what
/// [`crate::key::PreparedKey`] holds for the secret, so the two compare in
/// constant time whatever their lengths.
pub(crate) fn decode_token(encoding: Encoding, text: &str) -> Decoded {
    use sha2::Digest as _;
    let decoded;
    let bytes: &[u8] = match encoding {
        Encoding::Raw => text.as_bytes(),
        Encoding::Base64 => match BASE64_LENIENT_PAD.decode(text) {
            Ok(b) => {
                decoded = zeroize::Zeroizing::new(b);
                &decoded
            }
            Err(_) => return Decoded::BadEncoding,
        },
        Encoding::Hex => return Decoded::BadEncoding,
    };
    if bytes.is_empty() || bytes.len() > MAX_TOKEN_LEN {
        return Decoded::WrongLength;
    }
    let mut buf = [0u8; MAX_TAG_LEN];
    let digest = sha2::Sha256::digest(bytes);
    if let Some(out) = buf.get_mut(..digest.len()) {
        out.copy_from_slice(&digest);
    }
    Decoded::Bytes {
        buf,
        len: digest.len(),
    }
}

/// Decodes one encoded signature, expecting exactly `tag_len` bytes.
pub(crate) fn decode(encoding: Encoding, text: &str, tag_len: usize) -> Decoded {
    let mut buf = [0u8; MAX_TAG_LEN];
    let Some(out) = buf.get_mut(..tag_len) else {
        return Decoded::WrongLength;
    };
    match encoding {
        Encoding::Hex => {
            if text.len() != 2 * tag_len {
                return if text.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Decoded::WrongLength
                } else {
                    Decoded::BadEncoding
                };
            }
            // Either case: senders document lower case, but libraries and
            // hand-written senders print upper case too, and both are the
            // same bytes.
            if !decode_hex(text.as_bytes(), out) {
                return Decoded::BadEncoding;
            }
        }
        Encoding::Base64 => {
            // Decode into a slightly larger buffer so a too-long value is told
            // apart from bad characters.
            let mut wide = [0u8; MAX_TAG_LEN + 3];
            match BASE64_LENIENT_PAD.decode_slice(text, &mut wide) {
                Ok(n) if n == tag_len => out.copy_from_slice(wide.get(..n).unwrap_or_default()),
                Ok(_) => return Decoded::WrongLength,
                Err(base64::DecodeSliceError::OutputSliceTooSmall) => return Decoded::WrongLength,
                Err(base64::DecodeSliceError::DecodeError(_)) => return Decoded::BadEncoding,
            }
        }
        // Only tokens are sent raw (`decode_token`); scheme validation keeps
        // the two together.
        Encoding::Raw => return Decoded::BadEncoding,
    }
    Decoded::Bytes { buf, len: tag_len }
}

/// Encodes a tag for a header.
pub(crate) fn encode(encoding: Encoding, tag: &[u8]) -> String {
    match encoding {
        Encoding::Hex => hex::encode(tag),
        Encoding::Base64 => BASE64_LENIENT_PAD.encode(tag),
        Encoding::Raw => String::from_utf8_lossy(tag).into_owned(),
    }
}

/// Whether two tags are equal, in time that depends only on their length.
///
/// The bytes' differences are OR-ed into one accumulator, a loop with no
/// exit that compiles to a few SIMD instructions, and only that one byte goes
/// through `subtle`'s optimisation barrier: `subtle`'s slice comparison puts
/// every byte through the barrier, which cost 8 instructions a byte
/// (callgrind). `make timing` checks the result for leaks.
pub(crate) fn tags_equal(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    bool::from(diff.ct_eq(&0))
}

#[cfg(test)]
mod tests {
    use super::{Decoded, Entry, decode, decode_between, entries, tags_equal};
    use crate::scheme::Encoding;

    #[test]
    #[allow(
        clippy::panic,
        clippy::indexing_slicing,
        reason = "a test: a failed expectation panics"
    )]
    fn hex_decodes_either_case_and_refuses_anything_else() {
        let text = "00ff7fA0aBcDeF19";
        let Decoded::Bytes { buf, len } = decode(Encoding::Hex, text, 8) else {
            panic!("valid hex refused");
        };
        assert_eq!(
            buf.get(..len),
            Some(&[0x00, 0xff, 0x7f, 0xa0, 0xab, 0xcd, 0xef, 0x19][..])
        );
        // Every neighbour of the digit ranges, in each position of a pair.
        for bad in [b'/', b':', b'@', b'G', b'`', b'g', b' ', 0x80, 0xff] {
            for at in [0, 1, 15] {
                let mut bytes = text.as_bytes().to_vec();
                bytes[at] = bad;
                let text = String::from_utf8_lossy(&bytes);
                let decoded = decode(Encoding::Hex, &text, 8);
                assert!(
                    !matches!(decoded, Decoded::Bytes { .. }),
                    "{bad:#x} at {at} decoded"
                );
            }
        }
    }

    #[test]
    fn rsa_signatures_decode_from_256_to_max_bytes_and_say_why_not() {
        use base64::Engine as _;
        let kind = |d: Decoded| match d {
            Decoded::Long(bytes) => format!("{} bytes", bytes.len()),
            Decoded::Bytes { .. } => "stack".into(),
            Decoded::BadEncoding => "bad encoding".into(),
            Decoded::WrongLength => "wrong length".into(),
        };
        let b64 = |n: usize| super::BASE64_LENIENT_PAD.encode(vec![7u8; n]);
        for (encoding, text, want) in [
            (Encoding::Hex, "ab".repeat(256), "256 bytes"),
            (Encoding::Hex, "AB".repeat(512), "512 bytes"),
            (Encoding::Hex, "ab".repeat(255), "wrong length"),
            (Encoding::Hex, "ab".repeat(513), "wrong length"),
            (
                Encoding::Hex,
                format!("{}a", "ab".repeat(300)),
                "wrong length",
            ),
            (
                Encoding::Hex,
                format!("{}g", "ab".repeat(600)),
                "bad encoding",
            ),
            (Encoding::Base64, b64(256), "256 bytes"),
            (Encoding::Base64, b64(512), "512 bytes"),
            (
                Encoding::Base64,
                b64(512).trim_end_matches('=').to_owned(),
                "512 bytes",
            ),
            (Encoding::Base64, b64(255), "wrong length"),
            (Encoding::Base64, b64(513), "wrong length"),
            (Encoding::Base64, "A".repeat(100_000), "wrong length"),
            (
                Encoding::Base64,
                format!("*{}", &b64(300)[1..]),
                "bad encoding",
            ),
            (Encoding::Raw, b64(300), "bad encoding"),
        ] {
            assert_eq!(
                kind(decode_between(encoding, &text, &(256..=512))),
                want,
                "{encoding:?} {}",
                text.len()
            );
        }
    }

    #[test]
    fn tags_compare_by_every_byte_and_length() {
        assert!(tags_equal(b"abc", b"abc"));
        assert!(tags_equal(b"", b""));
        assert!(!tags_equal(b"abc", b"abd"));
        assert!(!tags_equal(b"abc", b"xbc"));
        assert!(!tags_equal(b"abc", b"ab"));
    }
    use crate::scheme::SignatureFormat;

    #[test]
    fn list_entries_skip_other_versions() {
        let format = SignatureFormat::List {
            prefix: "v1,".into(),
            separators: " ".into(),
        };
        let found: Vec<_> = entries(&format, "v1a,xyz  v1,abc v2,def").collect();
        assert_eq!(found, [Entry::Other, Entry::Signature("abc"), Entry::Other]);
    }

    #[test]
    fn params_find_timestamp_and_repeated_signatures() {
        let format = SignatureFormat::Params {
            separator: ',',
            signature_key: "v1".into(),
            timestamp_key: Some("t".into()),
        };
        let found: Vec<_> = entries(&format, "t=12,v1=aa, v0=bb,v1=cc,junk").collect();
        assert_eq!(
            found,
            [
                Entry::Timestamp("12"),
                Entry::Signature("aa"),
                Entry::Other,
                Entry::Signature("cc"),
                Entry::Other
            ]
        );
    }
}
