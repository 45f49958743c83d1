//! Start-up: migrations applied once by replicas starting together, and
//! readiness that follows the database.

use futures::future::join_all;
use tests::{Backend, TestApp, database};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_together_on_a_fresh_postgres_migrate_once() {
    let url = database::fresh(Backend::Postgres).await;

    let apps = join_all((0..4).map(|_| TestApp::spawn_on(url.clone(), |_| {}))).await;

    for app in &apps {
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200);
    }
    let db = sea_orm::Database::connect(&url).await.unwrap();
    use sea_orm::ConnectionTrait;
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT version FROM seaql_migrations",
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), 3, "each migration recorded once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_while_the_database_is_unreachable() {
    let url = database::fresh(Backend::Postgres).await;
    let app = TestApp::spawn_on(url.clone(), |_| {}).await;
    let name = url.rsplit('/').next().unwrap().to_owned();
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let admin = sea_orm::Database::connect(&database::postgres_admin_url())
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();

    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    let alive = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(alive.status(), 200);
}

#[tokio::test]
async fn the_default_sqlite_file_is_created_with_its_folder() {
    let folder = std::env::temp_dir().join(format!("rc-{}", uuid::Uuid::new_v4()));
    let url = format!("sqlite://{}/nested/db.sqlite?mode=rwc", folder.display());

    let app = TestApp::spawn_on(url, |_| {}).await;

    assert!(folder.join("nested/db.sqlite").exists());
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}
