//! OAuth 2.0 as `golang.org/x/oauth2` speaks it, for any token endpoint: the form
//! bodies (`url.Values.Encode`), the token endpoint's answer (`tokenJSON`,
//! `RetrieveError`), and the expiry of a JWT access token. Nothing here knows which
//! server or which credentials; `api::auth` decides that.

use crate::go::base64;
use crate::go::json::{self as gojson, unmarshal_exact};
use serde::Deserialize;

/// The JWT claims we read: the expiry, a NumericDate (seconds, possibly fractional).
/// Named as golang-jwt names its claims type, package included, as Go's JSON errors
/// print a type (every decoding error here is worded without it, though).
#[derive(Deserialize)]
#[serde(rename = "jwt.RegisteredClaims")]
struct Claims {
    exp: Option<f64>,
}

/// The `exp` claim of a JWT, read without verifying the signature (as the CLI does).
pub fn jwt_expiry(token: &str) -> std::result::Result<i64, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return Err("token contains an invalid number of segments".into());
    };
    let payload = base64::decode_url(payload).ok_or("illegal base64 data in the token payload")?;
    // A token's claims are short: the decoder's exact path alone, for size.
    let claims: Option<Claims> = match unmarshal_exact(&payload) {
        Ok(d) => d.value,
        Err(e @ gojson::Error::Type { .. }) if e.position() == (1, 1) => {
            return Err("the token payload is not a JSON object".into())
        }
        Err(e) if e.is_syntax() => return Err(format!("the token payload is not JSON: {e}")),
        Err(_) => return Err("the token's exp claim is not a number".into()),
    };
    match claims.and_then(|c| c.exp) {
        // Seconds; a fractional part is dropped, as converting to a Unix time does.
        Some(exp) => Ok(exp as i64),
        None => Err("the token has no exp claim".into()),
    }
}

/// A token is used while its expiry is more than 10 seconds away.
pub fn still_valid(token: &str) -> bool {
    jwt_expiry(token).is_ok_and(|exp| exp - 10 > crate::go::time::unix_now())
}

/// `url.Values.Encode`: keys sorted, query-escaped.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = pairs.iter().collect();
    crate::go::sort::slice_stable(&mut sorted, |a, b| a.0.cmp(b.0));
    sorted
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::go::url::query_escape(k),
                crate::go::url::query_escape(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Go reads at most this much of a token endpoint's answer (`io.LimitReader(r.Body, 1<<20)`).
pub const MAX_ANSWER_BYTES: usize = 1 << 20;
/// The longest access token atlas puts in a header: real ones are about a kilobyte,
/// and the HTTP client's header buffer is 128 KiB.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// A JSON token answer (oauth2's `tokenJSON` and `RetrieveError` fields), keys matched
/// as Go's decoder matches them. Its serde name is the Go type with its package
/// (`golang.org/x/oauth2/internal`), as Go's JSON type errors print it.
#[derive(Default, Deserialize)]
#[serde(rename = "internal.tokenJSON")]
struct TokenJson {
    access_token: String,
    token_type: String,
    /// A number of seconds; anything else is ignored.
    expires_in: Option<serde_json::Value>,
    error: String,
    error_description: String,
}

/// A token the endpoint handed out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub access_token: String,
    /// `token_type`, as sent (empty means Bearer, as in Go's `Token.Type`).
    pub token_type: String,
    /// `expires_in` in seconds, when the answer gave a non-zero one (capped at
    /// 2^31-1 as Go's `expirationTime` caps it).
    pub expires_in: Option<i64>,
}

