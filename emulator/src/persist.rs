//! `--data FILE`: the state kept in SQLite, so a restart loses nothing.
//!
//! Every change is written before its response is sent; the changes of requests served together
//! share one transaction ([`writer`]'s group commits), so a process killed at any moment leaves
//! the file as it was after some set of whole requests. Entities are rows of `records` (kind, id, JSON),
//! listed in creation order; settings and secrets are rows of kind `meta`; the API logs are rows of
//! kind `api_log`, appended as requests are served. The file's version and
//! what is refused at start: [`schema`].

mod lock;
mod schema;
mod writer;

pub use schema::DataFileError;
pub(crate) use writer::Pending;

use crate::state::Store;
use rusqlite::{Connection, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

type Rows = BTreeMap<(String, String), String>;

/// The kind of the API logs' rows, which [`Persistence::append_log`] alone writes.
const API_LOG: &str = "api_log";

pub struct Persistence {
    files: Arc<Files>,
    /// The group commits' queue, once [`Persistence::serve`] gave it the store.
    commits: OnceLock<Arc<writer::Commits>>,
}

/// The open file, shared by the group commits and the saves made outside a request.
struct Files {
    conn: Mutex<Connection>,
    /// What the file holds now, to write only what changed. Taken after the store's lock
    /// when both are held.
    written: Mutex<Rows>,
    /// This process's hold on the file, until [`Persistence::release`].
    lock: Mutex<Option<lock::DataLock>>,
}

impl Files {
    fn written(&self) -> MutexGuard<'_, Rows> {
        self.written.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes, in one transaction, API logs (each with the ids of those it dropped) and, when
    /// `now` is given, what changed in the state since the last write.
    fn commit<'a>(
        &self,
        mut written: MutexGuard<'_, Rows>,
        now: Option<Rows>,
        logs: impl IntoIterator<Item = LogRow<'a>>,
    ) -> Result<(), String> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        {
            let e = |e: rusqlite::Error| e.to_string();
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO records (kind, id, body) VALUES (?1, ?2, ?3) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body",
                )
                .map_err(e)?;
            let mut delete = tx.prepare_cached("DELETE FROM records WHERE kind = ?1 AND id = ?2").map_err(e)?;
            for (id, body, dropped) in logs {
                upsert.execute(params![API_LOG, id, body]).map_err(e)?;
                for id in dropped {
                    delete.execute(params![API_LOG, id]).map_err(e)?;
                }
            }
            if let Some(now) = &now {
                for (key, body) in now {
                    if written.get(key) != Some(body) {
                        upsert.execute(params![key.0, key.1, body]).map_err(e)?;
                    }
                }
                for (kind, id) in written.keys().filter(|k| !now.contains_key(*k)) {
                    delete.execute(params![kind, id]).map_err(e)?;
                }
            }
        }
        tx.commit().map_err(|e| e.to_string())?;
        if let Some(now) = now {
            *written = now;
        }
        Ok(())
    }
}

/// An API log's id and JSON, and the ids of the logs dropped to make room for it.
type LogRow<'a> = (&'a str, &'a str, &'a [String]);

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("the emulator's state serializes")
}

