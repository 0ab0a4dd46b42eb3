//! Bulk invitations over one connection, and `--dry-run`.

use crate::support::{
    against, against_line, atlas, cmd, fake, recorded, Canned, FakeAtlas, TestDir, ORG,
};

fn list_file(dir: &TestDir, n: usize) -> String {
    let items: Vec<String> = (1..=n)
        .map(|i| format!(r#"{{"username":"user{i}@example.com","roles":["ORG_MEMBER"]}}"#))
        .collect();
    dir.write("team.json", &format!("[{}]", items.join(",")))
        .to_string_lossy()
        .into_owned()
}

fn nc_of(authz: &str) -> u32 {
    authz
        .split(", ")
        .find_map(|p| p.strip_prefix("nc="))
        .and_then(|v| u32::from_str_radix(v, 16).ok())
        .unwrap_or(0)
}

fn bulk(
    server: &FakeAtlas,
    n: usize,
) -> (
    crate::support::Output,
    Vec<crate::support::fake_atlas::Logged>,
) {
    let dir = TestDir::new();
    let f = list_file(&dir, n);
    let out = against(
        server,
        &["org", "invitations", "invite", "-f", &f, "--orgId", ORG],
    )
    .run();
    (out, server.requests())
}

#[test]
fn bulk_of_1_3_and_100_uses_one_connection_and_one_challenge() {
    for n in [1, 3, 100] {
        let server = fake();
        let (out, reqs) = bulk(&server, n);
        let want: String = (1..=n)
            .map(|i| format!("User 'user{i}@example.com' invited.\n"))
            .collect();
        out.assert_ok(&want);
        assert_eq!(out.stderr, format!("invited {n} of {n}\n"));
        assert_eq!(server.connections(), 1, "n={n}");
        assert_eq!(
            reqs.iter().filter(|r| r.status == 401).count(),
            1,
            "one challenge for n={n}"
        );
        assert_eq!(reqs.len(), n + 1, "N+1 requests for n={n}");
        let answered: Vec<&crate::support::fake_atlas::Logged> =
            reqs.iter().filter(|r| r.status == 200).collect();
        let ncs: Vec<u32> = answered
            .iter()
            .map(|r| nc_of(r.header("authorization").unwrap_or_default()))
            .collect();
        assert_eq!(
            ncs,
            (1..=n as u32).collect::<Vec<_>>(),
            "nonce counts for n={n}"
        );
        let users: Vec<String> = answered.iter().map(|r| r.body_text()).collect();
        for (i, body) in users.iter().enumerate() {
            assert_eq!(
                body,
                &format!(
                    "{{\"roles\":[\"ORG_MEMBER\"],\"username\":\"user{}@example.com\"}}\n",
                    i + 1
                )
            );
        }
    }
}

#[test]
fn a_server_that_refuses_reused_nonces_gets_a_challenge_per_request() {
    let server = fake();
    server.single_use_nonces();
    let (out, reqs) = bulk(&server, 3);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let statuses: Vec<u16> = reqs.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [401, 200, 401, 200, 401, 200]);
    assert_eq!(server.connections(), 1);
}

#[test]
fn partial_failure_is_reported_and_the_rest_still_sent() {
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    server.push(Canned::error(400, r#"{"detail":"Invalid email address user2@example.com.","error":400,"errorCode":"INVALID_EMAIL_ADDRESS","parameters":["user2@example.com"],"reason":"Bad Request"}"#));
    server.push(Canned::json(200, recorded::INVITE_FILE_812));
    let (out, _) = bulk(&server, 3);
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "User 'test-783@mongodb.com' invited.\nUser 'test-file-812@mongodb.com' invited.\n"
    );
    let url = format!("{}/api/atlas/v2/orgs/{ORG}/invites", server.url());
    assert_eq!(
        out.stderr,
        format!("Error: invitation 2 (user2@example.com): {url} POST: HTTP 400 Bad Request (Error code: \"INVALID_EMAIL_ADDRESS\") Detail: Invalid email address user2@example.com. Reason: Bad Request. Params: [user2@example.com], BadRequestDetail: \ninvited 2 of 3; failed: 2 (user2@example.com)\n")
    );
}

#[test]
fn bulk_output_formats_apply_to_the_array() {
    let server = fake();
    let dir = TestDir::new();
    let f = list_file(&dir, 2);
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "-f",
            &f,
            "--orgId",
            ORG,
            "-o",
            "json-path=$[*].username",
        ],
    )
    .run();
    out.assert_ok("[\n  \"user1@example.com\",\n  \"user2@example.com\"\n]\n");
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "-f",
            &f,
            "--orgId",
            ORG,
            "-o",
            "json",
        ],
    )
    .run();
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.starts_with("[\n  {\n    \"createdAt\""),
        "{}",
        out.stdout
    );
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "-f",
            &f,
            "--orgId",
            ORG,
            "-o",
            "go-template={{len .}} {{range .}}{{.Username}} {{end}}",
        ],
    )
    .run();
    out.assert_ok("2 user1@example.com user2@example.com ");
}

