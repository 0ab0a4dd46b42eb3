//! `atlas organizations invitations export`: the organization's pending invitations
//! and active members as a members file `apply` takes (issue 20): by default the
//! object form with teams and projects by name and every team (issue 25), with `--ids`
//! the array form, by id (decision export-format).

use super::{formatted, write_out, Context};
use crate::api::membership::{remote, OrgUsers};
use crate::cli::flags;
use crate::error::{Error, Result};
use crate::output::export as named;
use crate::output::membership as render;
use std::io::Write;

pub fn run(ctx: &mut Context, flags: &flags::Export) -> Result<()> {
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format(&flags.output)?;
    let Context {
        session, stdout, ..
    } = ctx;
    // Decision apply-uses-users-api: the users API, whatever `invitations_api` says.
    let mut api = remote::open(session, &org_id)?;
    export(&mut *api, &org_id, flags.ids, &format, *stdout)
}

/// List, then print: the members file by default (and for `-o json`, the same bytes),
/// or an `-o` form over the same value. `ids`: the array by id, and the teams and
/// projects are not even listed.
pub fn export(
    api: &mut dyn OrgUsers,
    org_id: &str,
    ids: bool,
    format: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let users = api.list()?;
    if ids {
        let members = render::export(&users);
        return match formatted(out, format, &members)? {
            Some(bytes) => write_out(out, &bytes),
            None => write_out(out, &render::export_bytes(&members)),
        };
    }
    let (teams, projects) = api.teams()?;
    // Decision export-unnamed: a file that cannot say everything by name is not written.
    let file = named::members_file(org_id, &users, &teams, &projects)
        .map_err(|e| Error::Api(e.to_string()))?;
    match formatted(out, format, &file)? {
        Some(bytes) => write_out(out, &bytes),
        None => write_out(out, &named::members_file_bytes(&file)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::membership::memory::{Call, Memory};
    use crate::api::membership::{Access, OrgProject, OrgTeam, OrgUser, Status};

    fn org() -> Memory {
        let user = |id: &str, name: &str, status| OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access: Access {
                org_roles: ["ORG_MEMBER".to_string()].into(),
                ..Access::default()
            },
        };
        Memory::new(vec![
            user("2", "zed@x.com", Status::Active),
            user("1", "amy@x.com", Status::Pending),
            user("3", "old@x.com", Status::Expired),
        ])
    }

    /// The organization above with one team, in one project, that zed@x.com is in.
    fn with_teams() -> Memory {
        let mut api = org();
        let (team, project) = ("5f71e5255afec75a3d0f9601", "6c73999ae7966f00563911a1");
        api.users[0].access.team_ids.insert(team.into());
        api.teams = vec![OrgTeam {
            id: team.into(),
            name: "ops".into(),
            projects: [(project.into(), ["GROUP_OWNER".to_string()].into())].into(),
        }];
        api.projects = vec![OrgProject {
            id: project.into(),
            name: "prod".into(),
        }];
        api
    }

    /// The output and the calls made.
    fn run_on(mut api: Memory, ids: bool, format: &str) -> (String, Vec<Call>) {
        let mut out = Vec::new();
        export(&mut api, ORG, ids, format, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), api.calls)
    }

    const ORG: &str = "5f71e5255afec75a3d0f96dc";

    #[test]
    fn ids_the_array_and_its_forms() {
        let text = |format: &str| {
            let (text, calls) = run_on(org(), true, format);
            // Decision export-format: --ids lists no team or project.
            assert_eq!(calls, [Call::List]);
            text
        };
        let file = text("");
        assert!(
            file.starts_with("[\n  {\n    \"username\": \"amy@x.com\",\n"),
            "{file}"
        );
        assert!(!file.contains("old@x.com"));
        assert_eq!(text("json"), file);
        assert_eq!(
            text("json-path=$[*].username"),
            "[\n  \"amy@x.com\",\n  \"zed@x.com\"\n]\n"
        );
        assert_eq!(
            text("go-template={{range .}}{{.Username}} {{.Roles}}\n{{end}}"),
            "amy@x.com [ORG_MEMBER]\nzed@x.com [ORG_MEMBER]\n"
        );
        // The teams do not change the array form.
        assert!(!run_on(with_teams(), true, "").0.contains("ops"));
    }

    #[test]
    fn names_the_object_and_its_forms() {
        let (file, calls) = run_on(with_teams(), false, "");
        assert_eq!(calls, [Call::List, Call::ListTeams]);
        assert!(
            file.starts_with(&format!("{{\n  \"orgId\": \"{ORG}\",\n  \"members\": [\n")),
            "{file}"
        );
        assert!(
            file.contains("\"teams\": [\n        \"ops\"\n      ],"),
            "{file}"
        );
        assert!(file.ends_with("  \"teams\": [\n    {\n      \"name\": \"ops\",\n      \"projects\": [\n        {\n          \"project\": \"prod\",\n          \"roles\": [\n            \"GROUP_OWNER\"\n          ]\n        }\n      ]\n    }\n  ]\n}\n"), "{file}");
        assert_eq!(run_on(with_teams(), false, "json").0, file);
        assert_eq!(
            run_on(with_teams(), false, "json-path=$.members[*].teams").0,
            "[\n  [],\n  [\n    \"ops\"\n  ]\n]\n"
        );
        assert_eq!(
            run_on(
                with_teams(),
                false,
                "go-template={{.OrgId}}{{range .Teams}} {{.Name}}:{{range .Projects}}{{.Project}}={{.Roles}}{{end}}{{end}}\n"
            )
            .0,
            format!("{ORG} ops:prod=[GROUP_OWNER]\n")
        );
    }

    #[test]
    fn a_team_the_lists_lack_fails_and_prints_nothing() {
        let mut api = with_teams();
        api.teams.clear();
        let mut out = Vec::new();
        let err = export(&mut api, ORG, false, "", &mut out).unwrap_err();
        assert!(matches!(err, Error::Api(_)), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("user \"zed@x.com\" is in team "),
            "{err}"
        );
        assert!(out.is_empty());
    }
}
