//! Go types and values from serde: the SDK types are described once, by their serde
//! derive, and this module reads that description instead of keeping a second list.
//!
//! - [`type_of`] walks a type's `Deserialize` impl with a probing deserializer that
//!   answers every request with a zero value and notes what was asked for: a struct
//!   with these fields, an `Option` (a Go pointer), a sequence (a slice), a string…
//! - [`value_of`] serializes a value into [`Value`], guided by that type, so absent
//!   fields become typed nil pointers exactly as the Go SDK holds them.
//!
//! Naming follows the SDK: a struct is named by its serde name, which the caller gives
//! with its Go package (`admin.X`), a field's Go name
//! is its JSON key with the first letter upper-cased (`createdAt` → `CreatedAt`), every
//! SDK struct ends with `NullFields []string` (`json:"-"`), and the newtype struct
//! `time.Time` is Go's time.

use super::{Field, Struct, StructType, Ty, Value};
use crate::go::time::{GoTime, TIME};
use serde::de::{self, value::StrDeserializer, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Impossible, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

/// The Go type that `T`'s serde derive describes.
pub fn type_of<T: for<'de> de::Deserialize<'de>>() -> Ty {
    let slot = RefCell::new(None);
    // The probe's own answers are zero values, so deserializing cannot fail for the
    // types we describe; an unsupported shape leaves the type as `interface {}`.
    let _ = T::deserialize(Probe { out: &slot });
    slot.into_inner().unwrap_or(Ty::Any)
}

/// `v` as a Go value of type `ty` (from [`type_of`]).
pub fn value_of<T: Serialize + ?Sized>(v: &T, ty: &Ty) -> Value {
    v.serialize(ToValue { ty }).unwrap_or(Value::Invalid)
}

/// Verbatim: the caller names the Go package in the serde name (`admin.Link`).
fn go_struct_name(serde_name: &str) -> String {
    serde_name.to_string()
}

fn go_field_name(json: &str) -> String {
    let mut c = json.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

type ProbeError = de::value::Error;

/// Records the type asked for into `out` and hands the visitor a zero value.
struct Probe<'a> {
    out: &'a RefCell<Option<Ty>>,
}

impl Probe<'_> {
    fn note(&self, ty: Ty) {
        *self.out.borrow_mut() = Some(ty);
    }
}

/// Runs `f` with a fresh probe and returns what it recorded.
fn probed<R>(f: impl FnOnce(Probe) -> R) -> (R, Ty) {
    let slot = RefCell::new(None);
    let r = f(Probe { out: &slot });
    (r, slot.into_inner().unwrap_or(Ty::Any))
}

macro_rules! probe_as {
    ($($method:ident => $ty:expr, $visit:ident($zero:expr);)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
            self.note($ty);
            visitor.$visit($zero)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    probe_as! {
        deserialize_bool => Ty::Bool, visit_bool(false);
        deserialize_i8 => Ty::Int, visit_i64(0);
        deserialize_i16 => Ty::Int, visit_i64(0);
        deserialize_i32 => Ty::Int, visit_i64(0);
        deserialize_i64 => Ty::Int, visit_i64(0);
        deserialize_u8 => Ty::Uint8, visit_u64(0);
        deserialize_u16 => Ty::Int, visit_u64(0);
        deserialize_u32 => Ty::Int, visit_u64(0);
        deserialize_u64 => Ty::Int, visit_u64(0);
        deserialize_f32 => Ty::Float64, visit_f64(0.0);
        deserialize_f64 => Ty::Float64, visit_f64(0.0);
        deserialize_str => Ty::String, visit_str("");
        deserialize_string => Ty::String, visit_str("");
        deserialize_identifier => Ty::String, visit_str("");
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.note(Ty::Any);
        visitor.visit_unit()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let (r, inner) = probed(|p| visitor.visit_some(p));
        self.note(Ty::ptr(inner));
        r
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let slot = RefCell::new(None);
        let r = visitor.visit_seq(OneElement {
            out: &slot,
            done: false,
        });
        self.note(Ty::slice(slot.into_inner().unwrap_or(Ty::Any)));
        r
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        if name == TIME {
            self.note(Ty::Time);
            let zero: StrDeserializer<ProbeError> = "0001-01-01T00:00:00Z".into_deserializer();
            return visitor.visit_newtype_struct(zero);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        let slots: Vec<RefCell<Option<Ty>>> = fields.iter().map(|_| RefCell::new(None)).collect();
        let r = visitor.visit_map(Fields {
            fields,
            slots: &slots,
            next: 0,
        });
        let mut described: Vec<Field> = fields
            .iter()
            .zip(slots)
            .map(|(json, slot)| Field {
                name: go_field_name(json),
                json: Some((*json).to_string()),
                ty: slot.into_inner().unwrap_or(Ty::Any),
            })
            .collect();
        described.push(Field {
            name: "NullFields".into(),
            json: None,
            ty: Ty::slice(Ty::String),
        });
        self.note(Ty::Struct(Rc::new(StructType {
            name: go_struct_name(name),
            fields: described,
        })));
        r
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct tuple tuple_struct map enum ignored_any
    }
}

/// A sequence of one probed element: enough to learn the element type.
struct OneElement<'a> {
    out: &'a RefCell<Option<Ty>>,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for OneElement<'_> {
    type Error = ProbeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ProbeError> {
        if self.done {
            return Ok(None);
        }
        self.done = true;
        seed.deserialize(Probe { out: self.out }).map(Some)
    }
}

/// Every field of a struct, each value probed into its own slot.
struct Fields<'a> {
    fields: &'static [&'static str],
    slots: &'a [RefCell<Option<Ty>>],
    next: usize,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = ProbeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ProbeError> {
        let Some(name) = self.fields.get(self.next) else {
            return Ok(None);
        };
        let key: StrDeserializer<ProbeError> = name.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, ProbeError> {
        let i = self.next;
        self.next += 1;
        match self.slots.get(i) {
            Some(out) => seed.deserialize(Probe { out }),
            None => Err(de::Error::custom("no such field")),
        }
    }
}

/// A value that cannot be represented (none of our types produce one).
#[derive(Debug)]
pub struct Unsupported(String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(format!("no Go value for a serde {what}")))
}

