//! When to send a rate-limited request again (decision rate-limit-wait): the pure
//! schedule, the `Retry-After` header read with saturating arithmetic, and the
//! [`Pause`] seam through which the waiting is done and shown. What counts as rate
//! limited is not decided here: the caller's classifier (`client::Classify`) reads
//! the server's answer.
//!
//! All amounts are the server's milliseconds. A test hook may make the real sleep
//! shorter (decision wait-scale-test-hook), but the budget is always counted here, in
//! the server's time.

use std::time::Duration;

/// The first wait of the backoff when the answer names none; it doubles each time.
pub const BACKOFF_FIRST_MS: u64 = 10_000;
/// The longest wait of the backoff.
pub const BACKOFF_MAX_MS: u64 = 120_000;
/// Decision zero-wait-cap: how many times in a row one request is sent again at once
/// (`Retry-After: 0`, or a date already past) before atlas stops believing it.
pub const ZERO_WAIT_RETRIES: u32 = 5;

/// What a rate-limited answer says, as the caller's classifier reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limited {
    /// The limit as the server reported it (an error code, its detail), for the
    /// message when atlas stops waiting; may be empty.
    pub limit: String,
    /// The wait the answer's body names, in seconds (a detail such as "Please retry
    /// after 55 seconds."), used when there is no `Retry-After`.
    pub asked_secs: Option<u64>,
}

/// Where a wait comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The `Retry-After` header.
    RetryAfter,
    /// The answer's body (the classifier's `asked_secs`).
    Body,
    /// Neither named a wait: exponential backoff with jitter.
    Backoff,
}

/// One rate-limited answer, and where this request and the run stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The wait the answer names (ms) and where; `None` when it names none.
    pub asked: Option<(u64, Source)>,
    /// Rate-limited answers this request had before this one.
    pub attempt: u32,
    /// Immediate (zero) waits this request had in a row before this answer.
    pub zero_waits: u32,
    /// The run's whole budget (ms); 0 means never wait.
    pub budget_ms: u64,
    /// What is left of it (ms).
    pub left_ms: u64,
    /// A draw in 0..1000 for the backoff's jitter.
    pub jitter: u32,
}

/// Why atlas stops waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The budget is 0: never wait.
    Never,
    /// The wait is longer than what is left of the budget.
    Budget,
    /// [`ZERO_WAIT_RETRIES`] immediate retries in a row were not enough.
    ZeroWaits,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Sleep `ms`, then send the request again.
    Wait { ms: u64, source: Source },
    /// Stop: the answer is final. `ms` is the wait that was asked for (or computed).
    GiveUp { ms: u64, source: Source, why: Why },
}

/// The backoff's wait for the `attempt`-th rate-limited answer (0-based): 10 s, 20 s,
/// 40 s … at most 120 s, each drawn uniformly from its upper three quarters so that
/// clients limited together do not come back together.
pub fn backoff_ms(attempt: u32, jitter: u32) -> u64 {
    let base = BACKOFF_FIRST_MS
        .checked_shl(attempt.min(16))
        .unwrap_or(BACKOFF_MAX_MS)
        .min(BACKOFF_MAX_MS);
    let quarter = base / 4;
    base - quarter + quarter * u64::from(jitter.min(999)) / 1000
}

/// The schedule: wait as the answer asks (else back off), within what is left.
pub fn decide(f: &Facts) -> Decision {
    let (ms, source) = f
        .asked
        .unwrap_or((backoff_ms(f.attempt, f.jitter), Source::Backoff));
    let why = if f.budget_ms == 0 {
        Why::Never
    } else if ms > f.left_ms {
        Why::Budget
    } else if ms == 0 && f.zero_waits >= ZERO_WAIT_RETRIES {
        Why::ZeroWaits
    } else {
        return Decision::Wait { ms, source };
    };
    Decision::GiveUp { ms, source, why }
}

/// `Retry-After` in milliseconds from `now` (Unix seconds): delay-seconds, or an
/// HTTP date (a past date is 0). Saturates: more digits than fit is the longest wait.
/// `None` for anything else, which is then ignored.
pub fn retry_after_ms(value: &str, now: i64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        let secs = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(secs.saturating_mul(1000));
    }
    let when = crate::go::http::parse_http_date(v)?;
    let secs = u64::try_from(when.saturating_sub(now)).unwrap_or(0);
    Some(secs.saturating_mul(1000))
}

/// Whole seconds for messages, rounded up (a wait of 0.2 s is "1 s").
pub fn secs(ms: u64) -> u64 {
    ms.div_ceil(1000)
}

/// The real time a wait of `ms` takes at `scale` (1 outside tests). Never longer than
/// the wait itself.
pub fn real_duration(ms: u64, scale: f64) -> Duration {
    let scale = if scale.is_finite() {
        scale.clamp(0.0, 1.0)
    } else {
        1.0
    };
    Duration::from_millis(ms).mul_f64(scale)
}

/// One wait, as told to the [`Pause`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The server's milliseconds to wait.
    pub ms: u64,
    /// The answer's status.
    pub status: u16,
    pub source: Source,
}

/// Does the waiting, and shows it: the command's progress line, or a plain sleep.
pub trait Pause {
    /// Sleeps `real` (the scaled form of `notice.ms`).
    fn pause(&self, notice: &Notice, real: Duration);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(asked: Option<(u64, Source)>, attempt: u32, zero: u32, left: u64) -> Facts {
        Facts {
            asked,
            attempt,
            zero_waits: zero,
            budget_ms: 600_000,
            left_ms: left,
            jitter: 999,
        }
    }

