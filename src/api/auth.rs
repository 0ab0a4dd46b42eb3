//! The official CLI's three credential types, resolved as `Profile.AuthType` does:
//! API keys (Digest), service accounts (OAuth client credentials) and user accounts
//! (`atlas auth login` tokens, refreshed when expired). Tokens live in memory only.

use super::error as api_error;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::go::base64;
use crate::transport::client::{self, Auth, Client, Response};
use crate::transport::oauth::{
    access_token_from, form_encode, jwt_expiry, still_valid, token_reply,
};

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
    let op = client::op_name(api_method);
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

/// Turns credentials into the header the API calls carry, fetching or refreshing a
/// token first when needed. `api_method`/`api_url` name the call for error texts.
pub fn authorize(
    client: &mut Client,
    creds: Credentials,
    s: &Settings,
    api_method: &str,
    api_url: &str,
) -> Result<Auth> {
    let transport = |e: client::TransportError, url: &str| {
        if e.local {
            return Error::Config(e.message);
        }
        let m = format!("Post {}: {}", crate::go::strconv::quote(url), e.message);
        if e.rate_limited {
            return Error::RateLimited(m);
        }
        Error::Network(m)
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
            let basic = base64::encode_std(
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
                    client::op_name(api_method),
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
