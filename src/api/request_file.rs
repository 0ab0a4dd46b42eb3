//! `-f/--file` loading as the CLI's `file.Load` does it, JSON only (decision json-files-only), plus
//! our extensions: `-f -` reads standard input, and `invite` accepts a JSON array. The
//! members file (`membership::members`) is read through [`read`] too. Warnings go to
//! the caller's `warn` as they are found (the command prints them).

use super::model::InvitationRequest;
use crate::error::{Error, Result};
use crate::fsutil::{read_capped, read_capped_from, ReadError, DEFAULT_LIMIT};
use crate::go::json as gojson;
use serde_json::Value;
use std::collections::hash_map::{Entry, HashMap};
use std::path::Path;

/// Invitation files are small; anything larger is a mistake.
const MAX_FILE_BYTES: u64 = DEFAULT_LIMIT;

/// Go's `filepath.Ext`: from the last dot of the last path element.
fn extension(path: &str) -> &str {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(i) => &path[name_start + i..],
        None => "",
    }
}

/// The file's bytes (`-` is standard input), JSON files only, size-capped; `apply`
/// reads its members file through this too.
pub fn read(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        return read_capped_from(std::io::stdin(), MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::TooLarge { .. } => Error::Input(format!(
                "standard input holds more than {MAX_FILE_BYTES} bytes, too much for invitations"
            )),
            other => Error::Input(format!("reading standard input: {other}")),
        });
    }
    let meta =
        std::fs::metadata(path).map_err(|_| Error::Input(format!("file not found: {path}")))?;
    let ext = extension(path);
    if ext.len() <= 1 {
        return Err(Error::Input(format!(
            "missing file type: {}",
            crate::go::strconv::quote(path)
        )));
    }
    match &ext[1..] {
        "json" => {}
        t @ ("yaml" | "yml") => {
            return Err(Error::Input(format!(
                "unsupported file type: {t} (atlas reads invitation files as JSON only; convert {path} to JSON)"
            )))
        }
        t => return Err(Error::Input(format!("unsupported file type: {t}"))),
    }
    if meta.is_dir() {
        return Err(Error::Input(format!("read {path}: is a directory")));
    }
    read_capped(Path::new(path), MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge { limit, size } => Error::Input(format!(
            "{path}: {}",
            ReadError::too_large_text(limit, size, "an invitation file")
        )),
        other => Error::Input(format!("read {path}: {other}")),
    })
}

/// How messages name the file (`-` is standard input).
pub fn shown(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

/// What a file's reader is told of: a warning's text, after `Warning: `.
pub type Warn<'a> = &'a mut dyn FnMut(String);

/// Decodes one request object as Go's `json.Unmarshal` would; unknown fields are
/// warned about (with `context`). One object, short: the decoder's exact path alone,
/// for size.
fn decode(bytes: &[u8], path: &str, context: &str, warn: Warn) -> Result<InvitationRequest> {
    let decoded = gojson::unmarshal_exact::<InvitationRequest>(bytes)
        .map_err(|e| Error::Input(format!("{}: {context}{e}", shown(path))))?;
    if let Some(w) = decoded.unknown_field_error() {
        // Decision unknown-field-warning: one object or an item of a list, the same
        // `Warning:` line (the official CLI prints a single object's bare).
        warn(format!("{context}{w}"));
    }
    Ok(decoded.value)
}

/// What a file holds: one invitation (the official format) or a list of them.
pub enum Loaded {
    One(InvitationRequest),
    Many(Vec<InvitationRequest>),
}

/// Reads an `OrganizationInvitationRequest` (or, for bulk invites, an array of them).
/// A list is checked whole before anything is sent: every item an object with a
/// username, and no username twice.
pub fn load_any(path: &str, warn: Warn) -> Result<Loaded> {
    let bytes = read(path)?;
    let items = match gojson::document(&bytes)
        .map_err(|e| Error::Input(format!("{}: {e}", shown(path))))?
    {
        gojson::Document::Array(items) => items,
        gojson::Document::Other(_) => return decode(&bytes, path, "", warn).map(Loaded::One),
    };
    if items.is_empty() {
        return Err(Error::Input(format!(
            "{}: the list holds no invitations",
            shown(path)
        )));
    }
    let mut out: Vec<InvitationRequest> = Vec::with_capacity(items.len());
    let mut first_for: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, (item, raw)) in items.iter().enumerate() {
        let n = i + 1;
        if !matches!(item, Value::Object(_)) {
            return Err(Error::Input(format!(
                "{}: invitation {n}: expected a JSON object, found {}",
                shown(path),
                crate::go::json::kind(item)
            )));
        }
        let req = decode(
            raw.get().as_bytes(),
            path,
            &format!("invitation {n}: "),
            &mut *warn,
        )?;
        let user = req.username.clone().unwrap_or_default();
        if user.is_empty() {
            return Err(Error::Input(format!(
                "{}: invitation {n} has no username",
                shown(path)
            )));
        }
        // Keyed by the ASCII-lowercased name, so a large list is checked in one pass.
        match first_for.entry(user.to_ascii_lowercase()) {
            Entry::Occupied(first) => {
                return Err(Error::Input(format!(
                    "{}: invitations {} and {n} are both for {user}",
                    shown(path),
                    first.get()
                )));
            }
            Entry::Vacant(slot) => {
                slot.insert(n);
            }
        }
        out.push(req);
    }
    Ok(Loaded::Many(out))
}

/// The file's bytes and the whole document: its syntax errors, in Go's words, and
/// its shape.
fn parse(path: &str) -> Result<(Vec<u8>, Value)> {
    let bytes = read(path)?;
    let value = gojson::unmarshal::<Value>(&bytes)
        .map_err(|e| Error::Input(format!("{}: {e}", shown(path))))?
        .value;
    Ok((bytes, value))
}

/// Reads exactly one request object (`update --file`). The shape is checked first:
/// a list is refused as a list, before any of its items is looked at.
pub fn load(path: &str, warn: Warn) -> Result<InvitationRequest> {
    let (bytes, value) = parse(path)?;
    if matches!(value, Value::Array(_)) {
        return Err(Error::Input(format!(
            "{}: expected one JSON object, found a list",
            shown(path)
        )));
    }
    decode(&bytes, path, "", warn)
}

#[cfg(test)]
mod tests {
    use super::extension;

    #[test]
    fn go_extensions() {
        assert_eq!(extension("a/b.json"), ".json");
        assert_eq!(extension("a.d/b"), "");
        assert_eq!(extension("b."), ".");
        assert_eq!(extension("x.tar.json"), ".json");
    }
}
