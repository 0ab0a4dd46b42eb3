//! The stateful default behind the canned answers: one store of the people invited to
//! (or members of) each organization, served through both APIs that Atlas has for
//! them, with the recorded answers' shapes:
//! - the deprecated invites endpoints (`…/orgs/{org}/invites[/{invitationId}]`, 2023-01-01),
//!   which see pending invitations under their invitation ids;
//! - the organization users API (`…/orgs/{org}/users[/{userId}]`, 2025-02-19 only:
//!   406 for any other media type), which sees every user under their user id in four
//!   membership statuses (`PENDING`, `ACTIVE`, `INVITATION_EXPIRED`,
//!   `INVITATION_REJECTED`; without `orgMembershipStatuses` only the first two, as the
//!   specification says), paginated with `links` (`self`, and `next` while another page
//!   exists) and a `totalCount` a test may falsify (it is an estimate), with 409 for a
//!   pending or active duplicate, an expired or rejected one replaced, and `roles`
//!   replaced whole by PATCH.
//!
//! Every answer here is checked against the specification by the conformance test
//! (`tests/spec_conformance.rs`), so the shapes cannot drift from Atlas's.
//!
//! So an invitation created through one API is visible through the other, with a
//! different id. Answers are `serde_json::Value`s, whose maps keep keys sorted: the
//! order Atlas sends fields in, so answers match the recordings.

use super::http::{query_param, query_params, Canned, Request};
use super::{Keys, State};
use serde_json::{json, Value};
use std::sync::Mutex;

/// The users API's media type: the only version this store serves on `/users`.
pub const USERS_MEDIA_TYPE: &str = "application/vnd.atlas.2025-02-19+json";

/// The `orgMembershipStatuses` values `listOrgUsers` and `getOrgUser` accept.
const STATUSES: &[&str] = &[
    "PENDING",
    "ACTIVE",
    "INVITATION_EXPIRED",
    "INVITATION_REJECTED",
];

/// What `listOrgUsers` and `getOrgUser` return without `orgMembershipStatuses`.
const DEFAULT_STATUSES: &[&str] = &["PENDING", "ACTIVE"];

/// The organization roles `createOrgUser` and `updateOrgUser` accept.
const ORG_ROLES: &[&str] = &[
    "ORG_OWNER",
    "ORG_GROUP_CREATOR",
    "ORG_BILLING_ADMIN",
    "ORG_BILLING_READ_ONLY",
    "ORG_STREAM_PROCESSING_ADMIN",
    "ORG_READ_ONLY",
    "ORG_MEMBER",
];

const CREATED_AT: &str = "2026-08-10T03:03:37Z";
const EXPIRES_AT: &str = "2026-09-09T03:03:37Z";

/// One person in one organization: an invitation to the invites API while pending, a
/// user to the users API.
#[derive(Clone, Debug)]
pub struct Member {
    pub invitation_id: String,
    pub user_id: String,
    pub org: String,
    /// As sent (a string for every sane client).
    pub username: Value,
    /// `PENDING`, `ACTIVE`, `INVITATION_EXPIRED` or `INVITATION_REJECTED`.
    pub status: &'static str,
    pub org_roles: Value,
    /// In the users API's shape: `[{groupId, groupRoles}]`.
    pub group_roles: Vec<Value>,
    pub team_ids: Value,
    pub inviter: String,
    /// Accepts the invitation the moment `getOrgUser` reads them (a test of a user who
    /// became active between a list and a later read).
    pub accepts_when_read: bool,
    /// Is removed (by someone else) the moment `getOrgUser` reads them: a 404.
    pub vanishes_when_read: bool,
    /// `updateOrgUser` and `removeOrgUser` answer 403 for them (a change that fails).
    pub refuses_changes: bool,
}

impl Member {
    /// Whether this is `username`, ignoring ASCII case (usernames are addresses).
    pub(super) fn is(&self, username: &str) -> bool {
        self.username
            .as_str()
            .is_some_and(|u| u.eq_ignore_ascii_case(username))
    }

