//! cobra's command lookup and pflag's flag parsing, on top of lexopt's tokenizer.

use super::csv;
use super::spec::{Args, Flag, Kind, Node, PERSISTENT, ROOT};
use crate::error::{Error, Result};
use crate::go::strconv::{quote, quote_rune};
use std::collections::{BTreeMap, BTreeSet};

/// `-h/--help`, which cobra adds to every command (its usage text is built in help.rs).
pub(super) const HELP_FLAG: Flag = Flag {
    long: "help",
    short: Some('h'),
    kind: Kind::Bool,
    usage: "",
    hidden: false,
};

/// Every flag a command accepts: its own, `-h`, and the root's persistent ones.
pub fn all_flags(node: &'static Node) -> Vec<Flag> {
    let mut v: Vec<Flag> = node.flags.iter().map(copy_flag).collect();
    v.push(copy_flag(&HELP_FLAG));
    v.extend(PERSISTENT.iter().map(copy_flag));
    v
}

fn copy_flag(f: &Flag) -> Flag {
    Flag {
        long: f.long,
        short: f.short,
        kind: f.kind,
        usage: f.usage,
        hidden: f.hidden,
    }
}

/// Parsed flag values, by long name. Read by name only inside `cli`: commands get
/// them as the structs of `flags.rs`.
#[derive(Debug, Default)]
pub struct FlagValues {
    strings: BTreeMap<&'static str, String>,
    bools: BTreeMap<&'static str, bool>,
    lists: BTreeMap<&'static str, Vec<String>>,
    ints: BTreeMap<&'static str, i64>,
    changed: BTreeSet<&'static str>,
}

impl FlagValues {
    pub(super) fn string(&self, name: &str) -> &str {
        self.strings.get(name).map_or("", String::as_str)
    }

    pub(super) fn bool(&self, name: &str) -> bool {
        self.bools.get(name).copied().unwrap_or(false)
    }

    pub(super) fn list(&self, name: &str) -> &[String] {
        self.lists.get(name).map_or(&[], Vec::as_slice)
    }

    /// An `Int` flag's value, `None` when not given.
    pub(super) fn int(&self, name: &str) -> Option<i64> {
        self.ints.get(name).copied()
    }

    /// pflag's `Changed`: the flag appeared on the command line.
    pub(super) fn changed(&self, name: &str) -> bool {
        self.changed.contains(name)
    }
}

/// The outcome of lookup plus flag parsing, before any validation.
#[derive(Debug)]
pub struct Parsed {
    /// From the root to the command found.
    pub path: Vec<&'static Node>,
    pub flags: FlagValues,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn node(&self) -> &'static Node {
        self.path.last().copied().unwrap_or(&ROOT)
    }

    /// cobra's `CommandPath`: canonical names from the root.
    pub fn command_path(&self) -> String {
        command_path(&self.path)
    }
}

pub fn command_path(path: &[&'static Node]) -> String {
    path.iter().map(|n| n.name).collect::<Vec<_>>().join(" ")
}

fn is_bool_long(flags: &[Flag], name: &str) -> bool {
    flags.iter().any(|f| f.long == name && f.kind == Kind::Bool)
}

fn is_bool_short(flags: &[Flag], name: &str) -> bool {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => flags
            .iter()
            .any(|f| f.short == Some(c) && f.kind == Kind::Bool),
        _ => false,
    }
}

/// Whether `s` is a flag that takes the following argument as its value
/// (cobra's test in `stripFlags` and `argsMinusFirstX`).
fn takes_next(s: &str, flags: &[Flag]) -> bool {
    if s.contains('=') {
        return false;
    }
    if let Some(long) = s.strip_prefix("--") {
        return !is_bool_long(flags, long);
    }
    s.len() == 2 && s.starts_with('-') && !is_bool_short(flags, &s[1..])
}

