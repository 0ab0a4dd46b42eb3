//! The Atlas Admin API specification as a test oracle: a validator for exactly the
//! slice of OpenAPI 3.0 that the extracts in `tests/data/` use (`atlas-orgs-openapi.json`:
//! invites and users; `atlas-teams-openapi.json`: teams, project teams, the organization's
//! projects) (`$ref`, `type`, `nullable`, `required`, `properties`, `enum`, `items`, `minItems`,
//! `maxItems`, `uniqueItems`, `minimum`, `maximum`, `minLength`, `maxLength`, simple
//! `pattern`s, the `email`/`date-time`/`int32` formats, `readOnly`/`writeOnly`,
//! `allOf`, `oneOf` with a `discriminator`, `additionalProperties`) and for its
//! operations (method, path template, media types, query and path parameters, request
//! bodies, answers by status, answer headers).
//!
//! Stricter than OpenAPI in one way, on purpose: a property no schema names is a
//! violation (`unknown`) in requests and answers alike, unless `additionalProperties`
//! allows it, so that neither our bodies nor the fake's answers can carry fields
//! Atlas does not know.
//!
//! std and serde_json only (decision of HELPERS.md: no new crates): a JSON Schema
//! crate would also do, but would need OpenAPI 3.0's `nullable`, `readOnly` and
//! `discriminator` rules added around it, which are most of the work here.

use super::fake_atlas::Logged;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt;

/// The extracts, as committed (tests never read outside the repository): invites and
/// users; teams, project teams and the organization's projects.
const EXTRACTS: [&str; 2] = [
    include_str!("../data/atlas-orgs-openapi.json"),
    include_str!("../data/atlas-teams-openapi.json"),
];

/// One way an exchange departs from the specification.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The operationId, or `METHOD path` when no operation matches.
    pub operation: String,
    /// Where: `request Accept`, `request query itemsPerPage`, `request body /roles/orgRoles`,
    /// `answer 200 body /results/3/inviterUsername`, …
    pub place: String,
    /// The rule broken: a schema keyword (`minItems`, `enum`, `pattern`, …) or one of
    /// `operation`, `media type`, `parameter`, `status`, `body`, `unknown`.
    pub keyword: String,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {}",
            self.operation, self.place, self.keyword, self.detail
        )
    }
}

/// Whether a body is sent or answered: `readOnly` properties may only be answered,
/// `writeOnly` ones only sent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Request,
    Answer,
}

/// The specification: one or more documents in the extract's layout. Each operation's
/// `$ref`s resolve in its own document (both extracts name `ApiError`, `Link`, …).
pub struct Spec {
    docs: Vec<Doc>,
}

/// One extract: its `operations`, and the `schemas`, `errorResponses` and `headers`
/// their `$ref`s name.
struct Doc {
    doc: Value,
}

/// What a request matched: the operation, the document it is in, and its path
/// parameters' values.
struct Matched<'a> {
    op: &'a Value,
    doc: &'a Doc,
    path_params: Vec<(String, String)>,
}

impl Spec {
    /// Both committed extracts.
    pub fn load() -> Spec {
        Spec::parse_all(&EXTRACTS)
    }

    /// A document in the extract's layout (`operations`, `schemas`, …): an extract,
    /// or a small one that tests the validator itself.
    pub fn parse(text: &str) -> Spec {
        Spec::parse_all(&[text])
    }

    fn parse_all(texts: &[&str]) -> Spec {
        Spec {
            docs: texts
                .iter()
                .map(|t| Doc {
                    doc: serde_json::from_str(t).expect("a specification in JSON"),
                })
                .collect(),
        }
    }

    /// The commit of the official CLI's `spec.yaml` the extracts come from (the same
    /// for both: the conformance tests print it).
    pub fn source_commit(&self) -> &str {
        self.docs
            .first()
            .and_then(|d| d.doc["source"]["commit"].as_str())
            .unwrap_or("")
    }

    /// Every operation of every document, with the document it is in.
    fn operations(&self) -> impl Iterator<Item = (&Value, &Doc)> {
        self.docs.iter().flat_map(|d| {
            d.doc["operations"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |op| (op, d))
        })
    }

    /// The operationId a logged request matches, if any.
    pub fn operation_of(&self, method: &str, target: &str) -> Option<String> {
        let path = target.split('?').next().unwrap_or("");
        self.find(method, path)
            .ok()
            .and_then(|m| m.op["operationId"].as_str().map(str::to_string))
    }

