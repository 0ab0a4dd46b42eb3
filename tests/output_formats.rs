//! Every `-o` form through the binary, on every command that has `-o`.

use crate::support::{
    against, against_line, fake, recorded, split, Canned, FakeAtlas, TestDir, ORG,
};

const ID: &str = "6a793f89c0eb9e7a177165b6";

fn run<S: AsRef<str>>(server: &FakeAtlas, canned: &str, args: &[S]) -> crate::support::Output {
    server.push(Canned::json(200, canned));
    let mut a: Vec<&str> = args.iter().map(|s| s.as_ref()).collect();
    a.extend(["--orgId", ORG]);
    against(server, &a).run()
}

#[test]
fn json_path_on_each_command() {
    let server = fake();
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o json-path=$.id"),
    )
    .assert_ok("\"6a793f89c0eb9e7a177165b6\"\n");
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o=json-path=$.roles"),
    )
    .assert_ok("[\n  \"ORG_MEMBER\"\n]\n");
    run(&server, recorded::LIST, &["org", "invitations", "ls", "-ojson-path=$[*].id"]).assert_ok(
        "[\n  \"6a793f89c0eb9e7a177165b6\",\n  \"6a793f8ec0eb9e7a17716c2d\",\n  \"6a793f922c88faeba59bcc25\"\n]\n",
    );
    run(
        &server,
        recorded::LIST,
        &[
            "org",
            "invitations",
            "ls",
            "-o",
            "json-path=$[?(@.roles[0] == \"ORG_READ_ONLY\")].username",
        ],
    )
    .assert_ok("[\n  \"test-file-812@mongodb.com\",\n  \"test-file-853@mongodb.com\"\n]\n");
    run(
        &server,
        recorded::INVITE,
        &split(&format!(
            "org invitations get {ID} -o json-path=$.createdAt"
        )),
    )
    .assert_ok("\"2026-08-10T03:03:37Z\"\n");
    run(
        &server,
        recorded::UPDATE,
        &split(&format!(
            "org invitations update {ID} --role ORG_READ_ONLY -o json-path=$..username"
        )),
    )
    .assert_ok("[\n  \"test-783@mongodb.com\"\n]\n");
    run(&server, recorded::LIST, &["org", "invitations", "ls", "-o", "json-path=$[1]"])
        .assert_ok("{\n  \"createdAt\": \"2026-08-10T03:03:42Z\",\n  \"expiresAt\": \"2026-09-09T03:03:42Z\",\n  \"groupRoleAssignments\": [],\n  \"id\": \"6a793f8ec0eb9e7a17716c2d\",\n  \"inviterUsername\": \"nmtxqlkl\",\n  \"orgId\": \"a0123456789abcdef012345a\",\n  \"orgName\": \"Atlas CLI E2E\",\n  \"roles\": [\n    \"ORG_READ_ONLY\"\n  ],\n  \"teamIds\": [],\n  \"username\": \"test-file-812@mongodb.com\"\n}\n");
}

#[test]
fn json_path_errors() {
    let server = fake();
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o json-path="),
    )
    .assert_error("empty jsonpath");
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o json-path=$.missing"),
    )
    .assert_error("unknown key missing");
    run(
        &server,
        recorded::LIST,
        &split("org invitations ls -o json-path=$.id"),
    )
    .assert_error("could not select value, invalid key: expected number but got id (string)");
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o json-path=$["),
    )
    .assert_error("parsing error: $[\t:1:3 - 1:3 unexpected EOF while scanning extensions");
}

#[test]
fn go_templates_on_each_command() {
    let server = fake();
    run(
        &server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "invite",
            "x@y.z",
            "-o",
            "go-template={{.Id}}",
        ],
    )
    .assert_ok(ID);
    run(&server, recorded::LIST, &["org", "invitations", "ls", "-o", "go-template={{range .}}{{.Username}}\t{{.GetRoles}}\n{{end}}"])
        .assert_ok("test-783@mongodb.com        [ORG_MEMBER]\ntest-file-812@mongodb.com   [ORG_READ_ONLY]\ntest-file-853@mongodb.com   [ORG_READ_ONLY]\n");
    run(
        &server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "describe",
            ID,
            "-o",
            "go-template={{.CreatedAt.Format \"2006-01-02\"}} {{len .Username}}",
        ],
    )
    .assert_ok("2026-08-10 20");
    run(
        &server,
        recorded::UPDATE,
        &[
            "org",
            "invitations",
            "update",
            ID,
            "--role",
            "ORG_READ_ONLY",
            "-o",
            "go-template={{printf \"%s/%v\" .OrgName .Roles}}",
        ],
    )
    .assert_ok("Atlas CLI E2E/&[ORG_READ_ONLY]");
    // The configured default output works the same way.
    server.push(Canned::json(200, recorded::INVITE));
    against_line(
        &server,
        &format!("org invitations invite x@y.z --orgId {ORG}"),
    )
    .env("MONGODB_ATLAS_OUTPUT", "go-template={{.OrgId}}")
    .run()
    .assert_ok(ORG);
}

