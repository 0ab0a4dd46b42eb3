//! Go's `reflect`: values and types as `text/template` and `fmt` see them — structs
//! with their Go field names, pointer-ness and SDK accessors (`GetX`, `HasX`, …),
//! `time.Time`, and the untyped values of a template (`int`, `float64`, `string`,
//! `bool`, `interface {}`).
//!
//! Struct types are not written out here: `serde_bridge` reads them from a type's
//! serde derive (the one description of each SDK type) and converts values with it.

pub mod serde_bridge;

use crate::go::time::GoTime;
use std::fmt;
use std::rc::Rc;

/// A Go type, printed with Go's names (`*admin.OrganizationInvitation`, `[]string`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Uint8,
    Float64,
    Complex128,
    String,
    /// `interface {}`
    Any,
    Time,
    Month,
    Weekday,
    Struct(Rc<StructType>),
    Ptr(Box<Ty>),
    Slice(Box<Ty>),
    /// `map[string]T`
    Map(Box<Ty>),
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::Int => f.write_str("int"),
            Ty::Uint8 => f.write_str("uint8"),
            Ty::Float64 => f.write_str("float64"),
            Ty::Complex128 => f.write_str("complex128"),
            Ty::String => f.write_str("string"),
            Ty::Any => f.write_str("interface {}"),
            Ty::Time => f.write_str("time.Time"),
            Ty::Month => f.write_str("time.Month"),
            Ty::Weekday => f.write_str("time.Weekday"),
            Ty::Struct(st) => f.write_str(&st.name),
            Ty::Ptr(t) => write!(f, "*{t}"),
            Ty::Slice(t) => write!(f, "[]{t}"),
            Ty::Map(t) => write!(f, "map[string]{t}"),
        }
    }
}

impl Ty {
    pub fn ptr(t: Ty) -> Ty {
        Ty::Ptr(Box::new(t))
    }

    pub fn slice(t: Ty) -> Ty {
        Ty::Slice(Box::new(t))
    }

    /// Go's zero value of the type.
    pub fn zero(&self) -> Value {
        match self {
            Ty::Bool => Value::Bool(false),
            Ty::Int => Value::Int(0),
            Ty::Uint8 => Value::Byte(0),
            Ty::Float64 => Value::Float(0.0),
            Ty::Complex128 => Value::Complex(0.0, 0.0),
            Ty::String => Value::String(GoString::default()),
            Ty::Time => Value::Time(GoTime::ZERO),
            Ty::Month => Value::Month(0),
            Ty::Weekday => Value::Weekday(0),
            Ty::Struct(st) => Value::Struct(Rc::new(Struct::zero(st))),
            Ty::Any | Ty::Ptr(_) | Ty::Slice(_) | Ty::Map(_) => Value::Nil(self.clone()),
        }
    }
}

/// A struct type: its name as `%T` prints it and its fields in declaration order.
#[derive(Debug, PartialEq, Eq)]
pub struct StructType {
    /// `admin.OrganizationInvitation`
    pub name: String,
    pub fields: Vec<Field>,
}

/// One exported struct field.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// The Go name (`CreatedAt`).
    pub name: String,
    /// The JSON key (`createdAt`); `None` for a `json:"-"` field.
    pub json: Option<String>,
    pub ty: Ty,
}

/// A struct value: one value per field of its type, in the same order.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub ty: Rc<StructType>,
    pub fields: Vec<Value>,
}

/// A Go string: bytes. They are UTF-8 unless a literal's escapes (`"\xff"`) or byte
/// slicing made them otherwise; byte order is Go's string order.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoString(Vec<u8>);

impl GoString {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The text, when it is UTF-8 (the usual case).
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The text with each byte that is not UTF-8 shown as U+FFFD.
    pub fn to_lossy(&self) -> std::borrow::Cow<'_, str> {
        match self.as_str() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(crate::go::utf8::to_valid_lossy(&self.0)),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for GoString {
    fn from(b: Vec<u8>) -> GoString {
        GoString(b)
    }
}

impl From<&[u8]> for GoString {
    fn from(b: &[u8]) -> GoString {
        GoString(b.to_vec())
    }
}

impl From<String> for GoString {
    fn from(s: String) -> GoString {
        GoString(s.into_bytes())
    }
}

impl From<&str> for GoString {
    fn from(s: &str) -> GoString {
        GoString(s.as_bytes().to_vec())
    }
}

impl AsRef<[u8]> for GoString {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The text, bytes that are not UTF-8 shown as U+FFFD (for messages).
impl fmt::Display for GoString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_lossy())
    }
}

