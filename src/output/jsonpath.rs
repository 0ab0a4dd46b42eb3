//! JSONPath as the official CLI evaluates it (PaesslerAG/jsonpath v0.1.1 on gval's
//! base language): `$`/`@` paths, `.name`, `[n]`, `["key"]`, `*`, `..`, unions,
//! slices, `[?(filter)]`, `[(script)]`, bare gval expressions with `==`/`!=`, and the
//! libraries' error texts, including the literal TAB in parse errors.
//!
//! Documents, intermediate values and results are `serde_json::Value`s shaped as
//! `json.Unmarshal` into `interface{}` shapes them: every number a float64 (see
//! [`go_numbers`]) and objects as maps. Our `serde_json::Map` is sorted, so wildcards
//! over objects yield values in sorted key order (Go's order is random; decision
//! sorted-jsonpath-wildcards).

// The scanner slices its source between token bounds it has just scanned, and the
// range selector indexes an array at positions clamped to its length (fuzzed by the
// jsonpath target).
#![allow(clippy::indexing_slicing)]

use serde_json::Value;
use std::borrow::Cow;

/// The document as Go's `json.Unmarshal` into `interface{}` gives it: every number
/// becomes a float64 (integers lose precision beyond 2^53, as in Go), so that numbers
/// compare and print the same wherever they came from.
pub fn go_numbers(mut v: Value) -> Value {
    floats_in_place(&mut v);
    v
}

