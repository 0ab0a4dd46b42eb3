//! Carrying a plan out: one step after another (members' and teams' changes, in the
//! order of [`Plan::steps`]) against [`OrgUsers`], through the bulk runner
//! ([`crate::api::bulk`]), which keeps each result, reports each step to an
//! [`Observer`] and applies the one rate-limit policy.
//!
//! A team this run creates has no id until createOrgTeam answers: the steps after it
//! that name it (`TeamRef::New`) get the id it returned; when its creation failed they
//! are not sent, and fail saying why (decision apply-team-failures).

use super::names::Names;
use super::plan::{Kind, Plan, Step};
use super::teams::TeamChange;
use super::{Change, OrgUsers, Patch, Status, TeamRef};
use crate::api::bulk::{self, Item, Observer, Outcome, Run, Skip};
use crate::api::session::Request;
use crate::error::{Error, Result};
use crate::go::strconv::quote;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

impl Item for Step<'_> {
    type Kind = Kind;
    fn kind(&self) -> Kind {
        Step::kind(self)
    }
    fn username(&self) -> &str {
        self.name()
    }
}

/// Carries `plan` out in the order of its steps through the bulk runner (its policies
/// hold: decision bulk-rate-limit-stop): one outcome per step, in [`Plan::steps`]'
/// order, and their counts. `names` names projects in errors.
pub fn execute<'p>(
    plan: &'p Plan,
    names: &Names,
    api: &mut dyn OrgUsers,
    observer: &mut dyn Observer<Step<'p>>,
) -> Result<Run<Kind>> {
    // Active owners known to remain: the plan's steady ones, plus grants that succeeded.
    let mut owners = plan.steady_owners;
    let mut teams = Teams::default();
    let steps = plan.steps();
    bulk::run(
        &steps,
        &mut |step| {
            let outcome = match step {
                Step::Member(change) if change.drops_active_owner() && owners == 0 => {
                    Outcome::Failed(Error::Api(
                        "not sent: no other active member is confirmed to hold ORG_OWNER (the update granting it failed)".into(),
                    ))
                }
                Step::Member(change) => member(plan, change, &teams, api),
                Step::Team(change) => team(change, names, &mut teams, api),
            };
            if let (Outcome::Done, Step::Member(change)) = (&outcome, step) {
                if change.grants_active_owner() {
                    owners += 1;
                }
            }
            Ok(outcome)
        },
        observer,
    )
}

/// What the run has learnt of teams so far.
#[derive(Default)]
struct Teams {
    /// New teams' ids, by name, as createOrgTeam returned them.
    created: HashMap<String, String>,
    /// Teams whose later steps must not be sent: a creation that failed, or a team
    /// to delete that could not be taken out of a project.
    broken: HashSet<TeamRef>,
}

impl Teams {
    /// The team's id, or why a step that needs it is not sent.
    fn id(&self, team: &TeamRef) -> std::result::Result<String, Error> {
        match team {
            TeamRef::Existing(id) => Ok(id.clone()),
            TeamRef::New(name) => self.created.get(name).cloned().ok_or_else(|| {
                Error::Api(format!(
                    "not sent: team {} was not created (its change failed)",
                    quote(name)
                ))
            }),
        }
    }
}

/// The change an update sends once the teams it names exist: its `teamIds` with the
/// ids of the teams this run created (decision apply-new-team-members).
fn with_new_teams<'c>(
    plan: &Plan,
    change: &'c Change,
    id: &dyn Fn(&TeamRef) -> std::result::Result<String, Error>,
) -> std::result::Result<Cow<'c, Change>, Error> {
    let (
        Some(refs),
        Change::Update {
            user,
            after,
            fields,
        },
    ) = (plan.team_refs_of(change), change)
    else {
        return Ok(Cow::Borrowed(change));
    };
    let team_ids: BTreeSet<String> = crate::go::sort::ordered(
        refs.iter()
            .map(id)
            .collect::<std::result::Result<Vec<String>, Error>>()?,
    );
    let mut after = after.clone();
    after.team_ids = team_ids;
    Ok(Cow::Owned(Change::Update {
        user: user.clone(),
        after,
        fields: fields.clone(),
    }))
}

