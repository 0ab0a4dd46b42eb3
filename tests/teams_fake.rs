//! The fake Atlas's teams, the organization's projects and project teams, driven over
//! HTTP by the library's own typed calls (`atlas::api::teams`, through a real session)
//! and by raw requests where the calls cannot go (small pages, broken bodies). No verb
//! uses the calls yet, so this is where calls and fake are shown to agree: every
//! request and answer logged is checked against the specification extract.

use crate::support::fake_atlas::http::call;
use crate::support::fake_atlas::{Bucket, Logged, NewProject, NewTeam, NewUser, MAX_TEAMS_PER_ORG};
use crate::support::openapi::Spec;
use crate::support::{FakeAtlas, TestDir, ORG, PRIVATE, PUBLIC};
use atlas::api::session::{Request, Session};
use atlas::api::teams::{self, Teams};
use atlas::config::Settings;
use serde_json::Value;

const MT: &str = teams::MEDIA_TYPE;
const USERS_MT: &str = "application/vnd.atlas.2025-02-19+json";
const ACTIVE: &str = "active@x.com";
const PENDING: &str = "pending@x.com";
const EXPIRED: &str = "expired@x.com";

/// A fake without authentication, with one user in each of three statuses.
fn fake_org() -> FakeAtlas {
    let server = FakeAtlas::start(None);
    server.add_user(ORG, NewUser::new(ACTIVE, "ACTIVE"));
    server.add_user(ORG, NewUser::new(PENDING, "PENDING"));
    server.add_user(ORG, NewUser::new(EXPIRED, "INVITATION_EXPIRED"));
    server
}

