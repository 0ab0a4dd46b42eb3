//! A hostile server that sends back what it received (std only): every answer
//! carries the request's `Authorization` header, the Basic credential decoded, the
//! decoded form fields (a refresh token) and any text the test says the server knows
//! (a private key), in the places a client prints: an API error's `detail`,
//! `reason`, `parameters` and `badRequestDetail`, a token endpoint's
//! `error_description`, a redirect's `Location`, an HTML error page, a header `-D`
//! shows, and the fields of a successful invitation. One request per connection,
//! served in turn (atlas sends one at a time). Told to [`say`](Reflector::say) a text,
//! it puts that text in those places instead of the echo (terminal control characters,
//! issue 26).

use super::fake_atlas::http::{percent_decode, read_request, Request};
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How the API endpoints answer (the token endpoints: see [`Reflector`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 400, an Atlas error body full of the echo.
    ApiError,
    /// 502, `text/html`, the echo as the page (what `-D` quotes).
    HtmlPage,
    /// 302 to a `Location` holding the echo.
    Redirect,
    /// 200, invitations whose fields hold the echo.
    Success,
    /// The token endpoint refuses with the echo as `error_description`.
    TokenError,
    /// 400 with an error body of `bytes` bytes: `[` nested to half of it, then `]`.
    DeepError(usize),
    /// 400 with a valid error body whose `parameters` hold a string of `bytes` bytes
    /// nested 500 arrays deep.
    DeepParameters(usize),
    /// 429 with an Atlas rate-limit body whose `detail` is the echo.
    RateLimited,
}

/// The bearer token the token endpoint hands out.
pub const TOKEN: &str = "reflected-bearer-token-7f3e9c1d5b2a";

struct State {
    mode: Mode,
    /// Text the server knows and echoes too (a private key, which Digest never sends).
    known: Vec<String>,
    /// Answer API requests without `Authorization` with a Digest challenge.
    digest: bool,
    requests: usize,
    /// Said instead of the echo.
    text: Option<String>,
}

pub struct Reflector {
    addr: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Reflector {
    pub fn start() -> Reflector {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let state = Arc::new(Mutex::new(State {
            mode: Mode::ApiError,
            known: Vec::new(),
            digest: false,
            requests: 0,
            text: None,
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp) = (state.clone(), stop.clone());
        let handle = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if sp.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    serve(conn, &st);
                }
            }
        });
        Reflector {
            addr,
            state,
            stop,
            handle: Some(handle),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn set(&self, mode: Mode) {
        self.state.lock().unwrap().mode = mode;
    }

    pub fn know(&self, secret: &str) {
        self.state.lock().unwrap().known.push(secret.to_string());
    }

    pub fn digest(&self, on: bool) {
        self.state.lock().unwrap().digest = on;
    }

    /// Puts `text` where the echo goes (in headers without what a header cannot hold).
    pub fn say(&self, text: &str) {
        self.state.lock().unwrap().text = Some(text.to_string());
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.state.lock().unwrap().requests
    }
}

impl Drop for Reflector {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(&self.addr); // wakes the accept loop
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Everything secret-bearing the request held, first (short items before long ones,
/// so that `-D`'s 200-byte excerpt holds some), then the raw request.
fn echo(req: &Request, known: &[String]) -> String {
    let mut parts: Vec<String> = known.iter().map(|k| format!("known={k}")).collect();
    let auth = req.header("authorization").unwrap_or("");
    if let Some(b64) = auth.strip_prefix("Basic ") {
        if let Some(raw) = atlas::go::base64::decode_url(b64.trim()) {
            let decoded = String::from_utf8_lossy(&raw).into_owned();
            if let Some((id, secret)) = decoded.split_once(':') {
                parts.push(format!(
                    "secret={} id={}",
                    percent_decode(secret),
                    percent_decode(id)
                ));
            }
            parts.push(format!("basic={decoded}"));
        }
    }
    let body = String::from_utf8_lossy(&req.body).into_owned();
    for pair in body.split('&').filter(|p| p.contains('=')) {
        if let Some((k, v)) = pair.split_once('=') {
            parts.push(format!("{}={}", percent_decode(k), percent_decode(v)));
        }
    }
    parts.push(format!("auth={auth}"));
    parts.push(format!("body={body}"));
    parts.push(format!("{} {}", req.method, req.target));
    for (k, v) in &req.headers {
        parts.push(format!("{k}: {v}"));
    }
    parts.join(" ")
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn invitation(echo: &str) -> String {
    let e = json_str(echo);
    format!(
        r#"{{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":{e},"inviterUsername":{e},"orgId":"a0123456789abcdef012345a","orgName":{e},"roles":[{e}],"teamIds":[],"username":{e}}}"#
    )
}

fn respond(conn: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body);
    let _ = conn.flush();
}

fn serve(mut conn: TcpStream, state: &Mutex<State>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(req) = conn
        .try_clone()
        .ok()
        .and_then(|c| read_request(&mut BufReader::new(c)))
    else {
        return;
    };
    let (mode, known, digest, text) = {
        let mut s = state.lock().unwrap();
        s.requests += 1;
        (s.mode, s.known.clone(), s.digest, s.text.clone())
    };
    let echo = text.unwrap_or_else(|| echo(&req, &known));
    // A header value holds no line breaks, nor any other ASCII control but tab (HTTP
    // parsers refuse them); bytes above 0x7f pass.
    let header_echo: String = echo
        .chars()
        .map(|c| if c.is_ascii_control() { ' ' } else { c })
        .collect();
    let json = |status: &str, body: String| {
        (
            status.to_string(),
            vec![
                ("Content-Type", "application/json".to_string()),
                ("Deprecation", header_echo.clone()),
            ],
            body.into_bytes(),
        )
    };
    let (status, headers, body) = if req.target.starts_with("/api/oauth/token") {
        if mode == Mode::TokenError {
            json(
                "400 Bad Request",
                format!(
                    r#"{{"error":"invalid_request","error_description":{}}}"#,
                    json_str(&echo)
                ),
            )
        } else {
            json(
                "200 OK",
                format!(r#"{{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":3600}}"#),
            )
        }
    } else if req
        .target
        .starts_with("/api/private/unauth/account/device/token")
    {
        // A refresh: refused, with the refresh token it was sent.
        json(
            "400 Bad Request",
            format!(
                r#"{{"error":400,"errorCode":"INVALID_GRANT","detail":{e},"reason":{e},"parameters":[{e}]}}"#,
                e = json_str(&echo)
            ),
        )
    } else if digest && req.header("authorization").is_none() {
        (
            "401 Unauthorized".to_string(),
            vec![(
                "WWW-Authenticate",
                r#"Digest realm="reflect", nonce="bm9uY2U", qop="auth", algorithm=MD5"#.to_string(),
            )],
            Vec::new(),
        )
    } else {
        match mode {
            Mode::ApiError | Mode::TokenError => json(
                "400 Bad Request",
                format!(
                    r#"{{"error":400,"errorCode":"ECHO","detail":{e},"reason":{e},"parameters":[{e},{{"k":{e}}}],"badRequestDetail":{{"fields":[{{"field":"f","description":{e}}}]}}}}"#,
                    e = json_str(&echo)
                ),
            ),
            Mode::HtmlPage => (
                "502 Bad Gateway".to_string(),
                vec![("Content-Type", "text/html".to_string())],
                format!("<html>{echo}</html>").into_bytes(),
            ),
            Mode::Redirect => (
                "302 Found".to_string(),
                vec![(
                    "Location",
                    format!("https://elsewhere.example/login?{header_echo}"),
                )],
                Vec::new(),
            ),
            Mode::Success if req.method == "GET" && req.target.contains("/invites?") => {
                json("200 OK", format!("[{}]", invitation(&echo)))
            }
            Mode::Success if req.method == "DELETE" => ("204 No Content".into(), vec![], vec![]),
            Mode::Success => json("200 OK", invitation(&echo)),
            Mode::RateLimited => (
                "429 Too Many Requests".to_string(),
                vec![("Content-Type", "application/json".to_string())],
                format!(
                    r#"{{"error":429,"errorCode":"RATE_LIMITED","detail":{},"reason":"Too Many Requests"}}"#,
                    json_str(&echo)
                )
                .into_bytes(),
            ),
            Mode::DeepError(bytes) => (
                "400 Bad Request".to_string(),
                vec![("Content-Type", "application/json".to_string())],
                [vec![b'['; bytes / 2], vec![b']'; bytes / 2]].concat(),
            ),
            Mode::DeepParameters(bytes) => (
                "400 Bad Request".to_string(),
                vec![("Content-Type", "application/json".to_string())],
                format!(
                    r#"{{"parameters":[{}"{}"{}],"detail":"d","errorCode":"DEEP","error":400}}"#,
                    "[".repeat(500),
                    "x".repeat(bytes),
                    "]".repeat(500)
                )
                .into_bytes(),
            ),
        }
    };
    respond(&mut conn, &status, &headers, &body);
}
