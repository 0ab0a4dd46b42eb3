//! The subset of TOML that the official CLI (viper + go-toml) writes to `config.toml`:
//! `[tables]`, `key = value` with basic or literal strings, booleans, integers and
//! floats, and comments. Anything else is reported with its line rather than misread.

// The cursor only slices between positions it has already checked against the line
// length (fuzzed by the toml target).
#![allow(clippy::indexing_slicing)]

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub enum TomlValue {
    String(String),
    Bool(bool),
    Integer(i64),
    Float(f64),
}

/// A value with the line it was read from, so later type errors can point at it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub value: TomlValue,
    pub line: usize,
}

/// Keys and table names are lower-cased, as viper does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub globals: BTreeMap<String, Entry>,
    pub tables: BTreeMap<String, BTreeMap<String, Entry>>,
}

/// A syntax error at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TomlError {
    pub line: usize,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Document, TomlError> {
    let mut doc = Document::default();
    let mut current: Option<String> = None;
    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        let err = |message: &str| TomlError {
            line,
            message: message.to_string(),
        };
        let mut c = Cursor {
            s: raw.as_bytes(),
            pos: 0,
        };
        c.skip_ws();
        match c.peek() {
            None | Some(b'#') => continue,
            Some(b'[') => {
                c.pos += 1;
                if c.peek() == Some(b'[') {
                    return Err(err("arrays of tables ([[...]]) are not supported"));
                }
                c.skip_ws();
                let name = c.key().map_err(|m| err(&m))?;
                c.skip_ws();
                if c.peek() == Some(b'.') {
                    return Err(err("nested tables ([a.b]) are not supported"));
                }
                if c.peek() != Some(b']') {
                    return Err(err("expected ']' after the table name"));
                }
                c.pos += 1;
                c.end_of_line().map_err(|m| err(&m))?;
                let name = name.to_lowercase();
                if doc.tables.contains_key(&name) || doc.globals.contains_key(&name) {
                    return Err(err(&format!("table [{name}] is defined twice")));
                }
                doc.tables.insert(name.clone(), BTreeMap::new());
                current = Some(name);
            }
            Some(_) => {
                let key = c.key().map_err(|m| err(&m))?.to_lowercase();
                c.skip_ws();
                if c.peek() == Some(b'.') {
                    return Err(err("dotted keys (a.b = ...) are not supported"));
                }
                if c.peek() != Some(b'=') {
                    return Err(err("expected '=' after the key"));
                }
                c.pos += 1;
                c.skip_ws();
                // The value of a secret key is never quoted in an error (decision
                // secrets-redacted): the file's line is all a user needs to find it.
                let secret = super::REDACTED_KEYS.contains(&key.as_str());
                let value = c.value(secret).map_err(|m| err(&m))?;
                c.end_of_line().map_err(|m| err(&m))?;
                let table = match &current {
                    Some(t) => doc.tables.entry(t.clone()).or_default(),
                    None => &mut doc.globals,
                };
                if table.contains_key(&key) {
                    return Err(err(&format!("key {key:?} is defined twice")));
                }
                table.insert(key, Entry { value, line });
            }
        }
    }
    Ok(doc)
}

struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn end_of_line(&mut self) -> Result<(), String> {
        self.skip_ws();
        match self.peek() {
            None | Some(b'#') => Ok(()),
            Some(b'\r') if self.pos + 1 == self.s.len() => Ok(()),
            Some(_) => Err("unexpected text after the value".to_string()),
        }
    }

    fn key(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(b'"') => self.basic_string(),
            Some(b'\'') => self.literal_string(),
            _ => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    return Err("expected a key".to_string());
                }
                Ok(String::from_utf8_lossy(&self.s[start..self.pos]).into_owned())
            }
        }
    }

    /// `secret`: the key's value is a secret, so an error does not quote it.
    fn value(&mut self, secret: bool) -> Result<TomlValue, String> {
        match self.peek() {
            Some(b'"') if self.s[self.pos..].starts_with(b"\"\"\"") => {
                Err("multi-line strings are not supported".to_string())
            }
            Some(b'\'') if self.s[self.pos..].starts_with(b"'''") => {
                Err("multi-line strings are not supported".to_string())
            }
            Some(b'"') => self.basic_string().map(TomlValue::String),
            Some(b'\'') => self.literal_string().map(TomlValue::String),
            Some(b'[') => Err("arrays are not supported".to_string()),
            Some(b'{') => Err("inline tables are not supported".to_string()),
            None => Err("missing value".to_string()),
            Some(_) => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'#' | b'\r'))
                {
                    self.pos += 1;
                }
                let word = String::from_utf8_lossy(&self.s[start..self.pos]).into_owned();
                scalar(&word).ok_or_else(|| {
                    if secret {
                        "unsupported value (not shown: it is a secret); write it in double quotes"
                            .to_string()
                    } else {
                        format!("unsupported value {word:?}")
                    }
                })
            }
        }
    }

    fn literal_string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let start = self.pos;
        while let Some(b) = self.peek() {
            if b == b'\'' {
                let s = String::from_utf8_lossy(&self.s[start..self.pos]).into_owned();
                self.pos += 1;
                return Ok(s);
            }
            self.pos += 1;
        }
        Err("unterminated string".to_string())
    }

    fn basic_string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'"' => return Ok(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => {
                    let e = self.peek().ok_or("unterminated string")?;
                    self.pos += 1;
                    let simple = match e {
                        b'b' => Some(8u8),
                        b't' => Some(b'\t'),
                        b'n' => Some(b'\n'),
                        b'f' => Some(12),
                        b'r' => Some(b'\r'),
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'u' | b'U' => None,
                        other => {
                            return Err(format!("invalid escape \\{} in string", char::from(other)))
                        }
                    };
                    if let Some(b) = simple {
                        out.push(b);
                        continue;
                    }
                    let n = if e == b'u' { 4 } else { 8 };
                    let hex = self
                        .s
                        .get(self.pos..self.pos + n)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                        .ok_or("invalid unicode escape in string")?;
                    self.pos += n;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(hex.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(b),
            }
        }
        Err("unterminated string".to_string())
    }
}

