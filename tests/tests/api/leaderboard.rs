//! The leaderboard: server-scored submissions, forgery attempts refused,
//! name rules, ranking, periods and the index behind the top N.

use serde_json::{Value, json};
use tests::{Backend, Gql, TestApp, both_databases, error_code};

const SUBMIT: &str = "mutation($input: SubmitScoreInput!) {
    submitScore(input: $input) { entry { id rank displayName score maxScore accuracy submittedAt } rank replayed } }";

async fn submit(app: &TestApp, token: &str, run_id: &str, name: &str) -> Value {
    app.gql(
        SUBMIT,
        json!({ "input": { "runId": run_id, "displayName": name } }),
        Some(token),
    )
    .await
}

async fn board(app: &TestApp, period: &str, first: i64) -> Value {
    let body = app
        .gql(
            "query($period: LeaderboardPeriod!, $first: Int!) { leaderboard(period: $period, first: $first) {
                period totalEntries updatedAt entries { id rank displayName score maxScore accuracy } } }",
            json!({ "period": period, "first": first }),
            None,
        )
        .await;
    body["data"]["leaderboard"].clone()
}

both_databases!(
    async fn a_finished_run_is_submitted_with_its_server_graded_score(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let (run_id, score) = app.play_finished_run(&token, 4).await;

        let body = submit(&app, &token, &run_id, "  Ada  ").await;

        let payload = &body["data"]["submitScore"];
        assert_eq!(payload["entry"]["score"].as_i64().unwrap(), score);
        assert_eq!(payload["entry"]["maxScore"], 400);
        assert_eq!(payload["entry"]["displayName"], "Ada", "names are trimmed");
        assert_eq!(payload["rank"], 1);
        let accuracy = payload["entry"]["accuracy"].as_f64().unwrap();
        assert!((accuracy - score as f64 / 400.0).abs() < 0.001);
        let board = board(&app, "ALL_TIME", 10).await;
        assert_eq!(board["totalEntries"], 1);
        assert_eq!(board["entries"][0]["id"], payload["entry"]["id"]);
    }
);

both_databases!(
    async fn forged_and_repeated_submissions_are_refused_and_store_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        let owner = app.new_player().await;
        let thief = app.new_player().await;
        let (finished, _) = app.play_finished_run(&owner, 2).await;
        let unfinished = app.start_run(&owner, 2).await;
        let practice_ids: Vec<Value> = unfinished["scenarios"].as_array().unwrap().iter().map(|s| s["id"].clone()).collect();
        let practice = app
            .gql(
                "mutation($ids: [ID!]) { startRun(input: { scenarioIds: $ids }) { run { id kind } } }",
                json!({ "ids": practice_ids }),
                Some(&owner),
            )
            .await;
        let practice_id = practice["data"]["startRun"]["run"]["id"].as_str().unwrap().to_owned();
        assert_eq!(practice["data"]["startRun"]["run"]["kind"], "PRACTICE");
        app.finish(&owner, &practice_id).await;

        let stolen = submit(&app, &thief, &finished, "Thief").await;
        let early = submit(&app, &owner, unfinished["id"].as_str().unwrap(), "Early").await;
        let practiced = submit(&app, &owner, &practice_id, "Practice").await;
        let anonymous = app
            .gql(SUBMIT, json!({ "input": { "runId": finished, "displayName": "Nobody" } }), None)
            .await;

        assert_eq!(error_code(&stolen).as_deref(), Some("NOT_FOUND"));
        assert_eq!(error_code(&early).as_deref(), Some("RUN_NOT_FINISHED"));
        assert_eq!(error_code(&practiced).as_deref(), Some("NOT_SUBMITTABLE"));
        assert_eq!(error_code(&anonymous).as_deref(), Some("UNAUTHENTICATED"));
        assert_eq!(board(&app, "ALL_TIME", 10).await["totalEntries"], 0);

        let first = submit(&app, &owner, &finished, "Owner").await;
        let again = submit(&app, &owner, &finished, "Owner").await;
        let renamed = submit(&app, &owner, &finished, "Someone Else").await;

        assert_eq!(first["data"]["submitScore"]["entry"], again["data"]["submitScore"]["entry"]);
        assert_eq!(error_code(&renamed).as_deref(), Some("ALREADY_SUBMITTED"));
        let board = board(&app, "ALL_TIME", 10).await;
        assert_eq!(board["totalEntries"], 1);
        assert_eq!(board["entries"][0]["displayName"], "Owner");
    }
);

