// Plain words for what went wrong, keyed by the server's stable error codes.
//
// BAD_USER_INPUT is the one code whose own message is meant for people (for
// example why a display name was refused), so it is shown as sent. For the
// others the server's message is written for developers; we say what it
// means for the player instead.

import { NetworkError } from "./graphql.js";

const FRIENDLY = {
  UNAUTHENTICATED: "The server did not recognise this browser. Please try again.",
  NOT_FOUND: "The server no longer knows this round. Start a new one.",
  ALREADY_ANSWERED: "This scenario was already answered.",
  RUN_FINISHED: "This round is already over.",
  RUN_NOT_FINISHED: "Finish every scenario of the round first.",
  SCENARIO_NOT_IN_RUN: "That scenario is not part of this round. Start a new one.",
  UNKNOWN_CHOICE: "That choice is not one of this scenario's. Reload the page and try again.",
  ALREADY_SUBMITTED: "This round's score is already on the leaderboard.",
  NOT_SUBMITTABLE: "Review rounds are for practice and do not go on the leaderboard.",
  IDEMPOTENCY_KEY_REUSED:
    "The server saw this request key before with a different request, so it refused it.",
  IDEMPOTENCY_IN_PROGRESS: "The server is still working on this request. Try again in a moment.",
  INTERNAL: "The server ran into a problem. Trying again is safe.",
  GRAPHQL_PARSE_FAILED: "This page sent a request the server could not read. Reload the page.",
  GRAPHQL_VALIDATION_FAILED: "This page and the server disagree. Reload the page.",
};

/** A sentence for the player about `error`. */
export function describeError(error) {
  if (error instanceof NetworkError) {
    return "The server could not be reached, so we do not know whether the request arrived. " +
      "Trying again is safe: it sends the same idempotency key.";
  }
  if (error?.code === "BAD_USER_INPUT" && error.message) return asSentence(error.message);
  return FRIENDLY[error?.code] ?? "Something went wrong. Please try again.";
}

/** Starts a message with a capital letter and ends it with a full stop. */
function asSentence(message) {
  const text = message.trim();
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
