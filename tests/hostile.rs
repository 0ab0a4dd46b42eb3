//! Answers that try to hurt (issue 21): a server that sends back what it received
//! never gets a secret printed, on stdout or stderr, in any output form, with or
//! without `-D` (decision secrets-redacted); an error body nested millions deep, or
//! holding a huge value deep down, ends the command quickly (decision bounded-json).

use crate::support::reflect::{Mode, Reflector, TOKEN};
use crate::support::{atlas, Output, TestDir, ORG, PRIVATE, PUBLIC};
use std::time::{Duration, Instant};

const ID: &str = "6a793f89c0eb9e7a177165b6";
const CLIENT_ID: &str = "mdb_sa_id_reflect0123456789";
/// Characters that every escaping changes: query (`/+&"=`), Go's `%q` (`"`), JSON (`&"`).
const CLIENT_SECRET: &str = "mdb_sa_sk_R3fl/ect+Me&\"Now\"=9x";
const REFRESH: &str = "refresh/token+value&9-Zq81";

/// Every form in which a secret could be printed: as is, query-escaped (a form body,
/// the Basic credential), Go-quoted and JSON-escaped (without their quotes).
fn forms(secret: &str) -> Vec<String> {
    let quoted = atlas::go::strconv::quote(secret);
    let json = String::from_utf8(atlas::go::json::marshal(secret).unwrap()).unwrap();
    vec![
        secret.to_string(),
        atlas::go::url::query_escape(secret),
        quoted[1..quoted.len() - 1].to_string(),
        json[1..json.len() - 1].to_string(),
    ]
}

/// The client's Basic credential as sent, and decoded.
fn basic() -> (String, String) {
    let decoded = format!(
        "{}:{}",
        atlas::go::url::query_escape(CLIENT_ID),
        atlas::go::url::query_escape(CLIENT_SECRET)
    );
    (atlas::go::base64::encode_std(decoded.as_bytes()), decoded)
}

fn all_secrets(extra: &[&str]) -> Vec<String> {
    let (b64, decoded) = basic();
    let mut out: Vec<String> = [PRIVATE, CLIENT_SECRET, REFRESH, TOKEN]
        .iter()
        .chain(extra)
        .flat_map(|s| forms(s))
        .collect();
    out.push(b64);
    out.push(decoded);
    out
}

fn assert_clean(out: &Output, secrets: &[String], what: &str) {
    let stdout = String::from_utf8_lossy(&out.raw_stdout);
    for s in secrets {
        assert!(
            !stdout.contains(s.as_str()) && !out.stderr.contains(s.as_str()),
            "{what}: {s:?} printed\nstdout: {stdout}\nstderr: {}",
            out.stderr
        );
    }
}

/// Each command in each output form, with and without `-D`, against every mode.
fn sweep(server: &Reflector, env: &[(&str, String)], modes: &[Mode], secrets: &[String]) {
    let dir = TestDir::new();
    let list = dir.write(
        "team.json",
        r#"[{"username":"a@x.com"},{"username":"b@x.com"}]"#,
    );
    let list = list.to_str().unwrap().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["ls"],
        vec!["invite", "a@b.c"],
        vec!["invite", "-f", &list],
        vec!["update", ID, "--role", "ORG_MEMBER"],
    ];
    let outputs: [&[&str]; 4] = [
        &[],
        &["-o", "json"],
        &["-o", "json-path=$"],
        &["-o", "go-template={{.}}"],
    ];
    for &mode in modes {
        server.set(mode);
        for command in &commands {
            for output in outputs {
                for debug in [false, true] {
                    let mut args = vec!["org", "invitations"];
                    args.extend(command);
                    args.extend(output);
                    args.extend(["--orgId", ORG]);
                    if debug {
                        args.push("-D");
                    }
                    let mut cmd = atlas(&args).env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url());
                    for (k, v) in env {
                        cmd = cmd.env(k, v);
                    }
                    let out = cmd.run();
                    let what = format!("{mode:?} {args:?}");
                    assert_clean(&out, secrets, &what);
                    // The echo did come back, scrubbed, wherever a form prints it.
                    let shown = match mode {
                        Mode::HtmlPage => debug,
                        _ => true,
                    };
                    if shown {
                        let both = format!("{}{}", out.stdout, out.stderr);
                        assert!(both.contains("[redacted]"), "{what}: {out:?}");
                    }
                }
            }
        }
    }
}

