//! HTTP Digest access authentication (RFC 7616): challenge parsing and responses.
//!
//! The parser reads RFC 7235 challenge lists from any number of `WWW-Authenticate`
//! values, with quoted strings (commas, escapes) and unknown parameters, so that a
//! server's extra or reordered parameters never break us (the Go CLI rejects them).

use super::md5::{hex, md5};

/// SHA-256, from ring (already linked for TLS); MD5 is ours (`md5.rs`), as ring has none.
fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
    out
}

/// Hash algorithms we can answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    fn parse(s: &str) -> Option<Algorithm> {
        match s.to_ascii_uppercase().as_str() {
            "MD5" => Some(Algorithm::Md5),
            "MD5-SESS" => Some(Algorithm::Md5Sess),
            "SHA-256" => Some(Algorithm::Sha256),
            "SHA-256-SESS" => Some(Algorithm::Sha256Sess),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    fn hash(self, data: &str) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => hex(&md5(data.as_bytes())),
            Algorithm::Sha256 | Algorithm::Sha256Sess => hex(&sha256(data.as_bytes())),
        }
    }

    fn is_sess(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }
}

/// One authentication challenge as sent by a server: a scheme and its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawChallenge {
    pub scheme: String,
    /// Parameter names lower-cased; values unquoted and unescaped.
    pub params: Vec<(String, String)>,
}

impl RawChallenge {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A Digest challenge we are able to answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    pub realm: String,
    pub nonce: String,
    pub opaque: Option<String>,
    pub algorithm: Algorithm,
    /// `true` when the server offered qop=auth; `false` means RFC 2069 style.
    pub qop_auth: bool,
    pub stale: bool,
    pub userhash: bool,
}

/// Why no usable Digest challenge was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChallengeError {
    /// No `WWW-Authenticate` header, or no Digest challenge in it.
    NoDigest,
    /// A Digest challenge without a nonce.
    MissingNonce,
    /// Only algorithms we do not implement.
    UnsupportedAlgorithm(String),
    /// Only qop values other than `auth` (e.g. `auth-int` alone).
    UnsupportedQop(String),
}

impl std::fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChallengeError::NoDigest => {
                f.write_str("the server asked for authentication without a Digest challenge")
            }
            ChallengeError::MissingNonce => {
                f.write_str("the server's Digest challenge has no nonce")
            }
            ChallengeError::UnsupportedAlgorithm(a) => write!(
                f,
                "the server's Digest challenge uses an unsupported algorithm {a:?} (supported: MD5, MD5-sess, SHA-256, SHA-256-sess)"
            ),
            ChallengeError::UnsupportedQop(q) => write!(
                f,
                "the server's Digest challenge uses an unsupported qop {q:?} (supported: auth)"
            ),
        }
    }
}

/// Parses every challenge in the given `WWW-Authenticate` header values.
pub fn parse_challenges<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<RawChallenge> {
    let mut out = Vec::new();
    for value in values {
        parse_list(value, &mut out);
    }
    out
}

/// Picks the first Digest challenge we can answer, as RFC 7616 §3.7 asks.
pub fn select(challenges: &[RawChallenge]) -> Result<Challenge, ChallengeError> {
    let mut first_error = ChallengeError::NoDigest;
    for ch in challenges
        .iter()
        .filter(|c| c.scheme.eq_ignore_ascii_case("digest"))
    {
        let algo_name = ch.param("algorithm").unwrap_or("MD5");
        let Some(algorithm) = Algorithm::parse(algo_name) else {
            if first_error == ChallengeError::NoDigest {
                first_error = ChallengeError::UnsupportedAlgorithm(algo_name.to_string());
            }
            continue;
        };
        let qop_auth = match ch.param("qop") {
            None => false,
            Some(q) => {
                if q.split(',').any(|t| t.trim().eq_ignore_ascii_case("auth")) {
                    true
                } else {
                    if first_error == ChallengeError::NoDigest {
                        first_error = ChallengeError::UnsupportedQop(q.to_string());
                    }
                    continue;
                }
            }
        };
        let Some(nonce) = ch.param("nonce") else {
            if first_error == ChallengeError::NoDigest {
                first_error = ChallengeError::MissingNonce;
            }
            continue;
        };
        return Ok(Challenge {
            realm: ch.param("realm").unwrap_or_default().to_string(),
            nonce: nonce.to_string(),
            opaque: ch.param("opaque").map(str::to_string),
            algorithm,
            qop_auth,
            stale: ch
                .param("stale")
                .is_some_and(|s| s.eq_ignore_ascii_case("true")),
            userhash: ch
                .param("userhash")
                .is_some_and(|s| s.eq_ignore_ascii_case("true")),
        });
    }
    Err(first_error)
}

