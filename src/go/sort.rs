//! `sort.SliceStable`: one stable sort shared by every caller. std's `sort_by` is generic
//! over the element and the comparison, so each call site linked its own copy of the
//! sort (about 3.4 KB each); this sorts indices through a `&dyn` comparison, so the sort
//! itself is compiled once and a caller adds only a permutation (BENCHMARKS.md, "Size").

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in their order, as `v.sort_by(cmp)` does.
pub fn slice_stable<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|i, j| match (v.get(i), v.get(j)) {
        (Some(a), Some(b)) => cmp(a, b),
        _ => Ordering::Equal,
    });
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// `items` collected into an ordered collection (`BTreeMap`, `BTreeSet`) by inserting them
/// one at a time, as `extend` does. `collect()` into those sorts its input first with
/// std's stable sort, one copy per element type (about 3.5 KB each); inserting needs none.
/// The same result: for an equal key the later value wins.
pub fn ordered<C: Default + Extend<I>, I>(items: impl IntoIterator<Item = I>) -> C {
    let mut c = C::default();
    c.extend(items);
    c
}

/// The indices `0..n` in the stable order `cmp` gives them.
#[inline(never)]
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| cmp(i, j));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_std_does_keeping_equal_elements_in_order() {
        let cases: &[&[(u8, char)]] = &[
            &[],
            &[(1, 'a')],
            &[(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')],
            &[(3, 'a'), (3, 'b'), (3, 'c')],
            &[(5, 'a'), (4, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')],
        ];
        for case in cases {
            let mut ours = case.to_vec();
            slice_stable(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = case.to_vec();
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std, "{case:?}");
        }
        let mut long: Vec<u32> = (0..1000).map(|i| (i * 7919) % 101).collect();
        let mut want = long.clone();
        want.sort();
        slice_stable(&mut long, Ord::cmp);
        assert_eq!(long, want);
    }

    #[test]
    fn ordered_collects_as_collect_does() {
        use std::collections::{BTreeMap, BTreeSet};
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let got: BTreeMap<&str, i32> = ordered(pairs);
        assert_eq!(got, pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(got["a"], 5, "the later value wins");
        let got: BTreeSet<i32> = ordered([3, 1, 3, 2]);
        assert_eq!(got, BTreeSet::from([1, 2, 3]));
    }
}
