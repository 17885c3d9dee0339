//! The core's log events, caught by subscribers of the test's own: its own binary, apart from
//! tests/it, because tracing caches each call site's interest for the whole process, and a call
//! site first reached by another test's call, racing with a subscriber being set here, can stay
//! cached as "never" (it did once in tests/it: the retry's INFO event was missing).

#[path = "it/common/mod.rs"]
mod common;

use common::fast_retries;

#[tokio::test]
async fn a_client_logs_to_its_own_subscriber() {
    use saasus::log_record::{Forward, Value};
    let emu = common::emulator().await;
    let records = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = records.clone();
    let forward = Forward::new(tracing::Level::DEBUG, move |r| sink.lock().unwrap().push(r));
    let logged = common::client(&emu).logging(tracing::Dispatch::new(forward));
    assert_eq!(logged.auth().env().get_envs().await.unwrap().envs.len(), 3);
    assert_eq!(common::client(&emu).auth().env().get_envs().await.unwrap().envs.len(), 3, "another client: not logged here");
    let records = records.lock().unwrap().clone();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].level, tracing::Level::DEBUG);
    assert!(records[0].message.starts_with("GET auth /envs -> 200 in "), "{}", records[0].message);
    assert!(records[0].fields.contains(&("status", Value::UInt(200))), "{:?}", records[0].fields);
    assert!(records[0].fields.contains(&("api", Value::Text("auth".into()))), "{:?}", records[0].fields);
    emu.stop().await;
}

/// Collects the core's log events (target `saasus`) as "level field=value …" lines.
struct Capture(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                use std::fmt::Write;
                let _ = write!(self.0, " {}={:?}", field.name(), value);
            }
        }
        if event.metadata().target() == "saasus" {
            let mut fields = Fields(event.metadata().level().to_string());
            event.record(&mut fields);
            self.0.lock().unwrap().push(fields.0);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn each_attempt_and_each_retry_is_a_log_event_that_names_no_secret() {
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    // A current-thread runtime: the client's events are emitted on this thread.
    let _guard = tracing::subscriber::set_default(Capture(events.clone()));
    let emu = common::emulator().await;
    let c = fast_retries(&emu);
    common::arm(&emu, serde_json::json!({"path": "/v1/auth/tenants/*", "status": 503, "count": 3})).await;
    let err = c.auth().tenant().get_tenant("tenant-secret-id").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    c.auth().env().get_envs().await.unwrap();
    let events = events.lock().unwrap().clone();
    let lines = events.join("\n");
    let first = &events[0];
    for part in
        ["DEBUG", "api=\"auth\"", "operation=\"GetTenant\"", "method=\"GET\"", "path=\"/tenants/{tenant_id}\"", "status=503", "attempt=1"]
    {
        assert!(first.contains(part), "{part} in {first}");
    }
    assert!(events[1].starts_with("INFO") && events[1].contains("backoff_ms=") && events[1].contains("attempt=1"), "{lines}");
    assert!(events.iter().any(|e| e.starts_with("WARN") && e.contains("attempts=3")), "{lines}");
    assert!(events.last().unwrap().contains("operation=\"GetEnvs\"") && events.last().unwrap().contains("status=200"), "{lines}");
    assert_eq!(events.len(), 3 + 2 + 1 + 1, "three attempts, two retries, a give-up, one call: {lines}");
    // Path arguments, credentials and the signature stay out.
    for secret in ["tenant-secret-id", emu.config().secret_key.expose(), "SAASUSSIGV1", "Sig="] {
        assert!(!lines.contains(secret), "{secret} in the log:\n{lines}");
    }
    emu.stop().await;
}
