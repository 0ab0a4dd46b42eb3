//! TLS and proxies against real servers on loopback: Apache httpd with mod_ssl (a
//! certificate from a CA made here) and mod_proxy_connect, Digest inside the tunnel.

use crate::support::{
    against_url, free_port, require, settled_log, split, Apache, ORG, PRIVATE, PUBLIC,
};
use std::net::ToSocketAddrs;
use std::path::Path;
use std::process::Command;

/// A name other than `localhost` that resolves to a loopback address: Go (and atlas)
/// never proxy `localhost` or loopback IPs, so the proxied target needs another name.
fn loopback_name() -> Option<String> {
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let mut names: Vec<String> = vec![hostname.trim().to_string()];
    names.extend(
        [
            "ip6-localhost",
            "ip6-loopback",
            "localhost.localdomain",
            "vm",
            "runsc",
        ]
        .map(String::from),
    );
    names
        .into_iter()
        .filter(|n| !n.is_empty() && n != "localhost")
        .find(|n| {
            (n.as_str(), 443)
                .to_socket_addrs()
                .map(|mut a| a.all(|s| s.ip().is_loopback()))
                .unwrap_or(false)
                && (n.as_str(), 443)
                    .to_socket_addrs()
                    .map(|a| a.count() > 0)
                    .unwrap_or(false)
        })
}

fn connects(log: &str) -> usize {
    log.lines().filter(|l| l.contains("CONNECT")).count()
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A private CA and a server certificate for `name`, localhost and 127.0.0.1.
pub fn make_certs(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=atlas test CA",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            &format!("/CN={name}"),
        ],
    );
    std::fs::write(
        dir.join("ext.cnf"),
        format!("subjectAltName=DNS:{name},DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"),
    )
    .expect("write ext.cnf");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
}

