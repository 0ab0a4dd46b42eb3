//! JSON as Go's `encoding/json` reads and writes it.
//!
//! Objects keep their document order (Go decodes into structs field by field, and a
//! later duplicate key wins), numbers keep their literal text (the SDK decodes with
//! `UseNumber`), and the writer escapes exactly as Go's encoder does.

mod parse;
mod write;

pub use parse::{parse, ParseError};
pub use write::{to_compact, to_indented, write_string};

/// A decoded JSON document.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's literal text, validated against the JSON grammar.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The JSON type name Go uses in `cannot unmarshal <kind> into …` errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    pub fn str(s: &str) -> Value {
        Value::String(s.to_string())
    }

    pub fn strings(items: &[String]) -> Value {
        Value::Array(items.iter().map(|s| Value::String(s.clone())).collect())
    }
}
