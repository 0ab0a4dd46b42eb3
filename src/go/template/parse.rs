//! The `text/template` parser: Go's grammar, variable scoping and error texts
//! (`template: output:<line>: <message>`).

use super::lex::{lex, Item, Kind};
use crate::go::reflect::GoString;
use crate::go::strconv;
use std::collections::BTreeMap;

/// The functions a template may call: Go's builtins and the CLI's two extras.
pub const FUNCTIONS: &[&str] = &[
    "and",
    "call",
    "html",
    "index",
    "slice",
    "js",
    "len",
    "not",
    "or",
    "print",
    "printf",
    "println",
    "urlquery",
    "eq",
    "ge",
    "gt",
    "le",
    "lt",
    "ne",
    "valueOrEmptySlice",
    "formatAliases",
];

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    Action {
        pos: usize,
        pipe: Pipe,
    },
    If {
        pos: usize,
        pipe: Pipe,
        list: Vec<Node>,
        else_list: Option<Vec<Node>>,
    },
    With {
        pos: usize,
        pipe: Pipe,
        list: Vec<Node>,
        else_list: Option<Vec<Node>>,
    },
    Range {
        pos: usize,
        pipe: Pipe,
        list: Vec<Node>,
        else_list: Option<Vec<Node>>,
    },
    Template {
        pos: usize,
        name: GoString,
        pipe: Option<Pipe>,
    },
    Break {
        pos: usize,
    },
    Continue {
        pos: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<String>,
    pub cmds: Vec<Command>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// A number literal with the readings Go's `NumberNode` allows.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub text: String,
    pub int: Option<i64>,
    pub uint: Option<u64>,
    pub float: Option<f64>,
    /// Real and imaginary parts.
    pub complex: Option<(f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Field {
        pos: usize,
        idents: Vec<String>,
    },
    Variable {
        pos: usize,
        idents: Vec<String>,
    },
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<String>,
    },
    Identifier {
        pos: usize,
        name: String,
    },
    Dot {
        pos: usize,
    },
    Nil {
        pos: usize,
    },
    Bool {
        pos: usize,
        value: bool,
    },
    Number {
        pos: usize,
        number: Number,
    },
    String {
        pos: usize,
        quoted: String,
        text: GoString,
    },
    Pipe {
        pos: usize,
        pipe: Box<Pipe>,
    },
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::String { pos, .. }
            | Arg::Pipe { pos, .. } => *pos,
        }
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Field { idents, .. } => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable { idents, .. } => f.write_str(&idents.join(".")),
            Arg::Chain { node, fields, .. } => {
                match **node {
                    Arg::Pipe { .. } => write!(f, "({node})")?,
                    _ => write!(f, "{node}")?,
                }
                for field in fields {
                    write!(f, ".{field}")?;
                }
                Ok(())
            }
            Arg::Identifier { name, .. } => f.write_str(name),
            Arg::Dot { .. } => f.write_str("."),
            Arg::Nil { .. } => f.write_str("nil"),
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number { number, .. } => f.write_str(&number.text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Pipe { pipe, .. } => write!(f, "{pipe}"),
        }
    }
}

