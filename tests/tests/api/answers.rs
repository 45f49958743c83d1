//! Natural idempotency of submitAnswer, enforced by the unique constraint on
//! (run, scenario), and the refusals around answers.

use futures::future::join_all;
use serde_json::json;
use tests::graphql::OpenRun;
use tests::{Gql, TestApp, both_databases, error_code};

both_databases!(
    async fn the_same_answer_again_returns_the_stored_feedback_and_adds_no_points(backend) {
        let app = TestApp::spawn(backend).await;
        let OpenRun { token, run_id, scenario, choices, .. } = app.open_run(3).await;
        let (run_id, scenario, choice) = (&run_id, &scenario, &choices[0]);

        let first = app.answer(&token, run_id, scenario, choice).await;
        let second = app.answer(&token, run_id, scenario, choice).await;

        let feedback = |body: &serde_json::Value| body["data"]["submitAnswer"]["feedback"].clone();
        assert_eq!(feedback(&first), feedback(&second));
        let score = first["data"]["submitAnswer"]["run"]["score"].as_i64().unwrap();
        assert_eq!(second["data"]["submitAnswer"]["run"]["score"].as_i64().unwrap(), score);
        assert_eq!(
            second["data"]["submitAnswer"]["run"]["answers"].as_array().unwrap().len(),
            1
        );
    }
);

both_databases!(
    async fn another_choice_for_an_answered_scenario_is_refused(backend) {
        let app = TestApp::spawn(backend).await;
        let OpenRun { token, run_id, scenario, choices, .. } = app.open_run(3).await;

        app.answer(&token, &run_id, &scenario, &choices[0]).await;
        let refused = app.answer(&token, &run_id, &scenario, &choices[1]).await;

        assert_eq!(error_code(&refused).as_deref(), Some("ALREADY_ANSWERED"));
        let body = app
            .gql(
                "query($id: ID!) { run(id: $id) { score answers { choiceId } } }",
                json!({ "id": run_id }),
                Some(&token),
            )
            .await;
        let answers = body["data"]["run"]["answers"].as_array().unwrap();
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0]["choiceId"], choices[0].as_str());
    }
);

both_databases!(
    async fn twenty_concurrent_identical_answers_store_exactly_one(backend) {
        let app = TestApp::spawn(backend).await;
        let OpenRun { token, run_id, scenario, choices, .. } = app.open_run(3).await;
        let (run_id, scenario, choice) = (run_id.as_str(), scenario.as_str(), choices[0].as_str());

        let bodies = join_all((0..20).map(|_| app.answer(&token, run_id, scenario, choice))).await;

        for body in &bodies {
            assert!(body["errors"].is_null(), "every identical answer succeeds: {body}");
        }
        let points: Vec<i64> = bodies
            .iter()
            .map(|b| b["data"]["submitAnswer"]["feedback"]["points"].as_i64().unwrap())
            .collect();
        assert!(points.windows(2).all(|w| w[0] == w[1]));
        let body = app
            .gql(
                "query($id: ID!) { run(id: $id) { score answers { scenarioId } } }",
                json!({ "id": run_id }),
                Some(&token),
            )
            .await;
        assert_eq!(body["data"]["run"]["answers"].as_array().unwrap().len(), 1);
        assert_eq!(body["data"]["run"]["score"].as_i64().unwrap(), points[0]);
    }
);

both_databases!(
    async fn answers_to_a_finished_run_a_foreign_scenario_or_an_unknown_choice_are_refused(backend) {
        let app = TestApp::spawn(backend).await;
        let OpenRun { token, run, run_id, scenario, choices } = app.open_run(2).await;
        let (run_id, scenario, choice) = (run_id.as_str(), scenario.as_str(), choices[0].as_str());

        let unknown_choice = app.answer(&token, run_id, scenario, "z").await;
        let other = app
            .gql("{ scenarios(first: 100) { nodes { id } } }", json!({}), None)
            .await;
        let in_run: Vec<&str> = run["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        let foreign = other["data"]["scenarios"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .find(|id| !in_run.contains(id))
            .unwrap();
        let not_in_run = app.answer(&token, run_id, foreign, "a").await;
        app.finish(&token, run_id).await;
        let after_finish = app.answer(&token, run_id, scenario, choice).await;

        assert_eq!(error_code(&unknown_choice).as_deref(), Some("UNKNOWN_CHOICE"));
        assert_eq!(error_code(&not_in_run).as_deref(), Some("SCENARIO_NOT_IN_RUN"));
        assert_eq!(error_code(&after_finish).as_deref(), Some("RUN_FINISHED"));
        let body = app
            .gql(
                "query($id: ID!) { run(id: $id) { score answers { scenarioId } } }",
                json!({ "id": run_id }),
                Some(&token),
            )
            .await;
        assert_eq!(body["data"]["run"]["answers"].as_array().unwrap().len(), 0);
        assert_eq!(body["data"]["run"]["score"], 0);
    }
);
