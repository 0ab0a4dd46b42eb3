//! Atlas's rate limits as the transport needs to know them (decision rate-limit-wait):
//! which answers mean "not acted on, send again" and the wait an answer's `detail`
//! names. How a wait is shown is the output layer's (`output::progress`).

use crate::error::{RateLimit, StopReason, WaitSource};
use crate::transport::client::{GaveUp, Response};
/// What the commands' progress lines implement (the transport's seam, named here so
/// that `output` need not reach below `api`).
pub use crate::transport::retry::{secs, Notice, Pause, Source};
use crate::transport::retry::{Limited, Why, ZERO_WAIT_RETRIES};
use serde::Deserialize;

/// The setting that holds the run's wait budget, named when waiting stops.
pub const WAIT_SETTING: &str = "ATLAS_RATE_LIMIT_WAIT";

/// The transport's data on a rate limit it stopped waiting for, as the error carries it.
pub fn rate_limit(g: GaveUp) -> Box<RateLimit> {
    Box::new(RateLimit {
        status: g.status,
        status_text: g.status_text,
        limit: g.limit,
        wait_ms: g.ms,
        source: match g.source {
            Source::RetryAfter => WaitSource::RetryAfter,
            Source::Body => WaitSource::Body,
            Source::Backoff => WaitSource::Backoff,
        },
        stop: match g.why {
            Why::Never => StopReason::Never,
            Why::Budget => StopReason::Budget,
            Why::ZeroWaits => StopReason::ZeroWaits {
                times: ZERO_WAIT_RETRIES + 1,
            },
        },
        setting: g.setting,
        left_ms: g.left_ms,
        budget_ms: g.budget_ms,
    })
}

/// Error bodies larger than this are not read for a rate limit: Atlas's are ~200 bytes.
const MAX_BODY: usize = 64 * 1024;
/// How much of the `detail` the final error line quotes.
const MAX_DETAIL_CHARS: usize = 300;

/// The two fields of Atlas's `ApiError` a rate limit is recognized by.
#[derive(Default, Deserialize)]
#[serde(rename = "admin.ApiError", rename_all = "camelCase")]
struct Fields {
    detail: String,
    error_code: String,
}

/// The transport's classifier: 429 and 503, and a 400 whose `errorCode` is
/// `INVITATIONS_RATE_LIMITED_IP` or starts with `RATE_LIMITED`.
pub fn classify(resp: &Response) -> Option<Limited> {
    if !matches!(resp.status, 400 | 429 | 503) {
        return None;
    }
    let fields = fields(resp);
    let code = fields.error_code.as_str();
    if resp.status == 400
        && !(code == "INVITATIONS_RATE_LIMITED_IP" || code.starts_with("RATE_LIMITED"))
    {
        return None;
    }
    let detail: String = fields
        .detail
        .trim()
        .chars()
        .take(MAX_DETAIL_CHARS)
        .collect();
    let limit = match (code.is_empty(), detail.is_empty()) {
        (true, true) => String::new(),
        (false, true) => code.to_string(),
        (true, false) => detail.clone(),
        (false, false) => format!("{code}: {detail}"),
    };
    Some(Limited {
        limit: crate::go::strconv::inert(&limit).into_owned(),
        asked_secs: retry_after_in(&fields.detail),
    })
}

/// The body's `errorCode` and `detail`, read only from a small JSON body (a shallow,
/// bounded read: the decoder's depth limit holds too); empty otherwise.
fn fields(resp: &Response) -> Fields {
    if resp.body.is_empty()
        || resp.body.len() > MAX_BODY
        || !crate::transport::client::is_json_type(resp.header("content-type").unwrap_or(""))
    {
        return Fields::default();
    }
    // Short (at most MAX_BODY): the decoder's exact path alone, for size.
    crate::go::json::unmarshal_exact::<Option<Fields>>(&resp.body)
        .ok()
        .and_then(|d| d.value)
        .unwrap_or_default()
}

