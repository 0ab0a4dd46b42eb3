//! What `apply` and `export` print: the plan's lines, the summaries, the `-o json`
//! records, and the exported members file. Pure, with stable bytes.
//!
//! One line per change, fields named as in the file, lists in set order:
//! ```text
//! + invite a@x.com roles=[ORG_MEMBER] teamIds=[5f…]
//! + invite e@x.com roles=[ORG_MEMBER] (invitation expired)
//! ~ update b@x.com roles=[ORG_MEMBER] → [ORG_OWNER] groupRoleAssignments=[] → [6c…=GROUP_OWNER] (active member)
//! - revoke c@x.com roles=[ORG_MEMBER] (pending invitation)
//! - remove d@x.com roles=[ORG_MEMBER] (active member)
//! ```

use super::bulk::{NOT_SENT, REFUSED};
use crate::api::bulk::{Outcome, Tally};
use crate::api::membership::plan::Plan;
use crate::api::membership::{
    fold, wire, Access, Action, Change, Field, OrgUser, Projects, Status,
};
use crate::api::model::GroupRoleAssignment;
use crate::go::sort::slice_stable;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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

/// When the organization already matches the file.
pub const NOTHING_TO_DO: &str = "Nothing to do: the organization matches the file.\n";

fn set_text(set: &BTreeSet<String>) -> String {
    format!("[{}]", set.iter().cloned().collect::<Vec<_>>().join(","))
}

