//! Reading a whole file with a size cap, whatever the path names: a regular file, a
//! FIFO, a device (`/dev/zero`), a `/proc` file. Metadata cannot be trusted for the
//! size (a FIFO or device reports 0, a file may grow), so at most `limit + 1` bytes
//! are read and one byte too many is the error. Every file atlas reads goes through
//! here: the configuration, `--file`, `go-template-file`, CA bundles, and stdin
//! (decision bounded-file-reads).

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// The cap for files with no smaller natural size: the same as for standard input.
pub const DEFAULT_LIMIT: u64 = 16 * 1024 * 1024;

#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened.
    Open(io::Error),
    /// Reading failed part-way.
    Read(io::Error),
    /// More than `limit` bytes; `size` is the length when the file is a regular file
    /// whose metadata already says so.
    TooLarge { limit: u64, size: Option<u64> },
}

impl ReadError {
    /// The text after "<file>: " for a cap of a `what` ("a configuration file").
    pub fn too_large_text(limit: u64, size: Option<u64>, what: &str) -> String {
        match size {
            Some(n) => format!("{n} bytes is too large for {what}"),
            None => format!("larger than the {limit}-byte limit for {what}"),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Open(e) | ReadError::Read(e) => write!(f, "{e}"),
            ReadError::TooLarge { limit, size } => {
                f.write_str(&ReadError::too_large_text(*limit, *size, "this file"))
            }
        }
    }
}

/// Reads all of `path`, refusing more than `limit` bytes.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Open)?;
    let regular = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    // A regular file that already says it is too large is refused unread.
    if let Some(n) = regular.filter(|&n| n > limit) {
        return Err(ReadError::TooLarge {
            limit,
            size: Some(n),
        });
    }
    // Sized as the file says (and the byte that would be one too many), as std::fs::read
    // does: growing from empty copies a 200 KB CA bundle several times over.
    let capacity = regular.and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
    read_into(file, limit, Vec::with_capacity(capacity.saturating_add(1)))
}

/// Reads `source` to its end, refusing more than `limit` bytes.
pub fn read_capped_from(source: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_into(source, limit, Vec::new())
}

fn read_into(source: impl Read, limit: u64, mut buf: Vec<u8>) -> Result<Vec<u8>, ReadError> {
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadError::Read)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, size: None });
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_a_stream_at_one_byte_over() {
        assert_eq!(read_capped_from(&b"abc"[..], 3).unwrap(), b"abc");
        let e = read_capped_from(io::repeat(b'y'), 10).unwrap_err();
        assert!(matches!(
            e,
            ReadError::TooLarge {
                limit: 10,
                size: None
            }
        ));
    }

    #[test]
    fn devices_and_regular_files() {
        let e = read_capped(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(
            e.to_string(),
            "larger than the 1024-byte limit for this file"
        );
        let dir = std::env::temp_dir().join(format!("fsutil-{}", std::process::id()));
        std::fs::write(&dir, b"0123456789").unwrap();
        let e = read_capped(&dir, 4).unwrap_err();
        assert_eq!(e.to_string(), "10 bytes is too large for this file");
        assert_eq!(read_capped(&dir, 10).unwrap(), b"0123456789");
        std::fs::remove_file(&dir).unwrap();
        assert!(matches!(
            read_capped(Path::new("/nonexistent/x"), 1),
            Err(ReadError::Open(_))
        ));
    }
}
