//! What `apply` and `export` print: the plan's lines, the summaries, the `-o json`
//! records, and the exported members file. Pure, with stable bytes.
//!
//! One line per change, in the order they are carried out, fields named as in the file,
//! lists in set order:
//! ```text
//! ~ rename team Legacy → Platform
//! + invite a@x.com roles=[ORG_MEMBER] teams=[Ops]
//! + invite e@x.com roles=[ORG_MEMBER] (invitation expired)
//! + create team Web (members a@x.com, b@x.com)
//! ~ update b@x.com roles=[ORG_MEMBER] → [ORG_OWNER] groupRoleAssignments=[] → [Prod=GROUP_OWNER] (active member)
//! ~ team Web projects Prod: [] → [GROUP_READ_ONLY]; Staging: [GROUP_OWNER] → []
//! - revoke c@x.com roles=[ORG_MEMBER] (pending invitation)
//! - remove d@x.com roles=[ORG_MEMBER] (active member)
//! - delete team Stale
//! ```
//! Teams and projects are named by name when the run listed them (the file names teams
//! or projects: decision apply-lists), else by ID as before (`teamIds=[5f…]`,
//! `[6c…=GROUP_OWNER]`).

use super::bulk::{NOT_SENT, REFUSED};
use crate::api::bulk::{Outcome, Tally};
use crate::api::membership::names::Names;
use crate::api::membership::plan::{Kind, Plan, Step};
use crate::api::membership::teams::{TeamAction, TeamChange};
use crate::api::membership::{
    fold, wire, Access, Action, Change, Field, OrgUser, Projects, Status, TeamRef,
};
use crate::api::model::GroupRoleAssignment;
use crate::go::sort::{ordered, slice_stable};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How the plan's text names a user's state.
pub fn status_text(status: Status) -> &'static str {
    match status {
        Status::Pending => "pending invitation",
        Status::Active => "active member",
        Status::Expired => "invitation expired",
        Status::Rejected => "invitation rejected",
    }
}

/// `invited`, `updated`, `revoked`, `removed`.
pub fn past(a: Action) -> &'static str {
    match a {
        Action::Invite => "invited",
        Action::Update => "updated",
        Action::Revoke => "revoked",
        Action::Remove => "removed",
    }
}

/// A team change to make (`Plan:`) and made (`Summary:`).
fn team_words(a: TeamAction) -> (&'static str, &'static str) {
    match a {
        TeamAction::Create => ("to create", "created"),
        TeamAction::Rename => ("to rename", "renamed"),
        TeamAction::Projects => ("to change in projects", "changed in projects"),
        TeamAction::Delete => ("to delete", "deleted"),
    }
}

/// When the organization already matches the file.
pub const NOTHING_TO_DO: &str = "Nothing to do: the organization matches the file.\n";

fn set_text<S: AsRef<str>>(set: impl IntoIterator<Item = S>) -> String {
    let items: Vec<String> = set.into_iter().map(|s| s.as_ref().to_string()).collect();
    format!("[{}]", items.join(","))
}

/// A team's or a project's label: its name when the run listed it, else its id.
fn team_label<'a>(names: Option<&'a Names>, id: &'a str) -> &'a str {
    names.and_then(|n| n.team_name(id)).unwrap_or(id)
}

fn project_label<'a>(names: Option<&'a Names>, id: &'a str) -> &'a str {
    names.map_or(id, |n| n.project_label(id))
}

/// Project roles by label, in label order (ID order without names).
fn labelled<'a>(
    p: &'a Projects,
    names: Option<&'a Names>,
) -> BTreeMap<&'a str, &'a BTreeSet<String>> {
    crate::go::sort::ordered(
        p.iter()
            .map(|(id, roles)| (project_label(names, id), roles)),
    )
}

