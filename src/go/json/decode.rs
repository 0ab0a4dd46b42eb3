//! `json.Unmarshal` into serde types.
//!
//! serde_json validates the whole document first (Go checks syntax before it decodes,
//! so a syntax error anywhere wins over a type error) and splits arrays and objects
//! into borrowed raw slices (`&RawValue`); our `Deserializer` hands those to the derived
//! visitors with Go's rules:
//! - struct keys match their field exactly, else case-insensitively (ASCII); unknown
//!   keys are skipped and collected; for a field named twice the later value wins;
//! - `null` makes an `Option` `None` and leaves anything else at its zero value (so a
//!   missing non-`Option` field is its zero value too, without `#[serde(default)]`);
//! - a JSON value of the wrong kind is Go's `UnmarshalTypeError`, its Go type name taken
//!   from what the target asks for (see [`Probe`]).
//!
//! Differences from Go, all on input that is already wrong: decoding stops at the
//! first type error (Go keeps going and reports the first one unless a later value's
//! own decoder fails); of a field given twice only the last value is checked; nesting
//! beyond [`MAX_DEPTH`] is refused only where decoding descends that far (Go's own limit,
//! 10,000, is checked on the whole document first, as Go does).
//!
//! Work is linear in the input (decision `bounded-json`): a validated document is indexed
//! once (each array's and object's end), so splitting a value never rescans what it holds.

use super::syntax;
use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// Values nested deeper than this are refused (the bound today's decoder used).
pub const MAX_DEPTH: usize = 512;

/// A decoded value and the unknown object keys that were skipped on the way.
#[derive(Debug, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    /// Each unknown key once, in document order of its first occurrence.
    pub unknown_fields: Vec<String>,
}

impl<T> Decoded<T> {
    /// What Go's `DisallowUnknownFields` would report: `json: unknown field "x"`.
    pub fn unknown_field_error(&self) -> Option<String> {
        self.unknown_fields
            .first()
            .map(|k| format!("json: unknown field {}", crate::go::strconv::quote(k)))
    }
}

/// Why a document did not decode. Every kind knows where (1-based line and byte column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The input ends inside a value: `unexpected end of JSON input`.
    Eof { line: usize, column: usize },
    /// Malformed JSON, worded as Go's scanner words it.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// A value of the wrong JSON kind for its Go type (`json: cannot unmarshal …`).
    Type {
        message: String,
        line: usize,
        column: usize,
    },
    /// A value's own decoder refused it (a bad timestamp); its text as-is.
    Invalid {
        message: String,
        line: usize,
        column: usize,
    },
    /// Nesting beyond [`MAX_DEPTH`].
    Depth { line: usize, column: usize },
}

impl Error {
    /// Where the problem is: (line, column), both 1-based.
    pub fn position(&self) -> (usize, usize) {
        match self {
            Error::Eof { line, column }
            | Error::Depth { line, column }
            | Error::Syntax { line, column, .. }
            | Error::Type { line, column, .. }
            | Error::Invalid { line, column, .. } => (*line, *column),
        }
    }

    /// A syntax problem (including truncation) rather than a well-formed document
    /// that does not fit the type.
    pub fn is_syntax(&self) -> bool {
        matches!(self, Error::Eof { .. } | Error::Syntax { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Eof { .. } => f.write_str(syntax::EOF),
            Error::Depth { .. } => f.write_str("exceeded max depth"),
            Error::Syntax { message, .. }
            | Error::Type { message, .. }
            | Error::Invalid { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// `json.Unmarshal(input, &v)` into a fresh `T` (a top-level `null` gives the zero
/// value: `None`, an empty `Vec`, a struct of zero fields).
pub fn unmarshal<T: DeserializeOwned>(input: &[u8]) -> Result<Decoded<T>, Error> {
    let text = go_lossy_utf8(input);
    let cx = fast::Cx::new();
    if let Some(value) = fast::decode::<T>(&text, &cx) {
        return Ok(Decoded {
            value,
            unknown_fields: first_occurrences(cx.unknown.into_inner()),
        });
    }
    exact(&text)
}

/// Go's `json.Valid`, in time linear in the input (decision `bounded-json`): the
/// syntax as Go's scanner reads it (invalid UTF-8 allowed) and nesting within 10,000.
pub fn valid(input: &[u8]) -> bool {
    let text = go_lossy_utf8(input);
    match serde_json::from_str::<&RawValue>(&text) {
        Ok(_) => !syntax::deeper_than(&text, syntax::MAX_NESTING),
        // serde_json is stricter in places; Go's scanner has the last word.
        Err(_) => syntax::describe(&text).is_none(),
    }
}

/// [`unmarshal`] through the buffering path alone: the same value, unknown keys and
/// errors (tests check that both paths agree), slower on long documents, and without
/// the fast path's second deserializer of `T` in the binary: for the documents that
/// are never long (BENCHMARKS.md, "Size").
pub fn unmarshal_exact<T: DeserializeOwned>(input: &[u8]) -> Result<Decoded<T>, Error> {
    exact(&go_lossy_utf8(input))
}

fn exact<T: DeserializeOwned>(text: &str) -> Result<Decoded<T>, Error> {
    let (raw, shared) = prepare(text)?;
    let root = Value {
        raw,
        fallback: None,
        sh: &shared,
        loc: Loc {
            strukt: None,
            path: None,
        },
        depth: 0,
        go_name: None,
    };
    let value = T::deserialize(root).map_err(|e| shared.public(e))?;
    Ok(Decoded {
        value,
        unknown_fields: unknown_keys(shared),
    })
}

/// The exact path's work that does not depend on the type (not inlined, so it is in the
/// binary once, not once per decoded type): the document validated and split, its
/// nesting checked as Go checks it before it decodes.
#[inline(never)]
fn prepare(text: &str) -> Result<(&str, Shared<'_>), Error> {
    let raw: &RawValue = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return Err(syntax_error(text, &e)),
    };
    let closes = syntax::containers(text).map_err(|at| {
        let (line, column) = line_column(text, at);
        Error::Depth { line, column }
    })?;
    let shared = Shared {
        base: text,
        unknown: RefCell::new(Vec::new()),
        closes,
    };
    Ok((raw.get(), shared))
}

/// The unknown keys met, each once, in document order.
#[inline(never)]
fn unknown_keys(shared: Shared<'_>) -> Vec<String> {
    let mut unknown = shared.unknown.into_inner();
    super::super::sort::slice_stable(&mut unknown, |a, b| a.0.cmp(&b.0));
    first_occurrences(unknown.into_iter().map(|(_, k)| k).collect())
}

/// Each key once, where it first appears.
fn first_occurrences(keys: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    keys.into_iter()
        .filter(|k| seen.insert(k.clone()))
        .collect()
}

/// Go's decoder reads invalid UTF-8 as U+FFFD, one per bad byte (`utf8.DecodeRune`).
fn go_lossy_utf8(input: &[u8]) -> Cow<'_, str> {
    let mut rest = input;
    let mut out = String::new();
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                if out.is_empty() && valid.len() == input.len() {
                    return Cow::Borrowed(valid);
                }
                out.push_str(valid);
                return Cow::Owned(out);
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = e.error_len().unwrap_or(after.len());
                for _ in 0..bad {
                    out.push('\u{fffd}');
                }
                rest = after.get(bad..).unwrap_or_default();
            }
        }
    }
}

