//! The members file, read with Go's rules (as `invite -f` reads its list) and checked
//! whole before anything is sent. Every problem is reported, each naming the member (or
//! team: number and name) and the field.
//!
//! Two forms (decision apply-file-forms): the array of members `invite -f` takes, and
//! the object `{"$schema", "orgId", "members", "teams"}`. Members name their teams by
//! `teams` (names) or `teamIds`, and each project by `project` (a name) or `groupId`.
//! [`read`] keeps names as written ([`Ref`]); `names::Names` resolves them against the
//! organization. [`parse`] is the array form with IDs only, as before issue 25.

use super::{fold, Member, Projects};
use crate::api::model::InvitationRequest;
use crate::go::json as gojson;
use serde::Deserialize;
use serde_json::value::RawValue;
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

/// A file that cannot be read as members at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Not JSON: Go's syntax error text.
    Syntax(String),
    /// JSON, but not an array ([`parse`]): the kind found.
    NotAList(&'static str),
    /// JSON, but neither an array nor an object ([`read`]): the kind found.
    NotAFile(&'static str),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Syntax(m) => f.write_str(m),
            FileError::NotAList(kind) => write!(
                f,
                "expected a JSON array of members, found {kind} (one member is written [{{\"username\": …, \"roles\": […]}}])"
            ),
            FileError::NotAFile(kind) => write!(
                f,
                "expected a JSON array of members or an object {{\"members\": […], \"teams\": […]}}, found {kind}"
            ),
        }
    }
}

/// What a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Of {
    /// The file as a whole (the object form's own keys).
    File,
    Member,
    Team,
}

/// One mistake in one member, team or the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub of: Of,
    /// From 1, in file order (0 for the file).
    pub item: usize,
    /// The member's username or the team's name, when the item has one.
    pub name: Option<String>,
    /// `roles`, `teamIds[2]`, `groupRoleAssignments[1].groupId`…; empty for the item.
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn new(of: Of, item: usize, name: Option<&str>, field: &str, message: String) -> Problem {
        Problem {
            of,
            item,
            name: name.map(String::from),
            field: field.to_string(),
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.of {
            Of::File => None,
            Of::Member => Some("member"),
            Of::Team => Some("team"),
        };
        if let Some(what) = what {
            write!(f, "{what} {}", self.item)?;
            if let Some(u) = self.name.as_deref().filter(|u| !u.is_empty()) {
                write!(f, " ({u})")?;
            }
            f.write_str(": ")?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)
    }
}

/// A file read whole: its members when it has no problem.
#[derive(Debug, Default)]
pub struct Parsed {
    pub members: Vec<Member>,
    pub problems: Vec<Problem>,
}

/// A team or a project as the file names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ref {
    /// `teamIds`, `groupId`.
    Id(String),
    /// `teams`, `project`.
    Name(String),
}

/// Project roles as the file gives them: each project named or identified, in file order.
pub type FileProjects = Vec<(Ref, BTreeSet<String>)>;

/// One member of the file, checked, names unresolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMember {
    /// From 1, in file order.
    pub item: usize,
    /// As the file spells it.
    pub username: String,
    pub org_roles: BTreeSet<String>,
    /// `teams` (all [`Ref::Name`]) or `teamIds` (all [`Ref::Id`]), in file order;
    /// `None`: the file leaves the teams as they are.
    pub teams: Option<Vec<Ref>>,
    /// `None`: the file leaves the project roles as they are.
    pub projects: Option<FileProjects>,
}

/// One team of the object form's `teams`, checked, names unresolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileTeam {
    /// From 1, in file order.
    pub item: usize,
    pub name: String,
    /// Earlier names, in file order.
    pub previously: Vec<String>,
    /// `None`: the file leaves the team's project roles as they are.
    pub projects: Option<FileProjects>,
}

/// Which form the file has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Array,
    Object,
}

