//! The Atlas Admin API specification (the extract of the official CLI's vendored
//! `spec.yaml` in `tests/data/`) as a test: every verb on both backends through the
//! built binary, and every request the fake received and every answer it gave checked
//! against it (`support::openapi`). What departs from the specification on purpose, or
//! as Atlas itself does, is listed in [`KNOWN`] with the reason, and each entry must
//! still be met, so the list cannot go stale. `SPEC_AUDIT=1 cargo test --test
//! integration spec_conformance -- --nocapture` prints every departure met.

use crate::support::fake_atlas::{Logged, NewProject, NewTeam, NewUser};
use crate::support::openapi::{self, found, Spec, Violation};
use crate::support::{against, against_line, fake, recorded, FakeAtlas, Output, TestDir, ORG};
use std::collections::BTreeSet;

const GROUP: &str = "6c73999ae7966f00563911a4";
const TEAM: &str = "6c73999ae7966f00563911b5";
const TEAM2: &str = "6c73999ae7966f00563911b6";
const USERS_MT: &str = "application/vnd.atlas.2025-02-19+json";
const INVITES_MT: &str = "application/vnd.atlas.2023-01-01+json";

/// A departure from the specification that the conformance run accepts, and why.
struct Known {
    /// The operations it applies to (empty: any).
    operations: &'static [&'static str],
    keyword: &'static str,
    /// A fragment of the violation's place.
    place: &'static str,
    why: &'static str,
}

const KNOWN: &[Known] = &[
    Known {
        operations: &[],
        keyword: "format",
        place: "/inviterUsername",
        why: "Atlas answers the inviting API key's public key, not an email address (the official CLI's recorded answers, and the extract's notes)",
    },
    Known {
        operations: &[],
        keyword: "pattern",
        place: "/orgName",
        why: "Atlas answers organization names with spaces (\"Atlas CLI E2E\" in the recorded answers); the pattern allows none",
    },
    Known {
        operations: &[],
        keyword: "type",
        place: "body /parameters/",
        why: "Atlas's error answers list parameters as strings (the recorded GROUP_NOT_FOUND answer); ApiError says objects",
    },
    Known {
        operations: &[],
        keyword: "required",
        place: "answer 401 body",
        why: "Atlas's Digest challenge comes from its authentication layer, without errorCode (the fake words it as Atlas does)",
    },
    Known {
        operations: &["listOrgInvites"],
        keyword: "format",
        place: "request query username",
        why: "the official CLI always sends ?username=, empty without --email; the invites backend stays byte-exact",
    },
    Known {
        operations: &["createOrgInvite"],
        keyword: "status",
        place: "answer 409",
        why: "the fake's answer for inviting an active member through the invites endpoints, which the specification does not document; decision skip-existing counts a 409 there should Atlas answer one",
    },
];

/// The index in [`KNOWN`] that accepts `v`, if any.
fn known(v: &Violation) -> Option<usize> {
    KNOWN.iter().position(|k| {
        (k.operations.is_empty() || k.operations.contains(&v.operation.as_str()))
            && k.keyword == v.keyword
            && v.place.contains(k.place)
    })
}

/// Every exchange the fake logged, checked: the violations nothing in [`KNOWN`]
/// accepts (with the exchange), and which entries of [`KNOWN`] were met.
pub(crate) fn audit(spec: &Spec, log: &[Logged]) -> (Vec<String>, BTreeSet<usize>) {
    let mut unexpected = Vec::new();
    let mut met = BTreeSet::new();
    for r in log {
        for v in spec.check(r) {
            match known(&v) {
                Some(i) => {
                    met.insert(i);
                }
                None => unexpected.push(format!(
                    "{v}\n    {} {} -> {}\n    sent: {}\n    answered: {}",
                    r.method,
                    r.target,
                    r.status,
                    r.body_text(),
                    String::from_utf8_lossy(&r.answer_body)
                )),
            }
        }
    }
    (unexpected, met)
}

fn run(server: &FakeAtlas, api: &str, line: &str) -> Output {
    against_line(server, line)
        .env("MONGODB_ATLAS_INVITATIONS_API", api)
        .run()
}

