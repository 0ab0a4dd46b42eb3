//! The HTTP client: one ureq agent (so the Digest challenge and the authenticated
//! request share one connection), Digest or Bearer auth, Go-like error texts.

use super::digest::{self, Challenge};
use super::proxy;
use super::retry::{self, Decision, Limited, Notice, Pause, Source, Why};
use crate::config::Env;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Credentials for the Authorization header.
#[derive(Clone)]
pub enum Auth {
    /// Send no Authorization header.
    None,
    /// API keys: HTTP Digest with the public key as user and the private key as password.
    Digest { username: String, password: String },
    /// OAuth access token.
    Bearer(String),
}

/// A complete response: the body has been read, so the connection is reusable.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// An answer with one `Content-Type`, for the tests of what reads answers.
    #[cfg(test)]
    pub fn for_test(status: u16, content_type: &str, body: &str) -> Response {
        Response {
            status,
            status_text: String::new(),
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A failed exchange: the text after `Method "URL": ` (empty when rate limited: the
/// delivery holds the data), and how far it got.
#[derive(Debug)]
pub struct TransportError {
    pub message: String,
    pub delivery: Delivery,
}

/// How far a failed exchange got, which decides what may be retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Nothing reached the server (no connection, TLS or proxy refused).
    NotSent,
    /// The request went out and the connection broke, as a stale kept-alive
    /// connection does: worth one more try for an idempotent request.
    Broken,
    /// The request went out and no usable answer came: a timeout (the wait would
    /// double) or an oversized answer (it would come again). Not retried.
    Unanswered,
    /// Nothing was tried: a local setting is wrong (the CA bundle).
    Local,
    /// The server answered that it did not act on it (rate limited), and waiting
    /// longer is not allowed: what it said, and the budget.
    RateLimited(Box<GaveUp>),
}

/// A rate-limited answer atlas stopped waiting for: what the server said, the wait it
/// asked for (or the next backoff), why atlas stopped, and the run's budget. Data: the
/// caller words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GaveUp {
    pub status: u16,
    pub status_text: String,
    /// The limit as the classifier read it (inert); may be empty.
    pub limit: String,
    /// The wait in ms; `u64::MAX` when it saturated.
    pub ms: u64,
    pub source: Source,
    pub why: Why,
    /// The setting that holds the budget, what was left of it and its size (ms).
    pub setting: &'static str,
    pub left_ms: u64,
    pub budget_ms: u64,
}

impl Delivery {
    /// The server may already have acted on the request: it went out, and no answer
    /// came back.
    pub fn maybe_delivered(&self) -> bool {
        matches!(self, Delivery::Broken | Delivery::Unanswered)
    }

    /// Worth one more try for an idempotent request: the connection broke, as a stale
    /// kept-alive connection does. Timeouts (the wait would double) and oversized
    /// answers (they would come again) are not.
    pub fn retriable(&self) -> bool {
        *self == Delivery::Broken
    }

    /// Nothing was sent because of a local setting (the CA bundle): the message stands
    /// alone, without the request, and every request would fail the same way.
    pub fn local(&self) -> bool {
        *self == Delivery::Local
    }
}

impl TransportError {
    pub fn new(message: String, delivery: Delivery) -> TransportError {
        TransportError { message, delivery }
    }
}

/// Whether a `Content-Type` is JSON to the SDK: `(?i:(?:application|text)/(?:vnd\.[^;]+\+)?json)`.
pub fn is_json_type(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    for prefix in ["application/", "text/"] {
        let mut from = 0;
        while let Some(i) = ct[from..].find(prefix) {
            let rest = &ct[from + i + prefix.len()..];
            if rest.starts_with("json") {
                return true;
            }
            if let Some(vnd) = rest.strip_prefix("vnd.") {
                // `[^;]+\+json`: at least one character, then "+json", all before any ';'.
                let seg = &vnd[..vnd.find(';').unwrap_or(vnd.len())];
                if seg.get(1..).is_some_and(|s| s.contains("+json")) {
                    return true;
                }
            }
            from += i + prefix.len();
        }
    }
    false
}

/// How much of a non-JSON error body `-D` shows.
const DEBUG_BODY_BYTES: usize = 200;
/// Responses larger than this are refused: an invitation list is kilobytes.
pub const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;
/// Digest challenge/answer rounds for one request: the challenge, the answer, and one
/// more answer when the server says the nonce went stale.
const MAX_DIGEST_ROUNDS: usize = 3;
/// Reads an answer: `Some` when it is rate limited (the request was not acted on and
/// may be sent again, whatever its method).
pub type Classify = fn(&Response) -> Option<Limited>;

/// How rate-limited answers are waited for (decision rate-limit-wait).
#[derive(Clone)]
pub struct RateLimits {
    /// Which answers are rate limited, and what they say (the caller knows the server).
    pub classify: Classify,
    /// All waiting in one run, in the server's milliseconds; 0 never waits.
    pub budget_ms: u64,
    /// What is left of it (the client counts it down as it waits).
    pub left_ms: u64,
    /// Real time per server time: 1, or less under the test hook (decision
    /// wait-scale-test-hook).
    pub scale: f64,
    /// The setting that holds the budget, named when waiting stops.
    pub setting: &'static str,
    /// Does the waiting and shows it.
    pub pause: Rc<dyn Pause>,
}

pub struct Settings {
    pub base_url: String,
    pub auth: Auth,
    pub user_agent: String,
    pub timeout: Duration,
    /// The setting that holds `timeout`, named when an answer does not come in time.
    pub timeout_setting: &'static str,
    pub debug: bool,
    pub rate_limits: RateLimits,
}

pub struct Client {
    agent: ureq::Agent,
    /// The proxy's host and port (never its credentials), when one is used.
    proxy: Option<(String, u16)>,
    base_url: String,
    auth: Auth,
    debug: bool,
    timeout_setting: &'static str,
    /// The last Digest challenge and how many requests used its nonce.
    digest: Option<(Challenge, u32)>,
    rate_limits: RateLimits,
}

/// Bytes from the OS random source, or, should it fail, time-derived bytes, which still
/// vary per call (a cnonce must be unpredictable, not secret; a jitter need be neither).
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    let random = super::tls::SECURE_RANDOM;
    if random.fill(&mut buf).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
            .to_le_bytes();
        for (b, t) in buf.iter_mut().zip(t.iter().cycle()) {
            *b = *t;
        }
    }
    buf
}

