//! `export` speaks names (issue 25): the object form by default, members with team and
//! project names and every team with its project roles, sorted and stable; `--ids`
//! the array of issue 20 byte for byte; the list pages as the only requests, each
//! checked against the specification extracts; a team the lists do not show stops the
//! export; and the round trips through `apply`.

use crate::spec_conformance::audit;
use crate::support::fake_atlas::{NewProject, NewTeam, NewUser};
use crate::support::openapi::Spec;
use crate::support::{against, fake, FakeAtlas, Output, TestDir, ORG};

/// `atlas org invitations <verb> --orgId ORG <args…>` against `server`.
fn run(server: &FakeAtlas, verb: &str, args: &[&str]) -> Output {
    let mut all = vec!["org", "invitations", verb, "--orgId", ORG];
    all.extend_from_slice(args);
    against(server, &all).run()
}

/// A successful export's stdout.
fn export(server: &FakeAtlas, args: &[&str]) -> String {
    let out = run(server, "export", args);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:?}");
    out.stdout
}

/// The ids of what [`seed`] made, for the expected texts.
struct Ids {
    dev: String,
    analytics: String,
    platform: String,
    apps: String,
}

/// Projects first (the fake needs them before users hold roles in them), then users,
/// then the teams with their members, then the projects that have teams. Names in
/// mixed case and created out of order, so that sorting shows; an expired invitation,
/// which export leaves out; every team with a member, so that `apply` can rebuild it.
fn seed(server: &FakeAtlas) -> Ids {
    let dev = server.add_project(ORG, NewProject::new("Dev"));
    let analytics = server.add_project(ORG, NewProject::new("analytics"));
    server.add_user(
        ORG,
        NewUser::new("zed@x.com", "ACTIVE")
            .group(&dev, &["GROUP_OWNER", "GROUP_CLUSTER_MANAGER"])
            .group(&analytics, &["GROUP_READ_ONLY"]),
    );
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE").org_roles(&["ORG_OWNER"]),
    );
    server.add_user(ORG, NewUser::new("amy@x.com", "PENDING"));
    server.add_user(ORG, NewUser::new("old@x.com", "INVITATION_EXPIRED"));
    let platform = server.add_team(
        ORG,
        NewTeam::new("platform").members(&["zed@x.com", "amy@x.com"]),
    );
    let apps = server.add_team(ORG, NewTeam::new("Apps").members(&["zed@x.com"]));
    server.add_team(ORG, NewTeam::new("idle").members(&["boss@x.com"]));
    server.add_project(
        ORG,
        NewProject::new("prod")
            .team(&platform, &["GROUP_OWNER"])
            .team(&apps, &["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]),
    );
    server.add_project(
        ORG,
        NewProject::new("Staging").team(&apps, &["GROUP_READ_ONLY"]),
    );
    Ids {
        dev,
        analytics,
        platform,
        apps,
    }
}

/// What `export` prints for [`seed`]'s organization: names everywhere, sorted ignoring
/// case, every team (`idle` in no project), the expired invitation left out.
fn by_name() -> String {
    format!(
        r#"{{
  "orgId": "{ORG}",
  "members": [
    {{
      "username": "amy@x.com",
      "roles": [
        "ORG_MEMBER"
      ],
      "teams": [
        "platform"
      ],
      "groupRoleAssignments": []
    }},
    {{
      "username": "boss@x.com",
      "roles": [
        "ORG_OWNER"
      ],
      "teams": [
        "idle"
      ],
      "groupRoleAssignments": []
    }},
    {{
      "username": "zed@x.com",
      "roles": [
        "ORG_MEMBER"
      ],
      "teams": [
        "Apps",
        "platform"
      ],
      "groupRoleAssignments": [
        {{
          "project": "analytics",
          "roles": [
            "GROUP_READ_ONLY"
          ]
        }},
        {{
          "project": "Dev",
          "roles": [
            "GROUP_CLUSTER_MANAGER",
            "GROUP_OWNER"
          ]
        }}
      ]
    }}
  ],
  "teams": [
    {{
      "name": "Apps",
      "projects": [
        {{
          "project": "prod",
          "roles": [
            "GROUP_DATA_ACCESS_READ_ONLY",
            "GROUP_READ_ONLY"
          ]
        }},
        {{
          "project": "Staging",
          "roles": [
            "GROUP_READ_ONLY"
          ]
        }}
      ]
    }},
    {{
      "name": "idle",
      "projects": []
    }},
    {{
      "name": "platform",
      "projects": [
        {{
          "project": "prod",
          "roles": [
            "GROUP_OWNER"
          ]
        }}
      ]
    }}
  ]
}}
"#
    )
}

