//! Start-up: picks the backends from the configured URLs, wires the services together and serves.

use std::future::{Future, IntoFuture};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use axum::Router;
use axum::serve::{Listener, ListenerExt};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use sqlx::postgres::PgConnectOptions;
use tokio::net::TcpListener;

use crate::accounts::Accounts;
use crate::auth::{AuthService, AuthSettings, JwtKeys, PasswordHasher};
use crate::cache::ReadCache;
use crate::calendar::CalendarFeeds;
use crate::export::Exports;
use tokio_util::sync::CancellationToken;

use crate::config::{DatabaseSettings, JwtSecret, ReminderSettings, ServeArgs, Settings, WorkerArgs};
use crate::effects::Effects;
use crate::events::EventBus;
use crate::http::{self, AppState, HttpOptions};
use crate::limits::Limits;
use crate::notifications::Notifications;
use crate::projects::Projects;
use crate::recovery::{PasswordReset, ResetSettings};
use crate::stall::StallListener;
use crate::store::Store;
use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteStore;
use crate::tasks::Tasks;
use crate::telemetry;
use crate::tokens::TokenStore;
use crate::tokens::embedded::EmbeddedTokenStore;
use crate::tokens::redis::RedisTokenStore;
use crate::worker::ReminderWorker;
use crate::worker::email::Mailer;

/// Applies pending migrations to the configured database (creating it if needed).
/// Errors name the database by host and port, never by its URL, which may hold a password.
pub async fn migrate(database: &DatabaseSettings) -> anyhow::Result<()> {
    let url = &database.database_url;
    match backend(url)? {
        Backend::Postgres => PgStore::migrate(url)
            .await
            .with_context(|| format!("migrating {} (DATABASE_URL)", postgres_location(url))),
        Backend::Sqlite => SqliteStore::open(url, 1)
            .await
            .map(drop)
            .with_context(|| format!("opening the SQLite database {url}")),
    }
}

/// `PostgreSQL database "tasks" at db-host:5432`: what a person needs to find it, without the
/// password that `url` may carry.
fn postgres_location(url: &str) -> String {
    match url.parse::<PgConnectOptions>() {
        Ok(options) => format!(
            "PostgreSQL database {:?} at {}:{}",
            options.get_database().unwrap_or(options.get_username()),
            options.get_host(),
            options.get_port()
        ),
        Err(_) => "PostgreSQL (DATABASE_URL does not parse)".to_owned(),
    }
}

/// The store `database` names: PostgreSQL connects lazily, SQLite opens (and migrates) its file.
pub async fn open_store(database: &DatabaseSettings) -> anyhow::Result<Arc<dyn Store>> {
    let (url, max_connections) = (&database.database_url, database.database_max_connections);
    Ok(match backend(url)? {
        Backend::Postgres => Arc::new(PgStore::connect_lazy(url, max_connections)?),
        Backend::Sqlite => Arc::new(SqliteStore::open(url, max_connections).await?),
    })
}

/// The reminder worker over `store`, emailing when SMTP is configured; its deliveries' effects go
/// through `effects`, and it is nudged through the same.
pub fn reminder_worker(
    store: Arc<dyn Store>,
    reminders: &ReminderSettings,
    effects: Effects,
) -> anyhow::Result<ReminderWorker> {
    let mailer = match &reminders.smtp_url {
        Some(url) => Some(Mailer::new(url.expose(), &reminders.smtp_from)?),
        None => None,
    };
    Ok(ReminderWorker::new(store, mailer, reminders.poll(), effects))
}

/// What a process that writes but serves no reads needs to invalidate the servers' read cache
/// and reach their event streams (Redis only): the TTL is the servers' business.
pub fn invalidating_effects(redis_url: Option<&str>, key_prefix: &str) -> anyhow::Result<Effects> {
    let Some(url) = redis_url else {
        return Ok(Effects::new(None, Arc::default()));
    };
    let cache = ReadCache::connect_lazy(url, key_prefix, Duration::from_secs(1))?;
    Ok(Effects::new(Some(cache), Arc::default()).with_events(EventBus::redis_publisher(url, key_prefix)?))
}

