//! The meter's driver (bench/meter.py): `meter-driver --setup` creates the metering units
//! `api_calls` and `storage` and 10 tenants, printing their ids joined by commas;
//! `meter-driver TENANTS ADDS` times ADDS calls of `meter.add` on one thread, over the tenants and
//! both units, then closes the meter and prints one JSON line: adds, seconds, cpu_seconds (the
//! adds alone), requests and sent (after close), close_seconds.

use saasus::models::CreateTenantParam;
use saasus::pricing::CreateMeteringUnitParam;
use saasus_bench::process_cpu;
use std::time::Instant;

async fn run() -> Result<(), String> {
    let client = saasus::Client::from_env().map_err(|e| e.to_string())?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--setup") {
        for unit in ["api_calls", "storage"] {
            let p = CreateMeteringUnitParam { unit_name: unit.into(), display_name: unit.into(), ..Default::default() };
            client.pricing().metering().create_metering_unit(&p).await.map_err(|e| e.to_string())?;
        }
        let mut ids = Vec::new();
        for i in 0..10 {
            let p = CreateTenantParam {
                name: format!("bench-{i}"),
                attributes: Default::default(),
                back_office_staff_email: "ops@bench.example".into(),
            };
            ids.push(client.auth().tenant().create_tenant(&p).await.map_err(|e| e.to_string())?.id);
        }
        println!("{}", ids.join(","));
        return Ok(());
    }
    let [tenants, adds] = &args[..] else { return Err("usage: meter-driver TENANTS ADDS | --setup".into()) };
    let tenants: Vec<&str> = tenants.split(',').collect();
    let adds: usize = adds.parse().map_err(|_| "ADDS must be a number")?;
    let options = saasus::MeterOptions { flush_interval: std::time::Duration::from_secs(3600), ..Default::default() };
    let meter = saasus::Meter::new(client, options).map_err(|e| e.to_string())?;
    let units = ["api_calls", "storage"];
    let (started, cpu) = (Instant::now(), process_cpu());
    for i in 0..adds {
        meter.add(tenants[i % tenants.len()], units[i % 2], 1).map_err(|e| e.to_string())?;
    }
    let (seconds, cpu_seconds) = (started.elapsed().as_secs_f64(), (process_cpu() - cpu).as_secs_f64());
    let closing = Instant::now();
    let report = meter.close().await;
    let s = report.stats;
    if s.sent != adds as u64 {
        return Err(format!("sent {} of {adds}: {:?}", s.sent, report.failures.first()));
    }
    let close_seconds = closing.elapsed().as_secs_f64();
    println!(
        r#"{{"adds":{adds},"seconds":{seconds},"cpu_seconds":{cpu_seconds},"requests":{},"sent":{},"close_seconds":{close_seconds}}}"#,
        s.requests, s.sent
    );
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("meter-driver: {e}");
        std::process::exit(1);
    }
}
