//! One integration-test binary: every test runs the built `atlas` end to end.

mod support;

mod api_errors;
mod auth;
mod bulk;
mod cli_surface;
mod completion;
mod config;
mod family;
mod faults;
mod interop;
mod invite;
mod local_input;
mod output_formats;
mod tls_proxy;
