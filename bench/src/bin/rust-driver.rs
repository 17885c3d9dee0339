//! The Rust core's driver (see the crate docs): the baseline every binding is a ratio of.
//! With `--setup` it creates the tenant the drivers read and prints its id.

use saasus::models::CreateTenantParam;
use saasus_bench::{DriverArgs, phase_json, process_cpu};
use std::time::{Duration, Instant};

async fn get(client: &saasus::Client, tenant_id: &str) -> saasus::Result<()> {
    let t = client.auth().tenant().get_tenant(tenant_id).await?;
    // A wrong answer must not pass for a fast one.
    if t.id != tenant_id {
        return Err(saasus::Error::InvalidArgument { field: "tenant_id".into(), rule: "the emulator answered with another tenant".into() });
    }
    Ok(())
}

async fn run() -> Result<(), String> {
    let client = saasus::Client::from_env().map_err(|e| e.to_string())?;
    if std::env::args().nth(1).as_deref() == Some("--setup") {
        let param = CreateTenantParam {
            name: "bench".into(),
            attributes: [("plan", "gold")].into_iter().collect(),
            back_office_staff_email: "ops@bench.example".into(),
        };
        let t = client.auth().tenant().create_tenant(&param).await.map_err(|e| e.to_string())?;
        println!("{}", t.id);
        return Ok(());
    }
    let args = DriverArgs::from_args()?;
    let id = args.tenant_id.as_str();

    // Warm-up: open as many pooled connections as the concurrent phase will use.
    concurrently(&client, id, args.concurrency, args.warm_up).await?;

    let mut seq = Vec::with_capacity(args.sequential);
    let (started, cpu) = (Instant::now(), process_cpu());
    for _ in 0..args.sequential {
        let t = Instant::now();
        get(&client, id).await.map_err(|e| e.to_string())?;
        seq.push(t.elapsed());
    }
    let (seq_wall, seq_cpu) = (started.elapsed(), process_cpu() - cpu);

    let (started, cpu) = (Instant::now(), process_cpu());
    let conc = concurrently(&client, id, args.concurrency, args.concurrent_calls.div_ceil(args.concurrency)).await?;
    let (conc_wall, conc_cpu) = (started.elapsed(), process_cpu() - cpu);
    let (seq, conc) = (phase_json(seq_wall, seq_cpu, &seq), phase_json(conc_wall, conc_cpu, &conc));
    println!("{}", serde_json::json!({ "sequential": seq, "concurrent": conc }));
    Ok(())
}

/// `workers` tasks, each making `per_worker` calls one after another; every call's latency.
async fn concurrently(client: &saasus::Client, id: &str, workers: usize, per_worker: usize) -> Result<Vec<Duration>, String> {
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let (client, id) = (client.clone(), id.to_string());
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    let t = Instant::now();
                    get(&client, &id).await?;
                    lat.push(t.elapsed());
                }
                Ok::<_, saasus::Error>(lat)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(workers * per_worker);
    for t in tasks {
        all.extend(t.await.map_err(|e| e.to_string())?.map_err(|e| e.to_string())?);
    }
    Ok(all)
}

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("rust-driver: {e}");
        std::process::exit(1);
    }
}
