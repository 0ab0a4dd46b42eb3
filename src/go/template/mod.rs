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
        Ok(_) => Ok(w.finish()),
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
    use crate::go::reflect::Ty;
    use std::rc::Rc;

    /// The operations `text` uses over `data` (it must succeed).
    fn ops_used(text: &str, data: Value) -> u64 {
        let tmpl = parse::parse(text).expect("parses");
        exec::execute(&tmpl, data, &mut TabWriter::default()).expect("executes")
    }

    /// `n` invitations shaped as the commands give them to templates.
    fn invitations(n: usize) -> Value {
        let one = |i: usize| {
            let fields = vec![
                (
                    "CreatedAt".to_string(),
                    Value::Time(crate::go::time::GoTime::ZERO),
                ),
                (
                    "ExpiresAt".to_string(),
                    Value::Time(crate::go::time::GoTime::ZERO),
                ),
                (
                    "Id".to_string(),
                    Value::string(&format!("6a793f89c0eb9e7a{i:08x}")),
                ),
                ("OrgName".to_string(), Value::string("Example Org")),
                (
                    "Roles".to_string(),
                    Value::Slice(
                        Ty::slice(Ty::String),
                        Rc::new(vec![Value::string("ORG_MEMBER")]),
                    ),
                ),
                (
                    "Username".to_string(),
                    Value::string(&format!("user{i}@example.com")),
                ),
            ];
            Value::Map(Ty::Map(Box::new(Ty::Any)), Rc::new(fields))
        };
        Value::Slice(
            Ty::slice(Ty::Map(Box::new(Ty::Any))),
            Rc::new((0..n).map(one).collect()),
        )
    }

    #[test]
    fn ordinary_templates_over_10000_items_stay_far_below_the_budget() {
        let data = invitations(10_000);
        let templates = [
            // The official list table, and README's example.
            "ID\tUSERNAME\tCREATED AT\tEXPIRES AT{{range valueOrEmptySlice .}}\n{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}{{end}}\n",
            "{{range .}}{{.Id}}\t{{.Username}}{{end}}",
            // Heavier than most: a condition, a function, a variable and a nested range per item.
            "{{range $i, $e := .}}{{if eq $e.OrgName \"Example Org\"}}{{printf \"%d %s %v\" $i (len $e.Username) $e.Roles}}{{range $e.Roles}} {{.}}{{end}}\n{{end}}{{end}}",
        ];
        for text in templates {
            let ops = ops_used(text, data.clone());
            // Measured: 130,161, 60,002 and 170,002 operations (1.3%, 0.6%, 1.7%).
            assert!(ops < exec::MAX_OPS / 40, "{ops} operations for {text}");
        }
    }

    #[test]
    fn the_operation_budget_stops_runaway_work() {
        let data = Value::Int(1);
        let started = std::time::Instant::now();
        let runaways: [&str; 5] = [
            "{{range 10000000}}{{range 10000000}}{{end}}{{end}}",
            "{{range $i := 10000000}}{{if $i}}{{else}}{{end}}{{end}}",
            // Few steps, each copying 1 MB.
            "{{$b := printf \"%1000000s\" \"\"}}{{range 1000000}}{{$c := $b}}{{end}}",
            "{{define \"t\"}}{{range 1000}}{{end}}{{end}}{{range 10000000}}{{template \"t\"}}{{end}}",
            // Few steps, each writing out a large node's text (for the error position).
            &format!("{{{{range 10000000}}}}{{{{range 0}}}}{}{{{{end}}}}{{{{end}}}}", "x".repeat(100_000)),
        ];
        for text in runaways {
            let e = render(text, data.clone()).unwrap_err();
            assert!(
                e.message
                    .ends_with(": template execution exceeds the limit of 10000000 operations"),
                "{text}: {}",
                e.message
            );
        }
        // Generous for a debug build on a busy machine (2 s each measured with load 10 on
        // two cores); hours before the budget.
        assert!(started.elapsed() < std::time::Duration::from_secs(120));
        // Exactly the budget is allowed: the range node, its command, one per iteration.
        assert_eq!(
            ops_used("{{range 9999998}}{{end}}", data.clone()),
            exec::MAX_OPS
        );
        assert!(render("{{range 9999999}}{{end}}", data).is_err());
    }

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
