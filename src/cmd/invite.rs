//! `atlas organizations invitations invite [email]`: one invitation, or (with `-f`
//! and a JSON array) many over one connection.

use super::{show, Context};
use crate::api::bulk::{self, Chain, Item, Outcome, Skip};
use crate::api::invitations::{Call, Invitations};
use crate::api::membership::Action;
use crate::api::model::{Invitation, InvitationRequest};
use crate::api::request_file::{self, Loaded};
use crate::cli::flags;
use crate::error::{Error, Result};
use crate::output::bulk::{invite_summary, Lines};
use crate::output::progress::{Line, Progress};
use crate::output::{self, Data, Format, Template};
use std::collections::HashSet;

pub fn run(ctx: &mut Context, flags: &flags::Invite) -> Result<()> {
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    let file = flags.file.clone();
    let email = ctx.parsed.args.first().cloned().unwrap_or_default();
    // Decision invite-needs-a-user: nothing to invite is our error, not an empty username for the server.
    if file.is_empty() && email.is_empty() {
        return Err(Error::Usage(
            "missing the email address to invite: atlas organizations invitations invite <email> [flags] (or --file)".into(),
        ));
    }
    ctx.check_flag_groups()?;
    // Decision invite-email-or-file: the official CLI sends the file and drops the email.
    if !file.is_empty() && !email.is_empty() {
        return Err(Error::Usage(format!(
            "pass either the email address or --file, not both: {} would be ignored",
            crate::go::strconv::quote(&email)
        )));
    }
    let format = ctx.output_format(&flags.output)?;
    let loaded = if file.is_empty() {
        Loaded::One(InvitationRequest {
            group_role_assignments: None,
            roles: Some(flags.role.clone()),
            team_ids: Some(flags.team_id.clone()),
            username: Some(email),
        })
    } else {
        request_file::load_any(&file, &mut super::warn)?
    };
    let skip_existing = flags.skip_existing;
    if flags.dry_run {
        let requests = match loaded {
            Loaded::One(r) => vec![r],
            Loaded::Many(list) => list,
        };
        return dry_run(ctx, &org_id, &requests);
    }
    match loaded {
        Loaded::One(request) => one(ctx, &org_id, &format, &request, skip_existing),
        Loaded::Many(list) => many(ctx, &org_id, &format, &list, skip_existing),
    }
}

/// `--dry-run`: the requests the real run would send, from the same builders.
fn dry_run(ctx: &mut Context, org_id: &str, requests: &[InvitationRequest]) -> Result<()> {
    let preview: Vec<_> = {
        let api = ctx.invitations(org_id)?;
        requests
            .iter()
            .flat_map(|r| super::preview(&*api, Call::Create(r)))
            .collect()
    };
    ctx.dry_run(&preview)
}

/// What to tell a user whose invitation may or may not have been created.
fn advice(org_id: &str, user: Option<&str>) -> String {
    format!(
        "the invitation may or may not have been created; check with: atlas organizations invitations list --orgId {org_id} --email {}",
        user.unwrap_or("<email>")
    )
}

/// One invitation: the official CLI's output, or why it was skipped.
fn one(
    ctx: &mut Context,
    org_id: &str,
    format: &str,
    request: &InvitationRequest,
    skip_existing: bool,
) -> Result<()> {
    let (outcome, invitation) = {
        let mut api = ctx.invitations(org_id)?;
        let existing = Existing::find(&mut *api, skip_existing)?;
        existing.invite(&mut *api, request)
    };
    match outcome {
        Outcome::Skipped(why) => {
            crate::redact::say!(
                "skipped {}: {}",
                request.username(),
                output::bulk::skip_reason(why)
            );
            Ok(())
        }
        Outcome::Failed(e) | Outcome::Refused(e) => {
            Err(e.check_with(&advice(org_id, request.username.as_deref())))
        }
        // NotSent and Refused come only from the bulk runner's policy.
        Outcome::Done | Outcome::NotSent => {
            ctx.show(format, Template::Invite, &Data::One(invitation.as_ref()))
        }
    }
}

impl Item for InvitationRequest {
    type Kind = Action;
    fn kind(&self) -> Action {
        Action::Invite
    }
    fn username(&self) -> &str {
        self.username.as_deref().unwrap_or_default()
    }
}

