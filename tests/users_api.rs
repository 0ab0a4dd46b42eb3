//! The organization users API backend end to end: the `invitations_api` setting, the
//! same outputs as on the invites endpoints, the fallback when those are gone, ids
//! across the switch, `--skip-existing`, and `--dry-run`.

use crate::support::fake_atlas::Logged;
use crate::support::{
    against, against_line, atlas, cmd, fake, recorded, Canned, FakeAtlas, Output, TestDir, ORG,
    SUNSET,
};

const USERS_MT: &str = "application/vnd.atlas.2025-02-19+json";
const INVITES_MT: &str = "application/vnd.atlas.2023-01-01+json";
const GROUP: &str = "6c73999ae7966f00563911a4";
const TEAM: &str = "6c73999ae7966f00563911b5";

/// `atlas <line>` against `server` with `invitations_api` set to `api` (`""`: unset).
fn run(server: &FakeAtlas, api: &str, line: &str) -> Output {
    let c = against_line(server, line);
    if api.is_empty() {
        c.run()
    } else {
        c.env("MONGODB_ATLAS_INVITATIONS_API", api).run()
    }
}

/// The answered (authorized) requests as `METHOD target -> status`.
fn sent(server: &FakeAtlas) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.authorized)
        .map(|r| format!("{} {} -> {}", r.method, r.target, r.status))
        .collect()
}

fn authorized(server: &FakeAtlas) -> Vec<Logged> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.authorized)
        .collect()
}

fn users_path() -> String {
    format!("/api/atlas/v2/orgs/{ORG}/users")
}

fn invites_path() -> String {
    format!("/api/atlas/v2/orgs/{ORG}/invites")
}

fn pending_page(user: &str, page: usize) -> String {
    let user = if user.is_empty() {
        String::new()
    } else {
        format!("&username={}", user.replace('@', "%40"))
    };
    format!(
        "{}?orgMembershipStatuses=PENDING{user}&itemsPerPage=500&pageNum={page}",
        users_path()
    )
}

/// `orgMembershipStatuses` for all four statuses, as `describe`, `update` and `delete`
/// ask for them.
const ALL_STATUSES: &str = "orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";

/// `getOrgUser` as the commands send it: in every status.
fn user_target(id: &str) -> String {
    format!("{}/{id}?{ALL_STATUSES}", users_path())
}

/// The lookup of an update by email: that user, in every status.
fn lookup_page(user: &str) -> String {
    format!(
        "{}?{ALL_STATUSES}&username={}&itemsPerPage=500&pageNum=1",
        users_path(),
        user.replace('@', "%40")
    )
}

fn fallback_line(status: u16) -> String {
    format!("Warning: the organization invitations API answered HTTP {status}: using the organization users API instead (invitations_api is auto; set MONGODB_ATLAS_INVITATIONS_API=users to use it directly)\n")
}

/// A pending invitation with project roles and a team, made through `api`; returns
/// the id that API shows.
fn invite_with_groups(server: &FakeAtlas, api: &str, dir: &TestDir, user: &str) -> String {
    let f = dir.write(
        &format!("{user}.json"),
        &format!(
            r#"{{"username":"{user}","roles":["ORG_MEMBER"],"teamIds":["{TEAM}"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_OWNER","GROUP_READ_ONLY"]}}]}}"#
        ),
    );
    let out = run(
        server,
        api,
        &format!(
            "org invitations invite -f {} --orgId {ORG} -o json-path=$.id",
            f.display()
        ),
    );
    assert_eq!(out.code, 0, "{out:?}");
    out.stdout.trim().trim_matches('"').to_string()
}

#[test]
fn every_verb_on_the_users_api_prints_what_the_invites_api_printed() {
    // The same session on each backend; the default outputs may differ only by the ids.
    let mut outputs = Vec::new();
    for api in ["invites", "users"] {
        let server = fake();
        let dir = TestDir::new();
        let mut out = Vec::new();
        let o = run(
            &server,
            api,
            &format!("org invitations invite a@example.com --orgId {ORG} --role ORG_MEMBER"),
        );
        out.push(o.stdout.clone());
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{api}");
        let id = invite_with_groups(&server, api, &dir, "b@example.com");
        for line in [
            format!("org invitations list --orgId {ORG}"),
            format!("org invitations list --orgId {ORG} --email b@example.com"),
            format!("org invitations describe {id} --orgId {ORG}"),
            format!("org invitations update {id} --role ORG_READ_ONLY --orgId {ORG}"),
            format!("org invitations update --email a@example.com --role ORG_OWNER --orgId {ORG}"),
            format!("org invitations delete {id} --force --orgId {ORG}"),
            format!("org invitations list --orgId {ORG}"),
        ] {
            let o = run(&server, api, &line);
            assert_eq!(o.code, 0, "{api}: {line}: {o:?}");
            assert_eq!(o.stderr, "", "{api}: {line}");
            out.push(o.stdout);
        }
        // Both APIs see the store the same way afterwards.
        let members = server.members();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].org_roles, serde_json::json!(["ORG_OWNER"]));
        // Ids as each API shows them, replaced by position.
        let shown: Vec<String> = members
            .iter()
            .map(|m| {
                if api == "users" {
                    m.user_id.clone()
                } else {
                    m.invitation_id.clone()
                }
            })
            .chain([id])
            .collect();
        let text = out.join("--\n");
        let text = shown
            .iter()
            .enumerate()
            .fold(text, |t, (i, id)| t.replace(id, &format!("<id {i}>")));
        outputs.push(text);
        if api == "users" {
            let reqs = authorized(&server);
            for r in &reqs {
                assert!(r.target.starts_with(&users_path()), "{}", r.target);
                assert_eq!(r.header("accept"), Some(USERS_MT));
                if !r.body.is_empty() {
                    assert_eq!(r.header("content-type"), Some(USERS_MT));
                }
            }
            assert_eq!(
                reqs[0].body_text(),
                "{\"roles\":{\"orgRoles\":[\"ORG_MEMBER\"]},\"teamIds\":[],\"username\":\"a@example.com\"}\n"
            );
            assert_eq!(reqs[0].status, 201);
            assert_eq!(
                reqs[1].body_text(),
                format!("{{\"roles\":{{\"groupRoleAssignments\":[{{\"groupId\":\"{GROUP}\",\"groupRoles\":[\"GROUP_OWNER\",\"GROUP_READ_ONLY\"]}}],\"orgRoles\":[\"ORG_MEMBER\"]}},\"teamIds\":[\"{TEAM}\"],\"username\":\"b@example.com\"}}\n")
            );
        }
    }
    assert_eq!(outputs[0], outputs[1]);
    assert!(outputs[1].contains("User 'a@example.com' invited.\n"));
    assert!(outputs[1].contains("Invitation <id 1> updated.\n"));
    assert!(outputs[1].contains("Invitation '<id 1>' deleted\n"));
}

