//! Idempotency records: claimed keys and the results stored under them.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `idempotency_record`, unique per (scope, mutation, key_hash).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyRecord {
    Table,
    Id,
    Scope,
    Mutation,
    KeyHash,
    Fingerprint,
    Status,
    Response,
    LockedAt,
    CreatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyRecord::Table)
                    .col(uuid(IdempotencyRecord::Id).primary_key())
                    .col(string_len(IdempotencyRecord::Scope, 64))
                    .col(string_len(IdempotencyRecord::Mutation, 64))
                    .col(string_len(IdempotencyRecord::KeyHash, 64))
                    .col(string_len(IdempotencyRecord::Fingerprint, 64))
                    .col(string_len(IdempotencyRecord::Status, 16))
                    .col(json_null(IdempotencyRecord::Response))
                    .col(timestamp_with_time_zone(IdempotencyRecord::LockedAt))
                    .col(timestamp_with_time_zone(IdempotencyRecord::CreatedAt))
                    .col(timestamp_with_time_zone(IdempotencyRecord::ExpiresAt))
                    .to_owned(),
            )
            .await?;

        // The claim itself: a second request with the same key loses here.
        manager
            .create_index(
                Index::create()
                    .name("idempotency_record_key")
                    .table(IdempotencyRecord::Table)
                    .col(IdempotencyRecord::Scope)
                    .col(IdempotencyRecord::Mutation)
                    .col(IdempotencyRecord::KeyHash)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // The sweeper deletes expired records in batches, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("idempotency_record_expires_idx")
                    .table(IdempotencyRecord::Table)
                    .col(IdempotencyRecord::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IdempotencyRecord::Table).to_owned())
            .await
    }
}