#[test]
fn go_template_errors_keep_flushed_output() {
    let server = fake();
    let out = run(
        &server,
        recorded::LIST,
        &[
            "org",
            "invitations",
            "ls",
            "-o",
            "go-template=HEADER\n{{range .}}{{.Id}}\n{{.Foo}}{{end}}",
        ],
    );
    assert_eq!(out.stdout, "HEADER\n6a793f89c0eb9e7a177165b6\n");
    assert_eq!(out.stderr, "Error: template: output:3:2: executing \"output\" at <.Foo>: can't evaluate field Foo in type admin.OrganizationInvitation\n");
    assert_eq!(out.code, 1);
    run(
        &server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "invite",
            "x@y.z",
            "-o",
            "go-template={{.Id",
        ],
    )
    .assert_error("template: output:1: unclosed action");
    run(
        &server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "invite",
            "x@y.z",
            "-o",
            "go-template={{json .}}",
        ],
    )
    .assert_error("template: output:1: function \"json\" not defined");
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o go-template="),
    )
    .assert_error("empty go-template");
    run(&server, recorded::INVITE, &["org", "invitations", "invite", "x@y.z", "-o", "go-template={{eq .Username \"x\"}}"])
        .assert_error("template: output:1:2: executing \"output\" at <eq .Username \"x\">: error calling eq: incompatible types for comparison: *string and string");
}

#[test]
fn go_template_file() {
    let server = fake();
    let dir = TestDir::new();
    let t = dir.write("t.tmpl", "{{range .}}{{.Id}}\t{{.Username}}\n{{end}}");
    run(&server, recorded::LIST, &["org", "invitations", "ls", "-o", &format!("go-template-file={}", t.display())])
        .assert_ok("6a793f89c0eb9e7a177165b6   test-783@mongodb.com\n6a793f8ec0eb9e7a17716c2d   test-file-812@mongodb.com\n6a793f922c88faeba59bcc25   test-file-853@mongodb.com\n");
    let missing = dir.file("nope.tmpl");
    run(
        &server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "invite",
            "x@y.z",
            "-o",
            &format!("go-template-file={missing}"),
        ],
    )
    .assert_error(&format!(
        "error loading template: {missing}, open {missing}: no such file or directory"
    ));
    let d = dir.path.display().to_string();
    run(
        &server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "invite",
            "x@y.z",
            "-o",
            &format!("go-template-file={d}"),
        ],
    )
    .assert_error(&format!(
        "error loading template: {d}, read {d}: is a directory"
    ));
    run(
        &server,
        recorded::INVITE,
        &split("org invitations invite x@y.z -o go-template-file="),
    )
    .assert_error("error loading template: , open : no such file or directory");
}

#[test]
fn bare_format_names_fall_back_to_the_default_with_a_warning() {
    let server = fake();
    for bare in [
        "go-template",
        "json-path",
        "go-template-file",
        "JSON",
        "table",
    ] {
        let out = run(
            &server,
            recorded::INVITE,
            &["org", "invitations", "invite", "x@y.z", "-o", bare],
        );
        out.assert_ok("User 'test-783@mongodb.com' invited.\n");
        assert!(
            out.stderr
                .starts_with(&format!("Warning: unknown output format \"{bare}\"")),
            "{}",
            out.stderr
        );
    }
}

/// `describe -o go-template=…` with the corners Go's text/template handles and the
/// expected bytes Go 1.19 printed for them (comparison errors in Go 1.26's words).
fn describe(server: &FakeAtlas, template: &str) -> crate::support::Output {
    run(
        server,
        recorded::INVITE,
        &[
            "org",
            "invitations",
            "describe",
            ID,
            "-o",
            &format!("go-template={template}"),
        ],
    )
}

