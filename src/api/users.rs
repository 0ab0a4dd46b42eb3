//! The organization users API (version 2025-02-19), the invites endpoints' successor:
//! `…/orgs/{orgId}/users[/{userId}]`. Pending users stand for invitations; each is
//! shown in the invites shape ([`OrgUserResponse::to_invitation`]) so that every
//! output form is unchanged. Ids are user ids, not invitation ids.

use super::error as api_error;
use super::invitations::{Change, Invitations, UpdateTarget};
use super::model::{
    GroupRoles, Invitation, InvitationRequest, OrgUserRequest, OrgUserResponse, OrgUserRoles,
    OrgUserUpdateRequest, PaginatedOrgUserView, PENDING,
};
use super::session::{Request, Session};
use crate::error::{Error, Result};
use crate::go::url::{path_escape, query_escape};
use crate::transport::client::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashSet;

/// The media type of the users API version that lists pending users (the 2023-01-01
/// version of listOrgUsers returns active users only).
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2025-02-19+json";

/// The largest page `listOrgUsers` serves.
pub const PAGE_SIZE: usize = 500;

/// More pages than this (a million users) means the server never says it is done.
const MAX_PAGES: usize = 2000;

pub struct Users<'s, 'a> {
    session: &'s mut Session<'a>,
    org_id: String,
}

impl<'s, 'a> Users<'s, 'a> {
    pub fn new(session: &'s mut Session<'a>, org_id: &str) -> Users<'s, 'a> {
        Users {
            session,
            org_id: org_id.to_string(),
        }
    }
}

/// `…/orgs/{orgId}/users`.
fn collection(org_id: &str) -> String {
    format!("/api/atlas/v2/orgs/{}/users", path_escape(org_id))
}

/// `…/orgs/{orgId}/users/{userId}`.
fn one(org_id: &str, id: &str) -> String {
    format!("{}/{}", collection(org_id), path_escape(id))
}

/// One page of the pending users, of one user when `username` is not empty.
fn page_path(org_id: &str, username: &str, page: usize) -> String {
    let user = if username.is_empty() {
        String::new()
    } else {
        format!("&username={}", query_escape(username))
    };
    format!(
        "{}?orgMembershipStatuses={PENDING}{user}&itemsPerPage={PAGE_SIZE}&pageNum={page}",
        collection(org_id)
    )
}

fn request(method: &'static str, path: String, body: Option<Vec<u8>>) -> Request {
    Request {
        method,
        path,
        media_type: MEDIA_TYPE,
        body,
    }
}

/// A request body as the SDK's encoder writes it (`json.Marshal`: Go's escaping of
/// `<>&`, U+2028 and U+2029) and the encoder's newline. The one place bodies are encoded.
fn encode<T: Serialize>(v: &T) -> Vec<u8> {
    // These types hold only strings and lists: encoding them cannot fail.
    let mut body = crate::go::json::marshal(v).unwrap_or_default();
    body.push(b'\n');
    body
}

/// A success body through the SDK model, as the SDK reads it: empty means nil, JSON
/// media types only, `json.Unmarshal` into a pointer (Go's key matching, `null` as
/// nil, unknown fields dropped, Go's error texts). The one place answers are decoded.
fn decode<T: DeserializeOwned>(resp: &Response) -> Result<Option<T>> {
    if resp.body.is_empty() {
        return Ok(None);
    }
    if !api_error::is_json_type(resp.header("content-type").unwrap_or("")) {
        return Err(Error::Api("undefined response type".into()));
    }
    crate::go::json::unmarshal::<Option<T>>(&resp.body)
        .map(|d| d.value)
        .map_err(|e| Error::Api(e.to_string()))
}

/// What an update sends: the request's fields, and the user's current roles where
/// the request leaves them alone (`roles` is replaced whole by the API).
fn update_body(
    request: &InvitationRequest,
    current: Option<&OrgUserRoles>,
) -> OrgUserUpdateRequest {
    let group_role_assignments = match &request.group_role_assignments {
        Some(list) => Some(list.iter().map(GroupRoles::from_request).collect()),
        None => current.and_then(|c| c.group_role_assignments.clone()),
    };
    let org_roles = match &request.roles {
        Some(roles) => Some(roles.clone()),
        None => current.and_then(|c| c.org_roles.clone()),
    };
    OrgUserUpdateRequest {
        roles: Some(OrgUserRoles {
            group_role_assignments: group_role_assignments.or_else(|| Some(Vec::new())),
            org_roles,
        }),
        team_ids: request.team_ids.clone(),
    }
}

