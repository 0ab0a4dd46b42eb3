//! The command tree: names, aliases, texts and flags, copied from the official CLI's
//! cobra definitions so that help and error texts come out identical.

/// How a flag takes its value (pflag's types that these commands use).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    String,
    /// pflag `StringSlice`: CSV per occurrence, occurrences accumulate.
    Strings,
    /// pflag `Int` (`apply --max-removals`).
    Int,
}

#[derive(Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    pub usage: &'static str,
    /// Hidden flags parse but do not appear in help (`-D/--debug`).
    pub hidden: bool,
}

/// Positional-argument rules (the CLI's `require` package, or cobra's legacy default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    Any,
    None,
    Exactly(usize),
    AtMost(usize),
}

/// The leaf commands we run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Invite,
    List,
    Describe,
    Update,
    Delete,
    Apply,
    Export,
}

#[derive(Debug)]
pub struct Node {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// cobra `Use` (the name plus its argument synopsis).
    pub usage: &'static str,
    pub short: &'static str,
    pub long: &'static str,
    pub example: &'static str,
    /// Local flags, not counting `-h/--help` which every command gets.
    pub flags: &'static [Flag],
    pub children: &'static [Node],
    pub verb: Option<Verb>,
    pub args: Args,
    /// Groups of flags that may not be combined (cobra `MarkFlagsMutuallyExclusive`).
    pub exclusive: &'static [&'static [&'static str]],
}

const PROFILE_USAGE: &str = "Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.";

/// Flags every command inherits from the root.
pub const PERSISTENT: &[Flag] = &[
    Flag {
        long: "profile",
        short: Some('P'),
        kind: Kind::String,
        usage: PROFILE_USAGE,
        hidden: false,
    },
    Flag {
        long: "debug",
        short: Some('D'),
        kind: Kind::Bool,
        usage: "Debug log level.",
        hidden: true,
    },
];

const ORG_ID: Flag = Flag {
    long: "orgId",
    short: None,
    kind: Kind::String,
    usage: "Organization ID to use. This option overrides the settings in the configuration file or environment variable.",
    hidden: false,
};
const OUTPUT: Flag = Flag {
    long: "output",
    short: Some('o'),
    kind: Kind::String,
    usage: "Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.",
    hidden: false,
};
const FILE: Flag = Flag {
    long: "file",
    short: Some('f'),
    kind: Kind::String,
    usage: "Path to an optional JSON configuration file that defines invitation settings. Note: Unsupported fields in the JSON file are ignored.",
    hidden: false,
};
const EMAIL: Flag = Flag {
    long: "email",
    short: None,
    kind: Kind::String,
    usage: "Email address for the user.",
    hidden: false,
};
/// The roles the help text lists (plus the newer ones the API accepts), offered by
/// shell completion.
pub const ROLES: &[&str] = &[
    "ORG_OWNER",
    "ORG_MEMBER",
    "ORG_GROUP_CREATOR",
    "ORG_BILLING_ADMIN",
    "ORG_BILLING_READ_ONLY",
    "ORG_STREAM_PROCESSING_ADMIN",
    "ORG_READ_ONLY",
];

/// Our extension: print the requests instead of sending them. Hidden so that `--help`
/// stays byte-identical to the official CLI's.
const DRY_RUN: Flag = Flag {
    long: "dry-run",
    short: None,
    kind: Kind::Bool,
    usage: "Print the requests that would be sent, without sending them.",
    hidden: true,
};
/// Our extension on `invite`: users already invited or members are skipped, not
/// failures (decision skip-existing). Hidden like `--dry-run`.
const SKIP_EXISTING: Flag = Flag {
    long: "skip-existing",
    short: None,
    kind: Kind::Bool,
    usage: "Skip users who are already invited or members of the organization, counting them as success.",
    hidden: true,
};
const ORG_ROLE_USAGE: &str = "User's roles for the associated organization. Valid values include ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, and ORG_READ_ONLY.";

const USER_ADMIN: &str = "To use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.";

/// `apply`: make the organization's users match a members file (issue 20), with help
/// texts in the official CLI's style. Unlike on the official verbs, `--dry-run` is
/// shown: it is part of this verb's contract.
const APPLY: Node = Node {
    name: "apply",
    aliases: &[],
    usage: "apply",
    short: "Make your organization's users match a members file.",
    long: "Reads the organization's users in every status and plans the changes that make them match the file: invite who is missing or whose invitation expired or was rejected, and update the organization roles, teams and project roles that differ. With --prune, also revoke the invitations of users who are not in the file; with --prune-members, also remove the active members who are not in the file. Prints the plan, then carries it out.\n\nThe file is the JSON array that invite --file takes, or an object with orgId, members and teams. Each user needs a username and roles; teams (names) or teamIds, and groupRoleAssignments (each with a project name or a groupId), are changed only for users who have them in the file. Each team of teams is created when missing, renamed when found under a name in its previously, and given exactly its projects when it has them. A file with an orgId is applied to that organization only.\n\nTo use this command, you must authenticate with a user account, a service account, or an API key with the Organization Owner role.",
    example: "  # Show what would change to make the organization with the ID 5f71e5255afec75a3d0f96dc match members.json, and exit with status 2 if anything would:\n  atlas organizations invitations apply --file members.json --orgId 5f71e5255afec75a3d0f96dc --check\n\n  # Invite, update and revoke invitations until the organization with the ID 5f71e5255afec75a3d0f96dc matches members.json:\n  atlas organizations invitations apply --file members.json --orgId 5f71e5255afec75a3d0f96dc --prune",
    flags: &[
        Flag {
            long: "check",
            short: None,
            kind: Kind::Bool,
            usage: "Flag that indicates whether to only compare: exit with status 2 if anything would change and 0 if the organization matches the file, sending nothing that writes.",
            hidden: false,
        },
        Flag {
            long: "dry-run",
            short: None,
            kind: Kind::Bool,
            usage: "Flag that indicates whether to print the plan and the requests it would send, sending nothing that writes.",
            hidden: false,
        },
        Flag {
            long: "file",
            short: Some('f'),
            kind: Kind::String,
            usage: "Path to the JSON members file: an array of objects with username, roles, and optionally teams or teamIds and groupRoleAssignments, or an object with members and teams. Use - for standard input.",
            hidden: false,
        },
        Flag {
            long: "max-removals",
            short: None,
            kind: Kind::Int,
            usage: "Largest number of removals of access (active members removed, teams deleted, a team taken out of a project) that a plan may make; a plan that makes more is refused. (default 5)",
            hidden: false,
        },
        ORG_ID,
        OUTPUT,
        Flag {
            long: "prune",
            short: None,
            kind: Kind::Bool,
            usage: "Flag that indicates whether to revoke the pending, expired and rejected invitations of users who are not in the file.",
            hidden: false,
        },
        Flag {
            long: "prune-members",
            short: None,
            kind: Kind::Bool,
            usage: "Flag that indicates whether to remove the active members who are not in the file.",
            hidden: false,
        },
        Flag {
            long: "prune-teams",
            short: None,
            kind: Kind::Bool,
            usage: "Flag that indicates whether to delete the teams that the file's teams do not declare, taking each out of its projects first.",
            hidden: false,
        },
    ],
    children: &[],
    verb: Some(Verb::Apply),
    args: Args::None,
    exclusive: &[],
};

/// `export`: the organization's users as a members file `apply` takes (issue 20).
const EXPORT: Node = Node {
    name: "export",
    aliases: &[],
    usage: "export",
    short: "Print your organization's users as a members file.",
    long: "Prints the pending invitations and active members of your organization as the JSON members file that the apply command takes: members sorted by username with their organization roles, teams and project roles, then every team of the organization with its project roles, teams and projects by name. With --ids, prints the JSON array of members instead, with team and project IDs and without the teams.\n\nTo use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.",
    example: "  # Save the users and teams of the organization with the ID 5f71e5255afec75a3d0f96dc to members.json:\n  atlas organizations invitations export --orgId 5f71e5255afec75a3d0f96dc > members.json\n\n  # Save the users of the organization with the ID 5f71e5255afec75a3d0f96dc to members.json, with team and project IDs:\n  atlas organizations invitations export --orgId 5f71e5255afec75a3d0f96dc --ids > members.json",
    flags: &[
        Flag {
            long: "ids",
            short: None,
            kind: Kind::Bool,
            usage: "Flag that indicates whether to print the JSON array of members with team and project IDs (teamIds, groupId) instead of names, without the teams.",
            hidden: false,
        },
        ORG_ID,
        OUTPUT,
    ],
    children: &[],
    verb: Some(Verb::Export),
    args: Args::None,
    exclusive: &[],
};

pub const INVITATIONS: Node = Node {
    name: "invitations",
    aliases: &["invitation"],
    usage: "invitations",
    short: "Invitation operations.",
    long: "Create, list and manage your MongoDB organization invites.",
    example: "",
    flags: &[],
    children: &[
        Node {
            name: "list",
            aliases: &["ls"],
            usage: "list",
            short: "Return all pending invitations to your organization.",
            long: USER_ADMIN,
            example: "  # Return a JSON-formatted list of pending invitations to the organization with the ID 5f71e5255afec75a3d0f96dc:\n  atlas organizations invitations list --orgId 5f71e5255afec75a3d0f96dc --output json",
            flags: &[EMAIL, ORG_ID, OUTPUT],
            children: &[],
            verb: Some(Verb::List),
            args: Args::None,
            exclusive: &[],
        },
        Node {
            name: "describe",
            aliases: &["get"],
            usage: "describe <invitationId>",
            short: "Return the details for the specified pending invitation to your organization.",
            long: USER_ADMIN,
            example: "  # Return the JSON-formatted details of the pending invitation with the ID 5dd56c847a3e5a1f363d424d for the organization with the ID 5f71e5255afec75a3d0f96dc:\n  atlas organizations invitations describe 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc --output json",
            flags: &[ORG_ID, OUTPUT],
            children: &[],
            verb: Some(Verb::Describe),
            args: Args::Exactly(1),
            exclusive: &[],
        },
        Node {
            name: "delete",
            aliases: &["rm"],
            usage: "delete <invitationId>",
            short: "Remove the specified pending invitation to your organization.",
            long: USER_ADMIN,
            example: "  # Remove the pending invitation with the ID 5dd56c847a3e5a1f363d424d from the organization with the ID 5f71e5255afec75a3d0f96dc:\n  atlas organizations invitations delete 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc",
            flags: &[
                Flag {
                    long: "force",
                    short: None,
                    kind: Kind::Bool,
                    usage: "Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action.",
                    hidden: false,
                },
                ORG_ID,
                DRY_RUN,
            ],
            children: &[],
            verb: Some(Verb::Delete),
            args: Args::Exactly(1),
            exclusive: &[],
        },
        Node {
            name: "update",
            aliases: &["updates"],
            usage: "update [invitationId]",
            short: "Modifies the details of the specified pending invitation to your organization.",
            long: "You can use either the invitation ID or the user's email address to specify the invitation.\n\nTo use this command, you must authenticate with a user account, a service account, or an API key with the Organization Owner role.",
            example: "  # Modify the pending invitation with the ID 5dd56c847a3e5a1f363d424d to grant ORG_OWNER access the organization with the ID 5f71e5255afec75a3d0f96dc:\n  atlas organizations invitations update 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json\n\t\t\n  # Modify the invitation for the user with the email address user@example.com to grant ORG_OWNER access the organization with the ID 5f71e5255afec75a3d0f96dc:\n  atlas organizations invitations update --email user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json",
            flags: &[
                DRY_RUN,
                EMAIL,
                FILE,
                ORG_ID,
                OUTPUT,
                Flag {
                    long: "role",
                    short: None,
                    kind: Kind::Strings,
                    usage: "User's roles for the associated organization. Valid values include ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, and ORG_READ_ONLY. Passing this flag replaces preexisting data.",
                    hidden: false,
                },
            ],
            children: &[],
            verb: Some(Verb::Update),
            args: Args::Any,
            exclusive: &[&["file", "role"]],
        },
        Node {
            name: "invite",
            aliases: &["create"],
            usage: "invite <email>",
            short: "Invite the specified MongoDB user to your organization.",
            long: USER_ADMIN,
            example: "  # Invite the MongoDB user with the email user@example.com to the organization with the ID 5f71e5255afec75a3d0f96dc with ORG_OWNER access:\n  atlas organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json",
            flags: &[
                DRY_RUN,
                FILE,
                ORG_ID,
                OUTPUT,
                Flag {
                    long: "role",
                    short: None,
                    kind: Kind::Strings,
                    usage: ORG_ROLE_USAGE,
                    hidden: false,
                },
                SKIP_EXISTING,
                Flag {
                    long: "teamId",
                    short: None,
                    kind: Kind::Strings,
                    usage: "Unique 24-digit string that identifies the team.",
                    hidden: false,
                },
            ],
            children: &[],
            verb: Some(Verb::Invite),
            args: Args::AtMost(1),
            exclusive: &[&["file", "role"], &["file", "teamId"]],
        },
        // Decision apply-export-verbs: our additions, listed in the group's help.
        APPLY,
        EXPORT,
    ],
    verb: None,
    args: Args::Any,
    exclusive: &[],
};

pub const ORGANIZATIONS: Node = Node {
    name: "organizations",
    aliases: &["organization", "orgs", "org"],
    usage: "organizations",
    short: "Manage your Atlas organizations.",
    long: "Create, list and manage your MongoDB organizations.",
    example: "",
    flags: &[],
    children: &[INVITATIONS],
    verb: None,
    args: Args::Any,
    exclusive: &[],
};

const fn shell(name: &'static str, short: &'static str, long: &'static str) -> Node {
    Node {
        name,
        aliases: &[],
        usage: name,
        short,
        long,
        example: "",
        flags: &[],
        children: &[],
        verb: None,
        args: Args::None,
        exclusive: &[],
    }
}

/// `atlas completion <shell>`: prints a completion script for our commands.
pub const COMPLETION: Node = Node {
    name: "completion",
    aliases: &[],
    usage: "completion",
    short: "Generate the autocompletion script for the specified shell",
    long: "Generate the autocompletion script for atlas for the specified shell.\nSee each sub-command's help for details on how to use the generated script.",
    example: "",
    flags: &[],
    children: &[
        shell(
            "bash",
            "Generate the autocompletion script for bash",
            "Generate the autocompletion script for the bash shell.\n\nTo load completions in your current shell session:\n\n\tsource <(atlas completion bash)\n\nTo load completions for every new session, save the output to\n/etc/bash_completion.d/atlas (or ~/.local/share/bash-completion/completions/atlas).",
        ),
        shell(
            "zsh",
            "Generate the autocompletion script for zsh",
            "Generate the autocompletion script for the zsh shell.\n\nTo load completions in your current shell session:\n\n\tsource <(atlas completion zsh)\n\nTo load completions for every new session, save the output as _atlas in a directory of your $fpath.",
        ),
        shell(
            "fish",
            "Generate the autocompletion script for fish",
            "Generate the autocompletion script for the fish shell.\n\nTo load completions in your current shell session:\n\n\tatlas completion fish | source\n\nTo load completions for every new session, save the output to\n~/.config/fish/completions/atlas.fish.",
        ),
        shell(
            "powershell",
            "Generate the autocompletion script for powershell",
            "Generate the autocompletion script for powershell.\n\nTo load completions in your current shell session:\n\n\tatlas completion powershell | Out-String | Invoke-Expression\n\nTo load completions for every new session, add the output of the above command\nto your powershell profile.",
        ),
    ],
    verb: None,
    args: Args::Any,
    exclusive: &[],
};

/// cobra's `help` command, added to the root.
pub const HELP: Node = Node {
    name: "help",
    aliases: &[],
    usage: "help [command]",
    short: "Help about any command",
    long: "Help provides help for any command in the application.\nSimply type atlas help [path to command] for full details.",
    example: "",
    flags: &[],
    children: &[],
    verb: None,
    args: Args::Any,
    exclusive: &[],
};

pub const ROOT: Node = Node {
    name: "atlas",
    aliases: &[],
    usage: "atlas",
    short: "CLI tool to manage MongoDB Atlas.",
    long: "The Atlas CLI is a command line interface built specifically for MongoDB Atlas. You can manage your Atlas database deployments and Atlas Search from the terminal with short, intuitive commands.\n\t\t\nUse the --help flag with any command for more info on that command.",
    // Decision root-help-example: the official example names `atlas config`, which
    // this program does not have.
    example: "  # Display the help menu for the organizations invitations command:\n  atlas organizations invitations --help\n",
    flags: &[Flag {
        long: "version",
        short: Some('v'),
        kind: Kind::Bool,
        usage: "version for atlas",
        hidden: false,
    }],
    children: &[ORGANIZATIONS, COMPLETION, HELP],
    verb: None,
    args: Args::Any,
    exclusive: &[],
};

impl Node {
    pub fn find_child(&self, word: &str) -> Option<&'static Node> {
        self.children
            .iter()
            .find(|c| c.name == word || c.aliases.contains(&word))
    }

    pub fn is_runnable(&self) -> bool {
        self.verb.is_some() || matches!(self.name, "help" | "bash" | "zsh" | "fish" | "powershell")
    }
}
