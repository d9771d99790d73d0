//! `hookproof send`: sign a delivery the way the sender would and POST it,
//! so an endpoint can be tested locally before the provider ever calls it.
//! Plain HTTP/1.1 over a TCP socket: the command is for endpoints on this
//! machine or a test network (for https, point it at the app's own port).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::inputs::Usage;

/// The target of a `http://host:port/path` URL.
pub struct Target {
    pub host: String,
    pub port: u16,
    pub path: String,
}

/// Parses an `http://` URL.
pub fn target(url: &str) -> Result<Target, Usage> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        format!("send speaks plain http:// (to an endpoint on this machine or a test network), not {url:?}")
    })?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("bad port in {url:?}"))?,
        ),
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err(format!("no host in {url:?}"));
    }
    Ok(Target {
        host: host.to_owned(),
        port,
        path: if path.is_empty() {
            "/".to_owned()
        } else {
            path.to_owned()
        },
    })
}

/// POSTs `body` with `headers`; returns the status code and the answer body.
pub fn post(
    target: &Target,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect((target.host.as_str(), target.port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
        target.path,
        target.host,
        target.port,
        body.len()
    );
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        request.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;
    // Read until the answer is whole, not until the server closes: some
    // servers keep the socket open a while despite `Connection: close`
    // (workerd, which wrangler dev and miniflare run, holds it ~5 s).
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(Answer {
            status,
            body: Some(body),
        }) = parse(&answer)
        {
            return Ok((status, String::from_utf8_lossy(&body).into_owned()));
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    // Closed before the answer said it was whole: what arrived.
    let Some(Answer { status, body }) = parse(&answer) else {
        return Err(std::io::Error::other("the endpoint did not answer HTTP"));
    };
    let rest = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .and_then(|end| answer.get(end + 4..))
        .unwrap_or_default();
    Ok((
        status,
        String::from_utf8_lossy(&body.unwrap_or_else(|| rest.to_vec())).into_owned(),
    ))
}

/// An HTTP answer read so far: its status, and its body once whole.
struct Answer {
    status: u16,
    body: Option<Vec<u8>>,
}

/// Reads an answer's head (None until it has all arrived) and its body
/// when whole (RFC 9112 §6.3): none for 204 and 304; chunked when
/// Transfer-Encoding ends in `chunked` (it wins over Content-Length);
/// else Content-Length bytes; else whole only when the server closes.
fn parse(answer: &[u8]) -> Option<Answer> {
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(answer.get(..end)?).to_ascii_lowercase();
    let rest = answer.get(end + 4..)?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let (mut chunked, mut length) = (false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim() {
            "transfer-encoding" => chunked = value.trim().ends_with("chunked"),
            "content-length" => length = value.trim().parse::<usize>().ok(),
            _ => {}
        }
    }
    let body = if status == 204 || status == 304 {
        Some(Vec::new())
    } else if chunked {
        dechunk(rest)
    } else {
        length.and_then(|n| rest.get(..n)).map(<[u8]>::to_vec)
    };
    Some(Answer { status, body })
}

/// A chunked body's data, once its last chunk (and any trailers) arrived.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let line = String::from_utf8_lossy(rest.get(..line_end)?).into_owned();
        // A chunk extension (`;name=value`) is allowed and ignored.
        let size = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        rest = rest.get(line_end + 2..)?;
        if size == 0 {
            // Trailer lines, then an empty line.
            loop {
                let end = rest.windows(2).position(|w| w == b"\r\n")?;
                if end == 0 {
                    return Some(out);
                }
                rest = rest.get(end + 2..)?;
            }
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn body(answer: &str) -> Option<String> {
        parse(answer.as_bytes())
            .and_then(|a| a.body)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    #[test]
    fn an_answer_is_whole_by_its_length_its_last_chunk_or_its_status() {
        assert_eq!(
            body("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"),
            Some("{}".into())
        );
        assert_eq!(body("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{}"), None);
        assert_eq!(body("HTTP/1.1 204 No Content\r\n\r\n"), Some(String::new()));
        assert_eq!(
            body("HTTP/1.1 200 OK\r\n\r\n{}"),
            None,
            "whole only at close"
        );
        assert_eq!(body("HTTP/1.1 200 OK\r\nContent-Len"), None);
        let chunked =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 1\r\n\r\n";
        assert_eq!(
            body(&format!("{chunked}4;x=1\r\na0\r\n\r\n")),
            None,
            "data ending in 0\\r\\n is not the end"
        );
        assert_eq!(body(&format!("{chunked}4;x=1\r\na0\r\n\r\n0\r\n")), None);
        assert_eq!(
            body(&format!("{chunked}4;x=1\r\na0\r\n\r\n0\r\nX-T: 1\r\n\r\n")),
            Some("a0\r\n".into())
        );
        assert_eq!(
            body(&format!("{chunked}1\r\n{{\r\n1\r\n}}\r\n0\r\n\r\n")),
            Some("{}".into())
        );
    }
}