fn projects_text(p: &Projects) -> String {
    let items: Vec<String> = p
        .iter()
        .map(|(id, roles)| {
            format!(
                "{id}={}",
                roles.iter().cloned().collect::<Vec<_>>().join("+")
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn field_text(field: Field, a: &Access) -> String {
    match field {
        Field::Roles => set_text(&a.org_roles),
        Field::TeamIds => set_text(&a.team_ids),
        Field::GroupRoleAssignments => projects_text(&a.projects),
    }
}

/// The plan's line for one change (without the newline).
pub fn line(change: &Change) -> String {
    let mut s = match change {
        Change::Invite { member, replaces } => {
            let mut s = format!(
                "+ invite {} roles={}",
                member.username,
                set_text(&member.org_roles)
            );
            if let Some(t) = &member.team_ids {
                s.push_str(&format!(" teamIds={}", set_text(t)));
            }
            if let Some(p) = &member.projects {
                s.push_str(&format!(" groupRoleAssignments={}", projects_text(p)));
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
            for f in fields {
                s.push_str(&format!(
                    " {}={} → {}",
                    f.as_str(),
                    field_text(*f, &user.access),
                    field_text(*f, after)
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

/// Every line of the plan, each with its newline.
pub fn plan_text(plan: &Plan) -> String {
    plan.changes
        .iter()
        .map(|c| crate::go::strconv::inert(&line(c)).into_owned() + "\n")
        .collect()
}

/// `Plan: 2 to invite, 1 to update, 0 to revoke, 0 to remove.`
pub fn plan_summary(plan: &Plan) -> String {
    let parts: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{} to {}", plan.count(*a), a.as_str()))
        .collect();
    format!("Plan: {}.\n", parts.join(", "))
}

/// `Summary: 2 invited, 1 updated, 0 revoked, 0 removed; 1 failed, 0 skipped.`, and
/// when the wait budget ran out (decision bulk-rate-limit-stop) `…, 1 refused by the
/// rate limit (ATLAS_RATE_LIMIT_WAIT spent), 3 not sent.`: the counts add up to the plan.
pub fn result_summary(tally: &Tally<Action>) -> String {
    let parts: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{} {}", tally.done(*a), past(*a)))
        .collect();
    let mut s = format!(
        "Summary: {}; {} failed, {} skipped",
        parts.join(", "),
        tally.failed,
        tally.skipped
    );
    if tally.refused + tally.not_sent > 0 {
        s.push_str(&format!(
            ", {} {REFUSED}, {} {NOT_SENT}",
            tally.refused, tally.not_sent
        ));
    }
    s.push_str(".\n");
    s
}

/// A member's fields in the file's shape, for `before` and `after`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.Member", rename_all = "camelCase")]
pub struct Fields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_role_assignments: Option<Vec<GroupRoleAssignment>>,
}

/// One change as `-o json` prints it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.Change")]
pub struct Record {
    pub action: String,
    pub username: String,
    pub before: Option<Fields>,
    pub after: Option<Fields>,
    /// `planned`, `done`, `failed`, `skipped`, `refused` or `not-sent` (decisions
    /// apply-output, bulk-rate-limit-stop).
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn list(set: &BTreeSet<String>) -> Vec<String> {
    set.iter().cloned().collect()
}

/// The `fields` of `a` (all three when `None`).
fn fields_of(a: &Access, fields: Option<&[Field]>) -> Fields {
    let has = |f| fields.is_none_or(|list| list.contains(&f));
    Fields {
        roles: has(Field::Roles).then(|| list(&a.org_roles)),
        team_ids: has(Field::TeamIds).then(|| list(&a.team_ids)),
        group_role_assignments: has(Field::GroupRoleAssignments)
            .then(|| wire::file_assignments(&a.projects)),
    }
}

/// One record; `outcome` is `None` for a change not carried out.
pub fn record(change: &Change, outcome: Option<&Outcome>) -> Record {
    let (before, after) = match change {
        Change::Invite { member, replaces } => (
            replaces.as_ref().map(|u| fields_of(&u.access, None)),
            Some(Fields {
                roles: Some(list(&member.org_roles)),
                team_ids: member.team_ids.as_ref().map(list),
                group_role_assignments: member.projects.as_ref().map(wire::file_assignments),
            }),
        ),
        Change::Update {
            user,
            after,
            fields,
        } => (
            Some(fields_of(&user.access, Some(fields))),
            Some(fields_of(after, Some(fields))),
        ),
        Change::Revoke { user } | Change::Remove { user } => {
            (Some(fields_of(&user.access, None)), None)
        }
    };
    let (result, error) = match outcome {
        None => ("planned", None),
        Some(Outcome::Done) => ("done", None),
        Some(Outcome::Skipped(_)) => ("skipped", None),
        Some(Outcome::Failed(e)) => ("failed", Some(e.to_string())),
        Some(Outcome::Refused(e)) => ("refused", Some(e.to_string())),
        Some(Outcome::NotSent) => ("not-sent", None),
    };
    Record {
        action: change.action().as_str().into(),
        username: change.username().into(),
        before,
        after,
        result: result.into(),
        error,
    }
}

/// Every change's record; `outcomes` (in plan order) when the plan was carried out.
pub fn records(plan: &Plan, outcomes: Option<&[Outcome]>) -> Vec<Record> {
    plan.changes
        .iter()
        .enumerate()
        .map(|(i, c)| record(c, outcomes.and_then(|o| o.get(i))))
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
            plan_text(&p),
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
        t.add(Action::Invite, &Outcome::Done);
        t.add(Action::Invite, &Outcome::Failed(Error::Api("x".into())));
        t.add(Action::Revoke, &Outcome::Skipped(Skip::Gone));
        assert_eq!(
            result_summary(&t),
            "Summary: 1 invited, 0 updated, 0 revoked, 0 removed; 1 failed, 1 skipped.\n"
        );
        // The budget spent: one refused, the rest not sent; the counts add up.
        t.add(
            Action::Update,
            &Outcome::Refused(Error::RateLimited {
                request: "POST x".into(),
                via: None,
                limit: crate::error::RateLimit::example(),
            }),
        );
        t.add(Action::Remove, &Outcome::NotSent);
        assert_eq!(
            result_summary(&t),
            "Summary: 1 invited, 0 updated, 0 revoked, 0 removed; 1 failed, 1 skipped, 1 refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent), 1 not sent.\n"
        );
    }

    #[test]
    fn json_records() {
        let p = the_plan();
        let mut outcomes = vec![Outcome::Done; p.changes.len()];
        outcomes[1] = Outcome::Failed(Error::Api("boom".into()));
        outcomes[3] = Outcome::Skipped(Skip::BecameActive);
        let recs = records(&p, Some(&outcomes));
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
        assert!(records(&p, None).iter().all(|r| r.result == "planned"));
        // The wait budget spent on change 3 (decision bulk-rate-limit-stop).
        outcomes[2] = Outcome::Refused(Error::RateLimited {
            request: "POST x".into(),
            via: None,
            limit: crate::error::RateLimit::example(),
        });
        outcomes[3] = Outcome::NotSent;
        outcomes[4] = Outcome::NotSent;
        let results: Vec<(String, Option<String>)> = records(&p, Some(&outcomes))
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
        let outcomes = execute(&p, &mut api, &mut Quiet).unwrap().outcomes;
        assert!(outcomes.iter().all(|o| *o == Outcome::Done));
        let again = plan(&file(), &api.users.clone(), &opts).unwrap();
        assert!(again.is_empty(), "{again:?}");
    }
}
