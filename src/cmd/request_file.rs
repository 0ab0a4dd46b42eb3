//! `-f/--file` loading as the CLI's `file.Load` does it, JSON only (decision 8).

use crate::api::model::{Decoder, InvitationRequest};
use crate::error::{Error, Result};
use crate::json;

/// Invitation files are tiny; anything larger is a mistake.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Go's `filepath.Ext`: from the last dot of the last path element.
fn extension(path: &str) -> &str {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(i) => &path[name_start + i..],
        None => "",
    }
}

/// Reads and decodes an `OrganizationInvitationRequest` file. Unknown fields are
/// warned about on stderr and ignored, as in the official CLI.
pub fn load(path: &str) -> Result<InvitationRequest> {
    let meta =
        std::fs::metadata(path).map_err(|_| Error::Input(format!("file not found: {path}")))?;
    let ext = extension(path);
    if ext.len() <= 1 {
        return Err(Error::Input(format!(
            "missing file type: {}",
            crate::gofmt::quote(path)
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
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Input(format!(
            "{path}: {} bytes is too large for an invitation file",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Input(format!("read {path}: {e}")))?;
    let value = json::parse(&bytes).map_err(|e| Error::Input(format!("{path}: {e}")))?;
    let mut d = Decoder::new(true);
    let req = d.invitation_request(&value);
    if let Some(e) = d.fatal.as_ref().or(d.type_error.as_ref()) {
        return Err(Error::Input(format!("{path}: {e}")));
    }
    if let Some(w) = &d.unknown_field {
        eprintln!("{w}");
    }
    Ok(req)
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
