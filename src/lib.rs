//! `atlas`: a static drop-in for the official Atlas CLI's
//! `atlas organizations invitations …` commands.
//!
//! The library holds everything; `main.rs` only maps the outcome to an exit code.
//! Layers, bottom up (a module imports only from its layer or below; see `layers`):
//! - `go`: our copies of Go's standard library, one module per Go package; `fsutil`:
//!   size-capped file reads; `text`: edit distance and suggestions; `redact`: this
//!   run's secrets and the one way to stderr (`say!`), which scrubs them.
//! - `error`, `config` (profiles, environment, TOML subset).
//! - `transport` (HTTP client, Digest and MD5, proxy, TLS and roots, OAuth token
//!   requests): knows nothing of Atlas resources.
//! - `api` (credentials and the session, the invitation operations and their endpoints,
//!   the SDK model) and `output` (`-o` formats, JSONPath).
//! - `cli` (command tree, pflag-style parsing, help) and `cmd` (one recipe per verb).

// No panics by construction: these are errors in library code (tests may use them).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod api;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod fsutil;
pub mod go;
pub mod output;
pub mod redact;
pub mod text;
pub mod transport;

use std::ffi::OsString;
use std::io::Write;

/// Runs the program on `args` (without the program name), writing results to `out`.
pub fn run(args: Vec<OsString>, env: &config::Env, out: &mut dyn Write) -> error::Result<()> {
    match cli::parse(args)? {
        cli::Invocation::Help(text) => cmd::write_out(out, text.as_bytes()),
        cli::Invocation::Version => cmd::write_out(out, cli::version_text().as_bytes()),
        cli::Invocation::Print(text) => cmd::write_out(out, text.as_bytes()),
        cli::Invocation::Run(parsed) => cmd::run(&parsed, env, out),
    }
}

/// The layering rule, checked on the source text: a module may import only from its own
/// layer or below (`fsutil`, `go` < `redact` < `error` < `config` < `transport` < `api`,
/// `output` < `cli` < `cmd`).
#[cfg(test)]
mod layers {
    use std::path::Path;

    /// Each top-level module with the modules it may use (besides itself).
    const ALLOWED: &[(&str, &[&str])] = &[
        ("fsutil", &[]),
        ("text", &[]),
        ("go", &[]),
        ("redact", &["go"]),
        ("error", &["redact"]),
        ("config", &["go", "error", "fsutil", "redact"]),
        ("transport", &["go", "config", "fsutil", "redact"]),
        (
            "api",
            &[
                "go",
                "error",
                "config",
                "fsutil",
                "transport",
                "redact",
                "text",
            ],
        ),
        ("output", &["go", "error", "api", "fsutil", "redact"]),
        ("cli", &["go", "error", "config", "redact", "text"]),
        (
            "cmd",
            &[
                "go", "error", "config", "api", "output", "cli", "fsutil", "redact", "text",
            ],
        ),
    ];

    fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn no_module_imports_from_a_layer_above() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut violations = Vec::new();
        for file in files {
            let rel = file.strip_prefix(&src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_str()
                .unwrap();
            let top = top.trim_end_matches(".rs");
            let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == top) else {
                continue; // lib.rs and main.rs sit above everything
            };
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                let mut rest = line;
                while let Some(i) = rest.find("crate::") {
                    rest = &rest[i + 7..];
                    let used: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if used != top && !allowed.contains(&used.as_str()) {
                        violations.push(format!("{}:{}: {top} uses {used}", rel.display(), n + 1));
                    }
                }
            }
        }
        assert!(violations.is_empty(), "{}", violations.join("\n"));
    }

    /// Decision secrets-redacted: stderr is written only through `redact` (`say!`,
    /// `say_partial!`), which scrubs this run's secrets; a stray `eprintln!` would not.
    #[test]
    fn stderr_only_through_redact() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        // Spelled in pieces so that this test does not find itself.
        let banned = [
            concat!("epr", "int!("),
            concat!("epr", "intln!("),
            concat!("std", "err()"),
        ];
        let mut violations = Vec::new();
        for file in files {
            let rel = file.strip_prefix(&src).unwrap();
            if rel == Path::new("redact.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                if let Some(b) = banned.iter().find(|b| line.contains(*b)) {
                    violations.push(format!("{}:{}: {b}", rel.display(), n + 1));
                }
            }
        }
        assert!(
            violations.is_empty(),
            "print to stderr with say!/say_partial! (crate::redact), not:\n{}",
            violations.join("\n")
        );
    }

    /// Knowledge stays in its layer (issue 24): `transport` and `go` know no Atlas
    /// setting (`ATLAS_…`, named by their caller) and no SDK package (`"admin"`), and
    /// `api` returns data and never writes to stderr itself (its notes, waits and
    /// warnings are words in `output`, printed through the sinks `cmd` gives it).
    #[test]
    fn knowledge_stays_in_its_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        // Spelled in pieces so that this test does not find itself.
        let atlas = concat!("ATL", "AS_");
        let admin = concat!("\"adm", "in\"");
        let printing = [
            concat!("epr", "int!("),
            concat!("epr", "intln!("),
            concat!("sa", "y!("),
            concat!("say_", "partial!("),
            concat!("say_", "debug!("),
            concat!("write_", "stderr("),
            concat!("stderr_", "writer("),
        ];
        let rules: [(&str, &[&str]); 3] = [
            ("transport", &[atlas, admin]),
            ("go", &[atlas, admin]),
            ("api", &printing),
        ];
        let mut violations = Vec::new();
        for file in files {
            let rel = file.strip_prefix(&src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_str()
                .unwrap();
            let Some((_, banned)) = rules.iter().find(|(m, _)| *m == top) else {
                continue;
            };
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                for b in banned.iter() {
                    if line.contains(b) {
                        violations.push(format!("{}:{}: {b}", rel.display(), n + 1));
                    }
                }
            }
        }
        assert!(violations.is_empty(), "{}", violations.join("\n"));
    }

    /// The second-level module a path names (`api/users.rs` → `api::users`).
    fn module_of(rel: &Path) -> Option<(String, String)> {
        let mut parts = rel.components().map(|c| c.as_os_str().to_str().unwrap());
        let top = parts.next()?.trim_end_matches(".rs").to_string();
        let second = parts.next()?.trim_end_matches(".rs").to_string();
        Some((top, second))
    }

    /// No circle of imports between the files of one layer (say `api::backend` and
    /// `api::invitations` using each other), outside tests.
    #[test]
    fn no_circles_between_modules() {
        use std::collections::{BTreeMap, BTreeSet};
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let rel = file.strip_prefix(&src).unwrap();
            let Some((top, second)) = module_of(rel) else {
                continue;
            };
            if second == "mod" {
                continue; // a layer's mod.rs only declares and re-exports
            }
            let me = format!("{top}::{second}");
            let text = std::fs::read_to_string(file).unwrap();
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let code = code.as_str();
            // `super::x` names a sibling only in a layer's direct files.
            let direct = rel.components().count() == 2;
            for (prefix, layer) in [
                ("super::", direct.then_some(top.as_str())),
                ("crate::", None),
            ] {
                let mut rest = code;
                while let Some(i) = rest.find(prefix) {
                    rest = &rest[i + prefix.len()..];
                    let path: Vec<&str> = rest
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                        .next()
                        .unwrap()
                        .split("::")
                        .collect();
                    let target = match (layer, path.as_slice()) {
                        (Some(l), [m, ..]) => format!("{l}::{m}"),
                        (None, [t, m, ..]) => format!("{t}::{m}"),
                        _ => continue,
                    };
                    if target != me {
                        edges.entry(me.clone()).or_default().insert(target);
                    }
                }
            }
        }
        // Depth-first search for a back edge.
        fn visit(
            n: &str,
            edges: &BTreeMap<String, BTreeSet<String>>,
            stack: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(i) = stack.iter().position(|s| s == n) {
                let mut circle = stack[i..].to_vec();
                circle.push(n.to_string());
                return Some(circle);
            }
            if done.contains(n) {
                return None;
            }
            stack.push(n.to_string());
            for m in edges.get(n).into_iter().flatten() {
                if let Some(c) = visit(m, edges, stack, done) {
                    return Some(c);
                }
            }
            stack.pop();
            done.insert(n.to_string());
            None
        }
        let mut done = BTreeSet::new();
        for n in edges.keys() {
            let circle = visit(n, &edges, &mut Vec::new(), &mut done);
            assert!(
                circle.is_none(),
                "circle of imports: {}",
                circle.unwrap().join(" -> ")
            );
        }
    }
}