    /// The operation for `method` on `path`: the most specific template (most literal
    /// characters) that matches.
    fn find(&self, method: &str, path: &str) -> Result<Matched<'_>, Violation> {
        let mut best: Option<(usize, Matched)> = None;
        let mut path_known = false;
        for (op, doc) in self.operations() {
            let template = op["path"].as_str().unwrap_or("");
            let Some((literal, params)) = match_template(template, path) else {
                continue;
            };
            path_known = true;
            if op["method"].as_str() != Some(method) {
                continue;
            }
            if best.as_ref().is_none_or(|(l, _)| literal > *l) {
                best = Some((
                    literal,
                    Matched {
                        op,
                        doc,
                        path_params: params,
                    },
                ));
            }
        }
        best.map(|(_, m)| m).ok_or_else(|| Violation {
            operation: format!("{method} {path}"),
            place: "request".into(),
            keyword: "operation".into(),
            detail: if path_known {
                format!("no {method} operation on this path")
            } else {
                "no operation has this path".into()
            },
        })
    }

    /// Everything about one exchange that departs from the specification: the request
    /// (operation, media types, parameters, body) and the answer (status, media type,
    /// headers, body).
    pub fn check(&self, r: &Logged) -> Vec<Violation> {
        let path = r.target.split('?').next().unwrap_or("");
        let matched = match self.find(&r.method, path) {
            Ok(m) => m,
            Err(v) => return vec![v],
        };
        let op = matched.op;
        let name = op["operationId"].as_str().unwrap_or("?").to_string();
        let mut c = Checker {
            spec: matched.doc,
            operation: name,
            out: Vec::new(),
        };
        let version = c.request(r, &matched);
        c.answer(r, op, version.as_deref());
        let set: BTreeSet<Violation> = c.out.into_iter().collect();
        set.into_iter().collect()
    }
}

impl Doc {
    /// The schema a `$ref` names (`#/schemas/X`, `#/errorResponses/X`, `#/headers/X`).
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        self.doc.pointer(pointer)
    }

    /// `v` itself, or what its `$ref` names.
    fn deref<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => self.resolve(r).unwrap_or(&Value::Null),
            None => v,
        }
    }
}

/// Matches `path` against an operation's template; returns the number of literal
/// characters matched (for specificity) and the path parameters, decoded.
fn match_template(template: &str, path: &str) -> Option<(usize, Vec<(String, String)>)> {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literal = 0;
    let mut params = Vec::new();
    for (ts, ps) in t.iter().zip(&p) {
        if let Some(rest) = ts.strip_prefix('{') {
            let (name, suffix) = rest.split_once('}')?;
            let value = ps.strip_suffix(suffix)?;
            if value.is_empty() {
                return None;
            }
            literal += suffix.len();
            params.push((name.to_string(), percent_decode(value, false)));
        } else if ts == ps {
            literal += ts.len();
        } else {
            return None;
        }
    }
    Some((literal, params))
}

/// `%XX` decoding (and `+` as a space in queries).
fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A media type without its parameters (`;charset=utf-8`).
fn bare(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

struct Checker<'s> {
    spec: &'s Doc,
    operation: String,
    out: Vec<Violation>,
}

