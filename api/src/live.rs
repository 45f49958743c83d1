//! Live leaderboards: one shared snapshot per period, recomputed once per
//! change on each replica, whatever the number of subscribers.
//!
//! The path of a change: a submission commits → [`LiveBoards::changed`]
//! wakes the refresher of this replica → on Postgres the refresher also sends
//! one `NOTIFY` (after the commit, never inside the transaction; a burst of
//! submissions collapses into one) → every replica's listener wakes its own
//! refresher → each refresher reads the boards once and publishes them on a
//! `watch` channel → every subscription forwards the latest board.
//!
//! A `watch` channel keeps only the newest value, so a slow subscriber
//! skips intermediate boards instead of holding anything up. A periodic
//! check repairs a lost notification and starts the new board when a UTC day
//! or week rolls over; the listener sends fresh boards after a reconnect.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};

use crate::db::{Database, DbKind};
use crate::services::leaderboard::{self, Board, MAX_BOARD_SIZE, Period};

/// The Postgres channel that carries "a board changed" between replicas.
pub const CHANNEL: &str = "retry_clinic_leaderboard";
/// How long the refresher waits after a change for more changes to join it.
pub const COALESCE_WINDOW: Duration = Duration::from_millis(20);
/// How often the refresher checks for changes it was not told about.
pub const REPAIR_PERIOD: Duration = Duration::from_secs(3);

/// The live boards of this replica.
#[derive(Clone)]
pub struct LiveBoards {
    inner: Arc<Inner>,
}

struct Inner {
    local: Notify,
    remote: Notify,
    refreshes: AtomicU64,
    changes: AtomicU64,
    settled: AtomicU64,
    clock_offset_secs: AtomicI64,
    all_time: watch::Sender<Option<Arc<Board>>>,
    week: watch::Sender<Option<Arc<Board>>>,
    day: watch::Sender<Option<Arc<Board>>>,
}

impl Default for LiveBoards {
    fn default() -> LiveBoards {
        LiveBoards::new()
    }
}

impl LiveBoards {
    /// Empty boards; [`LiveBoards::run`] fills and refreshes them.
    pub fn new() -> LiveBoards {
        LiveBoards {
            inner: Arc::new(Inner {
                local: Notify::new(),
                remote: Notify::new(),
                refreshes: AtomicU64::new(0),
                changes: AtomicU64::new(0),
                settled: AtomicU64::new(u64::MAX),
                clock_offset_secs: AtomicI64::new(0),
                all_time: watch::Sender::new(None),
                week: watch::Sender::new(None),
                day: watch::Sender::new(None),
            }),
        }
    }

    fn sender(&self, period: Period) -> &watch::Sender<Option<Arc<Board>>> {
        match period {
            Period::AllTime => &self.inner.all_time,
            Period::Week => &self.inner.week,
            Period::Day => &self.inner.day,
        }
    }

    /// A receiver of a period's board; it holds the latest board at once.
    pub fn subscribe(&self, period: Period) -> watch::Receiver<Option<Arc<Board>>> {
        self.sender(period).subscribe()
    }

    /// Says that a submission committed on this replica. Until the boards
    /// are read again, [`LiveBoards::cached`] answers `None`, so a player
    /// who reads right after submitting sees the submission.
    pub fn changed(&self) {
        self.inner.changes.fetch_add(1, Ordering::SeqCst);
        self.inner.local.notify_one();
    }

    /// The current board of a period if it is known to be up to date: no
    /// change is waiting to be read and its window is still the current one.
    pub fn cached(&self, period: Period) -> Option<Arc<Board>> {
        if self.inner.settled.load(Ordering::SeqCst) != self.inner.changes.load(Ordering::SeqCst) {
            return None;
        }
        let board = self.sender(period).borrow().clone()?;
        (period.start(board.updated_at) == period.start(self.now())).then_some(board)
    }

