//! Settings as the official CLI resolves them: the `config.toml` location, profile
//! choice, `MONGODB_ATLAS_*` (or legacy `MCLI_*`) variables, and precedence
//! flag > environment > top-level file key > profile table > empty.

/// Atlas, the default base URL (`service = "cloud"`).
pub const CLOUD_URL: &str = "https://cloud.mongodb.com";
/// Atlas for Government (`service = "cloudgov"`).
pub const CLOUDGOV_URL: &str = "https://cloud.mongodbgov.com";

pub mod toml;
pub mod url;

use crate::error::{Absence, Error, FileLack, Result};
use crate::fsutil::ReadError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Document, Entry, TomlValue};

/// The process environment as a map, so tests and the binary read it the same way.
pub type Env = BTreeMap<String, String>;

/// For tests: an environment of these variables.
#[cfg(test)]
pub fn env(pairs: &[(&str, &str)]) -> Env {
    crate::go::sort::ordered(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
}

/// Decision token-cache: the variable that turns the service-account token cache off
/// (`0`) or on (`1`, the default).
pub const TOKEN_CACHE_SETTING: &str = "ATLAS_TOKEN_CACHE";

/// `ATLAS_TOKEN_CACHE`: whether the token cache is on. Empty counts as unset.
pub fn token_cache_on(env: &Env) -> Result<bool> {
    match env.get(TOKEN_CACHE_SETTING).map(String::as_str) {
        None | Some("") | Some("1") => Ok(true),
        Some("0") => Ok(false),
        Some(other) => Err(Error::BadSetting {
            setting: TOKEN_CACHE_SETTING,
            test_hook: false,
            expected:
                "0 (keep no service-account tokens between runs) or 1 (keep them, the default)",
            quoted_value: crate::go::strconv::quote(other),
        }),
    }
}

pub fn process_env() -> Env {
    crate::go::sort::ordered(
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    )
}

/// Where the official CLI keeps its file, following Go's `os.UserConfigDir`.
/// `Err(NoFolder)` when no variable names a folder: decision `no-config-folder`
/// makes that an empty configuration, not an error.
pub fn config_path(env: &Env) -> Result<std::result::Result<PathBuf, NoFolder>> {
    use crate::go::os::{user_config_dir, DirError};
    let dir = match user_config_dir(|k| env.get(k).map(String::as_str)) {
        Ok(dir) => dir,
        // A relative folder is a mistake in the environment, not an absence.
        Err(DirError::Relative(why)) => {
            return Err(Error::Config(format!(
                "cannot find the configuration folder: {why}"
            )))
        }
        Err(DirError::Unset(why)) => return Ok(Err(NoFolder(why))),
    };
    Ok(Ok(dir.join("atlascli").join("config.toml")))
}

/// Where a setting came from: `MONGODB_ATLAS_PUBLIC_API_KEY`, or a place in the file
/// (`the top level of PATH`, `profile "p" of PATH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Env(String),
    File(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Env(s) | Origin::File(s) => f.write_str(s),
        }
    }
}

/// Why there is no configuration folder (Go's `os.UserConfigDir` error text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoFolder(pub &'static str);

/// Files bigger than this are not configuration files; refuse rather than read them.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The values no line we print may show (the IDs and public key are not secret).
const REDACTED_KEYS: &[&str] = &[
    "private_api_key",
    "client_secret",
    "access_token",
    "refresh_token",
];

/// Keys whose values are credentials.
pub const SECRET_KEYS: &[&str] = &[
    "public_api_key",
    "private_api_key",
    "access_token",
    "refresh_token",
    "client_id",
    "client_secret",
];

/// A file holding credentials should be private to its owner (the official CLI
/// creates it 0600); say so once if others may read it.
fn warn_if_readable(path: &Path, doc: &Document) {
    let has_secret = doc
        .globals
        .iter()
        .chain(doc.tables.values().flatten())
        .any(|(k, e)| {
            SECRET_KEYS.contains(&k.as_str()) && e.value != TomlValue::String(String::new())
        });
    if !has_secret {
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                crate::redact::say!(
                    "Warning: {} holds credentials and is readable by other users (mode {mode:03o}); run: chmod 600 {}",
                    path.display(),
                    path.display()
                );
            }
        }
    }
}

