//! The members file: the JSON array `invite -f` takes, read with Go's rules (as
//! `invite -f` reads it) and checked whole before anything is sent. Every problem is
//! reported, each naming the member (number and username) and the field.

use super::{fold, Member, Projects};
use crate::api::model::InvitationRequest;
use crate::go::json as gojson;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// Organization roles: the enum of `OrgUserRolesRequest.orgRoles` in the specification.
pub const ORG_ROLES: &[&str] = &[
    "ORG_OWNER",
    "ORG_GROUP_CREATOR",
    "ORG_BILLING_ADMIN",
    "ORG_BILLING_READ_ONLY",
    "ORG_STREAM_PROCESSING_ADMIN",
    "ORG_READ_ONLY",
    "ORG_MEMBER",
];

/// Project roles. The specification's `groupRoles` carries no enum; this is the official
/// CLI's `usage.ProjectRole` list plus the roles the newest public specification adds
/// (decision apply-project-roles).
pub const PROJECT_ROLES: &[&str] = &[
    "GROUP_BACKUP_MANAGER",
    "GROUP_CLUSTER_MANAGER",
    "GROUP_DATA_ACCESS_ADMIN",
    "GROUP_DATA_ACCESS_READ_ONLY",
    "GROUP_DATA_ACCESS_READ_WRITE",
    "GROUP_DATABASE_ACCESS_ADMIN",
    "GROUP_OBSERVABILITY_VIEWER",
    "GROUP_OWNER",
    "GROUP_READ_ONLY",
    "GROUP_SEARCH_INDEX_EDITOR",
    "GROUP_STREAM_PROCESSING_OWNER",
];

/// A file that cannot be read as a list at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Not JSON: Go's syntax error text.
    Syntax(String),
    /// JSON, but not an array: the kind found.
    NotAList(&'static str),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Syntax(m) => f.write_str(m),
            FileError::NotAList(kind) => write!(
                f,
                "expected a JSON array of members, found {kind} (one member is written [{{\"username\": …, \"roles\": […]}}])"
            ),
        }
    }
}

/// One mistake in one member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// From 1, in file order.
    pub item: usize,
    /// When the item has one.
    pub username: Option<String>,
    /// `roles`, `teamIds[2]`, `groupRoleAssignments[1].groupId`…; empty for the item.
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "member {}", self.item)?;
        if let Some(u) = self.username.as_deref().filter(|u| !u.is_empty()) {
            write!(f, " ({u})")?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A file read whole: its members when it has no problem.
#[derive(Debug, Default)]
pub struct Parsed {
    pub members: Vec<Member>,
    pub problems: Vec<Problem>,
}

/// Reads and checks a members file's bytes.
pub fn parse(bytes: &[u8]) -> Result<Parsed, FileError> {
    let items = match gojson::document(bytes).map_err(FileError::Syntax)? {
        gojson::Document::Array(items) => items,
        gojson::Document::Other(value) => return Err(FileError::NotAList(gojson::kind(&value))),
    };
    let mut out = Parsed::default();
    let mut first_for: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, (item, raw)) in items.iter().enumerate() {
        let n = i + 1;
        let mut problems = Problems {
            item: n,
            username: None,
            list: &mut out.problems,
        };
        if !matches!(item, Value::Object(_)) {
            problems.add(
                "",
                format!("expected a JSON object, found {}", gojson::kind(item)),
            );
            continue;
        }
        let decoded = match gojson::unmarshal::<InvitationRequest>(raw.get().as_bytes()) {
            Ok(d) => d,
            Err(e) => {
                problems.username = item
                    .get("username")
                    .and_then(Value::as_str)
                    .map(String::from);
                problems.add("", e.to_string());
                continue;
            }
        };
        let request = &decoded.value;
        problems.username = request.username.clone();
        // Decision apply-members-file: a misspelt key would leave its field unmanaged
        // (`--check` green on a typo), so it is a problem here, not a warning.
        if let Some(w) = decoded.unknown_field_error() {
            problems.add(
                "",
                format!("{w} (the keys are username, roles, teamIds and groupRoleAssignments)"),
            );
        }
        if let Some(user) = request.username.as_deref().filter(|u| is_email(u)) {
            match first_for.get(&fold(user)) {
                Some(first) => problems.add(
                    "username",
                    format!("{user} is also member {first} (usernames are compared ignoring case)"),
                ),
                None => {
                    first_for.insert(fold(user), n);
                }
            }
        }
        if let Some(member) = check(request, &mut problems) {
            out.members.push(member);
        }
    }
    if !out.problems.is_empty() {
        out.members.clear();
    }
    Ok(out)
}

