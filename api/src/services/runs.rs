//! Runs: starting a round, grading answers and finishing.
//!
//! Grading happens here, at answer time, with the points stored beside the
//! answer. A second answer to the same scenario of a run meets the unique
//! constraint on (run, scenario): the same choice gets the stored feedback
//! back, another choice is refused. No check in memory decides that.

use std::collections::HashMap;

use chrono::Utc;
use entity::{answer, run};
use rand::Rng;
use scenarios::{Bank, DEFAULT_ROUND_SIZE, MAX_POINTS, MAX_ROUND_SIZE, RoundPlan, grade};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use tracing::instrument;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::services::views::{AnswerView, RunKind, RunStatus, RunView};

/// What the player asked for when starting a run, with defaults applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum StartRun {
    /// A clinic round of this many scenarios, composed by the server.
    Clinic {
        /// Number of scenarios.
        size: usize,
    },
    /// A practice round of exactly these scenarios.
    Practice {
        /// Scenario ids, as given.
        scenario_ids: Vec<String>,
    },
}

impl StartRun {
    /// Validates the raw input: a size of 1-20, or 1-20 known scenario ids.
    pub fn parse(
        bank: &Bank,
        size: Option<i32>,
        scenario_ids: Option<Vec<String>>,
    ) -> ApiResult<StartRun> {
        match scenario_ids {
            Some(ids) => {
                if size.is_some() {
                    return Err(ApiError::bad_input(
                        "give either `size` or `scenarioIds`, not both",
                    ));
                }
                if ids.is_empty() || ids.len() > MAX_ROUND_SIZE {
                    return Err(ApiError::bad_input(format!(
                        "`scenarioIds` must hold 1 to {MAX_ROUND_SIZE} ids"
                    )));
                }
                if let Some(unknown) = ids.iter().find(|id| bank.scenario(id).is_none()) {
                    let shown: String = unknown.chars().take(64).collect();
                    return Err(ApiError::bad_input(format!(
                        "unknown scenario id `{shown}`"
                    )));
                }
                Ok(StartRun::Practice { scenario_ids: ids })
            }
            None => {
                let size = size.unwrap_or(DEFAULT_ROUND_SIZE as i32);
                if !(1..=MAX_ROUND_SIZE as i32).contains(&size) {
                    return Err(ApiError::bad_input(format!(
                        "`size` must be between 1 and {MAX_ROUND_SIZE}"
                    )));
                }
                Ok(StartRun::Clinic {
                    size: size as usize,
                })
            }
        }
    }
}

/// Starts a run for a player.
#[instrument(skip_all, fields(player.id = %player_id))]
pub async fn start_run(
    db: &impl ConnectionTrait,
    bank: &Bank,
    player_id: Uuid,
    request: &StartRun,
) -> ApiResult<RunView> {
    let seed: u64 = rand::rng().random();
    let (kind, plan) = match request {
        StartRun::Clinic { size } => (RunKind::Clinic, bank.plan_round(*size, seed)),
        StartRun::Practice { scenario_ids } => {
            let plan = bank
                .plan_practice(scenario_ids, seed)
                .map_err(|id| ApiError::bad_input(format!("unknown scenario id `{id}`")))?;
            (RunKind::Practice, plan)
        }
    };

    let max_score = plan.scenarios.len() as i32 * MAX_POINTS as i32;
    let plan_json = serde_json::to_value(&plan).map_err(|error| {
        tracing::error!(%error, "could not serialise a round plan");
        ApiError::Internal
    })?;
    let row = run::ActiveModel {
        id: Set(Uuid::new_v4()),
        player_id: Set(player_id),
        kind: Set(kind.as_str().to_owned()),
        status: Set(RunStatus::InProgress.as_str().to_owned()),
        plan: Set(plan_json),
        score: Set(0),
        max_score: Set(max_score),
        started_at: Set(Utc::now()),
        finished_at: Set(None),
    }
    .insert(db)
    .await?;

    tracing::info!(run.id = %row.id, run.kind = kind.as_str(), run.size = plan.scenarios.len(), "run started");
    view(row, Vec::new())
}

