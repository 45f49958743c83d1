//! How the live leaderboard's cost grows: with changes, not with subscribers.
//!
//! For 0, 100 and 500 idle WebSocket subscribers on one server (SQLite), it
//! submits the same number of scores and prints the submission throughput and
//! the time until every subscriber holds the final board, with ratios against
//! the run without subscribers in this same process. Run it with
//! `cargo bench -p tests --bench leaderboard_fanout`; the figures vary with
//! the machine, the ratios much less.

use std::time::{Duration, Instant};

use futures::future::join_all;
use serde_json::json;
use tests::ws::WsClient;
use tests::{Backend, Gql, TestApp};

const SUBMISSIONS: usize = 100;
const CONCURRENCY: usize = 10;
const SUBMIT: &str = "mutation($input: SubmitScoreInput!) { submitScore(input: $input) { rank } }";

struct Figures {
    subscribers: usize,
    submit_per_second: f64,
    fan_out: Duration,
    board_reads: u64,
}

async fn measure(subscribers: usize) -> Figures {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let mut runs = Vec::with_capacity(SUBMISSIONS);
    for _ in 0..SUBMISSIONS {
        let token = app.new_player().await;
        let (run_id, _) = app.play_finished_run(&token, 1).await;
        runs.push((token, run_id));
    }
    let mut clients = Vec::with_capacity(subscribers);
    for _ in 0..subscribers {
        let mut client = WsClient::connect(app.addr, "graphql-transport-ws").await;
        client.init(json!({})).await;
        client.subscribe_board("board", "ALL_TIME", 10).await;
        client
            .next_board(Duration::from_secs(10))
            .await
            .expect("the initial board");
        clients.push(client);
    }

    let reads_before = app.state.live.refreshes();
    let started = Instant::now();
    for chunk in runs.chunks(CONCURRENCY) {
        join_all(chunk.iter().enumerate().map(|(index, (token, run_id))| {
            app.gql(
                SUBMIT,
                json!({ "input": { "runId": run_id, "displayName": format!("Bench {index}") } }),
                Some(token),
            )
        }))
        .await;
    }
    let submitted = started.elapsed();

    join_all(clients.iter_mut().map(|client| async move {
        while let Some(board) = client.next_board(Duration::from_secs(10)).await {
            if board["totalEntries"] == SUBMISSIONS {
                return;
            }
        }
        panic!("a subscriber never saw the final board");
    }))
    .await;
    let fan_out = started.elapsed();
    let board_reads = app.state.live.refreshes() - reads_before;

    app.stop().await;
    Figures {
        subscribers,
        submit_per_second: SUBMISSIONS as f64 / submitted.as_secs_f64(),
        fan_out,
        board_reads,
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut results = Vec::new();
    for subscribers in [0, 100, 500] {
        results.push(measure(subscribers).await);
    }

    let baseline = &results[0];
    println!("{SUBMISSIONS} submissions, {CONCURRENCY} at a time, SQLite");
    println!("subscribers  submissions/s  vs none  all boards final after  board reads");
    for figures in &results {
        println!(
            "{:>11}  {:>13.0}  {:>7.2}  {:>22.0?}  {:>11}",
            figures.subscribers,
            figures.submit_per_second,
            figures.submit_per_second / baseline.submit_per_second,
            figures.fan_out,
            figures.board_reads,
        );
    }
}
