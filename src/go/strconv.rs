//! Go's `strconv`: quoting and unquoting (over byte strings: a Go string is bytes),
//! number parsing as Go's `ParseInt`/`ParseUint`/`ParseFloat` do it (base prefixes,
//! underscores, hexadecimal floats), and `FormatFloat` in every format.

use crate::go::utf8;

/// Go's `strconv.Quote` (and so `%q` on a string).
pub fn quote(s: &str) -> String {
    quote_bytes(s.as_bytes(), false)
}

/// Go's `strconv.Quote` (`ascii` false) or `QuoteToASCII` of a byte string: a byte that
/// is not UTF-8 is written `\xNN`.
pub fn quote_bytes(b: &[u8], ascii: bool) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    out.push('"');
    for (at, c, w) in utf8::runes(b) {
        if w == 1 && c == utf8::RUNE_ERROR {
            let byte = b.get(at).copied().unwrap_or(0);
            out.push_str(&format!("\\x{byte:02x}"));
            continue;
        }
        push_quoted_char(&mut out, c, '"', ascii);
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune` (and so `%q` on a rune).
pub fn quote_rune(c: char) -> String {
    quote_rune_u32(u32::from(c), false)
}

/// Go's `QuoteRune` (`ascii` false) or `QuoteRuneToASCII` of a code point; one that is
/// not a valid rune (a surrogate, or beyond U+10FFFF) quotes as U+FFFD.
pub fn quote_rune_u32(r: u32, ascii: bool) -> String {
    let c = char::from_u32(r).unwrap_or(utf8::RUNE_ERROR);
    let mut out = String::from("'");
    push_quoted_char(&mut out, c, '\'', ascii);
    out.push('\'');
    out
}

fn push_quoted_char(out: &mut String, c: char, quote: char, ascii: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) && (!ascii || c.is_ascii()) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        _ => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Text from a server made inert for a terminal (decision `inert-server-text`): each
/// character that Go's `%q` escapes because it is not printable (ESC, BEL, CR, a newline,
/// U+0085, a bidi override…) is written as `%q` writes it (`\x1b`, `\a`, `\r`, `\n`,
/// `\u0085`); every other character, quotes and backslashes included, is kept, and no
/// quotes are added, so that ordinary text is byte for byte what it was.
pub fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    // Most text is printable ASCII: checked bytewise, as error bodies may be megabytes.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) || s.chars().all(is_print) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_print(c) {
            out.push(c);
        } else {
            push_quoted_char(&mut out, c, '"', false);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Go's `strconv.CanBackquote`: no control characters but tab, no backquote, no BOM,
/// and UTF-8 (multi-byte runes are assumed printable).
pub fn can_backquote(b: &[u8]) -> bool {
    utf8::runes(b).all(|(_, c, w)| {
        if w > 1 {
            return c != '\u{feff}';
        }
        !(c == utf8::RUNE_ERROR || (c < ' ' && c != '\t') || c == '`' || c == '\u{7f}')
    })
}

/// An approximation of Go's `strconv.IsPrint`: letters, marks, numbers, punctuation,
/// symbols and the ASCII space. Rust's std has no Unicode category tables, so the
/// non-printable set is the control, format, separator and private-use ranges.
pub fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xFFFE | 0xFFFF)
}

/// Go's `strconv.Unquote` for `"…"`, `'c'` and raw `` `…` `` literals, when the result
/// is text (gval's JSONPath strings use it).
pub fn unquote(s: &str) -> Option<String> {
    String::from_utf8(unquote_bytes(s)?).ok()
}

/// Go's `strconv.Unquote`, giving bytes: `\xNN` and octal escapes make single bytes,
/// which need not form UTF-8 (`"\xff"`). A `'c'` literal must hold one character.
pub fn unquote_bytes(s: &str) -> Option<Vec<u8>> {
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        if raw.contains('`') {
            return None;
        }
        return Some(raw.replace('\r', "").into_bytes());
    }
    let (quote, inner) = if let Some(i) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        (b'"', i)
    } else {
        (b'\'', s.strip_prefix('\'')?.strip_suffix('\'')?)
    };
    let mut out = Vec::with_capacity(inner.len());
    let mut rest = inner.as_bytes();
    while !rest.is_empty() {
        if rest.first() == Some(&b'\n') {
            return None;
        }
        let (r, multibyte, tail) = unquote_char(rest, quote)?;
        push_unquoted(&mut out, r, multibyte);
        rest = tail;
        if quote == b'\'' {
            break;
        }
    }
    if quote == b'\'' && (out.is_empty() || !rest.is_empty()) {
        return None;
    }
    Some(out)
}

