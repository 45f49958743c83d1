//! What a leaderboard read costs next to the cheapest GraphQL request.
//!
//! Against one server per database, with 200 entries on the board, it runs
//! `{ __typename }` (the baseline: HTTP, the adapter and the schema, no
//! database) and the top-10 query, each for a few seconds at 32 requests in
//! flight, and prints requests per second with the ratio to the baseline of
//! the same run. `cargo bench -p tests --bench read_path`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::future::join_all;
use serde_json::json;
use tests::{Backend, Gql, TestApp};

const IN_FLIGHT: usize = 32;
const WINDOW: Duration = Duration::from_secs(4);
const BASELINE: &str = "{ __typename }";
const TOP_TEN: &str = "{ leaderboard(first: 10) { totalEntries entries { rank displayName score maxScore accuracy } } }";

async fn rate(app: &TestApp, query: &'static str) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + WINDOW;
    join_all((0..IN_FLIGHT).map(|_| {
        let done = done.clone();
        async move {
            while Instant::now() < deadline {
                let body = app.gql(query, json!({}), None).await;
                assert!(body["errors"].is_null(), "{body}");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }
    }))
    .await;
    done.load(Ordering::Relaxed) as f64 / WINDOW.as_secs_f64()
}

async fn measure(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for index in 0..200 {
        let token = app.new_player().await;
        let (run_id, _) = app.play_finished_run(&token, 1).await;
        app.gql(
            "mutation($input: SubmitScoreInput!) { submitScore(input: $input) { rank } }",
            json!({ "input": { "runId": run_id, "displayName": format!("Reader {index}") } }),
            Some(&token),
        )
        .await;
    }

    let baseline = rate(&app, BASELINE).await;
    let top_ten = rate(&app, TOP_TEN).await;
    println!(
        "{backend:?}: {{ __typename }} {baseline:.0} req/s; top 10 {top_ten:.0} req/s ({:.2} of the baseline)",
        top_ten / baseline
    );
    app.stop().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!("{IN_FLIGHT} requests in flight for {WINDOW:?} each, 200 entries on the board");
    measure(Backend::Sqlite).await;
    measure(Backend::Postgres).await;
}
