//! The emulator's command line: `saasus-emulator` and `saasus emulator` (the `saasus` command,
//! whose wheel and npm package carry the emulator) parse and run the same arguments.

use crate::{Credentials, DataFileError, Emulator, Options};
use clap::{CommandFactory, Parser};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Once it accepts connections it prints, one per line:
    SAASUS_BASE_URL=http://127.0.0.1:<port>/v1
    SAASUS_API_KEY=…   SAASUS_SECRET_KEY=…   SAASUS_SAAS_ID=…
    SAASUS_EMULATOR_TOKEN=…   (for the control endpoints' x-saasus-emulator-token header)
The credentials are taken from those environment variables when they are set and generated
otherwise, so any SaaSus SDK pointed at it with those variables works unchanged.
GET /_emulator/health answers {\"status\": \"ok\"} once it serves. It stops on Ctrl-C or SIGTERM.
Control endpoints take bodies only as application/json; every request must name it in Host
(localhost, an IP address, or the --public-url host) or carry the control token.";

/// saasus-emulator — a local SaaSus platform (Auth, Communication, Pricing, Billing, Integration,
/// Analysis, AWS Marketplace, Smart API Gateway, ApiLog APIs) for development and tests
#[derive(Parser, Debug)]
#[command(version, after_help = AFTER_HELP)]
struct Args {
    /// The port to listen on; 0 picks a free one
    #[arg(long, env = "SAASUS_EMULATOR_PORT", default_value_t = 0)]
    port: u16,
    /// The address to bind; anything but a loopback address exposes the emulator, and its
    /// credentials, beyond this machine
    #[arg(long, env = "SAASUS_EMULATOR_HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// The URL clients reach it at, when that is not the bound address (bound to 0.0.0.0, or
    /// behind a container's port mapping): SAASUS_BASE_URL and the links it writes (login,
    /// invitations) use it
    #[arg(long, env = "SAASUS_EMULATOR_PUBLIC_URL", value_parser = public_url)]
    public_url: Option<String>,
    /// How long ID and access tokens live, in seconds
    #[arg(long, env = "SAASUS_EMULATOR_TOKEN_TTL", default_value_t = crate::TOKEN_TTL, value_parser = positive_seconds)]
    token_ttl: i64,
    /// Keep all state in this SQLite file (created when missing, mode 0600), so that a restart
    /// loses nothing; without it the state lives in memory only. A data file is served with the
    /// credentials it was last served with, unless the SAASUS_* variables say otherwise. A file
    /// that cannot be written, is not SQLite, is another application's or a newer emulator's, or
    /// that another emulator serves (it locks FILE.lock), is refused (exit 1)
    #[arg(long, env = "SAASUS_EMULATOR_DATA")]
    data: Option<PathBuf>,
    /// The token of the control endpoints (faults, test sign-in); random when not given. Bound to
    /// a loopback address, loopback clients need none
    #[arg(long, env = "SAASUS_EMULATOR_TOKEN", hide_env_values = true)]
    control_token: Option<String>,
    /// Do not log requests (by default one line each on stderr: method, path, status, time;
    /// tokens and codes in query strings are shown as ***)
    #[arg(long, env = "SAASUS_EMULATOR_QUIET")]
    quiet: bool,
    /// Start from the data of this export (a team's shared seed; made by --export-on-exit);
    /// the credentials stay this emulator's own
    #[arg(long, value_name = "FILE")]
    import: Option<PathBuf>,
    /// When it stops (Ctrl-C, SIGTERM), write its whole state but the credentials to this file
    /// as JSON, for --import
    #[arg(long, value_name = "FILE")]
    export_on_exit: Option<PathBuf>,
}

fn public_url(v: &str) -> Result<String, String> {
    let url = url::Url::parse(v).map_err(|e| format!("not a URL ({e}); e.g. http://localhost:4010"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("must be an http or https URL with a host, e.g. http://localhost:4010".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must have no query or fragment".into());
    }
    Ok(v.trim_end_matches('/').to_string())
}

fn positive_seconds(v: &str) -> Result<i64, String> {
    v.parse().ok().filter(|s: &i64| *s > 0).ok_or_else(|| "not a positive number of seconds".into())
}

fn options(args: Args) -> Options {
    let mut credentials = Credentials::from_env_or_generate();
    if let Some(path) = &args.data
        && std::env::var(saasus::config::ENV_SECRET_KEY).is_err()
        && let Some(stored) = crate::stored_credentials(path)
    {
        credentials = stored;
    }
    Options {
        host: args.host,
        port: args.port,
        credentials,
        token_ttl: args.token_ttl,
        data: args.data,
        log: !args.quiet,
        public_url: args.public_url,
        control_token: args.control_token.map(saasus::Secret::new),
        import: args.import,
        ..Options::default()
    }
}

/// Runs the emulator with `args` (the program's name first, which `--help` and errors show) until
/// Ctrl-C or SIGTERM; the process's exit code: 0, 1 when it cannot serve, 2 for refused arguments
/// (clap's, whose `--help` and `--version` exit 0).
pub fn run(args: Vec<std::ffi::OsString>) -> i32 {
    let name = args.first().map(|a| a.to_string_lossy().into_owned()).unwrap_or_else(|| "saasus-emulator".into());
    let parsed = match Args::command().bin_name(name.clone()).try_get_matches_from(args) {
        Ok(m) => <Args as clap::FromArgMatches>::from_arg_matches(&m),
        Err(e) => Err(e),
    };
    let args = match parsed {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{name}: cannot start: {e}");
            return 1;
        }
    };
    let export = args.export_on_exit.clone();
    runtime.block_on(serve(&name, options(args), export))
}

async fn serve(name: &str, opts: Options, export: Option<PathBuf>) -> i32 {
    if !opts.host.is_loopback() {
        eprintln!("{name}: warning: binding {} makes the emulator reachable from other machines", opts.host);
    }
    let emu = match Emulator::start(opts).await {
        Ok(e) => e,
        Err(e) => {
            match e.get_ref().and_then(|inner| inner.downcast_ref::<DataFileError>()) {
                Some(data) => eprintln!("{name}: {data}"),
                None => eprintln!("{name}: cannot listen: {e}"),
            }
            return 1;
        }
    };
    let c = emu.credentials();
    let mut out = std::io::stdout().lock();
    // Tests read these lines to find the emulator; flush so a pipe sees them at once.
    let _ = writeln!(out, "SAASUS_BASE_URL={}", emu.base_url());
    let _ = writeln!(out, "SAASUS_API_KEY={}", c.api_key);
    let _ = writeln!(out, "SAASUS_SECRET_KEY={}", c.secret_key);
    let _ = writeln!(out, "SAASUS_SAAS_ID={}", c.saas_id);
    let _ = writeln!(out, "SAASUS_EMULATOR_TOKEN={}", emu.control_token());
    let _ = out.flush();
    drop(out);
    shutdown_signal().await;
    let mut code = 0;
    if let Some(path) = export {
        // 0600: the state holds users' refresh tokens.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(&path).and_then(|mut f| f.write_all(emu.export().as_bytes()));
        if let Err(e) = written {
            eprintln!("{name}: --export-on-exit {}: {e}", path.display());
            code = 1;
        }
    }
    emu.stop().await;
    code
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
