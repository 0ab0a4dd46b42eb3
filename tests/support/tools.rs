//! Third-party tools and ports the interop tests need.

use std::path::Path;

/// In CI a missing tool is a failure; on a developer machine the test says it skipped.
pub fn require(tool: &str) -> bool {
    if Path::new(tool).exists() {
        return true;
    }
    if std::env::var("CI").is_ok() {
        panic!("{tool} is required in CI (installed by .ci/run)");
    }
    eprintln!("skipping: {tool} is not installed (.ci/run installs it)");
    false
}

/// A loopback port that was free a moment ago (for servers that cannot bind port 0).
pub fn free_port() -> Option<u16> {
    Some(
        std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port(),
    )
}
