//! Service accounts, user accounts and keyring-held secrets, against the fake Atlas.

use crate::support::fake_atlas::jwt;
use crate::support::{
    against_line, atlas, cmd, recorded, Canned, FakeAtlas, TestDir, ORG, PRIVATE, PUBLIC,
};

const CLIENT_ID: &str = "mdb_sa_id_6a793f89c0eb9e7a177165b6";
const CLIENT_SECRET: &str = "mdb_sa_sk_Zx8vQm2LrT5wYp1nKd7sHj4cFg6bNa3e";

fn server() -> FakeAtlas {
    let s = crate::support::fake();
    s.accept_service_account(CLIENT_ID, CLIENT_SECRET);
    s
}

fn invite(server: &FakeAtlas) -> crate::support::command::Command {
    atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
}

#[test]
fn service_account_from_env_gets_a_token_then_uses_bearer() {
    let server = server();
    invite(&server)
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2, "token request, then the API call");
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].target.as_str()),
        ("POST", "/api/oauth/token")
    );
    assert_eq!(reqs[0].body_text(), "grant_type=client_credentials");
    assert_eq!(
        reqs[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(reqs[0]
        .header("authorization")
        .unwrap_or_default()
        .starts_with("Basic "));
    assert!(reqs[1]
        .header("authorization")
        .unwrap_or_default()
        .starts_with("Bearer "));
    assert!(reqs[1].authorized);
    assert_eq!(
        server.connections(),
        1,
        "the token and the call share one connection"
    );
}

#[test]
fn service_account_wins_over_api_keys() {
    let server = server();
    invite(&server)
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(server.requests()[0].target, "/api/oauth/token");
}

#[test]
fn cached_profile_token_is_reused_while_valid() {
    let server = server();
    let token = jwt(3600, "cached");
    server.accept_bearer(&token);
    let dir = TestDir::new();
    dir.config(&format!(
        "version = 2\n[default]\n  auth_type = \"service_account\"\n  client_id = \"{CLIENT_ID}\"\n  client_secret = \"{CLIENT_SECRET}\"\n  access_token = \"{token}\"\n  org_id = \"{ORG}\"\n  ops_manager_url = \"{}\"\n",
        server.url()
    ));
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "no token request");
    assert_eq!(
        reqs[0].header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    // An expired cached token is replaced by a new one (in memory; the file is untouched).
    let before = std::fs::read_to_string(dir.path.join(".config/atlascli/config.toml")).unwrap();
    let expired = jwt(-60, "old");
    let text = before.replace(&token, &expired);
    dir.config(&text);
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(server.requests()[1].target, "/api/oauth/token");
    assert_eq!(
        std::fs::read_to_string(dir.path.join(".config/atlascli/config.toml")).unwrap(),
        text
    );
}

#[test]
fn bad_client_secret_is_unauthorized() {
    let server = server();
    invite(&server)
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", "wrong")
        .run()
        .assert_error(&format!(
            "{}\nthe server refused the service account that was sent (client_id from MONGODB_ATLAS_CLIENT_ID, client_secret from MONGODB_ATLAS_CLIENT_SECRET)",
            crate::support::UNAUTHORIZED
        ));
    assert_eq!(server.requests().len(), 1, "no API call without a token");
}

fn user_profile(dir: &TestDir, server: &FakeAtlas, access: &str, refresh: &str) {
    dir.config(&format!(
        "version = 2\n[default]\n  auth_type = \"user_account\"\n  access_token = \"{access}\"\n  refresh_token = \"{refresh}\"\n  org_id = \"{ORG}\"\n  ops_manager_url = \"{}\"\n",
        server.url()
    ));
}

#[test]
fn user_account_tokens_and_refresh() {
    let server = server();
    let dir = TestDir::new();
    let valid = jwt(3600, "user");
    server.accept_bearer(&valid);
    user_profile(&dir, &server, &valid, "refresh-1");
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(server.requests().len(), 1);

    // Expired: refreshed first, with the CLI's form fields.
    server.accept_refresh_token("refresh-1");
    user_profile(&dir, &server, &jwt(-5, "user"), "refresh-1");
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    let reqs = server.requests();
    assert_eq!(reqs[1].target, "/api/private/unauth/account/device/token");
    assert_eq!(
        reqs[1].body_text(),
        "client_id=0oabtxactgS3gHIR0297&grant_type=refresh_token&refresh_token=refresh-1&scope=openid+profile+offline_access"
    );
    assert_eq!(reqs[1].header("accept"), Some("application/json"));
    assert!(reqs[2].authorized);

    // A refresh token Atlas no longer accepts: the official "session expired" text.
    user_profile(&dir, &server, &jwt(-5, "user"), "revoked");
    atlas(&["org", "invitations", "invite", "a@b.c"]).home(&dir).run().assert_error(
        "session expired\n\nPlease note that your session expires periodically. \nIf you use Atlas CLI for automation, see https://www.mongodb.com/docs/atlas/cli/stable/atlas-cli-automate/ for best practices.\nTo login, run: atlas auth login",
    );

    // Not a JWT at all.
    user_profile(&dir, &server, "opaque-token", "refresh-1");
    let out = atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run();
    out.assert_error("the access_token of profile \"default\" is not a valid JWT: token contains an invalid number of segments; run atlas auth login with the official CLI, or set MONGODB_ATLAS_ACCESS_TOKEN");
}

#[test]
fn keyring_held_secrets_are_explained() {
    let dir = TestDir::new();
    let path = dir.config(&format!(
        "version = 2\n[prod]\n  auth_type = \"service_account\"\n  org_id = \"{ORG}\"\n"
    ));
    atlas(&["org", "invitations", "ls"]).home(&dir).run().assert_error(&format!(
        "profile \"prod\" uses a service account, but its credentials are not in {} (the official CLI may have saved them in the OS keyring, which atlas does not read); set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET",
        path.display()
    ));
    let path = dir.config(&format!(
        "version = 2\n[default]\n  auth_type = \"user_account\"\n  org_id = \"{ORG}\"\n"
    ));
    atlas(&["org", "invitations", "ls"]).home(&dir).run().assert_error(&format!(
        "profile \"default\" uses a user account (atlas auth login), but its credentials are not in {} (the official CLI may have saved them in the OS keyring, which atlas does not read); set MONGODB_ATLAS_ACCESS_TOKEN and MONGODB_ATLAS_REFRESH_TOKEN",
        path.display()
    ));
}

#[test]
fn retries_after_429_and_503_with_retry_after() {
    let server = crate::support::fake();
    let mut busy = Canned::error(
        429,
        r#"{"error":429,"errorCode":"RATE_LIMITED","reason":"Too Many Requests"}"#,
    );
    busy.headers.push(("Retry-After".into(), "1".into()));
    server.push(busy);
    let mut unavailable = Canned::error(503, "");
    unavailable.headers.push(("Retry-After".into(), "0".into()));
    server.push(unavailable);
    server.push(Canned::json(200, recorded::INVITE));
    let started = std::time::Instant::now();
    against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .run()
    .assert_ok("User 'test-783@mongodb.com' invited.\n");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "waited for Retry-After"
    );
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [401, 429, 503, 200]);
    // Without Retry-After atlas backs off (decision rate-limit-wait); with no wait
    // allowed the answer is final.
    server.push(Canned::error(503, r#"{"error":503,"errorCode":"SERVICE_UNAVAILABLE","detail":"try later","reason":"Service Unavailable","parameters":[]}"#));
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .env("ATLAS_RATE_LIMIT_WAIT", "0")
    .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "rate limited: HTTP 503 Service Unavailable (SERVICE_UNAVAILABLE: try later); it names no wait"
        ),
        "{}",
        out.stderr
    );
}

