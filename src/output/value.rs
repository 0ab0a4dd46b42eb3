//! Go values as `text/template` and `fmt` see them: the SDK types with their Go field
//! names and pointer-ness, their `GetX`/`HasX` methods, `time.Time`, and the untyped
//! values of a template (`int`, `float64`, `string`, `bool`, `interface {}`).

use crate::api::model::{GroupRole, Invitation, Link};
use crate::api::time::GoTime;
use std::fmt;
use std::rc::Rc;

/// A Go type, printed with Go's names (`*admin.OrganizationInvitation`, `[]string`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    Uint8,
    Float64,
    String,
    /// `interface {}`
    Any,
    Time,
    Month,
    Weekday,
    Invitation,
    GroupRole,
    Link,
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
            Ty::String => f.write_str("string"),
            Ty::Any => f.write_str("interface {}"),
            Ty::Time => f.write_str("time.Time"),
            Ty::Month => f.write_str("time.Month"),
            Ty::Weekday => f.write_str("time.Weekday"),
            Ty::Invitation => f.write_str("admin.OrganizationInvitation"),
            Ty::GroupRole => f.write_str("admin.GroupRole"),
            Ty::Link => f.write_str("admin.Link"),
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
}

/// The SDK structs a template can reach.
#[derive(Clone, Debug, PartialEq)]
pub enum Record {
    Invitation(Box<Invitation>),
    GroupRole(GroupRole),
    Link(Link),
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
    String(String),
    Time(GoTime),
    Month(u8),
    Weekday(u8),
    /// A non-nil pointer.
    Ptr(Rc<Value>),
    /// A non-nil slice with its element type.
    Slice(Ty, Rc<Vec<Value>>),
    /// A non-nil `map[string]T`, keys sorted.
    Map(Ty, Rc<Vec<(String, Value)>>),
    Struct(Rc<Record>),
}

fn opt_str(v: &Option<String>) -> Value {
    match v {
        Some(s) => Value::Ptr(Rc::new(Value::String(s.clone()))),
        None => Value::Nil(Ty::ptr(Ty::String)),
    }
}

fn strings(v: &[String]) -> Value {
    Value::Slice(
        Ty::String,
        Rc::new(v.iter().map(|s| Value::String(s.clone())).collect()),
    )
}

fn opt_strings(v: &Option<Vec<String>>) -> Value {
    match v {
        Some(list) => Value::Ptr(Rc::new(strings(list))),
        None => Value::Nil(Ty::ptr(Ty::slice(Ty::String))),
    }
}

fn opt_time(v: &Option<GoTime>) -> Value {
    match v {
        Some(t) => Value::Ptr(Rc::new(Value::Time(*t))),
        None => Value::Nil(Ty::ptr(Ty::Time)),
    }
}

fn records<T: Clone>(list: &[T], ty: Ty, wrap: fn(T) -> Record) -> Value {
    Value::Slice(
        ty,
        Rc::new(
            list.iter()
                .map(|x| Value::Struct(Rc::new(wrap(x.clone()))))
                .collect(),
        ),
    )
}

impl Value {
    pub fn string(s: &str) -> Value {
        Value::String(s.to_string())
    }

    /// `*admin.OrganizationInvitation`
    pub fn invitation(inv: &Invitation) -> Value {
        Value::Ptr(Rc::new(Value::Struct(Rc::new(Record::Invitation(
            Box::new(inv.clone()),
        )))))
    }

