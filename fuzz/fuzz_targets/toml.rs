#![no_main]
//! The config.toml reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = atlas::config::toml::parse(text);
    }
});
