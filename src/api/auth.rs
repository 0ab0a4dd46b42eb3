//! The official CLI's three credential types, resolved as `Profile.AuthType` does:
//! API keys (Digest), service accounts (OAuth client credentials) and user accounts
//! (`atlas auth login` tokens, refreshed when expired). Tokens live in memory only.

use super::client::{Auth, Client, Response};
use super::error as api_error;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::go::json::{self as gojson, unmarshal};
use serde::Deserialize;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (for `Authorization: Basic`).
pub fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = ((n >> (18 - 6 * i)) & 63) as u8;
                out.push(char::from(*B64.get(usize::from(sextet)).unwrap_or(&b'=')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64url without padding (JWT segments); also accepts the standard alphabet.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

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
    let payload = base64url_decode(payload).ok_or("illegal base64 data in the token payload")?;
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

/// What the profile and environment say about credentials.
pub enum Credentials {
    ApiKeys {
        public: String,
        private: String,
    },
    ServiceAccount {
        id: String,
        secret: String,
        cached: Option<String>,
    },
    UserAccount {
        access: String,
        refresh: String,
        client_id: Option<String>,
    },
    None,
}

/// `Profile.AuthType` and the checks that explain missing (keyring-held) secrets.
pub fn credentials(s: &Settings) -> Result<Credentials> {
    let auth_type = s.get("auth_type")?.unwrap_or_default();
    let client_id = s.get("client_id")?;
    let client_secret = s.get("client_secret")?;
    let public = s.get("public_api_key")?;
    let private = s.get("private_api_key")?;
    let effective =
        if auth_type != "service_account" && client_id.is_some() && client_secret.is_some() {
            "service_account".to_string()
        } else if auth_type != "api_keys" && public.is_some() && private.is_some() {
            "api_keys".to_string()
        } else {
            auth_type
        };
    let missing = |what: &str, keys: &[&str]| {
        let vars: Vec<String> = keys.iter().map(|k| s.env_name(k)).collect();
        let origin = if keys.iter().all(|k| s.profile_has(k)) {
            "are empty".to_string()
        } else {
            format!(
                "are not in {} (the official CLI may have saved them in the OS keyring, which atlas does not read)",
                s.file_shown()
            )
        };
        Error::Config(format!(
            "profile {:?} uses {what}, but its credentials {origin}; set {}",
            s.profile(),
            vars.join(" and ")
        ))
    };
    Ok(match effective.as_str() {
        "api_keys" => match (public, private) {
            (Some(public), Some(private)) => Credentials::ApiKeys { public, private },
            _ => return Err(missing("API keys", &["public_api_key", "private_api_key"])),
        },
        "service_account" => match (client_id, client_secret) {
            (Some(id), Some(secret)) => Credentials::ServiceAccount {
                id,
                secret,
                cached: s.get("access_token")?,
            },
            _ => {
                return Err(missing(
                    "a service account",
                    &["client_id", "client_secret"],
                ))
            }
        },
        "user_account" => match (s.get("access_token")?, s.get("refresh_token")?) {
            (Some(access), Some(refresh)) => Credentials::UserAccount {
                access,
                refresh,
                client_id,
            },
            _ => {
                return Err(missing(
                    "a user account (atlas auth login)",
                    &["access_token", "refresh_token"],
                ))
            }
        },
        _ => Credentials::None,
    })
}

/// The URL of an OAuth failure's message: the API request it was for.
fn oauth_error(resp: &Response, api_method: &str, api_url: &str) -> Error {
    let reply = token_reply(resp);
    let (code, description) = (reply.error, reply.error_description);
    if code == "invalid_client" {
        return Error::Unauthorized(api_error::UNAUTHORIZED.to_string());
    }
    let op = super::client::op_name(api_method);
    let quoted = crate::go::strconv::quote(api_url);
    if code.is_empty() {
        return Error::Api(format!(
            "{op} {quoted}: oauth2: cannot fetch token: {} {}",
            resp.status, resp.status_text
        ));
    }
    Error::Api(format!(
        "{op} {quoted}: oauth2: {} {}",
        crate::go::strconv::quote(&code),
        crate::go::strconv::quote(&description)
    ))
}

/// An OAuth token endpoint's answer (oauth2's `tokenJSON` and `RetrieveError`), keys
/// matched as Go's decoder matches them.
#[derive(Default, Deserialize)]
#[serde(rename = "tokenJSON")]
struct TokenReply {
    access_token: String,
    error: String,
    error_description: String,
}

/// The answer, or empty fields when it is not a token reply at all.
fn token_reply(resp: &Response) -> TokenReply {
    unmarshal::<Option<TokenReply>>(&resp.body)
        .ok()
        .and_then(|d| d.value)
        .unwrap_or_default()
}

fn access_token_from(resp: &Response) -> Option<String> {
    Some(token_reply(resp).access_token).filter(|t| !t.is_empty())
}

/// Turns credentials into the header the API calls carry, fetching or refreshing a
/// token first when needed. `api_method`/`api_url` name the call for error texts.
pub fn authorize(
    client: &mut Client,
    creds: Credentials,
    s: &Settings,
    api_method: &str,
    api_url: &str,
) -> Result<Auth> {
    let transport = |e: super::client::TransportError, url: &str| {
        if e.local {
            return Error::Config(e.message);
        }
        Error::Network(format!(
            "Post {}: {}",
            crate::go::strconv::quote(url),
            e.message
        ))
    };
    match creds {
        Credentials::None => Ok(Auth::None),
        Credentials::ApiKeys { public, private } => Ok(Auth::Digest {
            username: public,
            password: private,
        }),
        Credentials::ServiceAccount { id, secret, cached } => {
            if let Some(t) = cached.filter(|t| still_valid(t)) {
                return Ok(Auth::Bearer(t));
            }
            // The token endpoint follows the configured base URL (not cloudgov's host).
            let base = match s.ops_manager_url()? {
                Some(u) => u.trim_end_matches('/').to_string(),
                None => crate::config::CLOUD_URL.to_string(),
            };
            let url = format!("{base}/api/oauth/token");
            let basic = base64_encode(
                format!(
                    "{}:{}",
                    crate::go::url::query_escape(&id),
                    crate::go::url::query_escape(&secret)
                )
                .as_bytes(),
            );
            let body = form_encode(&[("grant_type", "client_credentials")]);
            let resp = client
                .post_form(&url, &format!("Basic {basic}"), body.as_bytes())
                .map_err(|e| transport(e, &url))?;
            if !(200..300).contains(&resp.status) {
                return Err(oauth_error(&resp, api_method, api_url));
            }
            access_token_from(&resp).map(Auth::Bearer).ok_or_else(|| {
                Error::Api(format!(
                    "{} {}: oauth2: server response missing access_token",
                    super::client::op_name(api_method),
                    crate::go::strconv::quote(api_url)
                ))
            })
        }
        Credentials::UserAccount {
            access,
            refresh,
            client_id,
        } => {
            jwt_expiry(&access).map_err(|e| {
                Error::Config(format!(
                    "the access_token of profile {:?} is not a valid JWT: {e}; run atlas auth login with the official CLI, or set {}",
                    s.profile(),
                    s.env_name("access_token")
                ))
            })?;
            if still_valid(&access) {
                return Ok(Auth::Bearer(access));
            }
            let cloudgov = s.service()? == "cloudgov";
            let auth_url = match (s.get("account_url")?, s.ops_manager_url()?) {
                (Some(u), _) | (None, Some(u)) => u,
                (None, None) if cloudgov => format!("{}/", crate::config::CLOUDGOV_URL),
                (None, None) => format!("{}/", crate::config::CLOUD_URL),
            };
            let url = format!(
                "{}/api/private/unauth/account/device/token",
                auth_url.trim_end_matches('/')
            );
            let default_id = if cloudgov {
                "0oabtyfelbTBdoucy297"
            } else {
                "0oabtxactgS3gHIR0297"
            };
            let id = client_id.unwrap_or_else(|| default_id.to_string());
            let body = form_encode(&[
                ("client_id", &id),
                ("refresh_token", &refresh),
                ("scope", "openid profile offline_access"),
                ("grant_type", "refresh_token"),
            ]);
            let resp = client
                .post_form(&url, "", body.as_bytes())
                .map_err(|e| transport(e, &url))?;
            if resp.status >= 300 {
                let without_query = url.split('?').next().unwrap_or(&url).to_string();
                return Err(api_error::error(
                    resp.status,
                    &resp.status_text,
                    "POST",
                    &without_query,
                    resp.header("content-type").unwrap_or(""),
                    &resp.body,
                ));
            }
            access_token_from(&resp)
                .map(Auth::Bearer)
                .ok_or_else(|| Error::Api("the token refresh answer has no access_token".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(
            base64_encode(b"mdb_sa_id:mdb_sa_sk"),
            "bWRiX3NhX2lkOm1kYl9zYV9zaw=="
        );
        assert_eq!(base64url_decode("Zm9vYg").unwrap(), b"foob");
        assert_eq!(base64url_decode("_-8").unwrap(), vec![0xff, 0xef]);
        assert!(base64url_decode("a$b").is_none());
    }

    #[test]
    fn jwt_expiry_claims() {
        let payload = base64_encode(br#"{"sub":"x","exp":1900000000}"#).replace('=', "");
        assert_eq!(jwt_expiry(&format!("h.{payload}.s")), Ok(1_900_000_000));
        assert!(jwt_expiry("not-a-jwt").is_err());
        let no_exp = base64_encode(br#"{"sub":"x"}"#).replace('=', "");
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
