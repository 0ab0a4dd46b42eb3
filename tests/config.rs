//! config.toml, profiles and environment variables, through the binary.

use crate::support::{atlas, fake, Canned, TestDir, ORG, PRIVATE, PUBLIC};

fn profile_file(url: &str) -> String {
    format!(
        "version = 2\nskip_update_check = true\n\n[default]\n  org_id = \"{ORG}\"\n  public_api_key = \"{PUBLIC}\"\n  private_api_key = \"{PRIVATE}\"\n  ops_manager_url = \"{url}/\"\n  output = \"json\"\n\n[other]\n  org_id = \"b0123456789abcdef012345b\"\n  public_api_key = \"{PUBLIC}\"\n  private_api_key = \"{PRIVATE}\"\n  ops_manager_url = \"{url}\"\n"
    )
}

#[test]
fn profile_from_file_flag_and_env() {
    let server = fake();
    let dir = TestDir::new();
    dir.config(&profile_file(&server.url()));
    // The default profile: its org, keys, URL (trailing slash trimmed) and output.
    let out = atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("{\n"),
        "output = json from the profile"
    );
    // -P picks another profile, case-insensitively; so does MONGODB_ATLAS_PROFILE.
    atlas(&["org", "invitations", "invite", "a@b.c", "-P", "OTHER"])
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .env("MONGODB_ATLAS_PROFILE", "other")
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets[0], format!("/api/atlas/v2/orgs/{ORG}/invites"));
    assert_eq!(
        targets[2],
        "/api/atlas/v2/orgs/b0123456789abcdef012345b/invites"
    );
    assert_eq!(
        targets[4],
        "/api/atlas/v2/orgs/b0123456789abcdef012345b/invites"
    );
    // Env beats the file; the flag beats env.
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .env("MONGODB_ATLAS_OUTPUT", "plaintext")
        .env("MONGODB_ATLAS_ORG_ID", "c0123456789abcdef012345c")
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    assert_eq!(
        server.requests()[6].target,
        "/api/atlas/v2/orgs/c0123456789abcdef012345c/invites"
    );
}

#[test]
fn xdg_config_home_and_the_only_profile() {
    let server = fake();
    let dir = TestDir::new();
    dir.write(
        "xdg/atlascli/config.toml",
        &format!("[Prod]\norg_id = '{ORG}'\npublic_api_key = '{PUBLIC}'\nprivate_api_key = '{PRIVATE}'\nbase_url = '{}'\n", server.url()),
    );
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .env("XDG_CONFIG_HOME", &dir.file("xdg"))
        .home(&dir)
        .run()
        .assert_ok("User 'a@b.c' invited.\n");
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .env("XDG_CONFIG_HOME", "relative/dir")
        .run()
        .assert_error("cannot find the configuration folder: path in $XDG_CONFIG_HOME is relative");
}

#[test]
fn mcli_variables_replace_mongodb_atlas_ones() {
    let server = fake();
    let out = atlas(&["org", "invitations", "invite", "a@b.c"])
        .env("MCLI_OPS_MANAGER_URL", &server.url())
        .env("MCLI_PUBLIC_API_KEY", PUBLIC)
        .env("MCLI_PRIVATE_API_KEY", PRIVATE)
        .env("MCLI_ORG_ID", ORG)
        .env("MONGODB_ATLAS_ORG_ID", "not-used")
        .run();
    out.assert_ok("User 'a@b.c' invited.\n");
}

#[test]
fn profile_errors() {
    atlas(&["org", "invitations", "ls", "-P", "my.profile"])
        .run()
        .assert_error("profile should not contain '.': \"my.profile\"");
    atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .env("MONGODB_ATLAS_SERVICE", "onprem")
        .run()
        .assert_error("unsupported service: onprem");
    // A profile that does not exist is empty, not an error: one warning
    // (decision missing-profile-warning), then what the command lacks.
    let dir = TestDir::new();
    let out = atlas(&["org", "invitations", "ls", "-P", "nope"])
        .home(&dir)
        .run();
    assert_eq!(
        out.stderr,
        format!(
            "Warning: profile \"nope\" not found in {}\nError: required flag(s) \"orgId\" not set\n",
            dir.path.join(".config/atlascli/config.toml").display()
        )
    );
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
}

