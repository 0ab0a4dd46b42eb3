//! Between the planner's types and the users API's SDK model (`crate::api::model`):
//! what [`super::remote`] sends and reads, and the file's shape for output.

use super::{Access, Member, OrgUser, Patch, Projects, Status};
use crate::api::model::{
    GroupRoleAssignment, GroupRoles, OrgUserRequest, OrgUserResponse, OrgUserRoles,
    OrgUserUpdateRequest,
};
use crate::error::{Error, Result};
use std::collections::BTreeSet;

fn list(set: &BTreeSet<String>) -> Vec<String> {
    set.iter().cloned().collect()
}

/// The users API's `groupRoleAssignments`: `{groupId, groupRoles}` per project.
pub fn group_roles(projects: &Projects) -> Vec<GroupRoles> {
    projects
        .iter()
        .map(|(id, roles)| GroupRoles {
            group_id: Some(id.clone()),
            group_roles: Some(list(roles)),
        })
        .collect()
}

/// The file's `groupRoleAssignments`: `{groupId, roles}` per project.
pub fn file_assignments(projects: &Projects) -> Vec<GroupRoleAssignment> {
    projects
        .iter()
        .map(|(id, roles)| GroupRoleAssignment {
            group_id: Some(id.clone()),
            roles: Some(list(roles)),
        })
        .collect()
}

/// A listed (or read) user; a status outside the specification's four is an error.
pub fn user(r: &OrgUserResponse) -> Result<OrgUser> {
    let status = Status::parse(&r.org_membership_status).ok_or_else(|| {
        Error::Api(format!(
            "user {} has orgMembershipStatus {}, which apply does not know",
            r.username,
            crate::go::strconv::quote(&r.org_membership_status)
        ))
    })?;
    let mut projects = Projects::new();
    for g in r.roles.group_role_assignments.iter().flatten() {
        let roles: BTreeSet<String> =
            crate::go::sort::ordered(g.group_roles.iter().flatten().cloned());
        if let (Some(id), false) = (&g.group_id, roles.is_empty()) {
            projects.entry(id.clone()).or_default().extend(roles);
        }
    }
    Ok(OrgUser {
        id: r.id.clone(),
        username: r.username.clone(),
        status,
        access: Access {
            org_roles: r.roles.org_roles.iter().flatten().cloned().collect(),
            team_ids: r.team_ids.iter().flatten().cloned().collect(),
            projects,
        },
    })
}

/// The `POST …/users` body of an invitation: what the file gives, teams and project
/// roles only when it has them.
pub fn create_request(m: &Member) -> OrgUserRequest {
    OrgUserRequest {
        roles: OrgUserRoles {
            group_role_assignments: m.projects.as_ref().map(group_roles),
            org_roles: Some(list(&m.org_roles)),
        },
        team_ids: m.team_ids.as_ref().map(list),
        username: m.username.clone(),
    }
}

/// The `PATCH …/users/{id}` body: only the fields that change; `roles` complete.
pub fn update_request(p: &Patch) -> OrgUserUpdateRequest {
    OrgUserUpdateRequest {
        roles: p.roles.as_ref().map(|r| OrgUserRoles {
            group_role_assignments: Some(group_roles(&r.projects)),
            org_roles: Some(list(&r.org_roles)),
        }),
        team_ids: p.team_ids.as_ref().map(list),
    }
}

#[cfg(test)]
mod tests {
    use super::super::RolesPatch;
    use super::*;
    use crate::go::json::{marshal, unmarshal};

    fn text<T: serde::Serialize>(v: &T) -> String {
        String::from_utf8(marshal(v).unwrap()).unwrap()
    }

    #[test]
    fn a_listed_user() {
        let doc = r#"{"id":"u1","orgMembershipStatus":"ACTIVE","roles":{"groupRoleAssignments":[{"groupId":"g","groupRoles":["B","A"]},{"groupId":"h","groupRoles":[]},{"groupId":"g","groupRoles":["C"]}],"orgRoles":["ORG_MEMBER"]},"teamIds":["t"],"username":"a@x.com"}"#;
        let u = user(&unmarshal(doc.as_bytes()).unwrap().value).unwrap();
        assert_eq!(u.status, Status::Active);
        assert_eq!(
            u.access
                .projects
                .get("g")
                .map(|r| r.iter().cloned().collect::<Vec<_>>()),
            Some(vec!["A".to_string(), "B".into(), "C".into()])
        );
        assert!(!u.access.projects.contains_key("h"));
        let odd = r#"{"id":"u1","orgMembershipStatus":"LIMBO","username":"a@x.com"}"#;
        assert_eq!(
            user(&unmarshal(odd.as_bytes()).unwrap().value)
                .unwrap_err()
                .to_string(),
            "user a@x.com has orgMembershipStatus \"LIMBO\", which apply does not know"
        );
    }

    #[test]
    fn bodies() {
        let m = Member {
            username: "a@x.com".into(),
            org_roles: ["ORG_OWNER", "ORG_MEMBER"].map(String::from).into(),
            team_ids: None,
            projects: Some([("g".to_string(), ["GROUP_OWNER".to_string()].into())].into()),
        };
        assert_eq!(
            text(&create_request(&m)),
            r#"{"roles":{"groupRoleAssignments":[{"groupId":"g","groupRoles":["GROUP_OWNER"]}],"orgRoles":["ORG_MEMBER","ORG_OWNER"]},"username":"a@x.com"}"#
        );
        let teams_only = Patch {
            roles: None,
            team_ids: Some(BTreeSet::new()),
        };
        assert_eq!(text(&update_request(&teams_only)), r#"{"teamIds":[]}"#);
        let roles = Patch {
            roles: Some(RolesPatch {
                org_roles: ["ORG_MEMBER".to_string()].into(),
                projects: Projects::new(),
            }),
            team_ids: None,
        };
        assert_eq!(
            text(&update_request(&roles)),
            r#"{"roles":{"groupRoleAssignments":[],"orgRoles":["ORG_MEMBER"]}}"#
        );
    }
}
