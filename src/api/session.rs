//! One command's conversation with Atlas: the authenticated client, built on the first
//! request (credentials resolved, tokens fetched), and every request's failure turned
//! into the official CLI's error lines.

use super::auth;
use super::error as api_error;
use super::notes::{Note, Notes};
use crate::config::{is_true, Env, Settings};
use crate::error::{Error, Result};
use crate::transport::client::{self, Auth, Client, Delivery, Response, TransportError};
use crate::transport::retry::Pause;
use std::rc::Rc;
use std::time::Duration;

/// The overall time for one request, in seconds.
const TIMEOUT_SETTING: &str = "ATLAS_HTTP_TIMEOUT";
/// Default overall time for one request, changeable with `ATLAS_HTTP_TIMEOUT`.
const DEFAULT_TIMEOUT_SECS: f64 = 60.0;
/// Default time all rate-limit waits of one run may take, changeable with
/// `ATLAS_RATE_LIMIT_WAIT` (decision rate-limit-wait).
const DEFAULT_RATE_LIMIT_WAIT_SECS: f64 = 600.0;
/// The longest either setting may be: a day.
const MAX_SETTING_SECS: f64 = 86_400.0;

/// One request as it goes on the wire (and as `--dry-run` prints it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: &'static str,
    /// `/api/atlas/v2/…`, escaped, with its query.
    pub path: String,
    /// The versioned media type for `Accept` (and `Content-Type` with a body).
    pub media_type: &'static str,
    /// The exact body bytes (JSON plus the encoder's newline).
    pub body: Option<Vec<u8>>,
}

impl Request {
    /// `--dry-run`'s blocks for `requests`, one after another with a blank line between.
    pub fn dry_run_blocks(requests: &[Request], base_url: &str) -> String {
        let blocks: Vec<String> = requests.iter().map(|r| r.dry_run_text(base_url)).collect();
        blocks.join("\n")
    }

    /// `--dry-run`'s block: method and URL, headers, and the exact body.
    pub fn dry_run_text(&self, base_url: &str) -> String {
        let mut out = format!(
            "{} {base_url}{}\nAccept: {}\n",
            self.method, self.path, self.media_type
        );
        if let Some(body) = &self.body {
            out.push_str(&format!(
                "Content-Type: {}\n\n{}",
                self.media_type,
                String::from_utf8_lossy(body)
            ));
        }
        out
    }
}

pub struct Session<'a> {
    settings: &'a Settings,
    env: &'a Env,
    debug: bool,
    client: Option<Client>,
    /// Where the token comes from, and what to do when Atlas refuses a cached one.
    tokens: auth::Tokens<'a>,
    /// Why the client could not be built, once it failed (see [`Session::connect`]).
    failed: Option<Error>,
    /// Shows and does the rate-limit waits (a command's progress line).
    pause: Rc<dyn Pause>,
    /// Words and prints what the session has to tell (decision sunset-warning, …).
    notes: Rc<dyn Notes>,
}

