//! `invite` end to end against the fake Atlas: the seed example, request shape, Digest.

use crate::support::{
    against, against_line, atlas, cmd, fake, recorded, Canned, TestDir, ORG, PUBLIC,
};

#[test]
fn seed_example_json_and_default_output() {
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    server.push(Canned::json(200, recorded::INVITE));
    let out = against_line(
        &server,
        &format!("organizations invitations invite test-783@mongodb.com --orgId {ORG} --role ORG_MEMBER --output json"),
    )
    .run();
    out.assert_ok(recorded::INVITE_JSON);
    assert_eq!(out.stdout.len(), 339);
    assert_eq!(out.stderr, "");
    let out = against_line(
        &server,
        &format!("org invitations invite test-783@mongodb.com --orgId {ORG} --role ORG_MEMBER"),
    )
    .run();
    out.assert_ok("User 'test-783@mongodb.com' invited.\n");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 4, "challenge + answer per command");
    for r in &reqs {
        assert_eq!(r.method, "POST");
        assert_eq!(r.target, format!("/api/atlas/v2/orgs/{ORG}/invites"));
        assert_eq!(
            r.body_text(),
            "{\"roles\":[\"ORG_MEMBER\"],\"teamIds\":[],\"username\":\"test-783@mongodb.com\"}\n"
        );
        assert_eq!(
            r.header("accept"),
            Some("application/vnd.atlas.2023-01-01+json")
        );
        assert_eq!(
            r.header("content-type"),
            Some("application/vnd.atlas.2023-01-01+json")
        );
        let ua = r.header("user-agent").unwrap_or_default();
        assert!(
            ua.starts_with(&format!("atlas-rs/{} (linux;", env!("CARGO_PKG_VERSION"))),
            "{ua}"
        );
    }
    // The challenge and the answer share one TCP connection; each command opens one.
    assert_eq!((reqs[0].connection, reqs[1].connection), (1, 1));
    assert_eq!(reqs[0].peer_port, reqs[1].peer_port);
    assert_eq!((reqs[2].connection, reqs[3].connection), (2, 2));
    assert!(!reqs[0].authorized && reqs[1].authorized);
    assert_eq!(server.connections(), 2);
    let authz = reqs[1].header("authorization").unwrap_or_default();
    assert!(
        authz.starts_with(&format!(
            "Digest username=\"{PUBLIC}\", realm=\"MMS Public API\", nonce=\""
        )),
        "{authz}"
    );
    assert!(authz.contains(&format!("uri=\"/api/atlas/v2/orgs/{ORG}/invites\"")));
    assert!(authz.contains(", algorithm=MD5, qop=auth, nc=00000001, cnonce=\""));
}

#[test]
fn request_bodies_from_flags() {
    let server = fake();
    let out = against_line(
        &server,
        &format!("org invitations invite a<b>&c@x.com --orgId {ORG} --role=ORG_OWNER,ORG_MEMBER --role ORG_READ_ONLY --teamId t1,t2"),
    )
    .run();
    out.assert_ok("User 'a<b>&c@x.com' invited.\n");
    let reqs = server.requests();
    assert_eq!(
        reqs[1].body_text(),
        "{\"roles\":[\"ORG_OWNER\",\"ORG_MEMBER\",\"ORG_READ_ONLY\"],\"teamIds\":[\"t1\",\"t2\"],\"username\":\"a\\u003cb\\u003e\\u0026c@x.com\"}\n"
    );
}

#[test]
fn invite_without_email_or_file_sends_nothing() {
    let server = fake();
    against(&server, &["org", "invitations", "invite", "--orgId", ORG])
        .run()
        .assert_error("missing the email address to invite: atlas organizations invitations invite <email> [flags] (or --file)");
    assert_eq!(server.requests().len(), 0);
}