fn scalar(word: &str) -> Option<TomlValue> {
    match word {
        "true" => return Some(TomlValue::Bool(true)),
        "false" => return Some(TomlValue::Bool(false)),
        _ => {}
    }
    let clean: String = word.chars().filter(|&c| c != '_').collect();
    let (sign, digits) = match clean.strip_prefix('-') {
        Some(rest) => (-1i64, rest),
        None => (1, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let radix = [("0x", 16), ("0o", 8), ("0b", 2)]
        .iter()
        .find_map(|(p, r)| digits.strip_prefix(p).map(|d| (d, *r)));
    if let Some((d, r)) = radix {
        return i64::from_str_radix(d, r).ok().map(TomlValue::Integer);
    }
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits
            .parse::<i64>()
            .ok()
            .map(|n| TomlValue::Integer(sign * n));
    }
    if digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return clean.parse::<f64>().ok().map(TomlValue::Float);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> TomlValue {
        TomlValue::String(v.to_string())
    }

    #[test]
    fn file_as_the_official_cli_writes_it() {
        let doc = parse(
            "version = 2  # migrated\nskip_update_check = true\n\n[default]\n  org_id = \"5f71e5255afec75a3d0f96dc\"\n  output = 'json'\n\n[\"My Prof\"]\n  Public_API_Key = \"a\\\"b\\u00e9\"\n",
        )
        .unwrap();
        assert_eq!(doc.globals["version"].value, TomlValue::Integer(2));
        assert_eq!(
            doc.globals["skip_update_check"].value,
            TomlValue::Bool(true)
        );
        assert_eq!(
            doc.tables["default"]["org_id"].value,
            s("5f71e5255afec75a3d0f96dc")
        );
        assert_eq!(doc.tables["default"]["output"].line, 6);
        assert_eq!(doc.tables["my prof"]["public_api_key"].value, s("a\"bé"));
    }

    #[test]
    fn unsupported_syntax_names_the_line() {
        let cases = [
            ("a = [1]", 1, "arrays are not supported"),
            ("\n[a.b]", 2, "nested tables ([a.b]) are not supported"),
            ("[[a]]", 1, "arrays of tables ([[...]]) are not supported"),
            ("a = {x = 1}", 1, "inline tables are not supported"),
            ("a = \"\"\"x", 1, "multi-line strings are not supported"),
            ("a = \"x", 1, "unterminated string"),
            ("a.b = 1", 1, "dotted keys (a.b = ...) are not supported"),
            ("a = 1\na = 2", 2, "key \"a\" is defined twice"),
            ("a = nope", 1, "unsupported value \"nope\""),
            (
                "[p]\nclient_secret = mdb_sa_sk_x",
                2,
                "unsupported value (not shown: it is a secret); write it in double quotes",
            ),
            ("a = 1 b", 1, "unexpected text after the value"),
            ("= 1", 1, "expected a key"),
        ];
        for (text, line, msg) in cases {
            assert_eq!(
                parse(text),
                Err(TomlError {
                    line,
                    message: msg.to_string()
                }),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_and_crlf() {
        let doc = parse("a = -1_000\r\nb = 0x1f\r\nc = 1.5e3\r\n").unwrap();
        assert_eq!(doc.globals["a"].value, TomlValue::Integer(-1000));
        assert_eq!(doc.globals["b"].value, TomlValue::Integer(31));
        assert_eq!(doc.globals["c"].value, TomlValue::Float(1500.0));
    }
}