both_databases!(
    async fn thirty_bad_display_names_are_refused_with_a_reason(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let (run_id, _) = app.play_finished_run(&token, 1).await;

        let bad = [
            "".to_owned(),
            " ".to_owned(),
            "      ".to_owned(),
            "A".to_owned(),
            "x".repeat(25),
            "ab".repeat(13),
            "é".repeat(30),
            "line\nbreak".to_owned(),
            "tab\there".to_owned(),
            "bell\u{7}".to_owned(),
            "null\u{0}byte".to_owned(),
            "esc\u{1b}[31m".to_owned(),
            "zero\u{200B}width".to_owned(),
            "joiner\u{200D}name".to_owned(),
            "non\u{200C}joiner".to_owned(),
            "evil\u{202E}txt.exe".to_owned(),
            "ltr\u{202D}override".to_owned(),
            "isolate\u{2066}x".to_owned(),
            "bom\u{FEFF}name".to_owned(),
            "soft\u{AD}hyphen".to_owned(),
            "\u{3164}\u{3164}\u{3164}".to_owned(),
            "blank\u{2800}braille".to_owned(),
            "private\u{E000}use".to_owned(),
            "ideographic\u{3000}space".to_owned(),
            "!!!".to_owned(),
            "... ---".to_owned(),
            "🙂🙂".to_owned(),
            "fuck".to_owned(),
            "shithead".to_owned(),
            "b1tch".to_owned(),
            "a\u{2028}b".to_owned(),
            "x".repeat(600),
        ];
        assert!(bad.len() >= 30);

        for name in &bad {
            let body = submit(&app, &token, &run_id, name).await;
            assert_eq!(error_code(&body).as_deref(), Some("BAD_USER_INPUT"), "{name:?}: {body}");
            assert!(body["errors"][0]["message"].as_str().unwrap().contains("display name"));
        }
        assert_eq!(board(&app, "ALL_TIME", 10).await["totalEntries"], 0);

        let accepted = submit(&app, &token, &run_id, "Zoë the SRE").await;
        assert_eq!(accepted["data"]["submitScore"]["entry"]["displayName"], "Zoë the SRE");
    }
);

both_databases!(
    async fn names_are_normalised_to_nfc(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;
        let (run_id, _) = app.play_finished_run(&token, 1).await;

        let body = submit(&app, &token, &run_id, "Zoe\u{0308}").await;

        assert_eq!(body["data"]["submitScore"]["entry"]["displayName"], "Zo\u{00EB}");
    }
);

both_databases!(
    async fn ranking_is_by_score_then_earlier_submission_and_rank_is_given_beyond_the_top(backend) {
        let app = TestApp::spawn(backend).await;
        let mut submitted = Vec::new();
        for index in 0..12 {
            let token = app.new_player().await;
            let (run_id, score) = app.play_finished_run(&token, 2).await;
            let body = submit(&app, &token, &run_id, &format!("Player {index}")).await;
            submitted.push((score, index, body["data"]["submitScore"]["entry"]["id"].clone(), body["data"]["submitScore"]["rank"].as_i64().unwrap()));
        }

        let top = board(&app, "ALL_TIME", 10).await;
        let everyone = board(&app, "ALL_TIME", 100).await;

        assert_eq!(top["entries"].as_array().unwrap().len(), 10);
        assert_eq!(top["totalEntries"], 12);
        let mut expected = submitted.clone();
        expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let ids: Vec<Value> = everyone["entries"].as_array().unwrap().iter().map(|e| e["id"].clone()).collect();
        let expected_ids: Vec<Value> = expected.iter().map(|e| e.2.clone()).collect();
        assert_eq!(ids, expected_ids, "score descending, then the earlier submission");
        for (rank, entry) in everyone["entries"].as_array().unwrap().iter().enumerate() {
            assert_eq!(entry["rank"].as_i64().unwrap(), rank as i64 + 1);
        }
        let last = submitted.last().unwrap();
        let later_or_equal_ahead = submitted.iter().filter(|s| s.0 >= last.0).count() as i64;
        assert_eq!(last.3, later_or_equal_ahead, "the rank at submission counts everyone ahead");
    }
);

