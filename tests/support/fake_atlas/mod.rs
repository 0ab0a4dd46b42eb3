//! A std-only stand-in for the Atlas invitations API on loopback: Digest challenges
//! worded exactly like Atlas's, a small in-memory store of invitations served through
//! both the invites endpoints and the organization users API, canned answers for
//! scripted tests, and a log of every request with the client's port.
//!
//! Shared by the integration tests and the `atlas_standin` example used by `make demo`.
//! It is the independent oracle: it uses no part of the library's API model.
//!
//! This file: the server's life (start, stop, settings, log) and the dispatch of
//! each request; `http` (wire format, canned answers), `digest` (challenge and
//! verification), `oauth` (token endpoints, JWTs), `store` (the invites and users routes),
//! `teams` (teams, the organization's projects and project teams).

// Each user (the tests, the example) uses only part of it.
#![allow(dead_code, unused_imports)]

pub mod bucket;
mod digest;
pub mod http;
mod oauth;
mod store;
mod teams;

pub use bucket::Bucket;
pub use http::Canned;
pub use oauth::{jwt, TokenStyle};
pub use store::{Member, NewUser};
pub use teams::{NewProject, NewTeam, Project, Team, MAX_TEAMS_PER_ORG};

use http::{read_request, write_response, Request};
use serde_json::Value;
use std::collections::VecDeque;
use std::io::BufReader;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

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
    /// The answer's headers and body, as sent (the conformance test checks them).
    pub answer_headers: Vec<(String, String)>,
    pub answer_body: Vec<u8>,
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

#[derive(Clone)]
pub struct Keys {
    pub public: String,
    pub private: String,
}

#[derive(Default)]
pub struct State {
    log: Vec<Logged>,
    canned: VecDeque<Canned>,
    /// Everyone invited to (or a member of) an organization, for both APIs.
    members: Vec<store::Member>,
    /// The `totalCount` every users list answers, when a test sets one (Atlas's is an
    /// estimate); otherwise the real count.
    total_count: Option<i64>,
    next_id: u64,
    /// What the invites endpoints answer once they are gone (410, 406 or 404).
    invites_gone: Option<u16>,
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
    /// How the token endpoint answers (`oauth`).
    tokens: oauth::TokenState,
    /// Delay before answering each request, for timeout tests.
    delay: Option<Duration>,
    /// Nonces handed out, with the highest nonce count seen for each.
    nonces: Vec<(String, u32)>,
    /// Refuse reused nonces (nc > 1), like a server that wants a challenge per request.
    single_use_nonces: bool,
    /// Atlas's rate limit in front of authorized requests and the token endpoint.
    bucket: Option<bucket::Bucket>,
    /// Every organization's teams (their members are the users' `teamIds`).
    teams: Vec<teams::Team>,
    /// Every organization's projects, with their teams' roles.
    projects: Vec<teams::Project>,
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

    /// Fills the store with `n` pending invitations (list benchmarks, pagination).
    pub fn preload(&self, org: &str, n: usize) {
        let mut s = self.lock();
        for i in 0..n {
            let m = store::pending(
                &mut s,
                org,
                Value::String(format!("user{i}@example.com")),
                serde_json::json!(["ORG_MEMBER"]),
                serde_json::json!([]),
                "nmtxqlkl",
            );
            s.members.push(m);
        }
    }

    /// Adds a member of `org` (`ACTIVE`, the invitation accepted long ago); returns
    /// their user id.
    pub fn add_member(&self, org: &str, username: &str) -> String {
        let mut s = self.lock();
        let mut m = store::pending(
            &mut s,
            org,
            Value::String(username.to_string()),
            serde_json::json!(["ORG_MEMBER"]),
            serde_json::json!([]),
            "nmtxqlkl",
        );
        m.status = "ACTIVE";
        let id = m.user_id.clone();
        s.members.push(m);
        id
    }

