//! Go's `encoding/json` on top of serde and serde_json.
//!
//! - [`marshal`] / [`marshal_indent`]: `json.Marshal` and `json.MarshalIndent(v, "", "  ")`
//!   byte for byte (HTML-safe escaping, Go's float text), through a serde_json formatter.
//! - [`unmarshal`]: `json.Unmarshal` into any `DeserializeOwned` type derived with plain
//!   `#[derive(Deserialize)]`: case-insensitive keys, last duplicate wins, `null` as a no-op,
//!   unknown keys collected, Go's error texts (`json: cannot unmarshal …`, Go's syntax
//!   errors), invalid UTF-8 read as U+FFFD.
//!
//! Go type names in errors come from the types themselves: a struct is `admin.<serde
//! name>`, a newtype whose serde name holds a dot is that name (`time.Time`), `Vec<T>` is
//! `[]T`, `Option<T>` is `T`, integers `int`, `String` `string`.

mod decode;
mod encode;
mod syntax;

pub use decode::{unmarshal, valid, Decoded, Error, MAX_DEPTH};
pub use encode::{format_float, marshal, marshal_indent, marshal_into, EncodeError};

#[cfg(test)]
mod tests;

/// Go's name for a JSON value's kind, as its error texts use it.
pub fn kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
