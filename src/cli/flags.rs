//! Each command's flags as a struct, read once from the parsed values (as ripgrep's
//! `LowArgs`): code that uses a flag names a field, so a misspelt flag is a compile
//! error. The long names are spelled only here and in `spec.rs`, and the `cover_spec`
//! test checks that each struct reads exactly the flags `spec.rs` declares for its
//! command.
//!
//! A flag whose absence means something else than its empty value (`--orgId ""`, an
//! unset variable in a script) is an `Option`: `None` when it was not given.

use super::parse::FlagValues;
use super::spec::Verb;

/// Reads named flags, keeping the names asked for so that a test can compare them
/// with the command's flags in `spec.rs`.
struct Reader<'a> {
    values: &'a FlagValues,
    names: Vec<&'static str>,
}

impl<'a> Reader<'a> {
    fn new(values: &'a FlagValues) -> Self {
        Reader {
            values,
            names: Vec::new(),
        }
    }

    fn bool(&mut self, name: &'static str) -> bool {
        self.names.push(name);
        self.values.bool(name)
    }

    fn string(&mut self, name: &'static str) -> String {
        self.names.push(name);
        self.values.string(name).to_string()
    }

    /// The value, or `None` when the flag was not on the command line.
    fn given(&mut self, name: &'static str) -> Option<String> {
        self.names.push(name);
        self.values
            .changed(name)
            .then(|| self.values.string(name).to_string())
    }

    fn list(&mut self, name: &'static str) -> Vec<String> {
        self.names.push(name);
        self.values.list(name).to_vec()
    }

    fn int(&mut self, name: &'static str) -> Option<i64> {
        self.names.push(name);
        self.values.int(name)
    }
}

/// `-h/--help`, which every command has, and the root's persistent flags.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Global {
    pub help: bool,
    /// `-P/--profile`.
    pub profile: Option<String>,
    /// `-D/--debug` (hidden).
    pub debug: bool,
}

impl Global {
    pub fn read(values: &FlagValues) -> Self {
        Self::from(&mut Reader::new(values))
    }

    fn from(r: &mut Reader) -> Self {
        Global {
            help: r.bool("help"),
            profile: r.given("profile"),
            debug: r.bool("debug"),
        }
    }
}

/// The root command's own flag.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Root {
    /// `-v/--version`.
    pub version: bool,
}

impl Root {
    pub fn read(values: &FlagValues) -> Self {
        Self::from(&mut Reader::new(values))
    }

    fn from(r: &mut Reader) -> Self {
        Root {
            version: r.bool("version"),
        }
    }
}

/// `invite`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Invite {
    pub dry_run: bool,
    pub file: String,
    pub org_id: Option<String>,
    pub output: String,
    pub role: Vec<String>,
    pub skip_existing: bool,
    pub team_id: Vec<String>,
}

/// `list`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct List {
    pub email: String,
    pub org_id: Option<String>,
    pub output: String,
}

/// `describe`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Describe {
    pub org_id: Option<String>,
    pub output: String,
}

/// `update`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    pub dry_run: bool,
    pub email: String,
    pub file: String,
    pub org_id: Option<String>,
    pub output: String,
    pub role: Vec<String>,
}

/// `delete`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Delete {
    pub dry_run: bool,
    pub force: bool,
    pub org_id: Option<String>,
}

/// `apply`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Apply {
    pub check: bool,
    pub dry_run: bool,
    /// Required: `None` is cobra's missing required flag; `-f ""` is a path.
    pub file: Option<String>,
    pub max_removals: Option<i64>,
    pub org_id: Option<String>,
    pub output: String,
    pub prune: bool,
    pub prune_members: bool,
    pub prune_teams: bool,
}

/// `export`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Export {
    /// `--ids`: today's array, teams and projects by id (decision export-format).
    pub ids: bool,
    pub org_id: Option<String>,
    pub output: String,
}

/// The flags of the verb being run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerbFlags {
    Invite(Invite),
    List(List),
    Describe(Describe),
    Update(Update),
    Delete(Delete),
    Apply(Apply),
    Export(Export),
}

impl VerbFlags {
    /// Reads the flags of `verb` from its parsed values.
    pub fn read(verb: Verb, values: &FlagValues) -> Self {
        Self::from(verb, &mut Reader::new(values))
    }

