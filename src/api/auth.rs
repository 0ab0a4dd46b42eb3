//! The official CLI's three credential types, resolved as `Profile.AuthType` does:
//! API keys (Digest), service accounts (OAuth client credentials) and user accounts
//! (`atlas auth login` tokens, refreshed when expired). Service-account tokens are
//! kept between runs in a cache of our own (decision token-cache); user-account tokens
//! live in memory only.

use super::error as api_error;
use super::notes::{Note, Notes};
use crate::config::Env;
use crate::config::Settings;
use crate::error::{Error, Result, Secret};
use crate::go::base64;
use crate::transport::client::{self, Auth, Client, Delivery, Response};
use crate::transport::oauth::{self, form_encode, jwt_expiry, still_valid, Token, TokenError};
use crate::transport::token_cache::{self, Key, TokenCache};
use std::rc::Rc;

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

/// `Post "<api url>"`: the API request a token was for, as Go's `url.Error` names it.
fn for_request(api_method: &str, api_url: &str) -> String {
    format!(
        "{} {}",
        client::op_name(api_method),
        crate::go::strconv::quote(api_url)
    )
}

/// Decision outcome-not-sent: a failure on the way to a token means the API request
/// never left; the message says so.
fn not_sent(api_method: &str, api_url: &str, why: impl std::fmt::Display) -> Error {
    Error::NotSent {
        request: for_request(api_method, api_url),
        cause: why.to_string(),
    }
}

/// A token endpoint's answer made into a token that can go into a header, or the error
/// that says why not (the request it was for was not sent).
fn token_from(resp: &Response, api_method: &str, api_url: &str) -> Result<Token> {
    let answer = oauth::token_answer(
        resp.status,
        &resp.status_text,
        resp.header("content-type").unwrap_or(""),
        &resp.body,
    );
    let token = match answer {
        Ok(t) => t,
        Err(TokenError::Retrieve { code, .. }) if code == "invalid_client" => {
            return Err(Error::unauthorized())
        }
        Err(e) => return Err(not_sent(api_method, api_url, e)),
    };
    if !oauth::is_bearer(&token.token_type) {
        return Err(not_sent(
            api_method,
            api_url,
            format!(
                "the token endpoint issued a {} token; atlas sends Bearer tokens only",
                crate::go::strconv::quote(&token.token_type)
            ),
        ));
    }
    if let Some(why) = oauth::unsendable(&token.access_token) {
        return Err(not_sent(api_method, api_url, why));
    }
    Ok(token)
}

/// Decision credentials-need-https: the error for credentials that would cross a network
/// in the clear. `what` names them, `settings` where the URL is set.
fn refuse_plain_http(
    url: &str,
    secret: Secret,
    s: &Settings,
    place: &'static str,
    key: &'static str,
) -> Result<()> {
    match oauth::refuses_credentials(url) {
        None => Ok(()),
        Some(host) => Err(Error::PlainHttp {
            secret,
            host,
            place,
            var: s.env_name(key),
            key,
        }),
    }
}

/// A token fetch that failed in transit: Go's nesting of the token request's error in
/// the API request's.
fn token_transport(
    e: client::TransportError,
    token_url: &str,
    api_method: &str,
    api_url: &str,
) -> Error {
    let token_request = format!("Post {}", crate::go::strconv::quote(token_url));
    let why = match e.delivery {
        Delivery::Local => return Error::LocalSetting(e.message),
        // The token endpoint's limit outlasted the wait budget: its own kind, and the
        // message already says the request was not acted on.
        Delivery::RateLimited(limit) => {
            return Error::RateLimited {
                request: for_request(api_method, api_url),
                via: Some(token_request),
                limit: super::limits::rate_limit(*limit),
            }
        }
        _ => format!("{token_request}: {}", e.message),
    };
    not_sent(api_method, api_url, why)
}

/// The service account a run uses, with what the token cache needs.
struct ServiceAccount {
    id: String,
    secret: String,
    token_url: String,
}

impl ServiceAccount {
    fn key(&self) -> Key {
        Key {
            token_url: self.token_url.clone(),
            client_id: self.id.clone(),
            client_secret: self.secret.clone(),
        }
    }
}

/// Turns credentials into the header the API calls carry, fetching, reading from the
/// token cache or refreshing a token first when needed; and, when Atlas refuses a token
/// that came from the cache, gets one fresh token (decision token-cache).
pub struct Tokens<'a> {
    settings: &'a Settings,
    env: &'a Env,
    debug: bool,
    notes: Rc<dyn Notes>,
    /// The cache the token in use was read from, and whose token it is: set until
    /// Atlas refuses that token once.
    from_cache: Option<(TokenCache, ServiceAccount)>,
}

