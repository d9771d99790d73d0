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
    let Some(u) = crate::request_url::split_url(url) else {
        return out;
    };
    let (scheme, tail) = (u.scheme, u.tail);
    let authority = u.authority(u.port);
    let other = if scheme.eq_ignore_ascii_case("https") {
        "http"
    } else {
        "https"
    };
    out.push((
        "url_scheme",
        format!("{other}://{authority}{tail}"),
        "it verifies with the other scheme (http/https): a proxy in front of the app ends TLS; \
         pass public_url, or trust_forwarded when the proxy sets X-Forwarded-Proto",
    ));
    let port_fix = "it verifies with another port in the URL: the app listens behind a proxy on \
                    another port; pass public_url, or trust_forwarded when the proxy sets X-Forwarded-Port";
    let moved = match u.port {
        Some(_) => u.authority(None),
        None => u.authority(Some(u.default_port())),
    };
    out.push(("url_port", format!("{scheme}://{moved}{tail}"), port_fix));
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
