//! Carrying a plan out: one change after another against [`OrgUsers`], through the
//! bulk runner ([`crate::api::bulk`]), which keeps each result, reports each step to
//! an [`Observer`] and applies the one rate-limit policy.

use super::plan::Plan;
use super::{Action, Change, OrgUsers, Patch, Status};
use crate::api::bulk::{self, Item, Observer, Outcome, Run, Skip};
use crate::error::{Error, Result};

impl Item for Change {
    type Kind = Action;
    fn kind(&self) -> Action {
        self.action()
    }
    fn username(&self) -> &str {
        Change::username(self)
    }
}

/// Carries `plan` out in order through the bulk runner (its policies hold: decision
/// bulk-rate-limit-stop): one outcome per change, in the plan's order, and their counts.
pub fn execute(
    plan: &Plan,
    api: &mut dyn OrgUsers,
    observer: &mut dyn Observer<Change>,
) -> Result<Run<Action>> {
    // Active owners known to remain: the plan's steady ones, plus grants that succeeded.
    let mut owners = plan.steady_owners;
    bulk::run(
        &plan.changes,
        &mut |change| {
            let outcome = if change.drops_active_owner() && owners == 0 {
                Outcome::Failed(Error::Api(
                    "not sent: no other active member is confirmed to hold ORG_OWNER (the update granting it failed)".into(),
                ))
            } else {
                one(change, api)
            };
            if outcome == Outcome::Done && change.grants_active_owner() {
                owners += 1;
            }
            Ok(outcome)
        },
        observer,
    )
}

