//! The planner: the file's members and the organization's users in, the ordered list
//! of changes out. Pure: no I/O, no clock.
//!
//! Order: invites, then updates (those that take `ORG_OWNER` from an active member
//! last, after any that grant it), then revokes, then removals; invites and updates
//! in file order, revokes and removals by username (decision apply-plan).
//!
//! With teams ([`plan_with_teams`]), the team changes of [`super::teams`] join them,
//! and [`Plan::steps`] gives every change in the order of its [`Phase`].

use super::names::Resolved;
use super::teams::{plan_teams, TeamAction, TeamChange, TeamOptions};
use super::{fold, Access, Action, Change, Field, Member, OrgTeam, OrgUser, Status, TeamRef};
use crate::go::sort::{ordered, slice_stable};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

pub const DEFAULT_MAX_REMOVALS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// `--prune`: revoke pending, expired and rejected invitations of people not in the file.
    pub prune: bool,
    /// `--prune-members`: remove active members not in the file.
    pub prune_members: bool,
    /// `--max-removals`: more active removals than this refuse the plan.
    pub max_removals: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            prune: false,
            prune_members: false,
            max_removals: DEFAULT_MAX_REMOVALS,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The members' changes.
    pub changes: Vec<Change>,
    /// Active `ORG_OWNER`s the plan leaves alone: when none, the plan's own grants of
    /// the role must succeed before it is taken from anyone (the executor checks).
    pub steady_owners: usize,
    /// The team changes, in the order of their phases.
    pub teams: Vec<TeamChange>,
    /// User id → the whole team set of an update whose `teamIds` include a team this
    /// run creates: the executor sends it with the id createOrgTeam returned (the
    /// update's `after.team_ids` holds the existing teams only).
    pub team_refs: BTreeMap<String, BTreeSet<TeamRef>>,
}

/// When a change is carried out (decision apply-team-order): each request succeeds on its
/// first try when nobody else changes the organization meanwhile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Renames,
    Invitations,
    /// After the invitations: a new team's `usernames` exist, pending ones included.
    Creations,
    /// After the creations: `teamIds` may name a new team.
    Updates,
    /// A team's project roles (add, change, remove), once the team exists.
    TeamProjects,
    Revocations,
    Removals,
    /// Teams to delete leave their projects first (Atlas refuses otherwise)…
    TeamsOutOfProjects,
    /// …then go.
    Deletions,
}

impl Change {
    pub fn phase(&self) -> Phase {
        match self.action() {
            Action::Invite => Phase::Invitations,
            Action::Update => Phase::Updates,
            Action::Revoke => Phase::Revocations,
            Action::Remove => Phase::Removals,
        }
    }
}

/// One change of a plan, of a member or of a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    Member(&'a Change),
    Team(&'a TeamChange),
}

/// What kind of change a step is: the bulk runner counts done steps by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Member(Action),
    Team(TeamAction),
}

impl Kind {
    /// The `-o json` records' `action` and the per-change lines' verb.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Member(a) => a.as_str(),
            Kind::Team(a) => a.as_str(),
        }
    }
}

impl Step<'_> {
    pub fn phase(&self) -> Phase {
        match self {
            Step::Member(c) => c.phase(),
            Step::Team(t) => t.phase(),
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Step::Member(c) => Kind::Member(c.action()),
            Step::Team(t) => Kind::Team(t.action()),
        }
    }

    /// Whom the step is for: the member's username, or the team's name.
    pub fn name(&self) -> &str {
        match self {
            Step::Member(c) => c.username(),
            Step::Team(t) => t.name(),
        }
    }
}

/// The removals of access a plan makes, as `--max-removals` counts them (decision
/// apply-removal-count).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removals {
    /// Active members removed.
    pub members: usize,
    /// Teams deleted.
    pub teams: usize,
    /// Teams taken out of a project (one per team and project).
    pub team_projects: usize,
}