const API_MODES: &[Mode] = &[
    Mode::ApiError,
    Mode::HtmlPage,
    Mode::Redirect,
    Mode::Success,
];

/// API keys: Digest never sends the private key, but a server that knows it (Atlas
/// does) may send it back.
#[test]
fn api_keys_through_a_digest_challenge() {
    let server = Reflector::start();
    server.digest(true);
    server.know(PRIVATE);
    let env = [
        ("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC.to_string()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE.to_string()),
    ];
    sweep(&server, &env, API_MODES, &all_secrets(&[]));
}

/// A service account: the Basic credential (base64 and decoded, the secret as sent
/// and as given) and the bearer token, echoed by the API and by the token endpoint.
#[test]
fn service_account_basic_credential_and_bearer_token() {
    let server = Reflector::start();
    let env = [
        ("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID.to_string()),
        ("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET.to_string()),
    ];
    let mut modes = API_MODES.to_vec();
    modes.push(Mode::TokenError);
    sweep(&server, &env, &modes, &all_secrets(&[]));
}

/// A user account: the access token as a bearer, and the refresh token a refresh
/// sends in its form body when the access token has expired.
#[test]
fn user_account_access_and_refresh_tokens() {
    let server = Reflector::start();
    let access = crate::support::fake_atlas::jwt(3600, "user");
    let env = [
        ("MONGODB_ATLAS_AUTH_TYPE", "user_account".to_string()),
        ("MONGODB_ATLAS_ACCESS_TOKEN", access.clone()),
        ("MONGODB_ATLAS_REFRESH_TOKEN", REFRESH.to_string()),
    ];
    sweep(&server, &env, API_MODES, &all_secrets(&[&access]));
    let expired = crate::support::fake_atlas::jwt(-3600, "user");
    let env = [
        ("MONGODB_ATLAS_AUTH_TYPE", "user_account".to_string()),
        ("MONGODB_ATLAS_ACCESS_TOKEN", expired.clone()),
        ("MONGODB_ATLAS_REFRESH_TOKEN", REFRESH.to_string()),
    ];
    // Every mode: the refresh fails first, echoing the refresh token.
    sweep(&server, &env, &[Mode::ApiError], &all_secrets(&[&expired]));
}

/// A short secret is blanked only where it stands alone (decision secrets-redacted):
/// a one-letter private key does not blank every word of the error.
#[test]
fn a_short_secret_does_not_blank_every_word() {
    let server = Reflector::start();
    server.digest(true);
    server.know("k");
    server.set(Mode::ApiError);
    let out = atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "k")
        .run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("known=[redacted] "), "{}", out.stderr);
    assert!(
        out.stderr.contains("Error code: \"ECHO\""),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("test-public-key"), "{}", out.stderr);
    assert_eq!(
        server.requests(),
        2,
        "the Digest challenge, then the answer"
    );
}

/// Runs `ls` against `mode` and returns the output and how long it took.
fn timed(server: &Reflector, mode: Mode, debug: bool) -> (Output, Duration) {
    server.set(mode);
    let mut args = vec!["org", "invitations", "ls", "--orgId", ORG];
    if debug {
        args.push("-D");
    }
    let started = Instant::now();
    let out = atlas(&args)
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
        .run();
    (out, started.elapsed())
}

/// Decision bounded-json: 16 MiB of `[` then `]` (eight million deep) is refused as Go
/// refuses it, at once: Go's 10,000 is checked before anything is decoded. Before,
/// `-D` took about 30 s of CPU on it. The bound is generous (the run takes well under
/// a second); figures are in the report, not asserted.
#[test]
fn an_error_body_nested_millions_deep_ends_at_once() {
    let server = Reflector::start();
    for debug in [false, true] {
        let (_, small) = timed(&server, Mode::DeepError(1 << 20), debug);
        let (out, took) = timed(&server, Mode::DeepError(16 << 20), debug);
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.ends_with(
                "Error: (400 Bad Request) failed to decode response body: exceeded max depth\n"
            ),
            "{}",
            &out.stderr[out.stderr.len().saturating_sub(300)..]
        );
        assert!(
            linear(small, took),
            "-D {debug}: 1 MiB {small:?}, 16 MiB {took:?}"
        );
    }
}

