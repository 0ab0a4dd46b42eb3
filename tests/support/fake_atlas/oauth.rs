//! The OAuth token endpoints (service-account client credentials, user-account
//! refresh) and the unsigned JWTs they hand out; how the service-account endpoint
//! answers (JSON, a form, or whatever a test scripts), token revocation, and the count
//! of token requests.

use super::http::{form_value, Canned, Request};
use super::{FakeAtlas, State};
use std::collections::VecDeque;
use std::sync::Mutex;

/// How `/api/oauth/token` answers a good client-credentials request.
#[derive(Clone, Debug, Default)]
pub enum TokenStyle {
    /// JSON with a fresh JWT, as Atlas answers.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`, as some OAuth servers answer (and
    /// golang.org/x/oauth2 reads): a fresh JWT, or an opaque token whose expiry only
    /// `expires_in` gives.
    Form { jwt: bool },
}

/// The token endpoint's part of the fake's state.
#[derive(Default)]
pub struct TokenState {
    style: TokenStyle,
    /// Scripted answers for the next token requests (checked before the credentials).
    scripted: VecDeque<Canned>,
    opaque_counter: u64,
}

impl FakeAtlas {
    /// How the token endpoint answers from now on.
    pub fn token_style(&self, style: TokenStyle) {
        self.lock().tokens.style = style;
    }

    /// The next token request gets this answer, whatever it sends.
    pub fn push_token_answer(&self, answer: Canned) {
        self.lock().tokens.scripted.push_back(answer);
    }

    /// Every Bearer token handed out or seeded so far is refused from now on (401).
    pub fn revoke_bearer_tokens(&self) {
        self.lock().bearer_tokens.clear();
    }

    /// Requests that reached the service-account token endpoint.
    pub fn token_requests(&self) -> usize {
        self.lock()
            .log
            .iter()
            .filter(|r| r.target.ends_with("/api/oauth/token"))
            .count()
    }
}

/// An unsigned JWT whose `exp` is `secs` from now (negative: already expired).
pub fn jwt(secs: i64, subject: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let enc = |s: &str| {
        atlas::go::base64::encode_std(s.as_bytes())
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

/// Answers a request to a token endpoint; `None` for every other path.
pub fn token_endpoint(state: &Mutex<State>, req: &Request) -> Option<Canned> {
    let path = req.path();
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    if path.ends_with("/api/oauth/token") {
        if let Some(answer) = s.tokens.scripted.pop_front() {
            return Some(answer);
        }
        let want = s.service_account.clone()?;
        let expected = format!(
            "Basic {}",
            atlas::go::base64::encode_std(format!("{}:{}", want.0, want.1).as_bytes())
        );
        let grant = form_value(&req.body, "grant_type");
        if req.header("authorization") != Some(expected.as_str()) {
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
        let style = s.tokens.style.clone();
        let token = match style {
            TokenStyle::Form { jwt: false } => {
                s.tokens.opaque_counter += 1;
                format!("opaque-token-{}", s.tokens.opaque_counter)
            }
            _ => jwt(3600, &want.0),
        };
        s.bearer_tokens.push(token.clone());
        if let TokenStyle::Form { .. } = style {
            return Some(Canned::raw(
                200,
                &[(
                    "Content-Type",
                    "application/x-www-form-urlencoded; charset=utf-8",
                )],
                format!("access_token={token}&token_type=bearer&expires_in=3600").as_bytes(),
            ));
        }
        // Field order as the real endpoint sends it (not sorted), so a literal.
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
