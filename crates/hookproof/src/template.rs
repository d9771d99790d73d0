//! The signed-message template: `"{timestamp}.{body}"`, `"{id}.{timestamp}.{body}"`,
//! `"v0:{timestamp}:{body}"`, `"{body}"`.
//!
//! The message is never assembled in memory: each part is fed to the MAC in
//! turn, so a 1 MiB body is hashed where it lies.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// One piece of the signed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    Literal(String),
    Body,
    Timestamp,
    Id,
    Url,
    Method,
    /// The form-encoded body's parameters, sorted (Twilio).
    Form,
    /// A field of the JSON body, by its index among the template's fields
    /// (Mailgun signs `signature.timestamp` and `signature.token`).
    Field(usize),
}

/// The most `{field:…}` parts a template may have: what one pass over the
/// body reads beside the signature.
pub(crate) const MAX_FIELDS: usize = 4;

/// What a message template's placeholders stand for in one delivery
/// (empty where the delivery has none).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Values<'a> {
    pub(crate) body: &'a [u8],
    pub(crate) timestamp: &'a str,
    pub(crate) id: &'a str,
    pub(crate) url: &'a str,
    pub(crate) method: &'a str,
    /// The sorted form parameters ([`Template::form_of`]).
    pub(crate) form: &'a [u8],
    /// The values of the template's `{field:…}` parts, in order.
    pub(crate) fields: &'a [String],
}

/// A parsed message template; keeps its text for the JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Template {
    text: String,
    parts: Vec<Part>,
    /// The body fields `{field:…}` names, in order of appearance.
    fields: Vec<String>,
    /// One bit per placeholder present ([`Part::bit`]): asked on every verify.
    placeholders: u8,
}

impl Part {
    const fn bit(&self) -> u8 {
        match self {
            Self::Literal(_) => 0,
            Self::Body => 1,
            Self::Timestamp => 1 << 1,
            Self::Id => 1 << 2,
            Self::Url => 1 << 3,
            Self::Method => 1 << 4,
            Self::Form => 1 << 5,
            Self::Field(_) => 1 << 6,
        }
    }
}

