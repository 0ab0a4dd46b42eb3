//! Command names, help, version and pflag-style parsing, through the binary.

use crate::support::{atlas, TestDir};
use atlas::cli::golden::{
    APPLY_HELP, DELETE_HELP, DESCRIBE_HELP, EXPORT_HELP, INVITATIONS_HELP, INVITE_HELP, LIST_HELP,
    UPDATE_HELP,
};

#[test]
fn invite_help_for_all_sixteen_spellings() {
    for org in ["organizations", "organization", "orgs", "org"] {
        for inv in ["invitations", "invitation"] {
            for verb in ["invite", "create"] {
                let out = atlas(&[org, inv, verb, "--help"]).run();
                out.assert_ok(INVITE_HELP);
                assert_eq!(out.stderr, "");
            }
        }
    }
    atlas(&["org", "invitation", "create", "-h"])
        .run()
        .assert_ok(INVITE_HELP);
    atlas(&["help", "org", "invitations", "invite"])
        .run()
        .assert_ok(INVITE_HELP);
    // Help wins over later argument problems, but not over flag errors.
    atlas(&["org", "invitations", "invite", "a", "b", "c", "-h"])
        .run()
        .assert_ok(INVITE_HELP);
    atlas(&["org", "invitations", "ls", "-h", "extra", "--bogus"])
        .run()
        .assert_error("unknown flag: --bogus");
    // --help=false turns help off again.
    atlas(&["org", "invitations", "invite", "--help=false", "a", "b"])
        .run()
        .assert_error("\"atlas organizations invitations invite\" accepts at most 1 argument, received 2\n\nUsage:  atlas organizations invitations invite <email> [flags]");
}

#[test]
fn group_help_for_the_group_and_its_help_word() {
    // Unknown words after a group are errors now (decision unknown-subcommand,
    // tests/traps.rs); the group alone and `help` still print its help.
    for args in [
        &["organizations", "invitations", "--help"][..],
        &["organizations", "invitations"],
        &["org", "invitations", "help"],
        &["help", "org", "invitations"],
    ] {
        atlas(args).run().assert_ok(INVITATIONS_HELP);
    }
}

#[test]
fn every_leaf_has_help() {
    for (verb, alias, use_line) in [
        ("list", "ls", "atlas organizations invitations list [flags]"),
        (
            "describe",
            "get",
            "atlas organizations invitations describe <invitationId> [flags]",
        ),
        (
            "delete",
            "rm",
            "atlas organizations invitations delete <invitationId> [flags]",
        ),
        (
            "update",
            "updates",
            "atlas organizations invitations update [invitationId] [flags]",
        ),
    ] {
        let a = atlas(&["org", "invitations", verb, "--help"]).run();
        let b = atlas(&["organization", "invitation", alias, "-h"]).run();
        assert_eq!(a.code, 0);
        assert_eq!(a.stdout, b.stdout);
        assert!(
            a.stdout.contains(&format!(
                "Usage:\n  {use_line}\n\nAliases:\n  {verb}, {alias}\n"
            )),
            "{}",
            a.stdout
        );
    }
}

#[test]
fn version_only_on_the_root() {
    let out = atlas(&["--version"]).run();
    // The official layout; `git version` is the commit this checkout was built from
    // (build.rs), the same value this test binary was compiled with.
    let commit = env!("ATLAS_GIT_COMMIT");
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{commit}"
    );
    // In a git checkout it must be that checkout's HEAD (build.rs found it).
    if let Some(head) = checkout_head() {
        assert_eq!(commit, &head[..12], "git version of the build vs HEAD");
    }
    out.assert_ok(&format!(
        "atlascli version: {}\ngit version: {commit}\nGo version: none (atlas-rs, built with Rust)\n   os: linux\n   arch: {}\n   compiler: rustc\n",
        env!("CARGO_PKG_VERSION"),
        go_arch_of_binary(),
    ));
    assert_eq!(out.stderr, "");
    assert_eq!(atlas(&["-v"]).run().stdout, out.stdout);
    atlas(&["org", "invitations", "ls", "--version"])
        .run()
        .assert_error("unknown flag: --version");
}

/// HEAD of the checkout these tests are in, if it is one and git runs.
fn checkout_head() -> Option<String> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("git")
        .args(["-C", dir, "rev-parse", "--show-toplevel", "HEAD"])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let top = std::fs::canonicalize(lines.next()?).ok()?;
    let head = lines.next()?.to_string();
    (out.status.success() && top == std::fs::canonicalize(dir).ok()? && head.len() >= 12)
        .then_some(head)
}