impl std::fmt::Display for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            match a {
                Arg::Pipe { pipe, .. } => write!(f, "({pipe})")?,
                _ => write!(f, "{a}")?,
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(" := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A parsed template and the templates it defines.
#[derive(Debug)]
pub struct Templates {
    pub root: Vec<Node>,
    pub defined: BTreeMap<GoString, Vec<Node>>,
    /// The source, for `line:col` positions in execution errors.
    pub text: String,
}

struct Parser {
    items: Vec<Item>,
    next: usize,
    vars: Vec<String>,
    range_depth: usize,
    action_line: usize,
    defined: BTreeMap<GoString, Vec<Node>>,
    /// Line of the most recently consumed token, for error messages.
    line: usize,
    /// Current nesting of pipelines.
    depth: usize,
}

const MAX_NESTING: usize = 100;

type PResult<T> = Result<T, String>;

/// Parses `text` as template `output`.
pub fn parse(text: &str) -> Result<Templates, String> {
    let mut p = Parser {
        items: lex(text),
        next: 0,
        vars: vec!["$".to_string()],
        range_depth: 0,
        action_line: 0,
        defined: BTreeMap::new(),
        line: 1,
        depth: 0,
    };
    let root = p
        .parse_top()
        .map_err(|m| format!("template: output:{}: {m}", p.line))?;
    Ok(Templates {
        root,
        defined: p.defined,
        text: text.to_string(),
    })
}

/// Go's `float64(int64(f)) == f` on amd64: integral and within int64.
fn float_is_int(f: f64) -> bool {
    f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
}

/// Go's `float64(uint64(f)) == f` on amd64: integral and within uint64 (or -0).
fn float_is_uint(f: f64) -> bool {
    f.fract() == 0.0 && (0.0..18_446_744_073_709_551_616.0).contains(&f)
}

impl Number {
    fn new(text: &str) -> Number {
        Number {
            text: text.to_string(),
            int: None,
            uint: None,
            float: None,
            complex: None,
        }
    }

    /// Go's `simplifyComplex`: a complex constant with no imaginary part is also a
    /// float, and maybe an integer.
    fn set_complex(&mut self, re: f64, im: f64) {
        self.complex = Some((re, im));
        if im == 0.0 {
            self.float = Some(re);
            self.int = float_is_int(re).then_some(re as i64);
            self.uint = float_is_uint(re).then_some(re as u64);
        }
    }
}

/// The text of a strconv error, as Go's `NumError` prints it.
fn num_error(func: &str, text: &str, e: strconv::NumError) -> String {
    let why = match e {
        strconv::NumError::Syntax => "invalid syntax",
        strconv::NumError::Range => "value out of range",
    };
    format!("strconv.{func}: parsing {}: {why}", strconv::quote(text))
}

/// `fmt.Sscan` of a complex number, as `NumberNode` lets it read `1+2i`: Go's
/// `complexTokens` and `convertFloat`, with their errors.
fn scan_complex(text: &str) -> Result<(f64, f64), String> {
    const COMPLEX_ERROR: &str = "syntax error scanning complex number";
    let b = text.as_bytes();
    let mut i = 0;
    let accept = |i: &mut usize, set: &[u8]| -> bool {
        match b.get(*i) {
            Some(c) if set.contains(c) => {
                *i += 1;
                true
            }
            _ => false,
        }
    };
    let float_token = |i: &mut usize| -> String {
        let start = *i;
        if accept(i, b"nN") && accept(i, b"aA") && accept(i, b"nN") {
            return text[start..*i].to_string();
        }
        accept(i, b"+-");
        if accept(i, b"iI") && accept(i, b"nN") && accept(i, b"fF") {
            return text[start..*i].to_string();
        }
        let mut digits: &[u8] = b"0123456789_";
        let mut exp: &[u8] = b"eEpP";
        if accept(i, b"0") && accept(i, b"xX") {
            digits = b"0123456789aAbBcCdDeEfF_";
            exp = b"pP";
        }
        while accept(i, digits) {}
        if accept(i, b".") {
            while accept(i, digits) {}
        }
        if accept(i, exp) {
            accept(i, b"+-");
            while accept(i, b"0123456789_") {}
        }
        text[start..*i].to_string()
    };
    let parens = accept(&mut i, b"(");
    let real = float_token(&mut i);
    let sign_at = i;
    if !accept(&mut i, b"+-") {
        return Err(COMPLEX_ERROR.into());
    }
    let sign = &text[sign_at..i];
    let imag = format!("{sign}{}", float_token(&mut i));
    if !accept(&mut i, b"i") || parens && !accept(&mut i, b")") {
        return Err(COMPLEX_ERROR.into());
    }
    Ok((convert_float(&real)?, convert_float(&imag)?))
}

/// fmt's `convertFloat`: `strconv.ParseFloat`, plus fmt's own decimal mantissa with a
/// binary exponent (`1.5p3`).
fn convert_float(s: &str) -> Result<f64, String> {
    if let Some(p) = s.find('p').filter(|_| !s.contains(['x', 'X'])) {
        let f = strconv::parse_float(&s[..p]).map_err(|e| num_error("ParseFloat", s, e))?;
        let mut m = strconv::parse_int_base10(&s[p + 1..]).map_err(|e| num_error("Atoi", s, e))?;
        // Ldexp, in steps that stay within float64's exponents.
        let mut f = f;
        while m > 1000 && f.is_finite() && f != 0.0 {
            f *= 2f64.powi(1000);
            m -= 1000;
        }
        while m < -1000 && f != 0.0 {
            f *= 2f64.powi(-1000);
            m += 1000;
        }
        return Ok(f * 2f64.powi(i32::try_from(m.clamp(-2000, 2000)).unwrap_or(0)));
    }
    strconv::parse_float(s).map_err(|e| num_error("ParseFloat", s, e))
}

/// Go's `newNumber`: every reading of a number literal (integer, unsigned, float,
/// complex) that its text allows, with Go's errors.
fn parse_number(text: &str, kind: Kind) -> PResult<Number> {
    let mut n = Number::new(text);
    if kind == Kind::CharConstant {
        // The lexer only makes `'…'` tokens of this kind.
        let body = text.as_bytes().get(1..).unwrap_or_default();
        let (r, _, tail) = strconv::unquote_char(body, b'\'').ok_or("invalid syntax")?;
        if tail != b"'" {
            return Err(format!("malformed character constant: {text}"));
        }
        n.int = Some(i64::from(r));
        n.uint = Some(u64::from(r));
        n.float = Some(f64::from(r));
        return Ok(n);
    }
    if kind == Kind::Complex {
        let (re, im) = scan_complex(text)?;
        n.set_complex(re, im);
        return Ok(n);
    }
    if let Some(f) = text
        .strip_suffix('i')
        .and_then(|t| strconv::parse_float(t).ok())
    {
        n.set_complex(0.0, f);
        return Ok(n);
    }
    let u = strconv::parse_uint(text).ok();
    n.uint = u;
    if let Ok(i) = strconv::parse_int(text) {
        n.int = Some(i);
        if i == 0 {
            // -0
            n.uint = Some(u.unwrap_or(0));
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Ok(f) = strconv::parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", strconv::quote(text)));
        }
        n.float = Some(f);
        n.int = float_is_int(f).then_some(f as i64);
        n.uint = float_is_uint(f).then_some(f as u64);
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax: {}", strconv::quote(text)));
    }
    Ok(n)
}

impl Parser {
    fn next(&mut self) -> Item {
        let item = self.items.get(self.next).cloned().unwrap_or_else(|| Item {
            kind: Kind::Eof,
            pos: 0,
            val: String::new(),
            line: self.line,
        });
        if self.next < self.items.len() {
            self.next += 1;
        }
        self.line = item.line;
        item
    }

    fn backup(&mut self) {
        self.next = self.next.saturating_sub(1);
    }

    fn peek(&self) -> Item {
        self.items.get(self.next).cloned().unwrap_or(Item {
            kind: Kind::Eof,
            pos: 0,
            val: String::new(),
            line: self.line,
        })
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn unexpected(&self, token: &Item, context: &str) -> String {
        if token.kind == Kind::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at output:{}", self.action_line);
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return format!("{token}{extra}");
        }
        format!("unexpected {token} in {context}")
    }

    fn expect(&mut self, kind: Kind, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.kind != kind {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    fn parse_top(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().kind != Kind::Eof {
            if self.peek().kind == Kind::LeftDelim {
                let save = self.next;
                self.next();
                if self.next_non_space().kind == Kind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.next = save;
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.push(n),
                Parsed::End => return Err("unexpected {{end}}".into()),
                Parsed::Else(..) => return Err("unexpected {{else}}".into()),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        let context = "define clause";
        let t = self.next_non_space();
        if t.kind != Kind::String && t.kind != Kind::RawString {
            return Err(self.unexpected(&t, context));
        }
        let name = GoString::from(strconv::unquote_bytes(&t.val).ok_or("invalid syntax")?);
        self.expect(Kind::RightDelim, context)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, end) = self.item_list()?;
        self.vars = saved;
        if !matches!(end, Parsed::End) {
            return Err(format!("unexpected {} in {context}", end.describe()));
        }
        if self.defined.get(&name).is_some_and(|l| !is_empty_tree(l)) && !is_empty_tree(&list) {
            return Err(format!(
                "template: multiple definition of template {}",
                strconv::quote_bytes(name.as_bytes(), false)
            ));
        }
        if !is_empty_tree(&list) || !self.defined.contains_key(&name) {
            self.defined.insert(name, list);
        }
        Ok(())
    }

    fn item_list(&mut self) -> PResult<(Vec<Node>, Parsed)> {
        self.nested(Self::item_list_inner)
    }

    /// Lists and pipelines nest through parentheses and control structures; a bound
    /// keeps a pathological template from exhausting the stack.
    fn nested<T>(&mut self, step: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_NESTING {
            return Err(format!("template nesting exceeds {MAX_NESTING} levels"));
        }
        self.depth += 1;
        let r = step(self);
        self.depth -= 1;
        r
    }

    fn item_list_inner(&mut self) -> PResult<(Vec<Node>, Parsed)> {
        let mut list = Vec::new();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                other => return Ok((list, other)),
            }
        }
        Err("unexpected EOF".into())
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text => Ok(Parsed::Node(Node::Text(t.val))),
            Kind::LeftDelim => {
                self.action_line = t.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(&t, "input")),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Block => return self.block_control().map(Parsed::Node),
            Kind::Break => return self.break_control(t.pos, "break").map(Parsed::Node),
            Kind::Continue => return self.break_control(t.pos, "continue").map(Parsed::Node),
            Kind::Else => return self.else_control(),
            Kind::End => {
                self.expect(Kind::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            Kind::If => return self.control(t.pos, "if").map(Parsed::Node),
            Kind::Range => return self.control(t.pos, "range").map(Parsed::Node),
            Kind::With => return self.control(t.pos, "with").map(Parsed::Node),
            Kind::Template => return self.template_control().map(Parsed::Node),
            _ => {}
        }
        self.backup();
        let pos = self.peek().pos;
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        Ok(Parsed::Node(Node::Action { pos, pipe }))
    }

    fn break_control(&mut self, pos: usize, word: &str) -> PResult<Node> {
        if self.range_depth == 0 {
            return Err(format!("{{{{{word}}}}} outside {{{{range}}}}"));
        }
        let t = self.next_non_space();
        if t.kind != Kind::RightDelim {
            return Err(self.unexpected(&t, &format!("{{{{{word}}}}}")));
        }
        Ok(if word == "break" {
            Node::Break { pos }
        } else {
            Node::Continue { pos }
        })
    }

    fn else_control(&mut self) -> PResult<Parsed> {
        let peek = self.peek_non_space();
        if peek.kind == Kind::If || peek.kind == Kind::With {
            // `{{else if …}}` / `{{else with …}}`: the keyword is parsed by the caller.
            return Ok(Parsed::Else(peek.pos, Some(peek.kind)));
        }
        let t = self.expect(Kind::RightDelim, "else")?;
        Ok(Parsed::Else(t.pos, None))
    }

    fn control(&mut self, pos: usize, context: &str) -> PResult<Node> {
        let mark = self.vars.len();
        let result = self.control_inner(pos, context);
        self.vars.truncate(mark);
        result
    }

    fn control_inner(&mut self, pos: usize, context: &str) -> PResult<Node> {
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, next) = listed?;
        let else_list = match next {
            Parsed::End => None,
            Parsed::Else(else_pos, chained) => match chained {
                Some(kind)
                    if (kind == Kind::If && context == "if")
                        || (kind == Kind::With && context == "with") =>
                {
                    // Consume the keyword; the chained control owns the {{end}}.
                    self.next_non_space();
                    let node = self.control(else_pos, context)?;
                    Some(vec![node])
                }
                _ => {
                    let (l, n) = self.item_list()?;
                    if !matches!(n, Parsed::End) {
                        return Err(format!("expected end; found {}", n.describe()));
                    }
                    Some(l)
                }
            },
            Parsed::Node(_) => None,
        };
        Ok(match context {
            "if" => Node::If {
                pos,
                pipe,
                list,
                else_list,
            },
            "with" => Node::With {
                pos,
                pipe,
                list,
                else_list,
            },
            _ => Node::Range {
                pos,
                pipe,
                list,
                else_list,
            },
        })
    }

    fn template_name(&mut self, t: &Item, context: &str) -> PResult<GoString> {
        match t.kind {
            Kind::String | Kind::RawString => strconv::unquote_bytes(&t.val)
                .map(GoString::from)
                .ok_or_else(|| "invalid syntax".into()),
            _ => Err(self.unexpected(t, context)),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            Some(self.pipeline(context, Kind::RightDelim)?)
        } else {
            None
        };
        Ok(Node::Template {
            pos: t.pos,
            name,
            pipe,
        })
    }

    fn block_control(&mut self) -> PResult<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, end) = self.item_list()?;
        self.vars = saved;
        if !matches!(end, Parsed::End) {
            return Err(format!("unexpected {} in {context}", end.describe()));
        }
        self.defined.insert(name.clone(), list);
        Ok(Node::Template {
            pos: t.pos,
            name,
            pipe: Some(pipe),
        })
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> PResult<Pipe> {
        self.nested(|p| p.pipeline_inner(context, end))
    }

    fn pipeline_inner(&mut self, context: &str, end: Kind) -> PResult<Pipe> {
        let start = self.peek_non_space();
        let mut pipe = Pipe {
            pos: start.pos,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Variable declarations: `$x :=`, `$x =`, `$i, $e :=`.
        'decls: loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                break;
            }
            let save = self.next;
            self.next_non_space();
            let after = self.peek();
            let next = self.peek_non_space();
            match next.kind {
                Kind::Assign | Kind::Declare => {
                    pipe.is_assign = next.kind == Kind::Assign;
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val);
                    break;
                }
                Kind::Char if next.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val);
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            Kind::Variable | Kind::RightDelim | Kind::RightParen => continue 'decls,
                            _ => return Err("range can only initialize variables".into()),
                        }
                    }
                    return Err(format!("too many declarations in {context}"));
                }
                _ if after.kind == Kind::Space => {
                    self.next = save;
                    break;
                }
                _ => {
                    self.next = save;
                    break;
                }
            }
        }
        loop {
            let t = self.next_non_space();
            if t.kind == end {
                self.check_pipeline(&pipe, context)?;
                return Ok(pipe);
            }
            match t.kind {
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(&t, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(
                    Arg::Bool { .. }
                        | Arg::Dot { .. }
                        | Arg::Nil { .. }
                        | Arg::Number { .. }
                        | Arg::String { .. }
                )
            ) {
                return Err(format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                ));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&t, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err("empty command".into());
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            let f = self.next();
            fields.push(f.val[1..].to_string());
        }
        Ok(Some(match node {
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field {
                    pos: chain_pos,
                    idents,
                }
            }
            Arg::Variable { mut idents, .. } => {
                idents.extend(fields);
                Arg::Variable {
                    pos: chain_pos,
                    idents,
                }
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number { .. }
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                return Err(format!(
                    "unexpected . after term {}",
                    crate::go::strconv::quote(&node.to_string())
                ));
            }
            other => Arg::Chain {
                pos: chain_pos,
                node: Box::new(other),
                fields,
            },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let t = self.next_non_space();
        Ok(Some(match t.kind {
            Kind::Identifier => {
                if !FUNCTIONS.contains(&t.val.as_str()) {
                    return Err(format!(
                        "function {} not defined",
                        crate::go::strconv::quote(&t.val)
                    ));
                }
                Arg::Identifier {
                    pos: t.pos,
                    name: t.val,
                }
            }
            Kind::Dot => Arg::Dot { pos: t.pos },
            Kind::Nil => Arg::Nil { pos: t.pos },
            Kind::Variable => {
                let idents: Vec<String> = t.val.split('.').map(str::to_string).collect();
                let first = idents.first().cloned().unwrap_or_default();
                if !self.vars.contains(&first) {
                    return Err(format!(
                        "undefined variable {}",
                        crate::go::strconv::quote(&first)
                    ));
                }
                Arg::Variable { pos: t.pos, idents }
            }
            Kind::Field => Arg::Field {
                pos: t.pos,
                idents: t.val[1..].split('.').map(str::to_string).collect(),
            },
            Kind::Bool => Arg::Bool {
                pos: t.pos,
                value: t.val == "true",
            },
            Kind::CharConstant | Kind::Complex | Kind::Number => Arg::Number {
                pos: t.pos,
                number: parse_number(&t.val, t.kind)?,
            },
            Kind::LeftParen => {
                let pipe = self.pipeline("parenthesized pipeline", Kind::RightParen)?;
                Arg::Pipe {
                    pos: t.pos,
                    pipe: Box::new(pipe),
                }
            }
            Kind::String | Kind::RawString => {
                let text = GoString::from(strconv::unquote_bytes(&t.val).ok_or("invalid syntax")?);
                Arg::String {
                    pos: t.pos,
                    quoted: t.val,
                    text,
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// What `itemList` stopped at.
enum Parsed {
    Node(Node),
    End,
    /// `{{else}}`, or the start of `{{else if}}` / `{{else with}}`.
    Else(usize, Option<Kind>),
}

impl Parsed {
    fn describe(&self) -> &'static str {
        match self {
            Parsed::End => "{{end}}",
            Parsed::Else(..) => "{{else}}",
            Parsed::Node(_) => "node",
        }
    }
}

/// Go's `IsEmptyTree`: only whitespace text.
fn is_empty_tree(list: &[Node]) -> bool {
    list.iter()
        .all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()))
}

impl std::fmt::Display for Node {
    /// Go's node `String()` forms, used as error context.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |f: &mut std::fmt::Formatter<'_>, l: &[Node]| -> std::fmt::Result {
            for n in l {
                write!(f, "{n}")?;
            }
            Ok(())
        };
        let branch = |f: &mut std::fmt::Formatter<'_>,
                      name: &str,
                      pipe: &Pipe,
                      l: &[Node],
                      e: &Option<Vec<Node>>| {
            write!(f, "{{{{{name} {pipe}}}}}")?;
            list(f, l)?;
            if let Some(e) = e {
                f.write_str("{{else}}")?;
                list(f, e)?;
            }
            f.write_str("{{end}}")
        };
        match self {
            Node::Text(t) => f.write_str(t),
            Node::Action { pipe, .. } => write!(f, "{{{{{pipe}}}}}"),
            Node::If {
                pipe,
                list: l,
                else_list,
                ..
            } => branch(f, "if", pipe, l, else_list),
            Node::With {
                pipe,
                list: l,
                else_list,
                ..
            } => branch(f, "with", pipe, l, else_list),
            Node::Range {
                pipe,
                list: l,
                else_list,
                ..
            } => branch(f, "range", pipe, l, else_list),
            Node::Template { name, pipe, .. } => match pipe {
                Some(p) => write!(
                    f,
                    "{{{{template {} {p}}}}}",
                    strconv::quote_bytes(name.as_bytes(), false)
                ),
                None => write!(
                    f,
                    "{{{{template {}}}}}",
                    strconv::quote_bytes(name.as_bytes(), false)
                ),
            },
            Node::Break { .. } => f.write_str("{{break}}"),
            Node::Continue { .. } => f.write_str("{{continue}}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse(s).unwrap_err()
    }

    #[test]
    fn go_parse_errors() {
        assert_eq!(err("{{.Id"), "template: output:1: unclosed action");
        assert_eq!(
            err("{{range .Roles}}x"),
            "template: output:1: unexpected EOF"
        );
        assert_eq!(err("{{end}}"), "template: output:1: unexpected {{end}}");
        assert_eq!(
            err("{{.Id}"),
            "template: output:1: bad character U+007D '}'"
        );
        assert_eq!(
            err("{{\"abc}}"),
            "template: output:1: unterminated quoted string"
        );
        assert_eq!(
            err("{{$x}}"),
            "template: output:1: undefined variable \"$x\""
        );
        assert_eq!(
            err("{{nonexist}}"),
            "template: output:1: function \"nonexist\" not defined"
        );
        assert_eq!(
            err("{{json .}}"),
            "template: output:1: function \"json\" not defined"
        );
        assert_eq!(
            err("a\n{{if}}{{end}}"),
            "template: output:2: missing value for if"
        );
        assert_eq!(
            err("{{break}}"),
            "template: output:1: {{break}} outside {{range}}"
        );
        assert_eq!(
            err("{{. | 1}}"),
            "template: output:1: non executable command in pipeline stage 2"
        );
        assert_eq!(
            err("{{\"x\".Y}}"),
            "template: output:1: unexpected . after term \"\\\"x\\\"\""
        );
        assert_eq!(err("{{else}}"), "template: output:1: unexpected {{else}}");
        assert_eq!(
            err("{{if .}}{{else}}{{else}}{{end}}"),
            "template: output:1: expected end; found {{else}}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{{{{{}1{}}}}}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(
            err(&deep),
            "template: output:1: template nesting exceeds 100 levels"
        );
        let ifs = "{{if 1}}".repeat(100_000);
        assert!(err(&ifs).contains("template nesting exceeds 100 levels"));
    }

    #[test]
    fn structures() {
        let t =
            parse("{{range $i, $e := .}}{{$i}}{{end}}{{define \"x\"}}y{{end}}{{template \"x\" .}}")
                .unwrap();
        assert!(matches!(&t.root[0], Node::Range { pipe, .. } if pipe.decl == ["$i", "$e"]));
        assert!(t.defined.contains_key(&GoString::from("x")));
        let t = parse("{{if .A}}a{{else if .B}}b{{else}}c{{end}}").unwrap();
        let Node::If {
            else_list: Some(e), ..
        } = &t.root[0]
        else {
            panic!()
        };
        assert!(matches!(
            &e[0],
            Node::If {
                else_list: Some(_),
                ..
            }
        ));
    }
}