impl<'a> Session<'a> {
    /// `pause` shows and does the rate-limit waits until [`Session::set_pause`];
    /// `notes` is told what the run has to say besides its output.
    pub fn new(
        settings: &'a Settings,
        env: &'a Env,
        debug: bool,
        pause: Rc<dyn Pause>,
        notes: Rc<dyn Notes>,
    ) -> Session<'a> {
        Session {
            settings,
            env,
            debug,
            client: None,
            tokens: auth::Tokens::new(settings, env, debug, notes.clone()),
            pause,
            notes,
            failed: None,
        }
    }

    /// How rate-limit waits are shown from now on.
    pub fn set_pause(&mut self, pause: Rc<dyn Pause>) {
        self.pause = pause;
    }

    /// Tells the caller's [`Notes`] of `note` (the backend's fallback, say).
    pub fn note(&self, note: &Note) {
        self.notes.note(note);
    }

    pub fn base_url(&self) -> Result<String> {
        self.settings.base_url()
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// The time the sunset decisions (which API, the sunset warning) are taken at:
    /// the clock, or `ATLAS_NOW` (Unix seconds), a test hook (decision now-test-hook).
    pub fn now(&self) -> Result<i64> {
        match self.env.get("ATLAS_NOW").filter(|v| !v.is_empty()) {
            Some(v) => v.parse::<i64>().map_err(|_| Error::BadSetting {
                setting: "ATLAS_NOW",
                test_hook: true,
                expected: "a number of seconds since 1970",
                quoted_value: crate::go::strconv::quote(v),
            }),
            None => Ok(crate::go::time::unix_now()),
        }
    }

    /// Builds the authenticated client (the CLI's `initStore`) unless it exists:
    /// credentials are resolved, and a service-account or user-account token is
    /// fetched or refreshed first when needed.
    ///
    /// A failure is kept and given again: every later request of the run would fail
    /// the same way, and asking the token endpoint once per item of a bulk run would
    /// spend its limit (50 a minute) for nothing.
    pub fn connect(&mut self, method: &str, path: &str) -> Result<&mut Client> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.client.is_none() {
            match self.new_client(method, path) {
                Ok(client) => self.client = Some(client),
                Err(e) => {
                    self.failed = Some(e.clone());
                    return Err(e);
                }
            }
        }
        self.client
            .as_mut()
            .ok_or_else(|| Error::Config("no client".into()))
    }

    fn new_client(&mut self, method: &str, path: &str) -> Result<Client> {
        let creds = auth::credentials(self.settings)?;
        if matches!(creds, auth::Credentials::None) {
            // Decision no-credentials-no-request: the official CLI sends the request
            // unauthenticated and prints the server's 401 as this message.
            return Err(Error::unauthorized());
        }
        let timeout = match self.env.get(TIMEOUT_SETTING).filter(|v| !v.is_empty()) {
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= MAX_SETTING_SECS)
                .ok_or_else(|| Error::BadSetting {
                    setting: TIMEOUT_SETTING,
                    test_hook: false,
                    expected: "a number of seconds greater than 0 and at most 86400",
                    quoted_value: format!("{v:?}"),
                })?,
            None => DEFAULT_TIMEOUT_SECS,
        };
        let rate_limits = self.rate_limits()?;
        let base_url = self.settings.base_url()?;
        let api_url = format!("{base_url}{path}");
        let mut client = Client::new(
            client::Settings {
                base_url,
                auth: Auth::None,
                user_agent: user_agent(self.env),
                timeout: Duration::from_secs_f64(timeout),
                timeout_setting: TIMEOUT_SETTING,
                debug: self.debug,
                rate_limits,
            },
            self.env,
        )
        .map_err(Error::Config)?;
        // The token endpoint's waits and the API's share the client's budget: a session
        // builds one client (a failure is kept, see `connect`).
        let auth = self
            .tokens
            .authorize(&mut client, creds, method, &api_url)?;
        client.set_auth(auth);
        Ok(client)
    }

    /// `ATLAS_RATE_LIMIT_WAIT` (seconds, 0 never waits) and the wait-scale test hook
    /// `ATLAS_WAIT_SCALE` (decision wait-scale-test-hook), validated as
    /// `ATLAS_HTTP_TIMEOUT` is.
    fn rate_limits(&self) -> Result<client::RateLimits> {
        let budget = match self
            .env
            .get("ATLAS_RATE_LIMIT_WAIT")
            .filter(|v| !v.is_empty())
        {
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0 && *s <= MAX_SETTING_SECS)
                .ok_or_else(|| Error::BadSetting {
                    setting: super::limits::WAIT_SETTING,
                    test_hook: false,
                    expected: "a number of seconds from 0 (never wait) to 86400",
                    quoted_value: format!("{v:?}"),
                })?,
            None => DEFAULT_RATE_LIMIT_WAIT_SECS,
        };
        let scale = match self.env.get("ATLAS_WAIT_SCALE").filter(|v| !v.is_empty()) {
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 1.0)
                .ok_or_else(|| Error::BadSetting {
                    setting: "ATLAS_WAIT_SCALE",
                    test_hook: true,
                    expected: "a number from 0 to 1",
                    quoted_value: format!("{v:?}"),
                })?,
            None => 1.0,
        };
        // At most a day in milliseconds: the conversion is exact.
        let budget_ms = (budget * 1000.0).round() as u64;
        Ok(client::RateLimits {
            classify: super::limits::classify,
            budget_ms,
            left_ms: budget_ms,
            scale,
            setting: super::limits::WAIT_SETTING,
            pause: self.pause.clone(),
        })
    }

    /// Sends `req` and reads its success answer through the SDK model, as the SDK
    /// does (`sdk_json::decode`): the calls of every endpoint that answer with a body.
    pub fn call<T: serde::de::DeserializeOwned>(&mut self, req: &Request) -> Result<Option<T>> {
        super::sdk_json::decode(&self.send(req)?)
    }

    /// As [`Session::call`], for answers that stay short (`sdk_json::decode_short`).
    pub fn call_short<T: serde::de::DeserializeOwned>(
        &mut self,
        req: &Request,
    ) -> Result<Option<T>> {
        super::sdk_json::decode_short(&self.send(req)?)
    }

    /// Sends one request and turns failures into the CLI's error lines: transport
    /// failures as Go's `url.Error`, redirects refused, error answers as the SDK
    /// formats them. A request that may have been acted on without an answer fails
    /// with [`Error::UnknownOutcome`]. A 401 to a token from the token cache gets one
    /// fresh token and one more try: a 401 means Atlas did not act on the request
    /// (decision token-cache).
    pub fn send(&mut self, req: &Request) -> Result<Response> {
        let client = self.connect(req.method, &req.path)?;
        let url = format!("{}{}", client.base_url(), req.path);
        let method = req.method;
        let mut resp = send_on(client, req, &url)?;
        if resp.status == 401 {
            if let Some(client) = self.client.as_mut() {
                if let Some(auth) = self.tokens.after_refusal(client, method, &url)? {
                    client.set_auth(auth);
                    resp = send_on(client, req, &url)?;
                }
            }
        }
        if let Some(note) = sunset_warning(
            &resp,
            self.now().unwrap_or_else(|_| crate::go::time::unix_now()),
        ) {
            self.notes.note(&note);
        }
        let without_query = url.split('?').next().unwrap_or(&url);
        if (300..400).contains(&resp.status) {
            // Decision no-redirects: following one could carry credentials to another
            // host; say where it points instead.
            let to = crate::go::strconv::inert(
                resp.header("location").unwrap_or("(no Location header)"),
            );
            return Err(Error::Api(format!(
                "{without_query} {method}: HTTP {} {}: the server redirects to {to}; atlas does not follow redirects, set the base URL (MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url) to where Atlas is",
                resp.status, resp.status_text
            )));
        }
        if resp.status >= 300 {
            return Err(api_error::error(
                resp.status,
                &resp.status_text,
                method,
                without_query,
                resp.header("content-type").unwrap_or(""),
                &resp.body,
            ));
        }
        Ok(resp)
    }
}

