//! Liveness and readiness, outside `/api/v1`.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz)).routes(routes!(readyz)).routes(routes!(metrics))
}

/// 200 while the process runs.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Alive", body = Object)))]
async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// 200 when both the database and the token store answer; otherwise 503 naming the one that failed.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "Both dependencies answer", body = Object),
    (status = 503, description = "Which dependency failed", body = Object)))]
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let (database, token_store) = tokio::join!(
        tokio::time::timeout(CHECK_TIMEOUT, state.store.ping()),
        tokio::time::timeout(CHECK_TIMEOUT, state.tokens.ping()),
    );
    let database_ok = matches!(database, Ok(Ok(())));
    let token_store_ok = matches!(token_store, Ok(Ok(())));
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    let ready = database_ok && token_store_ok;
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = json!({
        "status": if ready { "ready" } else { "unavailable" },
        "checks": {"database": word(database_ok), "token_store": word(token_store_ok)},
    });
    (status, Json(body))
}

/// Prometheus text: the request metrics recorded by the middleware, plus the pool as of now.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")))]
async fn metrics(State(state): State<AppState>) -> ([(header::HeaderName, &'static str); 1], String) {
    let pool = state.store.pool_status();
    metrics::gauge!("db_pool_connections", "state" => "open").set(pool.open);
    metrics::gauge!("db_pool_connections", "state" => "idle").set(pool.idle as f64);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}
