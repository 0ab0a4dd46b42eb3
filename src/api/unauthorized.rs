//! Decision `credentials-hint`: the explanation of an unauthorized answer. After the
//! official `unauthorized` text, the error carries what atlas found and what is
//! missing, or which credentials the server refused, worked out from the same
//! [`auth::credentials`] the session sent, as data ([`CredentialsHint`], worded in its
//! `Display`). Only names of variables, keys and files appear, never a value.

use super::auth::{self, Credentials};
use crate::config::{Origin, Settings};
use crate::error::{CredentialsHint, Error, Found, Sent};

/// Adds what was found to an `Unauthorized` error; other errors pass through.
pub fn explain(settings: &Settings, e: Error) -> Error {
    let Error::Unauthorized { hint: None } = e else {
        return e;
    };
    let hint = match auth::credentials(settings) {
        Ok(Credentials::None) | Err(_) => missing(settings),
        Ok(sent) => refused(settings, &sent),
    };
    Error::Unauthorized {
        hint: Some(Box::new(hint)),
    }
}

/// The credential pairs the official CLI infers a mechanism from, API keys first.
const PAIRS: &[(&str, &str)] = &[
    ("public_api_key", "private_api_key"),
    ("client_id", "client_secret"),
];

fn missing(s: &Settings) -> CredentialsHint {
    for (a, b) in PAIRS {
        match (s.origin(a), s.origin(b)) {
            (Some(found), None) => return half(s, a, found, b),
            (None, Some(found)) => return half(s, b, found, a),
            _ => {}
        }
    }
    CredentialsHint::NoneFound(s.absence(&["public_api_key", "private_api_key"]))
}

fn half(s: &Settings, found_key: &str, found_in: Origin, missing_key: &str) -> CredentialsHint {
    let found = match found_in {
        Origin::Env(var) => Found::Env(var),
        Origin::File(place) => Found::File {
            key: found_key.to_string(),
            place,
        },
    };
    CredentialsHint::Half {
        found,
        missing: s.absence(&[missing_key]),
    }
}

fn refused(s: &Settings, sent: &Credentials) -> CredentialsHint {
    let (sent, keys): (Sent, &[&'static str]) = match sent {
        Credentials::ApiKeys { .. } => (Sent::ApiKeys, &["public_api_key", "private_api_key"]),
        Credentials::ServiceAccount { cached, .. }
            if cached
                .as_deref()
                .is_some_and(crate::transport::oauth::still_valid) =>
        {
            (Sent::CachedToken, &["access_token"])
        }
        Credentials::ServiceAccount { .. } => {
            (Sent::ServiceAccount, &["client_id", "client_secret"])
        }
        Credentials::UserAccount { .. } => (Sent::UserAccount, &["access_token", "refresh_token"]),
        Credentials::None => return missing(s),
    };
    let from = keys
        .iter()
        .map(|&k| (k, s.origin(k).map(|o| o.to_string())))
        .collect();
    CredentialsHint::Refused { sent, from }
}
