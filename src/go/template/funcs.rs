//! The template builtins (`and or not len index slice print printf println html js
//! urlquery call eq ne lt le gt ge`) and the CLI's `valueOrEmptySlice`, `formatAliases`.

use crate::go::fmt::{sprint, sprintf, sprintln};
use crate::go::reflect::{GoString, Ty, Value};

/// How a builtin takes arguments: fixed count and whether more may follow.
pub fn arity(name: &str) -> (usize, bool) {
    match name {
        "and" | "or" | "index" | "slice" | "eq" | "call" | "printf" => (1, true),
        "not" | "len" | "valueOrEmptySlice" | "formatAliases" => (1, false),
        "ne" | "lt" | "le" | "gt" | "ge" => (2, false),
        _ => (0, true), // print, println, html, js, urlquery
    }
}

/// text/template's `printableValue`: pointers followed, invalid shown as `<no value>`.
pub fn printable(v: &Value) -> Value {
    match v.indirect() {
        Value::Invalid => Value::string("<no value>"),
        other => other.clone(),
    }
}

fn eval_args(args: &[Value]) -> GoString {
    if let [Value::String(s)] = args {
        return s.clone();
    }
    let printable: Vec<Value> = args.iter().map(printable).collect();
    sprint(&printable)
}

/// Go's `HTMLEscape`, on bytes: bytes that are not UTF-8 pass through.
fn html_escape(s: impl AsRef<[u8]>) -> GoString {
    let s = s.as_ref();
    let mut out = Vec::with_capacity(s.len());
    for &b in s {
        match b {
            0 => out.extend_from_slice("\u{fffd}".as_bytes()),
            b'"' => out.extend_from_slice(b"&#34;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            _ => out.push(b),
        }
    }
    GoString::from(out)
}

/// Go's `JSEscape`, on bytes: a byte that is not UTF-8 decodes as U+FFFD, which is
/// printable, so it passes through as it is.
fn js_escape(s: impl AsRef<[u8]>) -> GoString {
    let s = s.as_ref();
    let mut out = Vec::with_capacity(s.len());
    for (at, c, w) in crate::go::utf8::runes(s) {
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\'' => out.extend_from_slice(b"\\'"),
            '"' => out.extend_from_slice(b"\\\""),
            '<' => out.extend_from_slice(b"\\u003C"),
            '>' => out.extend_from_slice(b"\\u003E"),
            '&' => out.extend_from_slice(b"\\u0026"),
            '=' => out.extend_from_slice(b"\\u003D"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04X}", c as u32).as_bytes())
            }
            c if !c.is_ascii() && !crate::go::strconv::is_print(c) => {
                out.extend_from_slice(format!("\\u{:04X}", c as u32).as_bytes())
            }
            _ => out.extend_from_slice(s.get(at..at + w).unwrap_or_default()),
        }
    }
    GoString::from(out)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Basic {
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    Complex,
    String,
}

fn basic(v: &Value) -> Basic {
    match v {
        Value::Bool(_) => Basic::Bool,
        Value::Int(_) | Value::Month(_) | Value::Weekday(_) => Basic::Int,
        Value::Byte(_) => Basic::Uint,
        Value::Float(_) => Basic::Float,
        Value::Complex(..) => Basic::Complex,
        Value::String(_) => Basic::String,
        _ => Basic::Invalid,
    }
}

fn as_int(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Month(m) => i64::from(*m),
        Value::Weekday(d) => i64::from(*d),
        Value::Byte(b) => i64::from(*b),
        _ => 0,
    }
}

fn incompatible(a: &Value, b: &Value) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        a.type_name(),
        b.type_name()
    )
}

