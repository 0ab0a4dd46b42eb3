//! Team and project names ↔ IDs (decision apply-names): built from the organization's
//! teams and projects as listed (every page), it resolves a file read by
//! [`members::read`](super::members::read) into the planner's ID-based types, and gives
//! names back for output and `export`.
//!
//! Names match exactly (Atlas keeps them as written). A name that matches nothing, and is
//! not a team the file declares, is a problem naming the member or team, the field and
//! the name, with the closest existing name suggested by cobra's rule ([`crate::text`]).

use super::members::{File, FileMember, FileProjects, FileTeam, Of, Problem, Ref};
use super::{fold, Member, OrgProject, OrgTeam, Projects, TeamDecl, TeamRef};
use crate::go::strconv::quote;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// The organization's teams and projects, by name and by id.
#[derive(Clone, Debug, Default)]
pub struct Names {
    teams: Table,
    projects: Table,
}

/// One kind of named thing: id → name, name → ids (more than one only if Atlas ever
/// listed two with one name), and the names sorted, for suggestions.
#[derive(Clone, Debug, Default)]
struct Table {
    by_id: HashMap<String, String>,
    by_name: HashMap<String, Vec<String>>,
    sorted: Vec<String>,
}

impl Table {
    fn new<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> Table {
        let mut t = Table::default();
        for (id, name) in items {
            t.by_id.insert(id.to_string(), name.to_string());
            let ids = t.by_name.entry(name.to_string()).or_default();
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
        t.sorted = t.by_name.keys().cloned().collect();
        crate::go::sort::slice_stable(&mut t.sorted, |a, b| {
            fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
        });
        t
    }
}

/// A file resolved: what the planners take.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// The object form's `orgId` (see [`check_org`]).
    pub org_id: Option<String>,
    /// The members, teams by the ids of teams the organization has: a team this run
    /// creates is in [`Resolved::new_teams`] instead.
    pub members: Vec<Member>,
    /// The declared teams; `None` when the file has no `teams` (teams are not managed).
    pub teams: Option<Vec<TeamDecl>>,
    /// For each declared team the run creates, the members of the file that name it
    /// (usernames as the file spells them, in file order): createOrgTeam's `usernames`.
    pub new_teams: BTreeMap<String, Vec<String>>,
}

/// Where a problem is, for [`Problem::new`].
struct At<'a> {
    of: Of,
    item: usize,
    name: &'a str,
}

impl At<'_> {
    fn problem(&self, field: &str, message: String) -> Problem {
        Problem::new(self.of, self.item, Some(self.name), field, message)
    }
}

impl Names {
    pub fn new(teams: &[OrgTeam], projects: &[OrgProject]) -> Names {
        Names {
            teams: Table::new(teams.iter().map(|t| (t.id.as_str(), t.name.as_str()))),
            projects: Table::new(projects.iter().map(|p| (p.id.as_str(), p.name.as_str()))),
        }
    }

    /// The name of the organization's team `id`.
    pub fn team_name(&self, id: &str) -> Option<&str> {
        self.teams.by_id.get(id).map(String::as_str)
    }

    /// The name of the organization's project `id`.
    pub fn project_name(&self, id: &str) -> Option<&str> {
        self.projects.by_id.get(id).map(String::as_str)
    }

