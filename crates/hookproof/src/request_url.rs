//! The URL a sender called, rebuilt from what the server saw, for the
//! senders that sign it (Twilio, Square, HubSpot). One rule for every
//! integration in both runtimes.
//!
//! By default only the server's own view counts: its scheme, the `Host`
//! header and the request target as sent. Behind a proxy or load balancer
//! that view is the proxy's, so an app either gives its public URL
//! outright (the integrations' `public_url`) or opts in to the forwarding
//! headers (`trust_forwarded`). Trusting them is never the default: whoever
//! can send them chooses the URL that is checked, and could present a
//! request signed for another of the app's endpoints as one for this one.

/// What the server itself saw of a request.
#[derive(Debug, Clone, Copy)]
pub struct SeenRequest<'a> {
    /// `http` or `https`: how the request reached this server.
    pub scheme: &'a str,
    /// The `Host` header (with its port, when the client sent one).
    pub host: &'a str,
    /// The request target as sent: the path and the query (`/hooks?x=1`),
    /// not decoded.
    pub target: &'a str,
}

/// The forwarding headers a proxy adds, read only when the app trusts its
/// proxy. The standard `Forwarded` header (RFC 7239) wins over the
/// `X-Forwarded-*` ones; only the first (client-side) element of each
/// counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForwardedHeaders<'a> {
    /// `Forwarded`.
    pub forwarded: Option<&'a str>,
    /// `X-Forwarded-Proto`.
    pub proto: Option<&'a str>,
    /// `X-Forwarded-Host`.
    pub host: Option<&'a str>,
    /// `X-Forwarded-Port`.
    pub port: Option<&'a str>,
}

/// The URL the sender called: `scheme://host` and the target. With
/// `forwarded` (the app trusts its proxy), a forwarded scheme, host or port
/// replaces the server's own; a forwarded value that is not a plain scheme,
/// host name or port is ignored. `None` when there is no usable host.
#[must_use]
pub fn request_url(
    seen: SeenRequest<'_>,
    forwarded: Option<ForwardedHeaders<'_>>,
) -> Option<String> {
    let mut scheme = proto(seen.scheme).unwrap_or("http");
    let mut host = Some(seen.host).filter(|h| is_host(h));
    let mut port = None;
    if let Some(f) = forwarded {
        let (std_proto, std_host) = f.forwarded.map(standard).unwrap_or_default();
        if let Some(p) = std_proto.or_else(|| f.proto.map(first)).and_then(proto) {
            scheme = p;
        }
        if let Some(h) = std_host
            .or_else(|| f.host.map(first))
            .filter(|h| is_host(h))
        {
            host = Some(h);
        }
        port = f
            .port
            .map(first)
            .filter(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    }
    let host = host?;
    let target = if seen.target.starts_with('/') {
        seen.target.to_owned()
    } else {
        format!("/{}", seen.target)
    };
    let default_port = if scheme == "https" { "443" } else { "80" };
    Some(match port {
        Some(p) if !has_port(host) && p != default_port => format!("{scheme}://{host}:{p}{target}"),
        _ => format!("{scheme}://{host}{target}"),
    })
}

/// `http` or `https`, in lower case.
fn proto(value: &str) -> Option<&'static str> {
    let value = value.trim().trim_matches('"');
    if value.eq_ignore_ascii_case("https") {
        Some("https")
    } else if value.eq_ignore_ascii_case("http") {
        Some("http")
    } else {
        None
    }
}

/// The first of a comma-separated list (the client side of a chain).
fn first(value: &str) -> &str {
    value.split(',').next().unwrap_or_default().trim()
}

/// `proto=` and `host=` of the first element of a `Forwarded` header.
fn standard(value: &str) -> (Option<&str>, Option<&str>) {
    let (mut p, mut h) = (None, None);
    for pair in first(value).split(';') {
        let Some((name, v)) = pair.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match name.trim().to_ascii_lowercase().as_str() {
            "proto" => p = Some(v),
            "host" => h = Some(v),
            _ => {}
        }
    }
    (p, h)
}

