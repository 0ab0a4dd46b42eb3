//! The Atlas SDK types these commands send and receive, decoded and encoded with
//! Go's `encoding/json` rules: keys match case-insensitively, a later duplicate wins,
//! `null` leaves a pointer nil, unknown fields are dropped (or reported when strict),
//! and output keeps the SDK's field order with `omitempty` on every pointer.

use crate::go::time::GoTime;
use crate::json::Value;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "OrganizationInvitation", rename_all = "camelCase")]
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
#[serde(rename_all = "camelCase")]
pub struct GroupRole {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_role: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Link {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
}

/// `OrganizationInvitationRequest`: the POST body, the PATCH-by-email body and the `--file` format.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "OrganizationInvitationRequest", rename_all = "camelCase")]
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
    rename = "OrganizationInvitationGroupRoleAssignmentsRequest",
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
    rename = "OrganizationInvitationUpdateRequest",
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

/// Collects the first problems while decoding, as Go's decoder does.
pub struct Decoder {
    strict: bool,
    /// `json: unknown field "x"` for the first unknown key (strict mode only).
    pub unknown_field: Option<String>,
    /// The first type mismatch; Go keeps decoding and reports it at the end.
    pub type_error: Option<String>,
    /// The first error that stops decoding (a bad timestamp).
    pub fatal: Option<String>,
}

struct Ctx<'a> {
    struct_name: &'a str,
    path: &'a str,
}

impl Decoder {
    pub fn new(strict: bool) -> Decoder {
        Decoder {
            strict,
            unknown_field: None,
            type_error: None,
            fatal: None,
        }
    }

    /// The error Go's `Decode` would return, strict unknown-field errors first.
    pub fn error(&self) -> Option<&str> {
        self.fatal
            .as_deref()
            .or(self.unknown_field.as_deref())
            .or(self.type_error.as_deref())
    }

    fn mismatch(&mut self, v: &Value, ctx: &Ctx, go_type: &str) {
        if self.type_error.is_none() {
            self.type_error = Some(if ctx.path.is_empty() {
                format!(
                    "json: cannot unmarshal {} into Go value of type {go_type}",
                    v.kind()
                )
            } else {
                format!(
                    "json: cannot unmarshal {} into Go struct field {}.{} of type {go_type}",
                    v.kind(),
                    ctx.struct_name,
                    ctx.path
                )
            });
        }
    }