#[test]
fn request_sequences_on_the_users_api() {
    let server = fake();
    let dir = TestDir::new();
    let id = invite_with_groups(&server, "users", &dir, "b@example.com");
    let user = format!("{}/{id}", users_path());
    let get = user_target(&id);
    for line in [
        format!("org invitations describe {id} --orgId {ORG}"),
        format!("org invitations update {id} --role ORG_OWNER --orgId {ORG}"),
        format!("org invitations update --email b@example.com --role ORG_READ_ONLY --orgId {ORG}"),
        format!("org invitations list --orgId {ORG}"),
        format!("org invitations rm {id} --force --orgId {ORG}"),
    ] {
        run(&server, "users", &line);
    }
    assert_eq!(
        sent(&server),
        [
            format!("POST {} -> 201", users_path()),
            format!("GET {get} -> 200"),
            format!("GET {get} -> 200"),
            format!("PATCH {user} -> 200"),
            format!("GET {} -> 200", lookup_page("b@example.com")),
            format!("PATCH {user} -> 200"),
            format!("GET {} -> 200", pending_page("", 1)),
            format!("GET {get} -> 200"),
            format!("DELETE {user} -> 204"),
        ]
    );
    // Roles are replaced whole: the project roles and the team went back unchanged.
    let patch = &authorized(&server)[3];
    assert_eq!(
        patch.body_text(),
        format!("{{\"roles\":{{\"groupRoleAssignments\":[{{\"groupId\":\"{GROUP}\",\"groupRoles\":[\"GROUP_OWNER\",\"GROUP_READ_ONLY\"]}}],\"orgRoles\":[\"ORG_OWNER\"]}}}}\n")
    );
    assert!(server.members().is_empty());
}

#[test]
fn update_changes_only_what_the_command_sets() {
    let server = fake();
    let dir = TestDir::new();
    let id = invite_with_groups(&server, "users", &dir, "b@example.com");
    run(
        &server,
        "users",
        &format!("org invitations update {id} --role ORG_BILLING_ADMIN --orgId {ORG}"),
    )
    .assert_ok(&format!("Invitation {id} updated.\n"));
    let m = &server.members()[0];
    assert_eq!(m.org_roles, serde_json::json!(["ORG_BILLING_ADMIN"]));
    assert_eq!(
        serde_json::Value::Array(m.group_roles.clone()),
        serde_json::json!([{"groupId": GROUP, "groupRoles": ["GROUP_OWNER", "GROUP_READ_ONLY"]}])
    );
    assert_eq!(m.team_ids, serde_json::json!([TEAM]));
    // A file sets project roles and teams; its org roles are kept when it has none.
    let f = dir.write(
        "update.json",
        &format!(r#"{{"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_READ_ONLY"]}}],"teamIds":[]}}"#),
    );
    let out = run(
        &server,
        "users",
        &format!(
            "org invitations update {id} -f {} --orgId {ORG} -o json",
            f.display()
        ),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        format!("{{\n  \"createdAt\": \"2026-08-10T03:03:37Z\",\n  \"expiresAt\": \"2026-09-09T03:03:37Z\",\n  \"groupRoleAssignments\": [\n    {{\n      \"groupId\": \"{GROUP}\",\n      \"groupRole\": \"GROUP_READ_ONLY\"\n    }}\n  ],\n  \"id\": \"{id}\",\n  \"inviterUsername\": \"test-public-key\",\n  \"orgId\": \"{ORG}\",\n  \"orgName\": \"\",\n  \"roles\": [\n    \"ORG_BILLING_ADMIN\"\n  ],\n  \"teamIds\": [],\n  \"username\": \"b@example.com\"\n}}\n")
    );
    let m = &server.members()[0];
    assert_eq!(m.org_roles, serde_json::json!(["ORG_BILLING_ADMIN"]));
    assert_eq!(m.team_ids, serde_json::json!([]));
}

#[test]
fn output_forms_see_the_invitation_shape() {
    let server = fake();
    let dir = TestDir::new();
    let inv_id = invite_with_groups(&server, "invites", &dir, "b@example.com");
    let user_id = server.members()[0].user_id.clone();
    assert_ne!(inv_id, user_id);
    // -o json: the same document on both APIs but for the id and orgName.
    let via_invites = run(
        &server,
        "invites",
        &format!("org invitations describe {inv_id} --orgId {ORG} -o json"),
    );
    let via_users = run(
        &server,
        "users",
        &format!("org invitations describe {user_id} --orgId {ORG} -o json"),
    );
    assert_eq!(via_users.code, 0, "{via_users:?}");
    assert_eq!(
        via_users.stdout,
        via_invites
            .stdout
            .replace(&inv_id, &user_id)
            .replace("\"orgName\": \"Atlas CLI E2E\"", "\"orgName\": \"\"")
    );
    assert!(via_users.stdout.contains(
        "  \"groupRoleAssignments\": [\n    {\n      \"groupId\": \"6c73999ae7966f00563911a4\",\n      \"groupRole\": \"GROUP_OWNER\"\n    },\n    {\n      \"groupId\": \"6c73999ae7966f00563911a4\",\n      \"groupRole\": \"GROUP_READ_ONLY\"\n    }\n  ],\n"
    ));
    // json-path and go-template, on one invitation and on the list.
    for (line, want) in [
        (
            format!("org invitations ls --orgId {ORG} -o json-path=$[0].id"),
            format!("\"{user_id}\"\n"),
        ),
        (
            format!("org invitations ls --orgId {ORG} --email b@example.com -o json-path=$[0].groupRoleAssignments[1].groupRole"),
            "\"GROUP_READ_ONLY\"\n".to_string(),
        ),
        (
            format!("org invitations get {user_id} --orgId {ORG} -o json-path=$.createdAt"),
            "\"2026-08-10T03:03:37Z\"\n".to_string(),
        ),
        (
            format!("org invitations get {user_id} --orgId {ORG} -o 'go-template={{{{.Id}}}}:{{{{.Username}}}}:{{{{.OrgId}}}}:{{{{range .GroupRoleAssignments}}}}{{{{.GroupRole}}}},{{{{end}}}}:{{{{.TeamIds}}}}:{{{{.ExpiresAt}}}}'"),
            format!("{user_id}:b@example.com:{ORG}:GROUP_OWNER,GROUP_READ_ONLY,:[{TEAM}]:2026-09-09 03:03:37 +0000 UTC"),
        ),
        (
            format!("org invitations ls --orgId {ORG} -o 'go-template={{{{range .}}}}{{{{.Id}}}}{{{{end}}}}'"),
            user_id.clone(),
        ),
        (
            format!("org invitations update {user_id} --role ORG_OWNER --orgId {ORG} -o go-template={{{{.Roles}}}}"),
            "[ORG_OWNER]".to_string(),
        ),
        (
            format!("org invitations invite c@example.com --role ORG_MEMBER --orgId {ORG} -o json-path=$.username"),
            "\"c@example.com\"\n".to_string(),
        ),
    ] {
        run(&server, "users", &line).assert_ok(&want);
    }
}

#[test]
fn one_store_behind_both_apis() {
    let server = fake();
    // Created through the users API, seen through the invites API under another id.
    run(
        &server,
        "users",
        &format!("org invitations invite a@example.com --role ORG_MEMBER --orgId {ORG}"),
    )
    .assert_ok("User 'a@example.com' invited.\n");
    let m = server.members()[0].clone();
    run(
        &server,
        "invites",
        &format!("org invitations ls --orgId {ORG} -o json-path=$[0].id"),
    )
    .assert_ok(&format!("\"{}\"\n", m.invitation_id));
    run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o json-path=$[0].id"),
    )
    .assert_ok(&format!("\"{}\"\n", m.user_id));
    // Accepted: a member, no longer an invitation on either API.
    server.accept("a@example.com");
    for api in ["invites", "users"] {
        run(&server, api, &format!("org invitations ls --orgId {ORG}"))
            .assert_ok("ID    USERNAME   CREATED AT   EXPIRES AT\n");
    }
}

