//! The write side of the API. Every mutation goes through the one
//! idempotency mechanism in `services::idempotency`.

use async_graphql::{Context, ErrorExtensions, Object, Result};
use futures::FutureExt;
use futures::future::BoxFuture;
use sea_orm::DatabaseTransaction;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, Extended};
use crate::graphql::inputs::*;
use crate::graphql::query::parse_uuid;
use crate::graphql::types::{Feedback, LeaderboardEntry, Player, Run, caller};
use crate::services::idempotency::{self, Fault, IdempotencyKey, Outcome, Scope, fingerprint};
use crate::services::leaderboard::{self, Submitted};
use crate::services::players;
use crate::services::runs::{self, Answered, StartRun};
use crate::services::views::PlayerView;
use crate::state::AppState;

/// The root of every mutation.
pub struct MutationRoot;

/// What `createPlayer` stores: the token sealed with the idempotency key.
#[derive(Serialize, Deserialize)]
struct SealedPlayer {
    token: String,
    player: PlayerView,
}

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Creates an anonymous player and returns its token, shown only here.
    async fn create_player(
        &self,
        ctx: &Context<'_>,
        input: Option<CreatePlayerInput>,
    ) -> Result<CreatePlayerPayload> {
        let input = input.unwrap_or_default();
        let key = parse_key(input.idempotency_key.as_deref()).extended()?;

        let seal_key = key.clone();
        let outcome = once(
            ctx,
            Scope {
                owner: "anonymous".to_owned(),
                mutation: "createPlayer",
            },
            key.as_ref(),
            fingerprint(&()),
            move |tx| {
                async move {
                    let created = players::create_player(tx).await?;
                    Ok(SealedPlayer {
                        token: seal(created.token, seal_key.as_ref()),
                        player: created.player,
                    })
                }
                .boxed()
            },
        )
        .await
        .extended()?;

        let token = unseal(&outcome.value.token, key.as_ref()).extended()?;
        Ok(CreatePlayerPayload {
            token,
            player: Player(outcome.value.player),
            replayed: outcome.replayed,
        })
    }

    /// Starts a clinic round (or a practice round of chosen scenarios).
    async fn start_run(
        &self,
        ctx: &Context<'_>,
        input: Option<StartRunInput>,
    ) -> Result<StartRunPayload> {
        let state = ctx.data_unchecked::<AppState>();
        let input = input.unwrap_or_default();
        let player = caller(ctx).await.extended()?;
        let key = parse_key(input.idempotency_key.as_deref()).extended()?;
        let ids = input
            .scenario_ids
            .map(|ids| ids.into_iter().map(|id| id.0).collect());
        let request = StartRun::parse(state.bank, input.size, ids).extended()?;

        let bank = state.bank;
        let print = fingerprint(&request);
        let outcome = once(
            ctx,
            scope(&player, "startRun"),
            key.as_ref(),
            print,
            move |tx| async move { runs::start_run(tx, bank, player.id, &request).await }.boxed(),
        )
        .await
        .extended()?;

        Ok(StartRunPayload {
            run: Run(outcome.value),
            replayed: outcome.replayed,
        })
    }

    /// Grades an answer at once. The same answer again returns the stored
    /// feedback; another choice for an answered scenario is ALREADY_ANSWERED.
    async fn submit_answer(
        &self,
        ctx: &Context<'_>,
        input: SubmitAnswerInput,
    ) -> Result<SubmitAnswerPayload> {
        let state = ctx.data_unchecked::<AppState>();
        let player = caller(ctx).await.extended()?;
        let key = parse_key(input.idempotency_key.as_deref()).extended()?;
        let run_id = parse_uuid(&input.run_id, "run").extended()?;
        let scenario_id = bounded(&input.scenario_id, "scenarioId").extended()?;
        let choice_id = bounded(&input.choice_id, "choiceId").extended()?;

        let bank = state.bank;
        let print = fingerprint(&(run_id, &scenario_id, &choice_id));
        let outcome = once(
            ctx,
            scope(&player, "submitAnswer"),
            key.as_ref(),
            print,
            move |tx| {
                async move {
                    runs::submit_answer(tx, bank, player.id, run_id, &scenario_id, &choice_id).await
                }
                .boxed()
            },
        )
        .await
        .extended()?;

        let Answered { answer, run } = outcome.value;
        let feedback = Feedback::new(bank, answer).ok_or_else(|| ApiError::Internal.extend())?;
        Ok(SubmitAnswerPayload {
            feedback,
            run: Run(run),
            replayed: outcome.replayed,
        })
    }

    /// Finishes a run: its score becomes final. Finishing twice is harmless.
    async fn finish_run(
        &self,
        ctx: &Context<'_>,
        input: FinishRunInput,
    ) -> Result<FinishRunPayload> {
        let player = caller(ctx).await.extended()?;
        let key = parse_key(input.idempotency_key.as_deref()).extended()?;
        let run_id = parse_uuid(&input.run_id, "run").extended()?;

        let outcome = once(
            ctx,
            scope(&player, "finishRun"),
            key.as_ref(),
            fingerprint(&run_id),
            move |tx| async move { runs::finish_run(tx, player.id, run_id).await }.boxed(),
        )
        .await
        .extended()?;

        Ok(FinishRunPayload {
            run: Run(outcome.value),
            replayed: outcome.replayed,
        })
    }

    /// Submits a finished clinic run's server-graded score to the leaderboard.
    async fn submit_score(
        &self,
        ctx: &Context<'_>,
        input: SubmitScoreInput,
    ) -> Result<SubmitScorePayload> {
        let state = ctx.data_unchecked::<AppState>();
        let player = caller(ctx).await.extended()?;
        let key = parse_key(input.idempotency_key.as_deref()).extended()?;
        let run_id = parse_uuid(&input.run_id, "run").extended()?;
        let name = input.display_name;

        let print = fingerprint(&(run_id, &name));
        let outcome = once(
            ctx,
            scope(&player, "submitScore"),
            key.as_ref(),
            print,
            move |tx| {
                async move { leaderboard::submit_score(tx, player.id, run_id, &name).await }.boxed()
            },
        )
        .await
        .extended()?;

        if !outcome.replayed {
            state.live.changed();
        }
        let Submitted { entry, rank } = outcome.value;
        Ok(SubmitScorePayload {
            entry: LeaderboardEntry::from(&entry),
            rank: rank as i32,
            replayed: outcome.replayed,
        })
    }
}

