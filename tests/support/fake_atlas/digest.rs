//! HTTP Digest as Atlas does it: challenges worded like Atlas's, answer
//! verification (MD5, qop=auth), and nonce bookkeeping (issued, counts, stale).

use super::http::{Canned, Request};
use super::{Keys, State};
use atlas::transport::md5::{hex, md5};
use std::sync::Mutex;

pub const REALM: &str = "MMS Public API";

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

/// The parameters of a `Digest` Authorization header, if the request has one.
fn digest_params(req: &Request) -> Option<Vec<(String, String)>> {
    Some(auth_params(
        req.header("authorization")?.strip_prefix("Digest ")?,
    ))
}

fn param<'a>(p: &'a [(String, String)], k: &str) -> &'a str {
    p.iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.as_str())
}

/// Checks a Digest answer against the keys (MD5, qop=auth), as Atlas does.
pub fn verify(req: &Request, keys: &Keys) -> bool {
    let Some(p) = digest_params(req) else {
        return false;
    };
    let get = |k: &str| param(&p, k);
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
pub fn nonce_ok(state: &Mutex<State>, req: &Request) -> bool {
    let Some(p) = digest_params(req) else {
        return false;
    };
    let nc = u32::from_str_radix(param(&p, "nc"), 16).unwrap_or(0);
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let single = s.single_use_nonces;
    match s.nonces.iter_mut().find(|(n, _)| n == param(&p, "nonce")) {
        Some((_, seen)) if nc > *seen && !(single && *seen > 0) => {
            *seen = nc;
            true
        }
        _ => false,
    }
}

/// A 401 with a fresh nonce (`stale`: the old nonce was fine but is no longer accepted).
pub fn challenge(state: &Mutex<State>, stale: bool) -> Canned {
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
