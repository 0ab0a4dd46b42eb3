//! Go's `fmt` printing (`Sprint`, `Sprintln`, `Sprintf`) over template values: verbs
//! `%v %+v %s %q %d %t %x %X %o %b %c %U %e %E %f %F %g %G %T %%`, width, precision,
//! the `- + # 0 space` flags, argument indexes, and the `%!verb(type=value)`,
//! `%!d(MISSING)` and `%!(EXTRA …)` error forms.
//!
//! Where Go prints a memory address (a pointer that is not to a struct, slice or map
//! at the top level, or any pointer inside another value), we print `&` and the value
//! instead: deterministic, and still shows what the pointer holds (decision no-memory-addresses).

// `sprintf` indexes its format's chars at positions checked against their length
// just before, and arguments at `arg_num` checked against `args.len()` (fuzzed
// through the template target).
#![allow(clippy::indexing_slicing)]

use super::reflect::{Struct, Ty, Value};
use crate::go::strconv;

#[derive(Clone, Copy, Default)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

struct Printer {
    buf: String,
    f: Flags,
    erroring: bool,
}

/// `String()` for the values that implement `fmt.Stringer`: `time.Time`, `time.Month`,
/// `time.Weekday`, and pointers to them (a nil one prints `<nil>`, as fmt's panic guard does).
fn stringer(v: &Value) -> Option<String> {
    match v {
        Value::Time(t) => Some(t.go_string()),
        Value::Month(m) => Some(crate::go::time::month_name(*m)),
        Value::Weekday(d) => Some(crate::go::time::weekday_name(*d)),
        Value::Ptr(inner) => match &**inner {
            inner @ (Value::Time(_) | Value::Month(_) | Value::Weekday(_)) => stringer(inner),
            _ => None,
        },
        Value::Nil(Ty::Ptr(t)) if matches!(**t, Ty::Time | Ty::Month | Ty::Weekday) => {
            Some("<nil>".to_string())
        }
        _ => None,
    }
}

fn is_string(v: &Value) -> bool {
    matches!(v, Value::String(_))
}

impl Printer {
    fn new() -> Printer {
        Printer {
            buf: String::new(),
            f: Flags::default(),
            erroring: false,
        }
    }

    fn pad(&mut self, s: &str) {
        let width = self.f.width.unwrap_or(0);
        let n = s.chars().count();
        if n >= width {
            self.buf.push_str(s);
            return;
        }
        let fill = if self.f.zero && !self.f.minus {
            '0'
        } else {
            ' '
        };
        let padding: String = std::iter::repeat_n(fill, width - n).collect();
        if self.f.minus {
            self.buf.push_str(s);
            self.buf.push_str(&padding);
        } else {
            self.buf.push_str(&padding);
            self.buf.push_str(s);
        }
    }

    fn bad_verb(&mut self, verb: char, v: &Value) {
        self.erroring = true;
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        match v {
            Value::Invalid => self.buf.push_str("<nil>"),
            _ => {
                self.buf.push_str(&v.type_name());
                self.buf.push('=');
                let saved = self.f;
                self.f = Flags::default();
                self.print_arg(v, 'v');
                self.f = saved;
            }
        }
        self.buf.push(')');
        self.erroring = false;
    }

    fn fmt_bool(&mut self, b: bool, verb: char, v: &Value) {
        match verb {
            't' | 'v' => self.pad(if b { "true" } else { "false" }),
            _ => self.bad_verb(verb, v),
        }
    }

