//! `saasus-emulator`: the SaaSus Auth, Communication, Pricing, Billing, Integration, Analysis, AWS Marketplace, Smart API Gateway and ApiLog APIs on 127.0.0.1, for development and tests.

use saasus_emulator::{Credentials, DataFileError, Emulator, Options};
use std::io::Write;
use std::net::IpAddr;

const HELP: &str = "\
saasus-emulator — a local SaaSus platform (Auth, Communication, Pricing, Billing, Integration, Analysis, AWS Marketplace, Smart API Gateway, ApiLog APIs) for development and tests

USAGE:
    saasus-emulator [--port N] [--host ADDR]

OPTIONS:
    --port N      the port to listen on; 0 (the default) picks a free one
    --host ADDR   the address to bind (default 127.0.0.1); anything else exposes the
                  emulator, and its credentials, beyond this machine
    --token-ttl S how long ID and access tokens live, in seconds (default 3600)
    --data FILE   keep all state in this SQLite file (created when missing), so that a
                  restart loses nothing; without it the state lives in memory only. A data
                  file is served with the credentials it was last served with, unless the
                  SAASUS_* variables say otherwise. A file that cannot be written, is not
                  SQLite, is another application's or a newer emulator's is refused (exit 1)
    --quiet       do not log requests (by default one line each on stderr: method, path,
                  status, time; tokens and codes in query strings are shown as ***)
    -h, --help    print this help

Once it accepts connections it prints, one per line:
    SAASUS_BASE_URL=http://127.0.0.1:<port>/v1
    SAASUS_API_KEY=…   SAASUS_SECRET_KEY=…   SAASUS_SAAS_ID=…
The credentials are taken from those environment variables when they are set and generated
otherwise, so any SaaSus SDK pointed at it with those variables works unchanged.
It stops on Ctrl-C or SIGTERM.";

fn parse_args() -> Result<Options, String> {
    let mut opts = Options { credentials: Credentials::from_env_or_generate(), log: true, ..Options::default() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => {
                println!("{HELP}");
                std::process::exit(0);
            }
            "--port" => {
                let v = value("--port")?;
                opts.port = v.parse().map_err(|_| format!("--port: `{v}` is not a port number (0-65535)"))?;
            }
            "--host" => {
                let v = value("--host")?;
                opts.host = v.parse::<IpAddr>().map_err(|_| format!("--host: `{v}` is not an IP address"))?;
            }
            "--data" => {
                let path = std::path::PathBuf::from(value("--data")?);
                if std::env::var(saasus::config::ENV_SECRET_KEY).is_err()
                    && let Some(stored) = saasus_emulator::stored_credentials(&path)
                {
                    opts.credentials = stored;
                }
                opts.data = Some(path);
            }
            "--quiet" => opts.log = false,
            "--token-ttl" => {
                let v = value("--token-ttl")?;
                opts.token_ttl = v
                    .parse()
                    .ok()
                    .filter(|s: &i64| *s > 0)
                    .ok_or_else(|| format!("--token-ttl: `{v}` is not a positive number of seconds"))?;
            }
            other => return Err(format!("unknown argument `{other}`; see --help")),
        }
    }
    Ok(opts)
}

#[tokio::main]
async fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("saasus-emulator: {e}");
            std::process::exit(2);
        }
    };
    if !opts.host.is_loopback() {
        eprintln!("saasus-emulator: warning: binding {} makes the emulator reachable from other machines", opts.host);
    }
    let emu = match Emulator::start(opts).await {
        Ok(e) => e,
        Err(e) => {
            match e.get_ref().and_then(|inner| inner.downcast_ref::<DataFileError>()) {
                Some(data) => eprintln!("saasus-emulator: {data}"),
                None => eprintln!("saasus-emulator: cannot listen: {e}"),
            }
            std::process::exit(1);
        }
    };
    let c = emu.credentials();
    let mut out = std::io::stdout().lock();
    // Tests read these lines to find the emulator; flush so a pipe sees them at once.
    let _ = writeln!(out, "SAASUS_BASE_URL={}", emu.base_url());
    let _ = writeln!(out, "SAASUS_API_KEY={}", c.api_key);
    let _ = writeln!(out, "SAASUS_SECRET_KEY={}", c.secret_key);
    let _ = writeln!(out, "SAASUS_SAAS_ID={}", c.saas_id);
    let _ = out.flush();
    drop(out);
    shutdown_signal().await;
    emu.stop().await;
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
