//! Atlas's rate limits (issue 21): waiting as Atlas asks within one budget
//! (`ATLAS_RATE_LIMIT_WAIT`), bulk runs that invite everyone exactly once, the progress
//! line, and the token endpoint's limit. Time is scaled down: the fake's bucket and
//! atlas (`ATLAS_WAIT_SCALE`, decision wait-scale-test-hook) both count Atlas's seconds
//! as a few milliseconds, while the budget stays in Atlas's seconds.

use crate::support::fake_atlas::bucket::{Bucket, RetryAfter, Style};
use crate::support::{against, fake, Canned, FakeAtlas, TestDir, ORG};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Real seconds per Atlas second, for atlas and the fake alike. The fake's clock runs
/// on while requests travel (on a loaded machine tens of milliseconds: seconds of
/// Atlas's time), so its buckets refill slowly enough that this stays a fraction of a
/// token.
const SCALE: f64 = 0.01;
const SCALE_TEXT: &str = "0.01";

fn users(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("user{i}@example.com")).collect()
}

/// An `invite -f` list of `users`.
fn list_file(dir: &TestDir, users: &[String]) -> String {
    let items: Vec<String> = users
        .iter()
        .map(|u| format!(r#"{{"username":"{u}","roles":["ORG_MEMBER"]}}"#))
        .collect();
    dir.write("people.json", &format!("[{}]", items.join(",")));
    dir.file("people.json")
}

/// `invite -f FILE` with the wait scale, plus `extra` arguments.
fn bulk(server: &FakeAtlas, file: &str, extra: &[&str]) -> crate::support::command::Command {
    let mut args = vec!["org", "invitations", "invite", "-f", file, "--orgId", ORG];
    args.extend_from_slice(extra);
    against(server, &args).env("ATLAS_WAIT_SCALE", SCALE_TEXT)
}

fn invite_one(server: &FakeAtlas) -> crate::support::command::Command {
    against(
        server,
        &["org", "invitations", "invite", "a@b.c", "--orgId", ORG],
    )
    .env("ATLAS_WAIT_SCALE", SCALE_TEXT)
}

/// How many times each username was created (a POST answered with success).
fn created(server: &FakeAtlas) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for r in server.requests() {
        if r.method == "POST" && r.status < 300 && r.target.contains("/invites") {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            *counts
                .entry(body["username"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
    }
    counts
}

/// The statuses of the authorized requests (after the Digest challenge).
fn statuses(server: &FakeAtlas) -> Vec<u16> {
    server
        .requests()
        .iter()
        .map(|r| r.status)
        .filter(|s| *s != 401)
        .collect()
}

fn limited_429(retry_after: Option<&str>, detail: &str) -> Canned {
    let body = serde_json::json!({"detail": detail, "error": 429, "errorCode": "RATE_LIMITED_TOKEN_BUCKET", "parameters": [], "reason": "Too Many Requests"});
    let mut c = Canned::error(429, &body.to_string());
    if let Some(v) = retry_after {
        c.headers.push(("Retry-After".into(), v.into()));
    }
    c
}

const URL_PATH: &str = "/api/atlas/v2/orgs/a0123456789abcdef012345a/invites";

#[test]
fn a_bulk_run_larger_than_the_bucket_invites_everyone_exactly_once() {
    for skip_existing in [false, true] {
        let server = fake();
        // As Atlas says it: capacity 5, 5 tokens per 100 seconds.
        server.set_bucket(Bucket::new(5, 5, 100, SCALE));
        let dir = TestDir::new();
        let people = users(12);
        let file = list_file(&dir, &people);
        let extra: &[&str] = if skip_existing {
            &["--skip-existing"]
        } else {
            &[]
        };
        let out = bulk(&server, &file, extra).run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let counts = created(&server);
        assert_eq!(counts.len(), people.len(), "{counts:?}");
        assert!(counts.values().all(|n| *n == 1), "{counts:?}");
        assert_eq!(out.stdout.lines().count(), people.len());
        let refused = server.bucket().unwrap().refused;
        assert!(refused > 0, "{refused}");
        // Not a terminal: one line per wait, with the counts so far; then the summary.
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), refused + 1, "{}", out.stderr);
        for line in &lines[..refused] {
            assert!(
                line.starts_with("invited ")
                    && line.contains(" of 12; waiting ")
                    && line.ends_with(" s for Atlas's rate limit"),
                "{line}"
            );
        }
        assert_eq!(lines[refused], "invited 12 of 12");
        // Waited as asked: at most the 20 s a token takes (the fake's clock runs on
        // while requests travel, so some waits are shorter).
        for line in &lines[..refused] {
            let secs: u64 = line
                .split("waiting ")
                .nth(1)
                .and_then(|w| w.split(' ').next())
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=20).contains(&secs), "{line}");
        }
    }
}

