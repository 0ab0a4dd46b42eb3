//! `apply` and `export` end to end on the fake Atlas (issue 20): an organization in all
//! four statuses, with teams and project roles, over several 500-user pages; every
//! rule of the plan, what goes on the wire (the PATCH bodies, reads only under
//! `--check` and `--dry-run`, one connection), the refusals, the exit codes, the `-o`
//! forms, the export → check round trip and the members file's mistakes.

use crate::support::fake_atlas::{Logged, NewProject, NewTeam, NewUser};
use crate::support::{against, fake, FakeAtlas, Output, TestDir, ORG};

const GROUP: &str = "6c73999ae7966f00563911a4";
const GROUP2: &str = "6c73999ae7966f00563911a5";
const TEAM: &str = "6c73999ae7966f00563911b5";
const TEAM2: &str = "6c73999ae7966f00563911b6";
const ALL_STATUSES: &str = "orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";
/// Members beyond the named ones, so the list takes more than one 500-user page.
const FILLER: usize = 520;

fn users() -> String {
    format!("/api/atlas/v2/orgs/{ORG}/users")
}

fn page(n: usize) -> String {
    format!("{}?{ALL_STATUSES}&itemsPerPage=500&pageNum={n}", users())
}

/// The lists a file that names teams or projects reads first (decision apply-lists):
/// the teams and the projects (a file without `teams` needs no project's teams), as
/// `sent` shows them.
fn team_lists() -> Vec<String> {
    let v2 = "/api/atlas/v2";
    let p = "itemsPerPage=500&pageNum=1";
    vec![
        format!("GET {v2}/orgs/{ORG}/teams?{p} -> 200"),
        format!("GET {v2}/orgs/{ORG}/groups?{p} -> 200"),
    ]
}

/// The teams (Ops, Web) and projects (Prod, Staging) the users of these tests name.
fn teams_and_projects(server: &FakeAtlas) {
    server.add_team(ORG, NewTeam::new("Ops").id(TEAM));
    server.add_team(ORG, NewTeam::new("Web").id(TEAM2));
    server.add_project(ORG, NewProject::new("Prod").id(GROUP));
    server.add_project(ORG, NewProject::new("Staging").id(GROUP2));
}

/// `atlas org invitations <verb> --orgId ORG <args…>` against `server`, users API
/// or not: apply and export must not care.
fn run(server: &FakeAtlas, verb: &str, args: &[&str]) -> Output {
    let mut all = vec!["org", "invitations", verb, "--orgId", ORG];
    all.extend_from_slice(args);
    against(server, &all)
        .env("MONGODB_ATLAS_INVITATIONS_API", "invites")
        .run()
}

fn apply(server: &FakeAtlas, file: &str, args: &[&str]) -> Output {
    let mut all = vec!["-f", file];
    all.extend_from_slice(args);
    run(server, "apply", &all)
}

/// The answered requests as `METHOD target -> status`, from index `from` of the log.
fn sent(server: &FakeAtlas, from: usize) -> Vec<String> {
    server.requests()[from..]
        .iter()
        .filter(|r| r.authorized)
        .map(|r| format!("{} {} -> {}", r.method, r.target, r.status))
        .collect()
}

/// Requests after index `from` that would change something.
fn writes(server: &FakeAtlas, from: usize) -> Vec<Logged> {
    server.requests()[from..]
        .iter()
        .filter(|r| r.method != "GET")
        .cloned()
        .collect()
}

/// The PATCH bodies after index `from`, by user id.
fn patches(server: &FakeAtlas, from: usize) -> Vec<(String, String)> {
    server.requests()[from..]
        .iter()
        .filter(|r| r.method == "PATCH" && r.authorized)
        .map(|r| {
            (
                r.target.rsplit('/').next().unwrap().to_string(),
                r.body_text(),
            )
        })
        .collect()
}

/// The state of one username in the store: status, org roles, teams, project roles.
fn state(server: &FakeAtlas, username: &str) -> Vec<String> {
    server
        .members()
        .iter()
        .filter(|m| m.username.as_str() == Some(username))
        .map(|m| {
            format!(
                "{} {} teams={} groups={}",
                m.status,
                m.org_roles,
                m.team_ids,
                serde_json::Value::Array(m.group_roles.clone())
            )
        })
        .collect()
}

/// Ids of the named users of [`org`].
struct Ids {
    upd_roles: String,
    upd_teams: String,
    upd_groups: String,
    pend_upd: String,
    leaver: String,
    pend_gone: String,
    exp_gone: String,
    rej_gone: String,
    late: String,
}

