//! Idempotency keys: the API practises what the game teaches.

use std::time::Duration;

use futures::future::join_all;
use serde_json::{Value, json};
use tests::{Gql, TestApp, both_databases, error_code};

const START: &str = "mutation($size: Int, $key: String) {
    startRun(input: { size: $size, idempotencyKey: $key }) {
        run { id startedAt scenarios { id choices { id } } } replayed } }";

async fn start(app: &TestApp, token: &str, size: i64, key: &str) -> Value {
    app.gql(START, json!({ "size": size, "key": key }), Some(token))
        .await
}

async fn run_count(app: &TestApp, token: &str) -> i64 {
    let body = app
        .gql("{ viewer { runs { totalCount } } }", json!({}), Some(token))
        .await;
    body["data"]["viewer"]["runs"]["totalCount"]
        .as_i64()
        .unwrap()
}

both_databases!(
    async fn fifty_concurrent_start_runs_with_one_key_create_exactly_one_run(backend) {
        // Arrange
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        // Act
        let bodies = join_all((0..50).map(|_| start(&app, &token, 8, &key))).await;

        // Assert
        let mut run_ids = std::collections::HashSet::new();
        let mut in_progress = 0;
        for body in &bodies {
            match error_code(body).as_deref() {
                None => {
                    run_ids.insert(body["data"]["startRun"]["run"]["id"].as_str().unwrap().to_owned());
                }
                Some("IDEMPOTENCY_IN_PROGRESS") => {
                    in_progress += 1;
                    assert_eq!(body["errors"][0]["extensions"]["retryable"], true);
                    assert!(body["errors"][0]["extensions"]["retryAfterSeconds"].as_u64().is_some());
                }
                Some(other) => panic!("unexpected {other}: {body}"),
            }
        }
        assert_eq!(run_ids.len(), 1, "every success is the same run");
        assert_eq!(run_count(&app, &token).await, 1);

        let retries = join_all((0..in_progress).map(|_| start(&app, &token, 8, &key))).await;
        for body in retries {
            assert_eq!(body["data"]["startRun"]["replayed"], true, "{body}");
            assert!(run_ids.contains(body["data"]["startRun"]["run"]["id"].as_str().unwrap()));
        }
        assert_eq!(run_count(&app, &token).await, 1);
    }
);

both_databases!(
    async fn a_retry_replays_the_stored_result_identically(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        let first = start(&app, &token, 4, &key).await;
        let second = start(&app, &token, 4, &key).await;

        assert_eq!(first["data"]["startRun"]["replayed"], false);
        assert_eq!(second["data"]["startRun"]["replayed"], true);
        assert_eq!(first["data"]["startRun"]["run"], second["data"]["startRun"]["run"]);
        assert_eq!(run_count(&app, &token).await, 1);
    }
);

both_databases!(
    async fn the_same_key_with_another_input_is_refused_and_changes_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        start(&app, &token, 4, &key).await;
        let reused = start(&app, &token, 5, &key).await;

        assert_eq!(error_code(&reused).as_deref(), Some("IDEMPOTENCY_KEY_REUSED"));
        assert_eq!(reused["errors"][0]["extensions"]["retryable"], false);
        assert_eq!(run_count(&app, &token).await, 1);
    }
);

both_databases!(
    async fn the_fingerprint_ignores_field_order_and_defaults(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        let implicit = app
            .gql(
                "mutation($key: String) { startRun(input: { idempotencyKey: $key }) { run { id } replayed } }",
                json!({ "key": key }),
                Some(&token),
            )
            .await;
        let explicit = app
            .gql(
                "mutation($key: String) { startRun(input: {   idempotencyKey: $key, size: 8 }) { run { id } replayed } }",
                json!({ "key": key }),
                Some(&token),
            )
            .await;

        assert_eq!(explicit["data"]["startRun"]["replayed"], true, "{explicit}");
        assert_eq!(implicit["data"]["startRun"]["run"]["id"], explicit["data"]["startRun"]["run"]["id"]);
    }
);

both_databases!(
    async fn one_key_used_by_two_players_gives_two_independent_runs(backend) {
        let app = TestApp::spawn(backend).await;
        let alice = app.new_player().await;
        let bob = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        let hers = start(&app, &alice, 4, &key).await;
        let his = start(&app, &bob, 4, &key).await;

        assert_eq!(his["data"]["startRun"]["replayed"], false);
        assert_ne!(hers["data"]["startRun"]["run"]["id"], his["data"]["startRun"]["run"]["id"]);
        assert_eq!(run_count(&app, &alice).await, 1);
        assert_eq!(run_count(&app, &bob).await, 1);
    }
);

