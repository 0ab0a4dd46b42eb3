//! `apply` and `export` end to end on the fake Atlas (issue 20): an organization in all
//! four statuses, with teams and project roles, over several 500-user pages; every
//! rule of the plan, what goes on the wire (the PATCH bodies, reads only under
//! `--check` and `--dry-run`, one connection), the refusals, the exit codes, the `-o`
//! forms, the export → check round trip and the members file's mistakes.

use crate::support::fake_atlas::{Logged, NewUser};
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

const PLAN: &str = "\
+ invite expired@x.com roles=[ORG_MEMBER] teamIds=[6c73999ae7966f00563911b6] (invitation expired)
+ invite rejected@x.com roles=[ORG_BILLING_READ_ONLY] (invitation rejected)
+ invite new@x.com roles=[ORG_MEMBER] groupRoleAssignments=[6c73999ae7966f00563911a4=GROUP_READ_ONLY]
~ update roles@x.com roles=[ORG_MEMBER] → [ORG_MEMBER,ORG_READ_ONLY] (active member)
~ update teams@x.com teamIds=[6c73999ae7966f00563911b5] → [6c73999ae7966f00563911b5,6c73999ae7966f00563911b6] (active member)
~ update groups@x.com groupRoleAssignments=[6c73999ae7966f00563911a4=GROUP_READ_ONLY] → [6c73999ae7966f00563911a4=GROUP_OWNER,6c73999ae7966f00563911a5=GROUP_READ_ONLY] (active member)
~ update pend-upd@x.com roles=[ORG_MEMBER] → [ORG_GROUP_CREATOR] teamIds=[] → [6c73999ae7966f00563911b5] (pending invitation)
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
    ]
    .into();
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
            format!("GET {} -> 200", page(1)),
            format!("GET {} -> 200", page(2))
        ]
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
            format!("GET {} -> 200", page(1)),
            format!("GET {} -> 200", page(2))
        ]
    );

    // --dry-run: the plan and the requests, exit 0, reads only (not even a revoke's GET).
    let n = server.requests().len();
    let dry = apply(&server, file, &["--prune", "--dry-run"]);
    assert_eq!((dry.code, dry.stderr.as_str()), (0, ""), "{dry:?}");
    assert!(dry.stdout.starts_with(PLAN));
    assert_eq!(sent(&server, n).len(), 2);
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
