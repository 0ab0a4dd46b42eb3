//! `apply` with teams and names (issue 25) end to end on the fake Atlas: names in both
//! fields, teams created, renamed, given project roles and pruned, the problems and
//! stops that send nothing, the removal limit counting teams, `--dry-run` against the
//! real run, a second run planning nothing, and rate limits on the way. Every request
//! and answer logged is checked against the specification extracts.

use crate::support::fake_atlas::{Bucket, Logged, NewProject, NewTeam, NewUser};
use crate::support::openapi::Spec;
use crate::support::{against, fake, FakeAtlas, Output, TestDir, ORG};

const OTHER_ORG: &str = "b0123456789abcdef012345b";

/// `apply -f FILE --orgId ORG ARGS…` against `server`, the waits scaled down.
fn apply(server: &FakeAtlas, file: &str, args: &[&str]) -> Output {
    let mut all = vec!["org", "invitations", "apply", "--orgId", ORG, "-f", file];
    all.extend_from_slice(args);
    against(server, &all).env("ATLAS_WAIT_SCALE", "0.01").run()
}

/// Requests from index `from` that would change something, as `METHOD target`.
fn writes(server: &FakeAtlas, from: usize) -> Vec<String> {
    server.requests()[from..]
        .iter()
        .filter(|r| r.method != "GET" && r.status < 300)
        .map(|r| format!("{} {}", r.method, r.target))
        .collect()
}

/// The departures from the specification that `tests/spec_conformance.rs` accepts
/// (with its reasons) and that these runs meet: `(keyword, place)`.
const KNOWN: &[(&str, &str)] = &[
    // Atlas answers the inviting API key's public key, not an email address.
    ("format", "/inviterUsername"),
    // Atlas's error answers list parameters as strings.
    ("type", "body /parameters/"),
    // Atlas's Digest challenge comes from its authentication layer, without errorCode.
    ("required", "answer 401 body"),
];

