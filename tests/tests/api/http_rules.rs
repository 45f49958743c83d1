//! GraphQL over HTTP: media types, status codes, methods and limits.

use serde_json::{Value, json};
use tests::{Gql, TestApp, both_databases, error_code};

async fn post(
    app: &TestApp,
    accept: Option<&str>,
    content_type: Option<&str>,
    body: String,
) -> reqwest::Response {
    let mut request = app.client.post(app.url("/graphql")).body(body);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.send().await.unwrap()
}

fn content_type(response: &reqwest::Response) -> String {
    response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned()
}

both_databases!(
    async fn accept_negotiation_honours_plain_application_json(backend) {
        let app = TestApp::spawn(backend).await;
        let query = json!({ "query": "{ game { title } }" }).to_string();

        let legacy = post(&app, Some("application/json"), Some("application/json"), query.clone()).await;
        let modern = post(&app, Some("application/graphql-response+json"), Some("application/json"), query.clone()).await;
        let any = post(&app, Some("*/*"), Some("application/json"), query.clone()).await;
        let unacceptable = post(&app, Some("text/plain"), Some("application/json"), query).await;

        assert!(content_type(&legacy).starts_with("application/json"));
        assert!(content_type(&modern).starts_with("application/graphql-response+json"));
        assert!(content_type(&any).starts_with("application/json"), "*/* is read as a legacy client");
        assert_eq!(unacceptable.status(), 406);
    }
);

