//! The one error type. Every variant prints as the text after `Error: ` and exits 1,
//! but [`Error::Drift`], which exits 2. Variants keep what decisions are taken on
//! (the status, the request, the setting, the advice) as data; the text is made in
//! `Display`.

use std::fmt;

/// The official CLI's text for credentials that are missing or refused.
pub const UNAUTHORIZED: &str = "unauthorized\n\nTo log in using your Atlas username and password or to set credentials using a Service account or API keys, run: atlas auth login";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Command-line mistakes: unknown flags, bad values, wrong argument counts.
    Usage(String),
    /// Other settings that cannot be used (the profile's name or credentials, the org
    /// ID, the service, the configuration folder), as one text.
    Config(String),
    /// A variable holds a value atlas cannot use: the variable (a `test_hook` or not),
    /// what it must be, and the value as quoted by the caller (never a secret: these
    /// settings hold none).
    BadSetting {
        setting: &'static str,
        test_hook: bool,
        expected: &'static str,
        quoted_value: String,
    },
    /// A configured base URL is not a plain base URL (decision base-url-plain): where
    /// it is set (never the URL: it may hold a password) and its flaw.
    BadBaseUrl { origin: String, flaw: String },
    /// Decision credentials-need-https: a `secret` would cross a network in the clear
    /// to `host`; the URL comes from the setting `key` (its variable `var`), named to
    /// users as `place` ("base URL", "account URL").
    PlainHttp {
        secret: Secret,
        host: String,
        place: &'static str,
        var: String,
        key: &'static str,
    },
    /// The configuration file cannot be used: the file as shown, the line of the
    /// mistake (`None`: the file cannot be read at all) and why.
    ConfigFile {
        path: String,
        line: Option<usize>,
        why: String,
    },
    /// Nothing was sent because a local setting cannot be used (the CA bundle): the
    /// message stands alone, without the request, and every request would fail the
    /// same way.
    LocalSetting(String),
    /// A `--file` or template file that cannot be used.
    Input(String),
    /// An error from the Atlas API (or its answer's body), already formatted like the
    /// official CLI.
    Api(String),
    /// Credentials missing or refused: the official [`UNAUTHORIZED`] text, then the
    /// line the command adds on what was found (decision `credentials-hint`).
    Unauthorized { hint: Option<Box<CredentialsHint>> },
    /// An error answer (HTTP status of 300 or more) formatted like `Api`, with what
    /// decisions are taken on kept as data: the status and the body's `errorCode`.
    Http {
        status: u16,
        code: String,
        message: String,
    },
    /// The request could not be completed: DNS, connect, TLS, timeout, bad response.
    /// `request` is Go's `Method "URL"`, `cause` the transport's words.
    Network { request: String, cause: String },
    /// The request went out but no answer came back: it may or may not have taken
    /// effect; `advice` says how to check (see [`Error::check_with`]).
    UnknownOutcome {
        request: String,
        cause: String,
        advice: Option<String>,
    },
    /// The request failed before it was sent (getting the token, a token that cannot
    /// be sent): nothing reached the API, and the message says so.
    NotSent { request: String, cause: String },
    /// Atlas did not act on the request (rate limited) and the run's wait budget does
    /// not cover the wait it asks for: the limit it reported, the wait it asked for and
    /// the budget. `via` is the token request that was limited on the way, if it was.
    RateLimited {
        request: String,
        via: Option<String>,
        limit: Box<RateLimit>,
    },
    /// Output could not be produced (template or JSONPath failures).
    Output(String),
    /// The failure was already reported on stderr; only the exit status remains.
    Reported,
    /// `apply --check`: the organization does not match the file (exit status 2).
    Drift(String),
}

/// What atlas found of the credentials when the server answered unauthorized
/// (decision `credentials-hint`): names of variables, keys, files and places, never a
/// value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsHint {
    /// No half of any credential pair: why the API keys are absent.
    NoneFound(Absence),
    /// One half of a pair: where it was found, and why the other half is absent.
    Half { found: Found, missing: Absence },
    /// The server refused what was sent: each key sent, with the place it came from
    /// (`None`: the configuration as a whole).
    Refused {
        sent: Sent,
        from: Vec<(&'static str, Option<String>)>,
    },
}

/// Where one half of a credential pair was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The variable that is set.
    Env(String),
    /// The key, and the place in the file (`profile "p" of PATH`).
    File { key: String, place: String },
}