#[test]
fn https_through_a_connect_proxy_with_a_private_ca() {
    if !require("/usr/bin/openssl") || !require("/usr/lib/apache2/modules/mod_proxy_connect.so") {
        return;
    }
    let Some(name) = loopback_name() else {
        eprintln!("skipping: no non-localhost name resolves to loopback here");
        return;
    };
    let (Some(tls_port), Some(proxy_port), Some(auth_proxy_port)) =
        (free_port(), free_port(), free_port())
    else {
        return;
    };
    let Some(apache) = Apache::start_with(PUBLIC, PRIVATE, |d, _| {
        make_certs(d, &name);
        // `{SHA}` + base64(SHA-1) is an htpasswd format Apache reads without tools.
        let sha = Command::new("openssl")
            .args(["dgst", "-sha1", "-binary"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin
                    .take()
                    .map(|mut i| i.write_all(b"proxy-pass-secret"));
                c.wait_with_output()
            })
            .expect("openssl dgst");
        let line = format!(
            "proxyuser:{{SHA}}{}\n",
            atlas::go::base64::encode_std(&sha.stdout)
        );
        std::fs::write(d.join("proxy.htpasswd"), line).expect("htpasswd");
        let m = "/usr/lib/apache2/modules";
        let d = d.display();
        format!(
            "LoadModule ssl_module {m}/mod_ssl.so
LoadModule socache_shmcb_module {m}/mod_socache_shmcb.so
LoadModule proxy_module {m}/mod_proxy.so
LoadModule proxy_connect_module {m}/mod_proxy_connect.so
LoadModule authz_host_module {m}/mod_authz_host.so
LoadModule auth_basic_module {m}/mod_auth_basic.so
Listen 127.0.0.1:{tls_port}
Listen 127.0.0.1:{proxy_port}
Listen 127.0.0.1:{auth_proxy_port}
SSLSessionCache shmcb:{d}/logs/ssl_scache(512000)
<VirtualHost 127.0.0.1:{tls_port}>
  SSLEngine on
  SSLCertificateFile {d}/server.pem
  SSLCertificateKeyFile {d}/server.key
  CustomLog {d}/logs/tls.log keepalive
</VirtualHost>
<VirtualHost 127.0.0.1:{proxy_port}>
  ProxyRequests On
  AllowCONNECT {tls_port}
  CustomLog {d}/logs/proxy.log keepalive
  <Proxy \"*\">
    Require ip 127.0.0.1
  </Proxy>
</VirtualHost>
<VirtualHost 127.0.0.1:{auth_proxy_port}>
  ProxyRequests On
  AllowCONNECT {tls_port}
  CustomLog {d}/logs/auth_proxy.log keepalive
  <Proxy \"*\">
    AuthType Basic
    AuthName proxy
    AuthBasicProvider file
    AuthUserFile {d}/proxy.htpasswd
    Require valid-user
  </Proxy>
</VirtualHost>
"
        )
    }) else {
        return;
    };
    let ca = apache.dir.path.join("ca.pem");
    let base = format!("https://{name}:{tls_port}");
    let proxy = format!("http://127.0.0.1:{proxy_port}");
    let run = |extra: &[(&str, &str)]| {
        let mut c = against_url(
            &base,
            &split(&format!(
                "org invitations invite test-783@mongodb.com --orgId {ORG} -o json-path=$.username"
            )),
        );
        for (k, v) in extra {
            c = c.env(k, v);
        }
        c.run()
    };

    // Through the proxy, trusting the private CA: Digest completes inside one tunnel.
    run(&[
        ("HTTPS_PROXY", &proxy),
        ("SSL_CERT_FILE", ca.to_str().unwrap()),
    ])
    .assert_ok("\"test-783@mongodb.com\"\n");
    let proxy_log = settled_log(&apache, "proxy.log", |l| connects(l) >= 1);
    assert_eq!(
        proxy_log.lines().filter(|l| l.contains("CONNECT")).count(),
        1,
        "{proxy_log}"
    );
    assert!(
        proxy_log.contains(&format!("CONNECT {name}:{tls_port}")),
        "{proxy_log}"
    );
    let tls_log = settled_log(&apache, "tls.log", |l| l.lines().count() >= 2);
    let lines: Vec<&str> = tls_log.lines().collect();
    assert_eq!(lines.len(), 2, "{tls_log}");
    assert!(
        lines[0].ends_with(" 401") && lines[1].ends_with(" 200"),
        "{tls_log}"
    );
    assert!(
        lines[1].starts_with("127.0.0.1 1 "),
        "the answer reused the connection: {tls_log}"
    );

    // A proxy that wants Basic credentials gets them from the proxy URL.
    let auth_proxy = format!("http://proxyuser:proxy-pass-secret@127.0.0.1:{auth_proxy_port}");
    let out = run(&[
        ("HTTPS_PROXY", &auth_proxy),
        ("SSL_CERT_FILE", ca.to_str().unwrap()),
    ]);
    out.assert_ok("\"test-783@mongodb.com\"\n");
    assert!(!out.stderr.contains("proxy-pass-secret"));
    let auth_log = settled_log(&apache, "auth_proxy.log", |l| {
        l.lines()
            .any(|l| l.contains("CONNECT") && l.ends_with(" 200"))
    });
    assert!(
        auth_log
            .lines()
            .any(|l| l.contains("CONNECT") && l.ends_with(" 200")),
        "{auth_log}"
    );
    let out = run(&[
        (
            "HTTPS_PROXY",
            &format!("http://proxyuser:wrong@127.0.0.1:{auth_proxy_port}"),
        ),
        ("SSL_CERT_FILE", ca.to_str().unwrap()),
    ]);
    out.assert_error(&format!(
        "Post \"{base}/api/atlas/v2/orgs/{ORG}/invites\": the proxy refused the CONNECT (407 Proxy Authentication Required): check the user and password in HTTPS_PROXY"
    ));

    // SSL_CERT_DIR works the same way.
    let certs = apache.dir.path.join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    std::fs::copy(&ca, certs.join("ca.pem")).unwrap();
    run(&[("SSL_CERT_DIR", certs.to_str().unwrap())]).assert_ok("\"test-783@mongodb.com\"\n");

    // NO_PROXY (trimmed entries, any case) sends it direct.
    run(&[
        ("HTTPS_PROXY", &proxy),
        ("NO_PROXY", &format!("example.com, {}", name.to_uppercase())),
        ("SSL_CERT_FILE", ca.to_str().unwrap()),
    ])
    .assert_ok("\"test-783@mongodb.com\"\n");
    assert_eq!(
        apache
            .log("proxy.log")
            .lines()
            .filter(|l| l.contains("CONNECT"))
            .count(),
        1
    );

    // HTTP_PROXY alone is not used for https targets (Go's rule).
    run(&[
        ("HTTP_PROXY", "http://127.0.0.1:1"),
        ("SSL_CERT_FILE", ca.to_str().unwrap()),
    ])
    .assert_ok("\"test-783@mongodb.com\"\n");

    // Without the private CA the bundled roots refuse the certificate, and say what to do.
    let out = run(&[("HTTPS_PROXY", &proxy)]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(&format!("Error: Post \"{base}/api/atlas/v2/orgs/{ORG}/invites\": tls: failed to verify certificate for {name}: "))
            && out.stderr.ends_with("(if a proxy or gateway re-signs TLS, set SSL_CERT_FILE to its CA bundle)\n"),
        "{}",
        out.stderr
    );

    // A bundle that is not PEM is a clear local error.
    let junk = apache.dir.write("junk.pem", "not a certificate");
    let out = run(&[("SSL_CERT_FILE", junk.to_str().unwrap())]);
    out.assert_error(&format!(
        "SSL_CERT_FILE {} holds no PEM certificates",
        junk.display()
    ));
}

/// Decision no-socks-proxies: a SOCKS proxy is refused with a clear error; the request
/// neither goes around it (straight to the server) nor crashes the process.
#[test]
fn a_socks_proxy_is_refused_not_bypassed() {
    let Some(name) = loopback_name() else {
        eprintln!("skipping: no non-localhost name resolves to loopback here");
        return;
    };
    let server = crate::support::fake();
    let base = format!("http://{name}:{}", server.port());
    for (var, proxy) in [
        ("HTTP_PROXY", "socks5://127.0.0.1:1"),
        ("http_proxy", "socks5h://127.0.0.1:1"),
        ("HTTP_PROXY", "socks4://127.0.0.1:1"),
    ] {
        against_url(&base, &split(&format!("org invitations ls --orgId {ORG}")))
            .env(var, proxy)
            .run()
            .assert_error("unsupported proxy in the environment: atlas speaks to http:// and https:// proxies, not SOCKS");
    }
    assert!(server.requests().is_empty());
}
