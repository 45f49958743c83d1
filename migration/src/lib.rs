//! Schema migrations of Retry Clinic, in the order they apply.
//!
//! The server applies pending migrations at start (under an advisory lock on
//! Postgres, so replicas starting together do not race); the `migration`
//! binary runs them by hand with sea-orm-cli's commands (`up`, `down`,
//! `status`, `fresh`, ...).

pub use sea_orm_migration::prelude::*;

mod m20261203_000001_players_runs_answers;
mod m20261203_000002_leaderboard;
mod m20261203_000003_idempotency;

/// Every migration of the schema.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261203_000001_players_runs_answers::Migration),
            Box::new(m20261203_000002_leaderboard::Migration),
            Box::new(m20261203_000003_idempotency::Migration),
        ]
    }
}
