//! Configuration: one typed struct, read from flags or the environment variables of docs/API.md.

use std::ffi::OsString;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use axum::http::HeaderValue;
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use ipnet::IpNet;

#[derive(Debug, Parser)]
#[command(name = "tasktracker", version, about = "A fast, secure, self-hosted task tracker")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// `json` for one JSON object per log line (RUST_LOG filters them, default `info`).
    #[arg(long, env = "LOG_FORMAT", global = true, value_enum, ignore_case = true, default_value_t)]
    pub log_format: LogFormat,
}

/// How log lines are written to stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// For people: one line per event, coloured on a terminal.
    #[default]
    Text,
    /// For log collectors: one JSON object per line.
    Json,
}

impl Cli {
    /// The process's command line and environment, or an exit with clap's message saying what is
    /// wrong with them.
    pub fn load() -> Self {
        Self::load_from(std::env::args_os()).unwrap_or_else(|err| err.exit())
    }

    /// Parses `args` and the environment. An empty variable counts as unset (`SMTP_URL=` in an env
    /// file means no email, not an invalid URL); clap alone would parse the empty value.
    pub fn load_from<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let mut command = without_empty_variables(Self::command());
        let mut matches = command.try_get_matches_from_mut(args)?;
        Self::from_arg_matches_mut(&mut matches).map_err(|err| err.format(&mut command))
    }
}

/// `command` with the variable of each argument dropped where it is set but empty, so that the
/// default (or nothing) applies, as when it is unset.
fn without_empty_variables(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            let empty = arg.get_env().and_then(std::env::var_os).is_some_and(|value| value.is_empty());
            if empty { arg.env(None::<&'static str>) } else { arg }
        })
        .mut_subcommands(without_empty_variables)
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run migrations, then serve the API, the web UI and (unless --no-worker) the reminder worker.
    Serve(Box<ServeArgs>),
    /// Run only the reminder worker (for machines that split serving and reminders).
    Worker(WorkerArgs),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseSettings),
    /// Print the OpenAPI document (the one served at /api/openapi.json) and exit.
    Openapi,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub settings: Settings,

    /// Serve without the reminder worker; run `tasktracker worker` elsewhere.
    #[arg(long)]
    pub no_worker: bool,
}

#[derive(Debug, Clone, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub database: DatabaseSettings,

    #[command(flatten)]
    pub reminders: ReminderSettings,

    /// The servers' Redis, when they cache reads: a delivered reminder changes its task, and the
    /// worker drops the user's cached pages. Give workers the same value as the servers.
    #[arg(long, env = "REDIS_URL")]
    pub redis_url: Option<String>,

    #[arg(long, env = "REDIS_KEY_PREFIX", default_value = "tasktracker:")]
    pub redis_key_prefix: String,
}

#[derive(Debug, Clone, Args)]
pub struct ReminderSettings {
    /// How often the reminder worker looks for due reminders, in milliseconds.
    #[arg(long, env = "REMINDER_POLL_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..))]
    pub reminder_poll_ms: u64,

    /// `smtp://host:port` (or `smtps://user:password@host`); unset: no email.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,

    /// The sender of reminder emails.
    #[arg(long, env = "SMTP_FROM", default_value = "Task Tracker <tasktracker@localhost>")]
    pub smtp_from: String,
}

impl ReminderSettings {
    pub fn poll(&self) -> Duration {
        Duration::from_millis(self.reminder_poll_ms)
    }
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// `postgres://…` for PostgreSQL.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/tasktracker.db")]
    pub database_url: String,

    /// Connections per server process. On 2 cores, 4–8 beat larger pools.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_max_connections: u32,
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseSettings,

    #[command(flatten)]
    pub reminders: ReminderSettings,

    /// `redis://…`; unset means the embedded token store.
    #[arg(long, env = "REDIS_URL")]
    pub redis_url: Option<String>,

    /// Prefix of every Redis key, so that deployments can share one Redis.
    #[arg(long, env = "REDIS_KEY_PREFIX", default_value = "tasktracker:")]
    pub redis_key_prefix: String,

    /// With Redis: how long a cached profile or first task page may live (invalidation on every
    /// write makes it fresh; this bounds an invalidation lost to an outage). 0 turns the cache off.
    #[arg(long, env = "CACHE_TTL_SECS", default_value_t = 60)]
    pub cache_ttl_secs: u64,

    /// Where the embedded default keeps its files (the generated JWT secret).
    #[arg(long, env = "DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// At least 32 bytes; unset: a random secret generated once and kept in the data folder.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true, value_parser = JwtSecretParser)]
    pub jwt_secret: Option<JwtSecret>,

    #[arg(long, env = "ACCESS_TOKEN_TTL_SECS", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..))]
    pub access_token_ttl_secs: u64,