/// An organization in all four statuses, teams and project roles, and [`FILLER`]
/// more members so that the list has two pages.
fn org(server: &FakeAtlas) -> Ids {
    teams_and_projects(server);
    let add = |u: NewUser| server.add_user(ORG, u);
    add(NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]));
    add(NewUser::new("keep@x.com", "ACTIVE")
        .teams(&[TEAM])
        .group(GROUP, &["GROUP_READ_ONLY"]));
    let upd_roles = add(NewUser::new("roles@x.com", "ACTIVE")
        .teams(&[TEAM])
        .group(GROUP, &["GROUP_READ_ONLY"]));
    let upd_teams = add(NewUser::new("teams@x.com", "ACTIVE").teams(&[TEAM]));
    let upd_groups = add(NewUser::new("groups@x.com", "ACTIVE")
        .teams(&[TEAM])
        .group(GROUP, &["GROUP_READ_ONLY"]));
    let leaver = add(NewUser::new("leaver@x.com", "ACTIVE"));
    add(NewUser::new("pend-same@x.com", "PENDING").group(GROUP2, &["GROUP_OWNER"]));
    let pend_upd = add(NewUser::new("pend-upd@x.com", "PENDING"));
    let pend_gone = add(NewUser::new("pend-gone@x.com", "PENDING"));
    add(NewUser::new("expired@x.com", "INVITATION_EXPIRED").teams(&[TEAM]));
    let exp_gone = add(NewUser::new("exp-gone@x.com", "INVITATION_EXPIRED"));
    add(NewUser::new("rejected@x.com", "INVITATION_REJECTED"));
    let rej_gone = add(NewUser::new("rej-gone@x.com", "INVITATION_REJECTED"));
    let late = add(NewUser::new("late@x.com", "PENDING").accepts_when_read());
    for i in 0..FILLER {
        add(NewUser::new(&format!("user{i:03}@example.com"), "ACTIVE"));
    }
    Ids {
        upd_roles,
        upd_teams,
        upd_groups,
        pend_upd,
        leaver,
        pend_gone,
        exp_gone,
        rej_gone,
        late,
    }
}

