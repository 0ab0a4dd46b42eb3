//! `atlas organizations invitations list [--email <email>]`.

use super::Context;
use crate::error::Result;
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context) -> Result<()> {
    let org_id = ctx.org_id()?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format()?;
    let email = ctx.flags().string("email").to_string();
    let list = ctx.invitations(&org_id)?.list(&email)?;
    ctx.show(&format, Template::List, &Data::List(list.as_deref()))
}