    fn fmt_integer(&mut self, n: i64, verb: char, v: &Value) {
        let neg = n < 0;
        let u = n.unsigned_abs();
        let (digits, prefix) = match verb {
            'v' | 'd' => (u.to_string(), ""),
            'b' => (format!("{u:b}"), "0b"),
            'o' | 'O' => (format!("{u:o}"), if verb == 'O' { "0o" } else { "0" }),
            'x' => (format!("{u:x}"), "0x"),
            'X' => (format!("{u:X}"), "0X"),
            'c' => {
                let c = char::from_u32(u as u32).unwrap_or('\u{fffd}');
                return self.pad(&c.to_string());
            }
            'q' => {
                let c = char::from_u32(u as u32).unwrap_or('\u{fffd}');
                return self.pad(&strconv::quote_rune(c));
            }
            'U' => {
                let mut s = format!("U+{u:04X}");
                if self.f.sharp {
                    if let Some(c) = char::from_u32(u as u32).filter(|c| strconv::is_print(*c)) {
                        s.push_str(&format!(" '{c}'"));
                    }
                }
                return self.pad(&s);
            }
            _ => return self.bad_verb(verb, v),
        };
        let mut digits = digits;
        if let Some(p) = self.f.prec {
            if p == 0 && u == 0 {
                digits.clear();
            }
            while digits.len() < p {
                digits.insert(0, '0');
            }
        }
        let mut head = String::new();
        if neg {
            head.push('-');
        } else if self.f.plus {
            head.push('+');
        } else if self.f.space {
            head.push(' ');
        }
        let sharp_prefix =
            self.f.sharp && verb != 'd' && verb != 'v' && !(verb == 'o' && digits.starts_with('0'));
        if sharp_prefix || verb == 'O' {
            head.push_str(prefix);
        }
        // Zero padding fills between sign and digits when no precision is given.
        if self.f.zero && !self.f.minus && self.f.prec.is_none() {
            if let Some(w) = self.f.width {
                while head.len() + digits.len() < w {
                    digits.insert(0, '0');
                }
            }
        }
        let saved = self.f.zero;
        self.f.zero = false;
        self.pad(&(head + &digits));
        self.f.zero = saved;
    }

    fn fmt_float(&mut self, x: f64, verb: char, v: &Value) {
        let prec = self.f.prec;
        let mut s = match verb {
            'v' | 'g' | 'G' => match prec {
                None => strconv::float_v(x),
                Some(p) => format_g(x, p.max(1), self.f.sharp),
            },
            'e' | 'E' => format_e(x, prec.unwrap_or(6)),
            'f' | 'F' => format!("{:.*}", prec.unwrap_or(6), x),
            _ => return self.bad_verb(verb, v),
        };
        if verb == 'E' || verb == 'G' {
            s = s.to_uppercase();
        }
        if x.is_nan() || x.is_infinite() {
            s = if x.is_nan() {
                "NaN".into()
            } else if x > 0.0 {
                "+Inf".into()
            } else {
                "-Inf".into()
            };
            if !self.f.plus && s == "+Inf" {
                s = "Inf".into();
            }
            let saved = self.f.zero;
            self.f.zero = false;
            self.pad(&s);
            self.f.zero = saved;
            return;
        }
        if self.f.plus && !s.starts_with('-') {
            s.insert(0, '+');
        } else if self.f.space && !s.starts_with('-') {
            s.insert(0, ' ');
        }
        if self.f.zero && !self.f.minus {
            if let Some(w) = self.f.width {
                let sign = usize::from(s.starts_with(['-', '+', ' ']));
                while s.chars().count() < w {
                    s.insert(sign, '0');
                }
            }
        }
        let saved = self.f.zero;
        self.f.zero = false;
        self.pad(&s);
        self.f.zero = saved;
    }

