//! `docs/members.schema.json` (issue 25) against `apply` itself: the roles it knows are
//! the schema's enums, every members file in README and docs validates, `export`'s
//! output validates, and each file of `tests/data/broken-members/` is refused by both,
//! at the same place.

use crate::support::fake_atlas::{NewProject, NewTeam, NewUser};
use crate::support::jsonschema::Schema;
use crate::support::{against, fake, FakeAtlas, Output, TestDir, ORG};
use serde_json::Value;
use std::path::Path;

const GROUP: &str = "6c73999ae7966f00563911a4";

/// A file of this repository, as text.
pub(crate) fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced blocks of a Markdown text whose info string is `lang tag` (```` ```yaml gitlab-ci ````).
pub(crate) fn fenced(text: &str, info: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() == format!("```{info}") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push(body.join("\n") + "\n");
        }
    }
    blocks
}

fn schema() -> Schema {
    Schema::load("docs/members.schema.json")
}

fn apply_check(server: &FakeAtlas, file: &str) -> Output {
    against(
        server,
        &[
            "org",
            "invitations",
            "apply",
            "--orgId",
            ORG,
            "-f",
            file,
            "--check",
        ],
    )
    .run()
}

/// An organization with its owner, so that any plan keeps one.
fn with_owner() -> FakeAtlas {
    let server = fake();
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server
}

/// [`with_owner`], and the team and projects that the examples and these tests name:
/// `apply` resolves every team and project ID and name against the organization's
/// lists (decision apply-names).
fn with_ids() -> FakeAtlas {
    let server = with_owner();
    server.add_team(ORG, NewTeam::new("Infra").id("6565a1b2c3d4e5f6071829ab"));
    server.add_project(
        ORG,
        NewProject::new("Payments").id("6565a1b2c3d4e5f6071829cd"),
    );
    server.add_project(ORG, NewProject::new("Search").id(GROUP));
    server
}

/// The `(valid: A, B, …)` list of an `apply` problem line.
fn valid_list(stderr: &str, what: &str) -> Vec<String> {
    let line = stderr
        .lines()
        .find(|l| l.contains(&format!("is not {what} (valid: ")))
        .unwrap_or_else(|| panic!("no {what} line in {stderr}"));
    let list = line
        .rsplit_once("(valid: ")
        .unwrap()
        .1
        .trim_end_matches(')');
    list.split(", ").map(str::to_string).collect()
}

fn schema_enum(name: &str) -> Vec<String> {
    let root: Value = serde_json::from_str(&read("docs/members.schema.json")).unwrap();
    root["$defs"][name]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum in $defs/{name}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_role_enums_are_the_roles_apply_accepts() {
    let (org_roles, project_roles) = (schema_enum("orgRole"), schema_enum("projectRole"));
    let server = with_ids();
    let dir = TestDir::new();
    // apply names the roles it accepts when it refuses one: the same lists, same order.
    let wrong = dir.write(
        "wrong.json",
        &format!(
            r#"[{{"username":"a@x.com","roles":["ORG_NOPE"],"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":["GROUP_NOPE"]}}]}}]"#
        ),
    );
    let out = apply_check(&server, wrong.to_str().unwrap());
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(valid_list(&out.stderr, "an organization role"), org_roles);
    assert_eq!(valid_list(&out.stderr, "a project role"), project_roles);
    // And every one of them at once is accepted by both.
    let all = format!(
        r#"[{{"username":"boss@x.com","roles":["ORG_OWNER"]}},
            {{"username":"a@x.com","roles":{},"groupRoleAssignments":[{{"groupId":"{GROUP}","roles":{}}}]}}]"#,
        serde_json::to_string(&org_roles).unwrap(),
        serde_json::to_string(&project_roles).unwrap()
    );
    assert_eq!(
        schema().validate(&serde_json::from_str(&all).unwrap()),
        Vec::<String>::new()
    );
    let file = dir.write("all.json", &all);
    let out = apply_check(&server, file.to_str().unwrap());
    assert_eq!(out.code, 2, "{out:?}");
    assert!(server.requests().iter().all(|r| r.method == "GET"));
}

