//! `saasus logs tail [--follow] [--status …] [--operation …]`: the API log, one readable line per
//! request, oldest first (`GetLogs`; with `--follow`, polled for what comes next).

use saasus::apilog::{ApiLog, GetLogsQuery};
use std::time::Duration;

pub(crate) struct Args {
    pub follow: bool,
    /// `404`, or a class such as `4xx`.
    pub status: Option<String>,
    /// The operation in snake case (`create_tenant`).
    pub operation: Option<String>,
    pub limit: i64,
}

fn status_matches(filter: &str, status: &str) -> bool {
    match filter.strip_suffix("xx") {
        Some(class) => status.starts_with(class),
        None => filter == status,
    }
}

/// One line: time, status, method, URI, operation, trace id.
fn line(log: &ApiLog) -> String {
    let uri = log.request_uri.split('?').next().unwrap_or_default();
    let operation = saasus::events::find(&log.request_method, uri).map_or("-", |(o, _)| o.name);
    format!(
        "{} {} {:<6} {} {} trace={}",
        saasus::events::rfc3339(log.created_at),
        log.response_status,
        log.request_method,
        uri,
        operation,
        log.trace_id
    )
}

impl Args {
    fn keeps(&self, log: &ApiLog) -> bool {
        let uri = log.request_uri.split('?').next().unwrap_or_default();
        self.status.as_deref().is_none_or(|s| status_matches(s, &log.response_status))
            && self.operation.as_deref().is_none_or(|op| saasus::events::find(&log.request_method, uri).is_some_and(|(o, _)| o.name == op))
    }
}

async fn tail(client: &saasus::Client, args: &Args) -> Result<(), saasus::Error> {
    let newest = client.apilog().api_log().get_logs(&GetLogsQuery { limit: Some(args.limit), ..Default::default() }).await?;
    // Newest first from the API: reversed, so that a stable sort keeps a second's order.
    let mut logs = newest.api_logs;
    logs.reverse();
    logs.sort_by_key(|l| l.created_at);
    let mut seen: std::collections::HashSet<String> = logs.iter().map(|l| l.api_log_id.clone()).collect();
    let mut since = logs.last().map_or(0, |l| l.created_at);
    for log in logs.iter().filter(|l| args.keeps(l)) {
        println!("{}", line(log));
    }
    if !args.follow {
        return Ok(());
    }
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let q = GetLogsQuery { start_at: Some(since), limit: Some(1000), ..Default::default() };
        let mut logs = client.apilog().api_log().get_logs(&q).await?.api_logs;
        logs.reverse();
        logs.sort_by_key(|l| l.created_at);
        for log in logs {
            since = since.max(log.created_at);
            if seen.insert(log.api_log_id.clone()) && args.keeps(&log) {
                println!("{}", line(&log));
            }
        }
    }
}

pub(crate) fn run(args: Args) -> i32 {
    let outcome = (|| {
        let client = saasus::Client::new(crate::profile::config()?)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| saasus::Error::Transport { message: format!("no runtime: {e}"), connect: true })?;
        runtime.block_on(async {
            tokio::select! {
                r = tail(&client, &args) => r,
                _ = tokio::signal::ctrl_c() => Ok(()),
            }
        })
    })();
    match outcome {
        Ok(()) => 0,
        Err(e) => crate::output::error(&e),
    }
}