both_databases!(
    async fn day_and_week_boards_hold_only_their_utc_window(backend) {
        let app = TestApp::spawn(backend).await;
        let old = app.new_player().await;
        let (old_run, _) = app.play_finished_run(&old, 1).await;
        submit(&app, &old, &old_run, "Last Month").await;
        let db = sea_orm::Database::connect(&app.database_url).await.unwrap();
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        entity::leaderboard_entry::Entity::update_many()
            .col_expr(
                entity::leaderboard_entry::Column::SubmittedAt,
                Expr::value(chrono::Utc::now() - chrono::Duration::days(31)),
            )
            .filter(entity::leaderboard_entry::Column::RunId.eq(uuid::Uuid::parse_str(&old_run).unwrap()))
            .exec(&db)
            .await
            .unwrap();
        let fresh = app.new_player().await;
        let (fresh_run, _) = app.play_finished_run(&fresh, 1).await;
        submit(&app, &fresh, &fresh_run, "Today").await;

        let all = board(&app, "ALL_TIME", 10).await;
        let week = board(&app, "WEEK", 10).await;
        let day = board(&app, "DAY", 10).await;

        assert_eq!(all["totalEntries"], 2);
        assert_eq!(week["totalEntries"], 1);
        assert_eq!(day["totalEntries"], 1);
        assert_eq!(day["entries"][0]["displayName"], "Today");
        assert_eq!(day["period"], "DAY");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_top_n_walks_the_rank_index() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let token = app.new_player().await;
    app.play_finished_run(&token, 1).await;
    let db = sea_orm::Database::connect(&app.database_url).await.unwrap();
    use sea_orm::ConnectionTrait;
    let player: String = {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT id::text AS id, player_id::text AS player FROM run LIMIT 1",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<String>("", "player").unwrap()
    };
    db.execute_unprepared(&format!(
        "INSERT INTO run (id, player_id, kind, status, plan, score, max_score, started_at)
         SELECT gen_random_uuid(), '{player}', 'clinic', 'finished', '{{}}', 0, 800, now()
         FROM generate_series(1, 20000);
         INSERT INTO leaderboard_entry (run_id, player_id, display_name, score, max_score, submitted_at)
         SELECT id, player_id, 'bulk', (random() * 800)::int, 800, now() - (random() * interval '60 days')
         FROM run WHERE kind = 'clinic' AND plan::text = '{{}}';
         ANALYZE leaderboard_entry;"
    ))
    .await
    .unwrap();

    let plan = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            "EXPLAIN SELECT * FROM leaderboard_entry ORDER BY score DESC, submitted_at ASC, id ASC LIMIT 10",
        ))
        .await
        .unwrap();
    let plan: Vec<String> = plan
        .iter()
        .map(|row| row.try_get::<String>("", "QUERY PLAN").unwrap())
        .collect();
    println!("{}", plan.join("\n"));

    assert!(
        plan.iter()
            .any(|line| line.contains("Index Scan using leaderboard_entry_rank_idx")),
        "{plan:#?}"
    );
    assert!(
        !plan.iter().any(|line| line.contains("Seq Scan")),
        "{plan:#?}"
    );
}
