//! Talking to the Atlas Administration API.

pub mod auth;
pub mod client;
pub mod digest;
pub mod error;
pub mod md5;
pub mod model;
pub mod proxy;
pub mod sha256;
