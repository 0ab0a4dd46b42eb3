//! The team planner: the file's declared teams and the organization's teams in, the
//! team changes out (create, rename, project roles, delete). Pure: no I/O.
//!
//! Team membership is not planned here: it has one source of truth, the members'
//! `teams`/`teamIds` (user updates), except that a new team gets its first members
//! through createOrgTeam's `usernames` (decision apply-new-team-members).

use super::plan::{Phase, Refusal};
use super::{fold, OrgTeam, Projects, TeamDecl, TeamRef};
use std::collections::{BTreeMap, BTreeSet, HashSet};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TeamOptions {
    /// `--prune-teams`: delete the organization's teams the file does not declare.
    pub prune_teams: bool,
}

/// One project's roles for a team, before → after (an empty side: not in the project).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectRoles {
    pub group_id: String,
    pub before: BTreeSet<String>,
    pub after: BTreeSet<String>,
}

/// What a [`ProjectRoles`] sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectAction {
    /// addGroupTeams.
    Add,
    /// updateGroupTeam (roles replaced whole).
    Change,
    /// removeGroupTeam: a removal of access.
    Remove,
}

impl ProjectRoles {
    pub fn action(&self) -> ProjectAction {
        match (self.before.is_empty(), self.after.is_empty()) {
            (true, _) => ProjectAction::Add,
            (false, true) => ProjectAction::Remove,
            (false, false) => ProjectAction::Change,
        }
    }
}

/// The kinds of team change, in the order of their phases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TeamAction {
    Create,
    Rename,
    Projects,
    Delete,
}

impl TeamAction {
    pub const ALL: [TeamAction; 4] = [
        TeamAction::Create,
        TeamAction::Rename,
        TeamAction::Projects,
        TeamAction::Delete,
    ];

    /// The `-o json` records' `action`.
    pub fn as_str(self) -> &'static str {
        match self {
            TeamAction::Create => "create-team",
            TeamAction::Rename => "rename-team",
            TeamAction::Projects => "team-projects",
            TeamAction::Delete => "delete-team",
        }
    }
}

/// One team change of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TeamChange {
    /// createOrgTeam with its first members (the file's members naming it).
    Create {
        name: String,
        usernames: Vec<String>,
    },
    /// renameOrgTeam: the team keeps its id, members and projects.
    Rename {
        id: String,
        from: String,
        to: String,
    },
    /// The team's project roles, per project that differs, in project id order.
    /// `deleting`: it is taken out of every project before its deletion.
    Projects {
        team: TeamRef,
        /// The team's name once the plan's renames are done.
        name: String,
        projects: Vec<ProjectRoles>,
        deleting: bool,
    },
    /// deleteOrgTeam (`--prune-teams`).
    Delete { id: String, name: String },
}

impl TeamChange {
    pub fn phase(&self) -> Phase {
        match self {
            TeamChange::Rename { .. } => Phase::Renames,
            TeamChange::Create { .. } => Phase::Creations,
            TeamChange::Projects {
                deleting: false, ..
            } => Phase::TeamProjects,
            TeamChange::Projects { deleting: true, .. } => Phase::TeamsOutOfProjects,
            TeamChange::Delete { .. } => Phase::Deletions,
        }
    }

    pub fn action(&self) -> TeamAction {
        match self {
            TeamChange::Create { .. } => TeamAction::Create,
            TeamChange::Rename { .. } => TeamAction::Rename,
            TeamChange::Projects { .. } => TeamAction::Projects,
            TeamChange::Delete { .. } => TeamAction::Delete,
        }
    }

    /// The team the change acts on.
    pub fn team(&self) -> TeamRef {
        match self {
            TeamChange::Create { name, .. } => TeamRef::New(name.clone()),
            TeamChange::Rename { id, .. } | TeamChange::Delete { id, .. } => {
                TeamRef::Existing(id.clone())
            }
            TeamChange::Projects { team, .. } => team.clone(),
        }
    }

    /// The team's name, as the plan leaves it.
    pub fn name(&self) -> &str {
        match self {
            TeamChange::Create { name, .. }
            | TeamChange::Projects { name, .. }
            | TeamChange::Delete { name, .. } => name,
            TeamChange::Rename { to, .. } => to,
        }
    }

