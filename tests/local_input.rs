//! Bad local input (config files, `--file`, arguments, templates) and secret hygiene:
//! a clear error, exit 1, nothing written, no secret echoed.

use crate::support::{against, atlas, fake, recorded, Canned, TestDir, ORG, PRIVATE, PUBLIC};
use std::os::unix::fs::PermissionsExt;

/// Every file below `dir`, with its contents, to show nothing was written.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn bad_config_files() {
    let dir = TestDir::new();
    let cfg = dir.path.join(".config/atlascli/config.toml");
    let run = || atlas(&["org", "invitations", "ls"]).home(&dir).run();
    dir.config("[default]\norg_id = \"\u{0}\u{1}\"\n\u{ff}");
    std::fs::write(&cfg, b"[default]\n\xff\xfe binary").unwrap();
    run().assert_error(&format!(
        "cannot read {}: the file is not UTF-8 text",
        cfg.display()
    ));
    std::fs::write(&cfg, vec![b'#'; 2 << 20]).unwrap();
    run().assert_error(&format!(
        "cannot read {}: {} bytes is too large for a configuration file",
        cfg.display(),
        2 << 20
    ));
    std::fs::write(&cfg, "[default]\norg_id = \"unterminated\n").unwrap();
    run().assert_error(&format!("{}:2: unterminated string", cfg.display()));
    let before = snapshot(&dir.path);
    run();
    assert_eq!(snapshot(&dir.path), before, "nothing written");
}

#[test]
fn bad_request_files() {
    let dir = TestDir::new();
    let server = fake();
    let run = |f: &str| {
        against(
            &server,
            &["org", "invitations", "invite", "-f", f, "--orgId", ORG],
        )
        .run()
    };
    let bin = dir.path.join("bin.json");
    std::fs::write(&bin, b"\xff\xfe\x00\x01").unwrap();
    run(bin.to_str().unwrap()).assert_error(&format!(
        "{}: invalid character '\u{fffd}' looking for beginning of value",
        bin.display()
    ));
    let huge = dir.path.join("huge.json");
    std::fs::write(&huge, vec![b' '; (16 << 20) + 1]).unwrap();
    run(huge.to_str().unwrap()).assert_error(&format!(
        "{}: {} bytes is too large for an invitation file",
        huge.display(),
        (16 << 20) + 1
    ));
    let deep = dir.write("deep.json", &"[".repeat(100_000));
    run(deep.to_str().unwrap()).assert_error(&format!("{}: exceeded max depth", deep.display()));
    assert_eq!(server.connections(), 0);
}

#[test]
fn absurd_arguments_and_templates() {
    let long_flag = format!("--{}", "x".repeat(100_000));
    let out = atlas(&["org", "invitations", "ls", &long_flag]).run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("Error: unknown flag: --xxxx"));
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    let template = format!("go-template={}", "{{.Id}}".repeat(15_000));
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "a@b.c",
            "--orgId",
            ORG,
            "-o",
            &template,
        ],
    )
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.len(), 24 * 15_000);
    let nested = format!("go-template={}", "{{if 1}}".repeat(1000));
    server.push(Canned::json(200, recorded::INVITE));
    let out = against(
        &server,
        &[
            "org",
            "invitations",
            "invite",
            "a@b.c",
            "--orgId",
            ORG,
            "-o",
            &nested,
        ],
    )
    .run();
    out.assert_error("template: output:1: template nesting exceeds 100 levels");
}

#[test]
fn readable_credentials_are_warned_about_once() {
    let server = fake();
    let dir = TestDir::new();
    let cfg = dir.config(&format!(
        "[default]\norg_id = \"{ORG}\"\npublic_api_key = \"{PUBLIC}\"\nprivate_api_key = \"{PRIVATE}\"\nops_manager_url = \"{}\"\n",
        server.url()
    ));
    let quiet = atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run();
    quiet.assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(quiet.stderr, "");
    std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run();
    out.assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(
        out.stderr,
        format!("Warning: {0} holds credentials and is readable by other users (mode 644); run: chmod 600 {0}\n", cfg.display())
    );
    assert!(!out.stderr.contains(PRIVATE));
}

/// Every command and its failures, with known secrets: none may be echoed.
#[test]
fn secrets_never_echoed_across_commands_and_errors() {
    let server = fake();
    let dir = TestDir::new();
    dir.config(&format!("[default]\norg_id = \"{ORG}\"\npublic_api_key = \"{PUBLIC}\"\nprivate_api_key = \"{PRIVATE}\"\nops_manager_url = \"{}\"\n", server.url()));
    let f = dir.write("i.json", r#"{"username":"z@x.com"}"#);
    let f = f.to_str().unwrap().to_string();
    let id = "6a793f89c0eb9e7a177165b6";
    let commands: Vec<Vec<&str>> = vec![
        vec!["org", "invitations", "invite", "a@b.c"],
        vec!["org", "invitations", "invite", "-f", &f, "-o", "json"],
        vec!["org", "invitations", "ls", "-o", "json-path=$[*].id"],
        vec!["org", "invitations", "describe", id],
        vec!["org", "invitations", "update", id, "--role", "ORG_MEMBER"],
        vec!["org", "invitations", "delete", id, "--force"],
        vec!["org", "invitations", "invite", "a@b.c", "--dry-run"],
        vec!["org", "invitations", "ls", "-D"],
        vec!["org", "invitations", "describe", "nope", "-D"],
        vec![
            "org",
            "invitations",
            "invite",
            "a@b.c",
            "-o",
            "go-template={{.Foo}}",
        ],
        vec!["org", "invitations", "ls", "--orgId", "bad"],
        // Issue 16's traps and hints: none may echo what they complain about.
        vec!["org", "invitations", "lst"],
        vec!["org", "invitations", "ls", "--orgId", ""],
        vec!["org", "invitations", "update", id],
        vec!["org", "invitations", "invite", "a@b.c", "-f", &f],
        vec!["org", "invitations", "ls", "-P", "nonexist"],
        vec!["org", "invitations", "ls", "-P", "nonexist", "-D"],
    ];
    let before = snapshot(&dir.path);
    for args in &commands {
        let out = atlas(args).home(&dir).run();
        assert!(
            !out.stdout.contains(PRIVATE) && !out.stderr.contains(PRIVATE),
            "{args:?}: {out:?}"
        );
        let wrong = atlas(args)
            .home(&dir)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong-private-key-123")
            .run();
        assert!(
            !wrong.stdout.contains("wrong-private-key-123")
                && !wrong.stderr.contains("wrong-private-key-123"),
            "{args:?}: {wrong:?}"
        );
        // The credentials hint names where keys came from, never what they are.
        if wrong.stderr.contains("unauthorized") {
            assert!(
                wrong.stderr.contains("refused the API keys")
                    || wrong
                        .stderr
                        .contains("MONGODB_ATLAS_PRIVATE_API_KEY is set, but"),
                "{args:?}: {wrong:?}"
            );
            assert!(!wrong.stderr.contains(PUBLIC), "{args:?}: {wrong:?}");
        }
    }
    assert_eq!(snapshot(&dir.path), before, "no file written or changed");
}