/// Runs `f` with the typed calls on a session pointed at `server` (extra environment
/// in `env`, e.g. the wait scale).
fn with_teams<T>(server: &FakeAtlas, env: &[(&str, &str)], f: impl FnOnce(&mut Teams) -> T) -> T {
    let dir = TestDir::new();
    let home = dir.path.display().to_string();
    let url = server.url();
    let mut pairs = vec![
        ("HOME", home.as_str()),
        ("XDG_CONFIG_HOME", home.as_str()),
        ("MONGODB_ATLAS_OPS_MANAGER_URL", url.as_str()),
        ("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE),
    ];
    pairs.extend_from_slice(env);
    let env: atlas::config::Env = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let settings = Settings::load(None, env.clone()).expect("settings");
    let mut session = Session::new(
        &settings,
        &env,
        false,
        std::rc::Rc::new(atlas::output::progress::Announce),
        std::rc::Rc::new(atlas::output::notes::Say),
    );
    let mut calls = Teams::new(&mut session, ORG);
    f(&mut calls)
}

/// A raw request with a JSON body (or none): the status and the answer as JSON.
fn send(server: &FakeAtlas, method: &str, target: &str, body: Option<&str>) -> (u16, Value) {
    send_as(server, method, target, MT, body)
}

fn send_as(
    server: &FakeAtlas,
    method: &str,
    target: &str,
    media_type: &str,
    body: Option<&str>,
) -> (u16, Value) {
    let (status, text) = call(&server.url(), method, target, media_type, body);
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The `errorCode` of an error answer.
fn code(answer: &(u16, Value)) -> (u16, &str) {
    (answer.0, answer.1["errorCode"].as_str().unwrap_or(""))
}

fn teams_path() -> String {
    format!("/api/atlas/v2/orgs/{ORG}/teams")
}

fn group_teams_path(group: &str) -> String {
    format!("/api/atlas/v2/groups/{group}/teams")
}

/// The teams' ids in the user's `teamIds`, as the fake holds them.
fn team_ids_of(server: &FakeAtlas, username: &str) -> Vec<String> {
    server
        .members()
        .into_iter()
        .find(|m| m.username.as_str() == Some(username))
        .map(|m| {
            m.team_ids
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every exchange `server` logged meets the specification, save (a) the departure
/// the conformance test also accepts, error answers' `parameters` as strings as Atlas
/// sends them, and (b) the `faults` this test sent on purpose, `(operationId,
/// keyword)` of a request or of the answer to it, each of which must be met.
fn conforms(server: &FakeAtlas, faults: &[(&str, &str)]) {
    let spec = Spec::load();
    let log: Vec<Logged> = server.requests();
    let mut unexpected = Vec::new();
    let mut met = vec![false; faults.len()];
    for r in &log {
        for v in spec.check(r) {
            if v.keyword == "type" && v.place.contains("body /parameters/") {
                continue;
            }
            match faults
                .iter()
                .position(|(op, kw)| v.operation == *op && v.keyword == *kw)
            {
                Some(i) => met[i] = true,
                None => unexpected.push(format!(
                    "{v}\n    {} {} -> {}",
                    r.method, r.target, r.status
                )),
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    for (fault, met) in faults.iter().zip(met) {
        assert!(met, "the deliberate fault {fault:?} was not sent");
    }
    // Every route is one the extracts know.
    for r in &log {
        assert!(
            spec.operation_of(&r.method, &r.target).is_some(),
            "{} {}",
            r.method,
            r.target
        );
    }
}

/// The body of the logged request `n` (0-based), as sent.
fn logged_body(server: &FakeAtlas, method: &str, n: usize) -> Vec<u8> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == method)
        .nth(n)
        .map(|r| r.body)
        .unwrap_or_default()
}

/// What `--dry-run` would show for `req` is what went out: same path and bytes.
fn sent_as_built(server: &FakeAtlas, req: &Request, n: usize) {
    let sent: Vec<Logged> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == req.method)
        .collect();
    let r = sent
        .get(n)
        .unwrap_or_else(|| panic!("no {} number {n}", req.method));
    assert_eq!(r.target, req.path);
    assert_eq!(r.header("accept"), Some(MT));
    assert_eq!(r.body, req.body.clone().unwrap_or_default(), "{}", req.path);
}

#[test]
fn every_team_route_through_the_typed_calls() {
    let server = fake_org();
    let prod = server.add_project(ORG, NewProject::new("Prod"));
    let dev = server.add_project(ORG, NewProject::new("Dev"));
    let usernames = vec![ACTIVE.to_string(), PENDING.to_string()];
    let owner = vec!["GROUP_OWNER".to_string()];
    let read = vec!["GROUP_READ_ONLY".to_string()];

    let (projects, team, listed, renamed) = with_teams(&server, &[], |t| {
        let projects = t.list_projects().unwrap();
        // A pending user may be a member from the start (the extract's notes).
        let team = t.create_team("Core", &usernames).unwrap().unwrap();
        let listed = t.list_teams().unwrap();
        let id = team.id.clone().unwrap();
        let renamed = t.rename_team(&id, "Platform").unwrap().unwrap();
        (projects, team, listed, renamed)
    });
    assert_eq!(
        projects
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str(), p.org_id.as_str()))
            .collect::<Vec<_>>(),
        [(prod.as_str(), "Prod", ORG), (dev.as_str(), "Dev", ORG)]
    );
    let id = team.id.clone().unwrap();
    assert_eq!((team.name.as_str(), &team.usernames), ("Core", &usernames));
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].id.as_str(), listed[0].name.as_str()),
        (id.as_str(), "Core")
    );
    assert_eq!(
        (renamed.id.as_str(), renamed.name.as_str()),
        (id.as_str(), "Platform")
    );
    // Membership is the users' teamIds: both members have the new team.
    assert_eq!(team_ids_of(&server, ACTIVE), [id.as_str()]);
    assert_eq!(team_ids_of(&server, PENDING), [id.as_str()]);
    assert!(team_ids_of(&server, EXPIRED).is_empty());

    with_teams(&server, &[], |t| {
        let added = t.add_team_to_project(&prod, &id, &read).unwrap().unwrap();
        assert_eq!(added.results.unwrap_or_default().len(), 1);
        let listed = t.list_project_teams(&prod).unwrap();
        assert_eq!(
            listed
                .iter()
                .map(|r| (r.team_id.as_str(), r.role_names.clone()))
                .collect::<Vec<_>>(),
            [(id.as_str(), read.clone())]
        );
        t.set_team_project_roles(&prod, &id, &owner).unwrap();
        assert_eq!(t.list_project_teams(&prod).unwrap()[0].role_names, owner);
        assert!(t.list_project_teams(&dev).unwrap().is_empty());
        // Atlas refuses to delete a team a project still has.
        let refused = t.delete_team(&id).unwrap_err().to_string();
        assert!(
            refused.contains("404") && refused.contains("CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT"),
            "{refused}"
        );
        t.remove_team_from_project(&prod, &id).unwrap();
        assert!(t.list_project_teams(&prod).unwrap().is_empty());
        t.delete_team(&id).unwrap();
        assert!(t.list_teams().unwrap().is_empty());
    });
    // Deleting the team took it from every user.
    assert!(team_ids_of(&server, ACTIVE).is_empty());
    assert!(team_ids_of(&server, PENDING).is_empty());
    assert!(server.teams().is_empty());

    // The bytes that went out are the builders' (what --dry-run shows).
    sent_as_built(&server, &teams::list_projects_request(ORG, 1), 0);
    sent_as_built(
        &server,
        &teams::create_team_request(ORG, "Core", &usernames),
        0,
    );
    sent_as_built(
        &server,
        &teams::rename_team_request(ORG, &id, "Platform"),
        0,
    );
    sent_as_built(
        &server,
        &teams::add_team_to_project_request(&prod, &id, &read),
        1,
    );
    sent_as_built(
        &server,
        &teams::set_team_project_roles_request(&prod, &id, &owner),
        1,
    );
    sent_as_built(
        &server,
        &teams::remove_team_from_project_request(&prod, &id),
        1,
    );
    sent_as_built(&server, &teams::delete_team_request(ORG, &id), 0);
    assert!(String::from_utf8(logged_body(&server, "POST", 1))
        .unwrap()
        .starts_with('['));
    conforms(&server, &[]);
}

