//! The invitation operations every command needs, whatever API serves them. The
//! commands talk to this trait only; each backend maps the operations onto its
//! endpoints and model: the deprecated invites endpoints ([`super::invites`]) and the
//! organization users API ([`super::users`]), chosen by `super::backend::open`.

use super::model::{Invitation, InvitationRequest};
use super::notes::Note;
use super::session::Request;
use crate::error::Result;
use std::collections::HashSet;

/// Which invitation an update is for.
#[derive(Clone, Copy, Debug)]
pub enum UpdateTarget<'a> {
    /// The invitation with this ID.
    Id(&'a str),
    /// The pending invitation of the request's `username`.
    Email,
}

/// One call that changes something (`--dry-run` previews the requests it sends).
#[derive(Clone, Copy, Debug)]
pub enum Call<'a> {
    Create(&'a InvitationRequest),
    Update(UpdateTarget<'a>, &'a InvitationRequest),
    Delete(&'a str),
}

/// The five operations of `atlas organizations invitations`, on one organization.
pub trait Invitations {
    /// The requests `call` would send, without credentials or a connection.
    fn preview(&self, call: Call) -> Vec<Request>;

    /// What `--dry-run` says besides the requests: what the API is sent that was not
    /// typed (none by default).
    fn notes(&self, _call: Call) -> Vec<Note> {
        Vec::new()
    }

    /// Connects (resolving credentials) for `call` before it is confirmed, as the
    /// official CLI does in its pre-run.
    fn prepare(&mut self, call: Call) -> Result<()>;

    /// Invites one user; `None` when the server answers with an empty body.
    fn create(&mut self, request: &InvitationRequest) -> Result<Option<Invitation>>;

    /// The pending invitations, of one user when `username` is not empty; `None` for
    /// a `null` answer.
    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>>;

    fn get(&mut self, id: &str) -> Result<Option<Invitation>>;

    fn update(
        &mut self,
        target: UpdateTarget,
        request: &InvitationRequest,
    ) -> Result<Option<Invitation>>;

    fn delete(&mut self, id: &str) -> Result<()>;

    /// For `--skip-existing`: the usernames (ASCII-lowercased) already invited, where
    /// only a list can tell; `None` where inviting an existing user answers 409.
    fn pending_usernames(&mut self) -> Result<Option<HashSet<String>>>;
}
