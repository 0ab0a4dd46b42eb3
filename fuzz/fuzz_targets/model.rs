#![no_main]
//! Response bodies: JSON decoding into the SDK model, re-encoding, error formatting.
use atlas::api::model::{Invitation, InvitationRequest};
use atlas::go::json::{marshal, marshal_indent, unmarshal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atlas::api::error::format(400, "Bad Request", "POST", "https://h/api", "application/json", data);
    if let Ok(d) = unmarshal::<Option<Invitation>>(data) {
        let _ = marshal_indent(&d.value);
    }
    if let Ok(d) = unmarshal::<Option<Vec<Invitation>>>(data) {
        let _ = marshal_indent(&d.value);
    }
    if let Ok(d) = unmarshal::<InvitationRequest>(data) {
        let _ = marshal(&d.value);
    }
});