#[test]
fn go_template_number_literals() {
    let server = fake();
    describe(
        &server,
        "{{1.5i}} {{1+7i}} {{printf \"%v %T\" 1+7i 1.5i}} {{if 1.5i}}y{{end}} {{with 1.5i}}{{.}}{{end}} {{+0x1.ep+2}} {{0x_1.e_0p+0_2}} {{0X1.EP+2}}",
    )
    .assert_ok("(0+1.5i) (1+7i) (1+7i) complex128 y (0+1.5i) 7.5 7.5 7.5");
    describe(&server, "{{0x1i}}")
        .assert_error("template: output:1: illegal number syntax: \"0x1i\"");
}

#[test]
fn go_template_byte_strings_reach_stdout_raw() {
    let server = fake();
    let out = describe(
        &server,
        "{{\"\\xff\\xf0\"}}|{{\"abc\\xffdef\"}}|{{printf \"%x|% X|%q|%+q|%#q|%6s|\" \"\\xff\\xf0\" \"abc\\xffdef\" \"\\xff\" \"a\\xffé\" \"\\xff\" \"\\xff\"}}",
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut want = b"\xff\xf0|abc\xffdef|fff0|61 62 63 FF 64 65 66|".to_vec();
    want.extend_from_slice(b"\"\\xff\"|\"a\\xff\\u00e9\"|\"\\xff\"|     \xff|");
    assert_eq!(out.raw_stdout, want);
    // 0xFF is also the tabwriter's escape byte: Go keeps the rest of the output as is.
    let out = describe(&server, "A\t{{\"\\xff\"}}\tB\n{{.Id}}\tC\n");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut want = b"A     \xff\tB\n".to_vec();
    want.extend_from_slice(ID.as_bytes());
    want.extend_from_slice(b"\tC\n");
    assert_eq!(out.raw_stdout, want);
}

#[test]
fn go_template_fmt_on_floats_and_corners() {
    let server = fake();
    describe(
        &server,
        "{{printf \"%x %X %b %#g %#.0f %+.3x %#e\" 1.0 1.0 1.0 1.1 1.0 1.0 2.5}}",
    )
    .assert_ok("0x1p+00 0X1P+00 4503599627370496p-52 1.10000 1. +0x1.000p+00 2.500000e+00");
    describe(
        &server,
        "{{printf \"%c|%U|%#U|%#q|%#v|%q|%.\" -1 -1 0x263a \"\\U0010ffff\" \"abc\" 0x10FFFF 3}}",
    )
    .assert_ok(
        "\u{fffd}|U+FFFFFFFFFFFFFFFF|U+263A '☺'|`\u{10ffff}`|\"abc\"|'\\U0010ffff'|%!.(int=3)",
    );
}

#[test]
fn go_template_comparisons() {
    let server = fake();
    describe(
        &server,
        "{{eq 1i 1i}} {{eq 1 nil}} {{ne 2i 1i}} {{eq \"\\xff\" \"\\xff\"}}",
    )
    .assert_ok("true false true true");
    describe(&server, "{{lt 1i 2i}}").assert_error(
        "template: output:1:2: executing \"output\" at <lt 1i 2i>: error calling lt: invalid type for comparison",
    );
    describe(&server, "{{eq 1 1.5}}").assert_error(
        "template: output:1:2: executing \"output\" at <eq 1 1.5>: error calling eq: incompatible types for comparison: int and float64",
    );
}

/// Decision template-limits: a template's work is bounded. Nested ranges that would
/// run for hours stop at the operation budget with one error line and exit 1, while
/// the official table and README's template over 10,000 invitations (about 1% of the
/// budget) print every line.
#[test]
fn a_runaway_template_stops_at_the_operation_budget() {
    let server = fake();
    server.preload(ORG, 10_000);
    let ls = |output: &[&str]| {
        let mut args = vec!["org", "invitations", "ls", "--orgId", ORG];
        args.extend(output);
        against(&server, &args).run()
    };
    for output in [
        &[][..],
        &[
            "-o",
            "go-template={{range .}}{{.Id}}\t{{.Username}}\n{{end}}",
        ],
    ] {
        let out = ls(output);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{output:?}");
        assert!(out.stdout.contains("user9999@example.com"), "{output:?}");
        assert!(out.stdout.lines().count() >= 10_000, "{output:?}");
    }
    let started = std::time::Instant::now();
    let out = ls(&[
        "-o",
        "go-template={{range 10000000}}{{range 10000000}}{{end}}{{end}}",
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "Error: template: output:1:26: executing \"output\" at <10000000>: template execution exceeds the limit of 10000000 operations\n"
    );
    // Seconds in a debug build on a busy machine; hours without the budget.
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
}