fn ok(server: &FakeAtlas, api: &str, line: &str) -> Output {
    let out = run(server, api, line);
    assert_eq!(out.code, 0, "{api}: {line}: {out:?}");
    out
}

/// The id the backend shows for the pending invitation of `user`.
fn id_of(server: &FakeAtlas, api: &str, user: &str) -> String {
    ok(
        server,
        api,
        &format!("org invitations list --orgId {ORG} --email {user} -o json-path=$[0].id"),
    )
    .stdout
    .trim()
    .trim_matches('"')
    .to_string()
}

/// Every verb, every way of naming its input, on one backend; returns the fake.
fn every_verb(api: &str) -> FakeAtlas {
    let server = fake();
    let dir = TestDir::new();
    // Enough pending users for two pages, with a count that is off (an estimate).
    server.preload(ORG, 503);
    server.total_count(Some(500));
    server.add_member(ORG, "member@example.com");
    let expired = server.add_user(
        ORG,
        NewUser::new("expired@example.com", "INVITATION_EXPIRED")
            .group(GROUP, &["GROUP_READ_ONLY"]),
    );
    let rejected = server.add_user(
        ORG,
        NewUser::new("rejected@example.com", "INVITATION_REJECTED").teams(&[TEAM]),
    );
    let file = |name: &str, text: &str| dir.write(name, text).to_string_lossy().into_owned();
    let single = file(
        "single.json",
        &format!(
            r#"{{"username":"c@example.com","roles":["ORG_READ_ONLY"],"teamIds":["{TEAM}"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_OWNER","GROUP_READ_ONLY"]}}]}}"#
        ),
    );
    let bulk = file(
        "bulk.json",
        &format!(
            r#"[{{"username":"d@example.com","roles":["ORG_MEMBER"]}},{{"username":"e@example.com"}},{{"username":"f@example.com","roles":["ORG_GROUP_CREATOR"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_DATA_ACCESS_READ_ONLY"]}}]}}]"#
        ),
    );
    let again = file(
        "again.json",
        r#"[{"username":"a@example.com","roles":["ORG_MEMBER"]},{"username":"member@example.com"},{"username":"g@example.com","roles":["ORG_BILLING_READ_ONLY"]}]"#,
    );
    let roles_file = file(
        "roles.json",
        &format!(
            r#"{{"roles":["ORG_BILLING_ADMIN"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_READ_ONLY"]}}],"teamIds":["{TEAM2}"]}}"#
        ),
    );
    let teams_file = file(
        "teams.json",
        &format!(r#"{{"teamIds":["{TEAM}","{TEAM2}"]}}"#),
    );
    let by_email_file = file(
        "by-email.json",
        r#"{"username":"d@example.com","roles":["ORG_READ_ONLY"]}"#,
    );

    for line in [
        format!("org invitations invite a@example.com --orgId {ORG}"),
        format!("org invitations invite b@example.com --role ORG_OWNER --role ORG_READ_ONLY --teamId {TEAM} --orgId {ORG}"),
        format!("org invitations invite -f {single} --orgId {ORG}"),
        format!("org invitations invite -f {bulk} --orgId {ORG}"),
        format!("org invitations invite -f {again} --orgId {ORG} --skip-existing"),
        format!("org invitations invite member@example.com --role ORG_MEMBER --orgId {ORG} --skip-existing"),
        format!("org invitations list --orgId {ORG}"),
        format!("org invitations list --orgId {ORG} --email c@example.com -o json"),
        format!("org invitations update --email b@example.com --role ORG_MEMBER --orgId {ORG}"),
        format!("org invitations update --email d@example.com -f {by_email_file} --orgId {ORG}"),
    ] {
        ok(&server, api, &line);
    }
    let c = id_of(&server, api, "c@example.com");
    let e = id_of(&server, api, "e@example.com");
    for line in [
        format!("org invitations describe {c} --orgId {ORG}"),
        format!("org invitations update {c} --role ORG_BILLING_ADMIN --orgId {ORG}"),
        format!("org invitations update {c} -f {roles_file} --orgId {ORG}"),
        format!("org invitations update {c} -f {teams_file} --orgId {ORG}"),
        format!("org invitations delete {e} --force --orgId {ORG}"),
    ] {
        ok(&server, api, &line);
    }
    // An invitation that expired or was rejected: named as such (users API), or not
    // known (the invites endpoints see pending invitations only).
    for id in [&expired, &rejected] {
        for verb in ["describe", "delete --force", "update --role ORG_MEMBER"] {
            let out = run(
                &server,
                api,
                &format!("org invitations {verb} {id} --orgId {ORG}"),
            );
            assert_eq!(out.code, 1, "{api}: {verb} {id}: {out:?}");
        }
    }
    assert_eq!(
        run(
            &server,
            api,
            &format!("org invitations update --email expired@example.com --role ORG_MEMBER --orgId {ORG}"),
        )
        .code,
        1
    );
    server
}

#[test]
fn every_verb_on_both_backends_meets_the_specification() {
    let spec = Spec::load();
    let mut all_met = BTreeSet::new();
    let mut operations = BTreeSet::new();
    for api in ["invites", "users"] {
        let server = every_verb(api);
        let log = server.requests();
        // Each request is the API's: the users backend speaks only 2025-02-19 and the
        // invites backend only the invites endpoints.
        for r in &log {
            let mt = r.header("accept").unwrap_or("");
            match api {
                "users" => assert_eq!((r.target.contains("/users"), mt), (true, USERS_MT)),
                _ => assert_eq!((r.target.contains("/invites"), mt), (true, INVITES_MT)),
            }
            if let Some(op) = spec.operation_of(&r.method, &r.target) {
                operations.insert(op);
            }
        }
        let (unexpected, met) = audit(&spec, &log);
        // SPEC_AUDIT=1 (with --nocapture) lists every departure, accepted ones too.
        if std::env::var_os("SPEC_AUDIT").is_some() {
            for v in log.iter().flat_map(|r| spec.check(r)) {
                eprintln!("{api}: {v}");
            }
        }
        assert!(
            unexpected.is_empty(),
            "{api}: {} departures from the specification (extract of {}):\n{}",
            unexpected.len(),
            spec.source_commit(),
            unexpected.join("\n")
        );
        all_met.extend(met);
        // On the users API the list was followed past the falsified count.
        if api == "users" {
            assert!(log.iter().any(|r| r.target.contains("pageNum=2")));
        }
    }
    // Every operation the two backends use was exercised…
    let want: BTreeSet<String> = [
        "createOrgInvite",
        "listOrgInvites",
        "getOrgInvite",
        "updateOrgInvites",
        "updateOrgInviteById",
        "deleteOrgInvite",
        "createOrgUser",
        "listOrgUsers",
        "getOrgUser",
        "updateOrgUser",
        "removeOrgUser",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(operations, want);
    // …and every accepted departure is still one that occurs.
    let unmet: Vec<&str> = (0..KNOWN.len())
        .filter(|i| !all_met.contains(i))
        .map(|i| KNOWN[i].why)
        .collect();
    assert!(unmet.is_empty(), "listed but never met: {unmet:?}");
}

/// `apply` and `export` (issue 20) on an organization in every status, whatever
/// `invitations_api` says: every run's requests and answers, a refused change included.
fn apply_and_export(api: &str) -> FakeAtlas {
    let server = fake();
    let dir = TestDir::new();
    server.preload(ORG, 503);
    server.total_count(Some(500));
    // The file names these by ID: apply lists the teams and projects to resolve them.
    server.add_team(ORG, NewTeam::new("Ops").id(TEAM));
    server.add_team(ORG, NewTeam::new("Web").id(TEAM2));
    server.add_project(ORG, NewProject::new("Prod").id(GROUP));
    server.add_user(
        ORG,
        NewUser::new("owner@example.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server.add_user(
        ORG,
        NewUser::new("member@example.com", "ACTIVE")
            .teams(&[TEAM])
            .group(GROUP, &["GROUP_READ_ONLY"]),
    );
    server.add_user(ORG, NewUser::new("leaver@example.com", "ACTIVE"));
    server.add_user(
        ORG,
        NewUser::new("stuck@example.com", "ACTIVE").refuses_changes(),
    );
    server.add_user(
        ORG,
        NewUser::new("late@example.com", "PENDING").accepts_when_read(),
    );
    server.add_user(
        ORG,
        NewUser::new("expired@example.com", "INVITATION_EXPIRED").teams(&[TEAM]),
    );
    server.add_user(
        ORG,
        NewUser::new("rejected@example.com", "INVITATION_REJECTED"),
    );
    server.add_user(ORG, NewUser::new("gone@example.com", "PENDING"));
    server.add_user(
        ORG,
        NewUser::new("vanished@example.com", "PENDING").vanishes_when_read(),
    );
    let exported = ok(
        &server,
        api,
        &format!("org invitations export --orgId {ORG} --ids"),
    )
    .stdout;
    // The export, changed: one member's roles, teams and projects, a new user, the
    // expired and rejected ones invited again; a pending user and a member dropped.
    let mut members: Vec<serde_json::Value> = serde_json::from_str(&exported).unwrap();
    members.retain(|m| {
        ![
            "leaver@example.com",
            "late@example.com",
            "gone@example.com",
            "vanished@example.com",
        ]
        .contains(&m["username"].as_str().unwrap())
    });
    for m in members.iter_mut() {
        match m["username"].as_str().unwrap() {
            "member@example.com" => {
                m["roles"] = serde_json::json!(["ORG_READ_ONLY"]);
                m["teamIds"] = serde_json::json!([TEAM, TEAM2]);
                m["groupRoleAssignments"] =
                    serde_json::json!([{"groupId": GROUP, "roles": ["GROUP_OWNER"]}]);
            }
            "stuck@example.com" => m["roles"] = serde_json::json!(["ORG_BILLING_ADMIN"]),
            _ => {}
        }
    }
    members.push(serde_json::json!({"username": "new@example.com", "roles": ["ORG_MEMBER"], "groupRoleAssignments": [{"groupId": GROUP, "roles": ["GROUP_DATA_ACCESS_READ_ONLY"]}]}));
    members.push(serde_json::json!({"username": "expired@example.com", "roles": ["ORG_MEMBER"], "teamIds": []}));
    members.push(
        serde_json::json!({"username": "rejected@example.com", "roles": ["ORG_GROUP_CREATOR"]}),
    );
    let file = dir.write("members.json", &serde_json::to_string(&members).unwrap());
    let file = file.to_string_lossy();
    let apply = format!("org invitations apply -f {file} --orgId {ORG} --prune --prune-members");
    assert_eq!(run(&server, api, &format!("{apply} --check")).code, 2);
    ok(&server, api, &format!("{apply} --dry-run"));
    // stuck@example.com's update is refused (403): exit 1, the rest done.
    assert_eq!(run(&server, api, &apply).code, 1);
    ok(
        &server,
        api,
        &format!("org invitations export --orgId {ORG} --ids"),
    );
    server
}

#[test]
fn apply_and_export_meet_the_specification() {
    let spec = Spec::load();
    for api in ["invites", "users"] {
        let server = apply_and_export(api);
        let log = server.requests();
        let mut operations = BTreeSet::new();
        for r in &log {
            // Decision apply-uses-users-api: the users API on either setting; the
            // teams and projects lists (decision apply-lists) have their own version.
            let teams_list = r.method == "GET" && !r.target.contains("/users");
            assert_eq!(
                (
                    r.target.contains("/users") || teams_list,
                    r.header("accept").unwrap_or("")
                ),
                (true, if teams_list { INVITES_MT } else { USERS_MT }),
                "{api}: {} {}",
                r.method,
                r.target
            );
            if let Some(op) = spec.operation_of(&r.method, &r.target) {
                operations.insert(op);
            }
        }
        let (unexpected, _) = audit(&spec, &log);
        assert!(
            unexpected.is_empty(),
            "{api}: {} departures from the specification (extract of {}):\n{}",
            unexpected.len(),
            spec.source_commit(),
            unexpected.join("\n")
        );
        let want: BTreeSet<String> = [
            "listOrgUsers",
            "createOrgUser",
            "getOrgUser",
            "updateOrgUser",
            "removeOrgUser",
            "listOrgTeams",
            "getOrgGroups",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(operations, want, "{api}");
        // The list was followed past the falsified count, and a change was refused.
        assert!(log.iter().any(|r| r.target.contains("pageNum=2")));
        assert!(log.iter().any(|r| r.status == 403));
        // A revoke's read of someone removed meanwhile: 404, and no DELETE.
        assert!(log.iter().any(|r| r.method == "GET" && r.status == 404));
        // Every kind of change went out: a revoke's DELETE and a removal's among them.
        assert_eq!(
            log.iter()
                .filter(|r| r.method == "DELETE" && r.status == 204)
                .count(),
            2,
            "{api}"
        );
    }
}

#[test]
fn duplicates_and_odd_ids_still_go_out_as_typed() {
    // Unchanged on purpose (issue 19): duplicate roles and ids that are not 24 hex
    // characters are sent as typed on both backends, as the official CLI sends them.
    // The validator sees them, and only them: this is the explicit exception.
    let spec = Spec::load();
    for api in ["invites", "users"] {
        let server = fake();
        let dir = TestDir::new();
        let f = dir.write(
            "odd.json",
            r#"{"username":"o@example.com","roles":["ORG_MEMBER","ORG_MEMBER"],"teamIds":["team-1"],"groupRoleAssignments":[{"groupId":"project-1","roles":["GROUP_OWNER"]}]}"#,
        );
        let out = against(
            &server,
            &[
                "org",
                "invitations",
                "invite",
                "-f",
                &f.to_string_lossy(),
                "--orgId",
                ORG,
            ],
        )
        .env("MONGODB_ATLAS_INVITATIONS_API", api)
        .run();
        assert_eq!(out.code, 0, "{api}: {out:?}");
        let post = server
            .requests()
            .into_iter()
            .find(|r| r.method == "POST" && r.authorized)
            .unwrap();
        let found: BTreeSet<(String, String)> = spec
            .check(&post)
            .into_iter()
            .filter(|v| v.place.starts_with("request"))
            .map(|v| (v.place, v.keyword))
            .collect();
        // Neither create schema puts a pattern on team ids (updateOrgUser's does).
        let (roles, group) = if api == "users" {
            ("/roles/orgRoles", "/roles/groupRoleAssignments/0/groupId")
        } else {
            ("/roles", "/groupRoleAssignments/0/groupId")
        };
        let want: BTreeSet<(String, String)> = [
            (format!("request body {roles}"), "uniqueItems".to_string()),
            (format!("request body {group}"), "pattern".to_string()),
        ]
        .into_iter()
        .collect();
        assert_eq!(found, want, "{api}: {}", post.body_text());
    }
}

/// One exchange, as the fake would log it (with Atlas's rate-limit header).
fn exchange(
    method: &str,
    target: &str,
    accept: &str,
    body: &str,
    status: u16,
    answer: &str,
) -> Logged {
    let mut r = openapi::exchange(method, target, accept, body, status, answer);
    r.answer_headers
        .push(("RateLimit-Limit".into(), "100".into()));
    r
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(p, k)| (p.to_string(), k.to_string()))
        .collect()
}

const PENDING_USER: &str = r#"{"id":"6a793f8ec0eb9e7a17716c2e","invitationCreatedAt":"2026-08-10T03:03:42Z","invitationExpiresAt":"2026-09-09T03:03:42Z","inviterUsername":"nmtxqlkl@example.com","orgMembershipStatus":"PENDING","roles":{"groupRoleAssignments":[],"orgRoles":["ORG_READ_ONLY"]},"teamIds":[],"username":"test-file-812@mongodb.com"}"#;

#[test]
fn the_validator_catches_what_the_specification_forbids() {
    let spec = Spec::load();
    let users = format!("/api/atlas/v2/orgs/{ORG}/users");
    let user = format!("{users}/6a793f8ec0eb9e7a17716c2e");
    let good_create = r#"{"roles":{"orgRoles":["ORG_MEMBER"]},"username":"a@x.com"}"#;
    for (r, want) in [
        // What we send today, and what the fake answers: nothing to say.
        (
            exchange("POST", &users, USERS_MT, good_create, 201, PENDING_USER),
            pairs(&[]),
        ),
        // Issue 19, point 1: the old body of an invitation without a role.
        (
            exchange("POST", &users, USERS_MT, r#"{"roles":{"orgRoles":[]},"username":"a@x.com"}"#, 201, PENDING_USER),
            pairs(&[("request body /roles/orgRoles", "minItems")]),
        ),
        // Issue 19, point 3: a PATCH with roles but no orgRoles.
        (
            exchange("PATCH", &user, USERS_MT, r#"{"roles":{"groupRoleAssignments":[]},"teamIds":[]}"#, 200, PENDING_USER),
            pairs(&[("request body /roles", "required")]),
        ),
        // Unknown fields, a value outside the enum, a wrong type, no body at all.
        (
            exchange("POST", &users, USERS_MT, r#"{"roles":{"orgRoles":["ORG_BOSS"],"extra":1},"username":"a@x.com","id":"x"}"#, 201, PENDING_USER),
            pairs(&[
                ("request body /id", "unknown"),
                ("request body /roles/extra", "unknown"),
                ("request body /roles/orgRoles/0", "enum"),
            ]),
        ),
        (
            exchange("POST", &users, USERS_MT, r#"{"roles":{"orgRoles":"ORG_MEMBER"},"username":"not-an-email"}"#, 201, PENDING_USER),
            pairs(&[
                ("request body /roles/orgRoles", "type"),
                ("request body /username", "format"),
            ]),
        ),
        (
            exchange("POST", &users, USERS_MT, "", 201, PENDING_USER),
            pairs(&[("request body", "body")]),
        ),
        // Versions: the users API's POST has one; the Content-Type must be it too.
        (
            exchange("POST", &users, INVITES_MT, good_create, 201, PENDING_USER),
            pairs(&[
                ("answer 201 Content-Type", "media type"),
                ("request Accept", "media type"),
                ("request Content-Type", "media type"),
            ]),
        ),
        // Query parameters: names, enums, ranges, repetitions.
        (
            exchange("GET", &format!("{users}?orgMembershipStatuses=PENDING&orgMembershipStatuses=EXPIRED&itemsPerPage=501&pageNum=0&bogus=1&username=a%40x.com&username=b%40x.com"), USERS_MT, "", 200, r#"{"links":[],"results":[],"totalCount":0}"#),
            pairs(&[
                ("request query bogus", "parameter"),
                ("request query itemsPerPage", "maximum"),
                ("request query orgMembershipStatuses/1", "enum"),
                ("request query pageNum", "minimum"),
                ("request query username", "parameter"),
            ]),
        ),
        (
            exchange("GET", &format!("{user}?orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED&orgMembershipStatuses=PENDING"), USERS_MT, "", 200, PENDING_USER),
            pairs(&[("request query orgMembershipStatuses", "maxItems")]),
        ),
        // Path parameters and operations.
        (
            exchange("GET", &format!("{users}/not-hex"), USERS_MT, "", 200, PENDING_USER),
            pairs(&[("request path userId", "pattern")]),
        ),
        (
            exchange("PUT", &user, USERS_MT, "", 200, PENDING_USER),
            pairs(&[("request", "operation")]),
        ),
        // Answers: each kind of user by its discriminator, statuses, lists, errors.
        (
            exchange("GET", &user, USERS_MT, "", 200, r#"{"id":"6a793f8ec0eb9e7a17716c2e","orgMembershipStatus":"PENDING","roles":{},"username":"a@x.com","firstName":"Ada"}"#),
            pairs(&[
                ("answer 200 body", "required"),
                ("answer 200 body /firstName", "unknown"),
            ]),
        ),
        (
            exchange("GET", &user, USERS_MT, "", 200, r#"{"id":"6a793f8ec0eb9e7a17716c2e","orgMembershipStatus":"ACTIVE","roles":{},"username":"a@x.com","firstName":"Ada","lastName":"L","createdAt":"yesterday","invitationCreatedAt":"2026-08-10T03:03:42Z"}"#),
            pairs(&[
                ("answer 200 body /createdAt", "format"),
                ("answer 200 body /invitationCreatedAt", "unknown"),
            ]),
        ),
        (
            exchange("GET", &user, USERS_MT, "", 200, r#"{"id":"6a793f8ec0eb9e7a17716c2e","orgMembershipStatus":"GONE","roles":{},"username":"a@x.com"}"#),
            pairs(&[
                ("answer 200 body", "discriminator"),
                ("answer 200 body /orgMembershipStatus", "enum"),
            ]),
        ),
        (
            exchange("GET", &user, USERS_MT, "", 200, r#"{"id":"6a793f8ec0eb9e7a17716c2e","invitationCreatedAt":"2026-08-10T03:03:42Z","invitationExpiresAt":null,"inviterUsername":"k@x.com","orgMembershipStatus":"INVITATION_REJECTED","roles":{"orgRoles":["ORG_MEMBER"]},"teamIds":["nope"],"username":"a@x.com"}"#),
            pairs(&[("answer 200 body /teamIds/0", "pattern")]),
        ),
        (
            exchange("GET", &format!("{users}?pageNum=2"), USERS_MT, "", 200, r#"{"links":[{"href":"h","rel":"next"}],"totalCount":"many"}"#),
            pairs(&[
                ("answer 200 body", "required"),
                ("answer 200 body /totalCount", "type"),
            ]),
        ),
        (
            exchange("DELETE", &user, USERS_MT, "", 418, ""),
            pairs(&[("answer 418", "status")]),
        ),
        (
            exchange("DELETE", &user, USERS_MT, "", 404, r#"{"detail":"x","error":404,"reason":"Not Found"}"#),
            pairs(&[("answer 404 body", "required")]),
        ),
        (
            exchange("GET", &user, USERS_MT, "", 200, ""),
            pairs(&[("answer 200 body", "body")]),
        ),
    ] {
        assert_eq!(found(&spec, &r), want, "{} {} {}", r.method, r.target, r.body_text());
    }
    // The recorded Atlas answers meet the specification but for the known departures.
    let invites = format!("/api/atlas/v2/orgs/{ORG}/invites");
    for (r, want) in [
        (
            exchange(
                "GET",
                &format!("{invites}/6a793f89c0eb9e7a177165b6"),
                INVITES_MT,
                "",
                200,
                recorded::INVITE,
            ),
            vec!["/inviterUsername", "/orgName"],
        ),
        (
            exchange(
                "GET",
                &format!("{invites}?username="),
                INVITES_MT,
                "",
                200,
                recorded::LIST,
            ),
            vec!["/inviterUsername", "/orgName", "request query username"],
        ),
        (
            exchange(
                "GET",
                &format!("{invites}?username="),
                INVITES_MT,
                "",
                404,
                recorded::NOT_FOUND,
            ),
            vec!["body /parameters/", "request query username"],
        ),
    ] {
        let places: BTreeSet<&str> = spec
            .check(&r)
            .iter()
            .map(|v| {
                assert!(known(v).is_some(), "{v}");
                KNOWN[known(v).unwrap()].place
            })
            .collect();
        let want: BTreeSet<&str> = want.into_iter().collect();
        assert_eq!(places, want, "{}", r.target);
    }
}

#[test]
fn read_and_write_only_fields_keep_their_direction() {
    // The extract's request schemas have no readOnly field and its answers no
    // writeOnly one, so a small document of the same layout shows the rule.
    let spec = Spec::parse(
        r##"{"operations":[{"operationId":"op","method":"POST","path":"/things/{id}","mediaTypes":["application/json"],
            "parameters":[{"in":"path","name":"id","required":true,"schema":{"type":"string"}}],
            "requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/schemas/Thing"}}}},
            "responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/schemas/Thing"}}}}}}],
          "schemas":{"Thing":{"type":"object","required":["id","secret"],"properties":{
            "id":{"type":"string","readOnly":true},"secret":{"type":"string","writeOnly":true},
            "free":{"type":"object","additionalProperties":true,"properties":{}}}}}}"##,
    );
    let r = |body: &str, answer: &str| {
        let mut x = exchange("POST", "/things/1", "application/json", body, 200, answer);
        x.answer_headers = vec![("Content-Type".into(), "application/json".into())];
        x
    };
    assert_eq!(
        found(
            &spec,
            &r(r#"{"secret":"s","free":{"any":1}}"#, r#"{"id":"i"}"#)
        ),
        pairs(&[])
    );
    assert_eq!(
        found(&spec, &r(r#"{"id":"i"}"#, r#"{"secret":"s"}"#)),
        pairs(&[
            ("answer 200 body", "required"),
            ("answer 200 body /secret", "writeOnly"),
            ("request body", "required"),
            ("request body /id", "readOnly"),
        ])
    );
}
