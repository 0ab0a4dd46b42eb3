//! `list`, `describe`, `update` and `delete` end to end against the fake Atlas.

use crate::support::{against, against_line, atlas, fake, recorded, Canned, TestDir, ORG};

const ID: &str = "6a793f89c0eb9e7a177165b6";

#[test]
fn list_default_table_json_and_query() {
    let server = fake();
    server.push(Canned::json(200, recorded::LIST));
    server.push(Canned::json(200, recorded::LIST));
    server.push(Canned::json(200, "[]"));
    against(&server, &["org", "invitations", "ls", "--orgId", ORG]).run().assert_ok(
        "ID                         USERNAME                    CREATED AT                      EXPIRES AT
6a793f89c0eb9e7a177165b6   test-783@mongodb.com        2026-08-10 03:03:37 +0000 UTC   2026-09-09 03:03:37 +0000 UTC
6a793f8ec0eb9e7a17716c2d   test-file-812@mongodb.com   2026-08-10 03:03:42 +0000 UTC   2026-09-09 03:03:42 +0000 UTC
6a793f922c88faeba59bcc25   test-file-853@mongodb.com   2026-08-10 03:03:46 +0000 UTC   2026-09-09 03:03:46 +0000 UTC
",
    );
    let out = against_line(
        &server,
        &format!("org invitations list --orgId {ORG} -o=json --email a+b@x.com"),
    )
    .run();
    assert_eq!(out.code, 0);
    assert!(out
        .stdout
        .starts_with("[\n  {\n    \"createdAt\": \"2026-08-10T03:03:37Z\",\n"));
    assert!(out
        .stdout
        .ends_with("    \"username\": \"test-file-853@mongodb.com\"\n  }\n]\n"));
    against(&server, &["org", "invitations", "ls", "--orgId", ORG])
        .run()
        .assert_ok("ID    USERNAME   CREATED AT   EXPIRES AT\n");
    let reqs = server.requests();
    assert_eq!(
        reqs[1].target,
        format!("/api/atlas/v2/orgs/{ORG}/invites?username=")
    );
    assert_eq!(
        reqs[3].target,
        format!("/api/atlas/v2/orgs/{ORG}/invites?username=a%2Bb%40x.com")
    );
    assert!(reqs[3].authorized, "Digest uri includes the query");
    assert_eq!(reqs[1].header("content-type"), None);
    assert!(reqs[1].body.is_empty());
}

#[test]
fn describe_default_and_json() {
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    server.push(Canned::json(200, recorded::INVITE));
    against(&server, &["org", "invitations", "get", ID, "--orgId", ORG]).run().assert_ok(
        "ID                         USERNAME               CREATED AT                      EXPIRES AT
6a793f89c0eb9e7a177165b6   test-783@mongodb.com   2026-08-10 03:03:37 +0000 UTC   2026-09-09 03:03:37 +0000 UTC
",
    );
    against_line(
        &server,
        &format!("org invitations describe --orgId {ORG} -o json {ID}"),
    )
    .run()
    .assert_ok(recorded::INVITE_JSON);
    assert_eq!(
        server.requests()[1].target,
        format!("/api/atlas/v2/orgs/{ORG}/invites/{ID}")
    );
    // Ids are path-escaped, and `--` ends the flags.
    against(
        &server,
        &[
            "org",
            "invitations",
            "describe",
            "--orgId",
            ORG,
            "--",
            "-a b/c",
        ],
    )
    .run();
    assert!(server
        .requests()
        .last()
        .unwrap()
        .target
        .ends_with("/invites/-a%20b%2Fc"));
}

