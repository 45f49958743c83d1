//! One idempotency mechanism for every mutation.
//!
//! A request that carries a key goes through three steps:
//! 1. **Claim** the key in a short transaction of its own. A record with the
//!    same (scope, mutation, key) decides the answer instead: another input
//!    is refused (IDEMPOTENCY_KEY_REUSED), a completed one is replayed, a
//!    claim still running is refused as retryable (IDEMPOTENCY_IN_PROGRESS).
//!    The unique constraint on (scope, mutation, key_hash) settles races.
//! 2. **Run** the mutation in a write transaction and store its outcome in
//!    the claimed record in that SAME transaction, then commit: there is never
//!    an effect without its stored result, nor a result without its effect.
//! 3. On a failure that changed nothing (bad input, not found, an internal
//!    error), **release** the claim so that a corrected retry can run. Refusals
//!    that are lasting facts (already answered, already submitted, run
//!    finished) are stored and replayed like results.
//!
//! A claim whose process died is taken over once its lease has passed.
//! Keys are stored as SHA-256 hashes, and expire after the configured
//! retention; a key used after that is a new request.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::idempotency_record as record;
use futures::future::BoxFuture;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::sha256_hex;
use crate::db::{Database, WriteTx};
use crate::error::{ApiError, ApiResult};

/// How long a claim protects a running request before another may take over.
pub const CLAIM_LEASE: Duration = Duration::from_secs(30);
/// The retry hint given with IDEMPOTENCY_IN_PROGRESS.
pub const RETRY_AFTER_SECS: u64 = 1;
/// The longest key accepted.
pub const MAX_KEY_LENGTH: usize = 255;

const IN_PROGRESS: &str = "in_progress";
const COMPLETED: &str = "completed";

/// A validated idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Accepts 1-255 printable ASCII characters.
    pub fn parse(raw: &str) -> ApiResult<IdempotencyKey> {
        let printable = raw.bytes().all(|b| (0x20..=0x7e).contains(&b));
        if raw.is_empty() || raw.len() > MAX_KEY_LENGTH || !printable {
            return Err(ApiError::bad_input(
                "`idempotencyKey` must be 1 to 255 printable ASCII characters",
            ));
        }
        Ok(IdempotencyKey(raw.to_owned()))
    }

    /// The raw key, for deriving secrets from it; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Who a key belongs to and which mutation it guards.
#[derive(Debug, Clone)]
pub struct Scope {
    /// A player id, or `anonymous` for mutations without a token.
    pub owner: String,
    /// The mutation's field name.
    pub mutation: &'static str,
}

/// Settings of the mechanism.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// How long keys are kept.
    pub retention: Duration,
}

/// A mutation's outcome, with whether it was replayed from a stored one.
#[derive(Debug, Clone)]
pub struct Outcome<T> {
    /// The result.
    pub value: T,
    /// True when served from the stored result of an earlier request.
    pub replayed: bool,
}

/// The fingerprint of a mutation's canonical input.
///
/// The input is a typed, normalised value (defaults applied, the key left
/// out), so field order and whitespace in the request cannot change it.
pub fn fingerprint(input: &impl Serialize) -> String {
    let canonical = serde_json::to_vec(input).unwrap_or_default();
    sha256_hex(&canonical)
}

/// What the claim step decided.
enum Claim {
    /// This request owns the key: run it.
    Owned { id: Uuid, locked_at: DateTime<Utc> },
    /// A stored outcome to replay.
    Stored(Value),
}

/// Runs `effect` at most once per key, storing its outcome with the effect.
///
/// Without a key the effect simply runs in its own write transaction.
pub async fn run_once<T, F>(
    db: &Database,
    policy: Policy,
    scope: Scope,
    key: Option<&IdempotencyKey>,
    fingerprint: String,
    fault: Option<&dyn Fault>,
    effect: F,
) -> ApiResult<Outcome<T>>
where
    T: Serialize + DeserializeOwned + Send,
    F: for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, ApiResult<T>> + Send,
{
    let Some(key) = key else {
        let write = db.begin_write().await?;
        let value = effect(&write.tx).await?;
        inject(fault)?;
        write.commit().await?;
        return Ok(Outcome {
            value,
            replayed: false,
        });
    };

    let key_hash = sha256_hex(key.expose().as_bytes());
    let (id, locked_at) = match claim(db, policy, &scope, &key_hash, &fingerprint).await? {
        Claim::Stored(stored) => return replay(stored),
        Claim::Owned { id, locked_at } => (id, locked_at),
    };

    let write = match db.begin_write().await {
        Ok(write) => write,
        Err(error) => {
            release(db, id, locked_at).await;
            return Err(error.into());
        }
    };

    match effect(&write.tx).await {
        Ok(value) => {
            let stored = json!({ "ok": &value });
            if let Err(error) = commit_with_result(write, id, locked_at, stored, fault).await {
                release(db, id, locked_at).await;
                return Err(error);
            }
            Ok(Outcome {
                value,
                replayed: false,
            })
        }
        Err(error) => {
            drop(write);
            if is_lasting(&error) {
                store_refusal(db, id, locked_at, &error).await;
            } else {
                release(db, id, locked_at).await;
            }
            Err(error)
        }
    }
}

