//! A whole clinic round, from createPlayer to finishRun, and what the
//! player may read before answering.

use serde_json::json;
use tests::{Gql, TestApp, both_databases};

both_databases!(
    async fn a_whole_round_is_graded_and_finished_with_a_breakdown(backend) {
        // Arrange
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;

        // Act
        let run = app.start_run(&token, 8).await;
        let run_id = run["id"].as_str().unwrap().to_owned();
        let mut expected_score = 0;
        for scenario in run["scenarios"].as_array().unwrap() {
            let choice = scenario["choices"][1]["id"].as_str().unwrap();
            let body = app
                .answer(&token, &run_id, scenario["id"].as_str().unwrap(), choice)
                .await;
            let feedback = &body["data"]["submitAnswer"]["feedback"];
            let points = feedback["points"].as_i64().unwrap();
            let expected = match feedback["verdict"].as_str().unwrap() {
                "SAFE" => 100,
                "PARTIAL" => 50,
                "UNSAFE" => 10,
                other => panic!("unexpected verdict {other}"),
            };
            assert_eq!(points, expected);
            assert!(!feedback["explanation"].as_str().unwrap().is_empty());
            assert!(!feedback["saferPattern"].as_str().unwrap().is_empty());
            expected_score += points;
        }
        let finished = app.finish(&token, &run_id).await;

        // Assert
        let run = &finished["data"]["finishRun"]["run"];
        assert_eq!(run["status"], "FINISHED");
        assert_eq!(run["score"].as_i64().unwrap(), expected_score);
        assert_eq!(run["maxScore"], 800);
        assert!(run["finishedAt"].is_string());
        let breakdown = run["breakdown"].as_array().unwrap();
        assert_eq!(breakdown.len(), 3, "a round of 8 mixes the three families");
        let summed: i64 = breakdown.iter().map(|b| b["score"].as_i64().unwrap()).sum();
        assert_eq!(summed, expected_score);
        let total: i64 = breakdown.iter().map(|b| b["total"].as_i64().unwrap()).sum();
        assert_eq!(total, 8);
    }
);

both_databases!(
    async fn a_round_mixes_families_with_rising_difficulty_and_shuffled_choices(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;

        let mut orders = std::collections::HashSet::new();
        for _ in 0..6 {
            let run = app.start_run(&token, 8).await;
            let scenarios = run["scenarios"].as_array().unwrap();
            assert_eq!(scenarios.len(), 8);

            let difficulties: Vec<i64> = scenarios
                .iter()
                .map(|s| s["difficulty"].as_i64().unwrap())
                .collect();
            assert!(difficulties.windows(2).all(|w| w[0] <= w[1]), "{difficulties:?}");

            let families: std::collections::HashSet<&str> = scenarios
                .iter()
                .map(|s| s["concept"].as_str().unwrap())
                .collect();
            assert_eq!(families.len(), 3);

            let ids: std::collections::HashSet<&str> =
                scenarios.iter().map(|s| s["id"].as_str().unwrap()).collect();
            assert_eq!(ids.len(), 8, "no scenario twice in a round");

            for scenario in scenarios {
                let order: Vec<&str> = scenario["choices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap())
                    .collect();
                orders.insert(order.join(""));
            }
        }
        assert!(orders.len() > 4, "choice orders are shuffled per run: {orders:?}");
    }
);

both_databases!(
    async fn nothing_reveals_the_answer_key_before_an_answer(backend) {
        let app = TestApp::spawn(backend).await;

        let body = app
            .gql(
                "{ scenario: __type(name: \"Scenario\") { fields { name } }
                   choice: __type(name: \"Choice\") { fields { name } } }",
                json!({}),
                None,
            )
            .await;

        let names = |key: &str| -> Vec<String> {
            body["data"][key]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap().to_owned())
                .collect()
        };
        let scenario_fields = names("scenario");
        let choice_fields = names("choice");
        assert_eq!(
            scenario_fields,
            ["id", "title", "operation", "story", "concept", "tags", "difficulty", "choices"]
        );
        assert_eq!(choice_fields, ["id", "text"]);
        for secret in ["verdict", "points", "explanation", "saferPattern", "bestChoiceId"] {
            assert!(!scenario_fields.iter().any(|f| f == secret));
            assert!(!choice_fields.iter().any(|f| f == secret));
        }
    }
);

both_databases!(
    async fn scenarios_are_paginated_and_filtered(backend) {
        let app = TestApp::spawn(backend).await;
        let query = "query($after: String, $concept: Concept, $difficulty: Int) {
            scenarios(first: 10, after: $after, concept: $concept, difficulty: $difficulty) {
              totalCount pageInfo { hasNextPage endCursor } nodes { id concept difficulty } } }";

        let mut seen = Vec::new();
        let mut after = serde_json::Value::Null;
        loop {
            let body = app
                .gql(query, json!({ "after": after, "concept": "CONSISTENCY" }), None)
                .await;
            let page = &body["data"]["scenarios"];
            for node in page["nodes"].as_array().unwrap() {
                assert_eq!(node["concept"], "CONSISTENCY");
                seen.push(node["id"].as_str().unwrap().to_owned());
            }
            if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                assert_eq!(page["totalCount"].as_u64().unwrap() as usize, seen.len());
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert!(seen.len() >= 10);
        let unique: std::collections::HashSet<_> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "pages do not overlap");

        let body = app.gql(query, json!({ "difficulty": 3 }), None).await;
        for node in body["data"]["scenarios"]["nodes"].as_array().unwrap() {
            assert_eq!(node["difficulty"], 3);
        }
    }
);

