//! Atlas error answers and transport failures, through the binary.

use crate::support::{against, against_line, fake, recorded, Canned, ORG};
use std::time::Duration;

fn invite(server: &crate::support::FakeAtlas) -> crate::support::Output {
    against(
        server,
        &["org", "invitations", "invite", "a@b.c", "--orgId", ORG],
    )
    .run()
}

#[test]
fn api_error_formats() {
    let server = fake();
    let url = format!("{}/api/atlas/v2/orgs/{ORG}/invites", server.url());
    server.push(Canned::error(404, recorded::NOT_FOUND));
    invite(&server).assert_error(&format!(
        "{url} POST: HTTP 404 Not Found (Error code: \"GROUP_NOT_FOUND\") Detail: No group with ID 111111111111111111111111 exists. Reason: Not Found. Params: [111111111111111111111111], BadRequestDetail: "
    ));
    server.push(Canned::raw(
        502,
        &[("Content-Type", "text/html")],
        b"<html>bad gateway</html>",
    ));
    invite(&server)
        .assert_error("(502 Bad Gateway) failed to decode response body: undefined response type");
    server.push(Canned::raw(502, &[], b""));
    invite(&server).assert_error(&format!(
        "{url} POST: HTTP 502 Bad Gateway (Error code: \"\") Detail:  Reason: . Params: [], BadRequestDetail: "
    ));
    server.push(Canned::error(
        403,
        r#"{"error":401,"reason":"Unauthorized"}"#,
    ));
    invite(&server).assert_error(&format!(
        "{}\n{}",
        crate::support::UNAUTHORIZED,
        crate::support::KEYS_REFUSED
    ));
    server.push(Canned::error(500, "{\"detail\":"));
    invite(&server).assert_error(
        "(500 Internal Server Error) failed to decode response body: unexpected end of JSON input",
    );
    // The list URL in errors has no query string.
    server.push(Canned::error(400, r#"{"error":400,"errorCode":"INVALID_EMAIL_ADDRESS","detail":"bad","reason":"Bad Request","parameters":[]}"#));
    against(&server, &["org", "invitations", "ls", "--orgId", ORG, "--email", "x"])
        .run()
        .assert_error(&format!("{url} GET: HTTP 400 Bad Request (Error code: \"INVALID_EMAIL_ADDRESS\") Detail: bad Reason: Bad Request. Params: [], BadRequestDetail: "));
}

#[test]
fn bad_success_bodies() {
    let server = fake();
    server.push(Canned::raw(
        200,
        &[("Content-Type", "text/plain")],
        b"hello",
    ));
    invite(&server).assert_error("undefined response type");
    server.push(Canned::json(200, "{\"username\":5}"));
    invite(&server).assert_error("json: cannot unmarshal number into Go struct field OrganizationInvitation.username of type string");
    server.push(Canned::json(200, "[1,2]"));
    invite(&server).assert_error(
        "json: cannot unmarshal array into Go value of type admin.OrganizationInvitation",
    );
}

#[test]
fn connection_refused() {
    // Bind then drop, so the port is very likely closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = crate::support::atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env(
            "MONGODB_ATLAS_OPS_MANAGER_URL",
            &format!("http://127.0.0.1:{port}"),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    out.assert_error(&format!(
        "Post \"http://127.0.0.1:{port}/api/atlas/v2/orgs/{ORG}/invites\": dial tcp 127.0.0.1:{port}: connect: connection refused"
    ));
}

#[test]
fn silent_server_times_out_and_post_outcome_is_unknown() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept and read, never answer.
    let handle = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        use std::io::Read;
        let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
        }
    });
    let started = std::time::Instant::now();
    let out = crate::support::atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env(
            "MONGODB_ATLAS_OPS_MANAGER_URL",
            &format!("http://127.0.0.1:{port}"),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .env("ATLAS_HTTP_TIMEOUT", "1")
        .run();
    assert!(started.elapsed() < Duration::from_secs(10));
    out.assert_error(&format!(
        "Post \"http://127.0.0.1:{port}/api/atlas/v2/orgs/{ORG}/invites\": timeout: no complete response in time (set ATLAS_HTTP_TIMEOUT to wait longer, in seconds); the invitation may or may not have been created; check with: atlas organizations invitations list --orgId {ORG} --email a@b.c"
    ));
    handle.join().unwrap();
}

#[test]
fn sunset_warning_when_close() {
    let server = fake();
    let mut c = Canned::json(200, recorded::INVITE);
    c.headers.retain(|(k, _)| k != "Sunset");
    c.headers
        .push(("Sunset".into(), "Thu, 1 Jan 2026 00:00:00 GMT".into()));
    server.push(c);
    let out = invite(&server);
    out.assert_ok("User 'test-783@mongodb.com' invited.\n");
    assert!(out.stderr.starts_with("Warning: Atlas retired the organization invitations API on Thu, 1 Jan 2026 00:00:00 GMT"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1);
}

#[test]
fn debug_lines_show_requests_without_secrets() {
    let server = fake();
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG} -D"),
    )
    .run();
    assert_eq!(out.code, 0);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", out.stderr);
    let url = format!("{}/api/atlas/v2/orgs/{ORG}/invites", server.url());
    assert_eq!(
        lines[0],
        format!("DEBUG > POST {url} (Authorization: none; 45 bytes of body)")
    );
    assert!(
        lines[1].starts_with(&format!("DEBUG < 401 Unauthorized {url} (")),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with("; WWW-Authenticate: present)"),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        format!("DEBUG > POST {url} (Authorization: Digest; 45 bytes of body)")
    );
    assert!(lines[3].starts_with(&format!("DEBUG < 200 OK {url} (")));
    assert!(
        lines[3].ends_with(
            "; Deprecation: Wed, 19 Feb 2025 00:00:00 GMT; Sunset: Thu, 1 Jul 2027 00:00:00 GMT)"
        ),
        "{}",
        lines[3]
    );
    assert!(!out.stderr.contains(crate::support::PRIVATE));
}

#[test]
fn unknown_host() {
    let out = crate::support::atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", "https://nohost.invalid")
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    out.assert_error(&format!(
        "Get \"https://nohost.invalid/api/atlas/v2/orgs/{ORG}/invites?username=\": dial tcp: lookup nohost.invalid: no such host"
    ));
}

#[test]
fn tls_to_a_plain_http_server_fails_cleanly() {
    // A plain HTTP server answering the TLS ClientHello with an HTTP error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        use std::io::{Read, Write};
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 1024];
        let _ = s.read(&mut buf);
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    let url = format!("https://127.0.0.1:{port}");
    let out = crate::support::atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &url)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    handle.join().unwrap();
    out.assert_error(&format!(
        "Get \"{url}/api/atlas/v2/orgs/{ORG}/invites?username=\": tls: handshake with 127.0.0.1 failed: received corrupt message of type InvalidContentType"
    ));
}

#[test]
fn redirects_are_not_followed() {
    // Another server that must never see a request.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    other.set_nonblocking(true).unwrap();
    let other_url = format!("http://{}/elsewhere", other.local_addr().unwrap());
    let server = fake();
    server.push(Canned::raw(302, &[("Location", &other_url)], b""));
    let out = invite(&server);
    out.assert_error(&format!(
        "{}/api/atlas/v2/orgs/{ORG}/invites POST: HTTP 302 Found: the server redirects to {other_url}; atlas does not follow redirects, set the base URL (MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url) to where Atlas is",
        server.url()
    ));
    assert!(
        other.accept().is_err(),
        "no connection to the redirect target"
    );
}
