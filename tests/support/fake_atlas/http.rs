//! HTTP/1.1 on the wire: reading a request, writing an answer, the canned answers
//! tests script, and query/form decoding.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

pub const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json;charset=utf-8";
pub const USERS_MEDIA_TYPE: &str = "application/vnd.atlas.2025-02-19+json;charset=utf-8";

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

    /// A JSON answer as the organization users API sends it (no deprecation headers).
    pub fn users(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![
                ("Content-Type".into(), USERS_MEDIA_TYPE.into()),
                ("RateLimit-Limit".into(), "100".into()),
                ("RateLimit-Remaining".into(), "99".into()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A JSON answer as the teams and projects endpoints send it (2023-01-01, not
    /// deprecated).
    pub fn teams(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![
                ("Content-Type".into(), MEDIA_TYPE.into()),
                ("RateLimit-Limit".into(), "100".into()),
                ("RateLimit-Remaining".into(), "99".into()),
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

/// One request as read from the connection.
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

pub fn read_request(r: &mut BufReader<TcpStream>) -> Option<Request> {
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

pub fn write_response(w: &mut TcpStream, c: &Canned) -> std::io::Result<()> {
    let reason = match c.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
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

/// A field of an `application/x-www-form-urlencoded` body.
pub fn form_value(body: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| percent_decode(v))
    })
}

pub fn query_param(target: &str, name: &str) -> Option<String> {
    query_params(target, name).into_iter().next()
}

/// Every value of a repeatable query parameter, in order.
pub fn query_params(target: &str, name: &str) -> Vec<String> {
    let Some((_, q)) = target.split_once('?') else {
        return Vec::new();
    };
    q.split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == name).then(|| percent_decode(v))
        })
        .collect()
}

/// Form decoding: `+` is a space, `%XX` a byte; a malformed escape stays as it is.
pub fn percent_decode(s: &str) -> String {
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

/// A test's own request to a server on loopback (one connection, closed after the
/// answer), for driving the fake without the binary: the answer's status and body.
/// `body` goes out with `media_type` as its Content-Type; `Accept` is `media_type`.
pub fn call(
    base_url: &str,
    method: &str,
    target: &str,
    media_type: &str,
    body: Option<&str>,
) -> (u16, String) {
    let addr = base_url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect to the server");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nAccept: {media_type}\r\nConnection: close\r\n"
    );
    if let Some(b) = body {
        head.push_str(&format!(
            "Content-Type: {media_type}\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(body.unwrap_or(""));
    s.write_all(head.as_bytes()).expect("send the request");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("read the answer");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    (status, body.to_string())
}