    /// How many projects the change takes the team out of.
    pub fn projects_left(&self) -> usize {
        match self {
            TeamChange::Projects { projects, .. } => projects
                .iter()
                .filter(|p| p.action() == ProjectAction::Remove)
                .count(),
            _ => 0,
        }
    }
}

/// The team changes, in the order of their phases, and why they must not be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamPlan {
    pub changes: Vec<TeamChange>,
    pub refusals: Vec<Refusal>,
}

/// Projects with no role left out, as [`OrgTeam::projects`] promises.
fn held(p: &Projects) -> Projects {
    crate::go::sort::ordered(
        p.iter()
            .filter(|(_, roles)| !roles.is_empty())
            .map(|(g, r)| (g.clone(), r.clone())),
    )
}

/// Each project whose roles differ, before → after.
fn project_changes(before: &Projects, after: &Projects) -> Vec<ProjectRoles> {
    let (before, after) = (held(before), held(after));
    let groups: BTreeSet<&String> = crate::go::sort::ordered(before.keys().chain(after.keys()));
    groups
        .into_iter()
        .filter_map(|g| {
            let b = before.get(g).cloned().unwrap_or_default();
            let a = after.get(g).cloned().unwrap_or_default();
            (b != a).then(|| ProjectRoles {
                group_id: g.clone(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// Plans the team changes that make `org` match `decls` (`None`: the file does not
/// manage teams). `new_teams` gives each team to create its members from the file;
/// `named` are the ids of teams the file's members are to be in.
pub fn plan_teams(
    decls: Option<&[TeamDecl]>,
    org: &[OrgTeam],
    new_teams: &BTreeMap<String, Vec<String>>,
    named: &BTreeSet<String>,
    options: &TeamOptions,
) -> TeamPlan {
    let mut out = TeamPlan::default();
    let Some(decls) = decls else {
        if options.prune_teams {
            out.refusals.push(Refusal::PruneTeamsWithoutTeams);
        }
        return out;
    };
    let mut renames = Vec::new();
    let mut creates = Vec::new();
    let mut projects = Vec::new();
    let mut kept: HashSet<&str> = HashSet::with_capacity(decls.len());
    for d in decls {
        // A declared id the list does not show (gone meanwhile) is created again.
        let current =
            d.id.as_deref()
                .and_then(|id| org.iter().find(|t| t.id == id));
        let (team, before) = match current {
            Some(t) => {
                kept.insert(&t.id);
                if t.name != d.name {
                    renames.push(TeamChange::Rename {
                        id: t.id.clone(),
                        from: t.name.clone(),
                        to: d.name.clone(),
                    });
                }
                (TeamRef::Existing(t.id.clone()), t.projects.clone())
            }
            None => {
                let usernames = new_teams.get(&d.name).cloned().unwrap_or_default();
                if usernames.is_empty() {
                    out.refusals.push(Refusal::NewTeamWithoutMembers {
                        name: d.name.clone(),
                    });
                }
                creates.push(TeamChange::Create {
                    name: d.name.clone(),
                    usernames,
                });
                (TeamRef::New(d.name.clone()), Projects::new())
            }
        };
        if let Some(after) = &d.projects {
            let changed = project_changes(&before, after);
            if !changed.is_empty() {
                projects.push(TeamChange::Projects {
                    team,
                    name: d.name.clone(),
                    projects: changed,
                    deleting: false,
                });
            }
        }
    }
    // Decision apply-prune-teams.
    let mut deletions = Vec::new();
    if options.prune_teams {
        let mut gone: Vec<&OrgTeam> = org
            .iter()
            .filter(|t| !kept.contains(t.id.as_str()))
            .collect();
        crate::go::sort::slice_stable(&mut gone, |a, b| {
            fold(&a.name)
                .cmp(&fold(&b.name))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        for t in gone {
            if named.contains(&t.id) {
                out.refusals.push(Refusal::DeletedTeamNamed {
                    name: t.name.clone(),
                });
            }
            // Atlas refuses to delete a team a project still uses.
            let out_of = project_changes(&t.projects, &Projects::new());
            if !out_of.is_empty() {
                deletions.push(TeamChange::Projects {
                    team: TeamRef::Existing(t.id.clone()),
                    name: t.name.clone(),
                    projects: out_of,
                    deleting: true,
                });
            }
            deletions.push(TeamChange::Delete {
                id: t.id.clone(),
                name: t.name.clone(),
            });
        }
    }
    out.changes = renames;
    out.changes.extend(creates);
    out.changes.extend(projects);
    // Each team's way out of its projects, then the deletions.
    let (out_of, deletes): (Vec<TeamChange>, Vec<TeamChange>) = deletions
        .into_iter()
        .partition(|c| matches!(c, TeamChange::Projects { .. }));
    out.changes.extend(out_of);
    out.changes.extend(deletes);
    out
}

#[cfg(test)]
mod tests {
    use super::super::members::read;
    use super::super::names::{Names, Resolved};
    use super::super::plan::{plan_with_teams, Options, Plan, Removals, Step};
    use super::super::{Access, Change, Field, OrgProject, OrgUser, Patch, Status};
    use super::*;
    use std::collections::HashMap;

    const T1: &str = "5f71e5255afec75a3d0f9601";
    const T3: &str = "5f71e5255afec75a3d0f9603";
    const T9: &str = "5f71e5255afec75a3d0f9609";
    const G1: &str = "6c73999ae7966f00563911a1";
    const G2: &str = "6c73999ae7966f00563911a2";
    const G3: &str = "6c73999ae7966f00563911a3";

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn projects(items: &[(&str, &[&str])]) -> Projects {
        items.iter().map(|(g, r)| (g.to_string(), set(r))).collect()
    }

    fn team(id: &str, name: &str, p: &[(&str, &[&str])]) -> OrgTeam {
        OrgTeam {
            id: id.into(),
            name: name.into(),
            projects: projects(p),
        }
    }

    fn decl(name: &str, id: Option<&str>, p: Option<&[(&str, &[&str])]>) -> TeamDecl {
        TeamDecl {
            name: name.into(),
            id: id.map(String::from),
            projects: p.map(projects),
        }
    }

    fn roles(group: &str, before: &[&str], after: &[&str]) -> ProjectRoles {
        ProjectRoles {
            group_id: group.into(),
            before: set(before),
            after: set(after),
        }
    }

    fn team_projects(team: TeamRef, name: &str, p: Vec<ProjectRoles>) -> TeamChange {
        TeamChange::Projects {
            team,
            name: name.into(),
            projects: p,
            deleting: false,
        }
    }

    const RO: &[&str] = &["GROUP_READ_ONLY"];
    const OWNER: &[&str] = &["GROUP_OWNER"];

    #[test]
    fn every_kind_of_team_change_with_and_without_projects_under_both_flags() {
        let org = [
            team(T1, "Ops", &[(G1, RO)]),
            team(T9, "Stale", &[(G3, OWNER), (G1, RO)]),
        ];
        let ops = || TeamRef::Existing(T1.into());
        let web = || TeamRef::New("Web".into());
        let new_teams = BTreeMap::from([("Web".to_string(), vec!["a@x.com".to_string()])]);
        let create = || TeamChange::Create {
            name: "Web".into(),
            usernames: vec!["a@x.com".into()],
        };
        let rename = || TeamChange::Rename {
            id: T1.into(),
            from: "Ops".into(),
            to: "Platform".into(),
        };
        let rows: Vec<(&str, TeamDecl, Vec<TeamChange>)> = vec![
            ("same, projects absent", decl("Ops", Some(T1), None), vec![]),
            (
                "same, projects the same",
                decl("Ops", Some(T1), Some(&[(G1, RO)])),
                vec![],
            ),
            (
                "same, roles changed",
                decl("Ops", Some(T1), Some(&[(G1, OWNER)])),
                vec![team_projects(ops(), "Ops", vec![roles(G1, RO, OWNER)])],
            ),
            (
                "same, a project added",
                decl("Ops", Some(T1), Some(&[(G1, RO), (G2, RO)])),
                vec![team_projects(ops(), "Ops", vec![roles(G2, &[], RO)])],
            ),
            (
                "same, taken out of its project",
                decl("Ops", Some(T1), Some(&[])),
                vec![team_projects(ops(), "Ops", vec![roles(G1, RO, &[])])],
            ),
            (
                "renamed, projects absent",
                decl("Platform", Some(T1), None),
                vec![rename()],
            ),
            (
                "renamed, roles changed",
                decl("Platform", Some(T1), Some(&[(G1, OWNER)])),
                vec![
                    rename(),
                    team_projects(ops(), "Platform", vec![roles(G1, RO, OWNER)]),
                ],
            ),
            (
                "new, projects absent",
                decl("Web", None, None),
                vec![create()],
            ),
            (
                "new, with projects",
                decl("Web", None, Some(&[(G2, RO), (G1, OWNER)])),
                vec![
                    create(),
                    team_projects(
                        web(),
                        "Web",
                        vec![roles(G1, &[], OWNER), roles(G2, &[], RO)],
                    ),
                ],
            ),
            (
                "new, no projects",
                decl("Web", None, Some(&[])),
                vec![create()],
            ),
        ];
        for (what, d, want) in rows {
            for prune_teams in [false, true] {
                let got = plan_teams(
                    Some(std::slice::from_ref(&d)),
                    &org,
                    &new_teams,
                    &BTreeSet::new(),
                    &TeamOptions { prune_teams },
                );
                let mut want = want.clone();
                if prune_teams {
                    // Ops is kept whatever its declaration says (it is found by id).
                    if d.id.is_none() {
                        want.push(TeamChange::Projects {
                            team: ops(),
                            name: "Ops".into(),
                            projects: vec![roles(G1, RO, &[])],
                            deleting: true,
                        });
                    }
                    want.push(TeamChange::Projects {
                        team: TeamRef::Existing(T9.into()),
                        name: "Stale".into(),
                        projects: vec![roles(G1, RO, &[]), roles(G3, OWNER, &[])],
                        deleting: true,
                    });
                    if d.id.is_none() {
                        want.push(TeamChange::Delete {
                            id: T1.into(),
                            name: "Ops".into(),
                        });
                    }
                    want.push(TeamChange::Delete {
                        id: T9.into(),
                        name: "Stale".into(),
                    });
                }
                assert_eq!(got.changes, want, "{what}, prune-teams {prune_teams}");
                assert_eq!(got.refusals, [], "{what}, prune-teams {prune_teams}");
                let phases: Vec<Phase> = got.changes.iter().map(TeamChange::phase).collect();
                assert!(
                    phases.windows(2).all(|w| w[0] <= w[1]),
                    "{what}: {phases:?}"
                );
            }
        }
    }

    #[test]
    fn what_a_project_change_sends() {
        assert_eq!(roles(G1, &[], RO).action(), ProjectAction::Add);
        assert_eq!(roles(G1, RO, OWNER).action(), ProjectAction::Change);
        assert_eq!(roles(G1, RO, &[]).action(), ProjectAction::Remove);
        let out_of_two = team_projects(
            TeamRef::Existing(T1.into()),
            "Ops",
            vec![
                roles(G1, RO, &[]),
                roles(G2, &[], RO),
                roles(G3, OWNER, &[]),
            ],
        );
        assert_eq!(out_of_two.projects_left(), 2);
        assert_eq!(
            TeamChange::Delete {
                id: T1.into(),
                name: "Ops".into()
            }
            .projects_left(),
            0
        );
    }

    #[test]
    fn refusals_of_the_team_planner() {
        let org = [team(T1, "Ops", &[]), team(T9, "Stale", &[])];
        let none = BTreeMap::new();
        let prune = TeamOptions { prune_teams: true };
        // A new team nobody is to be in.
        let p = plan_teams(
            Some(&[decl("Web", None, None)]),
            &org,
            &none,
            &BTreeSet::new(),
            &TeamOptions::default(),
        );
        assert_eq!(
            p.refusals,
            [Refusal::NewTeamWithoutMembers { name: "Web".into() }]
        );
        assert_eq!(
            p.refusals[0].to_string(),
            "team \"Web\" is new and no member of the file names it in teams: Atlas creates a team with its first members"
        );
        // Pruning with no `teams` in the file.
        let p = plan_teams(None, &org, &none, &BTreeSet::new(), &prune);
        assert_eq!(
            (p.changes, p.refusals.clone()),
            (vec![], vec![Refusal::PruneTeamsWithoutTeams])
        );
        assert_eq!(
            p.refusals[0].to_string(),
            "--prune-teams needs the file's teams (the object form's \"teams\", [] for none): without it every team would be deleted"
        );
        let p = plan_teams(None, &org, &none, &BTreeSet::new(), &TeamOptions::default());
        assert_eq!(p, TeamPlan::default());
        // Pruning a team the members are to be in.
        let p = plan_teams(Some(&[]), &org, &none, &set(&[T9]), &prune);
        assert_eq!(
            p.refusals,
            [Refusal::DeletedTeamNamed {
                name: "Stale".into()
            }]
        );
        assert_eq!(
            p.refusals[0].to_string(),
            "--prune-teams would delete team \"Stale\" that members of the file are to be in; declare it in teams"
        );
        // An empty `teams` with --prune-teams deletes every team, by name.
        let p = plan_teams(Some(&[]), &org, &none, &BTreeSet::new(), &prune);
        let names: Vec<&str> = p.changes.iter().map(TeamChange::name).collect();
        assert_eq!(names, ["Ops", "Stale"]);
        assert!(p.refusals.is_empty());
    }

    // The whole way: a file read, resolved and planned against an organization held in
    // memory, the plan carried out on it step by step.

    const PROD: &str = G1;
    const STAGING: &str = G2;

    #[derive(Clone, Debug)]
    struct Org {
        users: Vec<OrgUser>,
        teams: Vec<OrgTeam>,
        next: usize,
    }

    fn user(id: &str, name: &str, status: Status, roles: &[&str], teams: &[&str]) -> OrgUser {
        OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access: Access {
                org_roles: set(roles),
                team_ids: set(teams),
                projects: Projects::new(),
            },
        }
    }

    fn start() -> Org {
        Org {
            users: vec![
                user("u0", "boss@x.com", Status::Active, &["ORG_OWNER"], &[]),
                user("u1", "a@x.com", Status::Active, &["ORG_MEMBER"], &[T1]),
                user("u2", "b@x.com", Status::Active, &["ORG_MEMBER"], &[]),
                user("u3", "old@x.com", Status::Active, &["ORG_MEMBER"], &[T9]),
                user("u4", "pend@x.com", Status::Pending, &["ORG_MEMBER"], &[]),
            ],
            teams: vec![
                team(T1, "Ops", &[(PROD, RO)]),
                team(T3, "Legacy", &[(STAGING, OWNER)]),
                team(T9, "Stale", &[(PROD, OWNER), (STAGING, RO)]),
            ],
            next: 0,
        }
    }

    const FILE: &str = r#"{"members":[
  {"username":"boss@x.com","roles":["ORG_OWNER"]},
  {"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Platform","Web"]},
  {"username":"b@x.com","roles":["ORG_MEMBER"],"teams":["Web"]},
  {"username":"c@x.com","roles":["ORG_MEMBER"],"teams":["Web","Ops"]}],
 "teams":[
  {"name":"Ops","projects":[{"project":"Prod","roles":["GROUP_OWNER"]}]},
  {"name":"Platform","previously":["Legacy"]},
  {"name":"Web","projects":[{"project":"Staging","roles":["GROUP_READ_ONLY"]}]}]}"#;

    fn all_flags(max_removals: usize) -> (Options, TeamOptions) {
        (
            Options {
                prune: true,
                prune_members: true,
                max_removals,
            },
            TeamOptions { prune_teams: true },
        )
    }

    fn resolved(org: &Org) -> Resolved {
        let projects = [
            OrgProject {
                id: PROD.into(),
                name: "Prod".into(),
            },
            OrgProject {
                id: STAGING.into(),
                name: "Staging".into(),
            },
        ];
        Names::new(&org.teams, &projects)
            .resolve(&read(FILE.as_bytes()).unwrap())
            .unwrap()
    }

    fn plan_for(org: &Org) -> Plan {
        let (o, t) = all_flags(100);
        plan_with_teams(&resolved(org), &org.users, &org.teams, &o, &t).unwrap()
    }

    /// Carries out the first `n` steps of `plan` on `org`, as Atlas would.
    fn carry_out(org: &mut Org, plan: &Plan, n: usize) {
        let mut created: HashMap<String, String> = HashMap::new();
        for step in plan.steps().into_iter().take(n) {
            org.next += 1;
            let fresh = format!("{:024x}", 0xabc000 + org.next);
            match step {
                Step::Member(Change::Invite { member, .. }) => {
                    org.users
                        .retain(|u| fold(&u.username) != fold(&member.username));
                    org.users.push(OrgUser {
                        id: fresh,
                        username: member.username.clone(),
                        status: Status::Pending,
                        access: Access {
                            org_roles: member.org_roles.clone(),
                            team_ids: member.team_ids.clone().unwrap_or_default(),
                            projects: member.projects.clone().unwrap_or_default(),
                        },
                    });
                }
                Step::Member(
                    c @ Change::Update {
                        user,
                        after,
                        fields,
                    },
                ) => {
                    let patch = Patch::of(after, fields);
                    let mut team_ids = patch.team_ids.clone();
                    if let Some(refs) = plan.team_refs_of(c) {
                        team_ids = Some(
                            refs.iter()
                                .map(|r| match r {
                                    TeamRef::Existing(id) => id.clone(),
                                    TeamRef::New(name) => created[name].clone(),
                                })
                                .collect(),
                        );
                    }
                    let u = org.users.iter_mut().find(|u| u.id == user.id).unwrap();
                    if let Some(r) = patch.roles {
                        u.access.org_roles = r.org_roles;
                        u.access.projects = r.projects;
                    }
                    if let Some(t) = team_ids {
                        u.access.team_ids = t;
                    }
                }
                Step::Member(Change::Revoke { user } | Change::Remove { user }) => {
                    org.users.retain(|u| u.id != user.id)
                }
                Step::Team(TeamChange::Rename { id, to, .. }) => {
                    org.teams.iter_mut().find(|t| t.id == *id).unwrap().name = to.clone();
                }
                Step::Team(TeamChange::Create { name, usernames }) => {
                    for u in &mut org.users {
                        if usernames.iter().any(|n| fold(n) == fold(&u.username)) {
                            u.access.team_ids.insert(fresh.clone());
                        }
                    }
                    created.insert(name.clone(), fresh.clone());
                    org.teams.push(team(&fresh, name, &[]));
                }
                Step::Team(TeamChange::Projects { team, projects, .. }) => {
                    let id = match team {
                        TeamRef::Existing(id) => id.clone(),
                        TeamRef::New(name) => created[name].clone(),
                    };
                    let t = org.teams.iter_mut().find(|t| t.id == id).unwrap();
                    for p in projects {
                        assert_eq!(
                            t.projects.get(&p.group_id).cloned().unwrap_or_default(),
                            p.before
                        );
                        if p.after.is_empty() {
                            t.projects.remove(&p.group_id);
                        } else {
                            t.projects.insert(p.group_id.clone(), p.after.clone());
                        }
                    }
                }
                Step::Team(TeamChange::Delete { id, .. }) => {
                    let t = org.teams.iter().find(|t| t.id == *id).unwrap();
                    // Atlas refuses to delete a team a project still uses.
                    assert!(t.projects.is_empty(), "{t:?}");
                    org.teams.retain(|t| t.id != *id);
                    for u in &mut org.users {
                        u.access.team_ids.remove(id);
                    }
                }
            }
        }
    }

    #[test]
    fn a_plan_with_everything_in_order() {
        let org = start();
        let plan = plan_for(&org);
        let got: Vec<(Phase, String)> = plan
            .steps()
            .iter()
            .map(|s| {
                let who = match s {
                    Step::Member(c) => c.username().to_string(),
                    Step::Team(t) => t.name().to_string(),
                };
                (s.phase(), who)
            })
            .collect();
        let want = [
            (Phase::Renames, "Platform"),
            (Phase::Invitations, "c@x.com"),
            (Phase::Creations, "Web"),
            (Phase::Updates, "a@x.com"),
            (Phase::TeamProjects, "Ops"),
            (Phase::TeamProjects, "Web"),
            (Phase::Revocations, "pend@x.com"),
            (Phase::Removals, "old@x.com"),
            (Phase::TeamsOutOfProjects, "Stale"),
            (Phase::Deletions, "Stale"),
        ];
        let want: Vec<(Phase, String)> = want.iter().map(|(p, n)| (*p, n.to_string())).collect();
        assert_eq!(got, want);
        // The new team's members: everyone naming it, pending or invited by this run.
        assert!(plan.teams.contains(&TeamChange::Create {
            name: "Web".into(),
            usernames: vec!["a@x.com".into(), "b@x.com".into(), "c@x.com".into()]
        }));
        // c is invited into the teams that exist; b needs no update (the creation puts
        // them in); a's update keeps the new team in its teamIds.
        let Some(Change::Invite { member, .. }) = plan.changes.first() else {
            panic!("{plan:?}")
        };
        assert_eq!(member.team_ids, Some(set(&[T1])));
        let update = plan
            .changes
            .iter()
            .find(|c| matches!(c, Change::Update { .. }))
            .unwrap();
        assert_eq!(
            plan.team_refs_of(update),
            Some(&BTreeSet::from([
                TeamRef::Existing(T3.into()),
                TeamRef::New("Web".into())
            ]))
        );
        assert!(matches!(update, Change::Update { fields, .. } if *fields == [Field::TeamIds]));
        assert_eq!(
            plan.removals(),
            Removals {
                members: 1,
                teams: 1,
                team_projects: 2
            }
        );
    }

    #[test]
    fn a_second_plan_is_empty_and_an_interrupted_run_converges() {
        let first = plan_for(&start());
        let steps = first.steps().len();
        for n in 0..=steps {
            let mut org = start();
            carry_out(&mut org, &first, n);
            let second = plan_for(&org);
            if n == steps {
                assert!(second.is_empty(), "{second:?}");
            }
            carry_out(&mut org, &second, usize::MAX);
            let third = plan_for(&org);
            assert!(third.is_empty(), "after {n} steps: {third:?}");
        }
    }

    #[test]
    fn the_removal_limit_counts_teams() {
        // One member removed, one team deleted, taken out of two projects: 4.
        let org = start();
        let file = resolved(&org);
        for (max, ok) in [(3, false), (4, true)] {
            let (o, t) = all_flags(max);
            let got = plan_with_teams(&file, &org.users, &org.teams, &o, &t);
            assert_eq!(got.is_ok(), ok, "max {max}");
            if let Err(r) = got {
                assert_eq!(
                    r.refusals,
                    [Refusal::TooManyAccessRemovals {
                        removals: Removals {
                            members: 1,
                            teams: 1,
                            team_projects: 2
                        },
                        max: 3
                    }]
                );
                assert_eq!(
                    r.refusals[0].to_string(),
                    "it removes access 4 times (1 active members removed, 1 teams deleted, 2 times a team taken out of a project), more than --max-removals allows (3); raise --max-removals if that is meant"
                );
            }
        }
        // Without --prune-teams, only the members count: today's refusal, word for word.
        let (o, _) = all_flags(0);
        let r = plan_with_teams(&file, &org.users, &org.teams, &o, &TeamOptions::default())
            .unwrap_err();
        assert_eq!(r.refusals, [Refusal::TooManyRemovals { count: 1, max: 0 }]);
        // A team taken out of one project counts as well.
        let mut file = file;
        if let Some(teams) = file.teams.as_mut() {
            teams[0].projects = Some(Projects::new());
        }
        let o = Options {
            max_removals: 0,
            ..Options::default()
        };
        let r = plan_with_teams(&file, &org.users, &org.teams, &o, &TeamOptions::default())
            .unwrap_err();
        assert_eq!(
            r.refusals,
            [Refusal::TooManyAccessRemovals {
                removals: Removals {
                    members: 0,
                    teams: 0,
                    team_projects: 1
                },
                max: 0
            }]
        );
    }

    #[test]
    fn a_file_without_teams_plans_as_before() {
        let org = start();
        let members = resolved(&org).members;
        let file = Resolved {
            members: members.clone(),
            ..Resolved::default()
        };
        for (o, _) in [all_flags(100), all_flags(0)] {
            let before = super::super::plan::plan(&members, &org.users, &o);
            let now = plan_with_teams(&file, &org.users, &org.teams, &o, &TeamOptions::default());
            assert_eq!(now, before);
        }
    }
}