impl Removals {
    pub fn total(&self) -> usize {
        self.members + self.teams + self.team_projects
    }
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.teams.is_empty()
    }

    pub fn count(&self, action: super::Action) -> usize {
        self.changes.iter().filter(|c| c.action() == action).count()
    }

    pub fn team_count(&self, action: TeamAction) -> usize {
        self.teams.iter().filter(|t| t.action() == action).count()
    }

    /// Every change, member or team, in the order they are carried out: by phase, and
    /// within a phase in the planner's order.
    pub fn steps(&self) -> Vec<Step<'_>> {
        let mut steps: Vec<Step> = self
            .changes
            .iter()
            .map(Step::Member)
            .chain(self.teams.iter().map(Step::Team))
            .collect();
        slice_stable(&mut steps, |a, b| a.phase().cmp(&b.phase()));
        steps
    }

    pub fn removals(&self) -> Removals {
        Removals {
            members: self.count(Action::Remove),
            teams: self
                .teams
                .iter()
                .filter(|t| matches!(t, TeamChange::Delete { .. }))
                .count(),
            team_projects: self.teams.iter().map(TeamChange::projects_left).sum(),
        }
    }

    /// The team set an update sends when it names a team this run creates.
    pub fn team_refs_of(&self, change: &Change) -> Option<&BTreeSet<TeamRef>> {
        match change {
            Change::Update { user, fields, .. } if fields.contains(&Field::TeamIds) => {
                self.team_refs.get(&user.id)
            }
            _ => None,
        }
    }
}

/// Why a plan is refused before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// More active members would be removed than `--max-removals` allows.
    TooManyRemovals { count: usize, max: usize },
    /// No active member would hold `ORG_OWNER` afterwards; `dropped` are the usernames
    /// whose removal or update takes it away.
    NoActiveOwner { dropped: Vec<String> },
    /// More removals of access (members, teams, teams from projects) than
    /// `--max-removals` allows, some of them teams'.
    TooManyAccessRemovals { removals: Removals, max: usize },
    /// A team to create that no member of the file names: createOrgTeam needs members.
    NewTeamWithoutMembers { name: String },
    /// `--prune-teams` on a file without `teams`: it would delete every team.
    PruneTeamsWithoutTeams,
    /// `--prune-teams` would delete a team the file's members are to be in.
    DeletedTeamNamed { name: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::TooManyRemovals { count, max } => write!(
                f,
                "it removes {count} active members, more than --max-removals allows ({max}); raise --max-removals if that is meant"
            ),
            Refusal::NoActiveOwner { dropped } => write!(
                f,
                "it leaves no active member with ORG_OWNER (taken from {}); keep at least one owner in the file",
                crate::go::strconv::inert(&dropped.join(", "))
            ),
            Refusal::TooManyAccessRemovals { removals: r, max } => write!(
                f,
                "it removes access {} times ({} active members removed, {} teams deleted, {} times a team taken out of a project), more than --max-removals allows ({max}); raise --max-removals if that is meant",
                r.total(),
                r.members,
                r.teams,
                r.team_projects
            ),
            Refusal::NewTeamWithoutMembers { name } => write!(
                f,
                "team {} is new and no member of the file names it in teams: Atlas creates a team with its first members",
                crate::go::strconv::quote(name)
            ),
            Refusal::PruneTeamsWithoutTeams => f.write_str(
                "--prune-teams needs the file's teams (the object form's \"teams\", [] for none): without it every team would be deleted",
            ),
            Refusal::DeletedTeamNamed { name } => write!(
                f,
                "--prune-teams would delete team {} that members of the file are to be in; declare it in teams",
                crate::go::strconv::quote(name)
            ),
        }
    }
}

/// A refused plan: what it would have done, and every reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub plan: Plan,
    pub refusals: Vec<Refusal>,
}

/// Which of a username's records speaks for them: a member before an invitation, a
/// pending invitation before a dead one.
fn rank(s: Status) -> u8 {
    match s {
        Status::Active => 0,
        Status::Pending => 1,
        Status::Expired => 2,
        Status::Rejected => 3,
    }
}

