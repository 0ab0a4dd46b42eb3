//! Every file atlas reads is read with a cap, whatever it is: a device behind a
//! symlink, a FIFO that never ends, a `/proc` file whose size says 0. The process
//! runs under an address-space limit, so an unbounded read fails the test instead
//! of passing slowly.

use crate::support::{
    against_line, against_url, atlas, fake, free_port, recorded, split, Canned, TestDir, ORG,
};
use std::os::unix::fs::symlink;
use std::path::Path;

/// Far above what a capped read needs (16 MiB plus the binary), far below what an
/// unbounded read of an endless source would reach before the harness deadline.
const MEMORY_KIB: u64 = 512 * 1024;

#[test]
fn a_config_file_linked_to_dev_zero() {
    let dir = TestDir::new();
    let cfg = dir.path.join(".config/atlascli/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    symlink("/dev/zero", &cfg).unwrap();
    atlas(&["org", "invitations", "ls", "--orgId", ORG])
        .home(&dir)
        .memory_limit_kib(MEMORY_KIB)
        .run()
        .assert_error(&format!(
            "cannot read {}: larger than the 1048576-byte limit for a configuration file",
            cfg.display()
        ));
}

/// A writer that feeds `yes` into a FIFO; killed and reaped on drop whatever happened.
struct Yes(std::process::Child);

impl Yes {
    fn into(fifo: &Path) -> Yes {
        let status = std::process::Command::new("mkfifo")
            .arg(fifo)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        // `exec` so that the shell's pid is `yes` itself; the open blocks until
        // atlas opens the FIFO for reading.
        let child = std::process::Command::new("sh")
            .args(["-c", "exec yes > \"$0\""])
            .arg(fifo)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn yes");
        Yes(child)
    }
}

impl Drop for Yes {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_request_file_that_is_an_endless_fifo() {
    let server = fake();
    let dir = TestDir::new();
    let fifo = dir.path.join("team.json");
    let writer = Yes::into(&fifo);
    against_line(
        &server,
        &format!("org invitations invite -f {} --orgId {ORG}", fifo.display()),
    )
    .memory_limit_kib(MEMORY_KIB)
    .run()
    .assert_error(&format!(
        "{}: larger than the 16777216-byte limit for an invitation file",
        fifo.display()
    ));
    drop(writer);
    assert_eq!(server.connections(), 0);
}

#[test]
fn a_template_file_and_a_ca_bundle_linked_to_dev_zero() {
    let server = fake();
    let dir = TestDir::new();
    let zero = dir.path.join("zero.tmpl");
    symlink("/dev/zero", &zero).unwrap();
    server.push(Canned::json(200, recorded::INVITE));
    against_line(
        &server,
        &format!(
            "org invitations describe x --orgId {ORG} -o go-template-file={}",
            zero.display()
        ),
    )
    .memory_limit_kib(MEMORY_KIB)
    .run()
    .assert_error(&format!(
        "error loading template: {}, larger than the 1048576-byte limit for a template",
        zero.display()
    ));
    // The bundle is read when an https request needs it (plain http never reads it).
    let https = format!("https://127.0.0.1:{}", free_port().unwrap());
    against_url(&https, &split(&format!("org invitations ls --orgId {ORG}")))
        .env("SSL_CERT_FILE", "/dev/zero")
        .memory_limit_kib(MEMORY_KIB)
        .run()
        .assert_error(
            "cannot read SSL_CERT_FILE /dev/zero: larger than the 16777216-byte limit for a CA bundle",
        );
    server.push(Canned::json(200, &format!("[{}]", recorded::INVITE)));
    let out = against_line(&server, &format!("org invitations ls --orgId {ORG}"))
        .env("SSL_CERT_FILE", "/dev/zero")
        .memory_limit_kib(MEMORY_KIB)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// `/proc` files report a size of 0 and must still be read whole.
#[test]
fn proc_files_are_read_whole() {
    let server = fake();
    server.push(Canned::json(200, recorded::INVITE));
    let out = against_line(
        &server,
        &format!("org invitations describe x --orgId {ORG} -o go-template-file=/proc/self/cmdline"),
    )
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The template is atlas's own command line: NUL-separated arguments, no actions.
    let args: Vec<&str> = out.stdout.split('\0').collect();
    assert_eq!(
        &args[1..],
        [
            "org",
            "invitations",
            "describe",
            "x",
            "--orgId",
            ORG,
            "-o",
            "go-template-file=/proc/self/cmdline",
            ""
        ]
    );
}