/// Appends what `unquote_char` decoded: a byte for `\xNN`/octal escapes and ASCII, the
/// UTF-8 encoding otherwise.
pub fn push_unquoted(out: &mut Vec<u8>, r: u32, multibyte: bool) {
    if r < 0x80 || !multibyte {
        out.push(r as u8);
    } else {
        let c = char::from_u32(r).unwrap_or(utf8::RUNE_ERROR);
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// Go's `strconv.UnquoteChar`: the first character or escape of `s` inside a `quote`
/// literal, whether it came from a multi-byte form, and the rest. `None` is Go's
/// `ErrSyntax`.
pub fn unquote_char(s: &[u8], quote: u8) -> Option<(u32, bool, &[u8])> {
    let c = *s.first()?;
    if c == quote && (quote == b'\'' || quote == b'"') {
        return None;
    }
    if c >= 0x80 {
        let (r, w) = utf8::decode_rune(s);
        return Some((u32::from(r), true, s.get(w..)?));
    }
    if c != b'\\' {
        return Some((u32::from(c), false, s.get(1..)?));
    }
    let e = *s.get(1)?;
    let rest = s.get(2..)?;
    let simple = |v: u8| Some((u32::from(v), false, rest));
    match e {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(0xc),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(0xb),
        b'\\' => simple(b'\\'),
        b'\'' | b'"' if e == quote => simple(e),
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n)?;
            let mut v: u32 = 0;
            for &d in digits {
                v = (v << 4) | char::from(d).to_digit(16)?;
            }
            let tail = rest.get(n..)?;
            if e == b'x' {
                // One byte, which need not be UTF-8.
                return Some((v, false, tail));
            }
            char::from_u32(v)?;
            Some((v, true, tail))
        }
        b'0'..=b'7' => {
            let mut v = u32::from(e - b'0');
            for &d in rest.get(..2)? {
                if !(b'0'..=b'7').contains(&d) {
                    return None;
                }
                v = (v << 3) | u32::from(d - b'0');
            }
            if v > 255 {
                return None;
            }
            Some((v, false, rest.get(2..)?))
        }
        _ => None,
    }
}

/// Why a number did not parse (Go's `ErrSyntax`, `ErrRange`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    Syntax,
    Range,
}