/// Every exchange `server` logged meets the specification, save [`KNOWN`].
fn conforms(server: &FakeAtlas) {
    let spec = Spec::load();
    let mut unexpected = Vec::new();
    for r in server.requests() {
        for v in spec.check(&r) {
            if KNOWN
                .iter()
                .any(|(k, place)| v.keyword == *k && v.place.contains(place))
            {
                continue;
            }
            unexpected.push(format!(
                "{v}\n    {} {} -> {}",
                r.method, r.target, r.status
            ));
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

/// An organization: its owner, a member in team Legacy, team Stale; projects Prod and
/// Staging, Legacy owning Staging and Stale reading Prod. Returns (Legacy, Stale, Prod).
fn org(server: &FakeAtlas) -> (String, String, String) {
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server.add_user(ORG, NewUser::new("a@x.com", "ACTIVE"));
    let legacy = server.add_team(ORG, NewTeam::new("Legacy").members(&["a@x.com"]));
    let stale = server.add_team(ORG, NewTeam::new("Stale"));
    let prod = server.add_project(
        ORG,
        NewProject::new("Prod").team(&stale, &["GROUP_READ_ONLY"]),
    );
    server.add_project(
        ORG,
        NewProject::new("Staging").team(&legacy, &["GROUP_OWNER"]),
    );
    (legacy, stale, prod)
}

/// Names in both fields: a rename with a project change, a new team (by name) with a
/// project given by `groupId`, a member's teams by name and a project by name.
fn file(prod: &str) -> String {
    format!(
        r#"{{"$schema": "./members.schema.json", "orgId": "{ORG}",
  "members": [
    {{"username": "boss@x.com", "roles": ["ORG_OWNER"]}},
    {{"username": "a@x.com", "roles": ["ORG_MEMBER"], "teams": ["Platform", "Web"],
     "groupRoleAssignments": [{{"project": "Prod", "roles": ["GROUP_READ_ONLY"]}}]}},
    {{"username": "b@x.com", "roles": ["ORG_MEMBER"], "teams": ["Web"]}}
  ],
  "teams": [
    {{"name": "Platform", "previously": ["Legacy"],
     "projects": [{{"project": "Staging", "roles": ["GROUP_READ_ONLY"]}}]}},
    {{"name": "Web", "projects": [{{"groupId": "{prod}", "roles": ["GROUP_READ_ONLY"]}}]}}
  ]}}"#
    )
}

/// The request blocks of the requests that wrote, from index `from`, as `--dry-run`
/// prints them.
fn blocks(server: &FakeAtlas, from: usize) -> String {
    let base = server.url();
    let sent: Vec<String> = server.requests()[from..]
        .iter()
        .filter(|r| r.authorized && r.method != "GET")
        .map(|r: &Logged| {
            let mut s = format!(
                "{} {base}{}\nAccept: {}\n",
                r.method,
                r.target,
                r.header("accept").unwrap()
            );
            if !r.body.is_empty() {
                s.push_str(&format!(
                    "Content-Type: {}\n\n{}",
                    r.header("content-type").unwrap(),
                    r.body_text()
                ));
            }
            s
        })
        .collect();
    sent.join("\n")
}

#[test]
fn names_in_both_fields_create_rename_and_set_project_roles_then_nothing() {
    let server = fake();
    let (legacy, stale, prod) = org(&server);
    let dir = TestDir::new();
    let path = dir.write("members.json", &file(&prod));
    let path = path.to_str().unwrap();

    // --check: the plan by name, exit 2, reads only.
    let check = apply(&server, path, &["--check"]);
    let plan = "\
~ rename team Legacy → Platform
+ invite b@x.com roles=[ORG_MEMBER] teams=[Web]
+ create team Web (members a@x.com, b@x.com)
~ update a@x.com groupRoleAssignments=[] → [Prod=GROUP_READ_ONLY] (active member)
~ team Platform projects Staging: [GROUP_OWNER] → [GROUP_READ_ONLY]
~ team Web projects Prod: [] → [GROUP_READ_ONLY]
Plan: 1 to invite, 1 to update, 0 to revoke, 0 to remove; teams: 1 to create, 1 to rename, 2 to change in projects, 0 to delete.
";
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (
            2,
            plan,
            "Error: the organization does not match the file: 6 changes to make\n"
        )
    );
    assert!(writes(&server, 0).is_empty());

    // --dry-run: the requests, the new team's id a stand-in.
    let dry = apply(&server, path, &["--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    let (_, shown) = dry
        .stdout
        .split_once(&format!("{plan}\n"))
        .expect("requests");
    assert!(writes(&server, 0).is_empty());

    // The real run sends what --dry-run showed, the created team's id in place.
    let n = server.requests().len();
    let real = apply(&server, path, &[]);
    assert_eq!(real.code, 0, "{real:?}");
    assert_eq!(
        real.stdout,
        format!(
            "{plan}Summary: 1 invited, 1 updated, 0 revoked, 0 removed; teams: 1 created, 1 renamed, 2 changed in projects, 0 deleted; 0 failed, 0 skipped.\n"
        )
    );
    let teams = server.teams();
    let web = teams.iter().find(|t| t.name == "Web").expect("Web created");
    assert_eq!(
        shown.trim_end().replace("{new team Web}", &web.id),
        blocks(&server, n).trim_end()
    );
    // Renamed in place (same id), the stale team left alone without --prune-teams.
    let names: Vec<(&str, &str)> = teams
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    assert!(names.contains(&(legacy.as_str(), "Platform")), "{names:?}");
    assert!(names.contains(&(stale.as_str(), "Stale")), "{names:?}");
    let projects = server.projects();
    let roles = |project: &str, team: &str| -> Vec<String> {
        let p = projects.iter().find(|p| p.name == project).unwrap();
        p.teams
            .iter()
            .find(|(t, _)| t == team)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    assert_eq!(roles("Staging", &legacy), ["GROUP_READ_ONLY"]);
    assert_eq!(roles("Prod", &web.id), ["GROUP_READ_ONLY"]);

    // Idempotent: the same file plans nothing and writes nothing.
    let n = server.requests().len();
    let again = apply(&server, path, &[]);
    assert_eq!(
        (again.code, again.stdout.as_str(), again.stderr.as_str()),
        (0, "Nothing to do: the organization matches the file.\n", "")
    );
    assert!(writes(&server, n).is_empty());
    conforms(&server);
}

#[test]
fn json_records_name_teams_and_projects() {
    let server = fake();
    let (_, _, prod) = org(&server);
    let dir = TestDir::new();
    let path = dir.write("members.json", &file(&prod));
    let out = apply(
        &server,
        path.to_str().unwrap(),
        &["--check", "-o", "json-path=$[*].action"],
    );
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (
            2,
            "[\n  \"rename-team\",\n  \"invite\",\n  \"create-team\",\n  \"update\",\n  \"team-projects\",\n  \"team-projects\"\n]\n"
        )
    );
    let out = apply(&server, path.to_str().unwrap(), &["--check", "-o", "json"]);
    let records: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        records[4],
        serde_json::json!({
            "action": "team-projects",
            "team": "Platform",
            "before": {"projects": [{"project": "Staging", "roles": ["GROUP_OWNER"]}]},
            "after": {"projects": [{"project": "Staging", "roles": ["GROUP_READ_ONLY"]}]},
            "result": "planned"
        })
    );
    assert_eq!(
        records[3]["after"],
        serde_json::json!({"groupRoleAssignments": [{"project": "Prod", "roles": ["GROUP_READ_ONLY"]}]})
    );
    assert!(writes(&server, 0).is_empty());
}

#[test]
fn an_unknown_name_is_a_problem_with_a_suggestion_and_nothing_is_sent() {
    let server = fake();
    org(&server);
    let dir = TestDir::new();
    let path = dir.write(
        "members.json",
        r#"{"members": [
  {"username": "boss@x.com", "roles": ["ORG_OWNER"]},
  {"username": "a@x.com", "roles": ["ORG_MEMBER"], "teams": ["Legacyy"],
   "groupRoleAssignments": [{"project": "Prd", "roles": ["GROUP_READ_ONLY"]}]}]}"#,
    );
    let name = path.to_str().unwrap();
    let out = apply(&server, name, &[]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr),
        (
            1,
            "",
            format!(
                "{name}: member 2 (a@x.com): teams[0]: no team named \"Legacyy\" in the organization (did you mean \"Legacy\"?)\n\
                 {name}: member 2 (a@x.com): groupRoleAssignments[0].project: no project named \"Prd\" in the organization (did you mean \"Prod\"?)\n\
                 Error: {name}: 2 problems in the members file; nothing was sent\n"
            )
        )
    );
    // Only the lists of teams and projects were read; not even the users.
    assert!(writes(&server, 0).is_empty());
    assert!(server
        .requests()
        .iter()
        .all(|r| !r.target.contains("/users")));
    conforms(&server);
}