/// 1-based line and byte column of `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

/// serde_json found bad syntax; Go's scanner states give Go's words and place.
fn syntax_error(text: &str, e: &serde_json::Error) -> Error {
    match syntax::describe(text) {
        Some((message, at)) => {
            let (line, column) = line_column(text, at);
            if message == syntax::EOF {
                Error::Eof { line, column }
            } else {
                Error::Syntax {
                    message,
                    line,
                    column,
                }
            }
        }
        // Go's scanner accepts what serde_json refused: keep serde_json's words.
        None => {
            let (line, column) = (e.line(), e.column());
            if e.classify() == serde_json::error::Category::Eof {
                return Error::Eof { line, column };
            }
            let full = e.to_string();
            let suffix = format!(" at line {line} column {column}");
            let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
            Error::Syntax {
                message,
                line,
                column,
            }
        }
    }
}

/// State shared by every value of one document.
struct Shared<'de> {
    base: &'de str,
    /// (offset, key) of each unknown struct key met.
    unknown: RefCell<Vec<(usize, String)>>,
    /// Each array's and object's (open, close) offsets, in order (`syntax::containers`).
    closes: Vec<(u32, u32)>,
}

impl<'de> Shared<'de> {
    /// The offset of the `]` or `}` closing the value that opens at `open`.
    fn close_of(&self, open: usize) -> Option<usize> {
        let open = u32::try_from(open).ok()?;
        let i = self.closes.binary_search_by_key(&open, |&(o, _)| o).ok()?;
        self.closes.get(i).map(|&(_, c)| c as usize)
    }

    fn skip_space(&self, mut i: usize) -> usize {
        while matches!(
            self.base.as_bytes().get(i),
            Some(b' ' | b'\t' | b'\n' | b'\r')
        ) {
            i += 1;
        }
        i
    }