/// cobra `stripFlags`: the words left when flags (and their values) are removed.
fn strip_flags(args: &[String], node: &'static Node) -> Vec<String> {
    let flags = all_flags(node);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(s) = args.get(i) {
        i += 1;
        if s == "--" {
            break;
        }
        if takes_next(s, &flags) {
            if args.len() - i <= 1 {
                break;
            }
            i += 1;
            continue;
        }
        if !s.is_empty() && !s.starts_with('-') {
            out.push(s.clone());
        }
    }
    out
}

/// cobra `argsMinusFirstX`: removes the first plain occurrence of `x`.
fn args_minus_first(args: &[String], x: &str, node: &'static Node) -> Vec<String> {
    let flags = all_flags(node);
    let mut pos = 0;
    while let Some(s) = args.get(pos) {
        if s == "--" {
            break;
        }
        if takes_next(s, &flags) {
            pos += 2;
            continue;
        }
        if !s.starts_with('-') && s == x {
            let mut v = args.to_vec();
            v.remove(pos);
            return v;
        }
        pos += 1;
    }
    args.to_vec()
}

fn suggestions(node: &Node, typed: &str) -> String {
    let names: Vec<&str> = node
        .children
        .iter()
        .filter(|c| c.name != "help")
        .filter(|c| crate::text::suggests(typed, c.name))
        .map(|c| c.name)
        .collect();
    if names.is_empty() {
        return String::new();
    }
    let mut s = String::from("\n\nDid you mean this?\n");
    for n in names {
        s.push('\t');
        s.push_str(n);
        s.push('\n');
    }
    s
}

/// cobra `Find`: walks the tree through the non-flag words, then applies the root's
/// legacy check for unknown commands.
pub fn find(args: &[String]) -> Result<(Vec<&'static Node>, Vec<String>)> {
    let (path, rest) = lookup(args);
    if let Some(word) = unknown_word(&path, &rest) {
        if let Some(e) = unknown_command(&path, &word) {
            return Err(e);
        }
    }
    Ok((path, rest))
}

