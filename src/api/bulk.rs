//! The one way atlas works through a list of requests (`invite -f`, `apply`): in order,
//! one outcome per item, each failure kept and the rest still sent, one [`Tally`], one
//! [`Observer`] (the seam for the progress line and the per-item lines), and one
//! rate-limit policy (decision bulk-rate-limit-stop): when Atlas refuses an item and
//! the wait budget does not cover the wait it asks for, that item is *refused* (sent,
//! not acted on) and the items after it are *not sent*.

use crate::error::Error;
use std::collections::BTreeMap;

/// Why an item was not sent or not acted on, without it being a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// `apply`: a revoke found the user active when read again: they accepted
    /// meanwhile, and a member is removed only with `--prune-members`.
    BecameActive,
    /// `apply`: a revoke found the user gone when read again.
    Gone,
    /// `invite --skip-existing`: the list of pending invitations has the user.
    AlreadyInvited,
    /// `invite --skip-existing`: Atlas answered 409 Conflict.
    Conflict,
}

/// What happened to one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Sent and acted on.
    Done,
    Skipped(Skip),
    /// Sent (or tried) and failed, with why.
    Failed(Error),
    /// Sent and refused by Atlas's rate limit once the wait budget was spent: not acted on.
    Refused(Error),
    /// Never sent: the run stopped before it (decision bulk-rate-limit-stop).
    NotSent,
}

/// An item of a run: what kind of change it is (done items are counted by kind) and
/// whom it is for.
pub trait Item {
    type Kind: Copy + Ord;
    fn kind(&self) -> Self::Kind;
    fn username(&self) -> &str;
}

/// Counts so far. Every item is counted once, so that the counts add up to `total`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally<K> {
    /// Items in the run.
    pub total: usize,
    done: BTreeMap<K, usize>,
    pub skipped: usize,
    pub failed: usize,
    pub refused: usize,
    pub not_sent: usize,
}

impl<K: Copy + Ord> Tally<K> {
    pub fn new(total: usize) -> Tally<K> {
        Tally {
            total,
            done: BTreeMap::new(),
            skipped: 0,
            failed: 0,
            refused: 0,
            not_sent: 0,
        }
    }

    pub fn add(&mut self, kind: K, outcome: &Outcome) {
        match outcome {
            Outcome::Done => *self.done.entry(kind).or_insert(0) += 1,
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Refused(_) => self.refused += 1,
            Outcome::NotSent => self.not_sent += 1,
        }
    }

    pub fn done(&self, kind: K) -> usize {
        self.done.get(&kind).copied().unwrap_or(0)
    }

    /// Items done, whatever their kind.
    pub fn done_total(&self) -> usize {
        self.done.values().sum()
    }

    /// Items sent and answered, whatever the answer.
    pub fn finished(&self) -> usize {
        self.done_total() + self.failed + self.skipped + self.refused
    }

    /// Whether anything failed, was refused or was not sent: the run exits 1.
    pub fn incomplete(&self) -> bool {
        self.failed + self.refused + self.not_sent > 0
    }
}

/// Told of each step; the progress line and the per-item lines implement this.
pub trait Observer<T: Item> {
    /// Before item `number` (from 1) is sent.
    fn starting(&mut self, _number: usize, _item: &T, _tally: &Tally<T::Kind>) {}
    /// After it, with its outcome and the counts including it. Items not sent are not
    /// told of one by one: the tally counts them.
    fn finished(&mut self, number: usize, item: &T, outcome: &Outcome, tally: &Tally<T::Kind>);
}

/// An observer that is told nothing.
pub struct Quiet;

impl<T: Item> Observer<T> for Quiet {
    fn finished(&mut self, _: usize, _: &T, _: &Outcome, _: &Tally<T::Kind>) {}
}

/// Several observers told in turn (the progress line, then the error lines, say).
pub struct Chain<'a, T: Item>(pub Vec<&'a mut dyn Observer<T>>);

