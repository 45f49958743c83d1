//! Live leaderboards over WebSocket: the protocol's rules, updates on every
//! change and only then, and replicas that share nothing but Postgres.

use std::time::{Duration, Instant};

use futures::future::join_all;
use serde_json::{Value, json};
use tests::process::ServerProcess;
use tests::ws::{Received, WsClient};
use tests::{Backend, Gql, TestApp, both_databases, database};

const SUBMIT: &str =
    "mutation($input: SubmitScoreInput!) { submitScore(input: $input) { entry { id } rank } }";

async fn submit_new_score(app: &TestApp, name: &str) -> Value {
    let token = app.new_player().await;
    let (run_id, _) = app.play_finished_run(&token, 1).await;
    app.gql(
        SUBMIT,
        json!({ "input": { "runId": run_id, "displayName": name } }),
        Some(&token),
    )
    .await
}

async fn subscribed(app: &TestApp, protocols: &str) -> WsClient {
    let mut client = WsClient::connect(app.addr, protocols).await;
    client.init(json!({})).await;
    client.subscribe_board("board", "ALL_TIME", 10).await;
    client
}

both_databases!(
    async fn a_subscriber_gets_the_board_at_once_then_each_change_and_nothing_else(backend) {
        let app = TestApp::spawn(backend).await;
        let mut client = subscribed(&app, "graphql-transport-ws").await;

        let initial = client.next_board(Duration::from_secs(5)).await.expect("the current board at once");
        let submitted_at = Instant::now();
        submit_new_score(&app, "Grace").await;
        let updated = client.next_board(Duration::from_secs(2)).await.expect("a board after the submission");
        let latency = submitted_at.elapsed();
        let quiet = client.next_board(Duration::from_secs(4)).await;

        assert_eq!(initial["totalEntries"], 0);
        assert_eq!(updated["totalEntries"], 1);
        assert_eq!(updated["entries"][0]["displayName"], "Grace");
        assert!(latency < Duration::from_secs(2), "{latency:?}");
        assert_eq!(quiet, None, "no board is sent when nothing changed");
    }
);

both_databases!(
    async fn the_legacy_graphql_ws_protocol_is_served_too(backend) {
        let app = TestApp::spawn(backend).await;
        let mut client = subscribed(&app, "graphql-ws").await;

        let initial = client.next_board(Duration::from_secs(5)).await;
        submit_new_score(&app, "Legacy").await;
        let updated = client.next_board(Duration::from_secs(3)).await;

        assert_eq!(client.protocol, "graphql-ws");
        assert_eq!(initial.unwrap()["totalEntries"], 0);
        assert_eq!(updated.unwrap()["entries"][0]["displayName"], "Legacy");
    }
);

both_databases!(
    async fn the_reply_header_names_the_protocol_actually_spoken_in_either_order(backend) {
        let app = TestApp::spawn(backend).await;

        for (offer, expected) in [
            ("graphql-transport-ws, graphql-ws", "graphql-transport-ws"),
            ("graphql-ws, graphql-transport-ws", "graphql-ws"),
        ] {
            let mut client = subscribed(&app, offer).await;
            let board = client.next_board(Duration::from_secs(5)).await;
            assert_eq!(client.protocol, expected);
            assert!(board.is_some(), "{offer}: the protocol named is the one spoken");
        }
    }
);

