//! `atlas organizations invitations invite [email]`: one invitation, or (with `-f`
//! and a JSON array) many over one connection.

use super::request_file::{self, Loaded};
use super::{show, Context};
use crate::api::invitations::{Change, Invitations};
use crate::api::model::{Invitation, InvitationRequest};
use crate::cli::flags;
use crate::error::{Error, Result};
use crate::output::progress::Progress;
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
        request_file::load_any(&file)?
    };
    let skip_existing = flags.skip_existing;
    if flags.dry_run {
        let requests: Vec<InvitationRequest> = match loaded {
            Loaded::One(r) => vec![r],
            Loaded::Many(list) => list,
        };
        let api = ctx.invitations(&org_id)?;
        let plan: Vec<_> = requests
            .iter()
            .flat_map(|r| super::planned(&*api, Change::Create(r)))
            .collect();
        drop(api);
        return ctx.dry_run(&plan);
    }
    let advice = |user: Option<&str>| {
        format!(
            "the invitation may or may not have been created; check with: atlas organizations invitations list --orgId {org_id} --email {}",
            user.unwrap_or("<email>")
        )
    };
    let requests = match loaded {
        Loaded::One(request) => {
            let adv = advice(request.username.as_deref());
            let mut api = ctx.invitations(&org_id)?;
            let existing = Existing::find(&mut *api, skip_existing)?;
            let outcome = existing
                .invite(&mut *api, &request)
                .map_err(|e| e.check_with(&adv))?;
            drop(api);
            return match outcome {
                Outcome::Invited(invitation) => {
                    ctx.show(&format, Template::Invite, &Data::One(invitation.as_ref()))
                }
                Outcome::Skipped(why) => {
                    crate::redact::say!(
                        "skipped {}: {why}",
                        request.username.as_deref().unwrap_or_default()
                    );
                    Ok(())
                }
            };
        }
        Loaded::Many(list) => list,
    };

    // Bulk: in order, one session (one connection, one Digest challenge), each
    // failure reported and the rest still sent. Rate-limited answers are waited for
    // inside the session, shown on the progress line (decision progress-line); once
    // the wait budget is spent, the rest is not sent.
    let per_item = matches!(Format::parse(&format), Format::Default { .. });
    if per_item {
        output::warn_unknown_format(&format);
    }
    let total = requests.len();
    let progress = Progress::new("invited", total);
    ctx.session.set_pause(progress.clone());
    let mut created: Vec<Invitation> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    let mut not_sent: Vec<String> = Vec::new();
    // The setting whose wait budget was spent, named in the summary.
    let mut spent = "";
    let label = |n: usize, r: &InvitationRequest| {
        format!("{n} ({})", r.username.as_deref().unwrap_or_default())
    };
    let mut api = crate::api::backend::open(&mut ctx.session, &org_id)?;
    let existing = Existing::find(&mut *api, skip_existing).inspect_err(|_| progress.finish())?;
    for (i, request) in requests.iter().enumerate() {
        let n = i + 1;
        let user = request.username.clone().unwrap_or_default();
        let adv = advice(Some(&user));
        match existing
            .invite(&mut *api, request)
            .map_err(|e| e.check_with(&adv))
        {
            Ok(Outcome::Invited(inv)) => {
                let inv = inv.unwrap_or_default();
                if per_item {
                    progress.clear();
                    show(ctx.stdout, "", Template::Invite, &Data::One(Some(&inv)))?;
                }
                created.push(inv);
                progress.succeeded();
            }
            Ok(Outcome::Skipped(why)) => {
                progress.note(&format!("skipped invitation {n} ({user}): {why}"));
                progress.skipped();
            }
            // A local setting (the CA bundle, say) would fail every item the same way.
            Err(e) if n == 1 && e.fails_every_request() => {
                progress.finish();
                return Err(e);
            }
            // The wait budget is spent: this one and the rest are not sent.
            Err(e @ Error::RateLimited { setting, .. }) => {
                spent = setting;
                progress.note(&format!("Error: invitation {n} ({user}): {e}"));
                not_sent = requests
                    .iter()
                    .enumerate()
                    .skip(i)
                    .map(|(j, r)| label(j + 1, r))
                    .collect();
                break;
            }
            Err(e) => {
                progress.note(&format!("Error: invitation {n} ({user}): {e}"));
                failed.push(label(n, request));
                progress.failed();
            }
        }
    }
    progress.finish();
    drop(api);
    if !per_item {
        ctx.show(&format, Template::List, &Data::List(Some(&created)))?;
    }
    let mut summary = format!("invited {} of {total}", created.len());
    let skipped = progress.counts().skipped;
    if skipped > 0 {
        summary.push_str(&format!(", skipped {skipped}"));
    }
    if !failed.is_empty() {
        summary.push_str(&format!("; failed: {}", failed.join(", ")));
    }
    if !not_sent.is_empty() {
        summary.push_str(&format!(
            "; not sent ({spent} spent): {}",
            not_sent.join(", ")
        ));
    }
    crate::redact::say!("{summary}");
    if failed.is_empty() && not_sent.is_empty() {
        Ok(())
    } else {
        Err(Error::Reported)
    }
}

// One lives at a time and is moved at once; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum Outcome {
    Invited(Option<Invitation>),
    /// `--skip-existing` and the user was already there: why, for stderr.
    Skipped(&'static str),
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

    fn invite(&self, api: &mut dyn Invitations, request: &InvitationRequest) -> Result<Outcome> {
        let Existing::Skip { pending } = self else {
            return api.create(request).map(Outcome::Invited);
        };
        let user = request.username.as_deref().unwrap_or_default();
        if pending
            .as_ref()
            .is_some_and(|p| p.contains(&user.to_ascii_lowercase()))
        {
            return Ok(Outcome::Skipped("already invited"));
        }
        match api.create(request) {
            Ok(invitation) => Ok(Outcome::Invited(invitation)),
            Err(Error::Http { status: 409, .. }) => Ok(Outcome::Skipped(
                "already invited or a member (409 Conflict)",
            )),
            Err(e) => Err(e),
        }
    }
}