#[test]
fn pagination_follows_every_page() {
    let server = fake();
    server.preload(ORG, 1203);
    let out = run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG}"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 1203);
    assert!(lines[1].contains("user0@example.com"));
    assert!(lines[1203].contains("user1202@example.com"));
    assert_eq!(
        sent(&server),
        (1..=3)
            .map(|p| format!("GET {} -> 200", pending_page("", p)))
            .collect::<Vec<_>>()
    );
    // Exactly full pages end on the count, without asking for an empty page.
    let server = fake();
    server.preload(ORG, 1000);
    let out = run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o 'go-template={{{{len .}}}}'"),
    );
    out.assert_ok("1000");
    assert_eq!(sent(&server).len(), 2);
    // Members are not invitations.
    server.add_member(ORG, "member@example.com");
    let out = run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o 'go-template={{{{len .}}}}'"),
    );
    out.assert_ok("1000");
}

#[test]
fn each_gone_answer_falls_back_once_and_says_so() {
    for status in [410u16, 406, 404] {
        let server = fake();
        server.invites_gone(Some(status));
        let out = run(
            &server,
            "",
            &format!("org invitations invite a@example.com --role ORG_MEMBER --orgId {ORG}"),
        );
        out.assert_ok("User 'a@example.com' invited.\n");
        assert_eq!(out.stderr, fallback_line(status), "{status}");
        assert_eq!(
            sent(&server),
            [
                format!("POST {} -> {status}", invites_path()),
                format!("POST {} -> 201", users_path()),
            ],
            "{status}"
        );
        // One connection, one Digest challenge for both APIs.
        assert_eq!(server.connections(), 1);
        assert_eq!(server.requests().len(), 3);
        // list and update by email go to the collection path too.
        let out = run(
            &server,
            "",
            &format!("org invitations ls --orgId {ORG} -o json-path=$[0].username"),
        );
        out.assert_ok("\"a@example.com\"\n");
        assert_eq!(out.stderr, fallback_line(status));
        let out = run(
            &server,
            "",
            &format!("org invitations update --email a@example.com --role ORG_OWNER --orgId {ORG}"),
        );
        assert_eq!(out.code, 0, "{out:?}");
        assert_eq!(out.stderr, fallback_line(status));
    }
    // 410 and 406 on one invitation's path fall back too; 404 there does not.
    let server = fake();
    let uid = {
        run(
            &server,
            "users",
            &format!("org invitations invite a@example.com --role ORG_MEMBER --orgId {ORG}"),
        );
        server.members()[0].user_id.clone()
    };
    for status in [410u16, 406] {
        server.invites_gone(Some(status));
        let out = run(
            &server,
            "",
            &format!("org invitations describe {uid} --orgId {ORG} -o json-path=$.id"),
        );
        out.assert_ok(&format!("\"{uid}\"\n"));
        assert_eq!(out.stderr, fallback_line(status));
    }
    server.invites_gone(Some(404));
    run(
        &server,
        "",
        &format!("org invitations describe {uid} --orgId {ORG}"),
    )
    .assert_error(&format!(
        "{}{}/{uid} GET: HTTP 404 Not Found (Error code: \"RESOURCE_NOT_FOUND\") Detail: The requested resource does not exist. Reason: Not Found. Params: [], BadRequestDetail: ",
        server.url(),
        invites_path()
    ));
    assert!(sent(&server).last().unwrap().contains("/invites/"));
}

