//! The organization users API (version 2025-02-19), the invites endpoints' successor:
//! `…/orgs/{orgId}/users[/{userId}]`. Pending users stand for invitations; each is
//! shown in the invites shape ([`OrgUserResponse::to_invitation`]) so that every
//! output form is unchanged. Ids are user ids, not invitation ids.

use super::invitations::{Call, Invitations, UpdateTarget};
use super::model::{
    org_roles_or_default, GroupRoles, Invitation, InvitationRequest, OrgUserRequest,
    OrgUserResponse, OrgUserRoles, OrgUserUpdateRequest, PaginatedOrgUserView, ACTIVE,
    ALL_STATUSES, DEFAULT_ORG_ROLE, INVITATION_EXPIRED, INVITATION_REJECTED, PENDING,
};
use super::notes::Note;
use super::paging::{self, PAGE_SIZE};
use super::sdk_json::encode;
use super::session::{Request, Session};
use crate::error::{Error, Result};
use crate::go::url::{path_escape, query_escape};
use serde::Serialize;
use std::collections::HashSet;

/// The media type of the users API version that lists pending users (the 2023-01-01
/// version of listOrgUsers returns active users only).
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2025-02-19+json";

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

/// `orgMembershipStatuses` once per status (the parameter is repeated, as the SDK
/// sends an array).
fn statuses_query(statuses: &[&str]) -> String {
    statuses
        .iter()
        .map(|s| format!("orgMembershipStatuses={}", query_escape(s)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One page of the users in `statuses` (of one user when `username` is not empty).
fn page_path(org_id: &str, statuses: &[&str], username: &str, page: usize) -> String {
    let mut query = statuses_query(statuses);
    if !username.is_empty() {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&format!("username={}", query_escape(username)));
    }
    if !query.is_empty() {
        query.push('&');
    }
    format!(
        "{}?{query}itemsPerPage={PAGE_SIZE}&pageNum={page}",
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

/// `createOrgUser`.
pub(crate) fn create_request(org_id: &str, body: &OrgUserRequest) -> Request {
    request("POST", collection(org_id), Some(encode(body)))
}

/// `getOrgUser` in every status: without the filter the API answers 404 for an
/// expired or rejected invitation, which would look like an unknown id.
pub(crate) fn get_request(org_id: &str, id: &str) -> Request {
    let path = format!("{}?{}", one(org_id, id), statuses_query(&ALL_STATUSES));
    request("GET", path, None)
}

/// One page of `listOrgUsers`.
fn list_request(org_id: &str, statuses: &[&str], username: &str, page: usize) -> Request {
    request("GET", page_path(org_id, statuses, username, page), None)
}

/// `updateOrgUser`.
pub(crate) fn update_request(org_id: &str, id: &str, body: &OrgUserUpdateRequest) -> Request {
    request("PATCH", one(org_id, id), Some(encode(body)))
}

/// `removeOrgUser`.
pub(crate) fn delete_request(org_id: &str, id: &str) -> Request {
    request("DELETE", one(org_id, id), None)
}

/// The PATCH body for an update (decision users-api-update): only the fields the
/// request sets. `roles` is replaced whole by the API and requires `orgRoles`, so when
/// the request changes organization or project roles, the part it leaves alone comes
/// from `current` (the user as read just before); `teamIds` only when the request has
/// them. An error names what the user's current state lacks.
fn update_body(
    request: &InvitationRequest,
    current: Option<&OrgUserRoles>,
) -> std::result::Result<OrgUserUpdateRequest, &'static str> {
    let roles = if request.roles.is_some() || request.group_role_assignments.is_some() {
        let org_roles = match &request.roles {
            Some(roles) => org_roles_or_default(Some(roles)),
            None => current
                .and_then(|c| c.org_roles.clone())
                .ok_or("orgRoles")?,
        };
        let group_role_assignments = match &request.group_role_assignments {
            Some(list) => list.iter().map(GroupRoles::from_request).collect(),
            None => current
                .and_then(|c| c.group_role_assignments.clone())
                .ok_or("groupRoleAssignments")?,
        };
        Some(OrgUserRoles {
            group_role_assignments: Some(group_role_assignments),
            org_roles: Some(org_roles),
        })
    } else {
        None
    };
    Ok(OrgUserUpdateRequest {
        roles,
        team_ids: request.team_ids.clone(),
    })
}

/// What the user's current state is replaced with when `--dry-run` builds an update:
/// characters no role or group id has, so that their encoded form is found again.
const STAND_IN_ORG_ROLES: &str = "\u{0}current orgRoles";
const STAND_IN_GROUPS: &str = "\u{0}current groupRoleAssignments";

/// `--dry-run`'s PATCH for an update (decision users-api-dry-run): built by the same
/// [`update_body`] and [`update_request`] as the real one, from a stand-in for the
/// user's current state (which the GET before it reads), whose parts are then shown as
/// `<current orgRoles>` and `<current groupRoleAssignments>`.
fn preview_update(org_id: &str, target: UpdateTarget, r: &InvitationRequest) -> Request {
    let org_roles = vec![STAND_IN_ORG_ROLES.to_string()];
    let groups = vec![GroupRoles {
        group_id: Some(STAND_IN_GROUPS.into()),
        group_roles: None,
    }];
    let stand_in = OrgUserRoles {
        group_role_assignments: Some(groups.clone()),
        org_roles: Some(org_roles.clone()),
    };
    // The stand-in has both parts, so the builder has nothing to refuse.
    let body = update_body(r, Some(&stand_in)).unwrap_or_default();
    let mut req = match target {
        UpdateTarget::Id(id) => update_request(org_id, id, &body),
        UpdateTarget::Email => {
            let user = r.username.as_deref().unwrap_or_default();
            let mut req = update_request(org_id, "", &body);
            req.path = format!("{}/<user id of {user}>", collection(org_id));
            req
        }
    };
    if let Some(bytes) = req.body.take() {
        let shown = String::from_utf8_lossy(&bytes)
            .replace(&text(&org_roles), "<current orgRoles>")
            .replace(&text(&groups), "<current groupRoleAssignments>");
        req.body = Some(shown.into_bytes());
    }
    req
}

/// A part of a body as [`encode`] writes it, without the newline.
fn text<T: Serialize>(v: &T) -> String {
    let mut b = encode(v);
    b.pop();
    String::from_utf8_lossy(&b).into_owned()
}

/// What `--dry-run` says besides the requests (decision users-api-default-role): an
/// invitation or update without an organization role asks for `ORG_MEMBER`.
pub fn preview_notes(call: Call) -> Vec<Note> {
    let (r, verb, id) = match call {
        Call::Create(r) => (r, "invitation", None),
        Call::Update(target, r) if r.roles.is_some() => match target {
            UpdateTarget::Id(id) => (r, "update", Some(id)),
            UpdateTarget::Email => (r, "update", None),
        },
        _ => return Vec::new(),
    };
    if r.roles.as_ref().is_some_and(|roles| !roles.is_empty()) {
        return Vec::new();
    }
    let who = id.unwrap_or_else(|| r.username.as_deref().unwrap_or_default());
    vec![Note::DefaultRole {
        what: verb,
        who: who.to_string(),
        role: DEFAULT_ORG_ROLE,
    }]
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

/// Why a user is not an invitation the commands can work on, in plain words; `None`
/// for a pending user (decision users-api-pending-only).
fn not_pending(user: &OrgUserResponse) -> Option<String> {
    let who = &user.username;
    match user.org_membership_status.as_str() {
        PENDING => None,
        ACTIVE => Some(format!(
            "user {who} accepted the invitation and is a member of the organization (orgMembershipStatus ACTIVE)"
        )),
        INVITATION_EXPIRED => Some(match &user.invitation_expires_at {
            Some(t) => format!(
                "the invitation of {who} expired on {}; invite them again",
                t.format("2006-01-02")
            ),
            None => format!("the invitation of {who} expired; invite them again"),
        }),
        INVITATION_REJECTED => Some(format!(
            "{who} rejected the invitation; invite them again"
        )),
        other => Some(format!("user {who} has orgMembershipStatus {other}")),
    }
}

/// The requests `call` sends on `org_id`. An update or a delete reads the user
/// first; what the PATCH then sends from that answer is shown as `<…>`.
pub fn preview(org_id: &str, call: Call) -> Vec<Request> {
    match call {
        Call::Create(r) => vec![create_request(org_id, &OrgUserRequest::from_invitation(r))],
        Call::Update(target, r) => {
            let first = match target {
                UpdateTarget::Id(id) => get_request(org_id, id),
                UpdateTarget::Email => list_request(
                    org_id,
                    &ALL_STATUSES,
                    r.username.as_deref().unwrap_or_default(),
                    1,
                ),
            };
            vec![first, preview_update(org_id, target, r)]
        }
        Call::Delete(id) => vec![get_request(org_id, id), delete_request(org_id, id)],
    }
}

impl Users<'_, '_> {
    /// The user behind an id, in any status (`None` for an empty answer).
    pub fn user(&mut self, id: &str) -> Result<Option<OrgUserResponse>> {
        self.session
            .call_short(&get_request(&self.org_id, id))
            .map_err(|e| not_a_user(e, &self.org_id))
    }

    /// Every user in `statuses` (all pages; of one username when not empty), in the
    /// order the API lists them. Empty `statuses` means the API's default, `ACTIVE` and
    /// `PENDING`.
    pub fn all(&mut self, statuses: &[&str], username: &str) -> Result<Vec<OrgUserResponse>> {
        let wanted: &[&str] = if statuses.is_empty() {
            &[PENDING, ACTIVE]
        } else {
            statuses
        };
        let what = format!("{}: the list of users", collection(&self.org_id));
        let all = paging::all(&what, |page| {
            let req = list_request(&self.org_id, statuses, username, page);
            let view: PaginatedOrgUserView = self.session.call(&req)?.unwrap_or_default();
            Ok((view.links, view.results.unwrap_or_default()))
        })?;
        // The filter is asked for; keep it even if a server ignores it.
        Ok(all
            .into_iter()
            .filter(|u| wanted.contains(&u.org_membership_status.as_str()))
            .collect())
    }

    /// Invites one user (`createOrgUser`).
    pub fn add(&mut self, body: &OrgUserRequest) -> Result<Option<OrgUserResponse>> {
        self.session.call_short(&create_request(&self.org_id, body))
    }

    /// Changes one user (`updateOrgUser`): `body` as it is sent.
    pub fn patch(
        &mut self,
        id: &str,
        body: &OrgUserUpdateRequest,
    ) -> Result<Option<OrgUserResponse>> {
        self.session
            .call_short(&update_request(&self.org_id, id, body))
    }

    /// Removes one user (`removeOrgUser`), whatever their status.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        self.session
            .send(&delete_request(&self.org_id, id))
            .map(drop)
    }

    /// The pending user behind an id; an empty answer is `None`, as for invitations.
    fn pending_user(&mut self, id: &str) -> Result<Option<OrgUserResponse>> {
        let user = self.user(id)?;
        if let Some(why) = user.as_ref().and_then(not_pending) {
            return Err(Error::Api(format!(
                "{id} is not a pending invitation: {why}"
            )));
        }
        Ok(user)
    }

    /// The pending user with this username (ASCII case ignored, as Atlas usernames are
    /// email addresses), looked up in every status so that an expired, rejected or
    /// accepted invitation is named as such.
    fn pending_by_username(&mut self, username: &str) -> Result<OrgUserResponse> {
        if username.is_empty() {
            return Err(Error::Usage(
                "no email address to find the pending invitation by".into(),
            ));
        }
        let mut found: Vec<OrgUserResponse> = self
            .all(&ALL_STATUSES, username)?
            .into_iter()
            .filter(|u| u.username.eq_ignore_ascii_case(username))
            .collect();
        if let Some(i) = found
            .iter()
            .position(|u| u.org_membership_status == PENDING)
        {
            return Ok(found.swap_remove(i));
        }
        Err(Error::Api(match found.first().and_then(not_pending) {
            Some(why) => why,
            None => format!(
                "no pending invitation for {username} in organization {}",
                self.org_id
            ),
        }))
    }

    fn to_invitation(&self, user: Option<OrgUserResponse>) -> Option<Invitation> {
        user.map(|u| u.to_invitation(&self.org_id))
    }
}

impl Invitations for Users<'_, '_> {
    fn preview(&self, call: Call) -> Vec<Request> {
        preview(&self.org_id, call)
    }

    fn notes(&self, call: Call) -> Vec<Note> {
        preview_notes(call)
    }

    fn prepare(&mut self, call: Call) -> Result<()> {
        if let Some(first) = self.preview(call).first() {
            self.session.connect(first.method, &first.path)?;
        }
        Ok(())
    }

    fn create(&mut self, r: &InvitationRequest) -> Result<Option<Invitation>> {
        let user = self.add(&OrgUserRequest::from_invitation(r))?;
        Ok(self.to_invitation(user))
    }

    fn list(&mut self, username: &str) -> Result<Option<Vec<Invitation>>> {
        // Decision users-api-pending-only: invitations are the pending users.
        let users = self.all(&[PENDING], username)?;
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
        // Decision users-api-update: read the user first (is it a pending invitation,
        // and what of its roles does a complete `roles` keep).
        let current = match target {
            UpdateTarget::Id(id) => self.pending_user(id)?,
            UpdateTarget::Email => {
                Some(self.pending_by_username(r.username.as_deref().unwrap_or_default())?)
            }
        };
        let id = match (target, &current) {
            (UpdateTarget::Id(id), _) => id.to_string(),
            (UpdateTarget::Email, Some(u)) => u.id.clone(),
            (UpdateTarget::Email, None) => String::new(),
        };
        let body = update_body(r, current.as_ref().map(|u| &u.roles)).map_err(|missing| {
            Error::Api(format!(
                "not updating {id}: the users API's answer for the user has no roles.{missing}, and a change of roles must send them complete (the API replaces roles whole); name them in a --file with both \"roles\" and \"groupRoleAssignments\""
            ))
        })?;
        let user = self.patch(&id, &body)?;
        Ok(self.to_invitation(user))
    }

    fn delete(&mut self, id: &str) -> Result<()> {
        // Never removes a member: the user must be pending (decision users-api-pending-only).
        self.pending_user(id)?;
        self.remove(id)
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
    use crate::api::sdk_json::decode;
    use crate::transport::client::Response;

    fn body(b: Vec<u8>) -> String {
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn bodies_escape_like_go() {
        let r = InvitationRequest {
            username: Some("a<b>&c\u{2028}@x.com".into()),
            ..Default::default()
        };
        assert_eq!(
            body(encode(&OrgUserRequest::from_invitation(&r))),
            "{\"roles\":{\"orgRoles\":[\"ORG_MEMBER\"]},\"username\":\"a\\u003cb\\u003e\\u0026c\\u2028@x.com\"}\n"
        );
    }

    #[test]
    fn answers_decode_as_go_does() {
        let resp = |body: &str| Response::for_test(200, MEDIA_TYPE, body);
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
        // A rejected invitation's null expiry, an active user's fields.
        let user: OrgUserResponse = decode(&resp(
            r#"{"orgMembershipStatus":"INVITATION_REJECTED","invitationExpiresAt":null}"#,
        ))
        .unwrap()
        .unwrap();
        assert_eq!(user.invitation_expires_at, None);
        let user: OrgUserResponse = decode(&resp(r#"{"orgMembershipStatus":"ACTIVE","firstName":"Ada","lastAuth":"2026-08-12T09:00:00Z","mobileNumber":null}"#)).unwrap().unwrap();
        assert_eq!(user.first_name.as_deref(), Some("Ada"));
        assert!(user.last_auth.is_some() && user.mobile_number.is_none());
    }

    #[test]
    fn request_paths() {
        let org = "a0123456789abcdef012345a";
        let users = format!("/api/atlas/v2/orgs/{org}/users");
        let all = "orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";
        for (got, want) in [
            (
                page_path(org, &[PENDING], "", 1),
                format!("{users}?orgMembershipStatuses=PENDING&itemsPerPage=500&pageNum=1"),
            ),
            (
                page_path(org, &[PENDING], "a+b@x.com", 3),
                format!("{users}?orgMembershipStatuses=PENDING&username=a%2Bb%40x.com&itemsPerPage=500&pageNum=3"),
            ),
            (
                page_path(org, &ALL_STATUSES, "a@x.com", 1),
                format!("{users}?{all}&username=a%40x.com&itemsPerPage=500&pageNum=1"),
            ),
            (
                page_path(org, &[], "", 2),
                format!("{users}?itemsPerPage=500&pageNum=2"),
            ),
            (get_request(org, "u1").path, format!("{users}/u1?{all}")),
            (delete_request(org, "u1").path, format!("{users}/u1")),
        ] {
            assert_eq!(got, want);
        }
    }

    fn current() -> OrgUserRoles {
        OrgUserRoles {
            group_role_assignments: Some(vec![GroupRoles {
                group_id: Some("g".into()),
                group_roles: Some(vec!["GROUP_READ_ONLY".into()]),
            }]),
            org_roles: Some(vec!["ORG_MEMBER".into()]),
        }
    }

    #[test]
    fn updates_send_what_they_change_and_roles_complete() {
        let roles_only = InvitationRequest {
            roles: Some(vec!["ORG_OWNER".into()]),
            ..Default::default()
        };
        let groups_and_teams = InvitationRequest {
            group_role_assignments: Some(vec![GroupRoleAssignment {
                group_id: Some("h".into()),
                roles: Some(vec!["GROUP_OWNER".into()]),
            }]),
            team_ids: Some(vec!["t".into()]),
            ..Default::default()
        };
        let teams_only = InvitationRequest {
            team_ids: Some(vec!["t".into()]),
            username: Some("a@x.com".into()),
            ..Default::default()
        };
        let empty_roles = InvitationRequest {
            roles: Some(vec![]),
            ..Default::default()
        };
        let cur = current();
        let no_org_roles = OrgUserRoles {
            org_roles: None,
            ..current()
        };
        let no_groups = OrgUserRoles {
            group_role_assignments: None,
            ..current()
        };
        for (request, current, want) in [
            (&roles_only, Some(&cur), Ok("{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"g\",\"groupRoles\":[\"GROUP_READ_ONLY\"]}],\"orgRoles\":[\"ORG_OWNER\"]}}\n")),
            (&groups_and_teams, Some(&cur), Ok("{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"h\",\"groupRoles\":[\"GROUP_OWNER\"]}],\"orgRoles\":[\"ORG_MEMBER\"]},\"teamIds\":[\"t\"]}\n")),
            // Only teams: no roles at all, so nothing of the GET answer is needed.
            (&teams_only, Some(&no_org_roles), Ok("{\"teamIds\":[\"t\"]}\n")),
            (&teams_only, None, Ok("{\"teamIds\":[\"t\"]}\n")),
            (&empty_roles, Some(&cur), Ok("{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"g\",\"groupRoles\":[\"GROUP_READ_ONLY\"]}],\"orgRoles\":[\"ORG_MEMBER\"]}}\n")),
            // What the answer lacks is never made up.
            (&groups_and_teams, Some(&no_org_roles), Err("orgRoles")),
            (&roles_only, Some(&no_groups), Err("groupRoleAssignments")),
            (&roles_only, None, Err("groupRoleAssignments")),
        ] {
            let got = update_body(request, current).map(|b| body(encode(&b)));
            assert_eq!(got.as_deref().map_err(|e| *e), want, "{request:?}");
        }
        for (request, want) in [
            (&roles_only, "{\"roles\":{\"groupRoleAssignments\":<current groupRoleAssignments>,\"orgRoles\":[\"ORG_OWNER\"]}}\n"),
            (&groups_and_teams, "{\"roles\":{\"groupRoleAssignments\":[{\"groupId\":\"h\",\"groupRoles\":[\"GROUP_OWNER\"]}],\"orgRoles\":<current orgRoles>},\"teamIds\":[\"t\"]}\n"),
            (&teams_only, "{\"teamIds\":[\"t\"]}\n"),
            (&empty_roles, "{\"roles\":{\"groupRoleAssignments\":<current groupRoleAssignments>,\"orgRoles\":[\"ORG_MEMBER\"]}}\n"),
        ] {
            let patch = preview_update("o", UpdateTarget::Id("u"), request);
            assert_eq!(body(patch.body.unwrap()), want);
        }
    }

    #[test]
    fn dry_run_notes_the_default_role() {
        let none = InvitationRequest {
            username: Some("a@x.com".into()),
            ..Default::default()
        };
        let some = InvitationRequest {
            roles: Some(vec!["ORG_OWNER".into()]),
            ..none.clone()
        };
        let empty = InvitationRequest {
            roles: Some(vec![]),
            ..none.clone()
        };
        assert_eq!(
            preview_notes(Call::Create(&none)),
            [Note::DefaultRole {
                what: "invitation",
                who: "a@x.com".into(),
                role: "ORG_MEMBER"
            }]
        );
        assert_eq!(preview_notes(Call::Create(&empty)).len(), 1);
        assert!(preview_notes(Call::Create(&some)).is_empty());
        assert_eq!(
            preview_notes(Call::Update(UpdateTarget::Email, &empty)).len(),
            1
        );
        assert_eq!(
            preview_notes(Call::Update(UpdateTarget::Id("u1"), &empty)),
            [Note::DefaultRole {
                what: "update",
                who: "u1".into(),
                role: "ORG_MEMBER"
            }]
        );
        // An update without roles keeps the user's: nothing is asked for.
        assert!(preview_notes(Call::Update(UpdateTarget::Email, &none)).is_empty());
        assert!(preview_notes(Call::Delete("x")).is_empty());
    }

    #[test]
    fn each_status_is_named_plainly() {
        let mut u = OrgUserResponse {
            id: "u".into(),
            org_membership_status: ACTIVE.into(),
            username: "a@b.c".into(),
            ..Default::default()
        };
        assert_eq!(
            not_pending(&u).unwrap(),
            "user a@b.c accepted the invitation and is a member of the organization (orgMembershipStatus ACTIVE)"
        );
        u.org_membership_status = INVITATION_EXPIRED.into();
        u.invitation_expires_at =
            Some(crate::go::time::GoTime::parse_rfc3339("2026-09-09T03:03:37Z").unwrap());
        assert_eq!(
            not_pending(&u).unwrap(),
            "the invitation of a@b.c expired on 2026-09-09; invite them again"
        );
        u.invitation_expires_at = None;
        assert_eq!(
            not_pending(&u).unwrap(),
            "the invitation of a@b.c expired; invite them again"
        );
        u.org_membership_status = INVITATION_REJECTED.into();
        assert_eq!(
            not_pending(&u).unwrap(),
            "a@b.c rejected the invitation; invite them again"
        );
        u.org_membership_status = PENDING.into();
        assert_eq!(not_pending(&u), None);
    }
}
