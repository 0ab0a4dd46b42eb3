//! The verbs (the official five, plus `apply` and `export`). Each runs the official CLI's steps in its order: root pre-run
//! (profile, service), the command's pre-run (org ID, own checks), flag groups, then
//! the request and the output.

mod apply;
mod delete;
mod describe;
mod export;
mod invite;
mod list;
mod update;

use crate::api::backend;
use crate::api::invitations::{Call, Invitations};
use crate::api::session::{Request, Session};
use crate::cli::flags::{Global, VerbFlags};
use crate::cli::parse::{check_exclusive, Parsed};
use crate::config::{Env, Settings};
use crate::error::{Error, Result};
use crate::output::{Data, Template};
use std::io::Write;

/// What a command needs besides its flags: settings, the API session and the output.
pub struct Context<'a> {
    pub parsed: &'a Parsed,
    pub settings: &'a Settings,
    pub session: Session<'a>,
    pub stdout: &'a mut dyn Write,
}

pub fn run(parsed: &Parsed, env: &Env, stdout: &mut dyn Write) -> Result<()> {
    let verb = parsed
        .node()
        .verb
        .ok_or_else(|| Error::Usage("no command to run".into()))?;
    let global = Global::read(&parsed.flags);
    // Root PersistentPreRunE: profile and service.
    // Decision empty-profile: `-P ""` (an unset variable in a script) is an error, not
    // the default profile.
    if global.profile.as_deref() == Some("") {
        return Err(Error::Usage(
            "--profile is empty; pass a profile name, or leave the flag out to use the default one (MONGODB_ATLAS_PROFILE, else the configured default)".into(),
        ));
    }
    let settings = Settings::load(global.profile.as_deref(), env.clone())?;
    settings.service()?;
    let mut ctx = Context {
        parsed,
        settings: &settings,
        // Decision progress-line: outside a bulk run, one line per wait.
        session: Session::new(
            &settings,
            env,
            global.debug,
            std::rc::Rc::new(crate::output::progress::Announce),
            std::rc::Rc::new(crate::output::notes::Say),
        ),
        stdout,
    };
    let result = match VerbFlags::read(verb, &parsed.flags) {
        VerbFlags::Invite(flags) => invite::run(&mut ctx, &flags),
        VerbFlags::List(flags) => list::run(&mut ctx, &flags),
        VerbFlags::Describe(flags) => describe::run(&mut ctx, &flags),
        VerbFlags::Update(flags) => update::run(&mut ctx, &flags),
        VerbFlags::Delete(flags) => delete::run(&mut ctx, &flags),
        VerbFlags::Apply(flags) => apply::run(&mut ctx, &flags),
        VerbFlags::Export(flags) => export::run(&mut ctx, &flags),
    };
    result.map_err(|e| crate::api::unauthorized::explain(ctx.settings, e))
}

impl Context<'_> {
    /// `ValidateOrgID`, after decision `empty-org-id`: an `--orgId` given an empty
    /// value (an unset variable in a script) is an error, not the configured org.
    pub fn org_id(&self, flag: Option<&str>) -> Result<String> {
        if flag == Some("") {
            return Err(Error::Usage(format!(
                "--orgId is empty; pass an organization ID, or leave the flag out to use the configured one ({} or org_id)",
                self.settings.env_name("org_id")
            )));
        }
        self.settings.org_id(flag.unwrap_or_default())
    }

    /// cobra's flag-group check, which runs after the command's pre-run.
    pub fn check_flag_groups(&self) -> Result<()> {
        check_exclusive(self.parsed)
    }

    /// The invitation operations on `org_id`, through the API the settings choose.
    pub fn invitations(&mut self, org_id: &str) -> Result<Box<dyn Invitations + '_>> {
        backend::open(&mut self.session, org_id)
    }

    /// The `-o` format: the flag's, else the profile's.
    pub fn output_format(&self, flag: &str) -> Result<String> {
        self.settings.output(flag)
    }

    pub fn print(&mut self, bytes: &[u8]) -> Result<()> {
        write_out(self.stdout, bytes)
    }

    pub fn show(&mut self, format: &str, template: Template, data: &Data) -> Result<()> {
        show(self.stdout, format, template, data)
    }

    /// `--dry-run`: prints each request that would be sent (method, URL, headers, the
    /// exact body bytes), one block per request, without credentials or a connection.
    pub fn dry_run(&mut self, requests: &[Request]) -> Result<()> {
        let base = self.session.base_url()?;
        self.print(Request::dry_run_blocks(requests, &base).as_bytes())
    }
}

/// Prints the result in the requested format. On a template failure, what Go would
/// already have flushed is printed before the error is returned.
pub fn show(out: &mut dyn Write, format: &str, template: Template, data: &Data) -> Result<()> {
    match crate::output::render(format, template, data) {
        Ok(bytes) => write_out(out, &bytes),
        Err(f) => {
            write_out(out, &f.partial)?;
            Err(f.error)
        }
    }
}

/// An `-o` form over any value (`apply`'s records, `export`'s members): its bytes, or
/// `None` for the default form, which the command prints itself. On a template
/// failure, what Go would already have flushed is printed before the error.
pub fn formatted<T>(out: &mut dyn Write, format: &str, value: &T) -> Result<Option<Vec<u8>>>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    crate::output::render_value(format, value).or_else(|f| {
        write_out(out, &f.partial)?;
        Err(f.error)
    })
}

pub fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not our failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Output(format!("writing output: {e}"))),
    }
}

/// `--dry-run`'s requests for `call`; its notes (what is sent that was not typed)
/// go to stderr.
pub fn preview(api: &dyn Invitations, call: Call) -> Vec<Request> {
    for note in api.notes(call) {
        crate::redact::say!("{}", crate::output::notes::text(&note));
    }
    api.preview(call)
}

/// Prints a file's warning as it is found (decision unknown-field-warning).
pub fn warn(text: String) {
    crate::redact::say!("Warning: {text}");
}

/// The SDK's required-parameter check on the invitation ID.
pub fn empty_invitation_id() -> Error {
    Error::Usage("invitationId is empty and must be specified".into())
}
