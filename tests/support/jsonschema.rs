//! A std-only JSON Schema (draft 2020-12) validator for the subset
//! `docs/members.schema.json` uses: `type`, `enum`, `const`, `pattern` (a small
//! ECMAScript subset, see [`Regex`]), `required`, `properties`, `additionalProperties`,
//! `items`, `prefixItems`, `oneOf`/`anyOf`/`allOf`/`not`, `minItems`, `uniqueItems`,
//! `minLength` and `$ref` to `#/$defs/…`. `$schema`, `$id`, `title` and `description`
//! are annotations. Any other keyword makes [`Schema::new`] fail, so the schema cannot
//! grow a rule this validator would silently skip.

use serde_json::{Map, Value};

const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "enum",
    "const",
    "pattern",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "prefixItems",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "minItems",
    "uniqueItems",
    "minLength",
];

/// A schema checked to use only the supported keywords, with its patterns compiled.
pub struct Schema {
    root: Value,
}

impl Schema {
    pub fn new(root: Value) -> Result<Schema, String> {
        check_keywords(&root, "#")?;
        Ok(Schema { root })
    }

    /// The schema in a file of the repository (relative to the crate root).
    pub fn load(path: &str) -> Schema {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{path}: {e}"));
        let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        Schema::new(value).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every violation, each as `JSON-pointer: what`; empty when `doc` is valid.
    pub fn validate(&self, doc: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(&self.root, doc, "", &mut errors);
        errors
    }

    fn resolve(&self, reference: &str) -> &Value {
        let name = reference
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        self.root
            .get("$defs")
            .and_then(|d| d.get(name))
            .unwrap_or_else(|| panic!("$ref {reference} names no definition"))
    }

    fn valid(&self, schema: &Value, doc: &Value, at: &str) -> bool {
        let mut errors = Vec::new();
        self.check(schema, doc, at, &mut errors);
        errors.is_empty()
    }

    fn check(&self, schema: &Value, doc: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                errors.push(format!("{at}: not allowed"));
                return;
            }
            Value::Object(s) => s,
            other => panic!("a schema must be an object or a boolean, not {other}"),
        };
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            self.check(self.resolve(r), doc, at, errors);
        }
        // The keywords that need no recursion are checked first, collected in `own`.
        let mut own = Vec::new();
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            if !has_type(doc, t) {
                own.push(format!("expected {t}, found {}", type_name(doc)));
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            if !options.contains(doc) {
                own.push(format!(
                    "{doc} is not one of {}",
                    Value::Array(options.clone())
                ));
            }
        }
        if let Some(c) = schema.get("const") {
            if c != doc {
                own.push(format!("expected {c}, found {doc}"));
            }
        }
        if let Value::String(s) = doc {
            if let Some(n) = schema.get("minLength").and_then(Value::as_u64) {
                if (s.chars().count() as u64) < n {
                    own.push(format!("shorter than {n} characters"));
                }
            }
            if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
                let re = Regex::new(p).unwrap_or_else(|e| panic!("pattern {p}: {e}"));
                if !re.is_match(s) {
                    own.push(format!("{doc} does not match {p}"));
                }
            }
        }
        if let Value::Array(items) = doc {
            if let Some(n) = schema.get("minItems").and_then(Value::as_u64) {
                if (items.len() as u64) < n {
                    own.push(format!("fewer than {n} items"));
                }
            }
            if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, item) in items.iter().enumerate() {
                    if items[..i].contains(item) {
                        own.push(format!("item {i} ({item}) is listed twice"));
                    }
                }
            }
        }
        if let Value::Object(fields) = doc {
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !fields.contains_key(name) {
                    own.push(format!("required: {name}"));
                }
            }
        }
        for m in own {
            errors.push(format!("{at}: {m}"));
        }
        if let Value::Object(fields) = doc {
            self.object(schema, fields, at, errors);
        }
        if let Value::Array(items) = doc {
            let prefix = schema
                .get("prefixItems")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for (i, item) in items.iter().enumerate() {
                let here = format!("{at}/{i}");
                if let Some(s) = prefix.get(i) {
                    self.check(s, item, &here, errors);
                } else if let Some(s) = schema.get("items") {
                    self.check(s, item, &here, errors);
                }
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, doc, at, errors);
            }
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            if !any.iter().any(|s| self.valid(s, doc, at)) {
                errors.push(format!("{at}: matches none of anyOf"));
            }
        }
        if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
            let passing: Vec<usize> = (0..one.len())
                .filter(|&i| self.valid(&one[i], doc, at))
                .collect();
            if passing.is_empty() {
                // The closest alternative's errors: the fewest at this very place (a
                // wrong type or a missing key), then the fewest in all.
                let best = one
                    .iter()
                    .map(|s| {
                        let mut e = Vec::new();
                        self.check(s, doc, at, &mut e);
                        e
                    })
                    .min_by_key(|e| {
                        let here = e
                            .iter()
                            .filter(|m| m.starts_with(&format!("{at}: ")))
                            .count();
                        (here, e.len())
                    })
                    .unwrap_or_default();
                errors.extend(best.into_iter().map(|e| e + " (closest of oneOf)"));
            } else if passing.len() > 1 {
                errors.push(format!(
                    "{at}: must match exactly one of oneOf, matches {passing:?}"
                ));
            }
        }
        if let Some(not) = schema.get("not") {
            if self.valid(not, doc, at) {
                errors.push(format!("{at}: matches what `not` forbids: {not}"));
            }
        }
    }

    fn object(
        &self,
        schema: &Map<String, Value>,
        fields: &Map<String, Value>,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, value) in fields {
            let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            match properties.and_then(|p| p.get(key)) {
                Some(s) => self.check(s, value, &here, errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{here}: unknown key {key:?}")),
                    Some(s) => self.check(s, value, &here, errors),
                    None => {}
                },
            }
        }
    }
}

