//! A finished clinic run submitted to the public leaderboard; one per run.

use sea_orm::entity::prelude::*;

/// A row of `leaderboard_entry`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboard_entry")]
pub struct Model {
    /// Insertion order; the last tie-breaker of the ranking.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The submitted run.
    #[sea_orm(unique)]
    pub run_id: Uuid,
    /// The player who submitted it.
    pub player_id: Uuid,
    /// The validated, NFC-normalised display name.
    pub display_name: String,
    /// The run's server-graded score.
    pub score: i32,
    /// The run's maximum score.
    pub max_score: i32,
    /// When the entry was submitted.
    pub submitted_at: DateTimeUtc,
}

/// `leaderboard_entry` has no relations that queries walk.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
