//! Go's `fmt` printing (`Sprint`, `Sprintln`, `Sprintf`) over reflect values, on bytes
//! (a Go string is bytes): verbs `%v %+v %#v %T %t %d %b %o %O %x %X %c %q %U %e %E
//! %f %F %g %G %s %p %%` with Go's meaning per kind (`%x %X %b` on floats too, complex
//! numbers as `(re+imi)`), width, precision, the `- + # 0 space` flags, argument
//! indexes, and the `%!verb(type=value)`, `%!d(MISSING)`, `%!(NOVERB)`, `%!(BADWIDTH)`
//! and `%!(EXTRA …)` forms. Widths count runes as Go does: each byte that is not UTF-8
//! is one.
//!
//! Where Go prints a memory address (a pointer that is not to a struct, slice or map
//! at the top level, or any pointer inside another value), we print `&` and the value
//! instead: deterministic, and still shows what the pointer holds (decision no-memory-addresses).

// `sprintf` indexes its format's bytes at positions checked against their length just
// before, and arguments at `arg_num` checked against `args.len()` (fuzzed through the
// template target).
#![allow(clippy::indexing_slicing)]

use super::reflect::{GoString, Struct, Ty, Value};
use crate::go::{strconv, utf8};

#[derive(Clone, Copy, Default)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    /// `%+v`: struct field names.
    plus_v: bool,
    /// `%#v`: Go syntax.
    sharp_v: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

struct Printer {
    buf: Vec<u8>,
    f: Flags,
    erroring: bool,
}

/// `String()` for the values that implement `fmt.Stringer`: `time.Time`, `time.Month`,
/// `time.Weekday`, and pointers to them (a nil one prints `<nil>`, as fmt's panic guard
/// does: see `nil_method_receiver`).
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

/// A nil pointer whose `String`/`GoString` method would dereference it: Go's call
/// panics and fmt's guard writes a bare `<nil>` (no padding, no quoting).
fn nil_method_receiver(v: &Value) -> bool {
    matches!(v, Value::Nil(Ty::Ptr(t)) if matches!(**t, Ty::Time | Ty::Month | Ty::Weekday))
}

/// `GoString()` for `%#v`: `time.Time` and `*time.Time` have one.
fn go_stringer(v: &Value) -> Option<String> {
    match v {
        Value::Time(t) => Some(t.go_syntax()),
        Value::Ptr(inner) => match &**inner {
            Value::Time(t) => Some(t.go_syntax()),
            _ => None,
        },
        Value::Nil(Ty::Ptr(t)) if **t == Ty::Time => Some("<nil>".to_string()),
        _ => None,
    }
}

fn is_string(v: &Value) -> bool {
    matches!(v, Value::String(_))
}

/// The most one `Sprint`/`Sprintf` call builds (decision template-limits): widths and
/// precisions reach ten million each, so a format over a slice could otherwise ask for
/// gigabytes. Past the limit formatting stops; callers see the length and refuse it.
pub const MAX_LEN: usize = 256 << 20;

const LOWER: &[u8; 17] = b"0123456789abcdefx";
const UPPER: &[u8; 17] = b"0123456789ABCDEFX";

impl Printer {
    fn new() -> Printer {
        Printer {
            buf: Vec::new(),
            f: Flags::default(),
            erroring: false,
        }
    }

    /// Past `MAX_LEN`: stop formatting.
    fn full(&self) -> bool {
        self.buf.len() > MAX_LEN
    }

