//! Test helpers: run the built `atlas` in a clean environment, and the servers it
//! talks to. What belongs where:
//! - `command`: running the binary (cleared env, private HOME, deadline), `TestDir`,
//!   `Output` assertions, and `cmd`, the one-line command-line splitter.
//! - `fake_atlas/`: the std-only Atlas stand-in (HTTP, Digest, OAuth, invitations store).
//! - `apache`: Apache httpd with mod_auth_digest as a third-party server and proxy.
//! - `reflect`: a hostile server that sends back what it received (secrets included).
//! - `tools`: `require` for third-party tools (curl, apache2, …) and `free_port`.
//! - `openapi`: the Atlas specification extract (`tests/data/`) as a validator of
//!   requests and answers.
//! - `jsonschema`: a JSON Schema validator for the subset `docs/members.schema.json` uses.
//! - this file: the test keys and org, the recorded Atlas answers, and `fake` /
//!   `against*`, which point the binary at a server with the test keys.

pub mod apache;
pub mod command;
pub mod fake_atlas;
pub mod jsonschema;
pub mod openapi;
pub mod reflect;
pub mod tools;

pub use apache::{settled_log, Apache};
pub use command::{atlas, cmd, split, Output, TestDir, NOW, SUNSET};
pub use fake_atlas::{Canned, FakeAtlas, Keys};
pub use tools::{free_port, require};

/// The official CLI's text for missing or refused credentials; atlas adds one line
/// after it (decision credentials-hint).
pub const UNAUTHORIZED: &str = "unauthorized\n\nTo log in using your Atlas username and password or to set credentials using a Service account or API keys, run: atlas auth login";
/// That line when the fake refuses the test keys from the environment.
pub const KEYS_REFUSED: &str = "the server refused the API keys that were sent (public_api_key from MONGODB_ATLAS_PUBLIC_API_KEY, private_api_key from MONGODB_ATLAS_PRIVATE_API_KEY)";

pub const ORG: &str = "a0123456789abcdef012345a";
pub const PUBLIC: &str = "test-public-key";
pub const PRIVATE: &str = "test-private-key-6a8f-4c1e-9d55-0b2e7a31c9d4";

/// Atlas answers recorded from the official CLI's end-to-end run (keys in Atlas's order).
pub mod recorded {
    pub const INVITE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"test-783@mongodb.com"}"#;
    pub const INVITE_FILE_812: &str = r#"{"createdAt":"2026-08-10T03:03:42Z","expiresAt":"2026-09-09T03:03:42Z","groupRoleAssignments":[],"id":"6a793f8ec0eb9e7a17716c2d","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_READ_ONLY"],"teamIds":[],"username":"test-file-812@mongodb.com"}"#;
    pub const LIST: &str = r#"[{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"test-783@mongodb.com"},{"createdAt":"2026-08-10T03:03:42Z","expiresAt":"2026-09-09T03:03:42Z","groupRoleAssignments":[],"id":"6a793f8ec0eb9e7a17716c2d","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_READ_ONLY"],"teamIds":[],"username":"test-file-812@mongodb.com"},{"createdAt":"2026-08-10T03:03:46Z","expiresAt":"2026-09-09T03:03:46Z","groupRoleAssignments":[],"id":"6a793f922c88faeba59bcc25","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_READ_ONLY"],"teamIds":[],"username":"test-file-853@mongodb.com"}]"#;
    pub const UPDATE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_READ_ONLY"],"teamIds":[],"username":"test-783@mongodb.com"}"#;
    pub const UPDATE_FILE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_GROUP_CREATOR"],"teamIds":[],"username":"test-783@mongodb.com"}"#;
    pub const NOT_FOUND: &str = r#"{"detail":"No group with ID 111111111111111111111111 exists.","error":404,"errorCode":"GROUP_NOT_FOUND","parameters":["111111111111111111111111"],"reason":"Not Found"}"#;

    /// `-o json` of INVITE, exactly as the official CLI prints it (339 bytes).
    pub const INVITE_JSON: &str = "{\n  \"createdAt\": \"2026-08-10T03:03:37Z\",\n  \"expiresAt\": \"2026-09-09T03:03:37Z\",\n  \"groupRoleAssignments\": [],\n  \"id\": \"6a793f89c0eb9e7a177165b6\",\n  \"inviterUsername\": \"nmtxqlkl\",\n  \"orgId\": \"a0123456789abcdef012345a\",\n  \"orgName\": \"Atlas CLI E2E\",\n  \"roles\": [\n    \"ORG_MEMBER\"\n  ],\n  \"teamIds\": [],\n  \"username\": \"test-783@mongodb.com\"\n}\n";
}

/// A fake Atlas that checks Digest with the test keys.
pub fn fake() -> FakeAtlas {
    FakeAtlas::start(Some(Keys {
        public: PUBLIC.into(),
        private: PRIVATE.into(),
    }))
}

/// `atlas` pointed at `server` with the test keys in the environment.
pub fn against<S: AsRef<str>>(server: &FakeAtlas, args: &[S]) -> command::Command {
    against_url(&server.url(), args)
}

/// `against` with the arguments of a one-line command (rules: `command::split`).
pub fn against_line(server: &FakeAtlas, line: &str) -> command::Command {
    against(server, &split(line))
}

/// `atlas` pointed at any base URL (Apache, a TLS name) with the test keys.
pub fn against_url<S: AsRef<str>>(base_url: &str, args: &[S]) -> command::Command {
    atlas(args)
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", base_url)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", PRIVATE)
}
