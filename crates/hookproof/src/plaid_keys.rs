//! The request that fetches a key Plaid names by its id. A `plaid` Webhook
//! asks its resolver for `<endpoint>#<kid>` (`KeysFrom::KeyById`); Plaid
//! answers it only to a `POST` with the receiver's API keys, on the host of
//! the receiver's environment (Plaid's docs, "Webhook verification"). The
//! rule lives here so that the Python and Node resolvers (`PlaidKeys`,
//! `plaidKeys`) send the same request; they only do the I/O.

use crate::error::ConfigError;

/// The key endpoint as a `plaid` Webhook names it (production's).
pub(crate) const PLAID_KEYS: &str = "https://production.plaid.com/webhook_verification_key/get";

/// Plaid's key endpoint in `environment`: `production` or `sandbox` (each
/// its own host).
///
/// # Errors
/// `invalid_argument` for any other environment.
pub fn plaid_key_endpoint(environment: &str) -> Result<&'static str, ConfigError> {
    match environment {
        "production" => Ok(PLAID_KEYS),
        "sandbox" => Ok("https://sandbox.plaid.com/webhook_verification_key/get"),
        other => Err(ConfigError::argument(format!(
            "environment is 'production' or 'sandbox', not {other:?}"
        ))),
    }
}

/// The JSON body that asks Plaid's key endpoint
/// ([`plaid_key_endpoint`]) for the key `reference` names, with the
/// receiver's `client_id` and `secret`.
///
/// # Errors
/// `invalid_argument` when `reference` is not `<Plaid's endpoint>#<kid>`
/// (a resolver given to another scheme), or a credential is empty.
pub fn plaid_key_request(
    reference: &str,
    client_id: &str,
    secret: &str,
) -> Result<String, ConfigError> {
    let kid = crate::fetched::key_id_in(reference, PLAID_KEYS).ok_or_else(|| {
        ConfigError::argument(format!(
            "Plaid's keys are fetched as {PLAID_KEYS}#<key id>, not {reference}"
        ))
    })?;
    if client_id.is_empty() || secret.is_empty() {
        return Err(ConfigError::argument(
            "Plaid's keys are fetched with your client id and secret, both non-empty",
        ));
    }
    Ok(serde_json::json!({ "client_id": client_id, "secret": secret, "key_id": kid }).to_string())
}

#[cfg(test)]
mod tests {
    use super::{PLAID_KEYS, plaid_key_endpoint, plaid_key_request};

    #[test]
    fn the_request_names_the_key_and_the_credentials() {
        let body = plaid_key_request(&format!("{PLAID_KEYS}#6c5516e1-92dc"), "id\"1", "s").ok();
        let json: Option<serde_json::Value> = body.and_then(|b| serde_json::from_str(&b).ok());
        assert_eq!(
            json,
            Some(
                serde_json::json!({"client_id": "id\"1", "secret": "s", "key_id": "6c5516e1-92dc"})
            )
        );
        for reference in [
            PLAID_KEYS,
            "https://example.com/keys#k",
            &format!("{PLAID_KEYS}#"),
        ] {
            let err = plaid_key_request(reference, "id", "s")
                .err()
                .map(|e| e.code());
            assert_eq!(err, Some("invalid_argument"), "{reference}");
        }
        let empty = plaid_key_request(&format!("{PLAID_KEYS}#k"), "id", "").err();
        assert_eq!(empty.map(|e| e.code()), Some("invalid_argument"));
        assert_eq!(plaid_key_endpoint("production").ok(), Some(PLAID_KEYS));
        assert!(
            plaid_key_endpoint("sandbox")
                .is_ok_and(|u| u.starts_with("https://sandbox.plaid.com/"))
        );
        assert!(plaid_key_endpoint("development").is_err());
    }
}