fn same_pointer(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Ptr(x), Value::Ptr(y)) => std::rc::Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// `eq a b c…`: a == b || a == c …
pub fn eq(a: &Value, rest: &[Value]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic(a);
    for b in rest {
        let k2 = basic(b);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (Basic::Int, Basic::Uint) | (Basic::Uint, Basic::Int) => as_int(a) == as_int(b),
                _ => {
                    if !matches!(a, Value::Invalid) && !matches!(b, Value::Invalid) {
                        return Err(incompatible(a, b));
                    }
                    false
                }
            }
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Complex(a, b), Value::Complex(c, d)) => a == c && b == d,
                (Value::String(x), Value::String(y)) => x == y,
                _ if k1 == Basic::Int || k1 == Basic::Uint => as_int(a) == as_int(b),
                _ => {
                    let nil_a = a.is_nil();
                    let nil_b = b.is_nil();
                    let same_kind = std::mem::discriminant(a) == std::mem::discriminant(b)
                        || matches!(a, Value::Invalid)
                        || matches!(b, Value::Invalid)
                        || (matches!(a, Value::Nil(Ty::Ptr(_)) | Value::Ptr(_))
                            && matches!(b, Value::Nil(Ty::Ptr(_)) | Value::Ptr(_)));
                    if !same_kind {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            sprintf("%s", std::slice::from_ref(a)).to_lossy(),
                            a.type_name(),
                            b.type_name(),
                            sprint(std::slice::from_ref(b)).to_lossy()
                        ));
                    }
                    if nil_a || nil_b {
                        nil_a == nil_b
                    } else if matches!(b, Value::Ptr(_)) {
                        same_pointer(a, b)
                    } else if matches!(b, Value::Struct(_) | Value::Time(_)) {
                        a == b
                    } else {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            sprintf("%s", std::slice::from_ref(b)).to_lossy(),
                            b.type_name()
                        ));
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `lt a b`.
pub fn lt(a: &Value, b: &Value) -> Result<bool, String> {
    let bad = "invalid type for comparison".to_string();
    let k1 = basic(a);
    if k1 == Basic::Invalid {
        return Err(bad);
    }
    let k2 = basic(b);
    if k2 == Basic::Invalid {
        return Err(bad);
    }
    if k1 != k2 {
        return match (k1, k2) {
            (Basic::Int, Basic::Uint) | (Basic::Uint, Basic::Int) => Ok(as_int(a) < as_int(b)),
            _ => Err(incompatible(a, b)),
        };
    }
    Ok(match (a, b) {
        (Value::Bool(_) | Value::Complex(..), _) => return Err(bad),
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::String(x), Value::String(y)) => x < y,
        _ => as_int(a) < as_int(b),
    })
}

