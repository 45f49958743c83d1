// The Retry Clinic operations this client uses, one function each.
//
// Every function takes plain arguments and returns the interesting part of
// the response; the documents below ask for exactly the fields the views
// render. Mutations take an idempotency key that the caller owns (see
// intent.js): the same key is sent again when the same intent is retried.

import { graphqlRequest } from "./graphql.js";

const SCENARIO_FIELDS = `
  id title operation story concept tags difficulty
  choices { id text }
`;

const FEEDBACK_FIELDS = `
  scenarioId choiceId verdict points maxPoints explanation saferPattern
  bestChoiceId bestChoiceExplanation concept answeredAt
`;

const RUN_FIELDS = `
  id kind status score maxScore startedAt finishedAt
  scenarios { ${SCENARIO_FIELDS} }
  answers { ${FEEDBACK_FIELDS} }
  breakdown { concept score maxScore answered total }
`;

/** The fields of a leaderboard, shared with the live subscription. */
export const LEADERBOARD_FIELDS = `
  period totalEntries updatedAt
  entries { id rank displayName score maxScore accuracy submittedAt }
`;

/** The subscription document for a live board. */
export const LEADERBOARD_SUBSCRIPTION = `
  subscription Board($period: LeaderboardPeriod!, $first: Int!) {
    leaderboardChanged(period: $period, first: $first) { ${LEADERBOARD_FIELDS} }
  }
`;

const GAME_QUERY = `
  query Game {
    game {
      title tagline conceptExplanation scenarioCount
      concepts { concept name summary }
      learningObjectives howToPlay scoring commonMistakes
      conceptNotes { title body }
      faq { question answer }
      relatedReading { title url summary }
    }
  }
`;

const LEADERBOARD_QUERY = `
  query Board($period: LeaderboardPeriod!, $first: Int!) {
    leaderboard(period: $period, first: $first) { ${LEADERBOARD_FIELDS} }
  }
`;

const RUN_QUERY = `
  query Run($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }
`;

const CREATE_PLAYER = `
  mutation CreatePlayer($input: CreatePlayerInput) {
    createPlayer(input: $input) { token replayed player { id } }
  }
`;

const START_RUN = `
  mutation StartRun($input: StartRunInput) {
    startRun(input: $input) { replayed run { ${RUN_FIELDS} } }
  }
`;

const SUBMIT_ANSWER = `
  mutation SubmitAnswer($input: SubmitAnswerInput!) {
    submitAnswer(input: $input) {
      replayed
      feedback { ${FEEDBACK_FIELDS} }
      run { ${RUN_FIELDS} }
    }
  }
`;

const FINISH_RUN = `
  mutation FinishRun($input: FinishRunInput!) {
    finishRun(input: $input) { replayed run { ${RUN_FIELDS} } }
  }
`;

const SUBMIT_SCORE = `
  mutation SubmitScore($input: SubmitScoreInput!) {
    submitScore(input: $input) {
      rank replayed
      entry { id rank displayName score maxScore accuracy submittedAt }
    }
  }
`;

/**
 * Binds the operations to one GraphQL endpoint. `getToken` is asked before
 * every call, so a token replaced mid-session is picked up at once.
 */
export function createApi({ endpoint, getToken = () => null }) {
  const call = (query, variables) =>
    graphqlRequest(endpoint, { query, variables, token: getToken() });

  return {
    endpoint,

    async game() {
      return (await call(GAME_QUERY)).game;
    },

    async leaderboard(period = "ALL_TIME", first = 10) {
      return (await call(LEADERBOARD_QUERY, { period, first })).leaderboard;
    },

    async run(id) {
      return (await call(RUN_QUERY, { id })).run;
    },

    async createPlayer(idempotencyKey) {
      return (await call(CREATE_PLAYER, { input: { idempotencyKey } })).createPlayer;
    },

    async startRun({ size, scenarioIds }, idempotencyKey) {
      const input = { idempotencyKey };
      if (scenarioIds) input.scenarioIds = scenarioIds;
      else if (size) input.size = size;
      return (await call(START_RUN, { input })).startRun;
    },

    async submitAnswer({ runId, scenarioId, choiceId }, idempotencyKey) {
      const input = { runId, scenarioId, choiceId, idempotencyKey };
      return (await call(SUBMIT_ANSWER, { input })).submitAnswer;
    },

    async finishRun({ runId }, idempotencyKey) {
      return (await call(FINISH_RUN, { input: { runId, idempotencyKey } })).finishRun;
    },

    async submitScore({ runId, displayName }, idempotencyKey) {
      const input = { runId, displayName, idempotencyKey };
      return (await call(SUBMIT_SCORE, { input })).submitScore;
    },
  };
}