/// `--dry-run`'s form of an update body (decision users-api-dry-run): what comes from
/// the user's current state (read by the GET before it) is shown as `<current …>`, the
/// rest as it would be sent.
fn planned_update_body(request: &InvitationRequest) -> Vec<u8> {
    let known = update_body(request, None);
    let roles = known.roles.unwrap_or_default();
    let groups = match &request.group_role_assignments {
        Some(_) => text(&roles.group_role_assignments.unwrap_or_default()),
        None => "<current groupRoleAssignments>".to_string(),
    };
    let org_roles = match &roles.org_roles {
        Some(r) => text(r),
        None => "<current orgRoles>".to_string(),
    };
    let mut body =
        format!("{{\"roles\":{{\"groupRoleAssignments\":{groups},\"orgRoles\":{org_roles}}}");
    if let Some(teams) = &known.team_ids {
        body.push_str(&format!(",\"teamIds\":{}", text(teams)));
    }
    body.push_str("}\n");
    body.into_bytes()
}

/// A part of a body as [`encode`] writes it, without the newline.
fn text<T: Serialize>(v: &T) -> String {
    let mut b = encode(v);
    b.pop();
    String::from_utf8_lossy(&b).into_owned()
}

/// The users API's answer for an id that is not a user of the organization, with how
/// to find the user id when it was an invitation id (decision users-api-old-ids).
fn not_a_user(err: Error, org_id: &str) -> Error {
    match err {
        Error::Http {
            status: 404,
            code,
            message,
        } => Error::Http {
            status: 404,
            code,
            message: format!(
                "{message} (invitation IDs from the deprecated invites API are not user IDs; find the user ID with: atlas organizations invitations list --orgId {org_id} --email <email> -o 'json-path=$[0].id')"
            ),
        },
        other => other,
    }
}

/// Decision users-api-pending-only: only a pending user stands for an invitation;
/// a member (`ACTIVE`) or an expired or declined invitation is not one.
fn pending_only(user: &OrgUserResponse, id: &str) -> Result<()> {
    if user.org_membership_status == PENDING {
        return Ok(());
    }
    let what = if user.org_membership_status == "ACTIVE" {
        format!(
            "user {} accepted the invitation and is a member of the organization (orgMembershipStatus ACTIVE)",
            user.username
        )
    } else {
        format!(
            "user {} has orgMembershipStatus {}",
            user.username, user.org_membership_status
        )
    };
    Err(Error::Api(format!(
        "{id} is not a pending invitation: {what}"
    )))
}

fn create_request(org_id: &str, r: &InvitationRequest) -> Request {
    let body = encode(&OrgUserRequest::from_invitation(r));
    request("POST", collection(org_id), Some(body))
}

fn get_request(org_id: &str, id: &str) -> Request {
    request("GET", one(org_id, id), None)
}

/// The requests `change` sends on `org_id`. An update or a delete reads the user
/// first; what the PATCH then sends from that answer is shown as `<…>`.
pub fn plan(org_id: &str, change: Change) -> Vec<Request> {
    match change {
        Change::Create(r) => vec![create_request(org_id, r)],
        Change::Update(target, r) => {
            let (first, path) = match target {
                UpdateTarget::Id(id) => (get_request(org_id, id), one(org_id, id)),
                UpdateTarget::Email => {
                    let user = r.username.as_deref().unwrap_or_default();
                    (
                        request("GET", page_path(org_id, user, 1), None),
                        format!("{}/<user id of {user}>", collection(org_id)),
                    )
                }
            };
            vec![first, request("PATCH", path, Some(planned_update_body(r)))]
        }
        Change::Delete(id) => vec![
            get_request(org_id, id),
            request("DELETE", one(org_id, id), None),
        ],
    }
}

impl Users<'_, '_> {
    /// The user behind an id, pending or not.
    fn user(&mut self, id: &str) -> Result<Option<OrgUserResponse>> {
        let resp = self
            .session
            .send(&get_request(&self.org_id, id))
            .map_err(|e| not_a_user(e, &self.org_id))?;
        decode(&resp)
    }

    /// The pending user behind an id; an empty answer is `None`, as for invitations.
    fn pending_user(&mut self, id: &str) -> Result<Option<OrgUserResponse>> {
        let user = self.user(id)?;
        if let Some(u) = &user {
            pending_only(u, id)?;
        }
        Ok(user)
    }

