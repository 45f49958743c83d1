//! A clinic or practice round played by one player.

use sea_orm::entity::prelude::*;

/// A row of `run`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "run")]
pub struct Model {
    /// The run's public id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player who owns the run.
    pub player_id: Uuid,
    /// `clinic` (may go to the leaderboard) or `practice`.
    pub kind: String,
    /// `in_progress` or `finished`.
    pub status: String,
    /// The round plan as JSON: scenario ids and choice orders, in play order.
    pub plan: Json,
    /// Points earned so far, as graded by the server.
    pub score: i32,
    /// The most points the run can earn.
    pub max_score: i32,
    /// When the run started.
    pub started_at: DateTimeUtc,
    /// When the run was finished, if it was.
    pub finished_at: Option<DateTimeUtc>,
}

/// `run` has no relations that queries walk.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