/// The file for [`org`]: usernames in another case here and there (compared ignoring
/// case), one new user, and every kind of difference.
fn members_file() -> String {
    let mut items = vec![
        r#"{"username":"Boss@X.com","roles":["ORG_OWNER"]}"#.to_string(),
        // Same as listed: teams and project roles absent, so left alone.
        r#"{"username":"keep@x.com","roles":["ORG_MEMBER"]}"#.into(),
        // Organization roles only: roles go complete, with the project roles kept.
        r#"{"username":"roles@x.com","roles":["ORG_READ_ONLY","ORG_MEMBER"]}"#.into(),
        // Teams only.
        format!(
            r#"{{"username":"teams@x.com","roles":["ORG_MEMBER"],"teamIds":["{TEAM2}","{TEAM}"]}}"#
        ),
        // Project roles only (teams the same): roles go complete.
        format!(
            r#"{{"username":"GROUPS@x.com","roles":["ORG_MEMBER"],"teamIds":["{TEAM}"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_OWNER"]}},{{"groupId":"{GROUP2}","roles":["GROUP_READ_ONLY"]}}]}}"#
        ),
        format!(
            r#"{{"username":"pend-same@x.com","roles":["ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{GROUP2}","roles":["GROUP_OWNER"]}}]}}"#
        ),
        // A pending invitation: roles and teams differ.
        format!(
            r#"{{"username":"pend-upd@x.com","roles":["ORG_GROUP_CREATOR"],"teamIds":["{TEAM}"]}}"#
        ),
        // Invited again.
        format!(r#"{{"username":"expired@x.com","roles":["ORG_MEMBER"],"teamIds":["{TEAM2}"]}}"#),
        r#"{"username":"rejected@x.com","roles":["ORG_BILLING_READ_ONLY"]}"#.into(),
        // New.
        format!(
            r#"{{"username":"new@x.com","roles":["ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_READ_ONLY"]}}]}}"#
        ),
    ];
    for i in 0..FILLER {
        items.push(format!(
            r#"{{"username":"user{i:03}@example.com","roles":["ORG_MEMBER"]}}"#
        ));
    }
    format!("[{}]", items.join(",\n"))
}

/// The file names teams and projects by ID: the plan names them by name.
const PLAN: &str = "\
+ invite expired@x.com roles=[ORG_MEMBER] teams=[Web] (invitation expired)
+ invite rejected@x.com roles=[ORG_BILLING_READ_ONLY] (invitation rejected)
+ invite new@x.com roles=[ORG_MEMBER] groupRoleAssignments=[Prod=GROUP_READ_ONLY]
~ update roles@x.com roles=[ORG_MEMBER] → [ORG_MEMBER,ORG_READ_ONLY] (active member)
~ update teams@x.com teams=[Ops] → [Ops,Web] (active member)
~ update groups@x.com groupRoleAssignments=[Prod=GROUP_READ_ONLY] → [Prod=GROUP_OWNER,Staging=GROUP_READ_ONLY] (active member)
~ update pend-upd@x.com roles=[ORG_MEMBER] → [ORG_GROUP_CREATOR] teams=[] → [Ops] (pending invitation)
";

#[test]
fn every_rule_over_two_pages_and_one_connection() {
    let server = fake();
    let ids = org(&server);
    let dir = TestDir::new();
    let file = dir.write("members.json", &members_file());
    let file = file.to_str().unwrap();

    let out = apply(&server, file, &["--prune", "--prune-members"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        format!(
            "{PLAN}\
             - revoke exp-gone@x.com roles=[ORG_MEMBER] (invitation expired)\n\
             - revoke late@x.com roles=[ORG_MEMBER] (pending invitation)\n\
             - revoke pend-gone@x.com roles=[ORG_MEMBER] (pending invitation)\n\
             - revoke rej-gone@x.com roles=[ORG_MEMBER] (invitation rejected)\n\
             - remove leaver@x.com roles=[ORG_MEMBER] (active member)\n\
             Plan: 3 to invite, 4 to update, 4 to revoke, 1 to remove.\n\
             Summary: 3 invited, 4 updated, 3 revoked, 1 removed; 0 failed, 1 skipped.\n"
        )
    );
    // late@x.com accepted between the list and the revoke: left alone.
    assert_eq!(
        out.stderr,
        "skipped change 9 (revoke late@x.com): accepted the invitation meanwhile (ACTIVE); a member is removed only with --prune-members\n"
    );
    // What went on the wire, in the plan's order: the two pages, one request per
    // change, and a revoke's read before its DELETE.
    let u = users();
    let get = |id: &str| format!("GET {u}/{id}?{ALL_STATUSES}");
    let want: Vec<String> = [
        team_lists(),
        vec![
            format!("GET {} -> 200", page(1)),
            format!("GET {} -> 200", page(2)),
            format!("POST {u} -> 201"),
            format!("POST {u} -> 201"),
            format!("POST {u} -> 201"),
            format!("PATCH {u}/{} -> 200", ids.upd_roles),
            format!("PATCH {u}/{} -> 200", ids.upd_teams),
            format!("PATCH {u}/{} -> 200", ids.upd_groups),
            format!("PATCH {u}/{} -> 200", ids.pend_upd),
            format!("{} -> 200", get(&ids.exp_gone)),
            format!("DELETE {u}/{} -> 204", ids.exp_gone),
            format!("{} -> 200", get(&ids.late)),
            format!("{} -> 200", get(&ids.pend_gone)),
            format!("DELETE {u}/{} -> 204", ids.pend_gone),
            format!("{} -> 200", get(&ids.rej_gone)),
            format!("DELETE {u}/{} -> 204", ids.rej_gone),
            format!("DELETE {u}/{} -> 204", ids.leaver),
        ],
    ]
    .concat();
    assert_eq!(sent(&server, 0), want);
    // One connection for the whole run (the Digest challenge included).
    assert_eq!(server.connections(), 1);
    assert!(server.requests().iter().all(|r| r.connection == 1));
    // Each PATCH sends only what differs; roles go complete (the API replaces them).
    assert_eq!(
        patches(&server, 0),
        [
            (
                ids.upd_roles.clone(),
                format!("{{\"roles\":{{\"groupRoleAssignments\":[{{\"groupId\":\"{GROUP}\",\"groupRoles\":[\"GROUP_READ_ONLY\"]}}],\"orgRoles\":[\"ORG_MEMBER\",\"ORG_READ_ONLY\"]}}}}\n")
            ),
            (
                ids.upd_teams.clone(),
                format!("{{\"teamIds\":[\"{TEAM}\",\"{TEAM2}\"]}}\n")
            ),
            (
                ids.upd_groups.clone(),
                format!("{{\"roles\":{{\"groupRoleAssignments\":[{{\"groupId\":\"{GROUP}\",\"groupRoles\":[\"GROUP_OWNER\"]}},{{\"groupId\":\"{GROUP2}\",\"groupRoles\":[\"GROUP_READ_ONLY\"]}}],\"orgRoles\":[\"ORG_MEMBER\"]}}}}\n")
            ),
            (
                ids.pend_upd.clone(),
                format!("{{\"roles\":{{\"groupRoleAssignments\":[],\"orgRoles\":[\"ORG_GROUP_CREATOR\"]}},\"teamIds\":[\"{TEAM}\"]}}\n")
            ),
        ]
    );
    // The invitations' bodies: what the file gives, teams and projects only when it has them.
    let posts: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.authorized)
        .map(Logged::body_text)
        .collect();
    assert_eq!(
        posts,
        [
            format!("{{\"roles\":{{\"orgRoles\":[\"ORG_MEMBER\"]}},\"teamIds\":[\"{TEAM2}\"],\"username\":\"expired@x.com\"}}\n"),
            "{\"roles\":{\"orgRoles\":[\"ORG_BILLING_READ_ONLY\"]},\"username\":\"rejected@x.com\"}\n".to_string(),
            format!("{{\"roles\":{{\"groupRoleAssignments\":[{{\"groupId\":\"{GROUP}\",\"groupRoles\":[\"GROUP_READ_ONLY\"]}}],\"orgRoles\":[\"ORG_MEMBER\"]}},\"username\":\"new@x.com\"}}\n"),
        ]
    );
    // The store agrees.
    assert_eq!(
        state(&server, "expired@x.com"),
        [format!(
            "PENDING [\"ORG_MEMBER\"] teams=[\"{TEAM2}\"] groups=[]"
        )]
    );
    assert_eq!(
        state(&server, "late@x.com")[0],
        "ACTIVE [\"ORG_MEMBER\"] teams=[] groups=[]"
    );
    for gone in [
        "leaver@x.com",
        "pend-gone@x.com",
        "exp-gone@x.com",
        "rej-gone@x.com",
    ] {
        assert!(state(&server, gone).is_empty(), "{gone}");
    }

    // Idempotent: right after, the same file plans nothing and sends only the list.
    let n = server.requests().len();
    let again = apply(&server, file, &["--prune"]);
    assert_eq!(
        (again.code, again.stdout.as_str(), again.stderr.as_str()),
        (0, "Nothing to do: the organization matches the file.\n", "")
    );
    assert!(writes(&server, n).is_empty());
    assert_eq!(
        sent(&server, n),
        [
            team_lists(),
            vec![
                format!("GET {} -> 200", page(1)),
                format!("GET {} -> 200", page(2)),
            ]
        ]
        .concat()
    );
    let check = apply(&server, file, &["--prune", "--check"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, ""));
    // late@x.com is a member now: only --prune-members would remove them.
    let check = apply(&server, file, &["--prune-members", "--check"]);
    assert_eq!(check.code, 2, "{check:?}");
    assert_eq!(
        check.stdout,
        "- remove late@x.com roles=[ORG_MEMBER] (active member)\nPlan: 0 to invite, 0 to update, 0 to revoke, 1 to remove.\n"
    );
    assert!(writes(&server, n).is_empty());
}

#[test]
fn check_and_dry_run_only_read_and_show_what_apply_sends() {
    let server = fake();
    let ids = org(&server);
    let dir = TestDir::new();
    let file = dir.write("members.json", &members_file());
    let file = file.to_str().unwrap();
    let base = server.url();

    // --check: the plan, exit 2, reads only.
    let check = apply(&server, file, &["--prune", "--check"]);
    assert_eq!(check.code, 2, "{check:?}");
    assert!(check.stdout.starts_with(PLAN), "{}", check.stdout);
    assert!(check
        .stdout
        .ends_with("Plan: 3 to invite, 4 to update, 4 to revoke, 0 to remove.\n"));
    assert_eq!(
        check.stderr,
        "Error: the organization does not match the file: 11 changes to make\n"
    );
    assert!(writes(&server, 0).is_empty());
    assert_eq!(
        sent(&server, 0),
        [
            team_lists(),
            vec![
                format!("GET {} -> 200", page(1)),
                format!("GET {} -> 200", page(2)),
            ]
        ]
        .concat()
    );

    // --dry-run: the plan and the requests, exit 0, reads only (not even a revoke's GET).
    let n = server.requests().len();
    let dry = apply(&server, file, &["--prune", "--dry-run"]);
    assert_eq!((dry.code, dry.stderr.as_str()), (0, ""), "{dry:?}");
    assert!(dry.stdout.starts_with(PLAN));
    assert_eq!(sent(&server, n).len(), 4);
    assert!(writes(&server, n).is_empty());
    let (_, requests) = dry
        .stdout
        .split_once("Plan: 3 to invite, 4 to update, 4 to revoke, 0 to remove.\n\n")
        .expect("requests after the plan");
    let u = users();
    let mt = "application/vnd.atlas.2025-02-19+json";
    assert!(requests.starts_with(&format!(
        "POST {base}{u}\nAccept: {mt}\nContent-Type: {mt}\n\n{{\"roles\":{{\"orgRoles\":[\"ORG_MEMBER\"]}},\"teamIds\":[\"{TEAM2}\"],\"username\":\"expired@x.com\"}}\n\n"
    )), "{requests}");
    assert!(requests.contains(&format!(
        "GET {base}{u}/{}?{ALL_STATUSES}\nAccept: {mt}\n\nDELETE {base}{u}/{}\nAccept: {mt}\n",
        ids.late, ids.late
    )));

    // The real run sends exactly what --dry-run showed: same requests, same bodies.
    let n = server.requests().len();
    let real = apply(&server, file, &["--prune"]);
    assert_eq!(real.code, 0, "{real:?}");
    let shown: Vec<String> = server.requests()[n..]
        .iter()
        .filter(|r| r.authorized && !r.target.contains("pageNum="))
        .map(|r| {
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
    // The DELETE of late@x.com, who accepted meanwhile, is the one request not sent.
    let late_delete = format!("DELETE {base}{u}/{}\nAccept: {mt}\n", ids.late);
    let mut expected = String::new();
    for s in &shown {
        expected.push_str(s);
        expected.push('\n');
    }
    let without_late = requests.replace(&format!("{late_delete}\n"), "");
    assert_eq!(expected.trim_end(), without_late.trim_end());
    // And afterwards the organization matches.
    let check = apply(&server, file, &["--prune", "--check"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, ""), "{check:?}");
}

/// A small organization: an owner, two members whose roles the file changes (one of
/// whom Atlas refuses to change), and a pending invitation Atlas refuses to delete.
fn small_org(server: &FakeAtlas) -> (String, String) {
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    let stuck = server.add_user(ORG, NewUser::new("stuck@x.com", "ACTIVE").refuses_changes());
    server.add_user(ORG, NewUser::new("fine@x.com", "ACTIVE"));
    let sticky = server.add_user(
        ORG,
        NewUser::new("sticky@x.com", "PENDING").refuses_changes(),
    );
    (stuck, sticky)
}

const SMALL_FILE: &str = r#"[{"username":"boss@x.com","roles":["ORG_OWNER"]},
    {"username":"stuck@x.com","roles":["ORG_READ_ONLY"]},
    {"username":"fine@x.com","roles":["ORG_READ_ONLY"]},
    {"username":"new@x.com","roles":["ORG_MEMBER"]}]"#;

#[test]
fn a_failing_change_does_not_stop_the_others_and_exits_1() {
    let server = fake();
    let (stuck, sticky) = small_org(&server);
    let dir = TestDir::new();
    let file = dir.write("m.json", SMALL_FILE);
    let file = file.to_str().unwrap();
    let out = apply(&server, file, &["--prune"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stdout,
        "+ invite new@x.com roles=[ORG_MEMBER]\n\
         ~ update stuck@x.com roles=[ORG_MEMBER] → [ORG_READ_ONLY] (active member)\n\
         ~ update fine@x.com roles=[ORG_MEMBER] → [ORG_READ_ONLY] (active member)\n\
         - revoke sticky@x.com roles=[ORG_MEMBER] (pending invitation)\n\
         Plan: 1 to invite, 2 to update, 1 to revoke, 0 to remove.\n\
         Summary: 1 invited, 1 updated, 0 revoked, 0 removed; 2 failed, 0 skipped.\n"
    );
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stderr);
    let refused = |id: &str, method: &str| {
        format!("{}{}/{id} {method}: HTTP 403 Forbidden (Error code: \"USER_UNAUTHORIZED\") Detail: Current user is not authorized to perform this action. Reason: Forbidden. Params: [], BadRequestDetail: ", server.url(), users())
    };
    assert_eq!(
        lines,
        [
            format!(
                "Error: change 2 (update stuck@x.com): {}",
                refused(&stuck, "PATCH")
            ),
            format!(
                "Error: change 4 (revoke sticky@x.com): {}",
                refused(&sticky, "DELETE")
            ),
        ]
    );
    // Every change was tried, in order.
    let methods: Vec<String> = sent(&server, 0)
        .iter()
        .map(|l| l.split(' ').next().unwrap().to_string() + " " + l.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(
        methods,
        [
            "GET 200",
            "POST 201",
            "PATCH 403",
            "PATCH 200",
            "GET 200",
            "DELETE 403"
        ]
    );
    assert_eq!(
        state(&server, "fine@x.com"),
        ["ACTIVE [\"ORG_READ_ONLY\"] teams=[] groups=[]"]
    );

    // The next run plans only what failed (the run converges once Atlas allows it).
    let n = server.requests().len();
    let again = apply(&server, file, &["--prune", "-o", "json"]);
    assert_eq!(again.code, 1, "{again:?}");
    let records: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 2, "{}", again.stdout);
    assert_eq!(
        records[0],
        serde_json::json!({
            "action": "update",
            "username": "stuck@x.com",
            "before": {"roles": ["ORG_MEMBER"]},
            "after": {"roles": ["ORG_READ_ONLY"]},
            "result": "failed",
            "error": records[0]["error"].clone(),
        })
    );
    assert!(records[0]["error"].as_str().unwrap().contains("HTTP 403"));
    assert_eq!(
        (records[1]["action"].as_str(), records[1]["result"].as_str()),
        (Some("revoke"), Some("failed"))
    );
    // The summary moves to stderr so stdout stays JSON.
    assert!(again
        .stderr
        .ends_with("Summary: 0 invited, 0 updated, 0 revoked, 0 removed; 2 failed, 0 skipped.\n"));
    assert_eq!(writes(&server, n).len(), 2);
}

#[test]
fn output_forms_over_the_change_records() {
    let server = fake();
    teams_and_projects(&server);
    small_org(&server);
    let dir = TestDir::new();
    let file = dir.write(
        "m.json",
        &format!(
            r#"[{{"username":"boss@x.com","roles":["ORG_OWNER"]}},
                {{"username":"fine@x.com","roles":["ORG_MEMBER"],"teamIds":["{TEAM}"]}},
                {{"username":"new@x.com","roles":["ORG_MEMBER"],"teamIds":[]}}]"#
        ),
    );
    let file = file.to_str().unwrap();
    // Planned, under --check: every form, exit 2 all the same.
    let json = apply(&server, file, &["--check", "-o", "json"]);
    assert_eq!(json.code, 2, "{json:?}");
    assert_eq!(
        json.stdout,
        format!(
            r#"[
  {{
    "action": "invite",
    "username": "new@x.com",
    "before": null,
    "after": {{
      "roles": [
        "ORG_MEMBER"
      ],
      "teams": []
    }},
    "result": "planned"
  }},
  {{
    "action": "update",
    "username": "fine@x.com",
    "before": {{
      "teams": []
    }},
    "after": {{
      "teams": [
        "Ops"
      ]
    }},
    "result": "planned"
  }}
]
"#
        )
    );
    let path = apply(&server, file, &["--check", "-o", "json-path=$[*].action"]);
    assert_eq!(
        (path.code, path.stdout.as_str()),
        (2, "[\n  \"invite\",\n  \"update\"\n]\n")
    );
    let template = apply(
        &server,
        file,
        &[
            "--check",
            "-o",
            "go-template={{range .}}{{.Action}} {{.Username}} {{.Result}}\n{{end}}",
        ],
    );
    assert_eq!(
        (template.code, template.stdout.as_str()),
        (2, "invite new@x.com planned\nupdate fine@x.com planned\n")
    );
    assert!(writes(&server, 0).is_empty());
    // Carried out: the same records, done.
    let done = apply(
        &server,
        file,
        &[
            "-o",
            "go-template={{range .}}{{.Action}} {{.Username}} {{.Result}}\n{{end}}",
        ],
    );
    assert_eq!(
        (done.code, done.stdout.as_str(), done.stderr.as_str()),
        (
            0,
            "invite new@x.com done\nupdate fine@x.com done\n",
            "Summary: 1 invited, 1 updated, 0 revoked, 0 removed; 0 failed, 0 skipped.\n"
        )
    );
    // Nothing to do: an empty array.
    let none = apply(&server, file, &["-o", "json"]);
    assert_eq!((none.code, none.stdout.as_str()), (0, "[]\n"));
}