/// The credentials the server refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    ApiKeys,
    CachedToken,
    ServiceAccount,
    UserAccount,
}

/// A credential atlas refuses to send over plain http.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    BearerToken,
    ClientSecret,
    RefreshToken,
}

/// Why settings have no value: their variables are unset, and what the file lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    pub vars: Vec<String>,
    pub file: FileLack,
}

/// What the configuration file lacks for a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileLack {
    /// There is no configuration folder (Go's `os.UserConfigDir` error text).
    NoFolder(&'static str),
    /// The file at this path does not exist.
    NoFile(String),
    /// The file has no such profile (quoted as Go's `%q` prints it).
    NoProfile {
        path: String,
        quoted_profile: String,
    },
    /// The profile (quoted) has none of the keys, or has them `empty`.
    NoKey {
        path: String,
        quoted_profile: String,
        empty: bool,
        keys: Vec<String>,
    },
}

/// A rate-limited answer atlas stopped waiting for (decision rate-limit-wait).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// The answer's status line.
    pub status: u16,
    pub status_text: String,
    /// The limit as the server reported it (an error code, its detail, inert); may be
    /// empty.
    pub limit: String,
    /// The wait asked for (or the next backoff), in ms; `u64::MAX` when it saturated.
    pub wait_ms: u64,
    pub source: WaitSource,
    pub stop: StopReason,
    /// The setting that holds the run's wait budget, what was left of it and its size.
    pub setting: &'static str,
    pub left_ms: u64,
    pub budget_ms: u64,
}

/// Where a wait comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitSource {
    /// The `Retry-After` header.
    RetryAfter,
    /// The answer's body (the classifier's `asked_secs`).
    Body,
    /// Neither named a wait: exponential backoff with jitter.
    Backoff,
}

/// Why atlas stops waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The budget is 0: never wait.
    Never,
    /// The wait is longer than what is left of the budget.
    Budget,
    /// The server asked `times` times in a row to send again at once.
    ZeroWaits { times: u32 },
}

/// Whole seconds for messages, rounded up (a wait of 0.2 s is "1 s").
fn secs(ms: u64) -> u64 {
    ms.div_ceil(1000)
}

#[cfg(test)]
impl RateLimit {
    /// A 429 that asks for 55 s when 10 s of a 60 s budget are left: for tests of what
    /// carries the error.
    pub(crate) fn example() -> Box<RateLimit> {
        Box::new(RateLimit {
            status: 429,
            status_text: "Too Many Requests".into(),
            limit: "RATE_LIMITED".into(),
            wait_ms: 55_000,
            source: WaitSource::Body,
            stop: StopReason::Budget,
            setting: "ATLAS_RATE_LIMIT_WAIT",
            left_ms: 10_000,
            budget_ms: 60_000,
        })
    }
}

/// [`RateLimit::example`]'s text.
#[cfg(test)]
pub(crate) const EXAMPLE_LIMIT: &str = "rate limited: HTTP 429 Too Many Requests (RATE_LIMITED); it asks to wait 55 s, more than the 10 s left of ATLAS_RATE_LIMIT_WAIT (60 s of waiting per run); the request was not acted on";

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate limited: HTTP {} {}", self.status, self.status_text)?;
        if !self.limit.is_empty() {
            write!(f, " ({})", self.limit)?;
        }
        let setting = self.setting;
        // A wait that saturated (`Retry-After: 18446744073709551615`) is not shown as a
        // number it is not.
        let wait = if self.wait_ms == u64::MAX {
            format!("more than {} s", u64::MAX / 1000)
        } else {
            format!("{} s", secs(self.wait_ms))
        };
        let asks = match self.source {
            WaitSource::RetryAfter => format!("it asks to wait {wait} (Retry-After)"),
            WaitSource::Body => format!("it asks to wait {wait}"),
            WaitSource::Backoff => format!("it names no wait, and the next backoff is {wait}"),
        };
        match self.stop {
            StopReason::Never => write!(f, "; {asks}, and {setting} is 0 (never wait)")?,
            StopReason::Budget => write!(
                f,
                "; {asks}, more than the {} s left of {setting} ({} s of waiting per run)",
                secs(self.left_ms),
                secs(self.budget_ms)
            )?,
            StopReason::ZeroWaits { times } => write!(
                f,
                "; it asked {times} times in a row to send again at once; atlas stops there"
            )?,
        }
        f.write_str("; the request was not acted on")
    }
}