/// Step 2's end: stores the result beside the effect and commits both.
/// On any error the transaction (and the SQLite write gate) is dropped here,
/// before the caller releases the claim.
async fn commit_with_result(
    write: WriteTx,
    id: Uuid,
    locked_at: DateTime<Utc>,
    stored: Value,
    fault: Option<&dyn Fault>,
) -> ApiResult<()> {
    complete(&write.tx, id, locked_at, stored).await?;
    inject(fault)?;
    write.commit().await?;
    Ok(())
}

/// A fault to inject between a mutation's effect and its commit, in tests.
pub trait Fault: Send + Sync {
    /// Returns an error to abort the transaction.
    fn before_commit(&self) -> ApiResult<()>;
}

fn inject(fault: Option<&dyn Fault>) -> ApiResult<()> {
    match fault {
        Some(fault) => fault.before_commit(),
        None => Ok(()),
    }
}

/// Refusals that describe lasting state, so a retry would meet them again.
fn is_lasting(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::AlreadyAnswered | ApiError::AlreadySubmitted | ApiError::RunFinished
    )
}

fn replay<T: DeserializeOwned>(stored: Value) -> ApiResult<Outcome<T>> {
    if let Some(error) = stored.get("error") {
        let code = error
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default();
        return Err(ApiError::from_code(code, message));
    }

    let value = stored.get("ok").cloned().unwrap_or(Value::Null);
    let value = serde_json::from_value(value).map_err(|error| {
        tracing::error!(%error, "stored idempotent result is unreadable");
        ApiError::Internal
    })?;
    Ok(Outcome {
        value,
        replayed: true,
    })
}

