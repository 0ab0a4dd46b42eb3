#![no_main]
//! Go templates: parsing and execution over an invitation and a list.
use atlas::api::model::Invitation;
use atlas::go::template::render;
use atlas::go::time::GoTime;
use atlas::output::{template_value, Data};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let inv = Invitation {
        created_at: GoTime::parse_rfc3339("2026-08-10T03:03:37Z").ok(),
        id: Some("6a793f89c0eb9e7a177165b6".into()),
        username: Some("test-783@mongodb.com".into()),
        org_name: "Atlas CLI E2E".into(),
        roles: Some(vec!["ORG_MEMBER".into()]),
        team_ids: Some(vec![]),
        ..Invitation::default()
    };
    let _ = render(text, template_value(&Data::One(Some(&inv))));
    let list = [inv.clone(), Invitation::default()];
    let _ = render(text, template_value(&Data::List(Some(&list))));
});