#[test]
fn invite_from_file() {
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE_FILE_812));
    let dir = TestDir::new();
    let f = dir.write(
        "update-812.json",
        r#"{"roles":["ORG_READ_ONLY"],"username":"test-file-812@mongodb.com"}"#,
    );
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "--file",
            f.to_str().unwrap(),
            "-o=json",
            "--orgId",
            ORG,
        ],
    )
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out
        .stdout
        .contains("\"username\": \"test-file-812@mongodb.com\"\n"));
    assert_eq!(
        server.requests()[1].body_text(),
        "{\"roles\":[\"ORG_READ_ONLY\"],\"username\":\"test-file-812@mongodb.com\"}\n"
    );

    // Unknown fields: one warning on stderr, then the request without them.
    let f = dir.write("extra.json", r#"{"Username":"u@x.com","bogus":1,"groupRoleAssignments":[{"groupId":"6c73999ae7966f00563911a4","roles":["GROUP_CLUSTER_MANAGER"]}],"teamIds":null}"#);
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "-f",
            f.to_str().unwrap(),
            "--orgId",
            ORG,
        ],
    )
    .run();
    assert_eq!(out.stderr, "Warning: json: unknown field \"bogus\"\n"); // decision unknown-field-warning
    assert_eq!(out.stdout, "User 'u@x.com' invited.\n");
    let last = server.requests().pop().unwrap();
    assert_eq!(
        last.body_text(),
        "{\"groupRoleAssignments\":[{\"groupId\":\"6c73999ae7966f00563911a4\",\"roles\":[\"GROUP_CLUSTER_MANAGER\"]}],\"username\":\"u@x.com\"}\n"
    );
}

#[test]
fn bad_files_are_local_errors() {
    let server = fake();
    let dir = TestDir::new();
    let run = |path: &str| {
        against(
            &server,
            &["org", "invitations", "invite", "-f", path, "--orgId", ORG],
        )
        .run()
    };
    let missing = dir.file("nope.json");
    run(&missing).assert_error(&format!("file not found: {missing}"));
    let noext = dir.write("invite", "{}");
    run(noext.to_str().unwrap())
        .assert_error(&format!("missing file type: \"{}\"", noext.display()));
    let txt = dir.write("invite.txt", "{}");
    run(txt.to_str().unwrap()).assert_error("unsupported file type: txt");
    let yaml = dir.write("invite.yaml", "username: a");
    run(yaml.to_str().unwrap()).assert_error(&format!(
        "unsupported file type: yaml (atlas reads invitation files as JSON only; convert {} to JSON)",
        yaml.display()
    ));
    let bad = dir.write("bad.json", "{\"username\": ");
    run(bad.to_str().unwrap())
        .assert_error(&format!("{}: unexpected end of JSON input", bad.display()));
    let wrong = dir.write("wrong.json", "{\"roles\": \"ORG_OWNER\"}");
    run(wrong.to_str().unwrap()).assert_error(&format!(
        "{}: json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string",
        wrong.display()
    ));
    std::fs::create_dir_all(dir.path.join("dir.json")).unwrap();
    let d = dir.file("dir.json");
    run(&d).assert_error(&format!("read {d}: is a directory"));
    assert_eq!(server.requests().len(), 0);
}

#[test]
fn exclusive_flags_after_org_id_check() {
    cmd("org invitations invite a@b.c --file f.json --role X --teamId T")
        .run()
        .assert_error("required flag(s) \"orgId\" not set");
    atlas(&["org", "invitations", "invite", "a@b.c", "--file", "f.json", "--role", "", "--teamId", "T", "--orgId", ORG])
        .run()
        .assert_error("if any flags in the group [file role] are set none of the others can be; [file role] were all set");
    atlas(&["org", "invitations", "invite", "a@b.c", "--file", "f.json", "--teamId", "T", "--orgId", ORG])
        .run()
        .assert_error("if any flags in the group [file teamId] are set none of the others can be; [file teamId] were all set");
}

