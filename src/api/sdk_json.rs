//! The SDK's JSON on the wire, for every endpoint: request bodies as its encoder writes
//! them and success answers as it reads them. The one place bodies are encoded and
//! answers decoded.

use super::error as api_error;
use crate::error::{Error, Result};
use crate::transport::client::Response;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A request body as the SDK's encoder writes it (`json.Marshal`: Go's escaping of
/// `<>&`, U+2028 and U+2029) and the encoder's newline.
pub(crate) fn encode<T: Serialize + ?Sized>(v: &T) -> Vec<u8> {
    // The request types hold only strings, numbers and lists: encoding cannot fail.
    let mut body = crate::go::json::marshal(v).unwrap_or_default();
    body.push(b'\n');
    body
}

/// A success body through the SDK model, as the SDK reads it: empty means nil, JSON
/// media types only, `json.Unmarshal` into a pointer (Go's key matching, `null` as
/// nil, unknown fields dropped, Go's error texts).
pub(crate) fn decode<T: DeserializeOwned>(resp: &Response) -> Result<Option<T>> {
    decode_with(resp, crate::go::json::unmarshal::<Option<T>>)
}

/// As [`decode`], through the decoder's exact path alone: the same value and errors,
/// one deserializer of `T` in the binary instead of two. For answers that stay short
/// (teams, projects, one user or invitation; not the users and invitations lists, which
/// may hold thousands).
pub(crate) fn decode_short<T: DeserializeOwned>(resp: &Response) -> Result<Option<T>> {
    decode_with(resp, crate::go::json::unmarshal_exact::<Option<T>>)
}

/// One of `go::json`'s two entry points, into an `Option<T>`.
type Unmarshal<T> =
    fn(&[u8]) -> std::result::Result<crate::go::json::Decoded<Option<T>>, crate::go::json::Error>;

fn decode_with<T>(resp: &Response, unmarshal: Unmarshal<T>) -> Result<Option<T>> {
    if resp.body.is_empty() {
        return Ok(None);
    }
    if !api_error::is_json_type(resp.header("content-type").unwrap_or("")) {
        return Err(Error::Api("undefined response type".into()));
    }
    unmarshal(&resp.body)
        .map(|d| d.value)
        .map_err(|e| Error::Api(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(content_type: &str, body: &str) -> Response {
        Response::for_test(200, content_type, body)
    }

    #[test]
    fn bodies_are_go_json_with_a_newline() {
        let body = encode(&["<a&b>", "\u{2028}"]);
        assert_eq!(body, b"[\"\\u003ca\\u0026b\\u003e\",\"\\u2028\"]\n");
    }

    #[test]
    fn answers_decode_as_the_sdk_reads_them() {
        let mt = "application/vnd.atlas.2023-01-01+json";
        assert_eq!(decode::<Vec<String>>(&resp(mt, "")).unwrap(), None);
        assert_eq!(decode::<Vec<String>>(&resp(mt, "null")).unwrap(), None);
        assert_eq!(
            decode::<Vec<String>>(&resp(mt, r#"["x"]"#)).unwrap(),
            Some(vec!["x".to_string()])
        );
        for (content_type, body, want) in [
            ("text/html", r#"["x"]"#, "undefined response type"),
            (
                mt,
                "[5]",
                "json: cannot unmarshal number into Go value of type string",
            ),
        ] {
            let err = decode::<Vec<String>>(&resp(content_type, body)).unwrap_err();
            assert_eq!(err.to_string(), want, "{body}");
        }
    }
}