    /// The end (exclusive) of the validated value that starts at `at`: a nested array
    /// or object is jumped over, never scanned again.
    fn value_end(&self, at: usize) -> Option<usize> {
        let b = self.base.as_bytes();
        match b.get(at)? {
            b'[' | b'{' => self.close_of(at).map(|c| c + 1),
            b'"' => {
                let mut i = at + 1;
                loop {
                    match b.get(i)? {
                        b'\\' => i += 2,
                        b'"' => return Some(i + 1),
                        _ => i += 1,
                    }
                }
            }
            _ => {
                let mut i = at;
                while b.get(i).is_some_and(|c| {
                    !matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    i += 1;
                }
                Some(i)
            }
        }
    }

    /// The members of the validated array or object `raw` (keys raw, with their
    /// quotes), found through the container index in time linear in `raw`'s own
    /// members; `None` when `raw` is not indexed (then serde_json splits it).
    fn children(&self, raw: &'de str) -> Option<Vec<(Option<&'de str>, &'de str)>> {
        let base = self.base;
        let open = self.offset(raw);
        let here = base.get(open..open + raw.len())?;
        if !std::ptr::eq(here.as_ptr(), raw.as_ptr()) {
            return None;
        }
        let close = self.close_of(open)?;
        if close + 1 != open + raw.len() {
            return None;
        }
        let object = raw.starts_with('{');
        let mut out = Vec::new();
        let mut i = self.skip_space(open + 1);
        if i >= close {
            return Some(out);
        }
        loop {
            let key = if object {
                let end = self.value_end(i)?;
                let key = base.get(i..end)?;
                i = self.skip_space(self.skip_space(end) + 1); // past the ':'
                Some(key)
            } else {
                None
            };
            let end = self.value_end(i)?;
            out.push((key, base.get(i..end)?));
            i = self.skip_space(end);
            if base.as_bytes().get(i)? != &b',' {
                return Some(out); // the closing bracket
            }
            i = self.skip_space(i + 1);
        }
    }

    /// Byte offset of a slice of the document (0 for text that is not part of it).
    fn offset(&self, s: &str) -> usize {
        let base = self.base.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        if at >= base && at <= base + self.base.len() {
            at - base
        } else {
            0
        }
    }

    fn public(&self, e: DeError) -> Error {
        let pos = |at: usize| line_column(self.base, at);
        match e {
            DeError::Type {
                kind,
                go_type,
                loc,
                at,
            } => {
                let (line, column) = pos(at);
                let message = match loc {
                    Some((strukt, path)) => format!(
                        "json: cannot unmarshal {kind} into Go struct field {strukt}.{path} of type {go_type}"
                    ),
                    None => format!("json: cannot unmarshal {kind} into Go value of type {go_type}"),
                };
                Error::Type {
                    message,
                    line,
                    column,
                }
            }
            DeError::Custom { message, at } => {
                let (line, column) = pos(at.unwrap_or(0));
                Error::Invalid {
                    message,
                    line,
                    column,
                }
            }
            DeError::Depth { at } => {
                let (line, column) = pos(at);
                Error::Depth { line, column }
            }
            DeError::Probe(name) => Error::Invalid {
                message: format!("json: internal type probe escaped ({name})"),
                line: 1,
                column: 1,
            },
        }
    }
}

/// The error type our `Deserializer` gives the derived code.
#[derive(Debug)]
enum DeError {
    Type {
        /// `string`, `number`, `number 1.5`, `object`, …
        kind: String,
        go_type: String,
        /// Innermost struct name and the dotted JSON field path; `None` at top level.
        loc: Option<(&'static str, String)>,
        at: usize,
    },
    /// From a visitor (`E::custom`), placed at the value being decoded when known.
    Custom {
        message: String,
        at: Option<usize>,
    },
    Depth {
        at: usize,
    },
    /// Not an error: the Go type name a [`Probe`] learned.
    Probe(String),
}

impl DeError {
    // Not inlined here and below: error paths, called from every decoded type's code.
    #[inline(never)]
    fn at(self, offset: usize) -> DeError {
        match self {
            DeError::Custom { message, at: None } => DeError::Custom {
                message,
                at: Some(offset),
            },
            other => other,
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeError::Type { kind, go_type, .. } => {
                write!(f, "cannot unmarshal {kind} into {go_type}")
            }
            DeError::Custom { message, .. } => f.write_str(message),
            DeError::Depth { .. } => f.write_str("exceeded max depth"),
            DeError::Probe(name) => write!(f, "probe: {name}"),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        DeError::Custom {
            message: msg.to_string(),
            at: None,
        }
    }
}

/// A link in the chain of JSON field names from the top struct down.
struct PathNode<'c> {
    field: &'static str,
    parent: Option<&'c PathNode<'c>>,
}

/// Go's error context: the innermost struct and the field path to the value.
#[derive(Clone, Copy)]
struct Loc<'c> {
    strukt: Option<&'static str>,
    path: Option<&'c PathNode<'c>>,
}

impl Loc<'_> {
    fn describe(&self) -> Option<(&'static str, String)> {
        let strukt = self.strukt?;
        let mut names = Vec::new();
        let mut node = self.path;
        while let Some(n) = node {
            names.push(n.field);
            node = n.parent;
        }
        names.reverse();
        // Go names the struct as `reflect.Type.Name()` does: without its package.
        let bare = strukt.rsplit('.').next().unwrap_or(strukt);
        Some((bare, names.join(".")))
    }
}

/// The Go type name for a serde container name: verbatim. The caller names the Go
/// package in it (`time.Time`, the SDK model's `admin.Link`): this module knows no
/// package of its own.
fn go_type_name(name: &str) -> String {
    name.to_string()
}

/// Parses a validated slice with serde_json, converting a (should-be impossible) error.
fn reparse<'de, T>(
    sh: &Shared<'de>,
    raw: &'de str,
    f: impl FnOnce(&mut serde_json::Deserializer<serde_json::de::StrRead<'de>>) -> serde_json::Result<T>,
) -> Result<T, DeError> {
    let mut de = serde_json::Deserializer::from_str(raw);
    f(&mut de).map_err(|e| DeError::Custom {
        message: e.to_string(),
        at: Some(sh.offset(raw)),
    })
}

/// The elements of a validated array, as raw slices.
struct RawItems;

impl<'de> Visitor<'de> for RawItems {
    type Value = Vec<&'de str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            items.push(item.get());
        }
        Ok(items)
    }
}

/// Calls `f(key, value)` for each member of a validated object, keys and values raw.
struct RawMembers<F>(F);

impl<'de, F: FnMut(&'de str, &'de str)> Visitor<'de> for RawMembers<F> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<&'de RawValue>()? {
            let value = map.next_value::<&'de RawValue>()?;
            (self.0)(key.get(), value.get());
        }
        Ok(())
    }
}

