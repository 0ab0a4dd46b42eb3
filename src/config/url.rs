//! Decision base-url-plain: one parser for every http(s) URL atlas connects to, so the
//! host that `credentials-need-https`, the proxy choice and `NO_PROXY` judge is the
//! host the connection goes to. The authority ends at the first `/`, `?` or `#` (RFC
//! 3986, as ureq reads it); the client sends the URL rebuilt from these parts, so what
//! was judged is what is sent. A base URL with user info, a query or a fragment is
//! refused: such a URL is either a mistake or a way past those checks.

/// An absolute http(s) URL taken apart: where to connect and what to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `http` or `https`, lower-case.
    pub scheme: String,
    /// The host without brackets (`::1` for `[::1]`).
    pub host: String,
    /// The explicit port, else the scheme's default.
    pub port: u16,
    /// The request target: path and query (`/` when the URL has no path).
    pub path: String,
    /// Whether a user name or password came before the host (never kept).
    pub user_info: bool,
    /// Whether the URL had a fragment (`#…`, dropped from `path`).
    pub fragment: bool,
}

/// What makes a URL unfit as a base URL. Never carries the URL itself: it may hold a
/// password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// Not `http(s)://host[:port]…` with a valid host and port.
    Unparsable,
    /// `user[:password]@` before the host.
    UserInfo,
    /// `?…`
    Query,
    /// `#…`
    Fragment,
}

impl std::fmt::Display for Flaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Flaw::Unparsable => "it is not an http:// or https:// URL with a valid host and port",
            Flaw::UserInfo => {
                "it has a user name or password before the host (not shown); atlas takes credentials from their own settings, never from the URL"
            }
            Flaw::Query => "it has a query (?…)",
            Flaw::Fragment => "it has a fragment (#…)",
        })
    }
}

/// Whether `host` (a name or an address without brackets) may stand in a URL: the
/// characters of a DNS name or an IP address, nothing a parser could read otherwise.
fn plain_host(host: &str, bracketed: bool) -> bool {
    !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') || (bracketed && b == b':')
        })
}

impl Target {
    /// `None` for anything but an absolute http(s) URL with a plain host and a valid port.
    pub fn parse(url: &str) -> Option<Target> {
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if !(scheme == "http" || scheme == "https") {
            return None;
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (user_info, authority) = match authority.rsplit_once('@') {
            Some((_, host)) => (true, host),
            None => (false, authority),
        };
        let default_port = if scheme == "https" { 443 } else { 80 };
        let (host, port, bracketed) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, p) = v6.split_once(']')?;
            let port = match p {
                "" => None,
                p => Some(p.strip_prefix(':')?.parse().ok()?),
            };
            (h, port, true)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p.parse().ok()?), false),
                None => (authority, None, false),
            }
        };
        if !plain_host(host, bracketed) {
            return None;
        }
        let (tail, fragment) = match tail.split_once('#') {
            Some((before, _)) => (before, true),
            None => (tail, false),
        };
        let path = if tail.starts_with('/') {
            tail.to_string()
        } else {
            format!("/{tail}")
        };
        Some(Target {
            port: port.unwrap_or(default_port),
            scheme,
            host: host.to_string(),
            path,
            user_info,
            fragment,
        })
    }

    /// `host:port`, the host in brackets when it is an IPv6 address.
    pub fn host_port(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The URL rebuilt from its parts, without user info or fragment (and without the
    /// scheme's default port, so the `Host` header stays as given): what is sent.
    pub fn url(&self) -> String {
        let default = if self.scheme == "https" { 443 } else { 80 };
        let authority = if self.port != default {
            self.host_port()
        } else if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{}://{authority}{}", self.scheme, self.path)
    }
}

/// A base URL (`ops_manager_url`, `account_url`): parsed, with no user info, query or
/// fragment.
pub fn check_base(url: &str) -> Result<Target, Flaw> {
    let t = Target::parse(url).ok_or(if url.contains('@') {
        // Not parsed, but what is before an '@' may be a password: said so, not shown.
        Flaw::UserInfo
    } else {
        Flaw::Unparsable
    })?;
    if t.user_info {
        return Err(Flaw::UserInfo);
    }
    if t.fragment {
        return Err(Flaw::Fragment);
    }
    if t.path.contains('?') {
        return Err(Flaw::Query);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(scheme: &str, host: &str, port: u16, path: &str) -> Target {
        Target {
            scheme: scheme.into(),
            host: host.into(),
            port,
            path: path.into(),
            user_info: false,
            fragment: false,
        }
    }

    #[test]
    fn urls_are_taken_apart_as_the_connection_reads_them() {
        let cases = [
            (
                "https://cloud.mongodb.com/api/x?username=",
                t("https", "cloud.mongodb.com", 443, "/api/x?username="),
            ),
            (
                "http://127.0.0.1:8080/proxy/api",
                t("http", "127.0.0.1", 8080, "/proxy/api"),
            ),
            ("http://[::1]:9/", t("http", "::1", 9, "/")),
            ("HTTP://h", t("http", "h", 80, "/")),
            ("http://h?q", t("http", "h", 80, "/?q")),
        ];
        for (url, want) in cases {
            assert_eq!(Target::parse(url), Some(want), "{url}");
        }
        for bad in [
            "ftp://h/",
            "http://h:x/",
            "http://:80/",
            "h:80",
            "http://[::1/",
            "http://[::1]x/",
            "http://h h/",
            "http://h%2f/",
        ] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
        // The host ends at '?' and '#': an '@' after them is not user info.
        let q = Target::parse("http://other-host:8080?@127.0.0.1/").unwrap();
        assert_eq!(
            (q.host.as_str(), q.port, q.user_info),
            ("other-host", 8080, false)
        );
        assert_eq!(q.url(), "http://other-host:8080/?@127.0.0.1/");
        let f = Target::parse("http://other-host#@127.0.0.1/").unwrap();
        assert_eq!((f.host.as_str(), f.fragment), ("other-host", true));
        assert_eq!(f.url(), "http://other-host/");
        assert_eq!(
            Target::parse("http://[::1]:80").unwrap().url(),
            "http://[::1]/"
        );
        let u = Target::parse("http://alice:pw@h:1/x").unwrap();
        assert_eq!((u.host.as_str(), u.user_info), ("h", true));
        assert!(!u.url().contains("pw"));
    }

    #[test]
    fn base_urls_have_no_user_info_query_or_fragment() {
        assert_eq!(
            check_base("https://cloud.mongodb.com").map(|t| t.url()),
            Ok("https://cloud.mongodb.com/".to_string())
        );
        assert!(check_base("http://127.0.0.1:9/proxy/").is_ok());
        for (bad, flaw) in [
            ("http://other:1?@127.0.0.1/", Flaw::Query),
            ("http://other:1/?x", Flaw::Query),
            ("http://other:1#@127.0.0.1/", Flaw::Fragment),
            ("http://alice:PASSWORD@127.0.0.1/", Flaw::UserInfo),
            ("alice:PASSWORD@127.0.0.1", Flaw::UserInfo),
            ("http://h\\@127.0.0.1/", Flaw::UserInfo),
            ("http://alice:PASS WORD@127.0.0.1/", Flaw::UserInfo),
            ("ftp://h", Flaw::Unparsable),
            ("", Flaw::Unparsable),
        ] {
            assert_eq!(check_base(bad).map(|t| t.url()), Err(flaw), "{bad}");
        }
        assert!(!Flaw::UserInfo.to_string().contains("PASSWORD"));
    }
}