    fn from(verb: Verb, r: &mut Reader) -> Self {
        match verb {
            Verb::Invite => VerbFlags::Invite(Invite {
                dry_run: r.bool("dry-run"),
                file: r.string("file"),
                org_id: r.given("orgId"),
                output: r.string("output"),
                role: r.list("role"),
                skip_existing: r.bool("skip-existing"),
                team_id: r.list("teamId"),
            }),
            Verb::List => VerbFlags::List(List {
                email: r.string("email"),
                org_id: r.given("orgId"),
                output: r.string("output"),
            }),
            Verb::Describe => VerbFlags::Describe(Describe {
                org_id: r.given("orgId"),
                output: r.string("output"),
            }),
            Verb::Update => VerbFlags::Update(Update {
                dry_run: r.bool("dry-run"),
                email: r.string("email"),
                file: r.string("file"),
                org_id: r.given("orgId"),
                output: r.string("output"),
                role: r.list("role"),
            }),
            Verb::Delete => VerbFlags::Delete(Delete {
                dry_run: r.bool("dry-run"),
                force: r.bool("force"),
                org_id: r.given("orgId"),
            }),
            Verb::Apply => VerbFlags::Apply(Apply {
                check: r.bool("check"),
                dry_run: r.bool("dry-run"),
                file: r.given("file"),
                max_removals: r.int("max-removals"),
                org_id: r.given("orgId"),
                output: r.string("output"),
                prune: r.bool("prune"),
                prune_members: r.bool("prune-members"),
                prune_teams: r.bool("prune-teams"),
            }),
            Verb::Export => VerbFlags::Export(Export {
                ids: r.bool("ids"),
                org_id: r.given("orgId"),
                output: r.string("output"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::{find, parse_flags, HELP_FLAG};
    use super::super::spec::{Node, PERSISTENT, ROOT};
    use super::*;

    fn sorted(mut names: Vec<&'static str>) -> Vec<&'static str> {
        names.sort_unstable();
        names
    }

    fn leaves(node: &'static Node, out: &mut Vec<&'static Node>) {
        if node.verb.is_some() {
            out.push(node);
        }
        for child in node.children {
            leaves(child, out);
        }
    }

    #[test]
    fn cover_spec() {
        let none = FlagValues::default();
        let mut verbs = Vec::new();
        leaves(&ROOT, &mut verbs);
        assert_eq!(verbs.len(), 7);
        for node in verbs {
            let mut r = Reader::new(&none);
            let verb = node.verb.unwrap();
            VerbFlags::from(verb, &mut r);
            let declared = node.flags.iter().map(|f| f.long).collect();
            assert_eq!(sorted(r.names), sorted(declared), "{verb:?}");
        }

        let mut r = Reader::new(&none);
        Global::from(&mut r);
        let mut declared: Vec<_> = PERSISTENT.iter().map(|f| f.long).collect();
        declared.push(HELP_FLAG.long);
        assert_eq!(sorted(r.names), sorted(declared));

        let mut r = Reader::new(&none);
        Root::from(&mut r);
        let declared = ROOT.flags.iter().map(|f| f.long).collect();
        assert_eq!(sorted(r.names), sorted(declared));
    }

    fn read(line: &str) -> (Global, VerbFlags) {
        let args: Vec<String> = line.split(' ').map(String::from).collect();
        let (path, rest) = find(&args).unwrap();
        let parsed = parse_flags(path, rest).unwrap();
        let verb = parsed.node().verb.unwrap();
        (
            Global::read(&parsed.flags),
            VerbFlags::read(verb, &parsed.flags),
        )
    }

    #[test]
    fn values_and_absence() {
        let (global, flags) =
            read("org invitations invite a@b.c -P p --orgId= --role A,B --role C -ojson -D");
        assert_eq!(
            global,
            Global {
                help: false,
                profile: Some("p".into()),
                debug: true
            }
        );
        assert_eq!(
            flags,
            VerbFlags::Invite(Invite {
                org_id: Some(String::new()),
                output: "json".into(),
                role: vec!["A".into(), "B".into(), "C".into()],
                ..Invite::default()
            })
        );
        let (global, flags) = read("org invitations apply --max-removals 3 --prune --file=");
        assert_eq!(global, Global::default());
        assert_eq!(
            flags,
            VerbFlags::Apply(Apply {
                file: Some(String::new()),
                max_removals: Some(3),
                prune: true,
                ..Apply::default()
            })
        );
        let (_, flags) = read("org invitations rm x --force --dry-run");
        assert_eq!(
            flags,
            VerbFlags::Delete(Delete {
                dry_run: true,
                force: true,
                org_id: None
            })
        );
    }
}