/// The first word left after a command group when it names none of its commands.
pub fn unknown_word(path: &[&'static Node], rest: &[String]) -> Option<String> {
    let node = path.last().copied().unwrap_or(&ROOT);
    if node.children.is_empty() || node.is_runnable() {
        return None;
    }
    strip_flags(rest, node).into_iter().next()
}

/// The tree walk of cobra's `Find`, without its unknown-command check.
pub fn lookup(args: &[String]) -> (Vec<&'static Node>, Vec<String>) {
    let mut node: &'static Node = &ROOT;
    let mut path = vec![node];
    let mut rest = args.to_vec();
    loop {
        let words = strip_flags(&rest, node);
        let Some(first) = words.first() else { break };
        let Some(child) = node.find_child(first) else {
            break;
        };
        rest = args_minus_first(&rest, first, node);
        node = child;
        path.push(node);
    }
    (path, rest)
}

/// An unknown word after a command group. At the root this is cobra's `legacyArgs`
/// error, byte for byte. Below it cobra would print the group's help and exit 0;
/// decision `unknown-subcommand` makes it the same error plus cobra's
/// `Run '… --help' for usage.` line (what cobra prints when errors are not
/// silenced), except for `help`, which still shows the group's help.
fn unknown_command(path: &[&'static Node], word: &str) -> Option<Error> {
    let node = path.last().copied().unwrap_or(&ROOT);
    let cmd_path = command_path(path);
    let mut msg = format!(
        "unknown command {} for {}{}",
        quote(word),
        quote(&cmd_path),
        suggestions(node, word)
    );
    if path.len() > 1 {
        if word == "help" {
            return None;
        }
        msg.push_str(&run_for_usage(path));
    }
    Some(Error::Usage(msg))
}

/// cobra's closing line for a lookup error, after a newline.
pub fn run_for_usage(path: &[&'static Node]) -> String {
    format!("\nRun '{} --help' for usage.", command_path(path))
}

/// The suggestion block for `word` among the commands of the group ending `path`.
pub fn suggestions_for(path: &[&'static Node], word: &str) -> String {
    suggestions(path.last().copied().unwrap_or(&ROOT), word)
}

fn display_name(f: &Flag) -> String {
    match f.short {
        Some(c) => format!("-{c}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

/// strconv.ParseBool.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// strconv.ParseInt's reasons for a decimal integer (our one `Int` flag is new, so
/// Go's base prefixes are not copied).
fn parse_int(s: &str) -> std::result::Result<i64, &'static str> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("invalid syntax");
    }
    s.parse::<i64>().map_err(|_| "value out of range")
}

fn set(values: &mut FlagValues, f: &Flag, value: String) -> Result<()> {
    let invalid = |cause: String| {
        Error::Usage(format!(
            "invalid argument {} for {} flag: {cause}",
            quote(&value),
            quote(&display_name(f))
        ))
    };
    match f.kind {
        Kind::Bool => {
            let b = parse_bool(&value).ok_or_else(|| {
                invalid(format!(
                    "strconv.ParseBool: parsing {}: invalid syntax",
                    quote(&value)
                ))
            })?;
            values.bools.insert(f.long, b);
        }
        Kind::String => {
            values.strings.insert(f.long, value);
        }
        Kind::Int => {
            let n = parse_int(&value).map_err(|why| {
                invalid(format!(
                    "strconv.ParseInt: parsing {}: {why}",
                    quote(&value)
                ))
            })?;
            values.ints.insert(f.long, n);
        }
        Kind::Strings => {
            let items = csv::read_first_record(&value).map_err(invalid)?;
            let list = values.lists.entry(f.long).or_default();
            if !values.changed.contains(f.long) {
                list.clear();
            }
            list.extend(items);
        }
    }
    values.changed.insert(f.long);
    Ok(())
}

fn text(v: std::ffi::OsString) -> Result<String> {
    v.into_string()
        .map_err(|v| Error::Usage(format!("argument {v:?} is not valid UTF-8")))
}

/// pflag's `Parse` for the command at the end of `path`, over the words left by `find`.
pub fn parse_flags(path: Vec<&'static Node>, rest: Vec<String>) -> Result<Parsed> {
    let node = path.last().copied().unwrap_or(&ROOT);
    let flags = all_flags(node);
    let mut values = FlagValues::default();
    let mut args = Vec::new();
    let mut p = lexopt::Parser::from_args(rest);
    p.set_short_equals(false);
    loop {
        let arg = match p.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => return Err(Error::Usage(e.to_string())),
        };
        match arg {
            lexopt::Arg::Long(name) => {
                let name = name.to_string();
                let attached = p.optional_value().map(text).transpose()?;
                if name.is_empty() || name.starts_with('-') {
                    let shown = match &attached {
                        Some(v) => format!("--{name}={v}"),
                        None => format!("--{name}"),
                    };
                    return Err(Error::Usage(format!("bad flag syntax: {shown}")));
                }
                let Some(f) = flags.iter().find(|f| f.long == name) else {
                    return Err(Error::Usage(format!("unknown flag: --{name}")));
                };
                let value = match attached {
                    Some(v) => v,
                    None if f.kind == Kind::Bool => "true".to_string(),
                    None => match p.value() {
                        Ok(v) => text(v)?,
                        Err(_) => {
                            return Err(Error::Usage(format!("flag needs an argument: --{name}")))
                        }
                    },
                };
                set(&mut values, f, value)?;
            }
            lexopt::Arg::Short(first) => {
                let rest = p
                    .optional_value()
                    .map(text)
                    .transpose()?
                    .unwrap_or_default();
                let mut cluster = format!("{first}{rest}");
                while let Some(c) = cluster.chars().next() {
                    let after = cluster[c.len_utf8()..].to_string();
                    let Some(f) = flags.iter().find(|f| f.short == Some(c)) else {
                        return Err(Error::Usage(format!(
                            "unknown shorthand flag: {} in -{cluster}",
                            quote_rune(c)
                        )));
                    };
                    let value;
                    if after.len() > 1 && after.starts_with('=') {
                        value = after[1..].to_string();
                        cluster.clear();
                    } else if f.kind == Kind::Bool {
                        value = "true".to_string();
                        cluster = after;
                    } else if !after.is_empty() {
                        value = after;
                        cluster.clear();
                    } else {
                        value = match p.value() {
                            Ok(v) => text(v)?,
                            Err(_) => {
                                return Err(Error::Usage(format!(
                                    "flag needs an argument: {} in -{cluster}",
                                    quote_rune(c)
                                )))
                            }
                        };
                        cluster.clear();
                    }
                    set(&mut values, f, value)?;
                }
            }
            lexopt::Arg::Value(v) => args.push(text(v)?),
        }
    }
    Ok(Parsed {
        path,
        flags: values,
        args,
    })
}

/// The CLI's `require` validators (cobra's legacy rule for `Args::Any`).
pub fn check_args(parsed: &Parsed) -> Result<()> {
    let node = parsed.node();
    let n = parsed.args.len();
    let path = parsed.command_path();
    let use_line = format!(
        "{} {} [flags]",
        command_path(parsed.path.get(..parsed.path.len() - 1).unwrap_or_default()),
        node.usage
    );
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let msg = match node.args {
        Args::Any => return Ok(()),
        Args::None if n > 0 => format!("{} accepts no arguments", quote(&path)),
        Args::Exactly(k) if n != k => {
            format!("{} requires {k} {}, received {n}", quote(&path), plural(k))
        }
        Args::AtMost(k) if n > k => {
            format!(
                "{} accepts at most {k} {}, received {n}",
                quote(&path),
                plural(k)
            )
        }
        _ => return Ok(()),
    };
    Err(Error::Usage(format!("{msg}\n\nUsage:  {use_line}")))
}

/// cobra's `ValidateFlagGroups` for mutually exclusive flags, groups in sorted order.
pub fn check_exclusive(parsed: &Parsed) -> Result<()> {
    let mut groups: Vec<&[&str]> = parsed.node().exclusive.to_vec();
    crate::go::sort::slice_stable(&mut groups, |a, b| a.join(" ").cmp(&b.join(" ")));
    for g in groups {
        let mut set: Vec<&str> = g
            .iter()
            .copied()
            .filter(|f| parsed.flags.changed(f))
            .collect();
        if set.len() > 1 {
            set.sort_unstable();
            return Err(Error::Usage(format!(
                "if any flags in the group [{}] are set none of the others can be; [{}] were all set",
                g.join(" "),
                set.join(" ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Parsed> {
        let args: Vec<String> = line
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        parse_args(&args)
    }

    fn parse_args(args: &[String]) -> Result<Parsed> {
        let (path, rest) = find(args)?;
        parse_flags(path, rest)
    }

    fn err(line: &str) -> String {
        parse(line).unwrap_err().to_string()
    }

    #[test]
    fn every_spelling_reaches_invite() {
        for org in ["organizations", "organization", "orgs", "org"] {
            for inv in ["invitations", "invitation"] {
                for verb in ["invite", "create"] {
                    let p = parse(&format!("{org} {inv} {verb} a@b.c")).unwrap();
                    assert_eq!(p.command_path(), "atlas organizations invitations invite");
                    assert_eq!(p.args, ["a@b.c"]);
                }
            }
        }
    }

    #[test]
    fn flags_before_between_and_after_commands() {
        let p = parse("-P p1 org invitations ls").unwrap();
        assert_eq!(p.flags.string("profile"), "p1");
        let p = parse("org -P p2 invitations ls -P p3").unwrap();
        assert_eq!(p.flags.string("profile"), "p3");
        let p = parse("org invitations --orgId X list").unwrap();
        assert_eq!(p.command_path(), "atlas organizations invitations list");
        assert_eq!(p.flags.string("orgId"), "X");
        let p = parse("org --email a@b.c invitations ls").unwrap();
        assert_eq!(p.flags.string("email"), "a@b.c");
        let p = parse("org invitations ls -DP prof").unwrap();
        assert!(p.flags.bool("debug"));
        assert_eq!(p.flags.string("profile"), "prof");
        // cobra's lookup only skips values after two-character short flags, so a
        // cluster before the command names leaves its value looking like a command.
        assert_eq!(
            parse("-DP prof org invitations ls")
                .unwrap_err()
                .to_string(),
            "unknown command \"prof\" for \"atlas\""
        );
    }

    #[test]
    fn value_forms() {
        for line in [
            "org invitations invite -o json",
            "org invitations invite -ojson",
            "org invitations invite -o=json",
            "org invitations invite --output json",
            "org invitations invite --output=json",
        ] {
            assert_eq!(
                parse(line).unwrap().flags.string("output"),
                "json",
                "{line}"
            );
        }
        assert_eq!(
            parse("org invitations invite -o=")
                .unwrap()
                .flags
                .string("output"),
            "="
        );
        let p = parse("org invitations ls --email --orgId").unwrap();
        assert_eq!(p.flags.string("email"), "--orgId");
        let p = parse("org invitations describe -- -abc").unwrap();
        assert_eq!(p.args, ["-abc"]);
        let p = parse("org invitations describe -").unwrap();
        assert_eq!(p.args, ["-"]);
        let p = parse("org invitations invite -fx").unwrap();
        assert_eq!(p.flags.string("file"), "x");
    }

    #[test]
    fn int_flags() {
        let p = parse("org invitations apply -f m.json --max-removals 12").unwrap();
        assert_eq!(p.flags.int("max-removals"), Some(12));
        assert!(p.flags.changed("max-removals"));
        assert_eq!(
            parse("org invitations apply --max-removals=-3")
                .unwrap()
                .flags
                .int("max-removals"),
            Some(-3)
        );
        assert_eq!(
            parse("org invitations apply")
                .unwrap()
                .flags
                .int("max-removals"),
            None
        );
        assert_eq!(
            err("org invitations apply --max-removals five"),
            r#"invalid argument "five" for "--max-removals" flag: strconv.ParseInt: parsing "five": invalid syntax"#
        );
        assert_eq!(
            err("org invitations apply --max-removals 99999999999999999999"),
            r#"invalid argument "99999999999999999999" for "--max-removals" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range"#
        );
        assert_eq!(
            err("org invitations apply --max-removals"),
            "flag needs an argument: --max-removals"
        );
    }

    #[test]
    fn string_slices_accumulate() {
        let p = parse("org invitations invite --role=A,B --role C --teamId t1").unwrap();
        assert_eq!(p.flags.list("role"), ["A", "B", "C"]);
        assert_eq!(p.flags.list("teamId"), ["t1"]);
        let args: Vec<String> = ["org", "invitations", "invite", "--role", ""]
            .map(String::from)
            .to_vec();
        let p = parse_args(&args).unwrap();
        assert!(p.flags.list("role").is_empty() && p.flags.changed("role"));
    }

    #[test]
    fn bool_flags() {
        assert!(parse("org invitations rm x --force")
            .unwrap()
            .flags
            .bool("force"));
        assert!(!parse("org invitations rm x --force=false")
            .unwrap()
            .flags
            .bool("force"));
        assert_eq!(
            err("org invitations rm x --force=yes"),
            r#"invalid argument "yes" for "--force" flag: strconv.ParseBool: parsing "yes": invalid syntax"#
        );
        let p = parse("org invitations rm --force false x").unwrap();
        assert_eq!(p.args, ["false", "x"]);
        assert!(parse("org invitations ls -Dh").unwrap().flags.bool("help"));
        assert!(!parse("org invitations ls --help=false")
            .unwrap()
            .flags
            .bool("help"));
    }

    #[test]
    fn error_texts() {
        assert_eq!(err("org invitations ls --bogus"), "unknown flag: --bogus");
        assert_eq!(err("org invitations ls --bogus=1"), "unknown flag: --bogus");
        assert_eq!(
            err("org invitations ls -Dx"),
            "unknown shorthand flag: 'x' in -x"
        );
        assert_eq!(
            err("org invitations ls -xD"),
            "unknown shorthand flag: 'x' in -xD"
        );
        assert_eq!(
            err("org invitations ls -o"),
            "flag needs an argument: 'o' in -o"
        );
        assert_eq!(
            err("org invitations invite --role"),
            "flag needs an argument: --role"
        );
        assert_eq!(
            err("org invitations ls ---force"),
            "bad flag syntax: ---force"
        );
        assert_eq!(err("org invitations ls --=x"), "bad flag syntax: --=x");
        assert_eq!(
            err("org invitations rm -o json"),
            "unknown shorthand flag: 'o' in -o"
        );
        assert_eq!(
            err("org invitations ls --version"),
            "unknown flag: --version"
        );
        assert_eq!(
            err("org invitations invite --role A,\"B"),
            "invalid argument \"A,\\\"B\" for \"--role\" flag: parse error on line 1, column 5: extraneous or missing \" in quoted-field"
        );
        assert_eq!(
            err("Org invitations"),
            "unknown command \"Org\" for \"atlas\"\n\nDid you mean this?\n\torganizations\n"
        );
        assert_eq!(err("zzz"), "unknown command \"zzz\" for \"atlas\"");
        assert_eq!(
            err("org invitations ls -h extra --bogus"),
            "unknown flag: --bogus"
        );
    }

    #[test]
    fn group_unknown_words_are_errors_with_suggestions() {
        assert_eq!(
            err("org invitations foo"),
            "unknown command \"foo\" for \"atlas organizations invitations\"\nRun 'atlas organizations invitations --help' for usage."
        );
        assert_eq!(
            err("org invitations LIST"),
            "unknown command \"LIST\" for \"atlas organizations invitations\"\n\nDid you mean this?\n\tlist\n\nRun 'atlas organizations invitations --help' for usage."
        );
        assert_eq!(
            err("org --orgId x invitatoins ls"),
            "unknown command \"invitatoins\" for \"atlas organizations\"\n\nDid you mean this?\n\tinvitations\n\nRun 'atlas organizations --help' for usage."
        );
        // Prefix matches count too, and candidates keep the group's order.
        assert_eq!(
            err("org invitations de"),
            "unknown command \"de\" for \"atlas organizations invitations\"\n\nDid you mean this?\n\tdescribe\n\tdelete\n\nRun 'atlas organizations invitations --help' for usage."
        );
        let p = parse("org invitations help").unwrap();
        assert_eq!(p.command_path(), "atlas organizations invitations");
        let p = parse("org invitations -- foo").unwrap();
        assert_eq!(p.command_path(), "atlas organizations invitations");
        let p = parse("org invitations").unwrap();
        assert_eq!(p.command_path(), "atlas organizations invitations");
    }

    #[test]
    fn argument_counts() {
        let e = check_args(&parse("org invitations invite a b").unwrap()).unwrap_err();
        assert_eq!(e.to_string(), "\"atlas organizations invitations invite\" accepts at most 1 argument, received 2\n\nUsage:  atlas organizations invitations invite <email> [flags]");
        let e = check_args(&parse("org invitations get").unwrap()).unwrap_err();
        assert_eq!(e.to_string(), "\"atlas organizations invitations describe\" requires 1 argument, received 0\n\nUsage:  atlas organizations invitations describe <invitationId> [flags]");
        let e = check_args(&parse("org invitations ls x").unwrap()).unwrap_err();
        assert_eq!(e.to_string(), "\"atlas organizations invitations list\" accepts no arguments\n\nUsage:  atlas organizations invitations list [flags]");
        assert!(check_args(&parse("org invitations update a b c").unwrap()).is_ok());
        assert!(check_args(&parse("org invitations invite").unwrap()).is_ok());
    }

    #[test]
    fn exclusive_groups() {
        let e = check_exclusive(
            &parse("org invitations invite --file f.json --role A --teamId T").unwrap(),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "if any flags in the group [file role] are set none of the others can be; [file role] were all set");
        let e = check_exclusive(&parse("org invitations invite --file f.json --teamId T").unwrap())
            .unwrap_err();
        assert_eq!(e.to_string(), "if any flags in the group [file teamId] are set none of the others can be; [file teamId] were all set");
        assert!(
            check_exclusive(&parse("org invitations update --file f.json --email e").unwrap())
                .is_ok()
        );
    }
}