/// The store as rows: (kind, id) → JSON. Meta rows have kind `meta`.
fn rows(store: &Store) -> Rows {
    let mut r = Rows::new();
    let mut put = |kind: &str, id: String, body: String| {
        r.insert((kind.to_string(), id), body);
    };
    for t in &store.tenants {
        put("tenant", t.id.clone(), json(t));
    }
    for u in &store.users {
        put("user", u.id.clone(), json(u));
    }
    for m in &store.members {
        put("member", format!("{}/{}", m.tenant_id, m.user_id), json(m));
    }
    for x in &store.roles {
        put("role", x.role_name.clone(), json(x));
    }
    for (kind, list) in [
        ("user_attribute", &store.user_attributes),
        ("saas_user_attribute", &store.saas_user_attributes),
        ("tenant_attribute", &store.tenant_attributes),
    ] {
        for a in list {
            put(kind, a.attribute_name.clone(), json(a));
        }
    }
    for i in &store.invitations {
        put("invitation", i.id.clone(), json(i));
    }
    for e in &store.envs {
        put("env", e.id.to_string(), json(e));
    }
    for (tenant, idp) in &store.tenant_idps {
        put("tenant_idp", tenant.clone(), json(idp));
    }
    for f in &store.feedbacks {
        put("feedback", f.id.clone(), json(f));
    }
    let pricing = &store.pricing;
    for u in &pricing.units {
        put("pricing_unit", crate::state::unit_id(u).to_string(), json(u));
    }
    for m in &pricing.menus {
        put("pricing_menu", m.id.clone(), json(m));
    }
    for p in &pricing.plans {
        put("pricing_plan", p.id.clone(), json(p));
    }
    for t in &pricing.tax_rates {
        put("tax_rate", t.id.clone(), json(t));
    }
    for m in &pricing.metering_units {
        put("metering_unit", m.id.clone(), json(m));
    }
    for (key, count) in &pricing.counts {
        put("metering_count", json(key), json(count));
    }
    for (key, histories) in &store.analysis.behavior {
        put("user_behavior", json(key), json(histories));
    }
    for (key, n) in &store.analysis.active_users {
        put("active_users", json(key), json(n));
    }
    for (tenant, count) in &store.tenant_user_counts {
        put("tenant_user_count", tenant.clone(), json(count));
    }
    for (token, user) in &store.refresh_tokens {
        put("refresh_token", token.clone(), json(user));
    }
    let meta = [
        ("basic_info", json(&store.basic_info)),
        ("notification_messages", json(&store.notification_messages)),
        ("customize_pages", json(&store.customize_pages)),
        ("customize_page_settings", json(&store.customize_page_settings)),
        ("auth_info", json(&store.auth_info)),
        ("identity_providers", json(&store.identity_providers)),
        ("sign_in_settings", json(&store.sign_in_settings)),
        ("api_keys", json(&store.api_keys)),
        ("saas_id", json(&store.saas_id)),
        ("saasus_tenant_id", json(&store.saasus_tenant_id)),
        ("client_secret", json(&store.client_secret)),
        ("single_tenant", json(&store.single_tenant)),
        ("stripe_linked", json(&store.stripe_linked)),
        ("token_key", json(&store.token_keys().pem)),
        ("secret_key", json(&store.secret_key)),
        ("stripe_secret_key", json(&store.stripe_secret_key)),
        ("event_bridge", json(&store.event_bridge)),
        ("event_bridge_events", json(&store.event_bridge_events)),
        ("aws_marketplace", json(&store.aws_marketplace)),
        ("api_gateway", json(&store.api_gateway)),
        ("saas_users_count", json(&store.saas_users_count)),
    ];
    for (k, v) in meta {
        put("meta", k.to_string(), v);
    }
    r
}

/// What an export leaves out: the emulator's own credentials and keys. A state shared with a team
/// seeds their emulators with data, never with one developer's secrets, and an emulator keeps
/// serving with its own credentials whatever it imports.
const NOT_EXPORTED: [&str; 6] = ["saas_id", "api_keys", "secret_key", "client_secret", "token_key", "stripe_secret_key"];

/// The whole state (but the credentials) as JSON: `{"saasus_emulator_state": 1, "rows": [{"kind",
/// "id", "body"}, …]}`, for `--export-on-exit` and `--import`.
pub fn export_state(store: &Store) -> String {
    let rows: Vec<serde_json::Value> = rows(store)
        .into_iter()
        .filter(|((kind, id), _)| !(kind == "meta" && NOT_EXPORTED.contains(&id.as_str())))
        .map(|((kind, id), body)| {
            let body: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
            serde_json::json!({ "kind": kind, "id": id, "body": body })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "saasus_emulator_state": 1, "rows": rows })).unwrap_or_default()
}

/// Replaces the store's data by an export's (its credentials stay the store's own).
pub fn import_state(store: &mut Store, text: &str) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if v.get("saasus_emulator_state").and_then(serde_json::Value::as_u64) != Some(1) {
        return Err("not an export of this emulator (no \"saasus_emulator_state\": 1)".into());
    }
    let mut rows = Vec::new();
    for row in v.get("rows").and_then(serde_json::Value::as_array).ok_or("has no rows")? {
        let text = |k: &str| row.get(k).and_then(serde_json::Value::as_str).map(str::to_string).ok_or(format!("a row has no {k}"));
        let (kind, id) = (text("kind")?, text("id")?);
        if kind == "meta" && NOT_EXPORTED.contains(&id.as_str()) {
            continue;
        }
        rows.push((kind, id, row.get("body").map(serde_json::Value::to_string).unwrap_or_default()));
    }
    let keep = (store.saas_id.clone(), store.api_keys.clone(), store.secret_key.clone());
    load_into(store, &rows)?;
    (store.saas_id, store.api_keys, store.secret_key) = keep;
    Ok(())
}

