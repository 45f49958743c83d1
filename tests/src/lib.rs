//! The harness of the black-box tests: it starts the real server on a free
//! port against a fresh database and speaks GraphQL over HTTP to it.
//!
//! Every test runs once on a fresh SQLite file and once on a fresh Postgres
//! database. Postgres is required: the URL comes from `TEST_DATABASE_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), and a test fails
//! loudly when it cannot reach it.

pub mod database;
pub mod graphql;
pub mod process;
pub mod ws;

use std::net::SocketAddr;

use api::{Config, Server};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use database::Backend;
pub use graphql::{Gql, error_code};

/// A running server and a client for it.
pub struct TestApp {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The database URL it uses, to start a second server on it.
    pub database_url: String,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// The server's state, for tests and benchmarks that look behind the API.
    pub state: api::state::AppState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestApp {
    /// Starts a server on a fresh database of the given backend.
    pub async fn spawn(backend: Backend) -> TestApp {
        let database_url = database::fresh(backend).await;
        TestApp::spawn_on(database_url, |_| {}).await
    }

    /// Starts a server on an existing database, with a configuration tweak.
    pub async fn spawn_on(database_url: String, tweak: impl FnOnce(&mut Config)) -> TestApp {
        if std::env::var_os("RUST_LOG").is_some() {
            api::telemetry::init(false);
        }
        let mut config = Config::for_tests(database_url.clone());
        tweak(&mut config);

        let server = Server::bind(config).await.expect("the server starts");
        let addr = server.local_addr();
        let state = server.state().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.serve(async move {
            let _ = stopped.await;
        }));

        TestApp {
            addr,
            database_url,
            client: reqwest::Client::new(),
            state,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// The server's base URL.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Declares a test that runs on SQLite and again on Postgres.
///
/// ```text
/// both_databases!(async fn a_whole_round_can_be_played(backend) { ... });
/// ```
#[macro_export]
macro_rules! both_databases {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports, reason = "some test bodies use the module's helpers, some do not")]
            use super::*;

            async fn run($backend: $crate::Backend) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn on_sqlite() {
                run($crate::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            $(#[$meta])*
            async fn on_postgres() {
                run($crate::Backend::Postgres).await;
            }
        }
    };
}
