//! The organization's teams, its projects and the teams of each project, beside the
//! users in `store` (media type 2023-01-01 only: 406 for any other):
//! - `…/orgs/{org}/teams[/{teamId}]`: list, create (`name` and `usernames` required,
//!   each username a user of the organization, pending included; at most 250 teams per
//!   organization), read, rename, delete (refused while a project has the team);
//! - `…/orgs/{org}/groups`: the projects a test seeded ([`NewProject`]), with the
//!   `name` filter (a case-insensitive prefix, as the specification says);
//! - `…/groups/{groupId}/teams[/{teamId}]`: list, add, read, change roles, remove.
//!
//! Every list is paged exactly like the users list (`store::paginate`). Team
//! membership has one source of truth, the users' `teamIds`: creating a team with
//! `usernames` adds it to those users, deleting it takes it from everyone, and once an
//! organization has teams here, a user's `teamIds` must name them (`team_ids_known`).
//!
//! Team names are unique in an organization without regard to case: the extract says
//! only "unique", and the fake takes the stricter reading, so a client that passes
//! here cannot depend on Atlas telling `Core` from `core`. Error codes and wordings are
//! those of Atlas's error-code table, with the status each operation documents (see
//! each answer below, and decision teams-api).

use super::http::{query_param, Canned, Request};
use super::store::{error, method_not_allowed, paginate, Member};
use super::State;
use serde_json::{json, Value};
use std::sync::Mutex;

/// The only version these endpoints are served in.
pub const TEAMS_MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

/// Atlas's limit on teams per organization (the specification's createOrgTeam text).
pub const MAX_TEAMS_PER_ORG: usize = 250;

const CREATED: &str = "2026-08-01T12:00:00Z";

/// A team of one organization. Its members are the users whose `teamIds` name it.
#[derive(Clone, Debug)]
pub struct Team {
    pub id: String,
    pub org: String,
    pub name: String,
}

/// A project of one organization and the teams it has, with their roles.
#[derive(Clone, Debug)]
pub struct Project {
    pub id: String,
    pub org: String,
    pub name: String,
    /// `(teamId, roleNames)`, in the order the teams were added.
    pub teams: Vec<(String, Vec<String>)>,
}

/// A team a test puts in the store directly (`FakeAtlas::add_team`).
#[derive(Clone, Debug)]
pub struct NewTeam {
    pub name: String,
    /// Usernames of users already in the store: the team is added to their `teamIds`.
    pub members: Vec<String>,
    /// The team's id, when a test names it beforehand (users seeded with `teamIds`).
    pub id: Option<String>,
}

impl NewTeam {
    pub fn new(name: &str) -> NewTeam {
        NewTeam {
            name: name.to_string(),
            members: Vec::new(),
            id: None,
        }
    }

    pub fn id(mut self, id: &str) -> NewTeam {
        self.id = Some(id.to_string());
        self
    }

    pub fn members(mut self, usernames: &[&str]) -> NewTeam {
        self.members = usernames.iter().map(|u| u.to_string()).collect();
        self
    }
}

/// A project a test puts in the store directly (`FakeAtlas::add_project`).
#[derive(Clone, Debug)]
pub struct NewProject {
    pub name: String,
    pub teams: Vec<(String, Vec<String>)>,
    /// The project's id, when a test names it beforehand (users seeded with roles in it).
    pub id: Option<String>,
}

impl NewProject {
    pub fn new(name: &str) -> NewProject {
        NewProject {
            name: name.to_string(),
            teams: Vec::new(),
            id: None,
        }
    }

    pub fn id(mut self, id: &str) -> NewProject {
        self.id = Some(id.to_string());
        self
    }

    /// The project has team `team_id` with `roles`.
    pub fn team(mut self, team_id: &str, roles: &[&str]) -> NewProject {
        self.teams.push((
            team_id.to_string(),
            roles.iter().map(|r| r.to_string()).collect(),
        ));
        self
    }
}

/// A new team's or project's id, in the shape of Atlas's ObjectIds, from the
/// server's counter (never equal to a user's or invitation's id).
fn next_id(s: &mut State, prefix: &str) -> String {
    s.next_id += 1;
    format!("{prefix}{:08x}", s.next_id)
}