    /// Refreshes the boards on every change, forever.
    pub async fn run(self, db: Database) {
        let postgres = db.kind() == DbKind::Postgres;
        if postgres {
            tokio::spawn(listen(db.clone(), self.clone()));
        }

        let mut seen = self.refresh(&db).await;
        loop {
            let local = tokio::select! {
                _ = self.inner.local.notified() => Some(true),
                _ = self.inner.remote.notified() => Some(false),
                _ = tokio::time::sleep(REPAIR_PERIOD) => None,
            };

            if local.is_some() {
                // Let the rest of a burst of submissions land, so that it
                // costs one read and one push instead of one per submission.
                tokio::time::sleep(COALESCE_WINDOW).await;
            }
            match local {
                Some(true) => {
                    if postgres {
                        send_notify(&db).await;
                    }
                    seen = self.refresh(&db).await;
                }
                Some(false) => seen = self.refresh(&db).await,
                None => {
                    if signature(&db, self.now()).await != seen {
                        seen = self.refresh(&db).await;
                    }
                }
            }
        }
    }

    /// The time the boards go by: the wall clock, unless a test moved it.
    fn now(&self) -> DateTime<Utc> {
        let offset = self.inner.clock_offset_secs.load(Ordering::Relaxed);
        Utc::now() + chrono::Duration::seconds(offset)
    }

    /// Test-only: moves the boards' clock forward, to cross a day or week.
    #[cfg(feature = "test-hooks")]
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.inner
            .clock_offset_secs
            .fetch_add(by.num_seconds(), Ordering::Relaxed);
    }

    /// How many times this replica has read the boards since it started.
    pub fn refreshes(&self) -> u64 {
        self.inner.refreshes.load(Ordering::Relaxed)
    }

    /// Reads every period's board once and publishes those that changed;
    /// returns what it saw, for the periodic check to compare against.
    pub async fn refresh(&self, db: &Database) -> Signature {
        self.inner.refreshes.fetch_add(1, Ordering::Relaxed);
        let reading = self.inner.changes.load(Ordering::SeqCst);
        let mut complete = true;
        let now = self.now();
        let seen = signature(db, now).await;
        for period in Period::ALL {
            match leaderboard::board(db.conn(), period, MAX_BOARD_SIZE, now).await {
                Ok(board) => {
                    self.sender(period).send_if_modified(|current| {
                        let same = current.as_ref().is_some_and(|c| {
                            c.entries == board.entries && c.total_entries == board.total_entries
                        });
                        if !same {
                            *current = Some(Arc::new(board));
                        }
                        !same
                    });
                }
                Err(_) => {
                    complete = false;
                    tracing::warn!(?period, "could not refresh a live board");
                }
            }
        }
        if complete {
            self.inner.settled.store(reading, Ordering::SeqCst);
        }
        seen
    }

    /// Wakes the refresher for a change another replica made.
    fn changed_elsewhere(&self) {
        self.inner.changes.fetch_add(1, Ordering::SeqCst);
        self.inner.remote.notify_one();
    }
}

/// What the periodic check compares: the newest entry, the entry count and
/// the current windows (a new UTC day or week starts an empty board).
pub type Signature = (Option<(i64, i64)>, [Option<DateTime<Utc>>; 3]);

async fn signature(db: &Database, now: DateTime<Utc>) -> Signature {
    let latest = leaderboard::latest_change(db.conn()).await.ok().flatten();
    (latest, Period::ALL.map(|period| period.start(now)))
}

async fn send_notify(db: &Database) {
    let pool = db.conn().get_postgres_connection_pool();
    let sent = sea_orm::sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind("changed")
        .execute(pool)
        .await;
    if let Err(error) = sent {
        tracing::warn!(%error, "could not notify other replicas; their periodic check will catch up");
    }
}

/// Listens for changes made on other replicas; reconnects by itself.
async fn listen(db: Database, live: LiveBoards) {
    loop {
        let pool = db.conn().get_postgres_connection_pool();
        let mut listener = match sea_orm::sqlx::postgres::PgListener::connect_with(pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "leaderboard listener cannot connect; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(CHANNEL).await {
            tracing::warn!(%error, "leaderboard listener cannot LISTEN; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        tracing::info!(channel = CHANNEL, "leaderboard listener connected");
        live.changed_elsewhere();

        loop {
            match listener.try_recv().await {
                Ok(Some(_)) => live.changed_elsewhere(),
                Ok(None) => {
                    tracing::warn!("leaderboard listener lost its connection; reconnecting");
                    live.changed_elsewhere();
                }
                Err(error) => {
                    tracing::warn!(%error, "leaderboard listener failed; reconnecting");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    break;
                }
            }
        }
    }
}