fn projects_text(p: &Projects, names: Option<&Names>) -> String {
    let items: Vec<String> = labelled(p, names)
        .into_iter()
        .map(|(label, roles)| {
            format!(
                "{label}={}",
                roles.iter().cloned().collect::<Vec<_>>().join("+")
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A member's teams: by name, new teams included (`extra`), in name order.
fn team_names<'a>(
    ids: &'a BTreeSet<String>,
    extra: &'a [String],
    names: &'a Names,
) -> BTreeSet<&'a str> {
    ids.iter()
        .map(|id| team_label(Some(names), id))
        .chain(extra.iter().map(String::as_str))
        .collect()
}

/// The teams field of a line: `teams=[A,B]` with names, `teamIds=[…]` without.
fn teams_text(ids: &BTreeSet<String>, extra: &[String], names: Option<&Names>) -> String {
    match names {
        Some(n) => set_text(team_names(ids, extra, n)),
        None => set_text(ids),
    }
}

fn teams_key(names: Option<&Names>) -> &'static str {
    if names.is_some() {
        "teams"
    } else {
        Field::TeamIds.as_str()
    }
}

/// The team set a member's change gives beyond its own IDs: an update's (when it names
/// a team this run creates), or for an invitation the new teams it is created into (the
/// invitation cannot carry them: decision apply-new-team-members).
fn member_refs(plan: &Plan, change: &Change) -> Option<BTreeSet<TeamRef>> {
    match change {
        Change::Invite { member, .. } => {
            let key = fold(&member.username);
            let new: BTreeSet<TeamRef> = ordered(plan.teams.iter().filter_map(|t| match t {
                TeamChange::Create { name, usernames }
                    if usernames.iter().any(|u| fold(u) == key) =>
                {
                    Some(TeamRef::New(name.clone()))
                }
                _ => None,
            }));
            (!new.is_empty()).then_some(new)
        }
        _ => plan.team_refs_of(change).cloned(),
    }
}

/// The names of the new teams in an update's team set.
fn new_teams(refs: Option<&BTreeSet<TeamRef>>) -> Vec<String> {
    refs.into_iter()
        .flatten()
        .filter_map(|r| match r {
            TeamRef::New(name) => Some(name.clone()),
            TeamRef::Existing(_) => None,
        })
        .collect()
}

fn field_text(field: Field, a: &Access, extra: &[String], names: Option<&Names>) -> String {
    match field {
        Field::Roles => set_text(&a.org_roles),
        Field::TeamIds => teams_text(&a.team_ids, extra, names),
        Field::GroupRoleAssignments => projects_text(&a.projects, names),
    }
}

fn field_key(field: Field, names: Option<&Names>) -> &'static str {
    match field {
        Field::TeamIds => teams_key(names),
        f => f.as_str(),
    }
}

/// The plan's line for one member's change (without the newline); `refs` is an
/// update's team set when it names a team the run creates.
pub fn line(change: &Change, refs: Option<&BTreeSet<TeamRef>>, names: Option<&Names>) -> String {
    let mut s = match change {
        Change::Invite { member, replaces } => {
            let mut s = format!(
                "+ invite {} roles={}",
                member.username,
                set_text(&member.org_roles)
            );
            if let Some(t) = &member.team_ids {
                s.push_str(&format!(
                    " {}={}",
                    teams_key(names),
                    teams_text(t, &new_teams(refs), names)
                ));
            }
            if let Some(p) = &member.projects {
                s.push_str(&format!(
                    " groupRoleAssignments={}",
                    projects_text(p, names)
                ));
            }
            if let Some(old) = replaces {
                s.push_str(&format!(" ({})", status_text(old.status)));
            }
            return s;
        }
        Change::Update {
            user,
            after,
            fields,
        } => {
            let mut s = format!("~ update {}", user.username);
            let extra = new_teams(refs);
            for f in fields {
                s.push_str(&format!(
                    " {}={} → {}",
                    field_key(*f, names),
                    field_text(*f, &user.access, &[], names),
                    field_text(*f, after, &extra, names)
                ));
            }
            s
        }
        Change::Revoke { user } => format!(
            "- revoke {} roles={}",
            user.username,
            set_text(&user.access.org_roles)
        ),
        Change::Remove { user } => format!(
            "- remove {} roles={}",
            user.username,
            set_text(&user.access.org_roles)
        ),
    };
    if let Some(u) = change.user() {
        s.push_str(&format!(" ({})", status_text(u.status)));
    }
    s
}

/// The plan's line for one team change (without the newline).
pub fn team_line(change: &TeamChange, names: Option<&Names>) -> String {
    match change {
        TeamChange::Create { name, usernames } => {
            format!("+ create team {name} (members {})", usernames.join(", "))
        }
        TeamChange::Rename { from, to, .. } => format!("~ rename team {from} → {to}"),
        TeamChange::Projects { name, projects, .. } => {
            let parts: Vec<String> = projects
                .iter()
                .map(|p| {
                    format!(
                        "{}: {} → {}",
                        project_label(names, &p.group_id),
                        set_text(&p.before),
                        set_text(&p.after)
                    )
                })
                .collect();
            format!("~ team {name} projects {}", parts.join("; "))
        }
        TeamChange::Delete { name, .. } => format!("- delete team {name}"),
    }
}