both_databases!(
    async fn the_socket_rules_of_graphql_transport_ws_are_enforced(backend) {
        let app = TestApp::spawn(backend).await;
        let player = app.new_player().await;

        let mut early = WsClient::connect(app.addr, "graphql-transport-ws").await;
        early.subscribe_board("1", "ALL_TIME", 10).await;
        let mut twice = WsClient::connect(app.addr, "graphql-transport-ws").await;
        twice.init(json!({ "token": player })).await;
        twice.subscribe_board("same", "ALL_TIME", 10).await;
        twice.subscribe_board("same", "DAY", 10).await;
        let mut forbidden = WsClient::connect(app.addr, "graphql-transport-ws").await;
        forbidden
            .send(json!({ "type": "connection_init", "payload": { "token": uuid::Uuid::new_v4() } }))
            .await;
        let mut repeated = WsClient::connect(app.addr, "graphql-transport-ws").await;
        repeated.init(json!({})).await;
        repeated.send(json!({ "type": "connection_init" })).await;
        let mut silent = WsClient::connect(app.addr, "graphql-transport-ws").await;

        let closed = |received: Received| match received {
            Received::Closed(code) => code,
            other => panic!("expected a close, got {other:?}"),
        };
        let until_close = |mut client: WsClient| async move {
            loop {
                match client.receive(Duration::from_secs(12)).await {
                    Received::Message(_) => continue,
                    other => return other,
                }
            }
        };
        assert_eq!(closed(early.receive(Duration::from_secs(5)).await), 4401);
        assert_eq!(closed(until_close(twice).await), 4409);
        assert_eq!(closed(forbidden.receive(Duration::from_secs(5)).await), 4403);
        assert_eq!(closed(until_close(repeated).await), 4429);
        let started = Instant::now();
        assert_eq!(closed(silent.receive(Duration::from_secs(12)).await), 4408);
        assert!(started.elapsed() > Duration::from_secs(5), "the init timeout is 10 s");
    }
);

