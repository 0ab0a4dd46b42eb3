//! Decision `credentials-hint`: the explanation of an unauthorized answer. After the
//! official `unauthorized` text, the error carries one line on what atlas found and
//! what is missing, or which credentials the server refused, worked out from the same
//! [`auth::credentials`] the session sent. Only names of variables, keys and files
//! appear, never a value.

use super::auth::{self, Credentials};
use crate::config::{Origin, Settings};
use crate::error::Error;

/// Adds the line to an `Unauthorized` error; other errors pass through.
pub fn explain(settings: &Settings, e: Error) -> Error {
    let Error::Unauthorized { hint: None } = e else {
        return e;
    };
    let line = match auth::credentials(settings) {
        Ok(Credentials::None) | Err(_) => missing(settings),
        Ok(sent) => refused(settings, &sent),
    };
    Error::Unauthorized { hint: Some(line) }
}

/// The credential pairs the official CLI infers a mechanism from, API keys first.
const PAIRS: &[(&str, &str)] = &[
    ("public_api_key", "private_api_key"),
    ("client_id", "client_secret"),
];

fn missing(s: &Settings) -> String {
    for (a, b) in PAIRS {
        match (s.origin(a), s.origin(b)) {
            (Some(found), None) => return half(s, a, &found, b),
            (None, Some(found)) => return half(s, b, &found, a),
            _ => {}
        }
    }
    format!(
        "no credentials found: {}",
        s.absence(&["public_api_key", "private_api_key"])
    )
}

fn half(s: &Settings, found_key: &str, found_in: &Origin, missing_key: &str) -> String {
    let found = match found_in {
        Origin::Env(var) => format!("{var} is set"),
        Origin::File(place) => format!("found {found_key} in {place}"),
    };
    format!("{found}, but {}", s.absence(&[missing_key]))
}

fn refused(s: &Settings, sent: &Credentials) -> String {
    let from = |k: &str| {
        format!(
            "{k} from {}",
            s.origin(k)
                .map_or_else(|| "the configuration".to_string(), |o| o.to_string())
        )
    };
    match sent {
        Credentials::ApiKeys { .. } => format!(
            "the server refused the API keys that were sent ({}, {})",
            from("public_api_key"),
            from("private_api_key")
        ),
        Credentials::ServiceAccount { cached, .. }
            if cached
                .as_deref()
                .is_some_and(crate::transport::oauth::still_valid) =>
        {
            format!(
                "the server refused the service account's cached token ({})",
                from("access_token")
            )
        }
        Credentials::ServiceAccount { .. } => format!(
            "the server refused the service account that was sent ({}, {})",
            from("client_id"),
            from("client_secret")
        ),
        Credentials::UserAccount { .. } => format!(
            "the server refused the user account's tokens ({}, {})",
            from("access_token"),
            from("refresh_token")
        ),
        Credentials::None => missing(s),
    }
}
