//! Atlas error answers, printed as the official CLI prints them: the SDK's
//! `FormatErrorMessageWithDetails` line, or one of `commonerrors.Check`'s rewrites, with
//! the server's text made inert for a terminal (decision `inert-server-text`).

use crate::go::json::{marshal, unmarshal_exact};
use crate::go::strconv::inert;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::error::UNAUTHORIZED;
pub const SESSION_EXPIRED: &str = "session expired\n\nPlease note that your session expires periodically. \nIf you use Atlas CLI for automation, see https://www.mongodb.com/docs/atlas/cli/stable/atlas-cli-automate/ for best practices.\nTo login, run: atlas auth login";
const OUTSIDE_SUBNET: &str = "forbidden action outside access allow list, if you are a MongoDB employee double check your VPN connection";

/// The SDK's JSON media-type check, which the transport's `-D` lines share.
pub use crate::transport::client::is_json_type;

/// Go `%v` of a value decoded by `json.Unmarshal` into `any` (numbers are float64,
/// maps print sorted).
pub fn go_value(v: &Value) -> String {
    let mut out = String::new();
    push_go_value(&mut out, v);
    out
}

/// `go_value` into one buffer: linear however deep the value (decision `bounded-json`;
/// formatting each level into its own string copied the innermost text once per level).
fn push_go_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&crate::go::strconv::float_v(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                push_go_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push_str("map[");
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                push_go_value(out, v);
            }
            out.push(']');
        }
    }
}

/// The Atlas error body (`admin.ApiError`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename = "admin.ApiError", rename_all = "camelCase")]
struct ApiError {
    bad_request_detail: Option<BadRequestDetail>,
    detail: String,
    error: i64,
    error_code: String,
    parameters: Vec<Value>,
    reason: String,
}

/// `admin.BadRequestDetail`, printed re-marshalled: only its `fields`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename = "admin.BadRequestDetail")]
struct BadRequestDetail {
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<FieldViolation>>,
}

/// `admin.FieldViolation`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename = "admin.FieldViolation")]
struct FieldViolation {
    description: String,
    field: String,
}

fn decode_api_error(body: &[u8]) -> Result<ApiError, String> {
    // Error bodies are short: the decoder's exact path alone (`unmarshal_exact`, for size).
    let decoded: Option<ApiError> = unmarshal_exact(body).map_err(|e| e.to_string())?.value;
    Ok(decoded.unwrap_or_default())
}

/// The error for an HTTP status ≥ 300, with the CLI's friendly rewrites applied; the
/// `unauthorized` rewrite is its own kind so that the command can explain it, any other
/// answer keeps its status and error code as data (fallbacks and `--skip-existing`
/// decide on them).
pub fn error(
    status: u16,
    status_text: &str,
    method: &str,
    url_without_query: &str,
    content_type: &str,
    body: &[u8],
) -> crate::error::Error {
    match classify(
        status,
        status_text,
        method,
        url_without_query,
        content_type,
        body,
    ) {
        Answer::Unauthorized => crate::error::Error::unauthorized(),
        Answer::Other(message) => crate::error::Error::Http {
            status,
            code: error_code(content_type, body),
            message,
        },
    }
}

/// An error answer: the credentials were refused, or anything else (as its text).
enum Answer {
    Unauthorized,
    Other(String),
}

/// The `errorCode` of an error answer, empty when the body has none or cannot be read.
pub fn error_code(content_type: &str, body: &[u8]) -> String {
    if body.is_empty() || !is_json_type(content_type) {
        return String::new();
    }
    decode_api_error(body)
        .map(|e| e.error_code)
        .unwrap_or_default()
}

/// The error text for an HTTP status ≥ 300, with the CLI's friendly rewrites applied.
pub fn format(
    status: u16,
    status_text: &str,
    method: &str,
    url_without_query: &str,
    content_type: &str,
    body: &[u8],
) -> String {
    match classify(
        status,
        status_text,
        method,
        url_without_query,
        content_type,
        body,
    ) {
        Answer::Unauthorized => UNAUTHORIZED.to_string(),
        Answer::Other(text) => text,
    }
}

