//! Decision `token-cache`: service-account tokens kept between runs, so that a loop of
//! runs asks the token endpoint once an hour, not once a run. One file per token URL,
//! client ID and client secret in a private folder of our own (never `config.toml`):
//! `$XDG_CACHE_HOME/atlas-rs/` (else `~/.cache/atlas-rs/`, both absolute), the folder
//! 0700 and each file 0600, owned by the user. A file is named by a digest of the three,
//! so a wrong or rotated secret never finds the right secret's token; it holds the
//! token URL, the client ID, the access token and its expiry; never the secret.
//!
//! Every failure here is a miss, never an error: an entry that is not a regular file
//! owned by this user, that others may read, or that does not parse is ignored (a `-D`
//! line says why) and replaced; a cache that cannot be written is skipped. The folder is
//! opened once without following links and checked and tightened through that
//! descriptor; on Linux every later file operation goes through the descriptor too
//! (`/proc/self/fd/N/…`), so a folder swapped for a link meanwhile is never used.
//! Files are written to a temporary file created exclusively and renamed into place, so
//! a symbolic link planted at the entry's name is replaced, never followed.

use crate::config::Env;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Our folder inside the user's cache folder.
const FOLDER: &str = "atlas-rs";
/// A token is reused until this long before it expires.
pub const MARGIN_SECS: i64 = 60;
/// An entry is a few kilobytes; anything larger is not ours.
const MAX_ENTRY_BYTES: u64 = 256 * 1024;
/// At most this many entries are looked at when expired ones are swept.
const MAX_SWEEP: usize = 1000;

/// `open(2)` flags std does not name, per target (no libc crate): `O_DIRECTORY |
/// O_NOFOLLOW`. `None` where we do not know them: the cache is then not used.
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "riscv64",
        target_arch = "s390x",
        target_arch = "loongarch64"
    )
))]
// asm-generic/fcntl.h: O_DIRECTORY 0o200000, O_NOFOLLOW 0o400000.
const DIR_FLAGS: Option<i32> = Some(0o200000 | 0o400000);
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "powerpc",
        target_arch = "powerpc64"
    )
))]
// arch/arm64 (and arm, powerpc) asm/fcntl.h: O_DIRECTORY 0o40000, O_NOFOLLOW 0o100000.
const DIR_FLAGS: Option<i32> = Some(0o40000 | 0o100000);
#[cfg(target_os = "macos")]
// sys/fcntl.h: O_DIRECTORY 0x100000, O_NOFOLLOW 0x100.
const DIR_FLAGS: Option<i32> = Some(0x100000 | 0x100);
#[cfg(not(any(
    all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "x86",
            target_arch = "riscv64",
            target_arch = "s390x",
            target_arch = "loongarch64",
            target_arch = "aarch64",
            target_arch = "arm",
            target_arch = "powerpc",
            target_arch = "powerpc64"
        )
    ),
    target_os = "macos"
)))]
const DIR_FLAGS: Option<i32> = None;

/// `ELOOP`: what `O_NOFOLLOW` answers for a link (40 on Linux, 62 on macOS).
const ELOOP: i32 = if cfg!(target_os = "macos") { 62 } else { 40 };
/// `ENOTDIR`: what `O_DIRECTORY` answers for anything but a folder (20 on both).
const ENOTDIR: i32 = 20;

/// Whether the cache is on, and the setting that says so (named in `-D` lines). The
/// caller reads the environment (decision token-cache).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switch {
    pub on: bool,
    pub setting: &'static str,
}

/// What an entry is for: the token endpoint and the service account, secret included.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    pub token_url: String,
    pub client_id: String,
    /// Only its digest is written (in the file name).
    pub client_secret: String,
}

