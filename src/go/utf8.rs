//! Go's `unicode/utf8` over byte strings: a Go string is bytes, and where those bytes
//! are not UTF-8 each bad byte decodes as U+FFFD of width 1 (which is also how `range`
//! over a string, `utf8.RuneCount` and `fmt`'s widths treat it).

/// Go's `utf8.RuneError`.
pub const RUNE_ERROR: char = '\u{fffd}';

/// Go's `utf8.DecodeRune`: the first rune of `b` and its width; U+FFFD and width 1 for
/// a byte that does not start a valid, shortest, non-surrogate encoding (width 0 when
/// `b` is empty).
pub fn decode_rune(b: &[u8]) -> (char, usize) {
    let Some(&b0) = b.first() else {
        return (RUNE_ERROR, 0);
    };
    if b0 < 0x80 {
        return (char::from(b0), 1);
    }
    let (need, min, init) = match b0 {
        0xC2..=0xDF => (1, 0x80, u32::from(b0 & 0x1F)),
        0xE0..=0xEF => (2, 0x800, u32::from(b0 & 0x0F)),
        0xF0..=0xF4 => (3, 0x10000, u32::from(b0 & 0x07)),
        _ => return (RUNE_ERROR, 1),
    };
    let mut r = init;
    for i in 1..=need {
        match b.get(i) {
            Some(&c) if c & 0xC0 == 0x80 => r = (r << 6) | u32::from(c & 0x3F),
            _ => return (RUNE_ERROR, 1),
        }
    }
    match char::from_u32(r) {
        Some(c) if r >= min => (c, need + 1),
        _ => (RUNE_ERROR, 1),
    }
}

/// The runes of `b` as Go's `for _, r := range s` yields them, with their byte offsets
/// and widths.
pub fn runes(b: &[u8]) -> Runes<'_> {
    Runes { b, pos: 0 }
}

pub struct Runes<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Iterator for Runes<'_> {
    /// (offset, rune, width)
    type Item = (usize, char, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.b.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let (c, w) = decode_rune(rest);
        let at = self.pos;
        self.pos += w;
        Some((at, c, w))
    }
}

/// Go's `utf8.RuneCount`.
pub fn rune_count(b: &[u8]) -> usize {
    if b.is_ascii() {
        return b.len();
    }
    match std::str::from_utf8(b) {
        Ok(s) => s.chars().count(),
        Err(_) => runes(b).count(),
    }
}

/// Go's `strings.ToValidUTF8(s, "\uFFFD")` per bad byte, as `encoding/json` writes a
/// string that is not UTF-8.
pub fn to_valid_lossy(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => runes(b).map(|(_, c, _)| c).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_go() {
        assert_eq!(decode_rune(b"a"), ('a', 1));
        assert_eq!(decode_rune("é".as_bytes()), ('é', 2));
        assert_eq!(decode_rune("😀x".as_bytes()), ('😀', 4));
        assert_eq!(decode_rune(b"\xff"), (RUNE_ERROR, 1));
        // Truncated, overlong and surrogate encodings are one bad byte each.
        assert_eq!(decode_rune(b"\xe6\x97"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xc0\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xed\xa0\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xf4\x90\x80\x80"), (RUNE_ERROR, 1));
        assert_eq!(rune_count(b"\xe6\x97"), 2);
        assert_eq!(rune_count("日本".as_bytes()), 2);
        assert_eq!(to_valid_lossy(b"a\xe6\x97b"), "a\u{fffd}\u{fffd}b");
    }
}