/// A file read whole, names unresolved: its contents are complete only when it has no
/// problem.
#[derive(Debug)]
pub struct File {
    pub form: Form,
    /// The object form's `orgId`.
    pub org_id: Option<String>,
    pub members: Vec<FileMember>,
    /// The object form's `teams`; `None` when absent (teams are not managed).
    pub teams: Option<Vec<FileTeam>>,
    pub problems: Vec<Problem>,
}

/// The keys of a member, as the two dialects take them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// [`parse`]: `invite -f`'s keys, IDs only.
    Ids,
    /// [`read`]: names too.
    Names,
}

/// A member as the file writes it (the keys of both dialects).
#[derive(Debug, Default, Deserialize)]
#[serde(rename = "Member", rename_all = "camelCase")]
struct MemberJson {
    username: Option<String>,
    roles: Option<Vec<String>>,
    teams: Option<Vec<String>>,
    team_ids: Option<Vec<String>>,
    group_role_assignments: Option<Vec<ProjectJson>>,
}

/// One project's roles: a member's `groupRoleAssignments` entry, a team's `projects` entry.
#[derive(Debug, Default, Deserialize)]
#[serde(rename = "ProjectRoles", rename_all = "camelCase")]
struct ProjectJson {
    project: Option<String>,
    group_id: Option<String>,
    roles: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename = "Team", rename_all = "camelCase")]
struct TeamJson {
    name: Option<String>,
    previously: Option<Vec<String>>,
    projects: Option<Vec<ProjectJson>>,
}

impl From<&InvitationRequest> for MemberJson {
    fn from(r: &InvitationRequest) -> MemberJson {
        MemberJson {
            username: r.username.clone(),
            roles: r.roles.clone(),
            teams: None,
            team_ids: r.team_ids.clone(),
            group_role_assignments: r.group_role_assignments.as_ref().map(|list| {
                list.iter()
                    .map(|a| ProjectJson {
                        project: None,
                        group_id: a.group_id.clone(),
                        roles: a.roles.clone(),
                    })
                    .collect()
            }),
        }
    }
}

/// Reads and checks a members file's bytes in the array form, teams and projects by
/// ID only, as `apply` did before names (`invite -f`'s keys).
pub fn parse(bytes: &[u8]) -> Result<Parsed, FileError> {
    let items = match gojson::document(bytes).map_err(FileError::Syntax)? {
        gojson::Document::Array(items) => items,
        gojson::Document::Other(value) => return Err(FileError::NotAList(gojson::kind(&value))),
    };
    let mut problems = Vec::new();
    let members = read_members(&items, Dialect::Ids, &mut problems);
    let mut out = Parsed {
        members: Vec::with_capacity(members.len()),
        problems,
    };
    for m in members {
        match by_ids(&m) {
            Some(member) => out.members.push(member),
            None => out.problems.push(Problem::new(
                Of::Member,
                m.item,
                Some(&m.username),
                "",
                "names a team or project by name, which this form does not take".into(),
            )),
        }
    }
    if !out.problems.is_empty() {
        out.members.clear();
    }
    Ok(out)
}

/// The member with its teams and projects by ID; `None` if it names any by name.
fn by_ids(m: &FileMember) -> Option<Member> {
    let id = |r: &Ref| match r {
        Ref::Id(id) => Some(id.clone()),
        Ref::Name(_) => None,
    };
    let team_ids = match &m.teams {
        None => None,
        Some(refs) => Some(crate::go::sort::ordered(
            refs.iter().map(id).collect::<Option<Vec<String>>>()?,
        )),
    };
    let projects = match &m.projects {
        None => None,
        Some(list) => Some(crate::go::sort::ordered::<Projects, _>(
            list.iter()
                .map(|(r, roles)| Some((id(r)?, roles.clone())))
                .collect::<Option<Vec<_>>>()?,
        )),
    };
    Some(Member {
        username: m.username.clone(),
        org_roles: m.org_roles.clone(),
        team_ids,
        projects,
    })
}

/// The object form's keys (Go's rules: matched exactly, else ignoring ASCII case).
const FILE_KEYS: [&str; 4] = ["$schema", "orgId", "members", "teams"];