impl PartialEq<str> for GoString {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<&str> for GoString {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

/// A Go value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// The zero `reflect.Value` (a missing map key): prints `<no value>`.
    Invalid,
    /// A nil pointer, slice, map or interface; the type is the nil value's own type.
    Nil(Ty),
    Bool(bool),
    Int(i64),
    Byte(u8),
    Float(f64),
    /// `complex128`: real and imaginary parts.
    Complex(f64, f64),
    String(GoString),
    Time(GoTime),
    Month(u8),
    Weekday(u8),
    /// A non-nil pointer.
    Ptr(Rc<Value>),
    /// A non-nil slice with its element type.
    Slice(Ty, Rc<Vec<Value>>),
    /// A non-nil `map[string]T`, keys sorted.
    Map(Ty, Rc<Vec<(String, Value)>>),
    Struct(Rc<Struct>),
}

impl Value {
    pub fn string(s: &str) -> Value {
        Value::String(GoString::from(s))
    }

    /// The value's dynamic Go type; `None` for the invalid value.
    pub fn ty(&self) -> Option<Ty> {
        Some(match self {
            Value::Invalid => return None,
            Value::Nil(t) => t.clone(),
            Value::Bool(_) => Ty::Bool,
            Value::Int(_) => Ty::Int,
            Value::Byte(_) => Ty::Uint8,
            Value::Float(_) => Ty::Float64,
            Value::Complex(..) => Ty::Complex128,
            Value::String(_) => Ty::String,
            Value::Time(_) => Ty::Time,
            Value::Month(_) => Ty::Month,
            Value::Weekday(_) => Ty::Weekday,
            Value::Ptr(v) => Ty::ptr(v.ty().unwrap_or(Ty::Any)),
            Value::Slice(t, _) => Ty::slice(t.clone()),
            Value::Map(t, _) => Ty::Map(Box::new(t.clone())),
            Value::Struct(r) => Ty::Struct(r.ty.clone()),
        })
    }

    /// The type name for messages (`<nil>` for the invalid value, like `%v` of a nil type).
    pub fn type_name(&self) -> String {
        self.ty()
            .map_or_else(|| "<nil>".to_string(), |t| t.to_string())
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil(_) | Value::Invalid)
    }

    /// Follows pointers (text/template's `indirect`): stops at a nil pointer.
    pub fn indirect(&self) -> &Value {
        let mut v = self;
        while let Value::Ptr(inner) = v {
            v = inner;
        }
        v
    }

    /// text/template's `isTrue`; `None` when truth is not defined for the value.
    pub fn truth(&self) -> Option<bool> {
        Some(match self {
            Value::Invalid | Value::Nil(_) => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Byte(b) => *b != 0,
            Value::Float(f) => *f != 0.0,
            Value::Complex(re, im) => *re != 0.0 || *im != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Month(m) => *m != 0,
            Value::Weekday(d) => *d != 0,
            Value::Ptr(_) => true,
            Value::Slice(_, items) => !items.is_empty(),
            Value::Map(_, items) => !items.is_empty(),
            Value::Time(_) | Value::Struct(_) => true,
        })
    }

    /// `len`, where defined.
    pub fn length(&self) -> Option<usize> {
        match self {
            Value::String(s) => Some(s.len()),
            Value::Slice(_, items) => Some(items.len()),
            Value::Map(_, items) => Some(items.len()),
            Value::Nil(Ty::Slice(_) | Ty::Map(_)) => Some(0),
            _ => None,
        }
    }
}

/// A method as text/template sees it: parameter types and number of results.
pub struct Method {
    pub params: Vec<Ty>,
    pub results: usize,
}