fn floats_in_place(v: &mut Value) {
    match v {
        Value::Number(n) if !n.is_f64() => {
            if let Some(f) = n.as_f64() {
                *v = float(f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(floats_in_place),
        Value::Object(m) => m.values_mut().for_each(floats_in_place),
        _ => {}
    }
}

/// A float64 value. Only finite numbers reach here: number literals that overflow
/// are refused by [`parse_float`], and nothing else computes new magnitudes.
fn float(f: f64) -> Value {
    Value::from(f)
}

/// The float64 inside a number.
fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// `strconv.ParseFloat(text, 64)` as gval calls it on a number token (underscores
/// dropped). Go refuses values that overflow to ±Inf with "value out of range".
fn parse_float(text: &str) -> Result<f64, String> {
    let why = match text.replace('_', "").parse::<f64>() {
        Ok(f) if f.is_finite() => return Ok(f),
        Ok(_) => "value out of range",
        Err(_) => "invalid syntax",
    };
    Err(format!(
        "strconv.ParseFloat: parsing {}: {why}",
        crate::go::strconv::quote(text)
    ))
}

/// Go's `%T` of a decoded value.
fn go_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// Go's `%v` of a decoded value (maps print in sorted key order, as `fmt` does).
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => num_v(n),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            format!("[{}]", items.iter().map(go_v).collect::<Vec<_>>().join(" "))
        }
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_v(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// `%v` of a float64; a number that is not one (impossible after [`go_numbers`]) prints
/// as serde_json writes it.
fn num_v(n: &serde_json::Number) -> String {
    n.as_f64()
        .map_or_else(|| n.to_string(), crate::go::strconv::float_v)
}

// ---------------------------------------------------------------------------------
// A Go `text/scanner` (GoTokens mode) with gval's identifier rule.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Eof,
    Ident,
    Int,
    Float,
    Char,
    String,
    RawString,
    Rune(char),
}

fn token_string(t: Tok) -> String {
    match t {
        Tok::Eof => "EOF".into(),
        Tok::Ident => "Ident".into(),
        Tok::Int => "Int".into(),
        Tok::Float => "Float".into(),
        Tok::Char => "Char".into(),
        Tok::String => "String".into(),
        Tok::RawString => "RawString".into(),
        Tok::Rune(c) => crate::go::strconv::quote(&c.to_string()),
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Pos {
    line: usize,
    col: usize,
}

struct Scanner {
    src: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
    /// Start of the last token (`Position`); `line == 0` when invalid.
    tok_pos: Pos,
    tok_start: usize,
    tok_end: usize,
}

impl Scanner {
    fn new(s: &str) -> Scanner {
        Scanner {
            src: s.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
            tok_pos: Pos::default(),
            tok_start: 0,
            tok_end: 0,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.src.get(self.i).copied()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// `Pos()`: just after the last character read.
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn text(&self) -> String {
        self.src[self.tok_start..self.tok_end].iter().collect()
    }

    fn digits(&mut self, radix: u32) {
        while self.peek().is_some_and(|c| c.is_digit(radix) || c == '_') {
            self.bump();
        }
    }

    fn scan(&mut self) -> Tok {
        // Skip whitespace and comments.
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\n' | '\r') => {
                    self.bump();
                }
                Some('/') if self.src.get(self.i + 1) == Some(&'/') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                Some('/') if self.src.get(self.i + 1) == Some(&'*') => {
                    self.bump();
                    self.bump();
                    while self.peek().is_some()
                        && !(self.peek() == Some('*') && self.src.get(self.i + 1) == Some(&'/'))
                    {
                        self.bump();
                    }
                    self.bump();
                    self.bump();
                }
                _ => break,
            }
        }
        self.tok_start = self.i;
        self.tok_pos = self.pos();
        let tok = match self.bump() {
            None => {
                self.tok_end = self.i;
                return Tok::Eof;
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_alphabetic() || c == '_' || c.is_numeric())
                {
                    self.bump();
                }
                Tok::Ident
            }
            Some(c)
                if c.is_ascii_digit()
                    || (c == '.' && self.peek().is_some_and(|d| d.is_ascii_digit())) =>
            {
                let mut float = c == '.';
                if c == '0' && matches!(self.peek(), Some('x' | 'X' | 'o' | 'O' | 'b' | 'B')) {
                    let r = match self.bump() {
                        Some('x' | 'X') => 16,
                        Some('o' | 'O') => 8,
                        _ => 2,
                    };
                    self.digits(r);
                } else {
                    self.digits(10);
                    if !float && self.peek() == Some('.') {
                        self.bump();
                        float = true;
                        self.digits(10);
                    } else if float {
                        self.digits(10);
                    }
                    if matches!(self.peek(), Some('e' | 'E')) {
                        self.bump();
                        float = true;
                        if matches!(self.peek(), Some('+' | '-')) {
                            self.bump();
                        }
                        self.digits(10);
                    }
                }
                if float {
                    Tok::Float
                } else {
                    Tok::Int
                }
            }
            Some(q @ ('"' | '\'')) => {
                loop {
                    match self.bump() {
                        None | Some('\n') => break,
                        Some('\\') => {
                            self.bump();
                        }
                        Some(c) if c == q => break,
                        _ => {}
                    }
                }
                if q == '"' {
                    Tok::String
                } else {
                    Tok::Char
                }
            }
            Some('`') => {
                while let Some(c) = self.bump() {
                    if c == '`' {
                        break;
                    }
                }
                Tok::RawString
            }
            Some(c) => Tok::Rune(c),
        };
        self.tok_end = self.i;
        tok
    }
}

// ---------------------------------------------------------------------------------
// Parsing.

#[derive(Clone, Debug)]
enum Expr {
    Const(Value),
    /// `$…` (root) or `@…` (current) paths.
    Path {
        current: bool,
        path: Vec<Sel>,
    },
    /// A bare identifier chain, looked up in the root value.
    Var(Vec<Expr>),
    Neg(Box<Expr>),
    Eq(Box<Expr>, Box<Expr>),
    Ne(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Debug)]
enum Sel {
    // Plain selectors: one result.
    Direct(Expr),
    Script(Expr),
    // Ambiguous selectors: any number of results.
    Star,
    Multi(Vec<Expr>),
    Mapper,
    Filter(Expr),
    Range(Expr, Expr, Expr),
}

impl Sel {
    fn is_ambiguous(&self) -> bool {
        !matches!(self, Sel::Direct(_) | Sel::Script(_))
    }
}

/// Characters of gval's base operators (including precedence-only ones).
const OPERATOR_SYMBOLS: &str = "?|&=!<>~^+-*/%";

struct Parser {
    sc: Scanner,
    last: Tok,
    /// A pending "camouflage": the last token is handed out again, with this error
    /// if nothing wants it.
    camouflage: Option<String>,
    depth: usize,
}

fn unexpected(got: Tok, unit: &str, expected: &[Tok]) -> String {
    let names: Vec<String> = expected.iter().map(|t| token_string(*t)).collect();
    let exp = match names.len() {
        0 => return format!("unexpected {} while scanning {unit}", token_string(got)),
        1 => names[0].clone(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    };
    format!(
        "unexpected {} while scanning {unit} expected {exp}",
        token_string(got)
    )
}

type P<T> = Result<T, String>;

impl Parser {
    fn scan(&mut self) -> Tok {
        if self.camouflage.take().is_some() {
            return self.last;
        }
        self.last = self.sc.scan();
        self.last
    }

    fn camouflage(&mut self, unit: &str, expected: &[Tok]) {
        self.camouflage = Some(unexpected(self.last, unit, expected));
    }

    fn expected(&self, unit: &str, expected: &[Tok]) -> String {
        unexpected(self.last, unit, expected)
    }

    fn parse_expression(&mut self) -> P<Expr> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("expression is nested too deeply".into());
        }
        let first = self.parse_next()?;
        let r = self.parse_operators(first);
        self.depth -= 1;
        r
    }

    /// Only `==` and `!=` exist in the base language; they share one precedence and
    /// associate to the left.
    fn parse_operators(&mut self, mut left: Expr) -> P<Expr> {
        loop {
            let tok = self.scan();
            let mut op = String::new();
            let mut must = false;
            match tok {
                Tok::Rune(c) if OPERATOR_SYMBOLS.contains(c) => {
                    op.push(c);
                    while let Some(n) = self.sc.peek().filter(|c| OPERATOR_SYMBOLS.contains(*c)) {
                        op.push(n);
                        must = true;
                        self.sc.bump();
                        // Reading characters one by one invalidates the token position,
                        // as text/scanner's Next does.
                        self.sc.tok_pos = Pos::default();
                    }
                }
                Tok::Ident => op = self.sc.text(),
                _ => {
                    self.camouflage("operator", &[]);
                    return Ok(left);
                }
            }
            match op.as_str() {
                "==" | "!=" => {
                    let right = self.parse_next()?;
                    left = if op == "==" {
                        Expr::Eq(Box::new(left), Box::new(right))
                    } else {
                        Expr::Ne(Box::new(left), Box::new(right))
                    };
                }
                _ if !must => {
                    self.camouflage("operator", &[]);
                    return Ok(left);
                }
                _ => return Err(format!("unknown operator {op}")),
            }
        }
    }

    fn parse_next(&mut self) -> P<Expr> {
        let tok = self.scan();
        match tok {
            Tok::Int | Tok::Float => parse_float(&self.sc.text()).map(|f| Expr::Const(float(f))),
            Tok::String | Tok::Char | Tok::RawString => {
                let text = self.sc.text();
                crate::go::strconv::unquote(&text)
                    .map(|s| Expr::Const(Value::String(s)))
                    .ok_or_else(|| "could not parse string: invalid syntax".to_string())
            }
            Tok::Rune('-') => Ok(Expr::Neg(Box::new(self.parse_next()?))),
            Tok::Rune('(') => {
                let e = self.parse_expression()?;
                match self.scan() {
                    Tok::Rune(')') => Ok(e),
                    _ => Err(self.expected("parentheses", &[Tok::Rune(')')])),
                }
            }
            Tok::Rune('$') => Ok(Expr::Path {
                current: false,
                path: self.parse_path(Vec::new())?,
            }),
            Tok::Rune('@') => Ok(Expr::Path {
                current: true,
                path: self.parse_path(Vec::new())?,
            }),
            Tok::Ident => {
                let name = self.sc.text();
                match name.as_str() {
                    "true" => return Ok(Expr::Const(Value::Bool(true))),
                    "false" => return Ok(Expr::Const(Value::Bool(false))),
                    _ => {}
                }
                let mut keys = vec![Expr::Const(Value::String(name))];
                loop {
                    match self.scan() {
                        Tok::Rune('.') => match self.scan() {
                            Tok::Ident => keys.push(Expr::Const(Value::String(self.sc.text()))),
                            _ => return Err(self.expected("field", &[Tok::Ident])),
                        },
                        Tok::Rune('[') => {
                            let k = self.parse_expression()?;
                            match self.scan() {
                                Tok::Rune(']') => keys.push(k),
                                _ => return Err(self.expected("array index", &[Tok::Rune(']')])),
                            }
                        }
                        _ => {
                            self.camouflage("variable", &[Tok::Rune('.'), Tok::Rune('[')]);
                            return Ok(Expr::Var(keys));
                        }
                    }
                }
            }
            _ => Err(self.expected("extensions", &[])),
        }
    }

    fn parse_path(&mut self, mut path: Vec<Sel>) -> P<Vec<Sel>> {
        loop {
            match self.scan() {
                Tok::Rune('.') => match self.scan() {
                    Tok::Ident => {
                        path.push(Sel::Direct(Expr::Const(Value::String(self.sc.text()))))
                    }
                    Tok::Rune('.') => {
                        path.push(Sel::Mapper);
                        self.parse_mapper(&mut path)?;
                    }
                    Tok::Rune('*') => path.push(Sel::Star),
                    _ => {
                        return Err(self.expected(
                            "JSON select",
                            &[Tok::Ident, Tok::Rune('.'), Tok::Rune('*')],
                        ))
                    }
                },
                Tok::Rune('[') => {
                    let (keys, sep) = self.parse_bracket()?;
                    path.push(bracket_selector(keys, sep)?);
                }
                Tok::Rune('(') => path.push(self.parse_script()?),
                _ => {
                    self.camouflage(
                        "jsonpath",
                        &[Tok::Rune('.'), Tok::Rune('['), Tok::Rune('(')],
                    );
                    return Ok(path);
                }
            }
        }
    }

    /// `(expr)` after a path: the `(` has been read.
    fn parse_script(&mut self) -> P<Sel> {
        let script = self.parse_expression()?;
        if self.scan() != Tok::Rune(')') {
            return Err(self.expected("jsonpath script", &[Tok::Rune(')')]));
        }
        Ok(Sel::Script(script))
    }

    fn parse_mapper(&mut self, path: &mut Vec<Sel>) -> P<()> {
        match self.scan() {
            Tok::Ident => path.push(Sel::Direct(Expr::Const(Value::String(self.sc.text())))),
            Tok::Rune('[') => {
                let (keys, sep) = self.parse_bracket()?;
                match sep {
                    Some(':') => return Err("mapper can not be combined with range query".into()),
                    Some('?') => {
                        if keys.len() != 1 {
                            return Err("filter needs exactly one key".into());
                        }
                        path.push(Sel::Filter(
                            keys.into_iter()
                                .next()
                                .ok_or("filter needs exactly one key")?,
                        ));
                    }
                    _ => path.push(if keys.is_empty() {
                        Sel::Star
                    } else {
                        Sel::Multi(keys)
                    }),
                }
            }
            Tok::Rune('*') => path.push(Sel::Star),
            Tok::Rune('(') => path.push(self.parse_script()?),
            _ => {
                return Err(
                    self.expected("JSON mapper", &[Tok::Rune('['), Tok::Ident, Tok::Rune('*')])
                )
            }
        }
        Ok(())
    }

    /// The inside of `[…]`: keys and the separator that joined them.
    fn parse_bracket(&mut self) -> P<(Vec<Expr>, Option<char>)> {
        let mut keys = Vec::new();
        let mut sep: Option<char> = None;
        loop {
            let mut tok = self.scan();
            let mut skip_scan = false;
            match tok {
                Tok::Rune('?') => skip_scan = true,
                Tok::Rune(':') => {
                    let i = if keys.len() == 1 {
                        f64::from(i32::MAX)
                    } else {
                        0.0
                    };
                    keys.push(Expr::Const(float(i)));
                    skip_scan = true;
                }
                Tok::Rune('*') => {
                    if self.scan() != Tok::Rune(']') {
                        return Err(self.expected("JSON bracket star", &[Tok::Rune(']')]));
                    }
                    return Ok((Vec::new(), None));
                }
                Tok::Rune(']') if sep == Some(':') => skip_scan = true,
                _ => {
                    self.camouflage("jsonpath brackets", &[]);
                    keys.push(self.parse_expression()?);
                }
            }
            if !skip_scan {
                tok = self.scan();
            }
            let c = match tok {
                Tok::Rune(c) => Some(c),
                _ => None,
            };
            if sep.is_none() {
                sep = c;
            }
            match c {
                Some(':' | ',') => {}
                Some(']') => return Ok((keys, sep)),
                Some('?') => {
                    if !keys.is_empty() {
                        return Err(self.expected("JSON filter", &[Tok::Rune(']')]));
                    }
                }
                _ => {
                    return Err(
                        self.expected("JSON bracket separator", &[Tok::Rune(':'), Tok::Rune(',')])
                    )
                }
            }
            if sep != c {
                return Err(format!(
                    "mixed {} and {} in JSON bracket",
                    sep.map_or(0, u32::from),
                    c.map_or(0, u32::from)
                ));
            }
        }
    }
}

fn bracket_selector(keys: Vec<Expr>, sep: Option<char>) -> P<Sel> {
    Ok(match sep {
        Some(':') => {
            if keys.len() > 3 {
                return Err("range query has at least the parameter [min:max:step]".into());
            }
            let mut k = keys.into_iter();
            let min = k.next().unwrap_or(Expr::Const(float(0.0)));
            let max = k.next().unwrap_or(Expr::Const(float(f64::from(i32::MAX))));
            let step = k.next().unwrap_or(Expr::Const(float(1.0)));
            Sel::Range(min, max, step)
        }
        Some('?') => {
            if keys.len() != 1 {
                return Err("filter needs exactly one key".into());
            }
            Sel::Filter(
                keys.into_iter()
                    .next()
                    .ok_or("filter needs exactly one key")?,
            )
        }
        _ if keys.len() == 1 => Sel::Direct(keys.into_iter().next().ok_or("missing key")?),
        _ if keys.is_empty() => Sel::Star,
        _ => Sel::Multi(keys),
    })
}

// ---------------------------------------------------------------------------------
// Evaluation. Selections borrow from the document; only results are copied.

struct Ctx<'a> {
    root: &'a Value,
    current: &'a Value,
}