/// Reads and checks a members file's bytes, in either form, names unresolved.
pub fn read(bytes: &[u8]) -> Result<File, FileError> {
    let mut file = File {
        form: Form::Array,
        org_id: None,
        members: Vec::new(),
        teams: None,
        problems: Vec::new(),
    };
    let value = match gojson::document(bytes).map_err(FileError::Syntax)? {
        gojson::Document::Array(items) => {
            file.members = read_members(&items, Dialect::Names, &mut file.problems);
            return Ok(finish(file));
        }
        gojson::Document::Other(value) => value,
    };
    if !matches!(value, Value::Object(_)) {
        return Err(FileError::NotAFile(gojson::kind(&value)));
    }
    file.form = Form::Object;
    let text = String::from_utf8_lossy(bytes);
    let fields =
        serde_json::from_str::<Fields>(&text).map_err(|e| FileError::Syntax(e.to_string()))?;
    // Go's rules: the last value given for a key wins.
    let mut given: [Option<&RawValue>; 4] = [None; 4];
    let mut unknown = None;
    for (key, value) in &fields.0 {
        let key = serde_json::from_str::<String>(key.get())
            .unwrap_or_else(|_| key.get().trim_matches('"').to_string());
        let at = FILE_KEYS
            .iter()
            .position(|k| *k == key)
            .or_else(|| FILE_KEYS.iter().position(|k| k.eq_ignore_ascii_case(&key)));
        match at.and_then(|i| given.get_mut(i)) {
            Some(slot) => *slot = Some(*value),
            None => {
                unknown.get_or_insert(key);
            }
        }
    }
    let problem = |field: &str, message: String| Problem::new(Of::File, 0, None, field, message);
    if let Some(key) = unknown {
        file.problems.push(problem(
            "",
            format!(
                "json: unknown field {} (the keys are $schema, orgId, members and teams)",
                quote(&key)
            ),
        ));
    }
    let [schema, org_id, members, teams] = given;
    // Ignored, but a string (a URI), as the schema says.
    if let Some(raw) = schema {
        if gojson::unmarshal_exact::<Option<String>>(raw.get().as_bytes()).is_err() {
            file.problems.push(problem(
                "$schema",
                format!(
                    "expected the schema's address as a string, found {}",
                    raw_kind(raw)
                ),
            ));
        }
    }
    if let Some(raw) = org_id {
        match gojson::unmarshal_exact::<Option<String>>(raw.get().as_bytes()) {
            Ok(d) => file.org_id = d.value,
            Err(_) => file.problems.push(problem(
                "orgId",
                format!(
                    "expected the organization's ID as a string, found {}",
                    raw_kind(raw)
                ),
            )),
        }
        if let Some(m) = file.org_id.as_deref().and_then(id_problem) {
            file.problems.push(problem("orgId", m));
        }
    }
    match list(members, "members", &mut file.problems) {
        Some(items) => file.members = read_members(&items, Dialect::Names, &mut file.problems),
        None if !file.problems.iter().any(|p| p.field == "members") => file.problems.push(problem(
            "members",
            "required: the members, [] for none".into(),
        )),
        None => {}
    }
    if let Some(items) = list(teams, "teams", &mut file.problems) {
        file.teams = Some(read_teams(&items, &mut file.problems));
    }
    Ok(finish(file))
}

/// With problems, no member or team is handed out.
fn finish(mut file: File) -> File {
    if !file.problems.is_empty() {
        file.members.clear();
        file.teams = file.teams.map(|_| Vec::new());
    }
    file
}

/// The kind of a raw JSON value, as Go's errors name it.
fn raw_kind(raw: &RawValue) -> &'static str {
    serde_json::from_str::<Value>(raw.get())
        .map(|v| gojson::kind(&v))
        .unwrap_or("value")
}