impl Struct {
    /// The zero value of a struct type.
    pub fn zero(ty: &Rc<StructType>) -> Struct {
        Struct {
            ty: ty.clone(),
            fields: ty.fields.iter().map(|f| f.ty.zero()).collect(),
        }
    }

    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.ty.fields.iter().map(|f| f.name.as_str())
    }

    /// An exported field's value, as the struct holds it.
    pub fn field(&self, name: &str) -> Option<Value> {
        let i = self.ty.fields.iter().position(|f| f.name == name)?;
        self.fields.get(i).cloned()
    }

    /// The methods of `*T` (the SDK's accessors and `MarshalJSON`).
    pub fn method(&self, name: &str) -> Option<Method> {
        if name == "MarshalJSON" {
            return Some(Method {
                params: vec![],
                results: 2,
            });
        }
        let (field, kind) = if let Some(f) = name.strip_prefix("Get") {
            match f.strip_suffix("Ok") {
                Some(base) if self.optional(base).is_some() => (base, "GetOk"),
                _ => (f, "Get"),
            }
        } else if let Some(f) = name.strip_prefix("Has") {
            (f, "Has")
        } else if let Some(f) = name.strip_prefix("Set") {
            match f.strip_suffix("Nil") {
                Some(base) if self.optional(base) == Some(true) => (base, "SetNil"),
                _ => (f, "Set"),
            }
        } else {
            return None;
        };
        let optional = self.optional(field)?;
        let field_ty = self.field(field)?.ty()?;
        let elem = match field_ty {
            Ty::Ptr(t) => *t,
            t => t,
        };
        Some(match kind {
            "Get" => Method {
                params: vec![],
                results: 1,
            },
            "GetOk" => Method {
                params: vec![],
                results: 2,
            },
            "Has" if optional => Method {
                params: vec![],
                results: 1,
            },
            "Set" => Method {
                params: vec![elem],
                results: 0,
            },
            "SetNil" => Method {
                params: vec![],
                results: 0,
            },
            _ => return None,
        })
    }

    /// `Some(true)` for a pointer field, `Some(false)` for a required one, `None` if absent.
    fn optional(&self, field: &str) -> Option<bool> {
        // `json:"-"` fields (the SDK's `NullFields`) have no accessors.
        self.ty
            .fields
            .iter()
            .find(|f| f.name == field)?
            .json
            .as_ref()?;
        match self.field(field)? {
            Value::Ptr(_) | Value::Nil(Ty::Ptr(_)) => Some(true),
            _ => Some(false),
        }
    }

    /// Calls a zero-argument, one-result accessor (`GetX`, `HasX`).
    pub fn call(&self, name: &str) -> Option<Value> {
        if let Some(f) = name.strip_prefix("Has") {
            return Some(Value::Bool(!self.field(f)?.is_nil()));
        }
        let f = name.strip_prefix("Get")?;
        let v = self.field(f)?;
        Some(match v {
            Value::Ptr(inner) => (*inner).clone(),
            Value::Nil(Ty::Ptr(t)) => match *t {
                Ty::String => Value::String(GoString::default()),
                Ty::Time => Value::Time(GoTime::ZERO),
                other => Value::Nil(other),
            },
            other => other,
        })
    }
}

/// `json.Marshal` of a value: struct fields in declaration order under their JSON keys,
/// nil pointers left out (`omitempty`, as every SDK pointer field is), `json:"-"`
/// fields skipped, times in RFC 3339.
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Invalid | Value::Nil(_) => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Byte(b) => s.serialize_u8(*b),
            Value::Month(m) => s.serialize_u8(*m),
            Value::Weekday(d) => s.serialize_u8(*d),
            Value::Float(f) => s.serialize_f64(*f),
            // Only template literals make complex numbers, and json.Marshal has no
            // form for them.
            Value::Complex(..) => s.serialize_unit(),
            Value::String(v) => s.serialize_str(&v.to_lossy()),
            Value::Time(t) => t.serialize(s),
            Value::Ptr(v) => v.serialize(s),
            Value::Slice(_, items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(_, items) => {
                let mut map = s.serialize_map(Some(items.len()))?;
                for (k, v) in items.iter() {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::Struct(st) => {
                let mut map = s.serialize_map(None)?;
                for (f, v) in st.ty.fields.iter().zip(&st.fields) {
                    match (&f.json, v) {
                        (None, _) | (_, Value::Nil(Ty::Ptr(_))) => {}
                        (Some(key), v) => map.serialize_entry(key, v)?,
                    }
                }
                map.end()
            }
        }
    }
}

