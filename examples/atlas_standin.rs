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
//! the organization `make bench` plans `apply` against. An assignment may name its
//! project by `project` (a name from `STANDIN_PROJECTS`) in place of `groupId`.
//! `STANDIN_TEAMS=FILE` adds teams to that org: a JSON array of
//! `{"name": …, "members": [username, …]}` (as `NewTeam`; each member a user of
//! `STANDIN_USERS`). `STANDIN_PROJECTS=FILE` adds projects: a JSON array of
//! `{"name": …, "teams": [{"team": NAME, "roles": […]}]}` (teams by name from
//! `STANDIN_TEAMS`). The fake gives teams and projects their ids, so the files speak
//! names, as the members file's object form does.

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
        server.preload(ORG, n);
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
    if let Err(e) = seed_org(&server) {
        eprintln!("atlas_standin: {e}");
        std::process::exit(1);
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

/// The benchmark organization.
const ORG: &str = "5f71e5255afec75a3d0f96dc";

/// Reads the JSON array in the file `STANDIN_{name}` names, if set (else empty).
fn seed_file(name: &str) -> Result<Vec<serde_json::Value>, String> {
    let Ok(path) = std::env::var(format!("STANDIN_{name}")) else {
        return Ok(Vec::new());
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// Seeds the teams, projects and users of `STANDIN_TEAMS`, `STANDIN_PROJECTS` and
/// `STANDIN_USERS`. Teams come first, without members (the users do not exist yet),
/// then the projects that hold them, then the users, each with the teams whose
/// `members` name them and the projects their assignments name: the same store as
/// `NewTeam::members` would make, without a cycle between the ids.
fn seed_org(server: &fake_atlas::FakeAtlas) -> Result<(), String> {
    use std::collections::{HashMap, HashSet};
    let teams = seed_file("TEAMS")?;
    let projects = seed_file("PROJECTS")?;
    let users = seed_file("USERS")?;
    let mut team_ids = HashMap::new();
    // username → the ids of the teams that list them, in the teams file's order.
    let mut member_of: HashMap<String, Vec<String>> = HashMap::new();
    for t in &teams {
        let name = t["name"]
            .as_str()
            .ok_or("STANDIN_TEAMS: a team without a name")?;
        let id = server.add_team(ORG, fake_atlas::NewTeam::new(name));
        for username in strings(&t["members"]) {
            member_of.entry(username).or_default().push(id.clone());
        }
        if team_ids.insert(name.to_string(), id).is_some() {
            return Err(format!("STANDIN_TEAMS: two teams named {name:?}"));
        }
    }
    let mut project_ids = HashMap::new();
    for p in &projects {
        let name = p["name"]
            .as_str()
            .ok_or("STANDIN_PROJECTS: a project without a name")?;
        let mut project = fake_atlas::NewProject::new(name);
        for t in p["teams"].as_array().into_iter().flatten() {
            let team = t["team"].as_str().unwrap_or_default();
            let id = team_ids
                .get(team)
                .ok_or_else(|| format!("STANDIN_PROJECTS: {name}: no team {team:?}"))?;
            let roles = strings(&t["roles"]);
            let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
            project = project.team(id, &roles);
        }
        let id = server.add_project(ORG, project);
        if project_ids.insert(name.to_string(), id).is_some() {
            return Err(format!("STANDIN_PROJECTS: two projects named {name:?}"));
        }
    }
    let mut seeded = HashSet::new();
    for u in &users {
        let username = u["username"].as_str().unwrap_or("");
        let status = match u["orgMembershipStatus"].as_str() {
            Some("ACTIVE") => "ACTIVE",
            Some("INVITATION_EXPIRED") => "INVITATION_EXPIRED",
            Some("INVITATION_REJECTED") => "INVITATION_REJECTED",
            _ => "PENDING",
        };
        let roles = strings(&u["roles"]["orgRoles"]);
        let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
        let mut teams = strings(&u["teamIds"]);
        for id in member_of.get(username).into_iter().flatten() {
            if !teams.contains(id) {
                teams.push(id.clone());
            }
        }
        let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
        let mut user = fake_atlas::NewUser::new(username, status)
            .org_roles(&roles)
            .teams(&teams);
        for g in u["roles"]["groupRoleAssignments"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let group = match g["project"].as_str() {
                Some(name) => project_ids
                    .get(name)
                    .cloned()
                    .ok_or_else(|| format!("STANDIN_USERS: {username}: no project {name:?}"))?,
                None => g["groupId"].as_str().unwrap_or("").to_string(),
            };
            let group_roles = strings(&g["groupRoles"]);
            let group_roles: Vec<&str> = group_roles.iter().map(String::as_str).collect();
            user = user.group(&group, &group_roles);
        }
        server.add_user(ORG, user);
        seeded.insert(username);
    }
    // A team member who is not a user would leave a team whose members differ from
    // what the file says.
    if let Some(missing) = member_of.keys().find(|u| !seeded.contains(u.as_str())) {
        return Err(format!(
            "STANDIN_TEAMS: {missing} is a team member but not a user of STANDIN_USERS"
        ));
    }
    Ok(())
}
