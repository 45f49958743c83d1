//! Anonymous players: creation and token lookup.

use chrono::Utc;
use entity::player;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tracing::instrument;
use uuid::Uuid;

use crate::auth::{new_token, token_hash};
use crate::error::{ApiError, ApiResult};
use crate::services::views::PlayerView;

/// A new player and the token that is shown only this once.
#[derive(Debug, Clone)]
pub struct CreatedPlayer {
    /// The bearer token.
    pub token: Uuid,
    /// The player.
    pub player: PlayerView,
}

/// Creates a player with a fresh token; only the token's hash is stored.
#[instrument(skip_all)]
pub async fn create_player(db: &impl ConnectionTrait) -> ApiResult<CreatedPlayer> {
    let token = new_token();
    let row = player::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(token_hash(&token.to_string())),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;

    tracing::info!(player.id = %row.id, "player created");
    Ok(CreatedPlayer {
        token,
        player: view(row),
    })
}

/// The player a token belongs to; UNAUTHENTICATED for none or an unknown one.
pub async fn authenticate(db: &impl ConnectionTrait, token: Option<&str>) -> ApiResult<PlayerView> {
    let token = token.ok_or(ApiError::Unauthenticated)?;
    if Uuid::parse_str(token).is_err() {
        return Err(ApiError::Unauthenticated);
    }

    player::Entity::find()
        .filter(player::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .map(view)
        .ok_or(ApiError::Unauthenticated)
}

fn view(row: player::Model) -> PlayerView {
    PlayerView {
        id: row.id,
        created_at: row.created_at,
    }
}