impl<T: Item> Observer<T> for Chain<'_, T> {
    fn starting(&mut self, number: usize, item: &T, tally: &Tally<T::Kind>) {
        for o in &mut self.0 {
            o.starting(number, item, tally);
        }
    }
    fn finished(&mut self, number: usize, item: &T, outcome: &Outcome, tally: &Tally<T::Kind>) {
        for o in &mut self.0 {
            o.finished(number, item, outcome, tally);
        }
    }
}

/// What a run ended with: one outcome per item, in order, and their counts.
#[derive(Debug)]
pub struct Run<K> {
    pub outcomes: Vec<Outcome>,
    pub tally: Tally<K>,
}

/// Sends `items` in order through `send`, which returns the item's outcome (a
/// failure as [`Outcome::Failed`]), or an error that ends the run at once (stdout
/// cannot be written, say). The run's policies:
/// - a rate-limit refusal past the wait budget makes the item [`Outcome::Refused`]
///   and every later item [`Outcome::NotSent`] (decision bulk-rate-limit-stop);
/// - a local failure on the first item (the CA bundle, say) would fail every item the
///   same way: the run stops with that error.
pub fn run<T: Item>(
    items: &[T],
    send: &mut dyn FnMut(&T) -> Result<Outcome, Error>,
    observer: &mut dyn Observer<T>,
) -> Result<Run<T::Kind>, Error> {
    let mut tally = Tally::new(items.len());
    let mut outcomes = Vec::with_capacity(items.len());
    let mut stopped = false;
    for (i, item) in items.iter().enumerate() {
        let number = i + 1;
        let outcome = if stopped {
            Outcome::NotSent
        } else {
            observer.starting(number, item, &tally);
            match send(item)? {
                Outcome::Failed(e) if number == 1 && e.fails_every_request() => return Err(e),
                Outcome::Failed(e @ Error::RateLimited { .. }) => {
                    stopped = true;
                    Outcome::Refused(e)
                }
                outcome => outcome,
            }
        };
        tally.add(item.kind(), &outcome);
        if outcome != Outcome::NotSent {
            observer.finished(number, item, &outcome, &tally);
        }
        outcomes.push(outcome);
    }
    Ok(Run { outcomes, tally })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Named(&'static str);

    impl Item for Named {
        type Kind = ();
        fn kind(&self) {}
        fn username(&self) -> &str {
            self.0
        }
    }

    #[derive(Default)]
    struct Log(Vec<String>);

    impl Observer<Named> for Log {
        fn starting(&mut self, number: usize, item: &Named, _: &Tally<()>) {
            self.0.push(format!("start {number} {}", item.0));
        }
        fn finished(&mut self, number: usize, item: &Named, o: &Outcome, t: &Tally<()>) {
            let o = match o {
                Outcome::Done => "done".to_string(),
                Outcome::Skipped(s) => format!("skipped {s:?}"),
                Outcome::Failed(e) => format!("failed {e}"),
                Outcome::Refused(e) => format!("refused {e}"),
                Outcome::NotSent => "not sent".to_string(),
            };
            self.0.push(format!(
                "{number} {} {o} [{} of {}]",
                item.0,
                t.finished(),
                t.total
            ));
        }
    }

    fn items() -> Vec<Named> {
        ["a", "b", "c", "d", "e"].into_iter().map(Named).collect()
    }

    #[test]
    fn outcomes_and_counts() {
        // (answers by item, outcomes, log of the observer, counts done/skipped/failed/refused/not sent)
        type Case = (Vec<Outcome>, Vec<Outcome>, Vec<&'static str>, [usize; 5]);
        let limited = || {
            Outcome::Failed(Error::RateLimited {
                request: "POST x".into(),
                via: None,
                limit: crate::error::RateLimit::example(),
            })
        };
        let refused = || {
            Outcome::Refused(Error::RateLimited {
                request: "POST x".into(),
                via: None,
                limit: crate::error::RateLimit::example(),
            })
        };
        let failed = || Outcome::Failed(Error::Api("no".into()));
        // The observer's line for the refused item (leaked: the cases hold static lines).
        let refused_line: &'static str = Box::leak(
            format!(
                "3 c refused POST x: {} [3 of 5]",
                crate::error::EXAMPLE_LIMIT
            )
            .into_boxed_str(),
        );
        let cases: Vec<Case> = vec![
            (
                vec![Outcome::Done; 5],
                vec![Outcome::Done; 5],
                vec![],
                [5, 0, 0, 0, 0],
            ),
            // A failure does not stop the run.
            (
                vec![
                    Outcome::Done,
                    failed(),
                    Outcome::Skipped(Skip::Conflict),
                    Outcome::Done,
                    failed(),
                ],
                vec![
                    Outcome::Done,
                    failed(),
                    Outcome::Skipped(Skip::Conflict),
                    Outcome::Done,
                    failed(),
                ],
                vec![],
                [2, 1, 2, 0, 0],
            ),
            // The budget spent on item 3: it was sent and refused; 4 and 5 are not sent.
            (
                vec![
                    Outcome::Done,
                    failed(),
                    limited(),
                    Outcome::Done,
                    Outcome::Done,
                ],
                vec![
                    Outcome::Done,
                    failed(),
                    refused(),
                    Outcome::NotSent,
                    Outcome::NotSent,
                ],
                vec![
                    "start 1 a",
                    "1 a done [1 of 5]",
                    "start 2 b",
                    "2 b failed no [2 of 5]",
                    "start 3 c",
                    refused_line,
                ],
                [1, 0, 1, 1, 2],
            ),
            // On the last item: nothing is left unsent.
            (
                vec![
                    Outcome::Done,
                    Outcome::Done,
                    Outcome::Done,
                    Outcome::Done,
                    limited(),
                ],
                vec![
                    Outcome::Done,
                    Outcome::Done,
                    Outcome::Done,
                    Outcome::Done,
                    refused(),
                ],
                vec![],
                [4, 0, 0, 1, 0],
            ),
        ];
        for (answers, want, want_log, counts) in cases {
            let mut answers = answers.into_iter();
            let mut log = Log::default();
            let got = run(
                &items(),
                &mut |_| Ok(answers.next().unwrap_or(Outcome::Done)),
                &mut log,
            )
            .unwrap();
            assert_eq!(got.outcomes, want);
            if !want_log.is_empty() {
                assert_eq!(log.0, want_log);
            }
            let t = &got.tally;
            assert_eq!(
                [t.done(()), t.skipped, t.failed, t.refused, t.not_sent],
                counts
            );
            // Every item is counted once.
            assert_eq!(t.finished() + t.not_sent, t.total);
            assert_eq!(t.incomplete(), counts[2] + counts[3] + counts[4] > 0);
        }
    }

    #[test]
    fn a_local_failure_on_the_first_item_stops_the_run() {
        let mut sent = 0;
        let got = run(
            &items(),
            &mut |_| {
                sent += 1;
                Ok(Outcome::Failed(Error::LocalSetting("bad CA bundle".into())))
            },
            &mut Quiet,
        );
        assert_eq!(
            got.unwrap_err(),
            Error::LocalSetting("bad CA bundle".into())
        );
        assert_eq!(sent, 1);
        // Later, it is one failure among others.
        let mut n = 0;
        let got = run(
            &items(),
            &mut |_| {
                n += 1;
                Ok(if n == 2 {
                    Outcome::Failed(Error::Config("x".into()))
                } else {
                    Outcome::Done
                })
            },
            &mut Quiet,
        )
        .unwrap();
        assert_eq!(got.tally.failed, 1);
        assert_eq!(got.tally.done_total(), 4);
        // An error from `send` ends the run with it.
        let mut n = 0;
        let got = run(
            &items(),
            &mut |_| {
                n += 1;
                if n == 3 {
                    Err(Error::Output("stdout closed".into()))
                } else {
                    Ok(Outcome::Done)
                }
            },
            &mut Quiet,
        );
        assert_eq!(got.unwrap_err(), Error::Output("stdout closed".into()));
        assert_eq!(n, 3);
    }
}
