//! Build-time input for `atlas --version`: the git commit this checkout is at, as
//! `ATLAS_GIT_COMMIT` (its first 12 hex digits), or `unknown` outside a git checkout.
//!
//! std only. The value depends on the commit alone (not on the directory, the time,
//! the user or how many objects the repository holds), so release builds of one commit
//! stay byte for byte identical.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixed length instead of `git rev-parse --short`, whose length grows with the number
/// of objects in the repository: a fresh clone and a long-lived checkout of the same
/// commit could otherwise print different text.
const LEN: usize = 12;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ATLAS_GIT_COMMIT");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // Someone building from a source archive (no .git) may name the commit themselves.
    let commit = match std::env::var("ATLAS_GIT_COMMIT") {
        Ok(given) if is_commit(&given) => Some(given),
        _ => checkout_commit(&dir),
    };
    let text = match commit {
        Some(c) => c[..LEN].to_ascii_lowercase(),
        None => "unknown".to_string(),
    };
    println!("cargo:rustc-env=ATLAS_GIT_COMMIT={text}");
}

/// A full or abbreviated (at least LEN digits) hexadecimal object name.
fn is_commit(s: &str) -> bool {
    (LEN..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// HEAD of the repository whose top level is `dir`; None if git is missing, `dir` is
/// not a checkout, or `dir` is merely a folder inside some other repository (a source
/// archive unpacked in a user's home repository must not report that repository).
fn checkout_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if std::fs::canonicalize(top).ok()? != std::fs::canonicalize(dir).ok()? {
        return None;
    }
    // Rebuild when HEAD moves: a commit, a checkout, or a branch update (loose or packed).
    let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watch.push(branch);
    }
    for name in watch {
        if let Some(p) = git(dir, &["rev-parse", "--git-path", &name]) {
            let p = dir.join(p);
            // Cargo reruns a script every build when a watched path does not exist.
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
    let head = git(dir, &["rev-parse", "--verify", "-q", "HEAD^{commit}"])?;
    is_commit(&head).then_some(head)
}

/// One git command's trimmed stdout, if it succeeded.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        // A checkout owned by another user is still this build's source (cargo runs its
        // code anyway); without this git would refuse it and the text would change.
        .args(["-c", "safe.directory=*"])
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?;
    let s = s.trim_end();
    (!s.is_empty()).then(|| s.to_string())
}
