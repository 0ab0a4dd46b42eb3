//! Pieces of Go's `fmt`/`strconv` that our texts must reproduce.

/// Go's `strconv.Quote` (and so `%q` on a string).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_quoted_char(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune` (and so `%q` on a rune).
pub fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    push_quoted_char(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_quoted_char(out: &mut String, c: char, quote: char) {
    match c {
        _ if c == quote || c == '\\' => {
            out.push('\\');
            out.push(c);
        }
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if is_print(c) => out.push(c),
        _ if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        _ => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
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

/// Go's `strconv.Unquote` for `"…"`, `'c'` and raw `` `…` `` literals, as template
/// string literals, template character constants and gval's JSONPath strings use it.
/// `\xNN` and octal escapes are bytes in Go; only ASCII ones make valid text here.
pub fn unquote(s: &str) -> Option<String> {
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Some(raw.replace('\r', ""));
    }
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return unescape(inner, '"');
    }
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    unescape(inner, '\'').filter(|c| c.chars().count() == 1)
}

fn unescape(inner: &str, quote: char) -> Option<String> {
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == quote || c == '\n' {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        match e {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '\'' | '"' if e == quote => out.push(e),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = chars.by_ref().take(n).collect();
                if hex.chars().count() != n {
                    return None;
                }
                let v = u32::from_str_radix(&hex, 16).ok()?;
                if e == 'x' {
                    out.push(char::from_u32(v).filter(|c| c.is_ascii())?);
                } else {
                    out.push(char::from_u32(v)?);
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    v = v * 8 + chars.next()?.to_digit(8)?;
                }
                out.push(char::from_u32(v).filter(|c| c.is_ascii())?);
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}

/// Go's `%v` (and `strconv.FormatFloat(f, 'g', -1, 64)`) for a float64: the shortest
/// digits, in exponent form when the exponent is below -4 or at least 6.
pub fn float_v(f: f64) -> String {
    format_float_shortest(f, 6, true)
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

/// Shortest-digit formatting with Go's `%e` switch-over rule; `pad_exp` gives the
/// two-digit exponent of `fmt`/`strconv`.
fn format_float_shortest(f: f64, eprec: i32, pad_exp: bool) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{f:e}");
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    if e < -4 || e >= eprec {
        let sign = if e < 0 { '-' } else { '+' };
        if pad_exp {
            format!("{mant}e{sign}{:02}", e.abs())
        } else {
            format!("{mant}e{sign}{}", e.abs())
        }
    } else {
        format!("{f}")
    }
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
