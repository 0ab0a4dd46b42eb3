//! Go's `os.UserConfigDir` and `os.UserCacheDir`: the per-user folders, from the
//! environment only (a getter, so that this layer needs nothing of `config`).

use std::path::{Path, PathBuf};

/// Why there is no folder, in Go's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirError {
    /// A variable names a relative path: a mistake, not an absence.
    Relative(&'static str),
    /// No variable names a folder.
    Unset(&'static str),
}

impl std::fmt::Display for DirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DirError::Relative(m) | DirError::Unset(m) => f.write_str(m),
        }
    }
}

/// `os.UserConfigDir`. `get` reads a variable; empty counts as unset.
pub fn user_config_dir<'e>(get: impl Fn(&str) -> Option<&'e str>) -> Result<PathBuf, DirError> {
    user_dir(
        get,
        ("AppData", "%AppData% is not defined"),
        "Library/Application Support",
        (
            "XDG_CONFIG_HOME",
            "path in $XDG_CONFIG_HOME is relative",
            "neither $XDG_CONFIG_HOME nor $HOME are defined",
        ),
        ".config",
    )
}

/// `os.UserCacheDir`. `get` reads a variable; empty counts as unset.
pub fn user_cache_dir<'e>(get: impl Fn(&str) -> Option<&'e str>) -> Result<PathBuf, DirError> {
    user_dir(
        get,
        ("LocalAppData", "%LocalAppData% is not defined"),
        "Library/Caches",
        (
            "XDG_CACHE_HOME",
            "path in $XDG_CACHE_HOME is relative",
            "neither $XDG_CACHE_HOME nor $HOME are defined",
        ),
        ".cache",
    )
}

/// The shape both share: Windows' variable, macOS's folder under `$HOME`, elsewhere
/// the XDG variable (absolute only) or a folder under `$HOME`.
fn user_dir<'e>(
    get: impl Fn(&str) -> Option<&'e str>,
    (windows_var, windows_unset): (&str, &'static str),
    macos_sub: &str,
    (xdg_var, xdg_relative, unset): (&str, &'static str, &'static str),
    home_sub: &str,
) -> Result<PathBuf, DirError> {
    let get = |k: &str| get(k).filter(|v| !v.is_empty());
    if cfg!(windows) {
        return get(windows_var)
            .map(PathBuf::from)
            .ok_or(DirError::Unset(windows_unset));
    }
    if cfg!(target_os = "macos") {
        return get("HOME")
            .map(|h| Path::new(h).join(macos_sub))
            .ok_or(DirError::Unset("$HOME is not defined"));
    }
    if let Some(xdg) = get(xdg_var) {
        if !Path::new(xdg).is_absolute() {
            return Err(DirError::Relative(xdg_relative));
        }
        return Ok(PathBuf::from(xdg));
    }
    get("HOME")
        .map(|h| Path::new(h).join(home_sub))
        .ok_or(DirError::Unset(unset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn config_and_cache_folders() {
        type Case = (
            &'static [(&'static str, &'static str)],
            Result<&'static str, DirError>,
        );
        let config: &[Case] = &[
            (&[("HOME", "/h")], Ok("/h/.config")),
            (&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")], Ok("/x")),
            (&[("HOME", "/h"), ("XDG_CONFIG_HOME", "")], Ok("/h/.config")),
            (
                &[("HOME", "/h"), ("XDG_CONFIG_HOME", "rel")],
                Err(DirError::Relative("path in $XDG_CONFIG_HOME is relative")),
            ),
            (
                &[],
                Err(DirError::Unset(
                    "neither $XDG_CONFIG_HOME nor $HOME are defined",
                )),
            ),
        ];
        let cache: &[Case] = &[
            (&[("HOME", "/h")], Ok("/h/.cache")),
            (&[("XDG_CACHE_HOME", "/c"), ("HOME", "/h")], Ok("/c")),
            (
                &[("XDG_CACHE_HOME", "rel")],
                Err(DirError::Relative("path in $XDG_CACHE_HOME is relative")),
            ),
            (
                &[("HOME", "")],
                Err(DirError::Unset(
                    "neither $XDG_CACHE_HOME nor $HOME are defined",
                )),
            ),
        ];
        let check = |cases: &[Case], cache_dir: bool| {
            for (vars, want) in cases {
                let env: HashMap<&str, &str> = vars.iter().copied().collect();
                let get = |k: &str| env.get(k).copied();
                let got = if cache_dir {
                    user_cache_dir(get)
                } else {
                    user_config_dir(get)
                };
                assert_eq!(got, want.map(PathBuf::from), "{vars:?}");
            }
        };
        check(config, false);
        check(cache, true);
    }
}