fn index_arg(v: &Value, cap: usize) -> Result<usize, String> {
    let x = match v {
        Value::Int(_) | Value::Byte(_) | Value::Month(_) | Value::Weekday(_) => as_int(v),
        Value::Invalid => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Invalid) {
        return Err("index of untyped nil".into());
    }
    let mut cur = item.clone();
    for ix in indexes {
        let target = cur.indirect().clone();
        if matches!(target, Value::Nil(Ty::Ptr(_))) {
            return Err("index of nil pointer".into());
        }
        cur = match &target {
            Value::Slice(_, items) => {
                let x = index_arg(ix, items.len())?;
                items
                    .get(x)
                    .cloned()
                    .ok_or("reflect: slice index out of range")?
            }
            Value::Nil(Ty::Slice(_)) => {
                index_arg(ix, 0)?;
                return Err("reflect: slice index out of range".into());
            }
            Value::String(s) => {
                let x = index_arg(ix, s.len())?;
                Value::Byte(
                    *s.as_bytes()
                        .get(x)
                        .ok_or("reflect: string index out of range")?,
                )
            }
            Value::Map(elem, items) => {
                let Value::String(key) = ix else {
                    return Err(format!(
                        "value has type {}; should be string",
                        ix.type_name()
                    ));
                };
                match items.iter().find(|(k, _)| key == k.as_str()) {
                    Some((_, v)) => v.clone(),
                    None => zero(elem),
                }
            }
            Value::Nil(Ty::Map(elem)) => zero(elem),
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(cur)
}

/// Go's zero value of a type.
fn zero(t: &Ty) -> Value {
    match t {
        Ty::Bool => Value::Bool(false),
        Ty::Int => Value::Int(0),
        Ty::Uint8 => Value::Byte(0),
        Ty::Float64 => Value::Float(0.0),
        Ty::String => Value::String(GoString::default()),
        Ty::Complex128 => Value::Complex(0.0, 0.0),
        other => Value::Nil(other.clone()),
    }
}

fn slice(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Invalid) {
        return Err("slice of untyped nil".into());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let (len, cap) = match item {
        Value::String(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            (s.len(), s.len())
        }
        Value::Slice(_, items) => (items.len(), items.len()),
        Value::Nil(Ty::Slice(_)) => (0, 0),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let given: Vec<usize> = indexes
        .iter()
        .map(|ix| index_arg(ix, cap))
        .collect::<Result<_, _>>()?;
    let (lo, hi, max) = match given.as_slice() {
        [] => (0, len, cap),
        [a] => (*a, len, cap),
        [a, b] => (*a, *b, cap),
        [a, b, c, ..] => (*a, *b, *c),
    };
    if lo > hi {
        return Err(format!("invalid slice index: {lo} > {hi}"));
    }
    if given.len() == 3 && hi > max {
        return Err(format!("invalid slice index: {hi} > {max}"));
    }
    Ok(match item {
        Value::String(s) => {
            let bytes = s.as_bytes().get(lo..hi).unwrap_or_default();
            Value::String(GoString::from(bytes))
        }
        Value::Slice(t, items) => Value::Slice(
            t.clone(),
            std::rc::Rc::new(items.get(lo..hi).unwrap_or_default().to_vec()),
        ),
        other => other.clone(),
    })
}

fn length(v: &Value) -> Result<Value, String> {
    let target = v.indirect();
    if matches!(target, Value::Nil(Ty::Ptr(_))) {
        return Err("len of nil pointer".into());
    }
    if matches!(target, Value::Invalid) {
        return Err("reflect: call of reflect.Value.Type on zero Value".into());
    }
    match target.length() {
        Some(n) => Ok(Value::Int(n as i64)),
        None => Err(format!("len of type {}", target.type_name())),
    }
}

/// A formatted string, refused past fmt's limit (decision template-limits).
fn bounded(s: GoString) -> Result<Value, String> {
    if s.len() > crate::go::fmt::MAX_LEN {
        return Err(format!(
            "output exceeds {} MiB",
            crate::go::fmt::MAX_LEN >> 20
        ));
    }
    Ok(Value::String(s))
}

/// Calls a builtin other than `and`, `or` and `call` with evaluated arguments.
pub fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let first = args.first().cloned().unwrap_or(Value::Invalid);
    let second = args.get(1).cloned().unwrap_or(Value::Invalid);
    let rest = args.get(1..).unwrap_or_default();
    match name {
        "not" => Ok(Value::Bool(!first.truth().unwrap_or(false))),
        "len" => length(&first),
        "index" => index(&first, rest),
        "slice" => slice(&first, rest),
        "print" => bounded(sprint(args)),
        "println" => bounded(sprintln(args)),
        "printf" => match &first {
            Value::String(f) => bounded(sprintf(f, rest)),
            _ => Ok(Value::String(GoString::default())),
        },
        "html" => Ok(Value::String(html_escape(eval_args(args).as_bytes()))),
        "js" => Ok(Value::String(js_escape(eval_args(args).as_bytes()))),
        "urlquery" => Ok(Value::string(&crate::go::url::query_escape(eval_args(
            args,
        )))),
        "eq" => eq(&first, rest).map(Value::Bool),
        "ne" => eq(&first, rest).map(|b| Value::Bool(!b)),
        "lt" => lt(&first, &second).map(Value::Bool),
        "le" => Ok(Value::Bool(lt(&first, &second)? || eq(&first, rest)?)),
        "gt" => Ok(Value::Bool(!(lt(&first, &second)? || eq(&first, rest)?))),
        "ge" => lt(&first, &second).map(|b| Value::Bool(!b)),
        "valueOrEmptySlice" => Ok(match first {
            Value::Invalid | Value::Nil(Ty::Slice(_) | Ty::Ptr(_) | Ty::Any) => Value::Invalid,
            other => other,
        }),
        "formatAliases" => Ok(Value::String(match &first {
            Value::Slice(_, items) if !items.is_empty() => {
                let mut out = b" [aliases: ".to_vec();
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(b", ");
                    }
                    match v {
                        Value::String(s) => out.extend_from_slice(s.as_bytes()),
                        other => {
                            out.extend_from_slice(sprint(std::slice::from_ref(other)).as_bytes())
                        }
                    }
                }
                out.push(b']');
                GoString::from(out)
            }
            _ => GoString::default(),
        })),
        _ => Err(format!(
            "{} is not a defined function",
            crate::go::strconv::quote(name)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapers() {
        assert_eq!(html_escape("<a&b>\"x'"), "&lt;a&amp;b&gt;&#34;x&#39;");
        assert_eq!(
            js_escape("a'b\"<>&="),
            "a\\'b\\\"\\u003C\\u003E\\u0026\\u003D"
        );
        assert_eq!(
            crate::go::url::query_escape("a b&c=d/é"),
            "a+b%26c%3Dd%2F%C3%A9"
        );
    }

    #[test]
    fn comparisons() {
        assert_eq!(
            eq(&Value::Int(1), &[Value::Float(1.0)]),
            Err("incompatible types for comparison: int and float64".into())
        );
        assert_eq!(
            eq(&Value::Int(1), &[Value::Int(2), Value::Int(1)]),
            Ok(true)
        );
        assert_eq!(lt(&Value::string("a"), &Value::string("B")), Ok(false));
        assert_eq!(
            lt(&Value::Bool(true), &Value::Bool(false)),
            Err("invalid type for comparison".into())
        );
        assert_eq!(
            eq(
                &Value::Nil(Ty::ptr(Ty::slice(crate::go::reflect::tests::link_type()))),
                &[Value::Invalid]
            ),
            Ok(true)
        );
        assert_eq!(
            eq(&Value::Nil(Ty::ptr(Ty::String)), &[Value::string("x")]),
            Err("incompatible types for comparison: *string and string".into())
        );
    }
}