/// Builds the `Authorization` header value for one request.
///
/// `uri` is the request target exactly as sent (path plus query); `nc` counts the
/// requests made with this nonce, starting at 1; `cnonce` is fresh random text.
pub fn authorization(
    ch: &Challenge,
    username: &str,
    password: &str,
    method: &str,
    uri: &str,
    nc: u32,
    cnonce: &str,
) -> String {
    let algo = ch.algorithm;
    let mut ha1 = algo.hash(&format!("{username}:{}:{password}", ch.realm));
    if algo.is_sess() {
        ha1 = algo.hash(&format!("{ha1}:{}:{cnonce}", ch.nonce));
    }
    let ha2 = algo.hash(&format!("{method}:{uri}"));
    let nc_text = format!("{nc:08x}");
    let response = if ch.qop_auth {
        algo.hash(&format!("{ha1}:{}:{nc_text}:{cnonce}:auth:{ha2}", ch.nonce))
    } else {
        algo.hash(&format!("{ha1}:{}:{ha2}", ch.nonce))
    };
    let user_field = if ch.userhash {
        algo.hash(&format!("{username}:{}", ch.realm))
    } else {
        username.to_string()
    };
    let mut h = format!(
        "Digest username={}, realm={}, nonce={}, uri={}, response=\"{response}\", algorithm={}",
        quote(&user_field),
        quote(&ch.realm),
        quote(&ch.nonce),
        quote(uri),
        algo.name()
    );
    if let Some(opaque) = &ch.opaque {
        h.push_str(", opaque=");
        h.push_str(&quote(opaque));
    }
    if ch.qop_auth {
        h.push_str(&format!(", qop=auth, nc={nc_text}, cnonce=\"{cnonce}\""));
    }
    if ch.userhash {
        h.push_str(", userhash=true");
    }
    h
}

fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// A small cursor over one header value.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn skip_ws_and_commas(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.pos += 1;
        }
    }

    fn token(&mut self) -> Option<String> {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        let text = self.s.get(start..self.pos).unwrap_or_default();
        (!text.is_empty()).then(|| String::from_utf8_lossy(text).into_owned())
    }

    fn quoted(&mut self) -> String {
        // Called on the opening quote; an unterminated string runs to the end.
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    if let Some(next) = self.peek() {
                        out.push(next);
                        self.pos += 1;
                    }
                }
                _ => out.push(b),
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Skips to the next comma (used to step over malformed or token68 parts).
    fn skip_item(&mut self) {
        while let Some(b) = self.peek() {
            if b == b',' {
                break;
            }
            if b == b'"' {
                self.quoted();
            } else {
                self.pos += 1;
            }
        }
    }
}

