//! Apache httpd on loopback with mod_auth_digest in front of a CGI that answers
//! like Atlas: a third-party Digest server (and, with `start_with`, a proxy).

use super::tools::{free_port, require};
use super::{recorded, TestDir};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

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

impl Apache {
    /// Digest for `user`/`password` in front of the CGI, nothing else.
    pub fn start(user: &str, password: &str) -> Option<Apache> {
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
        let ha1 = atlas::transport::md5::hex(&atlas::transport::md5::md5(
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
