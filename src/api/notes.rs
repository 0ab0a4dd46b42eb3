//! What the domain has to tell the user while it works, as data: the caller (a
//! command, through `output::notes`) gives a [`Notes`] that words and prints each
//! [`Note`] at once, so that it comes in its place among the other lines. `api` itself
//! never writes to stderr.

/// One thing to tell, as it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Decision sunset-warning: the invites endpoints' `Sunset` date (as the header
    /// gives it) is past.
    SunsetPassed { date: String },
    /// Decision sunset-warning: less than 180 days to the `Sunset` date.
    SunsetSoon { date: String, days_left: i64 },
    /// Decision users-api-fallback: in `auto`, the invites endpoints answered `status`
    /// as gone; `env_name` is the variable that sets `invitations_api`.
    FellBackToUsers { status: u16, env_name: String },
    /// `-D`: a new service-account token without an expiry is not cached.
    TokenNotKept,
    /// `--dry-run` (decision users-api-default-role): the `what` (`invitation`,
    /// `update`) of `who` names no organization role, so `role` is asked for.
    DefaultRole {
        what: &'static str,
        who: String,
        role: &'static str,
    },
}

/// Told of each [`Note`] as it happens.
pub trait Notes {
    fn note(&self, note: &Note);
}