    /// Matches object members to `fields` (exact name first, then case-insensitively).
    fn members<'v>(
        &mut self,
        v: &'v Value,
        ctx: &Ctx,
        go_type: &str,
        fields: &[&str],
    ) -> Option<Vec<(usize, &'v Value)>> {
        let members = match v {
            Value::Object(m) => m,
            Value::Null => return None,
            other => {
                self.mismatch(other, ctx, go_type);
                return None;
            }
        };
        let mut out = Vec::new();
        for (key, value) in members {
            let idx = fields
                .iter()
                .position(|f| f == key)
                .or_else(|| fields.iter().position(|f| f.eq_ignore_ascii_case(key)));
            match idx {
                Some(i) => out.push((i, value)),
                None if self.strict && self.unknown_field.is_none() => {
                    self.unknown_field = Some(format!(
                        "json: unknown field {}",
                        crate::go::strconv::quote(key)
                    ));
                }
                None => {}
            }
        }
        Some(out)
    }

    fn string(&mut self, v: &Value, ctx: &Ctx) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => {
                self.mismatch(other, ctx, "string");
                None
            }
        }
    }

    fn strings(&mut self, v: &Value, ctx: &Ctx) -> Option<Vec<String>> {
        match v {
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|item| self.string(item, ctx).unwrap_or_default())
                    .collect(),
            ),
            Value::Null => None,
            other => {
                self.mismatch(other, ctx, "[]string");
                None
            }
        }
    }

    fn time(&mut self, v: &Value, ctx: &Ctx) -> Option<GoTime> {
        match v {
            Value::String(s) => match GoTime::parse_rfc3339(s) {
                Ok(t) => Some(t),
                Err(e) => {
                    self.fatal.get_or_insert(e);
                    None
                }
            },
            Value::Null => None,
            other => {
                self.mismatch(other, ctx, "time.Time");
                None
            }
        }
    }

    fn list<T>(
        &mut self,
        v: &Value,
        ctx: &Ctx,
        go_type: &str,
        mut item: impl FnMut(&mut Self, &Value) -> T,
    ) -> Option<Vec<T>> {
        match v {
            Value::Array(items) => Some(items.iter().map(|i| item(self, i)).collect()),
            Value::Null => None,
            other => {
                self.mismatch(other, ctx, go_type);
                None
            }
        }
    }

    pub fn invitation(&mut self, v: &Value) -> Option<Invitation> {
        const FIELDS: [&str; 11] = [
            "createdAt",
            "expiresAt",
            "groupRoleAssignments",
            "id",
            "inviterUsername",
            "links",
            "orgId",
            "orgName",
            "roles",
            "teamIds",
            "username",
        ];
        let top = Ctx {
            struct_name: "OrganizationInvitation",
            path: "",
        };
        let members = self.members(v, &top, "admin.OrganizationInvitation", &FIELDS)?;
        let mut inv = Invitation::default();
        for (i, value) in members {
            let ctx = Ctx {
                struct_name: "OrganizationInvitation",
                path: FIELDS.get(i).copied().unwrap_or_default(),
            };
            match i {
                0 => inv.created_at = self.time(value, &ctx),
                1 => inv.expires_at = self.time(value, &ctx),
                2 => {
                    inv.group_role_assignments =
                        self.list(value, &ctx, "[]admin.GroupRole", |d, item| {
                            d.group_role(item)
                        })
                }
                3 => inv.id = self.string(value, &ctx),
                4 => inv.inviter_username = self.string(value, &ctx),
                5 => inv.links = self.list(value, &ctx, "[]admin.Link", |d, item| d.link(item)),
                6 => inv.org_id = self.string(value, &ctx),
                7 => {
                    if let Some(s) = self.string(value, &ctx) {
                        inv.org_name = s;
                    }
                }
                8 => inv.roles = self.strings(value, &ctx),
                9 => inv.team_ids = self.strings(value, &ctx),
                _ => inv.username = self.string(value, &ctx),
            }
        }
        Some(inv)
    }

    pub fn invitations(&mut self, v: &Value) -> Option<Vec<Invitation>> {
        let top = Ctx {
            struct_name: "",
            path: "",
        };
        self.list(v, &top, "[]admin.OrganizationInvitation", |d, item| {
            d.invitation(item).unwrap_or_default()
        })
    }

    fn group_role(&mut self, v: &Value) -> GroupRole {
        let [group_id, group_role] = self.string_pair(
            v,
            "groupRoleAssignments",
            "GroupRole",
            &["groupId", "groupRole"],
        );
        GroupRole {
            group_id,
            group_role,
        }
    }

    fn link(&mut self, v: &Value) -> Link {
        let [href, rel] = self.string_pair(v, "links", "Link", &["href", "rel"]);
        Link { href, rel }
    }

    /// A list item of two string fields (GroupRole, Link), with the paths Go's
    /// errors name (`groupRoleAssignments.groupId`).
    fn string_pair(
        &mut self,
        v: &Value,
        parent: &str,
        struct_name: &str,
        fields: &[&str; 2],
    ) -> [Option<String>; 2] {
        let top = Ctx {
            struct_name: "OrganizationInvitation",
            path: parent,
        };
        let mut out = [None, None];
        let go_type = format!("admin.{struct_name}");
        for (i, value) in self.members(v, &top, &go_type, fields).unwrap_or_default() {
            let path = format!("{parent}.{}", fields.get(i).copied().unwrap_or_default());
            let ctx = Ctx {
                struct_name,
                path: &path,
            };
            let s = self.string(value, &ctx);
            if let Some(slot) = out.get_mut(i) {
                *slot = s;
            }
        }
        out
    }

    /// Decodes the `--file` format. A top-level `null` gives an empty request, as in Go.
    pub fn invitation_request(&mut self, v: &Value) -> InvitationRequest {
        const FIELDS: [&str; 4] = ["groupRoleAssignments", "roles", "teamIds", "username"];
        const NAME: &str = "OrganizationInvitationRequest";
        let top = Ctx {
            struct_name: NAME,
            path: "",
        };
        let mut req = InvitationRequest::default();
        for (i, value) in self
            .members(v, &top, "admin.OrganizationInvitationRequest", &FIELDS)
            .unwrap_or_default()
        {
            let ctx = Ctx {
                struct_name: NAME,
                path: FIELDS.get(i).copied().unwrap_or_default(),
            };
            match i {
                0 => {
                    req.group_role_assignments = self.list(
                        value,
                        &ctx,
                        "[]admin.OrganizationInvitationGroupRoleAssignmentsRequest",
                        |d, item| d.group_role_assignment(item),
                    )
                }
                1 => req.roles = self.strings(value, &ctx),
                2 => req.team_ids = self.strings(value, &ctx),
                _ => req.username = self.string(value, &ctx),
            }
        }
        req
    }

    fn group_role_assignment(&mut self, v: &Value) -> GroupRoleAssignment {
        const FIELDS: [&str; 2] = ["groupId", "roles"];
        const NAME: &str = "OrganizationInvitationGroupRoleAssignmentsRequest";
        let top = Ctx {
            struct_name: "OrganizationInvitationRequest",
            path: "groupRoleAssignments",
        };
        let mut g = GroupRoleAssignment::default();
        for (i, value) in self
            .members(
                v,
                &top,
                "admin.OrganizationInvitationGroupRoleAssignmentsRequest",
                &FIELDS,
            )
            .unwrap_or_default()
        {
            let path = format!(
                "groupRoleAssignments.{}",
                FIELDS.get(i).copied().unwrap_or_default()
            );
            let ctx = Ctx {
                struct_name: NAME,
                path: &path,
            };
            if i == 0 {
                g.group_id = self.string(value, &ctx);
            } else {
                g.roles = self.strings(value, &ctx);
            }
        }
        g
    }
}