/// The items of one of the object form's lists; `None` when absent or `null` (or not a
/// list, with a problem).
fn list(
    raw: Option<&RawValue>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<Vec<(Value, Box<RawValue>)>> {
    match gojson::document(raw?.get().as_bytes()) {
        Ok(gojson::Document::Array(items)) => Some(items),
        Ok(gojson::Document::Other(Value::Null)) => None,
        Ok(gojson::Document::Other(v)) => {
            problems.push(Problem::new(
                Of::File,
                0,
                None,
                field,
                format!("expected a JSON array, found {}", gojson::kind(&v)),
            ));
            None
        }
        // The whole document was valid JSON, so its parts are.
        Err(e) => {
            problems.push(Problem::new(Of::File, 0, None, field, e));
            None
        }
    }
}

/// An object's members in document order, keys and values raw.
struct Fields<'a>(Vec<(&'a RawValue, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::new();
                while let Some(key) = map.next_key::<&'de RawValue>()? {
                    fields.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Checks each member; the good ones come back, every problem is noted.
fn read_members(
    items: &[(Value, Box<RawValue>)],
    dialect: Dialect,
    problems: &mut Vec<Problem>,
) -> Vec<FileMember> {
    let mut out = Vec::with_capacity(items.len());
    let mut first_for: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, (item, raw)) in items.iter().enumerate() {
        let n = i + 1;
        let mut p = Problems {
            of: Of::Member,
            item: n,
            name: None,
            list: problems,
        };
        if !matches!(item, Value::Object(_)) {
            p.add(
                "",
                format!("expected a JSON object, found {}", gojson::kind(item)),
            );
            continue;
        }
        // One item at a time, each short: the decoder's exact path alone, for size.
        let decoded =
            match dialect {
                Dialect::Ids => gojson::unmarshal_exact::<InvitationRequest>(raw.get().as_bytes())
                    .map(|d| gojson::Decoded {
                        value: MemberJson::from(&d.value),
                        unknown_fields: d.unknown_fields,
                    }),
                Dialect::Names => gojson::unmarshal_exact::<MemberJson>(raw.get().as_bytes()),
            };
        let decoded = match decoded {
            Ok(d) => d,
            Err(e) => {
                p.name = item
                    .get("username")
                    .and_then(Value::as_str)
                    .map(String::from);
                p.add("", e.to_string());
                continue;
            }
        };
        let m = &decoded.value;
        p.name = m.username.clone();
        // Decision apply-members-file: a misspelt key would leave its field unmanaged
        // (`--check` green on a typo), so it is a problem here, not a warning.
        if let Some(w) = decoded.unknown_field_error() {
            let keys = match dialect {
                Dialect::Ids => "username, roles, teamIds and groupRoleAssignments",
                Dialect::Names => "username, roles, teams, teamIds and groupRoleAssignments",
            };
            p.add("", format!("{w} (the keys are {keys})"));
        }
        if let Some(user) = m.username.as_deref().filter(|u| is_email(u)) {
            match first_for.get(&fold(user)) {
                Some(first) => p.add(
                    "username",
                    format!("{user} is also member {first} (usernames are compared ignoring case)"),
                ),
                None => {
                    first_for.insert(fold(user), n);
                }
            }
        }
        if let Some(member) = check_member(n, m, dialect, &mut p) {
            out.push(member);
        }
    }
    out
}

struct Problems<'a> {
    of: Of,
    item: usize,
    name: Option<String>,
    list: &'a mut Vec<Problem>,
}

impl Problems<'_> {
    fn add(&mut self, field: &str, message: String) {
        self.list.push(Problem {
            of: self.of,
            item: self.item,
            name: self.name.clone(),
            field: field.to_string(),
            message,
        });
    }
}

fn quote(s: &str) -> String {
    crate::go::strconv::quote(s)
}