#[test]
fn refused_plans_send_nothing() {
    let server = fake();
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    for i in 0..3 {
        server.add_user(ORG, NewUser::new(&format!("m{i}@x.com"), "ACTIVE"));
    }
    server.add_user(
        ORG,
        NewUser::new("heir@x.com", "PENDING").org_roles(&["ORG_OWNER"]),
    );
    let dir = TestDir::new();
    let only_boss = dir.write(
        "boss.json",
        r#"[{"username":"boss@x.com","roles":["ORG_OWNER"]},{"username":"heir@x.com","roles":["ORG_OWNER"]}]"#,
    );
    let only_boss = only_boss.to_str().unwrap();
    // Three removals over a limit of two.
    let out = apply(
        &server,
        only_boss,
        &["--prune-members", "--max-removals", "2"],
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stdout,
        "- remove m0@x.com roles=[ORG_MEMBER] (active member)\n\
         - remove m1@x.com roles=[ORG_MEMBER] (active member)\n\
         - remove m2@x.com roles=[ORG_MEMBER] (active member)\n"
    );
    assert_eq!(
        out.stderr,
        "Error: refusing the plan, nothing was sent: it removes 3 active members, more than --max-removals allows (2); raise --max-removals if that is meant\n"
    );
    // The last active owner, demoted (a pending owner does not count) or removed.
    let demoted = dir.write(
        "demoted.json",
        r#"[{"username":"boss@x.com","roles":["ORG_MEMBER"]},{"username":"heir@x.com","roles":["ORG_OWNER"]},
            {"username":"m0@x.com","roles":["ORG_MEMBER"]},{"username":"m1@x.com","roles":["ORG_MEMBER"]},{"username":"m2@x.com","roles":["ORG_MEMBER"]}]"#,
    );
    let out = apply(&server, demoted.to_str().unwrap(), &[]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "~ update boss@x.com roles=[ORG_OWNER] → [ORG_MEMBER] (active member)\n",
            "Error: refusing the plan, nothing was sent: it leaves no active member with ORG_OWNER (taken from boss@x.com); keep at least one owner in the file\n"
        )
    );
    let removed = dir.write(
        "removed.json",
        r#"[{"username":"m0@x.com","roles":["ORG_OWNER"]},{"username":"m1@x.com","roles":["ORG_MEMBER"]},{"username":"m2@x.com","roles":["ORG_MEMBER"]}]"#,
    );
    // m0's grant makes the removal of boss possible; without it, refused.
    let out = apply(
        &server,
        removed.to_str().unwrap(),
        &["--prune-members", "--check"],
    );
    assert_eq!(out.code, 2, "{out:?}");
    let removed_no_grant = dir.write(
        "removed2.json",
        r#"[{"username":"m0@x.com","roles":["ORG_MEMBER"]},{"username":"m1@x.com","roles":["ORG_MEMBER"]},{"username":"m2@x.com","roles":["ORG_MEMBER"]}]"#,
    );
    let out = apply(
        &server,
        removed_no_grant.to_str().unwrap(),
        &["--prune-members"],
    );
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "- remove boss@x.com roles=[ORG_OWNER] (active member)\n",
            "Error: refusing the plan, nothing was sent: it leaves no active member with ORG_OWNER (taken from boss@x.com); keep at least one owner in the file\n"
        )
    );
    // Nothing that writes went out in any of them.
    assert!(writes(&server, 0).is_empty());
    // At the limit, the plan goes ahead.
    let out = apply(
        &server,
        only_boss,
        &["--prune-members", "--max-removals", "3"],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(writes(&server, 0).len(), 3);
}