/// Whether a run on 16 times the input (`big`) stayed linear next to `small`: within
/// 10 s, or, on a machine too busy for that, within 40 times the small run (linear is
/// 16 times plus less start-up; the quadratic bugs these tests keep out took 256 times).
fn linear(small: Duration, big: Duration) -> bool {
    big < Duration::from_secs(10).max(small * 40)
}

/// Decision bounded-json: a 16 MB string 500 arrays deep in `parameters` is decoded
/// and printed in linear time (each level was split, and formatted, again: ~30 s).
#[test]
fn a_huge_value_deep_in_an_error_body_is_read_once() {
    let server = Reflector::start();
    let n = 16_000_000;
    for debug in [false, true] {
        let (_, small) = timed(&server, Mode::DeepParameters(n / 16), debug);
        let (out, took) = timed(&server, Mode::DeepParameters(n), debug);
        assert_eq!(out.code, 1);
        let tail = format!("{}], BadRequestDetail: \n", "]".repeat(500));
        assert!(out.stderr.ends_with(&tail), "-D {debug}");
        assert!(
            out.stderr.len() > n,
            "-D {debug}: the value is printed whole"
        );
        assert!(
            linear(small, took),
            "-D {debug}: 1/16 {small:?}, whole {took:?}"
        );
    }
}

/// Terminal control characters a server may put in any text (issue 26): a title
/// change, a bell, a line wipe and a carriage return that hides what came before, and
/// two C1 controls (U+0085, U+009B: CSI for terminals that read it).
const CONTROLS: &str = "evil\u{1b}]0;pwned\u{7}\u{1b}[2K\r- revoke\u{85}\u{9b}31m";
/// `CONTROLS` as printed on stderr (decision inert-server-text): escaped as Go's `%q`
/// writes them, without quotes.
const INERT: &str = r"evil\x1b]0;pwned\a\x1b[2K\r- revoke\u0085\u009b31m";
/// In a header, where ASCII controls cannot go (the server sends spaces instead).
const INERT_HEADER: &str = r"evil ]0;pwned  [2K - revoke\u0085\u009b31m";

/// No character that could drive a terminal, but the line ends.
fn assert_inert(text: &str, what: &str) {
    assert!(
        text.chars().all(|c| c == '\n' || !c.is_control()),
        "{what}: a control character printed: {text:?}"
    );
}