impl Checker<'_> {
    fn push(&mut self, place: impl Into<String>, keyword: &str, detail: impl Into<String>) {
        self.out.push(Violation {
            operation: self.operation.clone(),
            place: place.into(),
            keyword: keyword.into(),
            detail: detail.into(),
        });
    }

    /// Checks the request; returns the media type (version) it asked for, when the
    /// operation has it.
    fn request(&mut self, r: &Logged, m: &Matched) -> Option<String> {
        let op = m.op;
        let types: Vec<&str> = op["mediaTypes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        // Accept: one of the operation's versions.
        let version = match header(&r.headers, "accept") {
            None => {
                self.push("request Accept", "media type", "no Accept header");
                None
            }
            Some(accept) => {
                let found = accept
                    .split(',')
                    .map(bare)
                    .find(|t| types.contains(t))
                    .map(str::to_string);
                if found.is_none() {
                    self.push(
                        "request Accept",
                        "media type",
                        format!("{accept} is none of {types:?}"),
                    );
                }
                found
            }
        };
        let params: Vec<&Value> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| self.spec.deref(p))
            .collect();
        // Path parameters.
        for (name, value) in &m.path_params {
            match params
                .iter()
                .find(|p| p["in"] == "path" && p["name"] == name.as_str())
            {
                Some(p) => self.value(
                    &p["schema"],
                    &Value::String(value.clone()),
                    &format!("request path {name}"),
                    Mode::Request,
                ),
                None => self.push(
                    format!("request path {name}"),
                    "parameter",
                    "not a parameter of the operation",
                ),
            }
        }
        // Query parameters, grouped by name in their order.
        let query = r.target.split_once('?').map_or("", |(_, q)| q);
        let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (percent_decode(k, true), percent_decode(v, true));
            match grouped.iter_mut().find(|(name, _)| *name == k) {
                Some((_, values)) => values.push(v),
                None => grouped.push((k, vec![v])),
            }
        }
        for (name, values) in &grouped {
            let place = format!("request query {name}");
            let Some(p) = params
                .iter()
                .find(|p| p["in"] == "query" && p["name"] == name.as_str())
            else {
                self.push(place, "parameter", "not a query parameter of the operation");
                continue;
            };
            let schema = self.spec.deref(&p["schema"]);
            if schema["type"] == "array" {
                let items = self.spec.deref(&schema["items"]);
                let array = values.iter().map(|v| query_value(items, v)).collect();
                self.value(schema, &Value::Array(array), &place, Mode::Request);
            } else if values.len() > 1 {
                self.push(place, "parameter", format!("sent {} times", values.len()));
            } else {
                let v = query_value(schema, &values[0]);
                self.value(schema, &v, &place, Mode::Request);
            }
        }
        for p in &params {
            if p["required"] == true
                && p["in"] == "query"
                && !grouped.iter().any(|(n, _)| p["name"] == n.as_str())
            {
                self.push(
                    format!("request query {}", p["name"].as_str().unwrap_or("")),
                    "required",
                    "missing",
                );
            }
        }
        // The body, in the version asked for.
        let body = &op["requestBody"];
        if body.is_null() {
            if !r.body.is_empty() {
                self.push("request body", "body", "the operation takes no body");
            }
            return version;
        }
        if r.body.is_empty() {
            if body["required"] == true {
                self.push("request body", "body", "required, and none was sent");
            }
            return version;
        }
        let Some(ct) = header(&r.headers, "content-type").map(bare) else {
            self.push(
                "request Content-Type",
                "media type",
                "a body without Content-Type",
            );
            return version;
        };
        if version.as_deref().is_some_and(|v| v != ct) {
            self.push(
                "request Content-Type",
                "media type",
                format!("{ct} is not the version asked for in Accept"),
            );
        }
        let Some(entry) = body["content"].get(ct) else {
            self.push(
                "request Content-Type",
                "media type",
                format!("{ct} is not a media type of the request body"),
            );
            return version;
        };
        match serde_json::from_slice::<Value>(&r.body) {
            Ok(doc) => self.value(&entry["schema"], &doc, "request body ", Mode::Request),
            Err(e) => self.push("request body", "body", format!("not JSON: {e}")),
        }
        version
    }

    fn answer(&mut self, r: &Logged, op: &Value, version: Option<&str>) {
        let status = r.status.to_string();
        let place = format!("answer {status}");
        let Some(resp) = op["responses"].get(&status).map(|v| self.spec.deref(v)) else {
            self.push(place, "status", "not an answer the operation documents");
            return;
        };
        // Documented headers, when present, hold their type.
        if let Some(headers) = resp["headers"].as_object() {
            for (name, h) in headers {
                if let Some(v) = header(&r.answer_headers, name) {
                    let schema = &self.spec.deref(h)["schema"];
                    let value = query_value(schema, v);
                    self.value(
                        schema,
                        &value,
                        &format!("{place} header {name}"),
                        Mode::Answer,
                    );
                }
            }
        }
        let content = resp["content"].as_object();
        let with_schema = content.is_some_and(|c| c.values().any(|e| e.get("schema").is_some()));
        if r.answer_body.is_empty() {
            if with_schema {
                self.push(
                    format!("{place} body"),
                    "body",
                    "empty, and the answer has a schema",
                );
            }
            return;
        }
        let Some(content) = content else {
            self.push(
                format!("{place} body"),
                "body",
                "a body where the answer has none",
            );
            return;
        };
        let ct = header(&r.answer_headers, "content-type")
            .map(bare)
            .unwrap_or("");
        let Some(entry) = content.get(ct) else {
            self.push(
                format!("{place} Content-Type"),
                "media type",
                format!("{ct:?} is none of {:?}", content.keys().collect::<Vec<_>>()),
            );
            return;
        };
        if r.status < 300 && version.is_some_and(|v| v != ct) {
            self.push(
                format!("{place} Content-Type"),
                "media type",
                format!("{ct} is not the version asked for"),
            );
        }
        let Some(schema) = entry.get("schema") else {
            self.push(
                format!("{place} body"),
                "body",
                "a body where the answer has none",
            );
            return;
        };
        match serde_json::from_slice::<Value>(&r.answer_body) {
            Ok(doc) => self.value(schema, &doc, &format!("{place} body "), Mode::Answer),
            Err(e) => self.push(format!("{place} body"), "body", format!("not JSON: {e}")),
        }
    }

    /// Validates one value (a whole body, a parameter) against `schema`.
    fn value(&mut self, schema: &Value, v: &Value, place: &str, mode: Mode) {
        let mut s = Schemas {
            spec: self.spec,
            mode,
            place: place.trim_end().to_string(),
            out: Vec::new(),
        };
        s.check(schema, v, "", &mut Vec::new(), true, false);
        for (at, keyword, detail) in s.out {
            let place = if at.is_empty() {
                place.trim_end().to_string()
            } else {
                format!("{place}{at}")
            };
            self.push(place, keyword, detail);
        }
    }
}

