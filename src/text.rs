//! Plain text helpers with no imports, usable from every layer: the edit distance and
//! cobra's rule for suggesting a name (commands in `cli`, team and project names in
//! `api::membership::names`), so that both suggest alike.

/// Levenshtein distance, case-insensitive, as cobra's `ld(a, b, true)`.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let get = |v: &Vec<usize>, k: usize| v.get(k).copied().unwrap_or(usize::MAX - 1);
            let best = (get(&prev, j) + cost)
                .min(get(&prev, j + 1) + 1)
                .min(get(&cur, j) + 1);
            cur.push(best);
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// cobra's `SuggestionsMinimumDistance` default.
pub const SUGGESTION_DISTANCE: usize = 2;

/// cobra's rule: `candidate` is suggested for `typed` when it is within
/// [`SUGGESTION_DISTANCE`] edits of it or starts with it, both ignoring case.
pub fn suggests(typed: &str, candidate: &str) -> bool {
    distance(typed, candidate) <= SUGGESTION_DISTANCE
        || candidate.to_lowercase().starts_with(&typed.to_lowercase())
}

/// The one candidate cobra's rule suggests that is closest to `typed` (fewest edits,
/// then the first in `candidates`' order); `None` when the rule suggests none.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| suggests(typed, c))
        .enumerate()
        .min_by_key(|(i, c)| (distance(typed, c), *i))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        for (a, b, d) in [
            ("", "", 0),
            ("", "abc", 3),
            ("abc", "", 3),
            ("invite", "invite", 0),
            ("Invite", "iNVITE", 0),
            ("invte", "invite", 1),
            ("ivnite", "invite", 2),
            ("kitten", "sitting", 3),
            ("équipe", "ÉQUIPE", 0),
        ] {
            assert_eq!(distance(a, b), d, "{a} {b}");
            assert_eq!(distance(b, a), d, "{b} {a}");
        }
    }

    #[test]
    fn suggestions_follow_cobra() {
        assert!(suggests("lst", "list"));
        assert!(suggests("descr", "describe"), "a prefix");
        assert!(suggests("DESCR", "describe"), "a prefix, ignoring case");
        assert!(!suggests("xyz", "list"));
        assert_eq!(closest("Opps", ["Ops", "Dev", "Opus"]), Some("Ops"));
        assert_eq!(closest("platfrom", ["Platform", "Plat"]), Some("Platform"));
        // Equally close: the first one given.
        assert_eq!(closest("ab", ["ax", "ay"]), Some("ax"));
        assert_eq!(
            closest("pro", ["production", "staging"]),
            Some("production")
        );
        assert_eq!(closest("zzzz", ["Ops", "Dev"]), None);
        assert_eq!(closest("a", std::iter::empty()), None);
    }
}