#[test]
fn export_then_check_round_trips_over_pages() {
    let server = fake();
    org(&server);
    let first = run(&server, "export", &["--ids"]);
    assert_eq!((first.code, first.stderr.as_str()), (0, ""), "{first:?}");
    // Stable bytes: the same twice, sorted by username, no expired or rejected users.
    assert_eq!(run(&server, "export", &["--ids"]).stdout, first.stdout);
    let file: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    let names: Vec<&str> = file
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 10 + FILLER, "{names:?}");
    for absent in [
        "expired@x.com",
        "exp-gone@x.com",
        "rejected@x.com",
        "rej-gone@x.com",
    ] {
        assert!(!names.contains(&absent), "{absent}");
    }
    // Two-space indented, every key present, project roles in the file's shape.
    assert!(first.stdout.contains(&format!(
        "  {{\n    \"username\": \"groups@x.com\",\n    \"roles\": [\n      \"ORG_MEMBER\"\n    ],\n    \"teamIds\": [\n      \"{TEAM}\"\n    ],\n    \"groupRoleAssignments\": [\n      {{\n        \"groupId\": \"{GROUP}\",\n        \"roles\": [\n          \"GROUP_READ_ONLY\"\n        ]\n      }}\n    ]\n  }},\n"
    )), "{}", &first.stdout[..2000]);
    // export > m.json; apply -f m.json --check: exit 0, and from stdin too.
    let dir = TestDir::new();
    let m = dir.write("m.json", &first.stdout);
    let n = server.requests().len();
    let check = apply(&server, m.to_str().unwrap(), &["--check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (0, "Nothing to do: the organization matches the file.\n", "")
    );
    let stdin = against(
        &server,
        &[
            "org",
            "invitations",
            "apply",
            "-f",
            "-",
            "--check",
            "--orgId",
            ORG,
        ],
    )
    .stdin(first.stdout.as_bytes())
    .run();
    assert_eq!(stdin.code, 0, "{stdin:?}");
    assert!(writes(&server, n).is_empty());
    // The other forms work over the same array.
    let path = run(
        &server,
        "export",
        &["--ids", "-o", "json-path=$[0].username"],
    );
    assert_eq!(path.stdout, "\"boss@x.com\"\n");
    // Only reads, in every status, over the two pages.
    assert!(writes(&server, 0).is_empty());
    assert!(server.requests().iter().any(|r| r.target == page(2)));
}

