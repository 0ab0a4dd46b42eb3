//! Digest against third parties: curl checks our fake (so it is not tuned to our
//! client), and our client talks to Apache httpd's mod_auth_digest.

use crate::support::{fake, recorded, Canned, TestDir, ORG, PRIVATE, PUBLIC};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// In CI a missing tool is a failure; on a developer machine the test says it skipped.
pub fn require(tool: &str) -> bool {
    if Path::new(tool).exists() {
        return true;
    }
    if std::env::var("CI").is_ok() {
        panic!("{tool} is required in CI (installed by .ci/run)");
    }
    eprintln!("skipping: {tool} is not installed (.ci/run installs it)");
    false
}

#[test]
fn curl_digest_against_the_fake() {
    if !require("/usr/bin/curl") {
        return;
    }
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    let url = format!(
        "{}/api/atlas/v2/orgs/{ORG}/invites?username=a%40b.c",
        server.url()
    );
    let out = Command::new("curl")
        .args([
            "-sS",
            "--digest",
            "-u",
            &format!("{PUBLIC}:{PRIVATE}"),
            "-H",
            "Accept: application/vnd.atlas.2023-01-01+json",
            &url,
        ])
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("ALL_PROXY")
        .output()
        .expect("curl");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), recorded::INVITE);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(!reqs[0].authorized && reqs[1].authorized);

    // Wrong password: refused.
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--digest",
            "-u",
            &format!("{PUBLIC}:nope"),
            &url,
        ])
        .output()
        .expect("curl");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "401");
}

/// Apache writes a log line when the request (or tunnel) is done, which can be just
/// after our process exits: wait briefly for the log to satisfy `ok`.
pub fn settled_log(apache: &Apache, name: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let log = apache.log(name);
        if ok(&log) || std::time::Instant::now() > deadline {
            return log;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Apache httpd on loopback with mod_auth_digest in front of a CGI that answers like Atlas.
pub struct Apache {
    pub dir: TestDir,
    pub port: u16,
}

pub fn free_port() -> Option<u16> {
    Some(
        std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port(),
    )
}

impl Apache {
    fn start(user: &str, password: &str) -> Option<Apache> {
        Self::start_with(user, password, |_, _| String::new())
    }

    /// `extra(dir, port)` appends configuration (more modules, vhosts, listeners).
    pub fn start_with(
        user: &str,
        password: &str,
        extra: impl Fn(&Path, u16) -> String,
    ) -> Option<Apache> {
        if !require("/usr/sbin/apache2") {
            return None;
        }
        let dir = TestDir::new();
        let port = free_port()?;
        let realm = "MMS Public API";
        let ha1 = atlas::api::md5::hex(&atlas::api::md5::md5(
            format!("{user}:{realm}:{password}").as_bytes(),
        ));
        dir.write("htdigest", &format!("{user}:{realm}:{ha1}\n"));
        let body = recorded::INVITE;
        // The CGI must read its request body, or Apache resets the connection.
        let cgi = dir.write(
            "cgi/api.sh",
            &format!(
                "#!/bin/sh\nhead -c \"${{CONTENT_LENGTH:-0}}\" > /dev/null\nprintf 'Content-Type: application/vnd.atlas.2023-01-01+json;charset=utf-8\\r\\n\\r\\n'\nif [ \"$REQUEST_METHOD\" = GET ]; then printf '[%s]' '{body}'; else printf '%s' '{body}'; fi\n"
            ),
        );
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cgi, std::fs::Permissions::from_mode(0o755)).ok()?;
        std::fs::set_permissions(&dir.path, std::fs::Permissions::from_mode(0o755)).ok()?;
        std::fs::create_dir_all(dir.path.join("logs")).ok()?;
        let d = dir.path.display();
        let m = "/usr/lib/apache2/modules";
        let conf = format!(
            "ServerRoot {d}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
PidFile {d}/logs/httpd.pid
ErrorLog {d}/logs/error.log
LogFormat \"%h %k %r %>s\" keepalive
CustomLog {d}/logs/access.log keepalive
User nobody
Group nogroup
LoadModule mpm_event_module {m}/mod_mpm_event.so
LoadModule authn_core_module {m}/mod_authn_core.so
LoadModule authn_file_module {m}/mod_authn_file.so
LoadModule authz_core_module {m}/mod_authz_core.so
LoadModule authz_user_module {m}/mod_authz_user.so
LoadModule auth_digest_module {m}/mod_auth_digest.so
LoadModule alias_module {m}/mod_alias.so
LoadModule cgid_module {m}/mod_cgid.so
ScriptSock {d}/logs/cgisock
ScriptAliasMatch ^/api/atlas/v2/ {d}/cgi/api.sh
KeepAlive On
<Location /api/atlas/v2>
  AuthType Digest
  AuthName \"{realm}\"
  AuthDigestDomain /api/atlas/v2
  AuthDigestProvider file
  AuthUserFile {d}/htdigest
  Require valid-user
</Location>
{}",
            extra(&dir.path, port)
        );
        let conf_path = dir.write("httpd.conf", &conf);
        let status = Command::new("/usr/sbin/apache2")
            .args(["-f", conf_path.to_str()?, "-k", "start"])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("APACHE_RUN_DIR", dir.path.join("logs"))
            .status()
            .ok()?;
        assert!(
            status.success(),
            "apache2 failed to start: {}",
            std::fs::read_to_string(dir.path.join("logs/error.log")).unwrap_or_default()
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "apache2 did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Apache { dir, port })
    }

    pub fn access_log(&self) -> String {
        self.log("access.log")
    }

    pub fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path.join("logs").join(name)).unwrap_or_default()
    }
}

impl Drop for Apache {
    fn drop(&mut self) {
        let conf = self.dir.path.join("httpd.conf");
        let _ = Command::new("/usr/sbin/apache2")
            .args(["-f", &conf.to_string_lossy(), "-k", "stop"])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .status();
        // Wait for the pid file to go, so the directory can be removed.
        let pid = self.dir.path.join("logs/httpd.pid");
        let deadline = Instant::now() + Duration::from_secs(10);
        while pid.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn apache_mod_auth_digest_accepts_our_answers() {
    let Some(apache) = Apache::start(PUBLIC, PRIVATE) else {
        return;
    };
    let url = format!("http://127.0.0.1:{}", apache.port);
    for args in [
        &[
            "org",
            "invitations",
            "invite",
            "test-783@mongodb.com",
            "--orgId",
            ORG,
            "-o",
            "json",
        ][..],
        &[
            "org",
            "invitations",
            "ls",
            "--orgId",
            ORG,
            "--email",
            "a+b@c.d",
            "-o",
            "json",
        ][..],
    ] {
        let out = crate::support::against_url(&url, args).run();
        assert_eq!(out.code, 0, "{}\n{}", out.stderr, apache.access_log());
    }
    let log = settled_log(&apache, "access.log", |l| l.lines().count() >= 4);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 4, "{log}");
    assert!(
        lines[0].ends_with(" 401") && lines[1].ends_with(" 200"),
        "{log}"
    );
    // %k: the answer was the second request on the same keep-alive connection.
    assert!(lines[1].starts_with("127.0.0.1 1 "), "{log}");
    assert!(
        lines[2].contains("GET /api/atlas/v2/orgs/") && lines[2].contains("?username=a%2Bb%40c.d"),
        "{log}"
    );

    let out = crate::support::atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &url)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", PUBLIC)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong")
        .run();
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("Error: "), "{}", out.stderr);
}
