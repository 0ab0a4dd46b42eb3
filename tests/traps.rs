//! Mistakes a CI script makes that must not end green (issue 16): each is one
//! `Error:` line (or a warning where the environment may still provide everything),
//! exit 1, and nothing sent.

use crate::support::{
    against_line, atlas, cmd, fake, recorded, Canned, TestDir, ORG, PRIVATE, PUBLIC, UNAUTHORIZED,
};

const ID: &str = "6a793f89c0eb9e7a177165b6";
const RUN_GROUP: &str = "Run 'atlas organizations invitations --help' for usage.";

/// Decision unknown-subcommand: cobra would print the group's help and exit 0.
#[test]
fn unknown_verbs_are_errors_with_suggestions() {
    let server = fake();
    for (line, word) in [
        ("org invitations lst", "lst"),
        ("org invitations delet x --force", "delet"),
        ("org invitations LIST", "LIST"),
        ("orgs invitation updat --role X", "updat"),
        ("org invitations get_", "get_"),
    ] {
        let out = against_line(&server, &format!("{line} --orgId {ORG}")).run();
        assert_eq!(out.code, 1, "{line}");
        assert_eq!(out.stdout, "", "{line}");
        assert!(
            out.stderr.starts_with(&format!(
                "Error: unknown command \"{word}\" for \"atlas organizations invitations\"\n"
            )),
            "{line}: {}",
            out.stderr
        );
    }
    // The exact texts: cobra's suggestion block, then its usage line.
    against_line(&server, "org invitations lst")
        .run()
        .assert_error(&format!(
            "unknown command \"lst\" for \"atlas organizations invitations\"\n\nDid you mean this?\n\tlist\n\n{RUN_GROUP}"
        ));
    against_line(&server, "org invitations delet x")
        .run()
        .assert_error(&format!(
            "unknown command \"delet\" for \"atlas organizations invitations\"\n\nDid you mean this?\n\tdelete\n\n{RUN_GROUP}"
        ));
    against_line(&server, "org invitations LIST")
        .run()
        .assert_error(&format!(
            "unknown command \"LIST\" for \"atlas organizations invitations\"\n\nDid you mean this?\n\tlist\n\n{RUN_GROUP}"
        ));
    // Prefix matches suggest several, in the group's order; nothing close, no block.
    cmd("org invitations de").run().assert_error(&format!(
        "unknown command \"de\" for \"atlas organizations invitations\"\n\nDid you mean this?\n\tdescribe\n\tdelete\n\n{RUN_GROUP}"
    ));
    cmd("org invitations frobnicate -h")
        .run()
        .assert_error(&format!(
            "unknown command \"frobnicate\" for \"atlas organizations invitations\"\n{RUN_GROUP}"
        ));
    cmd("org --orgId x invitatoins ls").run().assert_error(
        "unknown command \"invitatoins\" for \"atlas organizations\"\n\nDid you mean this?\n\tinvitations\n\nRun 'atlas organizations --help' for usage.",
    );
    assert_eq!(server.connections(), 0, "nothing sent");
}

#[test]
fn groups_alone_and_help_still_print_help() {
    for line in [
        "org invitations",
        "org invitations help",
        "org invitations -- lst",
        "organizations",
        "org help",
        "completion",
        "help",
    ] {
        let out = cmd(line).run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{line}");
        assert!(out.stdout.contains("Available Commands:"), "{line}");
    }
}

/// Decision unknown-help-topic, and unknown-subcommand for `completion`.
#[test]
fn unknown_help_topics_and_shells_are_errors() {
    cmd("help foo")
        .run()
        .assert_error("unknown help topic [`foo`]\nRun 'atlas --help' for usage.");
    cmd("help org invitations lst").run().assert_error(&format!(
        "unknown help topic [`org` `invitations` `lst`]\n\nDid you mean this?\n\tlist\n\n{RUN_GROUP}"
    ));
    cmd("help organisations").run().assert_error(
        "unknown help topic [`organisations`]\n\nDid you mean this?\n\torganizations\n\nRun 'atlas --help' for usage.",
    );
    cmd("completion tcsh").run().assert_error(
        "unknown command \"tcsh\" for \"atlas completion\"\n\nDid you mean this?\n\tbash\n\tzsh\n\tfish\n\nRun 'atlas completion --help' for usage.",
    );
    cmd("completion ksh93").run().assert_error(
        "unknown command \"ksh93\" for \"atlas completion\"\nRun 'atlas completion --help' for usage.",
    );
    // Known topics are unchanged.
    let out = cmd("help org invitations invite").run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("Invite the specified MongoDB user"));
}