/// Every members file shown in README.md and docs/*.md: the fenced blocks marked
/// ```` ```json members ````, with where each comes from.
fn examples() -> Vec<(String, String)> {
    let mut sources = vec!["README.md".to_string()];
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut names: Vec<String> = std::fs::read_dir(docs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    sources.extend(names.into_iter().map(|n| format!("docs/{n}")));
    let mut all = Vec::new();
    for source in sources {
        for (i, block) in fenced(&read(&source), "json members")
            .into_iter()
            .enumerate()
        {
            all.push((format!("{source} example {}", i + 1), block));
        }
    }
    all
}

/// Whether a members file needs `apply`'s teams support: the object form, or names of
/// teams or projects.
fn uses_names(file: &Value) -> bool {
    let members = match file {
        Value::Object(_) => return true,
        Value::Array(a) => a,
        _ => return false,
    };
    members.iter().any(|m| {
        m.get("teams").is_some()
            || m["groupRoleAssignments"]
                .as_array()
                .is_some_and(|list| list.iter().any(|a| a.get("project").is_some()))
    })
}

#[test]
fn every_members_file_in_readme_and_docs_validates() {
    let schema = schema();
    let examples = examples();
    // The README shows both forms.
    let readme = examples
        .iter()
        .filter(|(from, _)| from.starts_with("README.md"))
        .count();
    assert!(readme >= 2, "{examples:?}");
    let server = with_ids();
    let dir = TestDir::new();
    for (from, text) in &examples {
        let file: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{from}: {e}"));
        assert_eq!(schema.validate(&file), Vec::<String>::new(), "{from}");
        if file.is_object() {
            assert!(
                file.get("$schema").is_some(),
                "{from}: show editors the schema"
            );
        }
        // apply agrees (the files that name teams or projects: below).
        if !uses_names(&file) {
            let path = dir.write("example.json", text);
            let out = apply_check(&server, path.to_str().unwrap());
            assert_eq!(out.code, 2, "{from}: {out:?}");
        }
    }
}

#[test]
fn every_members_file_with_names_is_accepted_by_apply() {
    // Against an organization that has the projects the examples name; the teams they
    // declare are created or renamed by the plan.
    let server = with_ids();
    let dir = TestDir::new();
    let named: Vec<(String, String)> = examples()
        .into_iter()
        .filter(|(_, text)| uses_names(&serde_json::from_str(text).unwrap()))
        .collect();
    assert!(!named.is_empty());
    for (from, text) in named {
        let text = text.replace("5f71e5255afec75a3d0f96dc", ORG);
        let path = dir.write("example.json", &text);
        let out = apply_check(&server, path.to_str().unwrap());
        assert_eq!(out.code, 2, "{from}: {out:?}");
    }
}

/// What `export` writes validates in both forms: the object form by name (the fake
/// lists the teams and projects, so every name resolves) and the `--ids` array.
#[test]
fn export_output_validates() {
    let server = with_owner();
    // Teams and projects the fake lists, so that export names them (and a team in no
    // project, written with `"projects": []`).
    let dev = server.add_project(ORG, NewProject::new("Dev"));
    server.add_user(
        ORG,
        NewUser::new("team@x.com", "ACTIVE").group(&dev, &["GROUP_OWNER", "GROUP_READ_ONLY"]),
    );
    server.add_user(
        ORG,
        NewUser::new("pending@x.com", "PENDING").org_roles(&["ORG_READ_ONLY", "ORG_MEMBER"]),
    );
    let platform = server.add_team(ORG, NewTeam::new("Platform").members(&["team@x.com"]));
    server.add_team(ORG, NewTeam::new("Idle"));
    server.add_project(
        ORG,
        NewProject::new("Prod").team(&platform, &["GROUP_CLUSTER_MANAGER"]),
    );
    let export = |extra: &[&str]| {
        let mut args = vec!["org", "invitations", "export", "--orgId", ORG];
        args.extend_from_slice(extra);
        let out = against(&server, &args).run();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
        out.stdout
    };
    // Both forms: the object by name, and the array by id.
    for (stdout, names) in [(export(&[]), true), (export(&["--ids"]), false)] {
        let file: Value = serde_json::from_str(&stdout).unwrap();
        assert!(stdout.contains("GROUP_READ_ONLY"), "{stdout}");
        assert_eq!(stdout.contains("\"project\": \"Prod\""), names, "{stdout}");
        assert_eq!(stdout.contains("\"Idle\""), names, "{stdout}");
        assert_eq!(schema().validate(&file), Vec::<String>::new(), "{stdout}");
    }
}

/// Where `apply` puts each problem with a broken file: a JSON pointer into the file
/// (`member 2 (…): roles[1]: …` is `/1/roles/1`, or `/members/1/roles/1` in the object
/// form; `team 1 (…): …` is `/teams/0`); a message about the whole file is the root.
fn apply_locations(stderr: &str, name: &str, object_form: bool) -> Vec<String> {
    let members = if object_form { "/members" } else { "" };
    let mut found = Vec::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix(&format!("Error: {name}: ")) {
            if !rest.contains(" in the members file; nothing was sent") {
                found.push(String::new());
            }
            continue;
        }
        let rest = line
            .strip_prefix(&format!("{name}: "))
            .unwrap_or_else(|| panic!("not a problem line: {line}"));
        let (base, rest) = if let Some(r) = rest.strip_prefix("member ") {
            (members, r)
        } else if let Some(r) = rest.strip_prefix("team ") {
            ("/teams", r)
        } else {
            // A problem of the whole file (its orgId, its form): the root.
            found.push(String::new());
            continue;
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let n: usize = digits.parse().unwrap_or_else(|_| panic!("{line}"));
        let mut rest = &rest[digits.len()..];
        if let Some(r) = rest.strip_prefix(" (") {
            rest = &r[r.find("): ").unwrap_or_else(|| panic!("{line}")) + 1..];
        }
        let rest = rest.strip_prefix(": ").unwrap_or_else(|| panic!("{line}"));
        let mut pointer = format!("{base}/{}", n - 1);
        let field = rest.split_once(": ").map_or("", |(f, _)| f);
        let is_field = field != "json"
            && !field.is_empty()
            && field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "[].".contains(c));
        if is_field {
            for part in field.split('.') {
                let (key, index) = part.split_once('[').unwrap_or((part, ""));
                pointer.push('/');
                pointer.push_str(key);
                if let Some(i) = index.strip_suffix(']') {
                    pointer.push('/');
                    pointer.push_str(i);
                }
            }
        }
        found.push(pointer);
    }
    found
}