/// Every line of the plan, in the order of its steps, each with its newline. Names
/// from the server are made inert (`go::strconv::inert`).
pub fn plan_text(plan: &Plan, names: Option<&Names>) -> String {
    plan.steps()
        .into_iter()
        .map(|step| {
            let l = match step {
                Step::Member(c) => line(c, member_refs(plan, c).as_ref(), names),
                Step::Team(t) => team_line(t, names),
            };
            crate::go::strconv::inert(&l).into_owned() + "\n"
        })
        .collect()
}

/// `Plan: 2 to invite, 1 to update, 0 to revoke, 0 to remove.`, and when teams change
/// `…; teams: 1 to create, 0 to rename, 1 to change in projects, 0 to delete.`
pub fn plan_summary(plan: &Plan) -> String {
    let parts: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{} to {}", plan.count(*a), a.as_str()))
        .collect();
    let mut s = format!("Plan: {}", parts.join(", "));
    if !plan.teams.is_empty() {
        let teams: Vec<String> = TeamAction::ALL
            .iter()
            .map(|a| format!("{} {}", plan.team_count(*a), team_words(*a).0))
            .collect();
        s.push_str(&format!("; teams: {}", teams.join(", ")));
    }
    s.push_str(".\n");
    s
}

/// `Summary: 2 invited, 1 updated, 0 revoked, 0 removed; 1 failed, 0 skipped.`, with
/// `; teams: 1 created, …` after the members' counts when the plan changed `teams`, and
/// when the wait budget ran out (decision bulk-rate-limit-stop) `…, 1 refused by the
/// rate limit (ATLAS_RATE_LIMIT_WAIT spent), 3 not sent.`: the counts add up to the plan.
pub fn result_summary(tally: &Tally<Kind>, teams: bool) -> String {
    let parts: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{} {}", tally.done(Kind::Member(*a)), past(*a)))
        .collect();
    let mut s = format!("Summary: {}", parts.join(", "));
    if teams {
        let parts: Vec<String> = TeamAction::ALL
            .iter()
            .map(|a| format!("{} {}", tally.done(Kind::Team(*a)), team_words(*a).1))
            .collect();
        s.push_str(&format!("; teams: {}", parts.join(", ")));
    }
    s.push_str(&format!(
        "; {} failed, {} skipped",
        tally.failed, tally.skipped
    ));
    if tally.refused + tally.not_sent > 0 {
        s.push_str(&format!(
            ", {} {REFUSED}, {} {NOT_SENT}",
            tally.refused, tally.not_sent
        ));
    }
    s.push_str(".\n");
    s
}

/// One project's roles in a record: the project by name when the run listed it, else
/// by `groupId`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.ProjectRoles", rename_all = "camelCase")]
pub struct ProjectRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    pub roles: Vec<String>,
}

/// A member's or a team's fields in the file's shape, for `before` and `after`: a
/// member's `roles`, `teams` (names; `teamIds` for teams the run did not name) and
/// `groupRoleAssignments`; a team's `name`, `usernames` and `projects`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.Fields", rename_all = "camelCase")]
pub struct Fields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_role_assignments: Option<Vec<ProjectRecord>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usernames: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<ProjectRecord>>,
}

/// One change as `-o json` prints it: a member's (`username`) or a team's (`team`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.Change")]
pub struct Record {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub before: Option<Fields>,
    pub after: Option<Fields>,
    /// `planned`, `done`, `failed`, `skipped`, `refused` or `not-sent` (decisions
    /// apply-output, bulk-rate-limit-stop).
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What records name things with: the run's lists, if it took them (`names`), and the
/// users as listed (a deleted team's members).
#[derive(Clone, Copy)]
pub struct Labels<'a> {
    pub names: Option<&'a Names>,
    pub users: &'a [OrgUser],
}

fn list(set: &BTreeSet<String>) -> Vec<String> {
    set.iter().cloned().collect()
}

/// Project roles as records, in the order of their labels.
fn project_records(p: &Projects, names: Option<&Names>) -> Vec<ProjectRecord> {
    // Keyed by label (then id): ordered without a sort of our own.
    let out: BTreeMap<(&str, &str), ProjectRecord> = ordered(p.iter().map(|(id, roles)| {
        let name = names.and_then(|n| n.project_name(id));
        let rec = ProjectRecord {
            project: name.map(String::from),
            group_id: name.is_none().then(|| id.clone()),
            roles: list(roles),
        };
        ((project_label(names, id), id.as_str()), rec)
    }));
    out.into_values().collect()
}

