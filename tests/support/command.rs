//! Runs the built binary with a cleared environment and a private HOME, and never
//! lets it hang a test: it is killed after a deadline.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A temporary directory removed on drop.
pub struct TestDir {
    pub path: PathBuf,
}

impl TestDir {
    pub fn new() -> TestDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("t-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create test dir");
        TestDir { path }
    }

    pub fn write(&self, rel: &str, contents: &str) -> PathBuf {
        let p = self.path.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// Writes `$HOME/.config/atlascli/config.toml`, private as the official CLI makes it.
    pub fn config(&self, contents: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let p = self.write(".config/atlascli/config.toml", contents);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        p
    }

    pub fn file(&self, rel: &str) -> String {
        self.path.join(rel).to_string_lossy().into_owned()
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

pub struct Command {
    args: Vec<String>,
    env: Vec<(String, String)>,
    home: Option<PathBuf>,
    /// Run with no HOME at all (and so no configuration folder).
    no_home: bool,
    /// An address-space cap (`ulimit -v`, KiB), so unbounded growth fails the test.
    memory_kib: Option<u64>,
    stdin: Option<Vec<u8>>,
    /// The working folder (the test's own by default).
    cwd: Option<PathBuf>,
    timeout: Duration,
    _dir: Option<TestDir>,
}

#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    /// The bytes of stdout as written (`stdout` is their lossy UTF-8 reading).
    pub raw_stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    /// Asserts the official CLI's error shape: nothing on stdout, one `Error:` text, exit 1.
    pub fn assert_error(&self, message: &str) {
        assert_eq!(
            self.stderr,
            format!("Error: {message}\n"),
            "stderr; stdout={:?}",
            self.stdout
        );
        assert_eq!(self.stdout, "", "stdout");
        assert_eq!(self.code, 1);
    }

    pub fn assert_ok(&self, stdout: &str) {
        assert_eq!(self.stdout, stdout, "stdout; stderr={:?}", self.stderr);
        assert_eq!(self.code, 0, "stderr={:?}", self.stderr);
    }
}

/// The binary under test: `ATLAS_BIN` runs the suite against another build (such as
/// the static release); by default, the one cargo built for this test run.
pub fn binary() -> String {
    std::env::var("ATLAS_BIN")
        .ok()
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_atlas").to_string())
}

/// `ATLAS_RUNNER`: a command (words split on whitespace) that every run of the binary
/// goes through, such as `qemu-aarch64-static` for a binary of another architecture.
/// binfmt_misc would do the same without a prefix, but needs a host-wide registration
/// that containers often cannot make.
pub fn runner() -> Vec<String> {
    std::env::var("ATLAS_RUNNER")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The command line that starts the binary: the runner's words, then the binary.
pub fn command_line() -> Vec<String> {
    let mut words = runner();
    words.push(binary());
    words
}

/// One program path that starts the binary under test as `process()` does, for scripts
/// that take a path (`ATLAS=… examples/demo.sh`): the binary itself, or under
/// `ATLAS_RUNNER` a two-line shell script (in the target's temporary folder) that execs
/// the runner with it.
pub fn launcher() -> String {
    if runner().is_empty() {
        return binary();
    }
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("atlas-launcher-{}", std::process::id()));
        let quoted: Vec<String> = command_line()
            .iter()
            .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
            .collect();
        std::fs::write(
            &path,
            format!("#!/bin/sh\nexec {} \"$@\"\n", quoted.join(" ")),
        )
        .expect("write the launcher");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path.to_string_lossy().into_owned()
    })
    .clone()
}

/// A `std::process::Command` for the binary under test, through `ATLAS_RUNNER` if set.
pub fn process() -> std::process::Command {
    let words = command_line();
    let mut cmd = std::process::Command::new(&words[0]);
    cmd.args(&words[1..]);
    cmd
}

/// 2026-12-01T00:00:00Z: the time every run sees unless a test sets `ATLAS_NOW`
/// itself, so that results do not depend on the day the suite runs: seven months
/// before the invites endpoints' sunset (2027-07-01), outside the sunset warning's
/// 180 days.
pub const NOW: &str = "1796083200";
/// 2027-07-01T00:00:00Z, the sunset: from then on `auto` uses the users API.
pub const SUNSET: &str = "1814400000";