fn cnonce() -> String {
    super::md5::hex(&random_bytes::<16>())
}

/// URLs are taken apart by one parser for every decision (decision base-url-plain).
pub use crate::config::url::Target;

/// Go's `url.Error` Op: the method with only its first letter upper-case.
pub fn op_name(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

impl Client {
    pub fn new(s: Settings, env: &Env) -> Result<Client, String> {
        // The caller checked the base URL (decision base-url-plain); checked again here,
        // as the proxy is chosen for this host. The URL is not shown: it may hold a password.
        let Target {
            scheme, host, port, ..
        } = crate::config::url::check_base(&format!("{}/", s.base_url))
            .map_err(|flaw| format!("invalid base URL: {flaw}"))?;
        let proxy_url = proxy::proxy_for(env, &scheme, &host, port);
        let proxy = match &proxy_url {
            Some(url) => Some(
                ureq::Proxy::new(url)
                    .map_err(|e| format!("invalid proxy URL in the environment: {e}"))?,
            ),
            None => None,
        };
        let proxy_addr = proxy_url.as_deref().and_then(proxy_address);
        if let Some(p) = &proxy {
            // Decision no-socks-proxies: ureq's SOCKS support is not built in, and without
            // this check the request would go around the proxy.
            use ureq::ProxyProtocol as P;
            if matches!(
                p.protocol(),
                P::Socks4 | P::Socks4A | P::Socks5 | P::Socks5h
            ) {
                return Err(
                    "unsupported proxy in the environment: atlas speaks to http:// and https:// proxies, not SOCKS".into(),
                );
            }
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(s.timeout))
            .user_agent(s.user_agent.as_str())
            .proxy(proxy)
            .build();
        // Roots are read only when a TLS connection is about to be made (api::tls).
        let trust = super::tls::Trust::new(super::roots::Sources::from_env(env));
        let agent = ureq::Agent::with_parts(
            config,
            super::tls::connector(trust),
            ureq::unversioned::resolver::DefaultResolver::default(),
        );
        Ok(Client {
            agent,
            proxy: proxy_addr,
            base_url: s.base_url,
            auth: s.auth,
            debug: s.debug,
            timeout_setting: s.timeout_setting,
            digest: None,
            rate_limits: s.rate_limits,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn set_auth(&mut self, auth: Auth) {
        if let Auth::Digest { password, .. } | Auth::Bearer(password) = &auth {
            crate::redact::register(password);
        }
        self.auth = auth;
    }

    /// A form POST to an OAuth endpoint (`Accept: application/json`).
    pub fn post_form(
        &mut self,
        url: &str,
        authorization: &str,
        body: &[u8],
    ) -> Result<Response, TransportError> {
        let authz = (!authorization.is_empty()).then_some(authorization);
        self.waiting_for_rate_limits(|c| {
            c.exchange(
                "POST",
                url,
                "application/json",
                Some(("application/x-www-form-urlencoded", body)),
                authz,
            )
        })
    }

    /// Sends one API request. A rate-limited answer (the server did not act on it) is
    /// sent again, whatever the method, after the wait it asks for, within the run's
    /// budget; a GET or DELETE that fails in transit is sent again once.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        accept: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Response, TransportError> {
        let mut transport_retried = false;
        self.waiting_for_rate_limits(|c| {
            c.send_retrying_once(method, path, accept, body, &mut transport_retried)
        })
    }

    /// `send_once`, and once more for a GET or DELETE that broke in transit.
    fn send_retrying_once(
        &mut self,
        method: &str,
        path: &str,
        accept: &str,
        body: Option<(&str, &[u8])>,
        transport_retried: &mut bool,
    ) -> Result<Response, TransportError> {
        loop {
            match self.send_once(method, path, accept, body) {
                Err(e)
                    if matches!(method, "GET" | "DELETE")
                        && e.delivery.retriable()
                        && !*transport_retried =>
                {
                    if self.debug {
                        crate::redact::say!("DEBUG {method} failed ({}); retrying once", e.message);
                    }
                    *transport_retried = true;
                    self.digest = None;
                }
                other => return other,
            }
        }
    }

    /// Runs `exchange` until its answer is not rate limited, waiting in between as the
    /// schedule (`retry::decide`) says; stops with a rate-limited error when the next
    /// wait would go past what is left of the run's budget.
    fn waiting_for_rate_limits(
        &mut self,
        mut exchange: impl FnMut(&mut Client) -> Result<Response, TransportError>,
    ) -> Result<Response, TransportError> {
        let mut attempt = 0u32;
        let mut zero_waits = 0u32;
        loop {
            let resp = exchange(self)?;
            let Some(limited) = (self.rate_limits.classify)(&resp) else {
                return Ok(resp);
            };
            let now = crate::go::time::unix_now();
            let asked = resp
                .header("retry-after")
                .and_then(|v| retry::retry_after_ms(v, now))
                .map(|ms| (ms, Source::RetryAfter))
                .or_else(|| {
                    limited
                        .asked_secs
                        .map(|s| (s.saturating_mul(1000), Source::Body))
                });
            let facts = retry::Facts {
                asked,
                attempt,
                zero_waits,
                budget_ms: self.rate_limits.budget_ms,
                left_ms: self.rate_limits.left_ms,
                jitter: jitter(),
            };
            match retry::decide(&facts) {
                Decision::Wait { ms, source } => {
                    if self.debug {
                        crate::redact::say!(
                            "DEBUG {} {}: rate limited; sending again in {} ms ({})",
                            resp.status,
                            resp.status_text,
                            ms,
                            source_name(source)
                        );
                    }
                    let notice = Notice {
                        ms,
                        status: resp.status,
                        source,
                    };
                    let real = retry::real_duration(ms, self.rate_limits.scale);
                    self.rate_limits.pause.pause(&notice, real);
                    self.rate_limits.left_ms = self.rate_limits.left_ms.saturating_sub(ms);
                    attempt = attempt.saturating_add(1);
                    zero_waits = if ms == 0 {
                        zero_waits.saturating_add(1)
                    } else {
                        0
                    };
                    // The nonce count goes on (send_once); a fresh answer per request.
                }
                Decision::GiveUp { ms, source, why } => {
                    let gave_up = GaveUp {
                        status: resp.status,
                        status_text: resp.status_text,
                        limit: limited.limit,
                        ms,
                        source,
                        why,
                        setting: self.rate_limits.setting,
                        left_ms: self.rate_limits.left_ms,
                        budget_ms: self.rate_limits.budget_ms,
                    };
                    // The words are the caller's (its error's Display): no message.
                    return Err(TransportError::new(
                        String::new(),
                        Delivery::RateLimited(Box::new(gave_up)),
                    ));
                }
            }
        }
    }

    /// Sends one API request (`path` starts with `/api/...` and may hold a query),
    /// answering Digest challenges on the same connection.
    fn send_once(
        &mut self,
        method: &str,
        path: &str,
        accept: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Response, TransportError> {
        let url = format!("{}{}", self.base_url, path);
        let target = Target::parse(&url).map_or_else(|| path.to_string(), |t| t.path);
        let (username, password) = match &self.auth {
            Auth::Digest { username, password } => (username.clone(), password.clone()),
            Auth::Bearer(token) => {
                let authz = format!("Bearer {token}");
                return self.exchange(method, &url, accept, body, Some(&authz));
            }
            Auth::None => return self.exchange(method, &url, accept, body, None),
        };
        // Reuse the last challenge's nonce with the next nonce count (RFC 7616 §3.4),
        // so a run of requests costs one challenge, not one each.
        let mut authz = self.digest.as_mut().map(|(ch, nc)| {
            *nc += 1;
            digest::authorization(ch, &username, &password, method, &target, *nc, &cnonce())
        });
        let mut from_cache = authz.is_some();
        let mut answered = 0;
        loop {
            let resp = self.exchange(method, &url, accept, body, authz.as_deref())?;
            if resp.status != 401 || answered + 1 >= MAX_DIGEST_ROUNDS {
                return Ok(resp);
            }
            let values = resp
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("www-authenticate"))
                .map(|(_, v)| v.as_str());
            let ch = match digest::select(&digest::parse_challenges(values)) {
                Ok(ch) => ch,
                // A 401 without a Digest challenge is the server's final word.
                Err(digest::ChallengeError::NoDigest) => return Ok(resp),
                Err(e) => return Err(TransportError::new(e.to_string(), Delivery::NotSent)),
            };
            // After a fresh answer was refused, only a stale nonce is worth another try;
            // a refused reused nonce falls back to the new challenge.
            if authz.is_some() && !ch.stale && !from_cache {
                self.digest = None;
                return Ok(resp);
            }
            from_cache = false;
            authz = Some(digest::authorization(
                &ch,
                &username,
                &password,
                method,
                &target,
                1,
                &cnonce(),
            ));
            self.digest = Some((ch, 1));
            answered += 1;
        }
    }

    fn exchange(
        &self,
        method: &str,
        url: &str,
        accept: &str,
        body: Option<(&str, &[u8])>,
        authorization: Option<&str>,
    ) -> Result<Response, TransportError> {
        let started = Instant::now();
        // What ureq is given is rebuilt from what the checks judged (decision
        // base-url-plain): no user info, no fragment, the host as parsed.
        let target = Target::parse(url).filter(|t| !t.user_info && !t.fragment);
        let Some(target) = target else {
            return Err(TransportError::new(
                "invalid URL: expected http(s)://host[:port][/path] with no user name, password or fragment".into(),
                Delivery::NotSent,
            ));
        };
        let wire = target.url();
        if self.debug {
            // Only the scheme of the credentials is shown, never their value.
            let scheme = authorization
                .and_then(|a| a.split(' ').next())
                .unwrap_or("none");
            let size = body.map_or(0, |(_, b)| b.len());
            crate::redact::say!(
                "DEBUG > {method} {url} (Authorization: {scheme}; {size} bytes of body)"
            );
        }
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(wire.as_str())
            .header("Accept", accept);
        if let Some((content_type, _)) = body {
            builder = builder.header("Content-Type", content_type);
        }
        if let Some(a) = authorization {
            register_credentials(a);
            builder = builder.header("Authorization", a);
        }
        let result = match body {
            Some((_, bytes)) => builder
                .body(bytes)
                .map_err(|e| e.to_string())
                .map(|r| self.agent.run(r)),
            None => builder
                .body(())
                .map_err(|e| e.to_string())
                .map(|r| self.agent.run(r)),
        };
        let result = result
            .map_err(|m| TransportError::new(format!("invalid request: {m}"), Delivery::NotSent))?;
        let response = result.and_then(|mut r| {
            let status = r.status();
            let headers = r
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            // Read to the end so the connection goes back to the pool for the next leg.
            let body = r
                .body_mut()
                .with_config()
                .limit(MAX_BODY_BYTES)
                .read_to_vec()?;
            Ok(Response {
                status: status.as_u16(),
                status_text: status.canonical_reason().unwrap_or("").to_string(),
                headers,
                body,
            })
        });
        // Keep ureq's own text for the debug line, except where the proxy is named.
        let response = response.map_err(|e| match self.proxy_dial_error(&e) {
            Some(message) => (
                message.clone(),
                TransportError::new(message, Delivery::NotSent),
            ),
            None => (e.to_string(), describe(e, url, self.timeout_setting)),
        });
        if self.debug {
            let ms = started.elapsed().as_millis();
            match &response {
                Ok(r) => {
                    let mut line = format!(
                        "DEBUG < {} {} {url} ({ms} ms, {} bytes",
                        r.status,
                        r.status_text,
                        r.body.len()
                    );
                    for h in ["Content-Type", "Deprecation", "Sunset", "Retry-After"] {
                        if let Some(v) = r.header(h) {
                            line.push_str(&format!("; {h}: {}", crate::go::strconv::inert(v)));
                        }
                    }
                    if r.header("www-authenticate").is_some() {
                        line.push_str("; WWW-Authenticate: present");
                    }
                    crate::redact::say!("{line})");
                    if let Some(snippet) = self.error_body_snippet(r) {
                        crate::redact::say!("{snippet}");
                    }
                }
                Err((raw, _)) => crate::redact::say!("DEBUG < error after {ms} ms: {raw}"),
            }
        }
        response.map_err(|(_, e)| e)
    }

    /// For `-D`: the start of an error answer that is not JSON (a gateway's HTML
    /// page, say), which the error line can only call "undefined response type".
    /// Quoted on one line. Linear in the body whatever it holds (decision
    /// `bounded-json`), and scrubbed of this run's secrets before it is cut, so that
    /// no prefix of a secret remains (decision `secrets-redacted`).
    fn error_body_snippet(&self, r: &Response) -> Option<String> {
        if r.status < 300 || r.body.is_empty() {
            return None;
        }
        let json_typed = is_json_type(r.header("content-type").unwrap_or(""));
        if json_typed && crate::go::json::valid(&r.body) {
            return None;
        }
        // All of it: a secret that starts in the shown part may end far after it.
        let mut text = crate::redact::scrub(&String::from_utf8_lossy(&r.body)).into_owned();
        let mut end = text.len().min(DEBUG_BODY_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        let size = if r.body.len() > DEBUG_BODY_BYTES {
            format!("first {DEBUG_BODY_BYTES} of {} bytes", r.body.len())
        } else {
            format!("{} bytes", r.body.len())
        };
        Some(format!(
            "DEBUG < body ({size}): {}",
            crate::go::strconv::quote(&text)
        ))
    }

    /// Go's `proxyconnect tcp: …` for a failure to reach the proxy itself, which
    /// would otherwise read as the target refusing the connection.
    fn proxy_dial_error(&self, e: &ureq::Error) -> Option<String> {
        use ureq::Error as E;
        let (host, port) = self.proxy.as_ref()?;
        let hp = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let lookup_failed = format!("proxyconnect tcp: dial tcp: lookup {host}: no such host");
        let why = match e {
            E::HostNotFound => return Some(lookup_failed),
            E::ConnectionFailed => "connect: connection failed",
            E::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
                "i/o timeout (no connection within 5s)"
            }
            E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                "connect: connection refused"
            }
            E::Io(io) if io.to_string().contains("failed to lookup address") => {
                return Some(lookup_failed)
            }
            _ => return None,
        };
        Some(format!("proxyconnect tcp: dial tcp {hp}: {why}"))
    }
}

/// A draw in 0..1000 for the backoff's jitter (it need not be unpredictable).
fn jitter() -> u32 {
    u32::from_le_bytes(random_bytes::<4>()) % 1000
}

fn source_name(source: Source) -> &'static str {
    match source {
        Source::RetryAfter => "Retry-After",
        Source::Body => "as the answer asks",
        Source::Backoff => "backoff; the answer names no wait",
    }
}

/// Decision secrets-redacted: the credentials an `Authorization` header carries are
/// secrets for the rest of the run: a bearer token; a Basic credential as sent (base64),
/// decoded (`client_id:secret`, the secret query-escaped) and its secret alone.
fn register_credentials(header: &str) {
    let Some((scheme, credential)) = header.split_once(' ') else {
        return;
    };
    let credential = credential.trim();
    if scheme.eq_ignore_ascii_case("digest") {
        return; // a hash of the password, never the password
    }
    crate::redact::register(credential);
    if scheme.eq_ignore_ascii_case("basic") {
        if let Some(decoded) = crate::go::base64::decode_url(credential) {
            let decoded = String::from_utf8_lossy(&decoded);
            crate::redact::register(&decoded);
            if let Some((_, secret)) = decoded.split_once(':') {
                crate::redact::register(secret);
            }
        }
    }
}

/// Host and port of a proxy URL (Go's defaults: 80 for http, 443 for https).
fn proxy_address(url: &str) -> Option<(String, u16)> {
    Target::parse(url).map(|t| (t.host, t.port))
}

fn host_port(url: &str) -> String {
    Target::parse(url).map_or_else(|| url.to_string(), |t| t.host_port())
}

fn tls_message(host: &str, e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => format!(
            "tls: failed to verify certificate for {host}: {c:?} (if a proxy or gateway re-signs TLS, set SSL_CERT_FILE to its CA bundle)"
        ),
        other => format!("tls: handshake with {host} failed: {other}"),
    }
}

