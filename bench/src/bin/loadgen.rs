//! A load generator for the emulator's capacity: `CONNECTIONS` keep-alive HTTP/1.1 connections,
//! each sending signed `GetTenant` requests back to back for `SECONDS` (after a warm-up), with
//! the request bytes built once per minute (a signature is valid for its minute) and responses
//! read by `Content-Length` — so that on a 2-core machine the generator takes as little CPU as
//! it can from the server it measures. Prints one JSON line: requests/s, p50/p99 latency.
//!
//! `loadgen BASE_URL TENANT_ID CONNECTIONS SECONDS [THREADS] [get|update]`, credentials from
//! `SAASUS_*`. `update` sends signed `UpdateTenant` requests instead (the same body each time):
//! every one a change of state, which an emulator with `--data` writes before it answers.
//! With `LOADGEN_DEBUG` set, the first response that is not a 200 is printed on stderr.
//! Only loopback URLs are accepted: this is never pointed at anything but a local emulator.

use saasus::signing::{self, Minute};
use saasus_bench::quantile;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Target {
    host: String,
    path: String,
    /// `GET` with no body, or `PATCH` with this JSON body.
    body: Option<&'static str>,
    api_key: String,
    secret_key: String,
    saas_id: String,
}

impl Target {
    /// The whole request, signed for `minute`.
    fn request(&self, minute: Minute) -> Vec<u8> {
        let signed_url = format!("{}{}", self.host, self.path);
        let (method, body) = match self.body {
            None => ("GET", ""),
            Some(b) => ("PATCH", b),
        };
        let sig = signing::signature(&self.secret_key, minute, &self.api_key, method, &signed_url, body.as_bytes());
        let content =
            if body.is_empty() { String::new() } else { format!("content-type: application/json\r\ncontent-length: {}\r\n", body.len()) };
        format!(
            "{method} {} HTTP/1.1\r\nhost: {}\r\nauthorization: {}\r\naccept: application/json\r\n{content}\r\n{body}",
            self.path,
            self.host,
            signing::authorization(&sig, &self.saas_id, &self.api_key)
        )
        .into_bytes()
    }
}

/// Reads one response; returns its status. Errors on anything but a Content-Length body.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    buf.clear();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("the server closed the connection"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| bad("a non-UTF-8 response head"))?;
    let status = head.get(9..12).and_then(|s| s.parse::<u16>().ok()).ok_or_else(|| bad("no status line"))?;
    let length = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.trim().parse::<usize>()))
        .ok_or_else(|| bad("a response without Content-Length"))?
        .map_err(|_| bad("a bad Content-Length"))?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("the server closed the connection mid-body"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

/// One connection's loop until `until`; latencies of the requests sent after `measure_from`.
async fn connection(
    addr: String,
    target: std::sync::Arc<Target>,
    measure_from: Instant,
    until: Instant,
) -> std::io::Result<(Vec<Duration>, usize)> {
    let mut stream = TcpStream::connect(&addr).await?;
    stream.set_nodelay(true)?;
    let (mut minute, mut request) = (Minute::now(), target.request(Minute::now()));
    let (mut latencies, mut errors, mut buf) = (Vec::new(), 0, Vec::with_capacity(4096));
    loop {
        let started = Instant::now();
        if started >= until {
            return Ok((latencies, errors));
        }
        let now = Minute::now();
        if now != minute {
            (minute, request) = (now, target.request(now));
        }
        stream.write_all(&request).await?;
        let status = read_response(&mut stream, &mut buf).await?;
        if started >= measure_from {
            latencies.push(started.elapsed());
            if status != 200 {
                if errors == 0 && std::env::var_os("LOADGEN_DEBUG").is_some() {
                    eprintln!("{}", String::from_utf8_lossy(&buf));
                }
                errors += 1;
            }
        }
    }
}

fn run() -> Result<serde_json::Value, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base, tenant, conns, secs, threads, op) = match args.as_slice() {
        [b, t, c, s] => (b, t, c, s, "1", "get"),
        [b, t, c, s, th] => (b, t, c, s, th.as_str(), "get"),
        [b, t, c, s, th, op] => (b, t, c, s, th.as_str(), op.as_str()),
        _ => return Err("usage: loadgen BASE_URL TENANT_ID CONNECTIONS SECONDS [THREADS] [get|update]".into()),
    };
    let body = match op {
        "get" => None,
        "update" => Some(r#"{"name":"loadgen","attributes":{},"back_office_staff_email":"loadgen@example.com"}"#),
        other => return Err(format!("the operation must be `get` or `update`, not `{other}`")),
    };
    let num = |name: &str, v: &str| v.parse::<u64>().ok().filter(|n| *n > 0).ok_or(format!("{name}: `{v}` is not a positive integer"));
    let (conns, secs, threads) = (num("CONNECTIONS", conns)? as usize, num("SECONDS", secs)?, num("THREADS", threads)? as usize);
    let url = url_parts(base)?;
    let env = |k: &str| std::env::var(k).map_err(|_| format!("{k} is not set"));
    let target = std::sync::Arc::new(Target {
        host: url.0.clone(),
        path: format!("{}/auth/tenants/{tenant}", url.1),
        body,
        api_key: env(saasus::config::ENV_API_KEY)?,
        secret_key: env(saasus::config::ENV_SECRET_KEY)?,
        saas_id: env(saasus::config::ENV_SAAS_ID)?,
    });
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().map_err(|e| e.to_string())?;
    let measure_from = Instant::now() + Duration::from_secs(1);
    let until = measure_from + Duration::from_secs(secs);
    let results = rt.block_on(async {
        let tasks: Vec<_> = (0..conns).map(|_| tokio::spawn(connection(url.0.clone(), target.clone(), measure_from, until))).collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.map_err(|e| e.to_string())?.map_err(|e| format!("a connection failed: {e}"))?);
        }
        Ok::<_, String>(out)
    })?;
    let errors: usize = results.iter().map(|(_, e)| e).sum();
    let mut us: Vec<f64> = results.into_iter().flat_map(|(l, _)| l).map(|d| d.as_secs_f64() * 1e6).collect();
    us.sort_by(f64::total_cmp);
    Ok(serde_json::json!({
        "connections": conns,
        "threads": threads,
        "operation": op,
        "seconds": secs,
        "requests": us.len(),
        "errors": errors,
        "per_second": us.len() as f64 / secs as f64,
        "p50_us": quantile(&us, 0.5),
        "p99_us": quantile(&us, 0.99),
    }))
}

/// `http://127.0.0.1:PORT/v1` → (`127.0.0.1:PORT`, `/v1`), loopback only.
fn url_parts(base: &str) -> Result<(String, String), String> {
    let rest = base.strip_prefix("http://").ok_or("BASE_URL must be http://127.0.0.1:PORT/…")?;
    let (host, path) = rest.split_once('/').map_or((rest, String::new()), |(h, p)| (h, format!("/{}", p.trim_end_matches('/'))));
    let ip = host.rsplit_once(':').map_or(host, |(h, _)| h);
    let loopback = ip == "localhost" || ip.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_loopback());
    if !loopback {
        return Err(format!("{host} is not a loopback address: the load generator only targets a local emulator"));
    }
    Ok((host.to_string(), path))
}

fn main() {
    match run() {
        Ok(v) => println!("{v}"),
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::exit(1);
        }
    }
}
