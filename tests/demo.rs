//! `make demo`'s script, run against this build's `atlas` and stand-in.

use std::path::PathBuf;
use std::process::Command;

/// Builds the stand-in example (the suite's binary does not include it).
fn standin() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--example", "atlas_standin"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run cargo");
    assert!(status.success(), "building the stand-in failed");
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("debug/examples/atlas_standin")
}

#[test]
fn demo_starts_with_its_heading() {
    let out = Command::new("sh")
        .arg("examples/demo.sh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ATLAS", crate::support::command::launcher())
        .env("STANDIN", standin())
        .output()
        .expect("run demo.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Atlas stand-in listening on http://127.0.0.1:")
            && first.ends_with(" (Digest auth, demo keys)"),
        "{stdout}"
    );
    assert!(stdout.contains("\n$ atlas organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER\nUser 'user@example.com' invited.\n(exit 0)\n"), "{stdout}");
    // After the sunset act: the same commands on the users API, all of them exit 0.
    let after = stdout
        .split("=== After the sunset (2027-07-01) ===")
        .nth(1)
        .unwrap_or_default();
    assert_eq!(after.matches("(exit 0)").count(), 3, "{stdout}");
    assert!(
        after.contains("\nUser 'newhire@example.com' invited.\n"),
        "{stdout}"
    );
    assert!(after.contains("/users -> 201"), "{stdout}");
}