fn timed_out(setting: &str) -> String {
    format!("timeout: no complete response in time (set {setting} to wait longer, in seconds)")
}

/// Turns a ureq failure into one line, and says whether the request may have arrived.
/// `timeout_setting` is the setting a timeout's message names.
fn describe(e: ureq::Error, url: &str, timeout_setting: &str) -> TransportError {
    use ureq::Error as E;
    let hp = host_port(url);
    let host = Target::parse(url).map(|t| t.host).unwrap_or_default();
    use Delivery::{Broken, NotSent, Unanswered};
    let (message, delivery) = match e {
        E::Other(o) if o.is::<super::roots::TrustError>() => (o.to_string(), Delivery::Local),
        E::HostNotFound => (format!("dial tcp: lookup {host}: no such host"), NotSent),
        E::ConnectionFailed => (format!("dial tcp {hp}: connect: connection failed"), NotSent),
        E::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            (format!("dial tcp {hp}: i/o timeout (no connection within 5s)"), NotSent)
        }
        E::Timeout(_) => (timed_out(timeout_setting), Unanswered),
        E::Io(io) => {
            use std::io::ErrorKind as K;
            if let Some(r) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
                return TransportError::new(tls_message(&host, r), NotSent);
            }
            match io.kind() {
                K::ConnectionRefused => {
                    (format!("dial tcp {hp}: connect: connection refused"), NotSent)
                }
                K::ConnectionReset | K::BrokenPipe => {
                    ("read: connection reset by peer".to_string(), Broken)
                }
                K::UnexpectedEof => (
                    "EOF (the server closed the connection without a complete response)"
                        .to_string(),
                    Broken,
                ),
                _ if io.to_string().contains("failed to lookup address") => {
                    (format!("dial tcp: lookup {host}: no such host"), NotSent)
                }

                K::TimedOut | K::WouldBlock => (timed_out(timeout_setting), Unanswered),
                _ => (io.to_string(), Broken),
            }
        }
        E::Rustls(r) => (tls_message(&host, &r), NotSent),
        E::Tls(t) => (format!("tls: {t}"), NotSent),
        E::BodyExceedsLimit(n) => (
            format!("the response body is larger than the {n}-byte limit"),
            Unanswered,
        ),
        E::Protocol(p) => (format!("malformed HTTP response: {p}"), Broken),
        E::InvalidProxyUrl => ("invalid proxy URL".to_string(), NotSent),
        // The tunnel was never opened, so nothing reached Atlas.
        E::ConnectProxyFailed(why) if why.contains("407") => (
            "the proxy refused the CONNECT (407 Proxy Authentication Required): check the user and password in HTTPS_PROXY".to_string(),
            NotSent,
        ),
        E::ConnectProxyFailed(why) => (format!("proxy CONNECT failed: {why}"), NotSent),
        E::BadUri(u) => (format!("invalid URL: {u}"), NotSent),
        other => (other.to_string(), Broken),
    };
    TransportError::new(message, delivery)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_names() {
        assert_eq!(op_name("POST"), "Post");
        assert_eq!(op_name("DELETE"), "Delete");
    }

    #[test]
    fn cnonces_differ() {
        let (a, b) = (cnonce(), cnonce());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
