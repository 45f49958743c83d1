// Local progress, kept in this browser under one versioned localStorage key.
//
// The stored value is a JSON object whose `version` says how to read it.
// Reading never trusts it: unparseable text, a different version, or a value
// of the wrong shape is reset (or, field by field, repaired), and the store
// keeps a `notice` for the page to show. A page must never go blank because
// of what an earlier visit, another tab, or a curious person left here.

/** The key the game page uses. */
export const STORAGE_KEY = "retry-clinic:v1";

/** The version this code writes and understands. */
export const STORAGE_VERSION = 1;

/** How many best scores are kept. */
const BEST_SCORES_KEPT = 5;

const VERDICTS = new Set(["SAFE", "PARTIAL", "UNSAFE"]);
const RUN_KINDS = new Set(["CLINIC", "PRACTICE"]);

/** Progress of a browser that never played. */
export function emptyProgress() {
  return {
    version: STORAGE_VERSION,
    token: null,
    xp: 0,
    gamesPlayed: 0,
    completedRounds: 0,
    reviewHistory: {},
    bestScores: [],
    lastRound: null,
    activeRun: null,
  };
}

/**
 * Reads stored text into progress. Returns `{ progress, notice, damaged }`:
 * `notice` is a sentence for the player when something had to be reset or
 * repaired, `damaged` the original text when it could not be kept.
 */
export function parseProgress(text) {
  if (text === null || text === undefined) return { progress: emptyProgress(), notice: null };

  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    return reset(text, "Your saved progress could not be read, so it was reset.");
  }

  if (!isPlainObject(raw)) {
    return reset(text, "Your saved progress was not in a form this game understands, so it was reset.");
  }
  if (raw.version !== STORAGE_VERSION) {
    return reset(
      text,
      "Your saved progress came from a different version of the game and could not be " +
        "carried over, so it was reset.",
    );
  }

  const { progress, repaired } = repair(raw);
  const notice = repaired
    ? "Part of your saved progress was damaged. What could be kept was kept; the rest was reset."
    : null;
  return { progress, notice, damaged: repaired ? text : undefined };
}

function reset(text, notice) {
  return { progress: emptyProgress(), notice, damaged: text };
}

/** Keeps every valid field of `raw` and replaces the invalid ones with defaults. */
function repair(raw) {
  const progress = emptyProgress();
  let repaired = false;
  const keep = (name, valid, value = raw[name]) => {
    if (valid) progress[name] = value;
    else if (raw[name] !== undefined) repaired = true;
  };

  keep("token", raw.token === null || (typeof raw.token === "string" && raw.token.length > 0));
  keep("xp", isCount(raw.xp));
  keep("gamesPlayed", isCount(raw.gamesPlayed));
  keep("completedRounds", isCount(raw.completedRounds));

  if (isPlainObject(raw.reviewHistory)) {
    for (const [id, entry] of Object.entries(raw.reviewHistory)) {
      if (isReviewEntry(entry)) progress.reviewHistory[id] = entry;
      else repaired = true;
    }
  } else if (raw.reviewHistory !== undefined) repaired = true;

  if (Array.isArray(raw.bestScores)) {
    progress.bestScores = raw.bestScores.filter(isScore).slice(0, BEST_SCORES_KEPT);
    if (progress.bestScores.length !== Math.min(raw.bestScores.length, BEST_SCORES_KEPT)) repaired = true;
  } else if (raw.bestScores !== undefined) repaired = true;

  keep("lastRound", raw.lastRound === null || isScore(raw.lastRound));
  keep("activeRun", raw.activeRun === null || isActiveRun(raw.activeRun));
  return { progress, repaired };
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value) {
  return Number.isInteger(value) && value >= 0;
}