    fn fmt_string(&mut self, s: &str, verb: char, v: &Value) {
        match verb {
            'v' | 's' => {
                let t: String = match self.f.prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                };
                self.pad(&t);
            }
            'q' => {
                let t: String = match self.f.prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                };
                let q = if self.f.sharp
                    && !t.contains('`')
                    && t.chars().all(|c| c == '\t' || strconv::is_print(c))
                {
                    format!("`{t}`")
                } else if self.f.plus {
                    strconv::quote(&t)
                        .chars()
                        .flat_map(|c| {
                            if c.is_ascii() {
                                c.to_string().chars().collect::<Vec<_>>()
                            } else if (c as u32) < 0x10000 {
                                format!("\\u{:04x}", c as u32).chars().collect()
                            } else {
                                format!("\\U{:08x}", c as u32).chars().collect()
                            }
                        })
                        .collect()
                } else {
                    strconv::quote(&t)
                };
                self.pad(&q);
            }
            'x' | 'X' => {
                let bytes = s.as_bytes();
                let bytes = match self.f.prec {
                    Some(p) => &bytes[..p.min(bytes.len())],
                    None => bytes,
                };
                self.pad(&hex_bytes(bytes, verb == 'X', self.f.space, self.f.sharp));
            }
            _ => self.bad_verb(verb, v),
        }
    }

    /// `printArg` for a top-level operand.
    fn print_arg(&mut self, v: &Value, verb: char) {
        if verb == 'T' {
            let t = v.type_name();
            return self.fmt_string(&t, 's', v);
        }
        match v {
            Value::Invalid => match verb {
                'v' => self.pad("<nil>"),
                _ => self.bad_verb(verb, v),
            },
            _ => self.print_value(v, verb, 0),
        }
    }

    fn print_value(&mut self, v: &Value, verb: char, depth: usize) {
        if !self.erroring && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            if let Some(s) = stringer(v) {
                return self.fmt_string(&s, verb, v);
            }
        }
        match v {
            Value::Invalid => {
                if verb == 'v' {
                    self.buf.push_str("<nil>");
                } else {
                    self.bad_verb(verb, v);
                }
            }
            Value::Bool(b) => self.fmt_bool(*b, verb, v),
            Value::Int(n) => self.fmt_integer(*n, verb, v),
            Value::Byte(b) => self.fmt_integer(i64::from(*b), verb, v),
            Value::Month(m) => self.fmt_integer(i64::from(*m), verb, v),
            Value::Weekday(d) => self.fmt_integer(i64::from(*d), verb, v),
            Value::Float(x) => self.fmt_float(*x, verb, v),
            Value::String(s) => self.fmt_string(s, verb, v),
            Value::Time(t) => {
                // Only reached for verbs Stringer does not cover.
                self.bad_verb(verb, &Value::String(t.go_string()));
            }
            Value::Slice(Ty::Uint8, items) if matches!(verb, 's' | 'q' | 'x' | 'X') => {
                let bytes: Vec<u8> = items
                    .iter()
                    .map(|b| match b {
                        Value::Byte(b) => *b,
                        _ => 0,
                    })
                    .collect();
                match verb {
                    's' | 'q' => self.fmt_string(&String::from_utf8_lossy(&bytes), verb, v),
                    _ => self.pad(&hex_bytes(&bytes, verb == 'X', self.f.space, self.f.sharp)),
                }
            }
            Value::Slice(_, items) => {
                self.buf.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(']');
            }
            Value::Nil(Ty::Slice(_)) => self.buf.push_str("[]"),
            Value::Map(_, items) => {
                self.buf.push_str("map[");
                for (i, (k, item)) in items.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_value(&Value::String(k.clone()), verb, depth + 1);
                    self.buf.push(':');
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(']');
            }
            Value::Nil(Ty::Map(_)) => self.buf.push_str("map[]"),
            Value::Struct(r) => self.print_struct(r, verb, depth),
            Value::Ptr(inner) => {
                // Go prints `&` + value for a top-level pointer to a composite and an
                // address otherwise; we always print `&` + value (see the module note).
                if matches!(verb, 'v' | 'p' | 'b' | 'o' | 'd' | 'x' | 'X')
                    || depth == 0 && is_composite(inner)
                {
                    self.buf.push('&');
                    self.print_value(inner, if verb == 'p' { 'v' } else { verb }, depth + 1);
                } else {
                    self.bad_verb(verb, v);
                }
            }
            Value::Nil(_) => match verb {
                'v' | 'p' => self.pad("<nil>"),
                'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(0, verb, v),
                _ => self.bad_verb(verb, v),
            },
        }
    }

    fn print_struct(&mut self, r: &Struct, verb: char, depth: usize) {
        self.buf.push('{');
        for (i, (field, value)) in r.ty.fields.iter().zip(&r.fields).enumerate() {
            if i > 0 {
                self.buf.push(' ');
            }
            if self.f.plus_v {
                self.buf.push_str(&field.name);
                self.buf.push(':');
            }
            self.print_value(value, verb, depth + 1);
        }
        self.buf.push('}');
    }
}

fn is_composite(v: &Value) -> bool {
    matches!(
        v,
        Value::Slice(..)
            | Value::Map(..)
            | Value::Struct(_)
            | Value::Nil(Ty::Slice(_) | Ty::Map(_))
    )
}

