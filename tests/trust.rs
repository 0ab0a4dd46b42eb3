//! Trust: which roots, and when. Roots are loaded only when an https request needs them
//! (a bad bundle is harmless for plain http and `--dry-run`, and an error for https even
//! when the server is down); `SSL_CERT_DIR` takes several directories, hash links and
//! files that are not certificates; and the verifier that hands webpki only the roots
//! that can sign the chain answers exactly as rustls' own verifier over all of them.

use crate::support::{
    against_url, fake, free_port, recorded, require, Apache, Canned, TestDir, ORG, PRIVATE, PUBLIC,
};
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

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

/// Certificates made with openssl in one directory: `<name>.pem`, `<name>.key`.
struct Pki {
    dir: TestDir,
}

impl Pki {
    fn new() -> Pki {
        Pki {
            dir: TestDir::new(),
        }
    }

    fn key_and_csr(&self, name: &str, subject: &str) {
        openssl(
            &self.dir.path,
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.csr"),
                "-subj",
                subject,
            ],
        );
    }

    /// A self-signed root (X.509 v3, or v1 without extensions when `v1`).
    fn root(&self, name: &str, subject: &str, v1: bool) {
        self.key_and_csr(name, subject);
        let (key, csr, pem) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.pem"),
        );
        let mut args = vec![
            "x509", "-req", "-in", &csr, "-signkey", &key, "-out", &pem, "-days", "3",
        ];
        let ext = format!("{name}.ext");
        if !v1 {
            self.dir.write(
                &ext,
                "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n",
            );
            args.extend(["-extfile", &ext]);
        }
        openssl(&self.dir.path, &args);
    }

    /// A certificate for `subject` signed by `issuer`; `ext` holds its v3 extensions.
    fn issue(&self, name: &str, subject: &str, issuer: &str, ext: &str, days: &str) {
        self.key_and_csr(name, subject);
        self.dir.write(&format!("{name}.ext"), ext);
        openssl(
            &self.dir.path,
            &[
                "x509",
                "-req",
                "-in",
                &format!("{name}.csr"),
                "-CA",
                &format!("{issuer}.pem"),
                "-CAkey",
                &format!("{issuer}.key"),
                "-CAcreateserial",
                "-out",
                &format!("{name}.pem"),
                "-days",
                days,
                "-extfile",
                &format!("{name}.ext"),
            ],
        );
    }

    fn der(&self, name: &str) -> Vec<u8> {
        let out = Command::new("openssl")
            .args(["x509", "-outform", "DER", "-in", &format!("{name}.pem")])
            .current_dir(&self.dir.path)
            .output()
            .expect("openssl");
        assert!(out.status.success());
        out.stdout
    }

    fn pem(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path.join(format!("{name}.pem"))).expect("pem")
    }
}

const LEAF: &str = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:a.test,DNS:localhost,IP:127.0.0.1\n";
const INTERMEDIATE: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n";

/// The roots the verifier saw before this change: ureq's PEM reader over the file, every
/// certificate rustls can turn into an anchor, all of them in one store.
fn reference_verifier(bundle: &str) -> Arc<dyn ServerCertVerifier> {
    let pem = std::fs::read(bundle).expect("bundle");
    let certs = ureq::tls::parse_pem(&pem).filter_map(|i| match i {
        Ok(ureq::tls::PemItem::Certificate(c)) => Some(CertificateDer::from(c.der().to_vec())),
        _ => None,
    });
    let mut store = rustls::RootCertStore::empty();
    store.add_parsable_certificates(certs);
    rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(store),
        Arc::new(rustls::crypto::ring::default_provider()),
    )
    .build()
    .expect("reference verifier")
}

fn sources(file: &str) -> atlas::transport::roots::Sources {
    let env: atlas::config::Env = [("SSL_CERT_FILE".to_string(), file.to_string())].into();
    atlas::transport::roots::Sources::from_env(&env).expect("sources")
}

