//! Which proxy to use for a URL, following Go's `http.ProxyFromEnvironment` (what the
//! official CLI uses) rather than ureq's own rules, which differ: ureq falls back to
//! `HTTP_PROXY` for https, does not trim `NO_PROXY` entries and matches no subdomains.

use crate::config::Env;
use std::net::IpAddr;

/// The proxy URL for `scheme://host:port`, or `None` for a direct connection.
pub fn proxy_for(env: &Env, scheme: &str, host: &str, port: u16) -> Option<String> {
    let get = |upper: &str, lower: &str| {
        env.get(upper)
            .filter(|v| !v.is_empty())
            .or_else(|| env.get(lower).filter(|v| !v.is_empty()))
            .cloned()
    };
    let proxy = if scheme == "https" {
        get("HTTPS_PROXY", "https_proxy")
    } else {
        get("HTTP_PROXY", "http_proxy")
    }?;
    let no_proxy = get("NO_PROXY", "no_proxy").unwrap_or_default();
    if !use_proxy(&no_proxy, host, port) {
        return None;
    }
    // A proxy given without a scheme means http:// (Go's rule).
    if proxy.contains("://") {
        Some(proxy)
    } else {
        Some(format!("http://{proxy}"))
    }
}

fn use_proxy(no_proxy: &str, host: &str, port: u16) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    if host == "localhost" {
        return false;
    }
    let ip: Option<IpAddr> = host.parse().ok();
    if ip.is_some_and(|ip| ip.is_loopback()) {
        return false;
    }
    for entry in no_proxy.split(',') {
        let entry = entry.trim().to_ascii_lowercase();
        if entry.is_empty() {
            continue;
        }
        if entry == "*" {
            return false;
        }
        if let Some((net, bits)) = entry.split_once('/') {
            if let (Some(ip), Ok(net), Ok(bits)) = (ip, net.parse::<IpAddr>(), bits.parse::<u32>())
            {
                if in_cidr(ip, net, bits) {
                    return false;
                }
            }
            continue;
        }
        let (entry_host, entry_port) = split_host_port(&entry);
        if entry_port.is_some_and(|p| p != port) {
            continue;
        }
        if let Ok(entry_ip) = entry_host.parse::<IpAddr>() {
            if ip == Some(entry_ip) {
                return false;
            }
            continue;
        }
        let bare = entry_host.trim_start_matches('*');
        if let Some(suffix) = bare.strip_prefix('.') {
            // ".example.com" and "*.example.com" match subdomains only.
            if host.ends_with(&format!(".{suffix}")) {
                return false;
            }
        } else if host == bare || host.ends_with(&format!(".{bare}")) {
            return false;
        }
    }
    true
}

fn split_host_port(entry: &str) -> (String, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        if let Some((h, p)) = rest.split_once(']') {
            return (
                h.to_string(),
                p.strip_prefix(':').and_then(|p| p.parse().ok()),
            );
        }
    }
    match entry.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h.to_string(), p.parse().ok()),
        _ => (entry.to_string(), None),
    }
}

fn in_cidr(ip: IpAddr, net: IpAddr, bits: u32) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) if bits <= 32 => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(b)) if bits <= 128 => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::env;

    #[test]
    fn scheme_specific_variables() {
        let e = env(&[("HTTP_PROXY", "http://p:1")]);
        assert_eq!(proxy_for(&e, "https", "cloud.mongodb.com", 443), None);
        assert_eq!(
            proxy_for(&e, "http", "h", 80).as_deref(),
            Some("http://p:1")
        );
        let e = env(&[("https_proxy", "p:3128")]);
        assert_eq!(
            proxy_for(&e, "https", "h", 443).as_deref(),
            Some("http://p:3128")
        );
    }

    #[test]
    fn no_proxy_rules() {
        let p = "http://p:1";
        let e = env(&[
            ("HTTPS_PROXY", p),
            (
                "NO_PROXY",
                " foo.com, .bar.com,*.baz.com, 10.0.0.0/8, h:8443, 192.168.1.1",
            ),
        ]);
        let go = |h: &str, port| proxy_for(&e, "https", h, port).is_some();
        assert!(!go("foo.com", 443));
        assert!(!go("api.foo.com", 443));
        assert!(go("xfoo.com", 443));
        assert!(go("bar.com", 443));
        assert!(!go("a.bar.com", 443));
        assert!(!go("a.baz.com", 443));
        assert!(!go("10.1.2.3", 443));
        assert!(go("11.1.2.3", 443));
        assert!(!go("h", 8443));
        assert!(go("h", 443));
        assert!(!go("192.168.1.1", 443));
        assert!(!go("localhost", 443));
        assert!(!go("127.0.0.1", 443));
        assert!(!go("[::1]", 443));
        let e = env(&[("HTTPS_PROXY", p), ("no_proxy", "*")]);
        assert_eq!(proxy_for(&e, "https", "cloud.mongodb.com", 443), None);
    }
}