#[test]
fn the_object_form_names_teams_and_projects_sorted_and_stable() {
    let server = fake();
    seed(&server);
    let first = export(&server, &[]);
    assert_eq!(first, by_name());
    // Stable bytes: the same again, and `-o json` is the same file.
    assert_eq!(export(&server, &[]), first);
    assert_eq!(export(&server, &["-o", "json"]), first);
    // The other forms work over the object.
    assert_eq!(
        export(&server, &["-o", "json-path=$.teams[*].name"]),
        "[\n  \"Apps\",\n  \"idle\",\n  \"platform\"\n]\n"
    );
    assert_eq!(
        export(
            &server,
            &[
                "-o",
                "go-template={{range .Members}}{{.Username}} {{.Teams}}\n{{end}}"
            ]
        ),
        "amy@x.com [platform]\nboss@x.com [idle]\nzed@x.com [Apps platform]\n"
    );
    // A team with no member and no project is stated too.
    server.add_team(ORG, NewTeam::new("Empty"));
    let with_empty = export(&server, &[]);
    assert!(
        with_empty.contains("    {\n      \"name\": \"Empty\",\n      \"projects\": []\n    },\n"),
        "{with_empty}"
    );
    assert_eq!(
        export(&server, &["-o", "json-path=$.teams[*].name"]),
        "[\n  \"Apps\",\n  \"Empty\",\n  \"idle\",\n  \"platform\"\n]\n"
    );
}

#[test]
fn ids_writes_the_array_of_issue_20_byte_for_byte() {
    let server = fake();
    let ids = seed(&server);
    let (team1, team2) = if ids.platform < ids.apps {
        (&ids.platform, &ids.apps)
    } else {
        (&ids.apps, &ids.platform)
    };
    let (g1, r1, g2, r2) = (
        &ids.dev,
        "\"GROUP_CLUSTER_MANAGER\",\n          \"GROUP_OWNER\"",
        &ids.analytics,
        "\"GROUP_READ_ONLY\"",
    );
    assert!(g1 < g2, "the fake's ids grow");
    let idle = server
        .teams()
        .into_iter()
        .find(|t| t.name == "idle")
        .unwrap()
        .id;
    let want = format!(
        r#"[
  {{
    "username": "amy@x.com",
    "roles": [
      "ORG_MEMBER"
    ],
    "teamIds": [
      "{platform}"
    ],
    "groupRoleAssignments": []
  }},
  {{
    "username": "boss@x.com",
    "roles": [
      "ORG_OWNER"
    ],
    "teamIds": [
      "{idle}"
    ],
    "groupRoleAssignments": []
  }},
  {{
    "username": "zed@x.com",
    "roles": [
      "ORG_MEMBER"
    ],
    "teamIds": [
      "{team1}",
      "{team2}"
    ],
    "groupRoleAssignments": [
      {{
        "groupId": "{g1}",
        "roles": [
          {r1}
        ]
      }},
      {{
        "groupId": "{g2}",
        "roles": [
          {r2}
        ]
      }}
    ]
  }}
]
"#,
        platform = ids.platform,
    );
    let n = server.requests().len();
    assert_eq!(export(&server, &["--ids"]), want);
    assert_eq!(export(&server, &["--ids", "-o", "json"]), want);
    // No team or project is listed for it.
    assert!(server.requests()[n..].iter().all(|r| r
        .target
        .starts_with(&format!("/api/atlas/v2/orgs/{ORG}/users?"))));
}

