//! Rendering benchmark (`make bench`): decode 10,000 invitations, then render the
//! default `list` table, a user template and `-o json`, timing each over several runs.
//! Peak memory comes from running this under `/usr/bin/time -v`.

use atlas::api::model::Invitation;
use atlas::output::{render, Data, Template};
use std::time::{Duration, Instant};

fn body(n: usize) -> String {
    let mut s = String::from("[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            r#"{{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a{i:08x}","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"user-{i}@example.com"}}"#
        ));
    }
    s.push(']');
    s
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut() -> usize>(name: &str, runs: usize, mut f: F) {
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        bytes = f();
        times.push(t.elapsed());
    }
    let min = times.iter().min().copied().unwrap_or_default();
    let max = times.iter().max().copied().unwrap_or_default();
    println!(
        "{name:<28} median {:>8.2} ms  (min {:.2}, max {:.2}, {runs} runs, {bytes} bytes out)",
        median(times).as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let text = body(n);
    let runs = 7;
    let mut list = Vec::new();
    time("decode JSON body", runs, || {
        list = atlas::go::json::unmarshal::<Vec<Invitation>>(text.as_bytes())
            .expect("valid JSON")
            .value;
        list.len()
    });
    let data = Data::List(Some(&list));
    time("default list table", runs, || {
        render("", Template::List, &data)
            .map(|o| o.len())
            .unwrap_or(0)
    });
    let user = "go-template={{range .}}{{.Id}}\t{{.Username}}\t{{.GetRoles}}\t{{.CreatedAt.Format \"2006-01-02\"}}\n{{end}}";
    time("user go-template", runs, || {
        render(user, Template::List, &data)
            .map(|o| o.len())
            .unwrap_or(0)
    });
    time("-o json", runs, || {
        render("json", Template::List, &data)
            .map(|o| o.len())
            .unwrap_or(0)
    });
    time("-o json-path=$[*].username", runs, || {
        render("json-path=$[*].username", Template::List, &data)
            .map(|o| o.len())
            .unwrap_or(0)
    });
    println!("({n} invitations, {} bytes of JSON)", text.len());
}
