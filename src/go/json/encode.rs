//! `json.Marshal` and `json.MarshalIndent(v, "", "  ")` as serde_json formatters.
//!
//! serde_json does the walking and the layout (its `PrettyFormatter` already writes empty
//! arrays and objects as `[]` and `{}`, as Go does); we change what Go does differently:
//! HTML-safe escaping and the float64 text.

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io::{self, Write};

/// Serialization failed: only a `Serialize` impl that reports an error, or a map whose
/// keys are not strings, can cause it (the SDK types never do).
#[derive(Debug)]
pub struct EncodeError(String);

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "json: {}", self.0)
    }
}

impl std::error::Error for EncodeError {}

/// `json.Marshal(v)`.
pub fn marshal<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(128);
    write(&mut out, v, GoFormatter(CompactFormatter))?;
    Ok(out)
}

/// `json.MarshalIndent(v, "", "  ")` (no trailing newline, as Go).
pub fn marshal_indent<T: Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(256);
    write(
        &mut out,
        v,
        GoFormatter(PrettyFormatter::with_indent(b"  ")),
    )?;
    Ok(out)
}

/// Appends `v` encoded with Go's rules to `out` (for callers that stream many values).
pub fn marshal_into<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    v: &T,
    indent: bool,
) -> Result<(), EncodeError> {
    if indent {
        write(out, v, GoFormatter(PrettyFormatter::with_indent(b"  ")))
    } else {
        write(out, v, GoFormatter(CompactFormatter))
    }
}

fn write<T: Serialize + ?Sized, F: Formatter>(
    out: &mut Vec<u8>,
    v: &T,
    f: GoFormatter<F>,
) -> Result<(), EncodeError> {
    let mut ser = serde_json::Serializer::with_formatter(out, f);
    v.serialize(&mut ser)
        .map_err(|e| EncodeError(e.to_string()))
}

/// Go's escaping and numbers over an inner formatter's layout.
///
/// Not reproduced: Go refuses NaN and ±Inf (`json: unsupported value`); serde_json
/// writes `null` for them before a formatter is asked.
struct GoFormatter<F>(F);

/// `encoding/json`'s float text (its `floatEncoder`): shortest digits, `'f'` form unless
/// the magnitude is below 1e-6 or at least 1e21, then `'e'` form with the exponent's
/// leading zero dropped (`1e-7`, `1e+21`). `bits` is 32 or 64.
pub fn format_float(out: &mut Vec<u8>, f: f64, bits: u32) -> io::Result<()> {
    let abs = f.abs();
    let exp_form = abs != 0.0
        && if bits == 32 {
            let a = abs as f32;
            !(1e-6..1e21).contains(&a)
        } else {
            !(1e-6..1e21).contains(&abs)
        };
    // Rust's `{}`/`{:e}` print the shortest digits that round-trip, as Go's `-1` precision.
    let text = match (exp_form, bits) {
        (false, 32) => format!("{}", f as f32),
        (false, _) => format!("{f}"),
        (true, 32) => format!("{:e}", f as f32),
        (true, _) => format!("{f:e}"),
    };
    if !exp_form {
        return out.write_all(text.as_bytes());
    }
    // Rust writes `1e21` / `1e-7`; Go writes `1e+21` / `1e-7` (at least one digit).
    let (mant, exp) = text.split_once('e').unwrap_or((&text, "0"));
    out.write_all(mant.as_bytes())?;
    out.write_all(b"e")?;
    if !exp.starts_with('-') {
        out.write_all(b"+")?;
    }
    out.write_all(exp.as_bytes())
}

/// Go's HTML-safe escapes for characters serde_json leaves alone.
fn html_escape(c: u8, next: &[u8]) -> Option<&'static [u8]> {
    match (c, next) {
        (b'<', _) => Some(b"\\u003c"),
        (b'>', _) => Some(b"\\u003e"),
        (b'&', _) => Some(b"\\u0026"),
        (0xE2, [0x80, 0xA8, ..]) => Some(b"\\u2028"),
        (0xE2, [0x80, 0xA9, ..]) => Some(b"\\u2029"),
        _ => None,
    }
}

