//! HTTP as Atlas needs it, without knowing Atlas: one connection per run (ureq),
//! Digest (RFC 7616) over our own MD5, proxies as Go picks them, TLS with lazily
//! loaded roots, and OAuth token requests. `api` builds on this; nothing here imports
//! from `api` (checked by `layers` in lib.rs).
//!
//! - `client`: the HTTP client, retries, Go-like transport error texts, `-D` lines.
//! - `retry`: when a rate-limited request is sent again (the pure schedule) and the
//!   seam through which the wait is shown.
//! - `digest`, `md5`: HTTP Digest authentication.
//! - `proxy`: `HTTP(S)_PROXY`/`NO_PROXY` as Go's `ProxyFromEnvironment` reads them.
//! - `tls`, `roots`: rustls with roots from `SSL_CERT_FILE`/`SSL_CERT_DIR` or webpki-roots.
//! - `oauth`: token endpoint bodies and answers, JWT expiry.
//! - `token_cache`: service-account tokens kept between runs (decision token-cache).

pub mod client;
pub mod digest;
pub mod md5;
pub mod oauth;
pub mod proxy;
pub mod retry;
pub mod roots;
pub mod tls;
pub mod token_cache;