fn push_opt(members: &mut Vec<(String, Value)>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        members.push((key.to_string(), v));
    }
}

fn strs(v: &Option<Vec<String>>) -> Option<Value> {
    v.as_deref().map(Value::strings)
}

fn s(v: &Option<String>) -> Option<Value> {
    v.as_deref().map(Value::str)
}

/// A list of records as a JSON array, `None` (omitted) for a nil slice.
fn list<T>(v: &Option<Vec<T>>, one: fn(&T) -> Value) -> Option<Value> {
    v.as_ref()
        .map(|items| Value::Array(items.iter().map(one).collect()))
}

/// A struct of optional string fields, in the given order.
fn object(fields: &[(&str, &Option<String>)]) -> Value {
    let mut m = Vec::new();
    for (k, v) in fields {
        push_opt(&mut m, k, s(v));
    }
    Value::Object(m)
}

impl GroupRole {
    pub fn to_json(&self) -> Value {
        object(&[("groupId", &self.group_id), ("groupRole", &self.group_role)])
    }
}

impl Link {
    pub fn to_json(&self) -> Value {
        object(&[("href", &self.href), ("rel", &self.rel)])
    }
}

impl GroupRoleAssignment {
    pub fn to_json(&self) -> Value {
        let mut m = Vec::new();
        push_opt(&mut m, "groupId", s(&self.group_id));
        push_opt(&mut m, "roles", strs(&self.roles));
        Value::Object(m)
    }
}

impl Invitation {
    /// The value `json.Marshal` produces for `*admin.OrganizationInvitation`.
    pub fn to_json(&self) -> Value {
        let mut m = Vec::new();
        let time = |t: &Option<GoTime>| t.map(|t| Value::String(t.to_rfc3339()));
        push_opt(&mut m, "createdAt", time(&self.created_at));
        push_opt(&mut m, "expiresAt", time(&self.expires_at));
        push_opt(
            &mut m,
            "groupRoleAssignments",
            list(&self.group_role_assignments, GroupRole::to_json),
        );
        push_opt(&mut m, "id", s(&self.id));
        push_opt(&mut m, "inviterUsername", s(&self.inviter_username));
        push_opt(&mut m, "links", list(&self.links, Link::to_json));
        push_opt(&mut m, "orgId", s(&self.org_id));
        m.push(("orgName".to_string(), Value::str(&self.org_name)));
        push_opt(&mut m, "roles", strs(&self.roles));
        push_opt(&mut m, "teamIds", strs(&self.team_ids));
        push_opt(&mut m, "username", s(&self.username));
        Value::Object(m)
    }
}

