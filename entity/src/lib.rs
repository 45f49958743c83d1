//! SeaORM entities of Retry Clinic, one module per table.
//!
//! Entities hold rows and nothing else: the rules live in the `api` crate's
//! services, and the constraints that guard uniqueness live in the
//! `migration` crate's schema.

pub mod answer;
pub mod idempotency_record;
pub mod leaderboard_entry;
pub mod player;
pub mod run;
