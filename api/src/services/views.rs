//! Plain snapshots that services return and the idempotency mechanism stores.
//!
//! A stored result must replay exactly as it was first answered, even after a
//! restart, so every payload is built from one of these serialisable views
//! rather than from live rows.

use chrono::{DateTime, Utc};
use scenarios::{Bank, Concept, MAX_POINTS, RoundPlan, Verdict};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A player as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerView {
    /// The player's public id.
    pub id: Uuid,
    /// When the player was created.
    pub created_at: DateTime<Utc>,
}

/// Whether a run may go to the leaderboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// A clinic round the server composed; it may be submitted.
    Clinic,
    /// A round of scenarios the player chose; it stays private.
    Practice,
}

impl RunKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Clinic => "clinic",
            RunKind::Practice => "practice",
        }
    }

    /// Parses the stored name; unknown values read as practice, the safe side.
    pub fn parse(value: &str) -> RunKind {
        if value == "clinic" {
            RunKind::Clinic
        } else {
            RunKind::Practice
        }
    }
}

/// Whether a run still takes answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Answers are still accepted.
    InProgress,
    /// Closed; the score is final.
    Finished,
}

impl RunStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::InProgress => "in_progress",
            RunStatus::Finished => "finished",
        }
    }

    /// Parses the stored name.
    pub fn parse(value: &str) -> RunStatus {
        if value == "finished" {
            RunStatus::Finished
        } else {
            RunStatus::InProgress
        }
    }
}

/// A graded answer, as stored at grading time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerView {
    /// The scenario answered.
    pub scenario_id: String,
    /// The choice picked.
    pub choice_id: String,
    /// The verdict given.
    pub verdict: String,
    /// The points given.
    pub points: i32,
    /// When it was graded.
    pub answered_at: DateTime<Utc>,
}

impl AnswerView {
    /// The stored verdict.
    pub fn verdict(&self) -> Verdict {
        Verdict::parse(&self.verdict).unwrap_or(Verdict::Unsafe)
    }
}

/// A run at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunView {
    /// The run's id.
    pub id: Uuid,
    /// Clinic or practice.
    pub kind: RunKind,
    /// In progress or finished.
    pub status: RunStatus,
    /// The scenarios and choice orders, in play order.
    pub plan: RoundPlan,
    /// The answers so far, in the order given.
    pub answers: Vec<AnswerView>,
    /// Points earned.
    pub score: i32,
    /// The most points the run can earn.
    pub max_score: i32,
    /// When the run started.
    pub started_at: DateTime<Utc>,
    /// When it was finished.
    pub finished_at: Option<DateTime<Utc>>,
}

/// The score of one concept family within a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConceptScore {
    /// The family.
    pub concept: Concept,
    /// Points earned in it.
    pub score: i32,
    /// The most points it could earn.
    pub max_score: i32,
    /// Scenarios of the family answered.
    pub answered: i32,
    /// Scenarios of the family in the run.
    pub total: i32,
}

impl RunView {
    /// Points per concept family present in the run, in the game's order.
    pub fn breakdown(&self, bank: &Bank) -> Vec<ConceptScore> {
        Concept::ALL
            .into_iter()
            .filter_map(|concept| {
                let ids: Vec<&str> = self
                    .plan
                    .scenarios
                    .iter()
                    .filter(|p| bank.scenario(&p.scenario_id).map(|s| s.concept) == Some(concept))
                    .map(|p| p.scenario_id.as_str())
                    .collect();
                if ids.is_empty() {
                    return None;
                }
                let answers: Vec<&AnswerView> = self
                    .answers
                    .iter()
                    .filter(|a| ids.contains(&a.scenario_id.as_str()))
                    .collect();
                Some(ConceptScore {
                    concept,
                    score: answers.iter().map(|a| a.points).sum(),
                    max_score: ids.len() as i32 * MAX_POINTS as i32,
                    answered: answers.len() as i32,
                    total: ids.len() as i32,
                })
            })
            .collect()
    }
}

/// A leaderboard entry with its rank at the moment it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    /// The entry's id.
    pub id: i64,
    /// 1-based position on its board.
    pub rank: i64,
    /// The display name.
    pub display_name: String,
    /// The server-graded score.
    pub score: i32,
    /// The run's maximum score.
    pub max_score: i32,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
}
