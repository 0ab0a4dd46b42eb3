//! Root certificates from `SSL_CERT_FILE` / `SSL_CERT_DIR`, which replace the compiled-in
//! Mozilla roots as they replace the system roots for Go and OpenSSL.
//!
//! Loading is kept cheap, because a distribution bundle is ~140 roots and 220 KB of PEM
//! (and `/etc/ssl/certs` holds each root three times: in the bundle, as `Name.pem` and as a
//! hash link `abcd1234.0`); what it cost before was mostly decoding all of it:
//! - each file is read once: other names of a file already read (hash links, a bundle named
//!   by both variables) are skipped by device and inode;
//! - loading only locates the `CERTIFICATE` sections (the PEM rules of rustls-pki-types,
//!   tested against it) and decodes the first one, to know the file holds a certificate;
//! - at verification, each root's subject is read out of the base64 (skipped fields are
//!   counted, not decoded), and only the roots whose subject is the issuer of a presented
//!   certificate are decoded and become webpki trust anchors. webpki skips every other
//!   anchor without effect (their subject cannot match, and a mismatch is its default
//!   answer, `UnknownIssuer`), so its answer is the one it gives with all of them.
//!   Anything this walk cannot read stays a candidate, for webpki to judge as before.

use crate::config::Env;
use crate::fsutil::ReadError;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;
use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

/// Where roots come from when the environment names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    file: Option<String>,
    dirs: Option<String>,
}

impl Sources {
    /// `None` when neither variable is set (or both are empty): the compiled-in roots apply.
    pub fn from_env(env: &Env) -> Option<Sources> {
        let get = |k: &str| env.get(k).filter(|v| !v.is_empty()).cloned();
        let (file, dirs) = (get("SSL_CERT_FILE"), get("SSL_CERT_DIR"));
        (file.is_some() || dirs.is_some()).then_some(Sources { file, dirs })
    }
}

/// Why TLS cannot be set up: mostly, why the named roots cannot be used. Cloneable: the first answer is kept for the process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustError {
    /// `SSL_CERT_FILE` could not be read.
    Unreadable { path: String, reason: String },
    /// `SSL_CERT_FILE` holds no certificate.
    FileHoldsNone { path: String },
    /// Neither variable led to a certificate.
    NoneFound,
    /// rustls refused the configuration (not expected: it is fixed).
    Setup(String),
}

impl fmt::Display for TrustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustError::Unreadable { path, reason } => {
                write!(f, "cannot read SSL_CERT_FILE {path}: {reason}")
            }
            TrustError::FileHoldsNone { path } => {
                write!(f, "SSL_CERT_FILE {path} holds no PEM certificates")
            }
            TrustError::NoneFound => {
                f.write_str("SSL_CERT_FILE / SSL_CERT_DIR hold no PEM certificates")
            }
            TrustError::Setup(reason) => write!(f, "tls: {reason}"),
        }
    }
}

impl std::error::Error for TrustError {}

/// The roots: the PEM texts as read, and where their certificate sections are. Sections
/// are decoded lazily: only as far as their subject to find candidates, fully for the few
/// that are candidates (and for the first, to know that a file holds a certificate).
#[derive(Debug, Default)]
pub struct Roots {
    texts: Vec<Vec<u8>>,
    /// Each `CERTIFICATE` section that the PEM rules accept, in order.
    sections: Vec<Section>,
}

/// A section's base64 text: pieces of one of the texts (usually a single piece).
#[derive(Debug)]
struct Section {
    text: usize,
    pieces: Pieces,
}

/// Ranges of a text; usually one, so the first is kept without an allocation.
#[derive(Debug)]
struct Pieces {
    first: Range<usize>,
    more: Vec<Range<usize>>,
}

impl Roots {
    /// Reads `SSL_CERT_FILE`, then every file of each `SSL_CERT_DIR` directory
    /// (colon-separated; missing directories and unreadable or non-PEM files are skipped).
    pub fn load(sources: &Sources) -> Result<Roots, TrustError> {
        let mut roots = Roots::default();
        let mut seen: HashSet<FileId> = HashSet::new();
        if let Some(path) = &sources.file {
            let unreadable = |e: ReadError| TrustError::Unreadable {
                path: path.clone(),
                reason: match e {
                    ReadError::TooLarge { limit, size } => {
                        ReadError::too_large_text(limit, size, "a CA bundle")
                    }
                    other => other.to_string(),
                },
            };
            let file = std::path::Path::new(path);
            let pem = crate::fsutil::read_capped(file, MAX_BUNDLE_BYTES).map_err(unreadable)?;
            seen.extend(std::fs::metadata(file).ok().map(|m| identity(&m)));
            roots.add_pem(pem);
            if !roots.any_valid() {
                return Err(TrustError::FileHoldsNone { path: path.clone() });
            }
        }
        for dir in sources.dirs.iter().flat_map(|d| d.split(':')) {
            if dir.is_empty() {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                // Follows links, as reading does: a link counts as the file it names.
                let Ok(meta) = std::fs::metadata(&path) else {
                    continue;
                };
                if !meta.is_file() || !seen.insert(identity(&meta)) {
                    continue;
                }
                if let Ok(pem) = crate::fsutil::read_capped(&path, MAX_BUNDLE_BYTES) {
                    roots.add_pem(pem);
                }
            }
        }
        if !roots.any_valid() {
            return Err(TrustError::NoneFound);
        }
        Ok(roots)
    }