/// A host name or address with an optional port: letters, digits, `.`,
/// `-`, `:` and IPv6 brackets only (no user info, path or space), at most
/// 255 bytes.
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// Whether `host` carries a port (`example.com:8443`, `[::1]:8443`).
fn has_port(host: &str) -> bool {
    split_port(host).1.is_some()
}

/// A URL's parts, for the rules that rewrite one (Twilio's port forms,
/// `explain`'s URL mistakes): the scheme, the user info, the host, the port,
/// and the rest (path, query, fragment) as given.
pub(crate) struct UrlParts<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) user: Option<&'a str>,
    pub(crate) host: &'a str,
    pub(crate) port: Option<&'a str>,
    pub(crate) tail: &'a str,
}

impl UrlParts<'_> {
    /// `443` for https, else `80`.
    pub(crate) fn default_port(&self) -> &'static str {
        if self.scheme.eq_ignore_ascii_case("https") {
            "443"
        } else {
            "80"
        }
    }

    /// `host[:port]` as given, with the user info.
    pub(crate) fn authority(&self, port: Option<&str>) -> String {
        let user = self.user.map_or(String::new(), |u| format!("{u}@"));
        match port {
            Some(p) => format!("{user}{}:{p}", self.host),
            None => format!("{user}{}", self.host),
        }
    }
}

/// `url` split at `://` and its authority; `None` without a scheme.
pub(crate) fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, authority),
    };
    let (host, port) = split_port(host_port);
    Some(UrlParts {
        scheme,
        user,
        host,
        port,
        tail,
    })
}

/// A host and its port: the digits after the last `:`, outside IPv6
/// brackets (`[::1]:8443`, not `[::1]`).
pub(crate) fn split_port(host_port: &str) -> (&str, Option<&str>) {
    match host_port.rsplit_once(':') {
        Some((host, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && !host.ends_with([':', '[']) =>
        {
            (host, Some(port))
        }
        _ => (host_port, None),
    }
}

#[cfg(test)]
mod tests {
    use super::{ForwardedHeaders, SeenRequest, request_url};

    fn seen(
        scheme: &'static str,
        host: &'static str,
        target: &'static str,
    ) -> SeenRequest<'static> {
        SeenRequest {
            scheme,
            host,
            target,
        }
    }

    #[test]
    fn the_server_view_by_default() {
        let url = request_url(
            seen("http", "127.0.0.1:8000", "/hooks/twilio?a=1&b=%20"),
            None,
        );
        assert_eq!(
            url.as_deref(),
            Some("http://127.0.0.1:8000/hooks/twilio?a=1&b=%20")
        );
        assert_eq!(request_url(seen("http", "", "/"), None), None);
        assert_eq!(request_url(seen("http", "evil.com/x@", "/"), None), None);
    }

    #[test]
    fn forwarded_headers_only_when_trusted_standard_first() {
        let f = ForwardedHeaders {
            forwarded: None,
            proto: Some("https, http"),
            host: Some("hooks.example.com"),
            port: Some("443"),
        };
        let s = seen("http", "10.0.0.5:8000", "/t?x=1");
        assert_eq!(
            request_url(s, Some(f)).as_deref(),
            Some("https://hooks.example.com/t?x=1")
        );
        let f = ForwardedHeaders {
            port: Some("8443"),
            ..f
        };
        assert_eq!(
            request_url(s, Some(f)).as_deref(),
            Some("https://hooks.example.com:8443/t?x=1")
        );
        let f = ForwardedHeaders {
            forwarded: Some(
                r#"for=1.2.3.4;proto=https;host="api.example.com", for=5.6.7.8;host=inner"#,
            ),
            ..ForwardedHeaders::default()
        };
        assert_eq!(
            request_url(s, Some(f)).as_deref(),
            Some("https://api.example.com/t?x=1")
        );
        // Junk is ignored, not trusted.
        let f = ForwardedHeaders {
            proto: Some("gopher"),
            host: Some("a b/c"),
            port: Some("99999999"),
            ..ForwardedHeaders::default()
        };
        assert_eq!(
            request_url(s, Some(f)).as_deref(),
            Some("http://10.0.0.5:8000/t?x=1")
        );
    }
}
