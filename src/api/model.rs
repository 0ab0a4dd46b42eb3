//! The Atlas SDK types these commands send and receive, each described once: the
//! serde attributes give the JSON names and `omitempty` (every SDK pointer field is
//! `Option` and omitted when `None`), `crate::go::json` applies Go's decoding rules
//! (case-insensitive keys, last duplicate wins, `null` leaves a pointer nil), and
//! `crate::go::reflect` reads the same derive for templates (field `CreatedAt` from
//! key `createdAt`, `*time.Time` from `Option<GoTime>`).

use crate::go::time::GoTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.OrganizationInvitation", rename_all = "camelCase")]
pub struct Invitation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<GoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<GoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role_assignments: Option<Vec<GroupRole>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inviter_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// Not a pointer in the SDK: always present in JSON output.
    #[serde(default)]
    pub org_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.GroupRole", rename_all = "camelCase")]
pub struct GroupRole {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.Link")]
pub struct Link {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
}

/// `OrganizationInvitationRequest`: the POST body, the PATCH-by-email body and the `--file` format.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename = "admin.OrganizationInvitationRequest",
    rename_all = "camelCase"
)]
pub struct InvitationRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role_assignments: Option<Vec<GroupRoleAssignment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `OrganizationInvitationGroupRoleAssignmentsRequest`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename = "admin.OrganizationInvitationGroupRoleAssignmentsRequest",
    rename_all = "camelCase"
)]
pub struct GroupRoleAssignment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

/// `OrganizationInvitationUpdateRequest`: the PATCH-by-id body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename = "admin.OrganizationInvitationUpdateRequest",
    rename_all = "camelCase"
)]
pub struct InvitationUpdateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role_assignments: Option<Vec<GroupRoleAssignment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
}

// ---------------------------------------------------------------------------------
// The organization users API (media type 2025-02-19), the invites endpoints'
// successor: its SDK types, and their mapping onto the invitation shapes above.
// ---------------------------------------------------------------------------------

/// `OrgUserRequest`: the body that invites one user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.OrgUserRequest", rename_all = "camelCase")]
pub struct OrgUserRequest {
    #[serde(default)]
    pub roles: OrgUserRoles,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
    #[serde(default)]
    pub username: String,
}

/// `OrgUserUpdateRequest`: the PATCH body. `roles`, when sent, replaces all of the
/// user's roles (organization and project); `teamIds`, when sent, all their teams.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.OrgUserUpdateRequest", rename_all = "camelCase")]
pub struct OrgUserUpdateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<OrgUserRoles>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
}

/// `OrgUserRolesRequest` and `OrgUserRolesResponse`, which have the same fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.OrgUserRoles", rename_all = "camelCase")]
pub struct OrgUserRoles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_role_assignments: Option<Vec<GroupRoles>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_roles: Option<Vec<String>>,
}

/// The users API's `GroupRoleAssignment`: all of a user's roles in one project, in
/// one entry (the invites shapes are [`GroupRoleAssignment`] and [`GroupRole`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.GroupRoleAssignment", rename_all = "camelCase")]
pub struct GroupRoles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_roles: Option<Vec<String>>,
}

/// `OrgUserResponse`, for every `orgMembershipStatus`: the fields of
/// `OrgPendingUserResponse` (`PENDING`, `INVITATION_EXPIRED`, `INVITATION_REJECTED`:
/// the invitation's dates and inviter; `invitationExpiresAt` is null once rejected) and
/// of `OrgActiveUserResponse` (`ACTIVE`: `country`, `createdAt`, names, `lastAuth`,
/// `mobileNumber`), each `None` where the user's kind has none.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.OrgUserResponse", rename_all = "camelCase")]
pub struct OrgUserResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<GoTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_created_at: Option<GoTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_expires_at: Option<GoTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inviter_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_auth: Option<GoTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<String>,
    #[serde(default)]
    pub org_membership_status: String,
    #[serde(default)]
    pub roles: OrgUserRoles,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
    #[serde(default)]
    pub username: String,
}