/// Seeds a team (`FakeAtlas::add_team`); returns its id. A member the store does not
/// have is a mistake in the test.
pub fn add_team(s: &mut State, org: &str, team: NewTeam) -> String {
    let id = match team.id {
        Some(id) => id,
        None => next_id(s, "6b7a3f00c0eb9e7a"),
    };
    for username in &team.members {
        let m = s
            .members
            .iter_mut()
            .find(|m| m.org == org && m.is(username))
            .unwrap_or_else(|| panic!("add_team: no user {username} in {org}"));
        join(m, &id);
    }
    s.teams.push(Team {
        id: id.clone(),
        org: org.to_string(),
        name: team.name,
    });
    id
}

/// Seeds a project (`FakeAtlas::add_project`); returns its id. A name Atlas would not
/// have (the `Group` schema's pattern) is a mistake in the test.
pub fn add_project(s: &mut State, org: &str, project: NewProject) -> String {
    let n = project.name.chars().count();
    assert!(
        (1..=64).contains(&n)
            && project
                .name
                .chars()
                .all(|c| c.is_alphanumeric() || "-_.(),:&@+'".contains(c)),
        "add_project: {:?} is not a project name Atlas allows",
        project.name
    );
    let id = match project.id.clone() {
        Some(id) => id,
        None => next_id(s, "6b7a4000c0eb9e7a"),
    };
    s.projects.push(Project {
        id: id.clone(),
        org: org.to_string(),
        name: project.name,
        teams: project.teams,
    });
    id
}

/// Adds `team` to the user's `teamIds` unless it is there.
fn join(m: &mut Member, team: &str) {
    if !m.team_ids.is_array() {
        m.team_ids = json!([]);
    }
    if let Some(ids) = m.team_ids.as_array_mut() {
        if !ids.iter().any(|t| t == team) {
            ids.push(json!(team));
        }
    }
}

/// The first id in `team_ids` (a users request's `teamIds`) that is not a team of
/// `org`, when the store has teams for `org`. An organization whose teams a test never
/// set up accepts any ids, as before teams were served.
pub fn unknown_team_id(s: &State, org: &str, team_ids: &Value) -> Option<String> {
    if !s.teams.iter().any(|t| t.org == org) {
        return None;
    }
    team_ids
        .as_array()
        .into_iter()
        .flatten()
        .find(|id| !s.teams.iter().any(|t| t.org == org && *id == t.id.as_str()))
        .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_string))
}

/// `TEAM_NOT_FOUND` (404), Atlas's answer for an id that names no team.
pub fn team_not_found(id: &str) -> Canned {
    let body = json!({
        "detail": format!("No team with ID {id} exists."),
        "error": 404,
        "errorCode": "TEAM_NOT_FOUND",
        "parameters": [id],
        "reason": "Not Found",
    });
    Canned::error(404, &body.to_string())
}

fn group_not_found(id: &str) -> Canned {
    let body = json!({
        "detail": format!("No group with ID {id} exists."),
        "error": 404,
        "errorCode": "GROUP_NOT_FOUND",
        "parameters": [id],
        "reason": "Not Found",
    });
    Canned::error(404, &body.to_string())
}

fn invalid(attribute: &str) -> Canned {
    let body = json!({
        "detail": format!("Invalid attribute {attribute} specified."),
        "error": 400,
        "errorCode": "INVALID_ATTRIBUTE",
        "parameters": [attribute],
        "reason": "Bad Request",
    });
    Canned::error(400, &body.to_string())
}

/// Whether a request asked for (and sent) the one version served here.
fn speaks_version(req: &Request) -> bool {
    let accept_ok = req
        .header("accept")
        .is_some_and(|a| a.split(',').any(|t| t.trim() == TEAMS_MEDIA_TYPE));
    let content_ok = req.body.is_empty()
        || req
            .header("content-type")
            .is_some_and(|t| t.split(';').next().map(str::trim) == Some(TEAMS_MEDIA_TYPE));
    accept_ok && content_ok
}