/// A server whose first connection is closed without an answer, then answers 200.
fn flaky_server(body: &'static str) -> (u16, std::thread::JoinHandle<usize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let h = std::thread::spawn(move || {
        let mut served = 0;
        for (n, stream) in listener.incoming().take(2).enumerate() {
            let Ok(mut s) = stream else { break };
            let _ = s.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut buf = [0u8; 8192];
            let _ = s.read(&mut buf);
            served += 1;
            if n == 0 {
                continue; // drop: EOF without a status line
            }
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.atlas.2023-01-01+json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
        }
        served
    });
    (port, h)
}

#[test]
fn get_is_retried_once_after_a_dropped_connection_but_post_is_not() {
    let (port, h) = flaky_server("[]");
    let out = atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .env(
            "MONGODB_ATLAS_OPS_MANAGER_URL",
            &format!("http://127.0.0.1:{port}"),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    out.assert_ok("ID    USERNAME   CREATED AT   EXPIRES AT\n");
    assert_eq!(h.join().unwrap(), 2);

    let (port, _h) = flaky_server("{}");
    let out = atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env(
            "MONGODB_ATLAS_OPS_MANAGER_URL",
            &format!("http://127.0.0.1:{port}"),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("the invitation may or may not have been created; check with: atlas organizations invitations list --orgId"), "{}", out.stderr);
    // Unblock the helper's second accept.
    let _ = std::net::TcpStream::connect(("127.0.0.1", port));
}

#[test]
fn slow_server_times_out_without_retry() {
    let server = crate::support::fake();
    server.delay(std::time::Duration::from_secs(3));
    let started = std::time::Instant::now();
    let out = crate::support::against(&server, &["org", "invitations", "ls", "--orgId", ORG])
        .env("ATLAS_HTTP_TIMEOUT", "1")
        .run();
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    out.assert_error(&format!(
        "Get \"{}/api/atlas/v2/orgs/{ORG}/invites?username=\": timeout: no complete response in time (set ATLAS_HTTP_TIMEOUT to wait longer, in seconds)",
        server.url()
    ));
}

#[test]
fn no_secret_reaches_stdout_or_stderr_even_with_debug() {
    let server = server();
    server.accept_refresh_token("refresh-secret-77");
    let dir = TestDir::new();
    user_profile(&dir, &server, &jwt(-5, "user"), "refresh-secret-77");
    let runs = vec![
        invite(&server)
            .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
            .env(
                "HTTPS_PROXY",
                "http://proxyuser:proxy-pass-secret@127.0.0.1:1",
            )
            .run(),
        invite(&server)
            .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", "wrong-secret-99")
            .run(),
        invite(&server)
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
            .run(),
        invite(&server)
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong-private-42")
            .run(),
        atlas(&["org", "invitations", "invite", "a@b.c", "-D"])
            .home(&dir)
            .run(),
    ];
    let outs: Vec<_> = runs
        .into_iter()
        .chain([invite(&server)
            .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
            .env("MONGODB_ATLAS_OUTPUT", "json")
            .run()])
        .collect();
    for out in &outs {
        for secret in [
            PRIVATE,
            CLIENT_SECRET,
            "wrong-secret-99",
            "wrong-private-42",
            "refresh-secret-77",
            "proxy-pass-secret",
            "eyJ",
        ] {
            assert!(
                !out.stdout.contains(secret),
                "{secret} in stdout: {}",
                out.stdout
            );
            assert!(
                !out.stderr.contains(secret),
                "{secret} in stderr: {}",
                out.stderr
            );
        }
    }
    // And with -D on every flow.
    for extra in [
        vec![
            ("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID),
            ("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET),
        ],
        vec![
            ("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC),
            ("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE),
        ],
    ] {
        let mut c = cmd(&format!(
            "org invitations invite a@b.c --orgId {ORG} --debug"
        ))
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url());
        for (k, v) in extra {
            c = c.env(k, v);
        }
        let out = c.run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("DEBUG > POST"));
        for secret in [PRIVATE, CLIENT_SECRET, "eyJ"] {
            assert!(
                !out.stderr.contains(secret),
                "{secret} in debug output: {}",
                out.stderr
            );
        }
    }
}

/// Decision credentials-need-https: a client secret or refresh token never goes over
/// plain http to another machine; the refusal comes before any connection (a lookup of
/// `example.invalid` would fail with "no such host").
#[test]
fn credentials_are_not_sent_over_plain_http_to_another_host() {
    invite_at("http://example.invalid")
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .run()
        .assert_error("refusing to send the service account's client secret over plain http to example.invalid, which is not this machine (decision credentials-need-https); set the base URL (MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url) to an https:// URL");
    let dir = TestDir::new();
    dir.config(&format!(
        "version = 2\n[default]\n  auth_type = \"user_account\"\n  access_token = \"{}\"\n  refresh_token = \"r\"\n  org_id = \"{ORG}\"\n  account_url = \"http://10.1.2.3:8080\"\n",
        jwt(-5, "user")
    ));
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run()
        .assert_error("refusing to send the user account's refresh token over plain http to 10.1.2.3, which is not this machine (decision credentials-need-https); set the account URL (MONGODB_ATLAS_ACCOUNT_URL or account_url) to an https:// URL");
    // Loopback by name is this machine: the request goes out (and finds no server).
    let port = crate::support::free_port().unwrap();
    let out = invite_at(&format!("http://localhost:{port}"))
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .run();
    assert!(out.stderr.contains("connection refused"), "{}", out.stderr);
}

fn invite_at(url: &str) -> crate::support::command::Command {
    atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", url)
}

/// Decision outcome-not-sent: when getting the token fails, the invitation request never
/// left, and the error says so instead of "may or may not have been created".
#[test]
fn token_failures_say_the_request_was_not_sent() {
    let big = format!(
        r#"{{"access_token":"{}","expires_in":3600}}"#,
        "a".repeat(10_000_000)
    );
    let mut invalid_utf8 = br#"{"access_token":"eyJ"#.to_vec();
    invalid_utf8.extend_from_slice(b"\xff\xfe");
    invalid_utf8.extend_from_slice(br#"x","expires_in":3600}"#);
    let long = format!(r#"{{"access_token":"{}"}}"#, "b".repeat(70_000));
    let json = [("Content-Type", "application/json")];
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let cases: Vec<(Canned, String)> = vec![
        (
            Canned::raw(200, &json, big.as_bytes()),
            format!("oauth2: cannot fetch token: the answer ({} bytes) is larger than the 1048576-byte limit for a token answer", big.len()),
        ),
        (
            Canned::raw(200, &json, &invalid_utf8),
            "the access token holds bytes that are not UTF-8, which an HTTP header cannot carry".into(),
        ),
        (
            Canned::raw(200, &json, br#"{"access_token":"ab\u0001cd"}"#),
            "the access token holds a control character or space (byte 3 of 5), which an HTTP header cannot carry".into(),
        ),
        (
            Canned::raw(200, &json, long.as_bytes()),
            "the access token is 70000 bytes, more than the 65536 bytes atlas sends in a header".into(),
        ),
        (
            Canned::raw(200, &form, b"access_token=x&token_type=mac"),
            "the token endpoint issued a \"mac\" token; atlas sends Bearer tokens only".into(),
        ),
        (
            Canned::raw(400, &form, b"error=invalid_scope&error_description=no+such+scope"),
            "oauth2: \"invalid_scope\" \"no such scope\"".into(),
        ),
        (
            Canned::raw(502, &[("Content-Type", "text/html")], b"<html>bad gateway</html>"),
            "oauth2: cannot fetch token: 502 Bad Gateway".into(),
        ),
        (
            Canned::raw(200, &json, b"<html>"),
            "oauth2: cannot parse json: invalid character '<' looking for beginning of value".into(),
        ),
        (
            Canned::raw(200, &json, br#"{"token_type":"Bearer"}"#),
            "oauth2: server response missing access_token".into(),
        ),
    ];
    for (answer, why) in cases {
        let server = server();
        server.push_token_answer(answer);
        let out = invite(&server)
            .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
            .run();
        out.assert_error(&format!(
            "Post \"{}/api/atlas/v2/orgs/{ORG}/invites\": {why}; the request was not sent",
            server.url()
        ));
        let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(targets, ["/api/oauth/token"], "{why}");
    }
    // No token endpoint at all: Go's nesting of the token request's error.
    let port = crate::support::free_port().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    invite_at(&base)
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .run()
        .assert_error(&format!(
            "Post \"{base}/api/atlas/v2/orgs/{ORG}/invites\": Post \"{base}/api/oauth/token\": dial tcp 127.0.0.1:{port}: connect: connection refused; the request was not sent"
        ));
}

/// A bulk run whose token cannot be had asks the token endpoint once, not once per
/// item (its limit is 50 a minute), and every item says it was not sent.
#[test]
fn a_failed_token_is_asked_for_once_per_run() {
    let server = server();
    server.push_token_answer(Canned::raw(
        502,
        &[("Content-Type", "text/html")],
        b"<html>bad gateway</html>",
    ));
    let dir = TestDir::new();
    let file = dir.write(
        "team.json",
        r#"[{"username":"a@x.com"},{"username":"b@x.com"},{"username":"c@x.com"}]"#,
    );
    let file = file.to_str().unwrap();
    let out = atlas(&["org", "invitations", "invite", "-f", file, "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/api/oauth/token"]);
    assert_eq!(
        out.stderr.matches("the request was not sent").count(),
        3,
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("invited 0 of 3"), "{}", out.stderr);
}

/// golang.org/x/oauth2 reads `application/x-www-form-urlencoded` token answers too.
#[test]
fn form_encoded_token_answers_work() {
    let server = server();
    server.token_style(crate::support::fake_atlas::TokenStyle::Form { jwt: true });
    invite(&server)
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].authorized);
}

/// A name other than `localhost` that `/etc/hosts` maps to a 127.0.0.0/8 address, and
/// that address: this machine, though atlas cannot know it from the name.
fn hosts_name() -> Option<(String, std::net::Ipv4Addr)> {
    let hosts = std::fs::read_to_string("/etc/hosts").ok()?;
    hosts.lines().find_map(|line| {
        let line = line.split('#').next().unwrap_or("");
        let mut fields = line.split_whitespace();
        let ip: std::net::Ipv4Addr = fields.next()?.parse().ok()?;
        if !ip.is_loopback() {
            return None;
        }
        let name = fields.find(|n| !n.eq_ignore_ascii_case("localhost"))?;
        Some((name.to_string(), ip))
    })
}

/// A listener that counts connections and answers none: a proxy that must stay unused.
fn counting_listener() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, count)
}

/// Decisions base-url-plain and credentials-need-https: `?@`, `#@` and user info in the
/// base URL get no credential past the checks or around the proxy, and a bearer token
/// never goes over plain http to a name that is not `localhost`, even one `/etc/hosts`
/// maps to this machine. Nothing is sent anywhere, and no secret is printed, under
/// `-D` and `--dry-run` too.
#[test]
fn url_tricks_and_plain_http_bearers_send_nothing() {
    use std::sync::atomic::Ordering;
    let Some((name, ip)) = hosts_name() else {
        println!("skipped: /etc/hosts maps no name but localhost to 127.0.0.0/8");
        return;
    };
    let server = FakeAtlas::start_on(&format!("{ip}:0"), None);
    server.accept_service_account(CLIENT_ID, CLIENT_SECRET);
    let port = server.port();
    let (proxy_port, proxy_hits) = counting_listener();
    let proxy = format!("http://127.0.0.1:{proxy_port}");
    let bearer = jwt(3600, "user");
    let service = [
        ("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID),
        ("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let user = [
        ("MONGODB_ATLAS_AUTH_TYPE", "user_account"),
        ("MONGODB_ATLAS_ACCESS_TOKEN", bearer.as_str()),
        ("MONGODB_ATLAS_REFRESH_TOKEN", "refresh-secret-55"),
    ];
    let set = "; atlas takes http(s)://host[:port][/path] (decision base-url-plain)";
    let where_ = "invalid base URL (MONGODB_ATLAS_OPS_MANAGER_URL)";
    type Creds<'a> = &'a [(&'a str, &'a str)];
    let cases: Vec<(String, Creds, String)> = vec![
        (
            format!("http://{name}:{port}?@127.0.0.1:{port}/"),
            &service,
            format!("{where_}: it has a query (?…){set}"),
        ),
        (
            format!("http://{name}:{port}#@127.0.0.1:{port}/"),
            &user,
            format!("{where_}: it has a fragment (#…){set}"),
        ),
        (
            format!("http://alice:PASSWORD-31@127.0.0.1:{port}/"),
            &service,
            format!("{where_}: it has a user name or password before the host (not shown); atlas takes credentials from their own settings, never from the URL{set}"),
        ),
        (
            format!("http://{name}:{port}"),
            &user,
            format!("refusing to send a bearer access token over plain http to {name}, which is not this machine (decision credentials-need-https); set the base URL (MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url) to an https:// URL"),
        ),
        (
            format!("http://{name}:{port}"),
            &service,
            format!("refusing to send the service account's client secret over plain http to {name}, which is not this machine (decision credentials-need-https); set the base URL (MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url) to an https:// URL"),
        ),
    ];
    for (url, creds, error) in &cases {
        for proxied in [false, true] {
            for extra in [&[][..], &["-D"][..], &["--dry-run"][..]] {
                let mut args = vec!["org", "invitations", "invite", "a@b.c", "--orgId", ORG];
                args.extend(extra.iter().copied());
                let mut c = atlas(&args).env("MONGODB_ATLAS_OPS_MANAGER_URL", url);
                for (k, v) in creds.iter() {
                    c = c.env(k, v);
                }
                if proxied {
                    c = c.env("HTTP_PROXY", &proxy);
                }
                let out = c.run();
                let case = format!("{url} {extra:?} proxied={proxied}");
                if *extra == ["--dry-run"] && !error.starts_with("invalid base URL") {
                    // A dry run sends nothing and needs no credentials.
                    assert_eq!(out.code, 0, "{case}: {}", out.stderr);
                } else {
                    assert_eq!(out.code, 1, "{case}: {}", out.stderr);
                    assert!(
                        out.stderr.ends_with(&format!("Error: {error}\n")),
                        "{case}: {}",
                        out.stderr
                    );
                }
                for secret in [
                    "PASSWORD-31",
                    CLIENT_SECRET,
                    bearer.as_str(),
                    "refresh-secret-55",
                ] {
                    assert!(
                        !out.stdout.contains(secret) && !out.stderr.contains(secret),
                        "{case}: {secret}: {}{}",
                        out.stdout,
                        out.stderr
                    );
                }
            }
        }
    }
    assert_eq!(server.connections(), 0, "nothing reached the listener");
    assert_eq!(proxy_hits.load(Ordering::SeqCst), 0, "nor the proxy");
    // The listener is reachable: Digest (no reusable secret) goes to the name, and
    // through the proxy the name is judged by (it is not a loopback literal).
    let digest = |c: crate::support::command::Command| {
        c.env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
            .run()
    };
    let out = digest(invite_at(&format!("http://{name}:{port}")));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(server.connections() > 0);
    let out = digest(invite_at(&format!("http://{name}:{port}")).env("HTTP_PROXY", &proxy));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        proxy_hits.load(Ordering::SeqCst),
        1,
        "the name went to the proxy"
    );
    // A loopback literal is this machine: the bearer goes out.
    server.accept_bearer(&bearer);
    let mut c = invite_at(&format!("http://{ip}:{port}"));
    for (k, v) in user {
        c = c.env(k, v);
    }
    let out = c.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}