/// A validated string literal's text with Go's unescaping: a lone or unpaired UTF-16
/// surrogate becomes U+FFFD (serde_json would refuse it).
fn unquote(raw: &str) -> Cow<'_, str> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    if !inner.as_bytes().contains(&b'\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(i) = rest.find('\\') {
        let (plain, esc) = rest.split_at(i);
        out.push_str(plain);
        let mut chars = esc.chars();
        chars.next(); // the backslash
        let simple = match chars.next() {
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('n') => Some('\n'),
            Some('r') => Some('\r'),
            Some('t') => Some('\t'),
            Some('u') => None,
            Some(c) => Some(c), // `"`, `\`, `/`: validated by serde_json
            None => Some('\\'),
        };
        if let Some(c) = simple {
            out.push(c);
            rest = chars.as_str();
            continue;
        }
        let after_u = chars.as_str();
        let hex4 = |s: &str| s.get(..4).and_then(|h| u32::from_str_radix(h, 16).ok());
        let cp = hex4(after_u).unwrap_or(0xFFFD);
        rest = after_u.get(4..).unwrap_or_default();
        let c = if (0xD800..0xE000).contains(&cp) {
            // Only an escaped low surrogate right after a high one makes a pair.
            let lo = rest.strip_prefix("\\u").and_then(hex4);
            match lo {
                Some(lo) if (0xD800..0xDC00).contains(&cp) && (0xDC00..0xE000).contains(&lo) => {
                    rest = rest.get(6..).unwrap_or_default();
                    char::from_u32(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00))
                }
                _ => None,
            }
        } else {
            char::from_u32(cp)
        };
        out.push(c.unwrap_or('\u{fffd}'));
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One JSON value of the document as a serde `Deserializer`.
struct Value<'de, 'c> {
    /// The value's text, validated, without surrounding space.
    raw: &'de str,
    /// For a `null` that follows a non-null value of the same field: the earlier
    /// value, which a non-`Option` target keeps (Go: `null` is a no-op there).
    fallback: Option<&'de str>,
    sh: &'c Shared<'de>,
    loc: Loc<'c>,
    depth: usize,
    /// A Go type name from an enclosing newtype (`time.Time`) for errors.
    go_name: Option<&'static str>,
}

const NULL: &str = "null";

impl<'de, 'c> Value<'de, 'c> {
    /// The zero value of a field of struct `strukt` that the document leaves out.
    fn zero(sh: &'c Shared<'de>, strukt: &'static str) -> Self {
        Value {
            raw: NULL,
            fallback: None,
            sh,
            loc: Loc {
                strukt: Some(strukt),
                path: None,
            },
            depth: 0,
            go_name: None,
        }
    }

    fn first(&self) -> u8 {
        self.raw.as_bytes().first().copied().unwrap_or(b'n')
    }

    fn is_null(&self) -> bool {
        self.first() == b'n'
    }

    /// The JSON kind as Go's errors name it.
    fn kind(&self) -> &'static str {
        match self.first() {
            b'"' => "string",
            b'{' => "object",
            b'[' => "array",
            b't' | b'f' => "bool",
            b'n' => "null",
            _ => "number",
        }
    }

    /// The value a non-`Option` target sees: a `null` after an earlier value keeps that one.
    fn settled(self) -> Self {
        match self.fallback {
            Some(prev) if self.is_null() => Value {
                raw: prev,
                fallback: None,
                ..self
            },
            _ => self,
        }
    }

    fn offset(&self) -> usize {
        self.sh.offset(self.raw)
    }

    #[inline(never)]
    fn mismatch(&self, kind: String, go_type: String) -> DeError {
        DeError::Type {
            kind,
            go_type,
            loc: self.loc.describe(),
            at: self.offset(),
        }
    }

    #[inline(never)]
    fn mismatch_kind(&self, go_type: &str) -> DeError {
        self.mismatch(
            self.kind().to_string(),
            self.go_name
                .map_or_else(|| go_type.to_string(), str::to_string),
        )
    }

    fn child(&self, raw: &'de str) -> Value<'de, 'c> {
        Value {
            raw,
            fallback: None,
            sh: self.sh,
            loc: self.loc,
            depth: self.depth + 1,
            go_name: None,
        }
    }

    fn enter(&self) -> Result<(), DeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DeError::Depth { at: self.offset() });
        }
        Ok(())
    }

    fn items(&self) -> Result<Vec<&'de str>, DeError> {
        self.enter()?;
        if let Some(children) = self.sh.children(self.raw) {
            return Ok(children.into_iter().map(|(_, v)| v).collect());
        }
        reparse(self.sh, self.raw, |d| {
            de::Deserializer::deserialize_seq(d, RawItems)
        })
    }

    /// An object's members matched to the struct's `fields` with Go's rules (unknown
    /// keys noted). Not inlined: the same for every struct type (BENCHMARKS.md, "Size").
    #[inline(never)]
    fn struct_members(&self, fields: &'static [&'static str]) -> Result<Vec<Member<'de>>, DeError> {
        let v = self;
        let mut members: Vec<Member<'de>> = Vec::with_capacity(fields.len());
        let sh = v.sh;
        v.members(|k, val| {
            let key = unquote(k);
            let Some(field) = match_field(fields, &key) else {
                sh.unknown
                    .borrow_mut()
                    .push((sh.offset(k), key.into_owned()));
                return;
            };
            let null = val.starts_with('n');
            match members.iter_mut().find(|m| m.field == field) {
                Some(m) => {
                    // A later `null` only clears an `Option`; keep what it replaces.
                    if null && !m.raw.starts_with('n') {
                        m.fallback = Some(m.raw);
                    } else if !null {
                        m.fallback = None;
                    }
                    m.raw = val;
                }
                // A first `null` changes nothing: the field stays zero.
                None if null => {}
                None => members.push(Member {
                    field,
                    raw: val,
                    fallback: None,
                }),
            }
        })?;
        Ok(members)
    }

    fn members(&self, mut f: impl FnMut(&'de str, &'de str)) -> Result<(), DeError> {
        self.enter()?;
        if let Some(children) = self.sh.children(self.raw) {
            for (key, value) in children {
                f(key.unwrap_or_default(), value);
            }
            return Ok(());
        }
        reparse(self.sh, self.raw, |d| {
            de::Deserializer::deserialize_map(d, RawMembers(f))
        })
    }

    fn integer<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b'n' => visitor.visit_i64(0),
            b'-' | b'0'..=b'9' => {
                // Go's `strconv.ParseInt` on the literal: `1.0` and `1e2` are not integers.
                if let Ok(n) = v.raw.parse::<i64>() {
                    visitor.visit_i64(n)
                } else if let Ok(n) = v.raw.parse::<u64>() {
                    visitor.visit_u64(n)
                } else {
                    Err(v.mismatch(format!("number {}", v.raw), "int".to_string()))
                }
            }
            _ => Err(v.mismatch_kind("int")),
        }
    }

    fn float<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b'n' => visitor.visit_f64(0.0),
            b'-' | b'0'..=b'9' => match v.raw.parse::<f64>() {
                Ok(f) if f.is_finite() => visitor.visit_f64(f),
                _ => Err(v.mismatch(format!("number {}", v.raw), "float64".to_string())),
            },
            _ => Err(v.mismatch_kind("float64")),
        }
    }
}

