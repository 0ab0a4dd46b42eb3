//! Go's `runtime.GOOS` and `runtime.GOARCH` for the platform we were built for, as the
//! official CLI reports them in `--version` and its User-Agent.

pub fn goos() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

pub fn goarch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    }
}