#[test]
fn malformed_config_names_file_and_line() {
    let dir = TestDir::new();
    let path = dir.config("[default]\norg_id = [\"x\"]\n");
    atlas(&["org", "invitations", "ls"])
        .home(&dir)
        .run()
        .assert_error(&format!("{}:2: arrays are not supported", path.display()));
    let path = dir.config("[default]\norg_id = 5\n");
    atlas(&["org", "invitations", "ls"])
        .home(&dir)
        .run()
        .assert_error(&format!("{}:2: org_id must be a string", path.display()));
    let path = dir.config("[default\n");
    atlas(&["org", "invitations", "ls"])
        .home(&dir)
        .run()
        .assert_error(&format!(
            "{}:1: expected ']' after the table name",
            path.display()
        ));
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir_all(&path).unwrap();
    atlas(&["org", "invitations", "ls"])
        .home(&dir)
        .run()
        .assert_error(&format!(
            "cannot read {}: it is a directory, not a file",
            path.display()
        ));
}

#[test]
fn keyring_profiles_say_what_to_set() {
    let dir = TestDir::new();
    let path = dir.config(&format!(
        "version = 2\n[default]\nauth_type = \"api_keys\"\norg_id = \"{ORG}\"\n"
    ));
    atlas(&["org", "invitations", "invite", "a@b.c"])
        .home(&dir)
        .run()
        .assert_error(&format!(
            "profile \"default\" uses API keys, but its credentials are not in {} (the official CLI may have saved them in the OS keyring, which atlas does not read); set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY",
            path.display()
        ));
}

#[test]
fn base_url_keeps_a_path_prefix() {
    let server = fake();
    server.push(Canned::json(200, "{}"));
    let out = atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env(
            "MONGODB_ATLAS_BASE_URL",
            &format!("{}/prefix/", server.url()),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
        .run();
    out.assert_ok("User '<nil>' invited.\n");
    let reqs = server.requests();
    assert_eq!(
        reqs[1].target,
        format!("/prefix/api/atlas/v2/orgs/{ORG}/invites")
    );
    assert!(reqs[1].authorized, "Digest uri covers the prefix");
}

/// Decision secrets-redacted: a syntax error on a secret key names the file and line,
/// never the value (it was not read, so it cannot be scrubbed). Other keys still quote
/// theirs.
#[test]
fn a_config_error_never_quotes_a_secret() {
    let dir = TestDir::new();
    for key in [
        "private_api_key",
        "client_secret",
        "access_token",
        "refresh_token",
    ] {
        let secret = "mdb_sa_sk_Unquoted7Secret";
        let path = dir.config(&format!(
            "[default]\n  org_id = \"{ORG}\"\n  client_id = \"mdb_sa_id_x\"\n  {key} = {secret}\n"
        ));
        for extra in [&[][..], &["-D"][..]] {
            let mut args = vec!["org", "invitations", "ls"];
            args.extend(extra.iter().copied());
            let out = atlas(&args).home(&dir).run();
            assert_eq!(
                (out.code, out.stdout.as_str(), out.stderr.clone()),
                (
                    1,
                    "",
                    format!(
                        "Error: {}:4: unsupported value (not shown: it is a secret); write it in double quotes\n",
                        path.display()
                    )
                ),
                "{key}"
            );
        }
    }
    let path = dir.config("[default]\n  org_id = nope\n");
    atlas(&["org", "invitations", "ls"])
        .home(&dir)
        .run()
        .assert_error(&format!("{}:2: unsupported value \"nope\"", path.display()));
}

/// Decision base-url-plain: a base URL in the file with a password is refused, named by
/// where it is set, and never printed.
#[test]
fn a_base_url_with_a_password_is_refused_unprinted() {
    let dir = TestDir::new();
    let path = dir.config(&format!(
        "[default]\n  org_id = \"{ORG}\"\n  public_api_key = \"{PUBLIC}\"\n  private_api_key = \"{PRIVATE}\"\n  ops_manager_url = \"https://alice:Hunter2pw@cloud.example/\"\n"
    ));
    for args in [
        vec!["org", "invitations", "ls", "-D"],
        vec!["org", "invitations", "invite", "a@b.c", "--dry-run"],
    ] {
        let out = atlas(&args).home(&dir).run();
        out.assert_error(&format!(
            "invalid base URL (ops_manager_url in profile \"default\" of {}): it has a user name or password before the host (not shown); atlas takes credentials from their own settings, never from the URL; atlas takes http(s)://host[:port][/path] (decision base-url-plain)",
            path.display()
        ));
    }
}