/// Decision inert-server-text: the server's text reaches stderr escaped in every place
/// we print it (an error's detail, reason, parameters and bad-request detail, a
/// redirect's target, a rate limit's detail, a token endpoint's description, `-D`'s
/// headers and error page), also per item in a bulk run; stdout's data is unchanged.
#[test]
fn server_text_is_inert_on_stderr() {
    let server = Reflector::start();
    server.say(CONTROLS);
    let dir = TestDir::new();
    let list = dir.write("team.json", r#"[{"username":"a@x.com"}]"#);
    let list = list.to_str().unwrap().to_string();
    let keys = [
        ("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE),
    ];
    let service_account = [
        ("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID),
        ("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let detail = format!("Detail: {INERT} Reason: {INERT}. Params: [{INERT} map[k:{INERT}]], BadRequestDetail: {{\"fields\":[{{\"description\":\"evil\\u001b]0;pwned\\u0007\\u001b[2K\\r- revoke\\u0085\\u009b31m\",\"field\":\"f\"}}]}}");
    // The answer, the credentials, the command, and what stderr must hold.
    type Case<'a> = (Mode, &'a [(&'a str, &'a str)], Vec<&'a str>, String);
    let cases: Vec<Case> = vec![
        (Mode::ApiError, &keys, vec!["ls"], detail.clone()),
        (
            Mode::ApiError,
            &keys,
            vec!["invite", "-f", &list],
            detail.clone(),
        ),
        (
            Mode::Redirect,
            &keys,
            vec!["ls"],
            format!("the server redirects to https://elsewhere.example/login?{INERT_HEADER};"),
        ),
        (
            Mode::RateLimited,
            &keys,
            vec!["ls"],
            format!("HTTP 429 Too Many Requests (RATE_LIMITED: {INERT})"),
        ),
        (
            Mode::TokenError,
            &service_account,
            vec!["ls"],
            format!("oauth2: \"invalid_request\" \"{INERT}\""),
        ),
        (
            Mode::HtmlPage,
            &keys,
            vec!["ls"],
            "undefined response type".into(),
        ),
    ];
    for (mode, env, command, want) in cases {
        server.set(mode);
        for debug in [false, true] {
            let mut args = vec!["org", "invitations"];
            args.extend(&command);
            args.extend(["--orgId", ORG]);
            if debug {
                args.push("-D");
            }
            let mut cmd = atlas(&args)
                .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
                .env("ATLAS_RATE_LIMIT_WAIT", "0");
            for (k, v) in env {
                cmd = cmd.env(k, v);
            }
            let out = cmd.run();
            let what = format!("{mode:?} {args:?}");
            assert_eq!(out.code, 1, "{what}: {out:?}");
            assert_inert(&out.stderr, &what);
            assert!(out.stderr.contains(&want), "{what}: {}", out.stderr);
            let shown = match mode {
                Mode::HtmlPage => format!("<html>{INERT}</html>"),
                Mode::ApiError => format!("Deprecation: {INERT_HEADER}"),
                _ => continue,
            };
            assert_eq!(out.stderr.contains(&shown), debug, "{what}: {}", out.stderr);
        }
    }

    // Stdout's data is the server's, byte for byte: the default table (as the official
    // CLI prints it) and the data formats.
    server.set(Mode::Success);
    for output in [
        &[][..],
        &["-o", "go-template={{range .}}{{.Username}}{{end}}"],
    ] {
        let mut args = vec!["org", "invitations", "ls", "--orgId", ORG];
        args.extend(output);
        let out = atlas(&args)
            .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
            .run();
        assert_eq!(out.code, 0, "{out:?}");
        assert!(
            out.stdout.contains(CONTROLS),
            "{output:?}: {:?}",
            out.stdout
        );
    }
}

/// Decision inert-server-text: a member's username from the server is escaped in
/// `apply`'s plan lines (`--check` and `--dry-run` print them on stdout as a report,
/// not as data), in a change's error line and in a refusal, so that it cannot retitle
/// the terminal or wipe the `- remove` line a reviewer reads.
#[test]

fn apply_plan_lines_are_inert() {
    use crate::support::fake_atlas::NewUser;
    let dir = TestDir::new();
    let file = dir.write(
        "members.json",
        r#"[{"username":"a@x.com","roles":["ORG_MEMBER"]}]"#,
    );
    let file = file.to_str().unwrap();
    let apply = |server: &crate::support::FakeAtlas, extra: &[&str]| {
        let mut args = vec!["org", "invitations", "apply", "--orgId", ORG, "-f", file];
        args.extend(extra);
        crate::support::against(server, &args)
            .env("MONGODB_ATLAS_INVITATIONS_API", "invites")
            .run()
    };
    let remove = format!("- remove {INERT} roles=[ORG_MEMBER] (active member)\n");

    // A member whose removal the server refuses.
    let server = crate::support::fake();
    server.add_user(ORG, NewUser::new(CONTROLS, "ACTIVE").refuses_changes());
    for (mode, code) in [("--check", 2), ("--dry-run", 0), ("--prune-members", 1)] {
        let out = apply(&server, &["--prune-members", mode]);
        assert_eq!(out.code, code, "{mode}: {out:?}");
        assert_inert(&out.stdout, mode);
        assert_inert(&out.stderr, mode);
        assert!(out.stdout.contains(&remove), "{mode}: {}", out.stdout);
        if code == 1 {
            assert!(
                out.stderr.contains(&format!("(remove {INERT}): ")),
                "{mode}: {}",
                out.stderr
            );
        }
    }

    // The last owner, removed: the refusal names them.
    let server = crate::support::fake();
    let mut owner = NewUser::new(CONTROLS, "ACTIVE");
    owner.org_roles = vec!["ORG_OWNER".into()];
    server.add_user(ORG, owner);
    let out = apply(&server, &["--prune-members"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_inert(&out.stdout, "refused");
    assert_inert(&out.stderr, "refused");
    assert!(
        out.stderr.contains(&format!("(taken from {INERT});")),
        "{}",
        out.stderr
    );
}
