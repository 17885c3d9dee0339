//! `saasus listen --forward-to URL`: every platform event, in its EventBridge envelope, POSTed to a
//! local URL as it happens, signed (`saasus-signature`, [`saasus::events::sign`]) with a secret
//! kept in the user's config directory, so one handler can be tested against the emulator (its
//! events come live, by long polling `/_emulator/events`) and against the platform (read from
//! its API log with `GetLogs`'s time range) alike.

use crate::config_dir::config_dir;
use crate::exit;
use saasus::events::{Envelope, SIGNATURE_HEADER};
use std::time::Duration;

/// The secret's file under the config directory, and the variable that overrides it.
const SECRET_FILE: &str = "listen-secret";
const SECRET_ENV: &str = "SAASUS_LISTEN_SECRET";

pub(crate) struct Args {
    pub forward_to: String,
    pub operations: Vec<String>,
    pub platform_interval: Duration,
}

/// The signing secret: `SAASUS_LISTEN_SECRET`, else the one saved by an earlier `listen` (the same
/// across restarts, so a receiver's configuration stays valid), else a new one, saved 0600.
fn secret() -> Result<(String, String), String> {
    if let Some(s) = std::env::var(SECRET_ENV).ok().filter(|s| !s.is_empty()) {
        return Ok((s, format!("from {SECRET_ENV}")));
    }
    let dir = config_dir().ok_or("no config directory (set HOME or XDG_CONFIG_HOME, or SAASUS_LISTEN_SECRET)")?;
    let path = dir.join(SECRET_FILE);
    if let Ok(s) = std::fs::read_to_string(&path) {
        return Ok((s.trim().to_string(), format!("saved in {}", path.display())));
    }
    let mut bytes = [0u8; 24];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| "the system's random number generator failed")?;
    let s = format!("whsec_{}", hex_of(&bytes));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, s.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((s, format!("saved in {}", path.display())))
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

struct Forwarder {
    http: reqwest::Client,
    to: String,
    secret: String,
    operations: Vec<String>,
}

impl Forwarder {
    async fn forward(&self, event: &Envelope) {
        if !self.operations.is_empty() && !self.operations.contains(&event.detail.event_type) {
            return;
        }
        let body = serde_json::to_vec(event).unwrap_or_default();
        let signature = saasus::events::sign(&self.secret, now(), &body);
        let sent =
            self.http.post(&self.to).header("content-type", "application/json").header(SIGNATURE_HEADER, signature).body(body).send().await;
        let outcome = match sent {
            Ok(r) => r.status().as_u16().to_string(),
            Err(e) => format!("not delivered ({})", e.without_url()),
        };
        println!("{} {} {} -> {outcome}", event.time, event.detail.event_type, event.detail.trace_id);
    }
}

/// The emulator's origin (`http://127.0.0.1:4010`) when `base_url` is an emulator's.
pub(crate) async fn emulator_origin(http: &reqwest::Client, base_url: &str) -> Option<String> {
    let origin = base_url.trim_end_matches('/').strip_suffix("/v1")?.to_string();
    let r = http.get(format!("{origin}/_emulator/health")).timeout(Duration::from_secs(5)).send().await.ok()?;
    r.status().is_success().then_some(origin)
}

/// Says where events go, once the point from which they are forwarded is set: an event that a
/// caller causes after reading this line is forwarded.
fn announce(source: &str, to: &str, secret: &str, whence: &str) {
    // One write, so that a reader of the pipe gets the line whole.
    let line = format!(
        "saasus listen: forwarding {source} events to {to}; signed in the {SIGNATURE_HEADER} header with {secret} ({whence}). Ctrl-C stops.\n"
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
}

async fn from_emulator(f: &Forwarder, origin: &str, ready: impl FnOnce()) -> Result<(), saasus::Error> {
    let token = std::env::var("SAASUS_EMULATOR_TOKEN").unwrap_or_default();
    let poll = |after: Option<String>, wait_ms: u64| {
        let mut url = format!("{origin}/_emulator/events?wait_ms={wait_ms}");
        if let Some(a) = after {
            url.push_str(&format!("&after={a}"));
        }
        let mut request = f.http.get(url);
        if !token.is_empty() {
            request = request.header(saasus_emulator::CONTROL_TOKEN_HEADER, token.clone());
        }
        async move {
            let r = request.send().await.map_err(|e| saasus::Error::Transport { message: e.without_url().to_string(), connect: true })?;
            let text = r.text().await.map_err(|e| saasus::Error::Transport { message: e.without_url().to_string(), connect: false })?;
            serde_json::from_str::<Vec<Envelope>>(&text).map_err(|e| saasus::Error::Decode {
                status: 200,
                message: e.to_string(),
                trace_id: None,
            })
        }
    };
    // What happened before `listen` started is not forwarded.
    let mut after = poll(None, 0).await?.last().map(|e| e.id.clone());
    ready();
    loop {
        for event in poll(after.clone(), 25_000).await? {
            f.forward(&event).await;
            after = Some(event.id.clone());
        }
    }
}

async fn from_platform(f: &Forwarder, client: &saasus::Client, interval: Duration, ready: impl FnOnce()) -> Result<(), saasus::Error> {
    use saasus::apilog::GetLogsQuery;
    let mut since = now();
    ready();
    let mut seen = std::collections::HashSet::new();
    loop {
        tokio::time::sleep(interval).await;
        let until = now();
        let mut logs = Vec::new();
        let mut cursor = None;
        loop {
            let q =
                GetLogsQuery { start_at: Some(since), end_at: Some(until), limit: Some(100), cursor: cursor.clone(), ..Default::default() };
            let page = client.apilog().api_log().get_logs(&q).await?;
            logs.extend(page.api_logs);
            cursor = page.cursor.filter(|c| !c.is_empty());
            if cursor.is_none() {
                break;
            }
        }
        logs.reverse();
        logs.sort_by_key(|l| l.created_at);
        for log in logs {
            if !seen.insert(log.api_log_id.clone()) {
                continue;
            }
            if let Some(event) = saasus::events::envelope_of(&log, "listen", "", "") {
                f.forward(&event).await;
            }
        }
        // The range's end is inclusive of its second: the ids seen keep a log from going twice.
        since = until;
    }
}

pub(crate) fn run(args: Args) -> i32 {
    let (secret, whence) = match secret() {
        Ok(s) => s,
        Err(e) => return crate::output::error(&saasus::Error::Config(saasus::ConfigError::new("listen secret", e))),
    };
    let config = match crate::profile::config() {
        Ok(c) => c,
        Err(e) => return crate::output::error(&e),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(_) => return exit::TRANSPORT,
    };
    runtime.block_on(async move {
        let http = reqwest::Client::new();
        let forwarder = Forwarder { http: http.clone(), to: args.forward_to.clone(), secret: secret.clone(), operations: args.operations };
        let source = emulator_origin(&http, &config.base_url).await;
        let to = args.forward_to.clone();
        let outcome = tokio::select! {
            r = async {
                match &source {
                    Some(origin) => from_emulator(&forwarder, origin, || announce("the emulator's", &to, &secret, &whence)).await,
                    None => {
                        let client = saasus::Client::new(config)?;
                        from_platform(&forwarder, &client, args.platform_interval, || announce("the platform's", &to, &secret, &whence)).await
                    }
                }
            } => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        };
        match outcome {
            Ok(()) => 0,
            Err(e) => crate::output::error(&e),
        }
    })
}