/// A member's teams as records: `(teams, teamIds)`.
fn team_fields(
    ids: &BTreeSet<String>,
    extra: &[String],
    names: Option<&Names>,
) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let Some(n) = names else {
        return (None, Some(list(ids)));
    };
    let unnamed: Vec<String> = ids
        .iter()
        .filter(|id| n.team_name(id).is_none())
        .cloned()
        .collect();
    let named: BTreeSet<&str> = ids
        .iter()
        .filter_map(|id| n.team_name(id))
        .chain(extra.iter().map(String::as_str))
        .collect();
    (
        Some(named.into_iter().map(String::from).collect()),
        (!unnamed.is_empty()).then_some(unnamed),
    )
}

/// The `fields` of `a` (all three when `None`).
fn fields_of(
    a: &Access,
    fields: Option<&[Field]>,
    extra: &[String],
    names: Option<&Names>,
) -> Fields {
    let has = |f| fields.is_none_or(|list| list.contains(&f));
    let (teams, team_ids) = if has(Field::TeamIds) {
        team_fields(&a.team_ids, extra, names)
    } else {
        (None, None)
    };
    Fields {
        roles: has(Field::Roles).then(|| list(&a.org_roles)),
        teams,
        team_ids,
        group_role_assignments: has(Field::GroupRoleAssignments)
            .then(|| project_records(&a.projects, names)),
        ..Fields::default()
    }
}

fn result_of(outcome: Option<&Outcome>) -> (&'static str, Option<String>) {
    match outcome {
        None => ("planned", None),
        Some(Outcome::Done) => ("done", None),
        Some(Outcome::Skipped(_)) => ("skipped", None),
        Some(Outcome::Failed(e)) => ("failed", Some(e.to_string())),
        Some(Outcome::Refused(e)) => ("refused", Some(e.to_string())),
        Some(Outcome::NotSent) => ("not-sent", None),
    }
}

/// One member's record; `outcome` is `None` for a change not carried out.
pub fn record(
    change: &Change,
    refs: Option<&BTreeSet<TeamRef>>,
    names: Option<&Names>,
    outcome: Option<&Outcome>,
) -> Record {
    let (before, after) = match change {
        Change::Invite { member, replaces } => {
            let (teams, team_ids) = match &member.team_ids {
                Some(t) => team_fields(t, &new_teams(refs), names),
                None => (None, None),
            };
            (
                replaces
                    .as_ref()
                    .map(|u| fields_of(&u.access, None, &[], names)),
                Some(Fields {
                    roles: Some(list(&member.org_roles)),
                    teams,
                    team_ids,
                    group_role_assignments: member
                        .projects
                        .as_ref()
                        .map(|p| project_records(p, names)),
                    ..Fields::default()
                }),
            )
        }
        Change::Update {
            user,
            after,
            fields,
        } => (
            Some(fields_of(&user.access, Some(fields), &[], names)),
            Some(fields_of(after, Some(fields), &new_teams(refs), names)),
        ),
        Change::Revoke { user } | Change::Remove { user } => {
            (Some(fields_of(&user.access, None, &[], names)), None)
        }
    };
    let (result, error) = result_of(outcome);
    Record {
        action: change.action().as_str().into(),
        username: Some(change.username().into()),
        team: None,
        before,
        after,
        result: result.into(),
        error,
    }
}

/// One team change's record.
pub fn team_record(change: &TeamChange, labels: Labels, outcome: Option<&Outcome>) -> Record {
    let projects =
        |side: &dyn Fn(&crate::api::membership::teams::ProjectRoles) -> &BTreeSet<String>| {
            let p: Projects = match change {
                TeamChange::Projects { projects, .. } => ordered(
                    projects
                        .iter()
                        .filter(|p| !side(p).is_empty())
                        .map(|p| (p.group_id.clone(), side(p).clone())),
                ),
                _ => Projects::new(),
            };
            Some(project_records(&p, labels.names))
        };
    let name = |n: &str| Fields {
        name: Some(n.to_string()),
        ..Fields::default()
    };
    let (before, after) = match change {
        TeamChange::Create { name, usernames } => (
            None,
            Some(Fields {
                name: Some(name.clone()),
                usernames: Some(usernames.clone()),
                ..Fields::default()
            }),
        ),
        TeamChange::Rename { from, to, .. } => (Some(name(from)), Some(name(to))),
        TeamChange::Projects { .. } => (
            Some(Fields {
                projects: projects(&|p| &p.before),
                ..Fields::default()
            }),
            Some(Fields {
                projects: projects(&|p| &p.after),
                ..Fields::default()
            }),
        ),
        TeamChange::Delete { id, name } => {
            // By username ignoring case, as export sorts them.
            let usernames: Vec<String> = ordered::<BTreeSet<(String, String)>, _>(
                labels
                    .users
                    .iter()
                    .filter(|u| u.access.team_ids.contains(id))
                    .map(|u| (fold(&u.username), u.username.clone())),
            )
            .into_iter()
            .map(|(_, u)| u)
            .collect();
            (
                Some(Fields {
                    name: Some(name.clone()),
                    usernames: Some(usernames),
                    ..Fields::default()
                }),
                None,
            )
        }
    };
    let (result, error) = result_of(outcome);
    Record {
        action: change.action().as_str().into(),
        username: None,
        team: Some(change.name().into()),
        before,
        after,
        result: result.into(),
        error,
    }
}