/// Decision empty-org-id: `--orgId ""` never falls back to the configured org.
#[test]
fn an_empty_org_id_is_an_error_on_every_verb() {
    let server = fake();
    let dir = TestDir::new();
    dir.config(&format!("[default]\norg_id = \"{ORG}\"\n"));
    let msg = "--orgId is empty; pass an organization ID, or leave the flag out to use the configured one (MONGODB_ATLAS_ORG_ID or org_id)";
    for line in [
        "org invitations invite a@b.c --orgId ''".to_string(),
        "org invitations invite a@b.c --orgId=".to_string(),
        "org invitations ls --orgId ''".to_string(),
        format!("org invitations describe {ID} --orgId ''"),
        format!("org invitations update {ID} --role ORG_MEMBER --orgId ''"),
        format!("org invitations delete {ID} --force --orgId ''"),
        "org invitations invite a@b.c --dry-run --orgId=".to_string(),
    ] {
        against_line(&server, &line)
            .env("MONGODB_ATLAS_ORG_ID", ORG)
            .home(&dir)
            .run()
            .assert_error(msg);
    }
    // The legacy MCLI_ names are the ones to set once any MCLI variable exists.
    atlas(&["org", "invitations", "ls", "--orgId", ""])
        .env("MCLI_ORG_ID", ORG)
        .run()
        .assert_error(&msg.replace("MONGODB_ATLAS_ORG_ID", "MCLI_ORG_ID"));
    assert_eq!(server.connections(), 0, "nothing sent");
    // Without the flag the configured org is used, as before.
    against_line(&server, "org invitations invite a@b.c")
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(
        server.requests()[0].target,
        format!("/api/atlas/v2/orgs/{ORG}/invites")
    );
}

/// Decision update-needs-a-change: the official CLI would send `{"roles":[]}`.
#[test]
fn update_with_nothing_to_change_is_refused() {
    let server = fake();
    let msg = "nothing to update: pass the roles to set with --role (e.g. --role ORG_MEMBER), or a JSON file with --file";
    for line in [
        format!("org invitations update {ID} --orgId {ORG}"),
        format!("org invitations update --email a@b.c --orgId {ORG}"),
        format!("org invitations update {ID} --role '' --orgId {ORG}"),
        format!("org invitations update {ID} --dry-run --orgId {ORG}"),
    ] {
        against_line(&server, &line).run().assert_error(msg);
    }
    assert_eq!(server.connections(), 0, "nothing sent");
    // Checks keep their order: the org ID and the id/email come first.
    cmd(&format!("org invitations update {ID}"))
        .run()
        .assert_error("required flag(s) \"orgId\" not set");
    cmd(&format!("org invitations update --orgId {ORG}"))
        .run()
        .assert_error("you must provide the email address or the invitationId");
}

