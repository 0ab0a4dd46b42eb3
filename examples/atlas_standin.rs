//! A local Atlas stand-in for `make demo` and benchmarks: the test suite's fake Atlas
//! on loopback with demo API keys. Prints its URL, then serves until it is killed
//! (or `STANDIN_LIFETIME_SECS`, default 3600, pass), printing each request to stderr.
//!
//! Usage: atlas_standin [PORT_FILE]   (writes the base URL to PORT_FILE when given,
//! instead of printing it)
//! `STANDIN_BRIEF=1` logs one line per request; `STANDIN_PRELOAD=N` starts with N
//! invitations in org 5f71e5255afec75a3d0f96dc.

#[path = "../tests/support/fake_atlas/mod.rs"]
mod fake_atlas;

fn main() {
    let keys = fake_atlas::Keys {
        public: std::env::var("STANDIN_PUBLIC_KEY").unwrap_or_else(|_| "demo-public-key".into()),
        private: std::env::var("STANDIN_PRIVATE_KEY")
            .unwrap_or_else(|_| "demo-private-key-0000-0000-000000000000".into()),
    };
    let mut server = fake_atlas::FakeAtlas::start(Some(keys));
    server.echo(true);
    server.brief(std::env::var("STANDIN_BRIEF").is_ok_and(|v| v == "1"));
    if let Some(n) = std::env::var("STANDIN_PRELOAD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        server.preload("5f71e5255afec75a3d0f96dc", n);
    }
    let url = server.url();
    // The URL goes to PORT_FILE when given (scripts read it there, and the demo's
    // stdout stays its own), else to stdout.
    match std::env::args().nth(1) {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &url) {
                eprintln!("atlas_standin: cannot write {path}: {e}");
                std::process::exit(1);
            }
        }
        None => println!("{url}"),
    }
    // Serve until killed; the lifetime only guards against a forgotten process.
    let lifetime = std::env::var("STANDIN_LIFETIME_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3600);
    std::thread::sleep(std::time::Duration::from_secs(lifetime));
    server.stop();
}
