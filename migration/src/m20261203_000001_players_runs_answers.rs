//! Players, their runs and the graded answers of each run.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `player`, `run` and `answer`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Player {
    Table,
    Id,
    TokenHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Run {
    Table,
    Id,
    PlayerId,
    Kind,
    Status,
    Plan,
    Score,
    MaxScore,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Answer {
    Table,
    Id,
    RunId,
    ScenarioId,
    ChoiceId,
    Verdict,
    Points,
    AnsweredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Player::Table)
                    .col(uuid(Player::Id).primary_key())
                    .col(string_len(Player::TokenHash, 64))
                    .col(timestamp_with_time_zone(Player::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("player_token_hash_key")
                    .table(Player::Table)
                    .col(Player::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Run::Table)
                    .col(uuid(Run::Id).primary_key())
                    .col(uuid(Run::PlayerId))
                    .col(string_len(Run::Kind, 16))
                    .col(string_len(Run::Status, 16))
                    .col(json(Run::Plan))
                    .col(integer(Run::Score))
                    .col(integer(Run::MaxScore))
                    .col(timestamp_with_time_zone(Run::StartedAt))
                    .col(timestamp_with_time_zone_null(Run::FinishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("run_player_fk")
                            .from(Run::Table, Run::PlayerId)
                            .to(Player::Table, Player::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("run_player_started_idx")
                    .table(Run::Table)
                    .col(Run::PlayerId)
                    .col((Run::StartedAt, IndexOrder::Desc))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Answer::Table)
                    .col(uuid(Answer::Id).primary_key())
                    .col(uuid(Answer::RunId))
                    .col(string_len(Answer::ScenarioId, 64))
                    .col(string_len(Answer::ChoiceId, 8))
                    .col(string_len(Answer::Verdict, 16))
                    .col(integer(Answer::Points))
                    .col(timestamp_with_time_zone(Answer::AnsweredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("answer_run_fk")
                            .from(Answer::Table, Answer::RunId)
                            .to(Run::Table, Run::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The natural idempotency of submitAnswer: one answer per scenario of
        // a run, whatever the number of concurrent or repeated submissions.
        manager
            .create_index(
                Index::create()
                    .name("answer_run_scenario_key")
                    .table(Answer::Table)
                    .col(Answer::RunId)
                    .col(Answer::ScenarioId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Answer::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Run::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Player::Table).to_owned())
            .await
    }
}
