//! The words of a bulk run (`invite -f`, `apply`): one vocabulary for what happened to
//! each item (decision bulk-rate-limit-stop), whichever verb ran it.

use super::progress::Progress;
use crate::api::bulk::{Item, Observer, Outcome, Skip, Tally};
use std::io::Write;
use std::rc::Rc;

/// An item sent and refused by Atlas's rate limit once the wait budget was spent.
pub const REFUSED: &str = "refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent)";
/// An item the run stopped before.
pub const NOT_SENT: &str = "not sent";

/// Why an item was skipped.
pub fn skip_reason(skip: Skip) -> &'static str {
    match skip {
        Skip::BecameActive => {
            "accepted the invitation meanwhile (ACTIVE); a member is removed only with --prune-members"
        }
        Skip::Gone => "no longer in the organization",
        Skip::AlreadyInvited => "already invited",
        Skip::Conflict => "already invited or a member (409 Conflict)",
    }
}

/// The line an item's outcome earns on stderr as it happens (`what` names the item:
/// `invitation 3 (a@x.com)`), or `None` when it went as asked.
pub fn outcome_line(what: &str, outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Done | Outcome::NotSent => None,
        Outcome::Skipped(why) => Some(format!("skipped {what}: {}", skip_reason(*why))),
        Outcome::Failed(e) | Outcome::Refused(e) => Some(format!("Error: {what}: {e}")),
    }
}

/// Prints each item's [`outcome_line`] on `err` as it happens; `name` names the item
/// from its number (`invitation 3 (a@x.com)`, `change 3 (revoke a@x.com)`). The
/// `progress` line, if any, is taken off first and drawn again below.
pub struct Lines<'a, T> {
    pub err: &'a mut dyn Write,
    pub name: fn(usize, &T) -> String,
    pub progress: Option<Rc<Progress>>,
}

impl<T: Item> Observer<T> for Lines<'_, T> {
    fn finished(&mut self, number: usize, item: &T, outcome: &Outcome, _: &Tally<T::Kind>) {
        let Some(line) = outcome_line(&(self.name)(number, item), outcome) else {
            return;
        };
        if let Some(p) = &self.progress {
            p.clear();
        }
        // Stderr going away must not stop the run.
        let _ = self
            .err
            .write_all(format!("{line}\n").as_bytes())
            .and_then(|()| self.err.flush());
        if let Some(p) = &self.progress {
            p.show();
        }
    }
}

/// `invite -f`'s summary: `invited 4 of 6, skipped 1; failed: 2 (b@x.com);
/// refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent): 5 (e@x.com); not sent: 6
/// (f@x.com)`. `labels` names each item (`5 (e@x.com)`), in the run's order.
pub fn invite_summary<K: Copy + Ord>(
    tally: &Tally<K>,
    outcomes: &[Outcome],
    labels: &[String],
) -> String {
    let mut s = format!("invited {} of {}", tally.done_total(), tally.total);
    if tally.skipped > 0 {
        s.push_str(&format!(", skipped {}", tally.skipped));
    }
    let named = |keep: fn(&Outcome) -> bool| -> String {
        outcomes
            .iter()
            .zip(labels)
            .filter(|(o, _)| keep(o))
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (count, what, keep) in [
        (
            tally.failed,
            "failed",
            (|o| matches!(o, Outcome::Failed(_))) as fn(&Outcome) -> bool,
        ),
        (tally.refused, REFUSED, |o| matches!(o, Outcome::Refused(_))),
        (tally.not_sent, NOT_SENT, |o| matches!(o, Outcome::NotSent)),
    ] {
        if count > 0 {
            s.push_str(&format!("; {what}: {}", named(keep)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn summaries_name_each_item_once() {
        let outcomes = [
            Outcome::Done,
            Outcome::Skipped(Skip::Conflict),
            Outcome::Failed(Error::Api("no".into())),
            Outcome::Done,
            Outcome::Refused(Error::RateLimited {
                request: "POST x".into(),
                via: None,
                limit: crate::error::RateLimit::example(),
            }),
            Outcome::NotSent,
            Outcome::NotSent,
        ];
        let labels: Vec<String> = (1..=outcomes.len())
            .map(|n| format!("{n} (u{n}@x.com)"))
            .collect();
        let mut tally = Tally::new(outcomes.len());
        for o in &outcomes {
            tally.add((), o);
        }
        assert_eq!(
            invite_summary(&tally, &outcomes, &labels),
            "invited 2 of 7, skipped 1; failed: 3 (u3@x.com); refused by the rate limit (ATLAS_RATE_LIMIT_WAIT spent): 5 (u5@x.com); not sent: 6 (u6@x.com), 7 (u7@x.com)"
        );
        let all_done = [Outcome::Done, Outcome::Done];
        let mut tally = Tally::new(2);
        for o in &all_done {
            tally.add((), o);
        }
        assert_eq!(
            invite_summary(&tally, &all_done, &labels[..2]),
            "invited 2 of 2"
        );
    }

    #[test]
    fn lines_as_they_happen() {
        let limited = format!(
            "Error: invitation 2 (a@x.com): POST x: {}",
            crate::error::EXAMPLE_LIMIT
        );
        let cases = [
            (Outcome::Done, None),
            (Outcome::NotSent, None),
            (
                Outcome::Skipped(Skip::AlreadyInvited),
                Some("skipped invitation 2 (a@x.com): already invited"),
            ),
            (
                Outcome::Failed(Error::Api("boom".into())),
                Some("Error: invitation 2 (a@x.com): boom"),
            ),
            (
                Outcome::Refused(Error::RateLimited {
                    request: "POST x".into(),
                    via: None,
                    limit: crate::error::RateLimit::example(),
                }),
                Some(limited.as_str()),
            ),
        ];
        for (outcome, want) in cases {
            assert_eq!(
                outcome_line("invitation 2 (a@x.com)", &outcome).as_deref(),
                want
            );
        }
    }
}
