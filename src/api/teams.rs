//! The organization's teams, the teams of each project and the organization's projects
//! (media type 2023-01-01): `…/orgs/{orgId}/teams[/{teamId}]`, `…/orgs/{orgId}/groups`
//! and `…/groups/{groupId}/teams[/{teamId}]`. Team membership is not here: a member's
//! teams are set whole through the users API's `teamIds` (the `…/teams/{teamId}/users`
//! endpoints are sunset on 2027-07-01), and a new team gets its first members through
//! `usernames` when it is created.
//!
//! Every request is built by one function (`*_request`), which both the call and a
//! `--dry-run` preview use, so a preview is what would be sent (decision teams-api).

use super::model::Link;
use super::paging::{self, PAGE_SIZE};
use super::sdk_json::encode;
use super::session::{Request, Session};
use crate::error::Result;
use crate::go::time::GoTime;
use crate::go::url::path_escape;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The only version of these endpoints.
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

// ---------------------------------------------------------------------------------
// The SDK types of these endpoints, named with their Go package as the SDK's JSON
// errors name them. Unknown fields in answers are dropped (Go's decoder); `Option`
// fields are the SDK's pointers, omitted when `None`.
// ---------------------------------------------------------------------------------

/// `Team`: the body that creates a team (`name` and `usernames` are required) and
/// the answer to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.Team", rename_all = "camelCase")]
pub struct Team {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub usernames: Vec<String>,
}

/// `TeamResponse`: a team as listed and as renamed (no members).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.TeamResponse", rename_all = "camelCase")]
pub struct TeamResponse {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(default)]
    pub name: String,
}

/// `TeamUpdate`: the body that renames a team.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.TeamUpdate", rename_all = "camelCase")]
pub struct TeamUpdate {
    #[serde(default)]
    pub name: String,
}

/// `TeamRole`: a team's roles in one project, as listed, added and changed. The
/// specification requires both fields, in the PATCH body too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.TeamRole", rename_all = "camelCase")]
pub struct TeamRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(default)]
    pub role_names: Vec<String>,
    #[serde(default)]
    pub team_id: String,
}

/// `Group`: a project of the organization, as `getOrgGroups` lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.Group", rename_all = "camelCase")]
pub struct Group {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<GoTime>,
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub org_id: String,
}

/// A page of a list: its links and its items.
trait Page: DeserializeOwned + Default {
    type Item;
    fn split(self) -> (Option<Vec<Link>>, Vec<Self::Item>);
}

