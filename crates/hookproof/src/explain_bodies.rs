//! The ways a body is changed on its way to a receiver's verify, which
//! [`explain`](crate::explain) tries: a trailing newline added or lost, CRLF,
//! JSON re-serialized (compact, spaced, sorted keys, indented, ASCII-escaped,
//! Python's default spacing), Latin-1 read as UTF-8.

pub(crate) type BodyVariant = (&'static str, Vec<u8>, &'static str);

pub(crate) fn body_variants(body: &[u8]) -> Vec<BodyVariant> {
    let mut out: Vec<BodyVariant> = Vec::new();
    if let Some(stripped) = body.strip_suffix(b"\n") {
        out.push((
            "body_trailing_newline",
            stripped.to_vec(),
            "a trailing newline was added after signing: read the raw bytes",
        ));
    }
    let mut with_newline = body.to_vec();
    with_newline.push(b'\n');
    out.push((
        "body_trailing_newline",
        with_newline,
        "the trailing newline the sender signed was lost: read the raw bytes",
    ));
    if body.contains(&b'\r') {
        let lf: Vec<u8> = body.iter().copied().filter(|b| *b != b'\r').collect();
        out.push((
            "body_line_endings",
            lf,
            "line endings were changed (CRLF vs LF): read the raw bytes",
        ));
    } else if body.contains(&b'\n') {
        let crlf = String::from_utf8_lossy(body)
            .replace('\n', "\r\n")
            .into_bytes();
        out.push((
            "body_line_endings",
            crlf,
            "line endings were changed (LF vs CRLF): read the raw bytes",
        ));
    }
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        let reserialized = "the JSON body was parsed and re-serialized before verification (body-parser, \
                            request.json(), JSON.stringify): verify the raw request bytes";
        // What the sender may have signed: the usual serializers' output
        // (compact, Python's spaced default, indented by 2 or 4, keys sorted
        // or not), each as is, with a trailing newline, and with CRLF lines.
        let sorted = sort_keys(value.clone());
        for value in [&value, &sorted] {
            let python = python_json(value);
            let forms = [
                serde_json::to_string(value).ok(),
                // json.dumps escapes non-ASCII by default (ensure_ascii).
                (!python.is_ascii()).then(|| ascii_escaped(&python)),
                Some(python),
                indented(value, b"  "),
                indented(value, b"    "),
            ];
            for form in forms.into_iter().flatten() {
                let crlf = form.replace('\n', "\r\n");
                for signed in [format!("{form}\n"), format!("{crlf}\r\n"), crlf, form] {
                    out.push(("body_reserialized", signed.into_bytes(), reserialized));
                }
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let latin1 = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).ok())
            .collect::<Option<Vec<u8>>>();
        if let (false, Some(latin1)) = (text.is_ascii(), latin1) {
            out.push((
                "body_encoding",
                latin1,
                "the body was signed as Latin-1 but arrived as UTF-8: verify the raw bytes",
            ));
        }
    } else {
        let utf8: String = body.iter().map(|b| char::from(*b)).collect();
        out.push((
            "body_encoding",
            utf8.into_bytes(),
            "the body was decoded as Latin-1 and re-encoded as UTF-8: verify the raw bytes",
        ));
    }
    out.retain(|(_, variant, _)| variant.as_slice() != body);
    out
}

/// Every non-ASCII character as `\uXXXX` (UTF-16 units), as Python's
/// `json.dumps` writes them by default. Only string contents can hold them.
fn ascii_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// `JSON.stringify(value, null, indent)` / `json.dumps(value, indent=n)`.
fn indented(value: &serde_json::Value, indent: &[u8]) -> Option<String> {
    use serde::Serialize;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).ok()?;
    String::from_utf8(out).ok()
}

/// Python's `json.dumps` default form: `", "` and `": "` separators.
fn python_json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(python_json).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), python_json(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => other.to_string(),
    }
}

fn sort_keys(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}