/// One member, or `None` with its problems noted.
fn check_member(
    item: usize,
    r: &MemberJson,
    dialect: Dialect,
    p: &mut Problems,
) -> Option<FileMember> {
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
    let teams = match (&r.teams, &r.team_ids) {
        (Some(_), Some(_)) => {
            p.add(
                "teams",
                "give the teams by name (teams) or by ID (teamIds), not both".into(),
            );
            None
        }
        // In file order, so that later problems can name `teams[i]` (with a problem
        // here the member is not handed out anyway).
        (Some(names), None) => {
            checked_set(names, "teams", p, name_problem);
            Some(names.iter().cloned().map(Ref::Name).collect())
        }
        (None, Some(ids)) => {
            checked_set(ids, "teamIds", p, id_problem);
            Some(ids.iter().cloned().map(Ref::Id).collect())
        }
        (None, None) => None,
    };
    let projects = r
        .group_role_assignments
        .as_ref()
        .map(|list| checked_projects(list, "groupRoleAssignments", dialect, p));
    (p.list.len() == before).then_some(FileMember {
        item,
        username,
        org_roles,
        teams,
        projects,
    })
}

/// A list of project roles (`groupRoleAssignments`, a team's `projects`), each project
/// once, by name or ID, with at least one role.
fn checked_projects(
    list: &[ProjectJson],
    field: &str,
    dialect: Dialect,
    p: &mut Problems,
) -> FileProjects {
    let mut projects = FileProjects::new();
    let mut first_for: HashMap<Ref, usize> = HashMap::new();
    for (j, a) in list.iter().enumerate() {
        let at = format!("{field}[{j}]");
        let named = match (&a.project, &a.group_id) {
            (Some(_), Some(_)) => {
                p.add(
                    &at,
                    "give the project by name (project) or by ID (groupId), not both".into(),
                );
                None
            }
            (None, None) => {
                let message = match dialect {
                    Dialect::Ids => "required: the project ID",
                    Dialect::Names => "required: the project, by name (project) or by ID (groupId)",
                };
                p.add(&format!("{at}.groupId"), message.into());
                None
            }
            (Some(name), None) => match name_problem(name) {
                Some(m) => {
                    p.add(&format!("{at}.project"), m);
                    None
                }
                None => Some((Ref::Name(name.clone()), "project", quote(name))),
            },
            (None, Some(id)) => match id_problem(id) {
                Some(m) => {
                    p.add(&format!("{at}.groupId"), m);
                    None
                }
                None => Some((Ref::Id(id.clone()), "groupId", id.clone())),
            },
        };
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
        let Some((r, key, shown)) = named else {
            continue;
        };
        match first_for.get(&r) {
            Some(first) => p.add(
                &format!("{at}.{key}"),
                format!("project {shown} is also {field}[{first}]: list each project once, with all its roles"),
            ),
            None => {
                first_for.insert(r.clone(), j);
                projects.push((r, roles));
            }
        }
    }
    projects
}

/// Checks the object form's teams: each well formed, and every name (current and
/// earlier) used once in the file, ignoring case (decision apply-team-names).
fn read_teams(items: &[(Value, Box<RawValue>)], problems: &mut Vec<Problem>) -> Vec<FileTeam> {
    let mut out = Vec::with_capacity(items.len());
    // Folded name → (team number, whether it is that team's current name).
    let mut seen: HashMap<String, (usize, bool)> = HashMap::new();
    for (i, (item, raw)) in items.iter().enumerate() {
        let n = i + 1;
        let mut p = Problems {
            of: Of::Team,
            item: n,
            name: None,
            list: problems,
        };
        if !matches!(item, Value::Object(_)) {
            p.add(
                "",
                format!("expected a JSON object, found {}", gojson::kind(item)),
            );
            continue;
        }
        let decoded = match gojson::unmarshal_exact::<TeamJson>(raw.get().as_bytes()) {
            Ok(d) => d,
            Err(e) => {
                p.name = item.get("name").and_then(Value::as_str).map(String::from);
                p.add("", e.to_string());
                continue;
            }
        };
        let t = &decoded.value;
        p.name = t.name.clone();
        let before = p.list.len();
        if let Some(w) = decoded.unknown_field_error() {
            p.add(
                "",
                format!("{w} (the keys are name, projects and previously)"),
            );
        }
        let name = t.name.clone().unwrap_or_default();
        match name_problem(&name) {
            Some(_) if t.name.is_none() => p.add("name", "required: the team's name".into()),
            Some(m) => p.add("name", m),
            None => match seen.get(&fold(&name)) {
                Some(&(first, current)) => p.add("name", used_twice(&name, first, current)),
                None => {
                    seen.insert(fold(&name), (n, true));
                }
            },
        }
        let previously = t.previously.clone().unwrap_or_default();
        for (j, old) in previously.iter().enumerate() {
            let field = format!("previously[{j}]");
            if let Some(m) = name_problem(old) {
                p.add(&field, m);
            } else if *old == name {
                p.add(&field, format!("{} is the team's own name", quote(old)));
            } else if fold(old) == fold(&name) {
                // A change of case only: the team's own earlier spelling.
            } else if let Some(&(first, current)) = seen.get(&fold(old)) {
                p.add(&field, used_twice(old, first, current));
            } else {
                seen.insert(fold(old), (n, false));
            }
        }
        let projects = t
            .projects
            .as_ref()
            .map(|list| checked_projects(list, "projects", Dialect::Names, &mut p));
        if p.list.len() == before {
            out.push(FileTeam {
                item: n,
                name,
                previously,
                projects,
            });
        }
    }
    out
}

