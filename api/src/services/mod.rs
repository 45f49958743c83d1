//! The rules of the game: players, runs, grading, the leaderboard and the
//! idempotency mechanism that wraps every mutation.
//!
//! Services take a database connection or transaction and plain inputs and
//! return plain views; they know nothing of GraphQL.

pub mod display_name;
pub mod idempotency;
pub mod leaderboard;
pub mod players;
pub mod runs;
pub mod views;
