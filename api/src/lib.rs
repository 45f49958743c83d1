//! The Retry Clinic server as a library: configuration, the schema builder,
//! the router and the start-up sequence, shared by the binary and the tests.

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod live;
pub mod server;
pub mod services;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use server::{Server, StartError};