#[test]
fn the_verifier_answers_as_webpki_over_every_root() {
    if !require("/usr/bin/openssl") {
        return;
    }
    let pki = Pki::new();
    pki.root("rootA", "/O=atlas/CN=Trust Root A", false);
    // Same subject, another key: webpki must try both when both are trusted.
    pki.root("rootA2", "/O=atlas/CN=Trust Root A", false);
    pki.root("rootB", "/CN=Trust Root B", false);
    pki.root("rootV1", "/CN=Trust Root V1", true);
    pki.issue(
        "interB",
        "/CN=Trust Intermediate B",
        "rootB",
        INTERMEDIATE,
        "3",
    );
    pki.issue("leafA", "/CN=a.test", "rootA", LEAF, "2");
    pki.issue("leafA2", "/CN=a.test", "rootA2", LEAF, "2");
    pki.issue("leafB", "/CN=a.test", "interB", LEAF, "2");
    pki.issue("leafV1", "/CN=a.test", "rootV1", LEAF, "2");
    pki.issue("expired", "/CN=a.test", "rootA", LEAF, "-1");
    pki.root("selfsigned", "/CN=a.test", false);

    let distro = std::fs::read_to_string("/etc/ssl/certs/ca-certificates.crt").unwrap_or_default();
    let bundles = [
        ("roots A, B, v1 among the distribution's", {
            format!(
                "{distro}{}{}{}",
                pki.pem("rootA"),
                pki.pem("rootB"),
                pki.pem("rootV1")
            )
        }),
        ("impostor A2 before A, A twice", {
            format!(
                "{}{distro}{}{}",
                pki.pem("rootA2"),
                pki.pem("rootA"),
                pki.pem("rootA")
            )
        }),
        ("only the impostor", pki.pem("rootA2")),
        ("an intermediate trusted as a root", pki.pem("interB")),
    ];
    let der = |n: &str| pki.der(n);
    let garbage = b"\x30\x03\x02\x01\x01".to_vec();
    let chains: Vec<(&str, Vec<Vec<u8>>)> = vec![
        ("leaf A", vec![der("leafA")]),
        ("leaf A2", vec![der("leafA2")]),
        ("leaf B + intermediate", vec![der("leafB"), der("interB")]),
        ("leaf B alone", vec![der("leafB")]),
        (
            "leaf B + unrelated + intermediate",
            vec![der("leafB"), der("leafA"), der("interB")],
        ),
        (
            "leaf B + garbage intermediate",
            vec![der("leafB"), garbage.clone()],
        ),
        ("leaf from the v1 root", vec![der("leafV1")]),
        ("expired", vec![der("expired")]),
        ("self-signed", vec![der("selfsigned")]),
        ("garbage", vec![garbage]),
        ("a root as the leaf", vec![der("rootA")]),
    ];
    let mut outcomes = std::collections::BTreeMap::new();
    for (bundle_name, bundle) in &bundles {
        let path = pki.dir.write("bundle.pem", bundle);
        let path = path.to_str().expect("path");
        let ours = atlas::transport::tls::env_roots_verifier(&sources(path)).expect("our verifier");
        let reference = reference_verifier(path);
        for (chain_name, chain) in &chains {
            let certs: Vec<CertificateDer> =
                chain.iter().map(|c| CertificateDer::from(&c[..])).collect();
            for host in ["a.test", "b.test"] {
                let name = ServerName::try_from(host).expect("name");
                let now = UnixTime::now();
                let verify = |v: &Arc<dyn ServerCertVerifier>| {
                    format!(
                        "{:?}",
                        v.verify_server_cert(&certs[0], &certs[1..], &name, &[], now)
                            .map(|_| ())
                    )
                };
                let (got, want) = (verify(&ours), verify(&reference));
                assert_eq!(got, want, "{bundle_name}: {chain_name} for {host}");
                outcomes.insert((*bundle_name, *chain_name, host), want);
            }
        }
        assert_eq!(
            ours.supported_verify_schemes(),
            reference.supported_verify_schemes()
        );
    }
    // The cases reach acceptance (also through the v1 root, an intermediate, and past an
    // impostor with the same subject) and several distinct rejections.
    let outcome =
        |b: usize, chain: &'static str| outcomes[&(bundles[b].0, chain, "a.test")].clone();
    assert_eq!(outcome(0, "leaf A"), "Ok(())");
    assert_eq!(outcome(0, "leaf from the v1 root"), "Ok(())");
    assert_eq!(outcome(0, "leaf B + intermediate"), "Ok(())");
    assert_eq!(outcome(1, "leaf A"), "Ok(())");
    assert_eq!(outcome(1, "leaf A2"), "Ok(())");
    assert_eq!(
        outcome(2, "leaf A"),
        "Err(InvalidCertificate(BadSignature))"
    );
    assert_eq!(outcome(3, "leaf B alone"), "Ok(())");
    let distinct: std::collections::BTreeSet<_> = outcomes.values().collect();
    assert!(distinct.len() >= 6, "{distinct:?}");
}

