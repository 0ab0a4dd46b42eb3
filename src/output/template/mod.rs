//! Go's `text/template`, as the CLI uses it: template name `output`, the builtins plus
//! `valueOrEmptySlice` and `formatAliases`, output through the tabwriter.

mod exec;
mod funcs;
mod lex;
mod parse;

use super::tabwriter::TabWriter;
use super::value::Value;

/// A template failure: the message and what had already been flushed to stdout.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub flushed: Vec<u8>,
}

/// Parses and executes `text` over `data`, returning the tabwriter's output.
pub fn render(text: &str, data: Value) -> Result<Vec<u8>, Failure> {
    let tmpl = parse::parse(text).map_err(|message| Failure {
        message,
        flushed: Vec::new(),
    })?;
    let mut w = TabWriter::default();
    match exec::execute(&tmpl, data, &mut w) {
        Ok(()) => Ok(w.finish()),
        // Go skips Flush on an execution error: only what the tabwriter already
        // flushed by itself reaches stdout.
        Err(message) => Err(Failure {
            message,
            flushed: w.flushed().to_vec(),
        }),
    }
}