    #[arg(long, env = "REFRESH_TOKEN_TTL_SECS", default_value_t = 1_209_600, value_parser = clap::value_parser!(u64).range(1..))]
    pub refresh_token_ttl_secs: u64,

    /// bcrypt work factor; the server refuses less than 10.
    #[arg(long, env = "BCRYPT_COST", default_value_t = 12, value_parser = clap::value_parser!(u32).range(10..=31))]
    pub bcrypt_cost: u32,

    /// Mark the refresh cookie `Secure`; `false` only for plain-HTTP development.
    #[arg(long, env = "COOKIE_SECURE", default_value_t = true, action = ArgAction::Set)]
    pub cookie_secure: bool,

    /// Failed logins per email per 15 minutes before 429 (per client address: 10× that).
    #[arg(long, env = "LOGIN_MAX_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub login_max_failures: u64,

    /// How long a just-rotated refresh token may still be presented (concurrent tabs).
    #[arg(long, env = "REFRESH_REUSE_GRACE_SECS", default_value_t = 10)]
    pub refresh_reuse_grace_secs: u64,

    /// A built web UI (`npm run build` in web/) to serve at `/` instead of the one embedded in the
    /// binary: for working on the UI without rebuilding the server.
    #[arg(long, env = "WEB_DIR")]
    pub web_dir: Option<PathBuf>,

    /// Longest a request may take before it is answered 503.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_secs: u64,

    /// How long in-flight requests may run after SIGTERM before the server exits anyway.
    #[arg(long, env = "SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    pub shutdown_grace_secs: u64,

    /// How long a write to a client may wait for it to read before its connection is closed (a
    /// client that stopped reading an event stream).
    #[arg(long, env = "WRITE_STALL_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub write_stall_secs: u64,

    /// Other origins allowed to call the API from a browser, comma-separated (CORS is closed when empty).
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub cors_allowed_origins: Vec<HeaderValue>,

    /// Load balancers or reverse proxies whose `X-Forwarded-For` is believed, comma-separated IP
    /// addresses or CIDR networks. Empty: the TCP peer is the client and the header is ignored.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<IpNet>,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "BODY_LIMIT_BYTES", default_value_t = 64 * 1024)]
    pub body_limit_bytes: usize,

    /// Largest accepted import document (`POST /users/me/import`), in bytes: a real export is far
    /// above the limit of the other routes.
    #[arg(long, env = "IMPORT_MAX_BYTES", default_value_t = 50 * 1024 * 1024)]
    pub import_max_bytes: usize,

    /// The address users reach the UI at, for links in emails and the calendar feed; unset:
    /// `http://{BIND_ADDR}`.
    #[arg(long, env = "PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// How long a password-reset link works, in seconds.
    #[arg(long, env = "PASSWORD_RESET_TTL_SECS", default_value_t = 1800, value_parser = clap::value_parser!(u64).range(1..))]
    pub password_reset_ttl_secs: u64,

    /// Registrations per client address per hour before 429 (each costs a bcrypt hash).
    #[arg(long, env = "REGISTER_MAX_PER_CLIENT", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub register_max_per_client: u64,
}

impl Settings {
    pub fn access_ttl(&self) -> Duration {
        Duration::from_secs(self.access_token_ttl_secs)
    }

    pub fn refresh_ttl(&self) -> Duration {
        Duration::from_secs(self.refresh_token_ttl_secs)
    }

    /// Where links in emails and the calendar feed point, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.clone(),
            None => format!("http://{}", self.bind_addr),
        }
    }
}

/// An `http(s)://` base address; kept without its trailing slash so that paths can be appended.
fn parse_public_url(input: &str) -> Result<String, String> {
    let url = input.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(url.to_owned()),
        _ => Err(format!("{input:?} is not an http:// or https:// address")),
    }
}