    /// `[]admin.OrganizationInvitation`
    pub fn invitations(list: &[Invitation]) -> Value {
        records(list, Ty::Invitation, |i| Record::Invitation(Box::new(i)))
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
            Value::String(_) => Ty::String,
            Value::Time(_) => Ty::Time,
            Value::Month(_) => Ty::Month,
            Value::Weekday(_) => Ty::Weekday,
            Value::Ptr(v) => Ty::ptr(v.ty().unwrap_or(Ty::Any)),
            Value::Slice(t, _) => Ty::slice(t.clone()),
            Value::Map(t, _) => Ty::Map(Box::new(t.clone())),
            Value::Struct(r) => match **r {
                Record::Invitation(_) => Ty::Invitation,
                Record::GroupRole(_) => Ty::GroupRole,
                Record::Link(_) => Ty::Link,
            },
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

const INVITATION_FIELDS: [&str; 12] = [
    "CreatedAt",
    "ExpiresAt",
    "GroupRoleAssignments",
    "Id",
    "InviterUsername",
    "Links",
    "OrgId",
    "OrgName",
    "Roles",
    "TeamIds",
    "Username",
    "NullFields",
];

impl Record {
    pub fn field_names(&self) -> &'static [&'static str] {
        match self {
            Record::Invitation(_) => &INVITATION_FIELDS,
            Record::GroupRole(_) => &["GroupId", "GroupRole", "NullFields"],
            Record::Link(_) => &["Href", "Rel", "NullFields"],
        }
    }

    /// An exported field's value, as the struct holds it.
    pub fn field(&self, name: &str) -> Option<Value> {
        let nil_fields = || Value::Nil(Ty::slice(Ty::String));
        Some(match self {
            Record::Invitation(i) => match name {
                "CreatedAt" => opt_time(&i.created_at),
                "ExpiresAt" => opt_time(&i.expires_at),
                "GroupRoleAssignments" => match &i.group_role_assignments {
                    Some(l) => Value::Ptr(Rc::new(records(l, Ty::GroupRole, Record::GroupRole))),
                    None => Value::Nil(Ty::ptr(Ty::slice(Ty::GroupRole))),
                },
                "Id" => opt_str(&i.id),
                "InviterUsername" => opt_str(&i.inviter_username),
                "Links" => match &i.links {
                    Some(l) => Value::Ptr(Rc::new(records(l, Ty::Link, Record::Link))),
                    None => Value::Nil(Ty::ptr(Ty::slice(Ty::Link))),
                },
                "OrgId" => opt_str(&i.org_id),
                "OrgName" => Value::String(i.org_name.clone()),
                "Roles" => opt_strings(&i.roles),
                "TeamIds" => opt_strings(&i.team_ids),
                "Username" => opt_str(&i.username),
                "NullFields" => nil_fields(),
                _ => return None,
            },
            Record::GroupRole(g) => match name {
                "GroupId" => opt_str(&g.group_id),
                "GroupRole" => opt_str(&g.group_role),
                "NullFields" => nil_fields(),
                _ => return None,
            },
            Record::Link(l) => match name {
                "Href" => opt_str(&l.href),
                "Rel" => opt_str(&l.rel),
                "NullFields" => nil_fields(),
                _ => return None,
            },
        })
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
        if field == "NullFields" {
            return None;
        }
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
                Ty::String => Value::String(String::new()),
                Ty::Time => Value::Time(GoTime::ZERO),
                other => Value::Nil(other),
            },
            other => other,
        })
    }

    pub fn to_json(&self) -> crate::json::Value {
        match self {
            Record::Invitation(i) => i.to_json(),
            Record::GroupRole(g) => g.to_json(),
            Record::Link(l) => l.to_json(),
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

/// Calls a `time.Time` method (arity already checked).
pub fn call_time(t: &GoTime, name: &str, args: &[Value]) -> Value {
    let unix = t.unix();
    match name {
        "Format" => match args.first() {
            Some(Value::String(layout)) => Value::String(t.format(layout)),
            _ => Value::String(String::new()),
        },
        "String" => Value::String(t.go_string()),
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
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let inv = Invitation::default();
        assert_eq!(
            Value::invitation(&inv).type_name(),
            "*admin.OrganizationInvitation"
        );
        assert_eq!(
            Value::invitations(&[]).type_name(),
            "[]admin.OrganizationInvitation"
        );
        let r = Record::Invitation(Box::new(inv));
        assert_eq!(r.field("Links").unwrap().type_name(), "*[]admin.Link");
        assert_eq!(r.field("Username").unwrap().type_name(), "*string");
        assert_eq!(r.field("NullFields").unwrap().type_name(), "[]string");
        assert_eq!(
            Ty::Map(Box::new(Ty::Any)).to_string(),
            "map[string]interface {}"
        );
    }

    #[test]
    fn accessors() {
        let r = Record::Invitation(Box::new(Invitation {
            username: Some("u".into()),
            ..Invitation::default()
        }));
        assert_eq!(r.call("GetUsername"), Some(Value::string("u")));
        assert_eq!(r.call("GetId"), Some(Value::string("")));
        assert_eq!(r.call("HasId"), Some(Value::Bool(false)));
        assert_eq!(r.call("GetCreatedAt"), Some(Value::Time(GoTime::ZERO)));
        assert_eq!(r.call("GetRoles"), Some(Value::Nil(Ty::slice(Ty::String))));
        assert_eq!(r.method("GetUsernameOk").unwrap().results, 2);
        assert_eq!(r.method("SetUsername").unwrap().params, vec![Ty::String]);
        assert!(r.method("HasOrgName").is_none());
        assert!(r.method("GetOrgName").is_some());
        assert!(r.method("Foo").is_none());
    }
}
