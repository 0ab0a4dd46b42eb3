//! The command line: cobra-style command lookup, pflag-style flags, help texts.

pub mod completion;
pub mod csv;
pub mod flags;
pub mod golden;
pub mod help;
pub mod parse;
pub mod spec;

use crate::error::{Error, Result};
use parse::Parsed;
use std::ffi::OsString;

/// What the command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// Print this help text on stdout, exit 0.
    Help(String),
    /// `atlas --version`.
    Version,
    /// Text for stdout (a completion script).
    Print(String),
    /// Run a leaf command.
    Run(Parsed),
}

/// Parses the arguments after the program name, in cobra's order: lookup, flags,
/// help, version, not-runnable groups, then the argument-count check.
pub fn parse(args: Vec<OsString>) -> Result<Invocation> {
    let args: Vec<String> = args
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            a.into_string()
                .map_err(|a| Error::Usage(format!("argument {} ({a:?}) is not valid UTF-8", i + 1)))
        })
        .collect::<Result<_>>()?;
    let (path, rest) = parse::find(&args)?;
    let parsed = parse::parse_flags(path, rest)?;
    if flags::Global::read(&parsed.flags).help {
        return Ok(Invocation::Help(help::render(&parsed.path)));
    }
    if parsed.path.len() == 1 && flags::Root::read(&parsed.flags).version {
        return Ok(Invocation::Version);
    }
    let node = parsed.node();
    if node.name == "help" && parsed.path.len() == 2 {
        return help_topic(&parsed.args).map(Invocation::Help);
    }
    if !node.is_runnable() {
        return Ok(Invocation::Help(help::render(&parsed.path)));
    }
    parse::check_args(&parsed)?;
    if parsed.path.len() == 3 && parsed.path.get(1).is_some_and(|n| n.name == "completion") {
        if let Some(script) = completion::script(node.name) {
            return Ok(Invocation::Print(script));
        }
    }
    Ok(Invocation::Run(parsed))
}

/// cobra's `help` command: help for the command the words name. A word that names
/// no command is an error (decision `unknown-help-topic`; cobra prints the root's
/// help after `Unknown help topic` and exits 0), with the suggestions of the group
/// where the lookup stopped.
fn help_topic(words: &[String]) -> Result<String> {
    let (path, rest) = parse::lookup(words);
    match parse::unknown_word(&path, &rest) {
        Some(word) if !(word == "help" && path.len() > 1) => {
            let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
            Err(Error::Usage(format!(
                "unknown help topic [{}]{}{}",
                quoted.join(" "),
                parse::suggestions_for(&path, &word),
                parse::run_for_usage(&path)
            )))
        }
        _ => Ok(help::render(&path)),
    }
}

/// The `--version` text, in the official CLI's layout.
pub fn version_text() -> String {
    format!(
        "atlascli version: {}\ngit version: {}\nGo version: none (atlas-rs, built with Rust)\n   os: {}\n   arch: {}\n   compiler: rustc\n",
        env!("CARGO_PKG_VERSION"),
        option_env!("ATLAS_GIT_COMMIT").unwrap_or("unknown"),
        crate::go::runtime::goos(),
        crate::go::runtime::goarch(),
    )
}