/// GOARCH of the binary under test, from its ELF header (`e_machine`), so that a binary
/// of another architecture run through `ATLAS_RUNNER` is checked against its own.
fn go_arch_of_binary() -> &'static str {
    let bytes = std::fs::read(crate::support::command::binary()).expect("read the binary");
    assert_eq!(bytes.get(..4), Some(&b"\x7fELF"[..]), "not an ELF file");
    match bytes.get(18..20) {
        Some([0x3e, 0]) => "amd64",
        Some([0xb7, 0]) => "arm64",
        other => panic!("unexpected ELF machine {other:?}"),
    }
}

#[test]
fn unknown_root_command_suggests() {
    atlas(&["Org", "invitations"]).run().assert_error(
        "unknown command \"Org\" for \"atlas\"\n\nDid you mean this?\n\torganizations\n",
    );
    atlas(&["organisations"]).run().assert_error(
        "unknown command \"organisations\" for \"atlas\"\n\nDid you mean this?\n\torganizations\n",
    );
    atlas(&["frobnicate"])
        .run()
        .assert_error("unknown command \"frobnicate\" for \"atlas\"");
}

#[test]
fn flag_errors_match_pflag() {
    let inv = ["org", "invitations", "invite", "a@b.c"];
    let run = |extra: &[&str]| {
        let mut args = inv.to_vec();
        args.extend_from_slice(extra);
        atlas(&args).run()
    };
    run(&["--bogus"]).assert_error("unknown flag: --bogus");
    run(&["-x"]).assert_error("unknown shorthand flag: 'x' in -x");
    run(&["-Dx"]).assert_error("unknown shorthand flag: 'x' in -x");
    run(&["-xD"]).assert_error("unknown shorthand flag: 'x' in -xD");
    run(&["-o"]).assert_error("flag needs an argument: 'o' in -o");
    run(&["--role"]).assert_error("flag needs an argument: --role");
    run(&["---role"]).assert_error("bad flag syntax: ---role");
    run(&["--role", "A,\"B"]).assert_error("invalid argument \"A,\\\"B\" for \"--role\" flag: parse error on line 1, column 5: extraneous or missing \" in quoted-field");
    run(&["--teamId", " \"A\""]).assert_error("invalid argument \" \\\"A\\\"\" for \"--teamId\" flag: parse error on line 1, column 2: bare \" in non-quoted-field");
    run(&["extra"]).assert_error("\"atlas organizations invitations invite\" accepts at most 1 argument, received 2\n\nUsage:  atlas organizations invitations invite <email> [flags]");
    atlas(&["org", "invitations", "rm", "x", "--force=yes"])
        .run()
        .assert_error("invalid argument \"yes\" for \"--force\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax");
    atlas(&["org", "invitations", "rm", "-o", "json", "x"])
        .run()
        .assert_error("unknown shorthand flag: 'o' in -o");
}

#[test]
fn argument_count_errors() {
    atlas(&["org", "invitations", "ls", "x"])
        .run()
        .assert_error("\"atlas organizations invitations list\" accepts no arguments\n\nUsage:  atlas organizations invitations list [flags]");
    atlas(&["org", "invitations", "get"])
        .run()
        .assert_error("\"atlas organizations invitations describe\" requires 1 argument, received 0\n\nUsage:  atlas organizations invitations describe <invitationId> [flags]");
    atlas(&["org", "invitations", "rm", "--force", "false", "x"])
        .run()
        .assert_error("\"atlas organizations invitations delete\" requires 1 argument, received 2\n\nUsage:  atlas organizations invitations delete <invitationId> [flags]");
}