/// `atlas ARGS` with an empty environment (PATH only, `ATLAS_NOW` at [`NOW`]) and a
/// fresh HOME.
pub fn atlas<S: AsRef<str>>(args: &[S]) -> Command {
    Command {
        args: args.iter().map(|s| s.as_ref().to_string()).collect(),
        env: vec![("ATLAS_NOW".to_string(), NOW.to_string())],
        home: None,
        no_home: false,
        memory_kib: None,
        stdin: None,
        cwd: None,
        timeout: Duration::from_secs(30),
        _dir: None,
    }
}

/// `atlas` with the arguments of `line` (split as `split` does).
pub fn cmd(line: &str) -> Command {
    atlas(&split(line))
}

/// Splits a command line written on one line into arguments:
/// - arguments are separated by runs of ASCII whitespace;
/// - `'…'` and `"…"` group what is between them verbatim (whitespace and the other
///   quote included) into the current argument, so `--role="A B"` is `--role=A B`
///   and `''` is an empty argument;
/// - there are no escapes; an unclosed quote is a mistake in the test and panics.
///
/// Arguments that need more than this (a quote of each kind, a newline that matters)
/// stay as `&[…]` arrays.
pub fn split(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let word = current.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(other) => word.push(other),
                        None => panic!("unclosed {c} in command line {line:?}"),
                    }
                }
            }
            c if c.is_ascii_whitespace() => args.extend(current.take()),
            c => current.get_or_insert_with(String::new).push(c),
        }
    }
    args.extend(current);
    args
}

#[test]
fn split_follows_its_documented_rules() {
    assert_eq!(
        split("  org invitations\tls --orgId a0123 -o json "),
        ["org", "invitations", "ls", "--orgId", "a0123", "-o", "json"]
    );
    assert_eq!(
        split(r#"a 'b c' --role="X Y" '' "it's" 'say "hi"'"#),
        ["a", "b c", "--role=X Y", "", "it's", "say \"hi\""]
    );
    assert!(split(" \n ").is_empty());
    assert!(std::panic::catch_unwind(|| split("a 'b")).is_err());
}

impl Command {
    pub fn env(mut self, k: &str, v: &str) -> Command {
        self.env.push((k.to_string(), v.to_string()));
        self
    }

    pub fn home(mut self, dir: &TestDir) -> Command {
        self.home = Some(dir.path.clone());
        self
    }

    /// No HOME in the environment (XDG_CONFIG_HOME is never set unless asked).
    pub fn without_home(mut self) -> Command {
        self.no_home = true;
        self
    }

    /// Caps the process's address space (via the shell's `ulimit -v`).
    pub fn memory_limit_kib(mut self, kib: u64) -> Command {
        self.memory_kib = Some(kib);
        self
    }

    /// Runs in `dir` (for relative paths in the environment).
    pub fn cwd(mut self, dir: &Path) -> Command {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    pub fn stdin(mut self, input: &[u8]) -> Command {
        self.stdin = Some(input.to_vec());
        self
    }

    pub fn run(mut self) -> Output {
        let home = match &self.home {
            Some(h) => h.clone(),
            None => {
                let d = TestDir::new();
                let p = d.path.clone();
                self._dir = Some(d);
                p
            }
        };
        let mut cmd = match self.memory_kib {
            Some(kib) => {
                let mut sh = std::process::Command::new("sh");
                sh.args(["-c", &format!("ulimit -v {kib} && exec \"$0\" \"$@\"")])
                    .args(command_line());
                sh
            }
            None => process(),
        };
        cmd.args(&self.args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        if !self.no_home {
            cmd.env("HOME", &home);
        }
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        let mut child = cmd.spawn().expect("spawn atlas");
        if let Some(input) = self.stdin.take() {
            use std::io::Write;
            let mut pipe = child.stdin.take().expect("stdin");
            std::thread::spawn(move || {
                let _ = pipe.write_all(&input);
            });
        }
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        let read = |mut r: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut v = Vec::new();
                let _ = r.read_to_end(&mut v);
                v
            })
        };
        let (out_t, err_t) = (read(Box::new(out)), read(Box::new(err)));
        let started = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().expect("wait") {
                break s;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "atlas {:?} did not finish within {:?}",
                    self.args, self.timeout
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let raw_stdout = out_t.join().unwrap_or_default();
        Output {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&raw_stdout).into_owned(),
            raw_stdout,
            stderr: String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned(),
        }
    }
}
