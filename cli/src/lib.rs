//! The `saasus` command: any of the platform's operations from a shell, named by the SDK's naming
//! rule in kebab case (`saasus auth tenant get-tenants`), signed with the `SAASUS_*` credentials;
//! the emulator (`saasus emulator`); shell completions. One implementation, installed three ways:
//! `cargo install saasus-cli`, the wheel's console script and the npm package's `bin`, which call
//! [`run`] inside their native module (no second binary).

mod call;
mod commands;
mod config_dir;
mod fixtures;
mod listen;
mod logs;
mod output;
mod profile;
mod trigger;

use std::ffi::OsString;

/// Exit codes, one per class of failure, so that a script can tell them apart.
pub mod exit {
    /// A refused command line (clap's own code).
    pub const USAGE: i32 = 2;
    /// No credentials, or settings out of range.
    pub const CONFIG: i32 = 3;
    /// An argument refused before anything was sent.
    pub const INVALID_ARGUMENT: i32 = 4;
    /// The platform answered 4xx.
    pub const CLIENT_ERROR: i32 = 5;
    /// The platform answered 5xx or 429: try again later.
    pub const SERVER_ERROR: i32 = 6;
    /// The platform could not be reached, or did not answer in time.
    pub const TRANSPORT: i32 = 7;
    /// A request that may have taken effect failed without saying whether (not sent again).
    pub const OUTCOME_UNKNOWN: i32 = 8;
    /// An answer the SDK could not read.
    pub const DECODE: i32 = 9;
}

/// Runs the command line `args` (the program's name first) and returns the process's exit code:
/// 0, or one of [`exit`]. Output goes to stdout (JSON: indented on a terminal, one line when
/// piped), errors to stderr as JSON.
pub fn run(args: Vec<OsString>) -> i32 {
    let mut args = args;
    if args.is_empty() {
        args.push("saasus".into());
    }
    // `saasus emulator …` hands its arguments to the emulator's own parser.
    if args.get(1).is_some_and(|a| a == "emulator") {
        let mut rest = vec![OsString::from("saasus emulator")];
        rest.extend(args.into_iter().skip(2));
        return saasus_emulator::cli::run(rest);
    }
    let mut command = commands::build();
    let matches = match command.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    profile::choose(matches.get_one::<String>("profile").cloned());
    match matches.subcommand() {
        Some(("config", m)) => profile::run(m),
        Some(("trigger", m)) => trigger::run(m),
        Some(("completion", m)) => {
            let shell = *m.get_one::<clap_complete::Shell>("shell").expect("a required argument");
            // Written whole, so that a closed pipe (`… | head`) is not a panic inside clap_complete.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "saasus", &mut script);
            let _ = std::io::Write::write_all(&mut std::io::stdout(), &script);
            0
        }
        Some(("listen", m)) => listen::run(listen::Args {
            forward_to: m.get_one::<String>("forward-to").cloned().unwrap_or_default(),
            operations: m.get_many::<String>("operations").map(|v| v.cloned().collect()).unwrap_or_default(),
            platform_interval: std::time::Duration::from_secs(*m.get_one::<u64>("interval").unwrap_or(&5)),
        }),
        Some(("fixtures", m)) => fixtures::run(m.get_one::<String>("file").map_or("", String::as_str)),
        Some(("logs", m)) => match m.subcommand() {
            Some(("tail", m)) => logs::run(logs::Args {
                follow: m.get_flag("follow"),
                status: m.get_one::<String>("status").cloned(),
                operation: m.get_one::<String>("operation").cloned(),
                limit: *m.get_one::<i64>("limit").unwrap_or(&20),
            }),
            _ => exit::USAGE,
        },
        Some((api, m)) => call::run(api, m),
        None => {
            let _ = command.print_help();
            exit::USAGE
        }
    }
}
