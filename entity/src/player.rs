//! An anonymous player, known only by the hash of its bearer token.

use sea_orm::entity::prelude::*;

/// A row of `player`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "player")]
pub struct Model {
    /// The player's public id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Hex SHA-256 of the bearer token; the token itself is never stored.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// When the player was created.
    pub created_at: DateTimeUtc,
}

/// `player` has no relations that queries walk.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
