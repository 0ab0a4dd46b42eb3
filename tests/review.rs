//! Review in the pull request (issue 25): `docs/plan-markdown.tmpl` renders every kind of
//! change `apply` makes, end to end through the binary, and the README's two CI jobs
//! (GitHub Actions, GitLab CI) run their `atlas` lines as written against the fake.

use crate::schema::{fenced, read};
use crate::support::command::launcher;
use crate::support::fake_atlas::{NewProject, NewTeam, NewUser};
use crate::support::{against, fake, FakeAtlas, Output, TestDir, NOW, ORG};
use std::path::{Path, PathBuf};

const GROUP: &str = "6c73999ae7966f00563911a4";
const GROUP2: &str = "6c73999ae7966f00563911a5";
const TEAM: &str = "6c73999ae7966f00563911b5";
const TEAM2: &str = "6c73999ae7966f00563911b6";

/// A file of this repository.
fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A file a test wrote or a run left in `dir`.
fn contents(dir: &TestDir, rel: &str) -> String {
    std::fs::read_to_string(dir.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `apply -f FILE -o go-template-file=docs/plan-markdown.tmpl ARGS…` against `server`.
fn apply_md(server: &FakeAtlas, file: &Path, args: &[&str]) -> Output {
    let template = format!(
        "go-template-file={}",
        repo("docs/plan-markdown.tmpl").display()
    );
    let mut all = vec![
        "org",
        "invitations",
        "apply",
        "--orgId",
        ORG,
        "-f",
        file.to_str().unwrap(),
        "-o",
        &template,
    ];
    all.extend_from_slice(args);
    against(server, &all).run()
}

/// An organization with one change of every kind a members file can ask for.
fn org(server: &FakeAtlas) {
    // The file names them by ID; the table names them by name.
    server.add_team(ORG, NewTeam::new("Ops").id(TEAM));
    server.add_team(ORG, NewTeam::new("Web").id(TEAM2));
    server.add_project(ORG, NewProject::new("Prod").id(GROUP));
    server.add_project(ORG, NewProject::new("Staging").id(GROUP2));
    let add = |u: NewUser| server.add_user(ORG, u);
    add(NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]));
    add(NewUser::new("upd@x.com", "ACTIVE")
        .teams(&[TEAM])
        .group(GROUP, &["GROUP_READ_ONLY"]));
    add(NewUser::new("expired@x.com", "INVITATION_EXPIRED").org_roles(&["ORG_READ_ONLY"]));
    add(NewUser::new("pend@x.com", "PENDING"));
    add(NewUser::new("leaver@x.com", "ACTIVE")
        .teams(&[TEAM2])
        .group(GROUP, &["GROUP_OWNER", "GROUP_READ_ONLY"]));
}

const FILE: &str = r#"[
  {"username": "boss@x.com", "roles": ["ORG_OWNER"]},
  {"username": "new@x.com", "roles": ["ORG_MEMBER"], "teamIds": [],
   "groupRoleAssignments": [{"groupId": "6c73999ae7966f00563911a5", "roles": ["GROUP_READ_ONLY"]}]},
  {"username": "upd@x.com", "roles": ["ORG_READ_ONLY", "ORG_MEMBER"],
   "teamIds": ["6c73999ae7966f00563911b5", "6c73999ae7966f00563911b6"],
   "groupRoleAssignments": [{"groupId": "6c73999ae7966f00563911a4", "roles": ["GROUP_OWNER"]}]},
  {"username": "expired@x.com", "roles": ["ORG_MEMBER"]}
]"#;

