//! `spawn_app()`: the real router on port 0 with fresh storage per test, and typed helpers that read
//! like the user's story.
//!
//! The whole suite runs once per backend pair, chosen by `TEST_BACKEND`:
//! - `postgres` (default): a fresh PostgreSQL database and a Redis key prefix of its own per test;
//! - `sqlite`: a SQLite file and the embedded token store in a temporary folder per test.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use redis::TypedCommands;
use reqwest::header::{HeaderMap, SET_COOKIE};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use tasktracker::app;
use tasktracker::config::{Cli, Command, JwtSecret, Settings};
use tasktracker::http;
use tasktracker::stall::StallListener;
use tokio_util::sync::CancellationToken;

pub const PASSWORD: &str = "correct horse battery";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret!";

/// Where the shared services are; CI and developer machines run them on their default ports.
pub fn admin_database_url() -> String {
    std::env::var("TEST_DATABASE_ADMIN_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// A client with a cookie jar, like a browser.
    pub client: Client,
    pub settings: Settings,
    _database: Option<TestDatabase>,
    _data_dir: tempfile::TempDir,
    workers: Vec<Worker>,
}

/// A reminder worker running in the test, with its own connections to the test's database.
pub struct Worker {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Worker {
    /// Asks it to stop after its current transaction, and waits.
    pub async fn stop(self) {
        self.stop.cancel();
        self.task.await.unwrap();
    }

    /// Kills it wherever it is, as a crash would: an open transaction is rolled back.
    pub fn kill(self) {
        self.task.abort();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL and Redis.
    Postgres,
    /// SQLite and the embedded token store.
    Sqlite,
}

impl Backend {
    pub fn from_env() -> Self {
        match std::env::var("TEST_BACKEND").as_deref() {
            Ok("sqlite") => Self::Sqlite,
            Ok("postgres") | Err(_) => Self::Postgres,
            Ok(other) => panic!("TEST_BACKEND must be postgres or sqlite, not {other:?}"),
        }
    }
}

/// How a test wants its server configured beyond the defaults.
pub struct Options {
    pub backend: Backend,
    /// Overrides the shared Redis (PostgreSQL backend only).
    pub redis_url: Option<String>,
    /// Overrides the fresh test database.
    pub database_url: Option<String>,
    /// Runs the reminder worker in the server's process (polling every 50 ms unless tweaked).
    pub worker: bool,
    /// Migrates `database_url` first (a fresh database is always migrated).
    pub migrate: bool,
    pub tweak: Box<dyn FnOnce(&mut Settings)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            backend: Backend::from_env(),
            redis_url: None,
            database_url: None,
            worker: false,
            migrate: false,
            tweak: Box::new(|_| {}),
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let database = match (options.backend, &options.database_url) {
        (Backend::Postgres, None) => Some(TestDatabase::create().await),
        _ => None,
    };
    let Command::Serve(args) = Cli::parse_from(["tasktracker", "serve"]).command else { unreachable!() };
    let mut settings = args.settings;
    let fresh_database = options.database_url.is_none();
    settings.database.database_url = match (options.database_url, &database) {
        (Some(url), _) => url,
        (None, Some(database)) => database.url.clone(),
        (None, None) => format!("sqlite://{}", data_dir.path().join("tasktracker.db").display()),
    };
    settings.database.database_max_connections = 4;
    settings.redis_url = match options.backend {
        Backend::Postgres => Some(options.redis_url.unwrap_or_else(redis_url)),
        Backend::Sqlite => None,
    };
    // The app's Drop deletes these keys.
    settings.redis_key_prefix = format!("tasktracker-test:{}:", uuid::Uuid::new_v4().simple());
    settings.jwt_secret = Some(JwtSecret::new(JWT_SECRET).unwrap());
    settings.data_dir = data_dir.path().to_owned();
    // The cheapest cost bcrypt allows: the tests are about behaviour, not hashing strength.
    settings.bcrypt_cost = 4;
    settings.cookie_secure = false;
    // No UI unless a test asks for one, so results never depend on whether web/dist was built.
    settings.web_dir = Some(data_dir.path().join("no-web-ui"));
    settings.reminders.reminder_poll_ms = 50;
    // The suite signs up hundreds of accounts from 127.0.0.1; the limit has its own tests.
    settings.register_max_per_client = 1_000_000;
    (options.tweak)(&mut settings);

    if fresh_database || options.migrate {
        app::migrate(&settings.database).await.expect("migrations apply");
    }
    let (state, effects) = app::build_state(&settings).await.expect("state builds");
    let in_process_worker = options.worker.then(|| {
        let worker = app::reminder_worker(state.store.clone(), &settings.reminders, effects);
        worker.expect("the worker builds")
    });
    let router = http::router(state, &http::HttpOptions::from(&settings));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let listener = StallListener::new(listener, Duration::from_secs(settings.write_stall_secs));
    tokio::spawn(app::run(router, listener, std::future::pending(), Duration::from_secs(1)));

    let client = Client::builder().cookie_store(true).build().unwrap();
    let workers = Vec::new();
    let mut app = TestApp { addr, client, settings, _database: database, _data_dir: data_dir, workers };
    if let Some(worker) = in_process_worker {
        // In the server's process, as `tasktracker serve` runs it: nudged by the handlers.
        let stop = CancellationToken::new();
        let task = tokio::spawn(worker.run(stop.clone()));
        app.workers.push(Worker { stop, task });
    }
    app
}

/// An access token and the refresh token from its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
}

impl TestApp {
    /// Starts another reminder worker against this test's database.
    pub async fn start_worker(&self) -> Worker {
        let store = app::open_store(&self.settings.database).await.unwrap();
        // A worker of its own, as in another process: nudged only through the store, invalidating
        // the servers' cache through Redis.
        let effects =
            app::invalidating_effects(self.settings.redis_url.as_deref(), &self.settings.redis_key_prefix)
                .unwrap();
        let worker = app::reminder_worker(store, &self.settings.reminders, effects).unwrap();
        let stop = CancellationToken::new();
        let task = tokio::spawn(worker.run(stop.clone()));
        Worker { stop, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn api(&self, path: &str) -> String {
        self.url(&format!("/api/v1{path}"))
    }

    /// A second client with its own, empty cookie jar: another browser.
    pub fn new_browser(&self) -> Client {
        Client::builder().cookie_store(true).build().unwrap()
    }

    pub async fn register(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.api("/auth/register"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.login_with(&self.client, email, password).await
    }

    pub async fn login_with(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(self.api("/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// Registers `email` and logs it in through the cookie-jar client.
    pub async fn signed_up(&self, email: &str) -> Session {
        assert_eq!(self.register(email, PASSWORD).await.status(), StatusCode::CREATED);
        let response = self.login(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        session_of(response).await
    }

    /// A fresh user with a unique email, logged in.
    pub async fn new_user(&self) -> Session {
        self.signed_up(&unique_email()).await
    }

    /// Logs in again (a second device) without touching the shared cookie jar.
    pub async fn another_session(&self, email: &str) -> Session {
        let response = self.login_with(&Client::new(), email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        session_of(response).await
    }

    /// POST /auth/refresh presenting exactly `refresh_token`, with no cookie jar involved.
    pub async fn refresh_with(&self, refresh_token: &str) -> Response {
        Client::new()
            .post(self.api("/auth/refresh"))
            .header("cookie", format!("refresh_token={refresh_token}"))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, access: &str) -> Response {
        self.client.get(self.api(path)).bearer_auth(access).send().await.unwrap()
    }

    pub async fn me(&self, access: &str) -> Response {
        self.get("/users/me", access).await
    }

    pub async fn create_task(&self, access: &str, body: Value) -> Response {
        self.client.post(self.api("/tasks")).bearer_auth(access).json(&body).send().await.unwrap()
    }

    /// Creates a task and returns its JSON, asserting the 201.
    pub async fn task(&self, access: &str, body: Value) -> Value {
        let response = self.create_task(access, body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    pub async fn patch_task(&self, access: &str, id: &Value, body: Value) -> Response {
        self.client
            .patch(self.api(&format!("/tasks/{id}")))
            .bearer_auth(access)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete_task(&self, access: &str, id: &Value) -> Response {
        self.client.delete(self.api(&format!("/tasks/{id}"))).bearer_auth(access).send().await.unwrap()
    }

    /// DELETE /users/me, confirmed with `password`.
    pub async fn delete_account(&self, access: &str, password: &str) -> Response {
        let body = json!({"password": password});
        self.client.delete(self.api("/users/me")).bearer_auth(access).json(&body).send().await.unwrap()
    }

    /// GET /tasks with `query`, asserting 200; returns (items, next_cursor).
    pub async fn list(&self, access: &str, query: &str) -> (Vec<Value>, Option<String>) {
        let response = self.get(&format!("/tasks?{query}"), access).await;
        assert_eq!(response.status(), StatusCode::OK, "GET /tasks?{query}");
        let body: Value = response.json().await.unwrap();
        let items = body["items"].as_array().unwrap().clone();
        (items, body["next_cursor"].as_str().map(str::to_owned))
    }

    pub async fn titles(&self, access: &str, query: &str) -> Vec<String> {
        let (items, _) = self.list(access, query).await;
        items.iter().map(|t| t["title"].as_str().unwrap().to_owned()).collect()
    }

    /// Runs a counting query against this test's database, for checks the API cannot make.
    /// Keep the SQL portable: it runs on both backends.
    pub async fn sql_count(&self, sql: &'static str) -> i64 {
        let url = &self.settings.database.database_url;
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            let count = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            count
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let count = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            count
        }
    }

    /// Runs a portable statement against this test's database (standing in for another process,
    /// such as the reminder worker).
    pub async fn sql_execute(&self, sql: &'static str) {
        let url = &self.settings.database.database_url;
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query(sql).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(url) = &self.settings.redis_url {
            delete_redis_keys(url, &self.settings.redis_key_prefix);
        }
    }
}

/// A Redis key prefix of a test's own, for processes the test starts; its keys go when it drops.
pub struct RedisPrefix(pub String);

impl RedisPrefix {
    pub fn new() -> Self {
        Self(format!("tasktracker-test:{}:", uuid::Uuid::new_v4().simple()))
    }
}

impl Drop for RedisPrefix {
    fn drop(&mut self) {
        delete_redis_keys(&redis_url(), &self.0);
    }
}

/// Removes a test's keys from the shared Redis (never FLUSHALL: other runs share it).
fn delete_redis_keys(url: &str, prefix: &str) {
    let (url, pattern) = (url.to_owned(), format!("{prefix}*"));
    // Drop runs outside async, possibly inside a runtime: a thread of its own does the I/O.
    let cleanup = std::thread::spawn(move || {
        let Ok(mut conn) = redis::Client::open(url).and_then(|c| c.get_connection()) else { return };
        let keys: Vec<String> = match conn.scan_match(pattern) {
            Ok(iter) => iter.filter_map(Result::ok).collect(),
            Err(_) => return,
        };
        if !keys.is_empty() {
            let _: redis::RedisResult<()> = redis::cmd("DEL").arg(keys).query(&mut conn);
        }
    });
    let _ = cleanup.join();
}

pub fn unique_email() -> String {
    format!("user-{}@example.com", uuid::Uuid::new_v4().simple())
}

pub async fn session_of(response: Response) -> Session {
    let refresh = refresh_cookie(response.headers()).expect("a refresh cookie");
    let body: Value = response.json().await.unwrap();
    Session { access: body["access_token"].as_str().unwrap().to_owned(), refresh }
}

/// The value of the `refresh_token` cookie a response sets, if any.
pub fn refresh_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("refresh_token="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
        .filter(|v| !v.is_empty())
}

/// Asserts the contract's error body and returns it.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "error code in {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "message in {body}");
    body
}

/// A uniquely named PostgreSQL database, dropped when the test ends.
pub struct TestDatabase {
    name: String,
    pub url: String,
}

impl TestDatabase {
    pub async fn create() -> Self {
        let name = format!("tasktracker_test_{}", uuid::Uuid::new_v4().simple());
        let admin = sqlx::PgPool::connect(&admin_database_url())
            .await
            .expect("PostgreSQL must be reachable for the tests (see README: make test starts it)");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
        admin.close().await;
        let base = admin_database_url();
        let url = format!("{}/{name}", &base[..base.rfind('/').unwrap()]);
        Self { name, url }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside async; a short-lived runtime on its own thread does the cleanup.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                if let Ok(admin) = sqlx::PgPool::connect(&admin_database_url()).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
                    admin.close().await;
                }
            });
        });
        let _ = cleanup.join();
    }
}
