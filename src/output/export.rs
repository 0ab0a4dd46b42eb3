//! `export`'s default output (issue 25, decision export-format): the members file's
//! object form, teams and projects by name, written back through the same
//! [`Names`] that `apply` resolves a file with. Pure, with stable bytes.
//!
//! ```json
//! {"orgId": "…",
//!  "members": [{"username", "roles", "teams": [NAME], "groupRoleAssignments": [{"project": NAME, "roles"}]}],
//!  "teams": [{"name", "projects": [{"project": NAME, "roles"}]}]}
//! ```
//!
//! Key order is the schema's (docs/members.schema.json); every list is sorted, names
//! ignoring case first, so that a re-export after a change differs only where the
//! organization does. `--ids` keeps today's array ([`super::membership::export`]).

use super::membership::exported_users;
use crate::api::membership::names::Names;
use crate::api::membership::{fold, OrgProject, OrgTeam, OrgUser, Projects};
use crate::go::sort::slice_stable;
use crate::go::strconv::quote;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The exported members file, object form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.MembersFile", rename_all = "camelCase")]
pub struct MembersFile {
    pub org_id: String,
    pub members: Vec<NamedMember>,
    pub teams: Vec<NamedTeam>,
}

/// One member, teams and projects by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.NamedMember", rename_all = "camelCase")]
pub struct NamedMember {
    pub username: String,
    pub roles: Vec<String>,
    pub teams: Vec<String>,
    pub group_role_assignments: Vec<ProjectRoles>,
}

/// Roles in one project, the project by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.ProjectRoles", rename_all = "camelCase")]
pub struct ProjectRoles {
    pub project: String,
    pub roles: Vec<String>,
}

/// One team of the organization with its project roles (`[]` when it has none: an
/// export states everything, so applying it changes nothing).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "apply.NamedTeam", rename_all = "camelCase")]
pub struct NamedTeam {
    pub name: String,
    pub projects: Vec<ProjectRoles>,
}

/// A team or a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Team,
    Project,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Team => "team",
            Kind::Project => "project",
        }
    }
}

/// Who holds the id that has no name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    User(String),
    Team(String),
}

/// Why the organization cannot be written by name (decision export-unnamed): nothing is
/// written, since a file with an id among names, or a name that means two things, is
/// one `apply` refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unnamed {
    /// A user (or team) holds a team or project that the lists do not show: deleted
    /// between the lists, or not visible to these credentials (listOrgTeams returns
    /// only the teams the caller can see).
    Unlisted {
        holder: Holder,
        kind: Kind,
        id: String,
    },
    /// The lists show more than one team or project under this name.
    Ambiguous {
        kind: Kind,
        name: String,
        ids: Vec<String>,
    },
}

impl fmt::Display for Unnamed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const AGAIN: &str = "nothing was written: run export again, or export --ids to write IDs";
        match self {
            Unnamed::Unlisted { holder, kind, id } => {
                let (who, holds) = match (holder, kind) {
                    (Holder::User(u), Kind::Team) => (format!("user {}", quote(u)), "is in"),
                    (Holder::User(u), Kind::Project) => {
                        (format!("user {}", quote(u)), "has roles in")
                    }
                    (Holder::Team(t), _) => (format!("team {}", quote(t)), "has roles in"),
                };
                write!(
                    f,
                    "{who} {holds} {} {}, which the organization's {}s as listed do not include (deleted meanwhile, or not visible to these credentials); {AGAIN}",
                    kind.word(),
                    quote(id),
                    kind.word()
                )
            }
            Unnamed::Ambiguous { kind, name, ids } => {
                let ids: Vec<String> = ids.iter().map(|i| quote(i)).collect();
                write!(
                    f,
                    "the organization lists {} {}s named {} (IDs {}), so a file cannot name one of them; nothing was written: export --ids writes IDs",
                    ids.len(),
                    kind.word(),
                    quote(name),
                    ids.join(", ")
                )
            }
        }
    }
}

