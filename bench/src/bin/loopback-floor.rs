//! The loopback floor beside the emulator's figures: a bare axum server on 127.0.0.1 answering
//! every request with one constant body — the emulator's `GetTenant` answer for the bench's
//! tenant, serialised by the same model — and nothing else: no signature, no logs, no state.
//! What `loadgen` measures against it is what this machine's loopback, kernel, tokio and hyper
//! cost before the emulator does any work. Takes the tenant's id (bench/run.py gives the bench
//! tenant's, so that the body is the emulator's byte for byte; a made-up one of the same length
//! without it). Prints `SAASUS_BASE_URL=http://127.0.0.1:PORT/v1`, then serves until killed.

use axum::Router;
use axum::http::header;

#[tokio::main]
async fn main() {
    let id = std::env::args().nth(1).unwrap_or_else(|| "9b7c5a4e-0d3f-4c1a-8e2b-6f1d0a9c3b7e".into());
    let tenant: saasus::models::TenantDetail = serde_json::from_value(serde_json::json!({
        "id": id,
        "name": "bench",
        "attributes": {"plan": "gold"},
        "back_office_staff_email": "ops@bench.example",
        "plan_histories": [],
    }))
    .expect("a valid TenantDetail");
    let body: &'static str = serde_json::to_string(&tenant).expect("serialisable").leak();
    let app = Router::new().fallback(move || async move { ([(header::CONTENT_TYPE, "application/json")], body) });
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("loopback-floor: cannot listen on 127.0.0.1: {e}");
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("a bound listener has an address");
    println!("SAASUS_BASE_URL=http://{addr}/v1");
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("loopback-floor: {e}");
        std::process::exit(1);
    }
}