fn hex_bytes(b: &[u8], upper: bool, space: bool, sharp: bool) -> String {
    let mut s = String::new();
    for (i, byte) in b.iter().enumerate() {
        if space && i > 0 {
            s.push(' ');
        }
        if sharp && (space || i == 0) {
            s.push_str(if upper { "0X" } else { "0x" });
        }
        if upper {
            s.push_str(&format!("{byte:02X}"));
        } else {
            s.push_str(&format!("{byte:02x}"));
        }
    }
    s
}

/// `%e` with precision: Go writes at least two exponent digits.
fn format_e(x: f64, prec: usize) -> String {
    let s = format!("{x:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let sign = if e < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", e.abs())
}

/// `%.Ng`: N significant digits, exponent form when exp < -4 or exp >= N.
fn format_g(x: f64, p: usize, sharp: bool) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let e_form = format!("{x:.*e}", p - 1);
    let (_, exp) = e_form.split_once('e').unwrap_or((&e_form, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let trim = |s: String| -> String {
        if sharp || !s.contains('.') {
            s
        } else {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    if e < -4 || e >= p as i32 {
        let s = format_e(x, p - 1);
        let (mant, exp) = s.split_once('e').unwrap_or((&s, ""));
        format!("{}e{exp}", trim(mant.to_string()))
    } else {
        let decimals = (p as i32 - 1 - e).max(0) as usize;
        trim(format!("{x:.decimals$}"))
    }
}

/// `fmt.Sprint`: spaces between operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut p = Printer::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let s = is_string(a);
        if i > 0 && !s && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
        prev_string = s;
    }
    p.buf
}

/// `fmt.Sprintln`: spaces between all operands and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut p = Printer::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v');
    }
    p.buf.push('\n');
    p.buf
}

/// Go's `tooLarge` limit for widths and precisions.
const MAX_WIDTH: u64 = 1_000_000;

/// Go's `parsenum`: digits from `i`; a number that grows past the limit swallows the
/// rest of the format (Go's "crazy long number" rule), leaving no verb.
fn parse_num(chars: &[char], mut i: usize) -> (usize, bool, usize) {
    let mut num: u64 = 0;
    let mut present = false;
    while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
        if num > MAX_WIDTH {
            return (0, false, chars.len());
        }
        num = num * 10 + u64::from(d);
        present = true;
        i += 1;
    }
    (num as usize, present, i)
}

