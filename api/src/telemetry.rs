//! Logging: structured `tracing` events, as text or JSON lines.
//!
//! Policy: one summary event per request (from tower-http's trace layer),
//! one event per state change in the services (player created, run started,
//! answer graded, score submitted), and internal errors with their cause.
//! Tokens and idempotency keys are never logged; SQL is never logged.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; `RUST_LOG` overrides the default level.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none());
    let installed = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    if installed.is_err() {
        tracing::debug!("a tracing subscriber was already installed");
    }
}
