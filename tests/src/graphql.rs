//! GraphQL over HTTP from the client's side.

use serde_json::{Value, json};

use crate::TestApp;

/// Shortcuts for GraphQL requests against a test server.
pub trait Gql {
    /// POSTs a document with variables and an optional bearer token; returns
    /// the JSON body, whatever the status.
    fn gql(
        &self,
        query: &str,
        variables: Value,
        token: Option<&str>,
    ) -> impl std::future::Future<Output = Value> + Send;
}

impl Gql for TestApp {
    async fn gql(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        post_graphql(&self.client, self.addr, query, variables, token).await
    }
}

/// POSTs a GraphQL document to the server at `addr`; returns the JSON body.
pub async fn post_graphql(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    query: &str,
    variables: Value,
    token: Option<&str>,
) -> Value {
    let mut request = client
        .post(format!("http://{addr}/graphql"))
        .header("content-type", "application/json")
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the server answers");
    response.json().await.expect("a JSON body")
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<String> {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_owned)
}

/// A new player with a run just started, and the run's first scenario.
pub struct OpenRun {
    /// The player's token.
    pub token: String,
    /// The run as `startRun` returned it.
    pub run: Value,
    /// The run's id.
    pub run_id: String,
    /// The id of the run's first scenario.
    pub scenario: String,
    /// That scenario's choice ids, in the order the run shows them.
    pub choices: Vec<String>,
}

impl TestApp {
    /// Creates a player and starts a clinic run of `size` for it.
    pub async fn open_run(&self, size: i64) -> OpenRun {
        let token = self.new_player().await;
        let run = self.start_run(&token, size).await;
        let first = &run["scenarios"][0];
        OpenRun {
            run_id: run["id"].as_str().expect("a run id").to_owned(),
            scenario: first["id"].as_str().expect("a scenario id").to_owned(),
            choices: first["choices"]
                .as_array()
                .expect("choices")
                .iter()
                .map(|c| c["id"].as_str().expect("a choice id").to_owned())
                .collect(),
            token,
            run,
        }
    }

    /// Creates a player and returns its token.
    pub async fn new_player(&self) -> String {
        let body = self
            .gql("mutation { createPlayer { token } }", json!({}), None)
            .await;
        body["data"]["createPlayer"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("createPlayer failed: {body}"))
            .to_owned()
    }

    /// Starts a clinic run of `size` and returns its JSON.
    pub async fn start_run(&self, token: &str, size: i64) -> Value {
        let body = self
            .gql(
                "mutation($size: Int) { startRun(input: { size: $size }) {
                    run { id kind status score maxScore
                          scenarios { id concept difficulty choices { id text } } } } }",
                json!({ "size": size }),
                Some(token),
            )
            .await;
        let run = body["data"]["startRun"]["run"].clone();
        assert!(run.is_object(), "startRun failed: {body}");
        run
    }

    /// Answers one scenario of a run; returns the whole response body.
    pub async fn answer(
        &self,
        token: &str,
        run_id: &str,
        scenario_id: &str,
        choice_id: &str,
    ) -> Value {
        self.gql(
            "mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) {
                feedback { scenarioId choiceId verdict points maxPoints explanation
                           saferPattern bestChoiceId concept }
                run { score answers { scenarioId } }
                replayed } }",
            json!({ "input": { "runId": run_id, "scenarioId": scenario_id, "choiceId": choice_id } }),
            Some(token),
        )
        .await
    }

    /// Finishes a run; returns the whole response body.
    pub async fn finish(&self, token: &str, run_id: &str) -> Value {
        self.gql(
            "mutation($id: ID!) { finishRun(input: { runId: $id }) {
                run { id status score maxScore finishedAt
                      breakdown { concept score maxScore answered total } } } }",
            json!({ "id": run_id }),
            Some(token),
        )
        .await
    }

    /// Plays a whole clinic run, always picking the first choice shown, and
    /// finishes it; returns the run id and its final score.
    pub async fn play_finished_run(&self, token: &str, size: i64) -> (String, i64) {
        let run = self.start_run(token, size).await;
        let run_id = run["id"].as_str().expect("a run id").to_owned();
        for scenario in run["scenarios"].as_array().expect("scenarios") {
            let choice = scenario["choices"][0]["id"].as_str().expect("a choice");
            let body = self
                .answer(
                    token,
                    &run_id,
                    scenario["id"].as_str().expect("an id"),
                    choice,
                )
                .await;
            assert!(body["errors"].is_null(), "answer failed: {body}");
        }
        let body = self.finish(token, &run_id).await;
        let score = body["data"]["finishRun"]["run"]["score"]
            .as_i64()
            .unwrap_or_else(|| panic!("finishRun failed: {body}"));
        (run_id, score)
    }
}