/// Names first ignoring case, then exactly: a total order, so the bytes are stable.
fn by_name(a: &str, b: &str) -> std::cmp::Ordering {
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

/// Id → name through `names`, refusing an id it lacks and a name that is not one team's
/// or project's.
struct Namer<'a> {
    names: &'a Names,
}

impl Namer<'_> {
    fn name(&self, kind: Kind, id: &str, holder: impl Fn() -> Holder) -> Result<String, Unnamed> {
        let (name, ids) = match kind {
            Kind::Team => {
                let n = self.names.team_name(id);
                (n, n.map(|n| self.names.team_ids(n)))
            }
            Kind::Project => {
                let n = self.names.project_name(id);
                (n, n.map(|n| self.names.project_ids(n)))
            }
        };
        match (name, ids) {
            (Some(name), Some([_])) => Ok(name.to_string()),
            (Some(name), Some(ids)) => Err(Unnamed::Ambiguous {
                kind,
                name: name.to_string(),
                ids: ids.to_vec(),
            }),
            _ => Err(Unnamed::Unlisted {
                holder: holder(),
                kind,
                id: id.to_string(),
            }),
        }
    }

    fn projects(
        &self,
        projects: &Projects,
        holder: impl Fn() -> Holder,
    ) -> Result<Vec<ProjectRoles>, Unnamed> {
        let mut out = projects
            .iter()
            .map(|(id, roles)| {
                Ok(ProjectRoles {
                    project: self.name(Kind::Project, id, &holder)?,
                    roles: roles.iter().cloned().collect(),
                })
            })
            .collect::<Result<Vec<_>, Unnamed>>()?;
        slice_stable(&mut out, |a, b| by_name(&a.project, &b.project));
        Ok(out)
    }
}

/// The organization `org_id` as the object form: its pending invitations and active
/// members (as the array form chooses them, decision export-format) with teams and
/// projects by name, and every team it lists with its project roles.
pub fn members_file(
    org_id: &str,
    users: &[OrgUser],
    teams: &[OrgTeam],
    projects: &[OrgProject],
) -> Result<MembersFile, Unnamed> {
    let names = Names::new(teams, projects);
    let namer = Namer { names: &names };
    let mut members = Vec::new();
    for u in exported_users(users) {
        let user = || Holder::User(u.username.clone());
        let mut team_names = u
            .access
            .team_ids
            .iter()
            .map(|id| namer.name(Kind::Team, id, user))
            .collect::<Result<Vec<_>, Unnamed>>()?;
        slice_stable(&mut team_names, |a, b| by_name(a, b));
        members.push(NamedMember {
            username: u.username.clone(),
            roles: u.access.org_roles.iter().cloned().collect(),
            teams: team_names,
            group_role_assignments: namer.projects(&u.access.projects, user)?,
        });
    }
    let mut named = Vec::with_capacity(teams.len());
    for t in teams {
        // Every listed team is written, so a name two teams share is refused here.
        let name = namer.name(Kind::Team, &t.id, || Holder::Team(t.name.clone()))?;
        named.push(NamedTeam {
            projects: namer.projects(&t.projects, || Holder::Team(name.clone()))?,
            name,
        });
    }
    slice_stable(&mut named, |a, b| by_name(&a.name, &b.name));
    Ok(MembersFile {
        org_id: org_id.to_string(),
        members,
        teams: named,
    })
}

