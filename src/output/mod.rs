//! Printing results the way the official CLI's `OutputOpts.Print` does: `-o json`,
//! `-o json-path=…`, `-o go-template=…`, `-o go-template-file=…`, and the command's
//! default template (with a warning for unknown `-o` values), all templates running
//! through Go's `text/template` semantics and the tabwriter.

pub mod bulk;
pub mod export;
pub mod jsonpath;
pub mod membership;
pub mod notes;
pub mod progress;

use crate::api::model::Invitation;
use crate::error::Error;
use crate::fsutil::ReadError;
use crate::go::json as gojson;
use crate::go::reflect::serde_bridge::{type_of, value_of};
use crate::go::reflect::{Ty, Value};
use crate::go::template;

/// What a command prints.
pub enum Data<'a> {
    /// `*admin.OrganizationInvitation`; `None` is a nil pointer (empty 200 body).
    One(Option<&'a Invitation>),
    /// `[]admin.OrganizationInvitation`; `None` is a nil slice (`null` body).
    List(Option<&'a [Invitation]>),
}

/// The default templates of the invitations commands, verbatim from the official CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    Invite,
    Update,
    Describe,
    List,
}

impl Template {
    pub fn text(self) -> &'static str {
        match self {
            Template::Invite => "User '{{.Username}}' invited.\n",
            Template::Update => "Invitation {{.Id}} updated.\n",
            Template::Describe => "ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}\n",
            Template::List => "ID\tUSERNAME\tCREATED AT\tEXPIRES AT{{range valueOrEmptySlice .}}\n{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}{{end}}\n",
        }
    }
}

/// How `-o` (or the configured default) asks for output.
#[derive(Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    JsonPath(String),
    GoTemplate(String),
    GoTemplateFile(String),
    /// The command's template; `unknown` holds a value we did not recognise.
    Default {
        unknown: Option<String>,
    },
}

impl Format {
    /// `outputTypeAndValue`, plus decision unknown-output-warns: unknown values are reported.
    pub fn parse(value: &str) -> Format {
        if value == "json" {
            return Format::Json;
        }
        if let Some(rest) = value.strip_prefix("go-template=") {
            return Format::GoTemplate(rest.to_string());
        }
        if let Some(rest) = value.strip_prefix("go-template-file=") {
            return Format::GoTemplateFile(rest.to_string());
        }
        if let Some(rest) = value.strip_prefix("json-path=") {
            return Format::JsonPath(rest.to_string());
        }
        let unknown = (!value.is_empty() && value != "plaintext").then(|| value.to_string());
        Format::Default { unknown }
    }
}

/// Output that failed part-way: what Go would already have written, and the error.
#[derive(Debug)]
pub struct Failure {
    pub partial: Vec<u8>,
    pub error: Error,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure {
            partial: Vec::new(),
            error,
        }
    }
}

