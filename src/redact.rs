//! This run's secrets, and the one way text reaches stderr (decision
//! `secrets-redacted`): whatever we print, a server may have put there, so every
//! line is scrubbed of the secrets this run knows, each replaced by `[redacted]`.
//!
//! Secrets are registered where they are read (`config::Settings::get` for the private
//! API key, client secret and tokens) and where they go on the wire (the
//! `Authorization` header in `transport::client`: the Basic credential as sent and as
//! decoded, any bearer token). Each is also registered in the escaped forms our
//! messages, outputs and requests write it in (Go's `%q`, JSON's HTML-safe escaping,
//! query escaping).
//!
//! A secret of [`MIN_ANYWHERE`] bytes or more is replaced wherever it occurs; a
//! shorter one (a test key, a typo) only where it stands alone as a value: between
//! spaces, quotes, brackets or separators such as `=`, `:`, `,` (not beside a letter,
//! a digit, `'`, `-`, `_` or `@`), so that a one-letter secret does not blank the `s`
//! of every `server's`.
//!
//! `eprintln!`/`eprint!` are not used anywhere else in `src/` (checked by
//! `stderr_only_through_redact` in lib.rs): use [`say!`](crate::redact::say) for a line and
//! [`say_partial!`](crate::redact::say_partial) for text without a newline (a progress line).

use std::borrow::Cow;
use std::io::Write;
use std::sync::Mutex;

/// Secrets at least this long are replaced wherever they occur.
pub const MIN_ANYWHERE: usize = 8;
/// What a secret becomes.
pub const MARK: &str = "[redacted]";

/// Every form of every secret registered in this process, longest first.
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Remembers `secret` (and its escaped forms) for the rest of the run. Empty text is
/// not a secret.
pub fn register(secret: &str) {
    if secret.is_empty() {
        return;
    }
    // Every request's Authorization header is registered again: known ones cost a look-up.
    if SECRETS
        .lock()
        .is_ok_and(|all| all.iter().any(|s| s == secret))
    {
        return;
    }
    let quoted = crate::go::strconv::quote(secret);
    let quoted = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted)
        .to_string();
    let json = crate::go::json::marshal(secret)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|j| Some(j.strip_prefix('"')?.strip_suffix('"')?.to_string()));
    let Ok(mut all) = SECRETS.lock() else {
        return;
    };
    // As a form field or query parameter carries it (a refresh token, a Basic secret).
    let escaped = crate::go::url::query_escape(secret);
    for form in [Some(secret.to_string()), Some(quoted), json, Some(escaped)]
        .into_iter()
        .flatten()
    {
        if !all.contains(&form) {
            all.push(form);
        }
    }
    crate::go::sort::slice_stable(&mut all, |a, b| b.len().cmp(&a.len()));
}

/// `text` without any registered secret.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let Ok(all) = SECRETS.lock() else {
        // A poisoned lock means a panic elsewhere; say nothing rather than a secret.
        return Cow::Owned(String::new());
    };
    scrub_with(text, &all)
}

/// `bytes` without any registered secret (bytes that are not UTF-8 are kept; a secret
/// is UTF-8, so it can only occur inside the valid stretches).
pub fn scrub_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    let Ok(all) = SECRETS.lock() else {
        return Cow::Owned(Vec::new());
    };
    if all.is_empty() {
        return Cow::Borrowed(bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return match scrub_with(text, &all) {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        };
    }
    let mut out = Vec::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.extend_from_slice(scrub_with(chunk.valid(), &all).as_bytes());
        out.extend_from_slice(chunk.invalid());
    }
    Cow::Owned(out)
}

/// Pure: `text` with each of `secrets` (longest first) replaced by [`MARK`].
fn scrub_with<'t>(text: &'t str, secrets: &[String]) -> Cow<'t, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets {
        if let Some(replaced) = replace(&out, secret) {
            out = Cow::Owned(replaced);
        }
    }
    out
}

