//! Mutation inputs and payloads.

use async_graphql::{ID, InputObject, SimpleObject};

use crate::graphql::types::{Feedback, LeaderboardEntry, Player, Run};

/// Input of `createPlayer`.
#[derive(InputObject, Default)]
pub struct CreatePlayerInput {
    /// Makes retries safe: the same key returns the same player and token.
    pub idempotency_key: Option<String>,
}

/// A new player and its token.
#[derive(SimpleObject)]
pub struct CreatePlayerPayload {
    /// The bearer token; send it as `Authorization: Bearer <token>`. Keep it:
    /// the server stores only its hash.
    pub token: String,
    /// The new player.
    pub player: Player,
    /// True when served from the stored result of an earlier request.
    pub replayed: bool,
}

/// Input of `startRun`.
#[derive(InputObject, Default)]
pub struct StartRunInput {
    /// Scenarios in a clinic round: 1 to 20, 8 when omitted.
    pub size: Option<i32>,
    /// Play exactly these scenarios as a practice round (not for the leaderboard).
    pub scenario_ids: Option<Vec<ID>>,
    /// Makes retries safe: the same key returns the same run.
    pub idempotency_key: Option<String>,
}

/// A started run.
#[derive(SimpleObject)]
pub struct StartRunPayload {
    /// The run, with its scenarios in play order.
    pub run: Run,
    /// True when served from the stored result of an earlier request.
    pub replayed: bool,
}

/// Input of `submitAnswer`.
#[derive(InputObject)]
pub struct SubmitAnswerInput {
    /// The run.
    pub run_id: ID,
    /// The scenario answered.
    pub scenario_id: ID,
    /// The choice picked.
    pub choice_id: ID,
    /// Optional; answers are already idempotent per (run, scenario).
    pub idempotency_key: Option<String>,
}

/// Graded feedback and the run after it.
#[derive(SimpleObject)]
pub struct SubmitAnswerPayload {
    /// The verdict, points, explanation and safer pattern.
    pub feedback: Feedback,
    /// The run after this answer.
    pub run: Run,
    /// True when served from the stored result of an earlier request.
    pub replayed: bool,
}

/// Input of `finishRun`.
#[derive(InputObject)]
pub struct FinishRunInput {
    /// The run.
    pub run_id: ID,
    /// Optional; finishing is already idempotent.
    pub idempotency_key: Option<String>,
}

/// A finished run.
#[derive(SimpleObject)]
pub struct FinishRunPayload {
    /// The run with its final score and breakdown.
    pub run: Run,
    /// True when served from the stored result of an earlier request.
    pub replayed: bool,
}

/// Input of `submitScore`.
#[derive(InputObject)]
pub struct SubmitScoreInput {
    /// A finished clinic run of the caller.
    pub run_id: ID,
    /// 2 to 24 characters, shown publicly.
    pub display_name: String,
    /// Optional; one entry per run is already guaranteed.
    pub idempotency_key: Option<String>,
}

/// The leaderboard entry of a run.
#[derive(SimpleObject)]
pub struct SubmitScorePayload {
    /// The entry.
    pub entry: LeaderboardEntry,
    /// Its all-time rank, even outside the top 10.
    pub rank: i32,
    /// True when served from the stored result of an earlier request.
    pub replayed: bool,
}