/// Runs a mutation's effect through the one idempotency mechanism, with the
/// request's key and, in test builds, the fault the request asked for.
async fn once<T, F>(
    ctx: &Context<'_>,
    scope: Scope,
    key: Option<&IdempotencyKey>,
    fingerprint: String,
    effect: F,
) -> ApiResult<Outcome<T>>
where
    T: Serialize + DeserializeOwned + Send,
    F: for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, ApiResult<T>> + Send,
{
    let state = ctx.data_unchecked::<AppState>();
    let policy = state.idempotency_policy();
    idempotency::run_once(
        &state.db,
        policy,
        scope,
        key,
        fingerprint,
        fault(ctx),
        effect,
    )
    .await
}

fn scope(player: &PlayerView, mutation: &'static str) -> Scope {
    Scope {
        owner: player.id.to_string(),
        mutation,
    }
}

fn parse_key(raw: Option<&str>) -> ApiResult<Option<IdempotencyKey>> {
    raw.map(IdempotencyKey::parse).transpose()
}

/// Refuses ids longer than any the content uses.
fn bounded(id: &str, field: &str) -> ApiResult<String> {
    if id.is_empty() || id.len() > 64 {
        return Err(ApiError::bad_input(format!(
            "`{field}` must be 1 to 64 characters"
        )));
    }
    Ok(id.to_owned())
}

/// Seals a new token with a pad derived from the idempotency key, so that
/// a stored `createPlayer` result holds no usable token for anyone who does
/// not know the key. Without a key nothing is stored and the token is plain.
fn seal(token: Uuid, key: Option<&IdempotencyKey>) -> String {
    match key {
        None => token.to_string(),
        Some(key) => hex::encode(xor_pad(*token.as_bytes(), key)),
    }
}

/// Opens what [`seal`] made, first time or replayed.
fn unseal(stored: &str, key: Option<&IdempotencyKey>) -> ApiResult<String> {
    let Some(key) = key else {
        return Ok(stored.to_owned());
    };
    let bytes: [u8; 16] = hex::decode(stored)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(ApiError::Internal)?;
    Ok(Uuid::from_bytes(xor_pad(bytes, key)).to_string())
}

fn xor_pad(mut bytes: [u8; 16], key: &IdempotencyKey) -> [u8; 16] {
    let pad = Sha256::digest(format!("retry-clinic/createPlayer/{}", key.expose()));
    for (byte, pad) in bytes.iter_mut().zip(pad.iter()) {
        *byte ^= pad;
    }
    bytes
}

/// The test-only fault the request asked for, if this build has the hook.
fn fault<'c>(ctx: &Context<'c>) -> Option<&'c dyn Fault> {
    #[cfg(feature = "test-hooks")]
    {
        ctx.data_opt::<crate::http::TestFault>()
            .map(|fault| fault as &dyn Fault)
    }
    #[cfg(not(feature = "test-hooks"))]
    {
        let _ = ctx;
        None
    }
}
