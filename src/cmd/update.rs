//! `atlas organizations invitations update [invitationId]`: by ID, or by `--email`.

use super::Context;
use crate::api::invitations::{Call, UpdateTarget};
use crate::api::model::InvitationRequest;
use crate::api::request_file;
use crate::cli::flags;
use crate::error::{Error, Result};
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context, flags: &flags::Update) -> Result<()> {
    let id = ctx.parsed.args.first().cloned().unwrap_or_default();
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    // Decision update-without-project: no project ID is required (the official CLI's ValidateProjectID is a bug).
    let email = flags.email.clone();
    if email.is_empty() && id.is_empty() {
        return Err(Error::Usage(
            "you must provide the email address or the invitationId".into(),
        ));
    }
    // Decision update-id-or-email: an ID names the invitation, so an email beside it
    // would be ignored (the official CLI drops it without a word).
    if !email.is_empty() && !id.is_empty() {
        return Err(Error::Usage(format!(
            "pass either the invitationId or --email, not both: --email {} would be ignored",
            crate::go::strconv::quote(&email)
        )));
    }
    let file = flags.file.clone();
    // Decision update-needs-a-change: the official CLI sends `{"roles":[]}`.
    if file.is_empty() && flags.role.is_empty() {
        return Err(Error::Usage(
            "nothing to update: pass the roles to set with --role (e.g. --role ORG_MEMBER), or a JSON file with --file".into(),
        ));
    }
    ctx.check_flag_groups()?;
    let format = ctx.output_format(&flags.output)?;
    let request = if file.is_empty() {
        InvitationRequest {
            group_role_assignments: None,
            roles: Some(flags.role.clone()),
            team_ids: None,
            username: Some(email.clone()),
        }
    } else {
        let loaded = request_file::load(&file, &mut super::warn)?;
        if id.is_empty() {
            with_email(loaded, &email)
        } else {
            loaded
        }
    };
    let target = if id.is_empty() {
        UpdateTarget::Email
    } else {
        UpdateTarget::Id(&id)
    };
    if flags.dry_run {
        let preview = super::preview(&*ctx.invitations(&org_id)?, Call::Update(target, &request));
        return ctx.dry_run(&preview);
    }
    let advice = "the invitation may or may not have been updated; check with: atlas organizations invitations describe <invitationId>";
    let invitation = ctx
        .invitations(&org_id)?
        .update(target, &request)
        .map_err(|e| e.check_with(advice))?;
    ctx.show(&format, Template::Update, &Data::One(invitation.as_ref()))
}

/// Decision update-email-fills-file: by email, `--email` names the invitation, so a
/// file without a username gets it (the official CLI sends none and drops the
/// email). A username in the file still wins, as in the official CLI.
fn with_email(mut request: InvitationRequest, email: &str) -> InvitationRequest {
    if request.username.as_deref().is_none_or(str::is_empty) {
        request.username = Some(email.to_string());
    }
    request
}
