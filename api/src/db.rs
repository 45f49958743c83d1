//! The database: connecting to SQLite or Postgres, applying migrations once,
//! and opening write transactions that never trip over each other.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database as SeaDatabase, DatabaseConnection,
    DatabaseTransaction, DbErr, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    /// The embedded default: one file, one server.
    Sqlite,
    /// Production: several replicas may share it.
    Postgres,
}

impl DbKind {
    /// The engine of a database URL.
    pub fn of_url(url: &str) -> Option<DbKind> {
        if url.starts_with("sqlite:") {
            Some(DbKind::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(DbKind::Postgres)
        } else {
            None
        }
    }

    /// The engine's name, as logged.
    pub fn as_str(self) -> &'static str {
        match self {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgres",
        }
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    /// The URL names neither SQLite nor Postgres.
    #[error("the database URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    /// The folder for the SQLite file could not be created.
    #[error("could not create the folder for the SQLite file: {0}")]
    CreateDir(#[from] std::io::Error),
    /// Connecting or migrating failed.
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

/// The connection pool with what the services need to know about it.
#[derive(Clone)]
pub struct Database {
    conn: DatabaseConnection,
    kind: DbKind,
    write_gate: Option<Arc<Mutex<()>>>,
}

/// A write transaction; on SQLite it also holds the process-wide write gate.
pub struct WriteTx {
    /// The transaction to run statements in.
    pub tx: DatabaseTransaction,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits the transaction and releases the gate.
    pub async fn commit(self) -> Result<(), DbErr> {
        self.tx.commit().await
    }
}

/// Arbitrary number identifying the start-up migration lock on Postgres.
const MIGRATION_LOCK_ID: i64 = 0x5245_5452_5943_4c4e;

impl Database {
    /// Connects, applies pending migrations and returns the pool.
    pub async fn open(url: &str, max_connections: u32) -> Result<Database, DbSetupError> {
        let kind = DbKind::of_url(url).ok_or(DbSetupError::UnsupportedUrl)?;
        if kind == DbKind::Sqlite {
            create_sqlite_folder(url)?;
        }

        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections.max(2))
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|sqlite| {
                sqlite
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
        let conn = SeaDatabase::connect(options).await?;

        let database = Database {
            conn,
            kind,
            write_gate: (kind == DbKind::Sqlite).then(|| Arc::new(Mutex::new(()))),
        };
        database.migrate().await?;
        Ok(database)
    }

    /// Applies pending migrations; on Postgres under an advisory lock so that
    /// replicas starting together apply them once, one after the other.
    async fn migrate(&self) -> Result<(), DbErr> {
        if self.kind == DbKind::Sqlite {
            return Migrator::up(&self.conn, None).await;
        }

        let pool = self.conn.get_postgres_connection_pool();
        let mut lock_holder = pool
            .acquire()
            .await
            .map_err(|error| DbErr::Custom(error.to_string()))?;
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK_ID)
            .execute(&mut *lock_holder)
            .await
            .map_err(|error| DbErr::Custom(error.to_string()))?;

        let outcome = Migrator::up(&self.conn, None).await;

        sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK_ID)
            .execute(&mut *lock_holder)
            .await
            .map_err(|error| DbErr::Custom(error.to_string()))?;
        outcome
    }

    /// The pool, for reads.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// The engine behind the pool.
    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Begins a write transaction.
    ///
    /// SQLite allows one writer at a time, and a transaction that read before
    /// it writes fails at once with "database is locked" instead of waiting.
    /// This process is SQLite's only client, so its writes queue on a gate
    /// here instead; on Postgres the database's own locks do the work.
    pub async fn begin_write(&self) -> Result<WriteTx, DbErr> {
        let gate = match &self.write_gate {
            Some(gate) => Some(gate.clone().lock_owned().await),
            None => None,
        };
        let tx = self.conn.begin().await?;
        Ok(WriteTx { tx, _gate: gate })
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.execute_unprepared("SELECT 1").await.is_ok()
    }
}

/// Creates the folder of an `sqlite://path?...` URL's file.
fn create_sqlite_folder(url: &str) -> std::io::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => std::fs::create_dir_all(folder),
        _ => Ok(()),
    }
}