#[test]
fn the_markdown_template_renders_every_kind_of_member_change() {
    let server = fake();
    org(&server);
    let dir = TestDir::new();
    let file = dir.write("members.json", FILE);
    let out = apply_md(&server, &file, &["--check", "--prune", "--prune-members"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        out.stdout,
        format!(
            "**atlas apply**: 5 changes to make.\n\
             \n\
             | Action | Who | Before → after |\n\
             | --- | --- | --- |\n\
             | + invite | `new@x.com` | roles: — → ORG_MEMBER<br>teams: — → none<br>groupRoleAssignments: — → Staging: GROUP_READ_ONLY |\n\
             | + invite | `expired@x.com` | roles: ORG_READ_ONLY → ORG_MEMBER |\n\
             | ~ update | `upd@x.com` | roles: ORG_MEMBER → ORG_MEMBER, ORG_READ_ONLY<br>teams: Ops → Ops, Web<br>groupRoleAssignments: Prod: GROUP_READ_ONLY → Prod: GROUP_OWNER |\n\
             | - revoke | `pend@x.com` | roles: ORG_MEMBER → — |\n\
             | - remove | `leaver@x.com` | roles: ORG_MEMBER → —<br>teams: Web → —<br>groupRoleAssignments: Prod: GROUP_OWNER, GROUP_READ_ONLY → — |\n"
        )
    );
    assert_eq!(
        out.stderr,
        "Error: the organization does not match the file: 5 changes to make\n"
    );
    assert!(server.requests().iter().all(|r| r.method == "GET"));
}

#[test]
fn the_markdown_template_shows_results_once_applied_and_no_changes() {
    let server = fake();
    let add = |u: NewUser| server.add_user(ORG, u);
    add(NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]));
    add(NewUser::new("fine@x.com", "ACTIVE"));
    add(NewUser::new("stuck@x.com", "ACTIVE").refuses_changes());
    add(NewUser::new("late@x.com", "PENDING").accepts_when_read());
    let dir = TestDir::new();
    let file = dir.write(
        "members.json",
        r#"[{"username": "boss@x.com", "roles": ["ORG_OWNER"]},
            {"username": "fine@x.com", "roles": ["ORG_READ_ONLY"]},
            {"username": "stuck@x.com", "roles": ["ORG_READ_ONLY"]}]"#,
    );
    let out = apply_md(&server, &file, &["--prune"]);
    assert_eq!(out.code, 1, "{out:?}");
    let users = format!("{}/api/atlas/v2/orgs/{ORG}/users/", server.url());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{}", out.stdout);
    assert_eq!(
        [&lines[..5], &lines[6..]].concat(),
        [
            "**atlas apply**: 3 changes, carried out.",
            "",
            "| Action | Who | Before → after | Result |",
            "| --- | --- | --- | --- |",
            "| ~ update | `fine@x.com` | roles: ORG_MEMBER → ORG_READ_ONLY | done |",
            "| - revoke | `late@x.com` | roles: ORG_MEMBER → — | skipped |",
        ],
        "{}",
        out.stdout
    );
    // The failure's row carries Atlas's error (one line: the table holds).
    assert!(
        lines[5].starts_with(&format!(
            "| ~ update | `stuck@x.com` | roles: ORG_MEMBER → ORG_READ_ONLY | failed: {users}"
        )) && lines[5].contains(" PATCH: HTTP 403 Forbidden ")
            && lines[5].ends_with(" |"),
        "{}",
        lines[5]
    );
    // The summary line stays on stderr, so the comment is the table alone.
    assert!(
        out.stderr
            .contains("Summary: 0 invited, 1 updated, 0 revoked"),
        "{}",
        out.stderr
    );

    // A file the organization matches: one line.
    let same = dir.write(
        "same.json",
        r#"[{"username": "boss@x.com", "roles": ["ORG_OWNER"]}]"#,
    );
    let none = apply_md(&server, &same, &["--check"]);
    assert_eq!(
        (none.code, none.stdout.as_str(), none.stderr.as_str()),
        (0, "No changes.\n", "")
    );
}

/// The `atlas …` command lines of a CI job: a line that, after `run: ` or a list's
/// `- `, starts with `atlas `.
fn atlas_lines(job: &str) -> Vec<String> {
    job.lines()
        .map(str::trim)
        .map(|l| l.strip_prefix("- ").unwrap_or(l))
        .map(|l| l.strip_prefix("run: ").unwrap_or(l))
        .filter(|l| l.starts_with("atlas "))
        .map(str::to_string)
        .collect()
}

const CLIENT_ID: &str = "mdb_sa_id_6565a1b2c3d4e5f6071829ab";
const CLIENT_SECRET: &str = "mdb_sa_sk_review-in-the-pull-request";

/// How one CI line ended: its shell's exit status, `$status` after it, and its stderr.
#[derive(Debug)]
struct Ran {
    rc: String,
    status: String,
    stderr: String,
}

