//! The `text/template` executor: Go's evaluation rules over our Go value model,
//! writing through the tabwriter, with Go's `executing "output" at <…>` errors.

use super::funcs;
use super::parse::{Arg, Command, Node, Number, Pipe, Templates};
use crate::go::fmt::sprint;
use crate::go::reflect::{call_time, time_method, GoString, Struct, Ty, Value};
use crate::go::tabwriter::TabWriter;
use std::rc::Rc;

/// `range N` above this is refused (Go has no limit; we bound run time).
const MAX_RANGE_INT: i64 = 10_000_000;
/// Output beyond this is refused, so a runaway template cannot exhaust memory.
const MAX_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// Nested `{{template}}` calls deeper than this stop with an error (Go allows 100000,
/// which would overflow our stack first).
const MAX_DEPTH: usize = 100;

/// The work one execution may do, in operations (decision `template-limits`): a node
/// executed, a command evaluated, a range iteration, and a string copied or a value
/// built by a function per [`BYTES_PER_OP`] of it. Nested ranges within the other
/// limits (`{{range 10000000}}{{range 10000000}}{{end}}{{end}}`) would otherwise run
/// for hours; the official list table over 10,000 invitations uses about 1% of it.
pub const MAX_OPS: u64 = 10_000_000;
/// Copying a string costs one operation per this many bytes, so that a large value
/// moved around in a loop counts for its size, not as one step.
const BYTES_PER_OP: u64 = 64;

enum Flow {
    Normal,
    Break,
    Continue,
}

type R<T> = Result<T, String>;

struct State<'a> {
    tmpl: &'a Templates,
    name: GoString,
    out: &'a mut TabWriter,
    vars: Vec<(String, Value)>,
    depth: usize,
    /// Operations done so far (see [`MAX_OPS`]).
    ops: u64,
    /// The node errors are reported at: byte position and text.
    at_pos: usize,
    at_text: String,
}

/// Executes `tmpl` with `data`, writing into `out`; returns the operations it used.
pub fn execute(tmpl: &Templates, data: Value, out: &mut TabWriter) -> R<u64> {
    let mut s = State {
        tmpl,
        name: GoString::from("output"),
        out,
        vars: vec![("$".to_string(), data.clone())],
        depth: 0,
        ops: 0,
        at_pos: 0,
        at_text: String::new(),
    };
    for n in &tmpl.root {
        s.walk(&data, n)?;
    }
    Ok(s.ops)
}

/// What copying `v` costs beyond its step: a string's bytes (the other values share
/// their contents, or are small).
fn copy_cost(v: &Value) -> u64 {
    match v {
        Value::String(s) => s.as_bytes().len() as u64 / BYTES_PER_OP,
        _ => 0,
    }
}

/// What building `v` cost a function: a string's bytes, a slice's or map's items.
fn build_cost(v: &Value) -> u64 {
    match v {
        Value::Slice(_, items) => items.len() as u64 / BYTES_PER_OP,
        Value::Map(_, items) => items.len() as u64 / BYTES_PER_OP,
        other => copy_cost(other),
    }
}