/// `text` with `secret` replaced, or `None` when it does not occur (as the rule for
/// short secrets sees it).
fn replace(text: &str, secret: &str) -> Option<String> {
    if secret.is_empty() || secret.len() > text.len() {
        return None;
    }
    // What may stand beside a short secret that is a value of its own: a line's or a
    // field's edge (not a letter, `'`, `-` or `@`, which make it part of a word).
    let delimits = |b: Option<u8>| {
        b.is_none_or(|b| b.is_ascii_whitespace() || b"\"=:,;.[](){}<>&?/\\|".contains(&b))
    };
    let alone = |at: usize| {
        delimits(text.as_bytes().get(at.wrapping_sub(1)).copied())
            && delimits(text.as_bytes().get(at + secret.len()).copied())
    };
    let anywhere = secret.len() >= MIN_ANYWHERE;
    let mut out = String::new();
    let mut copied = 0;
    let mut found = false;
    for (at, _) in text.match_indices(secret) {
        if at < copied || !(anywhere || alone(at)) {
            continue;
        }
        out.push_str(text.get(copied..at).unwrap_or_default());
        out.push_str(MARK);
        copied = at + secret.len();
        found = true;
    }
    if !found {
        return None;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Some(out)
}

/// Writes `text`, scrubbed, to stderr as one write. A failing stderr is ignored
/// (`eprint!` would panic).
pub fn write_stderr(text: &str) {
    let clean = scrub(text);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(clean.as_bytes());
    let _ = err.flush();
}

/// Stderr as a writer, scrubbed like [`say!`] (for code that writes reports to a
/// `dyn Write`, such as `apply`).
pub fn stderr_writer() -> Scrubbing<std::io::Stderr> {
    Scrubbing::new(std::io::stderr())
}

/// Whether stderr is a terminal (for a progress line updated in place).
pub fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// `eprintln!` for this program: the line, scrubbed of this run's secrets.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::redact::write_stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` for this program (no newline added), scrubbed of this run's secrets.
#[macro_export]
macro_rules! say_partial {
    ($($arg:tt)*) => {
        $crate::redact::write_stderr(&format!($($arg)*))
    };
}

// Named through this module (`crate::redact::say!`), as the layers test reads paths.
pub use super::{say, say_partial};

/// A writer that scrubs what it is given before passing it on: stdout goes through
/// one, so that a secret a server echoes in a field (an invitation's `inviterUsername`,
/// say) is not printed either. It holds text until `flush` (every output is written
/// whole and then flushed), so a secret is never cut in two.
pub struct Scrubbing<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Scrubbing<W> {
    pub fn new(inner: W) -> Self {
        Scrubbing {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for Scrubbing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            self.inner.write_all(&scrub_bytes(&pending))?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Scrubbing<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubbed(text: &str, secrets: &[&str]) -> String {
        let mut all: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
        scrub_with(text, &all).into_owned()
    }

    #[test]
    fn long_secrets_go_wherever_they_are() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("token=abcdefgh12", &["abcdefgh12"], "token=[redacted]"),
            (
                "xabcdefgh12x abcdefgh12",
                &["abcdefgh12"],
                "x[redacted]x [redacted]",
            ),
            ("nothing here", &["abcdefgh12"], "nothing here"),
            // Longest first: the Basic credential before the secret inside it.
            (
                "Basic id:secret-secret",
                &["secret-secret", "id:secret-secret"],
                "Basic [redacted]",
            ),
            ("", &["abcdefgh12"], ""),
        ];
        for (text, secrets, want) in cases {
            assert_eq!(scrubbed(text, secrets), *want, "{text:?}");
        }
    }

    #[test]
    fn short_secrets_only_where_they_stand_alone() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("Detail: ab. about", &["ab"], "Detail: [redacted]. about"),
            ("a b cab", &["a"], "[redacted] b cab"),
            ("the server's Digest", &["s"], "the server's Digest"),
            ("known=s body=", &["s"], "known=[redacted] body="),
            ("\"s\" a-s s@x", &["s"], "\"[redacted]\" a-s s@x"),
            ("key=k3y7!", &["k3y7!"], "key=[redacted]"),
            ("xk3y7!", &["k3y7!"], "xk3y7!"),
            ("1234567", &["1234567"], "[redacted]"),
            ("x1234567", &["1234567"], "x1234567"),
            ("x12345678", &["12345678"], "x[redacted]"),
        ];
        for (text, secrets, want) in cases {
            assert_eq!(scrubbed(text, secrets), *want, "{text:?}");
        }
    }

    #[test]
    fn registered_forms_and_bytes() {
        // The only test touching the process-wide registry (tests run in threads).
        register("s3cr\"t<&>-value");
        register("");
        assert_eq!(
            scrub(
                r#"raw s3cr"t<&>-value, %q "s3cr\"t<&>-value", json "s3cr\"t\u003c\u0026\u003e-value""#
            ),
            r#"raw [redacted], %q "[redacted]", json "[redacted]""#
        );
        let mut bytes = b"\xff s3cr\"t<&>-value \xfe".to_vec();
        assert_eq!(scrub_bytes(&bytes).as_ref(), b"\xff [redacted] \xfe");
        bytes.clear();
        let mut w = Scrubbing::new(&mut bytes);
        w.write_all(b"a s3cr\"t<").unwrap();
        w.write_all(b"&>-value b").unwrap();
        w.flush().unwrap();
        drop(w);
        assert_eq!(bytes, b"a [redacted] b");
    }
}