/// Every step's record, in the order of the plan's steps; `outcomes` (in that order)
/// when the plan was carried out.
pub fn records(plan: &Plan, labels: Labels, outcomes: Option<&[Outcome]>) -> Vec<Record> {
    plan.steps()
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let outcome = outcomes.and_then(|o| o.get(i));
            match step {
                Step::Member(c) => record(c, member_refs(plan, c).as_ref(), labels.names, outcome),
                Step::Team(t) => team_record(t, labels, outcome),
            }
        })
        .collect()
}

/// One member of an exported file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.ExportedMember", rename_all = "camelCase")]
pub struct Exported {
    pub username: String,
    pub roles: Vec<String>,
    pub team_ids: Vec<String>,
    pub group_role_assignments: Vec<GroupRoleAssignment>,
}

/// The organization's pending invitations and active members as a members file, by
/// username; when a username has both, the member (decision export-format).
pub fn export(users: &[OrgUser]) -> Vec<Exported> {
    exported_users(users)
        .into_iter()
        .map(|u| Exported {
            username: u.username.clone(),
            roles: list(&u.access.org_roles),
            team_ids: list(&u.access.team_ids),
            group_role_assignments: wire::file_assignments(&u.access.projects),
        })
        .collect()
}

/// The users an export writes, in its order: pending and active ones by username
/// (ignoring case), one per username, the member before the invitation.
pub fn exported_users(users: &[OrgUser]) -> Vec<&OrgUser> {
    let mut chosen: Vec<&OrgUser> = users
        .iter()
        .filter(|u| matches!(u.status, Status::Active | Status::Pending))
        .collect();
    slice_stable(&mut chosen, |a, b| {
        fold(&a.username)
            .cmp(&fold(&b.username))
            .then((a.status != Status::Active).cmp(&(b.status != Status::Active)))
            .then(a.username.cmp(&b.username))
            .then(a.id.cmp(&b.id))
    });
    chosen.dedup_by(|later, first| fold(&later.username) == fold(&first.username));
    chosen
}