    /// The invites API's `OrganizationInvitation`: one `{groupId, groupRole}` per role.
    pub fn invitation(&self) -> Value {
        let mut per_role = Vec::new();
        for g in &self.group_roles {
            for role in g["groupRoles"].as_array().into_iter().flatten() {
                per_role.push(json!({"groupId": g["groupId"], "groupRole": role}));
            }
        }
        json!({
            "createdAt": CREATED_AT,
            "expiresAt": EXPIRES_AT,
            "groupRoleAssignments": per_role,
            "id": self.invitation_id,
            "inviterUsername": self.inviter,
            "orgId": self.org,
            "orgName": "Atlas CLI E2E",
            "roles": self.org_roles,
            "teamIds": self.team_ids,
            "username": self.username,
        })
    }

    /// The users API's `OrgUserResponse`, shaped by the membership status: a rejected
    /// invitation has no expiry (`null`, as the specification allows).
    pub fn user(&self) -> Value {
        let roles = json!({"groupRoleAssignments": self.group_roles, "orgRoles": self.org_roles});
        if self.status == "ACTIVE" {
            return json!({
                "country": "US",
                "createdAt": "2026-08-11T09:00:00Z",
                "firstName": "Ada",
                "id": self.user_id,
                "lastAuth": "2026-08-12T09:00:00Z",
                "lastName": "Lovelace",
                "mobileNumber": "",
                "orgMembershipStatus": "ACTIVE",
                "roles": roles,
                "teamIds": self.team_ids,
                "username": self.username,
            });
        }
        let expires = if self.status == "INVITATION_REJECTED" {
            Value::Null
        } else {
            json!(EXPIRES_AT)
        };
        json!({
            "id": self.user_id,
            "invitationCreatedAt": CREATED_AT,
            "invitationExpiresAt": expires,
            "inviterUsername": self.inviter,
            "orgMembershipStatus": self.status,
            "roles": roles,
            "teamIds": self.team_ids,
            "username": self.username,
        })
    }
}

/// A new member's invitation and user ids, in the shape of Atlas's ObjectIds, counting
/// up per server; the two differ, as they do in Atlas.
pub fn next_ids(s: &mut State) -> (String, String) {
    s.next_id += 1;
    (
        format!("6a793f89c0eb9e7a{:08x}", s.next_id),
        format!("6a793f8ec0eb9e7a{:08x}", s.next_id),
    )
}

/// A pending member as the invites API's POST creates it.
pub fn pending(
    s: &mut State,
    org: &str,
    username: Value,
    org_roles: Value,
    team_ids: Value,
    inviter: &str,
) -> Member {
    let (invitation_id, user_id) = next_ids(s);
    Member {
        invitation_id,
        user_id,
        org: org.to_string(),
        username,
        status: "PENDING",
        org_roles,
        group_roles: Vec::new(),
        team_ids,
        inviter: inviter.to_string(),
        accepts_when_read: false,
        vanishes_when_read: false,
        refuses_changes: false,
    }
}

/// A user a test puts in the store directly, in any status (`FakeAtlas::add_user`).
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    /// One of the four `orgMembershipStatus` values.
    pub status: &'static str,
    pub org_roles: Vec<String>,
    /// `(groupId, groupRoles)`.
    pub group_roles: Vec<(String, Vec<String>)>,
    pub team_ids: Vec<String>,
    pub accepts_when_read: bool,
    pub vanishes_when_read: bool,
    pub refuses_changes: bool,
}

impl NewUser {
    /// `username` in `status`, an `ORG_MEMBER` without projects or teams.
    pub fn new(username: &str, status: &'static str) -> NewUser {
        assert!(STATUSES.contains(&status), "no such status: {status}");
        NewUser {
            username: username.to_string(),
            status,
            org_roles: vec!["ORG_MEMBER".into()],
            group_roles: Vec::new(),
            team_ids: Vec::new(),
            accepts_when_read: false,
            vanishes_when_read: false,
            refuses_changes: false,
        }
    }

    /// Someone else removes them just before `getOrgUser` next reads them.
    pub fn vanishes_when_read(mut self) -> NewUser {
        self.vanishes_when_read = true;
        self
    }

    /// They accept the invitation when `getOrgUser` next reads them.
    pub fn accepts_when_read(mut self) -> NewUser {
        self.accepts_when_read = true;
        self
    }

    /// Every PATCH and DELETE of them is refused (403).
    pub fn refuses_changes(mut self) -> NewUser {
        self.refuses_changes = true;
        self
    }