fn used_twice(name: &str, first: usize, current: bool) -> String {
    let as_what = if current {
        "the name"
    } else {
        "an earlier name"
    };
    format!(
        "{} is also {as_what} of team {first} (team names are compared ignoring case)",
        quote(name)
    )
}

/// A team or project name: not empty, not only spaces.
fn name_problem(s: &str) -> Option<String> {
    s.trim()
        .is_empty()
        .then(|| format!("{} is not a name: it is empty", quote(s)))
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
    const ORG: &str = "a0123456789abcdef012345a";

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

    fn read_problems(doc: &str) -> Vec<String> {
        read(doc.as_bytes())
            .unwrap()
            .problems
            .iter()
            .map(Problem::to_string)
            .collect()
    }

    fn names(v: &[&str]) -> Vec<Ref> {
        v.iter().map(|n| Ref::Name(n.to_string())).collect()
    }

    fn roles(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|r| r.to_string()).collect()
    }

    #[test]
    fn the_object_form() {
        let doc = format!(
            r#"{{"$schema":"https://example.com/members.schema.json","orgId":"{ORG}",
  "Members":[
    {{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Ops","Dev"],
      "groupRoleAssignments":[{{"project":"Prod","roles":["GROUP_READ_ONLY"]}},{{"groupId":"{G1}","roles":["GROUP_OWNER"]}}]}},
    {{"username":"b@x.com","roles":["ORG_MEMBER"],"teamIds":["{T1}"]}},
    {{"username":"c@x.com","roles":["ORG_MEMBER"],"teams":[]}}],
  "teams":[
    {{"name":"Ops","previously":["Operations","ops-old"],"projects":[{{"project":"Prod","roles":["GROUP_OWNER"]}}]}},
    {{"name":"Dev"}},
    {{"name":"Platform","previously":["platform"],"projects":[]}}]}}"#
        );
        let f = read(doc.as_bytes()).unwrap();
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!(f.form, Form::Object);
        assert_eq!(f.org_id.as_deref(), Some(ORG));
        let [a, b, c] = &f.members[..] else {
            panic!("{:?}", f.members)
        };
        assert_eq!((a.item, a.teams.clone()), (1, Some(names(&["Ops", "Dev"]))));
        assert_eq!(
            a.projects,
            Some(vec![
                (Ref::Name("Prod".into()), roles(&["GROUP_READ_ONLY"])),
                (Ref::Id(G1.into()), roles(&["GROUP_OWNER"])),
            ])
        );
        assert_eq!(b.teams, Some(vec![Ref::Id(T1.into())]));
        assert_eq!((c.teams.clone(), c.projects.clone()), (Some(vec![]), None));
        let teams = f.teams.unwrap();
        assert_eq!(
            teams,
            [
                FileTeam {
                    item: 1,
                    name: "Ops".into(),
                    previously: vec!["Operations".into(), "ops-old".into()],
                    projects: Some(vec![(Ref::Name("Prod".into()), roles(&["GROUP_OWNER"]))]),
                },
                FileTeam {
                    item: 2,
                    name: "Dev".into(),
                    previously: vec![],
                    projects: None,
                },
                // A change of case is a rename too.
                FileTeam {
                    item: 3,
                    name: "Platform".into(),
                    previously: vec!["platform".into()],
                    projects: Some(vec![]),
                },
            ]
        );
        // Without `teams`, or with `null`, teams are not managed; the last key given wins.
        let f = read(br#"{"members":[],"teams":[{"name":"X"}],"TEAMS":null}"#).unwrap();
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!((f.teams, f.org_id), (None, None));
        let f = read(br#"{"members":[],"teams":[]}"#).unwrap();
        assert_eq!(f.teams, Some(vec![]));
    }

    #[test]
    fn the_array_form_takes_names_too_but_parse_does_not() {
        let doc = br#"[{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Ops"],"groupRoleAssignments":[{"project":"Prod","roles":["GROUP_OWNER"]}]}]"#;
        let f = read(doc).unwrap();
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        assert_eq!((f.form, f.teams.is_none()), (Form::Array, true));
        assert_eq!(f.members[0].teams, Some(names(&["Ops"])));
        assert_eq!(
            problems(std::str::from_utf8(doc).unwrap()),
            [
                "member 1 (a@x.com): json: unknown field \"teams\" (the keys are username, roles, teamIds and groupRoleAssignments)",
                "member 1 (a@x.com): groupRoleAssignments[0].groupId: required: the project ID",
            ]
        );
        // Files without names read the same both ways.
        let doc = format!(
            r#"[{{"username":"a@x.com","roles":["ORG_MEMBER"],"teamIds":["{T1}"],"groupRoleAssignments":[{{"groupId":"{G1}","roles":["GROUP_OWNER"]}}]}}]"#
        );
        let legacy = parse(doc.as_bytes()).unwrap().members;
        let f = read(doc.as_bytes()).unwrap();
        assert_eq!(
            f.members.iter().filter_map(by_ids).collect::<Vec<_>>(),
            legacy
        );
        assert_eq!(legacy.len(), 1);
    }

    #[test]
    fn file_level_errors_of_read() {
        assert_eq!(read(b"7").unwrap_err(), FileError::NotAFile("number"));
        assert_eq!(
            read(b"\"x\"").unwrap_err().to_string(),
            "expected a JSON array of members or an object {\"members\": […], \"teams\": […]}, found string"
        );
        assert!(matches!(read(b"{").unwrap_err(), FileError::Syntax(_)));
        // One member given alone is an object without members.
        assert_eq!(
            read_problems(r#"{"username":"a@x.com","roles":["ORG_MEMBER"]}"#),
            [
                "json: unknown field \"username\" (the keys are $schema, orgId, members and teams)",
                "members: required: the members, [] for none",
            ]
        );
        assert_eq!(
            read_problems(r#"{"orgId":"nope","members":{},"teams":"Ops","$SCHEMA":1}"#),
            [
                "$schema: expected the schema's address as a string, found number",
                "orgId: \"nope\" is not an ID of 24 hexadecimal digits (0-9, a-f)",
                "members: expected a JSON array, found object",
                "teams: expected a JSON array, found string",
            ]
        );
        // Nesting deeper than serde_json allows (within our decoder's) is read too.
        let deep = format!("{{\"members\":[{}{}]}}", "[".repeat(400), "]".repeat(400));
        assert_eq!(
            read_problems(&deep),
            ["member 1: expected a JSON object, found array"]
        );
        assert_eq!(
            read_problems(r#"{"orgId":7,"members":[]}"#),
            ["orgId: expected the organization's ID as a string, found number"]
        );
    }

    #[test]
    fn every_problem_of_names_and_teams_is_reported() {
        let doc = format!(
            r#"{{"members":[
  {{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Ops"],"teamIds":["{T1}"]}},
  {{"username":"b@x.com","roles":["ORG_MEMBER"],"teams":["Ops"," ","Ops"]}},
  {{"username":"c@x.com","roles":["ORG_MEMBER"],"groupRoleAssignments":[
     {{"project":"Prod","groupId":"{G1}","roles":["GROUP_OWNER"]}},
     {{"roles":["GROUP_OWNER"]}},
     {{"project":"Prod","roles":["GROUP_OWNER"]}},
     {{"project":"Prod","roles":["GROUP_READ_ONLY"]}},
     {{"project":"","roles":["GROUP_OWNER"]}}]}},
  {{"username":"d@x.com","roles":["ORG_MEMBER"],"team":["Ops"]}}],
 "teams":[
  {{"name":"Ops","previously":["Operations"]}},
  {{"previously":["x"]}},
  {{"name":"OPS"}},
  {{"name":"Dev","previously":["operations","Dev","dev","DEV"]}},
  {{"name":"Web","projects":[{{"project":"Prod","roles":["GROUP_KING"]}},{{"roles":[]}}],"member":["a@x.com"]}},
  "QA",
  {{"name":["QA"]}},
  {{"name":"QA","previously":["Ops"]}}]}}"#
        );
        let want = [
            "member 1 (a@x.com): teams: give the teams by name (teams) or by ID (teamIds), not both",
            "member 2 (b@x.com): teams[1]: \" \" is not a name: it is empty",
            "member 2 (b@x.com): teams[2]: \"Ops\" is listed twice",
            "member 3 (c@x.com): groupRoleAssignments[0]: give the project by name (project) or by ID (groupId), not both",
            "member 3 (c@x.com): groupRoleAssignments[1].groupId: required: the project, by name (project) or by ID (groupId)",
            "member 3 (c@x.com): groupRoleAssignments[3].project: project \"Prod\" is also groupRoleAssignments[2]: list each project once, with all its roles",
            "member 3 (c@x.com): groupRoleAssignments[4].project: \"\" is not a name: it is empty",
            "member 4 (d@x.com): json: unknown field \"team\" (the keys are username, roles, teams, teamIds and groupRoleAssignments)",
            "team 2: name: required: the team's name",
            "team 3 (OPS): name: \"OPS\" is also the name of team 1 (team names are compared ignoring case)",
            "team 4 (Dev): previously[0]: \"operations\" is also an earlier name of team 1 (team names are compared ignoring case)",
            "team 4 (Dev): previously[1]: \"Dev\" is the team's own name",
            "team 5 (Web): json: unknown field \"member\" (the keys are name, projects and previously)",
            "team 5 (Web): projects[0].roles[0]: \"GROUP_KING\" is not a project role (valid: GROUP_BACKUP_MANAGER, GROUP_CLUSTER_MANAGER, GROUP_DATA_ACCESS_ADMIN, GROUP_DATA_ACCESS_READ_ONLY, GROUP_DATA_ACCESS_READ_WRITE, GROUP_DATABASE_ACCESS_ADMIN, GROUP_OBSERVABILITY_VIEWER, GROUP_OWNER, GROUP_READ_ONLY, GROUP_SEARCH_INDEX_EDITOR, GROUP_STREAM_PROCESSING_OWNER)",
            "team 5 (Web): projects[1].groupId: required: the project, by name (project) or by ID (groupId)",
            "team 5 (Web): projects[1].roles: at least one project role is required (leave the project out to give none)",
            "team 6: expected a JSON object, found string",
            "team 7: json: cannot unmarshal array into Go struct field Team.name of type string",
            "team 8 (QA): previously[0]: \"Ops\" is also the name of team 1 (team names are compared ignoring case)",
        ];
        assert_eq!(read_problems(&doc), want);
        let f = read(doc.as_bytes()).unwrap();
        assert!(f.members.is_empty() && f.teams == Some(vec![]));
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