    /// The ids of the organization's teams named `name` (more than one only if Atlas
    /// ever listed two under one name; `export` refuses to write such a name).
    pub fn team_ids(&self, name: &str) -> &[String] {
        self.teams.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// The ids of the organization's projects named `name`.
    pub fn project_ids(&self, name: &str) -> &[String] {
        self.projects.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// How output names a team: its name, else (a team the lists did not show) its id.
    pub fn team_label<'a>(&'a self, team: &'a TeamRef) -> &'a str {
        match team {
            TeamRef::Existing(id) => self.team_name(id).unwrap_or(id),
            TeamRef::New(name) => name,
        }
    }

    /// How output names a project: its name, else its id.
    pub fn project_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.project_name(id).unwrap_or(id)
    }

    /// Resolves a file read without problems; every problem it finds is returned (and the
    /// file's own, if it had any).
    pub fn resolve(&self, file: &File) -> Result<Resolved, Vec<Problem>> {
        if !file.problems.is_empty() {
            return Err(file.problems.clone());
        }
        let mut problems = Vec::new();
        let mut out = Resolved {
            org_id: file.org_id.clone(),
            ..Resolved::default()
        };
        // Declared names → the team they are; earlier names → the declared name.
        let mut declared: HashMap<&str, TeamRef> = HashMap::new();
        let mut earlier: HashMap<&str, &str> = HashMap::new();
        if let Some(teams) = &file.teams {
            let mut decls = Vec::with_capacity(teams.len());
            for t in teams {
                let at = At {
                    of: Of::Team,
                    item: t.item,
                    name: &t.name,
                };
                let id = self.locate(t, &at, &mut problems);
                self.clash(t, id.as_deref(), &at, &mut problems);
                let projects = t
                    .projects
                    .as_ref()
                    .map(|list| self.projects(list, "projects", &at, &mut problems));
                declared.insert(
                    &t.name,
                    id.clone()
                        .map_or_else(|| TeamRef::New(t.name.clone()), TeamRef::Existing),
                );
                for old in &t.previously {
                    earlier.insert(old, &t.name);
                }
                if id.is_none() {
                    out.new_teams.insert(t.name.clone(), Vec::new());
                }
                decls.push(TeamDecl {
                    name: t.name.clone(),
                    id,
                    projects,
                });
            }
            out.teams = Some(decls);
        }
        let context = Context {
            declared: &declared,
            earlier: &earlier,
            has_teams: file.teams.is_some(),
        };
        for m in &file.members {
            if let Some(member) = self.member(m, &context, &mut out.new_teams, &mut problems) {
                out.members.push(member);
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// Atlas compares team names ignoring case (decision teams-api): a team created or
    /// renamed to a name another team has in another case would be refused.
    fn clash(&self, t: &FileTeam, id: Option<&str>, at: &At, problems: &mut Vec<Problem>) {
        if self.teams.by_name.contains_key(&t.name) {
            return;
        }
        let other = self.teams.sorted.iter().find(|n| {
            fold(n) == fold(&t.name)
                && self
                    .teams
                    .by_name
                    .get(*n)
                    .is_some_and(|ids| ids.iter().all(|i| Some(i.as_str()) != id))
        });
        if let Some(other) = other {
            problems.push(at.problem(
                "name",
                format!(
                    "the organization's team {} has this name in another case, and Atlas compares team names ignoring case: write {}, or list it under previously to rename it",
                    quote(other),
                    quote(other)
                ),
            ));
        }
    }

    /// The organization's team a declared team is: the one with its name, else the one
    /// with an earlier name (a rename); `None` for a team to create.
    fn locate(&self, t: &FileTeam, at: &At, problems: &mut Vec<Problem>) -> Option<String> {
        if let Some(ids) = self.teams.by_name.get(&t.name) {
            return match &ids[..] {
                [id] => Some(id.clone()),
                _ => {
                    problems
                        .push(at.problem("name", many("teams", ids.len(), &t.name, DECL_ADVICE)));
                    None
                }
            };
        }
        let found: Vec<(&String, &Vec<String>)> = t
            .previously
            .iter()
            .filter_map(|old| self.teams.by_name.get(old).map(|ids| (old, ids)))
            .collect();
        match &found[..] {
            [] => None,
            [(_, ids)] if ids.len() == 1 => ids.first().cloned(),
            [(old, ids)] => {
                problems.push(at.problem("previously", many("teams", ids.len(), old, DECL_ADVICE)));
                None
            }
            several => {
                let names: Vec<String> = several.iter().map(|(n, _)| quote(n)).collect();
                problems.push(at.problem(
                    "previously",
                    format!(
                        "names {} teams of the organization ({}): keep only the name this team had",
                        several.len(),
                        names.join(", ")
                    ),
                ));
                None
            }
        }
    }

    fn member(
        &self,
        m: &FileMember,
        cx: &Context,
        new_teams: &mut BTreeMap<String, Vec<String>>,
        problems: &mut Vec<Problem>,
    ) -> Option<Member> {
        let before = problems.len();
        let at = At {
            of: Of::Member,
            item: m.item,
            name: &m.username,
        };
        let teams = m.teams.as_ref().map(|refs| {
            let mut got: Vec<TeamRef> = Vec::with_capacity(refs.len());
            for (i, r) in refs.iter().enumerate() {
                let (field, resolved) = match r {
                    Ref::Id(id) => (
                        format!("teamIds[{i}]"),
                        if self.teams.by_id.contains_key(id) {
                            Ok(TeamRef::Existing(id.clone()))
                        } else {
                            Err(format!("no team with ID {id} in the organization"))
                        },
                    ),
                    Ref::Name(name) => (format!("teams[{i}]"), self.team(name, cx)),
                };
                // Distinct names resolve to distinct teams: declared names are unique,
                // earlier names are refused, and Atlas's names are unique.
                match resolved {
                    Err(m) => problems.push(at.problem(&field, m)),
                    Ok(t) => got.push(t),
                }
            }
            got
        });
        let projects = m
            .projects
            .as_ref()
            .map(|list| self.projects(list, "groupRoleAssignments", &at, problems));
        if problems.len() != before {
            return None;
        }
        let team_ids = teams.map(|refs| {
            let mut ids = BTreeSet::new();
            for t in refs {
                match t {
                    TeamRef::Existing(id) => {
                        ids.insert(id);
                    }
                    TeamRef::New(name) => {
                        new_teams.entry(name).or_default().push(m.username.clone())
                    }
                }
            }
            ids
        });
        Some(Member {
            username: m.username.clone(),
            org_roles: m.org_roles.clone(),
            team_ids,
            projects,
        })
    }

    /// A member's team name: a declared team (existing or new), else the organization's.
    fn team(&self, name: &str, cx: &Context) -> Result<TeamRef, String> {
        if let Some(t) = cx.declared.get(name) {
            return Ok(t.clone());
        }
        if let Some(now) = cx.earlier.get(name) {
            return Err(format!(
                "{} is an earlier name of the file's team {}: write {}",
                quote(name),
                quote(now),
                quote(now)
            ));
        }
        match self.teams.by_name.get(name).map(Vec::as_slice) {
            Some([id]) => Ok(TeamRef::Existing(id.clone())),
            Some(ids) => Err(many("teams", ids.len(), name, "name it in teamIds")),
            None => {
                let mut candidates: Vec<&str> =
                    self.teams.sorted.iter().map(String::as_str).collect();
                candidates.extend(cx.declared.keys().copied());
                // Sorted, so that of equally close names the same one is suggested.
                crate::go::sort::slice_stable(&mut candidates, |a, b| {
                    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
                });
                candidates.dedup();
                let whence = if cx.has_teams {
                    "in the organization or the file's teams"
                } else {
                    "in the organization"
                };
                Err(unknown("team", name, whence, candidates))
            }
        }
    }

    /// A list of project roles by project id.
    fn projects(
        &self,
        list: &FileProjects,
        field: &str,
        at: &At,
        problems: &mut Vec<Problem>,
    ) -> Projects {
        let mut out = Projects::new();
        let mut first_for: HashMap<String, usize> = HashMap::new();
        for (j, (r, roles)) in list.iter().enumerate() {
            let (key, resolved) = match r {
                Ref::Id(id) => (
                    "groupId",
                    if self.projects.by_id.contains_key(id) {
                        Ok(id.clone())
                    } else {
                        Err(format!("no project with ID {id} in the organization"))
                    },
                ),
                Ref::Name(name) => ("project", self.project(name)),
            };
            let here = format!("{field}[{j}].{key}");
            match resolved {
                Err(m) => problems.push(at.problem(&here, m)),
                Ok(id) => match first_for.get(&id) {
                    Some(first) => problems.push(at.problem(
                        &here,
                        format!("names the same project as {field}[{first}]: list each project once, with all its roles"),
                    )),
                    None => {
                        first_for.insert(id.clone(), j);
                        out.insert(id, roles.clone());
                    }
                },
            }
        }
        out
    }

    fn project(&self, name: &str) -> Result<String, String> {
        match self.projects.by_name.get(name).map(Vec::as_slice) {
            Some([id]) => Ok(id.clone()),
            Some(ids) => Err(many("projects", ids.len(), name, "name it by groupId")),
            None => Err(unknown(
                "project",
                name,
                "in the organization",
                self.projects.sorted.iter().map(String::as_str),
            )),
        }
    }
}

/// What a member's team names resolve against.
struct Context<'a> {
    declared: &'a HashMap<&'a str, TeamRef>,
    earlier: &'a HashMap<&'a str, &'a str>,
    has_teams: bool,
}

/// A declared team whose name Atlas lists twice cannot be told apart.
const DECL_ADVICE: &str = "rename one of them in Atlas first";

/// Atlas listed `n` things named `name` (its names are unique, so this should not be).
fn many(what: &str, n: usize, name: &str, advice: &str) -> String {
    format!(
        "{n} {what} of the organization are named {}: {advice}",
        quote(name)
    )
}

fn unknown<'a>(
    what: &str,
    name: &str,
    whence: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let mut m = format!("no {what} named {} {whence}", quote(name));
    if let Some(near) = crate::text::closest(name, candidates) {
        m.push_str(&format!(" (did you mean {}?)", quote(near)));
    }
    m
}

/// The file's `orgId` is not the organization the run targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrongOrg {
    pub file: String,
    pub run: String,
}

impl fmt::Display for WrongOrg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the file's orgId is {}, but this run targets organization {} (--orgId, the profile or MONGODB_ATLAS_ORG_ID); nothing was sent",
            self.file, self.run
        )
    }
}