#[test]
fn org_id_validation() {
    atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", "123"])
        .run()
        .assert_error("the provided value '123' is not a valid ID");
    cmd("org invitations invite a@b.c --orgId zz0123456789abcdef012345")
        .run()
        .assert_error("the provided value 'zz0123456789abcdef012345' is not a valid ID");
    // Upper-case hex is accepted (an empty flag is an error: decision empty-org-id,
    // tests/traps.rs).
    let server = fake();
    let out = against_line(&server, "org invitations invite a@b.c")
        .env("MONGODB_ATLAS_ORG_ID", "A0123456789ABCDEF012345A")
        .run();
    out.assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(
        server.requests()[0].target,
        "/api/atlas/v2/orgs/A0123456789ABCDEF012345A/invites"
    );
}

#[test]
fn no_credentials_is_unauthorized_without_a_request() {
    let server = fake();
    let dir = TestDir::new();
    atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .home(&dir)
        .run()
        .assert_error(&format!(
            "{}\nno credentials found: MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY are not set and {} does not exist",
            crate::support::UNAUTHORIZED,
            dir.path.join(".config/atlascli/config.toml").display()
        ));
    assert_eq!(server.connections(), 0);
}

#[test]
fn wrong_keys_are_unauthorized() {
    let server = fake();
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong")
    .run();
    out.assert_error(&format!(
        "{}\n{}",
        crate::support::UNAUTHORIZED,
        crate::support::KEYS_REFUSED
    ));
    assert_eq!(
        server.requests().len(),
        2,
        "one challenge, one refused answer, no loop"
    );
}

#[test]
fn stale_nonce_is_retried_once() {
    let server = fake();
    server.stale_next(1);
    against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .run()
    .assert_ok("User 'a@b.c' invited.\n");
    let reqs = server.requests();
    assert_eq!(
        reqs.iter().map(|r| r.status).collect::<Vec<_>>(),
        [401, 401, 200]
    );
    assert!(reqs.iter().all(|r| r.connection == 1));
    // Stale again and again: bounded, and the last 401 is the answer.
    let server = fake();
    server.stale_next(10);
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .run();
    assert_eq!(out.code, 1);
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn output_formats_and_defaults() {
    let server = fake();
    for _ in 0..5 {
        server.push(Canned::json(200, recorded::INVITE));
    }
    let base = [
        "org",
        "invitations",
        "invite",
        "test-783@mongodb.com",
        "--orgId",
        ORG,
    ];
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let mut c = against(&server, &args);
        for (k, v) in env {
            c = c.env(k, v);
        }
        c.run()
    };
    run(&["-ojson"], &[]).assert_ok(recorded::INVITE_JSON);
    run(&[], &[("MONGODB_ATLAS_OUTPUT", "json")]).assert_ok(recorded::INVITE_JSON);
    let out = run(&["-o", "yaml"], &[]);
    out.assert_ok("User 'test-783@mongodb.com' invited.\n");
    assert!(
        out.stderr
            .starts_with("Warning: unknown output format \"yaml\""),
        "{}",
        out.stderr
    );
    let out = run(&["-o", "plaintext"], &[]);
    out.assert_ok("User 'test-783@mongodb.com' invited.\n");
    assert_eq!(out.stderr, "");
    // The flag wins over the environment.
    let out = run(&["-o", "plaintext"], &[("MONGODB_ATLAS_OUTPUT", "json")]);
    out.assert_ok("User 'test-783@mongodb.com' invited.\n");
}

#[test]
fn empty_success_body_and_unknown_fields() {
    let server = fake();
    server.push(Canned::json(200, ""));
    server.push(Canned::json(200, ""));
    server.push(Canned::json(
        200,
        r#"{"username":"u","extraField":1,"createdAt":"2026-08-10T03:03:37.120Z"}"#,
    ));
    let args = ["org", "invitations", "invite", "u", "--orgId", ORG];
    against(&server, &args)
        .run()
        .assert_ok("User '<no value>' invited.\n");
    let mut json = args.to_vec();
    json.extend(["-o", "json"]);
    against(&server, &json).run().assert_ok("null\n");
    against(&server, &json)
        .run()
        .assert_ok("{\n  \"createdAt\": \"2026-08-10T03:03:37.12Z\",\n  \"orgName\": \"\",\n  \"username\": \"u\"\n}\n");
}