fn parse_list(value: &str, out: &mut Vec<RawChallenge>) {
    let mut c = Cursor {
        s: value.as_bytes(),
        pos: 0,
    };
    loop {
        c.skip_ws_and_commas();
        if c.peek().is_none() {
            return;
        }
        let Some(scheme) = c.token() else {
            c.pos += 1; // not a token character: step over it
            c.skip_item();
            continue;
        };
        let mut ch = RawChallenge {
            scheme,
            params: Vec::new(),
        };
        // Parameters follow until a token that is not followed by '=' starts the next challenge.
        loop {
            c.skip_ws_and_commas();
            let mark = c.pos;
            let Some(name) = c.token() else {
                if c.peek().is_some() {
                    c.skip_item();
                    continue;
                }
                break;
            };
            c.skip_ws();
            if c.peek() != Some(b'=') {
                c.pos = mark; // a new scheme begins here
                break;
            }
            c.pos += 1;
            c.skip_ws();
            let value = match c.peek() {
                Some(b'"') => c.quoted(),
                Some(b'=') => {
                    // token68 padding such as `abc==`; not an auth-param.
                    c.skip_item();
                    continue;
                }
                _ => c.token().unwrap_or_default(),
            };
            ch.params.push((name.to_ascii_lowercase(), value));
            c.skip_ws();
            if !matches!(c.peek(), None | Some(b',')) {
                c.skip_item();
            }
        }
        out.push(ch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(header: &str) -> Challenge {
        select(&parse_challenges([header])).expect("usable challenge")
    }

    #[test]
    fn rfc2617_section_3_5() {
        let ch = challenge(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        );
        let h = authorization(
            &ch,
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert!(
            h.contains(r#"response="6629fae49393a05397450978507c4ef1""#),
            "{h}"
        );
        assert!(h.contains(r#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#));
        assert!(h.contains("qop=auth, nc=00000001, cnonce=\"0a4f113b\""));
    }

    #[test]
    fn sha256_fips_vectors() {
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(&[b'x'; 119])),
            "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c"
        );
    }

    #[test]
    fn rfc7616_section_3_9_1_md5_and_sha256() {
        let base = r#"realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let md5 = challenge(&format!("Digest {base}, algorithm=MD5"));
        let h = authorization(
            &md5,
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            h.contains(r#"response="8ca523f5e9506fed4657c9700eebdbec""#),
            "{h}"
        );
        let sha = challenge(&format!("Digest {base}, algorithm=SHA-256"));
        let h = authorization(
            &sha,
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            h.contains(
                r#"response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1""#
            ),
            "{h}"
        );
        assert!(h.contains("algorithm=SHA-256"));
    }

    #[test]
    fn atlas_challenge() {
        let ch = challenge(
            r#"Digest realm="MMS Public API", domain="", nonce="kWVA9Ciu7lNaN5QdjPe8kxPMReVjbt+B", algorithm=MD5, qop="auth", stale=false"#,
        );
        assert_eq!(ch.realm, "MMS Public API");
        assert_eq!(ch.nonce, "kWVA9Ciu7lNaN5QdjPe8kxPMReVjbt+B");
        assert_eq!(ch.algorithm, Algorithm::Md5);
        assert!(ch.qop_auth && !ch.stale && ch.opaque.is_none());
    }

    #[test]
    fn several_challenges_in_one_header_and_across_headers() {
        let all = parse_challenges([
            r#"Basic realm="x, y", Digest realm="a,b", nonce="n1", algorithm=SHA-512-256, qop=auth"#,
            r#"Bearer abc==, Digest nonce="n2", realm="r2", qop="auth", algorithm="md5-sess", stale=TRUE"#,
        ]);
        let schemes: Vec<_> = all.iter().map(|c| c.scheme.as_str()).collect();
        assert_eq!(schemes, ["Basic", "Digest", "Bearer", "Digest"]);
        assert_eq!(all[0].param("realm"), Some("x, y"));
        assert_eq!(all[1].param("realm"), Some("a,b"));
        let ch = select(&all).expect("second digest is usable");
        assert_eq!(ch.nonce, "n2");
        assert_eq!(ch.algorithm, Algorithm::Md5Sess);
        assert!(ch.stale);
    }

    #[test]
    fn escapes_and_unknown_parameters() {
        let ch = challenge(
            r#"Digest realm="say \"hi\" \\ there", op="auth", nonce="abc", charset=UTF-8, future-param="x,y", qop="auth""#,
        );
        assert_eq!(ch.realm, r#"say "hi" \ there"#);
        assert_eq!(ch.nonce, "abc");
        let h = authorization(&ch, "u", "p", "GET", "/x?a=b", 1, "c");
        assert!(h.contains(r#"realm="say \"hi\" \\ there""#), "{h}");
        assert!(h.contains(r#"uri="/x?a=b""#));
    }

    #[test]
    fn unsupported_choices_are_reported() {
        assert_eq!(
            select(&parse_challenges([
                r#"Digest realm="r", nonce="n", algorithm=SHA-512-256"#
            ])),
            Err(ChallengeError::UnsupportedAlgorithm("SHA-512-256".into()))
        );
        assert_eq!(
            select(&parse_challenges([
                r#"Digest realm="r", nonce="n", qop="auth-int""#
            ])),
            Err(ChallengeError::UnsupportedQop("auth-int".into()))
        );
        assert_eq!(
            select(&parse_challenges([r#"Basic realm="r""#])),
            Err(ChallengeError::NoDigest)
        );
        assert_eq!(
            select(&parse_challenges([r#"Digest realm="r""#])),
            Err(ChallengeError::MissingNonce)
        );
        assert_eq!(
            select(&parse_challenges([""])),
            Err(ChallengeError::NoDigest)
        );
    }

    #[test]
    fn rfc2069_without_qop() {
        let ch = challenge(
            r#"Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093""#,
        );
        assert!(!ch.qop_auth);
        let h = authorization(
            &ch,
            "Mufasa",
            "CircleOfLife",
            "GET",
            "/dir/index.html",
            1,
            "x",
        );
        // RFC 2069 example response.
        assert!(
            h.contains(r#"response="1949323746fe6a43ef61f9606e7febea""#),
            "{h}"
        );
        assert!(!h.contains("qop=") && !h.contains("cnonce="));
    }

    #[test]
    fn nonce_count_is_eight_hex_digits() {
        let ch = challenge(r#"Digest realm="r", nonce="n", qop=auth"#);
        let h = authorization(&ch, "u", "p", "POST", "/", 26, "c");
        assert!(h.contains("nc=0000001a"), "{h}");
    }

    #[test]
    fn userhash_only_when_asked() {
        // RFC 7616 §3.9.2 userhash value for "Mufasa" in realm "http-auth@example.org" uses SHA-512-256;
        // we check the SHA-256 form of H(username:realm).
        let ch =
            challenge(r#"Digest realm="r", nonce="n", qop=auth, algorithm=SHA-256, userhash=true"#);
        let h = authorization(&ch, "u", "p", "GET", "/", 1, "c");
        assert!(
            h.contains(&format!("username=\"{}\"", hex(&sha256(b"u:r")))),
            "{h}"
        );
        assert!(h.ends_with("userhash=true"));
    }
}
