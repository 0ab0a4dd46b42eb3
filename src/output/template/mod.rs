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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Decoder;
    use crate::json;

    fn doc(name: &str) -> Value {
        let text = match name {
            "invite" => include_str!("../../../tests/golden/docs/invite.json"),
            "list" => include_str!("../../../tests/golden/docs/list.json"),
            "empty" => include_str!("../../../tests/golden/docs/empty.json"),
            _ => include_str!("../../../tests/golden/docs/rich.json"),
        };
        let v = json::parse(text.trim().as_bytes()).expect("golden doc");
        let mut d = Decoder::new(false);
        if name == "list" {
            Value::invitations(&d.invitations(&v).unwrap_or_default())
        } else {
            Value::invitation(&d.invitation(&v).unwrap_or_default())
        }
    }

    fn unquote(s: &str) -> Option<String> {
        match json::parse(s.as_bytes()).ok()? {
            json::Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Every case in `tests/golden/templates.txt` was produced by Go's text/template.
    #[test]
    fn golden_against_go() {
        let golden = include_str!("../../../tests/golden/templates.txt");
        let mut n = 0;
        let mut failures = Vec::new();
        for line in golden
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            let (which, tpl, want_out, want_err) = (cols[0], cols[1], cols[2], cols[3]);
            let tpl = unquote(tpl).expect("template");
            let want_out = unquote(want_out).expect("stdout");
            let want_err = unquote(want_err);
            let got = match render(&tpl, doc(which)) {
                Ok(out) => (String::from_utf8_lossy(&out).into_owned(), None),
                Err(f) => (
                    String::from_utf8_lossy(&f.flushed).into_owned(),
                    Some(f.message),
                ),
            };
            if got != (want_out.clone(), want_err.clone()) {
                failures.push(format!(
                    "{tpl:?}\n   got {got:?}\n  want {:?}",
                    (want_out, want_err)
                ));
            }
            n += 1;
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert!(n > 150);
    }
}

#[cfg(test)]
mod limits {
    use super::*;

    #[test]
    fn runaway_templates_stop_with_errors() {
        let data = Value::Int(1);
        let recursive = "{{define \"a\"}}x{{template \"a\" .}}{{end}}{{template \"a\" .}}";
        let e = render(recursive, data.clone()).unwrap_err();
        assert!(
            e.message.ends_with("exceeded maximum template depth (100)"),
            "{}",
            e.message
        );
        let e = render("{{range 100000000}}{{end}}", data.clone()).unwrap_err();
        assert!(
            e.message
                .ends_with("range over 100000000 exceeds the limit of 10000000 iterations"),
            "{}",
            e.message
        );
        let e = render(
            "{{range 10000000}}{{printf \"%100000s\" \"\"}}{{end}}",
            data,
        )
        .unwrap_err();
        assert!(
            e.message.ends_with("template output exceeds 256 MiB"),
            "{}",
            e.message
        );
    }
}
