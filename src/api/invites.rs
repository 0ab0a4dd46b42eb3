//! The deprecated organization invitations endpoints (API version 2023-01-01), which
//! the official CLI uses: `…/orgs/{orgId}/invites[/{invitationId}]`.

use super::invitations::{Call, Invitations, UpdateTarget};
use super::model::{Invitation, InvitationRequest, InvitationUpdateRequest};
use super::sdk_json::encode;
use super::session::{Request, Session};
use crate::error::Result;
use crate::go::url::{path_escape, query_escape};
use serde::Serialize;
use std::collections::HashSet;

/// The media type every invitations endpoint speaks.
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

pub struct Invites<'s, 'a> {
    session: &'s mut Session<'a>,
    org_id: String,
}

impl<'s, 'a> Invites<'s, 'a> {
    pub fn new(session: &'s mut Session<'a>, org_id: &str) -> Invites<'s, 'a> {
        Invites {
            session,
            org_id: org_id.to_string(),
        }
    }
}

/// `…/orgs/{orgId}/invites`, the collection.
fn collection(org_id: &str) -> String {
    format!("/api/atlas/v2/orgs/{}/invites", path_escape(org_id))
}

/// `…/orgs/{orgId}/invites/{invitationId}`.
fn one(org_id: &str, id: &str) -> String {
    format!("{}/{}", collection(org_id), path_escape(id))
}

fn request(method: &'static str, path: String) -> Request {
    Request {
        method,
        path,
        media_type: MEDIA_TYPE,
        body: None,
    }
}

/// A request with a JSON body, as the SDK's encoder writes it (newline included).
fn with_body<T: Serialize>(method: &'static str, path: String, body: &T) -> Request {
    Request {
        body: Some(encode(body)),
        ..request(method, path)
    }
}

fn create_request(org_id: &str, request: &InvitationRequest) -> Request {
    with_body("POST", collection(org_id), request)
}

fn update_request(org_id: &str, target: UpdateTarget, request: &InvitationRequest) -> Request {
    match target {
        UpdateTarget::Email => with_body("PATCH", collection(org_id), request),
        // By ID only roles and teamIds are sent; other file fields are dropped.
        UpdateTarget::Id(id) => {
            let by_id = InvitationUpdateRequest {
                group_role_assignments: None,
                roles: request.roles.clone(),
                team_ids: request.team_ids.clone(),
            };
            with_body("PATCH", one(org_id, id), &by_id)
        }
    }
}

fn delete_request(org_id: &str, id: &str) -> Request {
    request("DELETE", one(org_id, id))
}

/// The requests `call` sends on `org_id`.
pub fn preview(org_id: &str, call: Call) -> Vec<Request> {
    vec![match call {
        Call::Create(r) => create_request(org_id, r),
        Call::Update(target, r) => update_request(org_id, target, r),
        Call::Delete(id) => delete_request(org_id, id),
    }]
}

impl Invitations for Invites<'_, '_> {
    fn preview(&self, call: Call) -> Vec<Request> {
        preview(&self.org_id, call)
    }

    fn prepare(&mut self, call: Call) -> Result<()> {
        if let Some(first) = self.preview(call).first() {
            self.session.connect(first.method, &first.path)?;
        }
        Ok(())
    }

    fn create(&mut self, request: &InvitationRequest) -> Result<Option<Invitation>> {
        self.session
            .call_short(&create_request(&self.org_id, request))
    }

    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>> {
        // The CLI always passes the username pointer, so `?username=` is sent even when empty.
        let path = format!(
            "{}?username={}",
            collection(&self.org_id),
            query_escape(username)
        );
        self.session.call(&request("GET", path))
    }

    fn get(&mut self, id: &str) -> Result<Option<Invitation>> {
        self.session
            .call_short(&request("GET", one(&self.org_id, id)))
    }

    fn update(
        &mut self,
        target: UpdateTarget,
        request: &InvitationRequest,
    ) -> Result<Option<Invitation>> {
        self.session
            .call_short(&update_request(&self.org_id, target, request))
    }

    fn delete(&mut self, id: &str) -> Result<()> {
        self.session
            .send(&delete_request(&self.org_id, id))
            .map(drop)
    }

    fn pending_usernames(&mut self) -> Result<Option<HashSet<String>>> {
        let pending: Vec<Invitation> = self.list("")?.unwrap_or_default();
        Ok(Some(
            pending
                .into_iter()
                .filter_map(|i| i.username)
                .map(|u| u.to_ascii_lowercase())
                .collect(),
        ))
    }
}
