#![no_main]
//! Response bodies: JSON decoding into the SDK model, re-encoding, error formatting.
use atlas::api::model::Decoder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = atlas::api::error::format(400, "Bad Request", "POST", "https://h/api", "application/json", data);
    if let Ok(v) = atlas::json::parse(data) {
        let mut d = Decoder::new(false);
        if let Some(inv) = d.invitation(&v) {
            let _ = atlas::json::to_indented(&inv.to_json());
        }
        if let Some(list) = Decoder::new(false).invitations(&v) {
            let _ = atlas::api::model::invitations_to_json(Some(&list));
        }
        let req = Decoder::new(true).invitation_request(&v);
        let _ = atlas::json::to_compact(&req.to_json());
    }
});
