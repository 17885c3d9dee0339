//! The Analysis API (paths relative to `/v1/analysis`): user behaviour and active users
//! (`userAnalysis`), metrics (`metrics`), and its `error` tag.
//!
//! Behaviour histories and active users are what the SaaS reports (`UpdateUserBehaviorHistoriesByDay`,
//! `UpdateActiveUsers`), kept in the store. Page statistics are computed from the behaviour
//! histories; the aggregated metrics and the userinfo counts from the emulator's API log, its
//! record of the Auth requests it served. User and tenant ids are taken as given, as in Communication.

use super::apilog::{date_of, day_text, parse_date};
use super::common::check_name;
use super::pricing::now_secs;
use crate::error::{ApiError, ApiResult, Done, done};
use crate::extract::{JsonBody, Path, QueryParams};
use crate::server::AppState;
use crate::state::Store;
use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use saasus::analysis::*;
use saasus::model::Map;
use std::collections::{BTreeMap, BTreeSet};

/// How many days an aggregation may span.
const MAX_DAYS: i64 = 366;
/// How far back `GetUserBehaviorHistories` looks: the last 31 days, today included.
const HISTORY_DAYS: i64 = 31;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/user-behavior-day", put(update_user_behavior_histories_by_day))
        .route("/users/{user_id}/behavior-histories", get(get_user_behavior_histories))
        .route("/active-users", get(get_active_users).put(update_active_users))
        .route("/metrics/aggregated", get(get_aggregated_metrics))
        .route("/metrics/page-statistics", get(get_page_statistics))
        .route("/userinfo/aggregated", get(get_aggregated_user_info))
        .merge(super::error::routes())
}

fn not_negative(field: &str, n: i64) -> ApiResult<()> {
    if n < 0 {
        return Err(ApiError::bad_request(format!("{field}: must be 0 or more")));
    }
    Ok(())
}

/// A day's histories replace what was reported for that user and UTC day; each history must be
/// within it.
async fn update_user_behavior_histories_by_day(
    State(app): State<AppState>,
    JsonBody(p): JsonBody<UpdateUserBehaviorHistoriesByDayParam>,
) -> Done {
    check_name("user_id", &p.user_id)?;
    not_negative("timestamp", p.timestamp)?;
    let day = p.timestamp.div_euclid(86_400) * 86_400;
    for (i, h) in p.histories.iter().enumerate() {
        if h.timestamp < day || h.timestamp >= day + 86_400 {
            return Err(ApiError::bad_request(format!(
                "histories[{i}].timestamp: {} is not on the day of timestamp ({})",
                h.timestamp,
                date_of(day)
            )));
        }
    }
    let mut histories = p.histories;
    histories.sort_by_key(|h| h.timestamp);
    app.store().analysis.behavior.insert((p.user_id, day), histories);
    done()
}

/// The user's days within the last [`HISTORY_DAYS`] (by the emulator's clock), oldest first.
async fn get_user_behavior_histories(State(app): State<AppState>, Path(user_id): Path<String>) -> Json<UserBehaviorHistories> {
    let today = now_secs(app.clock).div_euclid(86_400) * 86_400;
    let from = today - (HISTORY_DAYS - 1) * 86_400;
    let store = app.store();
    let histories = store
        .analysis
        .behavior
        .range((user_id.clone(), from)..=(user_id, today))
        .map(|((_, day), h)| DailyBehaviorHistory { behaved_at: *day, histories: h.clone() })
        .collect();
    Json(UserBehaviorHistories { histories })
}

fn type_name(monthly: bool) -> &'static str {
    if monthly { "monthly" } else { "daily" }
}

/// A date as its type has it: `YYYY-MM` (monthly) or `YYYY-MM-DD` (daily).
fn check_date(field: &str, date: &str, monthly: bool) -> ApiResult<()> {
    let ok = if monthly { parse_date(&format!("{date}-01")).is_some() && date.len() == 7 } else { parse_date(date).is_some() };
    if !ok {
        let shape = if monthly { "YYYY-MM" } else { "YYYY-MM-DD" };
        return Err(ApiError::bad_request(format!("{field}: {date} is not a {} date as {shape}", type_name(monthly))));
    }
    Ok(())
}

