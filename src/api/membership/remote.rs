//! The [`OrgUsers`] of a real organization, over the session and the users API
//! (media type 2025-02-19, whatever `invitations_api` says: decision
//! apply-uses-users-api).
//!
//! `list` pages through every status (`Users::all`), `create`/`update` send
//! [`super::wire::create_request`]/[`super::wire::update_request`], `get` asks for all
//! four statuses (without the filter Atlas answers 404 for expired and rejected
//! users) and reads a 404 as `Ok(None)`, `remove` sends the DELETE, and `requests`
//! builds, for `--dry-run`, the very [`Request`]s the calls send (the same builders
//! of `crate::api::users`), so the two cannot drift. Listed users go through
//! [`super::wire::user`]. Rate-limit waits happen in the session, as for `invite -f`;
//! every request goes over the session's one client, so one connection.

use super::teams::{ProjectAction, ProjectRoles, TeamChange};
use super::{wire, Change, Member, OrgProject, OrgTeam, OrgUser, OrgUsers, Patch, Projects};
use crate::api::model::ALL_STATUSES;
use crate::api::session::{Request, Session};
use crate::api::teams::{self as teams_api, Teams};
use crate::api::users::{self, Users};
use crate::error::{Error, Result};

/// The organization `org_id` over `session`.
pub fn open<'s>(session: &'s mut Session<'_>, org_id: &str) -> Result<Box<dyn OrgUsers + 's>> {
    Ok(Box::new(Remote {
        session,
        org_id: org_id.to_string(),
    }))
}

struct Remote<'s, 'a> {
    session: &'s mut Session<'a>,
    org_id: String,
}

impl<'a> Remote<'_, 'a> {
    /// The users API's calls on this organization (a view; the session is the state).
    fn users(&mut self) -> Users<'_, 'a> {
        Users::new(self.session, &self.org_id)
    }

    /// The teams and projects calls on this organization.
    fn teams_api(&mut self) -> Teams<'_, 'a> {
        Teams::new(self.session, &self.org_id)
    }
}

/// What to do when a write's outcome is unknown (sent, no answer).
const CONVERGE: &str =
    "run apply again: it reads the organization first and plans only what is still missing";

impl OrgUsers for Remote<'_, '_> {
    fn list(&mut self) -> Result<Vec<OrgUser>> {
        self.users()
            .all(&ALL_STATUSES, "")?
            .iter()
            .map(wire::user)
            .collect()
    }

    fn create(&mut self, member: &Member) -> Result<()> {
        self.users()
            .add(&wire::create_request(member))
            .map(drop)
            .map_err(|e| e.check_with(CONVERGE))
    }

    fn update(&mut self, user_id: &str, patch: &Patch) -> Result<()> {
        self.users()
            .patch(user_id, &wire::update_request(patch))
            .map(drop)
            .map_err(|e| e.check_with(CONVERGE))
    }

