// The study-room display: a full-screen top 10 for the period named in the
// query string (?period=ALL_TIME|WEEK|DAY), kept live by the subscription.
//
// When the socket drops, the last board stays on screen under a clear
// "reconnecting" banner; the WebSocket client comes back by itself with
// backoff and resubscribes, and the server sends the current board at once.

import { createApi } from "./lib/api.js";
import { formatTime } from "./lib/dom.js";
import { createWsClient, websocketUrl } from "./lib/graphql.js";
import { createBoardTable, followBoard, parsePeriod, PERIOD_LABELS } from "./lib/board-view.js";

const endpoint = new URL("/graphql", location.href).href;
const period = parsePeriod(new URLSearchParams(location.search).get("period"));

const display = document.getElementById("display");
const status = document.getElementById("status");
const banner = document.getElementById("reconnect");
const updated = document.getElementById("updated");

const board = createBoardTable({ caption: `Top 10, ${PERIOD_LABELS[period].toLowerCase()}`, captionHidden: true });
document.getElementById("board").append(board.table);
document.getElementById("period-label").textContent = `Top 10 · ${PERIOD_LABELS[period]}`;
document.getElementById("play-url").textContent = new URL("/", location.href).href.replace(/\/$/, "");
for (const link of document.querySelectorAll("nav a")) {
  if (link.search === `?period=${period}`) link.setAttribute("aria-current", "page");
}
board.message("Waiting for the first scores…");

loadTitle();

const wsClient = createWsClient({ url: websocketUrl(endpoint), onStatus: showStatus });
followBoard({
  wsClient,
  period,
  onBoard(next) {
    board.render(next);
    updated.textContent = `Updated ${formatTime(next.updatedAt)}`;
  },
  onError: () => board.message("The server refused this board. Check the period in the address."),
});

/** The game's own title heads the board; the markup's text stays if it cannot load. */
async function loadTitle() {
  try {
    const game = await createApi({ endpoint }).game();
    document.querySelector('[data-slot="title"]').textContent = game.title;
    document.title = `${game.title} · ${PERIOD_LABELS[period]}`;
  } catch {
    // The board is what matters here; the static title is a fine fallback.
  }
}

function showStatus(state, delay) {
  status.dataset.state = state;
  display.dataset.connection = state;
  status.textContent = {
    connecting: "Connecting…",
    connected: "Live",
    reconnecting: delay ? `Reconnecting in ${Math.ceil(delay / 1000)} s…` : "Reconnecting…",
    idle: "Offline",
  }[state] ?? "";
  banner.hidden = state !== "reconnecting" && state !== "idle";
}