/// Sets (or replaces) the active users of one tenant and env for one day or month.
async fn update_active_users(State(app): State<AppState>, JsonBody(p): JsonBody<UpdateActiveUsersParam>) -> Done {
    let monthly = matches!(p.r#type, UpdateActiveUsersParamType::Monthly);
    check_date("date", &p.date, monthly)?;
    check_name("tenant_id", &p.tenant_id)?;
    not_negative("active_users", p.active_users)?;
    let mut store = app.store();
    if store.env(p.env_id).is_none() {
        return Err(ApiError::bad_request(format!("env_id: there is no env {}", p.env_id)));
    }
    store.analysis.active_users.insert((type_name(monthly).into(), p.date, p.tenant_id, p.env_id), p.active_users);
    done()
}

/// The reported active users of the type from `date_from` to `date_to` (both included; none
/// meaning no end), of one tenant (and env) when given; by date, tenant and env.
async fn get_active_users(State(app): State<AppState>, QueryParams(q): QueryParams<GetActiveUsersQuery>) -> ApiResult<Json<ActiveUsers>> {
    let monthly = matches!(q.r#type, GetActiveUsersQueryType::Monthly);
    check_date("date_from", &q.date_from, monthly)?;
    if let Some(to) = &q.date_to {
        check_date("date_to", to, monthly)?;
        if *to < q.date_from {
            return Err(ApiError::bad_request(format!("date_to: {to} is before date_from {}", q.date_from)));
        }
    }
    if q.env_id.is_some() && q.tenant_id.is_none() {
        return Err(ApiError::bad_request("env_id: is given without tenant_id, which it requires"));
    }
    let store = app.store();
    let data = store
        .analysis
        .active_users
        .iter()
        .filter(|((ty, date, tenant, env), _)| {
            ty == type_name(monthly)
                && *date >= q.date_from
                && q.date_to.as_ref().is_none_or(|to| date <= to)
                && q.tenant_id.as_ref().is_none_or(|t| t == tenant)
                && q.env_id.is_none_or(|e| e == *env)
        })
        .map(|((_, date, tenant_id, env_id), n)| ActiveUserData {
            date: date.clone(),
            tenant_id: tenant_id.clone(),
            env_id: *env_id,
            active_users: *n,
        })
        .collect();
    Ok(Json(ActiveUsers { data }))
}

/// `start_date` to `end_date` (both included) as days since the epoch.
fn day_span(start: &str, end: &str) -> ApiResult<(i64, i64)> {
    let from = parse_date(start).ok_or_else(|| ApiError::bad_request(format!("start_date: {start} is not a date as YYYY-MM-DD")))?;
    let to = parse_date(end).ok_or_else(|| ApiError::bad_request(format!("end_date: {end} is not a date as YYYY-MM-DD")))?;
    if to < from {
        return Err(ApiError::bad_request(format!("end_date: {end} is before start_date {start}")));
    }
    if to - from >= MAX_DAYS {
        return Err(ApiError::bad_request(format!("end_date: the period may span at most {MAX_DAYS} days")));
    }
    Ok((from, to))
}

/// The successful logged requests of a method whose path (the query left off) `matches`, with
/// the day they were served on (days since the epoch), oldest first.
fn logged<'a>(
    store: &'a Store,
    method: &'a str,
    matches: impl Fn(&[&str]) -> bool + 'a,
) -> impl Iterator<Item = (i64, &'a saasus::apilog::ApiLog)> + 'a {
    store
        .api_logs
        .iter()
        .filter(move |l| {
            let path = l.request_uri.split('?').next().unwrap_or("");
            let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            l.request_method == method && l.response_status.starts_with('2') && matches(&segments)
        })
        .map(|l| (l.created_at.div_euclid(86_400), l))
}

fn created_id(l: &saasus::apilog::ApiLog) -> Option<String> {
    let body: serde_json::Value = serde_json::from_str(&l.response_body).ok()?;
    body["id"].as_str().map(str::to_string)
}

/// Each day of the period with the count of tenants created (`CreateTenant`), SaaS users created
/// (`CreateSaasUser`) or users added to tenants (`CreateTenantUser`, with `details` by tenant),
/// from the API log; `tenant_ids` keeps those tenants' (SaaS users belong to none: it leaves them).
async fn get_aggregated_metrics(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<GetAggregatedMetricsQuery>,
) -> ApiResult<Json<AggregatedMetrics>> {
    let (from, to) = day_span(&q.start_date, &q.end_date)?;
    let wanted = |tenant: &str| q.tenant_ids.as_ref().is_none_or(|ids| ids.iter().any(|i| i == tenant));
    let store = app.store();
    // day → tenant id (empty for SaaS users) → count
    let mut by_day: BTreeMap<i64, Map<i64>> = BTreeMap::new();
    let mut count = |day: i64, tenant: String| {
        if (from..=to).contains(&day) {
            *by_day.entry(day).or_default().entry(tenant).or_default() += 1;
        }
    };
    match q.metrics_type {
        GetAggregatedMetricsQueryMetricsType::CreateTenant => {
            for (day, l) in logged(&store, "POST", |s| s == ["v1", "auth", "tenants"]) {
                if let Some(id) = created_id(l).filter(|id| wanted(id)) {
                    count(day, id);
                }
            }
        }
        GetAggregatedMetricsQueryMetricsType::CreateSaasUser => {
            for (day, _) in logged(&store, "POST", |s| s == ["v1", "auth", "users"]) {
                count(day, String::new());
            }
        }
        GetAggregatedMetricsQueryMetricsType::CreateTenantUser => {
            for (day, l) in logged(&store, "POST", |s| s.len() == 5 && s[..3] == ["v1", "auth", "tenants"] && s[4] == "users") {
                let tenant = l.request_uri.trim_start_matches("/v1/auth/tenants/").split('/').next().unwrap_or("").to_string();
                if tenant != "all" && wanted(&tenant) {
                    count(day, tenant);
                }
            }
        }
        other => return Err(ApiError::bad_request(format!("metrics_type: {other:?} is not one of the spec's"))),
    }
    let with_details = matches!(q.metrics_type, GetAggregatedMetricsQueryMetricsType::CreateTenantUser);
    let metrics = (from..=to)
        .map(|day| {
            let tenants = by_day.remove(&day).unwrap_or_default();
            DailyMetric { date: day_text(day), count: tenants.values().sum(), details: with_details.then_some(tenants) }
        })
        .collect();
    Ok(Json(AggregatedMetrics { metrics }))
}

/// The pages (behaviour histories' `referer`) viewed from `start_timestamp` to `end_timestamp`,
/// both included: views and distinct users per page, most viewed first.
async fn get_page_statistics(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<GetPageStatisticsQuery>,
) -> ApiResult<Json<PageStatistics>> {
    if q.end_timestamp < q.start_timestamp {
        return Err(ApiError::bad_request("end_timestamp: is before start_timestamp"));
    }
    let store = app.store();
    let mut pages: BTreeMap<&str, (i64, BTreeSet<&str>)> = BTreeMap::new();
    let mut users = BTreeSet::new();
    for ((user, _), histories) in &store.analysis.behavior {
        for h in histories.iter().filter(|h| (q.start_timestamp..=q.end_timestamp).contains(&h.timestamp)) {
            let page = pages.entry(h.referer.as_str()).or_default();
            page.0 += 1;
            page.1.insert(user.as_str());
            users.insert(user.as_str());
        }
    }
    let mut page_statistics: Vec<PageStatistic> = pages
        .into_iter()
        .map(|(url, (views, users))| PageStatistic { page_url: url.to_string(), total_views: views, unique_users: users.len() as i64 })
        .collect();
    page_statistics.sort_by(|a, b| b.total_views.cmp(&a.total_views).then_with(|| a.page_url.cmp(&b.page_url)));
    Ok(Json(PageStatistics {
        start_date: q.start_timestamp,
        end_date: q.end_timestamp,
        total_page_views: page_statistics.iter().map(|p| p.total_views).sum(),
        total_unique_users: users.len() as i64,
        page_statistics,
    }))
}

/// Each day of the period with the successful `GetUserInfo` calls by tenant (a call counting for
/// each tenant of the user it answered), from the API log; `tenant_ids` keeps those tenants.
async fn get_aggregated_user_info(
    State(app): State<AppState>,
    QueryParams(q): QueryParams<GetAggregatedUserInfoQuery>,
) -> ApiResult<Json<AggregatedUserInfoMetrics>> {
    let (from, to) = day_span(&q.start_date, &q.end_date)?;
    let store = app.store();
    let mut by_day: BTreeMap<i64, Map<i64>> = BTreeMap::new();
    for (day, l) in logged(&store, "GET", |s| s == ["v1", "auth", "userinfo"]) {
        if !(from..=to).contains(&day) {
            continue;
        }
        let Ok(body) = serde_json::from_str::<serde_json::Value>(&l.response_body) else { continue };
        for tenant in body["tenants"].as_array().into_iter().flatten().filter_map(|t| t["id"].as_str()) {
            if q.tenant_ids.as_ref().is_none_or(|ids| ids.iter().any(|i| i == tenant)) {
                *by_day.entry(day).or_default().entry(tenant.to_string()).or_default() += 1;
            }
        }
    }
    let metrics =
        (from..=to).map(|day| DailyUserInfoMetric { date: day_text(day), details: by_day.remove(&day).unwrap_or_default() }).collect();
    Ok(Json(AggregatedUserInfoMetrics { metrics }))
}
