//! OAuth 2.0 as `golang.org/x/oauth2` speaks it, for any token endpoint: the form
//! bodies (`url.Values.Encode`), the token endpoint's answer (`tokenJSON`,
//! `RetrieveError`), and the expiry of a JWT access token. Nothing here knows which
//! server or which credentials; `api::auth` decides that.

use super::client::Response;
use crate::go::base64;
use crate::go::json::{self as gojson, unmarshal};
use serde::Deserialize;

/// The JWT claims we read: the expiry, a NumericDate (seconds, possibly fractional).
#[derive(Deserialize)]
#[serde(rename = "Claims")]
struct Claims {
    exp: Option<f64>,
}

/// The `exp` claim of a JWT, read without verifying the signature (as the CLI does).
pub fn jwt_expiry(token: &str) -> std::result::Result<i64, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return Err("token contains an invalid number of segments".into());
    };
    let payload = base64::decode_url(payload).ok_or("illegal base64 data in the token payload")?;
    let claims: Option<Claims> = match unmarshal(&payload) {
        Ok(d) => d.value,
        Err(e @ gojson::Error::Type { .. }) if e.position() == (1, 1) => {
            return Err("the token payload is not a JSON object".into())
        }
        Err(e) if e.is_syntax() => return Err(format!("the token payload is not JSON: {e}")),
        Err(_) => return Err("the token's exp claim is not a number".into()),
    };
    match claims.and_then(|c| c.exp) {
        // Seconds; a fractional part is dropped, as converting to a Unix time does.
        Some(exp) => Ok(exp as i64),
        None => Err("the token has no exp claim".into()),
    }
}

/// A token is used while its expiry is more than 10 seconds away.
pub fn still_valid(token: &str) -> bool {
    jwt_expiry(token).is_ok_and(|exp| exp - 10 > crate::go::time::unix_now())
}

/// `url.Values.Encode`: keys sorted, query-escaped.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = pairs.iter().collect();
    sorted.sort_by_key(|(k, _)| *k);
    sorted
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::go::url::query_escape(k),
                crate::go::url::query_escape(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// An OAuth token endpoint's answer (oauth2's `tokenJSON` and `RetrieveError`), keys
/// matched as Go's decoder matches them.
#[derive(Default, Deserialize)]
#[serde(rename = "tokenJSON")]
pub struct TokenReply {
    pub access_token: String,
    pub error: String,
    pub error_description: String,
}

/// The answer, or empty fields when it is not a token reply at all.
pub fn token_reply(resp: &Response) -> TokenReply {
    unmarshal::<Option<TokenReply>>(&resp.body)
        .ok()
        .and_then(|d| d.value)
        .unwrap_or_default()
}

pub fn access_token_from(resp: &Response) -> Option<String> {
    Some(token_reply(resp).access_token).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_expiry_claims() {
        let payload = base64::encode_std(br#"{"sub":"x","exp":1900000000}"#).replace('=', "");
        assert_eq!(jwt_expiry(&format!("h.{payload}.s")), Ok(1_900_000_000));
        assert!(jwt_expiry("not-a-jwt").is_err());
        let no_exp = base64::encode_std(br#"{"sub":"x"}"#).replace('=', "");
        assert_eq!(
            jwt_expiry(&format!("h.{no_exp}.s")),
            Err("the token has no exp claim".into())
        );
    }

    #[test]
    fn forms() {
        assert_eq!(
            form_encode(&[("scope", "openid profile"), ("client_id", "a+b")]),
            "client_id=a%2Bb&scope=openid+profile"
        );
    }
}