struct Problems<'a> {
    item: usize,
    username: Option<String>,
    list: &'a mut Vec<Problem>,
}

impl Problems<'_> {
    fn add(&mut self, field: &str, message: String) {
        self.list.push(Problem {
            item: self.item,
            username: self.username.clone(),
            field: field.to_string(),
            message,
        });
    }
}

fn quote(s: &str) -> String {
    crate::go::strconv::quote(s)
}

/// One request as a member, or `None` with its problems noted.
fn check(r: &InvitationRequest, p: &mut Problems) -> Option<Member> {
    let before = p.list.len();
    let username = r.username.clone().unwrap_or_default();
    if username.is_empty() {
        p.add("username", "required: the member's email address".into());
    } else if !is_email(&username) {
        p.add(
            "username",
            format!("{} is not an email address", quote(&username)),
        );
    }
    let org_roles = match &r.roles {
        None => {
            p.add(
                "roles",
                "required: the organization roles, for example [\"ORG_MEMBER\"]".into(),
            );
            BTreeSet::new()
        }
        Some(roles) if roles.is_empty() => {
            p.add(
                "roles",
                "at least one organization role is required, for example \"ORG_MEMBER\"".into(),
            );
            BTreeSet::new()
        }
        Some(roles) => checked_set(roles, "roles", p, |role| {
            (!ORG_ROLES.contains(&role)).then(|| {
                format!(
                    "{} is not an organization role (valid: {})",
                    quote(role),
                    ORG_ROLES.join(", ")
                )
            })
        }),
    };
    let team_ids = r
        .team_ids
        .as_ref()
        .map(|ids| checked_set(ids, "teamIds", p, id_problem));
    let projects = r.group_role_assignments.as_ref().map(|list| {
        let mut projects = Projects::new();
        let mut first_for: HashMap<&str, usize> = HashMap::new();
        for (j, a) in list.iter().enumerate() {
            let at = format!("groupRoleAssignments[{j}]");
            let id = a.group_id.as_deref().unwrap_or_default();
            if a.group_id.is_none() {
                p.add(&format!("{at}.groupId"), "required: the project ID".into());
            } else if let Some(m) = id_problem(id) {
                p.add(&format!("{at}.groupId"), m);
            } else if let Some(first) = first_for.get(id) {
                p.add(
                    &format!("{at}.groupId"),
                    format!("project {id} is also groupRoleAssignments[{first}]: list each project once, with all its roles"),
                );
            } else {
                first_for.insert(id, j);
            }
            let roles = match &a.roles {
                Some(roles) if !roles.is_empty() => {
                    checked_set(roles, &format!("{at}.roles"), p, |role| {
                        (!PROJECT_ROLES.contains(&role)).then(|| {
                            format!(
                                "{} is not a project role (valid: {})",
                                quote(role),
                                PROJECT_ROLES.join(", ")
                            )
                        })
                    })
                }
                _ => {
                    p.add(
                        &format!("{at}.roles"),
                        "at least one project role is required (leave the project out to give none)"
                            .into(),
                    );
                    BTreeSet::new()
                }
            };
            projects.insert(id.to_string(), roles);
        }
        projects
    });
    (p.list.len() == before).then_some(Member {
        username,
        org_roles,
        team_ids,
        projects,
    })
}

/// The list as a set; each bad or repeated value is a problem.
fn checked_set(
    values: &[String],
    field: &str,
    p: &mut Problems,
    bad: impl Fn(&str) -> Option<String>,
) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(m) = bad(v) {
            p.add(&format!("{field}[{i}]"), m);
        } else if !set.insert(v.clone()) {
            p.add(
                &format!("{field}[{i}]"),
                format!("{} is listed twice", quote(v)),
            );
        }
    }
    set
}

