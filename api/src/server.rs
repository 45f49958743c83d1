//! Start-up and shutdown: open the database, build the schema and router,
//! start the background tasks, serve until a shutdown signal.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use scenarios::Bank;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::db::{Database, DbSetupError};
use crate::graphql::build_schema;
use crate::http::{HttpState, router};
use crate::live::LiveBoards;
use crate::services::idempotency;
use crate::state::AppState;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The embedded content is invalid (a build that should never ship).
    #[error("{0}")]
    Content(String),
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Database(#[from] DbSetupError),
    /// The address could not be bound.
    #[error("could not listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

/// A bound, ready server.
pub struct Server {
    listener: TcpListener,
    state: AppState,
    background: Vec<JoinHandle<()>>,
}

impl Server {
    /// Opens the database, applies migrations, binds the address.
    pub async fn bind(config: Config) -> Result<Server, StartError> {
        let bank = Bank::embedded().map_err(|e| StartError::Content(e.to_string()))?;
        let url = config.database_url();
        let db = Database::open(&url, config.db_max_connections).await?;
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| StartError::Bind {
                    addr: config.listen,
                    source,
                })?;

        let live = LiveBoards::new();
        let background = vec![
            tokio::spawn(live.clone().run(db.clone())),
            tokio::spawn(idempotency::sweeper(
                db.clone(),
                Duration::from_secs(config.idempotency_sweep_secs.max(1)),
            )),
        ];
        let state = AppState {
            db,
            bank,
            config: Arc::new(config),
            live,
        };
        Ok(Server {
            listener,
            state,
            background,
        })
    }

    /// The bound address (the real port when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or(self.state.config.listen)
    }

    /// The application state, for tests that look behind the API.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then drains within the grace period.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send + 'static) {
        let addr = self.local_addr();
        let grace = Duration::from_secs(self.state.config.shutdown_grace_secs);
        tracing::info!(
            addr = %addr,
            database = self.state.db.kind().as_str(),
            "listening"
        );

        let (stopping_tx, stopping_rx) = tokio::sync::watch::channel(false);
        let schema = build_schema(self.state.clone());
        let app = router(HttpState {
            schema,
            app: self.state.clone(),
            stopping: stopping_rx.clone(),
        });

        let serve = axum::serve(self.listener, app).with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stopping_tx.send(true);
        });

        let mut stopping = stopping_rx.clone();
        let serving = tokio::spawn(async move { serve.await });
        let _ = stopping.wait_for(|stopping| *stopping).await;
        tracing::info!(grace_secs = grace.as_secs(), "shutting down");
        if tokio::time::timeout(grace, serving).await.is_err() {
            tracing::warn!("connections still open after the grace period; closing them");
        }
        for task in self.background {
            task.abort();
        }
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
