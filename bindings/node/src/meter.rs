//! The meter behind `client.meter()` (`saasus::meter`): adds are synchronous and take the
//! meter's lock only; `flush` and `close` answer through the client's completions, as calls do,
//! with the report as JSON in JavaScript's own case.

use crate::completions::Sender;
use crate::{decode_object, error_json, node_field, parse_json, throw, whole};
use napi::Result;
use napi_derive::napi;
use saasus::config::{TimeUnit, duration};
use saasus::meter::{Meter, MeterOptions, MeterReport, MeterStats};
use serde_json::{Value, json};

/// What `client.meter(options)` takes natively.
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    flush_interval_ms: Option<f64>,
    flush_at: Option<f64>,
    max_pending: Option<f64>,
    bucket_ms: Option<f64>,
    concurrency: Option<f64>,
}

const KNOWN: &[&str] = &["flushIntervalMs", "flushAt", "maxPending", "bucketMs", "concurrency"];

/// A setting's name as Node spells it (durations in milliseconds).
fn node_name(field: &str) -> String {
    match field {
        "flush_interval" => "flushIntervalMs".into(),
        "bucket" => "bucketMs".into(),
        other => node_field(other),
    }
}

fn options(s: Settings) -> std::result::Result<MeterOptions, saasus::ConfigError> {
    let d = MeterOptions::default();
    let ms = |field: &str, v: Option<f64>, default| v.map_or(Ok(default), |v| duration(field, v, TimeUnit::Milliseconds));
    let count = |field: &str, v: Option<f64>, default| v.map_or(Ok(default), |v| whole(field, v).map(|n| n as usize));
    Ok(MeterOptions {
        flush_interval: ms("flushIntervalMs", s.flush_interval_ms, d.flush_interval)?,
        flush_at: count("flushAt", s.flush_at, d.flush_at)?,
        max_pending: count("maxPending", s.max_pending, d.max_pending)?,
        bucket: ms("bucketMs", s.bucket_ms, d.bucket)?,
        concurrency: count("concurrency", s.concurrency, d.concurrency)?,
    })
}

#[napi]
pub struct NativeMeter {
    meter: Meter,
    answers: Sender,
}

impl NativeMeter {
    pub fn start(client: saasus::Client, answers: Sender, settings: Option<String>) -> Result<NativeMeter> {
        let invalid = |field: String, rule: String| throw(&saasus::Error::InvalidArgument { field, rule });
        let settings = parse_json(settings.as_deref(), "options").map_err(|e| throw(&e))?;
        let settings: Settings = decode_object(settings, "options", KNOWN).map_err(|(field, rule)| invalid(field, rule))?;
        let options = options(settings).map_err(|e| invalid(e.field, e.rule))?;
        options.check(node_name).map_err(|e| throw(&e))?;
        let io = saasus::io_thread::IoThread::shared()
            .map_err(|e| invalid("meter".into(), format!("the saasus call thread could not start: {e}")))?;
        let meter = Meter::on(io, client, options).map_err(|e| throw(&e))?;
        Ok(NativeMeter { meter, answers })
    }
}

fn stats_json(s: MeterStats) -> Value {
    json!({
        "added": s.added, "sent": s.sent, "pending": s.pending, "failed": s.failed,
        "unknown": s.unknown, "dropped": s.dropped, "requests": s.requests,
    })
}

fn report_json(r: MeterReport) -> String {
    let failures: Vec<Value> = r
        .failures
        .into_iter()
        .map(|f| {
            json!({
                "tenantId": f.tenant_id,
                "meteringUnitName": f.metering_unit_name,
                "timestamp": f.timestamp,
                "method": f.method.as_str(),
                "count": f.count,
                "outcome": f.outcome.as_str(),
                "error": f.error.as_ref().map(error_json),
            })
        })
        .collect();
    json!({ "stats": stats_json(r.stats), "failures": failures, "failuresLeftOut": r.failures_left_out }).to_string()
}

/// A count as JS gives it: a whole number from 0 to 2^53 (past that, a double is not exact).
fn count(v: f64) -> Result<i64> {
    if v.is_finite() && v.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&v) {
        Ok(v as i64)
    } else {
        let rule = "must be a whole number from 0 to Number.MAX_SAFE_INTEGER".to_string();
        Err(throw(&saasus::Error::InvalidArgument { field: "count".into(), rule }))
    }
}

#[napi]
impl NativeMeter {
    #[napi(catch_unwind)]
    pub fn add(&self, tenant_id: String, metering_unit_name: String, n: f64) -> Result<()> {
        self.meter.add(&tenant_id, &metering_unit_name, count(n)?).map_err(|e| throw(&e))
    }

    #[napi(catch_unwind)]
    pub fn sub(&self, tenant_id: String, metering_unit_name: String, n: f64) -> Result<()> {
        self.meter.sub(&tenant_id, &metering_unit_name, count(n)?).map_err(|e| throw(&e))
    }

    /// The JSON text of the stats.
    #[napi(catch_unwind)]
    pub fn stats(&self) -> String {
        stats_json(self.meter.stats()).to_string()
    }

    /// Starts a flush (or with `close`, the close); the report arrives as `callId`'s answer.
    #[napi(catch_unwind)]
    pub fn settle(&self, call_id: u32, close: bool) {
        let meter = self.meter.clone();
        crate::start(&self.answers, call_id, async move {
            let report = if close { meter.close().await } else { meter.flush().await };
            Ok(report_json(report))
        });
    }
}