#[test]
fn a_bulk_run_falls_back_once_for_all_its_items() {
    let server = fake();
    server.invites_gone(Some(410));
    let out = against(
        &server,
        &["org", "invitations", "invite", "-f", "-", "--orgId", ORG],
    )
    .stdin(br#"[{"username":"a@x.com","roles":["ORG_MEMBER"]},{"username":"b@x.com","roles":["ORG_MEMBER"]},{"username":"c@x.com","roles":["ORG_MEMBER"]}]"#)
    .run();
    out.assert_ok("User 'a@x.com' invited.\nUser 'b@x.com' invited.\nUser 'c@x.com' invited.\n");
    assert_eq!(
        out.stderr,
        format!("{}invited 3 of 3\n", fallback_line(410))
    );
    let sent = sent(&server);
    assert_eq!(sent.len(), 4);
    assert_eq!(sent[0], format!("POST {} -> 410", invites_path()));
    assert!(sent[1..]
        .iter()
        .all(|s| *s == format!("POST {} -> 201", users_path())));
    assert_eq!(server.connections(), 1);
}

#[test]
fn answers_from_live_invites_endpoints_are_not_retried() {
    let server = fake();
    // A 404 for one invitation id is an answer.
    run(
        &server,
        "",
        &format!("org invitations describe 6a793f89c0eb9e7a00000099 --orgId {ORG}"),
    )
    .assert_error(&format!(
        "{}{}/6a793f89c0eb9e7a00000099 GET: HTTP 404 Not Found (Error code: \"RESOURCE_NOT_FOUND\") Detail: Invitation with ID 6a793f89c0eb9e7a00000099 not found. Reason: Not Found. Params: [6a793f89c0eb9e7a00000099], BadRequestDetail: ",
        server.url(),
        invites_path()
    ));
    run(
        &server,
        "",
        &format!("org invitations rm 6a793f89c0eb9e7a00000099 --force --orgId {ORG}"),
    );
    // A 404 on the collection that names a missing project is an answer too.
    server.push(Canned::error(404, recorded::NOT_FOUND));
    let out = run(
        &server,
        "",
        &format!("org invitations invite a@example.com --orgId {ORG}"),
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("GROUP_NOT_FOUND"), "{}", out.stderr);
    // So are other errors.
    server.push(Canned::error(
        400,
        r#"{"error":400,"errorCode":"INVALID_EMAIL_ADDRESS","detail":"bad","reason":"Bad Request","parameters":[]}"#,
    ));
    assert_eq!(
        run(&server, "", &format!("org invitations ls --orgId {ORG}")).code,
        1
    );
    assert!(sent(&server).iter().all(|s| !s.contains("/users")));
    // `invites` never falls back.
    server.invites_gone(Some(410));
    let out = run(
        &server,
        "invites",
        &format!("org invitations ls --orgId {ORG}"),
    );
    out.assert_error(&format!("{}{} GET: HTTP 410 Gone (Error code: \"GONE\") Detail: This endpoint has been removed. Reason: Gone. Params: [], BadRequestDetail: ", server.url(), invites_path()));
    assert!(sent(&server).iter().all(|s| !s.contains("/users")));
}

#[test]
fn the_sunset_date_switches_auto() {
    let server = fake();
    let invite = |now: &str| {
        against_line(
            &server,
            &format!("org invitations invite a@example.com --role ORG_MEMBER --orgId {ORG}"),
        )
        .env("ATLAS_NOW", now)
        .run()
    };
    // One second before: the invites endpoints.
    let before = (SUNSET.parse::<i64>().unwrap() - 1).to_string();
    invite(&before).assert_ok("User 'a@example.com' invited.\n");
    assert_eq!(sent(&server), [format!("POST {} -> 200", invites_path())]);
    // From the sunset on: the users API directly, without a warning.
    let server = fake();
    let out = against_line(
        &server,
        &format!("org invitations invite a@example.com --role ORG_MEMBER --orgId {ORG}"),
    )
    .env("ATLAS_NOW", SUNSET)
    .run();
    out.assert_ok("User 'a@example.com' invited.\n");
    assert_eq!(out.stderr, "");
    assert_eq!(sent(&server), [format!("POST {} -> 201", users_path())]);
    // `invites` keeps the deprecated endpoints after the date.
    let out = against_line(&server, &format!("org invitations ls --orgId {ORG}"))
        .env("ATLAS_NOW", SUNSET)
        .env("MONGODB_ATLAS_INVITATIONS_API", "invites")
        .run();
    assert_eq!(out.code, 0);
    assert!(sent(&server).last().unwrap().contains("/invites?username="));
    // Ten days before, the invites endpoints' Sunset header earns one warning.
    let ten_days_before = (SUNSET.parse::<i64>().unwrap() - 10 * 86_400).to_string();
    let out = against_line(&server, &format!("org invitations ls --orgId {ORG}"))
        .env("ATLAS_NOW", &ten_days_before)
        .run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "Warning: Atlas will retire the organization invitations API on Thu, 1 Jul 2027 00:00:00 GMT (10 days from now, Sunset header). Atlas recommends the organization users API instead, which atlas uses from 2027-07-01 unless invitations_api is invites.\n");
    // The test hook is checked.
    against_line(&server, &format!("org invitations ls --orgId {ORG}"))
        .env("ATLAS_NOW", "soon")
        .run()
        .assert_error(
            "ATLAS_NOW (a test hook) must be a number of seconds since 1970, not \"soon\"",
        );
}

#[test]
fn the_setting_is_read_like_every_other() {
    let server = fake();
    let dir = TestDir::new();
    let ls = format!("org invitations ls --orgId {ORG}");
    let last = |server: &FakeAtlas| sent(server).last().cloned().unwrap_or_default();
    // Profile key, top-level key, environment (which wins), and the MCLI_ form.
    dir.config("[default]\ninvitations_api = \"users\"\n");
    assert_eq!(against_line(&server, &ls).home(&dir).run().code, 0);
    assert!(last(&server).contains("/users?"), "{}", last(&server));
    dir.config("invitations_api = \"invites\"\n[default]\ninvitations_api = \"users\"\n");
    assert_eq!(against_line(&server, &ls).home(&dir).run().code, 0);
    assert!(last(&server).contains("/invites?"));
    assert_eq!(
        against_line(&server, &ls)
            .home(&dir)
            .env("MONGODB_ATLAS_INVITATIONS_API", "users")
            .run()
            .code,
        0
    );
    assert!(last(&server).contains("/users?"));
    let out = atlas(&crate::support::split(&ls))
        .env("MCLI_OPS_MANAGER_URL", &server.url())
        .env("MCLI_PUBLIC_API_KEY", crate::support::PUBLIC)
        .env("MCLI_PRIVATE_API_KEY", crate::support::PRIVATE)
        .env("MCLI_INVITATIONS_API", "users")
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert!(last(&server).contains("/users?"));
    // An unknown value is an error before anything is sent, dry runs included.
    let before = server.requests().len();
    let empty_home = TestDir::new();
    for line in [
        ls.clone(),
        format!("org invitations invite a@b.c --orgId {ORG} --dry-run"),
    ] {
        against_line(&server, &line)
            .home(&empty_home)
            .env("MONGODB_ATLAS_INVITATIONS_API", "Users")
            .run()
            .assert_error(
                "unsupported invitations_api value \"Users\" (from MONGODB_ATLAS_INVITATIONS_API): use invites, users or auto",
            );
    }
    assert_eq!(server.requests().len(), before);
    dir.config("[default]\ninvitations_api = \"v2\"\n");
    let out = against_line(&server, &ls).home(&dir).run();
    out.assert_error(&format!(
        "unsupported invitations_api value \"v2\" (from profile \"default\" of {}/.config/atlascli/config.toml): use invites, users or auto",
        dir.path.display()
    ));
    // Empty is unset: auto.
    assert_eq!(
        against_line(&server, &ls)
            .env("MONGODB_ATLAS_INVITATIONS_API", "")
            .run()
            .code,
        0
    );
    assert!(last(&server).contains("/invites?"));
}

