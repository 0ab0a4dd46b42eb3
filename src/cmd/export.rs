//! `atlas organizations invitations export`: the organization's pending invitations
//! and active members as a members file `apply` takes (issue 20).

use super::{formatted, write_out, Context};
use crate::api::membership::{remote, OrgUsers};
use crate::cli::flags;
use crate::error::Result;
use crate::output::membership as render;
use std::io::Write;

pub fn run(ctx: &mut Context, flags: &flags::Export) -> Result<()> {
    let org_id = ctx.org_id(flags.org_id.as_deref())?;
    ctx.check_flag_groups()?;
    let format = ctx.output_format(&flags.output)?;
    let Context {
        session, stdout, ..
    } = ctx;
    // Decision apply-uses-users-api: the users API, whatever `invitations_api` says.
    let mut api = remote::open(session, &org_id)?;
    export(&mut *api, &format, *stdout)
}

/// List, then print: the members file by default (and for `-o json`, the same bytes),
/// or an `-o` form over the same array.
pub fn export(api: &mut dyn OrgUsers, format: &str, out: &mut dyn Write) -> Result<()> {
    let members = render::export(&api.list()?);
    match formatted(out, format, &members)? {
        Some(bytes) => write_out(out, &bytes),
        None => write_out(out, &render::export_bytes(&members)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::membership::memory::Memory;
    use crate::api::membership::{Access, OrgUser, Status};

    fn org() -> Memory {
        let user = |id: &str, name: &str, status| OrgUser {
            id: id.into(),
            username: name.into(),
            status,
            access: Access {
                org_roles: ["ORG_MEMBER".to_string()].into(),
                ..Access::default()
            },
        };
        Memory::new(vec![
            user("2", "zed@x.com", Status::Active),
            user("1", "amy@x.com", Status::Pending),
            user("3", "old@x.com", Status::Expired),
        ])
    }

    fn text(format: &str) -> String {
        let mut out = Vec::new();
        export(&mut org(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_file_and_its_forms() {
        let file = text("");
        assert!(
            file.starts_with("[\n  {\n    \"username\": \"amy@x.com\",\n"),
            "{file}"
        );
        assert!(!file.contains("old@x.com"));
        assert_eq!(text("json"), file);
        assert_eq!(
            text("json-path=$[*].username"),
            "[\n  \"amy@x.com\",\n  \"zed@x.com\"\n]\n"
        );
        assert_eq!(
            text("go-template={{range .}}{{.Username}} {{.Roles}}\n{{end}}"),
            "amy@x.com [ORG_MEMBER]\nzed@x.com [ORG_MEMBER]\n"
        );
    }
}