function isIsoTime(value) {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

function isReviewEntry(entry) {
  return isPlainObject(entry) && isCount(entry.timesSeen) && VERDICTS.has(entry.lastVerdict) &&
    isIsoTime(entry.lastPlayedAt);
}

function isScore(entry) {
  return isPlainObject(entry) && typeof entry.runId === "string" && RUN_KINDS.has(entry.kind) &&
    isCount(entry.score) && isCount(entry.maxScore) && isIsoTime(entry.finishedAt) &&
    (entry.submitted === undefined || entry.submitted === null || isPlainObject(entry.submitted));
}

function isActiveRun(entry) {
  return isPlainObject(entry) && typeof entry.id === "string" && Array.isArray(entry.counted) &&
    entry.counted.every((id) => typeof id === "string");
}

/**
 * Opens the store kept under `key` in `storage` (localStorage by default).
 * When the browser refuses storage altogether, progress lives in memory for
 * this visit and the notice says so.
 */
export function openProgressStore({ key = STORAGE_KEY, storage = safeLocalStorage() } = {}) {
  const listeners = new Set();
  let notice = null;
  let damaged;
  let progress;

  if (storage) {
    let text = null;
    try {
      text = storage.getItem(key);
    } catch {
      storage = null;
    }
    ({ progress, notice, damaged } = parseProgress(text));
    if (notice) write();
  }
  if (!storage) {
    progress = emptyProgress();
    notice = "This browser does not let the game save progress, so it will be forgotten when you leave.";
  }

  function write() {
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(progress));
    } catch {
      notice = "Your progress could not be saved in this browser (its storage may be full).";
      emit();
    }
  }

  function emit() {
    for (const listener of listeners) listener(progress);
  }

  // Another tab of the same game changed the progress: follow it.
  globalThis.addEventListener?.("storage", (event) => {
    if (event.key !== key || event.storageArea !== storage) return;
    ({ progress } = parseProgress(event.newValue));
    emit();
  });

  return {
    /** The current progress. Treat it as read-only; change it through `update`. */
    get progress() {
      return progress;
    },

    /** A sentence about a reset or repair at opening time, or null. */
    get notice() {
      return notice;
    },

    /** The original text when it had to be reset or repaired. */
    get damaged() {
      return damaged;
    },

    /** Applies `change(progress)` to a copy, saves it, and tells the listeners. */
    update(change) {
      const next = structuredClone(progress);
      change(next);
      progress = next;
      write();
      emit();
    },

    /** Forgets all progress, the player token included. */
    reset() {
      progress = emptyProgress();
      write();
      emit();
    },

    /** Calls `listener(progress)` after every change. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function safeLocalStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Records the start of a run. */
export function recordRunStarted(progress, run) {
  progress.gamesPlayed += 1;
  progress.activeRun = { id: run.id, counted: [] };
}

/**
 * Records one answer: XP and review history. An answer that was already
 * counted (the same run and scenario, seen again after a retry or a reload)
 * changes nothing.
 */
export function recordAnswer(progress, runId, feedback) {
  if (progress.activeRun?.id !== runId) progress.activeRun = { id: runId, counted: [] };
  if (progress.activeRun.counted.includes(feedback.scenarioId)) return;

  progress.activeRun.counted.push(feedback.scenarioId);
  progress.xp += feedback.points;

  const previous = progress.reviewHistory[feedback.scenarioId];
  progress.reviewHistory[feedback.scenarioId] = {
    timesSeen: (previous?.timesSeen ?? 0) + 1,
    lastVerdict: feedback.verdict,
    lastPlayedAt: feedback.answeredAt,
  };
}

/** Records a finished run: completed rounds, best scores, the last round. */
export function recordRunFinished(progress, run) {
  if (progress.lastRound?.runId === run.id) return;

  const score = {
    runId: run.id,
    kind: run.kind,
    score: run.score,
    maxScore: run.maxScore,
    finishedAt: run.finishedAt ?? new Date().toISOString(),
    submitted: null,
  };
  progress.completedRounds += 1;
  progress.lastRound = score;
  progress.activeRun = null;
  progress.bestScores = [...progress.bestScores, score]
    .sort(compareScores)
    .slice(0, BEST_SCORES_KEPT);
}

/** Marks the last round as submitted to the leaderboard. */
export function recordSubmitted(progress, runId, { rank, displayName }) {
  if (progress.lastRound?.runId === runId) progress.lastRound.submitted = { rank, displayName };
  for (const score of progress.bestScores) {
    if (score.runId === runId) score.submitted = { rank, displayName };
  }
}

/** Orders scores by share of the maximum, then by points, best first. */
function compareScores(a, b) {
  const share = (s) => (s.maxScore > 0 ? s.score / s.maxScore : 0);
  return share(b) - share(a) || b.score - a.score;
}

/** Marks the last round as kept out of the leaderboard by the player's choice. */
export function recordDeclined(progress, runId) {
  if (progress.lastRound?.runId === runId && !progress.lastRound.submitted) {
    progress.lastRound.submitted = { declined: true };
  }
}

/**
 * Forgets a run the server no longer knows (its database was reset, say):
 * it is no longer resumed, nor offered for submission.
 */
export function recordRunLost(progress, runId) {
  if (progress.activeRun?.id === runId) progress.activeRun = null;
  if (progress.lastRound?.runId === runId && !progress.lastRound.submitted) {
    progress.lastRound.submitted = { unavailable: true };
  }
}

/** The ids of scenarios whose last verdict was not SAFE, oldest first. */
export function missedScenarioIds(progress) {
  return Object.entries(progress.reviewHistory)
    .filter(([, entry]) => entry.lastVerdict !== "SAFE")
    .sort(([, a], [, b]) => Date.parse(a.lastPlayedAt) - Date.parse(b.lastPlayedAt))
    .map(([id]) => id);
}

/** The progress as a JSON document to download, without the secret token. */
export function exportProgress(progress) {
  const { token, ...rest } = progress;
  return JSON.stringify({ exportedAt: new Date().toISOString(), ...rest, token: token ? "(omitted)" : null }, null, 2);
}