#[test]
fn update_routes_by_id_and_by_email() {
    let server = fake();
    server.push(Canned::json(200, recorded::UPDATE));
    server.push(Canned::json(200, recorded::UPDATE));
    server.push(Canned::json(200, recorded::UPDATE_FILE));
    server.push(Canned::json(200, recorded::UPDATE));
    let dir = TestDir::new();
    let f = dir.write(
        "update-688.json",
        r#"{"roles":["ORG_GROUP_CREATOR"],"teamIds":["t"],"username":"x@y.z","groupRoleAssignments":[{"groupId":"6c73999ae7966f00563911a4","roles":["GROUP_OWNER"]}]}"#,
    );
    against_line(
        &server,
        &format!("org invitations update --email test-783@mongodb.com --role ORG_READ_ONLY --orgId {ORG}"),
    )
    .run()
    .assert_ok("Invitation 6a793f89c0eb9e7a177165b6 updated.\n");
    against_line(
        &server,
        &format!("org invitations updates {ID} --role ORG_READ_ONLY --orgId {ORG} extra args"),
    )
    .run()
    .assert_ok("Invitation 6a793f89c0eb9e7a177165b6 updated.\n");
    against(
        &server,
        &[
            "org",
            "invitations",
            "update",
            ID,
            "--file",
            f.to_str().unwrap(),
            "--orgId",
            ORG,
        ],
    )
    .run()
    .assert_ok("Invitation 6a793f89c0eb9e7a177165b6 updated.\n");
    against(
        &server,
        &[
            "org",
            "invitations",
            "update",
            "--file",
            f.to_str().unwrap(),
            "--email",
            "ignored@x",
            "--orgId",
            ORG,
        ],
    )
    .run()
    .assert_ok("Invitation 6a793f89c0eb9e7a177165b6 updated.\n");
    let reqs: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.authorized)
        .collect();
    assert_eq!(reqs[0].method, "PATCH");
    assert_eq!(reqs[0].target, format!("/api/atlas/v2/orgs/{ORG}/invites"));
    assert_eq!(
        reqs[0].body_text(),
        "{\"roles\":[\"ORG_READ_ONLY\"],\"username\":\"test-783@mongodb.com\"}\n"
    );
    assert_eq!(
        reqs[1].target,
        format!("/api/atlas/v2/orgs/{ORG}/invites/{ID}")
    );
    assert_eq!(reqs[1].body_text(), "{\"roles\":[\"ORG_READ_ONLY\"]}\n");
    assert_eq!(
        reqs[2].body_text(),
        "{\"roles\":[\"ORG_GROUP_CREATOR\"],\"teamIds\":[\"t\"]}\n"
    );
    assert_eq!(reqs[3].target, format!("/api/atlas/v2/orgs/{ORG}/invites"));
    assert_eq!(
        reqs[3].body_text(),
        "{\"groupRoleAssignments\":[{\"groupId\":\"6c73999ae7966f00563911a4\",\"roles\":[\"GROUP_OWNER\"]}],\"roles\":[\"ORG_GROUP_CREATOR\"],\"teamIds\":[\"t\"],\"username\":\"x@y.z\"}\n"
    );
}

#[test]
fn update_checks() {
    atlas(&["org", "invitations", "update", "--orgId", ORG])
        .run()
        .assert_error("you must provide the email address or the invitationId");
    atlas(&["org", "invitations", "update", ID, "--file", "f.json", "--role", "X", "--orgId", ORG])
        .run()
        .assert_error("if any flags in the group [file role] are set none of the others can be; [file role] were all set");
    atlas(&["org", "invitations", "update", ID, "--teamId", "X"])
        .run()
        .assert_error("unknown flag: --teamId");
    // Decision update-without-project: no project ID needed.
    // A role is needed: decision update-needs-a-change (tests/traps.rs).
    let server = fake();
    against_line(
        &server,
        &format!("org invitations update {ID} --role ORG_MEMBER --orgId {ORG}"),
    )
    .run();
    assert_eq!(
        server.requests()[0].body_text(),
        "{\"roles\":[\"ORG_MEMBER\"]}\n"
    );
}

#[test]
fn delete_with_force_and_without_a_terminal() {
    let server = fake();
    server.push(Canned::raw(
        204,
        &[(
            "Content-Type",
            "application/vnd.atlas.2023-01-01+json;charset=utf-8",
        )],
        b"",
    ));
    against_line(
        &server,
        &format!("org invitations rm {ID} --force --orgId {ORG}"),
    )
    .run()
    .assert_ok(&format!("Invitation '{ID}' deleted\n"));
    let reqs = server.requests();
    assert_eq!(reqs[1].method, "DELETE");
    assert_eq!(
        reqs[1].target,
        format!("/api/atlas/v2/orgs/{ORG}/invites/{ID}")
    );
    // A pipe on stdin: refuse instead of waiting.
    against(&server, &["org", "invitations", "delete", ID, "--orgId", ORG])
        .stdin(b"y\n")
        .run()
        .assert_error(&format!("not deleting invitation '{ID}' without confirmation: standard input is not a terminal; pass --force to delete without a prompt"));
    assert_eq!(server.requests().len(), 2);
}