/// A query or header string as the JSON value its schema's type reads it as (left a
/// string when it does not parse, so that `type` reports it).
fn query_value(schema: &Value, text: &str) -> Value {
    match schema["type"].as_str() {
        Some("integer") => text
            .parse::<i64>()
            .map_or_else(|_| Value::String(text.into()), Value::from),
        Some("number") => text
            .parse::<f64>()
            .map_or_else(|_| Value::String(text.into()), Value::from),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.into()),
        },
        _ => Value::String(text.into()),
    }
}

/// The schema walk over one document.
struct Schemas<'s> {
    spec: &'s Doc,
    mode: Mode,
    place: String,
    /// (JSON pointer, keyword, detail)
    out: Vec<(String, &'static str, String)>,
}

impl Schemas<'_> {
    fn push(&mut self, at: &str, keyword: &'static str, detail: impl Into<String>) {
        self.out.push((at.to_string(), keyword, detail.into()));
    }

    /// `schema` against `v` at pointer `at`. `refs` are the `$ref`s already entered for
    /// this very value: entering one again (OrgPendingUserResponse is allOf
    /// OrgUserResponse, whose oneOf names OrgPendingUserResponse) skips its `oneOf`, which
    /// has been decided. `outer`: the first schema for this value, which alone checks for
    /// unknown properties (over everything `allOf` and the chosen `oneOf` branch name).
    fn check(
        &mut self,
        schema: &Value,
        v: &Value,
        at: &str,
        refs: &mut Vec<String>,
        outer: bool,
        skip_one_of: bool,
    ) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let Some(target) = self.spec.resolve(r) else {
                self.push(at, "$ref", format!("{r} names nothing"));
                return;
            };
            let again = refs.iter().any(|x| x == r);
            refs.push(r.to_string());
            self.check(target, v, at, refs, outer, skip_one_of || again);
            refs.pop();
            return;
        }
        let Some(schema) = schema.as_object() else {
            return;
        };
        if v.is_null() {
            if schema.get("nullable") != Some(&Value::Bool(true)) && schema.contains_key("type") {
                self.push(at, "nullable", "null where the schema is not nullable");
            }
            return;
        }
        if let Some(t) = schema.get("type").and_then(Value::as_str) {
            let ok = match t {
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "boolean" => v.is_boolean(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                _ => true,
            };
            if !ok {
                self.push(at, "type", format!("{v} is not of type {t}"));
                return;
            }
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            if !values.contains(v) {
                self.push(
                    at,
                    "enum",
                    format!("{v} is not one of {}", Value::Array(values.clone())),
                );
            }
        }
        match v {
            Value::String(s) => self.string(schema, s, at),
            Value::Number(n) => self.number(schema, n, at),
            Value::Array(items) => self.array(schema, items, at),
            Value::Object(members) => self.object(schema, members, at, refs, outer, skip_one_of),
            _ => {}
        }
    }

    fn string(&mut self, schema: &Map<String, Value>, s: &str, at: &str) {
        let len = s.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64) {
            if len < min {
                self.push(at, "minLength", format!("{s:?} is shorter than {min}"));
            }
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
            if len > max {
                self.push(at, "maxLength", format!("{s:?} is longer than {max}"));
            }
        }
        if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
            // Only the patterns this small matcher reads are checked (the extract's
            // mobileNumber pattern is double-escaped and matches nothing real anyway).
            if let Some(Pattern { class, min, max }) = Pattern::parse(p) {
                let n = s.chars().count();
                if n < min || n > max || !s.chars().all(|c| class.iter().any(|i| i.has(c))) {
                    self.push(at, "pattern", format!("{s:?} does not match {p}"));
                }
            }
        }
        match schema.get("format").and_then(Value::as_str) {
            Some("email") if !is_email(s) => {
                self.push(at, "format", format!("{s:?} is not an email address"))
            }
            Some("date-time") if !is_date_time(s) => {
                self.push(at, "format", format!("{s:?} is not an RFC 3339 date-time"))
            }
            _ => {}
        }
    }

    fn number(&mut self, schema: &Map<String, Value>, n: &serde_json::Number, at: &str) {
        let x = n.as_f64().unwrap_or(f64::NAN);
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if x < min {
                self.push(at, "minimum", format!("{n} is below {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if x > max {
                self.push(at, "maximum", format!("{n} is above {max}"));
            }
        }
        if schema.get("format").and_then(Value::as_str) == Some("int32")
            && !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&x)
        {
            self.push(at, "format", format!("{n} is not an int32"));
        }
    }

    fn array(&mut self, schema: &Map<String, Value>, items: &[Value], at: &str) {
        let n = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if n < min {
                self.push(at, "minItems", format!("{n} items, fewer than {min}"));
            }
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
            if n > max {
                self.push(at, "maxItems", format!("{n} items, more than {max}"));
            }
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    self.push(at, "uniqueItems", format!("{a} appears more than once"));
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.check(
                    item_schema,
                    item,
                    &format!("{at}/{i}"),
                    &mut Vec::new(),
                    true,
                    false,
                );
            }
        }
    }

    fn object(
        &mut self,
        schema: &Map<String, Value>,
        members: &Map<String, Value>,
        at: &str,
        refs: &mut Vec<String>,
        outer: bool,
        skip_one_of: bool,
    ) {
        let props = schema.get("properties").and_then(Value::as_object);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            // A readOnly property is required in answers only, a writeOnly one in requests.
            let prop = props.and_then(|p| p.get(name)).map(|p| self.spec.deref(p));
            let applies = match self.mode {
                Mode::Request => !prop.is_some_and(|p| p["readOnly"] == true),
                Mode::Answer => !prop.is_some_and(|p| p["writeOnly"] == true),
            };
            if applies && !members.contains_key(name) {
                self.push(at, "required", format!("{name} is missing"));
            }
        }
        for (name, value) in members {
            let Some(prop) = props.and_then(|p| p.get(name)) else {
                continue;
            };
            let here = format!("{at}/{name}");
            let target = self.spec.deref(prop);
            let flag = |k: &str| prop[k] == true || target[k] == true;
            match self.mode {
                Mode::Request if flag("readOnly") => self.push(
                    &here,
                    "readOnly",
                    format!("{name} is read-only and was sent"),
                ),
                Mode::Answer if flag("writeOnly") => self.push(
                    &here,
                    "writeOnly",
                    format!("{name} is write-only and was answered"),
                ),
                _ => {}
            }
            self.check(prop, value, &here, &mut Vec::new(), true, false);
        }
        let whole = Value::Object(members.clone());
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(part, &whole, at, refs, false, false);
        }
        if !skip_one_of {
            if let Some(branch) = self.branch(schema, members, at) {
                self.check(&branch, &whole, at, refs, false, false);
            }
        }
        if outer {
            let mut known = BTreeSet::new();
            if self.known(
                &Value::Object(schema.clone()),
                members,
                &mut Vec::new(),
                skip_one_of,
                &mut known,
            ) {
                for name in members.keys().filter(|k| !known.contains(*k)) {
                    self.push(
                        &format!("{at}/{name}"),
                        "unknown",
                        format!("{name} is in no schema"),
                    );
                }
            }
        }
    }

    /// The `oneOf` branch for this object: the discriminator's choice, or the one branch
    /// that validates. Reports when there is none.
    fn branch(
        &mut self,
        schema: &Map<String, Value>,
        members: &Map<String, Value>,
        at: &str,
    ) -> Option<Value> {
        let branches = schema.get("oneOf")?.as_array()?;
        if let Some(d) = schema.get("discriminator") {
            let prop = d["propertyName"].as_str().unwrap_or("");
            let Some(value) = members.get(prop).and_then(Value::as_str) else {
                self.push(at, "discriminator", format!("{prop} is missing"));
                return None;
            };
            let reference = d["mapping"]
                .get(value)
                .and_then(Value::as_str)
                .map_or_else(|| format!("#/schemas/{value}"), str::to_string);
            if self.spec.resolve(&reference).is_none() {
                self.push(
                    at,
                    "discriminator",
                    format!("{prop} {value} maps to no schema"),
                );
                return None;
            }
            return Some(serde_json::json!({ "$ref": reference }));
        }
        let whole = Value::Object(members.clone());
        let fitting: Vec<&Value> = branches
            .iter()
            .filter(|b| {
                let mut probe = Schemas {
                    spec: self.spec,
                    mode: self.mode,
                    place: self.place.clone(),
                    out: Vec::new(),
                };
                probe.check(b, &whole, at, &mut Vec::new(), true, false);
                probe.out.is_empty()
            })
            .collect();
        if fitting.len() != 1 {
            self.push(
                at,
                "oneOf",
                format!("{} branches fit, not one", fitting.len()),
            );
            return None;
        }
        Some(fitting[0].clone())
    }

    /// Adds the property names `schema` knows for this object (its own, its `allOf`
    /// parts', the chosen `oneOf` branch's) to `known`; false when any part allows
    /// unknown ones (`additionalProperties`) or none names a property at all.
    fn known(
        &mut self,
        schema: &Value,
        members: &Map<String, Value>,
        refs: &mut Vec<String>,
        skip_one_of: bool,
        known: &mut BTreeSet<String>,
    ) -> bool {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let again = refs.iter().any(|x| x == r);
            let Some(target) = self.spec.resolve(r) else {
                return false;
            };
            refs.push(r.to_string());
            let strict = self.known(target, members, refs, skip_one_of || again, known);
            refs.pop();
            return strict;
        }
        if schema
            .get("additionalProperties")
            .is_some_and(|a| *a != Value::Bool(false))
        {
            return false;
        }
        let mut strict = false;
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            known.extend(props.keys().cloned());
            strict = true;
        }
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            strict |= self.known(part, members, refs, false, known);
        }
        if !skip_one_of {
            if let Some(obj) = schema.as_object() {
                let mut quiet = Schemas {
                    spec: self.spec,
                    mode: self.mode,
                    place: self.place.clone(),
                    out: Vec::new(),
                };
                if let Some(branch) = quiet.branch(obj, members, "") {
                    strict |= self.known(&branch, members, refs, false, known);
                }
            }
        }
        strict
    }
}

