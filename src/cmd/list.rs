//! `atlas organizations invitations list`: GET …/invites?username=<email>.

use super::{call, decode_invitations, invites_path, Context};
use crate::error::Result;
use crate::go::url::query_escape;
use crate::output::{Data, Template};

pub fn run(ctx: &mut Context) -> Result<()> {
    let org_id = ctx.org_id()?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format()?;
    // The CLI always passes the username pointer, so `?username=` is sent even when empty.
    let path = format!(
        "{}?username={}",
        invites_path(&org_id),
        query_escape(ctx.flags().string("email"))
    );
    let mut client = ctx.client("GET", &path)?;
    let resp = call(&mut client, "GET", &path, None, None)?;
    let list = decode_invitations(&resp)?;
    ctx.show(&format, Template::List, &Data::List(list.as_deref()))
}