    #[test]
    fn schedule_table() {
        use Decision::{GiveUp, Wait};
        use Source::{Backoff, Body, RetryAfter};
        let ra = |s: u64| Some((s * 1000, RetryAfter));
        let cases = [
            // As asked, within what is left (exactly all of it too).
            (
                facts(ra(55), 0, 0, 600_000),
                Wait {
                    ms: 55_000,
                    source: RetryAfter,
                },
            ),
            (
                facts(ra(55), 3, 0, 55_000),
                Wait {
                    ms: 55_000,
                    source: RetryAfter,
                },
            ),
            (
                facts(Some((7_000, Body)), 0, 0, 600_000),
                Wait {
                    ms: 7_000,
                    source: Body,
                },
            ),
            // Past what is left: stop at once, naming the wait.
            (
                facts(ra(56), 0, 0, 55_000),
                GiveUp {
                    ms: 56_000,
                    source: RetryAfter,
                    why: Why::Budget,
                },
            ),
            (
                facts(Some((u64::MAX, RetryAfter)), 0, 0, 600_000),
                GiveUp {
                    ms: u64::MAX,
                    source: RetryAfter,
                    why: Why::Budget,
                },
            ),
            // Zero waits: at once, until the cap.
            (
                facts(ra(0), 0, 0, 0),
                Wait {
                    ms: 0,
                    source: RetryAfter,
                },
            ),
            (
                facts(ra(0), 0, ZERO_WAIT_RETRIES - 1, 10),
                Wait {
                    ms: 0,
                    source: RetryAfter,
                },
            ),
            (
                facts(ra(0), 0, ZERO_WAIT_RETRIES, 600_000),
                GiveUp {
                    ms: 0,
                    source: RetryAfter,
                    why: Why::ZeroWaits,
                },
            ),
            // No wait named: backoff 10, 20, 40, 80, 120, 120 s (jitter at its top).
            (
                facts(None, 0, 0, 600_000),
                Wait {
                    ms: 9_997,
                    source: Backoff,
                },
            ),
            (
                facts(None, 1, 0, 600_000),
                Wait {
                    ms: 19_995,
                    source: Backoff,
                },
            ),
            (
                facts(None, 2, 0, 600_000),
                Wait {
                    ms: 39_990,
                    source: Backoff,
                },
            ),
            (
                facts(None, 4, 0, 600_000),
                Wait {
                    ms: 119_970,
                    source: Backoff,
                },
            ),
            (
                facts(None, 60, 0, 600_000),
                Wait {
                    ms: 119_970,
                    source: Backoff,
                },
            ),
            (
                facts(None, 2, 0, 30_000),
                GiveUp {
                    ms: 39_990,
                    source: Backoff,
                    why: Why::Budget,
                },
            ),
        ];
        for (f, want) in cases {
            assert_eq!(decide(&f), want, "{f:?}");
        }
        // A budget of 0 never waits, not even at once.
        let never = Facts {
            budget_ms: 0,
            left_ms: 0,
            ..facts(ra(0), 0, 0, 0)
        };
        assert_eq!(
            decide(&never),
            GiveUp {
                ms: 0,
                source: RetryAfter,
                why: Why::Never
            }
        );
    }

    #[test]
    fn backoff_jitter_stays_in_the_upper_quarter() {
        assert_eq!(backoff_ms(0, 0), 7_500);
        assert_eq!(backoff_ms(0, 500), 8_750);
        assert_eq!(backoff_ms(3, 0), 60_000);
        assert_eq!(backoff_ms(u32::MAX, u32::MAX), 119_970);
        for attempt in 0..40 {
            for jitter in [0, 1, 999, 5000] {
                let ms = backoff_ms(attempt, jitter);
                assert!((7_500..=BACKOFF_MAX_MS).contains(&ms), "{attempt} {jitter}");
            }
        }
    }

    #[test]
    fn retry_after_values() {
        let now = 1_796_083_200; // 2026-12-01T00:00:00Z
        let cases: &[(&str, Option<u64>)] = &[
            ("0", Some(0)),
            ("1", Some(1_000)),
            (" 55 ", Some(55_000)),
            ("18446744073709551615", Some(u64::MAX)),
            ("99999999999999999999999999", Some(u64::MAX)),
            ("18446744073709551", Some(18_446_744_073_709_551_000)),
            ("18446744073709552", Some(u64::MAX)),
            ("Tue, 01 Dec 2026 00:00:42 GMT", Some(42_000)),
            ("Mon, 30 Nov 2026 00:00:00 GMT", Some(0)),
            ("Fri, 31 Dec 9999 23:59:59 GMT", Some(251_606_217_599_000)),
            ("Fri, 31 Dec 99999999999999999 23:59:59 GMT", None),
            ("-1", None),
            ("1.5", None),
            ("soon", None),
            ("", None),
        ];
        for (value, want) in cases {
            assert_eq!(retry_after_ms(value, now), *want, "{value:?}");
        }
    }

    #[test]
    fn real_time_and_seconds() {
        assert_eq!(real_duration(55_000, 1.0), Duration::from_secs(55));
        assert_eq!(real_duration(55_000, 0.001), Duration::from_millis(55));
        assert_eq!(real_duration(55_000, 7.0), Duration::from_secs(55));
        assert_eq!(real_duration(55_000, f64::NAN), Duration::from_secs(55));
        assert_eq!(real_duration(u64::MAX, 0.0), Duration::ZERO);
        assert_eq!((secs(0), secs(1), secs(1_000), secs(1_001)), (0, 1, 1, 2));
        assert_eq!(secs(u64::MAX), u64::MAX / 1000 + 1);
    }
}
