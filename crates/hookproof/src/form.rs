//! Twilio's signed form parameters: the `application/x-www-form-urlencoded`
//! body decoded, sorted by name, each name followed by its value(s), sorted
//! and without repeats — what Twilio's own `RequestValidator` computes.

use std::collections::BTreeMap;

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
    use super::sorted_params;

    #[test]
    fn sorts_decodes_and_folds_repeats() {
        let body = b"To=%2B18005551212&From=%2B1234&Body=hi+there&A=2&A=1&A=2&bad=%zz";
        assert_eq!(
            sorted_params(body),
            b"A1A2Bodyhi thereFrom+1234To+18005551212bad%zz".to_vec()
        );
    }
}