impl Template {
    pub(crate) fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut parts = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    let rest = chars.as_str();
                    if let Some(after) = rest.strip_prefix('{') {
                        literal.push('{');
                        chars = after.chars();
                        continue;
                    }
                    let Some(end) = rest.find('}') else {
                        return Err(ConfigError::scheme("unclosed '{' in the message template"));
                    };
                    let part = match rest.get(..end) {
                        Some("body") => Part::Body,
                        Some("timestamp") => Part::Timestamp,
                        Some("id") => Part::Id,
                        Some("url") => Part::Url,
                        Some("method") => Part::Method,
                        Some("form") => Part::Form,
                        Some(other) if other.starts_with("field:") => {
                            let name = other.get(6..).unwrap_or_default();
                            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
                                return Err(ConfigError::scheme(
                                    "a {field:NAME} placeholder names a body field in visible ASCII",
                                ));
                            }
                            fields.push(name.to_owned());
                            Part::Field(fields.len() - 1)
                        }
                        _ => {
                            return Err(ConfigError::scheme(
                                "unknown placeholder in the message template \
                                 (known: {body}, {timestamp}, {id}, {url}, {method}, {form}, \
                                 {field:NAME})",
                            ));
                        }
                    };
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(part);
                    chars = rest.get(end + 1..).unwrap_or_default().chars();
                }
                '}' => {
                    let rest = chars.as_str();
                    let Some(after) = rest.strip_prefix('}') else {
                        return Err(ConfigError::scheme(
                            "a literal '}' in the message template is written '}}'",
                        ));
                    };
                    literal.push('}');
                    chars = after.chars();
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        let bodies = parts
            .iter()
            .filter(|p| matches!(p, Part::Body | Part::Form))
            .count();
        // Empty: a token scheme's, which signs nothing (the scheme checks
        // that its algorithm is `token`). Fields without the body: a sender
        // whose signature is itself in the body (the scheme checks that).
        if bodies > 1
            || (bodies == 0 && fields.is_empty() && !parts.is_empty())
            || (bodies == 1 && !fields.is_empty())
        {
            return Err(ConfigError::scheme(
                "the message template needs the body exactly once, as {body} or {form} \
                 (or, where the signature is in the body, {field:NAME} parts and no body)",
            ));
        }
        if fields.len() > MAX_FIELDS {
            return Err(ConfigError::scheme(
                "a message template signs at most 4 body fields",
            ));
        }
        let placeholders = parts.iter().fold(0, |bits, part| bits | part.bit());
        Ok(Self {
            text: text.to_owned(),
            parts,
            fields,
            placeholders,
        })
    }

    /// The signed message of one delivery, part by part: what verify and
    /// sign both feed the MAC (or join, for Ed25519).
    pub(crate) fn message<'a>(
        &'a self,
        values: Values<'a>,
    ) -> impl Iterator<Item = &'a [u8]> + Clone + 'a {
        self.parts.iter().map(move |part| match part {
            Part::Literal(text) => text.as_bytes(),
            Part::Body => values.body,
            Part::Timestamp => values.timestamp.as_bytes(),
            Part::Id => values.id.as_bytes(),
            Part::Url => values.url.as_bytes(),
            Part::Method => values.method.as_bytes(),
            Part::Form => values.form,
            Part::Field(i) => values.fields.get(*i).map_or(&[][..], |f| f.as_bytes()),
        })
    }

    /// The body fields the template signs (`{field:…}`), in order.
    pub(crate) fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The sorted form parameters of `body`, when the template signs them
    /// (`{form}`, Twilio); nothing is parsed otherwise. A request whose URL
    /// carries `bodySHA256` signs no parameters: its body is checked
    /// against that hash instead ([`crate::form::body_sha256`]).
    pub(crate) fn form_of(&self, body: &[u8], url: &str) -> Option<Vec<u8>> {
        self.uses(&Part::Form).then(|| {
            if crate::form::body_sha256(url).is_some() {
                Vec::new()
            } else {
                crate::form::sorted_params(body)
            }
        })
    }

    /// Whether the template stands for Twilio's request rules (`{form}`).
    pub(crate) fn uses_form(&self) -> bool {
        self.uses(&Part::Form)
    }

    /// Whether the template signs nothing (a token scheme's).
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub(crate) fn uses_timestamp(&self) -> bool {
        self.uses(&Part::Timestamp)
    }

    pub(crate) fn uses_id(&self) -> bool {
        self.uses(&Part::Id)
    }

    /// Whether the template has the placeholder `part` (never true for a
    /// literal).
    pub(crate) fn uses(&self, part: &Part) -> bool {
        self.placeholders & part.bit() != 0
    }
}

impl TryFrom<String> for Template {
    type Error = ConfigError;
    fn try_from(text: String) -> Result<Self, ConfigError> {
        Self::parse(&text)
    }
}

impl From<Template> for String {
    fn from(t: Template) -> Self {
        t.text
    }
}

#[cfg(test)]
mod tests {
    use super::{Part, Template};

    #[test]
    fn parses_placeholders_and_escaped_braces() {
        let t = Template::parse("v0:{timestamp}:{{{body}}}").map_err(|e| e.to_string());
        assert_eq!(
            t.map(|t| t.parts),
            Ok(vec![
                Part::Literal("v0:".into()),
                Part::Timestamp,
                Part::Literal(":{".into()),
                Part::Body,
                Part::Literal("}".into()),
            ])
        );
    }

    #[test]
    fn refuses_templates_without_exactly_one_body() {
        for bad in [
            "{timestamp}.",
            "{body}{body}",
            "{bdy}",
            "{body",
            "}{body}",
            "{field:a}{body}",
            "{field:}",
            "{field:a b}",
            "{field:a}{field:b}{field:c}{field:d}{field:e}",
        ] {
            assert!(Template::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