/// Decision apply-org-id: a file that says which organization it is for is applied to
/// that one only.
pub fn check_org(file: Option<&str>, run: &str) -> Result<(), WrongOrg> {
    match file {
        Some(f) if f != run => Err(WrongOrg {
            file: f.to_string(),
            run: run.to_string(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::members::read;
    use super::*;

    const ORG: &str = "a0123456789abcdef012345a";
    const T1: &str = "5f71e5255afec75a3d0f9601";
    const T2: &str = "5f71e5255afec75a3d0f9602";
    const T3: &str = "5f71e5255afec75a3d0f9603";
    const T4: &str = "5f71e5255afec75a3d0f9604";
    const T5: &str = "5f71e5255afec75a3d0f9605";
    const T6: &str = "5f71e5255afec75a3d0f9606";
    const T7: &str = "5f71e5255afec75a3d0f9607";
    const G1: &str = "6c73999ae7966f00563911a1";
    const G2: &str = "6c73999ae7966f00563911a2";
    const G3: &str = "6c73999ae7966f00563911a3";
    const G4: &str = "6c73999ae7966f00563911a4";
    const NOWHERE: &str = "000000000000000000000000";

    fn names() -> Names {
        let team = |id: &str, name: &str| OrgTeam {
            id: id.into(),
            name: name.into(),
            projects: Projects::new(),
        };
        let project = |id: &str, name: &str| OrgProject {
            id: id.into(),
            name: name.into(),
        };
        Names::new(
            &[
                team(T1, "Ops"),
                team(T2, "Dev"),
                team(T3, "Legacy"),
                team(T4, "dup"),
                team(T5, "dup"),
                team(T6, "Old1"),
                team(T7, "Old2"),
            ],
            &[
                project(G1, "Prod"),
                project(G2, "Staging"),
                project(G3, "twin"),
                project(G4, "twin"),
            ],
        )
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn resolve(doc: &str) -> Result<Resolved, Vec<String>> {
        names()
            .resolve(&read(doc.as_bytes()).unwrap())
            .map_err(|ps| ps.iter().map(Problem::to_string).collect())
    }

    #[test]
    fn names_resolve_to_ids_and_new_teams() {
        let doc = format!(
            r#"{{"orgId":"{ORG}","members":[
  {{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Ops","Platform","Web"],
    "groupRoleAssignments":[{{"project":"Staging","roles":["GROUP_OWNER"]}},{{"groupId":"{G1}","roles":["GROUP_READ_ONLY"]}}]}},
  {{"username":"b@x.com","roles":["ORG_MEMBER"],"teamIds":["{T2}"]}},
  {{"username":"C@x.com","roles":["ORG_MEMBER"],"teams":["Web"]}},
  {{"username":"d@x.com","roles":["ORG_MEMBER"]}}],
 "teams":[{{"name":"Ops"}},{{"name":"Platform","previously":["Gone","Legacy"]}},
  {{"name":"Web","projects":[{{"project":"Prod","roles":["GROUP_READ_ONLY"]}}]}}]}}"#
        );
        let r = resolve(&doc).unwrap();
        assert_eq!(r.org_id.as_deref(), Some(ORG));
        let [a, b, c, d] = &r.members[..] else {
            panic!("{:?}", r.members)
        };
        assert_eq!(a.team_ids, Some(set(&[T1, T3])));
        assert_eq!(
            a.projects,
            Some(Projects::from([
                (G1.to_string(), set(&["GROUP_READ_ONLY"])),
                (G2.to_string(), set(&["GROUP_OWNER"])),
            ]))
        );
        assert_eq!(b.team_ids, Some(set(&[T2])));
        // Only a new team: no team of the organization, which createOrgTeam fills.
        assert_eq!(c.team_ids, Some(set(&[])));
        assert_eq!((d.team_ids.as_ref(), d.projects.as_ref()), (None, None));
        assert_eq!(
            r.new_teams,
            BTreeMap::from([(
                "Web".to_string(),
                vec!["a@x.com".to_string(), "C@x.com".to_string()]
            )])
        );
        assert_eq!(
            r.teams,
            Some(vec![
                TeamDecl {
                    name: "Ops".into(),
                    id: Some(T1.into()),
                    projects: None
                },
                // Found under an earlier name: renamed.
                TeamDecl {
                    name: "Platform".into(),
                    id: Some(T3.into()),
                    projects: None
                },
                TeamDecl {
                    name: "Web".into(),
                    id: None,
                    projects: Some(Projects::from([(
                        G1.to_string(),
                        set(&["GROUP_READ_ONLY"])
                    )]))
                },
            ])
        );
        // A new team nobody names is still listed, empty: the planner refuses it.
        let r = resolve(r#"{"members":[],"teams":[{"name":"Empty"}]}"#).unwrap();
        assert_eq!(r.new_teams, BTreeMap::from([("Empty".to_string(), vec![])]));
        // The array form: names resolve against the organization alone.
        let r =
            resolve(r#"[{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Dev"]}]"#).unwrap();
        assert_eq!(r.members[0].team_ids, Some(set(&[T2])));
        assert_eq!(r.teams, None);
    }

    #[test]
    fn every_name_that_does_not_resolve_is_a_problem() {
        let doc = format!(
            r#"{{"members":[
  {{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Opps","Legacy","dup","zzzzzzzz","Platfrom"]}},
  {{"username":"b@x.com","roles":["ORG_MEMBER"],"teamIds":["{NOWHERE}","{T1}"]}},
  {{"username":"c@x.com","roles":["ORG_MEMBER"],"groupRoleAssignments":[
    {{"project":"Prd","roles":["GROUP_OWNER"]}},
    {{"project":"Prod","roles":["GROUP_OWNER"]}},
    {{"groupId":"{G1}","roles":["GROUP_OWNER"]}},
    {{"project":"twin","roles":["GROUP_OWNER"]}},
    {{"groupId":"{NOWHERE}","roles":["GROUP_OWNER"]}},
    {{"project":"qqqqqqqq","roles":["GROUP_OWNER"]}}]}}],
 "teams":[{{"name":"Platform","previously":["Legacy"]}},
  {{"name":"New","previously":["Old1","Nope","Old2"]}},
  {{"name":"dup"}},
  {{"name":"Web","projects":[{{"project":"stagign","roles":["GROUP_OWNER"]}}]}}]}}"#
        );
        let want = [
            "team 2 (New): previously: names 2 teams of the organization (\"Old1\", \"Old2\"): keep only the name this team had",
            "team 3 (dup): name: 2 teams of the organization are named \"dup\": rename one of them in Atlas first",
            "team 4 (Web): projects[0].project: no project named \"stagign\" in the organization (did you mean \"Staging\"?)",
            "member 1 (a@x.com): teams[0]: no team named \"Opps\" in the organization or the file's teams (did you mean \"Ops\"?)",
            "member 1 (a@x.com): teams[1]: \"Legacy\" is an earlier name of the file's team \"Platform\": write \"Platform\"",
            "member 1 (a@x.com): teams[3]: no team named \"zzzzzzzz\" in the organization or the file's teams",
            "member 1 (a@x.com): teams[4]: no team named \"Platfrom\" in the organization or the file's teams (did you mean \"Platform\"?)",
            "member 2 (b@x.com): teamIds[0]: no team with ID 000000000000000000000000 in the organization",
            "member 3 (c@x.com): groupRoleAssignments[0].project: no project named \"Prd\" in the organization (did you mean \"Prod\"?)",
            "member 3 (c@x.com): groupRoleAssignments[2].groupId: names the same project as groupRoleAssignments[1]: list each project once, with all its roles",
            "member 3 (c@x.com): groupRoleAssignments[3].project: 2 projects of the organization are named \"twin\": name it by groupId",
            "member 3 (c@x.com): groupRoleAssignments[4].groupId: no project with ID 000000000000000000000000 in the organization",
            "member 3 (c@x.com): groupRoleAssignments[5].project: no project named \"qqqqqqqq\" in the organization",
        ];
        assert_eq!(resolve(&doc).unwrap_err(), want);
        // "dup" in a member is declared by the file here; against the organization alone
        // it is ambiguous. Without `teams`, the organization alone is searched.
        assert_eq!(
            resolve(r#"[{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["dup","ops"]}]"#)
                .unwrap_err(),
            [
                "member 1 (a@x.com): teams[0]: 2 teams of the organization are named \"dup\": name it in teamIds",
                "member 1 (a@x.com): teams[1]: no team named \"ops\" in the organization (did you mean \"Ops\"?)",
            ]
        );
        // A name another team has in another case: Atlas would refuse it. A change of
        // case written with previously is a rename of that very team.
        assert_eq!(
            resolve(r#"{"members":[],"teams":[{"name":"OPS"},{"name":"dev","previously":["Legacy"]}]}"#)
                .unwrap_err(),
            [
                "team 1 (OPS): name: the organization's team \"Ops\" has this name in another case, and Atlas compares team names ignoring case: write \"Ops\", or list it under previously to rename it",
                "team 2 (dev): name: the organization's team \"Dev\" has this name in another case, and Atlas compares team names ignoring case: write \"Dev\", or list it under previously to rename it",
            ]
        );
        let r = resolve(r#"{"members":[],"teams":[{"name":"OPS","previously":["Ops"]}]}"#).unwrap();
        assert_eq!(r.teams.unwrap()[0].id.as_deref(), Some(T1));
        // Of equally close names, the first by name, declared or not.
        assert_eq!(
            resolve(r#"{"members":[{"username":"a@x.com","roles":["ORG_MEMBER"],"teams":["Opc","Opb"]}],"teams":[{"name":"Opb"}]}"#)
                .unwrap_err(),
            ["member 1 (a@x.com): teams[0]: no team named \"Opc\" in the organization or the file's teams (did you mean \"Opb\"?)"]
        );
        // The file's own problems come back as they are.
        assert_eq!(
            resolve(r#"{"members":[{"username":"x"}]}"#)
                .unwrap_err()
                .len(),
            2
        );
    }

    #[test]
    fn ids_back_to_names() {
        let n = names();
        assert_eq!(n.team_name(T1), Some("Ops"));
        assert_eq!(n.team_name(NOWHERE), None);
        assert_eq!(n.project_name(G2), Some("Staging"));
        assert_eq!(n.team_label(&TeamRef::Existing(T2.into())), "Dev");
        assert_eq!(n.team_label(&TeamRef::Existing(NOWHERE.into())), NOWHERE);
        assert_eq!(n.team_label(&TeamRef::New("Web".into())), "Web");
        assert_eq!(n.project_label(G1), "Prod");
        assert_eq!(n.project_label(NOWHERE), NOWHERE);
    }

    #[test]
    fn the_org_id_check() {
        assert_eq!(check_org(None, ORG), Ok(()));
        assert_eq!(check_org(Some(ORG), ORG), Ok(()));
        let e = check_org(Some(NOWHERE), ORG).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("the file's orgId is {NOWHERE}, but this run targets organization {ORG} (--orgId, the profile or MONGODB_ATLAS_ORG_ID); nothing was sent")
        );
    }
}