#[test]
fn only_the_list_pages_are_requested_and_each_meets_the_specification() {
    let server = fake();
    seed(&server);
    // More users than one page of 500.
    server.preload(ORG, 520);
    let n = server.requests().len();
    export(&server, &[]);
    let log: Vec<_> = server.requests()[n..]
        .iter()
        .filter(|r| r.authorized)
        .cloned()
        .collect();
    let projects: Vec<String> = server.projects().into_iter().map(|p| p.id).collect();
    let statuses = "orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";
    let mut want = vec![
        format!("GET /api/atlas/v2/orgs/{ORG}/users?{statuses}&itemsPerPage=500&pageNum=1"),
        format!("GET /api/atlas/v2/orgs/{ORG}/users?{statuses}&itemsPerPage=500&pageNum=2"),
        format!("GET /api/atlas/v2/orgs/{ORG}/teams?itemsPerPage=500&pageNum=1"),
        format!("GET /api/atlas/v2/orgs/{ORG}/groups?itemsPerPage=500&pageNum=1"),
    ];
    for id in &projects {
        want.push(format!(
            "GET /api/atlas/v2/groups/{id}/teams?itemsPerPage=500&pageNum=1"
        ));
    }
    let got: Vec<String> = log
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(got, want);
    assert!(log.iter().all(|r| r.status == 200), "{log:?}");
    // Each exchange meets the extracts, but for what Atlas itself departs from them
    // in (spec_conformance's list of known departures).
    let (unexpected, _) = audit(&Spec::load(), &log);
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

#[test]
fn a_team_the_lists_do_not_show_stops_the_export() {
    let server = fake();
    // The user is in a team that listOrgTeams does not return (deleted meanwhile, or
    // not visible to these credentials).
    let hidden = "6b7a3f00c0eb9e7a000000ff";
    server.add_user(
        ORG,
        NewUser::new("boss@x.com", "ACTIVE")
            .org_roles(&["ORG_OWNER"])
            .teams(&[hidden]),
    );
    let out = run(&server, "export", &[]);
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            1,
            "",
            format!("Error: user \"boss@x.com\" is in team \"{hidden}\", which the organization's teams as listed do not include (deleted meanwhile, or not visible to these credentials); nothing was written: run export again, or export --ids to write IDs\n").as_str()
        )
    );
    // --ids still writes the ids.
    assert!(export(&server, &["--ids"]).contains(hidden));
}

#[test]
fn export_then_check_plans_nothing() {
    let server = fake();
    seed(&server);
    let first = export(&server, &[]);
    let dir = TestDir::new();
    let m = dir.write("m.json", &first);
    let n = server.requests().len();
    let check = run(&server, "apply", &["-f", m.to_str().unwrap(), "--check"]);
    assert_eq!(
        (check.code, check.stdout.as_str(), check.stderr.as_str()),
        (0, "Nothing to do: the organization matches the file.\n", ""),
        "{check:?}"
    );
    assert!(server.requests()[n..].iter().all(|r| r.method == "GET"));
}

#[test]
fn an_export_rebuilds_an_organization_with_the_same_projects() {
    let server = fake();
    seed(&server);
    let first = export(&server, &[]);
    let dir = TestDir::new();
    let m = dir.write("m.json", &first);
    // Another organization with the same projects (by name), no teams, no members.
    let empty = fake();
    for name in ["Dev", "analytics", "prod", "Staging"] {
        empty.add_project(ORG, NewProject::new(name));
    }
    let applied = run(&empty, "apply", &["-f", m.to_str().unwrap()]);
    assert_eq!(applied.code, 0, "{applied:?}");
    assert_eq!(empty.teams().len(), 3);
    // Every member invited (pending now), every team created with its members and
    // project roles: the export is the same file.
    assert_eq!(export(&empty, &[]), first);
    let again = run(&empty, "apply", &["-f", m.to_str().unwrap(), "--check"]);
    assert_eq!(again.code, 0, "{again:?}");
}
