//! Go behaviour pinned on small serde structs that mirror the SDK types.

use super::*;
use crate::go::time::GoTime;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Debug;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.OrganizationInvitation", rename_all = "camelCase")]
struct Invitation {
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<GoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<GoTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_role_assignments: Option<Vec<GroupRole>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inviter_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Vec<Link>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    org_id: Option<String>,
    org_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.GroupRole", rename_all = "camelCase")]
struct GroupRole {
    #[serde(skip_serializing_if = "Option::is_none")]
    group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_role: Option<String>,
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename = "admin.Link")]
struct Link {
    #[serde(skip_serializing_if = "Option::is_none")]
    href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rel: Option<String>,
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename = "admin.OrganizationInvitationRequest",
    rename_all = "camelCase"
)]
struct InvitationRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    group_role_assignments: Option<Vec<GroupRoleAssignment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename = "admin.OrganizationInvitationGroupRoleAssignmentsRequest",
    rename_all = "camelCase"
)]
struct GroupRoleAssignment {
    #[serde(skip_serializing_if = "Option::is_none")]
    group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    roles: Option<Vec<String>>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(rename = "admin.ApiError", rename_all = "camelCase")]
struct ApiError {
    bad_request_detail: Option<BadRequestDetail>,
    detail: String,
    error: i64,
    error_code: String,
    parameters: Vec<serde_json::Value>,
    reason: String,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(rename = "admin.BadRequestDetail")]
