// The leaderboard as a table, and its live feed from the subscription.
//
// Used by the game page, the study-room display and the embed. Rows whose
// rank or score changed since the last board, and new rows, get the class
// "changed" for a moment so the eye finds them.

import { formatNumber, h, replace } from "./dom.js";
import { LEADERBOARD_SUBSCRIPTION } from "./api.js";

/** Names of the periods a board can cover. */
export const PERIOD_LABELS = {
  ALL_TIME: "All time",
  WEEK: "This week",
  DAY: "Today",
};

/** How long a changed row stays highlighted. */
const HIGHLIGHT_MS = 4000;

/** Reads a period name, falling back to ALL_TIME for anything unknown. */
export function parsePeriod(value) {
  const upper = String(value ?? "").toUpperCase();
  return Object.hasOwn(PERIOD_LABELS, upper) ? upper : "ALL_TIME";
}

/** Accuracy (score / maxScore, from 0 to 1) as a whole percentage. */
export function accuracyPercent(entry) {
  return `${Math.round(entry.accuracy * 100)}%`;
}

/**
 * A table that shows boards. `render(board)` draws one, highlighting what
 * changed since the previous call; `message(text)` replaces the rows with a
 * sentence (loading, empty, failed).
 */
export function createBoardTable({ caption, captionHidden = false }) {
  const body = h("tbody");
  const captionEl = h("caption", { class: captionHidden ? "visually-hidden" : null, text: caption });
  const table = h("table", { class: "board" },
    captionEl,
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", class: "col-rank", text: "Rank" }),
      h("th", { scope: "col", class: "col-name", text: "Name" }),
      h("th", { scope: "col", class: "col-score", text: "Score" }),
      h("th", { scope: "col", class: "col-accuracy", text: "Accuracy" }))),
    body);
  let previous = null;
  const timers = new Set();

  function render(board) {
    const seen = new Map(board.entries.map((entry) => [entry.id, `${entry.rank}|${entry.score}`]));
    if (board.entries.length === 0) {
      message("No scores yet. Finish a round and be the first.");
      previous = seen;
      return;
    }

    const rows = board.entries.map((entry) => {
      const changed = previous !== null && previous.get(entry.id) !== seen.get(entry.id);
      return h("tr", { class: changed ? "changed" : null, "data-entry-id": entry.id },
        h("td", { class: "col-rank", text: String(entry.rank) }),
        h("td", { class: "col-name", text: entry.displayName }),
        h("td", { class: "col-score" },
          h("span", { text: formatNumber(entry.score) }),
          h("span", { class: "of", text: ` / ${formatNumber(entry.maxScore)}` })),
        h("td", { class: "col-accuracy", text: accuracyPercent(entry) }));
    });
    replace(body, rows);
    previous = seen;

    const timer = setTimeout(() => {
      timers.delete(timer);
      for (const row of body.querySelectorAll("tr.changed")) row.classList.remove("changed");
    }, HIGHLIGHT_MS);
    timers.add(timer);
  }

  function message(text) {
    replace(body, h("tr", {}, h("td", { colspan: "4", class: "board-message", text })));
  }

  return { table, render, message, setCaption: (text) => { captionEl.textContent = text; } };
}

/**
 * Subscribes to `leaderboardChanged` for `period` through `wsClient`.
 * `onBoard(board)` gets each board; `onError(error)` hears when the server
 * ends the subscription with an error. Returns a function that stops it.
 */
export function followBoard({ wsClient, period, first = 10, onBoard, onError = () => {} }) {
  return wsClient.subscribe(
    { query: LEADERBOARD_SUBSCRIPTION, variables: { period, first } },
    {
      next(payload) {
        const board = payload?.data?.leaderboardChanged;
        if (board) onBoard(board);
        else if (payload?.errors) onError(payload.errors);
      },
      error: onError,
      complete() {},
    },
  );
}