    fn get(&mut self, user_id: &str) -> Result<Option<OrgUser>> {
        match self.users().user(user_id) {
            Ok(Some(u)) => wire::user(&u).map(Some),
            // A 200 without a body says nothing of the user's status: not a reason to
            // delete them.
            Ok(None) => Err(Error::Api(format!(
                "the users API answered nothing for user {user_id}"
            ))),
            Err(Error::Http { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn remove(&mut self, user_id: &str) -> Result<()> {
        self.users()
            .remove(user_id)
            .map_err(|e| e.check_with(CONVERGE))
    }

    fn requests(&self, change: &Change) -> Vec<Request> {
        requests(&self.org_id, change)
    }

    fn teams(&mut self) -> Result<(Vec<OrgTeam>, Vec<OrgProject>)> {
        let (mut teams, projects) = self.team_names()?;
        let mut api = self.teams_api();
        // A team's project roles are only listed project by project.
        for project in &projects {
            for role in api.list_project_teams(&project.id)? {
                let roles: std::collections::BTreeSet<String> =
                    crate::go::sort::ordered(role.role_names);
                if roles.is_empty() {
                    continue;
                }
                if let Some(team) = teams.iter_mut().find(|t| t.id == role.team_id) {
                    team.projects.insert(project.id.clone(), roles);
                }
            }
        }
        Ok((teams, projects))
    }

    fn team_names(&mut self) -> Result<(Vec<OrgTeam>, Vec<OrgProject>)> {
        let mut api = self.teams_api();
        let listed = api.list_teams()?;
        let projects: Vec<OrgProject> = api
            .list_projects()?
            .into_iter()
            .map(|g| OrgProject {
                id: g.id,
                name: g.name,
            })
            .collect();
        let teams: Vec<OrgTeam> = listed
            .into_iter()
            .map(|t| OrgTeam {
                id: t.id,
                name: t.name,
                projects: Projects::new(),
            })
            .collect();
        Ok((teams, projects))
    }

    fn create_team(&mut self, name: &str, usernames: &[String]) -> Result<String> {
        let team = self
            .teams_api()
            .create_team(name, usernames)
            .map_err(|e| e.check_with(CONVERGE))?;
        // Later steps need the id: an answer without one cannot be carried on from.
        team.and_then(|t| t.id).ok_or_else(|| {
            Error::Api(format!(
                "createOrgTeam answered without the team's id; {CONVERGE}"
            ))
        })
    }

    fn rename_team(&mut self, team_id: &str, name: &str) -> Result<()> {
        self.teams_api()
            .rename_team(team_id, name)
            .map(drop)
            .map_err(|e| e.check_with(CONVERGE))
    }

    fn delete_team(&mut self, team_id: &str) -> Result<()> {
        self.teams_api()
            .delete_team(team_id)
            .map_err(|e| e.check_with(CONVERGE))
    }

    fn team_project(&mut self, team_id: &str, change: &ProjectRoles) -> Result<()> {
        let roles: Vec<String> = change.after.iter().cloned().collect();
        let mut api = self.teams_api();
        let sent = match change.action() {
            ProjectAction::Add => api
                .add_team_to_project(&change.group_id, team_id, &roles)
                .map(drop),
            ProjectAction::Change => api
                .set_team_project_roles(&change.group_id, team_id, &roles)
                .map(drop),
            ProjectAction::Remove => api.remove_team_from_project(&change.group_id, team_id),
        };
        sent.map_err(|e| e.check_with(CONVERGE))
    }

    fn team_requests(&self, change: &TeamChange, team_id: &str) -> Vec<Request> {
        team_requests(&self.org_id, change, team_id)
    }
}

/// The requests a team change sends on `org_id`, built as the calls above build them.
pub fn team_requests(org_id: &str, change: &TeamChange, team_id: &str) -> Vec<Request> {
    match change {
        TeamChange::Create { name, usernames } => {
            vec![teams_api::create_team_request(org_id, name, usernames)]
        }
        TeamChange::Rename { to, .. } => {
            vec![teams_api::rename_team_request(org_id, team_id, to)]
        }
        TeamChange::Projects { projects, .. } => projects
            .iter()
            .map(|p| {
                let roles: Vec<String> = p.after.iter().cloned().collect();
                match p.action() {
                    ProjectAction::Add => {
                        teams_api::add_team_to_project_request(&p.group_id, team_id, &roles)
                    }
                    ProjectAction::Change => {
                        teams_api::set_team_project_roles_request(&p.group_id, team_id, &roles)
                    }
                    ProjectAction::Remove => {
                        teams_api::remove_team_from_project_request(&p.group_id, team_id)
                    }
                }
            })
            .collect(),
        TeamChange::Delete { .. } => vec![teams_api::delete_team_request(org_id, team_id)],
    }
}

/// The requests `change` sends on `org_id`, built as the calls above build them.
pub fn requests(org_id: &str, change: &Change) -> Vec<Request> {
    match change {
        Change::Invite { member, .. } => {
            vec![users::create_request(org_id, &wire::create_request(member))]
        }
        Change::Update {
            user,
            after,
            fields,
        } => vec![users::update_request(
            org_id,
            &user.id,
            &wire::update_request(&Patch::of(after, fields)),
        )],
        // Decision apply-revoke-became-active: the user is read again first.
        Change::Revoke { user } => vec![
            users::get_request(org_id, &user.id),
            users::delete_request(org_id, &user.id),
        ],
        Change::Remove { user } => vec![users::delete_request(org_id, &user.id)],
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Access, Field, RolesPatch, Status};
    use super::*;
    use std::collections::BTreeSet;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dry_run_requests_are_the_real_ones() {
        let org = "a0123456789abcdef012345a";
        let users_path = format!("/api/atlas/v2/orgs/{org}/users");
        let user = OrgUser {
            id: "6a793f8ec0eb9e7a00000001".into(),
            username: "b@x.com".into(),
            status: Status::Active,
            access: Access {
                org_roles: set(&["ORG_MEMBER"]),
                team_ids: set(&["6c73999ae7966f00563911b5"]),
                ..Access::default()
            },
        };
        let member = Member {
            username: "a@x.com".into(),
            org_roles: set(&["ORG_MEMBER"]),
            team_ids: Some(BTreeSet::new()),
            projects: None,
        };
        let update = Change::Update {
            user: user.clone(),
            after: Access {
                org_roles: set(&["ORG_OWNER"]),
                ..Access::default()
            },
            fields: vec![Field::Roles, Field::TeamIds],
        };
        let text = |c: &Change| -> Vec<String> {
            requests(org, c)
                .iter()
                .map(|r| r.dry_run_text("http://h"))
                .collect()
        };
        let mt = users::MEDIA_TYPE;
        assert_eq!(
            text(&Change::Invite {
                member,
                replaces: None
            }),
            [format!("POST http://h{users_path}\nAccept: {mt}\nContent-Type: {mt}\n\n{{\"roles\":{{\"orgRoles\":[\"ORG_MEMBER\"]}},\"teamIds\":[],\"username\":\"a@x.com\"}}\n")]
        );
        assert_eq!(
            text(&update),
            [format!("PATCH http://h{users_path}/{}\nAccept: {mt}\nContent-Type: {mt}\n\n{{\"roles\":{{\"groupRoleAssignments\":[],\"orgRoles\":[\"ORG_OWNER\"]}},\"teamIds\":[]}}\n", user.id)]
        );
        // The body of the update is the executor's patch, byte for byte.
        let patch = update.patch().unwrap();
        assert_eq!(
            patch.roles,
            Some(RolesPatch {
                org_roles: set(&["ORG_OWNER"]),
                projects: Default::default()
            })
        );
        assert_eq!(
            requests(org, &Change::Revoke { user: user.clone() })
                .iter()
                .map(|r| (r.method, r.path.clone()))
                .collect::<Vec<_>>(),
            [
                ("GET", format!("{users_path}/{}?orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED", user.id)),
                ("DELETE", format!("{users_path}/{}", user.id)),
            ]
        );
        assert_eq!(
            requests(org, &Change::Remove { user: user.clone() })
                .iter()
                .map(|r| (r.method, r.path.clone(), r.body.is_none()))
                .collect::<Vec<_>>(),
            [("DELETE", format!("{users_path}/{}", user.id), true)]
        );
    }
}