/// Step 1: claims the key, or finds what decides the answer instead.
async fn claim(
    db: &Database,
    policy: Policy,
    scope: &Scope,
    key_hash: &str,
    fingerprint: &str,
) -> ApiResult<Claim> {
    let write = db.begin_write().await?;
    let now = Utc::now();
    let lease = chrono::Duration::from_std(CLAIM_LEASE).unwrap_or_default();
    let retention = chrono::Duration::from_std(policy.retention).unwrap_or_default();

    let existing = find(&write.tx, scope, key_hash).await?;
    if let Some(existing) = &existing {
        if existing.expires_at <= now {
            record::Entity::delete_by_id(existing.id)
                .exec(&write.tx)
                .await?;
        } else if existing.fingerprint != fingerprint {
            return Err(ApiError::IdempotencyKeyReused);
        } else if existing.status == COMPLETED {
            return Ok(Claim::Stored(
                existing.response.clone().unwrap_or(Value::Null),
            ));
        } else if existing.locked_at + lease > now {
            return Err(in_progress());
        } else {
            let taken = record::Entity::update_many()
                .col_expr(record::Column::LockedAt, Expr::value(now))
                .filter(record::Column::Id.eq(existing.id))
                .filter(record::Column::LockedAt.eq(existing.locked_at))
                .exec(&write.tx)
                .await?;
            write.commit().await?;
            if taken.rows_affected != 1 {
                return Err(in_progress());
            }
            tracing::warn!(
                mutation = scope.mutation,
                "took over a stale idempotency claim"
            );
            return Ok(Claim::Owned {
                id: existing.id,
                locked_at: now,
            });
        }
    }

    let id = Uuid::new_v4();
    let inserted = record::Entity::insert(record::ActiveModel {
        id: Set(id),
        scope: Set(scope.owner.clone()),
        mutation: Set(scope.mutation.to_owned()),
        key_hash: Set(key_hash.to_owned()),
        fingerprint: Set(fingerprint.to_owned()),
        status: Set(IN_PROGRESS.to_owned()),
        response: Set(None),
        locked_at: Set(now),
        created_at: Set(now),
        expires_at: Set(now + retention),
    })
    .on_conflict(
        OnConflict::columns([
            record::Column::Scope,
            record::Column::Mutation,
            record::Column::KeyHash,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec(&write.tx)
    .await;

    match inserted {
        Ok(_) => {
            write.commit().await?;
            Ok(Claim::Owned { id, locked_at: now })
        }
        Err(DbErr::RecordNotInserted) => {
            // Another request claimed the key between our read and our insert.
            let winner = find(&write.tx, scope, key_hash).await?;
            match winner {
                Some(winner) if winner.fingerprint != fingerprint => {
                    Err(ApiError::IdempotencyKeyReused)
                }
                Some(winner) if winner.status == COMPLETED => {
                    Ok(Claim::Stored(winner.response.unwrap_or(Value::Null)))
                }
                _ => Err(in_progress()),
            }
        }
        Err(error) => Err(error.into()),
    }
}

fn in_progress() -> ApiError {
    ApiError::IdempotencyInProgress {
        retry_after_secs: RETRY_AFTER_SECS,
    }
}

async fn find(
    tx: &DatabaseTransaction,
    scope: &Scope,
    key_hash: &str,
) -> ApiResult<Option<record::Model>> {
    Ok(record::Entity::find()
        .filter(record::Column::Scope.eq(scope.owner.as_str()))
        .filter(record::Column::Mutation.eq(scope.mutation))
        .filter(record::Column::KeyHash.eq(key_hash))
        .one(tx)
        .await?)
}

/// Step 2's bookkeeping: marks the claim completed with its outcome.
async fn complete(
    tx: &DatabaseTransaction,
    id: Uuid,
    locked_at: DateTime<Utc>,
    stored: Value,
) -> ApiResult<()> {
    let updated = record::Entity::update_many()
        .col_expr(record::Column::Status, Expr::value(COMPLETED))
        .col_expr(record::Column::Response, Expr::value(stored))
        .filter(record::Column::Id.eq(id))
        .filter(record::Column::LockedAt.eq(locked_at))
        .exec(tx)
        .await?;
    if updated.rows_affected != 1 {
        tracing::error!("an idempotency claim was lost while its request ran");
        return Err(ApiError::Internal);
    }
    Ok(())
}

/// Stores a lasting refusal under the claim, so retries meet it again.
async fn store_refusal(db: &Database, id: Uuid, locked_at: DateTime<Utc>, error: &ApiError) {
    let stored = json!({ "error": { "code": error.code(), "message": error.to_string() } });
    let outcome = async {
        let write = db.begin_write().await?;
        complete(&write.tx, id, locked_at, stored).await?;
        write.commit().await?;
        Ok::<(), ApiError>(())
    }
    .await;
    if outcome.is_err() {
        release(db, id, locked_at).await;
    }
}

/// Step 3: gives the key back, so that a corrected retry can run.
async fn release(db: &Database, id: Uuid, locked_at: DateTime<Utc>) {
    let outcome = async {
        let write = db.begin_write().await?;
        record::Entity::delete_many()
            .filter(record::Column::Id.eq(id))
            .filter(record::Column::LockedAt.eq(locked_at))
            .filter(record::Column::Status.eq(IN_PROGRESS))
            .exec(&write.tx)
            .await?;
        write.commit().await
    }
    .await;
    if let Err(error) = outcome {
        tracing::error!(%error, "could not release an idempotency claim; it expires with its lease");
    }
}

/// Deletes up to `batch` expired records; returns how many went.
pub async fn sweep_expired(db: &Database, batch: u64) -> ApiResult<u64> {
    let expired: Vec<Uuid> = record::Entity::find()
        .select_only()
        .column(record::Column::Id)
        .filter(record::Column::ExpiresAt.lte(Utc::now()))
        .order_by_asc(record::Column::ExpiresAt)
        .limit(batch)
        .into_tuple()
        .all(db.conn())
        .await?;
    if expired.is_empty() {
        return Ok(0);
    }

    let write = db.begin_write().await?;
    let deleted = record::Entity::delete_many()
        .filter(record::Column::Id.is_in(expired))
        .filter(record::Column::ExpiresAt.lte(Utc::now()))
        .exec(&write.tx)
        .await?;
    write.commit().await?;
    Ok(deleted.rows_affected)
}

/// Sweeps expired keys in batches, forever, every `period`.
pub async fn sweeper(db: Database, period: Duration) {
    let mut ticker = tokio::time::interval(period);
    loop {
        ticker.tick().await;
        loop {
            match sweep_expired(&db, 500).await {
                Ok(500) => continue,
                Ok(0) => break,
                Ok(deleted) => {
                    tracing::info!(deleted, "expired idempotency keys swept");
                    break;
                }
                Err(_) => break,
            }
        }
    }
}