/// An SDK `Paginated…View` (links, results, the estimated count) and its [`Page`]:
/// one definition for every list of these endpoints, which differ only in the item.
macro_rules! paginated_view {
    ($(#[$doc:meta])* $name:ident, $go:literal, $item:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename = $go, rename_all = "camelCase")]
        pub struct $name {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub links: Option<Vec<Link>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub results: Option<Vec<$item>>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub total_count: Option<i64>,
        }

        impl Page for $name {
            type Item = $item;
            fn split(self) -> (Option<Vec<Link>>, Vec<$item>) {
                (self.links, self.results.unwrap_or_default())
            }
        }
    };
}

paginated_view!(
    /// `PaginatedTeamView`: one page of `listOrgTeams`.
    PaginatedTeamView,
    "admin.PaginatedTeamView",
    TeamResponse
);
paginated_view!(
    /// `PaginatedAtlasGroupView`: one page of `getOrgGroups`.
    PaginatedAtlasGroupView,
    "admin.PaginatedAtlasGroupView",
    Group
);
paginated_view!(
    /// `PaginatedTeamRoleView`: one page of `listGroupTeams`, and the answer to adding
    /// a team to a project or changing its roles there.
    PaginatedTeamRoleView,
    "admin.PaginatedTeamRoleView",
    TeamRole
);

// ---------------------------------------------------------------------------------
// Requests: one builder each, shared by the calls and `--dry-run`.
// ---------------------------------------------------------------------------------

/// `…/orgs/{orgId}/teams`.
fn org_teams(org_id: &str) -> String {
    format!("/api/atlas/v2/orgs/{}/teams", path_escape(org_id))
}

/// `…/orgs/{orgId}/teams/{teamId}`.
fn org_team(org_id: &str, team_id: &str) -> String {
    format!("{}/{}", org_teams(org_id), path_escape(team_id))
}

/// `…/groups/{groupId}/teams`.
fn project_teams(group_id: &str) -> String {
    format!("/api/atlas/v2/groups/{}/teams", path_escape(group_id))
}

/// `…/groups/{groupId}/teams/{teamId}`.
fn project_team(group_id: &str, team_id: &str) -> String {
    format!("{}/{}", project_teams(group_id), path_escape(team_id))
}

/// Page `page` of the list at `path`, as large as the API serves.
fn page_of(path: String, page: usize) -> String {
    format!("{path}?itemsPerPage={PAGE_SIZE}&pageNum={page}")
}

fn request(method: &'static str, path: String, body: Option<Vec<u8>>) -> Request {
    Request {
        method,
        path,
        media_type: MEDIA_TYPE,
        body,
    }
}

/// One page of `listOrgTeams`.
pub fn list_teams_request(org_id: &str, page: usize) -> Request {
    request("GET", page_of(org_teams(org_id), page), None)
}

/// One page of `getOrgGroups`: the organization's projects.
pub fn list_projects_request(org_id: &str, page: usize) -> Request {
    request(
        "GET",
        page_of(
            format!("/api/atlas/v2/orgs/{}/groups", path_escape(org_id)),
            page,
        ),
        None,
    )
}

/// One page of `listGroupTeams`: the teams of one project, with their roles there.
pub fn list_project_teams_request(group_id: &str, page: usize) -> Request {
    request("GET", page_of(project_teams(group_id), page), None)
}

/// `createOrgTeam`: the team and its first members (Atlas requires at least one).
pub fn create_team_request(org_id: &str, name: &str, usernames: &[String]) -> Request {
    let body = Team {
        name: name.to_string(),
        usernames: usernames.to_vec(),
        ..Default::default()
    };
    request("POST", org_teams(org_id), Some(encode(&body)))
}

/// `renameOrgTeam`.
pub fn rename_team_request(org_id: &str, team_id: &str, name: &str) -> Request {
    let body = TeamUpdate {
        name: name.to_string(),
    };
    request("PATCH", org_team(org_id, team_id), Some(encode(&body)))
}

/// `deleteOrgTeam`: Atlas refuses while a project still has the team.
pub fn delete_team_request(org_id: &str, team_id: &str) -> Request {
    request("DELETE", org_team(org_id, team_id), None)
}

/// `addGroupTeams` for one team: the body is a list of one.
pub fn add_team_to_project_request(group_id: &str, team_id: &str, roles: &[String]) -> Request {
    let body = [team_role(team_id, roles)];
    request("POST", project_teams(group_id), Some(encode(&body)))
}

/// `updateGroupTeam`: the team's roles in the project, replaced whole. The body
/// names the team again, as `TeamRole` requires (decision teams-api).
pub fn set_team_project_roles_request(group_id: &str, team_id: &str, roles: &[String]) -> Request {
    let body = team_role(team_id, roles);
    request(
        "PATCH",
        project_team(group_id, team_id),
        Some(encode(&body)),
    )
}

/// `removeGroupTeam`.
pub fn remove_team_from_project_request(group_id: &str, team_id: &str) -> Request {
    request("DELETE", project_team(group_id, team_id), None)
}

fn team_role(team_id: &str, roles: &[String]) -> TeamRole {
    TeamRole {
        links: None,
        role_names: roles.to_vec(),
        team_id: team_id.to_string(),
    }
}

// ---------------------------------------------------------------------------------
// The calls.
// ---------------------------------------------------------------------------------

pub struct Teams<'s, 'a> {
    session: &'s mut Session<'a>,
    org_id: String,
}

impl<'s, 'a> Teams<'s, 'a> {
    pub fn new(session: &'s mut Session<'a>, org_id: &str) -> Teams<'s, 'a> {
        Teams {
            session,
            org_id: org_id.to_string(),
        }
    }

    /// Every page of a list, in the order the API lists the items; `what` names the
    /// list when it does not end.
    fn all<P: Page>(
        &mut self,
        what: &str,
        page: impl Fn(usize) -> Request,
    ) -> Result<Vec<P::Item>> {
        let what = format!("{what}: the list");
        let session = &mut *self.session;
        paging::all(&what, |n| {
            Ok(session
                .call_short::<P>(&page(n))?
                .unwrap_or_default()
                .split())
        })
    }

    /// Every team of the organization (`listOrgTeams`, all pages).
    pub fn list_teams(&mut self) -> Result<Vec<TeamResponse>> {
        let org = self.org_id.clone();
        self.all::<PaginatedTeamView>(&org_teams(&org), |n| list_teams_request(&org, n))
    }

    /// Every project of the organization (`getOrgGroups`, all pages).
    pub fn list_projects(&mut self) -> Result<Vec<Group>> {
        let org = self.org_id.clone();
        let what = format!("/api/atlas/v2/orgs/{}/groups", path_escape(&org));
        self.all::<PaginatedAtlasGroupView>(&what, |n| list_projects_request(&org, n))
    }

    /// The teams of one project with their roles there (`listGroupTeams`, all pages).
    pub fn list_project_teams(&mut self, group_id: &str) -> Result<Vec<TeamRole>> {
        self.all::<PaginatedTeamRoleView>(&project_teams(group_id), |n| {
            list_project_teams_request(group_id, n)
        })
    }

    /// Creates a team with its first members (`createOrgTeam`); the answer holds its id.
    pub fn create_team(&mut self, name: &str, usernames: &[String]) -> Result<Option<Team>> {
        self.session
            .call_short(&create_team_request(&self.org_id, name, usernames))
    }

    /// Renames a team, which keeps its id, members and projects (`renameOrgTeam`).
    pub fn rename_team(&mut self, team_id: &str, name: &str) -> Result<Option<TeamResponse>> {
        self.session
            .call_short(&rename_team_request(&self.org_id, team_id, name))
    }

    /// Deletes a team (`deleteOrgTeam`); no project may still have it.
    pub fn delete_team(&mut self, team_id: &str) -> Result<()> {
        self.session
            .send(&delete_team_request(&self.org_id, team_id))
            .map(|_| ())
    }

    /// Gives a team roles in a project it is not in yet (`addGroupTeams`).
    pub fn add_team_to_project(
        &mut self,
        group_id: &str,
        team_id: &str,
        roles: &[String],
    ) -> Result<Option<PaginatedTeamRoleView>> {
        self.session
            .call_short(&add_team_to_project_request(group_id, team_id, roles))
    }

    /// Replaces a team's roles in a project it is in (`updateGroupTeam`).
    pub fn set_team_project_roles(
        &mut self,
        group_id: &str,
        team_id: &str,
        roles: &[String],
    ) -> Result<Option<PaginatedTeamRoleView>> {
        self.session
            .call_short(&set_team_project_roles_request(group_id, team_id, roles))
    }

    /// Takes a team out of a project (`removeGroupTeam`).
    pub fn remove_team_from_project(&mut self, group_id: &str, team_id: &str) -> Result<()> {
        self.session
            .send(&remove_team_from_project_request(group_id, team_id))
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::sdk_json::decode;
    use crate::transport::client::Response;

    const ORG: &str = "a0123456789abcdef012345a";
    const GROUP: &str = "6c73999ae7966f00563911a4";
    const TEAM: &str = "6c73999ae7966f00563911b5";

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_request_is_built_once_with_its_method_path_and_body() {
        let teams = format!("/api/atlas/v2/orgs/{ORG}/teams");
        let in_group = format!("/api/atlas/v2/groups/{GROUP}/teams");
        let roles = strings(&["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"]);
        for (got, method, path, body) in [
            (
                list_teams_request(ORG, 1),
                "GET",
                format!("{teams}?itemsPerPage=500&pageNum=1"),
                None,
            ),
            (
                list_projects_request(ORG, 3),
                "GET",
                format!("/api/atlas/v2/orgs/{ORG}/groups?itemsPerPage=500&pageNum=3"),
                None,
            ),
            (
                list_project_teams_request(GROUP, 2),
                "GET",
                format!("{in_group}?itemsPerPage=500&pageNum=2"),
                None,
            ),
            (
                create_team_request(ORG, "Core <ops>", &strings(&["a@x.com", "b@x.com"])),
                "POST",
                teams.clone(),
                Some("{\"name\":\"Core \\u003cops\\u003e\",\"usernames\":[\"a@x.com\",\"b@x.com\"]}\n"),
            ),
            (
                create_team_request(ORG, "Empty", &[]),
                "POST",
                teams.clone(),
                Some("{\"name\":\"Empty\",\"usernames\":[]}\n"),
            ),
            (
                rename_team_request(ORG, TEAM, "Platform"),
                "PATCH",
                format!("{teams}/{TEAM}"),
                Some("{\"name\":\"Platform\"}\n"),
            ),
            (
                delete_team_request(ORG, TEAM),
                "DELETE",
                format!("{teams}/{TEAM}"),
                None,
            ),
            (
                add_team_to_project_request(GROUP, TEAM, &roles),
                "POST",
                in_group.clone(),
                Some("[{\"roleNames\":[\"GROUP_READ_ONLY\",\"GROUP_DATA_ACCESS_READ_ONLY\"],\"teamId\":\"6c73999ae7966f00563911b5\"}]\n"),
            ),
            (
                set_team_project_roles_request(GROUP, TEAM, &strings(&["GROUP_OWNER"])),
                "PATCH",
                format!("{in_group}/{TEAM}"),
                Some("{\"roleNames\":[\"GROUP_OWNER\"],\"teamId\":\"6c73999ae7966f00563911b5\"}\n"),
            ),
            (
                remove_team_from_project_request(GROUP, TEAM),
                "DELETE",
                format!("{in_group}/{TEAM}"),
                None,
            ),
        ] {
            assert_eq!(got.method, method, "{path}");
            assert_eq!(got.path, path);
            assert_eq!(got.media_type, MEDIA_TYPE);
            assert_eq!(
                got.body.map(|b| String::from_utf8(b).unwrap()),
                body.map(str::to_string),
                "{method} {path}"
            );
        }
    }

    #[test]
    fn ids_are_path_escaped() {
        // Ids come from files and answers: a slash or a query must stay in its segment.
        assert_eq!(
            delete_team_request("o/../x", "t?a=b").path,
            "/api/atlas/v2/orgs/o%2F..%2Fx/teams/t%3Fa=b"
        );
        assert_eq!(
            list_project_teams_request("g#1", 1).path,
            "/api/atlas/v2/groups/g%231/teams?itemsPerPage=500&pageNum=1"
        );
    }

    fn resp(content_type: &str, body: &str) -> Response {
        Response::for_test(200, content_type, body)
    }

    #[test]
    fn answers_decode_as_go_does() {
        let mt = "application/vnd.atlas.2023-01-01+json;charset=utf-8";
        // A created team: unknown fields dropped, keys matched without case.
        let team: Team = decode(&resp(
            mt,
            r#"{"ID":"6c73999ae7966f00563911b5","name":"Core","usernames":["a@x.com"],"links":[{"rel":"self","href":"h"}],"extra":1}"#,
        ))
        .unwrap()
        .unwrap();
        assert_eq!(team.id.as_deref(), Some(TEAM));
        assert_eq!((team.name.as_str(), team.usernames.len()), ("Core", 1));
        // A page of teams, a page of projects, a page of project teams.
        let page: PaginatedTeamView = decode(&resp(
            mt,
            r#"{"links":[{"rel":"self","href":"h"}],"results":[{"id":"t1","name":"A"},{"id":"t2","name":"B"}],"totalCount":2}"#,
        ))
        .unwrap()
        .unwrap();
        let (links, items) = page.split();
        assert_eq!(links.map(|l| l.len()), Some(1));
        assert_eq!(
            items
                .iter()
                .map(|t| (t.id.as_str(), t.name.as_str()))
                .collect::<Vec<_>>(),
            [("t1", "A"), ("t2", "B")]
        );
        let page: PaginatedAtlasGroupView = decode(&resp(
            mt,
            r#"{"results":[{"clusterCount":0,"created":"2026-08-01T00:00:00Z","id":"g1","name":"Prod","orgId":"o","regionUsageRestrictions":"GOV_REGIONS_ONLY"}]}"#,
        ))
        .unwrap()
        .unwrap();
        let (links, groups) = page.split();
        assert!(links.is_none());
        assert_eq!(
            (
                groups[0].id.as_str(),
                groups[0].name.as_str(),
                groups[0].cluster_count
            ),
            ("g1", "Prod", Some(0))
        );
        let page: PaginatedTeamRoleView = decode(&resp(
            mt,
            r#"{"results":[{"teamId":"t1","roleNames":["GROUP_OWNER"]}],"totalCount":null}"#,
        ))
        .unwrap()
        .unwrap();
        let (_, roles) = page.split();
        assert_eq!(roles, [team_role("t1", &strings(&["GROUP_OWNER"]))]);
        // `results: null` is an empty page; an empty body is no answer.
        let page: PaginatedTeamView = decode(&resp(mt, r#"{"results":null}"#)).unwrap().unwrap();
        assert!(page.split().1.is_empty());
        assert_eq!(decode::<TeamResponse>(&resp(mt, "")).unwrap(), None);
        for (body, content_type, want) in [
            (
                r#"{"name":5}"#,
                mt,
                "json: cannot unmarshal number into Go struct field TeamResponse.name of type string",
            ),
            (
                r#"{"results":[{"roleNames":"GROUP_OWNER"}]}"#,
                mt,
                "json: cannot unmarshal string into Go struct field TeamRole.results.roleNames of type []string",
            ),
            // The SDK's types carry their Go package, as Go's errors print them.
            (
                "[]",
                mt,
                "json: cannot unmarshal array into Go value of type admin.TeamResponse",
            ),
            (
                r#"{"results":5}"#,
                mt,
                "json: cannot unmarshal number into Go struct field PaginatedTeamRoleView.results of type []admin.TeamRole",
            ),
            (r#"{"name":"x"}"#, "text/html", "undefined response type"),
        ] {
            let err = if body.contains("results") {
                decode::<PaginatedTeamRoleView>(&resp(content_type, body)).unwrap_err()
            } else {
                decode::<TeamResponse>(&resp(content_type, body)).unwrap_err()
            };
            assert_eq!(err.to_string(), want, "{body}");
        }
    }
}
