//! The `atlas` binary: run, then map the outcome to the official CLI's exit codes
//! (0, or 1 with `Error: <message>` on stderr; 2 for `apply --check` finding drift).
//! Both streams are scrubbed of this run's secrets (decision `secrets-redacted`).

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
    let mut out = atlas::redact::Scrubbing::new(stdout.lock());
    let env = atlas::config::process_env();
    let result = atlas::run(std::env::args_os().skip(1).collect(), &env, &mut out);
    // Whatever was written goes out before the error line, as Go's unbuffered stdout does.
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(atlas::error::Error::Reported) => ExitCode::FAILURE,
        Err(e) => {
            atlas::redact::say!("Error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
