//! The official CLI's `--help` texts, byte for byte: the one golden copy that
//! `help::render` (unit tests) and the built binary (tests/cli_surface.rs) are
//! checked against. Nothing at run time uses them; `help` renders from `spec`.

/// `--help` of the `atlas organizations invitations` group.
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