/// What a bare name chain finds under a missing key.
static NULL: Value = Value::Null;

fn eval(e: &Expr, c: &Ctx) -> Result<Value, String> {
    match e {
        Expr::Const(v) => Ok(v.clone()),
        Expr::Path { current, path } => {
            let start = if *current { c.current } else { c.root };
            eval_path(path, start, c.root)
        }
        Expr::Var(keys) => {
            let mut v = c.root;
            let mut names = Vec::new();
            for k in keys {
                let key = go_v(&eval(k, c)?);
                v = match v {
                    Value::Object(m) => m.get(&key).unwrap_or(&NULL),
                    // A name that is no index leaves the array itself.
                    Value::Array(items) => key
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i))
                        .unwrap_or(v),
                    _ => {
                        names.push(key);
                        return Err(format!("unknown parameter {}", names.join(".")));
                    }
                };
                names.push(key);
            }
            Ok(v.clone())
        }
        Expr::Neg(inner) => {
            let v = eval(inner, c)?;
            num(&v).map(|f| float(-f)).ok_or_else(|| {
                format!(
                    "unexpected {}({}) expected number",
                    go_v(&v),
                    go_type_name(&v)
                )
            })
        }
        Expr::Eq(a, b) => Ok(Value::Bool(eval(a, c)? == eval(b, c)?)),
        Expr::Ne(a, b) => Ok(Value::Bool(eval(a, c)? != eval(b, c)?)),
    }
}

