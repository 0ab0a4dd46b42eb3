//! A token bucket in front of some paths, as Atlas rate-limits its Admin API: each
//! request takes a token; an empty bucket answers 429 `RATE_LIMITED_TOKEN_BUCKET`
//! (or 400 `INVITATIONS_RATE_LIMITED_IP`) with the wait it would take, in
//! `Retry-After` and/or the `detail` text. Time runs `1 / scale` times faster than the
//! clock, so a test passes the same scale to atlas (`ATLAS_WAIT_SCALE`) and waits
//! milliseconds for Atlas's seconds.

use super::http::{Canned, Request};
use serde_json::json;
use std::time::Instant;

/// What `Retry-After` says on a limited answer.
#[derive(Clone, Debug)]
pub enum RetryAfter {
    /// No header.
    Off,
    /// The whole seconds until the next token, rounded up.
    Exact,
    /// This value, whatever the bucket holds.
    Fixed(String),
}

/// How the bucket answers when it is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// 429 `RATE_LIMITED_TOKEN_BUCKET`, detail "Please retry after N seconds. Request
    /// capacity: C. Refill rate: R per P seconds."
    TokenBucket,
    /// 429 with the same detail but no seconds in it (only the capacity and rate).
    TokenBucketNoSeconds,
    /// 400 `INVITATIONS_RATE_LIMITED_IP`, "Rate limit of C invitations per P seconds".
    InvitationsIp,
}

#[derive(Clone, Debug)]
pub struct Bucket {
    pub capacity: u32,
    /// Tokens added per `per_secs` (Atlas seconds); 0 never refills.
    pub refill: u32,
    pub per_secs: u32,
    pub retry_after: RetryAfter,
    pub style: Style,
    /// Real seconds per Atlas second.
    pub scale: f64,
    /// Only requests whose path (without query) ends with this are limited.
    pub path_suffix: String,
    /// Tokens in the bucket when it is installed.
    pub start: u32,
    tokens: f64,
    last: Option<Instant>,
    /// Limited answers given.
    pub refused: usize,
}

impl Bucket {
    /// A full bucket of `capacity` refilling `refill` per `per_secs` seconds, in front
    /// of every path, with `Retry-After` and the detail text.
    pub fn new(capacity: u32, refill: u32, per_secs: u32, scale: f64) -> Bucket {
        Bucket {
            capacity,
            refill,
            per_secs,
            retry_after: RetryAfter::Exact,
            style: Style::TokenBucket,
            scale,
            path_suffix: String::new(),
            start: capacity,
            tokens: 0.0,
            last: None,
            refused: 0,
        }
    }

    /// Tokens per Atlas second.
    fn rate(&self) -> f64 {
        if self.per_secs == 0 {
            return 0.0;
        }
        f64::from(self.refill) / f64::from(self.per_secs)
    }

    /// Takes a token for `req`, or answers as Atlas does when there is none.
    pub fn take(&mut self, req: &Request) -> Option<Canned> {
        if !req.path().ends_with(&self.path_suffix) {
            return None;
        }
        let now = Instant::now();
        match self.last {
            None => self.tokens = f64::from(self.start),
            Some(last) => {
                let atlas_secs = now.duration_since(last).as_secs_f64() / self.scale.max(1e-9);
                self.tokens =
                    (self.tokens + atlas_secs * self.rate()).min(f64::from(self.capacity));
            }
        }
        self.last = Some(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return None;
        }
        self.refused += 1;
        let rate = self.rate();
        let wait = if rate > 0.0 {
            ((1.0 - self.tokens) / rate).ceil().max(1.0) as u64
        } else {
            u64::from(self.per_secs.max(1))
        };
        let (cap, refill, per) = (self.capacity, self.refill, self.per_secs);
        let (status, code, detail) = match self.style {
            Style::TokenBucket => (429, "RATE_LIMITED_TOKEN_BUCKET", format!("Please retry after {wait} seconds. Request capacity: {cap}. Refill rate: {refill} per {per} seconds.")),
            Style::TokenBucketNoSeconds => (429, "RATE_LIMITED_TOKEN_BUCKET", format!("Request capacity: {cap}. Refill rate: {refill} per {per} seconds.")),
            Style::InvitationsIp => (400, "INVITATIONS_RATE_LIMITED_IP", format!("Rate limit of {cap} invitations per {per} seconds")),
        };
        let reason = if status == 429 {
            "Too Many Requests"
        } else {
            "Bad Request"
        };
        let body = json!({"detail": detail, "error": status, "errorCode": code, "parameters": [], "reason": reason});
        let mut answer = Canned::error(status, &body.to_string());
        match &self.retry_after {
            RetryAfter::Off => {}
            RetryAfter::Exact => answer
                .headers
                .push(("Retry-After".into(), wait.to_string())),
            RetryAfter::Fixed(v) => answer.headers.push(("Retry-After".into(), v.clone())),
        }
        Some(answer)
    }
}