    /// Adds the certificate sections of a PEM text (not yet decoded).
    pub fn add_pem(&mut self, pem: Vec<u8>) {
        let text = self.texts.len();
        scan(&pem, |pieces| self.sections.push(Section { text, pieces }));
        self.texts.push(pem);
    }

    /// Whether any section decodes (the first usually does).
    fn any_valid(&self) -> bool {
        let mut der = Vec::new();
        self.sections.iter().any(|s| {
            der.clear();
            decode_base64(self.parts(s), &mut der)
        })
    }

    fn parts<'a>(&'a self, s: &'a Section) -> impl Iterator<Item = &'a [u8]> + 'a {
        let text = self.texts.get(s.text).map_or(&[][..], |t| &t[..]);
        std::iter::once(&s.pieces.first)
            .chain(&s.pieces.more)
            .map(move |r| text.get(r.clone()).unwrap_or_default())
    }

    /// Every certificate, decoded (what the PEM reader yields), in order.
    pub fn certificates(&self) -> Vec<Vec<u8>> {
        self.sections
            .iter()
            .filter_map(|s| {
                let mut der = Vec::new();
                decode_base64(self.parts(s), &mut der).then_some(der)
            })
            .collect()
    }

    /// The trust anchors webpki can use for a chain whose certificates are `presented`
    /// (end entity first): the roots whose subject is the issuer of one of them, in order,
    /// each once. A certificate whose names cannot be read makes every root a candidate.
    pub fn anchors_for(&self, presented: &[&[u8]]) -> RootCertStore {
        let issuers: Option<Vec<&[u8]>> = presented
            .iter()
            .map(|c| match names(c) {
                Walk::Found(n) => Some(n.issuer),
                Walk::Short | Walk::Bad => None,
            })
            .collect();
        let mut prefix = Vec::new();
        let mut chosen: Vec<Vec<u8>> = Vec::new();
        for s in &self.sections {
            let candidate = match &issuers {
                // Let webpki judge what we cannot read, as it judged every root before.
                Some(issuers) => self
                    .subject_is_one_of(s, issuers, &mut prefix)
                    .unwrap_or(true),
                None => true,
            };
            if !candidate {
                continue;
            }
            let mut der = Vec::new();
            if decode_base64(self.parts(s), &mut der) && !chosen.contains(&der) {
                chosen.push(der);
            }
        }
        let mut store = RootCertStore::empty();
        // As before: roots webpki cannot turn into anchors are left out.
        store.add_parsable_certificates(chosen.iter().map(|d| CertificateDer::from(&d[..])));
        store
    }

    /// Whether section `s` has one of `issuers` as subject, decoding only the bytes the
    /// walk to the subject reads: `Some(false)` also when they are not base64 (then it is
    /// no certificate at all), `None` when its layout cannot be read.
    fn subject_is_one_of(&self, s: &Section, issuers: &[&[u8]], buf: &mut Vec<u8>) -> Option<bool> {
        // A subject of another length than every issuer's is not read at all.
        let length_fits = |n: usize| issuers.iter().any(|i| i.len() == n);
        match subject_in_base64(Base64Bytes::new(self.parts(s)), buf, length_fits) {
            Ok(true) => Some(issuers.contains(&&buf[..])),
            Ok(false) => Some(false),
            Err(Stop::Invalid) => Some(false),
            Err(Stop::Short | Stop::Bad) => None,
        }
    }
}

/// The cap on one CA bundle file (Mozilla's whole set is about 200 KB); decision
/// bounded-file-reads.
const MAX_BUNDLE_BYTES: u64 = crate::fsutil::DEFAULT_LIMIT;

/// Device and inode: the same file under another name (a link) has the same.
type FileId = (u64, u64);

