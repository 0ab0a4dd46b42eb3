//! Go's `net/url` escaping: `url.PathEscape` and `url.QueryEscape`.

/// Go's `url.PathEscape`.
pub fn path_escape(s: impl AsRef<[u8]>) -> String {
    escape(
        s,
        |b| b.is_ascii_alphanumeric() || b"-_.~$&+,:;=@".contains(&b),
        false,
    )
}

/// Go's `url.QueryEscape` (as `url.Values.Encode` uses it).
pub fn query_escape(s: impl AsRef<[u8]>) -> String {
    escape(
        s,
        |b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b),
        true,
    )
}

fn escape(s: impl AsRef<[u8]>, keep: impl Fn(u8) -> bool, space_plus: bool) -> String {
    let s = s.as_ref();
    let mut out = String::with_capacity(s.len());
    for &b in s {
        if keep(b) {
            out.push(char::from(b));
        } else if b == b' ' && space_plus {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        assert_eq!(query_escape("a+b@c.d e/é"), "a%2Bb%40c.d+e%2F%C3%A9");
        assert_eq!(path_escape("a b/c?d@e+f"), "a%20b%2Fc%3Fd@e+f");
        assert_eq!(
            path_escape("6a793f89c0eb9e7a177165b6"),
            "6a793f89c0eb9e7a177165b6"
        );
    }
}
