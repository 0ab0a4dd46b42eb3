//! Go's syntax-error texts. serde_json finds the error; this walk of Go's scanner states
//! (`encoding/json/scanner.go`) names it as Go does. It runs only once input is known
//! to be bad, so it is written for clarity, not speed, and never builds values.

/// What the scanner expects next.
#[derive(Clone, Copy, PartialEq)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    /// Inside `\u`, with this many hex digits still to come.
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside a literal: the word and how many of its bytes were read.
    Literal(&'static [u8], usize),
}

#[derive(Clone, Copy, PartialEq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

/// Go's `maxNestingDepth`.
pub(super) const MAX_NESTING: usize = 10_000;

/// The brackets (`[`, `]`, `{`, `}`) of validated JSON that stand outside strings, with
/// their byte offsets.
fn brackets(input: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    input.bytes().enumerate().filter(move |&(_, c)| {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            return false;
        }
        if c == b'"' {
            in_string = true;
        }
        matches!(c, b'[' | b']' | b'{' | b'}')
    })
}

/// Whether validated JSON nests arrays and objects more than `limit` deep.
pub(super) fn deeper_than(input: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    for (_, c) in brackets(input) {
        match c {
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// For a document serde_json has validated, in one pass: Go's `checkValid` depth rule
/// (`Err` with the offset of the first `[` or `{` deeper than Go's 10,000), else each
/// array's and object's (open, close) byte offsets in document order, so that the
/// exact decoder splits a value without scanning its nested values again (decision
/// `bounded-json`: decoding stays linear however the nesting goes). Empty when the
/// text is too large for `u32` offsets (the caller then splits with serde_json).
pub(super) fn containers(input: &str) -> Result<Vec<(u32, u32)>, usize> {
    let indexed = u32::try_from(input.len()).is_ok();
    let mut spans: Vec<(u32, u32)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in brackets(input) {
        match c {
            b'[' | b'{' => {
                if open.len() >= MAX_NESTING {
                    return Err(i);
                }
                if indexed {
                    open.push(spans.len());
                    spans.push((i as u32, 0));
                } else {
                    open.push(0);
                }
            }
            b']' | b'}' => {
                if let Some(slot) = open.pop().and_then(|k| spans.get_mut(k)) {
                    slot.1 = i as u32;
                }
            }
            _ => {}
        }
    }
    Ok(spans)
}

/// A syntax error in Go's words with the byte offset of the character it names; `None`
/// when Go's scanner accepts the input (then the caller keeps serde_json's text).
pub(super) fn describe(input: &str) -> Option<(String, usize)> {
    let bytes = input.as_bytes();
    let mut stack: Vec<Parse> = Vec::new();
    let mut state = State::BeginValue;
    for (i, &c) in bytes.iter().enumerate() {
        let fail = |context: &str| Some((invalid(input, i, context), i));
        let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r');
        // States that end a number hand the byte on to EndValue, so loop until one
        // consumes it.
        let mut s = state;
        loop {
            s = match s {
                State::BeginValue | State::BeginValueOrEmpty if space => s,
                State::BeginValueOrEmpty if c == b']' => {
                    stack.pop();
                    State::EndValue
                }
                State::BeginValue | State::BeginValueOrEmpty => match c {
                    b'{' | b'[' if stack.len() >= MAX_NESTING => {
                        return Some(("exceeded max depth".to_string(), i))
                    }
                    b'{' => {
                        stack.push(Parse::ObjectKey);
                        State::BeginStringOrEmpty
                    }
                    b'[' => {
                        stack.push(Parse::ArrayValue);
                        State::BeginValueOrEmpty
                    }
                    b'"' => State::InString,
                    b'-' => State::Neg,
                    b'0' => State::Zero,
                    b'1'..=b'9' => State::One,
                    b't' => State::Literal(b"true", 1),
                    b'f' => State::Literal(b"false", 1),
                    b'n' => State::Literal(b"null", 1),
                    _ => return fail("looking for beginning of value"),
                },
                State::BeginStringOrEmpty | State::BeginString if space => s,
                State::BeginStringOrEmpty if c == b'}' => {
                    stack.pop();
                    State::EndValue
                }
                State::BeginStringOrEmpty | State::BeginString => match c {
                    b'"' => State::InString,
                    _ => return fail("looking for beginning of object key string"),
                },
                State::EndValue => match stack.last().copied() {
                    None => {
                        s = State::EndTop;
                        continue;
                    }
                    Some(_) if space => State::EndValue,
                    Some(Parse::ObjectKey) => match c {
                        b':' => {
                            stack.pop();
                            stack.push(Parse::ObjectValue);
                            State::BeginValue
                        }
                        _ => return fail("after object key"),
                    },
                    Some(Parse::ObjectValue) => match c {
                        b',' => {
                            stack.pop();
                            stack.push(Parse::ObjectKey);
                            State::BeginString
                        }
                        b'}' => {
                            stack.pop();
                            State::EndValue
                        }
                        _ => return fail("after object key:value pair"),
                    },
                    Some(Parse::ArrayValue) => match c {
                        b',' => State::BeginValue,
                        b']' => {
                            stack.pop();
                            State::EndValue
                        }
                        _ => return fail("after array element"),
                    },
                },
                State::EndTop if space => State::EndTop,
                State::EndTop => return fail("after top-level value"),
                State::InString => match c {
                    b'"' => State::EndValue,
                    b'\\' => State::InStringEsc,
                    0..=0x1f => return fail("in string literal"),
                    _ => State::InString,
                },
                State::InStringEsc => match c {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => State::InString,
                    b'u' => State::InStringEscU(4),
                    _ => return fail("in string escape code"),
                },
                State::InStringEscU(n) => match c {
                    b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' if n > 1 => State::InStringEscU(n - 1),
                    b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' => State::InString,
                    _ => return fail("in \\u hexadecimal character escape"),
                },
                State::Neg => match c {
                    b'0' => State::Zero,
                    b'1'..=b'9' => State::One,
                    _ => return fail("in numeric literal"),
                },
                State::One if c.is_ascii_digit() => State::One,
                State::One | State::Zero => match c {
                    b'.' => State::Dot,
                    b'e' | b'E' => State::E,
                    _ => {
                        s = State::EndValue;
                        continue;
                    }
                },
                State::Dot => match c {
                    b'0'..=b'9' => State::Dot0,
                    _ => return fail("after decimal point in numeric literal"),
                },
                State::Dot0 => match c {
                    b'0'..=b'9' => State::Dot0,
                    b'e' | b'E' => State::E,
                    _ => {
                        s = State::EndValue;
                        continue;
                    }
                },
                State::E if matches!(c, b'+' | b'-') => State::ESign,
                State::E | State::ESign => match c {
                    b'0'..=b'9' => State::E0,
                    _ => return fail("in exponent of numeric literal"),
                },
                State::E0 => match c {
                    b'0'..=b'9' => State::E0,
                    _ => {
                        s = State::EndValue;
                        continue;
                    }
                },
                State::Literal(word, n) => match word.get(n) {
                    Some(&want) if want == c => {
                        if n + 1 == word.len() {
                            State::EndValue
                        } else {
                            State::Literal(word, n + 1)
                        }
                    }
                    want => {
                        let word_text = std::str::from_utf8(word).unwrap_or_default();
                        let want = quote_char(char::from(want.copied().unwrap_or(b'?')));
                        return fail(&format!("in literal {word_text} (expecting {want})"));
                    }
                },
            };
            break;
        }
        state = s;
    }
    // Go's `eof()`: only a finished top-level value (or a number, which ends there) is whole.
    let complete = stack.is_empty()
        && matches!(
            state,
            State::EndValue | State::EndTop | State::Zero | State::One | State::Dot0 | State::E0
        );
    if complete {
        None
    } else {
        Some((EOF.to_string(), bytes.len()))
    }
}

pub(super) const EOF: &str = "unexpected end of JSON input";

/// `invalid character 'c' <context>`, naming the whole character at `at`.
fn invalid(input: &str, at: usize, context: &str) -> String {
    let c = input
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\u{fffd}');
    format!("invalid character {} {context}", quote_char(c))
}

/// Go's `quoteChar`.
fn quote_char(c: char) -> String {
    match c {
        '\'' => r"'\''".to_string(),
        '"' => "'\"'".to_string(),
        _ => {
            let q = crate::go::strconv::quote(&c.to_string());
            let inner = q
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or(&q);
            format!("'{inner}'")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(s: &str) -> Option<String> {
        describe(s).map(|(m, _)| m)
    }

    #[test]
    fn go_error_texts() {
        for (input, want) in [
            ("", EOF),
            ("{", EOF),
            ("  ", EOF),
            ("[1,", EOF),
            ("\"abc", EOF),
            ("tru", EOF),
            ("-", EOF),
            ("1.", EOF),
            ("x", "invalid character 'x' looking for beginning of value"),
            ("{\"a\" 1}", "invalid character '1' after object key"),
            (
                "{\"a\":1 2}",
                "invalid character '2' after object key:value pair",
            ),
            ("[1 2]", "invalid character '2' after array element"),
            ("[01]", "invalid character '1' after array element"),
            (
                "{1:2}",
                "invalid character '1' looking for beginning of object key string",
            ),
            (
                "{\"a\":1,}",
                "invalid character '}' looking for beginning of object key string",
            ),
            (
                "[1,]",
                "invalid character ']' looking for beginning of value",
            ),
            (
                "trux",
                "invalid character 'x' in literal true (expecting 'e')",
            ),
            ("nul", EOF),
            (
                "nulL",
                "invalid character 'L' in literal null (expecting 'l')",
            ),
            ("\"a\nb\"", "invalid character '\\n' in string literal"),
            ("\"\\x\"", "invalid character 'x' in string escape code"),
            (
                "\"\\u12g4\"",
                "invalid character 'g' in \\u hexadecimal character escape",
            ),
            ("01", "invalid character '1' after top-level value"),
            ("-a", "invalid character 'a' in numeric literal"),
            (
                "1.x",
                "invalid character 'x' after decimal point in numeric literal",
            ),
            (
                "1ex",
                "invalid character 'x' in exponent of numeric literal",
            ),
            (
                "1e+x",
                "invalid character 'x' in exponent of numeric literal",
            ),
            ("{} x", "invalid character 'x' after top-level value"),
            (
                "'a'",
                "invalid character '\\'' looking for beginning of value",
            ),
            (
                "\u{fffd}",
                "invalid character '\u{fffd}' looking for beginning of value",
            ),
            ("é", "invalid character 'é' looking for beginning of value"),
        ] {
            assert_eq!(msg(input).as_deref(), Some(want), "{input:?}");
        }
        for ok in [
            "1",
            " 1e5 ",
            "[]",
            "{}",
            "[{\"a\":[true,false,null]}]",
            "\"\\ud800\"",
            "-0.5E-3",
        ] {
            assert_eq!(msg(ok), None, "{ok}");
        }
        assert_eq!(describe("[1 2]").map(|(_, at)| at), Some(3));
        let deep = "[".repeat(MAX_NESTING + 1);
        assert_eq!(msg(&deep).as_deref(), Some("exceeded max depth"));
        let deep = format!(
            "{}{}",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert_eq!(containers(&deep), Err(MAX_NESTING));
        let ok = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert_eq!(containers(&ok).map(|s| s.len()), Ok(MAX_NESTING));
        assert_eq!(
            containers(r#" {"a":["]\"",{}],"b":"["} "#),
            Ok(vec![(1, 24), (6, 15), (13, 14)])
        );
    }
}
