// User intents and their idempotency keys.
//
// One intent is one thing the player meant to do: "start a round", "answer
// scenario 3 with choice B", "put my score on the board". Each gets one
// idempotency key when it is born. Every attempt to carry it out, the
// automatic ones after a network error and the "Try again" button alike, sends
// that same key, so the server can recognise a retry and replay its first
// answer instead of doing the work twice. A new intent, even an identical
// looking one, gets a new key.

import { NetworkError } from "./graphql.js";

/** Server codes after which the very same request may succeed later. */
const TRANSIENT_CODES = new Set(["IDEMPOTENCY_IN_PROGRESS", "INTERNAL"]);

/** How many times one `perform` call tries before giving the error back. */
const DEFAULT_ATTEMPTS = 3;

/** Makes a random version 4 UUID, also where crypto.randomUUID is missing. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();

  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Creates an intent: a label for logs and the key all its attempts share. */
export function createIntent(label) {
  return Object.freeze({ label, key: newIdempotencyKey() });
}

/** True when trying the same request again, with the same key, may help. */
export function isTransient(error) {
  return error instanceof NetworkError || TRANSIENT_CODES.has(error?.code);
}

/**
 * Runs `operation(key)` for `intent`, retrying transient failures a few times
 * with growing, jittered pauses. `onRetry(attempt, error)` hears about each
 * retry so a view can say "retrying…". The last error is thrown as is.
 */
export async function perform(intent, operation, { attempts = DEFAULT_ATTEMPTS, onRetry } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(intent.key);
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) throw error;
      onRetry?.(attempt, error);
      await sleep(retryPause(attempt));
    }
  }
}

function retryPause(attempt) {
  const ceiling = 400 * 2 ** (attempt - 1);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