/// The specification's id pattern, `^([a-f0-9]{24})$`.
pub fn is_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn id_problem(s: &str) -> Option<String> {
    (!is_id(s)).then(|| {
        format!(
            "{} is not an ID of 24 hexadecimal digits (0-9, a-f)",
            quote(s)
        )
    })
}

/// An email address as Atlas usernames are: `local@domain`, one `@`, no spaces or
/// control characters, a domain of dot-separated labels with at least one dot
/// (decision apply-members-file).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let plain = |c: char| !c.is_whitespace() && !c.is_control() && c != '@';
    !local.is_empty()
        && local.len() <= 64
        && s.len() <= 254
        && local.chars().all(plain)
        && domain.chars().all(plain)
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const G1: &str = "6c73999ae7966f00563911a4";
    const T1: &str = "5f71e5255afec75a3d0f96dc";

    fn problems(doc: &str) -> Vec<String> {
        parse(doc.as_bytes())
            .unwrap()
            .problems
            .iter()
            .map(Problem::to_string)
            .collect()
    }

    #[test]
    fn a_good_file() {
        let doc = format!(
            r#"[{{"username":"a@x.com","roles":["ORG_MEMBER","ORG_OWNER"]}},
               {{"USERNAME":"b@x.com","roles":["ORG_READ_ONLY"],"teamIds":[],"groupRoleAssignments":[{{"groupId":"{G1}","roles":["GROUP_READ_ONLY","GROUP_OWNER"]}}]}},
               {{"username":"c@x.com","roles":["ORG_MEMBER"],"teamIds":["{T1}"],"teamIds":null}}]"#
        );
        let p = parse(doc.as_bytes()).unwrap();
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.members.len(), 3);
        let a = &p.members[0];
        assert_eq!(a.username, "a@x.com");
        assert_eq!(
            a.org_roles.iter().collect::<Vec<_>>(),
            ["ORG_MEMBER", "ORG_OWNER"]
        );
        assert_eq!((a.team_ids.as_ref(), a.projects.as_ref()), (None, None));
        let b = &p.members[1];
        assert_eq!(b.team_ids, Some(BTreeSet::new()));
        let projects = b.projects.as_ref().unwrap();
        assert_eq!(
            projects[G1].iter().collect::<Vec<_>>(),
            ["GROUP_OWNER", "GROUP_READ_ONLY"]
        );
        // Go's rules: the later `null` leaves the list nil, i.e. absent.
        assert_eq!(p.members[2].team_ids, None);
        assert!(parse(b"[]").unwrap().members.is_empty());
        // A misspelt key is a problem: it would leave its field unmanaged.
        let typo =
            parse(br#"[{"username":"c@x.com","roles":["ORG_MEMBER"],"teamIdz":[]}]"#).unwrap();
        assert_eq!(
            typo.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["member 1 (c@x.com): json: unknown field \"teamIdz\" (the keys are username, roles, teamIds and groupRoleAssignments)"]
        );
        assert!(typo.members.is_empty());
    }

    #[test]
    fn file_level_errors() {
        assert_eq!(
            parse(b"{\"username\":\"a@x.com\"}").unwrap_err(),
            FileError::NotAList("object")
        );
        let e = parse(b"[{]").unwrap_err();
        assert!(matches!(e, FileError::Syntax(_)), "{e:?}");
        assert_eq!(
            e.to_string(),
            "invalid character ']' looking for beginning of object key string"
        );
    }

    #[test]
    fn every_problem_is_reported_with_item_username_and_field() {
        let doc = format!(
            r#"[
  {{"username":"a@x.com","roles":["ORG_MEMBER"]}},
  {{"username":"not-an-email","roles":["ORG_MEMBER"]}},
  {{"username":"c@x.com"}},
  {{"username":"d@x.com","roles":[]}},
  {{"username":"e@x.com","roles":["ORG_ADMIN","ORG_MEMBER","ORG_MEMBER"]}},
  {{"username":"f@x.com","roles":["ORG_MEMBER"],"teamIds":["xyz","{T1}","{T1}"]}},
  {{"username":"g@x.com","roles":["ORG_MEMBER"],"groupRoleAssignments":[{{"groupId":"{G1}","roles":["GROUP_ADMIN"]}},{{"groupId":"{G1}","roles":["GROUP_OWNER"]}},{{"roles":["GROUP_OWNER"]}},{{"groupId":"{G1_UPPER}","roles":[]}}]}},
  {{"username":"A@X.com","roles":["ORG_MEMBER"]}},
  7,
  {{"username":"h@x.com","roles":"ORG_MEMBER"}},
  {{"roles":["ORG_MEMBER"]}}
]"#,
            G1_UPPER = G1.to_uppercase()
        );
        let got = problems(&doc);
        let want = [
            "member 2 (not-an-email): username: \"not-an-email\" is not an email address",
            "member 3 (c@x.com): roles: required: the organization roles, for example [\"ORG_MEMBER\"]",
            "member 4 (d@x.com): roles: at least one organization role is required, for example \"ORG_MEMBER\"",
            "member 5 (e@x.com): roles[0]: \"ORG_ADMIN\" is not an organization role (valid: ORG_OWNER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, ORG_BILLING_READ_ONLY, ORG_STREAM_PROCESSING_ADMIN, ORG_READ_ONLY, ORG_MEMBER)",
            "member 5 (e@x.com): roles[2]: \"ORG_MEMBER\" is listed twice",
            "member 6 (f@x.com): teamIds[0]: \"xyz\" is not an ID of 24 hexadecimal digits (0-9, a-f)",
            "member 6 (f@x.com): teamIds[2]: \"5f71e5255afec75a3d0f96dc\" is listed twice",
            "member 7 (g@x.com): groupRoleAssignments[0].roles[0]: \"GROUP_ADMIN\" is not a project role (valid: GROUP_BACKUP_MANAGER, GROUP_CLUSTER_MANAGER, GROUP_DATA_ACCESS_ADMIN, GROUP_DATA_ACCESS_READ_ONLY, GROUP_DATA_ACCESS_READ_WRITE, GROUP_DATABASE_ACCESS_ADMIN, GROUP_OBSERVABILITY_VIEWER, GROUP_OWNER, GROUP_READ_ONLY, GROUP_SEARCH_INDEX_EDITOR, GROUP_STREAM_PROCESSING_OWNER)",
            "member 7 (g@x.com): groupRoleAssignments[1].groupId: project 6c73999ae7966f00563911a4 is also groupRoleAssignments[0]: list each project once, with all its roles",
            "member 7 (g@x.com): groupRoleAssignments[2].groupId: required: the project ID",
            "member 7 (g@x.com): groupRoleAssignments[3].groupId: \"6C73999AE7966F00563911A4\" is not an ID of 24 hexadecimal digits (0-9, a-f)",
            "member 7 (g@x.com): groupRoleAssignments[3].roles: at least one project role is required (leave the project out to give none)",
            "member 8 (A@X.com): username: A@X.com is also member 1 (usernames are compared ignoring case)",
            "member 9: expected a JSON object, found number",
            "member 10 (h@x.com): json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string",
            "member 11: username: required: the member's email address",
        ];
        assert_eq!(got, want);
        // With problems, no member is handed out.
        assert!(parse(doc.as_bytes()).unwrap().members.is_empty());
    }

    #[test]
    fn email_addresses() {
        for good in ["a@x.com", "first.last+tag@sub.example.org", "ü@bücher.de"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "@x.com",
            "a@",
            "a@x",
            "a@@x.com",
            "a b@x.com",
            "a@x..com",
            "a@-x.com",
            "a@x.com\n",
            "a@x.com@y.com",
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
    }

    #[test]
    fn ids() {
        assert!(is_id(G1));
        assert!(!is_id(&G1[1..]));
        assert!(!is_id(&G1.to_uppercase()));
        assert!(!is_id("zzzzzzzzzzzzzzzzzzzzzzzz"));
    }
}