struct BadRequestDetail {
    fields: Option<Vec<FieldViolation>>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
#[serde(rename = "admin.FieldViolation")]
struct FieldViolation {
    description: String,
    field: String,
}

const INVITE: &str = r#"{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"test-783@mongodb.com"}"#;

/// Decodes on both paths (streaming, then buffering if it gives up) and on the buffering
/// path alone; they must agree.
fn both<T: DeserializeOwned + PartialEq + Debug>(doc: &[u8]) -> Result<Decoded<T>, Error> {
    let got = unmarshal::<T>(doc);
    let exact = super::decode::unmarshal_exact::<T>(doc);
    assert_eq!(
        got,
        exact,
        "paths disagree on {:?}",
        String::from_utf8_lossy(doc)
    );
    got
}

fn decode<T: DeserializeOwned + PartialEq + Debug>(doc: &str) -> Result<T, Error> {
    both(doc.as_bytes()).map(|d| d.value)
}

fn err<T: DeserializeOwned + PartialEq + Debug>(doc: &str) -> String {
    decode::<T>(doc).unwrap_err().to_string()
}

fn compact<T: Serialize>(v: &T) -> String {
    String::from_utf8(marshal(v).unwrap()).unwrap()
}

#[test]
fn recorded_invite_reencodes_like_go() {
    let inv: Invitation = decode(INVITE).unwrap();
    let out = String::from_utf8(marshal_indent(&inv).unwrap()).unwrap() + "\n";
    assert_eq!(out.len(), 339);
    assert!(out.starts_with("{\n  \"createdAt\": \"2026-08-10T03:03:37Z\",\n"));
    assert!(out.contains("  \"roles\": [\n    \"ORG_MEMBER\"\n  ],\n  \"teamIds\": [],\n"));
    assert!(out.contains("  \"groupRoleAssignments\": [],\n"));
    // Compact output is the recorded body itself.
    assert_eq!(compact(&inv), INVITE);
}

#[test]
fn unknown_fields_dropped_and_org_name_always_present() {
    let d = both::<Invitation>(br#"{"extraField":1,"USERNAME":"a","username":"b"}"#).unwrap();
    assert_eq!(d.value.username.as_deref(), Some("b"));
    assert_eq!(compact(&d.value), r#"{"orgName":"","username":"b"}"#);
    assert_eq!(d.unknown_fields, ["extraField"]);
    assert_eq!(
        d.unknown_field_error().as_deref(),
        Some(r#"json: unknown field "extraField""#)
    );
}

#[test]
fn unknown_fields_in_document_order_once_each() {
    let d = both::<Invitation>(
        br#"{"links":[{"x":1,"rel":"r"}],"y":[{"z":1}],"x":2,"links2":0,"x":3}"#,
    )
    .unwrap();
    // `x` first appears inside links[0], before `y`; the `z` inside an unknown field is never looked at.
    assert_eq!(d.unknown_fields, ["x", "y", "links2"]);
    let d = both::<Invitation>(br#"{"id":"i"}"#).unwrap();
    assert!(d.unknown_fields.is_empty());
    assert_eq!(d.unknown_field_error(), None);
    let d = both::<InvitationRequest>(br#"{"a\"b":1}"#).unwrap();
    assert_eq!(
        d.unknown_field_error().as_deref(),
        Some(r#"json: unknown field "a\"b""#)
    );
}

#[test]
fn keys_match_exactly_then_folded() {
    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct S {
        #[serde(rename = "ab")]
        lower: Option<String>,
        #[serde(rename = "AB")]
        upper: Option<String>,
    }
    let s: S = decode(r#"{"AB":"1"}"#).unwrap();
    assert_eq!((s.lower.as_deref(), s.upper.as_deref()), (None, Some("1")));
    let s: S = decode(r#"{"Ab":"2"}"#).unwrap();
    assert_eq!((s.lower.as_deref(), s.upper.as_deref()), (Some("2"), None));
    let s: S = decode(r#"{"ab":"1","aB":"3","AB":"4"}"#).unwrap();
    assert_eq!(
        (s.lower.as_deref(), s.upper.as_deref()),
        (Some("3"), Some("4"))
    );
    // Escaped keys are compared after unescaping.
    let r: InvitationRequest = decode(r#"{"user\u004eame":"u"}"#).unwrap();
    assert_eq!(r.username.as_deref(), Some("u"));
}

#[test]
fn later_duplicate_wins_and_null_is_a_no_op_on_values() {
    let r: InvitationRequest = decode(r#"{"username":"a","username":"b"}"#).unwrap();
    assert_eq!(r.username.as_deref(), Some("b"));
    // A pointer set to null is nil again.
    let r: InvitationRequest = decode(r#"{"username":"a","Username":null}"#).unwrap();
    assert_eq!(r.username, None);
    let r: InvitationRequest = decode(r#"{"username":null,"username":"c"}"#).unwrap();
    assert_eq!(r.username.as_deref(), Some("c"));
    // A non-pointer keeps its value through a null.
    let inv: Invitation = decode(r#"{"orgName":"o","orgName":null,"orgName":null}"#).unwrap();
    assert_eq!(inv.org_name, "o");
    let inv: Invitation = decode(r#"{"orgName":null}"#).unwrap();
    assert_eq!(inv.org_name, "");
    let e: ApiError = decode(r#"{"error":null,"parameters":null,"detail":null}"#).unwrap();
    assert_eq!(e, ApiError::default());
    // null elements are zero values.
    let inv: Invitation = decode(r#"{"roles":[null,"R"],"links":[null]}"#).unwrap();
    assert_eq!(inv.roles, Some(vec![String::new(), "R".to_string()]));
    assert_eq!(inv.links, Some(vec![Link::default()]));
}

#[test]
fn missing_fields_take_zero_values_without_serde_default() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Plain {
        n: i64,
        s: String,
        v: Vec<String>,
        b: bool,
        t: GoTime,
        inner: GroupRole,
        f: f64,
    }
    let p: Plain = decode("{}").unwrap();
    assert_eq!(
        (p.n, p.s.as_str(), p.v.len(), p.b, p.f),
        (0, "", 0, false, 0.0)
    );
    assert_eq!(p.t, GoTime::ZERO);
    assert_eq!(p.inner, GroupRole::default());
    let p: Plain = decode("null").unwrap();
    assert_eq!(p.n, 0);
}

#[test]
fn top_level_null_is_the_zero_value() {
    assert_eq!(
        decode::<InvitationRequest>("null").unwrap(),
        InvitationRequest::default()
    );
    assert_eq!(decode::<Option<Vec<Invitation>>>(" null ").unwrap(), None);
    assert_eq!(decode::<Vec<Invitation>>("null").unwrap(), vec![]);
    assert_eq!(decode::<ApiError>("null").unwrap(), ApiError::default());
}

#[test]
fn nested_items_and_their_error_paths() {
    let inv: Invitation = decode(
        r#"{"groupRoleAssignments":[{"groupId":"g","groupRole":"R"}],"links":[{"rel":"self","href":"h"}]}"#,
    )
    .unwrap();
    let gr = inv.group_role_assignments.unwrap_or_default();
    assert_eq!(gr[0].group_id.as_deref(), Some("g"));
    assert_eq!(gr[0].group_role.as_deref(), Some("R"));
    let links = inv.links.unwrap_or_default();
    assert_eq!(links[0].href.as_deref(), Some("h"));
    assert_eq!(links[0].rel.as_deref(), Some("self"));
    for (doc, want) in [
        (
            r#"{"groupRoleAssignments":[{"groupRole":1}]}"#,
            "json: cannot unmarshal number into Go struct field GroupRole.groupRoleAssignments.groupRole of type string",
        ),
        (
            r#"{"links":[{"href":true}]}"#,
            "json: cannot unmarshal bool into Go struct field Link.links.href of type string",
        ),
        (
            r#"{"links":[3]}"#,
            "json: cannot unmarshal number into Go struct field OrganizationInvitation.links of type admin.Link",
        ),
        (
            r#"{"links":{}}"#,
            "json: cannot unmarshal object into Go struct field OrganizationInvitation.links of type []admin.Link",
        ),
        (
            r#"{"roles":[1]}"#,
            "json: cannot unmarshal number into Go struct field OrganizationInvitation.roles of type string",
        ),
        (
            r#"{"createdAt":5}"#,
            "json: cannot unmarshal number into Go struct field OrganizationInvitation.createdAt of type time.Time",
        ),
        (
            r#"{"orgName":["x"]}"#,
            "json: cannot unmarshal array into Go struct field OrganizationInvitation.orgName of type string",
        ),
        // Field paths use the field's JSON name, not the document's spelling.
        (
            r#"{"USERNAME":{}}"#,
            "json: cannot unmarshal object into Go struct field OrganizationInvitation.username of type string",
        ),
    ] {
        assert_eq!(err::<Invitation>(doc), want, "{doc}");
    }
    // A list at top level: its items have no struct context.
    assert_eq!(
        err::<Vec<Invitation>>("[{},3]"),
        "json: cannot unmarshal number into Go value of type admin.OrganizationInvitation"
    );
    assert_eq!(
        err::<Option<Vec<Invitation>>>(r#"{"id":"x"}"#),
        "json: cannot unmarshal object into Go value of type []admin.OrganizationInvitation"
    );
}

#[test]
fn request_type_errors() {
    assert_eq!(
        err::<InvitationRequest>(r#"{"Username":"x","bogus":1,"roles":"A"}"#),
        "json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.roles of type []string"
    );
    assert_eq!(
        err::<InvitationRequest>("[1]"),
        "json: cannot unmarshal array into Go value of type admin.OrganizationInvitationRequest"
    );
    assert_eq!(
        err::<InvitationRequest>(r#"{"groupRoleAssignments":[{"roles":[true]}]}"#),
        "json: cannot unmarshal bool into Go struct field OrganizationInvitationGroupRoleAssignmentsRequest.groupRoleAssignments.roles of type string"
    );
    assert_eq!(
        err::<InvitationRequest>(r#"{"groupRoleAssignments":["g"]}"#),
        "json: cannot unmarshal string into Go struct field OrganizationInvitationRequest.groupRoleAssignments of type admin.OrganizationInvitationGroupRoleAssignmentsRequest"
    );
    let e = decode::<InvitationRequest>("{\n  \"roles\": 7\n}").unwrap_err();
    assert!(matches!(e, Error::Type { .. }));
    assert_eq!(e.position(), (2, 12));
    assert!(!e.is_syntax());
}

#[test]
fn request_body_field_order() {
    let req: InvitationRequest = decode(
        r#"{"username":"u","teamIds":["t"],"groupRoleAssignments":[{"roles":["R"],"groupId":"g"}],"roles":[]}"#,
    )
    .unwrap();
    assert_eq!(
        compact(&req),
        r#"{"groupRoleAssignments":[{"groupId":"g","roles":["R"]}],"roles":[],"teamIds":["t"],"username":"u"}"#
    );
}

#[test]
fn api_error_bodies() {
    let body = r#"{"detail":"No group with ID 1 exists.","error":404,"errorCode":"GROUP_NOT_FOUND","parameters":["1"],"reason":"Not Found"}"#;
    let e: ApiError = decode(body).unwrap();
    assert_eq!(e.error, 404);
    assert_eq!(e.error_code, "GROUP_NOT_FOUND");
    assert_eq!(e.parameters, vec![serde_json::Value::from("1")]);
    let e: ApiError = decode(r#"{"error" : 401, "REASON" : "Unauthorized"}"#).unwrap();
    assert_eq!((e.error, e.reason.as_str()), (401, "Unauthorized"));
    let e: ApiError = decode(
        r#"{"parameters":[1,2.5,1e21,-3,true,null,{"b":1,"a":"x","b":2},["y"]],"badRequestDetail":{"fields":[{"field":"f","description":"d","extra":1}]}}"#,
    )
    .unwrap();
    assert_eq!(
        compact(&e.parameters),
        r#"[1,2.5,1e+21,-3,true,null,{"a":"x","b":2},["y"]]"#
    );
    assert_eq!(
        e.bad_request_detail,
        Some(BadRequestDetail {
            fields: Some(vec![FieldViolation {
                description: "d".into(),
                field: "f".into()
            }])
        })
    );
    for (doc, want) in [
        (r#"{"error":1.5}"#, "json: cannot unmarshal number 1.5 into Go struct field ApiError.error of type int"),
        (r#"{"error":1e2}"#, "json: cannot unmarshal number 1e2 into Go struct field ApiError.error of type int"),
        (r#"{"error":"404"}"#, "json: cannot unmarshal string into Go struct field ApiError.error of type int"),
        (r#"{"detail":1}"#, "json: cannot unmarshal number into Go struct field ApiError.detail of type string"),
        (r#"{"parameters":{}}"#, "json: cannot unmarshal object into Go struct field ApiError.parameters of type []interface {}"),
        (r#"{"badRequestDetail":7}"#, "json: cannot unmarshal number into Go struct field ApiError.badRequestDetail of type admin.BadRequestDetail"),
        (r#"{"badRequestDetail":{"fields":[{"field":false}]}}"#, "json: cannot unmarshal bool into Go struct field FieldViolation.badRequestDetail.fields.field of type string"),
        (r#""x""#, "json: cannot unmarshal string into Go value of type admin.ApiError"),
        (r#"{"a""#, "unexpected end of JSON input"),
    ] {
        assert_eq!(err::<ApiError>(doc), want, "{doc}");
    }
}

#[test]
fn probed_go_type_names() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[allow(dead_code)] // only decoded, for its errors
    struct S {
        nested: Vec<Vec<String>>,
        map: BTreeMap<String, u32>,
        opt: Option<Vec<Option<Link>>>,
        any: Vec<serde_json::Value>,
        floats: Vec<f64>,
        flags: Vec<bool>,
    }
    for (doc, go_type) in [
        (r#"{"nested":1}"#, "[][]string"),
        (r#"{"map":[]}"#, "map[string]int"),
        (r#"{"opt":"x"}"#, "[]admin.Link"),
        (r#"{"any":{}}"#, "[]interface {}"),
        (r#"{"floats":true}"#, "[]float64"),
        (r#"{"flags":"t"}"#, "[]bool"),
    ] {
        let e = err::<S>(doc);
        assert!(e.ends_with(&format!(" of type {go_type}")), "{doc}: {e}");
    }
    assert_eq!(
        err::<S>(r#"{"floats":[1e400]}"#),
        "json: cannot unmarshal number 1e400 into Go struct field S.floats of type float64"
    );
}

#[test]
fn bad_timestamps_fail_with_the_parsers_text() {
    let e = decode::<Invitation>(r#"{"id":"a","createdAt":"yesterday"}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        GoTime::parse_rfc3339("yesterday").unwrap_err()
    );
    assert!(matches!(e, Error::Invalid { .. }));
    assert_eq!(e.position(), (1, 23));
    let inv: Invitation = decode(r#"{"createdAt":"2026-08-10T03:03:37.120+02:00"}"#).unwrap();
    assert_eq!(
        compact(&inv),
        r#"{"createdAt":"2026-08-10T03:03:37.12+02:00","orgName":""}"#
    );
}

#[test]
fn syntax_errors_in_go_words_with_position() {
    for (doc, want, pos) in [
        ("", "unexpected end of JSON input", (1, 1)),
        ("{\"a\":", "unexpected end of JSON input", (1, 6)),
        (
            "{\n \"a\" 1}",
            "invalid character '1' after object key",
            (2, 6),
        ),
        (
            "[1,\n2 3]",
            "invalid character '3' after array element",
            (2, 3),
        ),
        (
            "{\"id\":\"a\",}",
            "invalid character '}' looking for beginning of object key string",
            (1, 11),
        ),
        (
            "{} x",
            "invalid character 'x' after top-level value",
            (1, 4),
        ),
        ("nul", "unexpected end of JSON input", (1, 4)),
    ] {
        let e = decode::<InvitationRequest>(doc).unwrap_err();
        assert_eq!(
            (e.to_string().as_str(), e.position()),
            (want, pos),
            "{doc:?}"
        );
        assert!(e.is_syntax());
    }
    assert!(matches!(
        decode::<InvitationRequest>("{").unwrap_err(),
        Error::Eof { .. }
    ));
    // A syntax error anywhere wins over an earlier type error, as Go checks syntax first.
    assert_eq!(
        err::<InvitationRequest>(r#"{"roles":"A","x":tru}"#),
        "invalid character '}' in literal true (expecting 'e')"
    );
}

#[test]
fn invalid_utf8_becomes_replacement_characters() {
    let e = both::<InvitationRequest>(b"\xff{}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid character '\u{fffd}' looking for beginning of value"
    );
    let r = both::<InvitationRequest>(b"{\"username\":\"a\xffb\xf0\x9f\x98\"}").unwrap();
    assert_eq!(
        r.value.username.as_deref(),
        Some("a\u{fffd}b\u{fffd}\u{fffd}\u{fffd}")
    );
    let r = both::<InvitationRequest>("{\"username\":\"é😀\"}".as_bytes()).unwrap();
    assert_eq!(r.value.username.as_deref(), Some("é😀"));
}

#[test]
fn string_escapes_as_go_reads_them() {
    let s: String = decode(r#""x\u00e9\ud83d\ude00\n\t\"\\\/\b\f\r""#).unwrap();
    assert_eq!(s, "xé😀\n\t\"\\/\u{8}\u{c}\r");
    // Lone and unpaired surrogates are U+FFFD (serde_json alone would refuse them).
    let s: String = decode(r#""\ud800|\udc00|\ud800\u0041""#).unwrap();
    assert_eq!(s, "\u{fffd}|\u{fffd}|\u{fffd}A");
}

#[test]
fn untyped_values_keep_everything() {
    let v: serde_json::Value =
        decode(r#" {"b":1, "a":[true,false,null,-1.5e+3,"x\u00e9",18446744073709551615,-9]} "#)
            .unwrap();
    assert_eq!(
        v.to_string(),
        r#"{"a":[true,false,null,-1500.0,"xé",18446744073709551615,-9],"b":1}"#
    );
}

#[test]
fn deep_nesting_is_refused() {
    // Truncated and deeper than Go's scanner allows: Go's syntax error, not a stack overflow.
    let deep = "[".repeat(100_000);
    let e = decode::<serde_json::Value>(&deep).unwrap_err();
    assert_eq!(
        (e.to_string().as_str(), e.is_syntax()),
        ("exceeded max depth", true)
    );
    assert!(matches!(
        decode::<serde_json::Value>("[[[").unwrap_err(),
        Error::Eof { .. }
    ));
    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let e = decode::<serde_json::Value>(&deep).unwrap_err();
    assert_eq!(e.to_string(), "exceeded max depth");
    assert_eq!(e.position(), (1, MAX_DEPTH + 1));
    // Within the bound it decodes; skipped values are never descended into.
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
    assert!(decode::<serde_json::Value>(&ok).is_ok());
    // Go checks the whole document's nesting first: a skipped value deeper than
    // 10,000 is refused too; one within it is skipped (and never descended into).
    let skipped = format!("{{\"x\":{}{}}}", "[".repeat(50_000), "]".repeat(50_000));
    let e = decode::<InvitationRequest>(&skipped).unwrap_err();
    assert_eq!(
        (e.to_string().as_str(), e.position()),
        ("exceeded max depth", (1, 10_005))
    );
    let skipped = format!("{{\"x\":{}{}}}", "[".repeat(9_999), "]".repeat(9_999));
    assert!(decode::<InvitationRequest>(&skipped).is_ok());
}

/// Decision bounded-json: the exact path is linear however deep the document (within
/// Go's 10,000) or large its values; a quadratic split would take minutes here.
#[test]
fn deep_and_large_documents_decode_in_linear_time() {
    let big = "x".repeat(4 << 20);
    let deep = format!(
        "{}\"{big}\"{}",
        "[".repeat(MAX_DEPTH - 2),
        "]".repeat(MAX_DEPTH - 2)
    );
    let started = std::time::Instant::now();
    let v = super::decode::unmarshal_exact::<serde_json::Value>(deep.as_bytes())
        .unwrap()
        .value;
    let mut inner = &v;
    while let serde_json::Value::Array(items) = inner {
        inner = &items[0];
    }
    assert_eq!(inner.as_str().map(str::len), Some(big.len()));
    let wide = format!("[{}]", vec!["[[1,{\"a\":[2]}],\"s\"]"; 100_000].join(","));
    let v = super::decode::unmarshal_exact::<serde_json::Value>(wide.as_bytes())
        .unwrap()
        .value;
    assert_eq!(v.as_array().map(Vec::len), Some(100_000));
    // Quadratic splitting of the first document scans 2 GB; linear, a few MB.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn enums_and_integers() {
    #[derive(Debug, Deserialize, PartialEq)]
    enum Kind {
        A,
        B,
    }
    #[derive(Debug, PartialEq, Deserialize)]
    struct S {
        k: Option<Kind>,
        small: u8,
        big: u64,
        neg: i32,
    }
    let s: S = decode(r#"{"k":"B","small":200,"big":18446744073709551615,"neg":-7}"#).unwrap();
    assert_eq!(
        (s.k, s.small, s.big, s.neg),
        (Some(Kind::B), 200, u64::MAX, -7)
    );
    assert!(decode::<S>(r#"{"k":"C"}"#).is_err());
    assert!(decode::<S>(r#"{"small":300}"#).is_err());
}

/// `cargo test --release --lib go::json::tests::bench -- --ignored --nocapture`: the
/// rendering benchmark's data (10,000 invitations), decoded and `-o json`-encoded.
/// Prints medians of on-CPU time (wall time where schedstat is missing).
#[test]
#[ignore]
fn bench() {
    use std::time::{Duration, Instant};
    let n = 10_000;
    let mut body = String::from("[");
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a{i:08x}","inviterUsername":"nmtxqlkl","orgId":"a0123456789abcdef012345a","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"user-{i}@example.com"}}"#
        ));
    }
    body.push(']');
    // On-CPU time of this thread (the machine is shared; wall time counts others' turns).
    fn cpu() -> Duration {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
        Duration::from_nanos(
            s.split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
        )
    }
    fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
        let mut times = Vec::new();
        let mut out = None;
        for _ in 0..runs {
            let (t, c) = (Instant::now(), cpu());
            out = Some(f());
            let c = cpu() - c;
            // Without schedstat, wall time.
            times.push(if c.is_zero() { t.elapsed() } else { c });
        }
        times.sort();
        (times[runs / 2], out.unwrap())
    }
    let runs = 15;
    let (t_new, list) = median(runs, || {
        unmarshal::<Option<Vec<Invitation>>>(body.as_bytes())
            .unwrap()
            .value
            .unwrap()
    });
    let (t_enc, out) = median(runs, || marshal_indent(&list).unwrap());
    assert_eq!(list.len(), n);
    assert!(out.starts_with(b"[\n  {\n    \"createdAt\": \"2026-08-10T03:03:37Z\",\n"));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (t_native, _) = median(runs, || {
        serde_json::from_str::<Vec<Invitation>>(&body)
            .unwrap()
            .len()
    });
    let (t_native_enc, _) = median(runs, || serde_json::to_vec_pretty(&list).unwrap().len());
    let (t_exact, _) = median(runs, || {
        super::decode::unmarshal_exact::<Vec<Invitation>>(body.as_bytes())
            .unwrap()
            .value
            .len()
    });
    println!(
        "{n} invitations, {} bytes in, {} bytes out ({runs} runs, medians)",
        body.len(),
        out.len()
    );
    println!(
        "unmarshal {:.2} ms, marshal_indent {:.2} ms",
        ms(t_new),
        ms(t_enc)
    );
    println!(
        "for reference: plain serde_json from_str {:.2} ms, to_vec_pretty {:.2} ms; the exact path alone {:.2} ms",
        ms(t_native),
        ms(t_native_enc),
        ms(t_exact)
    );
}
