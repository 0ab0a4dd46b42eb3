//! `atlas organizations invitations apply -f FILE`: read the file → list → resolve
//! names → plan → print → apply (issues 20 and 25). The steps after the file run
//! against [`OrgUsers`], so [`apply`] is tested here with an in-memory organization.

use super::{formatted, write_out, Context};
use crate::api::bulk::{Chain, Observer};
use crate::api::membership::execute::{execute, preview};
use crate::api::membership::members::{self, File};
use crate::api::membership::names::{check_org, Names};
use crate::api::membership::plan::{self, Options, Step, DEFAULT_MAX_REMOVALS};
use crate::api::membership::teams::TeamOptions;
use crate::api::membership::{remote, OrgUsers};
use crate::api::request_file;
use crate::api::session::Request;
use crate::cli::flags;
use crate::error::{Error, Result};
use crate::output::bulk::Lines;
use crate::output::membership::{self as render, Labels};
use crate::output::progress::{Line, Progress};
use crate::output::Format;
use std::io::Write;
use std::rc::Rc;

/// What `--check` and `--dry-run` ask for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mode {
    /// Send nothing that writes; exit 2 when anything would change.
    pub check: bool,
    /// Send nothing that writes; print the requests that would be sent.
    pub dry_run: bool,
}

/// The planners' options: members' and teams'.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    pub members: Options,
    pub teams: TeamOptions,
}

pub fn run(ctx: &mut Context, flags: &flags::Apply) -> Result<()> {
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    // cobra's required-flag check, after the pre-run as in cobra.
    let Some(path) = flags.file.clone() else {
        return Err(Error::Usage("required flag(s) \"file\" not set".into()));
    };
    ctx.check_flag_groups()?;
    let max_removals = match flags.max_removals {
        None => DEFAULT_MAX_REMOVALS,
        Some(n) => usize::try_from(n)
            .map_err(|_| Error::Usage(format!("--max-removals must be 0 or more, not {n}")))?,
    };
    let limits = Limits {
        members: Options {
            prune: flags.prune,
            prune_members: flags.prune_members,
            max_removals,
        },
        teams: TeamOptions {
            prune_teams: flags.prune_teams,
        },
    };
    let mode = Mode {
        check: flags.check,
        dry_run: flags.dry_run,
    };
    let format = ctx.output_format(&flags.output)?;
    // The whole file is checked before anything is sent (or even listed).
    let file = load(&path, &mut crate::redact::stderr_writer())?;
    // Decision apply-org-id: before anything is listed.
    check_org(file.org_id.as_deref(), &org_id).map_err(|e| Error::Input(e.to_string()))?;
    let base_url = if mode.dry_run {
        ctx.session.base_url()?
    } else {
        String::new()
    };
    let Context {
        session, stdout, ..
    } = ctx;
    // Decision progress-line: the same line as `invite -f`, counting the plan's changes;
    // rate-limit waits while listing show alone.
    let line = Progress::before_total("applied");
    session.set_pause(line.clone());
    // Decision apply-uses-users-api: the users API, whatever `invitations_api` says.
    let mut api = remote::open(session, &org_id)?;
    let result = apply(
        &mut *api,
        &Input {
            file: &file,
            shown: request_file::shown(&path),
        },
        &limits,
        mode,
        &format,
        &base_url,
        Some(line.clone()),
        Out {
            out: *stdout,
            err: &mut crate::redact::stderr_writer(),
        },
    );
    line.finish();
    result
}

/// Where the command writes: results on `out`, reports on `err`.
pub struct Out<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// The members file read, and how its problems name it.
pub struct Input<'a> {
    pub file: &'a File,
    pub shown: &'a str,
}

/// Reads and checks the members file: every problem goes to `err`; any
/// problem fails the command before anything is sent.
pub fn load(path: &str, err: &mut dyn Write) -> Result<File> {
    let bytes = request_file::read(path)?;
    check_file(&bytes, request_file::shown(path), err)
}