impl fmt::Display for CredentialsHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsHint::NoneFound(absence) => write!(f, "no credentials found: {absence}"),
            CredentialsHint::Half { found, missing } => {
                match found {
                    Found::Env(var) => write!(f, "{var} is set")?,
                    Found::File { key, place } => write!(f, "found {key} in {place}")?,
                }
                write!(f, ", but {missing}")
            }
            CredentialsHint::Refused { sent, from } => {
                let what = match sent {
                    Sent::ApiKeys => "the API keys that were sent",
                    Sent::CachedToken => "the service account's cached token",
                    Sent::ServiceAccount => "the service account that was sent",
                    Sent::UserAccount => "the user account's tokens",
                };
                write!(f, "the server refused {what} (")?;
                for (i, (key, place)) in from.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    let place = place.as_deref().unwrap_or("the configuration");
                    write!(f, "{sep}{key} from {place}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for Absence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.vars.len() == 1 { "is" } else { "are" };
        write!(f, "{} {verb} not set and ", self.vars.join(" and "))?;
        match &self.file {
            FileLack::NoFolder(why) => write!(f, "there is no configuration file ({why})"),
            FileLack::NoFile(path) => write!(f, "{path} does not exist"),
            FileLack::NoProfile {
                path,
                quoted_profile,
            } => write!(f, "{path} has no profile {quoted_profile}"),
            FileLack::NoKey {
                path,
                quoted_profile,
                empty,
                keys,
            } => {
                let what = if *empty { "an empty" } else { "no" };
                let keys = keys.join(" or ");
                write!(f, "profile {quoted_profile} of {path} has {what} {keys}")
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m)
            | Error::Config(m)
            | Error::LocalSetting(m)
            | Error::Input(m)
            | Error::Api(m)
            | Error::Output(m)
            | Error::Drift(m)
            | Error::Http { message: m, .. } => f.write_str(m),
            Error::ConfigFile {
                path,
                line: Some(line),
                why,
            } => write!(f, "{path}:{line}: {why}"),
            Error::ConfigFile {
                path,
                line: None,
                why,
            } => write!(f, "cannot read {path}: {why}"),
            Error::BadSetting {
                setting,
                test_hook,
                expected,
                quoted_value,
            } => {
                let hook = if *test_hook { " (a test hook)" } else { "" };
                write!(f, "{setting}{hook} must be {expected}, not {quoted_value}")
            }
            Error::BadBaseUrl { origin, flaw } => write!(
                f,
                "invalid base URL ({origin}): {flaw}; atlas takes http(s)://host[:port][/path] (decision base-url-plain)"
            ),
            Error::PlainHttp {
                secret,
                host,
                place,
                var,
                key,
            } => {
                let secret = match secret {
                    Secret::BearerToken => "a bearer access token",
                    Secret::ClientSecret => "the service account's client secret",
                    Secret::RefreshToken => "the user account's refresh token",
                };
                write!(
                    f,
                    "refusing to send {secret} over plain http to {host}, which is not this machine (decision credentials-need-https); set the {place} ({var} or {key}) to an https:// URL"
                )
            }
            Error::Unauthorized { hint: None } => f.write_str(UNAUTHORIZED),
            Error::Unauthorized { hint: Some(h) } => write!(f, "{UNAUTHORIZED}\n{h}"),
            Error::Network { request, cause } => write!(f, "{request}: {cause}"),
            Error::RateLimited {
                request,
                via,
                limit,
            } => {
                write!(f, "{request}: ")?;
                if let Some(via) = via {
                    write!(f, "{via}: ")?;
                }
                write!(f, "{limit}")
            }
            Error::UnknownOutcome {
                request,
                cause,
                advice,
            } => {
                write!(f, "{request}: {cause}")?;
                match advice {
                    Some(advice) => write!(f, "; {advice}"),
                    None => Ok(()),
                }
            }
            Error::NotSent { request, cause } => {
                write!(f, "{request}: {cause}; the request was not sent")
            }
            Error::Reported => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Credentials missing or refused, before the command adds its hint.
    pub fn unauthorized() -> Error {
        Error::Unauthorized { hint: None }
    }

    /// The process's exit status for this outcome.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Drift(_) => 2,
            _ => 1,
        }
    }

    /// Whether every other request of the run would fail the same way: the settings
    /// cannot be used, so a bulk run stops at its first item instead of reporting
    /// each one.
    pub fn fails_every_request(&self) -> bool {
        matches!(
            self,
            Error::Config(_)
                | Error::BadBaseUrl { .. }
                | Error::PlainHttp { .. }
                | Error::ConfigFile { .. }
                | Error::BadSetting { .. }
                | Error::LocalSetting(_)
        )
    }

    /// For a change whose outcome is unknown, adds how to check whether it happened.
    pub fn check_with(self, advice: &str) -> Error {
        match self {
            Error::UnknownOutcome { request, cause, .. } => Error::UnknownOutcome {
                request,
                cause,
                advice: Some(advice.to_string()),
            },
            other => other,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        let request = || r#"Post "https://x/api""#.to_string();
        let cases = [
            (Error::unauthorized(), UNAUTHORIZED.to_string()),
            (
                Error::Unauthorized {
                    hint: Some(Box::new(CredentialsHint::Refused {
                        sent: Sent::CachedToken,
                        from: vec![("access_token", None)],
                    })),
                },
                format!("{UNAUTHORIZED}\nthe server refused the service account's cached token (access_token from the configuration)"),
            ),
            (
                Error::Network {
                    request: request(),
                    cause: "dial tcp: refused".into(),
                },
                r#"Post "https://x/api": dial tcp: refused"#.into(),
            ),
            (
                Error::UnknownOutcome {
                    request: request(),
                    cause: "timeout".into(),
                    advice: None,
                }
                .check_with("check with: atlas x"),
                r#"Post "https://x/api": timeout; check with: atlas x"#.into(),
            ),
            (
                Error::NotSent {
                    request: request(),
                    cause: "no token".into(),
                },
                r#"Post "https://x/api": no token; the request was not sent"#.into(),
            ),
            (
                Error::RateLimited {
                    request: request(),
                    via: None,
                    limit: RateLimit::example(),
                },
                format!(r#"Post "https://x/api": {EXAMPLE_LIMIT}"#),
            ),
            (
                Error::RateLimited {
                    request: request(),
                    via: Some(r#"Post "https://x/token""#.into()),
                    limit: RateLimit::example(),
                },
                format!(r#"Post "https://x/api": Post "https://x/token": {EXAMPLE_LIMIT}"#),
            ),
            (
                Error::ConfigFile {
                    path: "/c.toml".into(),
                    line: Some(3),
                    why: "org_id must be a string".into(),
                },
                "/c.toml:3: org_id must be a string".into(),
            ),
            (
                Error::ConfigFile {
                    path: "/c.toml".into(),
                    line: None,
                    why: "it is a directory, not a file".into(),
                },
                "cannot read /c.toml: it is a directory, not a file".into(),
            ),
            (
                Error::BadSetting {
                    setting: "ATLAS_X",
                    test_hook: false,
                    expected: "0 or 1",
                    quoted_value: "\"2\"".into(),
                },
                r#"ATLAS_X must be 0 or 1, not "2""#.into(),
            ),
            (
                Error::BadSetting {
                    setting: "ATLAS_Y",
                    test_hook: true,
                    expected: "a number",
                    quoted_value: "\"x\"".into(),
                },
                r#"ATLAS_Y (a test hook) must be a number, not "x""#.into(),
            ),
            (
                Error::BadBaseUrl {
                    origin: "MONGODB_ATLAS_OPS_MANAGER_URL".into(),
                    flaw: "it has a query (?…)".into(),
                },
                "invalid base URL (MONGODB_ATLAS_OPS_MANAGER_URL): it has a query (?…); atlas takes http(s)://host[:port][/path] (decision base-url-plain)".into(),
            ),
            (
                Error::PlainHttp {
                    secret: Secret::RefreshToken,
                    host: "example.com".into(),
                    place: "account URL",
                    var: "MONGODB_ATLAS_ACCOUNT_URL".into(),
                    key: "account_url",
                },
                "refusing to send the user account's refresh token over plain http to example.com, which is not this machine (decision credentials-need-https); set the account URL (MONGODB_ATLAS_ACCOUNT_URL or account_url) to an https:// URL".into(),
            ),
            (Error::Reported, String::new()),
        ];
        for (e, want) in cases {
            assert_eq!(e.to_string(), want, "{e:?}");
        }
    }

    #[test]
    fn credentials_hints() {
        let absence = |file| Absence {
            vars: vec!["V_A".into(), "V_B".into()],
            file,
        };
        let key = |empty| FileLack::NoKey {
            path: "/c.toml".into(),
            quoted_profile: "\"p\"".into(),
            empty,
            keys: vec!["a".into(), "b".into()],
        };
        let cases = [
            (
                CredentialsHint::NoneFound(absence(FileLack::NoFolder("no HOME"))),
                "no credentials found: V_A and V_B are not set and there is no configuration file (no HOME)",
            ),
            (
                CredentialsHint::NoneFound(absence(FileLack::NoFile("/c.toml".into()))),
                "no credentials found: V_A and V_B are not set and /c.toml does not exist",
            ),
            (
                CredentialsHint::NoneFound(absence(FileLack::NoProfile {
                    path: "/c.toml".into(),
                    quoted_profile: "\"p\"".into(),
                })),
                "no credentials found: V_A and V_B are not set and /c.toml has no profile \"p\"",
            ),
            (
                CredentialsHint::NoneFound(absence(key(false))),
                "no credentials found: V_A and V_B are not set and profile \"p\" of /c.toml has no a or b",
            ),
            (
                CredentialsHint::Half {
                    found: Found::Env("V_A".into()),
                    missing: Absence {
                        vars: vec!["V_B".into()],
                        file: key(true),
                    },
                },
                "V_A is set, but V_B is not set and profile \"p\" of /c.toml has an empty a or b",
            ),
            (
                CredentialsHint::Half {
                    found: Found::File {
                        key: "a".into(),
                        place: "the top level of /c.toml".into(),
                    },
                    missing: Absence {
                        vars: vec!["V_B".into()],
                        file: FileLack::NoFile("/c.toml".into()),
                    },
                },
                "found a in the top level of /c.toml, but V_B is not set and /c.toml does not exist",
            ),
            (
                CredentialsHint::Refused {
                    sent: Sent::ApiKeys,
                    from: vec![("public_api_key", Some("V_A".into())), ("private_api_key", None)],
                },
                "the server refused the API keys that were sent (public_api_key from V_A, private_api_key from the configuration)",
            ),
            (
                CredentialsHint::Refused {
                    sent: Sent::UserAccount,
                    from: vec![("access_token", None), ("refresh_token", None)],
                },
                "the server refused the user account's tokens (access_token from the configuration, refresh_token from the configuration)",
            ),
        ];
        for (hint, want) in cases {
            assert_eq!(hint.to_string(), want, "{hint:?}");
        }
    }

    #[test]
    fn rate_limits() {
        let limit = |f: fn(&mut RateLimit)| {
            let mut l = RateLimit::example();
            f(&mut l);
            l.to_string()
        };
        let cases = [
            (limit(|_| {}), EXAMPLE_LIMIT),
            (
                limit(|l| {
                    l.limit.clear();
                    l.source = WaitSource::RetryAfter;
                    l.wait_ms = u64::MAX;
                }),
                "rate limited: HTTP 429 Too Many Requests; it asks to wait more than 18446744073709551 s (Retry-After), more than the 10 s left of ATLAS_RATE_LIMIT_WAIT (60 s of waiting per run); the request was not acted on",
            ),
            (
                limit(|l| {
                    l.source = WaitSource::Backoff;
                    l.wait_ms = 7_001;
                    l.stop = StopReason::Never;
                }),
                "rate limited: HTTP 429 Too Many Requests (RATE_LIMITED); it names no wait, and the next backoff is 8 s, and ATLAS_RATE_LIMIT_WAIT is 0 (never wait); the request was not acted on",
            ),
            (
                limit(|l| l.stop = StopReason::ZeroWaits { times: 6 }),
                "rate limited: HTTP 429 Too Many Requests (RATE_LIMITED); it asked 6 times in a row to send again at once; atlas stops there; the request was not acted on",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn advice_only_for_unknown_outcomes() {
        let e = Error::Network {
            request: "Get \"u\"".into(),
            cause: "c".into(),
        };
        assert_eq!(e.clone().check_with("a"), e);
    }

    #[test]
    fn what_fails_every_request() {
        assert!(Error::LocalSetting("ca bundle".into()).fails_every_request());
        assert!(Error::Config("bad timeout".into()).fails_every_request());
        let file = Error::ConfigFile {
            path: "/c.toml".into(),
            line: None,
            why: "x".into(),
        };
        assert!(file.fails_every_request());
        let setting = Error::BadSetting {
            setting: "ATLAS_X",
            test_hook: false,
            expected: "0 or 1",
            quoted_value: "\"2\"".into(),
        };
        assert!(setting.fails_every_request());
        assert!(!Error::unauthorized().fails_every_request());
        assert!(!Error::Api("x".into()).fails_every_request());
    }
}