    pub fn org_roles(mut self, roles: &[&str]) -> NewUser {
        self.org_roles = roles.iter().map(|r| r.to_string()).collect();
        self
    }

    pub fn group(mut self, group_id: &str, roles: &[&str]) -> NewUser {
        self.group_roles.push((
            group_id.to_string(),
            roles.iter().map(|r| r.to_string()).collect(),
        ));
        self
    }

    pub fn teams(mut self, team_ids: &[&str]) -> NewUser {
        self.team_ids = team_ids.iter().map(|t| t.to_string()).collect();
        self
    }

    /// The stored member (new ids from the server's counter).
    pub fn into_member(self, s: &mut State, org: &str, inviter: &str) -> Member {
        let mut m = pending(
            s,
            org,
            json!(self.username),
            json!(self.org_roles),
            json!(self.team_ids),
            inviter,
        );
        m.status = self.status;
        m.accepts_when_read = self.accepts_when_read;
        m.vanishes_when_read = self.vanishes_when_read;
        m.refuses_changes = self.refuses_changes;
        m.group_roles = self
            .group_roles
            .into_iter()
            .map(|(g, roles)| json!({"groupId": g, "groupRoles": roles}))
            .collect();
        m
    }
}

pub(super) fn error(status: u16, code: &str, detail: &str, reason: &str) -> Canned {
    let body = json!({"detail": detail, "error": status, "errorCode": code, "parameters": [], "reason": reason});
    Canned::error(status, &body.to_string())
}

fn not_found(id: &str) -> Canned {
    Canned::error(
        404,
        &format!(
            r#"{{"detail":"Invitation with ID {id} not found.","error":404,"errorCode":"RESOURCE_NOT_FOUND","parameters":["{id}"],"reason":"Not Found"}}"#
        ),
    )
}

/// Atlas's answer to a change the caller may not make.
fn refused() -> Canned {
    error(
        403,
        "USER_UNAUTHORIZED",
        "Current user is not authorized to perform this action.",
        "Forbidden",
    )
}

fn no_route() -> Canned {
    Canned::error(
        404,
        r#"{"detail":"The requested resource does not exist.","error":404,"errorCode":"RESOURCE_NOT_FOUND","parameters":[],"reason":"Not Found"}"#,
    )
}

pub(super) fn method_not_allowed() -> Canned {
    Canned::error(
        405,
        r#"{"detail":"Method not allowed.","error":405,"errorCode":"METHOD_NOT_ALLOWED","parameters":[],"reason":"Method Not Allowed"}"#,
    )
}

/// What the invites endpoints answer once they are gone (`FakeAtlas::invites_gone`).
pub fn gone(status: u16) -> Canned {
    match status {
        410 => error(410, "GONE", "This endpoint has been removed.", "Gone"),
        406 => error(
            406,
            "INVALID_VERSION_DATE",
            "Invalid accept header or version date.",
            "Not Acceptable",
        ),
        _ => no_route(),
    }
}

fn no_content() -> Canned {
    let mut c = Canned::json(204, "");
    c.body.clear();
    c
}

/// The group role assignments of an invites request (`[{groupId, roles}]`) in the
/// users API's shape.
fn from_invites_groups(v: Option<&Value>) -> Vec<Value> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|g| json!({"groupId": g["groupId"], "groupRoles": g.get("roles").cloned().unwrap_or_else(|| json!([]))}))
        .collect()
}

/// Routes a request onto the store by path and method.
pub fn handle(state: &Mutex<State>, req: &Request, keys: Option<&Keys>) -> Canned {
    let parts: Vec<&str> = req.path().trim_matches('/').split('/').collect();
    let inviter = keys.map_or("anonymous", |k| k.public.as_str());
    match parts.as_slice() {
        ["api", "atlas", "v2", "orgs", org, "invites"] => invites(state, req, org, None, inviter),
        ["api", "atlas", "v2", "orgs", org, "invites", id] => {
            invites(state, req, org, Some(id), inviter)
        }
        ["api", "atlas", "v2", "orgs", org, "users"] => users(state, req, org, None, inviter),
        ["api", "atlas", "v2", "orgs", org, "users", id] => {
            users(state, req, org, Some(id), inviter)
        }
        _ => no_route(),
    }
}

