//! The stateful default behind the canned answers: a tiny invitations store shaped
//! like the recorded Atlas answers, and the route handlers for the invites paths.
//!
//! Invitations are `serde_json::Value`s, whose maps keep keys sorted: that is the
//! order Atlas sends invitation fields in, so the answers match the recordings.

use super::http::{query_param, Canned, Request};
use super::{Keys, State};
use serde_json::{json, Value};
use std::sync::Mutex;

/// One invitation as Atlas answers it (fixed dates and organization name).
pub fn invitation(
    id: String,
    inviter: &str,
    org: &str,
    roles: Value,
    team_ids: Value,
    username: Value,
) -> Value {
    json!({
        "createdAt": "2026-08-10T03:03:37Z",
        "expiresAt": "2026-09-09T03:03:37Z",
        "groupRoleAssignments": [],
        "id": id,
        "inviterUsername": inviter,
        "orgId": org,
        "orgName": "Atlas CLI E2E",
        "roles": roles,
        "teamIds": team_ids,
        "username": username,
    })
}

/// Ids in the shape of Atlas's ObjectIds, counting up per server.
pub fn next_id(s: &mut State) -> String {
    s.next_id += 1;
    format!("6a793f89c0eb9e7a{:08x}", s.next_id)
}

fn not_found(id: &str) -> Canned {
    Canned::error(
        404,
        &format!(
            r#"{{"detail":"Invitation with ID {id} not found.","error":404,"errorCode":"RESOURCE_NOT_FOUND","parameters":["{id}"],"reason":"Not Found"}}"#
        ),
    )
}

fn compact(v: &Value) -> String {
    v.to_string()
}

/// Routes `/api/atlas/v2/orgs/{org}/invites[/{id}]` by method onto the store.
pub fn handle(state: &Mutex<State>, req: &Request, keys: Option<&Keys>) -> Canned {
    let parts: Vec<&str> = req.path().trim_matches('/').split('/').collect();
    let (org, id) = match parts.as_slice() {
        ["api", "atlas", "v2", "orgs", org, "invites"] => (*org, None),
        ["api", "atlas", "v2", "orgs", org, "invites", id] => (*org, Some(*id)),
        _ => {
            return Canned::error(
                404,
                r#"{"detail":"The requested resource does not exist.","error":404,"errorCode":"RESOURCE_NOT_FOUND","parameters":[],"reason":"Not Found"}"#,
            )
        }
    };
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    // Lossy like Atlas's decoder; an unreadable body counts as `{}`.
    let body: Value =
        serde_json::from_str(&String::from_utf8_lossy(&req.body)).unwrap_or_else(|_| json!({}));
    match (req.method.as_str(), id) {
        ("POST", None) => {
            let strings = |k: &str| body.get(k).cloned().unwrap_or_else(|| json!([]));
            let id = next_id(&mut s);
            let inv = invitation(
                id,
                keys.map_or("anonymous", |k| k.public.as_str()),
                org,
                strings("roles"),
                strings("teamIds"),
                body.get("username").cloned().unwrap_or_else(|| json!("")),
            );
            s.invitations.push(inv.clone());
            Canned::json(200, &compact(&inv))
        }
        ("GET", None) => {
            let user = query_param(&req.target, "username").unwrap_or_default();
            let list: Vec<Value> = s
                .invitations
                .iter()
                .filter(|i| user.is_empty() || i.get("username") == Some(&json!(user)))
                .cloned()
                .collect();
            Canned::json(200, &compact(&Value::Array(list)))
        }
        ("GET", Some(id)) => match s
            .invitations
            .iter()
            .find(|i| i.get("id") == Some(&json!(id)))
        {
            Some(inv) => Canned::json(200, &compact(inv)),
            None => not_found(id),
        },
        ("PATCH", target) => {
            let found = s.invitations.iter_mut().find(|i| match target {
                Some(id) => i.get("id") == Some(&json!(id)),
                None => i.get("username") == body.get("username"),
            });
            match found {
                Some(inv) => {
                    for key in ["roles", "teamIds"] {
                        if let (Some(v), Some(fields)) = (body.get(key), inv.as_object_mut()) {
                            fields.insert(key.to_string(), v.clone());
                        }
                    }
                    Canned::json(200, &compact(inv))
                }
                None => not_found(target.unwrap_or("(by email)")),
            }
        }
        ("DELETE", Some(id)) => {
            let before = s.invitations.len();
            s.invitations.retain(|i| i.get("id") != Some(&json!(id)));
            if s.invitations.len() == before {
                not_found(id)
            } else {
                let mut c = Canned::json(204, "");
                c.body.clear();
                c
            }
        }
        _ => Canned::error(
            405,
            r#"{"detail":"Method not allowed.","error":405,"errorCode":"METHOD_NOT_ALLOWED","parameters":[],"reason":"Method Not Allowed"}"#,
        ),
    }
}