#[test]
fn non_utf8_argument_is_a_clear_error() {
    use std::os::unix::ffi::OsStrExt;
    let out = crate::support::command::process()
        .env_clear()
        .args([
            std::ffi::OsStr::new("org"),
            std::ffi::OsStr::from_bytes(b"\xff\xfe"),
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Error: argument 2 ") && err.ends_with("is not valid UTF-8\n"),
        "{err}"
    );
}

#[test]
fn list_and_describe_help_are_exact() {
    atlas(&["org", "invitations", "ls", "-h"])
        .run()
        .assert_ok(LIST_HELP);
    atlas(&["org", "invitations", "get", "--help"])
        .run()
        .assert_ok(DESCRIBE_HELP);
    atlas(&["org", "invitations", "rm", "--help"])
        .run()
        .assert_ok(DELETE_HELP);
    atlas(&["org", "invitations", "updates", "-h"])
        .run()
        .assert_ok(UPDATE_HELP);
}

const ORG: &str = "5f71e5255afec75a3d0f96dc";

#[test]
fn apply_and_export_help() {
    // The group lists them (decision apply-export-verbs); the golden text is checked
    // against the official one in src/cli/help.rs.
    assert!(INVITATIONS_HELP.contains("\n  apply       Make your organization's users match a members file.\n  export      Print your organization's users as a members file.\n\nFlags:"));
    for args in [
        &["org", "invitations", "apply", "--help"][..],
        &["organization", "invitation", "apply", "-h"],
        &["help", "org", "invitations", "apply"],
    ] {
        let out = atlas(args).run();
        out.assert_ok(APPLY_HELP);
        assert_eq!(out.stderr, "");
    }
    for args in [
        &["org", "invitations", "export", "--help"][..],
        &["help", "orgs", "invitations", "export"],
    ] {
        atlas(args).run().assert_ok(EXPORT_HELP);
    }
}

#[test]
fn apply_and_export_argument_and_flag_errors() {
    let apply = |extra: &[&str]| {
        let mut args = vec!["org", "invitations", "apply", "--orgId", ORG];
        args.extend_from_slice(extra);
        atlas(&args).run()
    };
    apply(&["-f", "m.json", "extra"]).assert_error("\"atlas organizations invitations apply\" accepts no arguments\n\nUsage:  atlas organizations invitations apply [flags]");
    atlas(&["org", "invitations", "export", "x"])
        .run()
        .assert_error("\"atlas organizations invitations export\" accepts no arguments\n\nUsage:  atlas organizations invitations export [flags]");
    apply(&[]).assert_error("required flag(s) \"file\" not set");
    apply(&["-f", "m.json", "--max-removals", "five"]).assert_error("invalid argument \"five\" for \"--max-removals\" flag: strconv.ParseInt: parsing \"five\": invalid syntax");
    apply(&["-f", "m.json", "--max-removals=-1"])
        .assert_error("--max-removals must be 0 or more, not -1");
    apply(&["-f", "m.json", "--prune=maybe"]).assert_error("invalid argument \"maybe\" for \"--prune\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax");
    atlas(&["org", "invitations", "export", "--file", "x"])
        .run()
        .assert_error("unknown flag: --file");
}

#[test]
fn apply_checks_the_whole_members_file_before_anything_is_sent() {
    let dir = TestDir::new();
    let file = dir.write(
        "members.json",
        r#"[{"username":"a@x.com","roles":["ORG_MEMBER"],"teamIds":["nope"]},
            {"username":"not-an-email","roles":["ORG_OWNER"]},
            {"username":"A@X.COM","roles":["ORG_BOSS"],"groupRoleAssignments":[{"groupId":"6c73999ae7966f00563911a4","roles":["GROUP_READ_ONLY"]}]}]"#,
    );
    // No server at all: nothing may be sent (the base URL points nowhere).
    let out = atlas(&[
        "org",
        "invitations",
        "apply",
        "--orgId",
        ORG,
        "-f",
        file.to_str().unwrap(),
    ])
    .env("MONGODB_ATLAS_OPS_MANAGER_URL", "http://127.0.0.1:9/")
    .run();
    let name = file.to_str().unwrap();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!(
            "{name}: member 1 (a@x.com): teamIds[0]: \"nope\" is not an ID of 24 hexadecimal digits (0-9, a-f)\n\
             {name}: member 2 (not-an-email): username: \"not-an-email\" is not an email address\n\
             {name}: member 3 (A@X.COM): username: A@X.COM is also member 1 (usernames are compared ignoring case)\n\
             {name}: member 3 (A@X.COM): roles[0]: \"ORG_BOSS\" is not an organization role (valid: ORG_OWNER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, ORG_BILLING_READ_ONLY, ORG_STREAM_PROCESSING_ADMIN, ORG_READ_ONLY, ORG_MEMBER)\n\
             Error: {name}: 4 problems in the members file; nothing was sent\n"
        )
    );
    let not_a_list = dir.write(
        "one.json",
        r#"{"username":"a@x.com","roles":["ORG_MEMBER"]}"#,
    );
    // One member alone reads as the object form (issue 25), whose `members` is
    // required so that it is not taken for "nobody" (decision apply-file-forms).
    let out = atlas(&[
        "org",
        "invitations",
        "apply",
        "--orgId",
        ORG,
        "-f",
        not_a_list.to_str().unwrap(),
    ])
    .env("MONGODB_ATLAS_OPS_MANAGER_URL", "http://127.0.0.1:9/")
    .run();
    let name = not_a_list.to_str().unwrap();
    assert_eq!(
        (out.code, out.stderr),
        (
            1,
            format!(
                "{name}: json: unknown field \"username\" (the keys are $schema, orgId, members and teams)\n\
                 {name}: members: required: the members, [] for none\n\
                 Error: {name}: 2 problems in the members file; nothing was sent\n"
            )
        )
    );
}