    /// Every pending user (of one username when not empty), page after page.
    fn pending_users(&mut self, username: &str) -> Result<Vec<OrgUserResponse>> {
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            let path = page_path(&self.org_id, username, page);
            let resp = self.session.send(&request("GET", path, None))?;
            let view: PaginatedOrgUserView = decode(&resp)?.unwrap_or_default();
            let results = view.results.unwrap_or_default();
            let got = results.len();
            // The filter is asked for; keep it even if a server ignores it.
            all.extend(
                results
                    .into_iter()
                    .filter(|u| u.org_membership_status == PENDING),
            );
            let seen = (page - 1) * PAGE_SIZE + got;
            let total = view.total_count.and_then(|t| usize::try_from(t).ok());
            if got < PAGE_SIZE || total.is_some_and(|t| seen >= t) {
                return Ok(all);
            }
        }
        Err(Error::Api(format!(
            "{}: the list of users did not end after {MAX_PAGES} pages of {PAGE_SIZE}",
            collection(&self.org_id)
        )))
    }

    /// The id of the pending user with this username (ASCII case ignored, as Atlas
    /// usernames are email addresses).
    fn pending_id(&mut self, username: &str) -> Result<OrgUserResponse> {
        if username.is_empty() {
            return Err(Error::Usage(
                "no email address to find the pending invitation by".into(),
            ));
        }
        self.pending_users(username)?
            .into_iter()
            .find(|u| u.username.eq_ignore_ascii_case(username))
            .ok_or_else(|| {
                Error::Api(format!(
                    "no pending invitation for {username} in organization {}",
                    self.org_id
                ))
            })
    }

    fn to_invitation(&self, user: Option<OrgUserResponse>) -> Option<Invitation> {
        user.map(|u| u.to_invitation(&self.org_id))
    }
}

impl Invitations for Users<'_, '_> {
    fn plan(&self, change: Change) -> Vec<Request> {
        plan(&self.org_id, change)
    }

    fn prepare(&mut self, change: Change) -> Result<()> {
        if let Some(first) = self.plan(change).first() {
            self.session.connect(first.method, &first.path)?;
        }
        Ok(())
    }

    fn create(&mut self, r: &InvitationRequest) -> Result<Option<Invitation>> {
        let resp = self.session.send(&create_request(&self.org_id, r))?;
        let user: Option<OrgUserResponse> = decode(&resp)?;
        Ok(self.to_invitation(user))
    }

    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>> {
        let users = self.pending_users(username)?;
        Ok(Some(
            users
                .into_iter()
                .map(|u| u.to_invitation(&self.org_id))
                .collect(),
        ))
    }

    fn get(&mut self, id: &str) -> Result<Option<Invitation>> {
        let user = self.pending_user(id)?;
        Ok(self.to_invitation(user))
    }

    fn update(
        &mut self,
        target: UpdateTarget,
        r: &InvitationRequest,
    ) -> Result<Option<Invitation>> {
        // Decision users-api-update: read the user first, so that what the command
        // does not set (project roles, teams) is sent back unchanged.
        let current = match target {
            UpdateTarget::Id(id) => self.pending_user(id)?,
            UpdateTarget::Email => {
                Some(self.pending_id(r.username.as_deref().unwrap_or_default())?)
            }
        };
        let id = match (target, &current) {
            (UpdateTarget::Id(id), _) => id.to_string(),
            (UpdateTarget::Email, Some(u)) => u.id.clone(),
            (UpdateTarget::Email, None) => String::new(),
        };
        let body = update_body(r, current.as_ref().map(|u| &u.roles));
        let resp = self.session.send(&request(
            "PATCH",
            one(&self.org_id, &id),
            Some(encode(&body)),
        ))?;
        let user: Option<OrgUserResponse> = decode(&resp)?;
        Ok(self.to_invitation(user))
    }

    fn delete(&mut self, id: &str) -> Result<()> {
        // Never removes a member: the user must be pending (decision users-api-pending-only).
        self.pending_user(id)?;
        self.session
            .send(&request("DELETE", one(&self.org_id, id), None))
            .map(drop)
    }