/// The fields of `current` that `member` sets differently.
fn differences(member: &Member, current: &Access) -> (Access, Vec<Field>) {
    let mut fields = Vec::new();
    let mut after = current.clone();
    if member.org_roles != current.org_roles {
        fields.push(Field::Roles);
        after.org_roles = member.org_roles.clone();
    }
    if let Some(teams) = member.team_ids.as_ref().filter(|t| **t != current.team_ids) {
        fields.push(Field::TeamIds);
        after.team_ids = teams.clone();
    }
    if let Some(projects) = &member.projects {
        let projects: super::Projects = projects
            .iter()
            .filter(|(_, roles)| !roles.is_empty())
            .map(|(id, roles)| (id.clone(), roles.clone()))
            .collect();
        if projects != current.projects {
            fields.push(Field::GroupRoleAssignments);
            after.projects = projects;
        }
    }
    (after, fields)
}

/// Plans the changes that make `users` match `members`.
pub fn plan(members: &[Member], users: &[OrgUser], options: &Options) -> Result<Plan, Refused> {
    let (plan, mut refusals) = member_plan(members, users, options);
    let removals = plan.count(Action::Remove);
    if removals > options.max_removals {
        refusals.insert(
            0,
            Refusal::TooManyRemovals {
                count: removals,
                max: options.max_removals,
            },
        );
    }
    finish(plan, refusals)
}

fn finish(plan: Plan, refusals: Vec<Refusal>) -> Result<Plan, Refused> {
    if refusals.is_empty() {
        Ok(plan)
    } else {
        Err(Refused { plan, refusals })
    }
}

/// Plans the changes that make the organization's users and teams match a resolved
/// file. For a file without teams it plans what [`plan`] does.
pub fn plan_with_teams(
    file: &Resolved,
    users: &[OrgUser],
    org_teams: &[OrgTeam],
    options: &Options,
    team_options: &TeamOptions,
) -> Result<Plan, Refused> {
    let (mut plan, owner_refusals) = member_plan(&file.members, users, options);
    let named: BTreeSet<String> = ordered(
        file.members
            .iter()
            .filter_map(|m| m.team_ids.as_ref())
            .flatten()
            .cloned(),
    );
    let teams = plan_teams(
        file.teams.as_deref(),
        org_teams,
        &file.new_teams,
        &named,
        team_options,
    );
    plan.teams = teams.changes;
    // Decision apply-new-team-members: an update that sets `teamIds` must keep the
    // member in the new teams createOrgTeam put them in.
    let mut joins: HashMap<String, Vec<&str>> = HashMap::new();
    for (team, usernames) in &file.new_teams {
        for u in usernames {
            joins.entry(fold(u)).or_default().push(team);
        }
    }
    for c in &plan.changes {
        if let Change::Update {
            user,
            after,
            fields,
            ..
        } = c
        {
            let new = joins.get(&fold(&user.username));
            if let (true, Some(new)) = (fields.contains(&Field::TeamIds), new) {
                let refs = ordered(
                    after
                        .team_ids
                        .iter()
                        .cloned()
                        .map(TeamRef::Existing)
                        .chain(new.iter().map(|n| TeamRef::New(n.to_string()))),
                );
                plan.team_refs.insert(user.id.clone(), refs);
            }
        }
    }
    let removals = plan.removals();
    let mut refusals = Vec::new();
    if removals.total() > options.max_removals {
        refusals.push(if removals.total() == removals.members {
            Refusal::TooManyRemovals {
                count: removals.members,
                max: options.max_removals,
            }
        } else {
            Refusal::TooManyAccessRemovals {
                removals,
                max: options.max_removals,
            }
        });
    }
    refusals.extend(owner_refusals);
    refusals.extend(teams.refusals);
    finish(plan, refusals)
}