/// Why the answer holds no token, in `golang.org/x/oauth2`'s words (after `oauth2: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// `RetrieveError`: a failure status or an `error` code (possibly empty).
    Retrieve {
        status: u16,
        status_text: String,
        code: String,
        description: String,
    },
    /// A success status whose body does not parse (`cannot parse json: …`).
    Parse(String),
    /// More than [`MAX_ANSWER_BYTES`]: Go would cut it there and fail to parse it.
    TooLarge(usize),
    /// No `access_token`.
    Missing,
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::go::strconv::quote;
        match self {
            TokenError::Retrieve { code, description, .. } if !code.is_empty() => {
                write!(f, "oauth2: {}", quote(code))?;
                if !description.is_empty() {
                    write!(f, " {}", quote(description))?;
                }
                Ok(())
            }
            // Go appends "\nResponse: <body>"; the body stays out (it may echo secrets).
            TokenError::Retrieve {
                status,
                status_text,
                ..
            } => write!(f, "oauth2: cannot fetch token: {status} {status_text}"),
            TokenError::Parse(why) => write!(f, "oauth2: {why}"),
            TokenError::TooLarge(n) => write!(
                f,
                "oauth2: cannot fetch token: the answer ({n} bytes) is larger than the {MAX_ANSWER_BYTES}-byte limit for a token answer"
            ),
            TokenError::Missing => f.write_str("oauth2: server response missing access_token"),
        }
    }
}

