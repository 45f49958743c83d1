//! Black-box tests of the API, one binary: each module drives the real
//! server over HTTP (and WebSocket) on SQLite and on Postgres.

mod answers;
mod errors;
mod http_rules;
mod idempotency;
mod leaderboard;
mod live;
mod round;
mod schema;
mod startup;
