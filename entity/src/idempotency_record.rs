//! A claimed idempotency key and, once the mutation completed, its result.

use sea_orm::entity::prelude::*;

/// A row of `idempotency_record`; unique per (scope, mutation, key_hash).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_record")]
pub struct Model {
    /// The record's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose key it is: a player id, or `anonymous` for `createPlayer`.
    pub scope: String,
    /// The mutation's field name.
    pub mutation: String,
    /// Hex SHA-256 of the client's key; the key itself is never stored.
    pub key_hash: String,
    /// Hex SHA-256 of the canonical input.
    pub fingerprint: String,
    /// `in_progress` while claimed, `completed` once the result is stored.
    pub status: String,
    /// The stored outcome as JSON, once completed.
    pub response: Option<Json>,
    /// When the current claim was taken; a stale claim may be taken over.
    pub locked_at: DateTimeUtc,
    /// When the key was first used.
    pub created_at: DateTimeUtc,
    /// After this the key is forgotten and a reuse is a new request.
    pub expires_at: DateTimeUtc,
}

/// `idempotency_record` has no relations that queries walk.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