fn member(plan: &Plan, change: &Change, teams: &Teams, api: &mut dyn OrgUsers) -> Outcome {
    let change = match with_new_teams(plan, change, &|t| teams.id(t)) {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e),
    };
    let result = match change.as_ref() {
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

fn team(change: &TeamChange, names: &Names, teams: &mut Teams, api: &mut dyn OrgUsers) -> Outcome {
    if teams.broken.contains(&change.team()) {
        if let TeamChange::Delete { .. } = change {
            return Outcome::Failed(Error::Api(
                "not sent: the team is still in a project (taking it out failed)".into(),
            ));
        }
    }
    // A creation makes the id; every other change needs it.
    let id = match change {
        TeamChange::Create { .. } => String::new(),
        _ => match teams.id(&change.team()) {
            Ok(id) => id,
            Err(e) => return Outcome::Failed(e),
        },
    };
    let result = match change {
        TeamChange::Create { name, usernames } => match api.create_team(name, usernames) {
            Ok(id) => {
                teams.created.insert(name.clone(), id);
                Ok(())
            }
            Err(e) => Err(e),
        },
        TeamChange::Rename { to, .. } => api.rename_team(&id, to),
        TeamChange::Projects { projects, .. } => projects.iter().try_for_each(|p| {
            api.team_project(&id, p).map_err(|e| match e {
                // Atlas's refusal names the project by id: say which one it is. Other
                // errors keep their kind (the runner stops on a rate limit or a local
                // failure; an unknown outcome carries its advice).
                e @ (Error::Http { .. } | Error::Api(_)) => Error::Api(format!(
                    "project {}: {e}",
                    quote(names.project_label(&p.group_id))
                )),
                e => e,
            })
        }),
        TeamChange::Delete { .. } => api.delete_team(&id),
    };
    match result {
        Ok(()) => Outcome::Done,
        Err(e) => {
            if matches!(
                change,
                TeamChange::Create { .. } | TeamChange::Projects { deleting: true, .. }
            ) {
                teams.broken.insert(change.team());
            }
            Outcome::Failed(e)
        }
    }
}

/// `--dry-run`: the requests the plan's steps would send, in order, built by the same
/// builders as the calls. A team this run creates has no id yet: its requests show
/// `{new team NAME}` where the id will be.
pub fn preview(plan: &Plan, api: &dyn OrgUsers) -> Vec<Request> {
    let new: Vec<&str> = plan
        .teams
        .iter()
        .filter_map(|t| match t {
            TeamChange::Create { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    // Stand-ins that path escaping and JSON keep verbatim, replaced once built.
    let token = |n: usize| format!("NEWTEAM{n:06}ID");
    let id = |t: &TeamRef| -> std::result::Result<String, Error> {
        match t {
            TeamRef::Existing(id) => Ok(id.clone()),
            TeamRef::New(name) => new
                .iter()
                .position(|n| n == name)
                .map(token)
                .ok_or_else(|| Error::Api(format!("team {} is not created", quote(name)))),
        }
    };
    let mut requests = Vec::new();
    for step in plan.steps() {
        match step {
            Step::Member(change) => {
                if let Ok(c) = with_new_teams(plan, change, &id) {
                    requests.extend(api.requests(&c));
                }
            }
            Step::Team(change) => {
                if let Ok(team_id) = id(&change.team()) {
                    requests.extend(api.team_requests(change, &team_id));
                }
            }
        }
    }
    for r in &mut requests {
        for (n, name) in new.iter().enumerate() {
            let t = token(n);
            r.path = r.path.replace(&t, &format!("{{new team {name}}}"));
            if let Some(body) = r.body.as_mut() {
                let text = String::from_utf8_lossy(body);
                if text.contains(&t) {
                    // Inside a JSON string: the name escaped as JSON escapes it.
                    let quoted = serde_json::to_string(name).unwrap_or_default();
                    let inner = quoted.trim_start_matches('"').trim_end_matches('"');
                    *body = text
                        .replace(&t, &format!("{{new team {inner}}}"))
                        .into_bytes();
                }
            }
        }
    }
    requests
}

#[cfg(test)]
mod tests {
    use super::super::memory::{Call, Memory};
    use super::super::plan::{plan, Options};
    use super::super::{Access, Action, Member, OrgUser};
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
    fn progress_text(t: &Tally<Kind>) -> String {
        let parts: Vec<String> = Action::ALL
            .iter()
            .filter(|a| t.done(Kind::Member(**a)) > 0)
            .map(|a| format!("{} {}", a.as_str(), t.done(Kind::Member(*a))))
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

    impl Observer<Step<'_>> for Log {
        fn starting(&mut self, number: usize, step: &Step, _: &Tally<Kind>) {
            self.0.push(format!("start {number} {}", step.name()));
        }
        fn finished(&mut self, number: usize, c: &Step, o: &Outcome, t: &Tally<Kind>) {
            let o = match o {
                Outcome::Done => "done".to_string(),
                Outcome::Skipped(s) => format!("skipped {s:?}"),
                Outcome::Failed(e) => format!("failed {e}"),
                Outcome::Refused(e) => format!("refused {e}"),
                Outcome::NotSent => "not sent".to_string(),
            };
            self.0.push(format!(
                "{number} {} {} {o} [{}]",
                c.kind().as_str(),
                c.name(),
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
        let outcomes = execute(&p, &Names::default(), &mut api, &mut log)
            .unwrap()
            .outcomes;
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
        let outcomes = execute(&p, &Names::default(), &mut api, &mut Quiet)
            .unwrap()
            .outcomes;
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
        let outcomes = execute(&p, &Names::default(), &mut api, &mut Quiet)
            .unwrap()
            .outcomes;
        assert!(
            matches!(&outcomes[0], Outcome::Failed(e) if e.to_string() == "refused by the test")
        );
        assert!(
            matches!(&outcomes[1], Outcome::Failed(e) if e.to_string().starts_with("not sent: no other active member"))
        );
        assert_eq!(api.calls.len(), 1, "{:?}", api.calls);
        // When the grant works, the demotion follows.
        let mut api = Memory::new(users);
        let outcomes = execute(&p, &Names::default(), &mut api, &mut Quiet)
            .unwrap()
            .outcomes;
        assert_eq!(outcomes, [Outcome::Done, Outcome::Done]);
    }

    // Teams: a file read, resolved and planned against an organization in memory.

    const T1: &str = "5f71e5255afec75a3d0f9601";
    const T9: &str = "5f71e5255afec75a3d0f9609";
    const PROD: &str = "6c73999ae7966f00563911a1";

    fn team_org() -> Memory {
        let mut api = Memory::new(vec![
            user("b0", "boss@x.com", Status::Active, &["ORG_OWNER"]),
            user("u1", "a@x.com", Status::Active, &["ORG_MEMBER"]),
        ]);
        api.users[1].access.team_ids = set(&[T1]);
        api.teams = vec![
            super::super::OrgTeam {
                id: T1.into(),
                name: "Ops".into(),
                projects: Default::default(),
            },
            super::super::OrgTeam {
                id: T9.into(),
                name: "Stale".into(),
                projects: [(PROD.to_string(), set(&["GROUP_OWNER"]))].into(),
            },
        ];
        api.projects = vec![super::super::OrgProject {
            id: PROD.into(),
            name: "Prod".into(),
        }];
        api
    }

    const TEAM_FILE: &str = r#"{"members":[
      {"username":"boss@x.com","roles":["ORG_OWNER"]},
      {"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Ops","Web"]}],
     "teams":[{"name":"Ops"},
      {"name":"Web","projects":[{"project":"Prod","roles":["GROUP_READ_ONLY"]}]}]}"#;

    fn team_plan(api: &Memory) -> (Plan, Names) {
        let names = Names::new(&api.teams, &api.projects);
        let file = names
            .resolve(&super::super::members::read(TEAM_FILE.as_bytes()).unwrap())
            .unwrap();
        let p = super::super::plan::plan_with_teams(
            &file,
            &api.users,
            &api.teams,
            &Options {
                max_removals: 5,
                ..Options::default()
            },
            &super::super::teams::TeamOptions { prune_teams: true },
        )
        .unwrap();
        (p, names)
    }

    #[test]
    fn a_new_team_is_named_by_the_id_its_creation_returned() {
        let mut api = team_org();
        let (p, names) = team_plan(&api);
        let run = execute(&p, &names, &mut api, &mut Quiet).unwrap();
        assert!(run.outcomes.iter().all(|o| *o == Outcome::Done), "{run:?}");
        // Created with its member, in the project by its new id, the old team out of
        // its project before its deletion.
        let new = api
            .teams
            .iter()
            .find(|t| t.name == "Web")
            .unwrap()
            .id
            .clone();
        assert_eq!(
            api.calls,
            [
                Call::CreateTeam("Web".into(), vec!["a@x.com".into()]),
                Call::TeamProject(new.clone(), PROD.into(), vec!["GROUP_READ_ONLY".into()]),
                Call::TeamProject(T9.into(), PROD.into(), vec![]),
                Call::DeleteTeam(T9.into()),
            ]
        );
        // The creation put a@x.com in: no update was needed, and a second plan is empty.
        assert!(api.users[1].access.team_ids.contains(&new));
        assert!(team_plan(&api).0.is_empty());
        // --dry-run shows the same requests, the new team's id a stand-in.
        let (p, _) = team_plan(&team_org());
        let shown: Vec<String> = preview(&p, &team_org())
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert_eq!(
            shown,
            [
                "POST /api/atlas/v2/orgs/org/teams".to_string(),
                format!("POST /api/atlas/v2/groups/{PROD}/teams"),
                format!("DELETE /api/atlas/v2/groups/{PROD}/teams/{T9}"),
                format!("DELETE /api/atlas/v2/orgs/org/teams/{T9}"),
            ]
        );
        let add = &preview(&p, &team_org())[1];
        assert_eq!(
            String::from_utf8_lossy(add.body.as_deref().unwrap()),
            "[{\"roleNames\":[\"GROUP_READ_ONLY\"],\"teamId\":\"{new team Web}\"}]\n"
        );
    }

    #[test]
    fn steps_that_need_a_team_not_created_or_still_in_a_project_are_not_sent() {
        let mut api = team_org();
        // a@x.com's update must name the new team: take them out of Ops first.
        api.users[1].access.team_ids = set(&[]);
        let (p, names) = team_plan(&api);
        api.fail_team("Web");
        api.fail_team("Stale");
        let mut log = Log::default();
        let run = execute(&p, &names, &mut api, &mut log).unwrap();
        assert_eq!(
            log.0.iter().filter(|l| !l.starts_with("start")).cloned().collect::<Vec<_>>(),
            [
                "1 create-team Web failed refused by the test [1 of 5 changes, 1 failed]",
                "2 update a@x.com failed not sent: team \"Web\" was not created (its change failed) [2 of 5 changes, 2 failed]",
                "3 team-projects Web failed not sent: team \"Web\" was not created (its change failed) [3 of 5 changes, 3 failed]",
                "4 team-projects Stale failed project \"Prod\": refused by the test [4 of 5 changes, 4 failed]",
                "5 delete-team Stale failed not sent: the team is still in a project (taking it out failed) [5 of 5 changes, 5 failed]",
            ]
        );
        assert_eq!(run.tally.failed, 5);
        // Only the creation and the first project removal went out.
        assert_eq!(
            api.calls,
            [
                Call::CreateTeam("Web".into(), vec!["a@x.com".into()]),
                Call::TeamProject(T9.into(), PROD.into(), vec![]),
            ]
        );
    }
}