/// Lossy like Atlas's decoder; an unreadable body counts as `{}`.
fn body_of(req: &Request) -> Value {
    serde_json::from_str(&String::from_utf8_lossy(&req.body)).unwrap_or_else(|_| json!({}))
}

fn invites(
    state: &Mutex<State>,
    req: &Request,
    org: &str,
    id: Option<&str>,
    inviter: &str,
) -> Canned {
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(status) = s.invites_gone {
        return gone(status);
    }
    let body = body_of(req);
    let field = |k: &str| body.get(k).cloned().unwrap_or_else(|| json!([]));
    match (req.method.as_str(), id) {
        ("POST", None) => {
            let username = body.get("username").cloned().unwrap_or_else(|| json!(""));
            let existing = username
                .as_str()
                .and_then(|u| s.members.iter_mut().find(|m| m.org == org && m.is(u)));
            match existing {
                Some(m) if m.status == "ACTIVE" => error(
                    409,
                    "USER_ALREADY_IN_ORG",
                    "The user is already a member of the organization.",
                    "Conflict",
                ),
                // Inviting again re-issues the invitation (pending, expired or
                // rejected) with the new roles.
                Some(m) => {
                    m.status = "PENDING";
                    m.org_roles = field("roles");
                    m.team_ids = field("teamIds");
                    m.group_roles = from_invites_groups(body.get("groupRoleAssignments"));
                    Canned::json(200, &m.invitation().to_string())
                }
                None => {
                    let mut m = pending(
                        &mut s,
                        org,
                        username,
                        field("roles"),
                        field("teamIds"),
                        inviter,
                    );
                    m.group_roles = from_invites_groups(body.get("groupRoleAssignments"));
                    let answer = m.invitation().to_string();
                    s.members.push(m);
                    Canned::json(200, &answer)
                }
            }
        }
        ("GET", None) => {
            let user = query_param(&req.target, "username").unwrap_or_default();
            let list: Vec<Value> = s
                .members
                .iter()
                .filter(|m| m.org == org && m.status == "PENDING")
                .filter(|m| user.is_empty() || m.username == json!(user))
                .map(Member::invitation)
                .collect();
            Canned::json(200, &Value::Array(list).to_string())
        }
        ("GET", Some(id)) => match s
            .members
            .iter()
            .find(|m| m.status == "PENDING" && m.invitation_id == id)
        {
            Some(m) => Canned::json(200, &m.invitation().to_string()),
            None => not_found(id),
        },
        ("PATCH", target) => {
            let found = s.members.iter_mut().find(|m| {
                m.status == "PENDING"
                    && match target {
                        Some(id) => m.invitation_id == id,
                        None => Some(&m.username) == body.get("username"),
                    }
            });
            match found {
                Some(m) => {
                    if let Some(v) = body.get("roles") {
                        m.org_roles = v.clone();
                    }
                    if let Some(v) = body.get("teamIds") {
                        m.team_ids = v.clone();
                    }
                    Canned::json(200, &m.invitation().to_string())
                }
                None => not_found(target.unwrap_or("(by email)")),
            }
        }
        ("DELETE", Some(id)) => {
            let before = s.members.len();
            s.members
                .retain(|m| !(m.status == "PENDING" && m.invitation_id == id));
            if s.members.len() == before {
                not_found(id)
            } else {
                no_content()
            }
        }
        _ => method_not_allowed(),
    }
}

/// The media type a `/users` request asked for (and sent), when it is the one served.
fn speaks_users_version(req: &Request) -> bool {
    let accept_ok = req
        .header("accept")
        .is_some_and(|a| a.split(',').any(|t| t.trim() == USERS_MEDIA_TYPE));
    let content_ok = req.body.is_empty()
        || req
            .header("content-type")
            .is_some_and(|t| t.split(';').next().map(str::trim) == Some(USERS_MEDIA_TYPE));
    accept_ok && content_ok
}

