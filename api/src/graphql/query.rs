//! The read side of the API.

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::{Context, ErrorExtensions, ID, Object, Result};
use chrono::Utc;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult, Extended};
use crate::graphql::types::{
    Concept, Game, Leaderboard, LeaderboardPeriod, Player, Run, Scenario, caller,
};
use crate::services::leaderboard::MAX_BOARD_SIZE;
use crate::services::runs;
use crate::state::AppState;

/// The largest page any connection returns.
pub const MAX_PAGE: i32 = 100;

/// The root of every query.
pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// The game's texts: concept explanation, objectives, rules, notes, FAQ.
    async fn game(&self, ctx: &Context<'_>) -> Game {
        Game(ctx.data_unchecked::<AppState>().bank)
    }

    /// The scenario bank, filtered and paginated. Reveals no answer key.
    async fn scenarios(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, desc = "1 to 100")] first: Option<i32>,
        #[graphql(desc = "The `endCursor` of the previous page")] after: Option<String>,
        concept: Option<Concept>,
        #[graphql(desc = "1 to 3")] difficulty: Option<i32>,
    ) -> Result<Connection<usize, Scenario, ScenarioPage, EmptyFields>> {
        let bank = ctx.data_unchecked::<AppState>().bank;
        let (offset, limit) = page_bounds(first.unwrap_or(20), after.as_deref()).extended()?;
        if difficulty.is_some_and(|d| !(1..=3).contains(&d)) {
            return Err(ApiError::bad_input("`difficulty` must be 1, 2 or 3").extend());
        }

        let concept = concept.map(scenarios::Concept::from);
        let matching: Vec<&'static scenarios::Scenario> = bank
            .scenarios()
            .iter()
            .filter(|s| concept.is_none_or(|c| s.concept == c))
            .filter(|s| difficulty.is_none_or(|d| i32::from(s.difficulty) == d))
            .collect();

        let total = matching.len();
        let mut connection = Connection::with_additional_fields(
            offset > 0,
            offset + limit < total,
            ScenarioPage { total_count: total },
        );
        connection.edges.extend(
            matching
                .into_iter()
                .enumerate()
                .skip(offset)
                .take(limit)
                .map(|(index, scenario)| {
                    Edge::new(
                        index,
                        Scenario {
                            scenario,
                            order: None,
                        },
                    )
                }),
        );
        Ok(connection)
    }

    /// One scenario by id, or null. Reveals no answer key.
    async fn scenario(&self, ctx: &Context<'_>, id: ID) -> Option<Scenario> {
        let bank = ctx.data_unchecked::<AppState>().bank;
        bank.scenario(&id).map(|scenario| Scenario {
            scenario,
            order: None,
        })
    }

    /// The player of the bearer token. UNAUTHENTICATED without a valid one.
    async fn viewer(&self, ctx: &Context<'_>) -> Result<Option<Player>> {
        let player = caller(ctx).await.extended()?;
        Ok(Some(Player(player)))
    }

    /// One of the caller's runs. NOT_FOUND for a run that is not the caller's.
    async fn run(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Run>> {
        let state = ctx.data_unchecked::<AppState>();
        let player = caller(ctx).await.extended()?;
        let run_id = parse_uuid(&id, "run").extended()?;
        let run = runs::load(state.db.conn(), player.id, run_id)
            .await
            .extended()?;
        Ok(Some(Run(run)))
    }

    /// The top entries of a period, best first. Needs no token.
    ///
    /// Served from this replica's live snapshot when no change is waiting to
    /// be read, else from the database; a submission made through this
    /// replica shows at once, one made through another within a second.
    async fn leaderboard(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "LeaderboardPeriod::AllTime")] period: LeaderboardPeriod,
        #[graphql(default = 10, desc = "1 to 100")] first: i32,
    ) -> Result<Leaderboard> {
        let state = ctx.data_unchecked::<AppState>();
        let first = board_size(first).extended()?;

        if let Some(board) = state.live.cached(period.into()) {
            return Ok(Leaderboard::from_board(&board, first));
        }
        let board = crate::services::leaderboard::board(
            state.db.conn(),
            period.into(),
            first as u64,
            Utc::now(),
        )
        .await
        .extended()?;
        Ok(Leaderboard::from_board(&board, first))
    }
}

/// Extra fields of the scenario connection.
#[derive(async_graphql::SimpleObject)]
pub struct ScenarioPage {
    /// How many scenarios match the filters.
    pub total_count: usize,
}

/// Validates `first` and `after` into an offset and a limit.
pub fn page_bounds(first: i32, after: Option<&str>) -> ApiResult<(usize, usize)> {
    if !(1..=MAX_PAGE).contains(&first) {
        return Err(ApiError::bad_input(format!(
            "`first` must be between 1 and {MAX_PAGE}"
        )));
    }
    let offset = match after {
        None => 0,
        Some(cursor) => usize::decode_cursor(cursor)
            .map_err(|_| ApiError::bad_input("`after` is not a cursor this API gave"))?
            .saturating_add(1),
    };
    Ok((offset, first as usize))
}

/// Validates a board size.
pub fn board_size(first: i32) -> ApiResult<usize> {
    if !(1..=MAX_BOARD_SIZE as i32).contains(&first) {
        return Err(ApiError::bad_input(format!(
            "`first` must be between 1 and {MAX_BOARD_SIZE}"
        )));
    }
    Ok(first as usize)
}

/// Parses an id that must be a UUID; a malformed one is bad input.
pub fn parse_uuid(id: &str, what: &str) -> ApiResult<Uuid> {
    if id.len() > 64 {
        return Err(ApiError::bad_input(format!("`{what}` id is too long")));
    }
    Uuid::parse_str(id).map_err(|_| ApiError::bad_input(format!("`{what}` id is not a valid id")))
}
