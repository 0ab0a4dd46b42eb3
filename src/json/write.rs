//! JSON output byte-for-byte as Go's `encoding/json` writes it (HTML escaping on).

use super::Value;

/// Writes `s` as a Go JSON string: `<`, `>`, `&`, U+2028 and U+2029 escaped, short
/// escapes for `\b \f \n \r \t` (Go 1.22+), other control characters as `\u00XX`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\u{0}'..='\u{1f}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// `json.Marshal` / `Encoder.Encode` layout (without the encoder's trailing newline).
pub fn to_compact(v: &Value) -> String {
    let mut out = String::new();
    write(&mut out, v, None, 0);
    out
}

/// `json.MarshalIndent(v, "", "  ")` layout.
pub fn to_indented(v: &Value) -> String {
    let mut out = String::new();
    write(&mut out, v, Some("  "), 0);
    out
}

fn newline(out: &mut String, indent: &str, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str(indent);
    }
}

fn write(out: &mut String, v: &Value, indent: Option<&str>, depth: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(ind) = indent {
                    newline(out, ind, depth + 1);
                }
                write(out, item, indent, depth + 1);
            }
            if let (Some(ind), false) = (indent, items.is_empty()) {
                newline(out, ind, depth);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if let Some(ind) = indent {
                    newline(out, ind, depth + 1);
                }
                write_string(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(out, item, indent, depth + 1);
            }
            if let (Some(ind), false) = (indent, members.is_empty()) {
                newline(out, ind, depth);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_escaping() {
        let mut s = String::new();
        write_string(
            &mut s,
            "a<b>&c@x.com \"q\" \\ \n\r\t\u{8}\u{c}\u{1}\u{7f}/é\u{2028}\u{2029}",
        );
        let want = concat!(
            r#""a\u003cb\u003e\u0026c@x.com \"q\" \\ \n\r\t\b\f\u0001"#,
            "\u{7f}",
            r#"/é\u2028\u2029""#
        );
        assert_eq!(s, want);
    }

    #[test]
    fn indent_layout_matches_marshal_indent() {
        let v = Value::Object(vec![
            ("a".into(), Value::Array(vec![])),
            ("b".into(), Value::Object(vec![])),
            (
                "c".into(),
                Value::Array(vec![Value::str("x"), Value::Number("1".into())]),
            ),
        ]);
        assert_eq!(
            to_indented(&v),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    \"x\",\n    1\n  ]\n}"
        );
        assert_eq!(to_compact(&v), r#"{"a":[],"b":{},"c":["x",1]}"#);
    }
}
