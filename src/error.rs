//! The one error type. Every variant prints as the text after `Error: ` and exits 1,
//! but [`Error::Drift`], which exits 2.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Command-line mistakes: unknown flags, bad values, wrong argument counts.
    Usage(String),
    /// Unreadable or malformed configuration, or invalid settings (profile, org ID).
    Config(String),
    /// A `--file` or template file that cannot be used.
    Input(String),
    /// An error from the Atlas API (or its answer's body), already formatted like the
    /// official CLI.
    Api(String),
    /// Credentials missing or refused: the official `unauthorized` text, to which
    /// the command adds one line on what was found (decision `credentials-hint`).
    Unauthorized(String),
    /// An error answer (HTTP status of 300 or more) formatted like `Api`, with what
    /// decisions are taken on kept as data: the status and the body's `errorCode`.
    Http {
        status: u16,
        code: String,
        message: String,
    },
    /// The request could not be completed: DNS, connect, TLS, timeout, bad response.
    Network(String),
    /// The request went out but no answer came back: it may or may not have taken
    /// effect (see [`Error::check_with`]).
    UnknownOutcome(String),
    /// The request failed before it was sent (getting the token, a token that cannot
    /// be sent): nothing reached the API, and the message says so.
    NotSent(String),
    /// Atlas did not act on the request (rate limited) and the run's wait budget
    /// (`ATLAS_RATE_LIMIT_WAIT`) does not cover the wait it asks for.
    RateLimited(String),
    /// Output could not be produced (template or JSONPath failures).
    Output(String),
    /// The failure was already reported on stderr; only the exit status remains.
    Reported,
    /// `apply --check`: the organization does not match the file (exit status 2).
    Drift(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m)
            | Error::Config(m)
            | Error::Input(m)
            | Error::Api(m)
            | Error::Unauthorized(m)
            | Error::Network(m)
            | Error::UnknownOutcome(m)
            | Error::NotSent(m)
            | Error::RateLimited(m)
            | Error::Output(m)
            | Error::Drift(m)
            | Error::Http { message: m, .. } => f.write_str(m),
            Error::Reported => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The process's exit status for this outcome.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Drift(_) => 2,
            _ => 1,
        }
    }

    /// For a change whose outcome is unknown, appends how to check whether it happened.
    pub fn check_with(self, advice: &str) -> Error {
        match self {
            Error::UnknownOutcome(m) => Error::UnknownOutcome(format!("{m}; {advice}")),
            other => other,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
