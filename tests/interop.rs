//! Digest against third parties: curl checks our fake (so it is not tuned to our
//! client), and our client talks to Apache httpd's mod_auth_digest.

use crate::support::{
    against_url, atlas, fake, recorded, require, settled_log, split, Apache, Canned, ORG, PRIVATE,
    PUBLIC,
};
use std::process::Command;

#[test]
fn curl_digest_against_the_fake() {
    if !require("/usr/bin/curl") {
        return;
    }
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    let url = format!(
        "{}/api/atlas/v2/orgs/{ORG}/invites?username=a%40b.c",
        server.url()
    );
    let out = Command::new("curl")
        .args([
            "-sS",
            "--digest",
            "-u",
            &format!("{PUBLIC}:{PRIVATE}"),
            "-H",
            "Accept: application/vnd.atlas.2023-01-01+json",
            &url,
        ])
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .output()
        .expect("curl");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), recorded::INVITE);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(!reqs[0].authorized && reqs[1].authorized);

    // Wrong password: refused.
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--digest",
            "-u",
            &format!("{PUBLIC}:nope"),
            &url,
        ])
        .output()
        .expect("curl");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "401");
}

#[test]
fn apache_mod_auth_digest_accepts_our_answers() {
    let Some(apache) = Apache::start(PUBLIC, PRIVATE) else {
        return;
    };
    let url = format!("http://127.0.0.1:{}", apache.port);
    for line in [
        format!("org invitations invite test-783@mongodb.com --orgId {ORG} -o json"),
        format!("org invitations ls --orgId {ORG} --email a+b@c.d -o json"),
    ] {
        let out = against_url(&url, &split(&line)).run();
        assert_eq!(out.code, 0, "{}\n{}", out.stderr, apache.access_log());
    }
    let log = settled_log(&apache, "access.log", |l| l.lines().count() >= 4);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 4, "{log}");
    assert!(
        lines[0].ends_with(" 401") && lines[1].ends_with(" 200"),
        "{log}"
    );
    // %k: the answer was the second request on the same keep-alive connection.
    assert!(lines[1].starts_with("127.0.0.1 1 "), "{log}");
    assert!(
        lines[2].contains("GET /api/atlas/v2/orgs/") && lines[2].contains("?username=a%2Bb%40c.d"),
        "{log}"
    );

    let out = atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &url)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong")
        .run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("Error: "), "{}", out.stderr);
}