/// Serializes into a [`Value`] of type `ty`.
struct ToValue<'t> {
    ty: &'t Ty,
}

impl<'t> ser::Serializer for ToValue<'t> {
    type Ok = Value;
    type Error = Unsupported;
    type SerializeSeq = Items<'t>;
    type SerializeTuple = Impossible<Value, Unsupported>;
    type SerializeTupleStruct = Impossible<Value, Unsupported>;
    type SerializeTupleVariant = Impossible<Value, Unsupported>;
    type SerializeMap = Impossible<Value, Unsupported>;
    type SerializeStruct = Members;
    type SerializeStructVariant = Impossible<Value, Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<Value, Unsupported> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Unsupported> {
        Ok(Value::Int(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Unsupported> {
        Ok(Value::Int(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Unsupported> {
        Ok(Value::Int(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Unsupported> {
        Ok(Value::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Unsupported> {
        Ok(Value::Byte(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Unsupported> {
        Ok(Value::Int(i64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Unsupported> {
        Ok(Value::Int(i64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Unsupported> {
        i64::try_from(v)
            .map(Value::Int)
            .or_else(|_| unsupported("u64 above i64"))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Unsupported> {
        Ok(Value::Float(f64::from(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Unsupported> {
        Ok(Value::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, Unsupported> {
        Ok(Value::string(&v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Unsupported> {
        if *self.ty == Ty::Time {
            return GoTime::parse_rfc3339(v)
                .map(Value::Time)
                .map_err(Unsupported);
        }
        Ok(Value::string(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Value, Unsupported> {
        unsupported("byte string")
    }
    fn serialize_none(self) -> Result<Value, Unsupported> {
        Ok(self.ty.zero())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, Unsupported> {
        match self.ty {
            Ty::Ptr(inner) => Ok(Value::Ptr(Rc::new(v.serialize(ToValue { ty: inner })?))),
            ty => v.serialize(ToValue { ty }),
        }
    }
    fn serialize_unit(self) -> Result<Value, Unsupported> {
        Ok(self.ty.zero())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, Unsupported> {
        unsupported("unit struct")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, Unsupported> {
        Ok(Value::string(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, Unsupported> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Value, Unsupported> {
        unsupported("enum")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'t>, Unsupported> {
        let Ty::Slice(elem) = self.ty else {
            return unsupported("sequence without a described element type");
        };
        Ok(Items {
            elem,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        unsupported("tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        unsupported("tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        unsupported("enum")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        unsupported("map")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members, Unsupported> {
        match self.ty {
            Ty::Struct(st) => Ok(Members {
                ty: st.clone(),
                values: st.fields.iter().map(|_| None).collect(),
            }),
            _ => unsupported("struct without a described type"),
        }
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        unsupported("enum")
    }
}

struct Items<'t> {
    elem: &'t Ty,
    items: Vec<Value>,
}

impl ser::SerializeSeq for Items<'_> {
    type Ok = Value;
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Unsupported> {
        self.items.push(v.serialize(ToValue { ty: self.elem })?);
        Ok(())
    }

    fn end(self) -> Result<Value, Unsupported> {
        Ok(Value::Slice(self.elem.clone(), Rc::new(self.items)))
    }
}

/// A struct being filled field by field; skipped fields get their zero value at the
/// end (made only then: a typed nil's type is an allocation).
struct Members {
    ty: Rc<StructType>,
    values: Vec<Option<Value>>,
}

impl ser::SerializeStruct for Members {
    type Ok = Value;
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Unsupported> {
        let found = self
            .ty
            .fields
            .iter()
            .zip(self.values.iter_mut())
            .find(|(f, _)| f.json.as_deref() == Some(key));
        let Some((field, slot)) = found else {
            return unsupported("field the type does not describe");
        };
        *slot = Some(v.serialize(ToValue { ty: &field.ty })?);
        Ok(())
    }

    fn end(self) -> Result<Value, Unsupported> {
        let fields = self
            .ty
            .fields
            .iter()
            .zip(self.values)
            .map(|(f, v)| v.unwrap_or_else(|| f.ty.zero()))
            .collect();
        Ok(Value::Struct(Rc::new(Struct {
            ty: self.ty,
            fields,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename = "admin.OrganizationInvitation", rename_all = "camelCase")]
    struct Inv {
        #[serde(skip_serializing_if = "Option::is_none")]
        created_at: Option<GoTime>,
        #[serde(skip_serializing_if = "Option::is_none")]
        links: Option<Vec<Link>>,
        #[serde(default)]
        org_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        roles: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        username: Option<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename = "admin.Link")]
    struct Link {
        href: Option<String>,
    }

    fn record(inv: &Inv) -> Struct {
        match value_of(inv, &type_of::<Inv>()) {
            Value::Struct(s) => (*s).clone(),
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn types_come_from_the_serde_derive() {
        let ty = type_of::<Inv>();
        assert_eq!(ty.to_string(), "admin.OrganizationInvitation");
        let r = record(&Inv::default());
        let names: Vec<&str> = r.field_names().collect();
        assert_eq!(
            names,
            [
                "CreatedAt",
                "Links",
                "OrgName",
                "Roles",
                "Username",
                "NullFields"
            ]
        );
        assert_eq!(r.field("Links").unwrap().type_name(), "*[]admin.Link");
        assert_eq!(r.field("CreatedAt").unwrap().type_name(), "*time.Time");
        assert_eq!(r.field("Username").unwrap().type_name(), "*string");
        assert_eq!(r.field("OrgName").unwrap().type_name(), "string");
        assert_eq!(r.field("NullFields").unwrap().type_name(), "[]string");
    }

    #[test]
    fn accessors() {
        let r = record(&Inv {
            username: Some("u".into()),
            ..Inv::default()
        });
        assert_eq!(r.call("GetUsername"), Some(Value::string("u")));
        assert_eq!(r.call("HasUsername"), Some(Value::Bool(true)));
        assert_eq!(r.call("HasLinks"), Some(Value::Bool(false)));
        assert_eq!(r.call("GetCreatedAt"), Some(Value::Time(GoTime::ZERO)));
        assert_eq!(r.call("GetRoles"), Some(Value::Nil(Ty::slice(Ty::String))));
        assert_eq!(r.method("GetUsernameOk").unwrap().results, 2);
        assert_eq!(r.method("SetUsername").unwrap().params, vec![Ty::String]);
        assert!(r.method("HasOrgName").is_none());
        assert!(r.method("GetOrgName").is_some());
        assert!(r.method("GetNullFields").is_none());
        assert!(r.method("Foo").is_none());
    }

    #[test]
    fn values_follow_the_type() {
        let t = GoTime::parse_rfc3339("2026-08-10T03:03:37Z").unwrap();
        let r = record(&Inv {
            created_at: Some(t),
            links: Some(vec![Link { href: None }]),
            ..Inv::default()
        });
        assert_eq!(
            r.field("CreatedAt"),
            Some(Value::Ptr(Rc::new(Value::Time(t))))
        );
        let Some(Value::Ptr(links)) = r.field("Links") else {
            panic!("links")
        };
        assert_eq!(links.type_name(), "[]admin.Link");
    }
}