#[test]
fn a_file_for_another_organization_stops_before_anything_is_sent() {
    let server = fake();
    org(&server);
    let dir = TestDir::new();
    let path = dir.write(
        "members.json",
        &format!(
            r#"{{"orgId": "{OTHER_ORG}", "members": [{{"username": "boss@x.com", "roles": ["ORG_OWNER"]}}]}}"#
        ),
    );
    let out = apply(&server, path.to_str().unwrap(), &[]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr),
        (
            1,
            "",
            format!("Error: the file's orgId is {OTHER_ORG}, but this run targets organization {ORG} (--orgId, the profile or MONGODB_ATLAS_ORG_ID); nothing was sent\n")
        )
    );
    assert!(server.requests().is_empty());
}

#[test]
fn prune_teams_takes_a_team_out_of_its_projects_first_and_counts_each_removal() {
    let server = fake();
    let (_, stale, prod) = org(&server);
    let dir = TestDir::new();
    // Legacy declared as it is; Stale, in Prod, is not declared.
    let path = dir.write(
        "members.json",
        r#"{"members": [{"username": "boss@x.com", "roles": ["ORG_OWNER"]},
                        {"username": "a@x.com", "roles": ["ORG_MEMBER"]}],
            "teams": [{"name": "Legacy"}]}"#,
    );
    let path = path.to_str().unwrap();
    // Taken out of one project and deleted: two removals of access.
    let out = apply(&server, path, &["--prune-teams", "--max-removals", "1"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "~ team Stale projects Prod: [GROUP_READ_ONLY] → []\n- delete team Stale\n",
            "Error: refusing the plan, nothing was sent: it removes access 2 times (0 active members removed, 1 teams deleted, 1 times a team taken out of a project), more than --max-removals allows (1); raise --max-removals if that is meant\n"
        )
    );
    assert!(writes(&server, 0).is_empty());
    // Without --prune-teams, the undeclared team stays: nothing to do.
    let out = apply(&server, path, &["--check"]);
    assert_eq!(out.code, 0, "{out:?}");
    // Within the limit: out of the project, then deleted.
    let out = apply(&server, path, &["--prune-teams", "--max-removals", "2"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        writes(&server, 0),
        [
            format!("DELETE /api/atlas/v2/groups/{prod}/teams/{stale}"),
            format!("DELETE /api/atlas/v2/orgs/{ORG}/teams/{stale}"),
        ]
    );
    assert!(server.teams().iter().all(|t| t.id != stale));
    let again = apply(&server, path, &["--prune-teams", "--check"]);
    assert_eq!((again.code, again.stderr.as_str()), (0, ""), "{again:?}");
    conforms(&server);
}