/// The members' changes and the owner rule's refusal, if any.
fn member_plan(members: &[Member], users: &[OrgUser], options: &Options) -> (Plan, Vec<Refusal>) {
    let mut by_name: HashMap<String, Vec<&OrgUser>> = HashMap::with_capacity(users.len());
    for u in users {
        by_name.entry(fold(&u.username)).or_default().push(u);
    }
    for records in by_name.values_mut() {
        slice_stable(records, |a, b| {
            rank(a.status).cmp(&rank(b.status)).then(a.id.cmp(&b.id))
        });
    }
    let mut invites = Vec::new();
    let mut updates = Vec::new();
    let mut in_file: HashSet<String> = HashSet::with_capacity(members.len());
    for m in members {
        let key = fold(&m.username);
        let current = by_name.get(&key).and_then(|r| r.first().copied());
        in_file.insert(key);
        match current {
            Some(u) if matches!(u.status, Status::Pending | Status::Active) => {
                let (after, fields) = differences(m, &u.access);
                if !fields.is_empty() {
                    updates.push(Change::Update {
                        user: u.clone(),
                        after,
                        fields,
                    });
                }
            }
            replaces => invites.push(Change::Invite {
                member: m.clone(),
                replaces: replaces.cloned(),
            }),
        }
    }
    // Promotions before demotions, so that an owner is confirmed before one is dropped.
    slice_stable(&mut updates, |a, b| {
        a.drops_active_owner().cmp(&b.drops_active_owner())
    });
    let mut gone: Vec<&OrgUser> = users
        .iter()
        .filter(|u| !in_file.contains(&fold(&u.username)))
        .collect();
    slice_stable(&mut gone, |a, b| {
        fold(&a.username)
            .cmp(&fold(&b.username))
            .then(a.username.cmp(&b.username))
            .then(a.id.cmp(&b.id))
    });
    let mut revokes = Vec::new();
    let mut removes = Vec::new();
    for u in gone {
        match u.status {
            Status::Active if options.prune_members => {
                removes.push(Change::Remove { user: u.clone() })
            }
            Status::Pending | Status::Expired | Status::Rejected if options.prune => {
                revokes.push(Change::Revoke { user: u.clone() })
            }
            _ => {}
        }
    }
    let mut changes = invites;
    changes.extend(updates);
    changes.extend(revokes);
    changes.extend(removes);

    let dropped: Vec<String> = changes
        .iter()
        .filter(|c| c.drops_active_owner())
        .map(|c| c.username().to_string())
        .collect();
    let owners = users.iter().filter(|u| u.is_active_owner()).count();
    let steady_owners = owners.saturating_sub(dropped.len());
    let granted = changes.iter().filter(|c| c.grants_active_owner()).count();
    let plan = Plan {
        changes,
        steady_owners,
        ..Plan::default()
    };
    let mut refusals = Vec::new();
    if !dropped.is_empty() && steady_owners + granted == 0 {
        refusals.push(Refusal::NoActiveOwner { dropped });
    }
    (plan, refusals)
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Projects, Status::*};
    use super::*;
    use std::collections::BTreeSet;

    const G1: &str = "6c73999ae7966f00563911a4";
    const G2: &str = "6c73999ae7966f00563911a5";
    const T1: &str = "5f71e5255afec75a3d0f96dc";
    const T2: &str = "5f71e5255afec75a3d0f96dd";

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn projects(items: &[(&str, &[&str])]) -> Projects {
        items.iter().map(|(g, r)| (g.to_string(), set(r))).collect()
    }

    fn access(roles: &[&str], teams: &[&str], groups: &[(&str, &[&str])]) -> Access {
        Access {
            org_roles: set(roles),
            team_ids: set(teams),
            projects: projects(groups),
        }
    }

    fn user(id: &str, name: &str, status: Status, access: Access) -> OrgUser {
        OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access,
        }
    }

    fn member(name: &str, roles: &[&str]) -> Member {
        Member {
            username: name.into(),
            org_roles: set(roles),
            team_ids: None,
            projects: None,
        }
    }

    /// The org's owner, who keeps every plan below from being refused.
    fn boss() -> OrgUser {
        user("b0", "boss@x.com", Active, access(&["ORG_OWNER"], &[], &[]))
    }

    fn boss_member() -> Member {
        member("boss@x.com", &["ORG_OWNER"])
    }

    const FLAGS: [(bool, bool); 4] = [(false, false), (true, false), (false, true), (true, true)];

    fn opts(prune: bool, prune_members: bool) -> Options {
        Options {
            prune,
            prune_members,
            ..Options::default()
        }
    }

    /// What the planner did about one user: the action and the fields it changes.
    fn outcome(plan: &Plan, name: &str) -> Option<(Action, Vec<Field>)> {
        let mine: Vec<_> = plan
            .changes
            .iter()
            .filter(|c| fold(c.username()) == fold(name))
            .collect();
        assert!(mine.len() <= 1, "{mine:?}");
        mine.first().map(|c| match c {
            Change::Update { fields, .. } => (Action::Update, fields.clone()),
            other => (other.action(), Vec::new()),
        })
    }

    #[test]
    fn a_member_of_the_file_in_every_status_with_every_difference_under_every_flag() {
        use Field::*;
        let current = access(&["ORG_MEMBER"], &[T1], &[(G1, &["GROUP_READ_ONLY"])]);
        // (what the file says, the fields that differ for a pending or active user)
        let rows: Vec<(&str, Member, Vec<Field>)> = {
            let base = |f: &dyn Fn(&mut Member)| {
                let mut m = member("u@x.com", &["ORG_MEMBER"]);
                f(&mut m);
                m
            };
            vec![
                ("same, teams and projects left alone", base(&|_| {}), vec![]),
                (
                    "same, all managed",
                    base(&|m| {
                        m.team_ids = Some(set(&[T1]));
                        m.projects = Some(projects(&[(G1, &["GROUP_READ_ONLY"])]));
                    }),
                    vec![],
                ),
                (
                    "org roles",
                    base(&|m| m.org_roles = set(&["ORG_MEMBER", "ORG_GROUP_CREATOR"])),
                    vec![Roles],
                ),
                (
                    "teams",
                    base(&|m| m.team_ids = Some(set(&[T1, T2]))),
                    vec![TeamIds],
                ),
                (
                    "teams emptied",
                    base(&|m| m.team_ids = Some(set(&[]))),
                    vec![TeamIds],
                ),
                (
                    "project roles",
                    base(&|m| m.projects = Some(projects(&[(G1, &["GROUP_OWNER"])]))),
                    vec![GroupRoleAssignments],
                ),
                (
                    "another project",
                    base(&|m| {
                        m.projects = Some(projects(&[
                            (G1, &["GROUP_READ_ONLY"]),
                            (G2, &["GROUP_OWNER"]),
                        ]))
                    }),
                    vec![GroupRoleAssignments],
                ),
                (
                    "projects emptied",
                    base(&|m| m.projects = Some(projects(&[]))),
                    vec![GroupRoleAssignments],
                ),
                (
                    "everything",
                    base(&|m| {
                        m.org_roles = set(&["ORG_READ_ONLY"]);
                        m.team_ids = Some(set(&[T2]));
                        m.projects = Some(projects(&[(G2, &["GROUP_OWNER"])]));
                    }),
                    vec![Roles, TeamIds, GroupRoleAssignments],
                ),
                (
                    "username in another case",
                    base(&|m| m.username = "U@X.COM".into()),
                    vec![],
                ),
            ]
        };
        for status in Status::ALL {
            for (what, m, fields) in &rows {
                for (prune, prune_members) in FLAGS {
                    let users = [boss(), user("u1", "u@x.com", status, current.clone())];
                    let plan = plan(
                        &[boss_member(), m.clone()],
                        &users,
                        &opts(prune, prune_members),
                    )
                    .unwrap();
                    let want = match status {
                        Expired | Rejected => Some((Action::Invite, vec![])),
                        Pending | Active if fields.is_empty() => None,
                        Pending | Active => Some((Action::Update, fields.clone())),
                    };
                    assert_eq!(
                        outcome(&plan, "u@x.com"),
                        want,
                        "{status:?}, {what}, prune {prune}, prune-members {prune_members}"
                    );
                    assert_eq!(plan.changes.len(), usize::from(want.is_some()));
                }
            }
        }
    }

    #[test]
    fn a_user_not_in_the_file_in_every_status_under_every_flag() {
        let rows = [
            // (status, prune, prune-members, action)
            (Pending, false, false, None),
            (Pending, true, false, Some(Action::Revoke)),
            (Pending, false, true, None),
            (Pending, true, true, Some(Action::Revoke)),
            (Expired, false, false, None),
            (Expired, true, false, Some(Action::Revoke)),
            (Expired, false, true, None),
            (Expired, true, true, Some(Action::Revoke)),
            (Rejected, false, false, None),
            (Rejected, true, false, Some(Action::Revoke)),
            (Rejected, false, true, None),
            (Rejected, true, true, Some(Action::Revoke)),
            (Active, false, false, None),
            (Active, true, false, None),
            (Active, false, true, Some(Action::Remove)),
            (Active, true, true, Some(Action::Remove)),
        ];
        assert_eq!(rows.len(), Status::ALL.len() * FLAGS.len());
        for (status, prune, prune_members, want) in rows {
            let users = [
                boss(),
                user(
                    "u1",
                    "gone@x.com",
                    status,
                    access(&["ORG_MEMBER"], &[T1], &[]),
                ),
            ];
            let plan = plan(&[boss_member()], &users, &opts(prune, prune_members)).unwrap();
            assert_eq!(
                outcome(&plan, "gone@x.com").map(|(a, _)| a),
                want,
                "{status:?} prune {prune} prune-members {prune_members}"
            );
        }
    }

    #[test]
    fn someone_new_is_invited_with_what_the_file_says() {
        let mut m = member("New@x.com", &["ORG_MEMBER"]);
        m.team_ids = Some(set(&[T1]));
        let plan = plan(&[boss_member(), m.clone()], &[boss()], &Options::default()).unwrap();
        assert_eq!(
            plan.changes,
            [Change::Invite {
                member: m,
                replaces: None
            }]
        );
    }

    #[test]
    fn an_expired_invitation_is_replaced_and_a_member_speaks_for_their_old_records() {
        let old = user("e1", "u@x.com", Expired, access(&["ORG_MEMBER"], &[], &[]));
        let plan1 = plan(
            &[boss_member(), member("u@x.com", &["ORG_MEMBER"])],
            &[boss(), old.clone()],
            &Options::default(),
        )
        .unwrap();
        assert!(
            matches!(&plan1.changes[..], [Change::Invite { replaces: Some(u), .. }] if *u == old)
        );
        // An active record and a dead one for the same person: the member counts, and
        // the dead record is not pruned (they are in the file).
        let active = user("a1", "U@x.com", Active, access(&["ORG_MEMBER"], &[], &[]));
        let plan2 = plan(
            &[boss_member(), member("u@x.com", &["ORG_MEMBER"])],
            &[old, boss(), active],
            &opts(true, true),
        )
        .unwrap();
        assert!(plan2.is_empty(), "{plan2:?}");
    }

    #[test]
    fn changes_come_in_order() {
        let users = [
            boss(),
            user("1", "zed@x.com", Active, access(&["ORG_MEMBER"], &[], &[])),
            user("2", "amy@x.com", Active, access(&["ORG_MEMBER"], &[], &[])),
            user(
                "3",
                "pend@x.com",
                Pending,
                access(&["ORG_MEMBER"], &[], &[]),
            ),
            user("4", "old@x.com", Expired, access(&["ORG_MEMBER"], &[], &[])),
            user("5", "Bob@x.com", Active, access(&["ORG_MEMBER"], &[], &[])),
            user(
                "6",
                "upd2@x.com",
                Pending,
                access(&["ORG_MEMBER"], &[], &[]),
            ),
            user("7", "upd1@x.com", Active, access(&["ORG_MEMBER"], &[], &[])),
        ];
        let members = [
            boss_member(),
            member("new2@x.com", &["ORG_MEMBER"]),
            member("upd2@x.com", &["ORG_READ_ONLY"]),
            member("new1@x.com", &["ORG_MEMBER"]),
            member("upd1@x.com", &["ORG_READ_ONLY"]),
        ];
        let plan = plan(&members, &users, &opts(true, true)).unwrap();
        let got: Vec<(Action, &str)> = plan
            .changes
            .iter()
            .map(|c| (c.action(), c.username()))
            .collect();
        assert_eq!(
            got,
            [
                (Action::Invite, "new2@x.com"),
                (Action::Invite, "new1@x.com"),
                (Action::Update, "upd2@x.com"),
                (Action::Update, "upd1@x.com"),
                (Action::Revoke, "old@x.com"),
                (Action::Revoke, "pend@x.com"),
                (Action::Remove, "amy@x.com"),
                (Action::Remove, "Bob@x.com"),
                (Action::Remove, "zed@x.com"),
            ]
        );
    }

    #[test]
    fn an_update_sends_only_what_differs_and_roles_whole() {
        let current = access(&["ORG_MEMBER"], &[T1], &[(G1, &["GROUP_READ_ONLY"])]);
        let u = user("u1", "u@x.com", Active, current);
        let patch_for = |m: Member| {
            let plan = plan(
                &[boss_member(), m],
                &[boss(), u.clone()],
                &Options::default(),
            )
            .unwrap();
            plan.changes[0].patch().unwrap()
        };
        // Teams only: no roles.
        let mut m = member("u@x.com", &["ORG_MEMBER"]);
        m.team_ids = Some(set(&[T2]));
        assert_eq!(
            patch_for(m),
            super::super::Patch {
                roles: None,
                team_ids: Some(set(&[T2]))
            }
        );
        // Organization roles only: roles complete, the project roles kept.
        let p = patch_for(member("u@x.com", &["ORG_OWNER"]));
        let roles = p.roles.unwrap();
        assert_eq!(roles.org_roles, set(&["ORG_OWNER"]));
        assert_eq!(roles.projects, projects(&[(G1, &["GROUP_READ_ONLY"])]));
        assert_eq!(p.team_ids, None);
        // Project roles only: roles complete, the organization roles kept.
        let mut m = member("u@x.com", &["ORG_MEMBER"]);
        m.projects = Some(projects(&[(G2, &["GROUP_OWNER"])]));
        let p = patch_for(m);
        let roles = p.roles.unwrap();
        assert_eq!(roles.org_roles, set(&["ORG_MEMBER"]));
        assert_eq!(roles.projects, projects(&[(G2, &["GROUP_OWNER"])]));
        assert_eq!(p.team_ids, None);
    }

    #[test]
    fn the_removal_limit() {
        let many = |n: usize| -> Vec<OrgUser> {
            let mut v = vec![boss()];
            v.extend((0..n).map(|i| {
                user(
                    &format!("m{i}"),
                    &format!("m{i}@x.com"),
                    Active,
                    access(&["ORG_MEMBER"], &[], &[]),
                )
            }));
            v
        };
        let members = [boss_member()];
        let o = |max| Options {
            prune_members: true,
            max_removals: max,
            ..Options::default()
        };
        assert_eq!(
            plan(&members, &many(5), &o(5))
                .unwrap()
                .count(Action::Remove),
            5
        );
        let refused = plan(&members, &many(6), &o(5)).unwrap_err();
        assert_eq!(
            refused.refusals,
            [Refusal::TooManyRemovals { count: 6, max: 5 }]
        );
        assert_eq!(refused.plan.count(Action::Remove), 6);
        assert!(plan(&members, &many(1), &o(0)).is_err());
        assert!(plan(&members, &many(0), &o(0)).unwrap().is_empty());
        // Revoking invitations does not count: they are not members.
        let pending: Vec<OrgUser> = (0..9)
            .map(|i| {
                user(
                    &format!("p{i}"),
                    &format!("p{i}@x.com"),
                    Pending,
                    Access::default(),
                )
            })
            .chain([boss()])
            .collect();
        assert_eq!(
            plan(
                &members,
                &pending,
                &Options {
                    prune: true,
                    ..o(0)
                }
            )
            .unwrap()
            .count(Action::Revoke),
            9
        );
        // The default is five.
        assert_eq!(Options::default().max_removals, 5);
    }

    #[test]
    fn the_last_active_owner() {
        let owner2 = user("o2", "two@x.com", Active, access(&["ORG_OWNER"], &[], &[]));
        let member_u = user("m1", "m@x.com", Active, access(&["ORG_MEMBER"], &[], &[]));
        let pending_owner = user("p1", "p@x.com", Pending, access(&["ORG_OWNER"], &[], &[]));
        let all = [
            boss(),
            owner2.clone(),
            member_u.clone(),
            pending_owner.clone(),
        ];
        let keep_m = member("m@x.com", &["ORG_MEMBER"]);
        let keep_p = member("p@x.com", &["ORG_OWNER"]);
        let prune_all = opts(true, true);
        // Removing one of two owners is fine.
        assert!(plan(
            &[boss_member(), keep_m.clone(), keep_p.clone()],
            &all,
            &prune_all
        )
        .is_ok());
        // Removing both: refused, even with a pending owner (not active).
        let r = plan(&[keep_m.clone(), keep_p.clone()], &all, &prune_all).unwrap_err();
        assert_eq!(
            r.refusals,
            [Refusal::NoActiveOwner {
                dropped: vec!["boss@x.com".into(), "two@x.com".into()]
            }]
        );
        // Demoting both by roles: refused too.
        let r = plan(
            &[
                member("boss@x.com", &["ORG_MEMBER"]),
                member("TWO@x.com", &["ORG_MEMBER"]),
                keep_m.clone(),
            ],
            &all,
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(r.refusals.len(), 1);
        // Handing the role to an active member at the same time is allowed, and that
        // update comes before the demotions; the executor checks it went through.
        let ok = plan(
            &[
                member("boss@x.com", &["ORG_MEMBER"]),
                member("two@x.com", &["ORG_MEMBER"]),
                member("m@x.com", &["ORG_OWNER"]),
            ],
            &all,
            &Options::default(),
        )
        .unwrap();
        assert_eq!(ok.steady_owners, 0);
        assert!(ok.changes[0].grants_active_owner());
        assert!(ok.changes[1].drops_active_owner() && ok.changes[2].drops_active_owner());
        // Both refusals at once.
        let mut crowd: Vec<OrgUser> = (0..6)
            .map(|i| {
                user(
                    &format!("m{i}"),
                    &format!("m{i}@x.com"),
                    Active,
                    Access::default(),
                )
            })
            .collect();
        crowd.push(boss());
        let r = plan(&[], &crowd, &prune_all).unwrap_err();
        assert_eq!(r.refusals.len(), 2);
        // An organization listed without any active owner is not the plan's doing.
        assert!(plan(&[], &[member_u, pending_owner], &opts(false, false)).is_ok());
        let _ = owner2;
    }

    #[test]
    fn empty_projects_in_the_answer_compare_as_absent() {
        let u = user(
            "u1",
            "u@x.com",
            Active,
            Access {
                org_roles: set(&["ORG_MEMBER"]),
                ..Access::default()
            },
        );
        let mut m = member("u@x.com", &["ORG_MEMBER"]);
        m.projects = Some(projects(&[]));
        m.team_ids = Some(set(&[]));
        assert!(plan(&[boss_member(), m], &[boss(), u], &Options::default())
            .unwrap()
            .is_empty());
    }
}