#[test]
fn the_budget_spent_mid_run_names_what_was_refused_and_what_was_not_sent() {
    let server = fake();
    // As a bucket of 3 tokens and one more a minute answers (scripted, so that the
    // waits are exact): item 4 waits 60 s, item 5 would need 60 s more.
    let detail =
        "Please retry after 60 seconds. Request capacity: 3. Refill rate: 1 per 60 seconds.";
    for answer in [
        Canned::json(200, crate::support::recorded::INVITE),
        Canned::json(200, crate::support::recorded::INVITE),
        Canned::json(200, crate::support::recorded::INVITE),
        limited_429(Some("60"), detail),
        Canned::json(200, crate::support::recorded::INVITE),
        limited_429(Some("60"), detail),
    ] {
        server.push(answer);
    }
    let dir = TestDir::new();
    let people = users(6);
    let file = list_file(&dir, &people);
    let out = bulk(&server, &file, &[])
        .env("ATLAS_RATE_LIMIT_WAIT", "100")
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "User 'test-783@mongodb.com' invited.\n".repeat(4)
    );
    let url = format!("{}{URL_PATH}", server.url());
    assert_eq!(
        out.stderr,
        format!(
            "invited 3 of 6; waiting 60 s for Atlas's rate limit\n\
             Error: invitation 5 (user5@example.com): Post \"{url}\": rate limited: HTTP 429 Too Many Requests (RATE_LIMITED_TOKEN_BUCKET: Please retry after 60 seconds. Request capacity: 3. Refill rate: 1 per 60 seconds.); it asks to wait 60 s (Retry-After), more than the 40 s left of ATLAS_RATE_LIMIT_WAIT (100 s of waiting per run); the request was not acted on\n\
             invited 4 of 6; refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent): 5 (user5@example.com); not sent: 6 (user6@example.com)\n"
        )
    );
    let counts = created(&server);
    assert_eq!(counts.len(), 4);
    assert!(counts.values().all(|n| *n == 1));
    // user6 was never sent.
    assert!(!server
        .requests()
        .iter()
        .any(|r| r.body_text().contains("user6@")));
}

#[test]
fn retry_after_zero_and_one_are_waited_for() {
    let server = fake();
    server.push(limited_429(Some("0"), ""));
    server.push(limited_429(Some("1"), ""));
    let started = Instant::now();
    let out = invite_one(&server).run();
    assert_eq!(out.stdout, "User 'a@b.c' invited.\n");
    assert_eq!(out.code, 0);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        out.stderr,
        "waiting 0 s for Atlas's rate limit\nwaiting 1 s for Atlas's rate limit\n"
    );
    assert_eq!(statuses(&server), [429, 429, 200]);
    // Each retry is a fresh Digest answer: the nonce count goes up.
    let ncs: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_string))
        .filter_map(|a| {
            a.split(", ")
                .find(|p| p.starts_with("nc="))
                .map(str::to_string)
        })
        .collect();
    assert_eq!(ncs, ["nc=00000001", "nc=00000002", "nc=00000003"]);
}

#[test]
fn retry_after_zero_forever_stops_after_the_cap() {
    let server = fake();
    let mut bucket = Bucket::new(0, 0, 60, SCALE);
    bucket.retry_after = RetryAfter::Fixed("0".into());
    server.set_bucket(bucket);
    let out = invite_one(&server).run();
    let url = format!("{}{URL_PATH}", server.url());
    assert_eq!(out.code, 1);
    assert!(out.stderr.ends_with(&format!(
        "Error: Post \"{url}\": rate limited: HTTP 429 Too Many Requests (RATE_LIMITED_TOKEN_BUCKET: Please retry after 60 seconds. Request capacity: 0. Refill rate: 0 per 60 seconds.); it asked 6 times in a row to send again at once; atlas stops there; the request was not acted on\n"
    )), "{}", out.stderr);
    assert_eq!(statuses(&server), [429; 6]);
}

