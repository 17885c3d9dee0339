//! The meter (issue 26): counts added from many threads arrive exactly, as a request per sum
//! rather than per count; a sum applied and then answered 502/504 is counted once and reported
//! as unknown; a refused one as failed; one that could not be sent is held for the next send;
//! the bound drops new sums and says so. Against the emulator over HTTP.

use crate::common;

use saasus::meter::{MeterMethod, Outcome};
use saasus::pricing::CreateMeteringUnitParam;
use saasus::{Meter, MeterOptions};
use std::time::Duration;

/// 2024-02-29T01:00:00Z, and that day.
const AT: i64 = 1_709_168_400;
const DAY: &str = "2024-02-29";
const PATH: &str = "/v1/pricing/metering/tenants/*";

async fn unit(c: &saasus::Client, name: &str) {
    let unit = CreateMeteringUnitParam { unit_name: name.into(), display_name: name.into(), ..Default::default() };
    c.pricing().metering().create_metering_unit(&unit).await.unwrap();
}

async fn counted(c: &saasus::Client, tenant: &str, unit: &str) -> i64 {
    let m = c.pricing().metering();
    m.get_metering_unit_date_count_by_tenant_id_and_unit_name_and_date(tenant, unit, DAY).await.unwrap().count
}

fn fast(emu: &saasus_emulator::Emulator) -> saasus::Client {
    saasus::Client::new(emu.config().with_retry_base_delay(Duration::from_millis(5))).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adds_from_eight_threads_are_counted_exactly_after_close() {
    let emu = common::emulator().await;
    let c = fast(&emu);
    for u in ["api_calls", "storage"] {
        unit(&c, u).await;
    }
    let tenants = [common::tenant(&c, "Acme").await.id, common::tenant(&c, "Globex").await.id];
    // Sent every 100 ms while the threads add, so that sends and adds overlap.
    let options = MeterOptions { flush_interval: Duration::from_millis(100), ..Default::default() };
    let meter = Meter::new(c.clone(), options).unwrap();
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let (meter, tenants) = (meter.clone(), tenants.clone());
            std::thread::spawn(move || {
                for n in 0..12_500i64 {
                    let tenant = &tenants[(n % 2) as usize];
                    let unit = if n % 5 == 0 { "storage" } else { "api_calls" };
                    // Across the day's buckets, and every thread its own second.
                    let at = AT + (n % 7) * 600 + i;
                    meter.count(tenant, unit, at, MeterMethod::Add, 1).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let report = meter.close().await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let s = report.stats;
    assert_eq!((s.added, s.sent, s.pending, s.failed, s.unknown, s.dropped), (100_000, 100_000, 0, 0, 0, 0));
    // 2 tenants × 2 units × 7 buckets: 28 sums, each sent at most once per send.
    assert!(s.requests >= 28 && s.requests < 1_000, "{} requests for 100,000 counts", s.requests);
    let mut total = 0;
    for t in &tenants {
        let (calls, storage) = (counted(&c, t, "api_calls").await, counted(&c, t, "storage").await);
        assert_eq!((calls, storage), (40_000, 10_000), "tenant {t}");
        total += calls + storage;
    }
    assert_eq!(total, 100_000);
    assert!(meter.add(&tenants[0], "api_calls", 1).is_err(), "closed");
    emu.stop().await;
}

#[tokio::test]
async fn a_sum_applied_and_then_answered_502_or_504_is_counted_once_and_reported_unknown() {
    let emu = common::emulator().await;
    let c = fast(&emu);
    unit(&c, "api_calls").await;
    let t = common::tenant(&c, "Acme").await.id;
    let meter = Meter::new(c.clone(), MeterOptions::default()).unwrap();
    let mut counted_so_far = 0;
    for (status, n) in [(502, 5), (504, 3)] {
        common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": status, "after_applying": true})).await;
        meter.count(&t, "api_calls", AT, MeterMethod::Add, n).unwrap();
        let report = meter.flush().await;
        counted_so_far += n;
        assert_eq!(counted(&c, &t, "api_calls").await, counted_so_far, "{status}: applied once, never sent again");
        let [failure] = &report.failures[..] else { panic!("{status}: {:?}", report.failures) };
        assert_eq!(
            (failure.outcome, failure.count, failure.timestamp, failure.method),
            (Outcome::Unknown, n, AT - AT % 60, MeterMethod::Add)
        );
        assert_eq!((failure.tenant_id.as_str(), failure.metering_unit_name.as_str()), (t.as_str(), "api_calls"));
        let e = failure.error.as_ref().unwrap();
        assert_eq!((e.kind().as_str(), e.status()), ("outcome_unknown", Some(status)));
    }
    let s = meter.close().await.stats;
    assert_eq!((s.added, s.sent, s.unknown, s.pending, s.requests), (8, 0, 8, 0, 2));
    emu.stop().await;
}

#[tokio::test]
async fn a_refused_sum_fails_and_one_not_sent_is_held_for_the_next_send() {
    let emu = common::emulator().await;
    let c = saasus::Client::new(emu.config().with_max_retries(0).unwrap()).unwrap();
    unit(&c, "api_calls").await;
    let t = common::tenant(&c, "Acme").await.id;
    let meter = Meter::new(c.clone(), MeterOptions::default()).unwrap();
    // No such unit: the platform's answer, and no doubt about it.
    meter.count(&t, "no_such_unit", AT, MeterMethod::Add, 2).unwrap();
    let report = meter.flush().await;
    let [failure] = &report.failures[..] else { panic!("{:?}", report.failures) };
    assert_eq!((failure.outcome, failure.count), (Outcome::Failed, 2));
    assert!(failure.error.as_ref().unwrap().status().is_some_and(|s| (400..500).contains(&s)), "{failure:?}");
    // A 429 (with no retries left) refused it: certainly not applied, so held and sent next time.
    common::arm(&emu, serde_json::json!({"path": PATH, "method": "PUT", "status": 429})).await;
    meter.count(&t, "api_calls", AT, MeterMethod::Add, 4).unwrap();
    let report = meter.flush().await;
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!((report.stats.pending, report.stats.sent), (4, 0), "held again");
    assert_eq!(counted(&c, &t, "api_calls").await, 0);
    let report = meter.close().await;
    assert_eq!((report.stats.pending, report.stats.sent, report.stats.failed), (0, 4, 2));
    assert_eq!(counted(&c, &t, "api_calls").await, 4);
    emu.stop().await;
}

#[tokio::test]
async fn subtractions_are_sent_after_the_additions_they_take_from() {
    let emu = common::emulator().await;
    let c = fast(&emu);
    unit(&c, "seats").await;
    let t = common::tenant(&c, "Acme").await.id;
    let meter = Meter::new(c.clone(), MeterOptions { concurrency: 1, ..Default::default() }).unwrap();
    // The subtraction comes first, but the platform stops a count at 0.
    meter.count(&t, "seats", AT, MeterMethod::Sub, 2).unwrap();
    meter.count(&t, "seats", AT, MeterMethod::Add, 5).unwrap();
    let s = meter.close().await.stats;
    assert_eq!((s.added, s.sent, s.requests), (7, 7, 2));
    assert_eq!(counted(&c, &t, "seats").await, 3);
    emu.stop().await;
}

// One thread: the meter's task cannot run between the adds below, so the bound is met exactly.
#[tokio::test(flavor = "current_thread")]
async fn the_bound_drops_new_sums_counts_them_and_reports_them() {
    let emu = common::emulator().await;
    let c = fast(&emu);
    unit(&c, "api_calls").await;
    let t = common::tenant(&c, "Acme").await.id;
    let options = MeterOptions { max_pending: 2, flush_at: 2, ..Default::default() };
    let meter = Meter::new(c.clone(), options).unwrap();
    meter.count(&t, "api_calls", AT, MeterMethod::Add, 1).unwrap();
    meter.count(&t, "api_calls", AT + 60, MeterMethod::Add, 1).unwrap();
    meter.count(&t, "api_calls", AT + 120, MeterMethod::Add, 3).unwrap(); // a third sum: dropped
    meter.count(&t, "api_calls", AT + 120, MeterMethod::Add, 4).unwrap(); // dropped too, with it
    meter.count(&t, "api_calls", AT, MeterMethod::Add, 5).unwrap(); // a sum held: taken
    let s = meter.stats();
    assert_eq!((s.added, s.pending, s.dropped), (14, 7, 7));
    let report = meter.close().await;
    let [dropped] = &report.failures[..] else { panic!("{:?}", report.failures) };
    assert_eq!((dropped.outcome, dropped.count, dropped.timestamp, dropped.error.is_none()), (Outcome::Dropped, 7, AT + 120, true));
    let s = report.stats;
    assert_eq!((s.added, s.sent, s.dropped, s.pending), (14, 7, 7, 0));
    assert_eq!(counted(&c, &t, "api_calls").await, 7);
    emu.stop().await;
}

#[tokio::test]
async fn bad_counts_and_settings_are_refused_naming_the_field() {
    let emu = common::emulator().await;
    let c = fast(&emu);
    let bad = |o: MeterOptions| Meter::new(c.clone(), o).unwrap_err().to_string();
    assert!(bad(MeterOptions { bucket: Duration::from_secs(7), ..Default::default() }).starts_with("invalid argument bucket:"));
    assert!(bad(MeterOptions { flush_at: 20_000, ..Default::default() }).starts_with("invalid argument flush_at:"));
    assert!(bad(MeterOptions { flush_interval: Duration::ZERO, ..Default::default() }).starts_with("invalid argument flush_interval:"));
    assert!(bad(MeterOptions { concurrency: 0, ..Default::default() }).starts_with("invalid argument concurrency:"));
    let meter = Meter::new(c.clone(), MeterOptions::default()).unwrap();
    let field = |e: saasus::Error| match e {
        saasus::Error::InvalidArgument { field, .. } => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(meter.add("", "u", 1).unwrap_err()), "tenant_id");
    assert_eq!(field(meter.add("t", "..", 1).unwrap_err()), "metering_unit_name");
    assert_eq!(field(meter.add("t", "u", -1).unwrap_err()), "count");
    assert_eq!(field(meter.count("t", "u", -5, MeterMethod::Add, 1).unwrap_err()), "timestamp");
    meter.add("t", "u", i64::MAX).unwrap();
    assert_eq!(field(meter.add("t", "u", 1).unwrap_err()), "count", "the sum would overflow");
    meter.add("t", "u", 0).unwrap();
    let s = meter.stats();
    assert_eq!((s.added, s.pending), (i64::MAX as u64, i64::MAX as u64));
    emu.stop().await;
}

#[tokio::test]
async fn a_meter_dropped_with_counts_held_warns_and_still_sends_them() {
    let emu = common::emulator().await;
    let c = fast(&emu);
    unit(&c, "api_calls").await;
    let t = common::tenant(&c, "Acme").await.id;
    let warnings = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = warnings.clone();
    let sink =
        saasus::log_record::Forward::new(tracing::Level::WARN, move |r: saasus::log_record::Record| seen.lock().unwrap().push(r.message));
    tracing::subscriber::with_default(sink, || {
        let meter = Meter::new(c.clone(), MeterOptions::default()).unwrap();
        meter.count(&t, "api_calls", AT, MeterMethod::Add, 9).unwrap();
        drop(meter);
    });
    let said = warnings.lock().unwrap().clone();
    assert!(said.iter().any(|m| m.contains("dropped with counts held") && m.contains("close()")), "{said:?}");
    // The runtime lives on here: the task sends what was held once every handle is gone.
    for _ in 0..100 {
        if counted(&c, &t, "api_calls").await == 9 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(counted(&c, &t, "api_calls").await, 9);
    emu.stop().await;
}
