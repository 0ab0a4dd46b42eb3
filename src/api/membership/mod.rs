//! Membership as code (issue 20): a members file in, the organization's users in, the
//! changes that make the organization match the file out, and their execution.
//!
//! - [`members`]: the file (`invite -f`'s JSON array, or the object form with teams),
//!   read with Go's rules and checked whole before anything is sent.
//! - [`names`]: team and project names ↔ IDs, from the organization's lists: resolves
//!   the file into the planner's ID-based types, and names IDs back for output.
//! - [`plan`]: the pure planner (invite, update, revoke, remove, and its refusals), and
//!   [`teams`]: its team changes (create, rename, project roles, delete).
//! - [`execute`]: carries a plan out against [`OrgUsers`] through the bulk runner.
//! - `output::membership` (the layer above) prints the plan's text lines, the
//!   summary, the `-o json` records and `export`.
//! - [`wire`]: the mapping between these types and the users API's SDK model.
//! - [`remote`]: the [`OrgUsers`] of a real organization, over the users API.
//!
//! Both verbs work on the organization users API whatever `invitations_api` says
//! (decision apply-uses-users-api): it is the only API that sees members.

pub mod execute;
pub mod members;
#[cfg(test)]
pub mod memory;
pub mod names;
pub mod plan;
pub mod remote;
pub mod teams;
pub mod wire;

use super::session::Request;
use crate::error::Result;
use std::collections::{BTreeMap, BTreeSet};

/// A user's `orgMembershipStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Pending,
    Active,
    Expired,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Active,
        Status::Expired,
        Status::Rejected,
    ];

    /// The API's spelling (the model's constants).
    pub fn as_str(self) -> &'static str {
        use crate::api::model::{ACTIVE, INVITATION_EXPIRED, INVITATION_REJECTED, PENDING};
        match self {
            Status::Pending => PENDING,
            Status::Active => ACTIVE,
            Status::Expired => INVITATION_EXPIRED,
            Status::Rejected => INVITATION_REJECTED,
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Project roles: project (group) id → its roles.
pub type Projects = BTreeMap<String, BTreeSet<String>>;

/// What a user holds, as sets: comparisons ignore order and repetition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Access {
    pub org_roles: BTreeSet<String>,
    pub team_ids: BTreeSet<String>,
    /// Projects with no role are left out, so that `[]` and an absent entry compare equal.
    pub projects: Projects,
}

impl Access {
    pub fn is_owner(&self) -> bool {
        self.org_roles.contains(ORG_OWNER)
    }
}

/// One user of the organization, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUser {
    pub id: String,
    pub username: String,
    pub status: Status,
    pub access: Access,
}

impl OrgUser {
    pub fn is_active_owner(&self) -> bool {
        self.status == Status::Active && self.access.is_owner()
    }
}

/// One entry of a members file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// As the file spells it.
    pub username: String,
    pub org_roles: BTreeSet<String>,
    /// `None`: the file leaves the teams as they are.
    pub team_ids: Option<BTreeSet<String>>,
    /// `None`: the file leaves the project roles as they are.
    pub projects: Option<Projects>,
}

/// A team of the organization as listed, with its project roles (group id → roles,
/// projects with no role left out, as in [`Access::projects`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgTeam {
    pub id: String,
    pub name: String,
    pub projects: Projects,
}

/// A project of the organization as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgProject {
    pub id: String,
    pub name: String,
}

/// A team as a plan refers to it: one the organization has, or one this run creates,
/// whose id the executor takes from createOrgTeam's answer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TeamRef {
    /// Its id.
    Existing(String),
    /// Its name, as the file declares it.
    New(String),
}

/// A team the file declares, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamDecl {
    pub name: String,
    /// The organization's team it is, found by its name or an earlier one (then it is
    /// renamed); `None`: the run creates it.
    pub id: Option<String>,
    /// `None`: its project roles are left as they are.
    pub projects: Option<Projects>,
}

pub const ORG_OWNER: &str = "ORG_OWNER";

/// Usernames are compared case-insensitively everywhere in `apply`, ignoring ASCII case
/// as `invite -f`'s duplicate check and the users API lookups do (Atlas usernames are
/// email addresses).
pub fn fold(username: &str) -> String {
    username.to_ascii_lowercase()
}

/// The kinds of change, in the order a plan carries them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Invite,
    Update,
    Revoke,
    Remove,
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::Invite,
        Action::Update,
        Action::Revoke,
        Action::Remove,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Invite => "invite",
            Action::Update => "update",
            Action::Revoke => "revoke",
            Action::Remove => "remove",
        }
    }
}

/// A field of a member that an update changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Organization roles.
    Roles,
    TeamIds,
    /// Project roles.
    GroupRoleAssignments,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Roles => "roles",
            Field::TeamIds => "teamIds",
            Field::GroupRoleAssignments => "groupRoleAssignments",
        }
    }
}

/// One change of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Invite `member`; `replaces` is their expired or rejected invitation, which the
    /// new one replaces (`POST /users` does that itself).
    Invite {
        member: Member,
        replaces: Option<OrgUser>,
    },
    /// Set the `fields` that differ (never empty) of a pending or active `user` to `after`.
    Update {
        user: OrgUser,
        after: Access,
        fields: Vec<Field>,
    },
    /// Delete a pending, expired or rejected invitation (`--prune`).
    Revoke { user: OrgUser },
    /// Remove an active member (`--prune-members`).
    Remove { user: OrgUser },
}

