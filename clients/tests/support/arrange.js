// Data arranged through the API directly, without a browser: a player who
// plays a round and submits it, so a board has something to show.

import { graphql } from "./server.js";

/** Fails with the GraphQL errors when a response carries any. */
function unwrap(body, what) {
  if (body.errors?.length) throw new Error(`${what} failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Plays a round with the first choice of each scenario and submits it as `displayName`. */
export async function submitScoreDirectly(origin, displayName) {
  const { createPlayer } = unwrap(await graphql(origin, "mutation { createPlayer { token } }"), "createPlayer");
  const token = createPlayer.token;

  const { startRun } = unwrap(await graphql(origin,
    "mutation { startRun(input: { size: 3 }) { run { id scenarios { id choices { id } } } } }", {}, token), "startRun");
  const run = startRun.run;

  for (const scenario of run.scenarios) {
    unwrap(await graphql(origin,
      "mutation($input: SubmitAnswerInput!) { submitAnswer(input: $input) { feedback { verdict } } }",
      { input: { runId: run.id, scenarioId: scenario.id, choiceId: scenario.choices[0].id } }, token), "submitAnswer");
  }
  unwrap(await graphql(origin,
    "mutation($id: ID!) { finishRun(input: { runId: $id }) { run { score } } }", { id: run.id }, token), "finishRun");
  const { submitScore } = unwrap(await graphql(origin,
    "mutation($id: ID!, $name: String!) { submitScore(input: { runId: $id, displayName: $name }) { rank entry { score } } }",
    { id: run.id, name: displayName }, token), "submitScore");
  return submitScore;
}
