//! Misbehaving servers: every case ends in exit 1, one clear `Error:` line, no panic,
//! within the time limit; a POST whose outcome is unknown says so.

use crate::support::{atlas, Output, ORG};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// A loopback server that hands each accepted connection (after reading the request
/// head) to `answer`, for up to `connections` connections.
fn server(
    connections: usize,
    answer: fn(&mut TcpStream, usize),
) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let h = std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut n = 0;
        while n < connections && Instant::now() < deadline {
            match listener.accept() {
                Ok((mut s, _)) => {
                    s.set_nonblocking(false).unwrap();
                    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut buf = [0u8; 16384];
                    let _ = s.read(&mut buf);
                    answer(&mut s, n);
                    n += 1;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    (url, h)
}

/// Closes with a TCP reset (linger 0) instead of a clean FIN.
fn reset(s: &mut TcpStream) {
    let sock = socket_fd(s);
    // SO_LINGER {on, 0}: close sends RST.
    let linger: [i32; 2] = [1, 0];
    unsafe {
        setsockopt(sock, 1, 13, linger.as_ptr().cast(), 8);
    }
}

extern "C" {
    fn setsockopt(fd: i32, level: i32, name: i32, value: *const std::ffi::c_void, len: u32) -> i32;
}

fn socket_fd(s: &TcpStream) -> i32 {
    use std::os::unix::io::AsRawFd;
    s.as_raw_fd()
}

fn run(url: &str, args: &[&str]) -> Output {
    let started = Instant::now();
    let out = atlas(args)
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", url)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .env("ATLAS_HTTP_TIMEOUT", "2")
        .run();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("Error: ") && out.stderr.ends_with('\n'),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    out
}

fn invite(url: &str) -> Output {
    run(
        url,
        &["org", "invitations", "invite", "a@b.c", "--orgId", ORG],
    )
}

const UNKNOWN: &str = "the invitation may or may not have been created; check with: atlas organizations invitations list";

#[test]
fn reset_before_the_status_line() {
    let (url, h) = server(1, |s, _| reset(s));
    let out = invite(&url);
    assert!(
        out.stderr.contains(": read: connection reset by peer; ") && out.stderr.contains(UNKNOWN),
        "{}",
        out.stderr
    );
    h.join().unwrap();
}

#[test]
fn reset_in_the_middle_of_the_body() {
    let (url, h) = server(1, |s, _| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\":\"a");
        let _ = s.flush();
        std::thread::sleep(Duration::from_millis(50));
        reset(s);
    });
    let out = invite(&url);
    assert!(out.stderr.contains(UNKNOWN), "{}", out.stderr);
    h.join().unwrap();
}

#[test]
fn headers_that_never_finish() {
    let (url, h) = server(1, |s, _| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
        std::thread::sleep(Duration::from_secs(4));
    });
    let out = run(&url, &["org", "invitations", "ls", "--orgId", ORG]);
    assert!(
        out.stderr.contains("timeout: no complete response in time"),
        "{}",
        out.stderr
    );
    h.join().unwrap();
}

/// What a fake server does with one accepted connection.
type Handler = fn(&mut TcpStream, usize);

fn answer(s: &mut TcpStream, head: &str, body: &[u8]) {
    let _ = write!(s, "{head}\r\nContent-Length: {}\r\n\r\n", body.len());
    let _ = s.write_all(body);
    let _ = s.flush();
}

#[test]
fn error_pages_and_broken_bodies() {
    let cases: [(Handler, &str); 4] = [
        (
            |s, _| answer(s, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html", b"<html><body>oops</body></html>"),
            "Error: (500 Internal Server Error) failed to decode response body: undefined response type\n",
        ),
        (
            |s, _| answer(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json", b"{\"username\":\"a"),
            "Error: unexpected end of JSON input\n",
        ),
        (
            |s, _| answer(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json", b"\"just a string\""),
            "Error: json: cannot unmarshal string into Go value of type admin.OrganizationInvitation\n",
        ),
        (
            |s, _| answer(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256, qop=\"auth\"", b""),
            "Error: Post \"URL/api/atlas/v2/orgs/a0123456789abcdef012345a/invites\": the server's Digest challenge uses an unsupported algorithm \"SHA-512-256\" (supported: MD5, MD5-sess, SHA-256, SHA-256-sess)\n",
        ),
    ];
    for (handler, want) in cases {
        let (url, h) = server(1, handler);
        let out = invite(&url);
        assert_eq!(out.stderr, want.replace("URL", &url));
        h.join().unwrap();
    }
    let (url, h) = server(1, |s, _| {
        answer(s, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"", b"")
    });
    let out = invite(&url);
    assert!(out.stderr.ends_with("the server's Digest challenge uses an unsupported qop \"auth-int\" (supported: auth)\n"), "{}", out.stderr);
    h.join().unwrap();
}

#[test]
fn invalid_utf8_is_replaced_as_go_does() {
    let (url, h) = server(1, |s, _| {
        answer(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json",
            b"{\"username\":\"a\xff\xfeb\",\"orgName\":\"x\"}",
        )
    });
    let out = atlas(&["org", "invitations", "invite", "a@b.c", "--orgId", ORG])
        .env("MONGODB_ATLAS_OPS_MANAGER_URL", &url)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "k")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s")
        .run();
    out.assert_ok("User 'a\u{fffd}\u{fffd}b' invited.\n");
    h.join().unwrap();
}

#[test]
fn a_huge_body_is_refused_with_bounded_memory() {
    let (url, h) = server(1, |s, _| {
        let chunk = vec![b' '; 1 << 20];
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n[",
            50 << 20
        );
        for _ in 0..50 {
            if s.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = run(&url, &["org", "invitations", "ls", "--orgId", ORG]);
    assert!(
        out.stderr
            .contains("the response body is larger than the 16777216-byte limit"),
        "{}",
        out.stderr
    );
    h.join().unwrap();
}

#[test]
fn a_server_that_always_challenges_is_asked_a_bounded_number_of_times() {
    let (url, h) = server(5, |s, n| {
        let _ = n;
        loop {
            let body = br#"{"error":401,"reason":"Unauthorized"}"#;
            let head = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"fresh\", qop=\"auth\", stale=true";
            if write!(s, "{head}\r\nContent-Length: {}\r\n\r\n", body.len()).is_err()
                || s.write_all(body).is_err()
            {
                break;
            }
            let mut buf = [0u8; 16384];
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    });
    let out = invite(&url);
    assert_eq!(
        out.stderr,
        format!(
            "Error: {}\n{}\n",
            crate::support::UNAUTHORIZED,
            crate::support::KEYS_REFUSED
        )
    );
    drop(h);
}