/// Methods of `time.Time` reachable from templates: name → (params, results).
pub fn time_method(name: &str) -> Option<Method> {
    let (params, results) = match name {
        "Format" => (vec![Ty::String], 1),
        "String" | "Unix" | "UnixMilli" | "UnixMicro" | "UnixNano" | "Year" | "Month" | "Day"
        | "Hour" | "Minute" | "Second" | "Nanosecond" | "YearDay" | "Weekday" | "IsZero"
        | "UTC" | "Local" => (vec![], 1),
        "Date" | "Clock" => (vec![], 3),
        "MarshalJSON" | "MarshalText" => (vec![], 2),
        _ => return None,
    };
    Some(Method { params, results })
}

/// `Time.Format` with a layout that may hold bytes that are not UTF-8: Go copies such
/// bytes through, and no layout element contains one, so the UTF-8 runs between them
/// format on their own.
fn format_bytes(t: &GoTime, layout: &[u8]) -> GoString {
    let mut out = Vec::new();
    let mut rest = layout;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.extend_from_slice(t.format(s).as_bytes());
                break;
            }
            Err(e) => {
                let (valid, bad) = rest.split_at(e.valid_up_to());
                out.extend_from_slice(
                    t.format(std::str::from_utf8(valid).unwrap_or_default())
                        .as_bytes(),
                );
                let n = e.error_len().unwrap_or(bad.len()).min(bad.len());
                out.extend_from_slice(bad.get(..n).unwrap_or_default());
                rest = bad.get(n..).unwrap_or_default();
            }
        }
    }
    GoString::from(out)
}

/// Calls a `time.Time` method (arity already checked).
pub fn call_time(t: &GoTime, name: &str, args: &[Value]) -> Value {
    let unix = t.unix();
    match name {
        "Format" => match args.first() {
            Some(Value::String(layout)) => Value::String(format_bytes(t, layout.as_bytes())),
            _ => Value::String(GoString::default()),
        },
        "String" => Value::string(&t.go_string()),
        "Unix" => Value::Int(unix),
        "UnixMilli" => Value::Int(unix * 1000 + i64::from(t.nanos / 1_000_000)),
        "UnixMicro" => Value::Int(unix * 1_000_000 + i64::from(t.nanos / 1000)),
        "UnixNano" => Value::Int(
            unix.wrapping_mul(1_000_000_000)
                .wrapping_add(i64::from(t.nanos)),
        ),
        "Year" => Value::Int(i64::from(t.year)),
        "Month" => Value::Month(t.month),
        "Day" => Value::Int(i64::from(t.day)),
        "Hour" => Value::Int(i64::from(t.hour)),
        "Minute" => Value::Int(i64::from(t.minute)),
        "Second" => Value::Int(i64::from(t.second)),
        "Nanosecond" => Value::Int(i64::from(t.nanos)),
        "YearDay" => Value::Int(t.year_day()),
        "Weekday" => Value::Weekday(t.weekday()),
        "IsZero" => Value::Bool(t.is_zero()),
        "UTC" | "Local" => Value::Time(t.utc()),
        _ => Value::Invalid,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A struct type like the SDK's `admin.Link`, for tests that only print its name.
    pub(crate) fn link_type() -> Ty {
        Ty::Struct(Rc::new(StructType {
            name: "admin.Link".into(),
            fields: Vec::new(),
        }))
    }

    #[test]
    fn type_names() {
        assert_eq!(Ty::ptr(Ty::slice(Ty::String)).to_string(), "*[]string");
        assert_eq!(
            Ty::Map(Box::new(Ty::Any)).to_string(),
            "map[string]interface {}"
        );
    }
}
