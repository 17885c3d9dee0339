//! The Rust core driven the way the bindings drive it, with no binding in between: what calls
//! in that shape cost the core alone, the floor under the bindings' figures.
//!
//! `rust-shaped-driver from-thread …` (surface `rust-from-thread`): every call is started from
//! one thread and runs on the bindings' call thread (`saasus::io_thread`), which sends the
//! answer back to the first, which then starts the next — as Node's JS thread, an asyncio loop
//! or Kotlin's coroutine threads do. The plain Rust driver instead starts each next call on the
//! worker that received the answer, where no thread has to be woken.
//!
//! `rust-shaped-driver blocking …` (surface `rust-blocking`): calls in flight are OS threads,
//! each running its calls to their end on a current-thread runtime and connections of its own
//! — what Python's blocking calls from a thread pool do, without the GIL.
//!
//! The rest of the arguments and the output are the driver protocol (see the crate docs).

use saasus::io_thread::IoThread;
use saasus_bench::{DriverArgs, phase_json, process_cpu};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn check(tenant: saasus::models::TenantDetail, tenant_id: &str) -> Result<(), String> {
    // A wrong answer must not pass for a fast one.
    if tenant.id == tenant_id { Ok(()) } else { Err(format!("the emulator answered with tenant {}, not {tenant_id}", tenant.id)) }
}

/// Runs the warm-up and both phases with `phases(per_worker, workers)` and prints the result.
fn measure(args: &DriverArgs, phase: impl Fn(usize, usize) -> Result<Vec<Duration>, String>) -> Result<(), String> {
    phase(args.warm_up, args.concurrency)?;
    let (started, cpu) = (Instant::now(), process_cpu());
    let seq = phase(args.sequential, 1)?;
    let (seq_wall, seq_cpu) = (started.elapsed(), process_cpu() - cpu);
    let (started, cpu) = (Instant::now(), process_cpu());
    let conc = phase(args.concurrent_calls.div_ceil(args.concurrency), args.concurrency)?;
    let (conc_wall, conc_cpu) = (started.elapsed(), process_cpu() - cpu);
    let (seq, conc) = (phase_json(seq_wall, seq_cpu, &seq), phase_json(conc_wall, conc_cpu, &conc));
    println!("{}", serde_json::json!({ "sequential": seq, "concurrent": conc }));
    Ok(())
}

/// `workers` chains of `per_worker` calls, each call started from this thread, run on `io` and
/// answered to this thread through a channel.
fn from_thread(io: &IoThread, client: &saasus::Client, id: &str, per_worker: usize, workers: usize) -> Result<Vec<Duration>, String> {
    let (answers, answered) = mpsc::channel::<(usize, Instant, saasus::Result<saasus::models::TenantDetail>)>();
    let start = |worker: usize| {
        let (client, id, answers) = (client.clone(), id.to_string(), answers.clone());
        let started = Instant::now();
        io.spawn(async move {
            let _ = answers.send((worker, started, client.auth().tenant().get_tenant(&id).await));
        });
    };
    let mut left = vec![per_worker; workers];
    for (worker, n) in left.iter_mut().enumerate() {
        *n -= 1;
        start(worker);
    }
    let (mut in_flight, mut lat) = (workers, Vec::with_capacity(per_worker * workers));
    while in_flight > 0 {
        let (worker, started, answer) = answered.recv().map_err(|e| e.to_string())?;
        lat.push(started.elapsed());
        check(answer.map_err(|e| e.to_string())?, id)?;
        if left[worker] > 0 {
            left[worker] -= 1;
            start(worker);
        } else {
            in_flight -= 1;
        }
    }
    Ok(lat)
}

/// `workers` OS threads making `per_worker` blocking calls each.
fn blocking(client: &saasus::Client, id: &str, per_worker: usize, workers: usize) -> Result<Vec<Duration>, String> {
    let worker = || -> Result<Vec<Duration>, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        let client = rt.block_on(async { client.for_this_thread() }).map_err(|e| e.to_string())?;
        let mut lat = Vec::with_capacity(per_worker);
        for _ in 0..per_worker {
            let t = Instant::now();
            let tenant = rt.block_on(client.auth().tenant().get_tenant(id)).map_err(|e| e.to_string())?;
            lat.push(t.elapsed());
            check(tenant, id)?;
        }
        Ok(lat)
    };
    std::thread::scope(|s| {
        let threads: Vec<_> = (0..workers).map(|_| s.spawn(worker)).collect();
        let mut all = Vec::with_capacity(per_worker * workers);
        for t in threads {
            all.extend(t.join().map_err(|_| "a worker thread panicked".to_string())??);
        }
        Ok(all)
    })
}

fn run() -> Result<(), String> {
    let mut argv = std::env::args().skip(1);
    let shape = argv.next().unwrap_or_default();
    let args = DriverArgs::parse(argv.collect())?;
    let client = saasus::Client::from_env().map_err(|e| e.to_string())?;
    match shape.as_str() {
        "from-thread" => {
            let io = IoThread::start("saasus-io").map_err(|e| e.to_string())?;
            measure(&args, |per, workers| from_thread(&io, &client, &args.tenant_id, per, workers))
        }
        "blocking" => measure(&args, |per, workers| blocking(&client, &args.tenant_id, per, workers)),
        other => Err(format!("the shape must be from-thread or blocking, not `{other}`")),
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("rust-shaped-driver: {e}");
        std::process::exit(1);
    }
}