/// The file's bytes: Go's `MarshalIndent` (two spaces) and a final newline.
pub fn members_file_bytes(file: &MembersFile) -> Vec<u8> {
    // Only strings and lists: encoding cannot fail.
    let mut out = crate::go::json::marshal_indent(file).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::membership::{members, Access, Status};
    use std::collections::BTreeSet;

    const T_OPS: &str = "5f71e5255afec75a3d0f9601";
    const T_APP: &str = "5f71e5255afec75a3d0f9602";
    const T_IDLE: &str = "5f71e5255afec75a3d0f9603";
    const P_PROD: &str = "6c73999ae7966f00563911a1";
    const P_DEV: &str = "6c73999ae7966f00563911a2";

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn projects(items: &[(&str, &[&str])]) -> Projects {
        items
            .iter()
            .map(|(id, r)| (id.to_string(), set(r)))
            .collect()
    }

    fn user(id: &str, name: &str, status: Status, teams: &[&str], p: Projects) -> OrgUser {
        OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access: Access {
                org_roles: set(&["ORG_MEMBER", "ORG_GROUP_CREATOR"]),
                team_ids: set(teams),
                projects: p,
            },
        }
    }

    fn team(id: &str, name: &str, p: Projects) -> OrgTeam {
        OrgTeam {
            id: id.into(),
            name: name.into(),
            projects: p,
        }
    }

    fn project(id: &str, name: &str) -> OrgProject {
        OrgProject {
            id: id.into(),
            name: name.into(),
        }
    }

    /// Two members (one of them also an expired invitation), three teams (one in no
    /// project), two projects; ids in the opposite order of names.
    fn org() -> (Vec<OrgUser>, Vec<OrgTeam>, Vec<OrgProject>) {
        let users = vec![
            user(
                "u2",
                "zed@x.com",
                Status::Active,
                &[T_OPS, T_APP],
                projects(&[(P_PROD, &["GROUP_READ_ONLY"]), (P_DEV, &["GROUP_OWNER"])]),
            ),
            user("u1", "amy@x.com", Status::Pending, &[], Projects::new()),
            user(
                "u3",
                "gone@x.com",
                Status::Expired,
                &[T_OPS],
                Projects::new(),
            ),
        ];
        let teams = vec![
            team(
                T_OPS,
                "ops",
                projects(&[(P_PROD, &["GROUP_OWNER", "GROUP_CLUSTER_MANAGER"])]),
            ),
            team(T_APP, "App", projects(&[(P_DEV, &["GROUP_READ_ONLY"])])),
            team(T_IDLE, "idle", Projects::new()),
        ];
        let projects = vec![project(P_PROD, "prod"), project(P_DEV, "Dev")];
        (users, teams, projects)
    }

    fn text(users: &[OrgUser], teams: &[OrgTeam], projects: &[OrgProject]) -> String {
        let file = members_file("5f71e5255afec75a3d0f96dc", users, teams, projects).unwrap();
        String::from_utf8(members_file_bytes(&file)).unwrap()
    }

    #[test]
    fn the_object_form_by_name_sorted() {
        let (users, teams, projects) = org();
        let want = r#"{
  "orgId": "5f71e5255afec75a3d0f96dc",
  "members": [
    {
      "username": "amy@x.com",
      "roles": [
        "ORG_GROUP_CREATOR",
        "ORG_MEMBER"
      ],
      "teams": [],
      "groupRoleAssignments": []
    },
    {
      "username": "zed@x.com",
      "roles": [
        "ORG_GROUP_CREATOR",
        "ORG_MEMBER"
      ],
      "teams": [
        "App",
        "ops"
      ],
      "groupRoleAssignments": [
        {
          "project": "Dev",
          "roles": [
            "GROUP_OWNER"
          ]
        },
        {
          "project": "prod",
          "roles": [
            "GROUP_READ_ONLY"
          ]
        }
      ]
    }
  ],
  "teams": [
    {
      "name": "App",
      "projects": [
        {
          "project": "Dev",
          "roles": [
            "GROUP_READ_ONLY"
          ]
        }
      ]
    },
    {
      "name": "idle",
      "projects": []
    },
    {
      "name": "ops",
      "projects": [
        {
          "project": "prod",
          "roles": [
            "GROUP_CLUSTER_MANAGER",
            "GROUP_OWNER"
          ]
        }
      ]
    }
  ]
}
"#;
        assert_eq!(text(&users, &teams, &projects), want);
        // Stable whatever order Atlas lists things in.
        fn rev<T: Clone>(v: &[T]) -> Vec<T> {
            v.iter().rev().cloned().collect()
        }
        assert_eq!(text(&rev(&users), &rev(&teams), &rev(&projects)), want);
        // The file is one `apply` reads without a problem, and resolves back to the ids.
        let file = members::read(want.as_bytes()).unwrap();
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let resolved = Names::new(&teams, &projects).resolve(&file).unwrap();
        let zed = &resolved.members[1];
        assert_eq!(zed.team_ids, Some(set(&[T_OPS, T_APP])));
        assert_eq!(zed.projects, Some(users[0].access.projects.clone()));
        let decls = resolved.teams.unwrap();
        assert_eq!(decls.len(), 3);
        assert!(decls.iter().all(|d| d.id.is_some()));
        assert!(resolved.new_teams.is_empty());
    }

    #[test]
    fn an_empty_organization() {
        assert_eq!(
            text(&[], &[], &[]),
            "{\n  \"orgId\": \"5f71e5255afec75a3d0f96dc\",\n  \"members\": [],\n  \"teams\": []\n}\n"
        );
    }

    #[test]
    fn what_cannot_be_named_is_refused() {
        let (users, teams, projects) = org();
        let fails = |users: &[OrgUser], teams: &[OrgTeam], projects: &[OrgProject]| {
            members_file("o", users, teams, projects).unwrap_err()
        };
        // A team a user is in, missing from the list (deleted meanwhile, or not visible).
        let unlisted_team = fails(&users, &teams[1..], &projects);
        assert_eq!(
            unlisted_team,
            Unnamed::Unlisted {
                holder: Holder::User("zed@x.com".into()),
                kind: Kind::Team,
                id: T_OPS.into()
            }
        );
        assert_eq!(
            unlisted_team.to_string(),
            format!("user \"zed@x.com\" is in team \"{T_OPS}\", which the organization's teams as listed do not include (deleted meanwhile, or not visible to these credentials); nothing was written: run export again, or export --ids to write IDs")
        );
        // A project a user has roles in.
        let no_teams: Vec<OrgUser> = users
            .iter()
            .cloned()
            .map(|mut u| {
                u.access.team_ids.clear();
                u
            })
            .collect();
        assert_eq!(
            fails(&no_teams, &[], &projects[1..]).to_string(),
            format!("user \"zed@x.com\" has roles in project \"{P_PROD}\", which the organization's projects as listed do not include (deleted meanwhile, or not visible to these credentials); nothing was written: run export again, or export --ids to write IDs")
        );
        // A team's project (only when the lists disagree with each other).
        assert_eq!(
            fails(&[], &teams, &projects[1..]).to_string(),
            format!("team \"ops\" has roles in project \"{P_PROD}\", which the organization's projects as listed do not include (deleted meanwhile, or not visible to these credentials); nothing was written: run export again, or export --ids to write IDs")
        );
        // Two teams under one name: every team is written, so always refused.
        let mut twins = teams.clone();
        twins.push(team("5f71e5255afec75a3d0f9604", "idle", Projects::new()));
        assert_eq!(
            fails(&[], &twins, &projects).to_string(),
            "the organization lists 2 teams named \"idle\" (IDs \"5f71e5255afec75a3d0f9603\", \"5f71e5255afec75a3d0f9604\"), so a file cannot name one of them; nothing was written: export --ids writes IDs"
        );
        // Two projects under one name: refused only when the file would name one.
        let mut dup = projects.clone();
        dup.push(project("6c73999ae7966f00563911a9", "prod"));
        assert!(matches!(
            fails(&no_teams, &[], &dup),
            Unnamed::Ambiguous {
                kind: Kind::Project,
                ..
            }
        ));
        dup.last_mut().unwrap().name = "other".into();
        dup.push(project("6c73999ae7966f00563911aa", "other"));
        assert!(members_file("o", &no_teams, &[], &dup).is_ok());
        // Server text stays inert in the message.
        let evil = vec![user(
            "u9",
            "a\u{1b}[2J@x.com",
            Status::Active,
            &[T_OPS],
            Projects::new(),
        )];
        assert!(!fails(&evil, &[], &[]).to_string().contains('\u{1b}'));
    }
}