/// The request's body as JSON (`None` when it is not JSON).
fn body_of(req: &Request) -> Option<Value> {
    serde_json::from_slice(&req.body).ok()
}

/// Role names as a request gives them: a non-empty list of strings.
fn role_names(v: Option<&Value>) -> Option<Vec<String>> {
    let list = v?.as_array()?;
    let names: Option<Vec<String>> = list
        .iter()
        .map(|r| r.as_str().map(str::to_string))
        .collect();
    names.filter(|n| !n.is_empty())
}

fn team_view(t: &Team) -> Value {
    json!({"id": t.id, "name": t.name})
}

fn team_role(team_id: &str, roles: &[String]) -> Value {
    json!({"roleNames": roles, "teamId": team_id})
}

/// Answers the teams and projects routes; `None` for any other path.
pub fn handle(state: &Mutex<State>, req: &Request) -> Option<Canned> {
    let parts: Vec<&str> = req.path().trim_matches('/').split('/').collect();
    let route = match parts.as_slice() {
        ["api", "atlas", "v2", "orgs", org, "teams"] => Route::OrgTeams(org),
        ["api", "atlas", "v2", "orgs", org, "teams", id] => Route::OrgTeam(org, id),
        ["api", "atlas", "v2", "orgs", org, "groups"] => Route::OrgGroups(org),
        ["api", "atlas", "v2", "groups", group, "teams"] => Route::GroupTeams(group),
        ["api", "atlas", "v2", "groups", group, "teams", id] => Route::GroupTeam(group, id),
        _ => return None,
    };
    if !speaks_version(req) {
        return Some(super::store::gone(406));
    }
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let method = req.method.as_str();
    Some(match route {
        Route::OrgTeams(org) => match method {
            "GET" => {
                let all: Vec<&Team> = s.teams.iter().filter(|t| t.org == org).collect();
                page(req, &all, |t| team_view(t))
            }
            "POST" => create_team(&mut s, req, org),
            _ => method_not_allowed(),
        },
        Route::OrgTeam(org, id) => match method {
            "GET" => match s.teams.iter().find(|t| t.org == org && t.id == id) {
                Some(t) => Canned::teams(200, &team_view(t).to_string()),
                None => team_not_found(id),
            },
            "PATCH" => rename_team(&mut s, req, org, id),
            "DELETE" => delete_team(&mut s, org, id),
            _ => method_not_allowed(),
        },
        Route::OrgGroups(org) => match method {
            "GET" => {
                // A case-insensitive prefix of the name, as the specification says.
                let prefix = query_param(&req.target, "name")
                    .unwrap_or_default()
                    .to_lowercase();
                let all: Vec<&Project> = s
                    .projects
                    .iter()
                    .filter(|p| p.org == org && p.name.to_lowercase().starts_with(&prefix))
                    .collect();
                page(
                    req,
                    &all,
                    |p| json!({"clusterCount": 0, "created": CREATED, "id": p.id, "name": p.name, "orgId": p.org}),
                )
            }
            _ => method_not_allowed(),
        },
        Route::GroupTeams(group) => {
            let Some(pi) = s.projects.iter().position(|p| p.id == group) else {
                return Some(group_not_found(group));
            };
            match method {
                "GET" => {
                    let all: Vec<&(String, Vec<String>)> = s.projects[pi].teams.iter().collect();
                    page(req, &all, |(t, roles)| team_role(t, roles))
                }
                "POST" => add_teams(&mut s, req, pi),
                _ => method_not_allowed(),
            }
        }
        Route::GroupTeam(group, id) => {
            let Some(pi) = s.projects.iter().position(|p| p.id == group) else {
                return Some(group_not_found(group));
            };
            let Some(ti) = s.projects[pi].teams.iter().position(|(t, _)| t == id) else {
                // Atlas's TEAM_NOT_IN_GROUP (404).
                return Some(error(
                    404,
                    "TEAM_NOT_IN_GROUP",
                    "The team in your request is not assigned to this group.",
                    "Not Found",
                ));
            };
            match method {
                "GET" => {
                    let (t, roles) = &s.projects[pi].teams[ti];
                    Canned::teams(200, &team_role(t, roles).to_string())
                }
                "PATCH" => {
                    let body = body_of(req).unwrap_or(Value::Null);
                    let Some(roles) = role_names(body.get("roleNames")) else {
                        return Some(invalid("roleNames"));
                    };
                    // TeamRole requires the team again; it must be this one.
                    if body.get("teamId").and_then(Value::as_str) != Some(id) {
                        return Some(invalid("teamId"));
                    }
                    s.projects[pi].teams[ti].1 = roles.clone();
                    let view = json!({"results": [team_role(id, &roles)], "totalCount": 1});
                    Canned::teams(200, &view.to_string())
                }
                "DELETE" => {
                    s.projects[pi].teams.remove(ti);
                    no_content()
                }
                _ => method_not_allowed(),
            }
        }
    })
}