fn identity(meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// A section larger than this is refused, as rustls-pki-types refuses it.
const MAX_SECTION: usize = 256 * 1024 * 1024;

/// The `CERTIFICATE` sections of `pem`: for each, the pieces of its base64 text. The rules
/// of rustls-pki-types' PEM reader (which ureq's `parse_pem` uses), tested against it:
/// lines end at `\n` or `\r`; a `-----BEGIN <label>-----` line (five dashes, spaces allowed
/// after) opens a section — even inside one, whose text so far is kept — and a malformed
/// one starts afresh; the text runs to `-----END <label>-----…`; an unclosed section or one
/// over 256 MiB yields nothing. Whether the text is valid base64 is left to decoding.
///
/// Only lines that start with five dashes matter, so the scan looks at every fifth byte
/// for a dash (base64 has none) instead of at every byte.
fn scan(pem: &[u8], mut found: impl FnMut(Pieces)) {
    let mut label: Option<&[u8]> = None;
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut text_from = 0; // where the open section's current piece starts
    let mut pos = 0;
    while let Some(start) = next_marker_line(pem, pos) {
        let end = line_end(pem, start);
        let line = pem.get(start..end).unwrap_or_default();
        pos = (end + 1).min(pem.len());
        if label.is_some() {
            pieces.push(text_from..start);
            if too_large(pem, &pieces) {
                // The reader gave up on this section at some earlier line.
                label = None;
                pieces.clear();
            }
        }
        if line.starts_with(b"-----BEGIN ") {
            label = begin_label(line);
            if label.is_some() {
                text_from = pos;
            } else {
                pieces.clear();
            }
            continue;
        }
        let Some(l) = label else {
            continue;
        };
        let closes = line
            .strip_prefix(b"-----END ")
            .and_then(|r| r.strip_prefix(l))
            .is_some_and(|r| r.starts_with(b"-----"));
        if closes {
            if l == b"CERTIFICATE" {
                let mut all = pieces.drain(..);
                if let Some(first) = all.next() {
                    found(Pieces {
                        first,
                        more: all.collect(),
                    });
                }
            }
            label = None;
            pieces.clear();
        } else {
            // A line of the text: it continues the current piece.
            pieces.pop();
        }
    }
}

/// The label of a `-----BEGIN <label>-----` line, when it ends in five dashes (spaces
/// allowed among and after them), as the reader requires.
fn begin_label(line: &[u8]) -> Option<&[u8]> {
    let mut dashes = 0;
    let mut end = line.len();
    for (i, &b) in line.iter().enumerate().rev() {
        match b {
            b'-' => {
                dashes += 1;
                end = i;
            }
            b' ' => {}
            _ => break,
        }
    }
    // The space of "-----BEGIN " stops the count, so the label starts at or before `end`.
    (dashes == 5).then(|| line.get(11..end)).flatten()
}

/// The reader counts a section's text without line ends; only a huge one needs counting.
fn too_large(pem: &[u8], pieces: &[Range<usize>]) -> bool {
    let total: usize = pieces.iter().map(|r| r.len()).sum();
    total > MAX_SECTION
        && pieces
            .iter()
            .map(|r| {
                pem.get(r.clone())
                    .unwrap_or_default()
                    .iter()
                    .filter(|&&b| b != b'\n' && b != b'\r')
                    .count()
            })
            .sum::<usize>()
            > MAX_SECTION
}

fn line_end(pem: &[u8], from: usize) -> usize {
    pem.get(from..)
        .unwrap_or_default()
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(pem.len(), |i| from + i)
}

/// The start of the next line at or after `from` (a line start) that begins with five
/// dashes. Any run of five bytes holds one of the bytes looked at.
fn next_marker_line(pem: &[u8], mut from: usize) -> Option<usize> {
    let mut i = from + 4;
    while let Some(&b) = pem.get(i) {
        if b != b'-' {
            i += 5;
            continue;
        }
        let start = pem
            .get(from..i)
            .unwrap_or_default()
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(from, |p| from + p + 1);
        if pem.get(start..).unwrap_or_default().starts_with(b"-----") {
            return Some(start);
        }
        // A dash elsewhere in a line: go on with the next line.
        from = line_end(pem, i) + 1;
        i = from + 4;
    }
    None
}

const INVALID: u8 = 0xff;
const SPACE: u8 = 0xfe;
const PAD: u8 = 0xfd;

/// A standard base64 digit's value, or what else the character is: `\t`..`\r` and
/// space are skipped, `=` pads. A table: this is the inner loop of reading a bundle.
#[inline]
fn base64_value(c: u8) -> u8 {
    // A u8 indexes a 256-entry table.
    #[allow(clippy::indexing_slicing)]
    BASE64[usize::from(c)]
}

// Built with counters below 64 and 256.
#[allow(clippy::indexing_slicing)]
static BASE64: [u8; 256] = {
    let mut t = [INVALID; 256];
    let digits = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < 64 {
        t[digits[i] as usize] = i as u8;
        i += 1;
    }
    let mut c = b'\t';
    while c <= b'\r' {
        t[c as usize] = SPACE;
        c += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'=' as usize] = PAD;
    t
};

/// Appends the base64 `parts` (one text in pieces) to `out`; false on bad input. The rules
/// of rustls-pki-types: padding only in the last group of four, as `xxx=` or `xx==` (or
/// the same without `=`); a last group of one digit is an error.
fn decode_base64<'a>(parts: impl Iterator<Item = &'a [u8]>, out: &mut Vec<u8>) -> bool {
    let mut acc = 0u32; // digits of the current group, 6 bits each
    let mut n = 0; // digits (and pads) in the current group
    let mut pads = 0u8; // bit i: position i of the group is `=`
    for part in parts {
        out.reserve(part.len() / 4 * 3 + 3);
        for &c in part {
            let v = base64_value(c);
            if v == SPACE {
                continue;
            }
            if v == INVALID {
                return false;
            }
            if n == 4 {
                // Another group follows, so this one is not the last: no padding allowed.
                if pads != 0 {
                    return false;
                }
                out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                acc = 0;
                n = 0;
            }
            if v == PAD {
                pads |= 1 << n;
                acc <<= 6;
            } else {
                acc = (acc << 6) | u32::from(v);
            }
            n += 1;
        }
    }
    // The last group: shift it as if it were complete.
    let full = acc << (6 * (4 - n));
    let bytes = [(full >> 16) as u8, (full >> 8) as u8, full as u8];
    let keep = match (n, pads) {
        (0, _) => 0,
        (4, 0) => 3,
        (4, 0b1000) | (3, 0) => 2,
        (4, 0b1100) | (2, 0) => 1,
        _ => return false,
    };
    out.extend_from_slice(bytes.get(..keep).unwrap_or_default());
    true
}

