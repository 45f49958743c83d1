//! Live updates over WebSocket.

use async_graphql::{Context, Result, Subscription};
use futures::Stream;

use crate::error::Extended;
use crate::graphql::query::board_size;
use crate::graphql::types::{Leaderboard, LeaderboardPeriod};
use crate::services::views::EntryView;
use crate::state::AppState;

/// The root of every subscription.
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// The board of a period: sent at once, then again each time a submission
    /// changes it or its period rolls over (a new UTC day or week), and only
    /// then. A slow client receives the latest board, never a backlog.
    async fn leaderboard_changed(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "LeaderboardPeriod::AllTime")] period: LeaderboardPeriod,
        #[graphql(default = 10, desc = "1 to 100")] first: i32,
    ) -> Result<impl Stream<Item = Leaderboard> + use<>> {
        let state = ctx.data_unchecked::<AppState>();
        let first = board_size(first).extended()?;
        let receiver = state.live.subscribe(period.into());

        let stream = futures::stream::unfold(
            (receiver, None::<(Vec<EntryView>, u64)>, true),
            move |(mut receiver, mut last, mut initial)| async move {
                loop {
                    if !initial && receiver.changed().await.is_err() {
                        return None;
                    }
                    initial = false;

                    let Some(board) = receiver.borrow_and_update().clone() else {
                        continue;
                    };
                    let shown = (
                        board
                            .entries
                            .iter()
                            .take(first)
                            .cloned()
                            .collect::<Vec<_>>(),
                        board.total_entries,
                    );
                    if last.as_ref() == Some(&shown) {
                        continue;
                    }
                    last = Some(shown);
                    let board = Leaderboard::from_board(&board, first);
                    return Some((board, (receiver, last, initial)));
                }
            },
        );
        Ok(stream)
    }
}