#[test]
fn old_invitation_ids_get_a_way_to_the_user_id() {
    let server = fake();
    let out = run(
        &server,
        "invites",
        &format!("org invitations invite a@example.com --role ORG_MEMBER --orgId {ORG} -o json-path=$.id"),
    );
    let inv_id = out.stdout.trim().trim_matches('"').to_string();
    for line in [
        format!("org invitations describe {inv_id} --orgId {ORG}"),
        format!("org invitations update {inv_id} --role ORG_OWNER --orgId {ORG}"),
        format!("org invitations delete {inv_id} --force --orgId {ORG}"),
    ] {
        run(&server, "users", &line).assert_error(&format!(
            "{}{}/{inv_id} GET: HTTP 404 Not Found (Error code: \"USER_NOT_FOUND\") Detail: No user with ID {inv_id} exists in organization {ORG}. Reason: Not Found. Params: [{inv_id} {ORG}], BadRequestDetail:  (invitation IDs from the deprecated invites API are not user IDs; find the user ID with: atlas organizations invitations list --orgId {ORG} --email <email> -o 'json-path=$[0].id')",
            server.url(),
            users_path()
        ));
    }
    // The way works: the user id, then the command.
    let out = run(
        &server,
        "users",
        &format!("org invitations list --orgId {ORG} --email a@example.com -o json-path=$[0].id"),
    );
    let user_id = out.stdout.trim().trim_matches('"').to_string();
    assert_eq!(user_id, server.members()[0].user_id);
    run(
        &server,
        "users",
        &format!("org invitations delete {user_id} --force --orgId {ORG}"),
    )
    .assert_ok(&format!("Invitation '{user_id}' deleted\n"));
    // Nothing changed on the failed attempts.
    let patches = sent(&server)
        .iter()
        .filter(|s| s.starts_with("PATCH") || s.starts_with("DELETE"))
        .count();
    assert_eq!(patches, 1);
}

#[test]
fn members_are_not_invitations() {
    let server = fake();
    let uid = server.add_member(ORG, "m@example.com");
    let refusal = format!("{uid} is not a pending invitation: user m@example.com accepted the invitation and is a member of the organization (orgMembershipStatus ACTIVE)");
    for line in [
        format!("org invitations describe {uid} --orgId {ORG}"),
        format!("org invitations update {uid} --role ORG_OWNER --orgId {ORG}"),
        format!("org invitations delete {uid} --force --orgId {ORG}"),
    ] {
        run(&server, "users", &line).assert_error(&refusal);
    }
    run(
        &server,
        "users",
        &format!("org invitations update --email m@example.com --role ORG_OWNER --orgId {ORG}"),
    )
    .assert_error("user m@example.com accepted the invitation and is a member of the organization (orgMembershipStatus ACTIVE)");
    run(
        &server,
        "users",
        &format!(
            "org invitations update --email nobody@example.com --role ORG_OWNER --orgId {ORG}"
        ),
    )
    .assert_error(&format!(
        "no pending invitation for nobody@example.com in organization {ORG}"
    ));
    // Only reads were sent: the member is still there, unchanged.
    assert!(sent(&server).iter().all(|s| s.starts_with("GET ")));
    let m = &server.members()[0];
    assert_eq!(
        (m.status, m.org_roles.clone()),
        ("ACTIVE", serde_json::json!(["ORG_MEMBER"]))
    );
}

#[test]
fn bad_input_on_the_users_api() {
    let server = fake();
    run(
        &server,
        "users",
        &format!("org invitations invite a@example.com --role ORG_BOSS --orgId {ORG}"),
    )
    .assert_error(&format!(
        "{}{} POST: HTTP 400 Bad Request (Error code: \"INVALID_ENUM_VALUE\") Detail: An invalid enumeration value ORG_BOSS was specified. Reason: Bad Request. Params: [ORG_BOSS], BadRequestDetail: ",
        server.url(),
        users_path()
    ));
    let out = run(
        &server,
        "users",
        &format!("org invitations describe 6a793f8ec0eb9e7a00000042 --orgId {ORG}"),
    );
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    assert!(out.stderr.starts_with("Error: ") && out.stderr.contains("USER_NOT_FOUND"));
    // A bulk run reports each item; nothing is half-done.
    let out = against(
        &server,
        &["org", "invitations", "invite", "-f", "-", "--orgId", ORG],
    )
    .env("MONGODB_ATLAS_INVITATIONS_API", "users")
    .stdin(br#"[{"username":"a@x.com","roles":["ORG_MEMBER"]},{"username":"b@x.com","roles":["NOPE"]},{"username":"c@x.com","roles":["ORG_MEMBER"]}]"#)
    .run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "User 'a@x.com' invited.\nUser 'c@x.com' invited.\n"
    );
    assert!(out.stderr.starts_with("Error: invitation 2 (b@x.com): "));
    assert!(out
        .stderr
        .ends_with("invited 2 of 3; failed: 2 (b@x.com)\n"));
    assert!(server.members().iter().all(|m| m.username != "b@x.com"));
}

