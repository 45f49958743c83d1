//! A graded answer to one scenario of a run; unique per (run, scenario).

use sea_orm::entity::prelude::*;

/// A row of `answer`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answer")]
pub struct Model {
    /// The answer's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The run answered in.
    pub run_id: Uuid,
    /// The scenario answered.
    pub scenario_id: String,
    /// The choice picked.
    pub choice_id: String,
    /// The verdict at grading time: `safe`, `partial` or `unsafe`.
    pub verdict: String,
    /// The points given at grading time.
    pub points: i32,
    /// When the answer was graded.
    pub answered_at: DateTimeUtc,
}

/// `answer` has no relations that queries walk.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