impl<F: Formatter> Formatter for GoFormatter<F> {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        let mut buf = Vec::with_capacity(24);
        format_float(&mut buf, value, 64)?;
        writer.write_all(&buf)
    }

    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        let mut buf = Vec::with_capacity(24);
        format_float(&mut buf, f64::from(value), 32)?;
        writer.write_all(&buf)
    }

    /// serde_json has already escaped `"`, `\` and control characters (with Go's
    /// short forms `\b \f \n \r \t` and `\u00XX`); the fragments between those may
    /// still hold `<`, `>`, `&`, U+2028 and U+2029.
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while let Some(&c) = bytes.get(i) {
            let escape = match c {
                b'<' | b'>' | b'&' | 0xE2 => html_escape(c, bytes.get(i + 1..).unwrap_or(&[])),
                _ => None,
            };
            match escape {
                Some(e) => {
                    writer.write_all(bytes.get(start..i).unwrap_or(&[]))?;
                    writer.write_all(e)?;
                    i += if c == 0xE2 { 3 } else { 1 };
                    start = i;
                }
                None => i += 1,
            }
        }
        writer.write_all(bytes.get(start..).unwrap_or(&[]))
    }

    // Layout: the inner formatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn compact<T: Serialize + ?Sized>(v: &T) -> String {
        String::from_utf8(marshal(v).unwrap()).unwrap()
    }

    fn indented<T: Serialize + ?Sized>(v: &T) -> String {
        String::from_utf8(marshal_indent(v).unwrap()).unwrap()
    }

    #[test]
    fn go_escaping() {
        let s =
            "a<b>&c@x.com \"q\" \\ \n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}/é\u{2028}\u{2029}\u{2027}😀";
        let want = concat!(
            r#""a\u003cb\u003e\u0026c@x.com \"q\" \\ \n\r\t\b\f\u0001\u001f"#,
            "\u{7f}",
            r#"/é\u2028\u2029"#,
            "\u{2027}😀\""
        );
        assert_eq!(compact(s), want);
        // Keys are escaped the same way.
        let m = BTreeMap::from([("<k>", 1)]);
        assert_eq!(compact(&m), r#"{"\u003ck\u003e":1}"#);
    }

    #[test]
    fn indent_layout_matches_marshal_indent() {
        #[derive(Serialize)]
        struct S {
            a: Vec<u8>,
            b: BTreeMap<String, u8>,
            c: (String, u8),
            d: Option<u8>,
            e: Vec<Vec<u8>>,
        }
        let v = S {
            a: vec![],
            b: BTreeMap::new(),
            c: ("x".into(), 1),
            d: None,
            e: vec![vec![]],
        };
        assert_eq!(
            indented(&v),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    \"x\",\n    1\n  ],\n  \"d\": null,\n  \"e\": [\n    []\n  ]\n}"
        );
        assert_eq!(
            compact(&v),
            r#"{"a":[],"b":{},"c":["x",1],"d":null,"e":[[]]}"#
        );
        assert_eq!(indented(&Vec::<u8>::new()), "[]");
        assert_eq!(indented("s"), "\"s\"");
    }

    #[test]
    fn floats_like_encoding_json() {
        // Expected texts from Go's json.Marshal(float64(x)).
        for (f, want) in [
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (1e-7, "1e-7"),
            (-1.25e-10, "-1.25e-10"),
            (0.000001, "0.000001"),
            (404.0, "404"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (0.0, "0"),
            (-0.0, "-0"),
            (123456789.125, "123456789.125"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(compact(&f), want, "{f}");
        }
        // float32 keeps its own shortest digits.
        assert_eq!(compact(&0.1f32), "0.1");
        assert_eq!(compact(&1e21f32), "1e+21");
        assert_eq!(compact(&1e-7f32), "1e-7");
        // Integers are plain.
        assert_eq!(compact(&[-1i64, 0, u64::MAX as i64]), "[-1,0,-1]");
        assert_eq!(compact(&u64::MAX), "18446744073709551615");
    }

    #[test]
    fn errors_are_reported_not_panicked() {
        let m = BTreeMap::from([(vec![1u8], 1)]);
        let e = marshal(&m).unwrap_err();
        assert!(e.to_string().starts_with("json: "), "{e}");
    }

    #[test]
    fn marshal_into_appends() {
        let mut out = b"x".to_vec();
        marshal_into(&mut out, &[1, 2], true).unwrap();
        marshal_into(&mut out, &[3], false).unwrap();
        assert_eq!(out, b"x[\n  1,\n  2\n][3]");
    }
}
