//! The `atlas` binary: run, then map the outcome to the official CLI's exit codes
//! (0, or 1 with `Error: <message>` on stderr; 2 for `apply --check` finding drift).

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let env = atlas::config::process_env();
    match atlas::run(std::env::args_os().skip(1).collect(), &env, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(atlas::error::Error::Reported) => ExitCode::FAILURE,
        Err(e) => {
            let _ = out.flush();
            eprintln!("Error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
