//! Talking to the Atlas Administration API.

pub mod auth;
pub mod backend;
pub mod client;
pub mod digest;
pub mod error;
pub mod invitations;
pub mod invites;
pub mod md5;
pub mod membership;
pub mod model;
pub mod proxy;
pub mod roots;
pub mod session;
pub mod tls;
pub mod users;