/// How the per-item lines and the summary name an item: `invitation 3 (a@x.com)`.
fn item_name(number: usize, request: &InvitationRequest) -> String {
    format!("invitation {number} ({})", request.username())
}

/// Bulk: in order, one session (one connection, one Digest challenge), through the
/// bulk runner: each failure reported and the rest still sent, rate-limited answers
/// waited for on the progress line (decision progress-line) until the wait budget is
/// spent (decision bulk-rate-limit-stop).
fn many(
    ctx: &mut Context,
    org_id: &str,
    format: &str,
    requests: &[InvitationRequest],
    skip_existing: bool,
) -> Result<()> {
    let per_item = matches!(Format::parse(format), Format::Default { .. });
    if per_item {
        output::warn_unknown_format(format);
    }
    let progress = Progress::new("invited", requests.len());
    let Context {
        session, stdout, ..
    } = ctx;
    session.set_pause(progress.clone());
    let mut created: Vec<Invitation> = Vec::new();
    let run = {
        let mut api = crate::api::backend::open(session, org_id)?;
        let existing =
            Existing::find(&mut *api, skip_existing).inspect_err(|_| progress.finish())?;
        let mut err = crate::redact::stderr_writer();
        let mut lines = Lines {
            err: &mut err,
            name: item_name,
            progress: Some(progress.clone()),
        };
        let mut line = Line(progress.clone());
        bulk::run(
            requests,
            &mut |request| {
                let (outcome, invitation) = existing.invite(&mut *api, request);
                let outcome = match outcome {
                    Outcome::Failed(e) => {
                        Outcome::Failed(e.check_with(&advice(org_id, request.username.as_deref())))
                    }
                    other => other,
                };
                if outcome == Outcome::Done {
                    let invitation = invitation.unwrap_or_default();
                    if per_item {
                        progress.clear();
                        show(
                            &mut **stdout,
                            "",
                            Template::Invite,
                            &Data::One(Some(&invitation)),
                        )?;
                    }
                    created.push(invitation);
                }
                Ok(outcome)
            },
            &mut Chain(vec![&mut line, &mut lines]),
        )
        .inspect_err(|_| progress.finish())?
    };
    progress.finish();
    if !per_item {
        show(
            &mut **stdout,
            format,
            Template::List,
            &Data::List(Some(&created)),
        )?;
    }
    let labels: Vec<String> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{} ({})", i + 1, r.username()))
        .collect();
    crate::redact::say!("{}", invite_summary(&run.tally, &run.outcomes, &labels));
    if run.tally.incomplete() {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

/// What `--skip-existing` knows before inviting (decision skip-existing).
enum Existing {
    /// Not asked for: every invitation is sent, every failure is one.
    Off,
    /// The API answers 409 for an existing user; `pending` holds the usernames an
    /// API without that answer listed as already invited (one list call).
    Skip { pending: Option<HashSet<String>> },
}

impl Existing {
    fn find(api: &mut dyn Invitations, skip_existing: bool) -> Result<Existing> {
        if !skip_existing {
            return Ok(Existing::Off);
        }
        Ok(Existing::Skip {
            pending: api.pending_usernames()?,
        })
    }

    /// Sends `request` unless it is known to exist: its outcome, and the invitation
    /// Atlas answered with when it was done (`None` for an empty body).
    fn invite(
        &self,
        api: &mut dyn Invitations,
        request: &InvitationRequest,
    ) -> (Outcome, Option<Invitation>) {
        let skipping = match self {
            Existing::Off => false,
            Existing::Skip { pending } => {
                let user = request.username().to_ascii_lowercase();
                if pending.as_ref().is_some_and(|p| p.contains(&user)) {
                    return (Outcome::Skipped(Skip::AlreadyInvited), None);
                }
                true
            }
        };
        match api.create(request) {
            Ok(invitation) => (Outcome::Done, invitation),
            Err(Error::Http { status: 409, .. }) if skipping => {
                (Outcome::Skipped(Skip::Conflict), None)
            }
            Err(e) => (Outcome::Failed(e), None),
        }
    }
}
