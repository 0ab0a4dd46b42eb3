//! An in-memory organization for tests of the executor and the recipes.

use super::teams::{ProjectRoles, TeamChange};
use super::{
    fold, wire, Access, Change, Member, OrgProject, OrgTeam, OrgUser, OrgUsers, Patch, Status,
};
use crate::api::session::Request;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};

/// One call, as the organization saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    List,
    ListTeams,
    ListTeamNames,
    Create(String),
    /// The user id and the PATCH body as JSON.
    Update(String, String),
    Get(String),
    Remove(String),
    /// The team's name and usernames.
    CreateTeam(String, Vec<String>),
    RenameTeam(String, String),
    DeleteTeam(String),
    /// The team id, the project id and the roles the team is to have there.
    TeamProject(String, String, Vec<String>),
}

#[derive(Default)]
pub struct Memory {
    pub users: Vec<OrgUser>,
    pub teams: Vec<OrgTeam>,
    pub projects: Vec<OrgProject>,
    pub calls: Vec<Call>,
    fail_create: HashSet<String>,
    fail_update: HashSet<String>,
    fail_get: HashSet<String>,
    on_get: HashMap<String, OrgUser>,
    fail_team: HashSet<String>,
    next_id: usize,
}

fn refused() -> Error {
    Error::Api("refused by the test".into())
}

impl Memory {
    pub fn new(users: Vec<OrgUser>) -> Memory {
        Memory {
            users,
            ..Memory::default()
        }
    }

    /// Inviting this username fails.
    pub fn fail_create(&mut self, username: &str) {
        self.fail_create.insert(fold(username));
    }

    pub fn fail_update(&mut self, id: &str) {
        self.fail_update.insert(id.into());
    }

    pub fn fail_get(&mut self, id: &str) {
        self.fail_get.insert(id.into());
    }

    /// Between the list and a later read, the user becomes `now`.
    pub fn on_get(&mut self, id: &str, now: OrgUser) {
        self.on_get.insert(id.into(), now);
    }

    /// Every write on the team with this name (or id) fails.
    pub fn fail_team(&mut self, name_or_id: &str) {
        self.fail_team.insert(name_or_id.into());
    }

    fn team_fails(&self, id: &str) -> bool {
        self.fail_team.contains(id)
            || self
                .teams
                .iter()
                .any(|t| t.id == id && self.fail_team.contains(&t.name))
    }

    /// Between the list and a later read, the user disappears.
    pub fn forget(&mut self, id: &str) {
        self.users.retain(|u| u.id != id);
    }
}

impl OrgUsers for Memory {
    fn list(&mut self) -> Result<Vec<OrgUser>> {
        self.calls.push(Call::List);
        Ok(self.users.clone())
    }

    fn teams(&mut self) -> Result<(Vec<OrgTeam>, Vec<OrgProject>)> {
        self.calls.push(Call::ListTeams);
        Ok((self.teams.clone(), self.projects.clone()))
    }

    fn create(&mut self, m: &Member) -> Result<()> {
        self.calls.push(Call::Create(m.username.clone()));
        let key = fold(&m.username);
        if self.fail_create.contains(&key) {
            return Err(refused());
        }
        let same = |u: &OrgUser| fold(&u.username) == key;
        if self
            .users
            .iter()
            .any(|u| same(u) && matches!(u.status, Status::Pending | Status::Active))
        {
            return Err(Error::Http {
                status: 409,
                code: "USER_ALREADY_IN_ORG".into(),
                message: "conflict".into(),
            });
        }
        // The users API replaces an expired or rejected invitation.
        self.users.retain(|u| !same(u));
        self.next_id += 1;
        self.users.push(OrgUser {
            id: format!("n{}", self.next_id),
            username: m.username.clone(),
            status: Status::Pending,
            access: Access {
                org_roles: m.org_roles.clone(),
                team_ids: m.team_ids.clone().unwrap_or_default(),
                projects: m.projects.clone().unwrap_or_default(),
            },
        });
        Ok(())
    }