fn classify(
    status: u16,
    status_text: &str,
    method: &str,
    url_without_query: &str,
    content_type: &str,
    body: &[u8],
) -> Answer {
    let status_line = format!("{status} {status_text}");
    let decoded = if body.is_empty() {
        Ok(ApiError::default())
    } else if !is_json_type(content_type) {
        Err("undefined response type".to_string())
    } else {
        decode_api_error(body)
    };
    let e = match decoded {
        Ok(e) => e,
        Err(why) => {
            return Answer::Other(
                inert(&format!(
                    "({status_line}) failed to decode response body: {why}"
                ))
                .into_owned(),
            )
        }
    };
    if e.error_code == "UNAUTHORIZED" || e.error_code == "invalid_client" || e.error == 401 {
        return Answer::Unauthorized;
    }
    if e.error_code == "INVALID_REFRESH_TOKEN" {
        return Answer::Other(SESSION_EXPIRED.to_string());
    }
    if e.error_code == "GLOBAL_USER_OUTSIDE_SUBNET" {
        return Answer::Other(OUTSIDE_SUBNET.to_string());
    }
    let params = go_value(&Value::Array(e.parameters));
    // Decision inert-server-text: the server's words cannot drive the terminal. JSON
    // escapes what is below U+0020 in BadRequestDetail but not U+0085 or U+009B.
    let text = format!(
        "{url_without_query} {method}: HTTP {status_line} (Error code: {}) Detail: {} Reason: {}. Params: {params}, BadRequestDetail: {}",
        crate::go::strconv::quote(&e.error_code),
        e.detail,
        e.reason,
        e.bad_request_detail
            .and_then(|d| marshal(&d).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    );
    Answer::Other(inert(&text).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str =
        "https://cloud.mongodb.com/api/atlas/v2/orgs/5f71e5255afec75a3d0f96dc/invites";

    #[test]
    fn recorded_404_body() {
        let body = br#"{"detail":"No group with ID 111111111111111111111111 exists.","error":404,"errorCode":"GROUP_NOT_FOUND","parameters":["111111111111111111111111"],"reason":"Not Found"}"#;
        assert_eq!(
            format(404, "Not Found", "POST", URL, "application/json", body),
            format!("{URL} POST: HTTP 404 Not Found (Error code: \"GROUP_NOT_FOUND\") Detail: No group with ID 111111111111111111111111 exists. Reason: Not Found. Params: [111111111111111111111111], BadRequestDetail: ")
        );
    }

    #[test]
    fn rewrites_and_fallbacks() {
        let body = br#"{"error" : 401, "reason" : "Unauthorized", "detail" : "You are not authorized for this resource."}"#;
        assert_eq!(
            format(401, "Unauthorized", "GET", URL, "application/json", body),
            UNAUTHORIZED
        );
        let body = br#"{"errorCode":"INVALID_REFRESH_TOKEN","error":400}"#;
        assert_eq!(
            format(400, "Bad Request", "GET", URL, "application/json", body),
            SESSION_EXPIRED
        );
        assert_eq!(
            format(502, "Bad Gateway", "GET", URL, "text/html", b"<html>"),
            "(502 Bad Gateway) failed to decode response body: undefined response type"
        );
        assert_eq!(
            format(502, "Bad Gateway", "GET", URL, "", b""),
            format!("{URL} GET: HTTP 502 Bad Gateway (Error code: \"\") Detail:  Reason: . Params: [], BadRequestDetail: ")
        );
        assert_eq!(
            format(500, "Internal Server Error", "GET", URL, "application/json", b"{\"a\""),
            "(500 Internal Server Error) failed to decode response body: unexpected end of JSON input"
        );
        // A 401 whose body is not JSON is not rewritten (the CLI checks the body's code).
        assert!(format(401, "Unauthorized", "GET", URL, "text/plain", b"no")
            .starts_with("(401 Unauthorized)"));
    }

    #[test]
    fn params_and_bad_request_detail() {
        let body = br#"{"error":400,"errorCode":"VALIDATION_ERROR","parameters":[1,2.5,1e21,true,null,{"b":1,"a":"x"},["y"]],"badRequestDetail":{"fields":[{"field":"f","description":"d","extra":1}]}}"#;
        let msg = format(400, "Bad Request", "POST", URL, "application/json", body);
        assert!(msg.ends_with(r#"Params: [1 2.5 1e+21 true <nil> map[a:x b:1] [y]], BadRequestDetail: {"fields":[{"description":"d","field":"f"}]}"#), "{msg}");
    }

    #[test]
    fn server_text_is_inert() {
        let body = "{\"detail\":\"d\\u001b]0;t\\u0007\\r\\n\\\\x1b\",\"error\":400,\"errorCode\":\"E\\u001b\",\"parameters\":[\"p\\u001b[2K\",{\"k\\u0007\":\"v\\u0085\"}],\"reason\":\"r\\u0007\",\"badRequestDetail\":{\"fields\":[{\"field\":\"f\\u009b\",\"description\":\"\\u001b\"}]}}";
        let msg = format(
            400,
            "Bad Request",
            "POST",
            URL,
            "application/json",
            body.as_bytes(),
        );
        assert_eq!(
            msg,
            format!(
                r#"{URL} POST: HTTP 400 Bad Request (Error code: "E\x1b") Detail: d\x1b]0;t\a\r\n\x1b Reason: r\a. Params: [p\x1b[2K map[k\a:v\u0085]], BadRequestDetail: {{"fields":[{{"description":"\u001b","field":"f\u009b"}}]}}"#
            )
        );
        // A decoding error quotes the character it stopped at, as Go does.
        assert_eq!(
            format(400, "Bad Request", "GET", URL, "application/json", b"\x1b"),
            "(400 Bad Request) failed to decode response body: invalid character '\\x1b' looking for beginning of value"
        );
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_type("application/json"));
        assert!(is_json_type(
            "application/vnd.atlas.2023-01-01+json;charset=utf-8"
        ));
        assert!(is_json_type("Application/JSON; charset=ISO-8859-1"));
        assert!(is_json_type("text/json"));
        assert!(!is_json_type("text/html"));
        assert!(!is_json_type(""));
    }
}
