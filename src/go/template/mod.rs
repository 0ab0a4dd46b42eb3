//! Go's `text/template`, as the CLI uses it: template name `output`, the builtins plus
//! `valueOrEmptySlice` and `formatAliases`, output through the tabwriter.

mod exec;
mod funcs;
mod lex;
mod parse;

use crate::go::reflect::Value;
use crate::go::tabwriter::TabWriter;

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
mod limits {
    use super::*;

    #[test]
    fn fuzz_finding_huge_float_precision() {
        // A fuzzed template whose `%.623157e` overflowed Rust's formatting precision.
        let text = "{{printf \"%c|%U|%#U|%.623157e308 1006U|%q\" 1.1 -1.5 1e21 0x1P-1074 2.5}}";
        let out = render(text, Value::Int(1)).expect("renders");
        // Go 1.19 printed 623250 bytes: this head, the digits, and this tail.
        let head = "%!c(float64=1.1)|%!U(float64=-1.5)|%!U(float64=1.00000e+21)|4.9406564584124654417656879286822137236505980261432476442558";
        assert!(
            out.starts_with(head.as_bytes()),
            "{:?}",
            String::from_utf8_lossy(&out[..200])
        );
        assert!(out.ends_with(b"00000e-324308 1006U|%!q(float64=2.5)"));
        assert_eq!(out.len(), 623_250);
    }

    #[test]
    fn fuzz_finding_huge_precision_over_a_slice() {
        // A fuzzed template (it timed out): `%o` of a 180-byte slice with Go's largest
        // precision (seven digits) asks for a gigabyte; fmt stops at its limit.
        let text = "{{printf \"%x %#.5555553o\" 1.5 .}}";
        let data = Value::Slice(
            crate::go::reflect::Ty::Uint8,
            std::rc::Rc::new(vec![Value::Byte(1); 180]),
        );
        let e = render(text, data).unwrap_err();
        assert!(
            e.message
                .ends_with("error calling printf: output exceeds 256 MiB"),
            "{}",
            e.message
        );
    }

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
