//! Go's `encoding/json` on top of serde and serde_json.
//!
//! - [`marshal`] / [`marshal_indent`]: `json.Marshal` and `json.MarshalIndent(v, "", "  ")`
//!   byte for byte (HTML-safe escaping, Go's float text), through a serde_json formatter.
//! - [`unmarshal`]: `json.Unmarshal` into any `DeserializeOwned` type derived with plain
//!   `#[derive(Deserialize)]`: case-insensitive keys, last duplicate wins, `null` as a no-op,
//!   unknown keys collected, Go's error texts (`json: cannot unmarshal …`, Go's syntax
//!   errors), invalid UTF-8 read as U+FFFD.
//!
//! Go type names in errors come from the types themselves: a struct or a newtype is its
//! serde name, which the caller gives with its Go package (`admin.Link`, `time.Time`), `Vec<T>` is
//! `[]T`, `Option<T>` is `T`, integers `int`, `String` `string`.

mod decode;
mod encode;
mod syntax;

pub use decode::{unmarshal, unmarshal_exact, valid, Decoded, Error, MAX_DEPTH};
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

/// A document read whole with Go's rules, and, when it is an array, split into its
/// items as written, so that each decodes on its own (Go's key rules then see each
/// item as the file spells it).
pub enum Document {
    /// Not an array: the value, for the caller to judge.
    Other(serde_json::Value),
    /// An array: each item's value and its text.
    Array(Vec<(serde_json::Value, Box<serde_json::value::RawValue>)>),
}

/// [`Document`] of `bytes`; the error is Go's syntax error text.
pub fn document(bytes: &[u8]) -> Result<Document, String> {
    let value = unmarshal::<serde_json::Value>(bytes)
        .map_err(|e| e.to_string())?
        .value;
    let serde_json::Value::Array(items) = value else {
        return Ok(Document::Other(value));
    };
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<Box<serde_json::value::RawValue>> =
        serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(Document::Array(items.into_iter().zip(raw).collect()))
}
