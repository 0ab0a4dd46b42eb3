//! `atlas organizations invitations describe <invitationId>`: GET …/invites/{id}.

use super::{call, decode_invitation, path_escape, Context};
use crate::error::{Error, Result};
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context) -> Result<()> {
    let id = ctx.parsed.args.first().cloned().unwrap_or_default();
    let org_id = ctx.org_id()?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format()?;
    if id.is_empty() {
        return Err(Error::Usage(
            "invitationId is empty and must be specified".into(),
        ));
    }
    let path = format!(
        "/api/atlas/v2/orgs/{}/invites/{}",
        path_escape(&org_id),
        path_escape(&id)
    );
    let mut client = ctx.client("GET", &path)?;
    let resp = call(&mut client, "GET", &path, None, None)?;
    let invitation = decode_invitation(&resp)?;
    ctx.show(&format, Template::Describe, &Data::One(invitation.as_ref()))
}
