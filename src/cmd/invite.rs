//! `atlas organizations invitations invite [email]`: POST …/orgs/{orgId}/invites.

use super::{call, decode_invitation, path_escape, request_file, Context};
use crate::api::model::InvitationRequest;
use crate::error::{Error, Result};
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context) -> Result<()> {
    let org_id = ctx.org_id()?;
    let flags = ctx.flags();
    let file = flags.string("file").to_string();
    let email = ctx.parsed.args.first().cloned().unwrap_or_default();
    // Decision 2: nothing to invite is our error, not an empty username for the server.
    if file.is_empty() && email.is_empty() {
        return Err(Error::Usage(
            "missing the email address to invite: atlas organizations invitations invite <email> [flags] (or --file)".into(),
        ));
    }
    ctx.check_flag_groups()?;
    let format = ctx.output_format()?;
    let request = if file.is_empty() {
        InvitationRequest {
            group_role_assignments: None,
            roles: Some(flags.list("role").to_vec()),
            team_ids: Some(flags.list("teamId").to_vec()),
            username: Some(email),
        }
    } else {
        request_file::load(&file)?
    };
    let path = format!("/api/atlas/v2/orgs/{}/invites", path_escape(&org_id));
    let mut client = ctx.client("POST", &path)?;
    let advice = format!(
        "the invitation may or may not have been created; check with: atlas organizations invitations list --orgId {org_id} --email {}",
        request.username.as_deref().unwrap_or("<email>")
    );
    let resp = call(
        &mut client,
        "POST",
        &path,
        Some(&request.to_json()),
        Some(&advice),
    )?;
    let invitation = decode_invitation(&resp)?;
    ctx.show(&format, Template::Invite, &Data::One(invitation.as_ref()))
}