impl Key {
    /// The entry's file name: a digest of the token URL, client ID and client secret,
    /// so that none of them has to be a valid file name, and another secret (a typo,
    /// a rotation) has another entry.
    pub fn file_name(&self) -> String {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        // Lengths first, so no two keys give the same input.
        for part in [&self.token_url, &self.client_id, &self.client_secret] {
            ctx.update(&(part.len() as u64).to_be_bytes());
            ctx.update(part.as_bytes());
        }
        let hex = super::md5::hex(ctx.finish().as_ref());
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

/// The cache folder as opened and checked: file operations go through it.
struct Folder {
    fd: fs::File,
}

impl Folder {
    /// Where `name` inside the opened folder is: through the descriptor on Linux, so a
    /// folder renamed or replaced by a link after the check is not the one used.
    fn at(&self, shown: &Path, name: &str) -> PathBuf {
        if cfg!(target_os = "linux") {
            use std::os::fd::AsRawFd;
            PathBuf::from(format!("/proc/self/fd/{}/{name}", self.fd.as_raw_fd()))
        } else {
            shown.join(name)
        }
    }
}

/// The cache folder, checked, for one run.
pub struct TokenCache {
    dir: PathBuf,
    uid: u32,
    debug: bool,
    /// A test hook: runs between the folder's check and its use (to swap it).
    #[cfg(test)]
    between: Option<fn(&Path)>,
}

impl TokenCache {
    /// The cache for this environment, or `None` when it is off or there is no
    /// folder for it (a `-D` line says why).
    pub fn open(env: &Env, switch: Switch, debug: bool) -> Option<TokenCache> {
        if !switch.on {
            if debug {
                crate::redact::say!("DEBUG token cache: off ({}=0)", switch.setting);
            }
            return None;
        }
        let found = crate::go::os::user_cache_dir(|k| env.get(k).map(String::as_str))
            .map_err(|e| e.to_string())
            .and_then(|base| {
                // Go takes a relative $HOME as it is; a cache under the working folder
                // is not private to the user, as a relative $XDG_CACHE_HOME is refused.
                if !base.is_absolute() {
                    return Err("path in $HOME is relative".to_string());
                }
                if DIR_FLAGS.is_none() {
                    return Err("not supported on this system".to_string());
                }
                let uid = effective_uid().ok_or("cannot tell this process's user ID")?;
                Ok((base.join(FOLDER), uid))
            });
        match found {
            Ok((dir, uid)) => Some(TokenCache {
                dir,
                uid,
                debug,
                #[cfg(test)]
                between: None,
            }),
            Err(why) => {
                if debug {
                    crate::redact::say!("DEBUG token cache: not used: {why}");
                }
                None
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

    /// Opens the folder without following a link, checks it is ours and private, and
    /// tightens its mode through the descriptor (never through the path).
    fn folder(&self) -> Result<Folder, String> {
        let flags = DIR_FLAGS.ok_or("not supported on this system")?;
        let fd = fs::OpenOptions::new()
            .read(true)
            .custom_flags(flags)
            .open(&self.dir)
            .map_err(|e| match e.raw_os_error() {
                // Linux answers ENOTDIR for a link when O_DIRECTORY is set too; the
                // message tells which (nothing is done through the path).
                Some(ELOOP | ENOTDIR)
                    if fs::symlink_metadata(&self.dir).is_ok_and(|m| m.is_symlink()) =>
                {
                    "it is a symbolic link".to_string()
                }
                Some(ELOOP | ENOTDIR) => "it is not a directory".to_string(),
                _ => e.to_string(),
            })?;
        #[cfg(test)]
        if let Some(hook) = self.between {
            hook(&self.dir);
        }
        let meta = fd.metadata().map_err(|e| e.to_string())?;
        if !meta.file_type().is_dir() {
            return Err("it is not a directory".into());
        }
        if meta.uid() != self.uid {
            return Err(format!(
                "it is owned by user {}, not by this user ({})",
                meta.uid(),
                self.uid
            ));
        }
        if meta.mode() & 0o077 != 0 {
            // fchmod on the descriptor: the folder checked above, wherever it is now.
            fd.set_permissions(fs::Permissions::from_mode(0o700))
                .map_err(|e| format!("cannot make it private: {e}"))?;
        }
        Ok(Folder { fd })
    }

    /// A token for `key` that is valid for more than a minute, if the cache has one.
    /// An entry of ours that is no longer fresh is deleted.
    pub fn load(&self, key: &Key, now: i64) -> Option<String> {
        let shown_path = self.path(key);
        let shown = shown_path.display();
        if fs::symlink_metadata(&self.dir).is_err() {
            // No folder yet (or none we can see): the message names the entry.
            self.note(format_args!("no token in {shown}"));
            return None;
        }
        let folder = match self.folder() {
            Ok(f) => f,
            Err(why) => {
                self.note(format_args!("not used: {}: {why}", self.dir.display()));
                return None;
            }
        };
        let path = folder.at(&self.dir, &key.file_name());
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
                "the token in {shown} expires in {} s (less than {MARGIN_SECS} s); removed it, getting a new one",
                entry.expires_at.saturating_sub(now)
            ));
            if let Err(e) = fs::remove_file(&path) {
                self.note(format_args!("cannot remove {shown}: {e}"));
            }
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

    /// Keeps `token` for `key` until `expires_at`, and deletes entries that expired
    /// (those of a rotated secret, say). Failures are `-D` lines only.
    pub fn store(&self, key: &Key, token: &str, expires_at: i64, now: i64) {
        let path = self.path(key);
        match self.write(key, token, expires_at) {
            Ok(folder) => {
                self.note(format_args!("kept the new token in {}", path.display()));
                self.sweep(&folder, now);
            }
            Err(why) => self.note(format_args!(
                "cannot keep the new token in {}: {why}",
                path.display()
            )),
        }
    }

    fn write(&self, key: &Key, token: &str, expires_at: i64) -> Result<Folder, String> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let folder = self
            .folder()
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
        let name = key.file_name();
        let tmp = folder.at(
            &self.dir,
            &format!(".{name}.{}-{nanos}.tmp", std::process::id()),
        );
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
            .and_then(|()| fs::rename(&tmp, folder.at(&self.dir, &name)));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e.to_string());
        }
        Ok(folder)
    }

    /// Deletes the entries in `folder` that expired before `now`: a rotated secret's
    /// entry is never read again, so it is removed when seen here.
    fn sweep(&self, folder: &Folder, now: i64) {
        let Ok(list) = fs::read_dir(folder.at(&self.dir, "")) else {
            return;
        };
        for item in list.flatten().take(MAX_SWEEP) {
            let name = item.file_name();
            let Some(name) = name.to_str() else { continue };
            if !(name.starts_with("token-") && name.ends_with(".json")) {
                continue;
            }
            let path = folder.at(&self.dir, name);
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            // Only entries of ours that parse: anything else is left as it is.
            let Ok(entry) = self.read(&path, &meta) else {
                continue;
            };
            if entry.expires_at <= now && fs::remove_file(&path).is_ok() {
                self.note(format_args!(
                    "removed {}, which expired",
                    self.dir.join(name).display()
                ));
            }
        }
    }

    /// Forgets the entry for `key` (Atlas refused its token).
    pub fn remove(&self, key: &Key) {
        let shown = self.path(key);
        let removed = self.folder().and_then(|f| {
            fs::remove_file(f.at(&self.dir, &key.file_name())).map_err(|e| e.to_string())
        });
        match removed {
            Ok(()) => self.note(format_args!(
                "Atlas refused the token in {}; removed it",
                shown.display()
            )),
            Err(e) => self.note(format_args!("cannot remove {}: {e}", shown.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::config::env;

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
        let k = |u: &str, c: &str, s: &str| Key {
            token_url: u.into(),
            client_id: c.into(),
            client_secret: s.into(),
        };
        let url = "https://cloud.mongodb.com/api/oauth/token";
        let a = k(url, "mdb_sa_id_1", "mdb_sa_sk_1");
        assert_eq!(a.file_name(), a.clone().file_name());
        assert!(a.file_name().starts_with("token-") && a.file_name().len() == 6 + 32 + 5);
        assert_ne!(
            a.file_name(),
            k(url, "mdb_sa_id_2", "mdb_sa_sk_1").file_name()
        );
        // Another secret (a typo, a rotation) is another entry.
        assert_ne!(
            a.file_name(),
            k(url, "mdb_sa_id_1", "mdb_sa_sk_2").file_name()
        );
        // The lengths keep "ab" + "c" apart from "a" + "bc", in every position.
        assert_ne!(k("ab", "c", "").file_name(), k("a", "bc", "").file_name());
        assert_ne!(k("", "ab", "c").file_name(), k("", "a", "bc").file_name());
        assert!(!a.file_name().contains("mdb_sa"));
    }

    /// A cache under a fresh folder of the test's, with the hook set.
    fn cache_in(base: &Path, between: Option<fn(&Path)>) -> TokenCache {
        let e = env(&[("XDG_CACHE_HOME", base.to_str().unwrap())]);
        let on = Switch {
            on: true,
            setting: "TEST_CACHE",
        };
        let mut c = TokenCache::open(&e, on, false).expect("a cache");
        c.between = between;
        c
    }

    fn test_dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("atlas-token-cache-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    /// Between the folder's check and its use, the folder is moved away and a link to
    /// a folder of the user's elsewhere (mode 0755) put in its place: the elsewhere
    /// folder keeps its mode and gets no file; the token lands in the folder checked.
    #[test]
    fn a_folder_swapped_for_a_link_is_not_what_is_tightened_or_written() {
        let base = test_dir("swap");
        fn swap(dir: &Path) {
            let parent = dir.parent().unwrap();
            fs::rename(dir, parent.join("moved")).unwrap();
            std::os::unix::fs::symlink(parent.join("victim"), dir).unwrap();
        }
        let victim = base.join("victim");
        fs::create_dir(&victim).unwrap();
        fs::set_permissions(&victim, fs::Permissions::from_mode(0o755)).unwrap();
        let ours = base.join(FOLDER);
        fs::create_dir(&ours).unwrap();
        fs::set_permissions(&ours, fs::Permissions::from_mode(0o755)).unwrap();
        let key = Key {
            token_url: "https://h/api/oauth/token".into(),
            client_id: "id".into(),
            client_secret: "secret".into(),
        };
        let cache = cache_in(&base, Some(swap));
        cache.store(&key, "tok", 2_000_000_000, 1_000);
        let mode = |p: &Path| fs::symlink_metadata(p).unwrap().mode() & 0o777;
        assert_eq!(mode(&victim), 0o755, "the link's target was not tightened");
        assert_eq!(fs::read_dir(&victim).unwrap().count(), 0, "nor written");
        let moved = base.join("moved");
        assert_eq!(mode(&moved), 0o700, "the folder checked was tightened");
        if cfg!(target_os = "linux") {
            assert!(moved.join(key.file_name()).is_file(), "and written");
        }
        // With the link already in place before the check, the folder is not used.
        let cache = cache_in(&base, None);
        assert_eq!(
            cache.folder().err().as_deref(),
            Some("it is a symbolic link")
        );
        cache.store(&key, "tok", 2_000_000_000, 1_000);
        assert_eq!(fs::read_dir(&victim).unwrap().count(), 0);
        assert_eq!(mode(&victim), 0o755);
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn expired_entries_are_deleted_when_seen() {
        let base = test_dir("expired");
        let cache = cache_in(&base, None);
        let key = |secret: &str| Key {
            token_url: "https://h/api/oauth/token".into(),
            client_id: "id".into(),
            client_secret: secret.into(),
        };
        let (old, new) = (key("rotated"), key("current"));
        let folder = base.join(FOLDER);
        // An entry of the rotated secret, expired; loading our own expired entry removes it.
        cache.store(&old, "a", 1_000, 500);
        cache.store(&new, "b", 1_030, 500);
        assert_eq!(cache.load(&new, 1_000), None, "within the margin");
        assert!(
            !folder.join(new.file_name()).exists(),
            "removed when loaded"
        );
        assert!(folder.join(old.file_name()).exists());
        // Storing a token sweeps the folder: the rotated secret's expired entry goes.
        cache.store(&new, "c", 9_000, 2_000);
        assert!(!folder.join(old.file_name()).exists(), "swept");
        assert_eq!(cache.load(&new, 2_000).as_deref(), Some("c"));
        // A relative HOME is no cache, as a relative XDG_CACHE_HOME is.
        let on = Switch {
            on: true,
            setting: "TEST_CACHE",
        };
        assert!(TokenCache::open(&env(&[("HOME", ".")]), on, false).is_none());
        assert!(TokenCache::open(&env(&[("XDG_CACHE_HOME", "rel")]), on, false).is_none());
        fs::remove_dir_all(&base).unwrap();
    }
}