/// 400 for organization roles the users API does not accept (none, or not in the enum).
fn check_org_roles(roles: &Value) -> Result<(), Canned> {
    let list = roles.as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        return Err(error(
            400,
            "INVALID_ATTRIBUTE",
            "Invalid attribute roles.orgRoles specified: at least one organization role is required.",
            "Bad Request",
        ));
    }
    for role in &list {
        if !role.as_str().is_some_and(|r| ORG_ROLES.contains(&r)) {
            let shown = role
                .as_str()
                .map_or_else(|| role.to_string(), str::to_string);
            let body = json!({
                "detail": format!("An invalid enumeration value {shown} was specified."),
                "error": 400,
                "errorCode": "INVALID_ENUM_VALUE",
                "parameters": [shown],
                "reason": "Bad Request",
            });
            return Err(Canned::error(400, &body.to_string()));
        }
    }
    Ok(())
}

/// The `orgMembershipStatuses` asked for (the default when none are), or the 400 for
/// a value outside the enum or more than four of them.
fn statuses_of(req: &Request) -> Result<Vec<String>, Canned> {
    let asked = query_params(&req.target, "orgMembershipStatuses");
    if asked.is_empty() {
        return Ok(DEFAULT_STATUSES.iter().map(|s| s.to_string()).collect());
    }
    if asked.len() > STATUSES.len() || asked.iter().any(|a| !STATUSES.contains(&a.as_str())) {
        return Err(error(
            400,
            "INVALID_QUERY_PARAMETER",
            "Invalid orgMembershipStatuses.",
            "Bad Request",
        ));
    }
    Ok(asked)
}

/// `target` with `pageNum` set to `page` (added when absent).
fn with_page(target: &str, page: usize) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("pageNum="))
        .map(str::to_string)
        .collect();
    pairs.push(format!("pageNum={page}"));
    format!("{path}?{}", pairs.join("&"))
}

/// One page of `all` as Atlas pages its lists: `itemsPerPage` (1 to 500, 100 by
/// default) and `pageNum` (from 1) or a 400; `results` rendered with `render`; absolute
/// `links`, `self` and `next` only while another page exists; `totalCount` the real
/// count unless a test set another (Atlas's is an estimate).
pub(super) fn paginate<T>(
    req: &Request,
    all: &[T],
    total: Option<i64>,
    render: impl Fn(&T) -> Value,
) -> Result<Value, Canned> {
    let per_page = query_param(&req.target, "itemsPerPage")
        .map_or(Some(100), |v| v.parse::<usize>().ok())
        .filter(|n| (1..=500).contains(n));
    let page = query_param(&req.target, "pageNum")
        .map_or(Some(1), |v| v.parse::<usize>().ok())
        .filter(|n| *n >= 1);
    let (Some(per_page), Some(page)) = (per_page, page) else {
        return Err(error(
            400,
            "INVALID_QUERY_PARAMETER",
            "Invalid itemsPerPage or pageNum.",
            "Bad Request",
        ));
    };
    let results: Vec<Value> = all
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(render)
        .collect();
    let base = format!("http://{}", req.header("host").unwrap_or("localhost"));
    let mut links =
        vec![json!({"href": format!("{base}{}", with_page(&req.target, page)), "rel": "self"})];
    if page * per_page < all.len() {
        links.push(
            json!({"href": format!("{base}{}", with_page(&req.target, page + 1)), "rel": "next"}),
        );
    }
    let total = total.unwrap_or(all.len() as i64);
    Ok(json!({"links": links, "results": results, "totalCount": total}))
}

fn user_not_found(id: &str, org: &str) -> Canned {
    let body = json!({
        "detail": format!("No user with ID {id} exists in organization {org}."),
        "error": 404,
        "errorCode": "USER_NOT_FOUND",
        "parameters": [id, org],
        "reason": "Not Found",
    });
    Canned::error(404, &body.to_string())
}

