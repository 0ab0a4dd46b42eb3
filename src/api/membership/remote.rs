//! The [`OrgUsers`] of a real organization, over the session and the users API
//! (media type 2025-02-19, whatever `invitations_api` says: decision
//! apply-uses-users-api).
//!
//! PHASE 2 of issue 20 fills [`open`] in: a struct holding the session and the org ID,
//! whose `list` pages through every status (`Users::all`), `create`/`update` send
//! [`super::wire::create_request`]/[`super::wire::update_request`], `get` asks for all
//! four statuses (without the filter Atlas answers 404 for expired and rejected
//! users: then `Ok(None)`), `remove` sends the DELETE, `requests` builds the same
//! requests for `--dry-run`, and listed users go through [`super::wire::user`].
//! Rate-limit waits happen in the session, as for `invite -f`.

use super::OrgUsers;
use crate::api::session::Session;
use crate::error::{Error, Result};

/// The organization `org_id` over `session`.
pub fn open<'s>(session: &'s mut Session<'_>, org_id: &str) -> Result<Box<dyn OrgUsers + 's>> {
    // PHASE 2: replace this error with the adapter described above.
    let _ = (session, org_id);
    Err(Error::Api(
        "apply and export are not available in this build yet: the organization users adapter is phase 2 of issue 20".into(),
    ))
}