/// The file's bytes: Go's `MarshalIndent` (two spaces) and a final newline.
pub fn export_bytes(members: &[Exported]) -> Vec<u8> {
    // Only strings and lists: encoding cannot fail.
    let mut out = crate::go::json::marshal_indent(members).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::bulk::{Quiet, Skip};
    use crate::api::membership::execute::execute;
    use crate::api::membership::memory::Memory;
    use crate::api::membership::plan::{plan, Options};
    use crate::api::membership::{members, Member};
    use crate::error::Error;

    const G1: &str = "6c73999ae7966f00563911a4";
    const T1: &str = "5f71e5255afec75a3d0f96dc";

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn user(id: &str, name: &str, status: Status, access: Access) -> OrgUser {
        OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access,
        }
    }

    fn roles(r: &[&str]) -> Access {
        Access {
            org_roles: set(r),
            ..Access::default()
        }
    }

    fn org() -> Vec<OrgUser> {
        vec![
            user("b0", "boss@x.com", Status::Active, roles(&["ORG_OWNER"])),
            user(
                "u1",
                "upd@x.com",
                Status::Active,
                Access {
                    org_roles: set(&["ORG_MEMBER"]),
                    team_ids: set(&[T1]),
                    projects: [(G1.to_string(), set(&["GROUP_READ_ONLY"]))].into(),
                },
            ),
            user("e1", "exp@x.com", Status::Expired, roles(&["ORG_MEMBER"])),
            user(
                "p1",
                "pend@x.com",
                Status::Pending,
                roles(&["ORG_READ_ONLY"]),
            ),
            user("a1", "gone@x.com", Status::Active, roles(&["ORG_MEMBER"])),
        ]
    }

    fn file() -> Vec<Member> {
        let doc = format!(
            r#"[{{"username":"boss@x.com","roles":["ORG_OWNER"]}},
                {{"username":"new@x.com","roles":["ORG_MEMBER"],"teamIds":["{T1}"]}},
                {{"username":"exp@x.com","roles":["ORG_MEMBER"]}},
                {{"username":"upd@x.com","roles":["ORG_OWNER","ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{G1}","roles":["GROUP_OWNER","GROUP_READ_ONLY"]}}]}}]"#
        );
        members::parse(doc.as_bytes()).unwrap().members
    }

    fn labels() -> Labels<'static> {
        Labels {
            names: None,
            users: &[],
        }
    }

    fn the_plan() -> Plan {
        plan(
            &file(),
            &org(),
            &Options {
                prune: true,
                prune_members: true,
                max_removals: 5,
            },
        )
        .unwrap()
    }

    #[test]
    fn plan_lines_and_summary() {
        let p = the_plan();
        assert_eq!(
            plan_text(&p, None),
            format!(
                "+ invite new@x.com roles=[ORG_MEMBER] teamIds=[{T1}]\n\
                 + invite exp@x.com roles=[ORG_MEMBER] (invitation expired)\n\
                 ~ update upd@x.com roles=[ORG_MEMBER] → [ORG_MEMBER,ORG_OWNER] groupRoleAssignments=[{G1}=GROUP_READ_ONLY] → [{G1}=GROUP_OWNER+GROUP_READ_ONLY] (active member)\n\
                 - revoke pend@x.com roles=[ORG_READ_ONLY] (pending invitation)\n\
                 - remove gone@x.com roles=[ORG_MEMBER] (active member)\n"
            )
        );
        assert_eq!(
            plan_summary(&p),
            "Plan: 2 to invite, 1 to update, 1 to revoke, 1 to remove.\n"
        );
        let mut t = Tally::new(5);
        let member = Kind::Member;
        t.add(member(Action::Invite), &Outcome::Done);
        t.add(
            member(Action::Invite),
            &Outcome::Failed(Error::Api("x".into())),
        );
        t.add(member(Action::Revoke), &Outcome::Skipped(Skip::Gone));
        assert_eq!(
            result_summary(&t, false),
            "Summary: 1 invited, 0 updated, 0 revoked, 0 removed; 1 failed, 1 skipped.\n"
        );
        // The budget spent: one refused, the rest not sent; the counts add up.
        t.add(
            member(Action::Update),
            &Outcome::Refused(Error::RateLimited {
                request: "POST x".into(),
                via: None,
                limit: crate::error::RateLimit::example(),
            }),
        );
        t.add(member(Action::Remove), &Outcome::NotSent);
        assert_eq!(
            result_summary(&t, false),
            "Summary: 1 invited, 0 updated, 0 revoked, 0 removed; 1 failed, 1 skipped, 1 refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent), 1 not sent.\n"
        );
    }

    #[test]
    fn json_records() {
        let p = the_plan();
        let mut outcomes = vec![Outcome::Done; p.changes.len()];
        outcomes[1] = Outcome::Failed(Error::Api("boom".into()));
        outcomes[3] = Outcome::Skipped(Skip::BecameActive);
        let recs = records(&p, labels(), Some(&outcomes));
        let json = String::from_utf8(crate::go::json::marshal(&recs).unwrap()).unwrap();
        assert_eq!(
            json,
            format!(
                concat!(
                    r#"[{{"action":"invite","username":"new@x.com","before":null,"after":{{"roles":["ORG_MEMBER"],"teamIds":["{T1}"]}},"result":"done"}},"#,
                    r#"{{"action":"invite","username":"exp@x.com","before":{{"roles":["ORG_MEMBER"],"teamIds":[],"groupRoleAssignments":[]}},"after":{{"roles":["ORG_MEMBER"]}},"result":"failed","error":"boom"}},"#,
                    r#"{{"action":"update","username":"upd@x.com","before":{{"roles":["ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{G1}","roles":["GROUP_READ_ONLY"]}}]}},"after":{{"roles":["ORG_MEMBER","ORG_OWNER"],"groupRoleAssignments":[{{"groupId":"{G1}","roles":["GROUP_OWNER","GROUP_READ_ONLY"]}}]}},"result":"done"}},"#,
                    r#"{{"action":"revoke","username":"pend@x.com","before":{{"roles":["ORG_READ_ONLY"],"teamIds":[],"groupRoleAssignments":[]}},"after":null,"result":"skipped"}},"#,
                    r#"{{"action":"remove","username":"gone@x.com","before":{{"roles":["ORG_MEMBER"],"teamIds":[],"groupRoleAssignments":[]}},"after":null,"result":"done"}}]"#
                ),
                T1 = T1,
                G1 = G1
            )
        );
        assert!(records(&p, labels(), None)
            .iter()
            .all(|r| r.result == "planned"));
        // The wait budget spent on change 3 (decision bulk-rate-limit-stop).
        outcomes[2] = Outcome::Refused(Error::RateLimited {
            request: "POST x".into(),
            via: None,
            limit: crate::error::RateLimit::example(),
        });
        outcomes[3] = Outcome::NotSent;
        outcomes[4] = Outcome::NotSent;
        let results: Vec<(String, Option<String>)> = records(&p, labels(), Some(&outcomes))
            .into_iter()
            .map(|r| (r.result, r.error))
            .collect();
        assert_eq!(
            results[2..],
            [
                (
                    "refused".to_string(),
                    Some(format!("POST x: {}", crate::error::EXAMPLE_LIMIT))
                ),
                ("not-sent".to_string(), None),
                ("not-sent".to_string(), None),
            ]
        );
    }

    #[test]
    fn export_then_check_plans_nothing() {
        let mut users = org();
        // A username with a pending and a dead record, in another case, and a rejected one.
        users.push(user(
            "e2",
            "PEND@x.com",
            Status::Rejected,
            roles(&["ORG_MEMBER"]),
        ));
        users.push(user(
            "r1",
            "rej@x.com",
            Status::Rejected,
            roles(&["ORG_MEMBER"]),
        ));
        let bytes = export_bytes(&export(&users));
        let text = String::from_utf8(bytes.clone()).unwrap();
        // Sorted by username, two-space indented, pending and active only.
        let names: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("    \"username\": \""))
            .collect();
        assert_eq!(
            names,
            [
                "boss@x.com\",",
                "gone@x.com\",",
                "pend@x.com\",",
                "upd@x.com\","
            ]
        );
        assert!(text.starts_with("[\n  {\n    \"username\": \"boss@x.com\",\n    \"roles\": [\n      \"ORG_OWNER\"\n    ],\n    \"teamIds\": [],\n    \"groupRoleAssignments\": []\n  },\n"));
        assert!(text.ends_with("}\n]\n"));
        // Stable bytes whatever the listing order.
        let mut shuffled = users.clone();
        shuffled.reverse();
        assert_eq!(export_bytes(&export(&shuffled)), bytes);
        // The round trip: the exported file is a valid members file that plans nothing,
        // with or without pruning invitations that are not dead.
        let parsed = members::parse(&bytes).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let p = plan(&parsed.members, &users, &Options::default()).unwrap();
        assert!(p.is_empty(), "{p:?}");
        let p = plan(
            &parsed.members,
            &users,
            &Options {
                prune_members: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert!(p.is_empty(), "{p:?}");
        // An empty organization exports an empty list.
        assert_eq!(export_bytes(&export(&[])), b"[]\n");
    }

    #[test]
    fn apply_then_plan_again_is_empty() {
        let users = org();
        let mut api = Memory::new(users);
        let opts = Options {
            prune: true,
            prune_members: true,
            max_removals: 5,
        };
        let p = plan(&file(), &api.users.clone(), &opts).unwrap();
        let outcomes = execute(&p, &Names::default(), &mut api, &mut Quiet)
            .unwrap()
            .outcomes;
        assert!(outcomes.iter().all(|o| *o == Outcome::Done));
        let again = plan(&file(), &api.users.clone(), &opts).unwrap();
        assert!(again.is_empty(), "{again:?}");
    }

    #[test]
    fn team_lines_records_and_summaries_name_teams_and_projects() {
        use crate::api::membership::teams::ProjectRoles;
        use crate::api::membership::{OrgProject, OrgTeam};
        const T2: &str = "5f71e5255afec75a3d0f96dd";
        let names = Names::new(
            &[OrgTeam {
                id: T1.into(),
                name: "Ops".into(),
                projects: Projects::new(),
            }],
            &[OrgProject {
                id: G1.into(),
                name: "Prod".into(),
            }],
        );
        let g2 = "6c73999ae7966f00563911a5";
        let teams = vec![
            TeamChange::Rename {
                id: T1.into(),
                from: "Legacy".into(),
                to: "Ops".into(),
            },
            TeamChange::Create {
                name: "Web".into(),
                usernames: vec!["a@x.com".into(), "b@x.com".into()],
            },
            TeamChange::Projects {
                team: TeamRef::New("Web".into()),
                name: "Web".into(),
                projects: vec![
                    ProjectRoles {
                        group_id: G1.into(),
                        before: set(&[]),
                        after: set(&["GROUP_READ_ONLY"]),
                    },
                    ProjectRoles {
                        group_id: g2.into(),
                        before: set(&["GROUP_OWNER"]),
                        after: set(&[]),
                    },
                ],
                deleting: false,
            },
            TeamChange::Delete {
                id: T2.into(),
                name: "Stale".into(),
            },
        ];
        let upd = user(
            "u1",
            "upd@x.com",
            Status::Active,
            Access {
                org_roles: set(&["ORG_MEMBER"]),
                team_ids: set(&[T2]),
                ..Access::default()
            },
        );
        let p = Plan {
            changes: vec![Change::Update {
                user: upd.clone(),
                after: Access {
                    org_roles: set(&["ORG_MEMBER"]),
                    team_ids: set(&[T1]),
                    projects: [(G1.to_string(), set(&["GROUP_OWNER"]))].into(),
                },
                fields: vec![Field::TeamIds, Field::GroupRoleAssignments],
            }],
            teams,
            team_refs: [(
                "u1".to_string(),
                [TeamRef::Existing(T1.into()), TeamRef::New("Web".into())].into(),
            )]
            .into(),
            ..Plan::default()
        };
        assert_eq!(
            plan_text(&p, Some(&names)),
            format!(
                "~ rename team Legacy → Ops\n\
                 + create team Web (members a@x.com, b@x.com)\n\
                 ~ update upd@x.com teams=[{T2}] → [Ops,Web] groupRoleAssignments=[] → [Prod=GROUP_OWNER] (active member)\n\
                 ~ team Web projects Prod: [] → [GROUP_READ_ONLY]; {g2}: [GROUP_OWNER] → []\n\
                 - delete team Stale\n"
            )
        );
        assert_eq!(
            plan_summary(&p),
            "Plan: 0 to invite, 1 to update, 0 to revoke, 0 to remove; teams: 1 to create, 1 to rename, 1 to change in projects, 1 to delete.\n"
        );
        let mut t = Tally::new(5);
        t.add(Kind::Team(TeamAction::Create), &Outcome::Done);
        t.add(Kind::Member(Action::Update), &Outcome::Done);
        assert_eq!(
            result_summary(&t, true),
            "Summary: 0 invited, 1 updated, 0 revoked, 0 removed; teams: 1 created, 0 renamed, 0 changed in projects, 0 deleted; 0 failed, 0 skipped.\n"
        );
        let users = [upd];
        let labels = Labels {
            names: Some(&names),
            users: &users,
        };
        let recs = records(&p, labels, None);
        let json = String::from_utf8(crate::go::json::marshal(&recs).unwrap()).unwrap();
        assert_eq!(
            json,
            format!(
                concat!(
                    r#"[{{"action":"rename-team","team":"Ops","before":{{"name":"Legacy"}},"after":{{"name":"Ops"}},"result":"planned"}},"#,
                    r#"{{"action":"create-team","team":"Web","before":null,"after":{{"name":"Web","usernames":["a@x.com","b@x.com"]}},"result":"planned"}},"#,
                    r#"{{"action":"update","username":"upd@x.com","before":{{"teams":[],"teamIds":["{T2}"],"groupRoleAssignments":[]}},"after":{{"teams":["Ops","Web"],"groupRoleAssignments":[{{"project":"Prod","roles":["GROUP_OWNER"]}}]}},"result":"planned"}},"#,
                    r#"{{"action":"team-projects","team":"Web","before":{{"projects":[{{"groupId":"{g2}","roles":["GROUP_OWNER"]}}]}},"after":{{"projects":[{{"project":"Prod","roles":["GROUP_READ_ONLY"]}}]}},"result":"planned"}},"#,
                    r#"{{"action":"delete-team","team":"Stale","before":{{"name":"Stale","usernames":["upd@x.com"]}},"after":null,"result":"planned"}}]"#
                ),
                T2 = T2,
                g2 = g2
            )
        );
    }
}
