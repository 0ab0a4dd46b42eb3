//! Rough edges from issue 16: messages that said the wrong thing, and what `-D` and
//! the demo show.

use crate::support::{against_line, atlas, cmd, fake, free_port, Canned, TestDir, ORG};

const ID: &str = "6a793f89c0eb9e7a177165b6";

#[test]
fn timeout_errors_state_the_real_range() {
    let server = fake();
    for bad in ["0", "-1", "86401", "abc", "NaN", "inf"] {
        against_line(&server, &format!("org invitations ls --orgId {ORG}"))
            .env("ATLAS_HTTP_TIMEOUT", bad)
            .run()
            .assert_error(&format!(
                "ATLAS_HTTP_TIMEOUT must be a number of seconds greater than 0 and at most 86400, not \"{bad}\""
            ));
    }
    assert_eq!(server.connections(), 0);
    for good in ["0.5", "86400"] {
        let out = against_line(&server, &format!("org invitations ls --orgId {ORG}"))
            .env("ATLAS_HTTP_TIMEOUT", good)
            .run();
        assert_eq!(out.code, 0, "{good}: {}", out.stderr);
    }
}

#[test]
fn update_with_a_list_file_says_so_first() {
    let server = fake();
    let dir = TestDir::new();
    let list = dir.write("list.json", r#"[{"roles":["ORG_MEMBER"]},{"bogus":1}]"#);
    for who in [ID, "--email a@b.c"] {
        against_line(
            &server,
            &format!(
                "org invitations update {who} -f {} --orgId {ORG}",
                list.display()
            ),
        )
        .run()
        .assert_error(&format!(
            "{}: expected one JSON object, found a list",
            list.display()
        ));
    }
    against_line(
        &server,
        &format!("org invitations update {ID} -f - --orgId {ORG}"),
    )
    .stdin(b"[]")
    .run()
    .assert_error("standard input: expected one JSON object, found a list");
    assert_eq!(server.connections(), 0);
}

/// Go's wording when the proxy itself cannot be reached: `proxyconnect tcp: …`.
#[test]
fn a_refusing_proxy_is_named_as_go_names_it() {
    let Some(port) = free_port() else {
        panic!("no free loopback port");
    };
    let proxy = format!("127.0.0.1:{port}");
    // Targets that are never resolved or reached: the proxy is asked for them.
    for (var, base, line) in [
        (
            "HTTP_PROXY",
            "http://atlas.example.test",
            format!("org invitations ls --orgId {ORG} -D"),
        ),
        (
            "HTTPS_PROXY",
            "https://atlas.example.test",
            "org invitations invite a@b.c --orgId ORG -D".replace("ORG", ORG),
        ),
    ] {
        let out = atlas(&crate::support::split(&line))
            .env(var, &format!("http://proxyuser:proxy-pass-secret@{proxy}"))
            .env("MONGODB_ATLAS_OPS_MANAGER_URL", base)
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
            .run();
        let go = format!("proxyconnect tcp: dial tcp {proxy}: connect: connection refused");
        let (op, url) = if line.contains(" ls ") {
            (
                "Get",
                format!("{base}/api/atlas/v2/orgs/{ORG}/invites?username="),
            )
        } else {
            ("Post", format!("{base}/api/atlas/v2/orgs/{ORG}/invites"))
        };
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 3, "{}", out.stderr);
        assert!(
            lines[1].starts_with("DEBUG < error after ")
                && lines[1].ends_with(&format!(" ms: {go}")),
            "{}",
            lines[1]
        );
        // Nothing reached Atlas, so no "may or may not have been created" advice.
        assert_eq!(lines[2], format!("Error: {op} \"{url}\": {go}"));
        assert_eq!((out.code, out.stdout.as_str()), (1, ""));
        assert!(!out.stderr.contains("proxy-pass-secret"));
    }
    // Without a proxy, the target is still the one named.
    let out = atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &format!("http://{proxy}"))
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    out.assert_error(&format!(
        "Get \"http://{proxy}/api/atlas/v2/orgs/{ORG}/invites?username=\": dial tcp {proxy}: connect: connection refused"
    ));
}

/// Decision root-help-example.
#[test]
fn the_root_help_example_names_a_command_we_have() {
    let out = cmd("--help").run();
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("\n\nExamples:\n  # Display the help menu for the organizations invitations command:\n  atlas organizations invitations --help\n\n\nAvailable Commands:\n"),
        "{}",
        out.stdout
    );
    let example = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("  # Display the help menu"))
        .nth(1)
        .and_then(|l| l.strip_prefix("  atlas "))
        .expect("an example line");
    let run = cmd(example).run();
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{example}");
    assert!(run.stdout.starts_with("Invitation operations."));
}