fn users(
    state: &Mutex<State>,
    req: &Request,
    org: &str,
    id: Option<&str>,
    inviter: &str,
) -> Canned {
    if !speaks_users_version(req) {
        return gone(406);
    }
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let body = body_of(req);
    match (req.method.as_str(), id) {
        ("POST", None) => {
            let Some(username) = body
                .get("username")
                .and_then(Value::as_str)
                .filter(|u| !u.is_empty())
            else {
                return error(
                    400,
                    "INVALID_ATTRIBUTE",
                    "Invalid attribute username specified.",
                    "Bad Request",
                );
            };
            let roles = body.get("roles").cloned().unwrap_or_else(|| json!({}));
            let org_roles = roles.get("orgRoles").cloned().unwrap_or(Value::Null);
            if let Err(e) = check_org_roles(&org_roles) {
                return e;
            }
            // An expired or rejected invitation is replaced; anyone else exists.
            s.members.retain(|m| {
                !(m.org == org
                    && m.is(username)
                    && matches!(m.status, "INVITATION_EXPIRED" | "INVITATION_REJECTED"))
            });
            if s.members.iter().any(|m| m.org == org && m.is(username)) {
                let body = json!({
                    "detail": format!("A user with username {username} already exists in organization {org}."),
                    "error": 409,
                    "errorCode": "ORG_USER_ALREADY_EXISTS",
                    "parameters": [username, org],
                    "reason": "Conflict",
                });
                return Canned::error(409, &body.to_string());
            }
            let team_ids = body.get("teamIds").cloned().unwrap_or_else(|| json!([]));
            if let Some(t) = super::teams::unknown_team_id(&s, org, &team_ids) {
                return super::teams::team_not_found(&t);
            }
            let mut m = pending(&mut s, org, json!(username), org_roles, team_ids, inviter);
            m.group_roles = roles
                .get("groupRoleAssignments")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let answer = m.user().to_string();
            s.members.push(m);
            Canned::users(201, &answer)
        }
        ("GET", None) => {
            let statuses = match statuses_of(req) {
                Ok(s) => s,
                Err(e) => return e,
            };
            let user = query_param(&req.target, "username").unwrap_or_default();
            let all: Vec<&Member> = s
                .members
                .iter()
                .filter(|m| m.org == org)
                .filter(|m| statuses.iter().any(|st| st == m.status))
                .filter(|m| user.is_empty() || m.is(&user))
                .collect();
            match paginate(req, &all, s.total_count, |m| m.user()) {
                Ok(view) => Canned::users(200, &view.to_string()),
                Err(e) => e,
            }
        }
        ("GET", Some(id)) => {
            let statuses = match statuses_of(req) {
                Ok(s) => s,
                Err(e) => return e,
            };
            if let Some(m) = s
                .members
                .iter_mut()
                .find(|m| m.org == org && m.user_id == id && m.accepts_when_read)
            {
                m.accepts_when_read = false;
                m.status = "ACTIVE";
            }
            s.members
                .retain(|m| !(m.org == org && m.user_id == id && m.vanishes_when_read));
            match s.members.iter().find(|m| {
                m.org == org && m.user_id == id && statuses.iter().any(|st| st == m.status)
            }) {
                Some(m) => Canned::users(200, &m.user().to_string()),
                None => user_not_found(id, org),
            }
        }
        ("PATCH", Some(id)) => {
            if let Some(t) = body
                .get("teamIds")
                .and_then(|ids| super::teams::unknown_team_id(&s, org, ids))
            {
                return super::teams::team_not_found(&t);
            }
            let Some(m) = s
                .members
                .iter_mut()
                .find(|m| m.org == org && m.user_id == id)
            else {
                return user_not_found(id, org);
            };
            if m.refuses_changes {
                return refused();
            }
            if let Some(roles) = body.get("roles") {
                // Replaced whole: what the body leaves out is gone.
                let org_roles = roles.get("orgRoles").cloned().unwrap_or(Value::Null);
                if let Err(e) = check_org_roles(&org_roles) {
                    return e;
                }
                m.org_roles = org_roles;
                m.group_roles = roles
                    .get("groupRoleAssignments")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
            }
            if let Some(v) = body.get("teamIds") {
                m.team_ids = v.clone();
            }
            Canned::users(200, &m.user().to_string())
        }
        ("DELETE", Some(id)) => {
            if s.members
                .iter()
                .any(|m| m.org == org && m.user_id == id && m.refuses_changes)
            {
                return refused();
            }
            let before = s.members.len();
            s.members.retain(|m| !(m.org == org && m.user_id == id));
            if s.members.len() == before {
                user_not_found(id, org)
            } else {
                let mut c = Canned::users(204, "");
                c.body.clear();
                c
            }
        }
        _ => method_not_allowed(),
    }
}
