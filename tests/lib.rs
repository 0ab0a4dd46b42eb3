//! One integration-test binary: every test runs the built `atlas` end to end.
//! A new test goes in the module whose line below names its subject.

/// Helpers only, no subject of their own: running the binary, the fake Atlas, Apache.
mod support;

/// Atlas error answers (4xx/5xx bodies, codes) and transport failures.
mod api_errors;
/// `apply` and `export` (membership as code): plans, what is sent, refusals, round trips.
mod apply;
/// `apply` with teams and names: create, rename, project roles, prune, the stops, dry-run, rate limits.
mod apply_teams;
/// Service accounts, user accounts, OAuth tokens and keyring-held secrets.
mod auth;
/// Every file read with a cap: devices, FIFOs, /proc.
mod bounded_reads;
/// Bulk invitations (`--file` lists, stdin) and `--dry-run`.
mod bulk;
/// Command names and aliases, help texts, version, pflag-style parsing errors.
mod cli_surface;
/// `atlas completion …` scripts: they parse in their shells and complete our commands.
mod completion;
/// config.toml, profiles and environment variables.
mod config;
/// `make demo`'s script against this build and the stand-in.
mod demo;
/// `export` by name (issue 25): the object form, `--ids`, its requests, the round trips through `apply`.
mod export_names;
/// `list`, `describe`, `update` and `delete` against the fake Atlas.
mod family;
/// Misbehaving servers: hangs, resets, garbage, unknown outcomes.
mod faults;
/// Hostile answers: a server echoing our secrets back, error bodies nested millions deep.
mod hostile;
/// Digest against third parties: curl against our fake, our client against Apache.
mod interop;
/// `invite` against the fake Atlas: the seed example, request shape, Digest.
mod invite;
/// Bad local input (files, arguments, templates) and secret hygiene.
mod local_input;
/// Every `-o` form (json, json-path, go-template, go-template-file) on every command.
mod output_formats;
/// Atlas's rate limits: waiting within one budget, bulk runs, the progress line, the token endpoint.
mod rate_limits;
/// Review in the pull request: the plan's Markdown template and the README's CI jobs, run as written.
mod review;
/// Rough edges: messages, `-D` body excerpts, a refusing proxy, the root help example.
mod rough_edges;
/// The members file's JSON Schema against `apply`: examples, `export`'s output, broken files.
mod schema;
/// The Atlas specification extract as an oracle: every verb on both backends, every request and answer validated.
mod spec_conformance;
/// The fake Atlas's teams, projects and project teams, driven by the typed calls (`api::teams`).
mod teams_fake;
/// TLS and proxies against real servers on loopback (Apache mod_ssl, CONNECT).
mod tls_proxy;
/// The service-account token cache: reuse across runs, private files, untrusted entries, revocation.
mod token_cache;
/// Mistakes that must not end green: unknown verbs, empty flags, missing profiles and credentials.
mod traps;
/// Which CA roots are trusted and when they are read (SSL_CERT_FILE, SSL_CERT_DIR).
mod trust;
/// The organization users API: the `invitations_api` setting, fallback, ids, `--skip-existing`.
mod users_api;