fn load_into(store: &mut Store, rows: &[(String, String, String)]) -> Result<(), String> {
    fn de<T: DeserializeOwned>(kind: &str, id: &str, body: &str) -> Result<T, String> {
        serde_json::from_str(body).map_err(|e| format!("the data file's {kind} {id} is unreadable: {e}"))
    }
    // A data file replaces the fresh environment's defaults entirely (its envs included).
    store.envs.clear();
    for (kind, id, body) in rows {
        match kind.as_str() {
            "tenant" => store.tenants.push(de(kind, id, body)?),
            "user" => store.users.push(de(kind, id, body)?),
            "member" => store.members.push(de(kind, id, body)?),
            "role" => store.roles.push(de(kind, id, body)?),
            "user_attribute" => store.user_attributes.push(de(kind, id, body)?),
            "saas_user_attribute" => store.saas_user_attributes.push(de(kind, id, body)?),
            "tenant_attribute" => store.tenant_attributes.push(de(kind, id, body)?),
            "invitation" => store.invitations.push(de(kind, id, body)?),
            "env" => store.envs.push(de(kind, id, body)?),
            "feedback" => store.feedbacks.push(de(kind, id, body)?),
            "api_log" => store.api_logs.push_back(de(kind, id, body)?),
            "pricing_unit" => store.pricing.units.push(de(kind, id, body)?),
            "pricing_menu" => store.pricing.menus.push(de(kind, id, body)?),
            "pricing_plan" => store.pricing.plans.push(de(kind, id, body)?),
            "tax_rate" => store.pricing.tax_rates.push(de(kind, id, body)?),
            "metering_unit" => store.pricing.metering_units.push(de(kind, id, body)?),
            "metering_count" => {
                store.pricing.counts.insert(de(kind, id, id)?, de(kind, id, body)?);
            }
            "user_behavior" => {
                store.analysis.behavior.insert(de(kind, id, id)?, de(kind, id, body)?);
            }
            "active_users" => {
                store.analysis.active_users.insert(de(kind, id, id)?, de(kind, id, body)?);
            }
            "tenant_idp" => {
                store.tenant_idps.insert(id.clone(), de(kind, id, body)?);
            }
            "tenant_user_count" => {
                store.tenant_user_counts.insert(id.clone(), de(kind, id, body)?);
            }
            "refresh_token" => {
                store.refresh_tokens.insert(id.clone(), de(kind, id, body)?);
            }
            "meta" => match id.as_str() {
                "basic_info" => store.basic_info = de(kind, id, body)?,
                "notification_messages" => store.notification_messages = de(kind, id, body)?,
                "customize_pages" => store.customize_pages = de(kind, id, body)?,
                "customize_page_settings" => store.customize_page_settings = de(kind, id, body)?,
                "auth_info" => store.auth_info = de(kind, id, body)?,
                "identity_providers" => store.identity_providers = de(kind, id, body)?,
                "sign_in_settings" => store.sign_in_settings = de(kind, id, body)?,
                "api_keys" => store.api_keys = de(kind, id, body)?,
                "saas_id" => store.saas_id = de(kind, id, body)?,
                "saasus_tenant_id" => store.saasus_tenant_id = de(kind, id, body)?,
                "client_secret" => store.client_secret = de(kind, id, body)?,
                "single_tenant" => store.single_tenant = de(kind, id, body)?,
                "stripe_linked" => store.stripe_linked = de(kind, id, body)?,
                "stripe_secret_key" => store.stripe_secret_key = de(kind, id, body)?,
                "event_bridge" => store.event_bridge = de(kind, id, body)?,
                "event_bridge_events" => store.event_bridge_events = de(kind, id, body)?,
                "aws_marketplace" => store.aws_marketplace = de(kind, id, body)?,
                "api_gateway" => store.api_gateway = de(kind, id, body)?,
                "saas_users_count" => store.saas_users_count = de(kind, id, body)?,
                "token_key" => {
                    let pem: String = de(kind, id, body)?;
                    let keys = crate::tokens::TokenKeys::from_pem(&pem)?;
                    store.token_keys = std::sync::OnceLock::from(std::sync::Arc::new(keys));
                }
                _ => {}
            },
            _ => {}
        }
    }
    store.envs.sort_by_key(|e| e.id);
    Ok(())
}