/// A graded answer and the run after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Answered {
    /// The answer as stored.
    pub answer: AnswerView,
    /// The run after the answer.
    pub run: RunView,
}

/// Grades and stores a player's answer to one scenario of a run.
#[instrument(skip_all, fields(player.id = %player_id, run.id = %run_id, scenario.id = %scenario_id))]
pub async fn submit_answer(
    db: &impl ConnectionTrait,
    bank: &Bank,
    player_id: Uuid,
    run_id: Uuid,
    scenario_id: &str,
    choice_id: &str,
) -> ApiResult<Answered> {
    let row = find_row(db, player_id, run_id).await?;
    let plan = plan_of(&row)?;
    if !plan.scenarios.iter().any(|p| p.scenario_id == scenario_id) {
        return Err(ApiError::ScenarioNotInRun);
    }
    let scenario = bank
        .scenario(scenario_id)
        .ok_or(ApiError::ScenarioNotInRun)?;
    let graded = grade::grade(scenario, choice_id).ok_or(ApiError::UnknownChoice)?;

    if let Some(existing) = find_answer(db, run_id, scenario_id).await? {
        return same_choice_or_refuse(db, row, existing, choice_id).await;
    }
    if RunStatus::parse(&row.status) == RunStatus::Finished {
        return Err(ApiError::RunFinished);
    }

    let inserted = answer::Entity::insert(answer::ActiveModel {
        id: Set(Uuid::new_v4()),
        run_id: Set(run_id),
        scenario_id: Set(scenario_id.to_owned()),
        choice_id: Set(choice_id.to_owned()),
        verdict: Set(graded.verdict().as_str().to_owned()),
        points: Set(graded.points as i32),
        answered_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([answer::Column::RunId, answer::Column::ScenarioId])
            .do_nothing()
            .to_owned(),
    )
    .exec(db)
    .await;

    match inserted {
        Ok(_) => {}
        Err(DbErr::RecordNotInserted) => {
            let existing = find_answer(db, run_id, scenario_id)
                .await?
                .ok_or(ApiError::Internal)?;
            return same_choice_or_refuse(db, row, existing, choice_id).await;
        }
        Err(error) => return Err(error.into()),
    }

    run::Entity::update_many()
        .col_expr(
            run::Column::Score,
            Expr::col(run::Column::Score).add(graded.points as i32),
        )
        .filter(run::Column::Id.eq(run_id))
        .exec(db)
        .await?;

    tracing::info!(
        verdict = graded.verdict().as_str(),
        points = graded.points,
        "answer graded"
    );
    // Read the run again rather than adding the points to the row read
    // above: answers to its other scenarios may have committed in between.
    let run = load(db, player_id, run_id).await?;
    let answer = run
        .answers
        .iter()
        .find(|a| a.scenario_id == scenario_id)
        .cloned()
        .ok_or(ApiError::Internal)?;
    Ok(Answered { answer, run })
}

/// A repeated answer: the stored one when the choice matches, else a refusal.
async fn same_choice_or_refuse(
    db: &impl ConnectionTrait,
    row: run::Model,
    existing: answer::Model,
    choice_id: &str,
) -> ApiResult<Answered> {
    if existing.choice_id != choice_id {
        return Err(ApiError::AlreadyAnswered);
    }
    let answers = answers_of(db, row.id).await?;
    let run = view(row, answers)?;
    Ok(Answered {
        answer: answer_view(existing),
        run,
    })
}

/// Finishes a run; finishing a finished run returns it unchanged.
#[instrument(skip_all, fields(player.id = %player_id, run.id = %run_id))]
pub async fn finish_run(
    db: &impl ConnectionTrait,
    player_id: Uuid,
    run_id: Uuid,
) -> ApiResult<RunView> {
    find_row(db, player_id, run_id).await?;

    let updated = run::Entity::update_many()
        .col_expr(
            run::Column::Status,
            Expr::value(RunStatus::Finished.as_str()),
        )
        .col_expr(run::Column::FinishedAt, Expr::value(Utc::now()))
        .filter(run::Column::Id.eq(run_id))
        .filter(run::Column::Status.eq(RunStatus::InProgress.as_str()))
        .exec(db)
        .await?;
    if updated.rows_affected == 1 {
        tracing::info!("run finished");
    }

    load(db, player_id, run_id).await
}

/// A run of the player, with its answers.
pub async fn load(db: &impl ConnectionTrait, player_id: Uuid, run_id: Uuid) -> ApiResult<RunView> {
    let row = find_row(db, player_id, run_id).await?;
    let answers = answers_of(db, run_id).await?;
    view(row, answers)
}

/// A page of the player's runs, newest first, and the total count.
pub async fn list(
    db: &impl ConnectionTrait,
    player_id: Uuid,
    offset: u64,
    limit: u64,
) -> ApiResult<(Vec<RunView>, u64)> {
    let query = run::Entity::find().filter(run::Column::PlayerId.eq(player_id));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(run::Column::StartedAt)
        .order_by_desc(run::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;

    // One query for the answers of the whole page, not one per run.
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut answers: HashMap<Uuid, Vec<AnswerView>> = HashMap::new();
    let answer_rows = answer::Entity::find()
        .filter(answer::Column::RunId.is_in(ids))
        .order_by_asc(answer::Column::AnsweredAt)
        .order_by_asc(answer::Column::Id)
        .all(db)
        .await?;
    for row in answer_rows {
        answers
            .entry(row.run_id)
            .or_default()
            .push(answer_view(row));
    }

    let runs = rows
        .into_iter()
        .map(|row| {
            let answers = answers.remove(&row.id).unwrap_or_default();
            view(row, answers)
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok((runs, total))
}

/// The run row if it is the player's; NOT_FOUND otherwise, never FORBIDDEN.
pub(crate) async fn find_row(
    db: &impl ConnectionTrait,
    player_id: Uuid,
    run_id: Uuid,
) -> ApiResult<run::Model> {
    run::Entity::find_by_id(run_id)
        .filter(run::Column::PlayerId.eq(player_id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("run"))
}

async fn find_answer(
    db: &impl ConnectionTrait,
    run_id: Uuid,
    scenario_id: &str,
) -> ApiResult<Option<answer::Model>> {
    Ok(answer::Entity::find()
        .filter(answer::Column::RunId.eq(run_id))
        .filter(answer::Column::ScenarioId.eq(scenario_id))
        .one(db)
        .await?)
}

async fn answers_of(db: &impl ConnectionTrait, run_id: Uuid) -> ApiResult<Vec<AnswerView>> {
    let rows = answer::Entity::find()
        .filter(answer::Column::RunId.eq(run_id))
        .order_by_asc(answer::Column::AnsweredAt)
        .order_by_asc(answer::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(answer_view).collect())
}

fn plan_of(row: &run::Model) -> ApiResult<RoundPlan> {
    serde_json::from_value(row.plan.clone()).map_err(|error| {
        tracing::error!(run.id = %row.id, %error, "stored round plan is unreadable");
        ApiError::Internal
    })
}

fn view(row: run::Model, answers: Vec<AnswerView>) -> ApiResult<RunView> {
    Ok(RunView {
        plan: plan_of(&row)?,
        id: row.id,
        kind: RunKind::parse(&row.kind),
        status: RunStatus::parse(&row.status),
        answers,
        score: row.score,
        max_score: row.max_score,
        started_at: row.started_at,
        finished_at: row.finished_at,
    })
}

fn answer_view(row: answer::Model) -> AnswerView {
    AnswerView {
        scenario_id: row.scenario_id,
        choice_id: row.choice_id,
        verdict: row.verdict,
        points: row.points,
        answered_at: row.answered_at,
    }
}