fn read_document(path: &Path) -> Result<Option<Document>> {
    let unreadable = |why: String| Error::ConfigFile {
        path: path.display().to_string(),
        line: None,
        why,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(e.to_string())),
    };
    if meta.is_dir() {
        return Err(unreadable("it is a directory, not a file".into()));
    }
    let bytes = crate::fsutil::read_capped(path, MAX_CONFIG_BYTES).map_err(|e| {
        unreadable(match e {
            ReadError::TooLarge { limit, size } => {
                ReadError::too_large_text(limit, size, "a configuration file")
            }
            other => other.to_string(),
        })
    })?;
    let text =
        String::from_utf8(bytes).map_err(|_| unreadable("the file is not UTF-8 text".into()))?;
    toml::parse(&text).map(Some).map_err(|e| Error::ConfigFile {
        path: path.display().to_string(),
        line: Some(e.line),
        why: e.message,
    })
}

/// The resolved configuration for one run.
#[derive(Debug)]
pub struct Settings {
    path: std::result::Result<PathBuf, NoFolder>,
    /// Whether the file exists (an absent file is an empty configuration).
    file_found: bool,
    doc: Document,
    env: Env,
    /// `MONGODB_ATLAS` normally, `MCLI` when any variable name starts with `MCLI`.
    prefix: &'static str,
    profile: String,
}

impl Settings {
    /// Reads the file (if any) and picks the profile: `-P`, then `MONGODB_ATLAS_PROFILE`
    /// (or a top-level `profile` key), then the only profile, then `default`.
    pub fn load(profile_flag: Option<&str>, env: Env) -> Result<Settings> {
        let path = config_path(&env)?;
        let doc = match &path {
            Ok(p) => read_document(p)?,
            Err(_) => None,
        };
        let file_found = doc.is_some();
        let doc = doc.unwrap_or_default();
        if let Ok(p) = &path {
            warn_if_readable(p, &doc);
        }
        let prefix = if env.keys().any(|k| k.starts_with("MCLI")) {
            "MCLI"
        } else {
            "MONGODB_ATLAS"
        };
        let mut s = Settings {
            path,
            file_found,
            doc,
            env,
            prefix,
            profile: String::new(),
        };
        let named = match profile_flag.filter(|p| !p.is_empty()) {
            Some(p) => Some(p.to_string()),
            None => s.global("profile")?,
        };
        let name = match &named {
            Some(p) => p.clone(),
            None if s.doc.tables.len() == 1 => {
                s.doc.tables.keys().next().cloned().unwrap_or_default()
            }
            None => "default".to_string(),
        };
        if name.contains('.') {
            return Err(Error::Config(format!(
                "profile should not contain '.': {}",
                crate::go::strconv::quote(&name)
            )));
        }
        s.profile = name.to_lowercase();
        if named.is_some() && !s.profile_exists() {
            s.warn_missing_profile(&name);
        }
        Ok(s)
    }