/// Runs `atlas` inside a pseudo-terminal with util-linux `script`, typing `input`.
fn in_pty(server: &crate::support::FakeAtlas, args: &str, input: &str) -> Option<(String, i32)> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: util-linux `script` is not installed");
        return None;
    }
    let cmd = format!(
        "{} {args}",
        crate::support::command::command_line().join(" ")
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", server.url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", crate::support::PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", crate::support::PRIVATE)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        // Give the prompt a moment so the answer is read by the prompt, not echoed early.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let _ = stdin.write_all(input.as_bytes());
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let out = child.wait_with_output().expect("wait");
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    ))
}

#[test]
fn delete_prompt_on_a_terminal() {
    let server = fake();
    let Some((out, code)) = in_pty(
        &server,
        &format!("org invitations delete {ID} --orgId {ORG}"),
        "maybe\nn\n",
    ) else {
        return;
    };
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("? Are you sure you want to delete: {ID} (y/N) ")),
        "{out}"
    );
    assert!(
        out.contains("\"maybe\" is not a valid answer, please try again."),
        "{out}"
    );
    assert!(out.contains("Invitation not deleted"), "{out}");
    assert_eq!(server.requests().len(), 0);

    server.push(Canned::raw(204, &[], b""));
    let (out, code) = in_pty(
        &server,
        &format!("org invitations rm {ID} --orgId {ORG}"),
        "YES\n",
    )
    .unwrap_or_default();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("Invitation '{ID}' deleted")), "{out}");
    assert_eq!(
        server
            .requests()
            .last()
            .map(|r| r.method.clone())
            .as_deref(),
        Some("DELETE")
    );
}

/// One builder per request (issue 24): what `--dry-run` prints for every verb that
/// writes is what the real run then sends, byte for byte, on the users API, once the
/// parts read from Atlas first (`<current …>`, `<user id of …>`) are filled in.
#[test]
fn dry_run_prints_what_the_real_run_sends() {
    use crate::support::fake_atlas::NewUser;
    let server = fake();
    let id = server.add_user(
        ORG,
        NewUser::new("p@x.com", "PENDING").org_roles(&["ORG_MEMBER"]),
    );
    let base = server.url();
    let users_api = |line: &str| {
        against_line(&server, line)
            .env("MONGODB_ATLAS_INVITATIONS_API", "users")
            .run()
    };
    for line in [
        format!("org invitations update {id} --role ORG_OWNER --orgId {ORG}"),
        format!("org invitations update --email p@x.com --role ORG_READ_ONLY --orgId {ORG}"),
        format!("org invitations invite n@x.com --role ORG_MEMBER --teamId {ID} --orgId {ORG}"),
        format!("org invitations delete {id} --force --orgId {ORG}"),
    ] {
        let dry = users_api(&format!("{line} --dry-run"));
        assert_eq!(dry.code, 0, "{line}: {}", dry.stderr);
        let before = server.requests().len();
        let real = users_api(&line);
        assert_eq!(real.code, 0, "{line}: {}", real.stderr);
        let sent: Vec<String> = server.requests()[before..]
            .iter()
            .filter(|r| r.authorized)
            .map(|r| {
                let accept = r.header("accept").unwrap_or_default();
                let mut block = format!("{} {base}{}\nAccept: {accept}\n", r.method, r.target);
                if !r.body.is_empty() {
                    block.push_str(&format!(
                        "Content-Type: {}\n\n{}",
                        r.header("content-type").unwrap_or_default(),
                        r.body_text()
                    ));
                }
                block
            })
            .collect();
        assert!(sent.len() >= 2 || line.contains("invite"), "{sent:?}");
        let shown = dry
            .stdout
            .replace("<current groupRoleAssignments>", "[]")
            .replace("<user id of p@x.com>", &id);
        assert_eq!(shown, sent.join("\n"), "{line}");
    }
}