    fn push_str(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn push_char(&mut self, c: char) {
        let mut b = [0; 4];
        self.buf.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    /// `n` bytes of padding: zeros only when padding on the left.
    fn write_padding(&mut self, n: usize) {
        let fill = if self.f.zero && !self.f.minus {
            b'0'
        } else {
            b' '
        };
        self.buf.extend(std::iter::repeat_n(fill, n));
    }

    /// Go's `pad`: `b` padded to the width, counted in runes.
    fn pad(&mut self, b: &[u8]) {
        let width = self.f.width.unwrap_or(0);
        if width == 0 {
            self.buf.extend_from_slice(b);
            return;
        }
        let n = utf8::rune_count(b);
        if n >= width {
            self.buf.extend_from_slice(b);
            return;
        }
        if self.f.minus {
            self.buf.extend_from_slice(b);
            self.write_padding(width - n);
        } else {
            self.write_padding(width - n);
            self.buf.extend_from_slice(b);
        }
    }

    fn pad_str(&mut self, s: &str) {
        self.pad(s.as_bytes());
    }

    /// `pad` with the zero flag off (numbers that did their own zero padding).
    fn pad_spaces(&mut self, b: &[u8]) {
        let zero = self.f.zero;
        self.f.zero = false;
        self.pad(b);
        self.f.zero = zero;
    }

    fn bad_verb(&mut self, verb: char, v: &Value) {
        self.erroring = true;
        self.push_str("%!");
        self.push_char(verb);
        self.buf.push(b'(');
        match v {
            Value::Invalid => self.push_str("<nil>"),
            _ => {
                // Go prints the operand with the directive's own flags.
                self.push_str(&v.type_name());
                self.buf.push(b'=');
                self.print_arg(v, 'v');
            }
        }
        self.buf.push(b')');
        self.erroring = false;
    }

    fn fmt_bool(&mut self, b: bool, verb: char, v: &Value) {
        match verb {
            't' | 'v' => self.pad_str(if b { "true" } else { "false" }),
            _ => self.bad_verb(verb, v),
        }
    }

    /// `pp.fmtInteger`: `u` holds the bits of a signed or unsigned 64-bit integer.
    fn fmt_integer(&mut self, u: u64, signed: bool, verb: char, v: &Value) {
        match verb {
            'v' if self.f.sharp_v && !signed => {
                let sharp = self.f.sharp;
                self.f.sharp = true;
                self.integer(u, 16, signed, 'v', LOWER);
                self.f.sharp = sharp;
            }
            'v' | 'd' => self.integer(u, 10, signed, verb, LOWER),
            'b' => self.integer(u, 2, signed, verb, LOWER),
            'o' | 'O' => self.integer(u, 8, signed, verb, LOWER),
            'x' => self.integer(u, 16, signed, verb, LOWER),
            'X' => self.integer(u, 16, signed, verb, UPPER),
            'c' => {
                let c = u32::try_from(u)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or(utf8::RUNE_ERROR);
                let mut b = [0; 4];
                let s = c.encode_utf8(&mut b);
                self.pad(s.as_bytes());
            }
            'q' => {
                let r = u32::try_from(u).unwrap_or(0xFFFD);
                let q = strconv::quote_rune_u32(r, self.f.plus);
                self.pad_str(&q);
            }
            'U' => self.fmt_unicode(u),
            _ => self.bad_verb(verb, v),
        }
    }

    /// `fmt.fmtInteger`: digits in `base`, precision or zero padding, `#` prefixes, sign.
    fn integer(&mut self, u: u64, base: u64, signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative { u.wrapping_neg() } else { u };
        let mut prec = 0;
        if let Some(p) = self.f.prec {
            prec = p;
            if p == 0 && u == 0 {
                let zero = self.f.zero;
                self.f.zero = false;
                let w = self.f.width.unwrap_or(0);
                self.write_padding(w);
                self.f.zero = zero;
                return;
            }
        } else if let (true, false, Some(w)) = (self.f.zero, self.f.minus, self.f.width) {
            prec = w;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        // The digits, most significant first; zeros to the precision go before them.
        let mut num: Vec<u8> = Vec::with_capacity(24);
        loop {
            num.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        num.reverse();
        let zeros = prec.saturating_sub(num.len());
        let mut out: Vec<u8> = Vec::with_capacity(zeros + num.len() + 4);
        if negative {
            out.push(b'-');
        } else if self.f.plus {
            out.push(b'+');
        } else if self.f.space {
            out.push(b' ');
        }
        if verb == 'O' {
            out.extend_from_slice(b"0o");
        }
        if self.f.sharp {
            match base {
                2 => out.extend_from_slice(b"0b"),
                // Octal gets a leading 0 unless it already starts with one.
                8 if zeros == 0 && num.first() != Some(&b'0') => out.push(b'0'),
                16 => {
                    out.push(b'0');
                    out.push(digits[16]);
                }
                _ => {}
            }
        }
        out.resize(out.len() + zeros, b'0');
        out.extend_from_slice(&num);
        self.pad_spaces(&out);
    }

    /// `%U`: `U+0078`, with `#` also `'x'` when printable.
    fn fmt_unicode(&mut self, u: u64) {
        let prec = self.f.prec.filter(|&p| p > 4).unwrap_or(4);
        let hex = format!("{u:X}");
        let mut s = String::from("U+");
        s.extend(std::iter::repeat_n('0', prec.saturating_sub(hex.len())));
        s.push_str(&hex);
        if self.f.sharp {
            if let Some(c) = u32::try_from(u)
                .ok()
                .and_then(char::from_u32)
                .filter(|&c| strconv::is_print(c))
            {
                s.push_str(" '");
                s.push(c);
                s.push('\'');
            }
        }
        self.pad_spaces(s.as_bytes());
    }

    /// `pp.fmtFloat`: the verb picks the format and the default precision.
    fn fmt_float(&mut self, x: f64, verb: char, v: &Value) {
        match verb {
            'v' => self.float(x, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.float(x, verb as u8, -1),
            'f' | 'e' | 'E' => self.float(x, verb as u8, 6),
            'F' => self.float(x, b'f', 6),
            _ => self.bad_verb(verb, v),
        }
    }

    /// `fmt.fmtFloat`: sign, `#` (keep the point and trailing zeros), Inf/NaN, padding.
    fn float(&mut self, x: f64, verb: u8, default_prec: i32) {
        let prec = self
            .f
            .prec
            .map_or(default_prec, |p| i32::try_from(p).unwrap_or(i32::MAX));
        let text = strconv::format_float(x, verb, prec);
        let mut num: Vec<u8> = Vec::with_capacity(text.len() + 1);
        if !text.starts_with(['-', '+']) {
            num.push(b'+');
        }
        num.extend_from_slice(text.as_bytes());
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        if matches!(num.get(1), Some(b'I' | b'N')) {
            if num[1] == b'N' && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad_spaces(&num);
            return;
        }
        if self.f.sharp && verb != b'b' {
            let mut digits: i32 = match verb {
                b'v' | b'g' | b'G' | b'x' => {
                    if prec == -1 {
                        6
                    } else {
                        prec
                    }
                }
                _ => 0,
            };
            let mut tail: Vec<u8> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_point = true,
                    b'p' | b'P' => {
                        tail = num.split_off(i);
                        break;
                    }
                    b'e' | b'E' if verb != b'x' && verb != b'X' => {
                        tail = num.split_off(i);
                        break;
                    }
                    c => {
                        // Go counts every other byte as a digit (the `x` of `0x` too).
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            if digits > 0 {
                num.resize(num.len() + digits as usize, b'0');
            }
            num.extend_from_slice(&tail);
        }
        if self.f.plus || num[0] != b'+' {
            if let (true, false, Some(w)) = (self.f.zero, self.f.minus, self.f.width) {
                if w > num.len() {
                    self.buf.push(num[0]);
                    self.write_padding(w - num.len());
                    self.buf.extend_from_slice(&num[1..]);
                    return;
                }
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }

    /// `pp.fmtComplex`: `(re±imi)`, each part formatted as a float.
    fn fmt_complex(&mut self, re: f64, im: f64, verb: char, v: &Value) {
        match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let plus = self.f.plus;
                self.buf.push(b'(');
                self.fmt_float(re, verb, v);
                self.f.plus = true;
                self.fmt_float(im, verb, v);
                self.push_str("i)");
                self.f.plus = plus;
            }
            _ => self.bad_verb(verb, v),
        }
    }

    /// The string truncated to the precision, in runes.
    fn truncate<'a>(&self, s: &'a [u8]) -> &'a [u8] {
        match self.f.prec {
            Some(p) => match utf8::runes(s).nth(p) {
                Some((at, _, _)) => &s[..at],
                None => s,
            },
            None => s,
        }
    }

    fn fmt_string(&mut self, s: &[u8], verb: char, v: &Value) {
        match verb {
            'v' if self.f.sharp_v => self.fmt_q(s),
            'v' | 's' => {
                let t = self.truncate(s);
                self.pad(t);
            }
            'x' => self.fmt_sx(s, LOWER),
            'X' => self.fmt_sx(s, UPPER),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, v),
        }
    }

    /// `%q`: Go-quoted, ASCII only with `+`, backquoted with `#` where Go can.
    fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        if self.f.sharp && strconv::can_backquote(s) {
            let mut q = Vec::with_capacity(s.len() + 2);
            q.push(b'`');
            q.extend_from_slice(s);
            q.push(b'`');
            return self.pad(&q);
        }
        let q = strconv::quote_bytes(s, self.f.plus);
        self.pad_str(&q);
    }

    /// `%x`/`%X` of a string or byte slice: two hex digits a byte (precision counts
    /// bytes), `space` separates them, `#` adds `0x`.
    fn fmt_sx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let length = self.f.prec.map_or(s.len(), |p| p.min(s.len()));
        let width = self.f.width.unwrap_or(0);
        if length == 0 {
            if self.f.width.is_some() {
                self.write_padding(width);
            }
            return;
        }
        let mut out = 2 * length;
        if self.f.space {
            if self.f.sharp {
                out *= 2;
            }
            out += length - 1;
        } else if self.f.sharp {
            out += 2;
        }
        if width > out && !self.f.minus {
            self.write_padding(width - out);
        }
        if self.f.sharp {
            self.buf.push(b'0');
            self.buf.push(digits[16]);
        }
        for (i, &c) in s[..length].iter().enumerate() {
            if self.f.space && i > 0 {
                self.buf.push(b' ');
                if self.f.sharp {
                    self.buf.push(b'0');
                    self.buf.push(digits[16]);
                }
            }
            self.buf.push(digits[usize::from(c >> 4)]);
            self.buf.push(digits[usize::from(c & 0xF)]);
        }
        if width > out && self.f.minus {
            self.write_padding(width - out);
        }
    }

    /// `printArg` for a top-level operand.
    fn print_arg(&mut self, v: &Value, verb: char) {
        if verb == 'T' {
            if matches!(v, Value::Invalid) {
                // Go pads nil's `<nil>` without truncating it.
                return self.pad_str("<nil>");
            }
            let t = v.type_name();
            let t = self.truncate(t.as_bytes()).to_vec();
            return self.pad(&t);
        }
        match v {
            Value::Invalid => match verb {
                'v' => self.pad_str("<nil>"),
                _ => self.bad_verb(verb, v),
            },
            _ => self.print_value(v, verb, 0),
        }
    }

    fn print_value(&mut self, v: &Value, verb: char, depth: usize) {
        if !self.erroring {
            let stringable = self.f.sharp_v || matches!(verb, 'v' | 's' | 'x' | 'X' | 'q');
            if stringable
                && nil_method_receiver(v)
                && (!self.f.sharp_v || matches!(v, Value::Nil(Ty::Ptr(t)) if **t == Ty::Time))
            {
                return self.push_str("<nil>");
            }
            if self.f.sharp_v {
                if let Some(s) = go_stringer(v) {
                    let t = self.truncate(s.as_bytes()).to_vec();
                    return self.pad(&t);
                }
            } else if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
                if let Some(s) = stringer(v) {
                    return self.fmt_string(s.as_bytes(), verb, v);
                }
            }
        }
        match v {
            Value::Invalid => {
                if verb == 'v' {
                    self.push_str("<nil>");
                } else {
                    self.bad_verb(verb, v);
                }
            }
            Value::Bool(b) => self.fmt_bool(*b, verb, v),
            Value::Int(n) => self.fmt_integer(*n as u64, true, verb, v),
            Value::Byte(b) => self.fmt_integer(u64::from(*b), false, verb, v),
            Value::Month(m) => self.fmt_integer(u64::from(*m), true, verb, v),
            Value::Weekday(d) => self.fmt_integer(u64::from(*d), true, verb, v),
            Value::Float(x) => self.fmt_float(*x, verb, v),
            Value::Complex(re, im) => self.fmt_complex(*re, *im, verb, v),
            Value::String(s) => self.fmt_string(s.as_bytes(), verb, v),
            Value::Time(t) => {
                // Only reached for verbs Stringer does not cover.
                self.bad_verb(verb, &Value::string(&t.go_string()));
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
                    's' => {
                        let t = self.truncate(&bytes).to_vec();
                        self.pad(&t);
                    }
                    'q' => self.fmt_q(&bytes),
                    'x' => self.fmt_sx(&bytes, LOWER),
                    _ => self.fmt_sx(&bytes, UPPER),
                }
            }
            Value::Slice(t, items) => {
                if self.f.sharp_v {
                    // A top-level byte slice reaches fmt as `[]byte`.
                    if *t == Ty::Uint8 && depth == 0 {
                        self.push_str("[]byte");
                    } else {
                        self.push_str(&Ty::slice(t.clone()).to_string());
                    }
                    self.buf.push(b'{');
                } else {
                    self.buf.push(b'[');
                }
                for (i, item) in items.iter().enumerate() {
                    if self.full() {
                        return;
                    }
                    if i > 0 {
                        self.push_str(if self.f.sharp_v { ", " } else { " " });
                    }
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(if self.f.sharp_v { b'}' } else { b']' });
            }
            Value::Nil(t @ (Ty::Slice(_) | Ty::Map(_))) if self.f.sharp_v => {
                self.push_str(&t.to_string());
                self.push_str("(nil)");
            }
            Value::Nil(Ty::Slice(_)) => self.push_str("[]"),
            Value::Map(t, items) => {
                if self.f.sharp_v {
                    self.push_str(&Ty::Map(Box::new(t.clone())).to_string());
                    self.buf.push(b'{');
                } else {
                    self.push_str("map[");
                }
                for (i, (k, item)) in items.iter().enumerate() {
                    if self.full() {
                        return;
                    }
                    if i > 0 {
                        self.push_str(if self.f.sharp_v { ", " } else { " " });
                    }
                    self.print_value(&Value::string(k), verb, depth + 1);
                    self.buf.push(b':');
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(if self.f.sharp_v { b'}' } else { b']' });
            }
            Value::Nil(Ty::Map(_)) => self.push_str("map[]"),
            Value::Struct(r) => self.print_struct(r, verb, depth),
            Value::Ptr(inner) => {
                // Go prints `&` + value for a top-level pointer to a composite and an
                // address otherwise; we always print `&` + value (see the module note).
                if matches!(verb, 'v' | 'p' | 'b' | 'o' | 'd' | 'x' | 'X')
                    || depth == 0 && is_composite(inner)
                {
                    self.buf.push(b'&');
                    self.print_value(inner, if verb == 'p' { 'v' } else { verb }, depth + 1);
                } else {
                    self.bad_verb(verb, v);
                }
            }
            Value::Nil(t) if self.f.sharp_v && verb == 'v' => {
                // `(*T)(nil)`, `interface {}(nil)`
                match t {
                    Ty::Ptr(_) => self.push_str(&format!("({t})(nil)")),
                    _ => self.push_str(&format!("{t}(nil)")),
                }
            }
            Value::Nil(_) => match verb {
                'v' | 'p' => self.pad_str("<nil>"),
                'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(0, false, verb, v),
                _ => self.bad_verb(verb, v),
            },
        }
    }

    fn print_struct(&mut self, r: &Struct, verb: char, depth: usize) {
        if self.f.sharp_v {
            self.push_str(&r.ty.name);
        }
        self.buf.push(b'{');
        for (i, (field, value)) in r.ty.fields.iter().zip(&r.fields).enumerate() {
            if self.full() {
                return;
            }
            if i > 0 {
                self.push_str(if self.f.sharp_v { ", " } else { " " });
            }
            if self.f.plus_v || self.f.sharp_v {
                self.push_str(&field.name);
                self.buf.push(b':');
            }
            self.print_value(value, verb, depth + 1);
        }
        self.buf.push(b'}');
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

/// `fmt.Sprint`: spaces between operands when neither is a string.
pub fn sprint(args: &[Value]) -> GoString {
    let mut p = Printer::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        if p.full() {
            break;
        }
        let s = is_string(a);
        if i > 0 && !s && !prev_string {
            p.buf.push(b' ');
        }
        p.print_arg(a, 'v');
        prev_string = s;
    }
    GoString::from(p.buf)
}

/// `fmt.Sprintln`: spaces between all operands and a newline.
pub fn sprintln(args: &[Value]) -> GoString {
    let mut p = Printer::new();
    for (i, a) in args.iter().enumerate() {
        if p.full() {
            break;
        }
        if i > 0 {
            p.buf.push(b' ');
        }
        p.print_arg(a, 'v');
    }
    p.buf.push(b'\n');
    GoString::from(p.buf)
}

/// Go's `tooLarge` limit for widths and precisions.
const MAX_WIDTH: u64 = 1_000_000;

/// Go's `parsenum`: digits from `i` up to `end`; a number that grows past the limit
/// swallows the rest of the format (Go's "crazy long number" rule), leaving no verb.
fn parse_num(f: &[u8], mut i: usize, end: usize) -> (usize, bool, usize) {
    let mut num: u64 = 0;
    let mut present = false;
    while i < end && f[i].is_ascii_digit() {
        if num > MAX_WIDTH {
            return (0, false, end);
        }
        num = num * 10 + u64::from(f[i] - b'0');
        present = true;
        i += 1;
    }
    (num as usize, present, i)
}

/// Go's `intFromArg`: an int operand for `*`, the next argument number, and whether
/// it was an int within the width limits.
fn int_from_arg(args: &[Value], arg_num: usize) -> (i64, bool, usize) {
    let Some(a) = args.get(arg_num) else {
        return (0, false, arg_num);
    };
    let n = match a {
        Value::Int(n) => Some(*n),
        Value::Month(m) => Some(i64::from(*m)),
        Value::Weekday(d) => Some(i64::from(*d)),
        Value::Byte(b) => Some(i64::from(*b)),
        _ => None,
    };
    match n {
        Some(n) if n.unsigned_abs() <= MAX_WIDTH => (n, true, arg_num + 1),
        _ => (0, false, arg_num + 1),
    }
}

/// Go's `argNumber`: an explicit `[n]` index at `i`. Returns the argument number, the
/// new position, whether an index was there (even a bad one), and whether it was good.
fn arg_number(f: &[u8], i: usize, arg_num: usize, nargs: usize) -> (usize, usize, bool, bool) {
    if f.get(i) != Some(&b'[') {
        return (arg_num, i, false, true);
    }
    let rest = &f[i..];
    if rest.len() < 3 {
        return (arg_num, i + 1, false, false);
    }
    for j in 1..rest.len() {
        if rest[j] == b']' {
            let (n, ok, next) = parse_num(rest, 1, j);
            if !ok || next != j {
                return (arg_num, i + j + 1, false, false);
            }
            if n >= 1 && n - 1 < nargs {
                return (n - 1, i + j + 1, true, true);
            }
            return (arg_num, i + j + 1, true, false);
        }
    }
    (arg_num, i + 1, false, false)
}

/// `fmt.Sprintf`.
pub fn sprintf(format: impl AsRef<[u8]>, args: &[Value]) -> GoString {
    let f = format.as_ref();
    let end = f.len();
    let mut p = Printer::new();
    let mut arg_num = 0;
    let mut reordered = false;
    let mut i = 0;
    while i < end && !p.full() {
        let mut good_arg_num = true;
        let last = i;
        while i < end && f[i] != b'%' {
            i += 1;
        }
        p.buf.extend_from_slice(&f[last..i]);
        if i >= end {
            break;
        }
        i += 1;
        p.f = Flags::default();
        while i < end {
            match f[i] {
                b'#' => p.f.sharp = true,
                b'0' => p.f.zero = true,
                b'+' => p.f.plus = true,
                b'-' => p.f.minus = true,
                b' ' => p.f.space = true,
                _ => break,
            }
            i += 1;
        }
        let index = |i: usize, arg_num: &mut usize, good: &mut bool, reordered: &mut bool| {
            if f.get(i) == Some(&b'[') {
                *reordered = true;
            }
            let (n, next, found, ok) = arg_number(f, i, *arg_num, args.len());
            *arg_num = n;
            if !ok {
                *good = false;
            }
            (next, found)
        };
        let (next, mut after_index) = index(i, &mut arg_num, &mut good_arg_num, &mut reordered);
        i = next;
        // Width.
        if i < end && f[i] == b'*' {
            i += 1;
            let (n, ok, next_arg) = int_from_arg(args, arg_num);
            arg_num = next_arg;
            if ok {
                p.f.width = Some(n.unsigned_abs() as usize);
                if n < 0 {
                    p.f.minus = true;
                    p.f.zero = false;
                }
            } else {
                p.push_str("%!(BADWIDTH)");
            }
            after_index = false;
        } else {
            let (n, present, next) = parse_num(f, i, end);
            i = next;
            if present {
                p.f.width = Some(n);
                if after_index {
                    good_arg_num = false;
                }
            }
        }
        // Precision: a '.' that is the last byte of the format is the verb instead.
        if i + 1 < end && f[i] == b'.' {
            i += 1;
            if after_index {
                good_arg_num = false;
            }
            let (next, found) = index(i, &mut arg_num, &mut good_arg_num, &mut reordered);
            i = next;
            after_index = found;
            if i < end && f[i] == b'*' {
                i += 1;
                let (n, ok, next_arg) = int_from_arg(args, arg_num);
                arg_num = next_arg;
                if ok && n >= 0 {
                    p.f.prec = Some(n as usize);
                } else {
                    p.push_str("%!(BADPREC)");
                }
                after_index = false;
            } else {
                let (n, present, next) = parse_num(f, i, end);
                i = next;
                p.f.prec = Some(if present { n } else { 0 });
            }
        }
        if !after_index {
            let (next, _) = index(i, &mut arg_num, &mut good_arg_num, &mut reordered);
            i = next;
        }
        if i >= end {
            p.push_str("%!(NOVERB)");
            break;
        }
        let (verb, size) = utf8::decode_rune(&f[i..]);
        i += size;
        match verb {
            '%' => p.buf.push(b'%'),
            _ if !good_arg_num => {
                p.push_str("%!");
                p.push_char(verb);
                p.push_str("(BADINDEX)");
            }
            _ if arg_num >= args.len() => {
                p.push_str("%!");
                p.push_char(verb);
                p.push_str("(MISSING)");
            }
            _ => {
                if verb == 'v' || verb == 'w' {
                    p.f.sharp_v = p.f.sharp;
                    p.f.sharp = false;
                    p.f.plus_v = p.f.plus;
                    p.f.plus = false;
                }
                let a = args[arg_num].clone();
                if verb == 'w' {
                    // Only `fmt.Errorf` wraps errors; templates have none.
                    p.bad_verb('w', &a);
                } else {
                    p.print_arg(&a, verb);
                }
                arg_num += 1;
            }
        }
    }
    if !reordered && arg_num < args.len() && !p.full() {
        p.f = Flags::default();
        p.push_str("%!(EXTRA ");
        for (k, a) in args[arg_num..].iter().enumerate() {
            if k > 0 {
                p.push_str(", ");
            }
            match a {
                Value::Invalid => p.push_str("<nil>"),
                _ => {
                    p.push_str(&a.type_name());
                    p.buf.push(b'=');
                    p.print_arg(a, 'v');
                }
            }
        }
        p.buf.push(b')');
    }
    GoString::from(p.buf)
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

    #[test]
    fn precisions_past_rusts_formatting_limit() {
        // Found by fuzzing: Go allows precisions up to a million, Rust's `format!` 65535.
        let out = sprintf(
            "%.70000e|%.70000f|%.70000x|%.100000U|%.70000g",
            &[
                Value::Float(0.5),
                Value::Float(0.5),
                Value::Float(0.5),
                Value::Int(65),
                Value::Float(1.0 / 3.0),
            ],
        );
        let text = out.to_lossy();
        let parts: Vec<&str> = text.split('|').collect();
        assert_eq!(parts[0], format!("5.{}e-01", "0".repeat(70_000)));
        assert_eq!(parts[1], format!("0.5{}", "0".repeat(69_999)));
        assert_eq!(parts[2], format!("0x1.{}p-01", "0".repeat(70_000)));
        assert_eq!(parts[3], format!("U+{}41", "0".repeat(99_998)));
        // The exact value of 1/3 as a float64 has 54 significant digits.
        assert_eq!(
            parts[4],
            "0.333333333333333314829616256247390992939472198486328125"
        );
    }

    #[test]
    fn go_syntax_without_addresses() {
        // Go prints `(*string)(0xc…)`; decision no-memory-addresses gives `&` and the value.
        assert_eq!(sprintf("%#v", &[Value::Ptr(Rc::new(s("u")))]), "&\"u\"");
        assert_eq!(
            sprintf("%#v", &[Value::Nil(Ty::ptr(Ty::String))]),
            "(*string)(nil)"
        );
        let m = Value::Map(
            Ty::Any,
            Rc::new(vec![("a".into(), Value::Complex(1.0, -2.0))]),
        );
        assert_eq!(
            sprintf("%#v|%v", &[m.clone(), m]),
            "map[string]interface {}{\"a\":(1-2i)}|map[a:(1-2i)]"
        );
        assert_eq!(
            sprintf("%#v", &[Value::Nil(Ty::slice(Ty::String))]),
            "[]string(nil)"
        );
    }
}