#[test]
fn waits_past_the_budget_stop_at_once() {
    // The issue's hostile server: 1 s, then u64::MAX seconds (which used to wrap).
    let server = fake();
    server.push(limited_429(Some("1"), ""));
    server.push(limited_429(Some("18446744073709551615"), ""));
    let started = Instant::now();
    let out = invite_one(&server).run();
    assert!(started.elapsed() < Duration::from_secs(10));
    let url = format!("{}{URL_PATH}", server.url());
    assert_eq!(
        out.stderr,
        format!("waiting 1 s for Atlas's rate limit\nError: Post \"{url}\": rate limited: HTTP 429 Too Many Requests (RATE_LIMITED_TOKEN_BUCKET); it asks to wait more than 18446744073709551 s (Retry-After), more than the 599 s left of ATLAS_RATE_LIMIT_WAIT (600 s of waiting per run); the request was not acted on\n")
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(statuses(&server), [429, 429]);

    // One second past what is left, a date far away: both stop at once, unslept.
    for (value, asked) in [("31", "31 s"), ("Fri, 31 Dec 9999 23:59:59 GMT", "")] {
        let server = fake();
        server.push(limited_429(
            Some(value),
            "Please retry after 31 seconds. Request capacity: 10. Refill rate: 5 per 60 seconds.",
        ));
        let started = Instant::now();
        // No scale: a wait that happened would show.
        let out = against(
            &server,
            &["org", "invitations", "invite", "a@b.c", "--orgId", ORG],
        )
        .env("ATLAS_RATE_LIMIT_WAIT", "30")
        .run();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.contains(&format!("it asks to wait {asked}")) && out.stderr.contains(" (Retry-After), more than the 30 s left of ATLAS_RATE_LIMIT_WAIT (30 s of waiting per run); the request was not acted on\n"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("(RATE_LIMITED_TOKEN_BUCKET: Please retry after 31 seconds. Request capacity: 10. Refill rate: 5 per 60 seconds.)"), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert_eq!(statuses(&server), [429]);
    }
}

#[test]
fn a_429_with_only_the_detail_text() {
    let server = fake();
    let mut bucket = Bucket::new(2, 1, 20, SCALE);
    bucket.retry_after = RetryAfter::Off;
    server.set_bucket(bucket);
    let dir = TestDir::new();
    let people = users(5);
    let out = bulk(&server, &list_file(&dir, &people), &["-o", "json"]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let counts = created(&server);
    assert_eq!(counts.len(), 5);
    assert!(counts.values().all(|n| *n == 1));
    // The waits came from the detail ("Please retry after 20 seconds.", or a little
    // less as the bucket refills meanwhile), not from the backoff (at most 10 s).
    let waits: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("; waiting "))
        .collect();
    assert!(!waits.is_empty(), "{}", out.stderr);
    for w in waits {
        let secs: u64 = w
            .split("waiting ")
            .nth(1)
            .and_then(|w| w.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!((11..=20).contains(&secs), "{w}");
    }
    assert!(!server
        .requests()
        .iter()
        .any(|r| r.status == 429 && r.header("retry-after").is_some()));
    // Garbage in Retry-After is ignored the same way.
    let server = fake();
    server.push(limited_429(Some("soon"), "Please retry after 3 seconds."));
    let out = invite_one(&server).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "waiting 3 s for Atlas's rate limit\n");
}

#[test]
fn a_400_invitations_rate_limited_ip_backs_off() {
    let server = fake();
    let mut bucket = Bucket::new(2, 2, 10, SCALE);
    bucket.retry_after = RetryAfter::Off;
    bucket.style = Style::InvitationsIp;
    server.set_bucket(bucket);
    let dir = TestDir::new();
    let people = users(5);
    let out = bulk(&server, &list_file(&dir, &people), &[]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let counts = created(&server);
    assert_eq!(counts.len(), 5);
    assert!(counts.values().all(|n| *n == 1));
    assert!(server.requests().iter().any(|r| r.status == 400));
    // No wait named: backoff from 10 s (with jitter, 8 to 10 s shown).
    let waits: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("waiting"))
        .collect();
    assert!(!waits.is_empty());
    for w in waits {
        assert!(
            [
                "waiting 8 s",
                "waiting 9 s",
                "waiting 10 s",
                "waiting 15 s",
                "waiting 16 s",
                "waiting 17 s",
                "waiting 18 s",
                "waiting 19 s",
                "waiting 20 s"
            ]
            .iter()
            .any(|s| w.contains(s)),
            "{w}"
        );
    }
}

#[test]
fn rate_limit_wait_zero_never_waits() {
    let server = fake();
    server.push(limited_429(Some("1"), ""));
    let out = invite_one(&server).env("ATLAS_RATE_LIMIT_WAIT", "0").run();
    let url = format!("{}{URL_PATH}", server.url());
    out.assert_error(&format!("Post \"{url}\": rate limited: HTTP 429 Too Many Requests (RATE_LIMITED_TOKEN_BUCKET); it asks to wait 1 s (Retry-After), and ATLAS_RATE_LIMIT_WAIT is 0 (never wait); the request was not acted on"));
    assert_eq!(statuses(&server), [429]);
    // A 503 with nothing to go by, as a gateway sends it.
    server.push(Canned::raw(
        503,
        &[("Content-Type", "text/html")],
        b"<html>",
    ));
    let out = invite_one(&server).env("ATLAS_RATE_LIMIT_WAIT", "0").run();
    assert!(out.stderr.starts_with(&format!("Error: Post \"{url}\": rate limited: HTTP 503 Service Unavailable; it names no wait, and the next backoff is ")), "{}", out.stderr);
    assert!(
        out.stderr.ends_with(
            " s, and ATLAS_RATE_LIMIT_WAIT is 0 (never wait); the request was not acted on\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn invalid_settings_are_refused_before_sending() {
    let server = fake();
    for v in ["-1", "abc", "86401", "inf", "NaN", "1e9", " 5"] {
        invite_one(&server)
            .env("ATLAS_RATE_LIMIT_WAIT", v)
            .run()
            .assert_error(&format!(
                "ATLAS_RATE_LIMIT_WAIT must be a number of seconds from 0 (never wait) to 86400, not {v:?}"
            ));
    }
    for v in ["2", "-0.5", "x"] {
        against(
            &server,
            &["org", "invitations", "invite", "a@b.c", "--orgId", ORG],
        )
        .env("ATLAS_WAIT_SCALE", v)
        .run()
        .assert_error(&format!(
            "ATLAS_WAIT_SCALE (a test hook) must be a number from 0 to 1, not {v:?}"
        ));
    }
    assert!(server.requests().is_empty());
    // The bounds themselves are fine.
    for v in ["0", "86400", "0.5"] {
        let out = invite_one(&server).env("ATLAS_RATE_LIMIT_WAIT", v).run();
        assert_eq!(out.code, 0, "{v}: {}", out.stderr);
    }
}

#[test]
fn the_token_endpoint_answering_429_then_200() {
    const ID: &str = "mdb_sa_id_6a793f89c0eb9e7a177165b6";
    const SECRET: &str = "mdb_sa_sk_rate-limit-test-secret";
    let server = FakeAtlas::start(None);
    server.accept_service_account(ID, SECRET);
    let mut bucket = Bucket::new(1, 1, 2, SCALE);
    bucket.path_suffix = "/api/oauth/token".into();
    bucket.start = 0;
    server.set_bucket(bucket);
    let out = crate::support::atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_CLIENT_ID", ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", SECRET)
        .env("ATLAS_WAIT_SCALE", SCALE_TEXT)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "waiting 2 s for Atlas's rate limit\n");
    let seen: Vec<(String, u16)> = server
        .requests()
        .iter()
        .map(|r| (r.target.clone(), r.status))
        .collect();
    assert_eq!(
        seen,
        [
            ("/api/oauth/token".to_string(), 429),
            ("/api/oauth/token".to_string(), 200),
            (URL_PATH.to_string(), 200),
        ]
    );
    // With no budget, the token request's limit is the error, and nothing else is sent.
    let server = FakeAtlas::start(None);
    server.accept_service_account(ID, SECRET);
    let mut bucket = Bucket::new(1, 1, 2, SCALE);
    bucket.path_suffix = "/api/oauth/token".into();
    bucket.start = 0;
    server.set_bucket(bucket);
    let out = crate::support::atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_CLIENT_ID", ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", SECRET)
        .env("ATLAS_RATE_LIMIT_WAIT", "0")
        .run();
    // Nested in the API request's error, as Go nests the token request's.
    out.assert_error(&format!("Post \"{0}/api/atlas/v2/orgs/{ORG}/invites\": Post \"{0}/api/oauth/token\": rate limited: HTTP 429 Too Many Requests (RATE_LIMITED_TOKEN_BUCKET: Please retry after 2 seconds. Request capacity: 1. Refill rate: 1 per 2 seconds.); it asks to wait 2 s (Retry-After), and ATLAS_RATE_LIMIT_WAIT is 0 (never wait); the request was not acted on", server.url()));
    assert_eq!(server.requests().len(), 1);
}

/// Runs `atlas ARGS` in a pseudo-terminal (util-linux `script`): stdout and stderr
/// both go to it. `None` when `script` is missing.
fn in_pty(server: &FakeAtlas, args: &[&str]) -> Option<(String, i32)> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: util-linux `script` is not installed");
        return None;
    }
    let quoted: Vec<String> = crate::support::command::command_line()
        .iter()
        .map(String::as_str)
        .chain(args.iter().copied())
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let home = TestDir::new();
    let mut child = std::process::Command::new("script")
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home.path)
        .env("ATLAS_NOW", crate::support::NOW)
        .env("ATLAS_WAIT_SCALE", SCALE_TEXT)
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", server.url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", crate::support::PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", crate::support::PRIVATE)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("atlas in a pty did not finish within 30 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut out = Vec::new();
    use std::io::Read;
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_end(&mut out)
        .expect("read");
    Some((
        String::from_utf8_lossy(&out).into_owned(),
        status.code().unwrap_or(-1),
    ))
}

