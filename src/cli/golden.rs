//! The official CLI's `--help` texts, byte for byte (and ours for `apply` and
//! `export`, in its style): the one golden copy that
//! `help::render` (unit tests) and the built binary (tests/cli_surface.rs) are
//! checked against. Nothing at run time uses them; `help` renders from `spec`.

/// `--help` of the `atlas organizations invitations` group, as the official CLI prints it.
pub const OFFICIAL_INVITATIONS_HELP: &str = "Invitation operations. Create, list and manage your MongoDB organization invites.

Usage:
  atlas organizations invitations [command]

Aliases:
  invitations, invitation

Available Commands:
  list        Return all pending invitations to your organization.
  describe    Return the details for the specified pending invitation to your organization.
  delete      Remove the specified pending invitation to your organization.
  update      Modifies the details of the specified pending invitation to your organization.
  invite      Invite the specified MongoDB user to your organization.

Flags:
  -h, --help   help for invitations

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.

Use \"atlas organizations invitations [command] --help\" for more information about a command.
";

/// `--help` of the `atlas organizations invitations` group: the official text plus
/// `apply` and `export` under Available Commands (decision apply-export-verbs, the
/// only change to an official help text).
pub const INVITATIONS_HELP: &str = "Invitation operations. Create, list and manage your MongoDB organization invites.

Usage:
  atlas organizations invitations [command]

Aliases:
  invitations, invitation

Available Commands:
  list        Return all pending invitations to your organization.
  describe    Return the details for the specified pending invitation to your organization.
  delete      Remove the specified pending invitation to your organization.
  update      Modifies the details of the specified pending invitation to your organization.
  invite      Invite the specified MongoDB user to your organization.
  apply       Make your organization's users match a members file.
  export      Print your organization's users as a members file.

Flags:
  -h, --help   help for invitations

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.

Use \"atlas organizations invitations [command] --help\" for more information about a command.
";

/// `--help` of `list`.
pub const LIST_HELP: &str = "Return all pending invitations to your organization. To use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.

Usage:
  atlas organizations invitations list [flags]

Aliases:
  list, ls

Examples:
  # Return a JSON-formatted list of pending invitations to the organization with the ID 5f71e5255afec75a3d0f96dc:
  atlas organizations invitations list --orgId 5f71e5255afec75a3d0f96dc --output json

Flags:
      --email string    Email address for the user.
  -h, --help            help for list
      --orgId string    Organization ID to use. This option overrides the settings in the configuration file or environment variable.
  -o, --output string   Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";

/// `--help` of `describe`.
pub const DESCRIBE_HELP: &str = "Return the details for the specified pending invitation to your organization. To use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.

Usage:
  atlas organizations invitations describe <invitationId> [flags]

Aliases:
  describe, get

Examples:
  # Return the JSON-formatted details of the pending invitation with the ID 5dd56c847a3e5a1f363d424d for the organization with the ID 5f71e5255afec75a3d0f96dc:
  atlas organizations invitations describe 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc --output json

Flags:
  -h, --help            help for describe
      --orgId string    Organization ID to use. This option overrides the settings in the configuration file or environment variable.
  -o, --output string   Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";

/// `--help` of `delete`.
pub const DELETE_HELP: &str = "Remove the specified pending invitation to your organization. To use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.

Usage:
  atlas organizations invitations delete <invitationId> [flags]

Aliases:
  delete, rm

Examples:
  # Remove the pending invitation with the ID 5dd56c847a3e5a1f363d424d from the organization with the ID 5f71e5255afec75a3d0f96dc:
  atlas organizations invitations delete 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc

Flags:
      --force          Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action.
  -h, --help           help for delete
      --orgId string   Organization ID to use. This option overrides the settings in the configuration file or environment variable.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";

/// `--help` of `update`.
pub const UPDATE_HELP: &str = "Modifies the details of the specified pending invitation to your organization. You can use either the invitation ID or the user's email address to specify the invitation.

To use this command, you must authenticate with a user account, a service account, or an API key with the Organization Owner role.

Usage:
  atlas organizations invitations update [invitationId] [flags]

Aliases:
  update, updates

Examples:
  # Modify the pending invitation with the ID 5dd56c847a3e5a1f363d424d to grant ORG_OWNER access the organization with the ID 5f71e5255afec75a3d0f96dc:
  atlas organizations invitations update 5dd56c847a3e5a1f363d424d --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json
\t\t
  # Modify the invitation for the user with the email address user@example.com to grant ORG_OWNER access the organization with the ID 5f71e5255afec75a3d0f96dc:
  atlas organizations invitations update --email user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json