#[test]
fn a_members_file_with_every_kind_of_mistake_sends_nothing() {
    let server = fake();
    let dir = TestDir::new();
    let file = dir.write(
        "m.json",
        &format!(
            r#"[{{"username":"a@x.com","roles":["ORG_MEMBER"]}},
                {{"username":"not an email","roles":["ORG_MEMBER"]}},
                {{"username":"b@x.com","roles":["ORG_BOSS"]}},
                {{"username":"c@x.com","roles":["ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_KING"]}}]}},
                {{"username":"d@x.com","roles":["ORG_MEMBER"],"teamIds":["5f-not-hex"],"groupRoleAssignments":[{{"groupId":"{}","roles":["GROUP_OWNER"]}}]}},
                {{"username":"A@X.COM","roles":["ORG_MEMBER"]}},
                {{"username":"e@x.com"}}]"#,
            &GROUP[..23]
        ),
    );
    let name = file.to_str().unwrap();
    let out = apply(&server, name, &[]);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    let want = [
        "member 2 (not an email): username:",
        "member 3 (b@x.com): roles[0]: \"ORG_BOSS\" is not an organization role",
        "member 4 (c@x.com): groupRoleAssignments[0].roles[0]: \"GROUP_KING\"",
        "member 5 (d@x.com): teamIds[0]: \"5f-not-hex\" is not an ID of 24 hexadecimal digits",
        "member 5 (d@x.com): groupRoleAssignments[0].groupId:",
        "member 6 (A@X.COM): username: A@X.COM is also member 1",
        "member 7 (e@x.com): roles: required",
    ];
    assert_eq!(lines.len(), want.len() + 1, "{}", out.stderr);
    for (line, want) in lines.iter().zip(want) {
        assert!(
            line.starts_with(&format!("{name}: {want}")),
            "{line}\nwanted: {want}"
        );
    }
    assert_eq!(
        lines.last().unwrap(),
        &format!("Error: {name}: 7 problems in the members file; nothing was sent")
    );
    // Not even the list.
    assert!(server.requests().is_empty());
}

#[test]
fn a_revoke_of_someone_already_gone_sends_no_delete() {
    let server = fake();
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    let gone = server.add_user(
        ORG,
        NewUser::new("gone@x.com", "INVITATION_EXPIRED").vanishes_when_read(),
    );
    let dir = TestDir::new();
    let file = dir.write(
        "m.json",
        r#"[{"username":"boss@x.com","roles":["ORG_OWNER"]}]"#,
    );
    let out = apply(&server, file.to_str().unwrap(), &["--prune"]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            0,
            "- revoke gone@x.com roles=[ORG_MEMBER] (invitation expired)\n\
             Plan: 0 to invite, 0 to update, 1 to revoke, 0 to remove.\n\
             Summary: 0 invited, 0 updated, 0 revoked, 0 removed; 0 failed, 1 skipped.\n",
            "skipped change 1 (revoke gone@x.com): no longer in the organization\n"
        )
    );
    assert_eq!(
        sent(&server, 0),
        [
            format!("GET {} -> 200", page(1)),
            format!("GET {}/{gone}?{ALL_STATUSES} -> 404", users()),
        ]
    );
}
