//! `atlas organizations invitations describe <invitationId>`.

use super::{empty_invitation_id, Context};
use crate::cli::flags;
use crate::error::Result;
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context, flags: &flags::Describe) -> Result<()> {
    let id = ctx.parsed.args.first().cloned().unwrap_or_default();
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format(&flags.output)?;
    if id.is_empty() {
        return Err(empty_invitation_id());
    }
    let invitation = ctx.invitations(&org_id)?.get(&id)?;
    ctx.show(&format, Template::Describe, &Data::One(invitation.as_ref()))
}
