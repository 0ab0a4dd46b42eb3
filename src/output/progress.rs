//! Where a long run is (decision progress-line), on stderr only: on a terminal one
//! line updated in place (`invited 37 of 500, 1 failed; waiting 42 s for Atlas's rate
//! limit`), elsewhere one line per rate-limit wait. Any verb that works through a list
//! (`invite -f`, `apply`) counts its items here and hands the same value to the session
//! as its [`Pause`], so that the waits show on the same line.
//!
//! ```ignore
//! let progress = Progress::new("invited", items.len());
//! session.set_pause(progress.clone());
//! for item in items {
//!     match send(item) {
//!         Ok(_) => progress.succeeded(),
//!         Err(e) => { progress.note(&format!("Error: {e}")); progress.failed() }
//!     }
//! }
//! progress.finish();
//! ```

use crate::api::bulk::{Item, Observer, Outcome, Tally};
use crate::api::limits::{Notice, Pause};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// Clears the terminal line the cursor is on and goes back to its start.
const CLEAR: &str = "\r\x1b[2K";

/// The counts of a run through `total` items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub skipped: usize,
    pub failed: usize,
}

pub struct Progress {
    /// What a done item is called (`invited`).
    verb: &'static str,
    /// Items in the run; `None` until known (`apply` lists before it plans).
    total: Cell<Option<usize>>,
    counts: Cell<Counts>,
    /// Update one line in place (stderr is a terminal).
    terminal: bool,
    /// A line is on the terminal without its newline.
    drawn: Cell<bool>,
}

impl Progress {
    /// A run through `total` items; in place when stderr is a terminal.
    pub fn new(verb: &'static str, total: usize) -> Rc<Progress> {
        Progress::with_terminal(verb, total, crate::redact::stderr_is_terminal())
    }

    pub fn with_terminal(verb: &'static str, total: usize, terminal: bool) -> Rc<Progress> {
        Rc::new(Progress {
            verb,
            total: Cell::new(Some(total)),
            counts: Cell::new(Counts::default()),
            terminal,
            drawn: Cell::new(false),
        })
    }

    /// A run whose number of items is not known yet: until [`Progress::set_total`], a
    /// rate-limit wait shows alone (`waiting 42 s for Atlas's rate limit`).
    pub fn before_total(verb: &'static str) -> Rc<Progress> {
        let p = Progress::new(verb, 0);
        p.total.set(None);
        p
    }

    pub fn set_total(&self, total: usize) {
        self.total.set(Some(total));
    }

    /// Takes the counts from the caller's own tally, without drawing.
    pub fn set_counts(&self, counts: Counts) {
        self.counts.set(counts);
    }