    fn update(&mut self, id: &str, patch: &Patch) -> Result<()> {
        let body = crate::go::json::marshal(&wire::update_request(patch)).unwrap_or_default();
        self.calls.push(Call::Update(
            id.into(),
            String::from_utf8_lossy(&body).into_owned(),
        ));
        if self.fail_update.contains(id) {
            return Err(refused());
        }
        let user = self
            .users
            .iter_mut()
            .find(|u| u.id == id)
            .ok_or_else(|| Error::Api(format!("no user {id}")))?;
        if let Some(r) = &patch.roles {
            user.access.org_roles = r.org_roles.clone();
            user.access.projects = r.projects.clone();
        }
        if let Some(t) = &patch.team_ids {
            user.access.team_ids = t.clone();
        }
        Ok(())
    }

    fn get(&mut self, id: &str) -> Result<Option<OrgUser>> {
        self.calls.push(Call::Get(id.into()));
        if self.fail_get.contains(id) {
            return Err(refused());
        }
        if let Some(now) = self.on_get.remove(id) {
            self.users.retain(|u| u.id != id);
            self.users.push(now);
        }
        Ok(self.users.iter().find(|u| u.id == id).cloned())
    }

    fn remove(&mut self, id: &str) -> Result<()> {
        self.calls.push(Call::Remove(id.into()));
        self.users.retain(|u| u.id != id);
        Ok(())
    }

    fn team_names(&mut self) -> Result<(Vec<OrgTeam>, Vec<OrgProject>)> {
        self.calls.push(Call::ListTeamNames);
        let teams = self
            .teams
            .iter()
            .map(|t| OrgTeam {
                projects: Default::default(),
                ..t.clone()
            })
            .collect();
        Ok((teams, self.projects.clone()))
    }

    fn create_team(&mut self, name: &str, usernames: &[String]) -> Result<String> {
        self.calls
            .push(Call::CreateTeam(name.into(), usernames.to_vec()));
        if self.fail_team.contains(name) {
            return Err(refused());
        }
        self.next_id += 1;
        let id = format!("t{}", self.next_id);
        for u in &mut self.users {
            if usernames.iter().any(|n| fold(n) == fold(&u.username)) {
                u.access.team_ids.insert(id.clone());
            }
        }
        self.teams.push(OrgTeam {
            id: id.clone(),
            name: name.into(),
            projects: Default::default(),
        });
        Ok(id)
    }

    fn rename_team(&mut self, id: &str, name: &str) -> Result<()> {
        self.calls.push(Call::RenameTeam(id.into(), name.into()));
        if self.team_fails(id) {
            return Err(refused());
        }
        let team = self.teams.iter_mut().find(|t| t.id == id);
        team.ok_or_else(|| Error::Api(format!("no team {id}")))?
            .name = name.into();
        Ok(())
    }

    fn delete_team(&mut self, id: &str) -> Result<()> {
        self.calls.push(Call::DeleteTeam(id.into()));
        if self.team_fails(id) {
            return Err(refused());
        }
        if self
            .teams
            .iter()
            .any(|t| t.id == id && !t.projects.is_empty())
        {
            return Err(Error::Api(format!("team {id} is still in a project")));
        }
        self.teams.retain(|t| t.id != id);
        for u in &mut self.users {
            u.access.team_ids.remove(id);
        }
        Ok(())
    }

    fn team_project(&mut self, id: &str, change: &ProjectRoles) -> Result<()> {
        self.calls.push(Call::TeamProject(
            id.into(),
            change.group_id.clone(),
            change.after.iter().cloned().collect(),
        ));
        if self.team_fails(id) {
            return Err(refused());
        }
        let team = self.teams.iter_mut().find(|t| t.id == id);
        let team = team.ok_or_else(|| Error::Api(format!("no team {id}")))?;
        if change.after.is_empty() {
            team.projects.remove(&change.group_id);
        } else {
            team.projects
                .insert(change.group_id.clone(), change.after.clone());
        }
        Ok(())
    }

    fn team_requests(&self, change: &TeamChange, team_id: &str) -> Vec<Request> {
        super::remote::team_requests("org", change, team_id)
    }

    fn requests(&self, change: &Change) -> Vec<Request> {
        let r = |method, path: String| Request {
            method,
            path,
            media_type: "application/json",
            body: None,
        };
        match change {
            Change::Invite { .. } => vec![r("POST", "/users".into())],
            Change::Update { user, .. } => vec![r("PATCH", format!("/users/{}", user.id))],
            Change::Revoke { user } => vec![
                r("GET", format!("/users/{}", user.id)),
                r("DELETE", format!("/users/{}", user.id)),
            ],
            Change::Remove { user } => vec![r("DELETE", format!("/users/{}", user.id))],
        }
    }
}
