//! Criterion benches of the core's hot paths, none of which touch the network:
//!
//! - `signing`: one SAASUSSIGV1 signature (a GetTenant GET, a POST with a ~300-byte body);
//! - `request_building`: everything done before the bytes go to the socket
//!   ([`saasus::Client::prepare`]: path expansion, body or query serialisation, signing, headers);
//! - `response_decoding`: a page of 1,000 tenant users decoded as the transport decodes it.
//!
//! `cargo bench -p saasus-bench --bench core [-- <group>]`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use saasus::model::ResponseBody;
use saasus::models::{CreateTenantParam, SearchTenantUsersQuery, Users};
use saasus::signing::{self, Minute};
use saasus::{Client, Config, JsonObject, RequestContext, ops};
use serde_json::json;
use std::hint::black_box;

// Credentials shaped like the emulator's (32 and 48 hex digits, a UUID).
const API_KEY: &str = "3f9c2a7e5b1d4c8a9e0f6b2d7a4c1e5f";
const SECRET_KEY: &str = "8b1e4f7a2c5d9e0b3f6a1c4d7e2b5a8f0c3e6d9b2a5f8c1e";
const SAAS_ID: &str = "98a48e6f-0b4d-4a5d-9c2f-123456789abc";
const BASE_URL: &str = "http://127.0.0.1:8787/v1";
const TENANT_ID: &str = "5b0c9d7e-3a41-4f2b-8e6d-1c2a3b4c5d6e";

/// A ~300-byte JSON body, as a CreateTenant with a few attributes sends.
fn post_body() -> Vec<u8> {
    let body = serde_json::to_vec(&create_tenant_param()).unwrap();
    assert!((250..400).contains(&body.len()), "the POST body is {} bytes", body.len());
    body
}

fn create_tenant_param() -> CreateTenantParam {
    let attributes: JsonObject = [
        ("plan", json!("enterprise")),
        ("region", json!("ap-northeast-1")),
        ("seats", json!(250)),
        ("billing_contact", json!("billing@acme-corporation.example")),
        ("industry", json!("manufacturing")),
        ("trial", json!(false)),
        ("notes", json!("migrated from the legacy tenant store in the spring")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    CreateTenantParam {
        name: "Acme Corporation (Tokyo office)".into(),
        attributes,
        back_office_staff_email: "back-office-staff@acme-corporation.example".into(),
    }
}

fn bench_signing(c: &mut Criterion) {
    let minute = Minute::now();
    let get_url = format!("{BASE_URL}/auth/tenants/{TENANT_ID}");
    let get_url = signing::url_without_scheme(&get_url);
    let post_url = format!("{BASE_URL}/auth/tenants");
    let post_url = signing::url_without_scheme(&post_url);
    let body = post_body();

    let signer = signing::Signer::new(SECRET_KEY);
    let sig = signer.signature(minute, API_KEY, "GET", get_url, b"");
    let auth = signing::parse_authorization(&signing::authorization(&sig, SAAS_ID, API_KEY)).unwrap();

    let mut g = c.benchmark_group("signing");
    // `signing::signature`: keys the HMAC with the secret, then signs.
    g.bench_function("get_tenant", |b| {
        b.iter(|| signing::signature(black_box(SECRET_KEY), black_box(minute), black_box(API_KEY), "GET", black_box(get_url), b""))
    });
    g.bench_function("post_300b_body", |b| {
        b.iter(|| {
            signing::signature(black_box(SECRET_KEY), black_box(minute), black_box(API_KEY), "POST", black_box(post_url), black_box(&body))
        })
    });
    // `Signer`: keyed once, as the client and the emulator hold it.
    g.bench_function("get_tenant_keyed", |b| {
        b.iter(|| black_box(&signer).signature(black_box(minute), black_box(API_KEY), "GET", black_box(get_url), b""))
    });
    g.bench_function("post_300b_body_keyed", |b| {
        b.iter(|| black_box(&signer).signature(black_box(minute), black_box(API_KEY), "POST", black_box(post_url), black_box(&body)))
    });
    // The emulator's check: three minutes, so three HMACs.
    g.bench_function("verify_get_tenant", |b| {
        b.iter(|| {
            signing::verify(black_box(&auth), API_KEY, SAAS_ID, black_box(SECRET_KEY), black_box(minute), "GET", black_box(get_url), b"")
        })
    });
    g.finish();
}

fn bench_request_building(c: &mut Criterion) {
    let config = Config::new(API_KEY, SECRET_KEY, SAAS_ID).unwrap().with_base_url(BASE_URL).unwrap();
    let client = Client::new(config)
        .unwrap()
        .with_context(RequestContext {
            referer: Some("https://app.example/dashboard".into()),
            x_saasus_referer: None,
            trace_id: Some("trace-0123456789abcdef".into()),
        })
        .unwrap();
    let create = create_tenant_param();
    let search = SearchTenantUsersQuery {
        tenant_id: Some(TENANT_ID.into()),
        id: None,
        email: Some("alice+ops@acme.example".into()),
        sign_in_id: None,
        env_id: Some(3),
        role_name: None,
        limit: Some(100),
        cursor: Some("eyJsYXN0IjoiYWxpY2VAYWNtZS5leGFtcGxlIn0=".into()),
    };

    let mut g = c.benchmark_group("request_building");
    g.bench_function("get_tenant_path_param", |b| b.iter(|| client.prepare::<ops::GetTenant>(black_box(&[TENANT_ID]), &()).unwrap()));
    g.bench_function("create_tenant_body", |b| b.iter(|| client.prepare::<ops::CreateTenant>(&[], black_box(&create)).unwrap()));
    g.bench_function("search_tenant_users_query", |b| {
        b.iter(|| client.prepare::<ops::SearchTenantUsers>(&[], black_box(&search)).unwrap())
    });
    g.finish();
}

/// A `Users` page of `n` users, each with a few attributes and 2 envs of 2 roles, built from
/// the model's own field names.
fn users_page(n: usize) -> Vec<u8> {
    let role = |name: &str, display: &str| json!({ "role_name": name, "display_name": display });
    let users: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "id": format!("{:08x}-7c1d-4e2a-9b3f-{:012x}", i, i * 7919),
                "tenant_id": TENANT_ID,
                "tenant_name": "Acme Corporation",
                "email": format!("user{i}@acme.example"),
                "sign_in_id": "",
                "attributes": { "department": "engineering", "employee_number": i, "full_time": i % 3 != 0, "nickname": format!("user {i}") },
                "envs": [
                    { "id": 1, "name": "prod", "display_name": "Production", "roles": [role("admin", "Administrator"), role("user", "General user")] },
                    { "id": 3, "name": "dev", "display_name": "Development", "roles": [role("admin", "Administrator"), role("viewer", "Read only")] },
                ],
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "users": users })).unwrap()
}

fn bench_response_decoding(c: &mut Criterion) {
    let body = users_page(1_000);
    let decoded = Users::from_body(&body).unwrap();
    assert_eq!(decoded.users.len(), 1_000);
    assert_eq!(decoded.users[999].envs[1].roles[1].role_name, "viewer");

    let mut g = c.benchmark_group("response_decoding");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("users_1000", |b| b.iter(|| Users::from_body(black_box(&body)).unwrap()));
    g.finish();
}

criterion_group!(benches, bench_signing, bench_request_building, bench_response_decoding);
criterion_main!(benches);
