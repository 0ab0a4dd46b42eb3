//! The five verbs. Each runs the official CLI's steps in its order: root pre-run
//! (profile, service), the command's pre-run (org ID, own checks), flag groups, then
//! the request and the output.

mod delete;
mod describe;
mod invite;
mod list;
mod request_file;
mod update;

use crate::api::auth;
use crate::api::client::{self, Auth, Client, Response, TransportError};
use crate::api::error as api_error;
use crate::api::model::{Decoder, Invitation};
use crate::cli::parse::{check_exclusive, Parsed};
use crate::cli::spec::Verb;
use crate::config::{is_true, Env, Settings};
use crate::error::{Error, Result};
use crate::go::url::path_escape;
use crate::json;
use crate::output::{Data, Template};
use std::io::Write;
use std::time::Duration;

/// The media type every invitations endpoint speaks (API version 2023-01-01).
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";
/// Default overall time for one request, changeable with `ATLAS_HTTP_TIMEOUT`.
const DEFAULT_TIMEOUT_SECS: f64 = 60.0;

/// What a command needs besides its flags: settings, environment and the streams.
pub struct Context<'a> {
    pub parsed: &'a Parsed,
    pub settings: Settings,
    pub env: &'a Env,
    pub stdout: &'a mut dyn Write,
}

pub fn run(parsed: &Parsed, env: &Env, stdout: &mut dyn Write) -> Result<()> {
    let verb = parsed
        .node()
        .verb
        .ok_or_else(|| Error::Usage("no command to run".into()))?;
    // Root PersistentPreRunE: profile and service.
    let profile = parsed.flags.string("profile");
    let settings = Settings::load(
        (parsed.flags.changed("profile")).then_some(profile),
        env.clone(),
    )?;
    settings.service()?;
    let mut ctx = Context {
        parsed,
        settings,
        env,
        stdout,
    };
    match verb {
        Verb::Invite => invite::run(&mut ctx),
        Verb::List => list::run(&mut ctx),
        Verb::Describe => describe::run(&mut ctx),
        Verb::Update => update::run(&mut ctx),
        Verb::Delete => delete::run(&mut ctx),
    }
}

impl Context<'_> {
    pub fn flags(&self) -> &crate::cli::parse::FlagValues {
        &self.parsed.flags
    }

    /// `ValidateOrgID`.
    pub fn org_id(&self) -> Result<String> {
        self.settings.org_id(self.flags().string("orgId"))
    }

    /// cobra's flag-group check, which runs after the command's pre-run.
    pub fn check_flag_groups(&self) -> Result<()> {
        check_exclusive(self.parsed)
    }

    /// Builds the authenticated client (the CLI's `initStore`) for a request to
    /// `path`: credentials are resolved, and a service-account or user-account token
    /// is fetched or refreshed first when needed.
    pub fn client(&self, method: &str, path: &str) -> Result<Client> {
        let creds = auth::credentials(&self.settings)?;
        if matches!(creds, auth::Credentials::None) {
            // No credentials at all: the official CLI sends the request unauthenticated
            // and prints the server's 401 as this message; we say it without the trip.
            return Err(Error::Api(api_error::UNAUTHORIZED.to_string()));
        }
        let timeout = match self.env.get("ATLAS_HTTP_TIMEOUT").filter(|v| !v.is_empty()) {
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
                .ok_or_else(|| {
                    Error::Config(format!(
                        "ATLAS_HTTP_TIMEOUT must be a number of seconds between 0 and 86400, not {v:?}"
                    ))
                })?,
            None => DEFAULT_TIMEOUT_SECS,
        };
        let base_url = self.settings.base_url()?;
        let api_url = format!("{base_url}{path}");
        let mut client = Client::new(
            client::Settings {
                base_url,
                auth: Auth::None,
                user_agent: user_agent(self.env),
                timeout: Duration::from_secs_f64(timeout),
                debug: self.flags().bool("debug"),
            },
            self.env,
        )
        .map_err(Error::Config)?;
        let auth = auth::authorize(&mut client, creds, &self.settings, method, &api_url)?;
        client.set_auth(auth);
        Ok(client)
    }

    pub fn output_format(&self) -> Result<String> {
        self.settings.output(self.flags().string("output"))
    }

    pub fn print(&mut self, bytes: &[u8]) -> Result<()> {
        write_out(self.stdout, bytes)
    }

    /// Prints the result in the requested format. On a template failure, what Go
    /// would already have flushed is printed before the error is returned.
    pub fn show(&mut self, format: &str, template: Template, data: &Data) -> Result<()> {
        match crate::output::render(format, template, data) {
            Ok(out) => self.print(&out),
            Err(f) => {
                self.print(&f.partial)?;
                Err(f.error)
            }
        }
    }
}

pub fn write_out(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not our failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Output(format!("writing output: {e}"))),
    }
}

/// `atlascli`-style User-Agent naming this program: `atlas-rs/<v> (<os>;<arch>;<tag>)`.
fn user_agent(env: &Env) -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    let flag = |k: &str| env.get(k).is_some_and(|v| is_true(v));
    let slots = [
        ("ATLAS_GITHUB_ACTION", "atlascli_github_action"),
        ("GITHUB_ACTIONS", "all_github_actions"),
        ("MONGODB_ATLAS_IS_CONTAINERIZED", "container"),
    ];
    let tag = if slots.iter().any(|(k, _)| flag(k)) {
        slots
            .iter()
            .map(|(k, name)| if flag(k) { *name } else { "-" })
            .collect::<Vec<_>>()
            .join("|")
    } else {
        "native".to_string()
    };
    format!("atlas-rs/{} ({os};{arch};{tag})", env!("CARGO_PKG_VERSION"))
}