fn check_keywords(schema: &Value, at: &str) -> Result<(), String> {
    let fields = match schema {
        Value::Bool(_) => return Ok(()),
        Value::Object(f) => f,
        other => return Err(format!("{at}: a schema must be an object, not {other}")),
    };
    for (key, value) in fields {
        if !KEYWORDS.contains(&key.as_str()) {
            return Err(format!("{at}: unsupported keyword {key:?}"));
        }
        let here = format!("{at}/{key}");
        match key.as_str() {
            "$defs" | "properties" => {
                let map = value
                    .as_object()
                    .ok_or_else(|| format!("{here}: expected an object"))?;
                for (name, s) in map {
                    check_keywords(s, &format!("{here}/{name}"))?;
                }
            }
            "items" | "not" | "additionalProperties" => check_keywords(value, &here)?,
            "prefixItems" | "oneOf" | "anyOf" | "allOf" => {
                let list = value
                    .as_array()
                    .ok_or_else(|| format!("{here}: expected an array"))?;
                for (i, s) in list.iter().enumerate() {
                    check_keywords(s, &format!("{here}/{i}"))?;
                }
            }
            "pattern" => {
                let p = value
                    .as_str()
                    .ok_or_else(|| format!("{here}: expected a string"))?;
                Regex::new(p).map_err(|e| format!("{here}: {e}"))?;
            }
            "type" => {
                let t = value.as_str().unwrap_or_default();
                if ![
                    "object", "array", "string", "number", "integer", "boolean", "null",
                ]
                .contains(&t)
                {
                    return Err(format!("{here}: unsupported type {value}"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The ECMAScript regular expressions the schema's patterns use: literals, `.`, escapes
/// (`\s \S \d \D \w \W` and escaped punctuation), classes `[…]`/`[^…]` with ranges,
/// groups `(…)` with `|`, anchors `^ $`, and the quantifiers `* + ? {n} {n,} {n,m}`
/// (greedy, with backtracking). A pattern matches anywhere unless anchored, as in JSON
/// Schema. Anything else is an error rather than a guess.
pub struct Regex {
    alternatives: Vec<Vec<Piece>>,
}

#[derive(Debug)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
}

#[derive(Debug)]
enum Atom {
    Char(char),
    Any,
    Class {
        negated: bool,
        items: Vec<ClassItem>,
    },
    Group(Vec<Vec<Piece>>),
    Start,
    End,
}

#[derive(Debug)]
enum ClassItem {
    Range(char, char),
    Escape(char),
}

impl Regex {
    pub fn new(pattern: &str) -> Result<Regex, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let alternatives = parse_alternatives(&chars, &mut pos)?;
        if pos != chars.len() {
            return Err(format!("unbalanced ) at {pos} in {pattern}"));
        }
        Ok(Regex { alternatives })
    }

    pub fn is_match(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        (0..=chars.len()).any(|start| alts(&self.alternatives, &chars, start, &mut |_| true))
    }
}

fn parse_alternatives(p: &[char], pos: &mut usize) -> Result<Vec<Vec<Piece>>, String> {
    let mut all = vec![Vec::new()];
    while *pos < p.len() {
        let c = p[*pos];
        if c == ')' {
            break;
        }
        *pos += 1;
        let atom = match c {
            '|' => {
                all.push(Vec::new());
                continue;
            }
            '(' => {
                let inner = parse_alternatives(p, pos)?;
                if p.get(*pos) != Some(&')') {
                    return Err("unclosed (".into());
                }
                *pos += 1;
                Atom::Group(inner)
            }
            '[' => parse_class(p, pos)?,
            '.' => Atom::Any,
            '^' => Atom::Start,
            '$' => Atom::End,
            '\\' => {
                let e = *p.get(*pos).ok_or("trailing \\")?;
                *pos += 1;
                if "sSdDwW".contains(e) {
                    Atom::Class {
                        negated: false,
                        items: vec![ClassItem::Escape(e)],
                    }
                } else if e.is_ascii_punctuation() {
                    Atom::Char(e)
                } else {
                    return Err(format!("unsupported escape \\{e}"));
                }
            }
            '*' | '+' | '?' | '{' | ']' | '}' => {
                return Err(format!("unexpected {c} at {}", *pos - 1))
            }
            c => Atom::Char(c),
        };
        let (min, max) = parse_quantifier(p, pos)?;
        if matches!(atom, Atom::Start | Atom::End) && (min, max) != (1, 1) {
            return Err("a quantified anchor".into());
        }
        all.last_mut()
            .ok_or("empty")?
            .push(Piece { atom, min, max });
    }
    Ok(all)
}

fn parse_class(p: &[char], pos: &mut usize) -> Result<Atom, String> {
    let negated = p.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut items = Vec::new();
    loop {
        let c = *p.get(*pos).ok_or("unclosed [")?;
        *pos += 1;
        let lo = match c {
            ']' if !items.is_empty() => break,
            '\\' => {
                let e = *p.get(*pos).ok_or("trailing \\")?;
                *pos += 1;
                if "sSdDwW".contains(e) {
                    items.push(ClassItem::Escape(e));
                    continue;
                }
                if !e.is_ascii_punctuation() {
                    return Err(format!("unsupported escape \\{e} in a class"));
                }
                e
            }
            c => c,
        };
        if p.get(*pos) == Some(&'-') && p.get(*pos + 1).is_some_and(|&n| n != ']') {
            let hi = p[*pos + 1];
            if hi == '\\' {
                return Err("an escaped range end".into());
            }
            *pos += 2;
            if hi < lo {
                return Err(format!("range {lo}-{hi} out of order"));
            }
            items.push(ClassItem::Range(lo, hi));
        } else {
            items.push(ClassItem::Range(lo, lo));
        }
    }
    Ok(Atom::Class { negated, items })
}

fn parse_quantifier(p: &[char], pos: &mut usize) -> Result<(usize, usize), String> {
    let q = match p.get(*pos) {
        Some('*') => (0, usize::MAX),
        Some('+') => (1, usize::MAX),
        Some('?') => (0, 1),
        Some('{') => {
            let end = p[*pos..]
                .iter()
                .position(|&c| c == '}')
                .ok_or("unclosed {")?;
            let body: String = p[*pos + 1..*pos + end].iter().collect();
            *pos += end;
            let num = |s: &str| {
                s.parse::<usize>()
                    .map_err(|_| format!("bad count {{{body}}}"))
            };
            match body.split_once(',') {
                None => {
                    let n = num(&body)?;
                    (n, n)
                }
                Some((lo, "")) => (num(lo)?, usize::MAX),
                Some((lo, hi)) => (num(lo)?, num(hi)?),
            }
        }
        _ => return Ok((1, 1)),
    };
    *pos += 1;
    if matches!(p.get(*pos), Some('?' | '+')) {
        return Err("lazy and possessive quantifiers are not supported".into());
    }
    Ok(q)
}

fn escape_matches(e: char, c: char) -> bool {
    match e {
        // ECMAScript's \s: white space and line terminators.
        's' => c.is_whitespace() || c == '\u{feff}',
        'S' => !(c.is_whitespace() || c == '\u{feff}'),
        'd' => c.is_ascii_digit(),
        'D' => !c.is_ascii_digit(),
        'w' => c.is_ascii_alphanumeric() || c == '_',
        'W' => !(c.is_ascii_alphanumeric() || c == '_'),
        _ => false,
    }
}

fn alts(a: &[Vec<Piece>], s: &[char], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    a.iter().any(|seq| pieces(seq, s, pos, k))
}

fn pieces(seq: &[Piece], s: &[char], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match seq.split_first() {
        None => k(pos),
        Some((first, rest)) => repeat(first, 0, s, pos, &mut |p| pieces(rest, s, p, k)),
    }
}

/// `piece` matched `count` times so far ending at `pos`: greedily once more, else stop.
fn repeat(
    piece: &Piece,
    count: usize,
    s: &[char],
    pos: usize,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if count < piece.max
        && atom(&piece.atom, s, pos, &mut |p| {
            // An empty iteration past the minimum would loop forever.
            (p != pos || count < piece.min) && repeat(piece, count + 1, s, p, k)
        })
    {
        return true;
    }
    count >= piece.min && k(pos)
}

fn atom(a: &Atom, s: &[char], pos: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
    match a {
        Atom::Start => pos == 0 && k(pos),
        Atom::End => pos == s.len() && k(pos),
        Atom::Group(inner) => alts(inner, s, pos, k),
        _ => {
            let Some(&c) = s.get(pos) else {
                return false;
            };
            let hit = match a {
                Atom::Char(x) => *x == c,
                Atom::Any => !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'),
                Atom::Class { negated, items } => {
                    negated
                        ^ items.iter().any(|i| match i {
                            ClassItem::Range(lo, hi) => (*lo..=*hi).contains(&c),
                            ClassItem::Escape(e) => escape_matches(*e, c),
                        })
                }
                _ => false,
            };
            hit && k(pos + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn regex_subset() {
        let id = Regex::new("^[a-f0-9]{24}$").unwrap();
        assert!(id.is_match("6c73999ae7966f00563911a4"));
        for bad in [
            "6c73999ae7966f00563911a",
            "6c73999ae7966f00563911a45",
            "6C73999AE7966F00563911A4",
            "zc73999ae7966f00563911a4",
            "",
        ] {
            assert!(!id.is_match(bad), "{bad}");
        }
        let email = Regex::new("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$").unwrap();
        for good in ["a@x.com", "first.last+tag@sub.example.org", "ü@bücher.de"] {
            assert!(email.is_match(good), "{good}");
        }
        for bad in [
            "a",
            "a@x",
            "@x.com",
            "a@@x.com",
            "a b@x.com",
            "a@x..com",
            "a@x.com.",
            "a@.x.com",
        ] {
            assert!(!email.is_match(bad), "{bad}");
        }
        // Unanchored patterns match anywhere; alternation, ?, *, {n,m}.
        assert!(Regex::new("b+").unwrap().is_match("abbc"));
        assert!(!Regex::new("^b+").unwrap().is_match("abbc"));
        let alt = Regex::new("^(ab|c)?d{1,2}$").unwrap();
        for (s, want) in [
            ("d", true),
            ("abd", true),
            ("cdd", true),
            ("cddd", false),
            ("abcd", false),
        ] {
            assert_eq!(alt.is_match(s), want, "{s}");
        }
        assert!(Regex::new("^(a*)*$").unwrap().is_match("aaa"));
        assert!(Regex::new("^[-a]+$").unwrap().is_match("-a-"));
        assert!(Regex::new("^\\d\\D\\w\\W\\S$").unwrap().is_match("1x_ !"));
        // What it does not know is refused, not guessed.
        for unsupported in [
            "a{2", "(a", "a)", "\\p{L}", "a*?", "[a", "[z-a]", "*a", "\\1",
        ] {
            assert!(Regex::new(unsupported).is_err(), "{unsupported}");
        }
    }

    fn errors(schema: serde_json::Value, doc: serde_json::Value) -> Vec<String> {
        Schema::new(schema).unwrap().validate(&doc)
    }

    #[test]
    fn each_keyword_passes_and_fails() {
        let s = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "description": "d",
            "type": "object",
            "required": ["a"],
            "additionalProperties": false,
            "properties": {
                "a": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"$ref": "#/$defs/e"}},
                "b": {"type": "string", "minLength": 2, "pattern": "^x"},
                "c": {"const": 3},
                "t": {"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "boolean"}},
                "o": {"oneOf": [{"required": ["p"]}, {"required": ["q"]}]},
                "n": {"anyOf": [{"type": "null"}, {"type": "number"}], "not": {"const": 0}}
            },
            "$defs": {"e": {"enum": ["X", "Y"]}}
        });
        assert_eq!(
            errors(
                s.clone(),
                json!({"a": ["X"], "b": "xy", "c": 3, "t": [1, true], "o": {"p": 1}, "n": null})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            errors(
                s.clone(),
                json!({"a": [], "b": "y", "c": 4, "t": [true, 1], "o": {"p": 1, "q": 2}, "n": "s", "z": 1})
            ),
            [
                "/a: fewer than 1 items",
                "/b: shorter than 2 characters",
                "/b: \"y\" does not match ^x",
                "/c: expected 3, found 4",
                "/n: matches none of anyOf",
                "/o: must match exactly one of oneOf, matches [0, 1]",
                "/t/0: expected integer, found boolean",
                "/t/1: expected boolean, found number",
                "/z: unknown key \"z\"",
            ]
        );
        assert_eq!(
            errors(s.clone(), json!({"a": ["X", "Z", "X"], "o": {}, "n": 0})),
            [
                "/a: item 2 (\"X\") is listed twice",
                "/a/1: \"Z\" is not one of [\"X\",\"Y\"]",
                "/n: matches what `not` forbids: {\"const\":0}",
                "/o: required: p (closest of oneOf)",
            ]
        );
        assert_eq!(errors(s, json!([])), [": expected object, found array"]);
        assert_eq!(
            errors(
                json!({"allOf": [{"type": "string"}, {"minLength": 1}]}),
                json!("")
            ),
            [": shorter than 1 characters"]
        );
    }

    #[test]
    fn unknown_keywords_and_bad_patterns_are_refused() {
        for (schema, want) in [
            (
                json!({"format": "email"}),
                "#: unsupported keyword \"format\"",
            ),
            (
                json!({"properties": {"a": {"maxLength": 3}}}),
                "#/properties/a: unsupported keyword \"maxLength\"",
            ),
            (
                json!({"$defs": {"x": {"items": {"pattern": "\\p{L}"}}}}),
                "#/$defs/x/items/pattern: unsupported escape \\p",
            ),
            (json!({"type": "int"}), "#/type: unsupported type \"int\""),
        ] {
            assert_eq!(Schema::new(schema).err().as_deref(), Some(want));
        }
    }
}