#[test]
fn on_a_terminal_one_line_is_updated_in_place() {
    let server = fake();
    let invited = || Canned::json(200, crate::support::recorded::INVITE);
    for answer in [
        invited(),
        invited(),
        limited_429(Some("3"), ""),
        invited(),
        limited_429(Some("3"), ""),
        invited(),
    ] {
        server.push(answer);
    }
    let dir = TestDir::new();
    let people = users(4);
    let file = list_file(&dir, &people);
    let Some((out, code)) = in_pty(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "-f",
            &file,
            "--orgId",
            ORG,
            "-o",
            "json",
        ],
    ) else {
        return;
    };
    assert_eq!(code, 0, "{out:?}");
    let counts = created(&server);
    assert_eq!(counts.len(), 4);
    const CLEAR: &str = "\r\x1b[2K";
    // Counts as they go, the wait counting down in place, and never a newline between.
    for part in [
        "invited 1 of 4",
        "invited 2 of 4",
        "invited 2 of 4; waiting 3 s for Atlas's rate limit",
        "invited 2 of 4; waiting 2 s for Atlas's rate limit",
        "invited 2 of 4; waiting 1 s for Atlas's rate limit",
        "invited 3 of 4",
        "invited 3 of 4; waiting 3 s for Atlas's rate limit",
        "invited 4 of 4",
    ] {
        assert!(
            out.contains(&format!("{CLEAR}{part}{CLEAR}")),
            "{part}: {out:?}"
        );
    }
    let before_json = out.split("[\r\n").next().unwrap();
    assert!(!before_json.contains('\n'), "{out:?}");
    // The line is cleared before the output and the summary.
    assert!(out.contains(&format!("{CLEAR}[\r\n")), "{out:?}");
    assert!(out.ends_with("]\r\ninvited 4 of 4\r\n"), "{out:?}");
}

