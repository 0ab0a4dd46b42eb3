//! The deprecated organization invitations endpoints (API version 2023-01-01), which
//! the official CLI uses: `…/orgs/{orgId}/invites[/{invitationId}]`.

use super::client::Response;
use super::error as api_error;
use super::invitations::{Change, Invitations, UpdateTarget};
use super::model::{Invitation, InvitationRequest, InvitationUpdateRequest};
use super::session::{Request, Session};
use crate::error::{Error, Result};
use crate::go::json as gojson;
use crate::go::url::{path_escape, query_escape};
use serde::de::DeserializeOwned;
use serde::Serialize;

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
        let mut bytes = gojson::marshal(body).unwrap_or_default();
        bytes.push(b'\n');
        Request {
            body: Some(bytes),
            ..Self::request(method, path)
        }
    }

    fn create_request(&self, request: &InvitationRequest) -> Request {
        Self::with_body("POST", self.collection(), request)
    }

    fn update_request(&self, target: UpdateTarget, request: &InvitationRequest) -> Request {
        match target {
            UpdateTarget::Email => Self::with_body("PATCH", self.collection(), request),
            // By ID only roles and teamIds are sent; other file fields are dropped.
            UpdateTarget::Id(id) => {
                let by_id = InvitationUpdateRequest {
                    group_role_assignments: None,
                    roles: request.roles.clone(),
                    team_ids: request.team_ids.clone(),
                };
                Self::with_body("PATCH", self.one(id), &by_id)
            }
        }
    }

    fn delete_request(&self, id: &str) -> Request {
        Self::request("DELETE", self.one(id))
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
        decode(&resp)
    }

    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>> {
        // The CLI always passes the username pointer, so `?username=` is sent even when empty.
        let path = format!("{}?username={}", self.collection(), query_escape(username));
        let resp = self.session.send(&Self::request("GET", path))?;
        decode(&resp)
    }

    fn get(&mut self, id: &str) -> Result<Option<Invitation>> {
        let resp = self.session.send(&Self::request("GET", self.one(id)))?;
        decode(&resp)
    }

    fn update(
        &mut self,
        target: UpdateTarget,
        request: &InvitationRequest,
    ) -> Result<Option<Invitation>> {
        let resp = self.session.send(&self.update_request(target, request))?;
        decode(&resp)
    }

    fn delete(&mut self, id: &str) -> Result<()> {
        self.session.send(&self.delete_request(id)).map(drop)
    }
}

/// Decodes a success body as the SDK does: empty means nil, JSON media types only,
/// then `json.Unmarshal` into the model.
fn decode<T: DeserializeOwned>(resp: &Response) -> Result<Option<T>> {
    if resp.body.is_empty() {
        return Ok(None);
    }
    if !api_error::is_json_type(resp.header("content-type").unwrap_or("")) {
        return Err(Error::Api("undefined response type".into()));
    }
    gojson::unmarshal::<Option<T>>(&resp.body)
        .map(|d| d.value)
        .map_err(|e| Error::Api(e.to_string()))
}
