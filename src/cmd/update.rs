//! `atlas organizations invitations update [invitationId]`: PATCH by id or by email.

use super::{
    call, decode_invitation, dry_run, invitation_path, invites_path, request_file, Context,
};
use crate::api::model::{InvitationRequest, InvitationUpdateRequest};
use crate::error::{Error, Result};
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context) -> Result<()> {
    let id = ctx.parsed.args.first().cloned().unwrap_or_default();
    let org_id = ctx.org_id()?;
    // Decision update-without-project: no project ID is required (the official CLI's ValidateProjectID is a bug).
    let email = ctx.flags().string("email").to_string();
    if email.is_empty() && id.is_empty() {
        return Err(Error::Usage(
            "you must provide the email address or the invitationId".into(),
        ));
    }
    ctx.check_flag_groups()?;
    let format = ctx.output_format()?;
    let file = ctx.flags().string("file").to_string();
    let request = if file.is_empty() {
        InvitationRequest {
            group_role_assignments: None,
            roles: Some(ctx.flags().list("role").to_vec()),
            team_ids: None,
            username: Some(email.clone()),
        }
    } else {
        request_file::load(&file)?
    };
    let (path, body) = if id.is_empty() {
        (invites_path(&org_id), request.to_json())
    } else {
        // By id only roles and teamIds are sent; other file fields are dropped.
        let by_id = InvitationUpdateRequest {
            group_role_assignments: None,
            roles: request.roles,
            team_ids: request.team_ids,
        };
        (invitation_path(&org_id, &id), by_id.to_json())
    };
    if ctx.flags().bool("dry-run") {
        return dry_run(ctx, &[("PATCH".to_string(), path, Some(body))]);
    }
    let mut client = ctx.client("PATCH", &path)?;
    let advice = "the invitation may or may not have been updated; check with: atlas organizations invitations describe <invitationId>";
    let resp = call(&mut client, "PATCH", &path, Some(&body), Some(advice))?;
    let invitation = decode_invitation(&resp)?;
    ctx.show(&format, Template::Update, &Data::One(invitation.as_ref()))
}