fn check_file(bytes: &[u8], name: &str, err: &mut dyn Write) -> Result<File> {
    let file = members::read(bytes).map_err(|e| Error::Input(format!("{name}: {e}")))?;
    report(&file.problems, name, err)?;
    Ok(file)
}

/// Prints every problem and fails when there is any: nothing is sent.
fn report<P: std::fmt::Display>(problems: &[P], name: &str, err: &mut dyn Write) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    for p in problems {
        write_out(err, format!("{name}: {p}\n").as_bytes())?;
    }
    let n = problems.len();
    Err(Error::Input(format!(
        "{name}: {n} {} in the members file; nothing was sent",
        if n == 1 { "problem" } else { "problems" }
    )))
}

/// Decision apply-lists: the organization's teams and projects are listed when the
/// file names a team or a project (or declares teams), each project's teams only when
/// it declares teams; a file of usernames and roles sends the requests it sent before
/// teams.
fn needs_lists(file: &File) -> bool {
    file.teams.is_some()
        || file.members.iter().any(|m| {
            m.teams.as_ref().is_some_and(|t| !t.is_empty())
                || m.projects.as_ref().is_some_and(|p| !p.is_empty())
        })
}

/// How the per-change lines name a step: `change 3 (revoke a@x.com)`,
/// `change 4 (create-team Web)`.
fn change_name(number: usize, step: &Step) -> String {
    format!(
        "change {number} ({} {})",
        step.kind().as_str(),
        crate::go::strconv::inert(step.name())
    )
}

/// The plan's lines and its `Plan: …` line, as the default output shows them.
fn plan_and_summary(plan: &plan::Plan, names: Option<&Names>) -> String {
    let mut s = render::plan_text(plan, names);
    s.push_str(&render::plan_summary(plan));
    s
}

