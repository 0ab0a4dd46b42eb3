//! `atlas completion …`: the scripts parse in their shells and complete our commands.

use crate::support::{atlas, require, TestDir};
use std::process::Command;

fn script(shell: &str) -> String {
    let out = atlas(&["completion", shell]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// Runs the bash completion function for `line` (the last word is being completed).
fn bash_complete(script_path: &str, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let prog = format!(
        "source {script_path}; COMP_WORDS=({}); COMP_CWORD={}; _atlas_completions; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["-c", &prog])
        .output()
        .expect("bash");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn bash_script_parses_and_completes() {
    let dir = TestDir::new();
    let path = dir.write("atlas.bash", &script("bash"));
    let path = path.to_str().unwrap();
    let check = Command::new("bash")
        .args(["-n", path])
        .status()
        .expect("bash");
    assert!(check.success());
    assert_eq!(
        bash_complete(path, &["atlas", "o"]),
        ["organizations", "organization", "orgs", "org"]
    );
    let verbs = bash_complete(path, &["atlas", "org", "invitation", ""]);
    for v in [
        "list", "ls", "describe", "get", "delete", "rm", "update", "updates", "invite", "create",
    ] {
        assert!(verbs.contains(&v.to_string()), "{v} in {verbs:?}");
    }
    assert_eq!(
        bash_complete(
            path,
            &[
                "atlas",
                "orgs",
                "invitations",
                "invite",
                "a@b.c",
                "--role",
                "ORG_O"
            ]
        ),
        ["ORG_OWNER"]
    );
    assert_eq!(
        bash_complete(
            path,
            &["atlas", "org", "invitations", "ls", "-o", "go-template"]
        ),
        ["go-template=", "go-template-file="]
    );
    let flags = bash_complete(
        path,
        &["atlas", "-P", "prod", "org", "invitations", "rm", "--"],
    );
    assert!(
        flags.contains(&"--force".to_string()) && flags.contains(&"--orgId".to_string()),
        "{flags:?}"
    );
    assert!(
        !flags.contains(&"--dry-run".to_string()),
        "hidden flags stay hidden"
    );
}

#[test]
fn zsh_fish_and_powershell_scripts() {
    let dir = TestDir::new();
    let zsh = dir.write("_atlas", &script("zsh"));
    let fish = dir.write("atlas.fish", &script("fish"));
    let ps = script("powershell");
    assert!(ps.contains("Register-ArgumentCompleter -Native -CommandName 'atlas'"));
    assert!(ps.contains("'organizations invitations:ls' = 'organizations invitations list'"));
    if require("/usr/bin/zsh") {
        assert!(Command::new("zsh")
            .arg("-n")
            .arg(&zsh)
            .status()
            .expect("zsh")
            .success());
        let out = Command::new("zsh")
            .args([
                "-c",
                &format!("source {}; complete -p atlas", zsh.display()),
            ])
            .output()
            .expect("zsh");
        assert!(String::from_utf8_lossy(&out.stdout).contains("_atlas_completions"));
    }
    if require("/usr/bin/fish") {
        assert!(Command::new("fish")
            .arg("--no-execute")
            .arg(&fish)
            .status()
            .expect("fish")
            .success());
        let out = Command::new("fish")
            .args([
                "-c",
                &format!(
                    "source {}; complete -C 'atlas org invitations '",
                    fish.display()
                ),
            ])
            .output()
            .expect("fish");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("invite\tInvite the specified MongoDB user to your organization."),
            "{text}"
        );
        let out = Command::new("fish")
            .args([
                "-c",
                &format!(
                    "source {}; complete -C 'atlas org invitations ls --output '",
                    fish.display()
                ),
            ])
            .output()
            .expect("fish");
        assert!(String::from_utf8_lossy(&out.stdout).contains("json-path="));
    }
}

#[test]
fn completion_help_and_errors() {
    let out = atlas(&["completion"]).run();
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains(
            "Available Commands:\n  bash        Generate the autocompletion script for bash\n"
        ),
        "{}",
        out.stdout
    );
    atlas(&["completion", "bash", "extra"]).run().assert_error(
        "\"atlas completion bash\" accepts no arguments\n\nUsage:  atlas completion bash [flags]",
    );
    assert!(atlas(&["--help"]).run().stdout.contains(
        "\n  completion    Generate the autocompletion script for the specified shell\n"
    ));
}

#[test]
fn apply_and_export_complete_in_every_shell() {
    let dir = TestDir::new();
    let path = dir.write("atlas.bash", &script("bash"));
    let path = path.to_str().unwrap();
    let verbs = bash_complete(path, &["atlas", "org", "invitations", ""]);
    for v in ["apply", "export"] {
        assert!(verbs.contains(&v.to_string()), "{v} in {verbs:?}");
    }
    let flags = bash_complete(path, &["atlas", "org", "invitations", "apply", "--"]);
    for f in [
        "--check",
        "--dry-run",
        "--file",
        "--max-removals",
        "--orgId",
        "--output",
        "--prune",
        "--prune-members",
        "--prune-teams",
        "--profile",
    ] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
    // A value flag's value is not a command word: the verb's flags still complete.
    assert_eq!(
        bash_complete(
            path,
            &[
                "atlas",
                "org",
                "invitations",
                "apply",
                "--max-removals",
                "3",
                "--prune"
            ]
        ),
        ["--prune", "--prune-members", "--prune-teams"]
    );
    assert!(bash_complete(
        path,
        &["atlas", "org", "invitations", "apply", "--max-removals", ""]
    )
    .iter()
    .all(String::is_empty));
    let export = bash_complete(path, &["atlas", "org", "invitations", "export", "-"]);
    assert!(
        export.contains(&"--orgId".to_string())
            && export.contains(&"--ids".to_string())
            && !export.contains(&"--prune".to_string()),
        "{export:?}"
    );

    let zsh = script("zsh");
    assert!(zsh.contains("\"organizations invitations apply\") words=\"--check --dry-run --file -f --max-removals"), "{zsh}");
    let ps = script("powershell");
    assert!(ps.contains("'organizations invitations:apply' = 'organizations invitations apply'"));
    assert!(
        ps.contains("'organizations invitations export' { '--ids --orgId --output -o"),
        "{ps}"
    );
    let fish = script("fish");
    assert!(fish.contains("complete -c atlas -n 'test (__atlas_path) = \\'organizations invitations\\'' -a apply -d 'Make your organization\\'s users match a members file.'"), "{fish}");
    assert!(fish.contains("complete -c atlas -n 'test (__atlas_path) = \\'organizations invitations apply\\'' -l prune-members"));
    if require("/usr/bin/fish") {
        let file = dir.write("atlas.fish", &fish);
        let out = Command::new("fish")
            .args([
                "-c",
                &format!(
                    "source {}; complete -C 'atlas org invitations apply --prune'",
                    file.display()
                ),
            ])
            .output()
            .expect("fish");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("--prune-members"), "{text}");
    }
}