impl<'de> de::Deserializer<'de> for Value<'de, '_> {
    type Error = DeError;

    /// Untyped targets (`serde_json::Value`, `IgnoredAny`): whatever the JSON holds.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.first() {
            b'n' => visitor.visit_unit(),
            b't' => visitor.visit_bool(true),
            b'f' => visitor.visit_bool(false),
            b'"' => match unquote(self.raw) {
                Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
                Cow::Owned(s) => visitor.visit_string(s),
            },
            b'[' => self.deserialize_seq(visitor),
            b'{' => self.deserialize_map(visitor),
            _ => {
                let integral = !self.raw.contains(['.', 'e', 'E']);
                if integral {
                    if let Ok(n) = self.raw.parse::<u64>() {
                        return visitor.visit_u64(n);
                    }
                    if let Ok(n) = self.raw.parse::<i64>() {
                        return visitor.visit_i64(n);
                    }
                }
                match self.raw.parse::<f64>() {
                    Ok(f) if f.is_finite() => visitor.visit_f64(f),
                    _ => Err(self.mismatch(format!("number {}", self.raw), "float64".to_string())),
                }
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b't' => visitor.visit_bool(true),
            b'f' => visitor.visit_bool(false),
            b'n' => visitor.visit_bool(false),
            _ => Err(v.mismatch_kind("bool")),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.integer(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.float(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.float(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b'"' => match unquote(v.raw) {
                Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
                Cow::Owned(s) => visitor.visit_string(s),
            },
            b'n' => visitor.visit_borrowed_str(""),
            _ => Err(v.mismatch_kind("string")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    /// Go's pointer: `null` is nil (even after an earlier value), anything else is decoded.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    /// A named Go type (`time.Time` for `GoTime`): its name is used in type errors.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(Value {
            go_name: Some(name),
            ..self
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b'[' => {
                let items = v.items()?;
                visitor.visit_seq(Seq {
                    items: items.into_iter(),
                    parent: &v,
                })
            }
            b'n' => visitor.visit_seq(Seq {
                items: Vec::new().into_iter(),
                parent: &v,
            }),
            _ => {
                let go_type = v.go_name.map_or_else(|| probe_seq(visitor), go_type_name);
                Err(v.mismatch(v.kind().to_string(), go_type))
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    /// Go's `map[string]T`: every member, keys exact; a repeated key's later value wins
    /// where the map type keeps the last insert.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b'{' => {
                let mut members = Vec::new();
                v.members(|k, val| members.push((k, val)))?;
                visitor.visit_map(Map {
                    members: members.into_iter(),
                    value: None,
                    parent: &v,
                })
            }
            b'n' => visitor.visit_map(Map {
                members: Vec::new().into_iter(),
                value: None,
                parent: &v,
            }),
            _ => {
                let go_type = probe_map(visitor);
                Err(v.mismatch(v.kind().to_string(), go_type))
            }
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            b'{' => {
                let members = v.struct_members(fields)?;
                visitor.visit_map(Struct::new(name, fields, members, &v))
            }
            b'n' => {
                v.enter()?;
                visitor.visit_map(Struct::new(name, fields, Vec::new(), &v))
            }
            _ => Err(v.mismatch(v.kind().to_string(), go_type_name(name))),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let v = self.settled();
        match v.first() {
            // Unit variants as strings, as Go string constants are.
            b'"' => visitor.visit_enum(unquote(v.raw).into_owned().into_deserializer()),
            _ => Err(v.mismatch_kind("string")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    /// Skipped values are not looked at again: the document is already validated.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// Go's field lookup: the exact name, else the first field equal under ASCII case folding.
fn match_field(fields: &[&str], key: &str) -> Option<usize> {
    fields
        .iter()
        .position(|f| *f == key)
        .or_else(|| fields.iter().position(|f| f.eq_ignore_ascii_case(key)))
}

struct Member<'de> {
    field: usize,
    raw: &'de str,
    fallback: Option<&'de str>,
}

/// A struct's members for the derived visitor: each field at most once (its last value,
/// in order of first appearance), then every field the document left out as `null`,
/// so it takes its zero value.
struct Struct<'de, 'c, 'p> {
    name: &'static str,
    fields: &'static [&'static str],
    members: std::vec::IntoIter<Member<'de>>,
    /// Fields given by the document (bit per field; fields past 64 are searched for).
    given: u64,
    given_list: Vec<usize>,
    /// Next field to consider for zero-filling.
    fill: usize,
    current: Option<Member<'de>>,
    parent: &'p Value<'de, 'c>,
}

impl<'de, 'c, 'p> Struct<'de, 'c, 'p> {
    fn new(
        name: &'static str,
        fields: &'static [&'static str],
        members: Vec<Member<'de>>,
        parent: &'p Value<'de, 'c>,
    ) -> Self {
        let mut given = 0u64;
        let mut given_list = Vec::new();
        for m in &members {
            if m.field < 64 {
                given |= 1 << m.field;
            } else {
                given_list.push(m.field);
            }
        }
        Struct {
            name,
            fields,
            members: members.into_iter(),
            given,
            given_list,
            fill: 0,
            current: None,
            parent,
        }
    }

    fn is_given(&self, field: usize) -> bool {
        if field < 64 {
            self.given & (1 << field) != 0
        } else {
            self.given_list.contains(&field)
        }
    }
}

impl<'de> de::MapAccess<'de> for Struct<'de, '_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let member = match self.members.next() {
            Some(m) => m,
            None => loop {
                let field = self.fill;
                if field >= self.fields.len() {
                    return Ok(None);
                }
                self.fill += 1;
                if !self.is_given(field) {
                    break Member {
                        field,
                        raw: NULL,
                        fallback: None,
                    };
                }
            },
        };
        let name = self.fields.get(member.field).copied().unwrap_or_default();
        self.current = Some(member);
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let Some(member) = self.current.take() else {
            return Err(de::Error::custom("value asked for before its key"));
        };
        let node = PathNode {
            field: self.fields.get(member.field).copied().unwrap_or_default(),
            parent: self.parent.loc.path,
        };
        let value = Value {
            raw: member.raw,
            fallback: member.fallback,
            sh: self.parent.sh,
            loc: Loc {
                strukt: Some(self.name),
                path: Some(&node),
            },
            depth: self.parent.depth + 1,
            go_name: None,
        };
        let at = value.offset();
        seed.deserialize(value).map_err(|e| e.at(at))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// An array's elements; they share the array's error context, as in Go.
struct Seq<'de, 'c, 'p> {
    items: std::vec::IntoIter<&'de str>,
    parent: &'p Value<'de, 'c>,
}

impl<'de> de::SeqAccess<'de> for Seq<'de, '_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(raw) = self.items.next() else {
            return Ok(None);
        };
        let value = self.parent.child(raw);
        let at = value.offset();
        seed.deserialize(value).map(Some).map_err(|e| e.at(at))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object as a map: every member, keys unescaped.
struct Map<'de, 'c, 'p> {
    members: std::vec::IntoIter<(&'de str, &'de str)>,
    value: Option<&'de str>,
    parent: &'p Value<'de, 'c>,
}

impl<'de> de::MapAccess<'de> for Map<'de, '_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        match unquote(key) {
            Cow::Borrowed(k) => seed.deserialize(BorrowedStrDeserializer::new(k)),
            Cow::Owned(k) => seed.deserialize(StringDeserializer::new(k)),
        }
        .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let value = self.parent.child(self.value.take().unwrap_or(NULL));
        let at = value.offset();
        seed.deserialize(value).map_err(|e| e.at(at))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// Learns the Go type a visitor stands for from the first thing it asks of a
/// `Deserializer`: `deserialize_string` is `string`, `deserialize_struct("Link")` is
/// `admin.Link`, `deserialize_seq` is `[]` and then whatever its element asks for. It
/// answers every request with `DeError::Probe(name)`, so nothing is ever built.
struct Probe;

/// The Go type of a sequence visitor: `[]` + its element's type.
fn probe_seq<'de, V: Visitor<'de>>(visitor: V) -> String {
    match visitor.visit_seq(ProbeSeq) {
        Err(DeError::Probe(elem)) => format!("[]{elem}"),
        _ => "[]interface {}".to_string(),
    }
}

/// The Go type of a map visitor: `map[string]` + its value's type.
fn probe_map<'de, V: Visitor<'de>>(visitor: V) -> String {
    match visitor.visit_map(ProbeMap) {
        Err(DeError::Probe(elem)) => format!("map[string]{elem}"),
        _ => "map[string]interface {}".to_string(),
    }
}

struct ProbeSeq;

impl<'de> de::SeqAccess<'de> for ProbeSeq {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        seed.deserialize(Probe).map(Some)
    }
}

struct ProbeMap;

impl<'de> de::MapAccess<'de> for ProbeMap {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        seed.deserialize(BorrowedStrDeserializer::new("")).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        seed.deserialize(Probe)
    }
}