/// A pattern of the one shape the extract's simple patterns have:
/// `^` `(`? `[class]` `{n}` or `{n,m}` `)`? `$`, the class made of ranges, escaped or
/// plain characters, and `\p{L}`/`\p{N}`.
struct Pattern {
    class: Vec<ClassItem>,
    min: usize,
    max: usize,
}

enum ClassItem {
    Range(char, char),
    Letter,
    Number,
}

impl ClassItem {
    fn has(&self, c: char) -> bool {
        match self {
            ClassItem::Range(a, b) => (*a..=*b).contains(&c),
            ClassItem::Letter => c.is_alphabetic(),
            ClassItem::Number => c.is_numeric(),
        }
    }
}

impl Pattern {
    fn parse(p: &str) -> Option<Pattern> {
        let inner = p.strip_prefix('^')?.strip_suffix('$')?;
        let inner = match inner.strip_prefix('(') {
            Some(rest) => rest.strip_suffix(')')?,
            None => inner,
        };
        let body = inner.strip_prefix('[')?;
        let close = body.rfind(']')?;
        let (class_text, quant) = (&body[..close], &body[close + 1..]);
        let quant = quant.strip_prefix('{')?.strip_suffix('}')?;
        let (min, max) = match quant.split_once(',') {
            Some((a, b)) => (a.parse().ok()?, b.parse().ok()?),
            None => {
                let n = quant.parse().ok()?;
                (n, n)
            }
        };
        let chars: Vec<char> = class_text.chars().collect();
        let mut class = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = match chars[i] {
                '\\' => {
                    let e = *chars.get(i + 1)?;
                    if e == 'p' {
                        let rest: String = chars[i + 2..].iter().collect();
                        let item = if rest.starts_with("{L}") {
                            ClassItem::Letter
                        } else if rest.starts_with("{N}") {
                            ClassItem::Number
                        } else {
                            return None;
                        };
                        class.push(item);
                        i += 5;
                        continue;
                    }
                    if e.is_ascii_alphanumeric() {
                        return None; // \d, \s, …: not this matcher's
                    }
                    i += 2;
                    e
                }
                '[' | ']' => return None,
                c => {
                    i += 1;
                    c
                }
            };
            if chars.get(i) == Some(&'-') && i + 1 < chars.len() && chars[i + 1] != '\\' {
                class.push(ClassItem::Range(c, chars[i + 1]));
                i += 2;
            } else {
                class.push(ClassItem::Range(c, c));
            }
        }
        Some(Pattern { class, min, max })
    }
}