/// Decision invite-email-or-file.
#[test]
fn invite_refuses_an_email_with_a_file() {
    let server = fake();
    let dir = TestDir::new();
    let f = dir.write("team.json", r#"[{"username":"b@x.com"}]"#);
    let f = f.to_str().unwrap();
    for extra in ["", " --dry-run"] {
        against_line(
            &server,
            &format!("org invitations invite a@x.com -f {f} --orgId {ORG}{extra}"),
        )
        .run()
        .assert_error(
            "pass either the email address or --file, not both: \"a@x.com\" would be ignored",
        );
    }
    assert_eq!(server.connections(), 0, "nothing sent");
    // The flag-group check still comes first, as in the official CLI.
    against_line(
        &server,
        &format!("org invitations invite a@x.com -f {f} --role X --orgId {ORG}"),
    )
    .run()
    .assert_error("if any flags in the group [file role] are set none of the others can be; [file role] were all set");
}

/// Decision update-email-fills-file.
#[test]
fn update_by_email_fills_the_files_missing_username() {
    let server = fake();
    let dir = TestDir::new();
    let no_user = dir.write("upd.json", r#"{"roles":["ORG_GROUP_CREATOR"]}"#);
    let with_user = dir.write(
        "upd2.json",
        r#"{"roles":["ORG_GROUP_CREATOR"],"username":"x@y.z"}"#,
    );
    server.push(Canned::json(200, recorded::UPDATE_FILE));
    against_line(
        &server,
        &format!(
            "org invitations update --email b@x.com -f {} --orgId {ORG}",
            no_user.display()
        ),
    )
    .run()
    .assert_ok(&format!("Invitation {ID} updated.\n"));
    // A username in the file still wins (the official CLI's rule).
    server.push(Canned::json(200, recorded::UPDATE_FILE));
    against_line(
        &server,
        &format!(
            "org invitations update --email b@x.com -f {} --orgId {ORG}",
            with_user.display()
        ),
    )
    .run()
    .assert_ok(&format!("Invitation {ID} updated.\n"));
    let sent: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.authorized)
        .collect();
    assert_eq!(sent[0].target, format!("/api/atlas/v2/orgs/{ORG}/invites"));
    assert_eq!(
        sent[0].body_text(),
        "{\"roles\":[\"ORG_GROUP_CREATOR\"],\"username\":\"b@x.com\"}\n"
    );
    assert_eq!(
        sent[1].body_text(),
        "{\"roles\":[\"ORG_GROUP_CREATOR\"],\"username\":\"x@y.z\"}\n"
    );
    assert_eq!(sent.len(), 2);
}

/// Decision update-id-or-email: by ID, an email would be ignored, so the pair is
/// refused before anything is sent (the official CLI drops the email).
#[test]
fn update_refuses_an_id_with_an_email() {
    let server = fake();
    let dir = TestDir::new();
    let f = dir.write("upd.json", r#"{"roles":["ORG_GROUP_CREATOR"]}"#);
    let msg =
        "pass either the invitationId or --email, not both: --email \"b@x.com\" would be ignored";
    for tail in [
        "--role ORG_MEMBER".to_string(),
        format!("-f {}", f.display()),
        "--role ORG_MEMBER --dry-run".to_string(),
        String::new(),
    ] {
        against_line(
            &server,
            &format!("org invitations update {ID} --email b@x.com {tail} --orgId {ORG}"),
        )
        .run()
        .assert_error(msg);
    }
    assert_eq!(server.connections(), 0, "nothing sent");
    // Either one alone still works; an empty --email beside an ID is no email.
    server.push(Canned::json(200, recorded::UPDATE));
    against_line(
        &server,
        &format!("org invitations update {ID} --email '' --role ORG_READ_ONLY --orgId {ORG}"),
    )
    .run()
    .assert_ok(&format!("Invitation {ID} updated.\n"));
}

/// Decision empty-profile: `-P ""` never falls back to the default profile.
#[test]
fn an_empty_profile_is_an_error() {
    let server = fake();
    let dir = TestDir::new();
    dir.config(&format!("[default]\norg_id = \"{ORG}\"\n"));
    let msg = "--profile is empty; pass a profile name, or leave the flag out to use the default one (MONGODB_ATLAS_PROFILE, else the configured default)";
    for line in [
        "org invitations ls -P ''".to_string(),
        "org invitations ls --profile=".to_string(),
        "org invitations invite a@b.c -P '' --dry-run".to_string(),
        format!("org invitations delete {ID} --force -P ''"),
    ] {
        against_line(&server, &line)
            .home(&dir)
            .run()
            .assert_error(msg);
    }
    assert_eq!(server.connections(), 0, "nothing sent");
    // Without the flag the default profile is used, as before.
    server.push(Canned::json(200, recorded::LIST));
    let out = against_line(&server, "org invitations ls").home(&dir).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Decision missing-profile-warning.
#[test]
fn a_profile_that_is_not_there_is_one_warning() {
    let server = fake();
    let dir = TestDir::new();
    let cfg = dir.config(&format!(
        "[prod]\norg_id = \"{ORG}\"\n[dev]\norg_id = \"{ORG}\"\n"
    ));
    let warning = format!(
        "Warning: profile \"nonexist\" not found in {}\n",
        cfg.display()
    );
    // Everything comes from the environment: the command works, with the warning.
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c -P nonexist --orgId {ORG}"),
    )
    .home(&dir)
    .run();
    out.assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(out.stderr, warning);
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .env("MONGODB_ATLAS_PROFILE", "nonexist")
    .home(&dir)
    .run();
    out.assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(out.stderr, warning);
    // Names match case-insensitively, and an existing profile is silent.
    for p in ["prod", "PROD", "Dev"] {
        let out = against_line(&server, &format!("org invitations invite a@b.c -P {p}"))
            .home(&dir)
            .run();
        out.assert_ok("User 'a@b.c' invited.\n");
        assert_eq!(out.stderr, "", "{p}");
    }
    // With no profile named, the implicit default earns no warning.
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .home(&dir)
    .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    // A missing profile still fails where the command needs what it would hold.
    let out = cmd("org invitations ls -P nonexist").home(&dir).run();
    assert_eq!(
        out.stderr,
        format!("{warning}Error: required flag(s) \"orgId\" not set\n")
    );
    assert_eq!(out.code, 1);
}

/// Decision no-config-folder: no HOME and no XDG_CONFIG_HOME is an empty configuration.
#[test]
fn no_config_folder_is_fine_when_the_environment_has_everything() {
    let server = fake();
    let out = against_line(
        &server,
        &format!("org invitations invite a@b.c --orgId {ORG}"),
    )
    .without_home()
    .run();
    out.assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(out.stderr, "");
    let out = against_line(&server, "org invitations ls -o json")
        .env("MONGODB_ATLAS_ORG_ID", ORG)
        .without_home()
        .run();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    // What is missing is still an error, and says there is no file.
    cmd("org invitations ls")
        .without_home()
        .run()
        .assert_error("required flag(s) \"orgId\" not set");
    let out = cmd(&format!("org invitations ls -P ci --orgId {ORG}"))
        .without_home()
        .run();
    assert_eq!(
        out.stderr,
        format!("Warning: profile \"ci\" not found (no configuration folder: neither $XDG_CONFIG_HOME nor $HOME are defined)\nError: {UNAUTHORIZED}\nno credentials found: MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY are not set and there is no configuration file (neither $XDG_CONFIG_HOME nor $HOME are defined)\n")
    );
    // A relative XDG_CONFIG_HOME is a mistake, not an absence.
    cmd("org invitations ls")
        .without_home()
        .env("XDG_CONFIG_HOME", "rel")
        .run()
        .assert_error("cannot find the configuration folder: path in $XDG_CONFIG_HOME is relative");
}

/// Decision credentials-hint: the official text, then what was found and what is missing.
#[test]
fn missing_credentials_say_what_was_found() {
    let server = fake();
    let dir = TestDir::new();
    let cfg = dir.path.join(".config/atlascli/config.toml");
    let run = |env: &[(&str, &str)]| {
        let mut c = atlas(&["org", "invitations", "ls", "--orgId", ORG])
            .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
            .home(&dir);
        for (k, v) in env {
            c = c.env(k, v);
        }
        c.run()
    };
    let expect = |line: String| format!("{UNAUTHORIZED}\n{line}");
    // No file yet.
    run(&[("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)]).assert_error(&expect(format!(
        "MONGODB_ATLAS_PUBLIC_API_KEY is set, but MONGODB_ATLAS_PRIVATE_API_KEY is not set and {} does not exist",
        cfg.display()
    )));
    run(&[("MONGODB_ATLAS_CLIENT_SECRET", "sa-secret-value-1")]).assert_error(&expect(format!(
        "MONGODB_ATLAS_CLIENT_SECRET is set, but MONGODB_ATLAS_CLIENT_ID is not set and {} does not exist",
        cfg.display()
    )));
    // A file with one key, the other empty; a file without the profile.
    dir.config(&format!(
        "[default]\npublic_api_key = \"{PUBLIC}\"\nprivate_api_key = \"\"\n[other]\norg_id = \"{ORG}\"\n"
    ));
    run(&[]).assert_error(&expect(format!(
        "found public_api_key in profile \"default\" of {0}, but MONGODB_ATLAS_PRIVATE_API_KEY is not set and profile \"default\" of {0} has an empty private_api_key",
        cfg.display()
    )));
    run(&[("MONGODB_ATLAS_PROFILE", "other")]).assert_error(&expect(format!(
        "no credentials found: MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY are not set and profile \"other\" of {} has no public_api_key or private_api_key",
        cfg.display()
    )));
    let out = run(&[("MONGODB_ATLAS_PROFILE", "ci")]);
    assert_eq!(
        out.stderr,
        format!(
            "Warning: profile \"ci\" not found in {0}\nError: {1}\nno credentials found: MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY are not set and {0} has no profile \"ci\"\n",
            cfg.display(),
            UNAUTHORIZED
        )
    );
    assert_eq!(server.connections(), 0, "nothing sent without a full pair");
    for out in [
        run(&[]),
        run(&[("MONGODB_ATLAS_CLIENT_SECRET", "sa-secret-value-1")]),
    ] {
        assert!(!out.stderr.contains("sa-secret-value-1") && !out.stderr.contains(PUBLIC));
    }
}

#[test]
fn refused_credentials_say_which_were_sent() {
    let server = fake();
    let dir = TestDir::new();
    let cfg = dir.config(&format!(
        "[default]\norg_id = \"{ORG}\"\npublic_api_key = \"{PUBLIC}\"\nprivate_api_key = \"wrong-private-key-77\"\nops_manager_url = \"{}\"\n",
        server.url()
    ));
    let out = cmd("org invitations ls").home(&dir).run();
    out.assert_error(&format!(
        "{UNAUTHORIZED}\nthe server refused the API keys that were sent (public_api_key from profile \"default\" of {0}, private_api_key from profile \"default\" of {0})",
        cfg.display()
    ));
    assert!(!out.stderr.contains("wrong-private-key-77"));
    // From the environment, over the file.
    let out = cmd("org invitations ls")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong-private-key-78")
        .home(&dir)
        .run();
    out.assert_error(&format!(
        "{UNAUTHORIZED}\nthe server refused the API keys that were sent (public_api_key from profile \"default\" of {}, private_api_key from MONGODB_ATLAS_PRIVATE_API_KEY)",
        cfg.display()
    ));
    // The right keys still work.
    let out = cmd("org invitations ls")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
        .home(&dir)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}
