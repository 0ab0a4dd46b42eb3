//! Go's `encoding/base64`: `StdEncoding.EncodeToString` (for `Authorization: Basic`)
//! and a lenient `RawURLEncoding` decoder (JWT segments).

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (for `Authorization: Basic`).
pub fn encode_std(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = ((n >> (18 - 6 * i)) & 63) as u8;
                out.push(char::from(*B64.get(usize::from(sextet)).unwrap_or(&b'=')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64url without padding (JWT segments); also accepts the standard alphabet.
pub fn decode_url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(encode_std(b""), "");
        assert_eq!(encode_std(b"f"), "Zg==");
        assert_eq!(encode_std(b"fo"), "Zm8=");
        assert_eq!(encode_std(b"foo"), "Zm9v");
        assert_eq!(
            encode_std(b"mdb_sa_id:mdb_sa_sk"),
            "bWRiX3NhX2lkOm1kYl9zYV9zaw=="
        );
        assert_eq!(decode_url("Zm9vYg").unwrap(), b"foob");
        assert_eq!(decode_url("_-8").unwrap(), vec![0xff, 0xef]);
        assert!(decode_url("a$b").is_none());
    }
}
