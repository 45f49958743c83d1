//! Error codes and token rules: every refusal carries a stable code and
//! changes nothing.

use serde_json::json;
use tests::{Gql, TestApp, both_databases, error_code};

both_databases!(
    async fn mutations_without_a_valid_token_are_unauthenticated(backend) {
        let app = TestApp::spawn(backend).await;

        let missing = app.gql("mutation { startRun { run { id } } }", json!({}), None).await;
        let unknown = app
            .gql(
                "mutation { startRun { run { id } } }",
                json!({}),
                Some(&uuid::Uuid::new_v4().to_string()),
            )
            .await;
        let malformed = app
            .gql("mutation { startRun { run { id } } }", json!({}), Some("not-a-token"))
            .await;
        let viewer = app.gql("{ viewer { id } }", json!({}), None).await;

        for body in [&missing, &unknown, &malformed, &viewer] {
            assert_eq!(error_code(body).as_deref(), Some("UNAUTHENTICATED"), "{body}");
        }
    }
);

both_databases!(
    async fn a_token_is_a_v4_uuid_that_identifies_its_player(backend) {
        let app = TestApp::spawn(backend).await;

        let body = app
            .gql("mutation { createPlayer { token player { id } } }", json!({}), None)
            .await;
        let token = body["data"]["createPlayer"]["token"].as_str().unwrap();
        let player = body["data"]["createPlayer"]["player"]["id"].as_str().unwrap();
        let viewer = app.gql("{ viewer { id } }", json!({}), Some(token)).await;

        let parsed = uuid::Uuid::parse_str(token).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(viewer["data"]["viewer"]["id"].as_str().unwrap(), player);
    }
);

both_databases!(
    async fn another_players_run_is_not_found_rather_than_forbidden(backend) {
        let app = TestApp::spawn(backend).await;
        let owner = app.new_player().await;
        let stranger = app.new_player().await;
        let run = app.start_run(&owner, 2).await;
        let run_id = run["id"].as_str().unwrap();
        let scenario = run["scenarios"][0]["id"].as_str().unwrap();

        let read = app
            .gql("query($id: ID!) { run(id: $id) { id } }", json!({ "id": run_id }), Some(&stranger))
            .await;
        let answer = app.answer(&stranger, run_id, scenario, "a").await;
        let finish = app.finish(&stranger, run_id).await;
        let missing = app
            .gql(
                "query($id: ID!) { run(id: $id) { id } }",
                json!({ "id": uuid::Uuid::new_v4() }),
                Some(&owner),
            )
            .await;

        for body in [&read, &answer, &finish, &missing] {
            assert_eq!(error_code(body).as_deref(), Some("NOT_FOUND"), "{body}");
        }
        let own = app
            .gql("query($id: ID!) { run(id: $id) { status answers { scenarioId } } }", json!({ "id": run_id }), Some(&owner))
            .await;
        assert_eq!(own["data"]["run"]["status"], "IN_PROGRESS");
        assert_eq!(own["data"]["run"]["answers"].as_array().unwrap().len(), 0);
    }
);

both_databases!(
    async fn out_of_bounds_input_is_bad_user_input(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;

        let cases = [
            ("{ scenarios(first: 0) { totalCount } }", json!({})),
            ("{ scenarios(first: 101) { totalCount } }", json!({})),
            ("{ scenarios(difficulty: 4) { totalCount } }", json!({})),
            ("{ scenarios(after: \"not a cursor\") { totalCount } }", json!({})),
            ("{ leaderboard(first: 0) { totalEntries } }", json!({})),
            ("{ leaderboard(first: 101) { totalEntries } }", json!({})),
            ("mutation { startRun(input: { size: 0 }) { run { id } } }", json!({})),
            ("mutation { startRun(input: { size: 21 }) { run { id } } }", json!({})),
            ("mutation { startRun(input: { scenarioIds: [] }) { run { id } } }", json!({})),
            ("mutation { startRun(input: { scenarioIds: [\"no-such-scenario\"] }) { run { id } } }", json!({})),
            ("query($id: ID!) { run(id: $id) { id } }", json!({ "id": "not-a-uuid" })),
            (
                "mutation($k: String) { startRun(input: { idempotencyKey: $k }) { run { id } } }",
                json!({ "k": "x".repeat(256) }),
            ),
            (
                "mutation($k: String) { startRun(input: { idempotencyKey: $k }) { run { id } } }",
                json!({ "k": "tab\there" }),
            ),
        ];

        for (query, variables) in cases {
            let body = app.gql(query, variables, Some(&token)).await;
            assert_eq!(error_code(&body).as_deref(), Some("BAD_USER_INPUT"), "{query}: {body}");
            assert!(!body["errors"][0]["message"].as_str().unwrap().is_empty());
        }
        let runs = app
            .gql("{ viewer { runs { totalCount } } }", json!({}), Some(&token))
            .await;
        assert_eq!(runs["data"]["viewer"]["runs"]["totalCount"], 0, "nothing was created");
    }
);

both_databases!(
    async fn an_internal_failure_is_generic_and_carries_the_request_id(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;

        let response = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("x-test-fault", "before-commit")
            .bearer_auth(&token)
            .json(&json!({ "query": "mutation { startRun { run { id } } }" }))
            .send()
            .await
            .unwrap();
        let request_id = response
            .headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let body: serde_json::Value = response.json().await.unwrap();

        assert_eq!(error_code(&body).as_deref(), Some("INTERNAL"));
        assert_eq!(body["errors"][0]["extensions"]["requestId"], request_id.as_str());
        let text = body.to_string().to_lowercase();
        for leak in ["select", "insert", "sqlx", "sqlite", "postgres", "panicked", ".rs:"] {
            assert!(!text.contains(leak), "the error leaks `{leak}`: {body}");
        }
    }
);