/// `PaginatedOrgUserView`: one page of `listOrgUsers`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.PaginatedOrgUserView", rename_all = "camelCase")]
pub struct PaginatedOrgUserView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<OrgUserResponse>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
}

/// The `orgMembershipStatus` of an invited user who has not answered yet.
pub const PENDING: &str = "PENDING";
/// A member of the organization (the invitation accepted).
pub const ACTIVE: &str = "ACTIVE";
/// An invitation nobody answered in time.
pub const INVITATION_EXPIRED: &str = "INVITATION_EXPIRED";
/// An invitation the user declined.
pub const INVITATION_REJECTED: &str = "INVITATION_REJECTED";
/// Every `orgMembershipStatus`, in the specification's enum order. Without a filter
/// the users API returns `ACTIVE` and `PENDING` users only.
pub const ALL_STATUSES: [&str; 4] = [PENDING, ACTIVE, INVITATION_EXPIRED, INVITATION_REJECTED];

/// The organization role every organization user holds: what an invitation without
/// one asks for on the users API, which requires at least one (decision
/// users-api-default-role).
pub const DEFAULT_ORG_ROLE: &str = "ORG_MEMBER";

/// The organization roles the users API is sent for `roles`: as given, or
/// [`DEFAULT_ORG_ROLE`] when none are (decision users-api-default-role). Duplicates
/// go out as typed, as on the invites endpoints.
pub fn org_roles_or_default(roles: Option<&[String]>) -> Vec<String> {
    match roles {
        Some(r) if !r.is_empty() => r.to_vec(),
        _ => vec![DEFAULT_ORG_ROLE.to_string()],
    }
}

impl GroupRoles {
    /// From the invites request shape `{groupId, roles}`.
    pub fn from_request(a: &GroupRoleAssignment) -> GroupRoles {
        GroupRoles {
            group_id: a.group_id.clone(),
            group_roles: a.roles.clone(),
        }
    }
}

impl OrgUserRequest {
    /// The users API's form of an invitation request: `roles` become `roles.orgRoles`
    /// (`ORG_MEMBER` when there are none: decision users-api-default-role), each
    /// `{groupId, roles}` becomes `{groupId, groupRoles}`.
    pub fn from_invitation(r: &InvitationRequest) -> OrgUserRequest {
        OrgUserRequest {
            roles: OrgUserRoles {
                group_role_assignments: r
                    .group_role_assignments
                    .as_ref()
                    .map(|list| list.iter().map(GroupRoles::from_request).collect()),
                org_roles: Some(org_roles_or_default(r.roles.as_deref())),
            },
            team_ids: r.team_ids.clone(),
            username: r.username.clone().unwrap_or_default(),
        }
    }
}

impl OrgUserResponse {
    /// The user as an invitation in the invites API's shape, so every output form sees
    /// what it saw before: `id` is the user id, one `{groupId, groupRole}` per project
    /// role, the invitation dates as `createdAt`/`expiresAt`, `orgId` the organization.
    /// `orgName` stays empty: the users API does not carry it (decision users-api-org-name).
    pub fn to_invitation(&self, org_id: &str) -> Invitation {
        let group_role_assignments = self
            .roles
            .group_role_assignments
            .iter()
            .flatten()
            .flat_map(|g| {
                g.group_roles.iter().flatten().map(|role| GroupRole {
                    group_id: g.group_id.clone(),
                    group_role: Some(role.clone()),
                })
            })
            .collect();
        Invitation {
            created_at: self.invitation_created_at,
            expires_at: self.invitation_expires_at,
            group_role_assignments: Some(group_role_assignments),
            id: Some(self.id.clone()),
            inviter_username: self.inviter_username.clone(),
            links: None,
            org_id: Some(org_id.to_string()),
            org_name: String::new(),
            roles: Some(self.roles.org_roles.clone().unwrap_or_default()),
            team_ids: Some(self.team_ids.clone().unwrap_or_default()),
            username: Some(self.username.clone()),
        }
    }
}