/// An address with one `@`, a local part, and a domain of dot-separated labels.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|l| !l.is_empty())
        && !s.chars().any(char::is_whitespace)
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// The validator on the teams extract's operations: both extracts load, each
/// operation's `$ref`s resolve in its own document, and what the teams endpoints forbid
/// is caught.
/// One exchange as the fake would log it: a request with `accept` (and that type for a
/// body), answered with `status` and `answer` (the version's type when it succeeded).
/// For the validator's own tests and the conformance tests.
pub fn exchange(
    method: &str,
    target: &str,
    accept: &str,
    body: &str,
    status: u16,
    answer: &str,
) -> Logged {
    let mut headers = vec![("Accept".to_string(), accept.to_string())];
    if !body.is_empty() {
        headers.push(("Content-Type".to_string(), accept.to_string()));
    }
    let answer_type = if status < 300 {
        format!("{accept};charset=utf-8")
    } else {
        "application/json".to_string()
    };
    Logged {
        connection: 1,
        peer_port: 1,
        method: method.into(),
        target: target.into(),
        headers,
        body: body.as_bytes().to_vec(),
        authorized: true,
        status,
        answer_headers: vec![("Content-Type".into(), answer_type)],
        answer_body: answer.as_bytes().to_vec(),
    }
}

/// `(place, keyword)` of every violation, each once.
pub fn found(spec: &Spec, r: &Logged) -> BTreeSet<(String, String)> {
    spec.check(r)
        .into_iter()
        .map(|v| (v.place, v.keyword))
        .collect()
}

