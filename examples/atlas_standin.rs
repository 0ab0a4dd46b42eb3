//! A local Atlas stand-in for `make demo` and benchmarks: the test suite's fake Atlas
//! on loopback with demo API keys. Prints its URL, then serves until it is killed
//! (or `STANDIN_LIFETIME_SECS`, default 3600, pass), printing each request to stderr.
//!
//! Usage: atlas_standin [PORT_FILE [CONTROL_FILE]]
//! Writes the base URL to PORT_FILE when given (else prints it). Once CONTROL_FILE
//! holds a status (410, 406 or 404), the invites endpoints answer it from then on, as
//! Atlas may after their sunset (the users API stays). `STANDIN_BRIEF=1` logs one line
//! per request; `STANDIN_PRELOAD=N` starts with N invitations in org
//! 5f71e5255afec75a3d0f96dc. `STANDIN_CLIENT_ID` and `STANDIN_CLIENT_SECRET` name a
//! service account its token endpoint accepts.
//! `STANDIN_BUCKET=C,R,P` puts Atlas's rate limit in front of
//! the API: a token bucket of capacity C refilling R per P seconds (real time), with
//! `Retry-After` and the detail text.
//! `STANDIN_USERS=FILE` adds the users of FILE to that org
//! (a JSON array in the users API's shape: `username`, `orgMembershipStatus`,
//! `roles.orgRoles`, `roles.groupRoleAssignments[].{groupId,groupRoles}`, `teamIds`),
//! the organization `make bench` plans `apply` against.

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
    if let (Ok(id), Ok(secret)) = (
        std::env::var("STANDIN_CLIENT_ID"),
        std::env::var("STANDIN_CLIENT_SECRET"),
    ) {
        server.accept_service_account(&id, &secret);
    }
    if let Some(spec) = std::env::var("STANDIN_BUCKET")
        .ok()
        .filter(|v| !v.is_empty())
    {
        let n: Vec<u32> = spec
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        let [capacity, refill, per] = n[..] else {
            eprintln!(
                "atlas_standin: STANDIN_BUCKET must be capacity,refill,per_seconds, not {spec:?}"
            );
            std::process::exit(1);
        };
        server.set_bucket(fake_atlas::Bucket::new(capacity, refill, per, 1.0));
    }
    if let Ok(path) = std::env::var("STANDIN_USERS") {
        if let Err(e) = seed(&server, &path) {
            eprintln!("atlas_standin: {path}: {e}");
            std::process::exit(1);
        }
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
    let control = std::env::args().nth(2);
    // Serve until killed; the lifetime only guards against a forgotten process.
    let lifetime = std::env::var("STANDIN_LIFETIME_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3600);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(lifetime);
    let mut gone = None;
    while std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let Some(path) = &control else { continue };
        let asked = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.trim().parse::<u16>().ok())
            .filter(|s| [404, 406, 410].contains(s));
        if asked.is_some() && asked != gone {
            gone = asked;
            server.invites_gone(gone);
            eprintln!(
                "[stand-in] the invites API is gone: every /invites request now answers {}",
                gone.unwrap_or_default()
            );
        }
    }
    server.stop();
}

/// Adds the users of the file at `path` to the benchmark organization.
fn seed(server: &fake_atlas::FakeAtlas, path: &str) -> Result<(), String> {
    use serde_json::Value;
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let users: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    for u in &users {
        let status = match u["orgMembershipStatus"].as_str() {
            Some("ACTIVE") => "ACTIVE",
            Some("INVITATION_EXPIRED") => "INVITATION_EXPIRED",
            Some("INVITATION_REJECTED") => "INVITATION_REJECTED",
            _ => "PENDING",
        };
        let roles = strings(&u["roles"]["orgRoles"]);
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        let teams = strings(&u["teamIds"]);
        let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
        let mut user = fake_atlas::NewUser::new(u["username"].as_str().unwrap_or(""), status)
            .org_roles(&roles)
            .teams(&teams);
        for g in u["roles"]["groupRoleAssignments"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let group_roles = strings(&g["groupRoles"]);
            let group_roles: Vec<&str> = group_roles.iter().map(String::as_str).collect();
            user = user.group(g["groupId"].as_str().unwrap_or(""), &group_roles);
        }
        server.add_user("5f71e5255afec75a3d0f96dc", user);
    }
    Ok(())
}