enum Route<'a> {
    OrgTeams(&'a str),
    OrgTeam(&'a str, &'a str),
    OrgGroups(&'a str),
    GroupTeams(&'a str),
    GroupTeam(&'a str, &'a str),
}

/// One page of `all`, in the users list's shape and rules.
fn page<T>(req: &Request, all: &[T], render: impl Fn(&T) -> Value) -> Canned {
    match paginate(req, all, None, render) {
        Ok(view) => Canned::teams(200, &view.to_string()),
        Err(e) => e,
    }
}

fn no_content() -> Canned {
    let mut c = Canned::teams(204, "");
    c.body.clear();
    c
}

/// Whether `org` has a team named `name` other than `except`, ignoring case.
fn name_taken(s: &State, org: &str, name: &str, except: Option<&str>) -> bool {
    s.teams.iter().any(|t| {
        t.org == org
            && t.name.to_lowercase() == name.to_lowercase()
            && Some(t.id.as_str()) != except
    })
}

/// Atlas's TEAM_NAME_NOT_AVAILABLE (409, documented for createOrgTeam and renameOrgTeam).
fn name_not_available(name: &str, org: &str) -> Canned {
    let body = json!({
        "detail": format!("Cannot create a team named {name} in organization {org}."),
        "error": 409,
        "errorCode": "TEAM_NAME_NOT_AVAILABLE",
        "parameters": [name, org],
        "reason": "Conflict",
    });
    Canned::error(409, &body.to_string())
}

/// A name as a body gives it: a non-empty string.
fn name_of(body: &Value) -> Option<&str> {
    body.get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
}

fn create_team(s: &mut State, req: &Request, org: &str) -> Canned {
    let body = body_of(req).unwrap_or(Value::Null);
    let Some(name) = name_of(&body) else {
        return invalid("name");
    };
    let Some(list) = body.get("usernames").and_then(Value::as_array) else {
        return invalid("usernames");
    };
    let Some(usernames) = list
        .iter()
        .map(|u| u.as_str().map(str::to_string))
        .collect::<Option<Vec<String>>>()
    else {
        return invalid("usernames");
    };
    if usernames.is_empty() {
        // Atlas's CANNOT_CREATE_EMPTY_TEAM (400).
        return error(
            400,
            "CANNOT_CREATE_EMPTY_TEAM",
            "A team must contain at least one user. Add a user to your team to continue.",
            "Bad Request",
        );
    }
    // Members of the organization and pending users alike (the extract's notes: pending
    // users can be team members).
    let user_of_org = |u: &str| {
        s.members
            .iter()
            .any(|m| m.org == org && m.is(u) && matches!(m.status, "ACTIVE" | "PENDING"))
    };
    if let Some(u) = usernames.iter().find(|u| !user_of_org(u)) {
        let body = json!({
            "detail": format!("User {u} is not in organization {org}."),
            "error": 404,
            "errorCode": "USER_NOT_IN_ORG",
            "parameters": [u, org],
            "reason": "Not Found",
        });
        return Canned::error(404, &body.to_string());
    }
    if name_taken(s, org, name, None) {
        return name_not_available(name, org);
    }
    if s.teams.iter().filter(|t| t.org == org).count() >= MAX_TEAMS_PER_ORG {
        // The limit is documented; its error code is not: this one is the fake's.
        let body = json!({
            "detail": format!("Organization {org} already has the maximum of {MAX_TEAMS_PER_ORG} teams."),
            "error": 400,
            "errorCode": "MAX_TEAMS_PER_ORG_EXCEEDED",
            "parameters": [org, MAX_TEAMS_PER_ORG.to_string()],
            "reason": "Bad Request",
        });
        return Canned::error(400, &body.to_string());
    }
    let id = next_id(s, "6b7a3f00c0eb9e7a");
    for m in s
        .members
        .iter_mut()
        .filter(|m| m.org == org && usernames.iter().any(|u| m.is(u)))
    {
        join(m, &id);
    }
    s.teams.push(Team {
        id: id.clone(),
        org: org.to_string(),
        name: name.to_string(),
    });
    let answer = json!({"id": id, "name": name, "usernames": usernames});
    Canned::teams(200, &answer.to_string())
}

fn rename_team(s: &mut State, req: &Request, org: &str, id: &str) -> Canned {
    let body = body_of(req).unwrap_or(Value::Null);
    let Some(name) = name_of(&body) else {
        return invalid("name");
    };
    if !s.teams.iter().any(|t| t.org == org && t.id == id) {
        return team_not_found(id);
    }
    if name_taken(s, org, name, Some(id)) {
        return name_not_available(name, org);
    }
    let Some(team) = s.teams.iter_mut().find(|t| t.org == org && t.id == id) else {
        return team_not_found(id);
    };
    team.name = name.to_string();
    Canned::teams(200, &team_view(team).to_string())
}

fn delete_team(s: &mut State, org: &str, id: &str) -> Canned {
    if !s.teams.iter().any(|t| t.org == org && t.id == id) {
        return team_not_found(id);
    }
    if s.projects
        .iter()
        .any(|p| p.teams.iter().any(|(t, _)| t == id))
    {
        // Atlas's CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT, with the status its error-code
        // table gives (404, one deleteOrgTeam documents; it has no 409).
        return error(
            404,
            "CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT",
            "You cannot delete a team that has at least one project assigned to it. Make sure to remove the team from all project before deleting it.",
            "Not Found",
        );
    }
    s.teams.retain(|t| !(t.org == org && t.id == id));
    for m in s.members.iter_mut().filter(|m| m.org == org) {
        if let Some(ids) = m.team_ids.as_array_mut() {
            ids.retain(|t| t != id);
        }
    }
    no_content()
}

/// `addGroupTeams`: every entry a team of the project's organization not yet in the
/// project, with at least one role; all or nothing.
fn add_teams(s: &mut State, req: &Request, pi: usize) -> Canned {
    let Some(entries) = body_of(req).and_then(|b| b.as_array().cloned()) else {
        return invalid("teams");
    };
    let org = s.projects[pi].org.clone();
    let mut added: Vec<(String, Vec<String>)> = Vec::new();
    for e in &entries {
        let Some(team) = e.get("teamId").and_then(Value::as_str) else {
            return invalid("teamId");
        };
        let Some(roles) = role_names(e.get("roleNames")) else {
            return invalid("roleNames");
        };
        if !s.teams.iter().any(|t| t.org == org && t.id == team) {
            return team_not_found(team);
        }
        let present = s.projects[pi].teams.iter().any(|(t, _)| t == team)
            || added.iter().any(|(t, _)| t == team);
        if present {
            // Atlas's TEAM_EXISTS_IN_GROUP; its table says 409, which addGroupTeams
            // does not document, so the fake answers the documented 400.
            return error(
                400,
                "TEAM_EXISTS_IN_GROUP",
                "Cannot add a team that already exists in group.",
                "Bad Request",
            );
        }
        added.push((team.to_string(), roles));
    }
    let results: Vec<Value> = added.iter().map(|(t, r)| team_role(t, r)).collect();
    let total = results.len();
    s.projects[pi].teams.extend(added);
    let view = json!({"results": results, "totalCount": total});
    Canned::teams(200, &view.to_string())
}