// ----------------------------- end of the users API ------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::json::{marshal, marshal_indent, unmarshal};

    const INVITE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"test-783@mongodb.com"}"#;

    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap()
    }

    fn type_error<T: serde::de::DeserializeOwned>(doc: &str) -> String {
        match unmarshal::<T>(doc.as_bytes()) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{doc} decoded"),
        }
    }

    #[test]
    fn recorded_invite_reencodes_like_go() {
        let inv: Invitation = unmarshal(INVITE.as_bytes()).unwrap().value;
        let out = text(marshal_indent(&inv).unwrap()) + "\n";
        assert_eq!(out.len(), 339);
        assert!(out.starts_with("{\n  \"createdAt\": \"2026-08-10T03:03:37Z\",\n"));
        assert!(out.contains("  \"roles\": [\n    \"ORG_MEMBER\"\n  ],\n  \"teamIds\": [],\n"));
    }

    #[test]
    fn unknown_fields_dropped_and_org_name_always_present() {
        let d =
            unmarshal::<Invitation>(br#"{"extraField":1,"USERNAME":"a","username":"b"}"#).unwrap();
        assert_eq!(d.value.username.as_deref(), Some("b"));
        assert_eq!(
            text(marshal(&d.value).unwrap()),
            r#"{"orgName":"","username":"b"}"#
        );
        assert_eq!(d.unknown_fields, ["extraField"]);
    }

    #[test]
    fn nested_items_and_their_error_paths() {
        let doc = br#"{"groupRoleAssignments":[{"groupId":"g","groupRole":"R"}],"links":[{"rel":"self","href":"h"}]}"#;
        let inv: Invitation = unmarshal(doc).unwrap().value;
        let gr = inv.group_role_assignments.unwrap_or_default();
        assert_eq!(gr[0].group_id.as_deref(), Some("g"));
        assert_eq!(gr[0].group_role.as_deref(), Some("R"));
        let links = inv.links.unwrap_or_default();
        assert_eq!(links[0].href.as_deref(), Some("h"));
        assert_eq!(links[0].rel.as_deref(), Some("self"));
        for (doc, want) in [
            (
                r#"{"groupRoleAssignments":[{"groupRole":1}]}"#,
                "json: cannot unmarshal number into Go struct field GroupRole.groupRoleAssignments.groupRole of type string",
            ),
            (
                r#"{"links":[{"href":true}]}"#,
                "json: cannot unmarshal bool into Go struct field Link.links.href of type string",
            ),
            (
                r#"{"links":[3]}"#,
                "json: cannot unmarshal number into Go struct field OrganizationInvitation.links of type admin.Link",
            ),
        ] {
            assert_eq!(type_error::<Invitation>(doc), want, "{doc}");
        }
    }

    #[test]
    fn request_unknown_and_type_errors() {
        let d = unmarshal::<InvitationRequest>(br#"{"Username":"x","bogus":1}"#).unwrap();
        assert_eq!(d.value.username.as_deref(), Some("x"));
        assert_eq!(
            d.unknown_field_error().as_deref(),
            Some(r#"json: unknown field "bogus""#)
        );
        assert_eq!(
            type_error::<InvitationRequest>(r#"{"roles":"A"}"#),
            "json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string"
        );
        assert_eq!(
            type_error::<InvitationRequest>("[1]"),
            "json: cannot unmarshal array into Go value of type admin.OrganizationInvitationRequest"
        );
    }

    #[test]
    fn request_body_field_order() {
        let doc = br#"{"username":"u","teamIds":["t"],"groupRoleAssignments":[{"roles":["R"],"groupId":"g"}],"roles":[]}"#;
        let req: InvitationRequest = unmarshal(doc).unwrap().value;
        assert_eq!(
            text(marshal(&req).unwrap()),
            r#"{"groupRoleAssignments":[{"groupId":"g","roles":["R"]}],"roles":[],"teamIds":["t"],"username":"u"}"#
        );
    }
}

#[cfg(test)]
mod users_api_tests {
    use super::*;

    /// The pending user the official CLI's e2e suite recorded from the users API.
    const RECORDED: &str = r#"{"id":"6a793f8ec0eb9e7a17716c2e","invitationCreatedAt":"2026-08-10T03:03:42Z","invitationExpiresAt":"2026-09-09T03:03:42Z","inviterUsername":"nmtxqlkl","orgMembershipStatus":"PENDING","roles":{"groupRoleAssignments":[],"orgRoles":["ORG_READ_ONLY"]},"teamIds":[],"username":"test-file-812@mongodb.com"}"#;

    #[test]
    fn a_recorded_pending_user_is_the_recorded_invitation_but_id_and_org_name() {
        let user: OrgUserResponse = crate::go::json::unmarshal(RECORDED.as_bytes())
            .unwrap()
            .value;
        let inv = user.to_invitation("a0123456789abcdef012345a");
        // The invites API's answer for the same person (tests/support recorded::INVITE_FILE_812).
        let invites = r#"{"createdAt":"2026-08-10T03:03:42Z","expiresAt":"2026-09-09T03:03:42Z","groupRoleAssignments":[],"id":"6a793f8ec0eb9e7a17716c2d","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_READ_ONLY"],"teamIds":[],"username":"test-file-812@mongodb.com"}"#;
        let mut want: Invitation = crate::go::json::unmarshal(invites.as_bytes())
            .unwrap()
            .value;
        want.id = Some("6a793f8ec0eb9e7a17716c2e".into());
        want.org_name = String::new();
        assert_eq!(inv, want);
    }

    #[test]
    fn group_roles_become_one_entry_per_role() {
        let user = OrgUserResponse {
            roles: OrgUserRoles {
                group_role_assignments: Some(vec![
                    GroupRoles {
                        group_id: Some("g1".into()),
                        group_roles: Some(vec!["GROUP_OWNER".into(), "GROUP_READ_ONLY".into()]),
                    },
                    GroupRoles {
                        group_id: Some("g2".into()),
                        group_roles: None,
                    },
                ]),
                org_roles: None,
            },
            ..Default::default()
        };
        let inv = user.to_invitation("o");
        let got: Vec<(Option<String>, Option<String>)> = inv
            .group_role_assignments
            .unwrap()
            .into_iter()
            .map(|g| (g.group_id, g.group_role))
            .collect();
        assert_eq!(
            got,
            [
                (Some("g1".into()), Some("GROUP_OWNER".into())),
                (Some("g1".into()), Some("GROUP_READ_ONLY".into()))
            ]
        );
        assert_eq!(inv.roles, Some(vec![]));
        assert_eq!(inv.team_ids, Some(vec![]));
        assert_eq!(inv.org_id.as_deref(), Some("o"));
    }

    #[test]
    fn requests_take_the_users_api_shapes() {
        let r = InvitationRequest {
            group_role_assignments: Some(vec![GroupRoleAssignment {
                group_id: Some("g".into()),
                roles: Some(vec!["GROUP_OWNER".into()]),
            }]),
            roles: Some(vec!["ORG_MEMBER".into()]),
            team_ids: None,
            username: Some("a@b.c".into()),
        };
        assert_eq!(
            String::from_utf8(
                crate::go::json::marshal(&OrgUserRequest::from_invitation(&r)).unwrap()
            )
            .unwrap(),
            r#"{"roles":{"groupRoleAssignments":[{"groupId":"g","groupRoles":["GROUP_OWNER"]}],"orgRoles":["ORG_MEMBER"]},"username":"a@b.c"}"#
        );
    }

    #[test]
    fn no_org_role_means_org_member_and_duplicates_stay() {
        let roles = |r: Option<Vec<&str>>| {
            let owned: Option<Vec<String>> = r.map(|v| v.into_iter().map(String::from).collect());
            org_roles_or_default(owned.as_deref())
        };
        assert_eq!(roles(None), ["ORG_MEMBER"]);
        assert_eq!(roles(Some(vec![])), ["ORG_MEMBER"]);
        assert_eq!(roles(Some(vec!["ORG_OWNER"])), ["ORG_OWNER"]);
        assert_eq!(
            roles(Some(vec!["ORG_OWNER", "ORG_OWNER"])),
            ["ORG_OWNER", "ORG_OWNER"]
        );
    }
}
