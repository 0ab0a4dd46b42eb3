//! `atlas organizations invitations list [--email <email>]`.

use super::Context;
use crate::cli::flags;
use crate::error::Result;
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context, flags: &flags::List) -> Result<()> {
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format(&flags.output)?;
    let email = flags.email.clone();
    let list = ctx.invitations(&org_id)?.list(&email)?;
    ctx.show(&format, Template::List, &Data::List(list.as_deref()))
}