    /// Decision `missing-profile-warning`: a profile named by `-P` (or
    /// `MONGODB_ATLAS_PROFILE`) that the file lacks is one warning, not an error,
    /// since the environment may provide everything.
    fn warn_missing_profile(&self, name: &str) {
        let name = crate::go::strconv::quote(name);
        match &self.path {
            Ok(p) => crate::redact::say!("Warning: profile {name} not found in {}", p.display()),
            Err(NoFolder(why)) => {
                crate::redact::say!(
                    "Warning: profile {name} not found (no configuration folder: {why})"
                )
            }
        }
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// The configuration file, or why there is none.
    pub fn path(&self) -> std::result::Result<&Path, NoFolder> {
        self.path.as_deref().map_err(|e| *e)
    }

    /// The configuration file for messages: its path, or why there is none.
    pub fn file_shown(&self) -> String {
        match &self.path {
            Ok(p) => p.display().to_string(),
            Err(NoFolder(why)) => {
                format!("the configuration file (no configuration folder: {why})")
            }
        }
    }

    fn env_var(&self, key: &str) -> Option<String> {
        let name = format!("{}_{}", self.prefix, key.to_ascii_uppercase());
        self.env.get(&name).filter(|v| !v.is_empty()).cloned()
    }

    fn as_string(&self, key: &str, entry: &Entry) -> Result<String> {
        match &entry.value {
            TomlValue::String(s) => Ok(s.clone()),
            _ => Err(Error::ConfigFile {
                path: self.file_shown(),
                line: Some(entry.line),
                why: format!("{key} must be a string"),
            }),
        }
    }

    /// Env, then a top-level key in the file.
    fn global(&self, key: &str) -> Result<Option<String>> {
        if let Some(v) = self.env_var(key) {
            return Ok(Some(v));
        }
        match self.doc.globals.get(key) {
            Some(e) => Ok(Some(self.as_string(key, e)?).filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    }

    /// A profile property: env > top-level file key > `[profile]` table. Empty means unset.
    /// A secret read here is never printed afterwards (decision `secrets-redacted`).
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        let value = self.lookup(key)?;
        if REDACTED_KEYS.contains(&key) {
            if let Some(v) = &value {
                crate::redact::register(v);
            }
        }
        Ok(value)
    }

    fn lookup(&self, key: &str) -> Result<Option<String>> {
        if let Some(v) = self.global(key)? {
            return Ok(Some(v));
        }
        let Some(table) = self.doc.tables.get(&self.profile) else {
            return Ok(None);
        };
        match table.get(key) {
            Some(e) => Ok(Some(self.as_string(key, e)?).filter(|v| !v.is_empty())),
            None => Ok(None),
        }
    }

    /// Whether the file's profile table holds `key` (used to explain keyring-held secrets).
    pub fn profile_has(&self, key: &str) -> bool {
        self.doc
            .tables
            .get(&self.profile)
            .is_some_and(|t| t.contains_key(key))
    }

    pub fn profile_exists(&self) -> bool {
        self.doc.tables.contains_key(&self.profile)
    }

    /// Where the value `get(key)` returns comes from, for messages (never the value).
    pub fn origin(&self, key: &str) -> Option<Origin> {
        if self.env_var(key).is_some() {
            return Some(Origin::Env(self.env_name(key)));
        }
        let non_empty = |e: &Entry| !matches!(&e.value, TomlValue::String(v) if v.is_empty());
        if self.doc.globals.get(key).is_some_and(non_empty) {
            return Some(Origin::File(format!(
                "the top level of {}",
                self.file_shown()
            )));
        }
        let table = self.doc.tables.get(&self.profile)?;
        table.get(key).filter(|e| non_empty(e)).map(|_| {
            Origin::File(format!(
                "profile {} of {}",
                crate::go::strconv::quote(&self.profile),
                self.file_shown()
            ))
        })
    }

    /// Why `keys` have no value: their variables are unset, and what the file lacks.
    pub fn absence(&self, keys: &[&str]) -> Absence {
        let vars = keys.iter().map(|k| self.env_name(k)).collect();
        let file = match &self.path {
            Err(NoFolder(why)) => FileLack::NoFolder(why),
            Ok(p) if !self.file_found => FileLack::NoFile(p.display().to_string()),
            Ok(p) if !self.profile_exists() => FileLack::NoProfile {
                path: p.display().to_string(),
                quoted_profile: crate::go::strconv::quote(&self.profile),
            },
            Ok(p) => FileLack::NoKey {
                path: p.display().to_string(),
                quoted_profile: crate::go::strconv::quote(&self.profile),
                empty: keys.iter().any(|k| self.profile_has(k)),
                keys: keys.iter().map(|k| k.to_string()).collect(),
            },
        };
        Absence { vars, file }
    }

    /// The environment variable name a user sets for `key` (honouring the `MCLI_` switch).
    pub fn env_name(&self, key: &str) -> String {
        format!("{}_{}", self.prefix, key.to_ascii_uppercase())
    }

    /// `ops_manager_url`, also from `…_BASE_URL` and the file alias `base_url`, checked
    /// (decision base-url-plain).
    pub fn ops_manager_url(&self) -> Result<Option<String>> {
        match self.ops_manager_url_from()? {
            Some((url, key)) => {
                self.check_base(key, &url)?;
                Ok(Some(url))
            }
            None => Ok(None),
        }
    }

    /// `ops_manager_url` and the key it was read under (`ops_manager_url` or `base_url`).
    fn ops_manager_url_from(&self) -> Result<Option<(String, &'static str)>> {
        for key in ["ops_manager_url", "base_url"] {
            if let Some(v) = self.env_var(key) {
                return Ok(Some((v, key)));
            }
        }
        for key in ["ops_manager_url", "base_url"] {
            if let Some(v) = self.get(key)? {
                return Ok(Some((v, key)));
            }
        }
        Ok(None)
    }

    /// Decision base-url-plain: `url`, read under `key`, as a base URL, or the error
    /// that names where it is set (never the URL: it may hold a password).
    fn check_base(&self, key: &str, url: &str) -> Result<()> {
        url::check_base(url).map(|_| ()).map_err(|flaw| {
            let origin = match self.origin(key) {
                Some(Origin::Env(var)) => var,
                Some(Origin::File(place)) => format!("{key} in {place}"),
                None => key.to_string(),
            };
            Error::BadBaseUrl {
                origin,
                flaw: flaw.to_string(),
            }
        })
    }

    /// `account_url` (where a user account's token is refreshed), checked as the base
    /// URL is.
    pub fn account_url(&self) -> Result<Option<String>> {
        let url = self.get("account_url")?;
        if let Some(u) = &url {
            self.check_base("account_url", u)?;
        }
        Ok(url)
    }

    /// `service` must be empty, `cloud` or `cloudgov`.
    pub fn service(&self) -> Result<String> {
        let svc = self.get("service")?.unwrap_or_default();
        match svc.as_str() {
            "" | "cloud" | "cloudgov" => Ok(svc),
            _ => Err(Error::Config(format!("unsupported service: {svc}"))),
        }
    }

    /// The API base URL: `ops_manager_url` (one trailing `/` trimmed), the cloudgov
    /// host, or Atlas.
    /// A configured URL must be a plain base URL (decision base-url-plain).
    pub fn base_url(&self) -> Result<String> {
        if let Some(url) = self.ops_manager_url()? {
            return Ok(url.strip_suffix('/').unwrap_or(&url).to_string());
        }
        if self.service()? == "cloudgov" {
            return Ok(CLOUDGOV_URL.to_string());
        }
        Ok(CLOUD_URL.to_string())
    }

    /// `--orgId` if non-empty, else the configured `org_id`, validated as an ObjectID.
    pub fn org_id(&self, flag: &str) -> Result<String> {
        let id = if flag.is_empty() {
            self.get("org_id")?.unwrap_or_default()
        } else {
            flag.to_string()
        };
        if id.is_empty() {
            return Err(Error::Config(r#"required flag(s) "orgId" not set"#.into()));
        }
        validate_object_id(&id)?;
        Ok(id)
    }

    /// `-o` if non-empty, else the configured `output`.
    pub fn output(&self, flag: &str) -> Result<String> {
        if !flag.is_empty() {
            return Ok(flag.to_string());
        }
        Ok(self.get("output")?.unwrap_or_default())
    }
}

/// `validate.ObjectID`: 24 hex digits in either case.
pub fn validate_object_id(id: &str) -> Result<()> {
    if id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "the provided value '{id}' is not a valid ID"
        )))
    }
}