/// One request on `client`, its transport failure as the CLI words it.
fn send_on(client: &mut Client, req: &Request, url: &str) -> Result<Response> {
    let method = req.method;
    client
        .send(
            req.method,
            &req.path,
            req.media_type,
            req.body.as_deref().map(|b| (req.media_type, b)),
        )
        .map_err(|TransportError { message, delivery }| {
            if delivery.local() {
                return Error::LocalSetting(message);
            }
            let request = format!(
                "{} {}",
                client::op_name(method),
                crate::go::strconv::quote(url)
            );
            if let Delivery::RateLimited(limit) = delivery {
                Error::RateLimited {
                    request,
                    via: None,
                    limit: super::limits::rate_limit(*limit),
                }
            } else if delivery.maybe_delivered() {
                Error::UnknownOutcome {
                    request,
                    cause: message,
                    advice: None,
                }
            } else {
                Error::Network {
                    request,
                    cause: message,
                }
            }
        })
}

/// Decision user-agent: `atlas-rs/<v> (<os>;<arch>;<tag>)`, in the official CLI's shape.
fn user_agent(env: &Env) -> String {
    let flag = |k: &str| env.get(k).is_some_and(|v| is_true(v));
    let slots = [
        ("ATLAS_GITHUB_ACTION", "atlascli_github_action"),
        ("GITHUB_ACTIONS", "all_github_actions"),
        ("MONGODB_ATLAS_IS_CONTAINERIZED", "container"),
    ];
    let tag = if slots.iter().any(|(k, _)| flag(k)) {
        slots
            .iter()
            .map(|(k, name)| if flag(k) { *name } else { "-" })
            .collect::<Vec<_>>()
            .join("|")
    } else {
        "native".to_string()
    };
    format!(
        "atlas-rs/{} ({};{};{tag})",
        env!("CARGO_PKG_VERSION"),
        crate::go::runtime::goos(),
        crate::go::runtime::goarch()
    )
}

/// Decision sunset-warning: a `Sunset` date less than 180 days away (or past) earns one
/// note per run.
fn sunset_warning(resp: &Response, now: i64) -> Option<Note> {
    use std::sync::atomic::{AtomicBool, Ordering};
    static WARNED: AtomicBool = AtomicBool::new(false);
    let when = crate::go::http::parse_http_date(resp.header("sunset")?)?;
    let days_left = (when - now).div_euclid(86_400);
    if days_left >= 180 || WARNED.swap(true, Ordering::Relaxed) {
        return None;
    }
    let date = resp.header("sunset").unwrap_or_default().trim().to_string();
    Some(if days_left < 0 {
        Note::SunsetPassed { date }
    } else {
        Note::SunsetSoon { date, days_left }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_tags() {
        let env: Env = [("GITHUB_ACTIONS".to_string(), "true".to_string())].into();
        assert!(user_agent(&env).ends_with(";-|all_github_actions|-)"));
        assert!(user_agent(&Env::new()).ends_with(";native)"));
        assert!(user_agent(&Env::new()).starts_with("atlas-rs/"));
    }
}