/// `10.0.0.0/8`, or a single address (`10.0.0.7`, a /32).
fn parse_network(input: &str) -> Result<IpNet, String> {
    let input = input.trim();
    input
        .parse::<IpNet>()
        .or_else(|_| input.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{input:?} is neither an IP address nor a CIDR network"))
}

/// A secret value: never printed by `Debug`, so it cannot reach a log line.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

/// The key that signs access tokens: long enough to resist guessing, and never printed.
#[derive(Clone)]
pub struct JwtSecret(Vec<u8>);

#[derive(Debug, thiserror::Error)]
#[error("must be at least {} bytes", JwtSecret::MIN_BYTES)]
pub struct JwtSecretTooShort;

impl JwtSecret {
    pub const MIN_BYTES: usize = 32;

    pub fn new(secret: impl Into<Vec<u8>>) -> Result<Self, JwtSecretTooShort> {
        let secret = secret.into();
        if secret.len() < Self::MIN_BYTES {
            return Err(JwtSecretTooShort);
        }
        Ok(Self(secret))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtSecret(***)")
    }
}

/// Parses `JWT_SECRET`. A `value_parser` function would do, but clap would quote the refused
/// value in its message: the secret, on the terminal and in the service's logs.
#[derive(Clone)]
struct JwtSecretParser;

impl clap::builder::TypedValueParser for JwtSecretParser {
    type Value = JwtSecret;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<JwtSecret, clap::Error> {
        let refuse = |why: &str| {
            let message = format!("JWT_SECRET (--jwt-secret) {why}; `openssl rand -base64 32` makes one\n");
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, message).with_cmd(command)
        };
        let secret = value.to_str().ok_or_else(|| refuse("is not UTF-8"))?;
        JwtSecret::new(secret).map_err(|too_short| refuse(&too_short.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_contract() {
        let cli = Cli::try_parse_from(["tasktracker", "serve"]).unwrap();
        let Command::Serve(args) = cli.command else { panic!("expected serve") };
        let ServeArgs { settings, no_worker } = *args;
        assert!(!no_worker, "serve runs the worker by default");
        assert_eq!(settings.reminders.reminder_poll_ms, 1000);
        assert!(settings.reminders.smtp_url.is_none());
        assert_eq!(settings.access_token_ttl_secs, 900);
        assert_eq!(settings.refresh_token_ttl_secs, 1_209_600);
        assert_eq!(settings.bcrypt_cost, 12);
        assert_eq!(settings.login_max_failures, 5);
        assert_eq!(settings.refresh_reuse_grace_secs, 10);
        assert!(settings.cookie_secure);
    }

    #[test]
    fn a_bcrypt_cost_below_ten_is_refused() {
        assert!(Cli::try_parse_from(["tasktracker", "serve", "--bcrypt-cost", "4"]).is_err());
        assert!(Cli::try_parse_from(["tasktracker", "serve", "--cookie-secure", "false"]).is_ok());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let cli =
            Cli::try_parse_from(["tasktracker", "serve", "--trusted-proxies", "10.0.0.0/8, 192.0.2.7,::1"]);
        let Command::Serve(args) = cli.unwrap().command else { panic!("expected serve") };
        let shown: Vec<String> = args.settings.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["10.0.0.0/8", "192.0.2.7/32", "::1/128"]);
        assert!(Cli::try_parse_from(["tasktracker", "serve", "--trusted-proxies", "the-balancer"]).is_err());
    }

    #[test]
    fn a_short_jwt_secret_is_a_configuration_error_that_does_not_show_it() {
        let err = Cli::load_from(["tasktracker", "serve", "--jwt-secret", "hunter2-hunter2"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        let shown = err.render().to_string();
        assert!(shown.contains("JWT_SECRET") && shown.contains("at least 32 bytes"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        let long = "x".repeat(32);
        assert!(Cli::load_from(["tasktracker", "serve", "--jwt-secret", &long]).is_ok());
    }

    #[test]
    fn logs_are_text_or_json() {
        let format = |args: &[&str]| Cli::load_from(args).map(|cli| cli.log_format);
        assert_eq!(format(&["tasktracker", "serve"]).unwrap(), LogFormat::Text);
        assert_eq!(format(&["tasktracker", "serve", "--log-format", "json"]).unwrap(), LogFormat::Json);
        assert_eq!(format(&["tasktracker", "--log-format", "JSON", "worker"]).unwrap(), LogFormat::Json);
        assert!(Cli::load_from(["tasktracker", "serve", "--log-format", "xml"]).is_err());
    }

    #[test]
    fn the_public_url_defaults_to_the_bind_address_and_drops_a_trailing_slash() {
        let settings = |args: &[&str]| {
            let Command::Serve(serve) = Cli::try_parse_from(args).unwrap().command else { panic!("serve") };
            serve.settings
        };
        assert_eq!(settings(&["tasktracker", "serve"]).public_url(), "http://127.0.0.1:8080");
        let given = settings(&["tasktracker", "serve", "--public-url", "https://tasks.example.com/"]);
        assert_eq!(given.public_url(), "https://tasks.example.com");
        assert!(Cli::try_parse_from(["tasktracker", "serve", "--public-url", "tasks.example.com"]).is_err());
        assert_eq!(settings(&["tasktracker", "serve"]).import_max_bytes, 50 * 1024 * 1024);
    }

    #[test]
    fn reset_links_last_thirty_minutes_and_registrations_are_limited_per_client() {
        let Command::Serve(serve) = Cli::try_parse_from(["tasktracker", "serve"]).unwrap().command else {
            panic!("serve")
        };
        assert_eq!(serve.settings.password_reset_ttl_secs, 1800);
        assert_eq!(serve.settings.register_max_per_client, 20);
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
    }
}
