//! Decision `token-cache`: service-account tokens kept between runs, so that a loop of
//! runs asks the token endpoint once an hour, not once a run. One file per token URL
//! and client ID in a private folder of our own (never `config.toml`):
//! `$XDG_CACHE_HOME/atlas-rs/` (else `~/.cache/atlas-rs/`), the folder 0700 and each
//! file 0600, owned by the user. A file holds the token URL, the client ID, the access
//! token and its expiry; never the client secret.
//!
//! Every failure here is a miss, never an error: an entry that is not a regular file
//! owned by this user, that others may read, or that does not parse is ignored (a `-D`
//! line says why) and replaced; a cache that cannot be written is skipped. Files are
//! written to a temporary file created exclusively and renamed into place, so a
//! symbolic link planted at the entry's name is replaced, never followed.

use crate::config::Env;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The variable that turns the cache off (`0`) or on (`1`, the default).
pub const SETTING: &str = "ATLAS_TOKEN_CACHE";
/// Our folder inside the user's cache folder.
const FOLDER: &str = "atlas-rs";
/// A token is reused until this long before it expires.
pub const MARGIN_SECS: i64 = 60;
/// An entry is a few kilobytes; anything larger is not ours.
const MAX_ENTRY_BYTES: u64 = 256 * 1024;

/// `ATLAS_TOKEN_CACHE`: whether the cache is on. Empty counts as unset.
pub fn enabled(env: &Env) -> Result<bool, String> {
    match env.get(SETTING).map(String::as_str) {
        None | Some("") | Some("1") => Ok(true),
        Some("0") => Ok(false),
        Some(other) => Err(format!(
            "{SETTING} must be 0 (keep no service-account tokens between runs) or 1 (keep them, the default), not {}",
            crate::go::strconv::quote(other)
        )),
    }
}

/// What an entry is for: the token endpoint and the service account's client ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub token_url: String,
    pub client_id: String,
}

impl Key {
    /// The entry's file name: a hash of the key, so that neither the URL nor the
    /// client ID has to be a valid file name.
    pub fn file_name(&self) -> String {
        let mut input = Vec::new();
        input.extend_from_slice(self.token_url.as_bytes());
        input.push(0);
        input.extend_from_slice(self.client_id.as_bytes());
        let digest = ring::digest::digest(&ring::digest::SHA256, &input);
        let hex = super::md5::hex(digest.as_ref());
        format!("token-{}.json", hex.get(..32).unwrap_or(&hex))
    }
}

/// One file's contents.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
struct Entry {
    token_url: String,
    client_id: String,
    access_token: String,
    /// Unix seconds.
    expires_at: i64,
}

/// When a new token expires: the JWT's `exp`, else `expires_in` seconds from `now`.
/// `None` when neither says (such a token is not kept).
pub fn expiry(token: &str, expires_in: Option<i64>, now: i64) -> Option<i64> {
    super::oauth::jwt_expiry(token)
        .ok()
        .or_else(|| expires_in.filter(|&s| s > 0).map(|s| now.saturating_add(s)))
}

/// Whether a token expiring at `expires_at` may still be used at `now`.
pub fn fresh(expires_at: i64, now: i64) -> bool {
    expires_at.saturating_sub(MARGIN_SECS) > now
}

/// Why an entry that is there cannot be trusted, from its metadata.
fn distrust(meta: &fs::Metadata, uid: u32) -> Option<String> {
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Some("it is a symbolic link".into());
    }
    if !kind.is_file() {
        return Some("it is not a regular file".into());
    }
    if meta.uid() != uid {
        return Some(format!(
            "it is owned by user {}, not by this user ({uid})",
            meta.uid()
        ));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Some(format!(
            "other users may read or write it (mode {mode:03o}, not 600)"
        ));
    }
    None
}

/// This process's effective user ID, from `/proc/self/status` (no libc).
fn effective_uid() -> Option<u32> {
    let status = crate::fsutil::read_capped(Path::new("/proc/self/status"), 64 * 1024).ok()?;
    let text = String::from_utf8_lossy(&status);
    let line = text.lines().find(|l| l.starts_with("Uid:"))?;
    // Real, effective, saved, filesystem.
    line.split_whitespace().nth(2)?.parse().ok()
}