/// `json.MarshalIndent` of what a command prints (`null` for a nil pointer or slice),
/// with the encoder's newline.
fn indented<T: serde::Serialize + ?Sized>(v: &T) -> Result<Vec<u8>, Failure> {
    let mut out = gojson::marshal_indent(v).map_err(|e| Error::Output(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}

/// The document JSONPath reads: the SDK value as `json.Unmarshal` into `interface{}`
/// would give it back (`null` for a nil pointer or slice, float64 numbers).
fn jsonpath_doc(data: &Data) -> Result<serde_json::Value, Error> {
    let doc = match data {
        Data::One(inv) => serde_json::to_value(inv),
        Data::List(list) => serde_json::to_value(list),
    };
    doc.map(jsonpath::go_numbers)
        .map_err(|e| Error::Output(format!("json: {e}")))
}

/// What templates see. A nil result becomes an empty map (or a slice of none), as the
/// CLI substitutes before running a template.
/// What a template sees: `*admin.OrganizationInvitation`, `[]admin.OrganizationInvitation`,
/// or the empty values the CLI passes for an empty body.
pub fn template_value(data: &Data) -> Value {
    use std::rc::Rc;
    match data {
        Data::One(Some(inv)) => Value::Ptr(Rc::new(value_of(*inv, &type_of::<Invitation>()))),
        Data::List(Some(list)) => value_of(*list, &Ty::slice(type_of::<Invitation>())),
        Data::One(None) => Value::Map(Ty::Any, Rc::new(Vec::new())),
        Data::List(None) => Value::Slice(Ty::Map(Box::new(Ty::Any)), Rc::new(Vec::new())),
    }
}

/// Go's wording of a file error: `open PATH: no such file or directory`.
fn os_error(op: &str, path: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "no such file or directory".to_string(),
        K::PermissionDenied => "permission denied".to_string(),
        K::IsADirectory => "is a directory".to_string(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
    };
    format!("{op} {path}: {why}")
}

/// Decision unknown-output-warns: an unrecognised `-o` value still prints the default output, with one
/// warning on stderr.
pub fn warn_unknown_format(format_value: &str) {
    if let Format::Default { unknown: Some(v) } = Format::parse(format_value) {
        crate::redact::say!(
            "Warning: unknown output format {}; printing the default format (valid values: json, json-path=EXPR, go-template=TEMPLATE, go-template-file=PATH)",
            crate::go::strconv::quote(&v)
        );
    }
}

/// Template files bigger than this are refused rather than read.
const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

fn read_template(path: &str) -> Result<String, Error> {
    let fail = |m: String| Error::Output(format!("error loading template: {path}, {m}"));
    let meta = std::fs::metadata(path).map_err(|e| fail(os_error("open", path, &e)))?;
    if meta.is_dir() {
        return Err(fail(format!("read {path}: is a directory")));
    }
    let bytes = crate::fsutil::read_capped(std::path::Path::new(path), MAX_TEMPLATE_BYTES)
        .map_err(|e| match e {
            ReadError::TooLarge { limit, size } => {
                fail(ReadError::too_large_text(limit, size, "a template"))
            }
            ReadError::Open(e) => fail(os_error("open", path, &e)),
            ReadError::Read(e) => fail(os_error("read", path, &e)),
        })?;
    String::from_utf8(bytes).map_err(|_| fail("the file is not UTF-8 text".into()))
}

/// Renders `data` for the `-o` value `format_value`; returns the bytes for stdout.
pub fn render(format_value: &str, template: Template, data: &Data) -> Result<Vec<u8>, Failure> {
    let json = || match data {
        Data::One(inv) => indented(inv),
        Data::List(list) => indented(list),
    };
    let rendered = render_forms(
        format_value,
        Some(template.text()),
        &json,
        &|| jsonpath_doc(data),
        &|| template_value(data),
    )?;
    Ok(rendered.unwrap_or_default())
}

/// `-o json`, `json-path=`, `go-template=` and `go-template-file=` over any value
/// (`apply`'s change records, `export`'s members), with the same rules as [`render`];
/// `Ok(None)` for the default form, which the command prints itself (an unknown `-o`
/// value is warned about, as everywhere).
pub fn render_value<T>(format_value: &str, value: &T) -> Result<Option<Vec<u8>>, Failure>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    render_forms(
        format_value,
        None,
        &|| indented(value),
        &|| {
            serde_json::to_value(value)
                .map(jsonpath::go_numbers)
                .map_err(|e| Error::Output(format!("json: {e}")))
        },
        &|| value_of(value, &type_of::<T>()),
    )
}

/// The `-o` forms over one value, seen as its JSON bytes, its JSONPath document and
/// its template value (each made only when asked for). The default form renders
/// `default` as a template, or is `Ok(None)` without one. The forms are `&dyn`, so this
/// is compiled once, not once per type rendered (BENCHMARKS.md, "Size").
fn render_forms(
    format_value: &str,
    default: Option<&str>,
    json: &dyn Fn() -> Result<Vec<u8>, Failure>,
    doc: &dyn Fn() -> Result<serde_json::Value, Error>,
    value: &dyn Fn() -> Value,
) -> Result<Option<Vec<u8>>, Failure> {
    let text = match Format::parse(format_value) {
        Format::Json => return json().map(Some),
        Format::JsonPath(expr) => {
            if expr.is_empty() {
                return Err(Error::Output("empty jsonpath".into()).into());
            }
            let result = jsonpath::get(&expr, &doc()?).map_err(Error::Output)?;
            return indented(&result).map(Some);
        }
        Format::GoTemplate(t) => t,
        Format::GoTemplateFile(path) => read_template(&path)?,
        Format::Default { .. } => {
            warn_unknown_format(format_value);
            match default {
                Some(text) => text.to_string(),
                None => return Ok(None),
            }
        }
    };
    // Decision empty-go-template: Go would print the value with memory addresses; we refuse instead.
    if text.is_empty() {
        return Err(Error::Output("empty go-template".into()).into());
    }
    template::render(&text, value())
        .map(Some)
        .map_err(|f| Failure {
            partial: f.flushed,
            error: Error::Output(f.message),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation(body: &str) -> Invitation {
        gojson::unmarshal(body.trim().as_bytes()).unwrap().value
    }

    #[test]
    fn format_dispatch() {
        assert_eq!(Format::parse("json"), Format::Json);
        assert_eq!(
            Format::parse("json-path=$.id"),
            Format::JsonPath("$.id".into())
        );
        assert_eq!(Format::parse("go-template="), Format::GoTemplate("".into()));
        assert_eq!(Format::parse(""), Format::Default { unknown: None });
        assert_eq!(
            Format::parse("plaintext"),
            Format::Default { unknown: None }
        );
        assert_eq!(
            Format::parse("JSON"),
            Format::Default {
                unknown: Some("JSON".into())
            }
        );
        assert_eq!(
            Format::parse("go-template"),
            Format::Default {
                unknown: Some("go-template".into())
            }
        );
    }

    #[test]
    fn describe_of_empty_object() {
        let inv = invitation("{}");
        let out = render("", Template::Describe, &Data::One(Some(&inv))).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ID      USERNAME   CREATED AT   EXPIRES AT\n<nil>   <nil>      <nil>        <nil>\n"
        );
        let out = render("", Template::Invite, &Data::One(Some(&inv))).unwrap();
        assert_eq!(out, b"User '<nil>' invited.\n");
        let out = render("", Template::Invite, &Data::One(None)).unwrap();
        assert_eq!(out, b"User '<no value>' invited.\n");
        assert_eq!(
            render("json", Template::Invite, &Data::One(None)).unwrap(),
            b"null\n"
        );
        assert_eq!(
            render("json", Template::Invite, &Data::One(Some(&inv))).unwrap(),
            b"{\n  \"orgName\": \"\"\n}\n"
        );
    }

    /// JSONPath reads the same document `-o json` prints, as Go re-decodes it.
    #[test]
    fn jsonpath_doc_is_the_json_output() {
        let rich = invitation(include_str!("../../tests/golden/docs/rich.json"));
        let list = [rich.clone(), invitation("{}")];
        for data in [
            Data::One(Some(&rich)),
            Data::One(None),
            Data::List(Some(&list)),
            Data::List(Some(&[])),
            Data::List(None),
        ] {
            let printed = String::from_utf8(indented(&data_value(&data)).unwrap()).unwrap();
            let reread = jsonpath::go_numbers(serde_json::from_str(&printed).unwrap());
            assert_eq!(jsonpath_doc(&data).unwrap(), reread, "{printed}");
        }
    }

    fn data_value(data: &Data) -> serde_json::Value {
        match data {
            Data::One(inv) => serde_json::to_value(inv).unwrap(),
            Data::List(list) => serde_json::to_value(list).unwrap(),
        }
    }

    #[test]
    fn lists() {
        let out = render("", Template::List, &Data::List(None)).unwrap();
        assert_eq!(out, b"ID    USERNAME   CREATED AT   EXPIRES AT\n");
        assert_eq!(
            render("json", Template::List, &Data::List(None)).unwrap(),
            b"null\n"
        );
        assert_eq!(
            render("json", Template::List, &Data::List(Some(&[]))).unwrap(),
            b"[]\n"
        );
    }
}

#[cfg(test)]
mod go_goldens {
    use super::*;
    use template::render;

    fn doc(name: &str) -> Value {
        let text = match name {
            "invite" => include_str!("../../tests/golden/docs/invite.json"),
            "list" => include_str!("../../tests/golden/docs/list.json"),
            "empty" => include_str!("../../tests/golden/docs/empty.json"),
            _ => include_str!("../../tests/golden/docs/rich.json"),
        };
        if name == "list" {
            let list: Vec<Invitation> = gojson::unmarshal(text.trim().as_bytes()).unwrap().value;
            template_value(&Data::List(Some(&list)))
        } else {
            let one: Invitation = gojson::unmarshal(text.trim().as_bytes()).unwrap().value;
            template_value(&Data::One(Some(&one)))
        }
    }

    fn unquote(s: &str) -> Option<String> {
        serde_json::from_str::<String>(s).ok()
    }

    /// Every case in `tests/golden/templates.txt` was produced by Go's text/template.
    #[test]
    fn golden_against_go() {
        let golden = include_str!("../../tests/golden/templates.txt");
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

    /// A text column of `template_corners.txt`: a JSON string, or `bytes:` and hex for
    /// text that is not UTF-8 (which JSON cannot hold).
    fn text_column(s: &str) -> Option<Vec<u8>> {
        match s.strip_prefix("bytes:") {
            Some(hex) => (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
                .collect(),
            None => unquote(s).map(String::into_bytes),
        }
    }

    /// Every case in `tests/golden/template_corners.txt` (number and complex literals,
    /// byte strings, fmt verbs on floats, fmt corners, the comparison matrix) was
    /// produced by Go's text/template; output is compared byte for byte.
    #[test]
    fn corner_cases_against_go() {
        let golden = include_str!("../../tests/golden/template_corners.txt");
        let mut family = "";
        let mut counts: Vec<(&str, usize)> = Vec::new();
        let mut failures = Vec::new();
        for line in golden.lines().filter(|l| !l.is_empty()) {
            if let Some(name) = line.strip_prefix("# family: ") {
                family = name;
                counts.push((name, 0));
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (which, tpl, want_out, want_err) = (cols[0], cols[1], cols[2], cols[3]);
            let tpl = unquote(tpl).expect("template");
            let want_out = text_column(want_out).expect("stdout");
            let want_err = (want_err != "null").then(|| text_column(want_err).expect("error"));
            let got = match render(&tpl, doc(which)) {
                Ok(out) => (out, None),
                Err(f) => (f.flushed, Some(f.message.into_bytes())),
            };
            if got != (want_out.clone(), want_err.clone()) {
                let show = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
                failures.push(format!(
                    "[{family}] {tpl:?}\n   got {:?} {:?}\n  want {:?} {:?}",
                    show(&got.0),
                    got.1.as_deref().map(show),
                    show(&want_out),
                    want_err.as_deref().map(show),
                ));
            }
            if let Some(last) = counts.last_mut() {
                last.1 += 1;
            }
        }
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
        let names: Vec<&str> = counts.iter().map(|c| c.0).collect();
        assert_eq!(
            names,
            ["literals", "bytes", "floats", "fmtcorners", "compare"]
        );
        assert!(counts.iter().all(|c| c.1 >= 80), "{counts:?}");
    }
}
