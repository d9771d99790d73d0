//! The URL mistakes `explain` tries for senders that sign the request URL
//! (Twilio, Square, HubSpot): what a proxy or load balancer in front of the
//! app changes about the URL the app sees, each with its fix.

use crate::headers::{HeaderValue, Headers};

/// `(mistake, URL to try, fix)` for each way `url` may differ from the URL
/// the sender called.
pub(crate) fn url_variants<H: Headers + ?Sized>(
    url: &str,
    headers: &H,
) -> Vec<(&'static str, String, &'static str)> {
    let mut out = Vec::new();
    let Some((scheme, rest)) = url.split_once("://") else {
        return out;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let other = if scheme.eq_ignore_ascii_case("https") {
        "http"
    } else {
        "https"
    };
    out.push((
        "url_scheme",
        format!("{other}://{rest}"),
        "it verifies with the other scheme (http/https): a proxy in front of the app ends TLS; \
         pass public_url, or trust_forwarded when the proxy sets X-Forwarded-Proto",
    ));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p))
            if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with('[') =>
        {
            (h, Some(p))
        }
        _ => (authority, None),
    };
    let port_fix = "it verifies with another port in the URL: the app listens behind a proxy on \
                    another port; pass public_url, or trust_forwarded when the proxy sets X-Forwarded-Port";
    match port {
        Some(_) => out.push(("url_port", format!("{scheme}://{host}{tail}"), port_fix)),
        None => {
            let default = if scheme.eq_ignore_ascii_case("https") {
                "443"
            } else {
                "80"
            };
            out.push((
                "url_port",
                format!("{scheme}://{host}:{default}{tail}"),
                port_fix,
            ));
        }
    }
    for name in ["x-forwarded-host", "host"] {
        if let HeaderValue::One(forwarded) = headers.lookup(name)
            && let Some(first) = forwarded.split(',').next().map(str::trim)
            && !first.is_empty()
            && first != authority
        {
            out.push((
                "url_host",
                format!("{scheme}://{first}{tail}"),
                "it verifies with the host the request named (Host or X-Forwarded-Host): \
                 pass public_url, or trust_forwarded when a proxy sets X-Forwarded-Host",
            ));
        }
    }
    if let Some((without, _)) = url.split_once('?') {
        out.push((
            "url_query",
            without.to_owned(),
            "it verifies without the query string: pass the URL without it (the sender signed the \
             URL before its query was added)",
        ));
    }
    out
}