    /// Adds a user of `org` in any status, with roles, projects and teams; returns
    /// their user id.
    pub fn add_user(&self, org: &str, user: NewUser) -> String {
        let mut s = self.lock();
        let m = user.into_member(&mut s, org, "nmtxqlkl");
        let id = m.user_id.clone();
        s.members.push(m);
        id
    }

    /// Adds a team to `org`, in the `teamIds` of its members (users already added);
    /// returns its id.
    pub fn add_team(&self, org: &str, team: NewTeam) -> String {
        teams::add_team(&mut self.lock(), org, team)
    }

    /// Adds a project to `org`, with its teams' roles; returns its id.
    pub fn add_project(&self, org: &str, project: NewProject) -> String {
        teams::add_project(&mut self.lock(), org, project)
    }

    /// Every team in the store, in the order they were added.
    pub fn teams(&self) -> Vec<Team> {
        self.lock().teams.clone()
    }

    /// Every project in the store, in the order they were added.
    pub fn projects(&self) -> Vec<Project> {
        self.lock().projects.clone()
    }

    /// Makes every users list answer this `totalCount` (`None`: the real count).
    pub fn total_count(&self, total: Option<i64>) {
        self.lock().total_count = total;
    }

    /// The user accepts their invitation: a member now, no longer an invitation.
    pub fn accept(&self, username: &str) {
        let mut s = self.lock();
        for m in s.members.iter_mut() {
            if m.username.as_str() == Some(username) {
                m.status = "ACTIVE";
            }
        }
    }

    /// Everyone in the store, in the order they were added.
    pub fn members(&self) -> Vec<store::Member> {
        self.lock().members.clone()
    }

    /// From now on every invites endpoint answers `status` (410 Gone, 406
    /// INVALID_VERSION_DATE, or 404 as for a route that does not exist), as Atlas may
    /// after the sunset; `None` brings them back.
    pub fn invites_gone(&self, status: Option<u16>) {
        self.lock().invites_gone = status;
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

    /// Puts a token bucket in front of authorized requests (and the token endpoint).
    pub fn set_bucket(&self, bucket: Bucket) {
        self.lock().bucket = Some(bucket);
    }

    /// The bucket as it is now (how many answers it refused).
    pub fn bucket(&self) -> Option<Bucket> {
        self.lock().bucket.clone()
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
        if let Some(answer) = oauth::token_endpoint(&state, &req) {
            let answer = rate_limited(&state, &req).unwrap_or(answer);
            log_and_answer(&state, &req, conn, peer_port, true, &answer);
            if write_response(&mut writer, &answer).is_err() {
                break;
            }
            continue;
        }
        let bearer = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "));
        let authorized = match (&keys, bearer) {
            (_, Some(t)) => state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .bearer_tokens
                .iter()
                .any(|b| b == t),
            (None, None) => true,
            (Some(k), None) => digest::verify(&req, k) && digest::nonce_ok(&state, &req),
        };
        let answer = if bearer.is_some() && !authorized {
            Canned::error(
                401,
                r#"{"detail":"Invalid token.","error":401,"errorCode":"UNAUTHORIZED","parameters":[],"reason":"Unauthorized"}"#,
            )
        } else if !authorized {
            digest::challenge(&state, false)
        } else if let Some(limited) = rate_limited(&state, &req) {
            limited
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
                digest::challenge(&state, true)
            } else {
                let canned = state
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .canned
                    .pop_front();
                match canned {
                    Some(c) => c,
                    None => teams::handle(&state, &req)
                        .unwrap_or_else(|| store::handle(&state, &req, keys.as_ref())),
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

/// The bucket's answer when it has no token for `req`.
fn rate_limited(state: &Mutex<State>, req: &Request) -> Option<Canned> {
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    s.bucket.as_mut().and_then(|b| b.take(req))
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
        answer_headers: answer.headers.clone(),
        answer_body: answer.body.clone(),
    });
}