/// Runs one `atlas …` line of a job with `sh`, as the job would, in `dir`: only the
/// word `atlas` is replaced (by the binary under test); the service account and the
/// organization come from the variables the job sets, the base URL points at `server`.
fn run_line(server: &FakeAtlas, dir: &TestDir, line: &str) -> Ran {
    let rest = line.strip_prefix("atlas ").expect("an atlas line");
    let quoted = format!("'{}'", launcher().replace('\'', "'\\''"));
    let _ = std::fs::remove_file(dir.file(".rc"));
    let script =
        format!("status=0\n{quoted} {rest}\nrc=$?\nprintf '%s %s' \"$rc\" \"$status\" > .rc\n");
    let out = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(dir.file(""))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.file(""))
        .env("ATLAS_NOW", NOW)
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", server.url())
        .env("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID)
        .env("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET)
        .env("MONGODB_ATLAS_ORG_ID", ORG)
        .env("GITHUB_STEP_SUMMARY", dir.file("summary.md"))
        .output()
        .expect("run sh");
    let rc = std::fs::read_to_string(dir.file(".rc")).expect("the line ran");
    let (rc, status) = rc.split_once(' ').expect("two numbers");
    Ran {
        rc: rc.into(),
        status: status.into(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// An organization of two, a file that changes one and invites one more.
fn ci_org() -> (FakeAtlas, TestDir) {
    let server = fake();
    server.accept_service_account(CLIENT_ID, CLIENT_SECRET);
    server.add_user(
        ORG,
        NewUser::new("ada@example.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server.add_user(ORG, NewUser::new("grace@example.com", "ACTIVE"));
    let dir = TestDir::new();
    dir.write(
        "members.json",
        r#"[{"username": "ada@example.com", "roles": ["ORG_OWNER"]},
            {"username": "grace@example.com", "roles": ["ORG_READ_ONLY"]},
            {"username": "linus@example.com", "roles": ["ORG_MEMBER"]}]"#,
    );
    dir.write("plan-markdown.tmpl", &read("docs/plan-markdown.tmpl"));
    (server, dir)
}

/// The plan of [`ci_org`]'s file: the comment the README shows.
fn ci_plan() -> String {
    let shown = fenced(&read("README.md"), "markdown plan-comment");
    assert_eq!(shown.len(), 1);
    shown[0].clone()
}

/// The job's two `atlas` lines: the plan (`--check` with the template into plan.md, exit
/// 2 kept in `$status`, not failing the line) and the apply.
fn the_two_lines(job: &str) -> (String, String) {
    let lines = atlas_lines(job);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let check = "atlas org invitations apply -f members.json --check -o go-template-file=plan-markdown.tmpl > plan.md || status=$?";
    assert_eq!(lines[0], check);
    assert!(lines[1].starts_with("atlas org invitations apply -f members.json"));
    assert!(!lines[1].contains("--check"));
    // The job keeps status 2 from failing and fails on 1.
    assert!(job.contains("test \"$status\" -ne 1"), "{job}");
    (lines[0].clone(), lines[1].clone())
}

fn plan_then_apply_then_no_changes(job: &str) -> (TestDir, Ran) {
    let (plan, apply) = the_two_lines(job);
    let (server, dir) = ci_org();
    let ran = run_line(&server, &dir, &plan);
    assert_eq!(
        (ran.rc.as_str(), ran.status.as_str()),
        ("0", "2"),
        "{ran:?}"
    );
    assert_eq!(contents(&dir, "plan.md"), ci_plan());
    assert!(server.requests().iter().all(|r| r.method != "PATCH"));
    // The main branch's line: the changes made, exit 0.
    let applied = run_line(&server, &dir, &apply);
    assert_eq!(applied.rc, "0", "{applied:?}");
    // A pull request after that: nothing to review, exit 0.
    let again = run_line(&server, &dir, &plan);
    assert_eq!(
        (again.rc.as_str(), again.status.as_str()),
        ("0", "0"),
        "{again:?}"
    );
    assert_eq!(contents(&dir, "plan.md"), "No changes.\n");
    (dir, applied)
}

#[test]
fn the_readme_github_actions_job_runs_as_written() {
    let readme = read("README.md");
    let jobs = fenced(&readme, "yaml github-actions");
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    for name in [
        "MONGODB_ATLAS_CLIENT_ID",
        "MONGODB_ATLAS_CLIENT_SECRET",
        "MONGODB_ATLAS_ORG_ID",
    ] {
        // Both jobs, from the repository's secrets.
        assert_eq!(
            job.matches(&format!("{name}: ${{{{ secrets.{name} }}}}"))
                .count(),
            2,
            "{name}"
        );
    }
    assert!(job.contains("gh pr comment") && job.contains("--body-file plan.md"));
    let (dir, applied) = plan_then_apply_then_no_changes(job);
    // The apply's records went to the job's summary page, its Summary line to the log.
    assert_eq!(
        contents(&dir, "summary.md"),
        "**atlas apply**: 2 changes, carried out.\n\
         \n\
         | Action | Who | Before → after | Result |\n\
         | --- | --- | --- | --- |\n\
         | + invite | `linus@example.com` | roles: — → ORG_MEMBER | done |\n\
         | ~ update | `grace@example.com` | roles: ORG_MEMBER → ORG_READ_ONLY | done |\n"
    );
    assert_eq!(
        applied.stderr,
        "Summary: 1 invited, 1 updated, 0 revoked, 0 removed; 0 failed, 0 skipped.\n"
    );
}

#[test]
fn the_readme_gitlab_ci_job_runs_as_written() {
    let readme = read("README.md");
    let jobs = fenced(&readme, "yaml gitlab-ci");
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    assert!(job.contains("--data-urlencode \"body@plan.md\""), "{job}");
    assert!(
        job.contains("merge_requests/$CI_MERGE_REQUEST_IID/notes"),
        "{job}"
    );
    let (_, applied) = plan_then_apply_then_no_changes(job);
    assert_eq!(applied.stderr, "");
    // GitLab takes the variables from the project's settings: the README names them.
    for name in [
        "MONGODB_ATLAS_CLIENT_ID",
        "MONGODB_ATLAS_CLIENT_SECRET",
        "MONGODB_ATLAS_ORG_ID",
    ] {
        assert!(readme.contains(&format!("`{name}`")), "{name}");
    }
}

#[test]
fn a_mistake_in_the_file_fails_the_pull_request_job() {
    let readme = read("README.md");
    for job in [
        fenced(&readme, "yaml github-actions"),
        fenced(&readme, "yaml gitlab-ci"),
    ] {
        let (plan, _) = the_two_lines(&job[0]);
        let (server, dir) = ci_org();
        dir.write(
            "members.json",
            r#"[{"username": "ada@example.com", "roles": ["ORG_OWNR"]}]"#,
        );
        let ran = run_line(&server, &dir, &plan);
        // `$status` is 1: the job's `test "$status" -ne 1` fails it.
        assert_eq!(
            (ran.rc.as_str(), ran.status.as_str()),
            ("0", "1"),
            "{ran:?}"
        );
        assert!(ran
            .stderr
            .contains("\"ORG_OWNR\" is not an organization role"));
        assert!(server.requests().is_empty());
    }
}

/// The rows of a rendered table whose action cell is `action` (`+ create team`, …).
fn rows<'a>(table: &'a str, action: &str) -> Vec<&'a str> {
    table
        .lines()
        .filter(|l| l.starts_with(&format!("| {action} | ")))
        .collect()
}

#[test]
fn the_markdown_template_renders_every_kind_of_team_change() {
    let server = fake();
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server.add_user(ORG, NewUser::new("a@x.com", "ACTIVE"));
    // The project the file names.
    server.add_project(ORG, NewProject::new("Payments"));
    let dir = TestDir::new();
    // Two new teams: created, with their members from the file.
    let create = dir.write(
        "create.json",
        r#"{"members": [{"username": "boss@x.com", "roles": ["ORG_OWNER"]},
                        {"username": "a@x.com", "roles": ["ORG_MEMBER"], "teams": ["Platform", "Ops"]}],
            "teams": [{"name": "Platform"}, {"name": "Ops"}]}"#,
    );
    let out = apply_md(&server, &create, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.starts_with("**atlas apply**: "),
        "{}",
        out.stdout
    );
    assert_eq!(
        rows(&out.stdout, "+ create team"),
        [
            "| + create team | `Platform` | usernames: — → a@x.com | done |",
            "| + create team | `Ops` | usernames: — → a@x.com | done |",
        ],
        "{}",
        out.stdout
    );
    // A rename, a team's projects, and with --prune-teams the team the file dropped.
    let change = dir.write(
        "change.json",
        r#"{"members": [{"username": "boss@x.com", "roles": ["ORG_OWNER"]},
                        {"username": "a@x.com", "roles": ["ORG_MEMBER"], "teams": ["Developers"]}],
            "teams": [{"name": "Developers", "previously": ["Platform"],
                       "projects": [{"project": "Payments", "roles": ["GROUP_READ_ONLY"]}]}]}"#,
    );
    let sent = server.requests().len();
    let out = apply_md(&server, &change, &["--check", "--prune-teams"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        rows(&out.stdout, "~ rename team"),
        ["| ~ rename team | `Developers` | name: Platform → Developers |"],
        "{}",
        out.stdout
    );
    let projects = rows(&out.stdout, "~ team projects");
    assert_eq!(projects.len(), 1, "{}", out.stdout);
    assert!(
        projects[0].starts_with("| ~ team projects | `Developers` | projects: ")
            && projects[0].ends_with(" → Payments: GROUP_READ_ONLY |"),
        "{}",
        projects[0]
    );
    assert_eq!(
        rows(&out.stdout, "- delete team"),
        ["| - delete team | `Ops` | usernames: a@x.com → — |"],
        "{}",
        out.stdout
    );
    // --check sent nothing that writes.
    assert!(server.requests()[sent..].iter().all(|r| r.method == "GET"));
}