both_databases!(
    async fn requests_that_yield_no_data_get_4xx_with_the_graphql_media_type(backend) {
        let app = TestApp::spawn(backend).await;

        let parse = post(&app, Some("application/graphql-response+json"), Some("application/json"), json!({ "query": "{ game {" }).to_string()).await;
        let parse_status = parse.status();
        let parse_body: Value = parse.json().await.unwrap();
        let invalid = post(&app, Some("application/graphql-response+json"), Some("application/json"), json!({ "query": "{ noSuchField }" }).to_string()).await;
        let invalid_status = invalid.status();
        let invalid_body: Value = invalid.json().await.unwrap();
        let legacy = post(&app, Some("application/json"), Some("application/json"), json!({ "query": "{ noSuchField }" }).to_string()).await;

        assert_eq!(parse_status, 400);
        assert_eq!(error_code(&parse_body).as_deref(), Some("GRAPHQL_PARSE_FAILED"));
        assert!(parse_body.get("data").is_none());
        assert_eq!(invalid_status, 400);
        assert_eq!(error_code(&invalid_body).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
        assert!(invalid_body.get("data").is_none());
        assert_eq!(legacy.status(), 200, "application/json answers 200 to well-formed requests");
    }
);

both_databases!(
    async fn post_bodies_must_be_single_json_objects(backend) {
        let app = TestApp::spawn(backend).await;
        let query = json!({ "query": "{ game { title } }" }).to_string();

        let text = post(&app, None, Some("text/plain"), query.clone()).await;
        let missing = post(&app, None, None, query.clone()).await;
        let form = post(&app, None, Some("application/x-www-form-urlencoded"), "query=x".to_owned()).await;
        let batch = post(&app, None, Some("application/json"), format!("[{query},{query}]")).await;
        let broken = post(&app, None, Some("application/json"), "{".to_owned()).await;

        assert_eq!(text.status(), 415);
        assert_eq!(missing.status(), 415);
        assert_eq!(form.status(), 415);
        assert_eq!(batch.status(), 400);
        let batch: Value = batch.json().await.unwrap();
        assert_eq!(error_code(&batch).as_deref(), Some("BATCH_NOT_SUPPORTED"));
        assert_eq!(broken.status(), 400);
    }
);

both_databases!(
    async fn get_runs_queries_but_never_mutations(backend) {
        let app = TestApp::spawn(backend).await;

        let query = app
            .client
            .get(app.url("/graphql"))
            .query(&[("query", "{ game { title } }")])
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        let mutation = app
            .client
            .get(app.url("/graphql"))
            .query(&[("query", "mutation { createPlayer { token } }")])
            .send()
            .await
            .unwrap();

        assert_eq!(query.status(), 200);
        let body: Value = query.json().await.unwrap();
        assert_eq!(body["data"]["game"]["title"], "Retry Clinic");
        assert_eq!(mutation.status(), 405);
        assert_eq!(mutation.headers()["allow"], "POST");
        let players = app.gql("{ leaderboard { totalEntries } }", json!({}), None).await;
        assert!(players["errors"].is_null());
    }
);

both_databases!(
    async fn a_document_with_two_mutation_fields_is_refused_and_runs_neither(backend) {
        let app = TestApp::spawn(backend).await;
        let token = app.new_player().await;

        let body = app
            .gql(
                "mutation { a: startRun { run { id } } b: startRun { run { id } } }",
                json!({}),
                Some(&token),
            )
            .await;
        let fragment = app
            .gql(
                "mutation { ...Two } fragment Two on Mutation { a: startRun { run { id } } b: startRun { run { id } } }",
                json!({}),
                Some(&token),
            )
            .await;

        assert_eq!(error_code(&body).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
        assert_eq!(error_code(&fragment).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
        let runs = app.gql("{ viewer { runs { totalCount } } }", json!({}), Some(&token)).await;
        assert_eq!(runs["data"]["viewer"]["runs"]["totalCount"], 0);
    }
);

both_databases!(
    async fn oversized_bodies_and_deep_queries_are_refused(backend) {
        let app = TestApp::spawn(backend).await;

        let huge = json!({ "query": format!("{{ game {{ title }} }} #{}", "x".repeat(70 * 1024)) });
        let too_big = post(&app, None, Some("application/json"), huge.to_string()).await;
        let within_limits = "{ viewer { runs { nodes { scenarios { choices { id } } } } } }";
        let nested = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }";
        let deep_body = app.gql(nested, json!({}), None).await;
        let fine = app.gql(within_limits, json!({}), None).await;

        assert_eq!(too_big.status(), 413);
        assert_eq!(error_code(&deep_body).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"), "{deep_body}");
        assert_ne!(error_code(&fine).as_deref(), Some("GRAPHQL_VALIDATION_FAILED"));
    }
);

both_databases!(
    async fn graphiql_sdl_and_health_endpoints_answer(backend) {
        let app = TestApp::spawn(backend).await;

        let graphiql = app.client.get(app.url("/graphql")).header("accept", "text/html").send().await.unwrap();
        let sdl = app.client.get(app.url("/graphql/schema.graphql")).send().await.unwrap();
        let health = app.client.get(app.url("/healthz")).send().await.unwrap();
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();

        assert_eq!(graphiql.status(), 200);
        assert!(graphiql.text().await.unwrap().to_lowercase().contains("graphiql"));
        assert_eq!(sdl.status(), 200);
        assert!(sdl.text().await.unwrap().contains("type Query {"));
        assert_eq!(health.status(), 200);
        assert_eq!(ready.status(), 200);
    }
);

both_databases!(
    async fn cross_origin_requests_are_allowed_without_credentials(backend) {
        let app = TestApp::spawn(backend).await;

        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header("origin", "https://study.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization, content-type")
            .send()
            .await
            .unwrap();

        assert!(preflight.status().is_success());
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
        assert!(preflight.headers().get("access-control-allow-credentials").is_none());
    }
);

both_databases!(
    async fn an_origin_allowlist_admits_only_its_origins(backend) {
        let url = tests::database::fresh(backend).await;
        let app = TestApp::spawn_on(url, |config| {
            config.cors_allow_origins = vec!["https://study.example".to_owned()];
        })
        .await;
        let preflight = |origin: &'static str| {
            app.client
                .request(reqwest::Method::OPTIONS, app.url("/graphql"))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "authorization, content-type")
                .send()
        };

        let allowed = preflight("https://study.example").await.unwrap();
        let other = preflight("https://elsewhere.example").await.unwrap();

        assert_eq!(allowed.headers()["access-control-allow-origin"], "https://study.example");
        assert!(other.headers().get("access-control-allow-origin").is_none());
    }
);