/// Go's `underscoreOK`: underscores only between digits, or after a base prefix.
fn underscore_ok(s: &[u8]) -> bool {
    let s = match s.split_first() {
        Some((b'+' | b'-', rest)) => rest,
        _ => s,
    };
    let mut saw = b'^';
    let mut body = s;
    let mut hex = false;
    if let [b'0', p, rest @ ..] = s {
        if matches!(p | 0x20, b'b' | b'o' | b'x') {
            body = rest;
            saw = b'0';
            hex = p | 0x20 == b'x';
        }
    }
    for &c in body {
        if c.is_ascii_digit() || hex && (c | 0x20).is_ascii_hexdigit() {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, 0, 64)`: `0x`/`0o`/`0b` prefixes, a leading `0` for
/// octal, underscores between digits.
pub fn parse_uint(s: &str) -> Result<u64, NumError> {
    let b = s.as_bytes();
    let (base, digits) = match b {
        [] => return Err(NumError::Syntax),
        [b'0', p, rest @ ..] if !rest.is_empty() && matches!(p | 0x20, b'b' | b'o' | b'x') => {
            let base = match p | 0x20 {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            };
            (base, rest)
        }
        [b'0', rest @ ..] => (8, rest),
        _ => (10, b),
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    let mut range = false;
    for &c in digits {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let d = char::from(c).to_digit(36).ok_or(NumError::Syntax)?;
        if d >= base {
            return Err(NumError::Syntax);
        }
        match n
            .checked_mul(u64::from(base))
            .and_then(|m| m.checked_add(u64::from(d)))
        {
            Some(m) => n = m,
            None => range = true,
        }
    }
    if underscores && !underscore_ok(b) {
        return Err(NumError::Syntax);
    }
    if range {
        return Err(NumError::Range);
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int(s: &str) -> Result<i64, NumError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > 1 << 63 {
            return Err(NumError::Range);
        }
        Ok((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).map_err(|_| NumError::Range)
    }
}

/// Go's `strconv.Atoi`/`ParseInt(s, 10, 64)`: an optional sign and decimal digits.
pub fn parse_int_base10(s: &str) -> Result<i64, NumError> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumError::Syntax);
    }
    s.parse::<i64>().map_err(|_| NumError::Range)
}

/// Go's `strconv.ParseFloat(s, 64)`: decimal or hexadecimal (`0x1.8p3`, which needs its
/// `p` exponent) mantissas, underscores between digits, `inf`/`nan`; a value too large
/// is ±Inf with `Range`.
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    if let Some(v) = special_float(s) {
        return Ok(v);
    }
    let b = s.as_bytes();
    let mut i = 0;
    let neg = match b.first() {
        Some(b'+') => {
            i = 1;
            false
        }
        Some(b'-') => {
            i = 1;
            true
        }
        _ => false,
    };
    let hex =
        b.len() > i + 2 && b.get(i) == Some(&b'0') && b.get(i + 1).map(|c| c | 0x20) == Some(b'x');
    if hex {
        i += 2;
    }
    // Scan the mantissa as Go's readFloat does; decimal digits are kept for Rust's
    // correctly rounded parser, hexadecimal ones are accumulated here.
    let mut underscores = false;
    let mut saw_dot = false;
    let mut saw_digits = false;
    let mut clean = String::new();
    let mut mantissa: u64 = 0;
    let mut nd: i64 = 0;
    let mut nd_mant: i64 = 0;
    let mut dp: i64 = 0;
    let mut trunc = false;
    while let Some(&c) = b.get(i) {
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if saw_dot {
                break;
            }
            saw_dot = true;
            dp = nd;
            clean.push('.');
        } else if c.is_ascii_digit() || hex && (c | 0x20).is_ascii_hexdigit() {
            saw_digits = true;
            clean.push(char::from(c));
            if hex {
                let d = u64::from(char::from(c).to_digit(16).unwrap_or(0));
                if d == 0 && nd == 0 {
                    dp -= 1;
                } else {
                    nd += 1;
                    if nd_mant < 16 {
                        mantissa = mantissa * 16 + d;
                        nd_mant += 1;
                    } else if d != 0 {
                        trunc = true;
                    }
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !saw_digits {
        return Err(NumError::Syntax);
    }
    if !saw_dot {
        dp = nd;
    }
    let exp_char = if hex { b'p' } else { b'e' };
    let mut exp: i64 = 0;
    if b.get(i).map(|c| c | 0x20) == Some(exp_char) {
        i += 1;
        let mut esign = 1;
        match b.get(i) {
            Some(b'+') => i += 1,
            Some(b'-') => {
                esign = -1;
                i += 1
            }
            _ => {}
        }
        if !b.get(i).is_some_and(u8::is_ascii_digit) {
            return Err(NumError::Syntax);
        }
        while let Some(&c) = b.get(i) {
            if c == b'_' {
                underscores = true;
            } else if c.is_ascii_digit() {
                if exp < 10000 {
                    exp = exp * 10 + i64::from(c - b'0');
                }
            } else {
                break;
            }
            i += 1;
        }
        exp *= esign;
    } else if hex {
        return Err(NumError::Syntax);
    }
    if i != b.len() || underscores && !underscore_ok(b) {
        return Err(NumError::Syntax);
    }
    if hex {
        let bin_exp = if mantissa != 0 {
            dp * 4 - nd_mant * 4 + exp
        } else {
            0
        };
        return hex_float(mantissa, bin_exp, neg, trunc);
    }
    let text = format!("{}{clean}e{exp}", if neg { "-" } else { "" });
    let v: f64 = text.parse().map_err(|_| NumError::Syntax)?;
    if v.is_infinite() {
        return Err(NumError::Range);
    }
    Ok(v)
}

/// Go's `special`: `inf`, `infinity`, `nan` in any case, with an optional sign (none
/// for NaN).
fn special_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'+') => (1.0, &lower[1..]),
        Some(b'-') => (-1.0, &lower[1..]),
        _ => (1.0, &lower[..]),
    };
    match body {
        "inf" | "infinity" => Some(sign * f64::INFINITY),
        "nan" if body.len() == lower.len() => Some(f64::NAN),
        _ => None,
    }
}

/// `mantissa × 2^exp` rounded to a float64 as Go's `atofHex` does (two guard bits and a
/// sticky bit, ties to even, denormals, overflow to ±Inf with `Range`).
fn hex_float(mut mantissa: u64, exp: i64, neg: bool, trunc: bool) -> Result<f64, NumError> {
    const MANT_BITS: i64 = 52;
    const BIAS: i64 = -1023;
    let max_exp = (1 << 11) + BIAS - 2;
    let min_exp = BIAS + 1;
    let mut exp = exp + MANT_BITS;
    while mantissa != 0 && mantissa >> (MANT_BITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANT_BITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANT_BITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANT_BITS == 0 {
        exp = BIAS;
    }
    let sign = if neg { 1u64 << 63 } else { 0 };
    if exp > max_exp {
        return Err(NumError::Range);
    }
    let bits = (mantissa & ((1 << MANT_BITS) - 1)) | ((((exp - BIAS) as u64) & 0x7ff) << MANT_BITS);
    Ok(f64::from_bits(bits | sign))
}

/// More decimal digits than any float64 needs to be written exactly (767 significant,
/// 1074 after the point).
const EXACT_DIGITS: usize = 1100;

/// Decimal digits of a float: `digits` (no leading or trailing zeros) × 10^(dp − len).
struct Decimal {
    digits: Vec<u8>,
    dp: i32,
}

impl Decimal {
    /// From Rust's `{:e}` text of a non-negative finite float (`1.2345e-7`).
    fn from_exp_text(text: &str) -> Decimal {
        let (mant, exp) = text.split_once('e').unwrap_or((text, "0"));
        let e: i32 = exp.parse().unwrap_or(0);
        let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.is_empty() {
            return Decimal { digits, dp: 0 };
        }
        Decimal { digits, dp: e + 1 }
    }

    /// The shortest digits that read back as `x` (Go's and Rust's shortest form).
    fn shortest(x: f64) -> Decimal {
        Decimal::from_exp_text(&format!("{x:e}"))
    }

    /// `x` correctly rounded (ties to even) to `n` significant digits, n ≥ 1.
    fn significant(x: f64, n: usize) -> Decimal {
        // A float64 has at most 767 significant decimal digits, so more are exact (and
        // trimmed); the cap keeps Rust's precision within its 16-bit limit.
        let n = n.min(EXACT_DIGITS);
        Decimal::from_exp_text(&format!("{:.*e}", n - 1, x))
    }

    fn nd(&self) -> i32 {
        self.digits.len() as i32
    }

    fn digit(&self, i: i32) -> u8 {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.digits.get(i))
            .copied()
            .unwrap_or(b'0')
    }
}

/// Go's `fmtE`: d.ddde±dd with `prec` digits after the point.
fn fmt_e(out: &mut String, d: &Decimal, prec: i32, fmt: u8) {
    out.push(char::from(if d.digits.is_empty() {
        b'0'
    } else {
        d.digit(0)
    }));
    if prec > 0 {
        out.push('.');
        let known = prec.min(d.nd());
        for i in 1..=known {
            out.push(char::from(d.digit(i)));
        }
        out.extend(std::iter::repeat_n('0', (prec - known.max(0)) as usize));
    }
    out.push(char::from(fmt));
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

/// Go's `fmtF`: ddd.ddd with `prec` digits after the point.
fn fmt_f(out: &mut String, d: &Decimal, prec: i32) {
    if d.dp > 0 {
        for i in 0..d.dp {
            out.push(char::from(d.digit(i)));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        // Digits run out after index nd - 1; zeros follow.
        let known = (d.nd() - d.dp).clamp(0, prec);
        for i in 1..=known {
            out.push(char::from(d.digit(d.dp + i - 1)));
        }
        out.extend(std::iter::repeat_n('0', (prec - known) as usize));
    }
}

/// Go's `strconv.FormatFloat(x, fmt, prec, 64)` for the formats `e E f F g G b x X`; a
/// negative `prec` asks for the shortest digits that read back as `x`.
pub fn format_float(x: f64, fmt: u8, prec: i32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let bits = x.to_bits();
    let neg = bits >> 63 != 0;
    let mut biased = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    if biased == 0 {
        biased = 1;
    } else {
        mant |= 1 << 52;
    }
    let exp = biased - 1023;
    let mut out = String::new();
    match fmt {
        b'b' => {
            if neg {
                out.push('-');
            }
            let e = exp - 52;
            out.push_str(&format!("{mant}p{}{e}", if e >= 0 { "+" } else { "" }));
            return out;
        }
        b'x' | b'X' => return fmt_x(prec, fmt, neg, mant, exp),
        _ => {}
    }
    if neg {
        out.push('-');
    }
    let abs = x.abs();
    let shortest = prec < 0;
    match fmt {
        b'f' | b'F' => {
            if shortest {
                let d = Decimal::shortest(abs);
                fmt_f(&mut out, &d, (d.nd() - d.dp).max(0));
            } else {
                let prec = prec as usize;
                out.push_str(&format!("{abs:.*}", prec.min(EXACT_DIGITS)));
                // Past the exact digits there are only zeros.
                out.extend(std::iter::repeat_n('0', prec.saturating_sub(EXACT_DIGITS)));
            }
        }
        b'e' | b'E' => {
            let (d, p) = if shortest {
                let d = Decimal::shortest(abs);
                let p = (d.nd() - 1).max(0);
                (d, p)
            } else {
                (Decimal::significant(abs, prec as usize + 1), prec)
            };
            fmt_e(&mut out, &d, p, fmt);
        }
        _ => {
            let upper = fmt == b'G';
            let mut prec = prec;
            let d = if shortest {
                Decimal::shortest(abs)
            } else {
                if prec == 0 {
                    prec = 1;
                }
                Decimal::significant(abs, prec as usize)
            };
            let mut eprec = if shortest { 6 } else { prec };
            if !shortest && eprec > d.nd() && d.nd() >= d.dp {
                eprec = d.nd();
            }
            if shortest {
                prec = d.nd();
            }
            let exp = d.dp - 1;
            if exp < -4 || exp >= eprec {
                let p = prec.min(d.nd()) - 1;
                fmt_e(&mut out, &d, p.max(0), if upper { b'E' } else { b'e' });
            } else {
                let p = if prec > d.dp { d.nd() } else { prec };
                fmt_f(&mut out, &d, (p - d.dp).max(0));
            }
        }
    }
    out
}

fn hex_digit(digits: &[u8; 16], v: u64) -> char {
    char::from(digits.get((v & 15) as usize).copied().unwrap_or(b'0'))
}

/// Go's `fmtX`: -0x1.yyyp±dd, the mantissa rounded (ties to even) to `prec` hex digits
/// when `prec` is 0..=14, all of its digits without trailing zeros when negative.
fn fmt_x(prec: i32, fmt: u8, neg: bool, mut mant: u64, mut exp: i64) -> String {
    if mant == 0 {
        exp = 0;
    }
    // The leading 1 (if any) goes to bit 60.
    mant <<= 60 - 52;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = (prec * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let digits: &[u8; 16] = if fmt == b'X' {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push('0');
    out.push(char::from(fmt));
    out.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
    mant <<= 4;
    if prec < 0 && mant != 0 {
        out.push('.');
        while mant != 0 {
            out.push(hex_digit(digits, mant >> 60));
            mant <<= 4;
        }
    } else if prec > 0 {
        out.push('.');
        // 13 hex digits hold the fraction; the rest are zeros.
        let known = prec.min(16);
        for _ in 0..known {
            out.push(hex_digit(digits, mant >> 60));
            mant <<= 4;
        }
        out.extend(std::iter::repeat_n('0', (prec - known) as usize));
    }
    out.push(if fmt == b'X' { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push('0');
    }
    out.push_str(&e.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_escapes_only_what_is_not_printable() {
        let cases = [
            (
                "plain text, \"quotes\" and \\ stay",
                "plain text, \"quotes\" and \\ stay",
            ),
            ("", ""),
            ("évian 日本 🙂", "évian 日本 🙂"),
            (
                "evil\u{1b}]0;pwned\u{7}\u{1b}[2K\r- revoke",
                "evil\\x1b]0;pwned\\a\\x1b[2K\\r- revoke",
            ),
            ("a\nb\tc\u{7f}d\u{0}", "a\\nb\\tc\\x7fd\\x00"),
            (
                "\u{85}\u{9b}31m\u{202e}\u{feff}",
                "\\u0085\\u009b31m\\u202e\\ufeff",
            ),
            ("\u{f0000}", "\\U000f0000"),
        ];
        for (text, want) in cases {
            assert_eq!(inert(text), want, "{text:?}");
        }
        assert!(matches!(inert("ok"), std::borrow::Cow::Borrowed("ok")));
        // Each escape is what Go's %q writes for that character.
        for c in ['\u{1b}', '\u{7}', '\r', '\u{85}', '\u{2028}'] {
            let q = quote(&c.to_string());
            assert_eq!(inert(&c.to_string()), q[1..q.len() - 1]);
        }
    }

    #[test]
    fn quote_like_go() {
        assert_eq!(quote("abc"), r#""abc""#);
        assert_eq!(quote("A,\"B"), r#""A,\"B""#);
        assert_eq!(quote("a\nb\tc\\"), r#""a\nb\tc\\""#);
        assert_eq!(quote("\u{1}\u{7f}"), r#""\x01\x7f""#);
        assert_eq!(quote("é日本"), "\"é日本\"");
        assert_eq!(quote("\u{2028}\u{a0}"), r#""\u2028\u00a0""#);
        assert_eq!(quote("\u{f0000}"), r#""\U000f0000""#);
        assert_eq!(quote_rune('x'), "'x'");
        assert_eq!(quote_rune('\''), r"'\''");
        assert_eq!(quote_rune('"'), "'\"'");
        assert_eq!(quote_bytes(b"a\xff\xe6\x97", false), r#""a\xff\xe6\x97""#);
        assert_eq!(quote_bytes("é☺".as_bytes(), true), r#""\u00e9\u263a""#);
        assert_eq!(quote_rune_u32(0xD800, false), "'\u{fffd}'");
        assert_eq!(quote_rune_u32(0x10FFFF, true), r"'\U0010ffff'");
        assert!(can_backquote("a\tb\u{10ffff}".as_bytes()));
        assert!(!can_backquote(b"\xff"));
        assert!(!can_backquote("\u{feff}".as_bytes()));
    }

    #[test]
    fn unquote_like_go() {
        assert_eq!(
            unquote(r#""a\tb\101\x41\u00e9""#).as_deref(),
            Some("a\tbAAé")
        );
        assert_eq!(unquote("`a\\n\r`").as_deref(), Some("a\\n"));
        assert_eq!(unquote(r"'\''").as_deref(), Some("'"));
        assert_eq!(unquote(r#""\u12""#), None);
        assert_eq!(unquote(r#""\'""#), None);
        assert_eq!(unquote(r#""\xff""#), None);
        assert_eq!(unquote("'ab'"), None);
        assert_eq!(unquote("\"a\nb\""), None);
        assert_eq!(unquote("abc"), None);
        assert_eq!(unquote_bytes(r#""\xff\377a""#), Some(b"\xff\xffa".to_vec()));
        assert_eq!(
            unquote_bytes(r#""\xc3\xa9""#),
            Some("é".as_bytes().to_vec())
        );
        assert_eq!(unquote_bytes(r#""\400""#), None);
        assert_eq!(unquote_bytes(r#""\ud800""#), None);
    }

    #[test]
    fn parse_numbers_like_go() {
        assert_eq!(parse_uint("0x_1F"), Ok(31));
        assert_eq!(parse_uint("0777"), Ok(511));
        assert_eq!(parse_uint("08"), Err(NumError::Syntax));
        assert_eq!(parse_uint("1__0"), Err(NumError::Syntax));
        assert_eq!(parse_uint("18446744073709551616"), Err(NumError::Range));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), Err(NumError::Range));
        assert_eq!(parse_float("0x_1.e_0p+0_2"), Ok(7.5));
        assert_eq!(parse_float("+0x1.ep+2"), Ok(7.5));
        assert_eq!(parse_float("0x1.8"), Err(NumError::Syntax));
        assert_eq!(parse_float("1_000.5"), Ok(1000.5));
        assert_eq!(parse_float("1_.5"), Err(NumError::Syntax));
        assert_eq!(parse_float("1e400"), Err(NumError::Range));
        assert_eq!(parse_float("0x1p-1075"), Ok(0.0));
        assert_eq!(parse_float("0x1.8p-1074"), Ok(1e-323));
        assert_eq!(parse_float("0x1.00000000000018p0"), Ok(1.0000000000000004));
        assert_eq!(parse_float("0x1p1024"), Err(NumError::Range));
    }

    #[test]
    fn format_float_like_go() {
        // Checked with Go 1.19 strconv.FormatFloat.
        let cases: &[(f64, u8, i32, &str)] = &[
            (1.0, b'x', -1, "0x1p+00"),
            (1.1, b'X', -1, "0X1.199999999999AP+00"),
            (1.0, b'x', 3, "0x1.000p+00"),
            (-1.5, b'x', 0, "-0x1p+01"),
            (0.0, b'x', -1, "0x0p+00"),
            (5e-324, b'x', -1, "0x1p-1074"),
            (1.0, b'b', -1, "4503599627370496p-52"),
            (0.0, b'b', -1, "0p-1074"),
            (1e21, b'b', -1, "7629394531250000p+17"),
            (1e21, b'g', -1, "1e+21"),
            (100.0, b'g', 3, "100"),
            (1000.0, b'g', 3, "1e+03"),
            (0.0, b'e', 3, "0.000e+00"),
            (0.0, b'g', -1, "0"),
            (2.675, b'g', 3, "2.67"),
            (123456.789, b'e', -1, "1.23456789e+05"),
            // Found by fuzzing: precisions past Rust's formatting limit (65535).
            (0.5, b'e', 70_000, &format!("5.{}e-01", "0".repeat(70_000))),
            (0.5, b'f', 70_000, &format!("0.5{}", "0".repeat(69_999))),
            (
                5e-324,
                b'g',
                100_000,
                &format!(
                    "4.{}e-324",
                    &format!("{:.1100e}", 5e-324f64)[2..]
                        .split('e')
                        .next()
                        .unwrap_or("")
                        .trim_end_matches('0')
                ),
            ),
        ];
        for &(x, f, p, want) in cases {
            assert_eq!(format_float(x, f, p), want, "{x} {} {p}", char::from(f));
        }
    }
}

/// Go's `%v` (and `strconv.FormatFloat(f, 'g', -1, 64)`) for a float64: the shortest
/// digits, in exponent form when the exponent is below -4 or at least 6.
pub fn float_v(f: f64) -> String {
    format_float(f, b'g', -1)
}

/// `encoding/json`'s float64 text: exponent form below 1e-6 or from 1e21 on,
/// exponents without padding (`1e-7`, `1e+21`).
pub fn float_json(f: f64) -> String {
    if f.is_nan() || f.is_infinite() {
        return "null".into();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format!("{f:e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = exp.parse().unwrap_or(0);
        let sign = if e < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{}", e.abs());
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    format!("{f}")
}

#[cfg(test)]
mod float_tests {
    use super::*;

    #[test]
    fn v_matches_go() {
        // Checked with Go 1.19 fmt.Sprint.
        let cases = [
            (404.0, "404"),
            (2.5, "2.5"),
            (1e20, "1e+20"),
            (1e21, "1e+21"),
            (1e6, "1e+06"),
            (1e5, "100000"),
            (123456789.0, "1.23456789e+08"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-1.5e-7, "-1.5e-07"),
            (1e6 + 0.5, "1.0000005e+06"),
        ];
        for (f, want) in cases {
            assert_eq!(float_v(f), want, "{f}");
        }
    }

    #[test]
    fn json_matches_go() {
        assert_eq!(float_json(1e20), "100000000000000000000");
        assert_eq!(float_json(1e21), "1e+21");
        assert_eq!(float_json(1e-7), "1e-7");
        assert_eq!(float_json(0.000001), "0.000001");
        assert_eq!(float_json(404.0), "404");
        assert_eq!(float_json(-2.5), "-2.5");
    }
}
