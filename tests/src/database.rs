//! Fresh databases for tests: an SQLite file in a temporary folder, or a new
//! database on the Postgres server.

use sea_orm::{ConnectionTrait, Database};
use uuid::Uuid;

/// Which database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the Postgres server.
    Postgres,
}

/// The Postgres server's maintenance database URL.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres"))
        .or_else(|| {
            std::env::var("DATABASE_URL")
                .ok()
                .filter(|url| url.starts_with("postgres"))
        })
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// Replaces the database name of a Postgres URL.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[authority_end..]
        .find('/')
        .map(|i| i + authority_end)
        .unwrap_or(base.len());
    let mut rebuilt = format!("{}/{}", &base[..path_start], name);
    if let Some(query) = query {
        rebuilt.push('?');
        rebuilt.push_str(query);
    }
    rebuilt
}

/// A URL of a fresh, empty database of the given backend.
pub async fn fresh(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => {
            let folder = std::env::temp_dir().join(format!("retry-clinic-{}", Uuid::new_v4()));
            std::fs::create_dir_all(&folder).expect("a temporary folder");
            format!("sqlite://{}?mode=rwc", folder.join("test.db").display())
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let admin = Database::connect(&admin_url).await.unwrap_or_else(|error| {
                panic!(
                    "Postgres is required for these tests and is unreachable at {admin_url}: \
                     {error}. Start it, or point TEST_DATABASE_URL at one."
                )
            });
            let name = format!("rc_test_{}", Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("CREATE DATABASE");
            admin.close().await.ok();
            with_database(&admin_url, &name)
        }
    }
}