    /// Draws the line now (on a terminal; elsewhere only waits print).
    pub fn show(&self) {
        if self.terminal {
            self.draw(&self.line(None));
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts.get()
    }

    /// One more item done.
    pub fn succeeded(&self) {
        self.count(|c| c.done += 1);
    }

    /// One more item skipped.
    pub fn skipped(&self) {
        self.count(|c| c.skipped += 1);
    }

    /// One more item failed.
    pub fn failed(&self) {
        self.count(|c| c.failed += 1);
    }

    fn count(&self, f: impl FnOnce(&mut Counts)) {
        let mut c = self.counts.get();
        f(&mut c);
        self.counts.set(c);
        if self.terminal {
            self.draw(&self.line(None));
        }
    }

    /// The line: `invited 37 of 500, 2 skipped, 1 failed`, and with a wait
    /// `…; waiting 42 s for Atlas's rate limit`.
    pub fn line(&self, waiting: Option<&Notice>) -> String {
        let c = self.counts.get();
        let Some(total) = self.total.get() else {
            return waiting.map(waiting_text).unwrap_or_default();
        };
        let mut line = format!("{} {} of {total}", self.verb, c.done);
        if c.skipped > 0 {
            line.push_str(&format!(", {} skipped", c.skipped));
        }
        if c.failed > 0 {
            line.push_str(&format!(", {} failed", c.failed));
        }
        if let Some(n) = waiting {
            line.push_str("; ");
            line.push_str(&waiting_text(n));
        }
        line
    }

    /// Prints a line of its own on stderr (an item's error) without mixing it into the
    /// progress line, which is drawn again below it.
    pub fn note(&self, text: &str) {
        self.clear();
        crate::redact::say!("{text}");
        if self.terminal {
            self.draw(&self.line(None));
        }
    }

    /// Takes the progress line off the terminal (before stdout is written, and at the end).
    pub fn clear(&self) {
        if self.drawn.replace(false) {
            write_err(CLEAR);
        }
    }

    /// The run is over: the summary comes on a clean line.
    pub fn finish(&self) {
        self.clear();
    }

    fn draw(&self, line: &str) {
        write_err(&format!("{CLEAR}{line}"));
        self.drawn.set(true);
    }
}

impl Pause for Progress {
    fn pause(&self, notice: &Notice, real: Duration) {
        if !self.terminal {
            crate::redact::say!("{}", self.line(Some(notice)));
            std::thread::sleep(real);
            return;
        }
        // Counts down once a second (of the server's time) while it waits.
        let steps = notice.ms.div_ceil(1000).max(1);
        let step = real.div_f64(steps as f64);
        for done in 0..steps {
            let left = Notice {
                ms: notice.ms.saturating_sub(done.saturating_mul(1000)),
                ..*notice
            };
            self.draw(&self.line(Some(&left)));
            std::thread::sleep(step);
        }
        self.draw(&self.line(None));
    }
}

/// The progress line told of each item of a bulk run: drawn when the run starts and
/// again with the counts after each item (an item's own lines take it off and draw it
/// again below them, see `output::bulk::Lines`); the caller takes it off at the end
/// with [`Progress::finish`].
pub struct Line(pub Rc<Progress>);

impl<T: Item> Observer<T> for Line {
    fn starting(&mut self, number: usize, _: &T, tally: &Tally<T::Kind>) {
        if number == 1 {
            self.0.set_total(tally.total);
            self.0.show();
        }
    }

    fn finished(&mut self, _: usize, _: &T, _: &Outcome, tally: &Tally<T::Kind>) {
        self.0.set_counts(Counts {
            done: tally.done_total(),
            skipped: tally.skipped,
            failed: tally.failed + tally.refused,
        });
        self.0.show();
    }
}

/// What a wait looks like: `waiting 42 s for Atlas's rate limit`.
pub fn waiting_text(notice: &Notice) -> String {
    let what = if notice.status == 503 {
        "Atlas (503 Service Unavailable)"
    } else {
        "Atlas's rate limit"
    };
    format!(
        "waiting {} s for {what}",
        crate::api::limits::secs(notice.ms)
    )
}

/// The default pause of a command that works through no list: one line on stderr per
/// wait, then the sleep.
pub struct Announce;

impl Pause for Announce {
    fn pause(&self, notice: &Notice, real: Duration) {
        crate::redact::say!("{}", waiting_text(notice));
        std::thread::sleep(real);
    }
}

fn write_err(text: &str) {
    crate::redact::write_stderr(text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::limits::Source;

    #[test]
    fn lines() {
        let p = Progress::with_terminal("invited", 500, false);
        assert_eq!(p.line(None), "invited 0 of 500");
        for _ in 0..37 {
            p.succeeded();
        }
        p.failed();
        let wait = Notice {
            ms: 42_000,
            status: 429,
            source: Source::RetryAfter,
        };
        assert_eq!(
            p.line(Some(&wait)),
            "invited 37 of 500, 1 failed; waiting 42 s for Atlas's rate limit"
        );
        p.skipped();
        p.skipped();
        assert_eq!(p.line(None), "invited 37 of 500, 2 skipped, 1 failed");
        assert_eq!(
            p.counts(),
            Counts {
                done: 37,
                skipped: 2,
                failed: 1
            }
        );
    }

    #[test]
    fn wait_lines() {
        let n = |ms, status| Notice {
            ms,
            status,
            source: Source::RetryAfter,
        };
        assert_eq!(
            waiting_text(&n(42_000, 429)),
            "waiting 42 s for Atlas's rate limit"
        );
        assert_eq!(
            waiting_text(&n(500, 400)),
            "waiting 1 s for Atlas's rate limit"
        );
        assert_eq!(
            waiting_text(&n(10_000, 503)),
            "waiting 10 s for Atlas (503 Service Unavailable)"
        );
    }
}