#[cfg(test)]
mod teams_extract {
    use super::*;

    const MT: &str = "application/vnd.atlas.2023-01-01+json";
    const ORG: &str = "a0123456789abcdef012345a";
    const GROUP: &str = "6c73999ae7966f00563911a4";
    const TEAM: &str = "6c73999ae7966f00563911b5";

    fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
        list.iter()
            .map(|(p, k)| (p.to_string(), k.to_string()))
            .collect()
    }

    #[test]
    fn both_extracts_are_loaded_and_name_the_operations() {
        let spec = Spec::load();
        for (method, target, op) in [
            (
                "GET",
                format!("/api/atlas/v2/orgs/{ORG}/users"),
                "listOrgUsers",
            ),
            (
                "GET",
                format!("/api/atlas/v2/orgs/{ORG}/teams"),
                "listOrgTeams",
            ),
            (
                "POST",
                format!("/api/atlas/v2/orgs/{ORG}/teams"),
                "createOrgTeam",
            ),
            (
                "PATCH",
                format!("/api/atlas/v2/orgs/{ORG}/teams/{TEAM}"),
                "renameOrgTeam",
            ),
            (
                "DELETE",
                format!("/api/atlas/v2/orgs/{ORG}/teams/{TEAM}"),
                "deleteOrgTeam",
            ),
            // The literal `byName` outranks the `{teamId}` template.
            (
                "GET",
                format!("/api/atlas/v2/orgs/{ORG}/teams/byName/Core"),
                "getOrgTeamByName",
            ),
            (
                "GET",
                format!("/api/atlas/v2/orgs/{ORG}/groups?itemsPerPage=500"),
                "getOrgGroups",
            ),
            (
                "GET",
                format!("/api/atlas/v2/groups/{GROUP}/teams"),
                "listGroupTeams",
            ),
            (
                "POST",
                format!("/api/atlas/v2/groups/{GROUP}/teams"),
                "addGroupTeams",
            ),
            (
                "PATCH",
                format!("/api/atlas/v2/groups/{GROUP}/teams/{TEAM}"),
                "updateGroupTeam",
            ),
            (
                "DELETE",
                format!("/api/atlas/v2/groups/{GROUP}/teams/{TEAM}"),
                "removeGroupTeam",
            ),
        ] {
            assert_eq!(
                spec.operation_of(method, &target).as_deref(),
                Some(op),
                "{method} {target}"
            );
        }
        assert_eq!(
            spec.source_commit(),
            "8ddea41a82ec904146d5f1b8d6578acedcc4a3a6"
        );
    }

    #[test]
    fn the_teams_operations_are_checked() {
        let spec = Spec::load();
        let teams = format!("/api/atlas/v2/orgs/{ORG}/teams");
        let team = format!("{teams}/{TEAM}");
        let groups = format!("/api/atlas/v2/orgs/{ORG}/groups");
        let in_group = format!("/api/atlas/v2/groups/{GROUP}/teams");
        let one_in_group = format!("{in_group}/{TEAM}");
        let created = format!(r#"{{"id":"{TEAM}","name":"Core","usernames":["a@x.com"]}}"#);
        let role = format!(r#"{{"roleNames":["GROUP_OWNER"],"teamId":"{TEAM}"}}"#);
        let roles = format!(r#"{{"results":[{role}],"totalCount":1}}"#);
        let group = format!(
            r#"{{"clusterCount":0,"created":"2026-08-01T12:00:00Z","id":"{GROUP}","name":"Prod","orgId":"{ORG}"}}"#
        );
        let not_found = r#"{"detail":"No team with ID x exists.","error":404,"errorCode":"TEAM_NOT_FOUND","reason":"Not Found"}"#;
        let good = r#"{"name":"Core","usernames":["a@x.com"]}"#;
        for (r, want) in [
            // What the typed calls send and the fake answers: nothing to say.
            (
                exchange("POST", &teams, MT, good, 200, &created),
                pairs(&[]),
            ),
            (
                exchange(
                    "GET",
                    &format!("{teams}?itemsPerPage=500&pageNum=1"),
                    MT,
                    "",
                    200,
                    &format!(
                        r#"{{"links":[],"results":[{{"id":"{TEAM}","name":"Core"}}],"totalCount":1}}"#
                    ),
                ),
                pairs(&[]),
            ),
            (
                exchange(
                    "PATCH",
                    &team,
                    MT,
                    r#"{"name":"Ops"}"#,
                    200,
                    &format!(r#"{{"id":"{TEAM}","name":"Ops"}}"#),
                ),
                pairs(&[]),
            ),
            (exchange("DELETE", &team, MT, "", 204, ""), pairs(&[])),
            (
                exchange("DELETE", &team, MT, "", 404, not_found),
                pairs(&[]),
            ),
            (
                exchange("POST", &in_group, MT, &format!("[{role}]"), 200, &roles),
                pairs(&[]),
            ),
            (
                exchange("PATCH", &one_in_group, MT, &role, 200, &roles),
                pairs(&[]),
            ),
            (
                exchange(
                    "GET",
                    &format!("{groups}?itemsPerPage=500&pageNum=2"),
                    MT,
                    "",
                    200,
                    &format!(r#"{{"results":[{group}]}}"#),
                ),
                pairs(&[]),
            ),
            // createOrgTeam: both fields required, members unique email addresses, no id.
            (
                exchange("POST", &teams, MT, r#"{"name":"Core"}"#, 200, &created),
                pairs(&[("request body", "required")]),
            ),
            (
                exchange(
                    "POST",
                    &teams,
                    MT,
                    &format!(
                        r#"{{"id":"{TEAM}","name":"C","usernames":["a@x.com","a@x.com","nobody"]}}"#
                    ),
                    200,
                    &created,
                ),
                pairs(&[
                    ("request body /id", "readOnly"),
                    ("request body /usernames", "uniqueItems"),
                    ("request body /usernames/2", "format"),
                ]),
            ),
            // renameOrgTeam: a name is required, the answer has no members.
            (
                exchange("PATCH", &team, MT, "{}", 200, &created),
                pairs(&[
                    ("request body", "required"),
                    ("answer 200 body /usernames", "unknown"),
                ]),
            ),
            // updateGroupTeam: TeamRole requires the team id in the body too.
            (
                exchange(
                    "PATCH",
                    &one_in_group,
                    MT,
                    r#"{"roleNames":["GROUP_OWNER"]}"#,
                    200,
                    &roles,
                ),
                pairs(&[("request body", "required")]),
            ),
            // addGroupTeams takes a list; listGroupTeams answers results of hex ids.
            (
                exchange("POST", &in_group, MT, &role, 200, &roles),
                pairs(&[("request body", "type")]),
            ),
            (
                exchange(
                    "GET",
                    &in_group,
                    MT,
                    "",
                    200,
                    r#"{"results":[{"roleNames":["R","R"],"teamId":"core"}]}"#,
                ),
                pairs(&[
                    ("answer 200 body /results/0/roleNames", "uniqueItems"),
                    ("answer 200 body /results/0/teamId", "pattern"),
                ]),
            ),
            (
                exchange("GET", &in_group, MT, "", 200, "{}"),
                pairs(&[("answer 200 body", "required")]),
            ),
            // getOrgGroups: a project's required fields and its name's pattern.
            (
                exchange(
                    "GET",
                    &groups,
                    MT,
                    "",
                    200,
                    &format!(
                        r#"{{"results":[{{"id":"{GROUP}","name":"Prod 1","orgId":"{ORG}"}}]}}"#
                    ),
                ),
                pairs(&[
                    ("answer 200 body /results/0", "required"),
                    ("answer 200 body /results/0/name", "pattern"),
                ]),
            ),
            // deleteOrgTeam documents no 409: the fake's refusal uses Atlas's 404.
            (
                exchange("DELETE", &team, MT, "", 409, not_found),
                pairs(&[("answer 409", "status")]),
            ),
            // Parameters, path and media type.
            (
                exchange(
                    "GET",
                    &format!("{teams}?itemsPerPage=501&pageNum=0"),
                    MT,
                    "",
                    200,
                    r#"{"results":[]}"#,
                ),
                pairs(&[
                    ("request query itemsPerPage", "maximum"),
                    ("request query pageNum", "minimum"),
                ]),
            ),
            (
                exchange(
                    "DELETE",
                    "/api/atlas/v2/groups/prod/teams/core",
                    MT,
                    "",
                    204,
                    "",
                ),
                pairs(&[
                    ("request path groupId", "pattern"),
                    ("request path teamId", "pattern"),
                ]),
            ),
            (
                exchange(
                    "GET",
                    &teams,
                    "application/vnd.atlas.2025-02-19+json",
                    "",
                    200,
                    r#"{"results":[]}"#,
                ),
                pairs(&[
                    ("request Accept", "media type"),
                    ("answer 200 Content-Type", "media type"),
                ]),
            ),
        ] {
            assert_eq!(
                found(&spec, &r),
                want,
                "{} {} {}",
                r.method,
                r.target,
                r.body_text()
            );
        }
    }
}
