//! The one log line every integration writes for a rejected delivery, in
//! Python and Node alike. Header values and the client address reach it only
//! as short runs of visible ASCII, so a forged delivery cannot write fake
//! log lines; the secret, the signature and the body never do.

/// `webhook rejected: code=… scheme=… delivery=… client=…`. The delivery id
/// is cut to 100 characters, the client address to 64; every character
/// outside `!`..`~` becomes `?`; an absent value is `-`.
#[must_use]
pub fn rejection_line(
    code: &str,
    scheme: &str,
    delivery: Option<&str>,
    client: Option<&str>,
) -> String {
    format!(
        "webhook rejected: code={} scheme={} delivery={} client={}",
        clean(Some(code), 40),
        clean(Some(scheme), 64),
        clean(delivery, 100),
        clean(client, 64)
    )
}

fn clean(value: Option<&str>, limit: usize) -> String {
    let text: String = value
        .unwrap_or_default()
        .chars()
        .take(limit)
        .map(|c| if ('!'..='~').contains(&c) { c } else { '?' })
        .collect();
    if text.is_empty() {
        "-".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::rejection_line;

    #[test]
    fn values_cannot_forge_log_lines() {
        let line = rejection_line("signature_mismatch", "cloro", Some("t-1\nFAKE é"), None);
        assert_eq!(
            line,
            "webhook rejected: code=signature_mismatch scheme=cloro delivery=t-1?FAKE?? client=-"
        );
        let long = "x".repeat(500);
        let expected = format!(
            "webhook rejected: code=c scheme=s delivery={} client={}",
            "x".repeat(100),
            "x".repeat(64)
        );
        assert_eq!(rejection_line("c", "s", Some(&long), Some(&long)), expected);
    }
}