/// List, resolve, plan, print, apply. `base_url` is for `--dry-run`'s request
/// blocks; `progress`, if any, is the line told of every step (decision progress-line).
#[allow(clippy::too_many_arguments)]
pub fn apply(
    api: &mut dyn OrgUsers,
    input: &Input,
    limits: &Limits,
    mode: Mode,
    format: &str,
    base_url: &str,
    progress: Option<Rc<Progress>>,
    io: Out,
) -> Result<()> {
    let Out { out, err } = io;
    let text = matches!(Format::parse(format), Format::Default { .. });
    let lists = needs_lists(input.file);
    // Teams' project roles only matter when the file declares teams.
    let (teams, projects) = match (lists, input.file.teams.is_some()) {
        (false, _) => Default::default(),
        (true, true) => api.teams()?,
        (true, false) => api.team_names()?,
    };
    let names = Names::new(&teams, &projects);
    let resolved = match names.resolve(input.file) {
        Ok(r) => r,
        Err(problems) => return report(&problems, input.shown, err),
    };
    let users = api.list()?;
    let shown = lists.then_some(&names);
    let labels = Labels {
        names: shown,
        users: &users,
    };
    let plan =
        match plan::plan_with_teams(&resolved, &users, &teams, &limits.members, &limits.teams) {
            Ok(p) => p,
            Err(refused) => {
                if text {
                    write_out(out, render::plan_text(&refused.plan, shown).as_bytes())?;
                }
                let reasons: Vec<String> = refused.refusals.iter().map(|r| r.to_string()).collect();
                return Err(Error::Input(format!(
                    "refusing the plan, nothing was sent: {}",
                    reasons.join("; and ")
                )));
            }
        };
    if plan.is_empty() {
        if let Some(bytes) = formatted(out, format, &render::records(&plan, labels, None))? {
            return write_out(out, &bytes);
        }
        return write_out(out, render::NOTHING_TO_DO.as_bytes());
    }
    if mode.check || mode.dry_run {
        match formatted(out, format, &render::records(&plan, labels, None))? {
            Some(bytes) => write_out(out, &bytes)?,
            None => {
                write_out(out, plan_and_summary(&plan, shown).as_bytes())?;
            }
        }
        if mode.dry_run {
            // Decision apply-output: with an -o form, stdout keeps only that form.
            let requests: Vec<Request> = preview(&plan, api);
            let target: &mut dyn Write = if text { &mut *out } else { &mut *err };
            let blocks = Request::dry_run_blocks(&requests, base_url);
            write_out(target, format!("\n{blocks}").as_bytes())?;
        }
        if mode.check {
            // Decision apply-check: drift is exit status 2.
            let n = plan.steps().len();
            return Err(Error::Drift(format!(
                "the organization does not match the file: {n} {} to make",
                if n == 1 { "change" } else { "changes" }
            )));
        }
        return Ok(());
    }
    if text {
        write_out(out, plan_and_summary(&plan, shown).as_bytes())?;
    }
    let mut line = progress.clone().map(Line);
    let mut lines = Lines {
        err: &mut *err,
        name: change_name,
        progress,
    };
    let mut observers: Vec<&mut dyn Observer<Step>> = Vec::new();
    if let Some(line) = line.as_mut() {
        observers.push(line);
    }
    observers.push(&mut lines);
    let run = execute(&plan, &names, api, &mut Chain(observers))?;
    let summary = render::result_summary(&run.tally, !plan.teams.is_empty());
    match formatted(
        out,
        format,
        &render::records(&plan, labels, Some(&run.outcomes)),
    )? {
        Some(bytes) => {
            write_out(out, &bytes)?;
            write_out(err, summary.as_bytes())?;
        }
        None => write_out(out, summary.as_bytes())?,
    }
    if run.tally.incomplete() {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::membership::memory::{Call, Memory};
    use crate::api::membership::{Access, OrgUser, Status};

    fn user(id: &str, name: &str, status: Status, roles: &[&str]) -> OrgUser {
        OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access: Access {
                org_roles: roles.iter().map(|r| r.to_string()).collect(),
                ..Access::default()
            },
        }
    }

    fn org() -> Memory {
        Memory::new(vec![
            user("b0", "boss@x.com", Status::Active, &["ORG_OWNER"]),
            user("u1", "upd@x.com", Status::Pending, &["ORG_MEMBER"]),
            user("p1", "stale@x.com", Status::Expired, &["ORG_MEMBER"]),
        ])
    }

    const FILE: &str = r#"[{"username":"boss@x.com","roles":["ORG_OWNER"]},
        {"username":"new@x.com","roles":["ORG_MEMBER"]},
        {"username":"upd@x.com","roles":["ORG_READ_ONLY"]}]"#;

    fn file(doc: &str) -> File {
        check_file(doc.as_bytes(), "m.json", &mut Vec::new()).unwrap()
    }

    struct Run {
        result: Result<()>,
        out: String,
        err: String,
    }

    fn run_with(api: &mut Memory, doc: &str, options: Options, mode: Mode, format: &str) -> Run {
        run_limits(
            api,
            doc,
            Limits {
                members: options,
                teams: TeamOptions::default(),
            },
            mode,
            format,
        )
    }

    fn run_limits(api: &mut Memory, doc: &str, limits: Limits, mode: Mode, format: &str) -> Run {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = apply(
            api,
            &Input {
                file: &file(doc),
                shown: "m.json",
            },
            &limits,
            mode,
            format,
            "http://atlas.test",
            None,
            Out {
                out: &mut out,
                err: &mut err,
            },
        );
        Run {
            result,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        }
    }

    fn writes(api: &Memory) -> usize {
        api.calls
            .iter()
            .filter(|c| {
                !matches!(
                    c,
                    Call::List | Call::ListTeams | Call::ListTeamNames | Call::Get(_)
                )
            })
            .count()
    }

    const PRUNE: Options = Options {
        prune: true,
        prune_members: false,
        max_removals: 5,
    };

    #[test]
    fn prints_the_plan_applies_it_and_sums_up() {
        let mut api = org();
        let r = run_with(&mut api, FILE, PRUNE, Mode::default(), "");
        assert_eq!(r.result, Ok(()));
        assert_eq!(
            r.out,
            "+ invite new@x.com roles=[ORG_MEMBER]\n\
             ~ update upd@x.com roles=[ORG_MEMBER] → [ORG_READ_ONLY] (pending invitation)\n\
             - revoke stale@x.com roles=[ORG_MEMBER] (invitation expired)\n\
             Plan: 1 to invite, 1 to update, 1 to revoke, 0 to remove.\n\
             Summary: 1 invited, 1 updated, 1 revoked, 0 removed; 0 failed, 0 skipped.\n"
        );
        assert_eq!(r.err, "");
        assert_eq!(writes(&api), 3);
        // Idempotent: the second run plans nothing.
        let again = run_with(&mut api, FILE, PRUNE, Mode::default(), "");
        assert_eq!(
            (again.result, again.out.as_str()),
            (Ok(()), render::NOTHING_TO_DO)
        );
        assert_eq!(writes(&api), 3);
    }

    #[test]
    fn check_and_dry_run_send_no_write() {
        for (mode, want) in [
            (
                Mode {
                    check: true,
                    dry_run: false,
                },
                Err(2),
            ),
            (
                Mode {
                    check: false,
                    dry_run: true,
                },
                Ok(()),
            ),
            (
                Mode {
                    check: true,
                    dry_run: true,
                },
                Err(2),
            ),
        ] {
            let mut api = org();
            let r = run_with(&mut api, FILE, PRUNE, mode, "");
            assert_eq!(r.result.map_err(|e| e.exit_code()), want, "{mode:?}");
            assert_eq!(writes(&api), 0, "{mode:?}");
            assert!(r
                .out
                .contains("Plan: 1 to invite, 1 to update, 1 to revoke, 0 to remove.\n"));
            assert_eq!(
                r.out.contains("POST http://atlas.test/users"),
                mode.dry_run,
                "{}",
                r.out
            );
            if mode.dry_run {
                assert!(r.out.contains("GET http://atlas.test/users/p1\nAccept: application/json\n\nDELETE http://atlas.test/users/p1\n"), "{}", r.out);
            }
        }
        // A matching organization: exit 0 under --check.
        let mut api = org();
        let same = r#"[{"username":"boss@x.com","roles":["ORG_OWNER"]},{"username":"upd@x.com","roles":["ORG_MEMBER"]}]"#;
        let r = run_with(
            &mut api,
            same,
            Options::default(),
            Mode {
                check: true,
                dry_run: false,
            },
            "",
        );
        assert_eq!((r.result, r.out.as_str()), (Ok(()), render::NOTHING_TO_DO));
        // Drift says how much, as an exit-2 error.
        let mut api = org();
        let r = run_with(
            &mut api,
            FILE,
            PRUNE,
            Mode {
                check: true,
                dry_run: false,
            },
            "json",
        );
        assert_eq!(
            r.result,
            Err(Error::Drift(
                "the organization does not match the file: 3 changes to make".into()
            ))
        );
        assert!(r.out.contains("\"result\": \"planned\""));
    }

    #[test]
    fn failures_do_not_stop_the_rest_and_exit_1() {
        let mut api = org();
        api.fail_create("new@x.com");
        let r = run_with(&mut api, FILE, PRUNE, Mode::default(), "");
        assert_eq!(r.result, Err(Error::Reported));
        assert_eq!(
            r.err,
            "Error: change 1 (invite new@x.com): refused by the test\n"
        );
        assert!(r.out.ends_with(
            "Summary: 0 invited, 1 updated, 1 revoked, 0 removed; 1 failed, 0 skipped.\n"
        ));
        assert_eq!(writes(&api), 3);
    }

    #[test]
    fn json_path_and_go_template_over_the_records() {
        let mut api = org();
        api.fail_create("new@x.com");
        let r = run_with(&mut api, FILE, PRUNE, Mode::default(), "json");
        assert_eq!(r.result, Err(Error::Reported));
        assert!(r.out.starts_with("[\n  {\n    \"action\": \"invite\",\n    \"username\": \"new@x.com\",\n    \"before\": null,\n    \"after\": {\n      \"roles\": [\n        \"ORG_MEMBER\"\n      ]\n    },\n    \"result\": \"failed\",\n    \"error\": \"refused by the test\"\n  },"), "{}", r.out);
        // The summary moves to stderr so stdout stays JSON.
        assert!(r.err.ends_with(
            "Summary: 0 invited, 1 updated, 1 revoked, 0 removed; 1 failed, 0 skipped.\n"
        ));
        let r = run_with(
            &mut org(),
            FILE,
            PRUNE,
            Mode {
                check: true,
                dry_run: false,
            },
            "json-path=$[*].username",
        );
        assert_eq!(
            r.out,
            "[\n  \"new@x.com\",\n  \"upd@x.com\",\n  \"stale@x.com\"\n]\n"
        );
        let r = run_with(
            &mut org(),
            FILE,
            PRUNE,
            Mode { check: true, dry_run: false },
            "go-template={{range .}}{{.Action}} {{.Username}} {{.Result}}{{if .After}} {{.After.Roles}}{{end}}\n{{end}}",
        );
        assert_eq!(
            r.out,
            "invite new@x.com planned [ORG_MEMBER]\nupdate upd@x.com planned [ORG_READ_ONLY]\nrevoke stale@x.com planned\n"
        );
        // Nothing to do is an empty array in the -o forms.
        let same = r#"[{"username":"boss@x.com","roles":["ORG_OWNER"]}]"#;
        let r = run_with(
            &mut org(),
            same,
            Options::default(),
            Mode::default(),
            "json",
        );
        assert_eq!(r.out, "[]\n");
    }

    #[test]
    fn a_refused_plan_sends_nothing() {
        let mut api = org();
        let r = run_with(
            &mut api,
            r#"[{"username":"boss@x.com","roles":["ORG_MEMBER"]}]"#,
            Options::default(),
            Mode::default(),
            "",
        );
        assert_eq!(
            r.result.unwrap_err().to_string(),
            "refusing the plan, nothing was sent: it leaves no active member with ORG_OWNER (taken from boss@x.com); keep at least one owner in the file"
        );
        assert_eq!(
            r.out,
            "~ update boss@x.com roles=[ORG_OWNER] → [ORG_MEMBER] (active member)\n"
        );
        assert_eq!(writes(&api), 0);
    }

    #[test]
    fn a_file_with_problems_reports_them_all() {
        let mut err = Vec::new();
        let e = check_file(
            br#"[{"username":"a@x.com","roles":["ORG_MEMBER"],"bogus":1},{"username":"b","roles":["X"]}]"#,
            "m.json",
            &mut err,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json: 3 problems in the members file; nothing was sent"
        );
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "m.json: member 1 (a@x.com): json: unknown field \"bogus\" (the keys are username, roles, teams, teamIds and groupRoleAssignments)\n\
             m.json: member 2 (b): username: \"b\" is not an email address\n\
             m.json: member 2 (b): roles[0]: \"X\" is not an organization role (valid: ORG_OWNER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, ORG_BILLING_READ_ONLY, ORG_STREAM_PROCESSING_ADMIN, ORG_READ_ONLY, ORG_MEMBER)\n"
        );
        assert_eq!(
            check_file(b"7", "m.json", &mut Vec::new()).unwrap_err().to_string(),
            "m.json: expected a JSON array of members or an object {\"members\": […], \"teams\": […]}, found number"
        );
    }
}
