//! The deprecated organization invitations endpoints (API version 2023-01-01), which
//! the official CLI uses: `…/orgs/{orgId}/invites[/{invitationId}]`.

use super::client::Response;
use super::error as api_error;
use super::invitations::{Change, Invitations, UpdateTarget};
use super::model::{Decoder, Invitation, InvitationRequest, InvitationUpdateRequest};
use super::session::{Request, Session};
use crate::error::{Error, Result};
use crate::go::url::{path_escape, query_escape};
use crate::json;

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

    /// `…/orgs/{orgId}/invites`, the collection.
    fn collection(&self) -> String {
        format!("/api/atlas/v2/orgs/{}/invites", path_escape(&self.org_id))
    }

    /// `…/orgs/{orgId}/invites/{invitationId}`.
    fn one(&self, id: &str) -> String {
        format!("{}/{}", self.collection(), path_escape(id))
    }

    fn request(method: &'static str, path: String, body: Option<json::Value>) -> Request {
        Request {
            method,
            path,
            media_type: MEDIA_TYPE,
            body: body.map(|v| (json::to_compact(&v) + "\n").into_bytes()),
        }
    }

    fn create_request(&self, request: &InvitationRequest) -> Request {
        Self::request("POST", self.collection(), Some(request.to_json()))
    }

    fn update_request(&self, target: UpdateTarget, request: &InvitationRequest) -> Request {
        match target {
            UpdateTarget::Email => {
                Self::request("PATCH", self.collection(), Some(request.to_json()))
            }
            // By ID only roles and teamIds are sent; other file fields are dropped.
            UpdateTarget::Id(id) => {
                let by_id = InvitationUpdateRequest {
                    group_role_assignments: None,
                    roles: request.roles.clone(),
                    team_ids: request.team_ids.clone(),
                };
                Self::request("PATCH", self.one(id), Some(by_id.to_json()))
            }
        }
    }

    fn delete_request(&self, id: &str) -> Request {
        Self::request("DELETE", self.one(id), None)
    }
}

impl Invitations for Invites<'_, '_> {
    fn plan(&self, change: Change) -> Vec<Request> {
        vec![match change {
            Change::Create(r) => self.create_request(r),
            Change::Update(target, r) => self.update_request(target, r),
            Change::Delete(id) => self.delete_request(id),
        }]
    }

    fn prepare(&mut self, change: Change) -> Result<()> {
        if let Some(first) = self.plan(change).first() {
            self.session.connect(first.method, &first.path)?;
        }
        Ok(())
    }

    fn create(&mut self, request: &InvitationRequest) -> Result<Option<Invitation>> {
        let resp = self.session.send(&self.create_request(request))?;
        decode(&resp, Decoder::invitation)
    }

    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>> {
        // The CLI always passes the username pointer, so `?username=` is sent even when empty.
        let path = format!("{}?username={}", self.collection(), query_escape(username));
        let resp = self.session.send(&Self::request("GET", path, None))?;
        decode(&resp, Decoder::invitations)
    }

    fn get(&mut self, id: &str) -> Result<Option<Invitation>> {
        let resp = self
            .session
            .send(&Self::request("GET", self.one(id), None))?;
        decode(&resp, Decoder::invitation)
    }

    fn update(
        &mut self,
        target: UpdateTarget,
        request: &InvitationRequest,
    ) -> Result<Option<Invitation>> {
        let resp = self.session.send(&self.update_request(target, request))?;
        decode(&resp, Decoder::invitation)
    }

    fn delete(&mut self, id: &str) -> Result<()> {
        self.session.send(&self.delete_request(id)).map(drop)
    }
}

/// Decodes a success body as the SDK does: empty means nil, JSON media types only.
fn success_json(resp: &Response) -> Result<Option<json::Value>> {
    if resp.body.is_empty() {
        return Ok(None);
    }
    if !api_error::is_json_type(resp.header("content-type").unwrap_or("")) {
        return Err(Error::Api("undefined response type".into()));
    }
    json::parse(&resp.body)
        .map(Some)
        .map_err(|e| Error::Api(e.message))
}

/// A success body through the SDK model; the decoder's first error fails the call.
fn decode<T>(
    resp: &Response,
    read: impl FnOnce(&mut Decoder, &json::Value) -> Option<T>,
) -> Result<Option<T>> {
    let Some(v) = success_json(resp)? else {
        return Ok(None);
    };
    let mut d = Decoder::new(false);
    let decoded = read(&mut d, &v);
    match d.error() {
        Some(e) => Err(Error::Api(e.to_string())),
        None => Ok(decoded),
    }
}
