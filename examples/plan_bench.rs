//! Planning benchmark for `apply` (`make bench`, issue 20): the organization's users
//! (a JSON array in the users API's shape, as the stand-in is seeded with) and a
//! members file in; times each step `apply` takes between the list and the first
//! change, over several runs, and prints the plan's counts.
//!
//! Usage: plan_bench USERS.json MEMBERS.json [RUNS]

use atlas::api::membership::plan::{plan, Options};
use atlas::api::membership::{members, wire, Action, OrgUser};
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: plan_bench USERS.json MEMBERS.json [RUNS]");
        std::process::exit(2);
    }
    let users_text = std::fs::read(&args[1]).expect("read the users");
    let file = std::fs::read(&args[2]).expect("read the members file");
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(50);

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
    let text = time("render the plan's lines", runs, || {
        render::plan_text(&p, None)
    });
    let counts: Vec<String> = Action::ALL
        .iter()
        .map(|a| format!("{} {}", p.count(*a), a.as_str()))
        .collect();
    println!(
        "{} users, {} members in the file: {} changes ({}), {} bytes of plan",
        users.len(),
        members.len(),
        p.changes.len(),
        counts.join(", "),
        text.len()
    );
}