both_databases!(
    async fn a_failure_before_commit_leaves_neither_effect_nor_key(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        let failed: Value = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("x-test-fault", "before-commit")
            .bearer_auth(&token)
            .json(&json!({ "query": START, "variables": { "size": 4, "key": key } }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .expect("a JSON body");
        assert_eq!(error_code(&failed).as_deref(), Some("INTERNAL"));
        assert_eq!(run_count(&app, &token).await, 0, "no effect without its stored result");

        let retry = start(&app, &token, 4, &key).await;
        let again = start(&app, &token, 4, &key).await;

        assert_eq!(retry["data"]["startRun"]["replayed"], false, "the key was released: {retry}");
        assert_eq!(again["data"]["startRun"]["replayed"], true);
        assert_eq!(run_count(&app, &token).await, 1);
    }
);

both_databases!(
    async fn validation_failures_are_not_stored_so_a_corrected_retry_runs(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();
        let run = app.start_run(&token, 2).await;
        let run_id = run["id"].as_str().unwrap();
        let scenario = run["scenarios"][0]["id"].as_str().unwrap();
        let query = "mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) { feedback { choiceId } replayed } }";

        let wrong = app
            .gql(query, json!({ "input": { "runId": run_id, "scenarioId": scenario, "choiceId": "zz", "idempotencyKey": key } }), Some(&token))
            .await;
        let corrected = app
            .gql(query, json!({ "input": { "runId": run_id, "scenarioId": scenario, "choiceId": "a", "idempotencyKey": key } }), Some(&token))
            .await;

        assert_eq!(error_code(&wrong).as_deref(), Some("UNKNOWN_CHOICE"));
        assert_eq!(corrected["data"]["submitAnswer"]["replayed"], false, "{corrected}");
    }
);

both_databases!(
    async fn lasting_refusals_are_stored_and_replayed(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let run = app.start_run(&token, 2).await;
        let run_id = run["id"].as_str().unwrap();
        let scenario = &run["scenarios"][0];
        let id = scenario["id"].as_str().unwrap();
        let first = scenario["choices"][0]["id"].as_str().unwrap();
        let other = scenario["choices"][1]["id"].as_str().unwrap();
        let key = uuid::Uuid::new_v4().to_string();
        let query = "mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) { replayed } }";
        app.answer(&token, run_id, id, first).await;

        let input = json!({ "input": { "runId": run_id, "scenarioId": id, "choiceId": other, "idempotencyKey": key } });
        let refused = app.gql(query, input.clone(), Some(&token)).await;
        let replayed = app.gql(query, input, Some(&token)).await;

        assert_eq!(error_code(&refused).as_deref(), Some("ALREADY_ANSWERED"));
        assert_eq!(error_code(&replayed).as_deref(), Some("ALREADY_ANSWERED"));
    }
);

both_databases!(
    async fn a_key_used_after_its_retention_is_a_new_request(backend) {
        let url = tests::database::fresh(backend).await;
        let app = TestApp::spawn_on(url, |config| config.idempotency_retention_secs = 1).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();

        let first = start(&app, &token, 3, &key).await;
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let after_expiry = start(&app, &token, 3, &key).await;

        assert_eq!(after_expiry["data"]["startRun"]["replayed"], false);
        assert_ne!(first["data"]["startRun"]["run"]["id"], after_expiry["data"]["startRun"]["run"]["id"]);
        assert_eq!(run_count(&app, &token).await, 2);
    }
);

both_databases!(
    async fn expired_keys_are_swept_in_the_background(backend) {
        let url = tests::database::fresh(backend).await;
        let app = TestApp::spawn_on(url.clone(), |config| {
            config.idempotency_retention_secs = 1;
            config.idempotency_sweep_secs = 1;
        })
        .await;
        let token = app.new_player().await;
        start(&app, &token, 3, "sweep-me").await;

        tokio::time::sleep(Duration::from_millis(3_000)).await;

        let db = sea_orm::Database::connect(&url).await.unwrap();
        use sea_orm::{EntityTrait, PaginatorTrait};
        let left = entity::idempotency_record::Entity::find().count(&db).await.unwrap();
        assert_eq!(left, 0);
    }
);

both_databases!(
    async fn a_stored_result_is_replayed_identically_after_a_restart(backend) {
        let url = tests::database::fresh(backend).await;
        let app = TestApp::spawn_on(url.clone(), |_| {}).await;
        let token = app.new_player().await;
        let key = uuid::Uuid::new_v4().to_string();
        let first = start(&app, &token, 5, &key).await;
        app.stop().await;

        let restarted = TestApp::spawn_on(url, |_| {}).await;
        let replay = start(&restarted, &token, 5, &key).await;

        assert_eq!(replay["data"]["startRun"]["replayed"], true);
        assert_eq!(first["data"]["startRun"]["run"], replay["data"]["startRun"]["run"]);
    }
);

both_databases!(
    async fn create_player_with_a_key_returns_the_same_player_and_token(backend) {
        let app = TestApp::spawn(backend).await;
        let key = uuid::Uuid::new_v4().to_string();
        let query = "mutation($key: String) { createPlayer(input: { idempotencyKey: $key }) { token player { id } replayed } }";

        let first = app.gql(query, json!({ "key": key }), None).await;
        let retry = app.gql(query, json!({ "key": key }), None).await;
        let other = app.gql(query, json!({ "key": "another-key" }), None).await;

        let token = first["data"]["createPlayer"]["token"].as_str().unwrap();
        assert_eq!(retry["data"]["createPlayer"]["replayed"], true);
        assert_eq!(retry["data"]["createPlayer"]["token"], token);
        assert_eq!(retry["data"]["createPlayer"]["player"], first["data"]["createPlayer"]["player"]);
        assert_ne!(other["data"]["createPlayer"]["token"], token);
        let viewer = app.gql("{ viewer { id } }", json!({}), Some(token)).await;
        assert_eq!(viewer["data"]["viewer"]["id"], first["data"]["createPlayer"]["player"]["id"]);
    }
);
