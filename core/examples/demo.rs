//! The quick-start demo: create → list → get → update → delete a tenant.
//!
//! With `SAASUS_API_KEY`, `SAASUS_SECRET_KEY` and `SAASUS_SAAS_ID` set it talks to the API at
//! `SAASUS_BASE_URL` (the real platform by default); without them it starts the emulator
//! in-process and talks to that.
//!
//!     cargo run --example demo

use saasus::models::{CreateTenantParam, UpdateTenantParam};
use saasus::{Client, JsonObject};

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("demo failed: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let has_credentials = [saasus::config::ENV_API_KEY, saasus::config::ENV_SECRET_KEY, saasus::config::ENV_SAAS_ID]
        .iter()
        .all(|k| std::env::var(k).is_ok_and(|v| !v.is_empty()));
    let (client, emulator) = if has_credentials {
        let client = Client::from_env()?;
        println!("using the SaaSus API at {}", client.config().base_url);
        (client, None)
    } else {
        let emu = saasus_emulator::Emulator::start(saasus_emulator::Options::default()).await?;
        println!("no SAASUS_* credentials set: started the emulator at {}", emu.base_url());
        (Client::new(emu.config())?, Some(emu))
    };
    let tenants = client.auth().tenant();

    let mut attributes = JsonObject::new();
    attributes.insert("employees", 42);
    let created = tenants
        .create_tenant(&CreateTenantParam { name: "Demo Tenant".into(), attributes, back_office_staff_email: "ops@example.com".into() })
        .await?;
    println!("1. create  → {} {:?} attributes={}", created.id, created.name, serde_json::to_string(&created.attributes)?);

    let all = tenants.get_tenants().await?.tenants;
    println!("2. list    → {} tenant(s): {:?}", all.len(), all.iter().map(|t| t.name.as_str()).collect::<Vec<_>>());

    let detail = tenants.get_tenant(&created.id).await?;
    println!("3. get     → {:?} staff={} plan={:?}", detail.name, detail.back_office_staff_email, detail.plan_id);

    tenants
        .update_tenant(
            &created.id,
            &UpdateTenantParam {
                name: "Demo Tenant (renamed)".into(),
                attributes: detail.attributes.clone(),
                back_office_staff_email: detail.back_office_staff_email.clone(),
            },
        )
        .await?;
    println!("4. update  → {:?}", tenants.get_tenant(&created.id).await?.name);

    tenants.delete_tenant(&created.id).await?;
    match tenants.get_tenant(&created.id).await {
        Err(e) if e.status() == Some(404) => {
            println!("5. delete  → gone (GetTenant now answers 404, trace id {})", e.trace_id().unwrap_or("-"))
        }
        other => return Err(format!("the tenant should be gone, got {other:?}").into()),
    }
    if let Some(emu) = emulator {
        emu.stop().await;
    }
    Ok(())
}