#[test]
fn unknown_fields_in_list_items_are_warnings() {
    let server = fake();
    let dir = TestDir::new();
    let f = dir.write(
        "team.json",
        r#"[{"username":"a@x.com","rolez":["ORG_MEMBER"]},{"username":"b@x.com"}]"#,
    );
    let out = against_line(
        &server,
        &format!("org invitations invite -f {} --orgId {ORG}", f.display()),
    )
    .run();
    out.assert_ok("User 'a@x.com' invited.\nUser 'b@x.com' invited.\n");
    assert_eq!(
        out.stderr,
        "Warning: invitation 1: json: unknown field \"rolez\"\ninvited 2 of 2\n"
    );
    // Decision unknown-field-warning: one object gets the same prefix, for invite
    // and update alike.
    let one = dir.write("one.json", r#"{"username":"c@x.com","rolez":[]}"#);
    let out = against_line(
        &server,
        &format!("org invitations invite -f {} --orgId {ORG}", one.display()),
    )
    .run();
    out.assert_ok("User 'c@x.com' invited.\n");
    assert_eq!(out.stderr, "Warning: json: unknown field \"rolez\"\n");
    let out = against_line(
        &server,
        &format!(
            "org invitations update 6a793f89c0eb9e7a177165b6 -f {} --orgId {ORG} --dry-run",
            one.display()
        ),
    )
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "Warning: json: unknown field \"rolez\"\n");
}

/// `-D` shows the start of an error answer that is not JSON.
#[test]
fn debug_shows_the_start_of_a_non_json_error_body() {
    let server = fake();
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(300)
    );
    server.push(Canned::raw(
        502,
        &[("Content-Type", "text/html")],
        page.as_bytes(),
    ));
    let out = against_line(
        &server,
        &format!("org invitations describe {ID} --orgId {ORG} -D"),
    )
    .run();
    let lines: Vec<&str> = out.stderr.lines().collect();
    let body_lines: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("DEBUG < body"))
        .collect();
    assert_eq!(
        body_lines,
        [&format!(
            "DEBUG < body (first 200 of {} bytes): \"{}\"",
            page.len(),
            &page[..200]
        )
        .as_str()],
        "{}",
        out.stderr
    );
    assert_eq!(
        lines.last().copied(),
        Some("Error: (502 Bad Gateway) failed to decode response body: undefined response type")
    );
    // A short page is shown whole, quoted on one line; without -D nothing changes.
    server.push(Canned::raw(
        503,
        &[("Content-Type", "text/plain")],
        b"upstream\nconnect error",
    ));
    let out = against_line(
        &server,
        &format!("org invitations describe {ID} --orgId {ORG} -D"),
    )
    // A 503 is waited for (decision rate-limit-wait); here it is shown once.
    .env("ATLAS_RATE_LIMIT_WAIT", "0")
    .run();
    assert!(
        out.stderr
            .contains("\nDEBUG < body (22 bytes): \"upstream\\nconnect error\"\n"),
        "{}",
        out.stderr
    );
    server.push(Canned::raw(
        502,
        &[("Content-Type", "text/html")],
        b"<html>",
    ));
    against_line(
        &server,
        &format!("org invitations describe {ID} --orgId {ORG}"),
    )
    .run()
    .assert_error("(502 Bad Gateway) failed to decode response body: undefined response type");
    // JSON error answers are not repeated.
    server.push(Canned::error(404, crate::support::recorded::NOT_FOUND));
    let out = against_line(
        &server,
        &format!("org invitations describe {ID} --orgId {ORG} -D"),
    )
    .run();
    assert_eq!(out.code, 1);
    assert!(!out.stderr.contains("DEBUG < body"), "{}", out.stderr);
}

/// A body that echoes the request (a misbehaving gateway) never shows a token.
#[test]
fn debug_body_never_shows_the_credentials_sent() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (s, _) = listener.accept().unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        // The Authorization line first, so that it falls in the part -D shows.
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            if line.to_ascii_lowercase().starts_with("authorization:") {
                head.insert_str(0, &format!("Authorization:{}", &line[14..]));
            } else {
                head.push_str(&line);
            }
        }
        let mut w = s;
        let _ = write!(
            w,
            "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
            head.len()
        );
    });
    // A user-account profile: its access token goes out as a Bearer header.
    let token = crate::support::fake_atlas::jwt(3600, "user");
    let out = atlas(&["org", "invitations", "ls", "--orgId", ORG, "-D"])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &url)
        .env("MONGODB_ATLAS_AUTH_TYPE", "user_account")
        .env("MONGODB_ATLAS_ACCESS_TOKEN", &token)
        .env("MONGODB_ATLAS_REFRESH_TOKEN", "refresh-token-value-9")
        .run();
    handle.join().unwrap();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("\"Authorization: Bearer [redacted]\\r\\nGET /api/"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&token), "{}", out.stderr);
    assert!(!out.stderr.contains("refresh-token-value-9"));
}