/// The bytes of a base64 text, decoded one group at a time as they are read; skipped
/// bytes are not decoded, only counted (four characters for three bytes). Characters up
/// to the space count as white space: in valid text that is exactly base64's white space,
/// and for text that is not valid the answer does not matter (see `subject_in_base64`).
struct Base64Bytes<'a, I> {
    parts: I,
    part: &'a [u8],
    group: [u8; 3],
    /// `group[next..len]` are the bytes decoded and not read yet.
    next: usize,
    len: usize,
    /// Padding or the end was reached: no bytes after `group`.
    ended: bool,
}

impl<'a, I: Iterator<Item = &'a [u8]>> Base64Bytes<'a, I> {
    fn new(parts: I) -> Self {
        Base64Bytes {
            parts,
            part: &[],
            group: [0; 3],
            next: 0,
            len: 0,
            ended: false,
        }
    }

    /// The next character that is not white space.
    fn next_char(&mut self) -> Option<u8> {
        loop {
            match self.part.iter().position(|&c| c > b' ') {
                Some(i) => {
                    let c = self.part.get(i).copied();
                    self.part = self.part.get(i + 1..).unwrap_or_default();
                    return c;
                }
                None => self.part = self.parts.next()?,
            }
        }
    }

    /// Decodes the next group of (up to) four characters.
    fn next_group(&mut self) -> Result<(), Stop> {
        if self.ended {
            return Err(Stop::Short);
        }
        let (mut acc, mut n) = (0u32, 0);
        while n < 4 {
            let Some(c) = self.next_char() else {
                self.ended = true;
                break;
            };
            match base64_value(c) {
                PAD => {
                    self.ended = true;
                    break;
                }
                v if v < 64 => {
                    acc = (acc << 6) | u32::from(v);
                    n += 1;
                }
                _ => return Err(Stop::Invalid),
            }
        }
        // Two characters make one byte, three two, four three (a short group ends the text).
        self.len = match n {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return Err(Stop::Short),
        };
        let full = acc << (6 * (4 - n));
        self.group = [(full >> 16) as u8, (full >> 8) as u8, full as u8];
        self.next = 0;
        Ok(())
    }

    fn byte(&mut self) -> Result<u8, Stop> {
        if self.next == self.len {
            self.next_group()?;
        }
        let b = self.group.get(self.next).copied().ok_or(Stop::Short)?;
        self.next += 1;
        Ok(b)
    }

    fn skip(&mut self, mut n: usize) -> Result<(), Stop> {
        let now = n.min(self.len - self.next);
        self.next += now;
        n -= now;
        if n >= 3 {
            // Whole groups: count their characters without decoding them.
            self.skip_chars(n / 3 * 4)?;
            n %= 3;
        }
        for _ in 0..n {
            self.byte()?;
        }
        Ok(())
    }

    /// Passes `k` characters that are not white space (padding ends the text).
    fn skip_chars(&mut self, mut k: usize) -> Result<(), Stop> {
        while k > 0 {
            if self.ended {
                return Err(Stop::Short);
            }
            if self.part.is_empty() {
                match self.parts.next() {
                    Some(p) => self.part = p,
                    None => self.ended = true,
                }
                continue;
            }
            let mut used = 0;
            for &c in self.part {
                used += 1;
                if c > b' ' {
                    if c == b'=' {
                        self.ended = true;
                        break;
                    }
                    k -= 1;
                    if k == 0 {
                        break;
                    }
                }
            }
            self.part = self.part.get(used..).unwrap_or_default();
        }
        Ok(())
    }

    /// A DER tag and length: the length, when the tag is `tag`.
    fn header(&mut self, tag: u8) -> Result<usize, Stop> {
        let t = self.byte()?;
        if t != tag {
            return Err(Stop::Bad);
        }
        self.length()
    }

    fn length(&mut self) -> Result<usize, Stop> {
        let first = self.byte()?;
        if first < 0x80 {
            return Ok(usize::from(first));
        }
        let n = first & 0x7f;
        if n == 0 || n > 4 {
            return Err(Stop::Bad);
        }
        let mut len = 0usize;
        for _ in 0..n {
            len = (len << 8) | usize::from(self.byte()?);
        }
        Ok(len)
    }
}

