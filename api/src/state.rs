//! What every request handler shares.

use std::sync::Arc;

use scenarios::Bank;

use crate::config::Config;
use crate::db::Database;
use crate::live::LiveBoards;
use crate::services::idempotency::Policy;

/// The server's shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Database,
    /// The validated content.
    pub bank: &'static Bank,
    /// The configuration the server started with.
    pub config: Arc<Config>,
    /// Live leaderboard snapshots and change notifications.
    pub live: LiveBoards,
}

impl AppState {
    /// The idempotency settings.
    pub fn idempotency_policy(&self) -> Policy {
        Policy {
            retention: self.config.idempotency_retention(),
        }
    }
}