/// The seconds in a `detail` such as "Please retry after 55 seconds.": the first
/// "retry after N second(s)", any case, any run of spaces.
pub fn retry_after_in(detail: &str) -> Option<u64> {
    let lower = detail.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_ascii_whitespace().collect();
    words.windows(4).find_map(|w| match w {
        ["retry", "after", n, unit]
            if unit.trim_end_matches(['.', ',', ';', ')']) == "seconds"
                || unit.trim_end_matches(['.', ',', ';', ')']) == "second" =>
        {
            n.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| n.parse::<u64>().unwrap_or(u64::MAX))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, content_type: &str, body: &str) -> Response {
        Response::for_test(status, content_type, body)
    }

    #[test]
    fn which_answers_are_rate_limited() {
        let json = "application/json";
        let bucket = r#"{"detail":"Please retry after 55 seconds. Request capacity: 10. Refill rate: 5 per 60 seconds.","error":429,"errorCode":"RATE_LIMITED_TOKEN_BUCKET","parameters":[],"reason":"Too Many Requests"}"#;
        let ip = r#"{"detail":"Rate limit of 10 invitations per 1 minutes","error":400,"errorCode":"INVITATIONS_RATE_LIMITED_IP"}"#;
        let limited = |limit: &str, asked: Option<u64>| {
            Some(Limited {
                limit: limit.into(),
                asked_secs: asked,
            })
        };
        let cases = [
            (answer(429, json, bucket), limited("RATE_LIMITED_TOKEN_BUCKET: Please retry after 55 seconds. Request capacity: 10. Refill rate: 5 per 60 seconds.", Some(55))),
            (answer(400, json, ip), limited("INVITATIONS_RATE_LIMITED_IP: Rate limit of 10 invitations per 1 minutes", None)),
            (answer(400, json, r#"{"errorCode":"RATE_LIMITED"}"#), limited("RATE_LIMITED", None)),
            (answer(400, json, r#"{"errorCode":"VALIDATION_ERROR","detail":"retry after 5 seconds"}"#), None),
            (answer(400, json, r#"{"errorCode":"NOT_RATE_LIMITED"}"#), None),
            (answer(400, "text/plain", r#"{"errorCode":"RATE_LIMITED"}"#), None),
            (answer(429, "", ""), limited("", None)),
            (answer(503, "text/html", "<html>"), limited("", None)),
            (answer(429, json, "[[[[[[["), limited("", None)),
            (answer(429, json, r#"{"detail":"retry after 3 seconds"}"#), limited("retry after 3 seconds", Some(3))),
            (answer(409, json, bucket), None),
            (answer(200, json, bucket), None),
        ];
        for (resp, want) in cases {
            assert_eq!(
                classify(&resp),
                want,
                "{}",
                String::from_utf8_lossy(&resp.body)
            );
        }
        // A body larger than any rate-limit answer is not read.
        let big = format!(
            r#"{{"errorCode":"RATE_LIMITED","detail":"{}"}}"#,
            "x".repeat(MAX_BODY)
        );
        assert_eq!(classify(&answer(400, json, &big)), None);
        // The detail quoted is bounded.
        let long = format!(r#"{{"detail":"{}"}}"#, "y".repeat(5000));
        let got = classify(&answer(429, json, &long)).unwrap();
        assert_eq!(got.limit.len(), MAX_DETAIL_CHARS);
    }

    #[test]
    fn seconds_in_the_detail() {
        let cases: &[(&str, Option<u64>)] = &[
            (
                "Please retry after 55 seconds. Request capacity: 10.",
                Some(55),
            ),
            ("PLEASE RETRY AFTER 1 SECOND", Some(1)),
            ("retry  after\t0 seconds", Some(0)),
            (
                "Retry after 99999999999999999999999 seconds.",
                Some(u64::MAX),
            ),
            ("retry after 5 minutes", None),
            ("retry after -5 seconds", None),
            ("retry after 5.5 seconds", None),
            ("Rate limit of 10 invitations per 1 minutes", None),
            ("", None),
        ];
        for (detail, want) in cases {
            assert_eq!(retry_after_in(detail), *want, "{detail:?}");
        }
    }
}