fn one(change: &Change, api: &mut dyn OrgUsers) -> Outcome {
    let result = match change {
        Change::Invite { member, .. } => api.create(member),
        Change::Update {
            user,
            after,
            fields,
        } => api.update(&user.id, &Patch::of(after, fields)),
        // Decision apply-revoke-became-active: read again, never delete a member here.
        Change::Revoke { user } => match api.get(&user.id) {
            Ok(Some(now)) if now.status == Status::Active => {
                return Outcome::Skipped(Skip::BecameActive)
            }
            Ok(None) => return Outcome::Skipped(Skip::Gone),
            Ok(Some(_)) => api.remove(&user.id),
            Err(e) => Err(e),
        },
        Change::Remove { user } => api.remove(&user.id),
    };
    match result {
        Ok(()) => Outcome::Done,
        Err(e) => Outcome::Failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::super::memory::{Call, Memory};
    use super::super::plan::{plan, Options};
    use super::super::{Access, Member, OrgUser};
    use super::*;
    use crate::api::bulk::{Quiet, Tally};
    use std::collections::BTreeSet;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn user(id: &str, name: &str, status: Status, roles: &[&str]) -> OrgUser {
        OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access: Access {
                org_roles: set(roles),
                ..Access::default()
            },
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

    /// Records what the observer saw.
    #[derive(Default)]
    struct Log(Vec<String>);

    /// `12 of 50 changes (invite 10, update 2), 1 failed`.
    fn progress_text(t: &Tally<Action>) -> String {
        let parts: Vec<String> = Action::ALL
            .iter()
            .filter(|a| t.done(**a) > 0)
            .map(|a| format!("{} {}", a.as_str(), t.done(*a)))
            .collect();
        let mut s = format!("{} of {} changes", t.finished(), t.total);
        if !parts.is_empty() {
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        if t.failed > 0 {
            s.push_str(&format!(", {} failed", t.failed));
        }
        s
    }

    impl Observer<Change> for Log {
        fn starting(&mut self, number: usize, change: &Change, _: &Tally<Action>) {
            self.0.push(format!("start {number} {}", change.username()));
        }
        fn finished(&mut self, number: usize, c: &Change, o: &Outcome, t: &Tally<Action>) {
            let o = match o {
                Outcome::Done => "done".to_string(),
                Outcome::Skipped(s) => format!("skipped {s:?}"),
                Outcome::Failed(e) => format!("failed {e}"),
                Outcome::Refused(e) => format!("refused {e}"),
                Outcome::NotSent => "not sent".to_string(),
            };
            self.0.push(format!(
                "{number} {} {} {o} [{}]",
                c.action().as_str(),
                c.username(),
                progress_text(t)
            ));
        }
    }

    fn org() -> Vec<OrgUser> {
        vec![
            user("b0", "boss@x.com", Status::Active, &["ORG_OWNER"]),
            user("u1", "upd@x.com", Status::Active, &["ORG_MEMBER"]),
            user("p1", "pend@x.com", Status::Pending, &["ORG_MEMBER"]),
            user("p2", "late@x.com", Status::Pending, &["ORG_MEMBER"]),
            user("a1", "gone@x.com", Status::Active, &["ORG_MEMBER"]),
        ]
    }

    #[test]
    fn every_change_in_order_with_failures_and_a_user_who_became_active() {
        let members = [
            member("boss@x.com", &["ORG_OWNER"]),
            member("new@x.com", &["ORG_MEMBER"]),
            member("bad@x.com", &["ORG_MEMBER"]),
            member("upd@x.com", &["ORG_READ_ONLY"]),
        ];
        let p = plan(
            &members,
            &org(),
            &Options {
                prune: true,
                prune_members: true,
                max_removals: 5,
            },
        )
        .unwrap();
        let mut api = Memory::new(org());
        api.fail_create("bad@x.com");
        // late@x.com accepts between the list and the revoke.
        api.on_get(
            "p2",
            user("p2", "late@x.com", Status::Active, &["ORG_MEMBER"]),
        );
        let mut log = Log::default();
        let outcomes = execute(&p, &mut api, &mut log).unwrap().outcomes;
        assert_eq!(outcomes.len(), 6);
        assert_eq!(
            log.0,
            [
                "start 1 new@x.com",
                "1 invite new@x.com done [1 of 6 changes (invite 1)]",
                "start 2 bad@x.com",
                "2 invite bad@x.com failed refused by the test [2 of 6 changes (invite 1), 1 failed]",
                "start 3 upd@x.com",
                "3 update upd@x.com done [3 of 6 changes (invite 1, update 1), 1 failed]",
                "start 4 late@x.com",
                "4 revoke late@x.com skipped BecameActive [4 of 6 changes (invite 1, update 1), 1 failed]",
                "start 5 pend@x.com",
                "5 revoke pend@x.com done [5 of 6 changes (invite 1, update 1, revoke 1), 1 failed]",
                "start 6 gone@x.com",
                "6 remove gone@x.com done [6 of 6 changes (invite 1, update 1, revoke 1, remove 1), 1 failed]",
            ]
        );
        // What was sent, in order: a revoke reads the user first; the skipped one is
        // not deleted.
        assert_eq!(
            api.calls,
            [
                Call::Create("new@x.com".into()),
                Call::Create("bad@x.com".into()),
                Call::Update(
                    "u1".into(),
                    "{\"roles\":{\"groupRoleAssignments\":[],\"orgRoles\":[\"ORG_READ_ONLY\"]}}"
                        .into()
                ),
                Call::Get("p2".into()),
                Call::Get("p1".into()),
                Call::Remove("p1".into()),
                Call::Remove("a1".into()),
            ]
        );
        // And a second run against the result plans only what failed or was skipped.
        let again = plan(
            &members,
            &api.users,
            &Options {
                prune: true,
                prune_members: true,
                max_removals: 5,
            },
        )
        .unwrap();
        let left: Vec<(Action, &str)> = again
            .changes
            .iter()
            .map(|c| (c.action(), c.username()))
            .collect();
        assert_eq!(
            left,
            [
                (Action::Invite, "bad@x.com"),
                (Action::Remove, "late@x.com")
            ]
        );
    }

    #[test]
    fn a_revoke_whose_user_is_gone_or_unreadable() {
        let users = vec![
            user("b0", "boss@x.com", Status::Active, &["ORG_OWNER"]),
            user("p1", "a@x.com", Status::Pending, &[]),
            user("p2", "b@x.com", Status::Expired, &[]),
        ];
        let p = plan(
            &[member("boss@x.com", &["ORG_OWNER"])],
            &users,
            &Options {
                prune: true,
                ..Options::default()
            },
        )
        .unwrap();
        let mut api = Memory::new(users);
        api.forget("p1");
        api.fail_get("p2");
        let outcomes = execute(&p, &mut api, &mut Quiet).unwrap().outcomes;
        assert_eq!(outcomes[0], Outcome::Skipped(Skip::Gone));
        assert!(matches!(&outcomes[1], Outcome::Failed(_)));
        assert!(!api.calls.iter().any(|c| matches!(c, Call::Remove(_))));
    }

    #[test]
    fn an_owner_is_not_dropped_when_the_grant_failed() {
        let users = vec![
            user("b0", "boss@x.com", Status::Active, &["ORG_OWNER"]),
            user("m1", "heir@x.com", Status::Active, &["ORG_MEMBER"]),
        ];
        let members = [
            member("boss@x.com", &["ORG_MEMBER"]),
            member("heir@x.com", &["ORG_OWNER"]),
        ];
        let p = plan(&members, &users, &Options::default()).unwrap();
        let mut api = Memory::new(users.clone());
        api.fail_update("m1");
        let outcomes = execute(&p, &mut api, &mut Quiet).unwrap().outcomes;
        assert!(
            matches!(&outcomes[0], Outcome::Failed(e) if e.to_string() == "refused by the test")
        );
        assert!(
            matches!(&outcomes[1], Outcome::Failed(e) if e.to_string().starts_with("not sent: no other active member"))
        );
        assert_eq!(api.calls.len(), 1, "{:?}", api.calls);
        // When the grant works, the demotion follows.
        let mut api = Memory::new(users);
        let outcomes = execute(&p, &mut api, &mut Quiet).unwrap().outcomes;
        assert_eq!(outcomes, [Outcome::Done, Outcome::Done]);
    }
}