impl State<'_> {
    fn at(&mut self, pos: usize, text: impl ToString) {
        self.at_pos = pos;
        self.at_text = text.to_string();
        // A node's text is written out each time: a large one inside a loop is work
        // too (the next `spend` checks the budget).
        self.ops = self
            .ops
            .saturating_add(self.at_text.len() as u64 / BYTES_PER_OP);
    }

    fn error(&self, msg: impl std::fmt::Display) -> String {
        let text = &self.tmpl.text[..self.at_pos.min(self.tmpl.text.len())];
        let (line, col) = match text.rfind('\n') {
            Some(i) => (1 + text.matches('\n').count(), self.at_pos - (i + 1)),
            None => (1, self.at_pos),
        };
        format!(
            "template: output:{line}:{col}: executing {} at <{}>: {msg}",
            crate::go::strconv::quote_bytes(self.name.as_bytes(), false),
            self.at_text
        )
    }

    /// Counts `n` operations; an error once the budget is spent.
    fn spend(&mut self, n: u64) -> R<()> {
        self.ops = self.ops.saturating_add(n);
        if self.ops > MAX_OPS {
            return Err(self.error(format!(
                "template execution exceeds the limit of {MAX_OPS} operations"
            )));
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Value, node: &Node) -> R<Flow> {
        self.spend(1)?;
        match node {
            Node::Text(t) => {
                self.out.write_str(t);
                self.check_output()?;
            }
            Node::Action { pos, pipe } => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.at(*pos, node);
                    let text = sprint(&[funcs::printable(&v)]);
                    self.out.write(text.as_bytes());
                    self.check_output()?;
                }
            }
            Node::If {
                pipe,
                list,
                else_list,
                ..
            }
            | Node::With {
                pipe,
                list,
                else_list,
                ..
            } => {
                let is_with = matches!(node, Node::With { .. });
                let mark = self.vars.len();
                let v = self.eval_pipeline(dot, pipe)?;
                let flow = if v.truth().unwrap_or(false) {
                    let d = if is_with { v } else { dot.clone() };
                    self.walk_list(&d, list)?
                } else if let Some(e) = else_list {
                    self.walk_list(dot, e)?
                } else {
                    Flow::Normal
                };
                self.vars.truncate(mark);
                return Ok(flow);
            }
            Node::Range {
                pipe,
                list,
                else_list,
                ..
            } => {
                self.at(pipe.pos, node);
                self.walk_range(dot, pipe, list, else_list)?;
            }
            Node::Template { pos, name, pipe } => {
                self.at(*pos, node);
                // Borrowed from the parsed templates, not copied at each call.
                let tmpl = self.tmpl;
                let Some(body) = tmpl.defined.get(name) else {
                    return Err(self.error(format!(
                        "template {} not defined",
                        crate::go::strconv::quote_bytes(name.as_bytes(), false)
                    )));
                };
                if self.depth >= MAX_DEPTH {
                    return Err(
                        self.error(format!("exceeded maximum template depth ({MAX_DEPTH})"))
                    );
                }
                let data = match pipe {
                    Some(p) => self.eval_pipeline(dot, p)?,
                    None => Value::Invalid,
                };
                let saved_vars =
                    std::mem::replace(&mut self.vars, vec![("$".to_string(), data.clone())]);
                let saved_name = std::mem::replace(&mut self.name, name.clone());
                self.depth += 1;
                let r = self.walk_list(&data, body);
                self.depth -= 1;
                self.vars = saved_vars;
                self.name = saved_name;
                r?;
            }
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn check_output(&self) -> R<()> {
        if self.out.len() > MAX_OUTPUT_BYTES {
            return Err(self.error(format!(
                "template output exceeds {} MiB",
                MAX_OUTPUT_BYTES >> 20
            )));
        }
        Ok(())
    }

    fn walk_list(&mut self, dot: &Value, list: &[Node]) -> R<Flow> {
        for n in list {
            match self.walk(dot, n)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk_range(
        &mut self,
        dot: &Value,
        pipe: &Pipe,
        list: &[Node],
        else_list: &Option<Vec<Node>>,
    ) -> R<()> {
        let mark = self.vars.len();
        let v = self.eval_pipeline(dot, pipe)?;
        let v = v.indirect().clone();
        // Iterate lazily: `range N` over a large int must not allocate N items.
        let count = match &v {
            Value::Slice(_, items) => items.len(),
            Value::Map(_, items) => items.len(),
            Value::Int(n) if *n > MAX_RANGE_INT => {
                return Err(self.error(format!(
                    "range over {n} exceeds the limit of {MAX_RANGE_INT} iterations"
                )));
            }
            Value::Int(n) => usize::try_from(*n).unwrap_or(0),
            Value::Invalid | Value::Nil(Ty::Slice(_) | Ty::Map(_) | Ty::Any) => 0,
            other => {
                return Err(self.error(format!(
                    "range can't iterate over {}",
                    sprint(std::slice::from_ref(other)).to_lossy()
                )));
            }
        };
        let item = |i: usize| -> (Value, Value) {
            match &v {
                Value::Slice(_, items) => (
                    Value::Int(i as i64),
                    items.get(i).cloned().unwrap_or(Value::Invalid),
                ),
                Value::Map(_, items) => items
                    .get(i)
                    .map(|(k, e)| (Value::string(k), e.clone()))
                    .unwrap_or((Value::Invalid, Value::Invalid)),
                _ => (Value::Int(i as i64), Value::Int(i as i64)),
            }
        };
        let iter_mark = self.vars.len();
        for i in 0..count {
            let (index, elem) = item(i);
            self.spend(1 + copy_cost(&elem))?;
            if !pipe.decl.is_empty() {
                if pipe.is_assign {
                    match pipe.decl.as_slice() {
                        [i_var, e_var, ..] => {
                            self.set_var(i_var, index.clone());
                            self.set_var(e_var, elem.clone());
                        }
                        [e_var] => self.set_var(e_var, elem.clone()),
                        [] => {}
                    }
                } else {
                    let n = self.vars.len();
                    if let Some(slot) = n.checked_sub(1).and_then(|x| self.vars.get_mut(x)) {
                        slot.1 = elem.clone();
                    }
                    if pipe.decl.len() > 1 {
                        if let Some(slot) = n.checked_sub(2).and_then(|x| self.vars.get_mut(x)) {
                            slot.1 = index.clone();
                        }
                    }
                }
            }
            let flow = self.walk_list(&elem, list)?;
            self.vars.truncate(iter_mark);
            if matches!(flow, Flow::Break) {
                break;
            }
        }
        if count == 0 {
            if let Some(e) = else_list {
                self.walk_list(dot, e)?;
            }
        }
        self.vars.truncate(mark);
        Ok(())
    }

    fn set_var(&mut self, name: &str, v: Value) {
        if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            slot.1 = v;
        }
    }

    fn var_value(&self, name: &str) -> R<Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| self.error(format!("undefined variable: {name}")))
    }

    fn eval_pipeline(&mut self, dot: &Value, pipe: &Pipe) -> R<Value> {
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        let v = value.unwrap_or(Value::Invalid);
        for name in &pipe.decl {
            if pipe.is_assign {
                self.set_var(name, v.clone());
            } else {
                self.vars.push((name.clone(), v.clone()));
            }
        }
        Ok(v)
    }

    fn not_a_function(&self, cmd: &Command, fin: &Option<Value>) -> R<()> {
        if cmd.args.len() > 1 || fin.is_some() {
            let first = cmd
                .args
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            return Err(self.error(format!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &Command, fin: Option<Value>) -> R<Value> {
        self.spend(1)?;
        let v = self.eval_command_once(dot, cmd, fin)?;
        // A field, variable or dot read is a copy of its value.
        self.spend(copy_cost(&v))?;
        Ok(v)
    }

    fn eval_command_once(&mut self, dot: &Value, cmd: &Command, fin: Option<Value>) -> R<Value> {
        let Some(first) = cmd.args.first() else {
            return Err(self.error("empty command"));
        };
        match first {
            Arg::Field { pos, idents } => {
                self.at(*pos, first);
                return self.eval_field_chain(dot, dot.clone(), first, idents, cmd, fin);
            }
            Arg::Chain { pos, node, fields } => {
                self.at(*pos, first);
                if matches!(**node, Arg::Nil { .. }) {
                    return Err(self.error(format!("indirection through explicit nil in {first}")));
                }
                let recv = self.eval_arg(dot, &ArgTy::Raw, node)?;
                return self.eval_field_chain(dot, recv, first, fields, cmd, fin);
            }
            Arg::Identifier { pos, name } => {
                self.at(*pos, first);
                return self.eval_function(dot, name, cmd, fin);
            }
            Arg::Pipe { pipe, .. } => {
                self.not_a_function(cmd, &fin)?;
                return self.eval_pipeline(dot, pipe);
            }
            Arg::Variable { pos, idents } => {
                self.at(*pos, first);
                let (name, fields) = idents
                    .split_first()
                    .map_or(("$", &[][..]), |(n, f)| (n.as_str(), f));
                let v = self.var_value(name)?;
                if fields.is_empty() {
                    self.not_a_function(cmd, &fin)?;
                    return Ok(v);
                }
                return self.eval_field_chain(dot, v, first, fields, cmd, fin);
            }
            _ => {}
        }
        self.at(first.pos(), first);
        self.not_a_function(cmd, &fin)?;
        match first {
            Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.error("nil is not a command")),
            Arg::Number { number, .. } => self.ideal_constant(number),
            Arg::String { text, .. } => Ok(Value::String(text.clone())),
            other => Err(self.error(format!(
                "can't evaluate command {}",
                crate::go::strconv::quote(&other.to_string())
            ))),
        }
    }

    /// Go's `idealConstant`: a literal with no declared type takes the type its
    /// syntax suggests (complex, then float, then int).
    fn ideal_constant(&self, n: &Number) -> R<Value> {
        if let Some((re, im)) = n.complex {
            return Ok(Value::Complex(re, im));
        }
        let is_hex = n.text.len() > 2
            && n.text.starts_with('0')
            && matches!(n.text.as_bytes().get(1), Some(b'x' | b'X'))
            && !n.text.contains(['p', 'P']);
        let is_rune = n.text.starts_with('\'');
        if let Some(f) = n.float {
            if !is_hex && !is_rune && n.text.contains(['.', 'e', 'E', 'p', 'P']) {
                return Ok(Value::Float(f));
            }
        }
        if let Some(i) = n.int {
            return Ok(Value::Int(i));
        }
        if n.uint.is_some() {
            return Err(self.error(format!("{} overflows int", n.text)));
        }
        Ok(Value::Invalid)
    }

    /// `.A.B.C args…`: every field but the last is evaluated without arguments.
    fn eval_field_chain(
        &mut self,
        dot: &Value,
        mut recv: Value,
        node: &Arg,
        idents: &[String],
        cmd: &Command,
        fin: Option<Value>,
    ) -> R<Value> {
        let Some((last, init)) = idents.split_last() else {
            return Ok(recv);
        };
        for name in init {
            recv = self.eval_field(dot, name, node, None, None, recv)?;
        }
        self.eval_field(dot, last, node, Some(cmd), fin, recv)
    }

    fn eval_field(
        &mut self,
        dot: &Value,
        name: &str,
        node: &Arg,
        cmd: Option<&Command>,
        fin: Option<Value>,
        recv: Value,
    ) -> R<Value> {
        if matches!(recv, Value::Invalid) {
            return Ok(Value::Invalid);
        }
        let typ = recv.type_name();
        let target = recv.indirect().clone();
        if matches!(target, Value::Nil(Ty::Any)) {
            return Err(self.error(format!("nil pointer evaluating {typ}.{name}")));
        }
        // Methods of T and *T.
        let method = match &target {
            Value::Struct(r) => r.method(name).map(|m| (m, MethodOn::Record(r.clone()))),
            Value::Time(t) => time_method(name).map(|m| (m, MethodOn::Time(Some(*t)))),
            Value::Nil(Ty::Ptr(t)) if **t == Ty::Time => {
                time_method(name).map(|m| (m, MethodOn::Time(None)))
            }
            Value::Month(_) | Value::Weekday(_) if name == "String" => Some((
                crate::go::reflect::Method {
                    params: vec![],
                    results: 1,
                },
                MethodOn::Stringer(target.clone()),
            )),
            _ => None,
        };
        if let Some((m, on)) = method {
            return self.eval_method(dot, name, m, on, node, cmd, fin);
        }
        let has_args = cmd.is_some_and(|c| c.args.len() > 1) || fin.is_some();
        match &target {
            Value::Struct(r) => {
                if let Some(v) = r.field(name) {
                    if has_args {
                        return Err(self.error(format!(
                            "{name} has arguments but cannot be invoked as function"
                        )));
                    }
                    return Ok(v);
                }
            }
            Value::Map(_, items) => {
                if has_args {
                    return Err(self.error(format!("{name} is not a method but has arguments")));
                }
                return Ok(items
                    .iter()
                    .find(|(k, _)| k == name)
                    .map_or(Value::Invalid, |(_, v)| v.clone()));
            }
            Value::Nil(Ty::Map(_)) => {
                if has_args {
                    return Err(self.error(format!("{name} is not a method but has arguments")));
                }
                return Ok(Value::Invalid);
            }
            Value::Nil(Ty::Ptr(elem)) => {
                let has_field = match &**elem {
                    Ty::Struct(st) => Some(st.fields.iter().any(|f| f.name == name)),
                    _ => None,
                };
                let is_struct = has_field.is_some();
                let has_field = has_field.unwrap_or(false);
                if !is_struct || has_field {
                    return Err(self.error(format!("nil pointer evaluating {typ}.{name}")));
                }
            }
            _ => {}
        }
        Err(self.error(format!("can't evaluate field {name} in type {typ}")))
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_method(
        &mut self,
        dot: &Value,
        name: &str,
        m: crate::go::reflect::Method,
        on: MethodOn,
        node: &Arg,
        cmd: Option<&Command>,
        fin: Option<Value>,
    ) -> R<Value> {
        let args: &[Arg] = cmd.map_or(&[], |c| c.args.get(1..).unwrap_or_default());
        let num_in = args.len() + usize::from(fin.is_some());
        if num_in != m.params.len() {
            return Err(self.error(format!(
                "wrong number of args for {name}: want {} got {num_in}",
                m.params.len()
            )));
        }
        let good = m.results == 1 || (m.results == 2 && name.starts_with("Marshal"));
        if !good {
            return Err(self.error(format!(
                "can't call method/function {} with {} results",
                crate::go::strconv::quote(name),
                m.results
            )));
        }
        let mut argv = Vec::new();
        for (a, ty) in args.iter().zip(&m.params) {
            argv.push(self.eval_arg(dot, &ArgTy::Typed(ty.clone()), a)?);
        }
        if let (Some(f), Some(ty)) = (fin, m.params.last()) {
            argv.push(self.validate_type(f, &ArgTy::Typed(ty.clone()))?);
        }
        let result = match on {
            MethodOn::Record(r) => {
                if name == "MarshalJSON" {
                    let text = crate::go::json::marshal(&Value::Struct(r.clone()))
                        .map_err(|e| e.to_string())?;
                    Ok(Value::Slice(
                        Ty::Uint8,
                        Rc::new(text.into_iter().map(Value::Byte).collect()),
                    ))
                } else {
                    r.call(name)
                        .ok_or_else(|| format!("{name} is not callable"))
                }
            }
            MethodOn::Time(Some(t)) => {
                if name == "MarshalJSON" || name == "MarshalText" {
                    let mut s = t.to_rfc3339();
                    if name == "MarshalJSON" {
                        s = format!("\"{s}\"");
                    }
                    Ok(Value::Slice(
                        Ty::Uint8,
                        Rc::new(s.bytes().map(Value::Byte).collect()),
                    ))
                } else {
                    Ok(call_time(&t, name, &argv))
                }
            }
            MethodOn::Time(None) => Err(format!(
                "value method time.Time.{name} called using nil *Time pointer"
            )),
            MethodOn::Stringer(v) => Ok(Value::String(sprint(&[v]))),
        };
        result.map_err(|e| {
            self.at(node.pos(), node);
            self.error(format!("error calling {name}: {e}"))
        })
    }

    fn eval_function(
        &mut self,
        dot: &Value,
        name: &str,
        cmd: &Command,
        fin: Option<Value>,
    ) -> R<Value> {
        let args = cmd.args.get(1..).unwrap_or_default();
        let num_in = args.len() + usize::from(fin.is_some());
        let (fixed, variadic) = funcs::arity(name);
        if variadic {
            if num_in < fixed {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want at least {fixed} got {}",
                    args.len()
                )));
            }
        } else if num_in != fixed {
            return Err(self.error(format!(
                "wrong number of args for {name}: want {fixed} got {num_in}"
            )));
        }
        if name == "and" || name == "or" {
            let mut v = Value::Invalid;
            for a in args {
                v = self.eval_arg(dot, &ArgTy::Any, a)?;
                if v.truth().unwrap_or(false) == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }
        let mut argv = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let ty = match (name, i) {
                ("printf", 0) => ArgTy::Typed(Ty::String),
                ("formatAliases", 0) => ArgTy::Typed(Ty::slice(Ty::String)),
                _ => ArgTy::Any,
            };
            argv.push(self.eval_arg(dot, &ty, a)?);
        }
        if let Some(f) = fin {
            let ty = match (name, argv.len()) {
                ("printf", 0) => ArgTy::Typed(Ty::String),
                ("formatAliases", _) => ArgTy::Typed(Ty::slice(Ty::String)),
                _ => ArgTy::Any,
            };
            argv.push(self.validate_type(f, &ty)?);
        }
        let result = if name == "call" {
            match argv.first() {
                None | Some(Value::Invalid) => Err("call of nil".to_string()),
                Some(v) => Err(format!(
                    "non-function {} of type {}",
                    args.first().map(ToString::to_string).unwrap_or_default(),
                    v.type_name()
                )),
            }
        } else {
            funcs::call(name, &argv)
        };
        let v = result.map_err(|e| {
            self.at(cmd.pos, cmd);
            self.error(format!("error calling {name}: {e}"))
        })?;
        self.spend(build_cost(&v))?;
        Ok(v)
    }

    fn eval_arg(&mut self, dot: &Value, ty: &ArgTy, arg: &Arg) -> R<Value> {
        self.at(arg.pos(), arg);
        let one = Command {
            pos: arg.pos(),
            args: vec![arg.clone()],
        };
        let v = match arg {
            Arg::Dot { .. } => {
                self.spend(1 + copy_cost(dot))?;
                dot.clone()
            }
            Arg::Nil { .. } => {
                return match ty {
                    ArgTy::Any | ArgTy::Raw => Ok(Value::Invalid),
                    ArgTy::Typed(t @ (Ty::Ptr(_) | Ty::Slice(_) | Ty::Map(_))) => {
                        Ok(Value::Nil(t.clone()))
                    }
                    ArgTy::Typed(t) => Err(self.error(format!("cannot assign nil to {t}"))),
                }
            }
            Arg::Field { .. }
            | Arg::Variable { .. }
            | Arg::Chain { .. }
            | Arg::Identifier { .. } => self.eval_command(dot, &one, None)?,
            Arg::Pipe { pipe, .. } => self.eval_pipeline(dot, pipe)?,
            Arg::Bool { value, .. } => match ty {
                ArgTy::Typed(Ty::Bool) | ArgTy::Any | ArgTy::Raw => return Ok(Value::Bool(*value)),
                ArgTy::Typed(t) => return Err(self.mismatch(t, arg)),
            },
            Arg::String { text, .. } => match ty {
                ArgTy::Typed(Ty::String) | ArgTy::Any | ArgTy::Raw => {
                    return Ok(Value::String(text.clone()))
                }
                ArgTy::Typed(t) => return Err(self.mismatch(t, arg)),
            },
            Arg::Number { number, .. } => match ty {
                ArgTy::Any | ArgTy::Raw => return self.ideal_constant(number),
                ArgTy::Typed(Ty::Int) => match number.int {
                    Some(i) => return Ok(Value::Int(i)),
                    None => return Err(self.error(format!("expected integer; found {arg}"))),
                },
                ArgTy::Typed(Ty::Float64) => match number.float {
                    Some(f) => return Ok(Value::Float(f)),
                    None => return Err(self.error(format!("expected float; found {arg}"))),
                },
                ArgTy::Typed(t) => return Err(self.mismatch(t, arg)),
            },
        };
        self.validate_type(v, ty)
    }

    fn mismatch(&self, t: &Ty, arg: &Arg) -> String {
        match t {
            Ty::String => self.error(format!("expected string; found {arg}")),
            Ty::Bool => self.error(format!("expected bool; found {arg}")),
            Ty::Int => self.error(format!("expected integer; found {arg}")),
            other => self.error(format!("can't handle {arg} for arg of type {other}")),
        }
    }

    fn validate_type(&self, v: Value, ty: &ArgTy) -> R<Value> {
        let ArgTy::Typed(want) = ty else {
            return Ok(v);
        };
        if matches!(v, Value::Invalid) {
            return match want {
                Ty::Ptr(_) | Ty::Slice(_) | Ty::Map(_) | Ty::Any => Ok(Value::Nil(want.clone())),
                _ => Err(self.error(format!("invalid value; expected {want}"))),
            };
        }
        if v.ty().as_ref() == Some(want) {
            return Ok(v);
        }
        match &v {
            Value::Ptr(inner) if inner.ty().as_ref() == Some(want) => Ok((**inner).clone()),
            Value::Nil(Ty::Ptr(elem)) if **elem == *want => {
                Err(self.error(format!("dereference of nil pointer of type {want}")))
            }
            _ => Err(self.error(format!(
                "wrong type for value; expected {want}; got {}",
                v.type_name()
            ))),
        }
    }
}

/// The receiver of a method call.
enum MethodOn {
    Record(Rc<Struct>),
    /// `None` for a nil `*time.Time`.
    Time(Option<crate::go::time::GoTime>),
    Stringer(Value),
}

/// What an argument position expects.
enum ArgTy {
    /// `any` / `reflect.Value`: anything goes, literals take their ideal types.
    Any,
    /// No declared type (the head of a `(pipeline).Field` chain).
    Raw,
    Typed(Ty),
}