    fn pending_usernames(&mut self) -> Result<Option<HashSet<String>>> {
        // Creating an existing user answers 409: no list is needed.
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::GroupRoleAssignment;

    #[test]
    fn bodies_escape_like_go() {
        let r = InvitationRequest {
            username: Some("a<b>&c\u{2028}@x.com".into()),
            ..Default::default()
        };
        assert_eq!(
            String::from_utf8(encode(&OrgUserRequest::from_invitation(&r))).unwrap(),
            "{\"roles\":{\"orgRoles\":[]},\"username\":\"a\\u003cb\\u003e\\u0026c\\u2028@x.com\"}\n"
        );
    }

    #[test]
    fn answers_decode_as_go_does() {
        let resp = |body: &str| Response {
            status: 200,
            status_text: "OK".into(),
            headers: vec![("Content-Type".into(), MEDIA_TYPE.into())],
            body: body.as_bytes().to_vec(),
        };
        // Keys fold case, unknown fields are dropped, `null` is nil.
        let user: Option<OrgUserResponse> =
            decode(&resp(r#"{"ID":"u","orgMembershipStatus":"PENDING","extra":1,"roles":{"orgRoles":["ORG_MEMBER"]}}"#)).unwrap();
        let user = user.unwrap();
        assert_eq!(
            (user.id.as_str(), user.roles.org_roles.as_deref()),
            ("u", Some(&["ORG_MEMBER".to_string()][..]))
        );
        assert_eq!(decode::<OrgUserResponse>(&resp("null")).unwrap(), None);
        assert_eq!(
            decode::<OrgUserResponse>(&resp(r#"{"username":5}"#)).unwrap_err().to_string(),
            "json: cannot unmarshal number into Go struct field OrgUserResponse.username of type string"
        );
    }

    #[test]
    fn page_paths() {
        let org = "a0123456789abcdef012345a";
        assert_eq!(
            page_path(org, "", 1),
            format!("/api/atlas/v2/orgs/{org}/users?orgMembershipStatuses=PENDING&itemsPerPage=500&pageNum=1")
        );
        assert_eq!(
            page_path(org, "a+b@x.com", 3),
            format!("/api/atlas/v2/orgs/{org}/users?orgMembershipStatuses=PENDING&username=a%2Bb%40x.com&itemsPerPage=500&pageNum=3")
        );
    }

    #[test]
    fn update_keeps_what_the_request_leaves_alone() {
        let current = OrgUserRoles {
            group_role_assignments: Some(vec![GroupRoles {
                group_id: Some("g".into()),
                group_roles: Some(vec!["GROUP_READ_ONLY".into()]),
            }]),
            org_roles: Some(vec!["ORG_MEMBER".into()]),
        };
        let roles_only = InvitationRequest {
            roles: Some(vec!["ORG_OWNER".into()]),
            ..Default::default()
        };
        assert_eq!(
            String::from_utf8(encode(&update_body(&roles_only, Some(&current)))).unwrap(),
            "{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"g\",\"groupRoles\":[\"GROUP_READ_ONLY\"]}],\"orgRoles\":[\"ORG_OWNER\"]}}\n"
        );
        let file = InvitationRequest {
            group_role_assignments: Some(vec![GroupRoleAssignment {
                group_id: Some("h".into()),
                roles: Some(vec!["GROUP_OWNER".into()]),
            }]),
            team_ids: Some(vec!["t".into()]),
            ..Default::default()
        };
        assert_eq!(
            String::from_utf8(encode(&update_body(&file, Some(&current)))).unwrap(),
            "{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"h\",\"groupRoles\":[\"GROUP_OWNER\"]}],\"orgRoles\":[\"ORG_MEMBER\"]},\"teamIds\":[\"t\"]}\n"
        );
        assert_eq!(
            String::from_utf8(planned_update_body(&roles_only)).unwrap(),
            "{\"roles\":{\"groupRoleAssignments\":<current groupRoleAssignments>,\"orgRoles\":[\"ORG_OWNER\"]}}\n"
        );
        assert_eq!(
            String::from_utf8(planned_update_body(&file)).unwrap(),
            "{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"h\",\"groupRoles\":[\"GROUP_OWNER\"]}],\"orgRoles\":<current orgRoles>},\"teamIds\":[\"t\"]}\n"
        );
    }

    #[test]
    fn only_pending_users_are_invitations() {
        let mut u = OrgUserResponse {
            id: "u".into(),
            org_membership_status: "ACTIVE".into(),
            username: "a@b.c".into(),
            ..Default::default()
        };
        assert_eq!(
            pending_only(&u, "u").unwrap_err().to_string(),
            "u is not a pending invitation: user a@b.c accepted the invitation and is a member of the organization (orgMembershipStatus ACTIVE)"
        );
        u.org_membership_status = "INVITATION_EXPIRED".into();
        assert!(pending_only(&u, "u").is_err());
        u.org_membership_status = PENDING.into();
        assert!(pending_only(&u, "u").is_ok());
    }
}