/// `invite` against `base` with `SSL_CERT_*` settings.
fn invite(base: &str, env: &[(&str, &str)], extra: &[&str]) -> crate::support::Output {
    let mut args = vec![
        "org",
        "invitations",
        "invite",
        "test-783@mongodb.com",
        "--orgId",
        ORG,
        "-o",
        "json-path=$.username",
    ];
    args.extend_from_slice(extra);
    let mut c = against_url(base, &args);
    for (k, v) in env {
        c = c.env(k, v);
    }
    c.run()
}

#[test]
fn a_bad_bundle_matters_only_when_https_needs_it() {
    let dir = TestDir::new();
    let missing = dir.file("missing.pem");
    let empty = dir.write("empty.pem", "");
    let garbage = dir.write("garbage.pem", "\u{1}\u{2} not PEM at all\n");
    let broken = dir.write(
        "broken.pem",
        "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
    );
    // Tests run as root, for whom file permissions do not stop a read: a directory is
    // a real unreadable bundle (read fails with EISDIR).
    let unreadable = dir.path.join("a-directory.pem");
    std::fs::create_dir_all(&unreadable).expect("mkdir");
    let no_certs_dir = dir.write("nothing/README", "no certificates here\n");
    let no_certs_dir = no_certs_dir.parent().expect("dir").to_str().expect("utf-8");
    let missing_and_empty = format!("{missing}:{no_certs_dir}:");
    let cases: Vec<(Vec<(&str, &str)>, String)> = vec![
        (
            vec![("SSL_CERT_FILE", &missing)],
            format!("cannot read SSL_CERT_FILE {missing}: No such file or directory (os error 2)"),
        ),
        (
            vec![("SSL_CERT_FILE", unreadable.to_str().expect("utf-8"))],
            format!(
                "cannot read SSL_CERT_FILE {}: Is a directory (os error 21)",
                unreadable.display()
            ),
        ),
        (
            vec![("SSL_CERT_FILE", empty.to_str().expect("utf-8"))],
            format!(
                "SSL_CERT_FILE {} holds no PEM certificates",
                empty.display()
            ),
        ),
        (
            vec![("SSL_CERT_FILE", garbage.to_str().expect("utf-8"))],
            format!(
                "SSL_CERT_FILE {} holds no PEM certificates",
                garbage.display()
            ),
        ),
        (
            vec![("SSL_CERT_FILE", broken.to_str().expect("utf-8"))],
            format!(
                "SSL_CERT_FILE {} holds no PEM certificates",
                broken.display()
            ),
        ),
        (
            vec![("SSL_CERT_DIR", no_certs_dir)],
            "SSL_CERT_FILE / SSL_CERT_DIR hold no PEM certificates".to_string(),
        ),
        (
            vec![("SSL_CERT_FILE", ""), ("SSL_CERT_DIR", &missing_and_empty)],
            "SSL_CERT_FILE / SSL_CERT_DIR hold no PEM certificates".to_string(),
        ),
    ];
    let server = fake();
    // A closed port: the bundle is the error, before any connection is tried.
    let closed = format!("https://127.0.0.1:{}", free_port().expect("port"));
    for (env, message) in &cases {
        let out = invite(&closed, env, &[]);
        out.assert_error(message);

        // Plain http never reads the bundle.
        server.push(Canned::json(200, recorded::INVITE));
        invite(&server.url(), env, &[]).assert_ok("\"test-783@mongodb.com\"\n");

        // Nor does a dry run, even of an https request.
        let out = invite(&closed, env, &["--dry-run"]);
        assert_eq!(out.code, 0, "{env:?}: {}", out.stderr);
        assert!(
            out.stdout.starts_with("POST https://127.0.0.1:"),
            "{}",
            out.stdout
        );

        // A bulk invitation stops at the first item: every item would fail the same way.
        let file = dir.write(
            "team.json",
            r#"[{"username":"a@b.c","roles":["ORG_MEMBER"]},{"username":"d@e.f","roles":["ORG_MEMBER"]}]"#,
        );
        let mut c = against_url(
            &closed,
            &[
                "org",
                "invitations",
                "invite",
                "-f",
                file.to_str().expect("utf-8"),
                "--orgId",
                ORG,
            ],
        );
        for (k, v) in env {
            c = c.env(k, v);
        }
        c.run().assert_error(message);
    }
    // Only the plain-http requests reached the server.
    assert_eq!(
        server.requests().iter().filter(|r| r.authorized).count(),
        cases.len()
    );
}