Flags:
      --email string    Email address for the user.
  -f, --file string     Path to an optional JSON configuration file that defines invitation settings. Note: Unsupported fields in the JSON file are ignored.
  -h, --help            help for update
      --orgId string    Organization ID to use. This option overrides the settings in the configuration file or environment variable.
  -o, --output string   Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.
      --role strings    User's roles for the associated organization. Valid values include ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, and ORG_READ_ONLY. Passing this flag replaces preexisting data.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";

/// `--help` of `invite`.
pub const INVITE_HELP: &str = "Invite the specified MongoDB user to your organization. To use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.

Usage:
  atlas organizations invitations invite <email> [flags]

Aliases:
  invite, create

Examples:
  # Invite the MongoDB user with the email user@example.com to the organization with the ID 5f71e5255afec75a3d0f96dc with ORG_OWNER access:
  atlas organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json

Flags:
  -f, --file string      Path to an optional JSON configuration file that defines invitation settings. Note: Unsupported fields in the JSON file are ignored.
  -h, --help             help for invite
      --orgId string     Organization ID to use. This option overrides the settings in the configuration file or environment variable.
  -o, --output string    Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.
      --role strings     User's roles for the associated organization. Valid values include ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN, and ORG_READ_ONLY.
      --teamId strings   Unique 24-digit string that identifies the team.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";

/// `--help` of `apply` (ours, in the official CLI's style).
pub const APPLY_HELP: &str = "Make your organization's users match a members file. Reads the organization's users in every status and plans the changes that make them match the file: invite who is missing or whose invitation expired or was rejected, and update the organization roles, teams and project roles that differ. With --prune, also revoke the invitations of users who are not in the file; with --prune-members, also remove the active members who are not in the file. Prints the plan, then carries it out.

The file is the JSON array that invite --file takes, or an object with orgId, members and teams. Each user needs a username and roles; teams (names) or teamIds, and groupRoleAssignments (each with a project name or a groupId), are changed only for users who have them in the file. Each team of teams is created when missing, renamed when found under a name in its previously, and given exactly its projects when it has them. A file with an orgId is applied to that organization only.

To use this command, you must authenticate with a user account, a service account, or an API key with the Organization Owner role.

Usage:
  atlas organizations invitations apply [flags]

Examples:
  # Show what would change to make the organization with the ID 5f71e5255afec75a3d0f96dc match members.json, and exit with status 2 if anything would:
  atlas organizations invitations apply --file members.json --orgId 5f71e5255afec75a3d0f96dc --check

  # Invite, update and revoke invitations until the organization with the ID 5f71e5255afec75a3d0f96dc matches members.json:
  atlas organizations invitations apply --file members.json --orgId 5f71e5255afec75a3d0f96dc --prune

Flags:
      --check              Flag that indicates whether to only compare: exit with status 2 if anything would change and 0 if the organization matches the file, sending nothing that writes.
      --dry-run            Flag that indicates whether to print the plan and the requests it would send, sending nothing that writes.
  -f, --file string        Path to the JSON members file: an array of objects with username, roles, and optionally teams or teamIds and groupRoleAssignments, or an object with members and teams. Use - for standard input.
  -h, --help               help for apply
      --max-removals int   Largest number of removals of access (active members removed, teams deleted, a team taken out of a project) that a plan may make; a plan that makes more is refused. (default 5)
      --orgId string       Organization ID to use. This option overrides the settings in the configuration file or environment variable.
  -o, --output string      Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.
      --prune              Flag that indicates whether to revoke the pending, expired and rejected invitations of users who are not in the file.
      --prune-members      Flag that indicates whether to remove the active members who are not in the file.
      --prune-teams        Flag that indicates whether to delete the teams that the file's teams do not declare, taking each out of its projects first.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";

/// `--help` of `export` (ours, in the official CLI's style).
pub const EXPORT_HELP: &str = "Print your organization's users as a members file. Prints the pending invitations and active members of your organization as the JSON members file that the apply command takes: members sorted by username with their organization roles, teams and project roles, then every team of the organization with its project roles, teams and projects by name. With --ids, prints the JSON array of members instead, with team and project IDs and without the teams.

To use this command, you must authenticate with a user account, a service account, or an API key with the Organization User Admin role.

Usage:
  atlas organizations invitations export [flags]

Examples:
  # Save the users and teams of the organization with the ID 5f71e5255afec75a3d0f96dc to members.json:
  atlas organizations invitations export --orgId 5f71e5255afec75a3d0f96dc > members.json

  # Save the users of the organization with the ID 5f71e5255afec75a3d0f96dc to members.json, with team and project IDs:
  atlas organizations invitations export --orgId 5f71e5255afec75a3d0f96dc --ids > members.json

Flags:
  -h, --help            help for export
      --ids             Flag that indicates whether to print the JSON array of members with team and project IDs (teamIds, groupId) instead of names, without the teams.
      --orgId string    Organization ID to use. This option overrides the settings in the configuration file or environment variable.
  -o, --output string   Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, use the -o json option.

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings.
";
