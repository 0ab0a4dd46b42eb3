//! Go's `net/url` escaping: `url.PathEscape`, `url.QueryEscape` and `url.QueryUnescape`,
//! and `url.ParseQuery` (form bodies).

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

/// `url.QueryUnescape`: `%XX` escapes and `+` for space; a bad escape is an error.
pub fn query_unescape(s: &str) -> Result<Vec<u8>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let v = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(v) = v else {
                    let end = (i + 3).min(bytes.len());
                    let bad = String::from_utf8_lossy(bytes.get(i..end).unwrap_or_default());
                    return Err(format!(
                        "invalid URL escape {}",
                        super::strconv::quote(&bad)
                    ));
                };
                out.push(v);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// `url.ParseQuery` followed by `Values.Get`: the first value of each key, and the
/// first error (parsing goes on past it, as Go's does).
pub fn parse_query(text: &str) -> (Vec<(String, String)>, Option<String>) {
    let mut values: Vec<(String, String)> = Vec::new();
    let mut first_error = None;
    for pair in text.split('&') {
        if pair.is_empty() {
            continue;
        }
        if pair.contains(';') {
            first_error.get_or_insert_with(|| "invalid semicolon separator in query".to_string());
            continue;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = match (query_unescape(k), query_unescape(v)) {
            (Ok(k), Ok(v)) => (k, v),
            (Err(e), _) | (_, Err(e)) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let k = String::from_utf8_lossy(&k).into_owned();
        if !values.iter().any(|(have, _)| *have == k) {
            values.push((k, String::from_utf8_lossy(&v).into_owned()));
        }
    }
    (values, first_error)
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

    #[test]
    fn unescape_and_parse_query() {
        assert_eq!(query_unescape("a%2Bb+c").unwrap(), b"a+b c");
        assert_eq!(
            query_unescape("%zz").unwrap_err(),
            "invalid URL escape \"%zz\""
        );
        assert_eq!(
            query_unescape("%4").unwrap_err(),
            "invalid URL escape \"%4\""
        );
        let (values, err) = parse_query("a=1&b=x+y&a=2&&c");
        assert_eq!(
            values,
            [("a", "1"), ("b", "x y"), ("c", "")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .to_vec()
        );
        assert_eq!(err, None);
        let (values, err) = parse_query("a=1;b=2&c=%g&d=4");
        assert_eq!(values, vec![("d".to_string(), "4".to_string())]);
        assert_eq!(err.as_deref(), Some("invalid semicolon separator in query"));
    }
}
