//! Printing results the way the official CLI's `OutputOpts.Print` does: `-o json`,
//! the command's default template through the tabwriter, and (for unknown values)
//! the default template with a warning.

pub mod fmt;
pub mod jsonpath;
pub mod tabwriter;
pub mod template;
pub mod value;

use crate::api::model::{invitations_to_json, Invitation};
use crate::error::{Error, Result};
use crate::json;
use tabwriter::TabWriter;

/// What a command prints.
pub enum Data<'a> {
    /// `*admin.OrganizationInvitation`; `None` is a nil pointer (empty 200 body).
    One(Option<&'a Invitation>),
    /// `[]admin.OrganizationInvitation`; `None` is a nil slice (`null` body).
    List(Option<&'a [Invitation]>),
}

/// The default templates of the invitations commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// `User '{{.Username}}' invited.\n`
    Invite,
    /// `Invitation {{.Id}} updated.\n`
    Update,
    /// `ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}\n`
    Describe,
    /// The same header, then one row per invitation.
    List,
}

/// How `-o` (or the configured default) asks for output.
#[derive(Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    JsonPath(String),
    GoTemplate(String),
    GoTemplateFile(String),
    /// The command's template; `warn` holds a value we did not recognise.
    Default {
        unknown: Option<String>,
    },
}

impl Format {
    /// `outputTypeAndValue`, plus decision 3: unknown values are reported.
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

/// Go's template printing of a `*string`/`*time.Time` field: `<nil>` when nil.
fn field(v: Option<&str>) -> String {
    v.unwrap_or("<nil>").to_string()
}

/// A field of the data after Go's nil→empty-map substitution prints `<no value>`.
const NO_VALUE: &str = "<no value>";

fn row(inv: Option<&Invitation>) -> String {
    let Some(inv) = inv else {
        return [NO_VALUE; 4].join("\t");
    };
    let time =
        |t: &Option<crate::api::time::GoTime>| t.map_or("<nil>".to_string(), |t| t.go_string());
    format!(
        "{}\t{}\t{}\t{}",
        field(inv.id.as_deref()),
        field(inv.username.as_deref()),
        time(&inv.created_at),
        time(&inv.expires_at)
    )
}

const HEADER: &str = "ID\tUSERNAME\tCREATED AT\tEXPIRES AT";

/// Executes a default template over the data (the text Go's executor produces).
fn execute_default(t: Template, data: &Data) -> String {
    match (t, data) {
        (Template::Invite, Data::One(inv)) => format!(
            "User '{}' invited.\n",
            inv.map_or(NO_VALUE.to_string(), |i| field(i.username.as_deref()))
        ),
        (Template::Update, Data::One(inv)) => format!(
            "Invitation {} updated.\n",
            inv.map_or(NO_VALUE.to_string(), |i| field(i.id.as_deref()))
        ),
        (Template::Describe, Data::One(inv)) => format!("{HEADER}\n{}\n", row(*inv)),
        (Template::List, Data::List(list)) => {
            let mut s = HEADER.to_string();
            for inv in list.unwrap_or_default() {
                s.push('\n');
                s.push_str(&row(Some(inv)));
            }
            s.push('\n');
            s
        }
        // A list rendered with a one-object template (or the reverse) does not happen:
        // each command pairs its own data and template.
        (_, Data::List(_)) | (_, Data::One(_)) => String::new(),
    }
}

fn to_json(data: &Data) -> json::Value {
    match data {
        Data::One(Some(inv)) => inv.to_json(),
        Data::One(None) => json::Value::Null,
        Data::List(list) => invitations_to_json(&list.map(<[Invitation]>::to_vec)),
    }
}

/// Renders `data` for the `-o` value `format_value`; returns the bytes for stdout.
pub fn render(format_value: &str, template: Template, data: &Data) -> Result<Vec<u8>> {
    match Format::parse(format_value) {
        Format::Json => Ok((json::to_indented(&to_json(data)) + "\n").into_bytes()),
        Format::Default { unknown } => {
            if let Some(v) = unknown {
                eprintln!(
                    "Warning: unknown output format {}; printing the default format (valid values: json, json-path=EXPR, go-template=TEMPLATE, go-template-file=PATH)",
                    crate::gofmt::quote(&v)
                );
            }
            let mut w = TabWriter::default();
            w.write_str(&execute_default(template, data));
            Ok(w.finish())
        }
        Format::GoTemplate(_) | Format::GoTemplateFile(_) | Format::JsonPath(_) => {
            Err(Error::Output(format!(
                "output format {} is not available in this version of atlas; use -o json",
                crate::gofmt::quote(format_value)
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::Decoder;

    fn invitation(body: &str) -> Invitation {
        Decoder::new(false)
            .invitation(&json::parse(body.as_bytes()).unwrap())
            .unwrap()
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
