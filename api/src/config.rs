//! Server configuration: command-line flags, each with an environment fallback.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

/// How the server is configured; every flag also reads an environment variable.
#[derive(Debug, Clone, Parser)]
#[command(name = "api", version, about = "The Retry Clinic GraphQL server")]
pub struct Config {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long = "listen", env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The database: `postgres://...` or `sqlite://path?mode=rwc`.
    /// Without it, an SQLite file under ./data is created on first run.
    #[arg(long = "database-url", env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Connections in the database pool.
    #[arg(
        long = "db-max-connections",
        env = "DB_MAX_CONNECTIONS",
        default_value_t = 8
    )]
    pub db_max_connections: u32,

    /// The folder of static web client files served at `/`.
    #[arg(long = "web-dir", env = "WEB_DIR", default_value_os_t = default_web_dir())]
    pub web_dir: PathBuf,

    /// Origins allowed to call the API from a browser, comma separated.
    /// Empty (the default) allows any origin: the API uses bearer tokens,
    /// never cookies, so there is no ambient credential to protect.
    #[arg(
        long = "cors-allow-origins",
        env = "CORS_ALLOW_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_allow_origins: Vec<String>,

    /// How long an idempotency key and its stored result are kept, in seconds.
    #[arg(
        long = "idempotency-retention-secs",
        env = "IDEMPOTENCY_RETENTION_SECS",
        default_value_t = 86_400
    )]
    pub idempotency_retention_secs: u64,

    /// How often expired idempotency keys are swept, in seconds.
    #[arg(
        long = "idempotency-sweep-secs",
        env = "IDEMPOTENCY_SWEEP_SECS",
        default_value_t = 60
    )]
    pub idempotency_sweep_secs: u64,

    /// The longest a request may take before it is answered 408, in seconds.
    #[arg(
        long = "request-timeout-secs",
        env = "REQUEST_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub request_timeout_secs: u64,

    /// How long shutdown waits for requests and sockets to finish, in seconds.
    #[arg(
        long = "shutdown-grace-secs",
        env = "SHUTDOWN_GRACE_SECS",
        default_value_t = 10
    )]
    pub shutdown_grace_secs: u64,

    /// Log as JSON lines instead of human-readable text.
    #[arg(long = "log-json", env = "LOG_JSON", default_value_t = false)]
    pub log_json: bool,
}

impl Config {
    /// The database URL, with the SQLite default filled in.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| "sqlite://data/retry-clinic.db?mode=rwc".to_owned())
    }

    /// The idempotency retention as a duration.
    pub fn idempotency_retention(&self) -> Duration {
        Duration::from_secs(self.idempotency_retention_secs)
    }

    /// A configuration with defaults, for tests and embedding.
    pub fn for_tests(database_url: String) -> Config {
        let mut config = Config::parse_from(["api"]);
        config.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        config.database_url = Some(database_url);
        config
    }
}

/// `clients/web` of this source tree, so `cargo run` serves it as it is.
fn default_web_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("clients")
        .join("web")
}
