//! A std-only stand-in for the Atlas invitations API on loopback: Digest challenges
//! worded exactly like Atlas's, a small in-memory invitations store, canned answers
//! for scripted tests, and a log of every request with the client's port.
//!
//! Shared by the integration tests and the `atlas_standin` example used by `make demo`.

#![allow(dead_code)]

use atlas::api::md5::{hex, md5};
use atlas::json::{self, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub const REALM: &str = "MMS Public API";
pub const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json;charset=utf-8";

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Logged {
    /// 1-based number of the TCP connection it arrived on.
    pub connection: usize,
    pub peer_port: u16,
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether it carried a valid Digest answer (always true without auth).
    pub authorized: bool,
    pub status: u16,
}

impl Logged {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A scripted answer for the next authorized request.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    /// A JSON answer with the headers Atlas sends on invitation endpoints.
    pub fn json(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![
                ("Content-Type".into(), MEDIA_TYPE.into()),
                ("Deprecation".into(), "Wed, 19 Feb 2025 00:00:00 GMT".into()),
                ("Sunset".into(), "Thu, 1 Jul 2027 00:00:00 GMT".into()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    /// An Atlas error answer (`application/json`).
    pub fn error(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn raw(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Canned {
        Canned {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
        }
    }
}

#[derive(Clone)]
pub struct Keys {
    pub public: String,
    pub private: String,
}

#[derive(Default)]
struct State {
    log: Vec<Logged>,
    canned: VecDeque<Canned>,
    invitations: Vec<Value>,
    next_id: u64,
    nonce_counter: u64,
    /// Answer every Digest answer with a stale nonce this many more times.
    stale_left: usize,
    /// Print each request to stderr as it arrives (the demo stand-in).
    echo: bool,
    /// With `echo`: one line per request instead of headers and body.
    brief: bool,
    /// Service account the token endpoint accepts: (client id, secret).
    service_account: Option<(String, String)>,
    /// Refresh tokens the device-token endpoint accepts.
    refresh_tokens: Vec<String>,
    /// Bearer tokens the API accepts (issued here or seeded by a test).
    bearer_tokens: Vec<String>,
    /// Delay before answering each request, for timeout tests.
    delay: Option<Duration>,
    /// Nonces handed out, with the highest nonce count seen for each.
    nonces: Vec<(String, u32)>,
    /// Refuse reused nonces (nc > 1), like a server that wants a challenge per request.
    single_use_nonces: bool,
}

pub struct FakeAtlas {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
    handle: Option<JoinHandle<()>>,
}

impl FakeAtlas {
    /// Starts on 127.0.0.1 with a free port. `keys: None` accepts every request.
    pub fn start(keys: Option<Keys>) -> FakeAtlas {
        Self::start_on("127.0.0.1:0", keys)
    }

    pub fn start_on(bind: &str, keys: Option<Keys>) -> FakeAtlas {
        let listener = TcpListener::bind(bind).expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let (s, st, c) = (state.clone(), stop.clone(), connections.clone());
        let handle = std::thread::spawn(move || {
            let mut workers = Vec::new();
            for stream in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let n = c.fetch_add(1, Ordering::SeqCst) + 1;
                let (s, keys, st) = (s.clone(), keys.clone(), st.clone());
                workers.push(std::thread::spawn(move || serve(stream, n, s, keys, st)));
            }
            for w in workers {
                let _ = w.join();
            }
        });
        FakeAtlas {
            addr,
            state,
            stop,
            connections,
            handle: Some(handle),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Queues answers for the next authorized requests, in order.
    pub fn push(&self, canned: Canned) {
        self.lock().canned.push_back(canned);
    }

    /// One line per request when echoing (benchmarks count them).
    pub fn brief(&self, on: bool) {
        self.lock().brief = on;
    }

    /// Fills the store with `n` invitations (for list benchmarks).
    pub fn preload(&self, org: &str, n: usize) {
        let mut s = self.lock();
        for i in 0..n {
            s.next_id += 1;
            let inv = Value::Object(vec![
                ("createdAt".into(), Value::str("2026-08-10T03:03:37Z")),
                ("expiresAt".into(), Value::str("2026-09-09T03:03:37Z")),
                ("groupRoleAssignments".into(), Value::Array(vec![])),
                (
                    "id".into(),
                    Value::String(format!("6a793f89c0eb9e7a{:08x}", s.next_id)),
                ),
                ("inviterUsername".into(), Value::str("nmtxqlkl")),
                ("orgId".into(), Value::str(org)),
                ("orgName".into(), Value::str("Atlas CLI E2E")),
                ("roles".into(), Value::Array(vec![Value::str("ORG_MEMBER")])),
                ("teamIds".into(), Value::Array(vec![])),
                (
                    "username".into(),
                    Value::String(format!("user{i}@example.com")),
                ),
            ]);
            s.invitations.push(inv);
        }
    }

    /// Accept this service account at `/api/oauth/token`.
    pub fn accept_service_account(&self, id: &str, secret: &str) {
        self.lock().service_account = Some((id.to_string(), secret.to_string()));
    }

    /// Accept this refresh token at the user-account token endpoint.
    pub fn accept_refresh_token(&self, token: &str) {
        self.lock().refresh_tokens.push(token.to_string());
    }

    /// Accept this Bearer token on API calls.
    pub fn accept_bearer(&self, token: &str) {
        self.lock().bearer_tokens.push(token.to_string());
    }

    /// Refuse a nonce once it has been used (answers with a fresh challenge).
    pub fn single_use_nonces(&self) {
        self.lock().single_use_nonces = true;
    }

    /// Wait this long before each answer.
    pub fn delay(&self, d: Duration) {
        self.lock().delay = Some(d);
    }

    /// Print every request to stderr as it arrives.
    pub fn echo(&self, on: bool) {
        self.lock().echo = on;
    }

    /// The next `n` Digest answers are refused with `stale=true`.
    pub fn stale_next(&self, n: usize) {
        self.lock().stale_left = n;
    }

    pub fn requests(&self) -> Vec<Logged> {
        self.lock().log.clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    pub fn stop(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for FakeAtlas {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

fn write_response(w: &mut TcpStream, c: &Canned) -> std::io::Result<()> {
    let reason = match c.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", c.status);
    for (k, v) in &c.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", c.body.len()));
    // One write: a head and a body in two small segments would meet Nagle's
    // algorithm and the client's delayed ACK (a 40 ms stall per answer).
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&c.body);
    w.write_all(&bytes)?;
    w.flush()
}

/// Splits `k="v", k2=v2` Authorization parameters (values have no escaped quotes here).
fn auth_params(h: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = h.trim();
    while !rest.is_empty() {
        let Some((k, v)) = rest.split_once('=') else {
            break;
        };
        let k = k.trim().trim_start_matches(',').trim().to_string();
        let v = v.trim_start();
        let (value, after) = if let Some(q) = v.strip_prefix('"') {
            let end = q.find('"').unwrap_or(q.len());
            (q[..end].to_string(), q.get(end + 1..).unwrap_or(""))
        } else {
            let end = v.find(',').unwrap_or(v.len());
            (v[..end].trim().to_string(), &v[end..])
        };
        out.push((k, value));
        rest = after.trim_start().trim_start_matches(',');
    }
    out
}

/// An unsigned JWT whose `exp` is `secs` from now (negative: already expired).
pub fn jwt(secs: i64, subject: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let enc = |s: &str| {
        atlas::api::auth::base64_encode(s.as_bytes())
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    };
    format!(
        "{}.{}.{}",
        enc(r#"{"alg":"none","typ":"JWT"}"#),
        enc(&format!(r#"{{"sub":"{subject}","exp":{}}}"#, now + secs)),
        enc("signature")
    )
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn form_value(body: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(v))
    })
}

/// The OAuth endpoints: client credentials and user-account refresh.
fn oauth(state: &Mutex<State>, req: &Request) -> Option<Canned> {
    let path = req.target.split('?').next().unwrap_or("");
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    if path.ends_with("/api/oauth/token") {
        let want = s.service_account.clone()?;
        let expected = format!(
            "Basic {}",
            atlas::api::auth::base64_encode(format!("{}:{}", want.0, want.1).as_bytes())
        );
        let grant = form_value(&req.body, "grant_type");
        if header(req, "authorization") != Some(expected.as_str()) {
            return Some(Canned::error(
                401,
                r#"{"error":"invalid_client","error_description":"Invalid client credentials"}"#,
            ));
        }
        if grant.as_deref() != Some("client_credentials") {
            return Some(Canned::error(
                400,
                r#"{"error":"unsupported_grant_type","error_description":"grant_type must be client_credentials"}"#,
            ));
        }
        let token = jwt(3600, &want.0);
        s.bearer_tokens.push(token.clone());
        return Some(Canned::error(
            200,
            &format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#),
        ));
    }
    if path.ends_with("/api/private/unauth/account/device/token") {
        let refresh = form_value(&req.body, "refresh_token").unwrap_or_default();
        if form_value(&req.body, "grant_type").as_deref() != Some("refresh_token")
            || !s.refresh_tokens.contains(&refresh)
        {
            return Some(Canned::error(
                400,
                r#"{"detail":"The refresh token is invalid or expired.","error":400,"errorCode":"INVALID_REFRESH_TOKEN","parameters":[],"reason":"Bad Request"}"#,
            ));
        }
        let token = jwt(3600, "user");
        s.bearer_tokens.push(token.clone());
        return Some(Canned::error(
            200,
            &format!(
                r#"{{"access_token":"{token}","refresh_token":"{refresh}","token_type":"Bearer","expires_in":3600}}"#
            ),
        ));
    }
    None
}

/// Checks a Digest answer against the keys (MD5, qop=auth), as Atlas does.
fn verify(req: &Request, keys: &Keys) -> bool {
    let Some(h) = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str())
    else {
        return false;
    };
    let Some(rest) = h.strip_prefix("Digest ") else {
        return false;
    };
    let p = auth_params(rest);
    let get = |k: &str| {
        p.iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    if get("username") != keys.public || get("realm") != REALM || get("uri") != req.target {
        return false;
    }
    let h = |s: String| hex(&md5(s.as_bytes()));
    let ha1 = h(format!("{}:{REALM}:{}", keys.public, keys.private));
    let ha2 = h(format!("{}:{}", req.method, get("uri")));
    let want = h(format!(
        "{ha1}:{}:{}:{}:{}:{ha2}",
        get("nonce"),
        get("nc"),
        get("cnonce"),
        get("qop")
    ));
    get("qop") == "auth" && get("response") == want
}

/// A valid Digest answer must also use a nonce we issued, with a growing count.
fn nonce_ok(state: &Mutex<State>, req: &Request) -> bool {
    let Some(h) = header(req, "authorization").and_then(|h| h.strip_prefix("Digest ")) else {
        return false;
    };
    let p = auth_params(h);
    let get = |k: &str| {
        p.iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let nc = u32::from_str_radix(get("nc"), 16).unwrap_or(0);
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let single = s.single_use_nonces;
    match s.nonces.iter_mut().find(|(n, _)| n == get("nonce")) {
        Some((_, seen)) if nc > *seen && !(single && *seen > 0) => {
            *seen = nc;
            true
        }
        _ => false,
    }
}

fn challenge(state: &Mutex<State>, stale: bool) -> Canned {
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    s.nonce_counter += 1;
    let n = s.nonce_counter;
    let nonce = hex(&md5(format!(
        "nonce-{n}-{:?}",
        std::time::SystemTime::now()
    )
    .as_bytes()));
    s.nonces.push((nonce.clone(), 0));
    drop(s);
    let mut c = Canned::raw(
        401,
        &[("Content-Type", "application/json")],
        br#"{"error":401,"reason":"Unauthorized","detail":"You are not authorized for this resource."}"#,
    );
    c.headers.push((
        "WWW-Authenticate".into(),
        format!(
            "Digest realm=\"{REALM}\", domain=\"\", nonce=\"{nonce}\", algorithm=MD5, qop=\"auth\", stale={stale}"
        ),
    ));
    c
}

fn serve(
    stream: TcpStream,
    conn: usize,
    state: Arc<Mutex<State>>,
    keys: Option<Keys>,
    stop: Arc<AtomicBool>,
) {
    if stop.load(Ordering::SeqCst) {
        return;
    }
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_nodelay(true);
    let peer_port = stream.peer_addr().map(|a| a.port()).unwrap_or(0);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader) {
        let delay = state.lock().unwrap_or_else(|p| p.into_inner()).delay;
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
        if let Some(answer) = oauth(&state, &req) {
            log_and_answer(&state, &req, conn, peer_port, true, &answer);
            if write_response(&mut writer, &answer).is_err() {
                break;
            }
            continue;
        }
        let bearer = header(&req, "authorization").and_then(|h| h.strip_prefix("Bearer "));
        let authorized = match (&keys, bearer) {
            (_, Some(t)) => state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .bearer_tokens
                .iter()
                .any(|b| b == t),
            (None, None) => true,
            (Some(k), None) => verify(&req, k) && nonce_ok(&state, &req),
        };
        let answer = if bearer.is_some() && !authorized {
            Canned::error(
                401,
                r#"{"detail":"Invalid token.","error":401,"errorCode":"UNAUTHORIZED","parameters":[],"reason":"Unauthorized"}"#,
            )
        } else if !authorized {
            challenge(&state, false)
        } else {
            let stale = {
                let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
                if keys.is_some() && s.stale_left > 0 {
                    s.stale_left -= 1;
                    true
                } else {
                    false
                }
            };
            if stale {
                challenge(&state, true)
            } else {
                let canned = state
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .canned
                    .pop_front();
                match canned {
                    Some(c) => c,
                    None => handle(&state, &req, keys.as_ref()),
                }
            }
        };
        log_and_answer(&state, &req, conn, peer_port, authorized, &answer);
        if write_response(&mut writer, &answer).is_err() {
            break;
        }
        let close = req
            .headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        if close || stop.load(Ordering::SeqCst) {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Both);
}

fn log_and_answer(
    state: &Mutex<State>,
    req: &Request,
    conn: usize,
    peer_port: u16,
    authorized: bool,
    answer: &Canned,
) {
    let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
    if st.echo && st.brief {
        eprintln!(
            "[stand-in] connection {conn} port {peer_port} {} {} -> {}",
            req.method, req.target, answer.status
        );
    } else if st.echo {
        let mut text = format!(
            "[stand-in] connection {conn} (client port {peer_port}): {} {} -> {}\n",
            req.method, req.target, answer.status
        );
        for (k, v) in &req.headers {
            // Keep the log short, and never show Basic or Bearer secrets.
            let v = if k.eq_ignore_ascii_case("authorization") {
                if v.starts_with("Digest ") {
                    v.split(", ").take(2).collect::<Vec<_>>().join(", ") + ", …"
                } else {
                    v.split(' ').next().unwrap_or("").to_string() + " (redacted)"
                }
            } else {
                v.clone()
            };
            text.push_str(&format!("[stand-in]     {k}: {v}\n"));
        }
        if !req.body.is_empty() {
            text.push_str(&format!(
                "[stand-in]     body: {}",
                String::from_utf8_lossy(&req.body)
            ));
        }
        eprint!("{text}");
    }
    st.log.push(Logged {
        connection: conn,
        peer_port,
        method: req.method.clone(),
        target: req.target.clone(),
        headers: req.headers.clone(),
        body: req.body.clone(),
        authorized,
        status: answer.status,
    });
}

fn not_found(id: &str) -> Canned {
    Canned::error(
        404,
        &format!(
            r#"{{"detail":"Invitation with ID {id} not found.","error":404,"errorCode":"RESOURCE_NOT_FOUND","parameters":["{id}"],"reason":"Not Found"}}"#
        ),
    )
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn set(v: &mut Value, key: &str, new: Value) {
    if let Value::Object(m) = v {
        match m.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = new,
            None => m.push((key.to_string(), new)),
        }
    }
}

fn query_param(target: &str, name: &str) -> Option<String> {
    let q = target.split_once('?')?.1;
    q.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match h {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The stateful default: a tiny invitations service shaped like the recorded answers.
fn handle(state: &Mutex<State>, req: &Request, keys: Option<&Keys>) -> Canned {
    let path = req.target.split('?').next().unwrap_or("");
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (org, id) = match parts.as_slice() {
        ["api", "atlas", "v2", "orgs", org, "invites"] => (*org, None),
        ["api", "atlas", "v2", "orgs", org, "invites", id] => (*org, Some(*id)),
        _ => {
            return Canned::error(
                404,
                r#"{"detail":"The requested resource does not exist.","error":404,"errorCode":"RESOURCE_NOT_FOUND","parameters":[],"reason":"Not Found"}"#,
            )
        }
    };
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let body = json::parse(&req.body).unwrap_or(Value::Object(Vec::new()));
    match (req.method.as_str(), id) {
        ("POST", None) => {
            s.next_id += 1;
            let id = format!("6a793f89c0eb9e7a{:08x}", s.next_id);
            let strings = |k: &str| get(&body, k).cloned().unwrap_or(Value::Array(vec![]));
            let inv = Value::Object(vec![
                ("createdAt".into(), Value::str("2026-08-10T03:03:37Z")),
                ("expiresAt".into(), Value::str("2026-09-09T03:03:37Z")),
                ("groupRoleAssignments".into(), Value::Array(vec![])),
                ("id".into(), Value::String(id)),
                (
                    "inviterUsername".into(),
                    Value::str(keys.map_or("anonymous", |k| k.public.as_str())),
                ),
                ("orgId".into(), Value::str(org)),
                ("orgName".into(), Value::str("Atlas CLI E2E")),
                ("roles".into(), strings("roles")),
                ("teamIds".into(), strings("teamIds")),
                (
                    "username".into(),
                    get(&body, "username").cloned().unwrap_or(Value::str("")),
                ),
            ]);
            s.invitations.push(inv.clone());
            Canned::json(200, &json::to_compact(&inv))
        }
        ("GET", None) => {
            let user = query_param(&req.target, "username").unwrap_or_default();
            let list: Vec<Value> = s
                .invitations
                .iter()
                .filter(|i| {
                    user.is_empty() || get(i, "username") == Some(&Value::String(user.clone()))
                })
                .cloned()
                .collect();
            Canned::json(200, &json::to_compact(&Value::Array(list)))
        }
        ("GET", Some(id)) => match s
            .invitations
            .iter()
            .find(|i| get(i, "id") == Some(&Value::str(id)))
        {
            Some(inv) => Canned::json(200, &json::to_compact(inv)),
            None => not_found(id),
        },
        ("PATCH", target) => {
            let found = s.invitations.iter_mut().find(|i| match target {
                Some(id) => get(i, "id") == Some(&Value::str(id)),
                None => get(i, "username") == get(&body, "username"),
            });
            match found {
                Some(inv) => {
                    for key in ["roles", "teamIds"] {
                        if let Some(v) = get(&body, key) {
                            set(inv, key, v.clone());
                        }
                    }
                    Canned::json(200, &json::to_compact(inv))
                }
                None => not_found(target.unwrap_or("(by email)")),
            }
        }
        ("DELETE", Some(id)) => {
            let before = s.invitations.len();
            s.invitations
                .retain(|i| get(i, "id") != Some(&Value::str(id)));
            if s.invitations.len() == before {
                not_found(id)
            } else {
                let mut c = Canned::json(204, "");
                c.body.clear();
                c
            }
        }
        _ => Canned::error(
            405,
            r#"{"detail":"Method not allowed.","error":405,"errorCode":"METHOD_NOT_ALLOWED","parameters":[],"reason":"Method Not Allowed"}"#,
        ),
    }
}