/// `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer::new();
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    let mut arg_num = 0;
    let mut reordered = false;
    let mut good_arg_num = true;
    while i < chars.len() {
        if chars[i] != '%' {
            p.buf.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        p.f = Flags::default();
        // Flags.
        while i < chars.len() {
            match chars[i] {
                '#' => p.f.sharp = true,
                '0' => p.f.zero = !p.f.minus,
                '+' => p.f.plus = true,
                '-' => {
                    p.f.minus = true;
                    p.f.zero = false;
                }
                ' ' => p.f.space = true,
                _ => break,
            }
            i += 1;
        }
        // Argument index, width.
        let parse_index =
            |i: &mut usize, arg_num: &mut usize, reordered: &mut bool, good: &mut bool| {
                if *i < chars.len() && chars[*i] == '[' {
                    *reordered = true;
                    let start = *i + 1;
                    let mut j = start;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    if j < chars.len() && chars[j] == ']' && j > start {
                        let n: usize = chars[start..j]
                            .iter()
                            .collect::<String>()
                            .parse()
                            .unwrap_or(0);
                        if n >= 1 && n <= args.len() {
                            *arg_num = n - 1;
                            *good = true;
                        } else {
                            *good = false;
                        }
                        *i = j + 1;
                    } else {
                        *good = false;
                        while *i < chars.len() && chars[*i] != ']' {
                            *i += 1;
                        }
                        *i += 1;
                    }
                }
            };
        parse_index(&mut i, &mut arg_num, &mut reordered, &mut good_arg_num);
        if i < chars.len() && chars[i] == '*' {
            i += 1;
            match args.get(arg_num) {
                // Go refuses widths beyond a million (`tooLarge`).
                Some(Value::Int(n)) if n.unsigned_abs() <= MAX_WIDTH => {
                    if *n < 0 {
                        p.f.minus = true;
                        p.f.zero = false;
                    }
                    p.f.width = Some(n.unsigned_abs() as usize);
                }
                _ => p.buf.push_str("%!(BADWIDTH)"),
            }
            arg_num += 1;
        } else {
            let (n, present, next) = parse_num(&chars, i);
            i = next;
            if present {
                p.f.width = Some(n);
            }
        }
        // Precision.
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            parse_index(&mut i, &mut arg_num, &mut reordered, &mut good_arg_num);
            if i < chars.len() && chars[i] == '*' {
                i += 1;
                match args.get(arg_num) {
                    Some(Value::Int(n)) if *n >= 0 && n.unsigned_abs() <= MAX_WIDTH => {
                        p.f.prec = Some(*n as usize)
                    }
                    _ => p.buf.push_str("%!(BADPREC)"),
                }
                arg_num += 1;
            } else {
                let (n, _, next) = parse_num(&chars, i);
                i = next;
                p.f.prec = Some(n);
            }
        }
        parse_index(&mut i, &mut arg_num, &mut reordered, &mut good_arg_num);
        let Some(&verb) = chars.get(i) else {
            p.buf.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        match verb {
            '%' => p.buf.push('%'),
            _ if !good_arg_num => {
                p.buf.push_str(&format!("%!{verb}(BADINDEX)"));
            }
            _ if arg_num >= args.len() => {
                p.buf.push_str(&format!("%!{verb}(MISSING)"));
            }
            'w' => {
                p.bad_verb('w', &args[arg_num]);
                arg_num += 1;
            }
            _ => {
                if verb == 'v' {
                    if p.f.plus {
                        p.f.plus = false;
                        p.f.plus_v = true;
                    }
                    // `%#v` (Go syntax) is approximated by `%v`.
                    p.f.sharp = false;
                }
                let a = args[arg_num].clone();
                p.print_arg(&a, verb);
                arg_num += 1;
            }
        }
    }
    if !reordered && arg_num < args.len() {
        p.f = Flags::default();
        p.buf.push_str("%!(EXTRA ");
        for (k, a) in args[arg_num..].iter().enumerate() {
            if k > 0 {
                p.buf.push_str(", ");
            }
            match a {
                Value::Invalid => p.buf.push_str("<nil>"),
                _ => {
                    p.buf.push_str(&a.type_name());
                    p.buf.push('=');
                    p.print_arg(a, 'v');
                }
            }
        }
        p.buf.push(')');
    }
    p.buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn s(v: &str) -> Value {
        Value::string(v)
    }

    #[test]
    fn sprint_spacing() {
        assert_eq!(
            sprint(&[Value::Int(1), Value::Int(2), s("a"), s("b"), Value::Int(3)]),
            "1 2ab3"
        );
        assert_eq!(sprintln(&[Value::Int(1), s("a")]), "1 a\n");
        assert_eq!(sprint(&[Value::Invalid]), "<nil>");
    }

    #[test]
    fn verbs_and_flags() {
        // Each checked against Go 1.19's fmt.Sprintf.
        assert_eq!(
            sprintf(
                "%5s|%-5s|%05d|%.2f|%+d",
                &[
                    s("ab"),
                    s("ab"),
                    Value::Int(42),
                    Value::Float(3.33333),
                    Value::Int(5)
                ]
            ),
            "   ab|ab   |00042|3.33|+5"
        );
        assert_eq!(
            sprintf("%x %X %x", &[Value::Int(255), Value::Int(255), s("hi")]),
            "ff FF 6869"
        );
        assert_eq!(
            sprintf("%q %q", &[s("a\"b\n"), Value::Int(65)]),
            "\"a\\\"b\\n\" 'A'"
        );
        assert_eq!(
            sprintf(
                "%t %v %T",
                &[Value::Bool(true), Value::Float(1e21), Value::Float(1.0)]
            ),
            "true 1e+21 float64"
        );
        assert_eq!(
            sprintf(
                "%e %g %.3g %G",
                &[
                    Value::Float(1234.5678),
                    Value::Float(0.000012),
                    Value::Float(1234.5678),
                    Value::Float(1e-7)
                ]
            ),
            "1.234568e+03 1.2e-05 1.23e+03 1E-07"
        );
        assert_eq!(
            sprintf(
                "%c %U %o %#x %#o %b",
                &[
                    Value::Int(0x263A),
                    Value::Int(0x263A),
                    Value::Int(8),
                    Value::Int(255),
                    Value::Int(8),
                    Value::Int(5)
                ]
            ),
            "☺ U+263A 10 0xff 010 101"
        );
        assert_eq!(
            sprintf(
                "%6.2f|%-8.3e|%08.3f",
                &[
                    Value::Float(3.33333),
                    Value::Float(1234.5),
                    Value::Float(-3.33333)
                ]
            ),
            "  3.33|1.234e+03|-003.333"
        );
        assert_eq!(
            sprintf(
                "%.1s|%3c|%-4d|",
                &[s("héllo"), Value::Int(120), Value::Int(7)]
            ),
            "h|  x|7   |"
        );
        assert_eq!(
            sprintf(
                "%05s|%.0d|%+.1e|% d|%x",
                &[
                    s("ab"),
                    Value::Int(0),
                    Value::Float(12345.678),
                    Value::Int(5),
                    Value::Int(-255)
                ]
            ),
            "000ab||+1.2e+04| 5|-ff"
        );
        assert_eq!(
            sprintf(
                "%10.4v|%-10v|",
                &[Value::Float(1.23456789), Value::Bool(true)]
            ),
            "     1.235|true      |"
        );
    }

    #[test]
    fn errors() {
        assert_eq!(sprintf("%d", &[s("x")]), "%!d(string=x)");
        assert_eq!(sprintf("%d", &[Value::Bool(true)]), "%!d(bool=true)");
        assert_eq!(sprintf("%s", &[Value::Int(42)]), "%!s(int=42)");
        assert_eq!(sprintf("%d %d", &[Value::Int(1)]), "1 %!d(MISSING)");
        assert_eq!(
            sprintf("x", &[Value::Int(1), s("a")]),
            "x%!(EXTRA int=1, string=a)"
        );
        assert_eq!(sprintf("%z", &[Value::Int(1)]), "%!z(int=1)");
        assert_eq!(sprintf("%", &[]), "%!(NOVERB)");
        assert_eq!(sprintf("%d", &[Value::Invalid]), "%!d(<nil>)");
        assert_eq!(sprintf("%[2]s %[1]s", &[s("a"), s("b")]), "b a");
        assert_eq!(sprintf("%[3]s", &[s("a")]), "%!s(BADINDEX)");
        // Widths and precisions over a million are refused, as in Go (fuzzing found
        // the capacity overflow an unchecked width caused).
        assert_eq!(
            sprintf("%9369488824765018506s|", &[s("a")]),
            "%!(NOVERB)%!(EXTRA string=a)"
        );
        assert_eq!(sprintf("%.2000000s|", &[s("a")]), "a|");
        assert_eq!(
            sprintf("%*d", &[Value::Int(2_000_000), Value::Int(1)]),
            "%!(BADWIDTH)1"
        );
        assert_eq!(
            sprintf(
                "%s",
                &[Value::Nil(Ty::ptr(Ty::slice(
                    crate::go::reflect::tests::link_type()
                )))]
            ),
            "%!s(*[]admin.Link=<nil>)"
        );
    }

    #[test]
    fn composites_and_pointers() {
        let roles = Value::Slice(Ty::String, Rc::new(vec![s("a"), s("b")]));
        assert_eq!(
            sprintf("%v %s %q", &[roles.clone(), roles.clone(), roles.clone()]),
            "[a b] [a b] [\"a\" \"b\"]"
        );
        assert_eq!(sprint(&[Value::Ptr(Rc::new(roles.clone()))]), "&[a b]");
        assert_eq!(sprint(&[Value::Nil(Ty::slice(Ty::String))]), "[]");
        assert_eq!(sprint(&[Value::Nil(Ty::ptr(Ty::String))]), "<nil>");
        let m = Value::Map(
            Ty::Any,
            Rc::new(vec![("a".into(), Value::Int(1)), ("b".into(), s("x"))]),
        );
        assert_eq!(sprint(&[m]), "map[a:1 b:x]");
        assert_eq!(
            sprintf("%s", &[Value::Ptr(Rc::new(s("u")))]),
            "%!s(*string=&u)"
        );
    }
}