/// The subject of the certificate whose DER is base64 in `text`, into `out`: the walk of
/// `names`, reading only the tags and lengths on the way and the subject itself, if its
/// length is one `wanted` takes (false otherwise).
fn subject_in_base64<'a, I: Iterator<Item = &'a [u8]>>(
    mut text: Base64Bytes<'a, I>,
    out: &mut Vec<u8>,
    wanted: impl Fn(usize) -> bool,
) -> Result<bool, Stop> {
    out.clear();
    text.header(0x30)?;
    text.header(0x30)?;
    let mut tag = text.byte()?;
    if tag == 0xa0 {
        let len = text.length()?;
        text.skip(len)?;
        tag = text.byte()?;
    }
    if tag != 0x02 {
        return Err(Stop::Bad);
    }
    let len = text.length()?;
    text.skip(len)?;
    for _ in 0..3 {
        // signature, issuer, validity
        let len = text.header(0x30)?;
        text.skip(len)?;
    }
    let len = text.header(0x30)?;
    if !wanted(len) {
        return Ok(false);
    }
    for _ in 0..len {
        out.push(text.byte()?);
    }
    Ok(true)
}

/// The issuer and subject of a DER certificate: the contents of the two Name SEQUENCEs,
/// the bytes webpki compares when it looks for an issuer.
struct Names<'a> {
    issuer: &'a [u8],
    // Read by the tests, which hold the base64 walk to this one.
    #[cfg_attr(not(test), allow(dead_code))]
    subject: &'a [u8],
}

enum Walk<'a> {
    Found(Names<'a>),
    /// The bytes end before the subject does.
    Short,
    /// Not the layout of a certificate.
    Bad,
}

/// Walks `Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
/// serialNumber INTEGER, signature SEQUENCE, issuer SEQUENCE, validity SEQUENCE,
/// subject SEQUENCE, … } … }` over the first bytes of a certificate. No check beyond
/// the layout: webpki does the checking.
fn names(cert: &[u8]) -> Walk<'_> {
    let walk = || -> Result<Names<'_>, Stop> {
        let cert = header(cert, 0x30)?;
        let tbs = header(cert, 0x30)?;
        let tbs = match element(tbs, 0xa0) {
            Ok((_, rest)) => rest,
            Err(Stop::Bad | Stop::Invalid) => tbs,
            Err(Stop::Short) => return Err(Stop::Short),
        };
        let (_, rest) = element(tbs, 0x02)?;
        let (_, rest) = element(rest, 0x30)?;
        let (issuer, rest) = element(rest, 0x30)?;
        let (_, rest) = element(rest, 0x30)?;
        let (subject, _) = element(rest, 0x30)?;
        Ok(Names { issuer, subject })
    };
    match walk() {
        Ok(n) => Walk::Found(n),
        Err(Stop::Short) => Walk::Short,
        Err(Stop::Bad | Stop::Invalid) => Walk::Bad,
    }
}

enum Stop {
    /// The bytes end first.
    Short,
    /// Not the layout of a certificate.
    Bad,
    /// Not base64.
    Invalid,
}

