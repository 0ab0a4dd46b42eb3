//! Help texts in cobra's layout with the official CLI's help template.

use super::parse::command_path;
use super::spec::{Flag, Kind, Node, PERSISTENT};

/// pflag `FlagUsages`: sorted by long name, usage aligned 3 columns past the longest prefix.
fn flag_usages(flags: &[(&Flag, String)]) -> String {
    let mut rows: Vec<(String, &str)> = Vec::new();
    let mut sorted: Vec<&(&Flag, String)> = flags.iter().filter(|(f, _)| !f.hidden).collect();
    crate::go::sort::slice_stable(&mut sorted, |a, b| a.0.long.cmp(b.0.long));
    for (f, usage) in sorted {
        let mut prefix = match f.short {
            Some(c) => format!("  -{c}, --{}", f.long),
            None => format!("      --{}", f.long),
        };
        match f.kind {
            Kind::Bool => {}
            Kind::String => prefix.push_str(" string"),
            Kind::Strings => prefix.push_str(" strings"),
            Kind::Int => prefix.push_str(" int"),
        }
        rows.push((prefix, usage.as_str()));
    }
    let width = rows
        .iter()
        .map(|(p, _)| p.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (prefix, usage) in rows {
        let pad = width - prefix.chars().count();
        out.push_str(&format!("{prefix}{}   {usage}\n", " ".repeat(pad)));
    }
    out
}

/// The full `--help` output for the command at the end of `path`.
pub fn render(path: &[&'static Node]) -> String {
    let Some(&node) = path.last() else {
        return String::new();
    };
    let cmd_path = command_path(path);
    let mut out = format!("{} {}\n\n", node.short.trim_end(), node.long.trim_end());
    out.push_str("Usage:");
    if node.is_runnable() {
        let parent = command_path(path.get(..path.len() - 1).unwrap_or_default());
        let use_line = if parent.is_empty() {
            node.usage.to_string()
        } else {
            format!("{parent} {}", node.usage)
        };
        out.push_str(&format!("\n  {use_line} [flags]"));
    }
    let commands: Vec<&Node> = node.children.iter().collect();
    if !commands.is_empty() {
        out.push_str(&format!("\n  {cmd_path} [command]"));
    }
    if !node.aliases.is_empty() {
        out.push_str(&format!(
            "\n\nAliases:\n  {}, {}",
            node.name,
            node.aliases.join(", ")
        ));
    }
    if !node.example.is_empty() {
        out.push_str(&format!("\n\nExamples:\n{}", node.example));
    }
    if !commands.is_empty() {
        let pad = commands
            .iter()
            .map(|c| c.name.len())
            .max()
            .unwrap_or(0)
            .max(11);
        out.push_str("\n\nAvailable Commands:");
        for c in &commands {
            out.push_str(&format!("\n  {:<pad$} {}", c.name, c.short));
        }
    }
    // Local flags: the command's own, -h, and on the root its persistent ones.
    let help_usage = format!("help for {}", node.name);
    let help = Flag {
        long: "help",
        short: Some('h'),
        kind: Kind::Bool,
        usage: "",
        hidden: false,
    };
    let mut local: Vec<(&Flag, String)> = node
        .flags
        .iter()
        .map(|f| (f, f.usage.to_string()))
        .collect();
    local.push((&help, help_usage));
    let is_root = path.len() == 1;
    if is_root {
        local.extend(PERSISTENT.iter().map(|f| (f, f.usage.to_string())));
    }
    out.push_str("\n\nFlags:\n");
    out.push_str(flag_usages(&local).trim_end());
    if !is_root {
        let inherited: Vec<(&Flag, String)> = PERSISTENT
            .iter()
            .map(|f| (f, f.usage.to_string()))
            .collect();
        out.push_str("\n\nGlobal Flags:\n");
        out.push_str(flag_usages(&inherited).trim_end());
    }
    if !commands.is_empty() {
        out.push_str(&format!(
            "\n\nUse \"{cmd_path} [command] --help\" for more information about a command."
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::golden::{
        APPLY_HELP, EXPORT_HELP, INVITATIONS_HELP, INVITE_HELP, OFFICIAL_INVITATIONS_HELP,
    };
    use crate::cli::spec::{INVITATIONS, ORGANIZATIONS, ROOT};

    fn leaf(name: &str) -> Vec<&'static Node> {
        let inv: &'static Node = &INVITATIONS;
        let node = inv.find_child(name).unwrap();
        vec![&ROOT, &ORGANIZATIONS, inv, node]
    }

    #[test]
    fn invite_help_is_exact() {
        assert_eq!(render(&leaf("invite")), INVITE_HELP);
    }

    #[test]
    fn group_help_is_exact() {
        assert_eq!(
            render(&[&ROOT, &ORGANIZATIONS, &INVITATIONS]),
            INVITATIONS_HELP
        );
    }

    #[test]
    fn the_group_help_differs_from_the_official_one_by_the_two_new_verbs_only() {
        let extra = "  apply       Make your organization's users match a members file.\n  export      Print your organization's users as a members file.\n";
        let at = "\n\nFlags:\n  -h, --help   help for invitations";
        let official =
            OFFICIAL_INVITATIONS_HELP.replacen(at, &format!("\n{}{at}", extra.trim_end()), 1);
        assert_eq!(official, INVITATIONS_HELP);
    }

    #[test]
    fn apply_and_export_help_are_exact() {
        assert_eq!(render(&leaf("apply")), APPLY_HELP);
        assert_eq!(render(&leaf("export")), EXPORT_HELP);
    }

    #[test]
    fn delete_and_update_flag_blocks() {
        let d = render(&leaf("delete"));
        assert!(d.contains("Flags:\n      --force          Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action.\n  -h, --help           help for delete\n      --orgId string   Organization"));
        let u = render(&leaf("update"));
        assert!(u.starts_with("Modifies the details of the specified pending invitation to your organization. You can use either the invitation ID or the user's email address to specify the invitation.\n\nTo use this command"));
        assert!(u.contains("--output json\n\t\t\n  # Modify the invitation"));
        assert!(u.contains("      --role strings    User's roles"));
        assert!(u.contains("  -f, --file string     Path"));
    }
}