/// The credentials a data file was last served with, to serve it with them again.
pub fn stored_credentials(path: &Path) -> Option<crate::Credentials> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).ok()?;
    if id != 0 && id != schema::APPLICATION_ID {
        return None;
    }
    let meta = |id: &str| -> Option<String> {
        conn.query_row("SELECT body FROM records WHERE kind = 'meta' AND id = ?1", [id], |r| r.get::<_, String>(0)).ok()
    };
    let api_keys: Vec<String> = serde_json::from_str(&meta("api_keys")?).ok()?;
    Some(crate::Credentials {
        api_key: api_keys.into_iter().next()?,
        secret_key: serde_json::from_str(&meta("secret_key")?).ok().filter(|s: &String| !s.is_empty())?,
        saas_id: serde_json::from_str(&meta("saas_id")?).ok()?,
    })
}

impl Persistence {
    /// Opens (or creates) the data file. When it holds state, that state replaces `store`'s
    /// (whose API key and SaaS ID, from the command line or environment, are then accepted too).
    pub fn open(path: &Path, store: &mut Store) -> Result<Persistence, DataFileError> {
        // Before SQLite opens the file: another emulator's file is left untouched.
        let held = lock::DataLock::take(path)?;
        lock::make_private(path);
        let conn = Connection::open(path).map_err(|e| DataFileError::new(path, format!("it cannot be created or opened ({e})")))?;
        schema::prepare(&conn, path)?;
        let unreadable = |e: rusqlite::Error| DataFileError::new(path, format!("it cannot be read ({e})"));
        let existing: Vec<(String, String, String)> = {
            let mut stmt = conn.prepare("SELECT kind, id, body FROM records ORDER BY seq").map_err(unreadable)?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(unreadable)?
                .collect::<Result<_, _>>()
                .map_err(unreadable)?
        };
        if !existing.is_empty() {
            let (api_key, saas_id, public_url) = (store.api_keys[0].clone(), store.saas_id.clone(), store.public_url.clone());
            load_into(store, &existing).map_err(|e| DataFileError::new(path, e))?;
            store.public_url = public_url;
            if !store.api_keys.contains(&api_key) {
                store.api_keys.push(api_key);
            }
            store.saas_id = saas_id;
        }
        // API logs are appended one by one ([`Persistence::append_log`]), never rewritten by `save`.
        let written = existing.into_iter().filter(|(k, _, _)| k != API_LOG).map(|(k, i, b)| ((k, i), b)).collect();
        let files = Files { conn: Mutex::new(conn), written: Mutex::new(written), lock: Mutex::new(Some(held)) };
        let p = Persistence { files: Arc::new(files), commits: OnceLock::new() };
        p.save(store).map_err(|e| DataFileError::new(path, format!("it cannot be written ({e})")))?;
        Ok(p)
    }

    /// Takes changes to write from now on, the state from `store`.
    pub(crate) fn serve(&self, store: Arc<Mutex<Store>>) {
        let _ = self.commits.set(writer::Commits::new(self.files.clone(), store));
    }

    fn hand(&self, change: writer::Change) -> Result<Pending, String> {
        self.commits.get().map(|c| c.hand(change)).ok_or_else(|| "the data file is not being served".to_string())
    }

    /// The state may have changed: written with the next group commit.
    pub(crate) async fn state_changed(&self) -> Result<(), String> {
        self.hand(writer::Change::State)?.written().await
    }

    /// Adds an API log and removes those dropped to make room, with the next group commit. Logs
    /// are written apart from the rest of the state, which would otherwise rewrite them each time.
    /// Called in the order the logs were kept (under the store's lock), which is the file's.
    pub(crate) fn append_log(&self, log: &saasus::apilog::ApiLog, dropped: Vec<String>) -> Result<Pending, String> {
        self.hand(writer::Change::Log { id: log.api_log_id.clone(), body: json(log), dropped })
    }

    /// Lets another emulator use the file (once this one has stopped serving it), after what
    /// is still queued is written.
    pub fn release(&self) {
        if let Some(Err(e)) = self.commits.get().map(|c| c.flush()) {
            eprintln!("saasus-emulator: could not write the data file: {e}");
        }
        self.files.lock.lock().unwrap_or_else(|p| p.into_inner()).take();
    }

    /// Writes what changed since the last write, now, on the caller's thread (which holds the
    /// store: `store` is the state to write).
    pub fn save(&self, store: &Store) -> Result<(), String> {
        let now = rows(store);
        self.files.commit(self.files.written(), Some(now), [])
    }
}
