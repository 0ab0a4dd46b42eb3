//! The service-account token cache (decision token-cache): one token request for many
//! runs, private files, untrusted entries ignored and replaced, a revoked token
//! replaced once, `ATLAS_TOKEN_CACHE`, a cache that cannot be written.

use crate::support::command::Command;
use crate::support::{atlas, Canned, FakeAtlas, TestDir, ORG};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

const CLIENT_ID: &str = "mdb_sa_id_0c1d2e3f4a5b6c7d8e9f0a1b";
const CLIENT_SECRET: &str = "mdb_sa_sk_Cache7secret9Qw3Er5Ty7Ui9Op1As";

fn server() -> FakeAtlas {
    let s = crate::support::fake();
    s.accept_service_account(CLIENT_ID, CLIENT_SECRET);
    s
}

/// `invite <email>` with the service account, the cache under `cache`.
fn invite(server: &FakeAtlas, cache: &TestDir, email: &str) -> Command {
    invite_with(server, cache, &[email])
}

/// The same with `-D`: the cache says what it did on stderr.
fn invite_debug(server: &FakeAtlas, cache: &TestDir, email: &str) -> Command {
    invite_with(server, cache, &[email, "-D"])
}

fn invite_with(server: &FakeAtlas, cache: &TestDir, args: &[&str]) -> Command {
    let mut all = vec!["org", "invitations", "invite", "--orgId", ORG];
    all.extend(args);
    atlas(&all)
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .env("XDG_CACHE_HOME", &cache.file(""))
}

fn ok(out: &crate::support::Output, email: &str) {
    out.assert_ok(&format!("User '{email}' invited.\n"));
}

/// The cache's one entry (the test uses one service account and one server).
fn entry(folder: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let name = entries[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("token-") && name.ends_with(".json"),
        "{name}"
    );
    entries[0].clone()
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if std::fs::symlink_metadata(&p).unwrap().is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().mode() & 0o777
}

#[test]
fn twenty_runs_make_one_token_request_and_the_files_are_private() {
    let server = server();
    // The default place: ~/.cache (no XDG_CACHE_HOME), with one HOME for all runs.
    let home = TestDir::new();
    for i in 0..20 {
        let email = format!("user{i}@example.com");
        let out = atlas(&["org", "invitations", "invite", &email, "--orgId", ORG])
            .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
            .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
            .home(&home)
            .run();
        ok(&out, &email);
    }
    assert_eq!(server.token_requests(), 1);
    let api: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.target.contains("/invites"))
        .collect();
    assert_eq!(api.len(), 20);
    assert!(api.iter().all(|r| r.authorized && r.status == 200));
    let folder = home.path.join(".cache/atlas-rs");
    assert_eq!(mode(&folder), 0o700);
    let file = entry(&folder);
    assert_eq!(mode(&file), 0o600);
    assert!(std::fs::symlink_metadata(&file).unwrap().is_file());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"access_token\":\"ey"), "{text}");
    // The secret is written nowhere: not in the cache, not anywhere under HOME.
    for f in files(&home.path) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CLIENT_SECRET),
            "{}",
            f.display()
        );
    }
}

#[test]
fn untrusted_entries_are_ignored_and_replaced() {
    type Tamper = fn(&Path, &TestDir) -> Option<(PathBuf, Vec<u8>)>;
    let cases: [(&str, Tamper, &str); 4] = [
        (
            "symlink",
            |file, dir| {
                // A link to a perfectly good entry elsewhere: still not followed, and
                // its target is never written.
                let elsewhere = dir.path.join("elsewhere.json");
                std::fs::copy(file, &elsewhere).unwrap();
                std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o600))
                    .unwrap();
                std::fs::remove_file(file).unwrap();
                std::os::unix::fs::symlink(&elsewhere, file).unwrap();
                Some((elsewhere.clone(), std::fs::read(&elsewhere).unwrap()))
            },
            "it is a symbolic link",
        ),
        (
            "foreign",
            |file, _| {
                // The suite runs as root; as another user chown fails and the case
                // cannot be made.
                std::os::unix::fs::chown(file, Some(54321), Some(54321))
                    .expect("chown to another user (the suite runs as root)");
                None
            },
            "it is owned by user 54321, not by this user",
        ),
        (
            "group-readable",
            |file, _| {
                std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o640)).unwrap();
                None
            },
            "other users may read or write it (mode 640, not 600)",
        ),
        (
            "garbage",
            |file, _| {
                std::fs::write(file, b"{\"access_token\": tru").unwrap();
                None
            },
            "it is not a token cache entry (line 1, column",
        ),
    ];
    for (name, tamper, why) in cases {
        let server = server();
        let cache = TestDir::new();
        ok(&invite(&server, &cache, "a@b.c").run(), "a@b.c");
        assert_eq!(server.token_requests(), 1, "{name}");
        let file = entry(&cache.path.join("atlas-rs"));
        let kept = tamper(&file, &cache);
        let out = invite_debug(&server, &cache, "b@b.c")
            .env("ATLAS_TOKEN_CACHE", "1")
            .run();
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "DEBUG token cache: ignoring {}: {why}",
                file.display()
            )),
            "{name}: {}",
            out.stderr
        );
        assert_eq!(server.token_requests(), 2, "{name}: a new token");
        // Replaced by a private regular file of ours, which the next run uses.
        let meta = std::fs::symlink_metadata(&file).unwrap();
        assert!(meta.is_file(), "{name}");
        assert_eq!(meta.mode() & 0o777, 0o600, "{name}");
        assert_eq!(
            meta.uid(),
            std::fs::metadata(&cache.path).unwrap().uid(),
            "{name}"
        );
        ok(&invite(&server, &cache, "c@b.c").run(), "c@b.c");
        assert_eq!(
            server.token_requests(),
            2,
            "{name}: the replacement is used"
        );
        if let Some((target, before)) = kept {
            assert_eq!(
                std::fs::read(&target).unwrap(),
                before,
                "{name}: target written"
            );
        }
    }
}