#[test]
fn every_list_is_paged_like_the_users_list() {
    let server = fake_org();
    let ids: Vec<String> = (0..5)
        .map(|i| server.add_team(ORG, NewTeam::new(&format!("Team {i}"))))
        .collect();
    let mut project = NewProject::new("Prod");
    for id in &ids {
        project = project.team(id, &["GROUP_READ_ONLY"]);
    }
    let prod = server.add_project(ORG, project);
    for i in 0..4 {
        server.add_project(ORG, NewProject::new(&format!("Dev-{i}")));
    }
    let lists = [
        teams_path(),
        format!("/api/atlas/v2/orgs/{ORG}/groups"),
        group_teams_path(&prod),
    ];
    for list in &lists {
        let mut seen = Vec::new();
        for (page, count, next) in [(1, 2, true), (2, 2, true), (3, 1, false), (4, 0, false)] {
            let target = format!("{list}?itemsPerPage=2&pageNum={page}");
            let (status, view) = send(&server, "GET", &target, None);
            assert_eq!(status, 200, "{target}: {view}");
            let results = view["results"].as_array().cloned().unwrap_or_default();
            assert_eq!(results.len(), count, "{target}");
            assert_eq!(view["totalCount"], 5, "{target}");
            let rels: Vec<&str> = view["links"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["rel"].as_str())
                .collect();
            assert_eq!(rels.contains(&"next"), next, "{target}");
            assert!(view["links"][0]["href"].as_str().is_some_and(
                |h| h.starts_with("http://") && h.ends_with(&format!("pageNum={page}"))
            ));
            seen.extend(results);
        }
        // Each item once, across the pages.
        let mut distinct = seen.clone();
        distinct.dedup();
        assert_eq!(distinct.len(), 5, "{list}");
        for bad in ["itemsPerPage=0", "itemsPerPage=501", "pageNum=0"] {
            let answer = send(&server, "GET", &format!("{list}?{bad}"), None);
            assert_eq!(
                code(&answer),
                (400, "INVALID_QUERY_PARAMETER"),
                "{list}?{bad}"
            );
        }
    }
    // The organization's projects by a case-insensitive prefix of their name.
    let (_, view) = send(&server, "GET", &format!("{}?name=dev", lists[1]), None);
    assert_eq!(view["results"].as_array().map(Vec::len), Some(4));
    conforms(
        &server,
        &[
            ("listOrgTeams", "minimum"),
            ("listOrgTeams", "maximum"),
            ("getOrgGroups", "minimum"),
            ("getOrgGroups", "maximum"),
            ("listGroupTeams", "minimum"),
            ("listGroupTeams", "maximum"),
        ],
    );
}

#[test]
fn the_calls_follow_every_page() {
    let server = fake_org();
    for i in 0..1001 {
        server.add_project(ORG, NewProject::new(&format!("p{i:04}")));
    }
    let projects = with_teams(&server, &[], |t| t.list_projects().unwrap());
    assert_eq!(projects.len(), 1001);
    assert_eq!(projects[1000].name, "p1000");
    let pages: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        pages,
        (1..=3)
            .map(|n| format!("/api/atlas/v2/orgs/{ORG}/groups?itemsPerPage=500&pageNum={n}"))
            .collect::<Vec<_>>()
    );
    conforms(&server, &[]);
}

