#![no_main]
//! JSONPath parsing and evaluation over an invitation list.
use atlas::output::jsonpath::{get, go_numbers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(expr) = std::str::from_utf8(data) else { return };
    let doc = go_numbers(
        serde_json::from_slice(br#"[{"id":"a","roles":["ORG_MEMBER"],"username":"one","n":1.5},{"id":"b","roles":[],"teamIds":null}]"#)
            .expect("fixed document"),
    );
    let _ = get(expr, &doc);
});