#[test]
fn a_revoked_cached_token_is_replaced_once() {
    let server = server();
    let cache = TestDir::new();
    ok(&invite(&server, &cache, "a@b.c").run(), "a@b.c");
    server.revoke_bearer_tokens();
    let before = server.requests().len();
    ok(&invite(&server, &cache, "b@b.c").run(), "b@b.c");
    assert_eq!(server.token_requests(), 2);
    let run: Vec<(String, String, u16)> = server.requests()[before..]
        .iter()
        .map(|r| (r.method.clone(), r.target.clone(), r.status))
        .collect();
    let invites = format!("/api/atlas/v2/orgs/{ORG}/invites");
    assert_eq!(
        run,
        [
            ("POST".to_string(), invites.clone(), 401),
            ("POST".to_string(), "/api/oauth/token".to_string(), 200),
            ("POST".to_string(), invites.clone(), 200),
        ]
    );
    let b: Vec<_> = server
        .members()
        .into_iter()
        .filter(|m| m.username.as_str() == Some("b@b.c"))
        .collect();
    assert_eq!(b.len(), 1, "invited exactly once");
    // The new token was kept: the next run needs no token request.
    ok(&invite(&server, &cache, "c@b.c").run(), "c@b.c");
    assert_eq!(server.token_requests(), 2);

    // When Atlas refuses the fresh token too, that is the answer: one more token
    // request, one more try, then the usual error.
    server.revoke_bearer_tokens();
    let refused = crate::support::fake_atlas::jwt(3600, "refused");
    server.push_token_answer(Canned::error(
        200,
        &format!(r#"{{"access_token":"{refused}","token_type":"Bearer","expires_in":3600}}"#),
    ));
    let before = server.requests().len();
    let out = invite(&server, &cache, "d@b.c").run();
    out.assert_error(&format!(
        "{}\nthe server refused the service account that was sent (client_id from MONGODB_ATLAS_CLIENT_ID, client_secret from MONGODB_ATLAS_CLIENT_SECRET)",
        crate::support::UNAUTHORIZED
    ));
    assert_eq!(server.requests().len() - before, 3, "401, token, 401");
    assert_eq!(server.token_requests(), 3);
}

#[test]
fn atlas_token_cache_0_turns_it_off_and_other_values_are_refused() {
    let server = server();
    let cache = TestDir::new();
    for email in ["a@b.c", "b@b.c", "c@b.c"] {
        ok(
            &invite(&server, &cache, email)
                .env("ATLAS_TOKEN_CACHE", "0")
                .run(),
            email,
        );
    }
    assert_eq!(server.token_requests(), 3, "a token per run");
    assert!(!cache.path.join("atlas-rs").exists(), "nothing written");
    for bad in ["yes", "off", "2"] {
        invite(&server, &cache, "a@b.c")
            .env("ATLAS_TOKEN_CACHE", bad)
            .run()
            .assert_error(&format!(
                "ATLAS_TOKEN_CACHE must be 0 (keep no service-account tokens between runs) or 1 (keep them, the default), not \"{bad}\""
            ));
    }
    assert_eq!(server.token_requests(), 3, "refused before any request");
}

#[test]
fn a_cache_that_cannot_be_used_never_fails_the_command() {
    let server = server();
    // The cache "folder" is a file: nothing can be created in it.
    let dir = TestDir::new();
    let not_a_folder = dir.write("cache-file", "x");
    for email in ["a@b.c", "b@b.c"] {
        let out = invite_debug(&server, &dir, email)
            .env("XDG_CACHE_HOME", &not_a_folder.to_string_lossy())
            .run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("DEBUG token cache: cannot keep the new token in "),
            "{}",
            out.stderr
        );
    }
    assert_eq!(server.token_requests(), 2);
    // Our folder belongs to someone else: not used, not changed.
    let cache = TestDir::new();
    let folder = cache.path.join("atlas-rs");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::chown(&folder, Some(54321), Some(54321))
        .expect("chown to another user (the suite runs as root)");
    for email in ["c@b.c", "d@b.c"] {
        let out = invite_debug(&server, &cache, email).run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stderr.contains("owned by user 54321, not by this user"),
            "{}",
            out.stderr
        );
    }
    assert_eq!(server.token_requests(), 4);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    // A relative XDG_CACHE_HOME is no cache, not an error.
    ok(
        &invite(&server, &cache, "e@b.c")
            .env("XDG_CACHE_HOME", "relative/cache")
            .run(),
        "e@b.c",
    );
}