fn eval_int(e: &Expr, c: &Ctx) -> Result<i64, String> {
    let v = eval(e, c)?;
    // Go's int(f): truncation; out-of-range values saturate here.
    num(&v).map(|f| f as i64).ok_or_else(|| {
        format!(
            "expected number but got {} ({})",
            go_v(&v),
            go_type_name(&v)
        )
    })
}

fn select<'a>(key: &Expr, root: &Value, v: &'a Value) -> Result<&'a Value, String> {
    let c = Ctx { root, current: v };
    match v {
        Value::Array(items) => {
            let i = eval_int(key, &c).map_err(|e| format!("could not select value, invalid key: {e}"))?;
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .ok_or_else(|| format!("index {i} out of bounds"))
        }
        Value::Object(m) => {
            let k = eval(key, &c).map_err(|e| format!("could not select value, invalid key: {e}"))?;
            let k = go_v(&k);
            m.get(&k).ok_or_else(|| format!("unknown key {k}"))
        }
        other => Err(format!(
            "unsupported value type {} for select, expected map[string]interface{{}} or []interface{{}}",
            go_type_name(other)
        )),
    }
}

/// An array's items or an object's values (in key order).
fn children(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        Value::Object(m) => m.values().collect(),
        _ => Vec::new(),
    }
}

