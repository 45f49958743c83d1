//! The public leaderboard: server-scored submissions and top-N boards.
//!
//! Ranking: the higher score first; on equal scores the earlier submission;
//! on equal times the entry inserted first (its id). Boards are read through
//! the `leaderboard_entry_rank_idx` index in that very order.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use entity::leaderboard_entry as entry;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};
use crate::services::display_name::DisplayName;
use crate::services::runs::find_row;
use crate::services::views::{EntryView, RunKind, RunStatus};

/// The time window a board covers, in UTC calendar terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    /// Every entry ever submitted.
    AllTime,
    /// The current ISO week, from Monday 00:00 UTC.
    Week,
    /// The current UTC day.
    Day,
}

impl Period {
    /// Every period, for refreshing all boards.
    pub const ALL: [Period; 3] = [Period::AllTime, Period::Week, Period::Day];

    /// When the window that holds `now` started; `None` for all time.
    pub fn start(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let midnight = now.date_naive().and_time(NaiveTime::MIN).and_utc();
        match self {
            Period::AllTime => None,
            Period::Day => Some(midnight),
            Period::Week => {
                let days = i64::from(now.weekday().num_days_from_monday());
                Some(midnight - Duration::days(days))
            }
        }
    }
}

/// The largest board a client may ask for.
pub const MAX_BOARD_SIZE: u64 = 100;

/// A board: the top entries of a period and how many entries it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    /// The period covered.
    pub period: Period,
    /// The top entries, best first.
    pub entries: Vec<EntryView>,
    /// How many entries the period holds in all.
    pub total_entries: u64,
    /// When this board was read.
    pub updated_at: DateTime<Utc>,
}

/// A submission's entry and its all-time rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submitted {
    /// The entry.
    pub entry: EntryView,
    /// Its all-time rank, even outside the top N.
    pub rank: i64,
}

/// Submits a finished clinic run of the player under a display name.
///
/// One entry per run: the unique constraint on `run_id` guards it. The same
/// run with the same name returns the existing entry; another name is refused.
#[instrument(skip_all, fields(player.id = %player_id, run.id = %run_id))]
pub async fn submit_score(
    db: &impl ConnectionTrait,
    player_id: Uuid,
    run_id: Uuid,
    raw_name: &str,
) -> ApiResult<Submitted> {
    let name = DisplayName::parse(raw_name).map_err(|e| ApiError::bad_input(e.to_string()))?;
    let run = find_row(db, player_id, run_id).await?;
    if RunKind::parse(&run.kind) != RunKind::Clinic {
        return Err(ApiError::NotSubmittable);
    }
    if RunStatus::parse(&run.status) != RunStatus::Finished {
        return Err(ApiError::RunNotFinished);
    }

    let inserted = entry::Entity::insert(entry::ActiveModel {
        run_id: Set(run_id),
        player_id: Set(player_id),
        display_name: Set(name.as_str().to_owned()),
        score: Set(run.score),
        max_score: Set(run.max_score),
        submitted_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(entry::Column::RunId)
            .do_nothing()
            .to_owned(),
    )
    .exec(db)
    .await;
    match inserted {
        Ok(_) | Err(DbErr::RecordNotInserted) => {}
        Err(error) => return Err(error.into()),
    }

    let row = entry::Entity::find()
        .filter(entry::Column::RunId.eq(run_id))
        .one(db)
        .await?
        .ok_or(ApiError::Internal)?;
    if row.display_name != name.as_str() {
        return Err(ApiError::AlreadySubmitted);
    }

    let rank = rank_of(db, &row).await?;
    tracing::info!(
        entry.id = row.id,
        score = row.score,
        rank,
        "score submitted"
    );
    Ok(Submitted {
        entry: view(row, rank),
        rank,
    })
}

/// The top `first` entries of a period and its entry count.
pub async fn board(
    db: &impl ConnectionTrait,
    period: Period,
    first: u64,
    now: DateTime<Utc>,
) -> ApiResult<Board> {
    let mut query = entry::Entity::find();
    if let Some(start) = period.start(now) {
        query = query.filter(entry::Column::SubmittedAt.gte(start));
    }

    let total_entries = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(entry::Column::Score)
        .order_by_asc(entry::Column::SubmittedAt)
        .order_by_asc(entry::Column::Id)
        .limit(first.clamp(1, MAX_BOARD_SIZE))
        .all(db)
        .await?;

    let entries = rows
        .into_iter()
        .enumerate()
        .map(|(index, row)| view(row, index as i64 + 1))
        .collect();
    Ok(Board {
        period,
        entries,
        total_entries,
        updated_at: now,
    })
}

/// 1 + the number of entries ranked ahead of this one, of all time.
async fn rank_of(db: &impl ConnectionTrait, row: &entry::Model) -> ApiResult<i64> {
    let ahead = Condition::any()
        .add(entry::Column::Score.gt(row.score))
        .add(
            Condition::all()
                .add(entry::Column::Score.eq(row.score))
                .add(entry::Column::SubmittedAt.lt(row.submitted_at)),
        )
        .add(
            Condition::all()
                .add(entry::Column::Score.eq(row.score))
                .add(entry::Column::SubmittedAt.eq(row.submitted_at))
                .add(entry::Column::Id.lt(row.id)),
        );
    let count = entry::Entity::find().filter(ahead).count(db).await?;
    Ok(count as i64 + 1)
}

/// The newest submission time, for noticing changes another replica made.
pub async fn latest_change(db: &impl ConnectionTrait) -> ApiResult<Option<(i64, i64)>> {
    let latest: Option<(Option<i64>, i64)> = entry::Entity::find()
        .select_only()
        .column_as(Expr::col(entry::Column::Id).max(), "max_id")
        .column_as(Expr::col(entry::Column::Id).count(), "count")
        .into_tuple()
        .one(db)
        .await?;
    Ok(latest.and_then(|(max, count)| max.map(|max| (max, count))))
}

fn view(row: entry::Model, rank: i64) -> EntryView {
    EntryView {
        id: row.id,
        rank,
        display_name: row.display_name,
        score: row.score,
        max_score: row.max_score,
        submitted_at: row.submitted_at,
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn a_day_starts_at_utc_midnight() {
        assert_eq!(
            Period::Day.start(at(2026, 12, 3, 23, 59)),
            Some(at(2026, 12, 3, 0, 0))
        );
        assert_eq!(
            Period::Day.start(at(2026, 12, 4, 0, 0)),
            Some(at(2026, 12, 4, 0, 0))
        );
    }

    #[test]
    fn a_week_is_the_iso_week_from_monday() {
        // 2026-12-03 is a Thursday; its ISO week began on Monday 2026-11-30.
        assert_eq!(
            Period::Week.start(at(2026, 12, 3, 12, 0)),
            Some(at(2026, 11, 30, 0, 0))
        );
        // Sunday still belongs to the week that began on Monday.
        assert_eq!(
            Period::Week.start(at(2026, 12, 6, 23, 59)),
            Some(at(2026, 11, 30, 0, 0))
        );
        // Monday 00:00 starts a new, empty week.
        assert_eq!(
            Period::Week.start(at(2026, 12, 7, 0, 0)),
            Some(at(2026, 12, 7, 0, 0))
        );
        // Across a year boundary: 2027-01-01 is a Friday of the week of 2026-12-28.
        assert_eq!(
            Period::Week.start(at(2027, 1, 1, 8, 0)),
            Some(at(2026, 12, 28, 0, 0))
        );
    }

    #[test]
    fn all_time_has_no_window() {
        assert_eq!(Period::AllTime.start(at(2026, 12, 3, 12, 0)), None);
    }
}
