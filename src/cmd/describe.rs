//! `atlas organizations invitations describe <invitationId>`: GET …/invites/{id}.

use super::{call, decode_invitation, empty_invitation_id, invitation_path, Context};
use crate::error::Result;
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context) -> Result<()> {
    let id = ctx.parsed.args.first().cloned().unwrap_or_default();
    let org_id = ctx.org_id()?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format()?;
    if id.is_empty() {
        return Err(empty_invitation_id());
    }
    let path = invitation_path(&org_id, &id);
    let mut client = ctx.client("GET", &path)?;
    let resp = call(&mut client, "GET", &path, None, None)?;
    let invitation = decode_invitation(&resp)?;
    ctx.show(&format, Template::Describe, &Data::One(invitation.as_ref()))
}