/// `IsTrue` from atlas-cli-core: the strings that count as true.
pub fn is_true(s: &str) -> bool {
    matches!(
        s,
        "t" | "T" | "true" | "True" | "TRUE" | "y" | "Y" | "yes" | "Yes" | "YES" | "1"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(file: &str, profile: Option<&str>, vars: &[(&str, &str)]) -> Settings {
        let doc = toml::parse(file).unwrap();
        let mut s = Settings {
            path: Ok(PathBuf::from("/cfg/atlascli/config.toml")),
            file_found: true,
            doc,
            env: env(vars),
            prefix: "MONGODB_ATLAS",
            profile: String::new(),
        };
        if vars.iter().any(|(k, _)| k.starts_with("MCLI")) {
            s.prefix = "MCLI";
        }
        let name = match profile {
            Some(p) => p.to_string(),
            None => match s.global("profile").unwrap() {
                Some(p) => p,
                None if s.doc.tables.len() == 1 => s.doc.tables.keys().next().unwrap().clone(),
                None => "default".into(),
            },
        };
        s.profile = name.to_lowercase();
        s
    }

    #[test]
    fn config_path_rules() {
        let p = config_path(&env(&[("HOME", "/home/u")])).unwrap().unwrap();
        assert_eq!(p, PathBuf::from("/home/u/.config/atlascli/config.toml"));
        let p = config_path(&env(&[("HOME", "/home/u"), ("XDG_CONFIG_HOME", "/x")]))
            .unwrap()
            .unwrap();
        assert_eq!(p, PathBuf::from("/x/atlascli/config.toml"));
        assert!(config_path(&env(&[("XDG_CONFIG_HOME", "rel")])).is_err());
        assert_eq!(
            config_path(&env(&[])).unwrap(),
            Err(NoFolder("neither $XDG_CONFIG_HOME nor $HOME are defined"))
        );
    }

    #[test]
    fn precedence_env_then_global_then_profile() {
        let file = "output = \"json\"\n[default]\norg_id = \"aaaaaaaaaaaaaaaaaaaaaaaa\"\noutput = \"x\"\n[other]\norg_id = \"bbbbbbbbbbbbbbbbbbbbbbbb\"\n";
        let s = settings(file, None, &[]);
        assert_eq!(s.profile(), "default");
        assert_eq!(s.get("output").unwrap().as_deref(), Some("json"));
        assert_eq!(s.org_id("").unwrap(), "aaaaaaaaaaaaaaaaaaaaaaaa");
        assert_eq!(
            s.org_id("CCCCCCCCCCCCCCCCCCCCCCCC").unwrap(),
            "CCCCCCCCCCCCCCCCCCCCCCCC"
        );
        let s = settings(file, Some("OTHER"), &[("MONGODB_ATLAS_OUTPUT", "")]);
        assert_eq!(s.org_id("").unwrap(), "bbbbbbbbbbbbbbbbbbbbbbbb");
        let s = settings(
            file,
            None,
            &[("MONGODB_ATLAS_ORG_ID", "dddddddddddddddddddddddd")],
        );
        assert_eq!(s.org_id("").unwrap(), "dddddddddddddddddddddddd");
    }

    #[test]
    fn only_profile_is_chosen_and_env_profile_wins() {
        let s = settings("[Prod]\norg_id = \"x\"\n", None, &[]);
        assert_eq!(s.profile(), "prod");
        let s = settings("[a]\n[b]\n", None, &[("MONGODB_ATLAS_PROFILE", "B")]);
        assert_eq!(s.profile(), "b");
        let s = settings("[a]\n[b]\n", None, &[]);
        assert_eq!(s.profile(), "default");
    }

    #[test]
    fn mcli_switch_replaces_the_prefix() {
        let s = settings(
            "",
            None,
            &[
                ("MCLI_ORG_ID", "eeeeeeeeeeeeeeeeeeeeeeee"),
                ("MONGODB_ATLAS_ORG_ID", "ffffffffffffffffffffffff"),
            ],
        );
        assert_eq!(s.org_id("").unwrap(), "eeeeeeeeeeeeeeeeeeeeeeee");
    }

    #[test]
    fn org_id_errors() {
        let s = settings("", None, &[]);
        assert_eq!(
            s.org_id("").unwrap_err().to_string(),
            r#"required flag(s) "orgId" not set"#
        );
        assert_eq!(
            s.org_id("123").unwrap_err().to_string(),
            "the provided value '123' is not a valid ID"
        );
    }

    #[test]
    fn token_cache_setting_values() {
        for (value, want) in [("", true), ("1", true), ("0", false)] {
            assert_eq!(
                token_cache_on(&env(&[(TOKEN_CACHE_SETTING, value)])).unwrap(),
                want
            );
        }
        assert!(token_cache_on(&env(&[])).unwrap());
        for bad in ["yes", "false", " 0", "2"] {
            let e = token_cache_on(&env(&[(TOKEN_CACHE_SETTING, bad)]))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("ATLAS_TOKEN_CACHE must be 0"), "{e}");
        }
    }

    #[test]
    fn base_url_rules() {
        let s = settings("", None, &[]);
        assert_eq!(s.base_url().unwrap(), "https://cloud.mongodb.com");
        let s = settings("[default]\nservice = \"cloudgov\"\n", None, &[]);
        assert_eq!(s.base_url().unwrap(), "https://cloud.mongodbgov.com");
        let s = settings(
            "[default]\nbase_url = \"http://h:8080/proxy//\"\n",
            None,
            &[],
        );
        assert_eq!(s.base_url().unwrap(), "http://h:8080/proxy/");
        let s = settings(
            "",
            None,
            &[
                ("MONGODB_ATLAS_BASE_URL", "http://b"),
                ("MONGODB_ATLAS_OPS_MANAGER_URL", "http://o/"),
            ],
        );
        assert_eq!(s.base_url().unwrap(), "http://o");
        let s = settings("[default]\nservice = \"onprem\"\n", None, &[]);
        assert_eq!(
            s.base_url().unwrap_err().to_string(),
            "unsupported service: onprem"
        );
    }

    #[test]
    fn base_urls_with_user_info_query_or_fragment_are_refused_unprinted() {
        let tail = "; atlas takes http(s)://host[:port][/path] (decision base-url-plain)";
        let s = settings(
            "",
            None,
            &[("MONGODB_ATLAS_BASE_URL", "http://a:pw-secret@127.0.0.1/")],
        );
        let e = s.base_url().unwrap_err().to_string();
        assert!(
            e.starts_with(
                "invalid base URL (MONGODB_ATLAS_BASE_URL): it has a user name or password"
            ),
            "{e}"
        );
        assert!(e.ends_with(tail) && !e.contains("pw-secret"), "{e}");
        let s = settings(
            "[default]\nops_manager_url = \"http://o:1?@127.0.0.1/\"\n",
            None,
            &[],
        );
        assert_eq!(
            s.ops_manager_url().unwrap_err().to_string(),
            format!("invalid base URL (ops_manager_url in profile \"default\" of /cfg/atlascli/config.toml): it has a query (?…){tail}")
        );
        let s = settings(
            "[default]\naccount_url = \"http://o#@127.0.0.1/\"\n",
            None,
            &[],
        );
        assert_eq!(
            s.account_url().unwrap_err().to_string(),
            format!("invalid base URL (account_url in profile \"default\" of /cfg/atlascli/config.toml): it has a fragment (#…){tail}")
        );
    }

    #[test]
    fn non_string_values_name_the_line() {
        let s = settings("[default]\norg_id = 5\n", None, &[]);
        assert_eq!(
            s.org_id("").unwrap_err().to_string(),
            "/cfg/atlascli/config.toml:2: org_id must be a string"
        );
    }

    #[test]
    fn origins_name_places_never_values() {
        let file =
            "public_api_key = \"top\"\n[default]\nprivate_api_key = \"p\"\nclient_id = \"\"\n";
        let s = settings(file, None, &[("MONGODB_ATLAS_CLIENT_SECRET", "sec")]);
        assert_eq!(
            s.origin("client_secret"),
            Some(Origin::Env("MONGODB_ATLAS_CLIENT_SECRET".into()))
        );
        assert_eq!(
            s.origin("public_api_key").unwrap().to_string(),
            "the top level of /cfg/atlascli/config.toml"
        );
        assert_eq!(
            s.origin("private_api_key").unwrap().to_string(),
            "profile \"default\" of /cfg/atlascli/config.toml"
        );
        assert_eq!(s.origin("client_id"), None, "empty is unset");
        assert_eq!(
            s.absence(&["client_id"]).to_string(),
            "MONGODB_ATLAS_CLIENT_ID is not set and profile \"default\" of /cfg/atlascli/config.toml has an empty client_id"
        );
        let s = settings(file, Some("ci"), &[("MCLI_X", "1")]);
        assert!(s
            .absence(&["public_api_key", "private_api_key"])
            .to_string()
            .starts_with("MCLI_PUBLIC_API_KEY and MCLI_PRIVATE_API_KEY are not set and "));
    }
}
