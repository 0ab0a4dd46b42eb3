#![no_main]
//! WWW-Authenticate parsing, challenge choice and the answer built from it.
use atlas::transport::digest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let headers: Vec<&str> = text.split('\n').collect();
    let all = digest::parse_challenges(headers.iter().copied());
    if let Ok(ch) = digest::select(&all) {
        let _ = digest::authorization(&ch, "user", "pass", "POST", "/api/x?y=1", 7, "cnonce");
    }
});