#[test]
fn ssl_cert_dir_takes_directories_links_and_other_files() {
    if !require("/usr/bin/openssl") || !require("/usr/lib/apache2/modules/mod_ssl.so") {
        return;
    }
    let Some(tls_port) = free_port() else {
        return;
    };
    let Some(apache) = Apache::start_with(PUBLIC, PRIVATE, |d, _| {
        crate::tls_proxy::make_certs(d, "localhost");
        let m = "/usr/lib/apache2/modules";
        let d = d.display();
        format!(
            "LoadModule ssl_module {m}/mod_ssl.so
LoadModule socache_shmcb_module {m}/mod_socache_shmcb.so
Listen 127.0.0.1:{tls_port}
SSLSessionCache shmcb:{d}/logs/ssl_scache(512000)
<VirtualHost 127.0.0.1:{tls_port}>
  SSLEngine on
  SSLCertificateFile {d}/server.pem
  SSLCertificateKeyFile {d}/server.key
</VirtualHost>
"
        )
    }) else {
        return;
    };
    let base = format!("https://localhost:{tls_port}");
    let ca = std::fs::read_to_string(apache.dir.path.join("ca.pem")).expect("ca");
    let ok = "\"test-783@mongodb.com\"\n";
    let dirs = TestDir::new();
    // First directory: things that are not certificates (a key, text, binary, a
    // subdirectory, a dangling link, a CRL-like section); second: the CA behind an
    // OpenSSL-style hash link and under its own name; third: missing.
    let key = std::fs::read_to_string(apache.dir.path.join("ca.key")).expect("key");
    dirs.write("junk/ca.key", &key);
    dirs.write("junk/README", "certificates live elsewhere\n");
    std::fs::write(dirs.path.join("junk/blob.bin"), [0u8, 159, 146, 150, 255]).expect("blob");
    dirs.write(
        "junk/sub/other.txt",
        "-----BEGIN X509 CRL-----\nTWFu\n-----END X509 CRL-----\n",
    );
    std::os::unix::fs::symlink("nowhere.pem", dirs.path.join("junk/dangling.0")).expect("link");
    dirs.write("certs/ca.pem", &ca);
    std::os::unix::fs::symlink("ca.pem", dirs.path.join("certs/5d1d4f6a.0")).expect("link");
    let dir = |d: &str| dirs.file(d);
    let several = format!("{}:{}::{}", dir("junk"), dir("missing"), dir("certs"));
    invite(&base, &[("SSL_CERT_DIR", &several)], &[]).assert_ok(ok);
    // The hash link alone (its target is in another directory, so it is read).
    dirs.write("target/the-ca.crt", &ca);
    std::fs::create_dir_all(dirs.path.join("links")).expect("mkdir");
    std::os::unix::fs::symlink(
        dirs.path.join("target/the-ca.crt"),
        dirs.path.join("links/5d1d4f6a.0"),
    )
    .expect("link");
    invite(&base, &[("SSL_CERT_DIR", &dir("links"))], &[]).assert_ok(ok);
    // A file and directories together: the file's roots and the directories' all count.
    let distro = "/etc/ssl/certs/ca-certificates.crt";
    if Path::new(distro).exists() {
        invite(
            &base,
            &[("SSL_CERT_FILE", distro), ("SSL_CERT_DIR", &several)],
            &[],
        )
        .assert_ok(ok);
        let bundle = dirs.write(
            "bundle.pem",
            &(std::fs::read_to_string(distro).expect("distro") + &ca),
        );
        invite(
            &base,
            &[("SSL_CERT_FILE", bundle.to_str().expect("utf-8"))],
            &[],
        )
        .assert_ok(ok);
    }
    // Directories without any certificate: the error names both variables.
    invite(&base, &[("SSL_CERT_DIR", &dir("junk"))], &[])
        .assert_error("SSL_CERT_FILE / SSL_CERT_DIR hold no PEM certificates");
    // Certificates, but not the CA: the server is refused, with the advice.
    dirs.write(
        "other/other-ca.pem",
        &std::fs::read_to_string(apache.dir.path.join("server.pem")).expect("pem"),
    );
    let out = invite(&base, &[("SSL_CERT_DIR", &dir("other"))], &[]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with(&format!("Error: Post \"{base}/api/atlas/v2/orgs/{ORG}/invites\": tls: failed to verify certificate for localhost: "))
            && out.stderr.ends_with("(if a proxy or gateway re-signs TLS, set SSL_CERT_FILE to its CA bundle)\n"),
        "{}",
        out.stderr
    );
}
