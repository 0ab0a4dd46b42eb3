//! Our copies of Go's standard library, one file per Go package: Go behaviour X lives in
//! `go/X`. This layer imports nothing else from the crate (checked by `layers` in lib.rs).
//!
//! - `base64`: `encoding/base64` (standard encoding, lenient URL decoding).
//! - `fmt`: `fmt.Sprintf` and friends over reflect values.
//! - `http`: `net/http.ParseTime`.
//! - `json`: `encoding/json`'s `Marshal`, `MarshalIndent` and `Unmarshal` over serde.
//! - `os`: `os.UserConfigDir`, `os.UserCacheDir`.
//! - `reflect`: Go values and types as `fmt` and `text/template` see them.
//! - `runtime`: `GOOS` and `GOARCH`.
//! - `sort`: `sort.SliceStable`, one stable sort shared by every caller (for size).
//! - `strconv`: quoting, unquoting and float formatting.
//! - `tabwriter`: `text/tabwriter` with the CLI's settings.
//! - `template`: `text/template` (lexer, parser, executor, builtins).
//! - `time`: `time.Time`: RFC 3339 parsing and `Format`.
//! - `url`: `url.PathEscape`, `url.QueryEscape`.
//! - `utf8`: `unicode/utf8` over byte strings (Go strings are bytes).

pub mod base64;
pub mod fmt;
pub mod http;
pub mod json;
pub mod os;
pub mod reflect;
pub mod runtime;
pub mod sort;
pub mod strconv;
pub mod tabwriter;
pub mod template;
pub mod time;
pub mod url;
pub mod utf8;
