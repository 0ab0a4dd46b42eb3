//! The Atlas domain: credentials and the session over `transport`, the SDK model and
//! API errors, and the invitation operations on both backends.

pub mod auth;
pub mod backend;
pub mod bulk;
pub mod error;
pub mod invitations;
pub mod invites;
pub mod limits;
pub mod membership;
pub mod model;
pub mod notes;
pub mod paging;
pub mod request_file;
pub mod sdk_json;
pub mod session;
pub mod teams;
pub mod unauthorized;
pub mod users;