impl<'a> Tokens<'a> {
    pub fn new(
        settings: &'a Settings,
        env: &'a Env,
        debug: bool,
        notes: Rc<dyn Notes>,
    ) -> Tokens<'a> {
        Tokens {
            settings,
            env,
            debug,
            notes,
            from_cache: None,
        }
    }

    /// The header for `creds`. `api_method`/`api_url` name the call for error texts.
    /// A bearer token is a reusable secret too: it goes only where a client secret may
    /// (decision credentials-need-https); Digest sends none.
    pub fn authorize(
        &mut self,
        client: &mut Client,
        creds: Credentials,
        api_method: &str,
        api_url: &str,
    ) -> Result<Auth> {
        let auth = self.header(client, creds, api_method, api_url)?;
        if let Auth::Bearer(_) = auth {
            refuse_plain_http(
                api_url,
                Secret::BearerToken,
                self.settings,
                "base URL",
                "ops_manager_url",
            )?;
        }
        Ok(auth)
    }

    fn header(
        &mut self,
        client: &mut Client,
        creds: Credentials,
        api_method: &str,
        api_url: &str,
    ) -> Result<Auth> {
        // Validated whatever the credentials, as ATLAS_HTTP_TIMEOUT is.
        let switch = token_cache::Switch {
            on: crate::config::token_cache_on(self.env)?,
            setting: crate::config::TOKEN_CACHE_SETTING,
        };
        match creds {
            Credentials::None => Ok(Auth::None),
            Credentials::ApiKeys { public, private } => Ok(Auth::Digest {
                username: public,
                password: private,
            }),
            Credentials::ServiceAccount { id, secret, cached } => {
                // The profile's own token, as the official CLI uses it.
                if let Some(t) = cached.filter(|t| still_valid(t)) {
                    return Ok(Auth::Bearer(t));
                }
                let account = self.service_account(id, secret)?;
                let cache = TokenCache::open(self.env, switch, self.debug);
                if let Some(cache) = cache {
                    if let Some(token) = cache.load(&account.key(), crate::go::time::unix_now()) {
                        self.from_cache = Some((cache, account));
                        return Ok(Auth::Bearer(token));
                    }
                    return self.fetch(client, &account, Some(&cache), api_method, api_url);
                }
                self.fetch(client, &account, None, api_method, api_url)
            }
            Credentials::UserAccount {
                access,
                refresh,
                client_id,
            } => self.refresh(client, access, refresh, client_id, api_method, api_url),
        }
    }

    /// After Atlas answered 401 to a request: when its token came from the cache, the
    /// entry is removed and one fresh token returned (the request was not acted on, so
    /// it may be sent again). `None` when there is nothing to try.
    pub fn after_refusal(
        &mut self,
        client: &mut Client,
        api_method: &str,
        api_url: &str,
    ) -> Result<Option<Auth>> {
        let Some((cache, account)) = self.from_cache.take() else {
            return Ok(None);
        };
        cache.remove(&account.key());
        self.fetch(client, &account, Some(&cache), api_method, api_url)
            .map(Some)
    }

    /// The token endpoint follows the configured base URL (not cloudgov's host); the
    /// secret goes only where it is safe.
    fn service_account(&self, id: String, secret: String) -> Result<ServiceAccount> {
        let base = match self.settings.ops_manager_url()? {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => crate::config::CLOUD_URL.to_string(),
        };
        let token_url = format!("{base}/api/oauth/token");
        refuse_plain_http(
            &token_url,
            Secret::ClientSecret,
            self.settings,
            "base URL",
            "ops_manager_url",
        )?;
        Ok(ServiceAccount {
            id,
            secret,
            token_url,
        })
    }

    /// A client-credentials token, kept in `cache` when there is one.
    fn fetch(
        &self,
        client: &mut Client,
        account: &ServiceAccount,
        cache: Option<&TokenCache>,
        api_method: &str,
        api_url: &str,
    ) -> Result<Auth> {
        let url = &account.token_url;
        let basic = base64::encode_std(
            format!(
                "{}:{}",
                crate::go::url::query_escape(&account.id),
                crate::go::url::query_escape(&account.secret)
            )
            .as_bytes(),
        );
        let body = form_encode(&[("grant_type", "client_credentials")]);
        let resp = client
            .post_form(url, &format!("Basic {basic}"), body.as_bytes())
            .map_err(|e| token_transport(e, url, api_method, api_url))?;
        let token = token_from(&resp, api_method, api_url)?;
        if let Some(cache) = cache {
            let now = crate::go::time::unix_now();
            match token_cache::expiry(&token.access_token, token.expires_in, now) {
                Some(at) => cache.store(&account.key(), &token.access_token, at, now),
                None if self.debug => self.notes.note(&Note::TokenNotKept),
                None => {}
            }
        }
        Ok(Auth::Bearer(token.access_token))
    }

    /// A user account's access token while valid, else a refreshed one (in memory).
    fn refresh(
        &self,
        client: &mut Client,
        access: String,
        refresh: String,
        client_id: Option<String>,
        api_method: &str,
        api_url: &str,
    ) -> Result<Auth> {
        let s = self.settings;
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
        let account_url = s.account_url()?;
        let from_account_url = account_url.is_some();
        let auth_url = match (account_url, s.ops_manager_url()?) {
            (Some(u), _) | (None, Some(u)) => u,
            (None, None) if cloudgov => format!("{}/", crate::config::CLOUDGOV_URL),
            (None, None) => format!("{}/", crate::config::CLOUD_URL),
        };
        let url = format!(
            "{}/api/private/unauth/account/device/token",
            auth_url.trim_end_matches('/')
        );
        let (which, key) = if from_account_url {
            ("account URL", "account_url")
        } else {
            ("base URL", "ops_manager_url")
        };
        refuse_plain_http(&url, Secret::RefreshToken, s, which, key)?;
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
            .map_err(|e| token_transport(e, &url, api_method, api_url))?;
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
        token_from(&resp, api_method, api_url).map(|t| Auth::Bearer(t.access_token))
    }
}