fn apply_plain<'a>(sel: &Sel, root: &'a Value, v: &'a Value) -> Result<Cow<'a, Value>, String> {
    match sel {
        Sel::Direct(key) => select(key, root, v).map(Cow::Borrowed),
        Sel::Script(e) => eval(e, &Ctx { root, current: v }).map(Cow::Owned),
        _ => Err("internal: not a plain selector".into()),
    }
}

/// Feeds every match of `path` starting at `v` into `out`; errors drop a branch.
fn visit(path: &[Sel], root: &Value, v: &Value, out: &mut Vec<Value>) {
    let Some((sel, rest)) = path.split_first() else {
        out.push(v.clone());
        return;
    };
    if !sel.is_ambiguous() {
        if let Ok(next) = apply_plain(sel, root, v) {
            visit(rest, root, &next, out);
        }
        return;
    }
    let c = Ctx { root, current: v };
    match sel {
        Sel::Star => {
            for child in children(v) {
                visit(rest, root, child, out);
            }
        }
        Sel::Multi(keys) => {
            for k in keys {
                if let Ok(m) = select(k, root, v) {
                    visit(rest, root, m, out);
                }
            }
        }
        Sel::Mapper => {
            let mut all = Vec::new();
            descend(v, &mut all);
            for node in all {
                visit(rest, root, node, out);
            }
        }
        Sel::Filter(f) => {
            for child in children(v) {
                let ok = matches!(
                    eval(
                        f,
                        &Ctx {
                            root,
                            current: child
                        }
                    ),
                    Ok(Value::Bool(true))
                );
                if ok {
                    visit(rest, root, child, out);
                }
            }
        }
        Sel::Range(min, max, step) => {
            let Value::Array(items) = v else { return };
            let (Ok(min), Ok(max), Ok(step)) =
                (eval_int(min, &c), eval_int(max, &c), eval_int(step, &c))
            else {
                return;
            };
            if min > max {
                return;
            }
            let n = items.len() as i64;
            let clamp = |x: i64| {
                if x < 0 {
                    (n + x).max(0)
                } else {
                    x.min(n)
                }
            };
            let (lo, hi) = (clamp(min), clamp(max));
            let step = if step == 0 { 1 } else { step };
            let mut picked = Vec::new();
            if step > 0 {
                let mut i = lo;
                while i < hi {
                    picked.push(&items[i as usize]);
                    i += step;
                }
            } else {
                let mut i = hi - 1;
                while i >= lo {
                    picked.push(&items[i as usize]);
                    i += step;
                }
            }
            for p in picked {
                visit(rest, root, p, out);
            }
        }
        Sel::Direct(_) | Sel::Script(_) => {}
    }
}