/// `--dry-run`: prints each request that would be sent (method, URL, headers, the
/// exact body bytes), one block per request, without credentials or a connection.
pub fn dry_run(
    ctx: &mut Context,
    requests: &[(String, String, Option<json::Value>)],
) -> Result<()> {
    let base = ctx.settings.base_url()?;
    let mut out = String::new();
    for (i, (method, path, body)) in requests.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{method} {base}{path}\nAccept: {MEDIA_TYPE}\n"));
        if let Some(b) = body {
            out.push_str(&format!(
                "Content-Type: {MEDIA_TYPE}\n\n{}\n",
                json::to_compact(b)
            ));
        }
    }
    ctx.print(out.as_bytes())
}

/// `…/orgs/{orgId}/invites`, the collection every verb works on.
pub fn invites_path(org_id: &str) -> String {
    format!("/api/atlas/v2/orgs/{}/invites", path_escape(org_id))
}

/// `…/orgs/{orgId}/invites/{invitationId}`.
pub fn invitation_path(org_id: &str, id: &str) -> String {
    format!("{}/{}", invites_path(org_id), path_escape(id))
}

/// The SDK's required-parameter check on the invitation ID.
pub fn empty_invitation_id() -> Error {
    Error::Usage("invitationId is empty and must be specified".into())
}

/// Sends one request and turns failures into the CLI's error lines. `unknown_outcome`
/// is the advice printed when a POST/PATCH may or may not have taken effect.
pub fn call(
    client: &mut Client,
    method: &str,
    path: &str,
    body: Option<&json::Value>,
    unknown_outcome: Option<&str>,
) -> Result<Response> {
    let bytes = body.map(|v| (json::to_compact(v) + "\n").into_bytes());
    let result = client.send(
        method,
        path,
        MEDIA_TYPE,
        bytes.as_deref().map(|b| (MEDIA_TYPE, b)),
    );
    let url = format!("{}{}", client.base_url(), path);
    let resp = result.map_err(
        |TransportError {
             message,
             maybe_delivered,
             ..
         }| {
            let mut m = format!(
                "{} {}: {message}",
                client::op_name(method),
                crate::go::strconv::quote(&url)
            );
            if let (true, Some(advice)) = (maybe_delivered, unknown_outcome) {
                m.push_str("; ");
                m.push_str(advice);
            }
            Error::Network(m)
        },
    )?;
    sunset_warning(&resp);
    let without_query = url.split('?').next().unwrap_or(&url);
    if (300..400).contains(&resp.status) {
        // Following a redirect could carry credentials to another host; say where it
        // points instead.
        let to = resp.header("location").unwrap_or("(no Location header)");
        return Err(Error::Api(format!(
            "{without_query} {method}: HTTP {} {}: the server redirects to {to}; atlas does not follow redirects, set the base URL (MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url) to where Atlas is",
            resp.status, resp.status_text
        )));
    }
    if resp.status >= 300 {
        return Err(Error::Api(api_error::format(
            resp.status,
            &resp.status_text,
            method,
            without_query,
            resp.header("content-type").unwrap_or(""),
            &resp.body,
        )));
    }
    Ok(resp)
}

/// Decodes a success body as the SDK does: empty means nil, JSON media types only.
fn success_json(resp: &Response) -> Result<Option<json::Value>> {
    if resp.body.is_empty() {
        return Ok(None);
    }
    if !api_error::is_json_type(resp.header("content-type").unwrap_or("")) {
        return Err(Error::Api("undefined response type".into()));
    }
    json::parse(&resp.body)
        .map(Some)
        .map_err(|e| Error::Api(e.message))
}

pub fn decode_invitation(resp: &Response) -> Result<Option<Invitation>> {
    decode(resp, Decoder::invitation)
}

pub fn decode_invitations(resp: &Response) -> Result<Option<Vec<Invitation>>> {
    decode(resp, Decoder::invitations)
}

/// A success body through the SDK model; the decoder's first error fails the call.
fn decode<T>(
    resp: &Response,
    read: impl FnOnce(&mut Decoder, &json::Value) -> Option<T>,
) -> Result<Option<T>> {
    let Some(v) = success_json(resp)? else {
        return Ok(None);
    };
    let mut d = Decoder::new(false);
    let decoded = read(&mut d, &v);
    match d.error() {
        Some(e) => Err(Error::Api(e.to_string())),
        None => Ok(decoded),
    }
}

/// Decision sunset-warning: a `Sunset` date less than 180 days away (or past) earns one warning.
fn sunset_warning(resp: &Response) {
    use std::sync::atomic::{AtomicBool, Ordering};
    static WARNED: AtomicBool = AtomicBool::new(false);
    let Some(sunset) = resp.header("sunset") else {
        return;
    };
    let Some(when) = crate::go::http::parse_http_date(sunset) else {
        return;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days_left = (when - now).div_euclid(86_400);
    if days_left < 180 && !WARNED.swap(true, Ordering::Relaxed) {
        let date = sunset.trim();
        if days_left < 0 {
            eprintln!("Warning: Atlas retired the organization invitations API on {date} (Sunset header); these commands may stop working. Atlas recommends the organization users API instead.");
        } else {
            eprintln!("Warning: Atlas will retire the organization invitations API on {date} ({days_left} days from now, Sunset header). Atlas recommends the organization users API instead.");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_tags() {
        let env: Env = [("GITHUB_ACTIONS".to_string(), "true".to_string())].into();
        assert!(user_agent(&env).ends_with(";-|all_github_actions|-)"));
        assert!(user_agent(&Env::new()).ends_with(";native)"));
        assert!(user_agent(&Env::new()).starts_with("atlas-rs/"));
    }
}