both_databases!(
    async fn subscriptions_per_socket_are_capped(backend) {
        let app = TestApp::spawn(backend).await;
        let mut client = WsClient::connect(app.addr, "graphql-transport-ws").await;
        client.init(json!({})).await;

        for id in 0..17 {
            client.subscribe_board(&id.to_string(), "ALL_TIME", 10).await;
        }

        let mut refused = None;
        for _ in 0..40 {
            match client.receive(Duration::from_secs(3)).await {
                Received::Message(message) if message["type"] == "error" => {
                    refused = Some(message);
                    break;
                }
                Received::Message(_) => continue,
                other => panic!("unexpected {other:?}"),
            }
        }
        let refused = refused.expect("the 17th subscription is refused");
        assert_eq!(refused["id"], "16");
        assert_eq!(refused["payload"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS");
    }
);

both_databases!(
    async fn after_a_hundred_concurrent_submissions_every_subscriber_shows_the_queried_board(backend) {
        let app = TestApp::spawn(backend).await;
        let mut players = Vec::new();
        for _ in 0..100 {
            let token = app.new_player().await;
            let (run_id, _) = app.play_finished_run(&token, 1).await;
            players.push((token, run_id));
        }
        let mut clients = Vec::new();
        for _ in 0..3 {
            let mut client = subscribed(&app, "graphql-transport-ws").await;
            client.next_board(Duration::from_secs(5)).await.expect("the initial board");
            clients.push(client);
        }

        let submitted = join_all(players.iter().enumerate().map(|(index, (token, run_id))| {
            app.gql(SUBMIT, json!({ "input": { "runId": run_id, "displayName": format!("Learner {index}") } }), Some(token))
        }))
        .await;
        for body in &submitted {
            assert!(body["errors"].is_null(), "{body}");
        }

        let queried = app
            .gql("{ leaderboard(first: 10) { totalEntries entries { id rank displayName score maxScore accuracy } } }", json!({}), None)
            .await["data"]["leaderboard"]
            .clone();
        assert_eq!(queried["totalEntries"], 100);
        for client in &mut clients {
            let mut last = None;
            while let Some(board) = client.next_board(Duration::from_secs(5)).await {
                let done = board["totalEntries"] == 100;
                last = Some(board);
                if done {
                    break;
                }
            }
            let last = last.expect("boards arrived");
            assert_eq!(last["totalEntries"], queried["totalEntries"]);
            assert_eq!(last["entries"], queried["entries"]);
        }
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_on_one_replica_reaches_subscribers_of_another_within_a_second() {
    let url = database::fresh(Backend::Postgres).await;
    let replica_a = ServerProcess::start(&url);
    let replica_b = TestApp::spawn_on(url.clone(), |_| {}).await;
    let mut client = WsClient::connect(replica_a.addr, "graphql-transport-ws").await;
    client.init(json!({})).await;
    client.subscribe_board("board", "ALL_TIME", 10).await;
    client
        .next_board(Duration::from_secs(5))
        .await
        .expect("the initial board");
    let token = replica_b.new_player().await;
    let (run_id, _) = replica_b.play_finished_run(&token, 1).await;

    let submitted = Instant::now();
    replica_b
        .gql(
            SUBMIT,
            json!({ "input": { "runId": run_id, "displayName": "Across" } }),
            Some(&token),
        )
        .await;
    let board = client.next_board(Duration::from_secs(1)).await;
    let latency = submitted.elapsed();

    let board = board.expect("the board crossed replicas within a second");
    assert_eq!(board["entries"][0]["displayName"], "Across");
    println!("cross-replica latency: {latency:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_get_updates_again_after_the_listener_connection_is_killed() {
    let url = database::fresh(Backend::Postgres).await;
    let replica_a = TestApp::spawn_on(url.clone(), |_| {}).await;
    let replica_b = TestApp::spawn_on(url.clone(), |_| {}).await;
    let mut client = subscribed(&replica_a, "graphql-transport-ws").await;
    client
        .next_board(Duration::from_secs(5))
        .await
        .expect("the initial board");
    let name = url.rsplit('/').next().unwrap().to_owned();
    let admin = sea_orm::Database::connect(&database::postgres_admin_url())
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;

    let killed = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = '{name}' AND query ILIKE 'LISTEN%'"
            ),
        ))
        .await
        .unwrap();
    assert_eq!(killed.len(), 2, "each replica had one listener");
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let token = replica_b.new_player().await;
    let (run_id, _) = replica_b.play_finished_run(&token, 1).await;
    replica_b
        .gql(
            SUBMIT,
            json!({ "input": { "runId": run_id, "displayName": "After" } }),
            Some(&token),
        )
        .await;

    let board = client.next_board(Duration::from_secs(2)).await;

    assert_eq!(
        board.expect("updates flow again")["entries"][0]["displayName"],
        "After"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_sockets_with_1001_and_the_process_exits() {
    let url = database::fresh(Backend::Sqlite).await;
    let mut server = ServerProcess::start(&url);
    let mut client = WsClient::connect(server.addr, "graphql-transport-ws").await;
    client.init(json!({})).await;
    client.subscribe_board("board", "ALL_TIME", 10).await;
    client
        .next_board(Duration::from_secs(5))
        .await
        .expect("the initial board");

    server.terminate();
    let closed = client.receive(Duration::from_secs(5)).await;
    let started = Instant::now();
    let mut exited = None;
    while started.elapsed() < Duration::from_secs(10) {
        if let Some(status) = server.child.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    assert_eq!(closed, Received::Closed(1001));
    assert!(
        exited
            .expect("the process exits within its drain timeout")
            .success()
    );
}

both_databases!(
    async fn a_new_utc_day_or_week_starts_an_empty_board_for_subscribers(backend) {
        let app = TestApp::spawn(backend).await;
        let mut day = WsClient::connect(app.addr, "graphql-transport-ws").await;
        day.init(json!({})).await;
        day.subscribe_board("day", "DAY", 10).await;
        day.next_board(Duration::from_secs(5)).await.expect("the initial board");
        let mut week = WsClient::connect(app.addr, "graphql-transport-ws").await;
        week.init(json!({})).await;
        week.subscribe_board("week", "WEEK", 10).await;
        week.next_board(Duration::from_secs(5)).await.expect("the initial board");
        submit_new_score(&app, "Today").await;
        assert_eq!(day.next_board(Duration::from_secs(2)).await.unwrap()["totalEntries"], 1);
        assert_eq!(week.next_board(Duration::from_secs(2)).await.unwrap()["totalEntries"], 1);

        app.state.live.advance_clock(chrono::Duration::days(8));

        let day_after = day.next_board(Duration::from_secs(5)).await;
        let week_after = week.next_board(Duration::from_secs(5)).await;
        assert_eq!(day_after.expect("a fresh day board")["totalEntries"], 0);
        assert_eq!(week_after.expect("a fresh week board")["totalEntries"], 0);
    }
);

/// Stores a finished run and its leaderboard entry directly, for tests that
/// need many board changes quickly; returns nothing the API would not show.
async fn store_entry(
    db: &sea_orm::DatabaseConnection,
    player_id: uuid::Uuid,
    score: i32,
    name: &str,
) {
    use sea_orm::{ActiveModelTrait, Set};
    let run_id = uuid::Uuid::new_v4();
    entity::run::ActiveModel {
        id: Set(run_id),
        player_id: Set(player_id),
        kind: Set("clinic".to_owned()),
        status: Set("finished".to_owned()),
        plan: Set(json!({ "scenarios": [] })),
        score: Set(score),
        max_score: Set(100_000),
        started_at: Set(chrono::Utc::now()),
        finished_at: Set(Some(chrono::Utc::now())),
    }
    .insert(db)
    .await
    .unwrap();
    entity::leaderboard_entry::ActiveModel {
        run_id: Set(run_id),
        player_id: Set(player_id),
        display_name: Set(name.to_owned()),
        score: Set(score),
        max_score: Set(100_000),
        submitted_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

both_databases!(
    async fn a_stalled_subscriber_holds_up_no_submission_and_no_other_subscriber(backend) {
        // Arrange: a board of 100 long names, a socket that will stop reading
        // with 16 subscriptions to it, and a subscriber that keeps up.
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let viewer = app.gql("{ viewer { id } }", json!({}), Some(&token)).await;
        let player_id = uuid::Uuid::parse_str(viewer["data"]["viewer"]["id"].as_str().unwrap()).unwrap();
        let db = sea_orm::Database::connect(&app.database_url).await.unwrap();
        for index in 0..100 {
            store_entry(&db, player_id, index, &format!("Padding name number {index:04}")).await;
        }
        app.state.live.changed();
        let mut stalled = WsClient::connect_with_small_buffer(app.addr, "graphql-transport-ws").await;
        stalled.init(json!({})).await;
        for id in 0..16 {
            stalled.subscribe_board(&id.to_string(), "ALL_TIME", 100).await;
        }
        let mut lively = subscribed(&app, "graphql-transport-ws").await;
        lively.next_board(Duration::from_secs(5)).await.expect("the initial board");

        // Act: 60 board changes that the stalled socket never reads, then a
        // real submission through the API.
        const CHANGES: i32 = 60;
        for change in 0..CHANGES {
            store_entry(&db, player_id, 1_000 + change, &format!("Climber number {change:04}")).await;
            app.state.live.changed();
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        let (run_id, _) = app.play_finished_run(&token, 1).await;
        let submitted = tokio::time::timeout(
            Duration::from_secs(10),
            app.gql(SUBMIT, json!({ "input": { "runId": run_id, "displayName": "Last One" } }), Some(&token)),
        )
        .await
        .expect("a submission is never held up by a stalled subscriber");

        // Assert
        assert!(submitted["errors"].is_null(), "{submitted}");
        let mut latest = None;
        while let Some(board) = lively.next_board(Duration::from_secs(3)).await {
            latest = Some(board);
        }
        assert_eq!(latest.expect("boards arrived")["totalEntries"], 100 + CHANGES + 1);
        let mut per_subscription = std::collections::HashMap::<String, usize>::new();
        loop {
            match stalled.receive(Duration::from_secs(3)).await {
                tests::ws::Received::Message(message) if message["type"] == "next" => {
                    *per_subscription.entry(message["id"].as_str().unwrap().to_owned()).or_default() += 1;
                }
                tests::ws::Received::Message(_) => continue,
                _ => break,
            }
        }
        let most = per_subscription.values().copied().max().unwrap_or(0);
        println!("the stalled socket received at most {most} of {} boards per subscription", CHANGES + 2);
        assert!(
            (most as i32) < CHANGES,
            "boards it could not take were dropped, not queued without end: {per_subscription:?}"
        );
    }
);