/// `..`: the value itself, then every descendant, depth first.
fn descend<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(v);
    for child in children(v) {
        descend(child, out);
    }
}

fn eval_path(path: &[Sel], start: &Value, root: &Value) -> Result<Value, String> {
    if path.iter().any(Sel::is_ambiguous) {
        let mut out = Vec::new();
        visit(path, root, start, &mut out);
        return Ok(Value::Array(out));
    }
    let mut v = Cow::Borrowed(start);
    for sel in path {
        v = match v {
            Cow::Borrowed(b) => apply_plain(sel, root, b)?,
            // Past a script's result, which we own: copy what is selected from it.
            Cow::Owned(o) => Cow::Owned(apply_plain(sel, root, &o)?.into_owned()),
        };
    }
    Ok(v.into_owned())
}

/// `jsonpath.Get(expr, value)`; `value` holds float64 numbers only (see [`go_numbers`]).
pub fn get(expr: &str, value: &Value) -> Result<Value, String> {
    let mut p = Parser {
        sc: Scanner::new(expr),
        last: Tok::Eof,
        camouflage: None,
        depth: 0,
    };
    let parsed = p
        .parse_expression()
        .and_then(|e| match (&p.camouflage, p.last) {
            (Some(err), last) if last != Tok::Eof => Err(err.clone()),
            _ => Ok(e),
        });
    let e = parsed.map_err(|err| {
        let at = p.sc.tok_pos;
        let position = if at.line == 0 {
            format!("{expr}\t")
        } else {
            format!("{expr}\t:{}:{}", at.line, at.col)
        };
        let pos = p.sc.pos();
        format!("parsing error: {position} - {}:{} {err}", pos.line, pos.col)
    })?;
    eval(
        &e,
        &Ctx {
            root: value,
            current: value,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Value {
        go_numbers(serde_json::from_str(s).unwrap())
    }

    /// The result as Go's `json.Marshal` writes it.
    fn compact(v: &Value) -> String {
        String::from_utf8(crate::go::json::marshal(v).unwrap()).unwrap()
    }

    const INVITE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","id":"6a79","roles":["ORG_MEMBER"],"teamIds":[],"username":"u@x"}"#;
    const LIST: &str = r#"[{"id":"a","roles":["ORG_MEMBER"],"username":"one"},{"id":"b","roles":["ORG_READ_ONLY"],"username":"two"},{"id":"c","roles":["ORG_READ_ONLY"],"username":"three"}]"#;

    fn ok(expr: &str, d: &str) -> String {
        compact(&get(expr, &doc(d)).unwrap())
    }

    fn err(expr: &str, d: &str) -> String {
        get(expr, &doc(d)).unwrap_err()
    }

    #[test]
    fn selections() {
        assert_eq!(ok("$.id", INVITE), r#""6a79""#);
        assert_eq!(ok("$.roles", INVITE), r#"["ORG_MEMBER"]"#);
        assert_eq!(ok("$.roles[0]", INVITE), r#""ORG_MEMBER""#);
        assert_eq!(ok("$.teamIds", INVITE), "[]");
        assert_eq!(ok("$..username", INVITE), r#"["u@x"]"#);
        assert_eq!(ok("$[0].username", LIST), r#""one""#);
        assert_eq!(ok("$[*].id", LIST), r#"["a","b","c"]"#);
        assert_eq!(
            ok(r#"$[?(@.roles[0] == "ORG_READ_ONLY")].username"#, LIST),
            r#"["two","three"]"#
        );
        assert_eq!(ok("$[0,2].id", LIST), r#"["a","c"]"#);
        assert_eq!(ok(r#"$[0]["id","username"]"#, LIST), r#"["a","one"]"#);
        assert_eq!(ok("$[-1:].id", LIST), r#"["c"]"#);
        assert_eq!(ok("$[::-1].id", LIST), r#"["c","b","a"]"#);
        assert_eq!(ok("$[*].missing", LIST), "[]");
        assert_eq!(ok("id", INVITE), r#""6a79""#);
        assert_eq!(ok("nope", INVITE), "null");
        assert_eq!(ok("\"lit\"", INVITE), r#""lit""#);
        assert_eq!(ok("1", INVITE), "1");
        assert_eq!(ok("true", INVITE), "true");
        assert_eq!(ok("$[?(@.username)].id", LIST), "[]");
    }

    #[test]
    fn repeated_keys_keep_the_last_value() {
        assert_eq!(
            doc(r#"{"b":1,"a":2,"b":3,"a":4,"c":5,"b":6}"#),
            serde_json::json!({"a": 4.0, "b": 6.0, "c": 5.0})
        );
    }

    #[test]
    fn wildcards_over_objects_are_sorted() {
        // Decision sorted-jsonpath-wildcards: holds while serde_json's map is sorted
        // (no `preserve_order` feature).
        assert_eq!(ok("$.*", r#"{"b":1,"c":[],"a":2}"#), "[2,1,[]]");
        assert_eq!(
            ok("$..*", r#"{"b":{"y":1,"x":2},"a":3}"#),
            "[3,{\"x\":2,\"y\":1},2,1]"
        );
    }

    #[test]
    fn numbers_are_float64() {
        // Integers in the document equal the same number written in the expression.
        assert_eq!(ok("$[?(@.n == 10)].n", r#"[{"n":10},{"n":10.5}]"#), "[10]");
        assert_eq!(
            ok("$[?(@.n != 1e1)].n", r#"[{"n":10},{"n":10.5}]"#),
            "[10.5]"
        );
        assert_eq!(ok("-0", INVITE), "-0");
        assert_eq!(ok("1.5e3", INVITE), "1500");
        assert_eq!(ok("1e21", INVITE), "1e+21");
        // As in Go, integers past 2^53 round to the nearest float64.
        assert_eq!(ok("$.x", r#"{"x":9007199254740993}"#), "9007199254740992");
    }

    /// Cases and answers produced by PaesslerAG/jsonpath v0.1.1 with Go 1.19
    /// (`tests/golden/jsonpath.txt`). Wildcards over objects are compared as sets:
    /// Go's map order is random, ours is sorted.
    #[test]
    fn golden_against_go() {
        let golden = include_str!("../../tests/golden/jsonpath.txt");
        let mut checked = 0;
        for line in golden.lines().filter(|l| !l.is_empty()) {
            let (case, want) = line.split_once(" => ").unwrap();
            let (which, expr) = case.split_once(' ').unwrap();
            let d = if which == "list" { LIST } else { INVITE };
            let got = get(expr, &doc(d));
            if let Some(e) = want.strip_prefix("ERR ") {
                let Ok(e) = serde_json::from_str::<String>(e) else {
                    panic!("bad golden line {line}")
                };
                assert_eq!(got, Err(e), "{line}");
            } else {
                let got = got.unwrap_or_else(|e| panic!("{line}: {e}"));
                let want = doc(want);
                let unordered = expr.contains(".*") || expr.contains("..");
                match (unordered, &got, &want) {
                    (true, Value::Array(g), Value::Array(w)) => {
                        let mut g: Vec<String> = g.iter().map(compact).collect();
                        let mut w: Vec<String> = w.iter().map(compact).collect();
                        crate::go::sort::slice_stable(&mut g, Ord::cmp);
                        crate::go::sort::slice_stable(&mut w, Ord::cmp);
                        assert_eq!(g, w, "{line}");
                    }
                    _ => assert_eq!(got, want, "{line}"),
                }
            }
            checked += 1;
        }
        assert!(checked > 60);
    }

    #[test]
    fn errors() {
        assert_eq!(err("$.missing", INVITE), "unknown key missing");
        assert_eq!(err("$.roles[5]", INVITE), "index 5 out of bounds");
        assert_eq!(err("$.roles[-1]", INVITE), "index -1 out of bounds");
        assert_eq!(
            err("$.id", LIST),
            "could not select value, invalid key: expected number but got id (string)"
        );
        assert_eq!(err("$.id.x", INVITE), "unsupported value type string for select, expected map[string]interface{} or []interface{}");
        assert_eq!(
            err("$[", INVITE),
            "parsing error: $[\t:1:3 - 1:3 unexpected EOF while scanning extensions"
        );
        assert_eq!(
            err("foo bar", INVITE),
            "parsing error: foo bar\t:1:5 - 1:8 unexpected Ident while scanning operator"
        );
        assert_eq!(err("$.[0].id", LIST), "parsing error: $.[0].id\t:1:3 - 1:4 unexpected \"[\" while scanning JSON select expected Ident, \".\" or \"*\"");
        assert_eq!(
            err("$[0]['id']", LIST),
            "parsing error: $[0]['id']\t:1:6 - 1:10 could not parse string: invalid syntax"
        );
        assert!(err("$[?(@.x > 1)]", LIST)
            .ends_with("unexpected \">\" while scanning parentheses expected \")\""));
        assert_eq!(
            err("$[?(@.x && 1)]", LIST),
            "parsing error: $[?(@.x && 1)]\t - 1:11 unknown operator &&"
        );
    }
}
