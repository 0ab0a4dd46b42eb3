//! Planning benchmark for `apply` (`make bench`, issues 20 and 25): the organization's
//! users (a JSON array in the users API's shape, as the stand-in lists them) and a
//! members file in; times each step `apply` takes between the lists and the first
//! change, over several runs, and prints the plan's counts.
//!
//! Usage: plan_bench USERS.json MEMBERS.json [RUNS [TEAMS.json]]
//!
//! With TEAMS.json (`{"teams": [{"id", "name", "projects": {groupId: [role, …]}}],
//! "projects": [{"id", "name"}]}`, the organization's teams with their project roles
//! and its projects, as `apply` lists them), the file may take either form: its names
//! are resolved and the plan covers teams (`--prune-members --prune-teams`, as the
//! teams section of `bench.sh` applies it).

use atlas::api::membership::names::Names;
use atlas::api::membership::plan::{plan, plan_with_teams, Options, Plan};
use atlas::api::membership::teams::{TeamChange, TeamOptions};
use atlas::api::membership::{members, wire, Action, Change, OrgProject, OrgTeam, OrgUser};
use atlas::api::model::OrgUserResponse;
use atlas::output::membership as render;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    println!(
        "{name}: median {:.3} ms over {runs} runs",
        median(times).as_secs_f64() * 1e3
    );
    last.expect("at least one run")
}

/// The organization's teams and projects from TEAMS.json.
fn org_teams(text: &[u8]) -> (Vec<OrgTeam>, Vec<OrgProject>) {
    let v: serde_json::Value = serde_json::from_slice(text).expect("TEAMS.json");
    let s = |v: &serde_json::Value| v.as_str().expect("a string").to_string();
    let teams = v["teams"]
        .as_array()
        .expect("teams")
        .iter()
        .map(|t| OrgTeam {
            id: s(&t["id"]),
            name: s(&t["name"]),
            projects: t["projects"]
                .as_object()
                .expect("projects")
                .iter()
                .map(|(g, roles)| {
                    let roles = roles.as_array().expect("roles").iter().map(s).collect();
                    (g.clone(), roles)
                })
                .collect(),
        })
        .collect();
    let projects = v["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| OrgProject {
            id: s(&p["id"]),
            name: s(&p["name"]),
        })
        .collect();
    (teams, projects)
}

/// The writing requests the plan sends: one per change, but a revoke reads the user
/// again first (decision apply-revoke-became-active) and a team's project roles take
/// one per project.
fn writes(p: &Plan) -> usize {
    let members: usize = p
        .changes
        .iter()
        .map(|c| match c {
            Change::Revoke { .. } => 2,
            _ => 1,
        })
        .sum();
    let teams: usize = p
        .teams
        .iter()
        .map(|t| match t {
            TeamChange::Projects { projects, .. } => projects.len(),
            _ => 1,
        })
        .sum();
    members + teams
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: plan_bench USERS.json MEMBERS.json [RUNS [TEAMS.json]]");
        std::process::exit(2);
    }
    let users_text = std::fs::read(&args[1]).expect("read the users");
    let file = std::fs::read(&args[2]).expect("read the members file");
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(50);
    let org = args
        .get(4)
        .map(|path| org_teams(&std::fs::read(path).expect("read the teams")));

    let users: Vec<OrgUser> = time(
        "decode the users (Go's json rules) and map them",
        runs,
        || {
            let listed: Vec<OrgUserResponse> = atlas::go::json::unmarshal(&users_text)
                .expect("users")
                .value;
            listed
                .iter()
                .map(wire::user)
                .collect::<Result<Vec<_>, _>>()
                .expect("statuses")
        },
    );
    let (p, in_file) = match &org {
        None => {
            let members = time("read and check the members file", runs, || {
                let parsed = members::parse(&file).expect("a members file");
                assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
                parsed.members
            });
            let options = Options {
                prune: true,
                ..Options::default()
            };
            let p = time("plan", runs, || {
                plan(&members, &users, &options).expect("a plan that is not refused")
            });
            (p, members.len())
        }
        Some((teams, projects)) => {
            let read = time("read and check the members file", runs, || {
                let read = members::read(&file).expect("a members file");
                assert!(read.problems.is_empty(), "{:?}", read.problems);
                read
            });
            let resolved = time("map the names and resolve the file", runs, || {
                Names::new(teams, projects)
                    .resolve(&read)
                    .expect("every name resolves")
            });
            // No limit here: the summary prints the removals the plan counts.
            let options = Options {
                prune: false,
                prune_members: true,
                max_removals: usize::MAX,
            };
            let team_options = TeamOptions { prune_teams: true };
            let p = time("plan (members and teams)", runs, || {
                plan_with_teams(&resolved, &users, teams, &options, &team_options)
                    .expect("a plan that is not refused")
            });
            (p, resolved.members.len())
        }
    };
    let names = org.as_ref().map(|(t, p)| Names::new(t, p));
    let text = time("render the plan's lines", runs, || {
        render::plan_text(&p, names.as_ref())
    });
    let mut counts: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{} {}", p.count(*a), a.as_str()))
        .collect();
    if let Some((teams, projects)) = &org {
        let kind = |f: fn(&TeamChange) -> bool| p.teams.iter().filter(|t| f(t)).count();
        let project_roles: usize = p
            .teams
            .iter()
            .map(|t| match t {
                TeamChange::Projects { projects, .. } => projects.len(),
                _ => 0,
            })
            .sum();
        counts.push(format!(
            "{} create-team, {} rename-team, {} team-projects ({project_roles} team and project pairs), {} delete-team",
            kind(|t| matches!(t, TeamChange::Create { .. })),
            kind(|t| matches!(t, TeamChange::Rename { .. })),
            kind(|t| matches!(t, TeamChange::Projects { .. })),
            kind(|t| matches!(t, TeamChange::Delete { .. })),
        ));
        let r = p.removals();
        println!(
            "{} users, {} teams, {} projects; removals counted by --max-removals: {} ({} members, {} teams deleted, {} taken out of a project)",
            users.len(),
            teams.len(),
            projects.len(),
            r.total(),
            r.members,
            r.teams,
            r.team_projects
        );
    }
    println!(
        "{} users, {in_file} members in the file: {} changes ({}), {} writing requests, {} bytes of plan",
        users.len(),
        p.changes.len() + p.teams.len(),
        counts.join(", "),
        writes(&p),
        text.len()
    );
}
