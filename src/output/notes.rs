//! The words of what the domain tells while it works ([`Note`]), one line on stderr
//! each, as it happens.

use crate::api::notes::{Note, Notes};

/// The text of a note (without the newline).
pub fn text(note: &Note) -> String {
    match note {
        Note::SunsetPassed { date } => format!(
            "Warning: Atlas retired the organization invitations API on {date} (Sunset header); these commands may stop working. Atlas recommends the organization users API instead: set invitations_api to auto or users."
        ),
        Note::SunsetSoon { date, days_left } => format!(
            "Warning: Atlas will retire the organization invitations API on {date} ({days_left} days from now, Sunset header). Atlas recommends the organization users API instead, which atlas uses from 2027-07-01 unless invitations_api is invites."
        ),
        Note::FellBackToUsers { status, env_name } => format!(
            "Warning: the organization invitations API answered HTTP {status}: using the organization users API instead (invitations_api is auto; set {env_name}=users to use it directly)"
        ),
        Note::DefaultRole { what, who, role } => format!(
            "Note: the {what} of {who} names no organization role; the users API requires one, so {role} is asked for (decision users-api-default-role)"
        ),
        Note::TokenNotKept => {
            "DEBUG token cache: the new token has no expiry; not kept".to_string()
        }
    }
}

/// Prints each note on stderr (through `redact`).
pub struct Say;

impl Notes for Say {
    fn note(&self, note: &Note) {
        crate::redact::say!("{}", text(note));
    }
}