/// The cache folder, checked, for one run.
pub struct TokenCache {
    dir: PathBuf,
    uid: u32,
    debug: bool,
}

impl TokenCache {
    /// The cache for this environment, or `None` when it is off or there is no
    /// folder for it (a `-D` line says why). `Err` only for a bad `ATLAS_TOKEN_CACHE`.
    pub fn open(env: &Env, debug: bool) -> Result<Option<TokenCache>, String> {
        if !enabled(env)? {
            if debug {
                crate::redact::say!("DEBUG token cache: off ({SETTING}=0)");
            }
            return Ok(None);
        }
        let found = crate::go::os::user_cache_dir(|k| env.get(k).map(String::as_str))
            .map_err(|e| e.to_string())
            .and_then(|base| {
                let uid = effective_uid().ok_or("cannot tell this process's user ID")?;
                Ok((base.join(FOLDER), uid))
            });
        match found {
            Ok((dir, uid)) => Ok(Some(TokenCache { dir, uid, debug })),
            Err(why) => {
                if debug {
                    crate::redact::say!("DEBUG token cache: not used: {why}");
                }
                Ok(None)
            }
        }
    }

    fn note(&self, text: std::fmt::Arguments) {
        if self.debug {
            crate::redact::say!("DEBUG token cache: {text}");
        }
    }

    fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(key.file_name())
    }

    /// Whether the folder is ours and private; tightens the mode of our own folder.
    fn dir_ok(&self) -> Result<(), String> {
        let meta = fs::symlink_metadata(&self.dir).map_err(|e| e.to_string())?;
        if !meta.file_type().is_dir() {
            return Err("it is not a directory (or is a symbolic link)".into());
        }
        if meta.uid() != self.uid {
            return Err(format!(
                "it is owned by user {}, not by this user ({})",
                meta.uid(),
                self.uid
            ));
        }
        if meta.mode() & 0o077 != 0 {
            fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))
                .map_err(|e| format!("cannot make it private: {e}"))?;
        }
        Ok(())
    }

    /// A token for `key` that is valid for more than a minute, if the cache has one.
    pub fn load(&self, key: &Key, now: i64) -> Option<String> {
        let path = self.path(key);
        let shown = path.display();
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.note(format_args!("no token in {shown}"));
                return None;
            }
            Err(e) => {
                self.note(format_args!("cannot read {shown}: {e}"));
                return None;
            }
        };
        if let Err(why) = self.dir_ok() {
            self.note(format_args!("not used: {}: {why}", self.dir.display()));
            return None;
        }
        let entry = self.read(&path, &meta).map_err(|why| {
            self.note(format_args!("ignoring {shown}: {why}; it will be replaced"));
        });
        let entry = entry.ok()?;
        if entry.token_url != key.token_url || entry.client_id != key.client_id {
            self.note(format_args!(
                "ignoring {shown}: it is for another token URL or client; it will be replaced"
            ));
            return None;
        }
        if let Some(why) = super::oauth::unsendable(&entry.access_token) {
            self.note(format_args!("ignoring {shown}: {why}; it will be replaced"));
            return None;
        }
        if !fresh(entry.expires_at, now) {
            self.note(format_args!(
                "the token in {shown} expires in {} s (less than {MARGIN_SECS} s); getting a new one",
                entry.expires_at.saturating_sub(now)
            ));
            return None;
        }
        self.note(format_args!(
            "using the token in {shown} (expires in {} s)",
            entry.expires_at.saturating_sub(now)
        ));
        Some(entry.access_token)
    }

    /// Reads an entry whose metadata (`lstat`) is `meta`: the file opened must be that
    /// same file (no link swapped in between), a regular file of ours, private.
    fn read(&self, path: &Path, meta: &fs::Metadata) -> Result<Entry, String> {
        if let Some(why) = distrust(meta, self.uid) {
            return Err(why);
        }
        let file = fs::File::open(path).map_err(|e| e.to_string())?;
        let opened = file.metadata().map_err(|e| e.to_string())?;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Err("it changed while being opened".into());
        }
        if let Some(why) = distrust(&opened, self.uid) {
            return Err(why);
        }
        let bytes = crate::fsutil::read_capped_from(file, MAX_ENTRY_BYTES)
            .map_err(|e| format!("cannot read it: {e}"))?;
        // The parser's position only: its messages may quote the file's text.
        serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "it is not a token cache entry (line {}, column {})",
                e.line(),
                e.column()
            )
        })
    }

    /// Keeps `token` for `key` until `expires_at`. Failures are `-D` lines only.
    pub fn store(&self, key: &Key, token: &str, expires_at: i64) {
        let path = self.path(key);
        match self.write(&path, key, token, expires_at) {
            Ok(()) => self.note(format_args!("kept the new token in {}", path.display())),
            Err(why) => self.note(format_args!(
                "cannot keep the new token in {}: {why}",
                path.display()
            )),
        }
    }

    fn write(&self, path: &Path, key: &Key, token: &str, expires_at: i64) -> Result<(), String> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        self.dir_ok()
            .map_err(|why| format!("{}: {why}", self.dir.display()))?;
        let entry = Entry {
            token_url: key.token_url.clone(),
            client_id: key.client_id.clone(),
            access_token: token.to_string(),
            expires_at,
        };
        let mut text = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
        text.push(b'\n');
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let tmp = self.dir.join(format!(
            ".{}.{}-{nanos}.tmp",
            key.file_name(),
            std::process::id()
        ));
        // create_new (O_EXCL) never follows a link at the temporary name.
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| e.to_string())?;
        let written = file
            .write_all(&text)
            .and_then(|()| file.sync_all())
            .and_then(|()| fs::rename(&tmp, path));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e.to_string());
        }
        Ok(())
    }

    /// Forgets the entry for `key` (Atlas refused its token).
    pub fn remove(&self, key: &Key) {
        let path = self.path(key);
        match fs::remove_file(&path) {
            Ok(()) => self.note(format_args!(
                "Atlas refused the token in {}; removed it",
                path.display()
            )),
            Err(e) => self.note(format_args!("cannot remove {}: {e}", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::env;

    #[test]
    fn setting_values() {
        for (value, want) in [("", Ok(true)), ("1", Ok(true)), ("0", Ok(false))] {
            assert_eq!(enabled(&env(&[(SETTING, value)])), want);
        }
        assert_eq!(enabled(&env(&[])), Ok(true));
        for bad in ["yes", "false", " 0", "2"] {
            let e = enabled(&env(&[(SETTING, bad)])).unwrap_err();
            assert!(e.starts_with("ATLAS_TOKEN_CACHE must be 0"), "{e}");
        }
    }

    #[test]
    fn expiry_and_freshness() {
        let payload = crate::go::base64::encode_std(br#"{"exp":1900000000}"#).replace('=', "");
        let jwt = format!("h.{payload}.s");
        // The JWT's exp wins over expires_in; without a JWT, expires_in from now.
        assert_eq!(expiry(&jwt, Some(10), 100), Some(1_900_000_000));
        assert_eq!(expiry("opaque", Some(3600), 100), Some(3700));
        assert_eq!(expiry("opaque", Some(i64::MAX), 100), Some(i64::MAX));
        assert_eq!(expiry("opaque", None, 100), None);
        assert_eq!(expiry("opaque", Some(-5), 100), None);
        assert!(fresh(1000, 939));
        assert!(!fresh(1000, 940));
        assert!(!fresh(i64::MIN, 0));
    }

    #[test]
    fn file_names_hash_the_key() {
        let k = |u: &str, c: &str| Key {
            token_url: u.into(),
            client_id: c.into(),
        };
        let a = k("https://cloud.mongodb.com/api/oauth/token", "mdb_sa_id_1");
        assert_eq!(a.file_name(), a.clone().file_name());
        assert!(a.file_name().starts_with("token-") && a.file_name().len() == 6 + 32 + 5);
        assert_ne!(
            a.file_name(),
            k("https://cloud.mongodb.com/api/oauth/token", "mdb_sa_id_2").file_name()
        );
        // The separator keeps "ab" + "c" apart from "a" + "bc".
        assert_ne!(k("ab", "c").file_name(), k("a", "bc").file_name());
        assert!(!a.file_name().contains("mdb_sa"));
    }
}