both_databases!(
    async fn the_viewer_lists_its_runs_newest_first_and_run_reads_one(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let first = app.start_run(&token, 2).await;
        let second = app.start_run(&token, 3).await;

        let body = app
            .gql(
                "{ viewer { id runs(first: 10) { totalCount nodes { id } } } }",
                json!({}),
                Some(&token),
            )
            .await;
        let runs = &body["data"]["viewer"]["runs"];
        assert_eq!(runs["totalCount"], 2);
        assert_eq!(runs["nodes"][0]["id"], second["id"]);
        assert_eq!(runs["nodes"][1]["id"], first["id"]);

        let body = app
            .gql(
                "query($id: ID!) { run(id: $id) { id status scenarios { id } } }",
                json!({ "id": first["id"] }),
                Some(&token),
            )
            .await;
        assert_eq!(body["data"]["run"]["id"], first["id"]);
        assert_eq!(body["data"]["run"]["scenarios"].as_array().unwrap().len(), 2);
    }
);

both_databases!(
    async fn the_game_texts_are_all_served(backend) {
        let app = TestApp::spawn(backend).await;

        let body = app
            .gql(
                "{ game { title tagline conceptExplanation learningObjectives howToPlay scoring
                          commonMistakes concepts { concept name summary }
                          conceptNotes { title body } faq { question answer }
                          relatedReading { title url summary } scenarioCount } }",
                json!({}),
                None,
            )
            .await;

        let game = &body["data"]["game"];
        assert_eq!(game["title"], "Retry Clinic");
        assert!(game["conceptExplanation"].as_str().unwrap().len() > 50);
        assert!(game["learningObjectives"].as_array().unwrap().len() >= 4);
        assert!(game["howToPlay"].as_array().unwrap().len() >= 3);
        assert!(game["scoring"].as_array().unwrap().len() >= 3);
        assert!(game["commonMistakes"].as_array().unwrap().len() >= 4);
        assert_eq!(game["concepts"].as_array().unwrap().len(), 3);
        assert!(game["conceptNotes"].as_array().unwrap().len() >= 3);
        assert!(game["relatedReading"].as_array().unwrap().len() >= 4);
        assert!(game["scenarioCount"].as_i64().unwrap() >= 40);
        let questions: Vec<&str> = game["faq"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["question"].as_str().unwrap())
            .collect();
        assert!(questions.len() >= 6);
        assert!(questions.iter().any(|q| q.contains("POST")));
        assert!(questions.iter().any(|q| q.contains("PUT")));
    }
);