#[test]
fn team_names_are_unique_ignoring_case() {
    let server = fake_org();
    let other = server.add_team(ORG, NewTeam::new("Other"));
    with_teams(&server, &[], |t| {
        let core = t
            .create_team("Core", &[ACTIVE.to_string()])
            .unwrap()
            .unwrap()
            .id
            .unwrap();
        for err in [
            t.create_team("core", &[ACTIVE.to_string()]).unwrap_err(),
            t.rename_team(&other, "CORE").unwrap_err(),
        ] {
            let text = err.to_string();
            assert!(
                text.contains("409") && text.contains("TEAM_NAME_NOT_AVAILABLE"),
                "{text}"
            );
        }
        // A team may change the case of its own name.
        assert_eq!(t.rename_team(&core, "CORE").unwrap().unwrap().name, "CORE");
        let unknown = t.rename_team("6b7a3f00c0eb9e7a0000ffff", "X").unwrap_err();
        assert!(unknown.to_string().contains("TEAM_NOT_FOUND"), "{unknown}");
    });
    let names: Vec<String> = server.teams().into_iter().map(|t| t.name).collect();
    assert_eq!(names, ["Other", "CORE"]);
    conforms(&server, &[]);
}

#[test]
fn a_new_team_needs_usernames_of_the_organization() {
    let server = fake_org();
    let create = |body: &str| send(&server, "POST", &teams_path(), Some(body));
    assert_eq!(code(&create(r#"{"name":"A"}"#)), (400, "INVALID_ATTRIBUTE"));
    assert_eq!(
        code(&create(r#"{"usernames":["active@x.com"]}"#)),
        (400, "INVALID_ATTRIBUTE")
    );
    assert_eq!(
        code(&create(r#"{"name":"A","usernames":[]}"#)),
        (400, "CANNOT_CREATE_EMPTY_TEAM")
    );
    for who in ["stranger@x.com", EXPIRED] {
        let answer = create(&format!(
            r#"{{"name":"A","usernames":["{ACTIVE}","{who}"]}}"#
        ));
        assert_eq!(code(&answer), (404, "USER_NOT_IN_ORG"), "{who}");
        assert_eq!(answer.1["parameters"][0], who);
    }
    // Nothing was created by the refusals.
    assert!(server.teams().is_empty());
    assert!(team_ids_of(&server, ACTIVE).is_empty());
    // Usernames match without regard to ASCII case, as the users API's do.
    let (status, team) = create(r#"{"name":"A","usernames":["PENDING@x.com"]}"#);
    assert_eq!(status, 200, "{team}");
    assert_eq!(
        team_ids_of(&server, PENDING),
        [team["id"].as_str().unwrap()]
    );
    conforms(&server, &[("createOrgTeam", "required")]);
}

#[test]
fn at_most_250_teams_per_organization() {
    let server = fake_org();
    for i in 0..MAX_TEAMS_PER_ORG - 1 {
        server.add_team(ORG, NewTeam::new(&format!("t{i}")));
    }
    with_teams(&server, &[], |t| {
        let members = [ACTIVE.to_string()];
        t.create_team("last", &members).unwrap();
        let refused = t
            .create_team("one too many", &members)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("MAX_TEAMS_PER_ORG_EXCEEDED"), "{refused}");
        assert_eq!(t.list_teams().unwrap().len(), MAX_TEAMS_PER_ORG);
    });
    // Another organization has its own 250.
    let elsewhere = "b0123456789abcdef012345b";
    server.add_user(elsewhere, NewUser::new(ACTIVE, "ACTIVE"));
    let (status, _) = send(
        &server,
        "POST",
        &format!("/api/atlas/v2/orgs/{elsewhere}/teams"),
        Some(&format!(r#"{{"name":"t0","usernames":["{ACTIVE}"]}}"#)),
    );
    assert_eq!(status, 200);
    conforms(&server, &[]);
}

#[test]
fn project_teams_are_checked_like_atlas_does() {
    let server = fake_org();
    let core = server.add_team(ORG, NewTeam::new("Core").members(&[ACTIVE]));
    let ops = server.add_team(ORG, NewTeam::new("Ops"));
    let prod = server.add_project(ORG, NewProject::new("Prod").team(&core, &["GROUP_OWNER"]));
    let teams_of = group_teams_path(&prod);
    let unknown = "6b7a3f00c0eb9e7a0000ffff";
    let add = |body: String| send(&server, "POST", &teams_of, Some(&body));
    let entry = |team: &str, roles: &str| format!(r#"{{"roleNames":{roles},"teamId":"{team}"}}"#);
    assert_eq!(
        code(&add(format!(
            "[{}]",
            entry(&core, r#"["GROUP_READ_ONLY"]"#)
        ))),
        (400, "TEAM_EXISTS_IN_GROUP")
    );
    assert_eq!(
        code(&add(format!(
            "[{},{}]",
            entry(&ops, r#"["GROUP_READ_ONLY"]"#),
            entry(&ops, r#"["GROUP_OWNER"]"#)
        ))),
        (400, "TEAM_EXISTS_IN_GROUP")
    );
    assert_eq!(
        code(&add(format!(
            "[{}]",
            entry(unknown, r#"["GROUP_READ_ONLY"]"#)
        ))),
        (404, "TEAM_NOT_FOUND")
    );
    assert_eq!(
        code(&add(format!("[{}]", entry(&ops, "[]")))),
        (400, "INVALID_ATTRIBUTE")
    );
    // All or nothing: the refusals added nothing.
    assert_eq!(server.projects()[0].teams.len(), 1);
    let one = format!("{teams_of}/{ops}");
    let patch = entry(&ops, r#"["GROUP_OWNER"]"#);
    assert_eq!(
        code(&send(&server, "PATCH", &one, Some(&patch))),
        (404, "TEAM_NOT_IN_GROUP")
    );
    assert_eq!(
        code(&send(&server, "DELETE", &one, None)),
        (404, "TEAM_NOT_IN_GROUP")
    );
    // The PATCH body names the team of its path.
    assert_eq!(
        code(&send(
            &server,
            "PATCH",
            &format!("{teams_of}/{core}"),
            Some(&patch)
        )),
        (400, "INVALID_ATTRIBUTE")
    );
    let (status, role) = send(&server, "GET", &format!("{teams_of}/{core}"), None);
    assert_eq!(
        (status, role["roleNames"].clone()),
        (200, serde_json::json!(["GROUP_OWNER"]))
    );
    let nowhere = group_teams_path("6b7a4000c0eb9e7a0000ffff");
    assert_eq!(
        code(&send(&server, "GET", &nowhere, None)),
        (404, "GROUP_NOT_FOUND")
    );
    // One version only, as the users routes.
    let other = send_as(&server, "GET", &teams_of, USERS_MT, None);
    assert_eq!(code(&other), (406, "INVALID_VERSION_DATE"));
    conforms(
        &server,
        // The wrong version: its Accept, and the 406 no operation documents.
        &[
            ("listGroupTeams", "media type"),
            ("listGroupTeams", "status"),
        ],
    );
}

#[test]
fn users_team_ids_name_teams_that_exist() {
    let server = fake_org();
    let user = |name: &str| {
        server
            .members()
            .into_iter()
            .find(|m| m.username.as_str() == Some(name))
            .unwrap()
            .user_id
    };
    let patch = |id: &str, teams: &str| {
        send_as(
            &server,
            "PATCH",
            &format!("/api/atlas/v2/orgs/{ORG}/users/{id}"),
            USERS_MT,
            Some(&format!(r#"{{"teamIds":{teams}}}"#)),
        )
    };
    let active = user(ACTIVE);
    let unknown = "6b7a3f00c0eb9e7a0000ffff";
    // An organization without teams here accepts any ids, as before teams were served.
    assert_eq!(patch(&active, &format!(r#"["{unknown}"]"#)).0, 200);
    let core = server.add_team(ORG, NewTeam::new("Core"));
    assert_eq!(
        code(&patch(&active, &format!(r#"["{core}","{unknown}"]"#))),
        (404, "TEAM_NOT_FOUND")
    );
    assert_eq!(patch(&active, &format!(r#"["{core}"]"#)).0, 200);
    assert_eq!(team_ids_of(&server, ACTIVE), [core.as_str()]);
    // An invitation naming a team that does not exist is refused the same way.
    let (status, answer) = send_as(
        &server,
        "POST",
        &format!("/api/atlas/v2/orgs/{ORG}/users"),
        USERS_MT,
        Some(&format!(
            r#"{{"roles":{{"orgRoles":["ORG_MEMBER"]}},"teamIds":["{unknown}"],"username":"new@x.com"}}"#
        )),
    );
    assert_eq!(
        (status, answer["errorCode"].as_str()),
        (404, Some("TEAM_NOT_FOUND"))
    );
    conforms(&server, &[]);
}

#[test]
fn rate_limits_hold_on_the_team_routes() {
    let server = fake_org();
    server.add_team(ORG, NewTeam::new("Core"));
    // One request a minute (of Atlas's time, run 1000 times faster): the second list
    // is refused, waits for its token and succeeds.
    server.set_bucket(Bucket::new(1, 1, 60, 0.001));
    let (first, second) = with_teams(&server, &[("ATLAS_WAIT_SCALE", "0.001")], |t| {
        (t.list_teams().unwrap(), t.list_teams().unwrap())
    });
    assert_eq!((first.len(), second.len()), (1, 1));
    assert!(server.bucket().unwrap().refused >= 1);
    assert!(server.requests().iter().any(|r| r.status == 429));
    conforms(&server, &[]);
}