/// What a PATCH sends: only the fields that change. When roles change (organization or
/// project), `roles` is complete, since the API replaces it whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Patch {
    pub roles: Option<RolesPatch>,
    pub team_ids: Option<BTreeSet<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RolesPatch {
    pub org_roles: BTreeSet<String>,
    pub projects: Projects,
}

impl Change {
    pub fn action(&self) -> Action {
        match self {
            Change::Invite { .. } => Action::Invite,
            Change::Update { .. } => Action::Update,
            Change::Revoke { .. } => Action::Revoke,
            Change::Remove { .. } => Action::Remove,
        }
    }

    /// The file's spelling for invites and updates, Atlas's for the others.
    pub fn username(&self) -> &str {
        match self {
            Change::Invite { member, .. } => &member.username,
            Change::Update { user, .. } | Change::Revoke { user } | Change::Remove { user } => {
                &user.username
            }
        }
    }

    /// The user the change acts on, when Atlas knows them.
    pub fn user(&self) -> Option<&OrgUser> {
        match self {
            Change::Invite { replaces, .. } => replaces.as_ref(),
            Change::Update { user, .. } | Change::Revoke { user } | Change::Remove { user } => {
                Some(user)
            }
        }
    }
}

impl Patch {
    /// What an update to `after` sends when `fields` differ.
    pub fn of(after: &Access, fields: &[Field]) -> Patch {
        let roles = (fields.contains(&Field::Roles)
            || fields.contains(&Field::GroupRoleAssignments))
        .then(|| RolesPatch {
            org_roles: after.org_roles.clone(),
            projects: after.projects.clone(),
        });
        let team_ids = fields
            .contains(&Field::TeamIds)
            .then(|| after.team_ids.clone());
        Patch { roles, team_ids }
    }
}

/// For the tests: an update's PATCH body.
#[cfg(test)]
impl Change {
    pub fn patch(&self) -> Option<Patch> {
        match self {
            Change::Update { after, fields, .. } => Some(Patch::of(after, fields)),
            _ => None,
        }
    }
}

impl Change {
    /// Whether the change takes `ORG_OWNER` away from an active member.
    pub fn drops_active_owner(&self) -> bool {
        match self {
            Change::Remove { user } => user.is_active_owner(),
            Change::Update { user, after, .. } => user.is_active_owner() && !after.is_owner(),
            _ => false,
        }
    }

    /// Whether the change makes an active member an `ORG_OWNER`.
    pub fn grants_active_owner(&self) -> bool {
        match self {
            Change::Update { user, after, .. } => {
                user.status == Status::Active && !user.access.is_owner() && after.is_owner()
            }
            _ => false,
        }
    }
}

/// The organization users operations `apply` and `export` need, on one organization.
/// The executor and the recipes talk to this trait only; [`remote::open`] gives the
/// real one (over the session), tests an in-memory one.
pub trait OrgUsers {
    /// Every user of the organization in all four statuses, every page.
    fn list(&mut self) -> Result<Vec<OrgUser>>;
    /// Invites `member` (`POST …/users`), replacing an expired or rejected invitation.
    fn create(&mut self, member: &Member) -> Result<()>;
    /// Sends `patch` (`PATCH …/users/{id}`), only the fields that change.
    fn update(&mut self, user_id: &str, patch: &Patch) -> Result<()>;
    /// Reads one user again, in any of the four statuses; `None` when Atlas no longer
    /// knows them.
    fn get(&mut self, user_id: &str) -> Result<Option<OrgUser>>;
    /// Deletes the user (`DELETE …/users/{id}`): revokes an invitation or removes a member.
    fn remove(&mut self, user_id: &str) -> Result<()>;
    /// `--dry-run`: the requests `change` would send (the GET before a revoke too),
    /// without sending anything.
    fn requests(&self, change: &Change) -> Vec<Request>;
    /// The organization's teams, each with its roles per project, and its projects,
    /// every page (one list of teams, one of projects, one of teams per project).
    fn teams(&mut self) -> Result<(Vec<OrgTeam>, Vec<OrgProject>)>;
    /// The organization's teams (their `projects` left empty) and its projects, every
    /// page: names only, without the one list per project that project roles take.
    fn team_names(&mut self) -> Result<(Vec<OrgTeam>, Vec<OrgProject>)>;
    /// Creates a team with its first members (`createOrgTeam`); its id.
    fn create_team(&mut self, name: &str, usernames: &[String]) -> Result<String>;
    /// Renames a team (`renameOrgTeam`).
    fn rename_team(&mut self, team_id: &str, name: &str) -> Result<()>;
    /// Deletes a team (`deleteOrgTeam`); no project may still have it.
    fn delete_team(&mut self, team_id: &str) -> Result<()>;
    /// Makes the team's roles in one project `change.after`: adds it to the project,
    /// replaces its roles there, or takes it out (`addGroupTeams`, `updateGroupTeam`,
    /// `removeGroupTeam`).
    fn team_project(&mut self, team_id: &str, change: &teams::ProjectRoles) -> Result<()>;
    /// `--dry-run`: the requests a team change sends, `team_id` being the team's id (or
    /// a stand-in for a team the run creates).
    fn team_requests(&self, change: &teams::TeamChange, team_id: &str) -> Vec<Request>;
}
