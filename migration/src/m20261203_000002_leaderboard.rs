//! The public leaderboard: one entry per submitted run.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `leaderboard_entry` with the indexes that serve the top-N.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LeaderboardEntry {
    Table,
    Id,
    RunId,
    PlayerId,
    DisplayName,
    Score,
    MaxScore,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Run {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LeaderboardEntry::Table)
                    .col(big_pk_auto(LeaderboardEntry::Id))
                    .col(uuid(LeaderboardEntry::RunId))
                    .col(uuid(LeaderboardEntry::PlayerId))
                    .col(string_len(LeaderboardEntry::DisplayName, 200))
                    .col(integer(LeaderboardEntry::Score))
                    .col(integer(LeaderboardEntry::MaxScore))
                    .col(timestamp_with_time_zone(LeaderboardEntry::SubmittedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("leaderboard_entry_run_fk")
                            .from(LeaderboardEntry::Table, LeaderboardEntry::RunId)
                            .to(Run::Table, Run::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // One entry per run, whatever the number of submissions.
        manager
            .create_index(
                Index::create()
                    .name("leaderboard_entry_run_key")
                    .table(LeaderboardEntry::Table)
                    .col(LeaderboardEntry::RunId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // The ranking order itself, so the all-time top N is an index walk.
        manager
            .create_index(
                Index::create()
                    .name("leaderboard_entry_rank_idx")
                    .table(LeaderboardEntry::Table)
                    .col((LeaderboardEntry::Score, IndexOrder::Desc))
                    .col((LeaderboardEntry::SubmittedAt, IndexOrder::Asc))
                    .col((LeaderboardEntry::Id, IndexOrder::Asc))
                    .to_owned(),
            )
            .await?;

        // Day and week boards start from the entries of their window.
        manager
            .create_index(
                Index::create()
                    .name("leaderboard_entry_submitted_idx")
                    .table(LeaderboardEntry::Table)
                    .col(LeaderboardEntry::SubmittedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LeaderboardEntry::Table).to_owned())
            .await
    }
}