#[test]
fn a_bad_list_sends_nothing() {
    let server = fake();
    let dir = TestDir::new();
    let cases = [
        (r#"[{"username":"a@x.com"},{"username":"A@X.com"}]"#, "invitations 1 and 2 are both for A@X.com"),
        (r#"[{"username":"a@x.com"},{"roles":["ORG_MEMBER"]}]"#, "invitation 2 has no username"),
        (r#"[{"username":"a@x.com"},"b@x.com"]"#, "invitation 2: expected a JSON object, found string"),
        (r#"[{"username":"a@x.com","roles":"ORG_MEMBER"}]"#, "invitation 1: json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string"),
        ("[]", "the list holds no invitations"),
    ];
    for (text, why) in cases {
        let f = dir.write("bad.json", text);
        let f = f.to_string_lossy();
        against(
            &server,
            &["org", "invitations", "invite", "-f", &f, "--orgId", ORG],
        )
        .run()
        .assert_error(&format!("{f}: {why}"));
    }
    assert_eq!(server.connections(), 0);
}

#[test]
fn file_from_standard_input() {
    let server = fake();
    let out = against_line(
        &server,
        &format!("org invitations invite -f - --orgId {ORG}"),
    )
    .stdin(br#"[{"username":"a@x.com","bogus":1},{"username":"b@x.com"}]"#)
    .run();
    out.assert_ok("User 'a@x.com' invited.\nUser 'b@x.com' invited.\n");
    assert_eq!(
        out.stderr,
        "Warning: invitation 1: json: unknown field \"bogus\"\ninvited 2 of 2\n"
    );
    against_line(
        &server,
        &format!("org invitations invite -f - --orgId {ORG}"),
    )
    .stdin(br#"{"username":"c@x.com"}"#)
    .run()
    .assert_ok("User 'c@x.com' invited.\n");
    against_line(
        &server,
        &format!("org invitations invite -f - --orgId {ORG}"),
    )
    .stdin(b"{")
    .run()
    .assert_error("standard input: unexpected end of JSON input");
}

#[test]
fn dry_run_prints_requests_and_connects_nowhere() {
    let server = fake();
    let base = server.url();
    let run = |line: &str, stdin: Option<&[u8]>| {
        let mut c = cmd(line).env("MONGODB_ATLAS_OPS_MANAGER_URL", &base);
        if let Some(s) = stdin {
            c = c.stdin(s);
        }
        c.run()
    };
    let url = format!("{base}/api/atlas/v2/orgs/{ORG}/invites");
    let media = "application/vnd.atlas.2023-01-01+json";
    run(&format!("org invitations invite a<b@x.com --orgId {ORG} --role ORG_OWNER --dry-run"), None).assert_ok(&format!(
        "POST {url}\nAccept: {media}\nContent-Type: {media}\n\n{{\"roles\":[\"ORG_OWNER\"],\"teamIds\":[],\"username\":\"a\\u003cb@x.com\"}}\n"
    ));
    run(&format!("org invitations invite -f - --orgId {ORG} --dry-run"), Some(br#"[{"username":"a@x.com"},{"username":"b@x.com"}]"#)).assert_ok(&format!(
        "POST {url}\nAccept: {media}\nContent-Type: {media}\n\n{{\"username\":\"a@x.com\"}}\n\nPOST {url}\nAccept: {media}\nContent-Type: {media}\n\n{{\"username\":\"b@x.com\"}}\n"
    ));
    run(&format!("org invitations update 6a793f89c0eb9e7a177165b6 --role ORG_MEMBER --orgId {ORG} --dry-run"), None).assert_ok(&format!(
        "PATCH {url}/6a793f89c0eb9e7a177165b6\nAccept: {media}\nContent-Type: {media}\n\n{{\"roles\":[\"ORG_MEMBER\"]}}\n"
    ));
    run(
        &format!("org invitations rm 6a793f89c0eb9e7a177165b6 --orgId {ORG} --dry-run"),
        None,
    )
    .assert_ok(&format!(
        "DELETE {url}/6a793f89c0eb9e7a177165b6\nAccept: {media}\n"
    ));
    // Validation still applies.
    run("org invitations invite a@b.c --orgId nope --dry-run", None)
        .assert_error("the provided value 'nope' is not a valid ID");
    assert_eq!(server.connections(), 0);
    // And the flag stays out of --help, which matches the official CLI byte for byte.
    assert!(!atlas(&["org", "invitations", "invite", "-h"])
        .run()
        .stdout
        .contains("dry-run"));
}
