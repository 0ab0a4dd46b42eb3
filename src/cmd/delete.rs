//! `atlas organizations invitations delete <invitationId>`, after a confirmation
//! prompt unless `--force`.

use super::{empty_invitation_id, write_out, Context};
use crate::api::invitations::Call;
use crate::cli::flags;
use crate::error::{Error, Result};
use std::io::{BufRead, IsTerminal};

/// survey's Confirm: y/yes or n/no in any case, empty takes the default (no).
fn confirm(ctx: &mut Context, id: &str) -> Result<bool> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    loop {
        write_out(
            ctx.stdout,
            format!("? Are you sure you want to delete: {id} (y/N) ").as_bytes(),
        )?;
        let mut line = String::new();
        let n = input
            .read_line(&mut line)
            .map_err(|e| Error::Input(format!("reading the answer: {e}")))?;
        if n == 0 {
            return Err(Error::Input("EOF".into()));
        }
        let answer = line.trim_end_matches(['\n', '\r']);
        match answer.to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(true),
            "" | "n" | "no" => return Ok(false),
            _ => write_out(
                ctx.stdout,
                format!("\"{answer}\" is not a valid answer, please try again.\n").as_bytes(),
            )?,
        }
    }
}

pub fn run(ctx: &mut Context, flags: &flags::Delete) -> Result<()> {
    let id = ctx.parsed.args.first().cloned().unwrap_or_default();
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    if flags.dry_run {
        if id.is_empty() {
            return Err(empty_invitation_id());
        }
        let preview = super::preview(&*ctx.invitations(&org_id)?, Call::Delete(&id));
        return ctx.dry_run(&preview);
    }
    // Credentials are resolved before the prompt, as in the official CLI's pre-run.
    ctx.invitations(&org_id)?.prepare(Call::Delete(&id))?;
    let confirmed = if flags.force {
        true
    } else if !std::io::stdin().is_terminal() {
        // Decision delete-needs-force-off-terminal: never wait on a pipe for an answer.
        return Err(Error::Usage(format!(
            "not deleting invitation '{id}' without confirmation: standard input is not a terminal; pass --force to delete without a prompt"
        )));
    } else {
        confirm(ctx, &id)?
    };
    ctx.check_flag_groups()?;
    if !confirmed {
        return ctx.print(b"Invitation not deleted\n");
    }
    if id.is_empty() {
        return Err(empty_invitation_id());
    }
    ctx.invitations(&org_id)?.delete(&id)?;
    ctx.print(format!("Invitation '{id}' deleted\n").as_bytes())
}