/// Two places are the same or one holds the other.
fn related(a: &str, b: &str) -> bool {
    a == b
        || a.starts_with(&format!("{b}/"))
        || b.starts_with(&format!("{a}/"))
        || a.is_empty()
        || b.is_empty()
}

#[test]
fn broken_files_are_refused_by_the_schema_and_by_apply_at_the_same_place() {
    let schema = schema();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken-members");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "{files:?}");
    let server = fake();
    for path in files {
        let name = path.to_str().unwrap();
        let short = path.file_name().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{short}: {e}"));
        let by_schema: Vec<String> = schema
            .validate(&doc)
            .iter()
            .map(|e| e.split_once(": ").unwrap().0.to_string())
            .collect();
        assert!(!by_schema.is_empty(), "{short}: the schema accepts it");
        let out = apply_check(&server, name);
        assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{short}: {out:?}");
        let by_apply = apply_locations(&out.stderr, name, doc.is_object());
        assert!(!by_apply.is_empty(), "{short}: {}", out.stderr);
        for a in &by_apply {
            assert!(
                by_schema.iter().any(|s| related(a, s)),
                "{short}: apply's problem at {a:?} is not among the schema's {:?}\n{}",
                schema.validate(&doc),
                out.stderr
            );
        }
        for s in &by_schema {
            assert!(
                by_apply.iter().any(|a| related(a, s)),
                "{short}: the schema's error at {s:?} is not among apply's {by_apply:?}\n{}",
                out.stderr
            );
        }
    }
    // Refused before anything was sent, not even the list.
    assert!(server.requests().is_empty());
}

#[test]
fn apply_problem_lines_become_json_pointers() {
    let stderr = "m.json: member 1 (a@x.com): json: unknown field \"teamIdz\" (the keys are …)\n\
                  m.json: member 2 (b): roles[1]: \"X\" is listed twice\n\
                  m.json: member 3: expected a JSON object, found number\n\
                  m.json: member 12 (c@x.com): groupRoleAssignments[0].groupId: required: the project ID\n\
                  m.json: team 2 (Platform): projects[1].roles: at least one\n\
                  Error: m.json: 5 problems in the members file; nothing was sent\n";
    assert_eq!(
        apply_locations(stderr, "m.json", false),
        [
            "/0",
            "/1/roles/1",
            "/2",
            "/11/groupRoleAssignments/0/groupId",
            "/teams/1/projects/1/roles"
        ]
    );
    assert_eq!(
        apply_locations(
            "m.json: member 1 (a@x.com): roles: required\n",
            "m.json",
            true
        ),
        ["/members/0/roles"]
    );
    assert_eq!(
        apply_locations(
            "Error: m.json: expected a JSON array of members, found object\n",
            "m.json",
            false
        ),
        [""]
    );
    assert!(related("/0/roles", "/0/roles/1") && related("/0", "/0") && related("", "/3"));
    assert!(!related("/0/roles", "/0/rolesX") && !related("/0/roles", "/1/roles"));
}