#[test]
fn a_run_through_the_rate_limit_makes_every_change_once() {
    let server = fake();
    let (_, _, prod) = org(&server);
    // Capacity 3, one more token every 10 seconds of Atlas's time (scaled down).
    server.set_bucket(Bucket::new(3, 1, 10, 0.01));
    let dir = TestDir::new();
    let path = dir.write("members.json", &file(&prod));
    let out = apply(&server, path.to_str().unwrap(), &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(server.bucket().unwrap().refused > 0);
    assert!(out.stdout.ends_with(
        "Summary: 1 invited, 1 updated, 0 revoked, 0 removed; teams: 1 created, 1 renamed, 2 changed in projects, 0 deleted; 0 failed, 0 skipped.\n"
    ), "{}", out.stdout);
    // Each write once, however many times Atlas refused it first.
    let mut done = writes(&server, 0);
    let total = done.len();
    done.sort();
    done.dedup();
    assert_eq!((total, done.len()), (6, 6), "{done:?}");
    assert_eq!(server.teams().iter().filter(|t| t.name == "Web").count(), 1);
    let again = apply(&server, path.to_str().unwrap(), &["--check"]);
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (0, "Nothing to do: the organization matches the file.\n"),
        "{again:?}"
    );
    conforms(&server);
}

#[test]
fn a_team_that_cannot_be_created_holds_back_what_needs_it_and_the_rest_goes_on() {
    let server = fake();
    let (legacy, _, prod) = org(&server);
    // 250 teams: Atlas's limit, so creating one more is refused.
    for i in 2..250 {
        server.add_team(ORG, NewTeam::new(&format!("team{i:03}")));
    }
    let dir = TestDir::new();
    let path = dir.write(
        "members.json",
        &format!(
            r#"{{"members": [{{"username": "boss@x.com", "roles": ["ORG_OWNER"]}},
                {{"username": "a@x.com", "roles": ["ORG_READ_ONLY"], "teams": ["Web"]}}],
              "teams": [{{"name": "Web", "projects": [{{"groupId": "{prod}", "roles": ["GROUP_READ_ONLY"]}}]}}]}}"#
        ),
    );
    let out = apply(&server, path.to_str().unwrap(), &[]);
    assert_eq!(out.code, 1, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stderr);
    assert!(
        lines[0].starts_with("Error: change 1 (create-team Web): ")
            && lines[0].contains("MAX_TEAMS_PER_ORG_EXCEEDED"),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1..],
        [
            "Error: change 2 (update a@x.com): not sent: team \"Web\" was not created (its change failed)",
            "Error: change 3 (team-projects Web): not sent: team \"Web\" was not created (its change failed)",
        ]
    );
    assert!(out.stdout.ends_with(
        "Summary: 0 invited, 0 updated, 0 revoked, 0 removed; teams: 0 created, 0 renamed, 0 changed in projects, 0 deleted; 3 failed, 0 skipped.\n"
    ), "{}", out.stdout);
    // Only the refused creation went out; a@x.com is still in Legacy.
    assert!(writes(&server, 0).is_empty());
    let a = server
        .members()
        .into_iter()
        .find(|m| m.username == "a@x.com")
        .unwrap();
    assert_eq!(a.team_ids, serde_json::json!([legacy]));
    conforms(&server);
}