/// Builds the shared state for `settings`: connects (lazily) to the stores, prepares the keys and
/// the services; and the effects, for the reminder worker of this process.
pub async fn build_state(settings: &Settings) -> anyhow::Result<(AppState, Effects)> {
    let store = open_store(&settings.database).await?;
    let tokens: Arc<dyn TokenStore> = match &settings.redis_url {
        Some(url) => Arc::new(RedisTokenStore::connect_lazy(url, &settings.redis_key_prefix)?),
        None => Arc::new(EmbeddedTokenStore::open(&settings.data_dir.join("tokens.db")).await?),
    };
    let jwt = JwtKeys::new(&jwt_secret(settings)?);
    let hasher = PasswordHasher::new(settings.bcrypt_cost).await?;
    let auth_settings = AuthSettings {
        access_ttl: settings.access_ttl(),
        refresh_ttl: settings.refresh_ttl(),
        refresh_reuse_grace: std::time::Duration::from_secs(settings.refresh_reuse_grace_secs),
        login_max_failures: settings.login_max_failures,
    };
    let auth = Arc::new(AuthService::new(store.clone(), tokens.clone(), jwt, hasher, auth_settings));
    let cache = match &settings.redis_url {
        Some(url) if settings.cache_ttl_secs > 0 => Some(ReadCache::connect_lazy(
            url,
            &settings.redis_key_prefix,
            Duration::from_secs(settings.cache_ttl_secs),
        )?),
        _ => None,
    };
    let events = match &settings.redis_url {
        Some(url) => EventBus::redis(url, &settings.redis_key_prefix)?,
        None => EventBus::local(),
    };
    let effects = Effects::new(cache.clone(), Arc::default()).with_events(events.clone());
    let password_reset = Arc::new(PasswordReset::new(
        store.clone(),
        tokens.clone(),
        auth.clone(),
        effects.reminder_wake(),
        reset_settings(settings),
    ));
    let calendar = Arc::new(CalendarFeeds::new(store.clone(), settings.public_url()));
    let exports = Arc::new(Exports::new(store.clone(), effects.clone(), settings.import_max_bytes));
    let state = AppState {
        tasks: Arc::new(Tasks::new(store.clone(), cache.clone(), effects.clone())),
        accounts: Arc::new(
            Accounts::new(store.clone(), auth.clone(), cache, effects.clone())
                .with_register_limit(Limits::new(tokens.clone()), settings.register_max_per_client),
        ),
        notifications: Arc::new(Notifications::new(store.clone(), effects.clone())),
        projects: Arc::new(Projects::new(store.clone(), effects.clone())),
        events,
        auth,
        store,
        tokens,
        cookie_secure: settings.cookie_secure,
        allowed_origins: settings.cors_allowed_origins.clone().into(),
        metrics: telemetry::metrics(),
        trusted_proxies: settings.trusted_proxies.clone().into(),
        password_reset,
        calendar,
        exports,
    };
    Ok((state, effects))
}

fn reset_settings(settings: &Settings) -> ResetSettings {
    ResetSettings {
        email_enabled: settings.reminders.smtp_url.is_some(),
        public_url: settings.public_url(),
        token_ttl: Duration::from_secs(settings.password_reset_ttl_secs),
        max_requests: settings.login_max_failures,
    }
}

/// Migrates, then serves on `listener` (with the reminder worker unless `no_worker`) until
/// `shutdown` completes: in-flight requests finish, and the worker finishes its transaction.
pub async fn serve(
    args: &ServeArgs,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let settings = &args.settings;
    migrate(&settings.database).await?;
    let (state, effects) = build_state(settings).await?;
    let stop_worker = CancellationToken::new();
    let worker = match args.no_worker {
        true => None,
        false => {
            let worker = reminder_worker(state.store.clone(), &settings.reminders, effects)?;
            Some(tokio::spawn(worker.run(stop_worker.clone())))
        }
    };
    let events = state.events.clone();
    let app = http::router(state, &HttpOptions::from(settings));
    let grace = Duration::from_secs(settings.shutdown_grace_secs);
    // Event streams never finish by themselves: they end when the draining starts.
    let shutdown = async move {
        shutdown.await;
        events.close();
    };
    let listener = StallListener::new(listener, Duration::from_secs(settings.write_stall_secs));
    let served = run(app, listener, shutdown, grace).await;
    stop_worker.cancel();
    if let Some(worker) = worker {
        worker.await?;
    }
    served
}

/// Runs only the reminder worker until `shutdown` completes.
pub async fn work(args: &WorkerArgs, shutdown: impl Future<Output = ()>) -> anyhow::Result<()> {
    migrate(&args.database).await?;
    let store = open_store(&args.database).await?;
    let stop = CancellationToken::new();
    let effects = invalidating_effects(args.redis_url.as_deref(), &args.redis_key_prefix)?;
    let worker = tokio::spawn(reminder_worker(store, &args.reminders, effects)?.run(stop.clone()));
    shutdown.await;
    stop.cancel();
    worker.await?;
    Ok(())
}

/// Serves `app` until `shutdown` completes; then stops accepting, and gives in-flight requests up
/// to `grace` to finish. Connections whose client stops reading close (`StallListener`).
pub async fn run(
    app: Router,
    listener: StallListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: std::time::Duration,
) -> anyhow::Result<()> {
    tracing::info!(addr = %Listener::local_addr(&listener)?, "listening");
    let draining = CancellationToken::new();
    // axum gives the peer's address to `ConnectInfo` for its own listeners, and for any other only
    // through `tap_io`: hence the empty one.
    let listener = listener.tap_io(|_| {});
    let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(draining.clone().cancelled_owned())
        .into_future();
    tokio::pin!(server);
    tokio::select! {
        served = &mut server => return Ok(served?),
        () = shutdown => draining.cancel(),
    }
    match tokio::time::timeout(grace, server).await {
        Ok(served) => Ok(served?),
        Err(_) => {
            tracing::warn!(grace_secs = grace.as_secs(), "in-flight requests outlived the grace period");
            Ok(())
        }
    }
}

enum Backend {
    Postgres,
    Sqlite,
}

fn backend(database_url: &str) -> anyhow::Result<Backend> {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else if database_url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else {
        bail!("DATABASE_URL must start with postgres:// or sqlite://")
    }
}

/// The configured secret, or one generated once and kept (mode 0600) in the data folder so that
/// tokens survive restarts.
fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &settings.jwt_secret {
        return Ok(secret.expose().to_vec());
    }
    let path = settings.data_dir.join("jwt_secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return STANDARD.decode(existing.trim()).with_context(|| format!("reading {}", path.display()));
    }
    tracing::warn!(path = %path.display(), "JWT_SECRET is not set: generated one; set it in production");
    let mut secret = vec![0u8; JwtSecret::MIN_BYTES];
    rand::rng().fill_bytes(&mut secret);
    write_private(&path, STANDARD.encode(&secret).as_bytes())?;
    Ok(secret)
}

fn write_private(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents)?;
    Ok(())
}
