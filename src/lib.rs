//! `atlas`: a static drop-in for the official Atlas CLI's
//! `atlas organizations invitations …` commands.
//!
//! The library holds everything; `main.rs` only maps the outcome to an exit code.
//! Modules: `cli` (command tree, pflag-style parsing, help), `cmd` (one file per
//! verb), `config` (profiles, environment, TOML subset), `api` (client, Digest, MD5,
//! model, errors), `output` (formats, tabwriter), `json` (Go-compatible JSON).

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
pub mod gofmt;
pub mod json;
pub mod output;

use std::ffi::OsString;
use std::io::Write;

/// Runs the program on `args` (without the program name), writing results to `out`.
pub fn run(args: Vec<OsString>, env: &config::Env, out: &mut dyn Write) -> error::Result<()> {
    match cli::parse(args)? {
        cli::Invocation::Help(text) => cmd::write_out(out, text.as_bytes()),
        cli::Invocation::Version => cmd::write_out(out, cli::version_text().as_bytes()),
        cli::Invocation::Print(text) => cmd::write_out(out, text.as_bytes()),
        cli::Invocation::UnknownHelpTopic(text) => {
            eprint!("{text}");
            Ok(())
        }
        cli::Invocation::Run(parsed) => cmd::run(&parsed, env, out),
    }
}