/// `apply` waits as `invite -f` does, with the same progress line counting its
/// changes: everyone in the file is invited exactly once through a small bucket.
#[test]
fn apply_through_the_bucket_invites_everyone_exactly_once() {
    use crate::support::fake_atlas::NewUser;
    let server = fake();
    server.add_user(
        ORG,
        NewUser::new("boss@example.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server.set_bucket(Bucket::new(3, 3, 100, SCALE));
    let people = users(8);
    let mut items = vec![r#"{"username":"boss@example.com","roles":["ORG_OWNER"]}"#.to_string()];
    items.extend(
        people
            .iter()
            .map(|u| format!(r#"{{"username":"{u}","roles":["ORG_MEMBER"]}}"#)),
    );
    let dir = TestDir::new();
    dir.write("members.json", &format!("[{}]", items.join(",")));
    let file = dir.file("members.json");
    let out = against(
        &server,
        &["org", "invitations", "apply", "-f", &file, "--orgId", ORG],
    )
    .env("ATLAS_WAIT_SCALE", SCALE_TEXT)
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for r in server.requests() {
        if r.method == "POST" && r.status < 300 && r.target.ends_with("/users") {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            *counts
                .entry(body["username"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
    }
    assert_eq!(counts.len(), people.len(), "{counts:?}");
    assert!(counts.values().all(|n| *n == 1), "{counts:?}");
    assert!(server.bucket().unwrap().refused > 0);
    // Not a terminal: one line per wait, the plan's counts so far (or the wait alone
    // while the organization is listed); nothing of it on stdout.
    let waits: Vec<&str> = out.stderr.lines().collect();
    assert!(!waits.is_empty(), "{}", out.stderr);
    for line in &waits {
        let counted = line.starts_with("applied ") && line.contains(" of 8; waiting ");
        assert!(
            (counted || line.starts_with("waiting "))
                && line.ends_with(" s for Atlas's rate limit"),
            "{line}"
        );
    }
    assert!(
        waits.iter().any(|l| l.starts_with("applied ")),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains("waiting"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Summary: 8 invited, 0 updated, 0 revoked, 0 removed"),
        "{}",
        out.stdout
    );
}

/// Decision bulk-rate-limit-stop: `apply` follows the same policy as `invite -f`. With
/// no wait budget, the first refused change is reported as refused (it was sent; Atlas
/// did not act on it), nothing after it is sent, and the summary's counts add up to
/// the plan.
#[test]
fn apply_stops_when_the_budget_is_spent_and_says_what_was_refused() {
    use crate::support::fake_atlas::NewUser;
    let server = fake();
    server.add_user(
        ORG,
        NewUser::new("boss@example.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    // One token for the list, two for invites, then none (no refill).
    server.set_bucket(Bucket::new(3, 0, 60, SCALE));
    let people = users(5);
    let mut items = vec![r#"{"username":"boss@example.com","roles":["ORG_OWNER"]}"#.to_string()];
    items.extend(
        people
            .iter()
            .map(|u| format!(r#"{{"username":"{u}","roles":["ORG_MEMBER"]}}"#)),
    );
    let dir = TestDir::new();
    dir.write("members.json", &format!("[{}]", items.join(",")));
    let file = dir.file("members.json");
    let out = against(
        &server,
        &["org", "invitations", "apply", "-f", &file, "--orgId", ORG],
    )
    .env("ATLAS_WAIT_SCALE", SCALE_TEXT)
    .env("ATLAS_RATE_LIMIT_WAIT", "0")
    .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.ends_with(
            "Summary: 2 invited, 0 updated, 0 revoked, 0 removed; 0 failed, 0 skipped, 1 refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent), 2 not sent.\n"
        ),
        "{}",
        out.stdout
    );
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("Error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    assert!(
        errors[0].starts_with("Error: change 3 (invite user3@example.com): Post ")
            && errors[0].contains("the request was not acted on"),
        "{}",
        errors[0]
    );
    // Sent: the list, two invites, the refused one; users 4 and 5 never.
    let posts: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.body_text())
        .collect();
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert!(posts[2].contains("user3@"), "{posts:?}");
    assert_eq!(server.bucket().unwrap().refused, 1);
}