fn probed<T>(name: &str) -> Result<T, DeError> {
    Err(DeError::Probe(name.to_string()))
}

impl<'de> de::Deserializer<'de> for Probe {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("interface {}")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("bool")
    }
    fn deserialize_i8<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_i16<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_i32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_i64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_u8<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_u16<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_u32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_u64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("int")
    }
    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("float64")
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("float64")
    }
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("string")
    }
    fn deserialize_str<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("string")
    }
    fn deserialize_string<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("string")
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("string")
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("string")
    }
    /// `*T` names as `T` in Go's errors once dereferenced; so does `Option<T>` here.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("struct {}")
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: V,
    ) -> Result<V::Value, DeError> {
        probed(&go_type_name(name))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: V,
    ) -> Result<V::Value, DeError> {
        probed(&go_type_name(name))
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        probed(&probe_seq(visitor))
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        probed(&probe_seq(visitor))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _len: usize,
        _: V,
    ) -> Result<V::Value, DeError> {
        probed(&go_type_name(name))
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        probed(&probe_map(visitor))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, DeError> {
        probed(&go_type_name(name))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, DeError> {
        probed("string")
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("string")
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DeError> {
        probed("interface {}")
    }
}

/// The fast path: Go's rules applied while serde_json streams the document, with no
/// buffering. It handles what well-formed server answers hold; anything it is unsure
/// of (a field given twice, a `null` for a non-`Option`, any error at all) gives up,
/// and [`unmarshal`] decodes again on the exact, buffering path above. So it never
/// produces an error or a value the exact path would not.
mod fast {
    use super::{match_field, Shared, Value};
    use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
    use serde_json::value::RawValue;
    use std::borrow::Cow;
    use std::cell::RefCell;
    use std::fmt;

    /// "Use the exact path."
    #[derive(Debug)]
    pub(super) struct GiveUp;

    impl fmt::Display for GiveUp {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("not for the fast path")
        }
    }

    impl std::error::Error for GiveUp {}

    impl de::Error for GiveUp {
        fn custom<M: fmt::Display>(_: M) -> Self {
            GiveUp
        }
    }

    fn give_up<E: de::Error>(_: impl Sized) -> E {
        E::custom("")
    }

    pub(super) struct Cx<'de> {
        /// Unknown keys in document order (the stream visits them in that order).
        pub(super) unknown: RefCell<Vec<String>>,
        /// Context for zero values of fields the document leaves out.
        zero: Shared<'de>,
    }

    impl Cx<'_> {
        pub(super) fn new() -> Self {
            Cx {
                unknown: RefCell::new(Vec::new()),
                zero: Shared {
                    base: "",
                    unknown: RefCell::new(Vec::new()),
                    closes: Vec::new(),
                },
            }
        }
    }

    pub(super) fn decode<'de, T: de::Deserialize<'de>>(text: &'de str, cx: &Cx<'de>) -> Option<T> {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = T::deserialize(Fast { de: &mut de, cx }).ok()?;
        de.end().ok()?;
        Some(value)
    }

    /// A serde_json deserializer seen through Go's rules.
    struct Fast<'c, 'de, D> {
        de: D,
        cx: &'c Cx<'de>,
    }

    macro_rules! forward {
        ($($method:ident)*) => {$(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
                self.de.$method(visitor).map_err(give_up)
            }
        )*};
    }

    impl<'c, 'de, D: de::Deserializer<'de>> de::Deserializer<'de> for Fast<'c, 'de, D> {
        type Error = GiveUp;

        // serde_json's own reading matches Go's for these; a `null` or another kind
        // is an error there, so the exact path decides.
        forward! {
            deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
            deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
            deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
            deserialize_unit deserialize_identifier deserialize_ignored_any
        }

        fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            self.de.deserialize_str(visitor).map_err(give_up)
        }

        fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            self.de.deserialize_str(visitor).map_err(give_up)
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            let cx = self.cx;
            self.de
                .deserialize_option(Bridge { visitor, cx })
                .map_err(give_up)
        }

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, GiveUp> {
            self.de.deserialize_unit(visitor).map_err(give_up)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, GiveUp> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            let cx = self.cx;
            self.de
                .deserialize_seq(Bridge { visitor, cx })
                .map_err(give_up)
        }

        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, GiveUp> {
            self.deserialize_seq(visitor)
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _len: usize,
            visitor: V,
        ) -> Result<V::Value, GiveUp> {
            self.deserialize_seq(visitor)
        }

        fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
            let cx = self.cx;
            self.de
                .deserialize_map(Bridge { visitor, cx })
                .map_err(give_up)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, GiveUp> {
            let cx = self.cx;
            self.de
                .deserialize_map(StructBridge {
                    visitor,
                    cx,
                    name,
                    fields,
                })
                .map_err(give_up)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, GiveUp> {
            self.de
                .deserialize_str(EnumBridge(visitor))
                .map_err(give_up)
        }
    }

    /// Hands serde_json's accessors to the target's visitor wrapped in [`Fast`].
    struct Bridge<'c, 'de, V> {
        visitor: V,
        cx: &'c Cx<'de>,
    }

    impl<'c, 'de, V: Visitor<'de>> Visitor<'de> for Bridge<'c, 'de, V> {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            self.visitor.expecting(f)
        }

        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.visitor.visit_none()
        }

        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.visitor.visit_unit()
        }

        fn visit_some<D: de::Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
            self.visitor
                .visit_some(Fast { de, cx: self.cx })
                .map_err(give_up)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.visitor
                .visit_seq(Seq { seq, cx: self.cx })
                .map_err(give_up)
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.visitor
                .visit_map(Map { map, cx: self.cx })
                .map_err(give_up)
        }
    }

    struct Seed<'c, 'de, S> {
        seed: S,
        cx: &'c Cx<'de>,
    }

    impl<'c, 'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'c, 'de, S> {
        type Value = S::Value;
        fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
            self.seed
                .deserialize(Fast { de, cx: self.cx })
                .map_err(give_up)
        }
    }

    struct Seq<'c, 'de, A> {
        seq: A,
        cx: &'c Cx<'de>,
    }

    impl<'c, 'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Seq<'c, 'de, A> {
        type Error = GiveUp;
        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, GiveUp> {
            self.seq
                .next_element_seed(Seed { seed, cx: self.cx })
                .map_err(give_up)
        }
        fn size_hint(&self) -> Option<usize> {
            self.seq.size_hint()
        }
    }

    /// Maps (`map[string]T`, untyped objects): keys as serde_json reads them.
    struct Map<'c, 'de, A> {
        map: A,
        cx: &'c Cx<'de>,
    }

    impl<'c, 'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Map<'c, 'de, A> {
        type Error = GiveUp;
        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, GiveUp> {
            self.map.next_key_seed(seed).map_err(give_up)
        }
        fn next_value_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<S::Value, GiveUp> {
            self.map
                .next_value_seed(Seed { seed, cx: self.cx })
                .map_err(give_up)
        }
        fn size_hint(&self) -> Option<usize> {
            self.map.size_hint()
        }
    }

    struct StructBridge<'c, 'de, V> {
        visitor: V,
        cx: &'c Cx<'de>,
        name: &'static str,
        fields: &'static [&'static str],
    }

    impl<'c, 'de, V: Visitor<'de>> Visitor<'de> for StructBridge<'c, 'de, V> {
        type Value = V::Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            self.visitor.expecting(f)
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.visitor
                .visit_map(Struct {
                    map,
                    cx: self.cx,
                    name: self.name,
                    fields: self.fields,
                    seen: 0,
                    fill: 0,
                    zero: false,
                })
                .map_err(give_up)
        }
    }

    /// A struct's members as the stream gives them, matched to fields with Go's rule,
    /// then the fields left out as zero values.
    struct Struct<'c, 'de, A> {
        map: A,
        cx: &'c Cx<'de>,
        name: &'static str,
        fields: &'static [&'static str],
        /// Fields met so far (structs of more than 64 fields use the exact path).
        seen: u64,
        /// Next field to consider for zero-filling, once the members are done.
        fill: usize,
        /// The current key is a zero-filled field.
        zero: bool,
    }

    /// An object key, borrowed when it has no escapes.
    struct Key;

    impl<'de> Visitor<'de> for Key {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a key")
        }
        fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(s))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(s.to_string()))
        }
    }

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = Cow<'de, str>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(Key)
        }
    }

    impl<'c, 'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Struct<'c, 'de, A> {
        type Error = GiveUp;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, GiveUp> {
            if self.fields.len() > 64 {
                return Err(GiveUp);
            }
            if self.fill == 0 {
                while let Some(key) = self.map.next_key_seed(Key).map_err(give_up)? {
                    let Some(field) = match_field(self.fields, &key) else {
                        self.cx.unknown.borrow_mut().push(key.into_owned());
                        // Skipped, but Go still refuses it when nested too deep: a deep
                        // one goes to the exact path, which checks the whole document.
                        let raw = self.map.next_value::<&RawValue>().map_err(give_up)?;
                        if super::syntax::deeper_than(raw.get(), 64) {
                            return Err(GiveUp);
                        }
                        continue;
                    };
                    if self.seen & (1 << field) != 0 {
                        return Err(GiveUp); // named twice: the exact path keeps the last
                    }
                    self.seen |= 1 << field;
                    let name = self.fields.get(field).copied().unwrap_or_default();
                    return seed.deserialize(name.into_deserializer()).map(Some);
                }
            }
            while self.fill < self.fields.len() {
                let field = self.fill;
                self.fill += 1;
                if self.seen & (1 << field) == 0 {
                    self.zero = true;
                    let name = self.fields.get(field).copied().unwrap_or_default();
                    return seed.deserialize(name.into_deserializer()).map(Some);
                }
            }
            Ok(None)
        }

        fn next_value_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<S::Value, GiveUp> {
            if self.zero {
                self.zero = false;
                let zero = Value::zero(&self.cx.zero, self.name);
                return seed.deserialize(zero).map_err(give_up);
            }
            self.map
                .next_value_seed(Seed { seed, cx: self.cx })
                .map_err(give_up)
        }

        fn size_hint(&self) -> Option<usize> {
            Some(self.fields.len())
        }
    }

    /// Enums are Go string constants: only a string names a variant.
    struct EnumBridge<V>(V);

    impl<'de, V: Visitor<'de>> Visitor<'de> for EnumBridge<V> {
        type Value = V::Value;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            self.0.expecting(f)
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<V::Value, E> {
            self.0
                .visit_enum(de::value::StringDeserializer::<E>::new(s.to_string()))
        }
    }
}