#[test]
fn form_encoded_token_answers_are_used_and_kept() {
    use crate::support::fake_atlas::TokenStyle;
    let server = server();
    server.token_style(TokenStyle::Form { jwt: true });
    let cache = TestDir::new();
    ok(&invite(&server, &cache, "a@b.c").run(), "a@b.c");
    ok(&invite(&server, &cache, "b@b.c").run(), "b@b.c");
    assert_eq!(server.token_requests(), 1);
    // An opaque token (not a JWT): its expiry comes from expires_in.
    let server = crate::support::fake();
    server.accept_service_account(CLIENT_ID, CLIENT_SECRET);
    server.token_style(TokenStyle::Form { jwt: false });
    let cache = TestDir::new();
    ok(&invite(&server, &cache, "a@b.c").run(), "a@b.c");
    ok(&invite(&server, &cache, "b@b.c").run(), "b@b.c");
    assert_eq!(server.token_requests(), 1);
    let last = server.requests().pop().unwrap();
    assert_eq!(last.header("authorization"), Some("Bearer opaque-token-1"));
}

#[test]
fn a_wrong_secret_asks_the_token_endpoint_and_fails_while_the_right_one_is_cached() {
    let server = server();
    let cache = TestDir::new();
    ok(&invite(&server, &cache, "a@b.c").run(), "a@b.c");
    assert_eq!(server.token_requests(), 1);
    // A typo in the secret: not the right secret's token, but the usual refusal.
    let wrong = "mdb_sa_sk_Wrong0secret";
    let out = invite_debug(&server, &cache, "b@b.c")
        .env("MONGODB_ATLAS_CLIENT_SECRET", wrong)
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "Error: {}\nthe server refused the service account that was sent",
            crate::support::UNAUTHORIZED
        )),
        "{}",
        out.stderr
    );
    assert_eq!(
        server.token_requests(),
        2,
        "the wrong secret was asked about"
    );
    for text in [&out.stdout, &out.stderr] {
        assert!(
            !text.contains(wrong) && !text.contains(CLIENT_SECRET),
            "{text}"
        );
    }
    // The right secret again: its token is still kept, no token request.
    ok(&invite(&server, &cache, "c@b.c").run(), "c@b.c");
    assert_eq!(server.token_requests(), 2);
    // One entry (the wrong secret got no token), and no secret in it.
    let file = entry(&cache.path.join("atlas-rs"));
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        !text.contains(CLIENT_SECRET) && !text.contains(wrong),
        "{text}"
    );
}

#[test]
fn a_relative_home_is_no_cache() {
    let server = server();
    let work = TestDir::new();
    for email in ["a@b.c", "b@b.c"] {
        let out = atlas(&["org", "invitations", "invite", email, "--orgId", ORG, "-D"])
            .env("MONGODB_ATLAS_OPS_MANAGER_URL", &server.url())
            .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
            .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
            .env("HOME", ".")
            .cwd(&work.path)
            .run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("DEBUG token cache: not used: path in $HOME is relative"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains(CLIENT_SECRET), "{}", out.stderr);
    }
    assert_eq!(server.token_requests(), 2, "a token per run");
    assert_eq!(files(&work.path), Vec::<PathBuf>::new(), "nothing written");
}