/// `mime.ParseMediaType`'s media type: before any `;`, trimmed, lower-case.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A token endpoint's answer read as oauth2's `doTokenRoundTrip` reads it: a form
/// (`application/x-www-form-urlencoded` or `text/plain`) or JSON, by `Content-Type`;
/// a failure status or an `error` code is a [`TokenError::Retrieve`].
pub fn token_answer(
    status: u16,
    status_text: &str,
    content_type: &str,
    body: &[u8],
) -> Result<Token, TokenError> {
    if body.len() > MAX_ANSWER_BYTES {
        return Err(TokenError::TooLarge(body.len()));
    }
    let failure = !(200..300).contains(&status);
    let retrieve = |code: String, description: String| TokenError::Retrieve {
        status,
        status_text: status_text.to_string(),
        code,
        description,
    };
    let (token, code, description) = match media_type(content_type).as_str() {
        "application/x-www-form-urlencoded" | "text/plain" => {
            let (vals, err) = crate::go::url::parse_query(&String::from_utf8_lossy(body));
            if let Some(e) = err {
                if failure {
                    return Err(retrieve(String::new(), String::new()));
                }
                return Err(TokenError::Parse(format!("cannot parse response: {e}")));
            }
            let get = |k: &str| {
                vals.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            // strconv.Atoi: a number or nothing (0).
            let expires = get("expires_in").parse::<i64>().ok().filter(|&n| n != 0);
            let token = Token {
                access_token: get("access_token"),
                token_type: get("token_type"),
                expires_in: expires,
            };
            (token, get("error"), get("error_description"))
        }
        _ => {
            // A token answer is short: the decoder's exact path alone, for size.
            let tj = match unmarshal_exact::<Option<TokenJson>>(body) {
                Ok(d) => d.value.unwrap_or_default(),
                Err(_) if failure => return Err(retrieve(String::new(), String::new())),
                Err(e) => return Err(TokenError::Parse(format!("cannot parse json: {e}"))),
            };
            let expires = tj
                .expires_in
                .as_ref()
                .and_then(serde_json::Value::as_i64)
                .map(|n| n.min(i64::from(i32::MAX)))
                .filter(|&n| n != 0);
            let token = Token {
                access_token: tj.access_token,
                token_type: tj.token_type,
                expires_in: expires,
            };
            (token, tj.error, tj.error_description)
        }
    };
    if failure || !code.is_empty() {
        return Err(retrieve(code, description));
    }
    if token.access_token.is_empty() {
        return Err(TokenError::Missing);
    }
    Ok(token)
}

/// Why a token cannot go into an `Authorization` header, if it cannot: too long, or
/// holding anything but visible ASCII (what the HTTP client sends). The token itself
/// is never part of the text.
pub fn unsendable(token: &str) -> Option<String> {
    if token.len() > MAX_TOKEN_BYTES {
        return Some(format!(
            "the access token is {} bytes, more than the {MAX_TOKEN_BYTES} bytes atlas sends in a header",
            token.len()
        ));
    }
    let bad = token.char_indices().find(|(_, c)| !c.is_ascii_graphic());
    bad.map(|(i, c)| {
        let what = if c == char::REPLACEMENT_CHARACTER {
            "bytes that are not UTF-8".to_string()
        } else if c.is_ascii() {
            format!(
                "a control character or space (byte {} of {})",
                i + 1,
                token.len()
            )
        } else {
            format!(
                "a character that is not ASCII (byte {} of {})",
                i + 1,
                token.len()
            )
        };
        format!("the access token holds {what}, which an HTTP header cannot carry")
    })
}

/// Decision credentials-need-https: client credentials (a client secret, a refresh
/// token) go only over https, or plain http to this machine (127.0.0.0/8, `::1`,
/// `localhost`), where nothing crosses a network. Returns the host that is refused.
pub fn refuses_credentials(url: &str) -> Option<String> {
    let target = super::client::Target::parse(url)?;
    if target.scheme == "https" {
        return None;
    }
    let host = target.host.trim_end_matches('.').to_ascii_lowercase();
    let loopback = host == "localhost"
        || match host.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
            Ok(std::net::IpAddr::V6(ip)) => {
                ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            Err(_) => false,
        };
    (!loopback).then_some(target.host)
}

/// Whether `token_type` names a Bearer token (Go's `Token.Type`: empty means Bearer).
pub fn is_bearer(token_type: &str) -> bool {
    token_type.is_empty() || token_type.eq_ignore_ascii_case("bearer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_expiry_claims() {
        let payload = base64::encode_std(br#"{"sub":"x","exp":1900000000}"#).replace('=', "");
        assert_eq!(jwt_expiry(&format!("h.{payload}.s")), Ok(1_900_000_000));
        assert!(jwt_expiry("not-a-jwt").is_err());
        let no_exp = base64::encode_std(br#"{"sub":"x"}"#).replace('=', "");
        assert_eq!(
            jwt_expiry(&format!("h.{no_exp}.s")),
            Err("the token has no exp claim".into())
        );
    }

    fn json(status: u16, body: &str) -> Result<Token, TokenError> {
        token_answer(status, "", "application/json", body.as_bytes())
    }

    #[test]
    fn token_answers_as_go_reads_them() {
        let t = |access: &str, kind: &str, exp: Option<i64>| Token {
            access_token: access.into(),
            token_type: kind.into(),
            expires_in: exp,
        };
        let form = |ct: &str, status: u16, body: &str| {
            token_answer(status, "Bad Request", ct, body.as_bytes())
        };
        let cases: Vec<(Result<Token, TokenError>, Result<Token, TokenError>)> = vec![
            (
                json(
                    200,
                    r#"{"access_token":"a.b.c","token_type":"Bearer","expires_in":3600}"#,
                ),
                Ok(t("a.b.c", "Bearer", Some(3600))),
            ),
            // Go's expirationTime caps at 2^31-1; zero is no expiry.
            (
                json(200, r#"{"access_token":"x","expires_in":99999999999}"#),
                Ok(t("x", "", Some(2_147_483_647))),
            ),
            (
                json(200, r#"{"access_token":"x","expires_in":0}"#),
                Ok(t("x", "", None)),
            ),
            (
                form(
                    "application/x-www-form-urlencoded; charset=utf-8",
                    200,
                    "access_token=a%2Bb&token_type=bearer&expires_in=60",
                ),
                Ok(t("a+b", "bearer", Some(60))),
            ),
            (
                form("text/plain", 200, "expires_in=soon&access_token=x+y"),
                Ok(t("x y", "", None)),
            ),
            // The first value of a key wins, as Values.Get.
            (
                form("text/plain", 200, "access_token=1&access_token=2"),
                Ok(t("1", "", None)),
            ),
            (
                form("application/x-www-form-urlencoded", 200, "access_token=%zz"),
                Err(TokenError::Parse(
                    "cannot parse response: invalid URL escape \"%zz\"".into(),
                )),
            ),
            (
                form("application/x-www-form-urlencoded", 200, "a=1;b=2"),
                Err(TokenError::Parse(
                    "cannot parse response: invalid semicolon separator in query".into(),
                )),
            ),
            (
                form(
                    "application/x-www-form-urlencoded",
                    400,
                    "error=invalid_client&error_description=no+such+client",
                ),
                Err(TokenError::Retrieve {
                    status: 400,
                    status_text: "Bad Request".into(),
                    code: "invalid_client".into(),
                    description: "no such client".into(),
                }),
            ),
            // An error code in a 200 answer is still an error.
            (
                form("application/x-www-form-urlencoded", 200, "error=slow_down"),
                Err(TokenError::Retrieve {
                    status: 200,
                    status_text: "Bad Request".into(),
                    code: "slow_down".into(),
                    description: String::new(),
                }),
            ),
            (
                form("text/plain", 200, "token_type=bearer"),
                Err(TokenError::Missing),
            ),
            (json(200, "{}"), Err(TokenError::Missing)),
            (
                json(200, "<html>"),
                Err(TokenError::Parse(
                    "cannot parse json: invalid character '<' looking for beginning of value"
                        .into(),
                )),
            ),
            (
                json(502, "<html>"),
                Err(TokenError::Retrieve {
                    status: 502,
                    status_text: String::new(),
                    code: String::new(),
                    description: String::new(),
                }),
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
        // Go's type errors name oauth2's type: with its package for the value, without
        // it for a field's struct (reflect.Type.Name()).
        for (body, want) in [
            (
                "[]",
                "cannot parse json: json: cannot unmarshal array into Go value of type internal.tokenJSON",
            ),
            (
                r#"{"access_token":5}"#,
                "cannot parse json: json: cannot unmarshal number into Go struct field tokenJSON.access_token of type string",
            ),
        ] {
            assert_eq!(json(200, body), Err(TokenError::Parse(want.into())), "{body}");
        }
        let big = format!(r#"{{"access_token":"{}"}}"#, "a".repeat(MAX_ANSWER_BYTES));
        assert_eq!(json(200, &big), Err(TokenError::TooLarge(big.len())));
    }

    #[test]
    fn token_error_texts() {
        let r = |code: &str, d: &str| {
            TokenError::Retrieve {
                status: 401,
                status_text: "Unauthorized".into(),
                code: code.into(),
                description: d.into(),
            }
            .to_string()
        };
        assert_eq!(
            r("invalid_grant", "expired"),
            r#"oauth2: "invalid_grant" "expired""#
        );
        assert_eq!(r("invalid_grant", ""), r#"oauth2: "invalid_grant""#);
        assert_eq!(r("", "x"), "oauth2: cannot fetch token: 401 Unauthorized");
        assert_eq!(
            TokenError::Missing.to_string(),
            "oauth2: server response missing access_token"
        );
    }

    #[test]
    fn sendable_tokens() {
        assert_eq!(unsendable("eyJ.a-b_c~d+e/f="), None);
        assert!(unsendable(&"a".repeat(MAX_TOKEN_BYTES)).is_none());
        assert!(
            unsendable(&"a".repeat(MAX_TOKEN_BYTES + 1)).is_some_and(|m| m.contains("65537 bytes"))
        );
        assert!(unsendable("ab\u{fffd}cd").is_some_and(|m| m.contains("not UTF-8")));
        assert!(unsendable("ab\ncd")
            .is_some_and(|m| m.contains("control character or space (byte 3 of 5)")));
        assert!(unsendable("a b").is_some());
        assert!(unsendable("é").is_some_and(|m| m.contains("not ASCII")));
        assert!(is_bearer("") && is_bearer("bearer") && is_bearer("Bearer") && !is_bearer("mac"));
    }

    #[test]
    fn credentials_only_over_https_or_loopback() {
        for ok in [
            "https://cloud.mongodb.com/api/oauth/token",
            "https://example.invalid/x",
            "http://127.0.0.1:8080/api/oauth/token",
            "http://127.8.9.10/",
            "http://[::1]:9/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:1/",
            "http://LOCALHOST./",
        ] {
            assert_eq!(refuses_credentials(ok), None, "{ok}");
        }
        for (bad, host) in [
            (
                "http://cloud.mongodb.com/api/oauth/token",
                "cloud.mongodb.com",
            ),
            ("http://example.invalid/api/oauth/token", "example.invalid"),
            ("http://128.0.0.1/", "128.0.0.1"),
            ("http://10.0.0.1:80/", "10.0.0.1"),
            ("http://[::2]/", "::2"),
            ("http://localhost.example.com/", "localhost.example.com"),
            ("http://user:pw@evil.example/", "evil.example"),
        ] {
            assert_eq!(refuses_credentials(bad).as_deref(), Some(host), "{bad}");
        }
    }

    #[test]
    fn forms() {
        assert_eq!(
            form_encode(&[("scope", "openid profile"), ("client_id", "a+b")]),
            "client_id=a%2Bb&scope=openid+profile"
        );
    }
}