/// The tag and length of a DER element with tag `tag`, and what follows them (the
/// contents, which may run past the bytes at hand).
fn tag_and_length(input: &[u8], tag: u8) -> Result<(usize, &[u8]), Stop> {
    let (&t, rest) = input.split_first().ok_or(Stop::Short)?;
    if t != tag {
        return Err(Stop::Bad);
    }
    let (&first, rest) = rest.split_first().ok_or(Stop::Short)?;
    if first < 0x80 {
        return Ok((usize::from(first), rest));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return Err(Stop::Bad);
    }
    let bytes = rest.get(..n).ok_or(Stop::Short)?;
    let len = bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b));
    Ok((len, rest.get(n..).unwrap_or_default()))
}

/// The contents of a constructed element whose end may lie beyond the bytes at hand.
fn header(input: &[u8], tag: u8) -> Result<&[u8], Stop> {
    let (len, rest) = tag_and_length(input, tag)?;
    Ok(rest.get(..len).unwrap_or(rest))
}

/// A whole element: its contents and what follows.
fn element(input: &[u8], tag: u8) -> Result<(&[u8], &[u8]), Stop> {
    let (len, rest) = tag_and_length(input, tag)?;
    rest.split_at_checked(len).ok_or(Stop::Short)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What ureq's `parse_pem` (rustls-pki-types) finds: the DER of each certificate.
    fn reference(pem: &[u8]) -> Vec<Vec<u8>> {
        ureq::tls::parse_pem(pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c.der().to_vec()),
                _ => None,
            })
            .collect()
    }

    fn ours(pem: &[u8]) -> Vec<Vec<u8>> {
        let mut roots = Roots::default();
        roots.add_pem(pem.to_vec());
        roots.certificates()
    }

    fn same(pem: &[u8]) {
        assert_eq!(
            ours(pem),
            reference(pem),
            "{:?}",
            String::from_utf8_lossy(pem)
        );
    }

    const BLOCK: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUKj7Y\nq83x+/A9\n-----END CERTIFICATE-----\n";

    #[test]
    fn pem_matches_rustls_pki_types() {
        let cases: &[&str] = &[
            "",
            "junk",
            BLOCK,
            "-----BEGIN CERTIFICATE-----\r\nTWFu\r\n-----END CERTIFICATE-----\r\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----",
            "-----BEGIN CERTIFICATE-----  \nTWFu\n-----END CERTIFICATE-----trailing\n",
            "-----BEGIN CERTIFICATE- ----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE------\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE -----\nTWFu\n-----END CERTIFICATE -----\n",
            "-----BEGIN -----\nTWFu\n-----END -----\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n",
            "-----BEGIN CERTIFICATE-----\nTW Fu\tTWE=\x0b\x0c\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWE\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTW\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nT\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTW==\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTW=E\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nT===\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWE=TWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWFuTW==\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWFuTW=\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWE=\n \n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTW*u\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----END FOO-----\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\nTWFu\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----BEGIN CERTIFICATE----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN X509 CRL-----\nTWFu\n-----END X509 CRL-----\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN TRUSTED CERTIFICATE-----\nTWFu\n-----END TRUSTED CERTIFICATE-----\n",
            "-----BEGIN FOO-----\nTWFu\n-----END FOO-----\nTWFu\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n",
            "-----BEGIN certificate-----\nTWFu\n-----END certificate-----\n",
            "text before\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\ntext after\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nbad!\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nTWE=\n-----END CERTIFICATE-----\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nTWFu\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n\r-----END CERTIFICATE-----\n\r\n\n",
            "-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n",
        ];
        for case in cases {
            same(case.as_bytes());
        }
    }

    #[test]
    fn pem_matches_on_generated_inputs() {
        // A small deterministic generator: sections that are mostly well formed, with
        // the mistakes and oddities the reader has rules for mixed in.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let labels: &[&[u8]] = &[b"CERTIFICATE", b"CERTIFICATE", b"X509 CRL", b"FOO", b""];
        let begins: &[&[u8]] = &[b"-----", b"-----", b"----- ", b"----", b"------", b"-- ---"];
        let ends: &[&[u8]] = &[b"-----", b"-----", b"-----x", b"----"];
        let body: &[&[u8]] = &[
            b"TWFu", b"TWFu", b"TWFu", b"TWE=", b"TW==", b"TWE", b"TW", b"T", b"=", b" ", b"\t",
            b"*", b"\x0b",
        ];
        let seps: &[&[u8]] = &[b"\n", b"\n", b"\r\n", b"\r", b"\n\n"];
        let (mut with_certs, mut certs) = (0, 0);
        for _ in 0..20_000 {
            let mut input = Vec::new();
            for _ in 0..1 + next(4) {
                if next(4) == 0 {
                    input.extend_from_slice(b"noise");
                    input.extend_from_slice(seps[next(seps.len())]);
                }
                let label = labels[next(labels.len())];
                if next(8) != 0 {
                    input.extend_from_slice(b"-----BEGIN ");
                    input.extend_from_slice(label);
                    input.extend_from_slice(begins[next(begins.len())]);
                    input.extend_from_slice(seps[next(seps.len())]);
                }
                for _ in 0..next(4) {
                    for _ in 0..next(5) {
                        input.extend_from_slice(body[next(body.len())]);
                    }
                    input.extend_from_slice(seps[next(seps.len())]);
                }
                if next(8) != 0 {
                    input.extend_from_slice(b"-----END ");
                    input.extend_from_slice(label);
                    input.extend_from_slice(ends[next(ends.len())]);
                    if next(4) != 0 {
                        input.extend_from_slice(seps[next(seps.len())]);
                    }
                }
            }
            same(&input);
            let n = reference(&input).len();
            with_certs += usize::from(n > 0);
            certs += n;
        }
        // The generator reaches decoded certificates, not only rejections.
        assert!(
            with_certs > 2_000 && certs > with_certs,
            "{with_certs} {certs}"
        );
    }

    #[test]
    fn names_of_a_certificate() {
        // SEQUENCE { SEQUENCE { [0] {INTEGER 2}, INTEGER 1, SEQUENCE {}, SEQUENCE {I},
        // SEQUENCE {}, SEQUENCE {S} } }
        let tbs = [
            0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x30, 0x00, 0x30, 0x01, b'I', 0x30,
            0x00, 0x30, 0x01, b'S',
        ];
        let mut cert = vec![0x30, tbs.len() as u8 + 2, 0x30, tbs.len() as u8];
        cert.extend_from_slice(&tbs);
        let found = |w: Walk| match w {
            Walk::Found(n) => (n.issuer.to_vec(), n.subject.to_vec()),
            Walk::Short => panic!("short"),
            Walk::Bad => panic!("bad"),
        };
        assert_eq!(found(names(&cert)), (b"I".to_vec(), b"S".to_vec()));
        // Version 1 (no [0]) and a long-form length.
        let mut v1 = vec![0x30, 0x81, 15, 0x30, 13];
        v1.extend_from_slice(&tbs[5..]);
        assert_eq!(found(names(&v1)), (b"I".to_vec(), b"S".to_vec()));
        // Enough to reach the subject is enough; less is short; a wrong layout is bad.
        assert_eq!(
            found(names(&cert[..cert.len()])),
            (b"I".to_vec(), b"S".to_vec())
        );
        for cut in 0..cert.len() {
            assert!(matches!(names(&cert[..cut]), Walk::Short), "{cut}");
        }
        assert!(matches!(names(&[0x31, 0x00]), Walk::Bad));
        assert!(matches!(names(&[0x30, 0x80]), Walk::Bad));
        let mut no_serial = cert.clone();
        no_serial[9] = 0x04;
        assert!(matches!(names(&no_serial), Walk::Bad));
    }

    /// A certificate-shaped DER with fields of the given sizes (long-form lengths when
    /// they need them), and its subject.
    fn synthetic(sizes: [usize; 5], version: bool) -> (Vec<u8>, Vec<u8>) {
        fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
            let mut v = vec![tag];
            let n = content.len();
            if n < 0x80 {
                v.push(n as u8);
            } else if n < 0x100 {
                v.extend([0x81, n as u8]);
            } else {
                v.extend([0x82, (n >> 8) as u8, n as u8]);
            }
            v.extend_from_slice(content);
            v
        }
        let fill = |n: usize, seed: u8| -> Vec<u8> {
            (0..n)
                .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
                .collect()
        };
        let subject = fill(sizes[4], 7);
        let mut tbs = Vec::new();
        if version {
            tbs.extend(tlv(0xa0, &tlv(0x02, &[2])));
        }
        tbs.extend(tlv(0x02, &fill(sizes[0].max(1), 1)));
        tbs.extend(tlv(0x30, &fill(sizes[1], 2)));
        tbs.extend(tlv(0x30, &fill(sizes[2], 3)));
        tbs.extend(tlv(0x30, &fill(sizes[3], 4)));
        tbs.extend(tlv(0x30, &subject));
        tbs.extend(tlv(0x30, &fill(91, 5)));
        let mut cert = tlv(0x30, &tbs);
        cert.extend(tlv(0x30, &fill(12, 6)));
        (tlv(0x30, &cert), subject)
    }

    #[test]
    fn the_base64_walk_finds_the_subject_the_der_walk_finds() {
        let mut buf = Vec::new();
        let mut cases = 0;
        for version in [true, false] {
            for sizes in [
                [1, 0, 0, 0, 0],
                [20, 13, 90, 30, 120],
                [9, 11, 200, 30, 300],
                [3, 5, 1, 2, 3],
                [2, 10, 127, 32, 128],
                [21, 15, 255, 30, 256],
            ] {
                let (der, subject) = synthetic(sizes, version);
                let Walk::Found(n) = names(&der) else {
                    panic!("synthetic certificate does not walk")
                };
                assert_eq!(n.subject, &subject[..]);
                let b64 = crate::go::base64::encode_std(&der);
                for width in [64, 76, 1, 3, 4, 5, 1000] {
                    for sep in ["\n", "\r\n", " \t\n"] {
                        let text: String = b64
                            .as_bytes()
                            .chunks(width)
                            .map(|c| String::from_utf8_lossy(c).into_owned())
                            .collect::<Vec<_>>()
                            .join(sep);
                        // In one piece, and split in two pieces anywhere.
                        let t = text.as_bytes();
                        for cut in [0, 1, 2, 7, t.len() / 2, t.len()] {
                            let parts = [&t[..cut], &t[cut..]];
                            let text = Base64Bytes::new(parts.into_iter());
                            let got = subject_in_base64(text, &mut buf, |_| true);
                            assert!(matches!(got, Ok(true)), "{sizes:?} {width} {cut}");
                            assert_eq!(buf, subject, "{sizes:?} {width} {cut}");
                            // A length filter that rules the subject out stops before it.
                            let text = Base64Bytes::new(parts.into_iter());
                            let n = subject.len();
                            let got = subject_in_base64(text, &mut buf, |len| len != n);
                            assert!(matches!(got, Ok(false)), "{sizes:?} {width} {cut}");
                            cases += 1;
                        }
                        // Cut short: short, never a wrong subject.
                        for end in (0..t.len()).step_by(7) {
                            let parts = [&t[..end]];
                            let text = Base64Bytes::new(parts.into_iter());
                            match subject_in_base64(text, &mut buf, |_| true) {
                                Ok(true) => assert_eq!(buf, subject),
                                Ok(false) | Err(Stop::Short) => {}
                                Err(_) => panic!("{sizes:?} {width} {end}"),
                            }
                        }
                    }
                }
            }
        }
        assert!(cases > 400);
        // Not base64 where it is read: invalid. A wrong layout: bad.
        let bad = |t: &[u8]| {
            subject_in_base64(Base64Bytes::new([t].into_iter()), &mut Vec::new(), |_| true)
        };
        assert!(matches!(bad(b"MI*A"), Err(Stop::Invalid)));
        assert!(matches!(bad(b"MQA="), Err(Stop::Bad)));
        assert!(matches!(bad(b""), Err(Stop::Short)));
    }

    #[test]
    fn markers_are_found_at_any_offset() {
        // The scan looks at every fifth byte: put the markers at every offset, with dashes
        // in other lines around them.
        for pad in 0..12 {
            let mut pem = "x-".repeat(pad);
            pem.push('\n');
            pem.push_str(&" ".repeat(pad));
            pem.push_str("\n-----BEGIN CERTIFICATE-----\n");
            pem.push_str(&"TWFu".repeat(pad + 1));
            pem.push_str("\n-----END CERTIFICATE-----\n-");
            same(pem.as_bytes());
            assert_eq!(ours(pem.as_bytes()).len(), 1, "{pem:?}");
        }
    }

    #[test]
    fn only_candidates_are_decoded_in_full() {
        let mut roots = Roots::default();
        // One "certificate" that is not DER: its layout cannot be read, so it stays a
        // candidate, and rustls leaves it out as before (not parsable as an anchor).
        roots.add_pem(b"-----BEGIN CERTIFICATE-----\nTWFu\n-----END CERTIFICATE-----\n".to_vec());
        assert_eq!(roots.certificates().len(), 1);
        assert!(roots.anchors_for(&[b"x"]).is_empty());
        let mut buf = Vec::new();
        assert_eq!(
            roots.subject_is_one_of(&roots.sections[0], &[b"I"], &mut buf),
            None
        );
        // Not base64: no certificate, so never a candidate.
        roots.add_pem(b"-----BEGIN CERTIFICATE-----\nTW*u\n-----END CERTIFICATE-----\n".to_vec());
        assert_eq!(
            roots.subject_is_one_of(&roots.sections[1], &[b"I"], &mut buf),
            Some(false)
        );
    }
}