fn team_file(dir: &TestDir, roles_of_b: &str) -> String {
    dir.write(
        "team.json",
        &format!(r#"[{{"username":"a@x.com","roles":["ORG_MEMBER"]}},{{"username":"b@x.com","roles":["{roles_of_b}"]}},{{"username":"m@x.com","roles":["ORG_MEMBER"]}},{{"username":"d@x.com","roles":["ORG_MEMBER"]}}]"#),
    )
    .to_string_lossy()
    .into_owned()
}

#[test]
fn skip_existing_makes_bulk_runs_idempotent_on_both_apis() {
    for api in ["invites", "users"] {
        let server = fake();
        let dir = TestDir::new();
        server.add_member(ORG, "m@x.com");
        // First run: b's role is refused; m is a member.
        let out = run(
            &server,
            api,
            &format!(
                "org invitations invite -f {} --orgId {ORG} --skip-existing",
                team_file(&dir, "ORG_MEMBER_TYPO")
            ),
        );
        if api == "invites" {
            // The invites fake accepts any role; refuse b the way Atlas would.
            assert_eq!(out.code, 0, "{api}: {out:?}");
            run(
                &server,
                api,
                &format!(
                    "org invitations rm {} --force --orgId {ORG}",
                    server.members()[2].invitation_id
                ),
            );
        } else {
            assert_eq!(out.code, 1, "{out:?}");
            assert_eq!(
                out.stdout,
                "User 'a@x.com' invited.\nUser 'd@x.com' invited.\n"
            );
            assert!(
                out.stderr.ends_with(
                    "skipped invitation 3 (m@x.com): already invited or a member (409 Conflict)\ninvited 2 of 4, skipped 1; failed: 2 (b@x.com)\n"
                ),
                "{}",
                out.stderr
            );
        }
        let before = sent(&server).len();
        // Re-run the corrected file: only b is invited, exit 0.
        let out = run(
            &server,
            api,
            &format!(
                "org invitations invite -f {} --orgId {ORG} --skip-existing",
                team_file(&dir, "ORG_READ_ONLY")
            ),
        );
        out.assert_ok("User 'b@x.com' invited.\n");
        let why_a = if api == "invites" {
            "already invited"
        } else {
            "already invited or a member (409 Conflict)"
        };
        assert_eq!(
            out.stderr,
            format!("skipped invitation 1 (a@x.com): {why_a}\nskipped invitation 3 (m@x.com): already invited or a member (409 Conflict)\nskipped invitation 4 (d@x.com): {why_a}\ninvited 1 of 4, skipped 3\n"),
            "{api}"
        );
        let this_run = sent(&server)[before..].to_vec();
        if api == "invites" {
            // One list call, then only the users it does not list as pending.
            assert_eq!(
                this_run,
                [
                    format!("GET {}?username= -> 200", invites_path()),
                    format!("POST {} -> 200", invites_path()),
                    format!("POST {} -> 409", invites_path()),
                ]
            );
        } else {
            assert_eq!(this_run.len(), 4);
        }
        let pending: Vec<String> = server
            .members()
            .iter()
            .filter(|m| m.status == "PENDING")
            .map(|m| m.username.as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(pending.len(), 3, "{api}: {pending:?}");
        // A single invite skips too, and without the flag an existing user is an error.
        let single = format!("org invitations invite a@x.com --role ORG_MEMBER --orgId {ORG}");
        let out = run(&server, api, &format!("{single} --skip-existing"));
        out.assert_ok("");
        assert_eq!(out.stderr, format!("skipped a@x.com: {why_a}\n"));
        let out = run(
            &server,
            api,
            &format!("org invitations invite m@x.com --orgId {ORG} --role ORG_MEMBER"),
        );
        assert_eq!(out.code, 1, "{api}");
        assert!(out.stderr.contains("409 Conflict"), "{}", out.stderr);
    }
    // Hidden like --dry-run.
    assert!(!atlas(&["org", "invitations", "invite", "-h"])
        .run()
        .stdout
        .contains("skip-existing"));
}

#[test]
fn dry_run_shows_the_requests_of_the_api_in_use() {
    let server = fake();
    let base = server.url();
    let dry = |line: &str, api: &str, now: &str| {
        cmd(line)
            .env("MONGODB_ATLAS_OPS_MANAGER_URL", &base)
            .env("MONGODB_ATLAS_INVITATIONS_API", api)
            .env("ATLAS_NOW", now)
            .run()
    };
    let now = crate::support::NOW;
    let users = format!("{base}{}", users_path());
    let get = |path: &str| format!("GET {path}\nAccept: {USERS_MT}\n");
    let with_body = |method: &str, path: &str, body: &str| {
        format!("{method} {path}\nAccept: {USERS_MT}\nContent-Type: {USERS_MT}\n\n{body}")
    };
    let invite =
        format!("org invitations invite a<b@x.com --orgId {ORG} --role ORG_OWNER --dry-run");
    let post = with_body(
        "POST",
        &users,
        "{\"roles\":{\"orgRoles\":[\"ORG_OWNER\"]},\"teamIds\":[],\"username\":\"a\\u003cb@x.com\"}\n",
    );
    dry(&invite, "users", now).assert_ok(&post);
    // auto: the invites endpoints before the sunset, the users API from it.
    dry(&invite, "auto", SUNSET).assert_ok(&post);
    let out = dry(&invite, "auto", now);
    assert!(
        out.stdout.starts_with(&format!(
            "POST {base}{}\nAccept: {INVITES_MT}\n",
            invites_path()
        )),
        "{}",
        out.stdout
    );
    let id = "6a793f8ec0eb9e7a00000001";
    dry(
        &format!("org invitations update {id} --role ORG_MEMBER --orgId {ORG} --dry-run"),
        "users",
        now,
    )
    .assert_ok(&format!(
        "{}\n{}",
        get(&format!("{base}{}", user_target(id))),
        with_body(
            "PATCH",
            &format!("{users}/{id}"),
            "{\"roles\":{\"groupRoleAssignments\":<current groupRoleAssignments>,\"orgRoles\":[\"ORG_MEMBER\"]}}\n"
        )
    ));
    dry(
        &format!("org invitations update --email a@x.com --role ORG_MEMBER --orgId {ORG} --dry-run"),
        "users",
        now,
    )
    .assert_ok(&format!(
        "{}\n{}",
        get(&format!("{base}{}", lookup_page("a@x.com"))),
        with_body(
            "PATCH",
            &format!("{users}/<user id of a@x.com>"),
            "{\"roles\":{\"groupRoleAssignments\":<current groupRoleAssignments>,\"orgRoles\":[\"ORG_MEMBER\"]}}\n"
        )
    ));
    dry(
        &format!("org invitations rm {id} --orgId {ORG} --dry-run"),
        "users",
        now,
    )
    .assert_ok(&format!(
        "{}\nDELETE {users}/{id}\nAccept: {USERS_MT}\n",
        get(&format!("{base}{}", user_target(id)))
    ));
    assert_eq!(server.connections(), 0);
}

#[test]
fn the_fake_serves_the_users_api_in_its_own_version_only() {
    use std::io::{Read, Write};
    let server = FakeAtlas::start(None);
    let ask = |accept: &str| {
        let mut s =
            std::net::TcpStream::connect(server.url().trim_start_matches("http://")).unwrap();
        write!(
            s,
            "GET /api/atlas/v2/orgs/{ORG}/users HTTP/1.1\r\nHost: x\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap();
        answer
    };
    assert!(ask(USERS_MT).starts_with("HTTP/1.1 200 OK\r\n"));
    let refused = ask(INVITES_MT);
    assert!(
        refused.starts_with("HTTP/1.1 406 Not Acceptable\r\n"),
        "{refused}"
    );
    assert!(refused.contains("\"errorCode\":\"INVALID_VERSION_DATE\""));
}

/// The `POST` bodies the fake received, in order.
fn posted(server: &FakeAtlas) -> Vec<String> {
    authorized(server)
        .iter()
        .filter(|r| r.method == "POST")
        .map(Logged::body_text)
        .collect()
}

#[test]
fn an_invitation_without_an_org_role_asks_for_org_member() {
    // Issue 19.1, decision users-api-default-role: createOrgUser requires at least one
    // organization role; none typed (no --role, an item without roles, or `[]`) asks
    // for ORG_MEMBER on the users API.
    let server = fake();
    run(
        &server,
        "users",
        &format!("org invitations invite a@example.com --orgId {ORG}"),
    )
    .assert_ok("User 'a@example.com' invited.\n");
    let out = against(
        &server,
        &["org", "invitations", "invite", "-f", "-", "--orgId", ORG],
    )
    .env("MONGODB_ATLAS_INVITATIONS_API", "users")
    .stdin(br#"[{"username":"b@x.com"},{"username":"c@x.com","roles":[]},{"username":"d@x.com","roles":["ORG_OWNER"]}]"#)
    .run();
    out.assert_ok("User 'b@x.com' invited.\nUser 'c@x.com' invited.\nUser 'd@x.com' invited.\n");
    assert_eq!(
        posted(&server),
        [
            "{\"roles\":{\"orgRoles\":[\"ORG_MEMBER\"]},\"teamIds\":[],\"username\":\"a@example.com\"}\n",
            "{\"roles\":{\"orgRoles\":[\"ORG_MEMBER\"]},\"username\":\"b@x.com\"}\n",
            "{\"roles\":{\"orgRoles\":[\"ORG_MEMBER\"]},\"username\":\"c@x.com\"}\n",
            "{\"roles\":{\"orgRoles\":[\"ORG_OWNER\"]},\"username\":\"d@x.com\"}\n",
        ]
    );
    // Every one of them holds a role now (the fake refuses none, as Atlas would).
    let roles: Vec<serde_json::Value> = server
        .members()
        .iter()
        .map(|m| m.org_roles.clone())
        .collect();
    assert_eq!(
        roles,
        [
            serde_json::json!(["ORG_MEMBER"]),
            serde_json::json!(["ORG_MEMBER"]),
            serde_json::json!(["ORG_MEMBER"]),
            serde_json::json!(["ORG_OWNER"])
        ]
    );
    // The invites endpoints keep getting what the official CLI sends, byte for byte.
    let server = fake();
    run(
        &server,
        "invites",
        &format!("org invitations invite a@example.com --orgId {ORG}"),
    )
    .assert_ok("User 'a@example.com' invited.\n");
    assert_eq!(
        posted(&server),
        ["{\"roles\":[],\"teamIds\":[],\"username\":\"a@example.com\"}\n"]
    );
    // --dry-run shows the body that would go, and says why on stderr, once per invitation.
    let dry = |api: &str| {
        cmd(&format!(
            "org invitations invite a@example.com --orgId {ORG} --dry-run"
        ))
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_INVITATIONS_API", api)
        .run()
    };
    let out = dry("users");
    out.assert_ok(&format!(
        "POST {}{}\nAccept: {USERS_MT}\nContent-Type: {USERS_MT}\n\n{{\"roles\":{{\"orgRoles\":[\"ORG_MEMBER\"]}},\"teamIds\":[],\"username\":\"a@example.com\"}}\n",
        server.url(),
        users_path()
    ));
    assert_eq!(
        out.stderr,
        "Note: the invitation of a@example.com names no organization role; the users API requires one, so ORG_MEMBER is asked for (decision users-api-default-role)\n"
    );
    let out = dry("invites");
    assert!(out
        .stdout
        .ends_with("\n\n{\"roles\":[],\"teamIds\":[],\"username\":\"a@example.com\"}\n"));
    assert_eq!(out.stderr, "");
}

/// A page of `listOrgUsers` as Atlas writes it: `n` pending users from number `from`,
/// with these links.
fn page_of_users(from: usize, n: usize, links: &str) -> String {
    let users: Vec<String> = (from..from + n)
        .map(|i| format!(r#"{{"id":"6a793f8ec0eb9e7a{i:08x}","invitationCreatedAt":"2026-08-10T03:03:37Z","invitationExpiresAt":"2026-09-09T03:03:37Z","inviterUsername":"nmtxqlkl","orgMembershipStatus":"PENDING","roles":{{"groupRoleAssignments":[],"orgRoles":["ORG_MEMBER"]}},"teamIds":[],"username":"user{i}@example.com"}}"#))
        .collect();
    format!(
        r#"{{"links":[{links}],"results":[{}],"totalCount":{n}}}"#,
        users.join(",")
    )
}

#[test]
fn paging_follows_next_links_never_the_count() {
    // Issue 19.2, decision users-api-paging: 1,010 pending users with a totalCount of
    // 1,000 (an estimate): every one is listed.
    let server = fake();
    server.preload(ORG, 1010);
    server.total_count(Some(1000));
    let out = run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG}"),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 1010);
    assert!(lines[1010].contains("user1009@example.com"));
    assert_eq!(
        sent(&server),
        (1..=3)
            .map(|p| format!("GET {} -> 200", pending_page("", p)))
            .collect::<Vec<_>>()
    );
    // A count above the truth does not ask for pages that are not there either.
    let server = fake();
    server.preload(ORG, 10);
    server.total_count(Some(5000));
    run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o 'go-template={{{{len .}}}}'"),
    )
    .assert_ok("10");
    assert_eq!(sent(&server).len(), 1);

    // Answers without links: a full page asks for the next one, an empty page ends.
    // A next link to another host is not followed: the next page is asked of this
    // server, by pageNum.
    let server = fake();
    let here = format!("{}{}", server.url(), pending_page("", 1));
    server.push(Canned::users(200, &page_of_users(0, 500, "")));
    server.push(Canned::users(
        200,
        &page_of_users(
            500,
            500,
            r#"{"href":"http://203.0.113.9:1/api/atlas/v2/orgs/x/users?pageNum=3","rel":"next"}"#,
        ),
    ));
    server.push(Canned::users(
        200,
        &page_of_users(1000, 7, &format!(r#"{{"href":"{here}","rel":"self"}}"#)),
    ));
    let out = run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o 'go-template={{{{len .}}}}'"),
    );
    out.assert_ok("1007");
    assert_eq!(
        sent(&server),
        (1..=3)
            .map(|p| format!("GET {} -> 200", pending_page("", p)))
            .collect::<Vec<_>>()
    );
    assert_eq!(server.connections(), 1);
    // Those canned pages are ones Atlas could send.
    let spec = crate::support::openapi::Spec::load();
    for r in authorized(&server) {
        let v: Vec<String> = spec
            .check(&r)
            .iter()
            .filter(|v| !v.place.ends_with("/inviterUsername"))
            .map(|v| v.to_string())
            .collect();
        assert!(v.is_empty(), "{v:?}");
    }
    let server = fake();
    server.push(Canned::users(200, &page_of_users(0, 500, "")));
    server.push(Canned::users(200, &page_of_users(500, 0, "")));
    run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o 'go-template={{{{len .}}}}'"),
    )
    .assert_ok("500");
    assert_eq!(sent(&server).len(), 2);
}

#[test]
fn update_sends_only_what_it_changes() {
    // Issue 19.3, decision users-api-update.
    let server = fake();
    let dir = TestDir::new();
    let id = invite_with_groups(&server, "users", &dir, "b@example.com");
    const TEAM2: &str = "6c73999ae7966f00563911b6";
    let teams = dir.write("teams.json", &format!(r#"{{"teamIds":["{TEAM2}"]}}"#));
    let update_teams = format!(
        "org invitations update {id} -f {} --orgId {ORG}",
        teams.display()
    );
    run(&server, "users", &update_teams).assert_ok(&format!("Invitation {id} updated.\n"));
    let patch = authorized(&server).pop().unwrap();
    assert_eq!(patch.method, "PATCH");
    assert_eq!(
        patch.body_text(),
        format!("{{\"teamIds\":[\"{TEAM2}\"]}}\n")
    );
    let m = &server.members()[0];
    assert_eq!(
        (
            m.org_roles.clone(),
            serde_json::Value::Array(m.group_roles.clone()),
            m.team_ids.clone()
        ),
        (
            serde_json::json!(["ORG_MEMBER"]),
            serde_json::json!([{"groupId": GROUP, "groupRoles": ["GROUP_OWNER", "GROUP_READ_ONLY"]}]),
            serde_json::json!([TEAM2])
        )
    );
    // --dry-run plans the same body.
    let out = cmd(&format!("{update_teams} --dry-run"))
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_INVITATIONS_API", "users")
        .run();
    assert!(
        out.stdout
            .ends_with(&format!("\n\n{{\"teamIds\":[\"{TEAM2}\"]}}\n")),
        "{}",
        out.stdout
    );
    // A change of roles sends them complete: org roles and project roles.
    run(
        &server,
        "users",
        &format!("org invitations update {id} --role ORG_READ_ONLY --orgId {ORG}"),
    )
    .assert_ok(&format!("Invitation {id} updated.\n"));
    assert_eq!(
        authorized(&server).pop().unwrap().body_text(),
        format!("{{\"roles\":{{\"groupRoleAssignments\":[{{\"groupId\":\"{GROUP}\",\"groupRoles\":[\"GROUP_OWNER\",\"GROUP_READ_ONLY\"]}}],\"orgRoles\":[\"ORG_READ_ONLY\"]}}}}\n")
    );
    // When the user as read lacks what a complete `roles` needs, nothing is sent.
    let user_without = |roles: &str| {
        format!(
            r#"{{"id":"{id}","invitationCreatedAt":"2026-08-10T03:03:37Z","invitationExpiresAt":"2026-09-09T03:03:37Z","inviterUsername":"nmtxqlkl","orgMembershipStatus":"PENDING","roles":{roles},"teamIds":[],"username":"b@example.com"}}"#
        )
    };
    let groups = dir.write(
        "groups.json",
        &format!(
            r#"{{"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_READ_ONLY"]}}]}}"#
        ),
    );
    for (answer, line, missing) in [
        (
            user_without(r#"{"groupRoleAssignments":[]}"#),
            format!(
                "org invitations update {id} -f {} --orgId {ORG}",
                groups.display()
            ),
            "orgRoles",
        ),
        (
            user_without(r#"{"orgRoles":["ORG_MEMBER"]}"#),
            format!("org invitations update {id} --role ORG_OWNER --orgId {ORG}"),
            "groupRoleAssignments",
        ),
    ] {
        let before = authorized(&server).len();
        server.push(Canned::users(200, &answer));
        run(&server, "users", &line).assert_error(&format!(
            "not updating {id}: the users API's answer for the user has no roles.{missing}, and a change of roles must send them complete (the API replaces roles whole); name them in a --file with both \"roles\" and \"groupRoleAssignments\""
        ));
        let now = authorized(&server);
        assert_eq!(now.len(), before + 1);
        assert_eq!(now[before].method, "GET");
    }
    // Teams alone need nothing of it.
    server.push(Canned::users(200, &user_without("{}")));
    run(&server, "users", &update_teams).assert_ok(&format!("Invitation {id} updated.\n"));
    assert_eq!(
        authorized(&server).pop().unwrap().body_text(),
        format!("{{\"teamIds\":[\"{TEAM2}\"]}}\n")
    );
}

/// `GET /users/{id}` as a client that does not ask for statuses: the status line.
fn bare_get(server: &FakeAtlas, id: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(server.url().trim_start_matches("http://")).unwrap();
    write!(
        s,
        "GET {}/{id} HTTP/1.1\r\nHost: x\r\nAccept: {USERS_MT}\r\nConnection: close\r\n\r\n",
        users_path()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer.lines().next().unwrap_or("").to_string()
}

#[test]
fn expired_and_rejected_invitations_are_named_not_unknown() {
    // Issue 19.4: getOrgUser without orgMembershipStatuses sees ACTIVE and PENDING
    // users only (the fake as the specification says), so the commands ask for all four.
    let server = fake();
    let expired = server.add_user(
        ORG,
        crate::support::fake_atlas::NewUser::new("old@example.com", "INVITATION_EXPIRED"),
    );
    let rejected = server.add_user(
        ORG,
        crate::support::fake_atlas::NewUser::new("no@example.com", "INVITATION_REJECTED"),
    );
    let open = FakeAtlas::start(None);
    let probe = open.add_user(
        ORG,
        crate::support::fake_atlas::NewUser::new("old@example.com", "INVITATION_EXPIRED"),
    );
    assert_eq!(bare_get(&open, &probe), "HTTP/1.1 404 Not Found");
    for (id, state) in [
        (
            &expired,
            "the invitation of old@example.com expired on 2026-09-09; invite them again",
        ),
        (
            &rejected,
            "no@example.com rejected the invitation; invite them again",
        ),
    ] {
        for verb in ["describe", "update --role ORG_OWNER", "delete --force"] {
            run(
                &server,
                "users",
                &format!("org invitations {verb} {id} --orgId {ORG}"),
            )
            .assert_error(&format!("{id} is not a pending invitation: {state}"));
        }
    }
    run(
        &server,
        "users",
        &format!("org invitations update --email old@example.com --role ORG_OWNER --orgId {ORG}"),
    )
    .assert_error("the invitation of old@example.com expired on 2026-09-09; invite them again");
    // Only reads were sent, each asking for every status.
    for r in authorized(&server) {
        assert_eq!(r.method, "GET");
        assert!(r.target.contains(ALL_STATUSES), "{}", r.target);
    }
    // `list` shows pending invitations only, as the official CLI does.
    run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG}"),
    )
    .assert_ok("ID    USERNAME   CREATED AT   EXPIRES AT\n");
    run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} --email old@example.com"),
    )
    .assert_ok("ID    USERNAME   CREATED AT   EXPIRES AT\n");
    // Inviting them again is the way: the expired invitation is replaced.
    run(
        &server,
        "users",
        &format!("org invitations invite old@example.com --role ORG_MEMBER --orgId {ORG}"),
    )
    .assert_ok("User 'old@example.com' invited.\n");
    let out = run(
        &server,
        "users",
        &format!("org invitations ls --orgId {ORG} -o json-path=$[0].username"),
    );
    out.assert_ok("\"old@example.com\"\n");
    // A truly unknown id still gets the way to the user id.
    let out = run(
        &server,
        "users",
        &format!("org invitations describe 6a793f8ec0eb9e7a000000ff --orgId {ORG}"),
    );
    assert!(out.stderr.contains("USER_NOT_FOUND") && out.stderr.contains("are not user IDs"));
}