/// The request bodies share their fields; only the by-email form has `username`.
fn request_json(
    assignments: &Option<Vec<GroupRoleAssignment>>,
    roles: &Option<Vec<String>>,
    team_ids: &Option<Vec<String>>,
    username: Option<&Option<String>>,
) -> Value {
    let mut m = Vec::new();
    push_opt(
        &mut m,
        "groupRoleAssignments",
        list(assignments, GroupRoleAssignment::to_json),
    );
    push_opt(&mut m, "roles", strs(roles));
    push_opt(&mut m, "teamIds", strs(team_ids));
    if let Some(u) = username {
        push_opt(&mut m, "username", s(u));
    }
    Value::Object(m)
}

impl InvitationRequest {
    pub fn to_json(&self) -> Value {
        request_json(
            &self.group_role_assignments,
            &self.roles,
            &self.team_ids,
            Some(&self.username),
        )
    }
}

impl InvitationUpdateRequest {
    pub fn to_json(&self) -> Value {
        request_json(
            &self.group_role_assignments,
            &self.roles,
            &self.team_ids,
            None,
        )
    }
}

/// A list's JSON value: `null` for a nil slice, as `json.Marshal` writes it.
pub fn invitations_to_json(list: Option<&[Invitation]>) -> Value {
    match list {
        None => Value::Null,
        Some(items) => Value::Array(items.iter().map(Invitation::to_json).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, to_compact, to_indented};

    const INVITE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"test-783@mongodb.com"}"#;

    #[test]
    fn recorded_invite_reencodes_like_go() {
        let v = parse(INVITE.as_bytes()).unwrap();
        let inv = Decoder::new(false).invitation(&v).unwrap();
        let out = to_indented(&inv.to_json()) + "\n";
        assert_eq!(out.len(), 339);
        assert!(out.starts_with("{\n  \"createdAt\": \"2026-08-10T03:03:37Z\",\n"));
        assert!(out.contains("  \"roles\": [\n    \"ORG_MEMBER\"\n  ],\n  \"teamIds\": [],\n"));
    }

    #[test]
    fn unknown_fields_dropped_and_org_name_always_present() {
        let v = parse(br#"{"extraField":1,"USERNAME":"a","username":"b"}"#).unwrap();
        let mut d = Decoder::new(false);
        let inv = d.invitation(&v).unwrap();
        assert_eq!(inv.username.as_deref(), Some("b"));
        assert_eq!(
            to_compact(&inv.to_json()),
            r#"{"orgName":"","username":"b"}"#
        );
        assert!(d.error().is_none());
    }

    #[test]
    fn nested_items_and_their_error_paths() {
        let v = parse(br#"{"groupRoleAssignments":[{"groupId":"g","groupRole":"R"}],"links":[{"rel":"self","href":"h"}]}"#).unwrap();
        let inv = Decoder::new(false).invitation(&v).unwrap();
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
            let mut d = Decoder::new(false);
            d.invitation(&parse(doc.as_bytes()).unwrap());
            assert_eq!(d.error().map(|e| e.to_string()).as_deref(), Some(want), "{doc}");
        }
    }

    #[test]
    fn request_strict_and_type_errors() {
        let v = parse(br#"{"Username":"x","bogus":1,"roles":"A"}"#).unwrap();
        let mut d = Decoder::new(true);
        let req = d.invitation_request(&v);
        assert_eq!(req.username.as_deref(), Some("x"));
        assert_eq!(
            d.unknown_field.as_deref(),
            Some(r#"json: unknown field "bogus""#)
        );
        assert_eq!(
            d.type_error.as_deref(),
            Some("json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string")
        );
        let mut d = Decoder::new(true);
        d.invitation_request(&parse(b"[1]").unwrap());
        assert_eq!(
            d.error(),
            Some("json: cannot unmarshal array into Go value of type admin.OrganizationInvitationRequest")
        );
    }

    #[test]
    fn request_body_field_order() {
        let v = parse(br#"{"username":"u","teamIds":["t"],"groupRoleAssignments":[{"roles":["R"],"groupId":"g"}],"roles":[]}"#).unwrap();
        let req = Decoder::new(true).invitation_request(&v);
        assert_eq!(
            to_compact(&req.to_json()),
            r#"{"groupRoleAssignments":[{"groupId":"g","roles":["R"]}],"roles":[],"teamIds":["t"],"username":"u"}"#
        );
    }
}
