// The game page: wires storage, the server session, the content sections,
// the play area and the live leaderboard together. Each of those lives in its
// own module under lib/; this file only decides who talks to whom.

import { button, h, replace } from "./lib/dom.js";
import { createWsClient, websocketUrl } from "./lib/graphql.js";
import { createSession } from "./lib/session.js";
import {
  missedScenarioIds, openProgressStore, recordAnswer, recordRunFinished, recordRunStarted,
  recordDeclined, recordRunLost, recordSubmitted,
} from "./lib/storage.js";
import { renderContent } from "./lib/content-view.js";
import { createProgressView } from "./lib/progress-view.js";
import { createPlayView } from "./lib/play-view.js";
import { createBoardTable, followBoard, PERIOD_LABELS } from "./lib/board-view.js";
import { describeError } from "./lib/errors.js";

const endpoint = new URL("/graphql", location.href).href;
const store = openProgressStore();
const notices = document.getElementById("notices");
let playView = null;

const session = createSession({
  endpoint,
  loadToken: () => store.progress.token,
  saveToken: (token) => store.update((progress) => {
    progress.token = token;
  }),
  // The server forgot us (a fresh database, say): the rounds it knew are gone.
  onNewPlayer: () => store.update((progress) => {
    progress.activeRun = null;
  }),
});

// The board is public, so the live connection goes without the player token:
// a stale token (say, after the server's database was reset) would otherwise
// get the socket refused at connection_init and leave the board dark.
const wsClient = createWsClient({ url: websocketUrl(endpoint), onStatus: showBoardStatus });

showStorageNotice();
createProgressView({
  root: document.getElementById("progress-area"),
  store,
  onReset: () => {
    session.forget();
    playView?.refreshIdle();
  },
});
startBoard();
loadGame();

/** Loads the game's texts, then builds the play area; on failure offers a retry. */
async function loadGame() {
  const playArea = document.getElementById("play-area");
  try {
    const game = await session.api.game();
    renderContent(document, game);
    document.title = `${game.title}: ${game.tagline}`;
    playView = createPlayView({ root: playArea, session, game, hooks: progressHooks() });

    const active = store.progress.activeRun;
    if (active) playView.openRun(active.id);
    else playView.showIdle();
    store.subscribe(() => playView.refreshIdle());
  } catch (error) {
    replace(playArea, h("div", { class: "error", role: "alert" },
      h("p", { text: `The game could not be loaded. ${describeError(error)}` }),
      h("p", {}, button("Try again", loadGame))));
    for (const slot of document.querySelectorAll("[data-slot] > .loading")) {
      slot.textContent = "Not loaded yet.";
    }
  }
}

/** Keeps local progress in step with the round. */
function progressHooks() {
  return {
    onRunStarted: (run) => store.update((progress) => recordRunStarted(progress, run)),
    onAnswered: (run, feedback) => store.update((progress) => recordAnswer(progress, run.id, feedback)),
    onFinished: (run) => store.update((progress) => recordRunFinished(progress, run)),
    onSubmitted: (run, payload) => store.update((progress) =>
      recordSubmitted(progress, run.id, { rank: payload.rank, displayName: payload.entry.displayName })),
    onDeclined: (run) => store.update((progress) => recordDeclined(progress, run.id)),
    onRunLost: (runId) => store.update((progress) => recordRunLost(progress, runId)),
    missedIds: () => missedScenarioIds(store.progress),
    lastRound: () => store.progress.lastRound,
  };
}

/** Shows what storage had to reset or repair, with a way to keep the old text. */
function showStorageNotice() {
  if (!store.notice) return;

  const actions = [];
  if (store.damaged) {
    actions.push(button("Download the old data", () => {
      const blob = new Blob([store.damaged], { type: "text/plain" });
      const link = h("a", { href: URL.createObjectURL(blob), download: "retry-clinic-old-progress.txt" });
      link.click();
    }, { variant: "quiet" }));
  }
  const notice = h("div", { class: "notice", role: "status", "data-testid": "storage-notice" },
    h("p", { text: store.notice }),
    h("p", { class: "actions" }, actions,
      button("Dismiss", () => notice.remove(), { variant: "quiet" })));
  notices.append(notice);
}

/** The live top 10, with a period picker. */
function startBoard() {
  const boardTable = createBoardTable({ caption: "Top 10, all time" });
  const latest = document.getElementById("latest-score");
  document.getElementById("board").append(boardTable.table);
  boardTable.message("Loading the leaderboard…");

  let stop = null;
  const follow = (period) => {
    stop?.();
    boardTable.setCaption(`Top 10, ${PERIOD_LABELS[period].toLowerCase()}`);
    boardTable.message("Loading the leaderboard…");
    stop = followBoard({
      wsClient,
      period,
      onBoard: boardTable.render,
      onError: () => boardTable.message("The leaderboard could not be loaded."),
    });
  };
  for (const radio of document.querySelectorAll('input[name="period"]')) {
    radio.addEventListener("change", () => follow(radio.value));
  }
  follow("ALL_TIME");

  const showLatest = (progress) => {
    const last = progress.lastRound;
    latest.textContent = !last
      ? "Finish a round to see your latest score here."
      : `Your latest score: ${last.score} / ${last.maxScore}` +
        (last.submitted?.rank ? `, submitted as ${last.submitted.displayName}.` : ", kept in this browser.");
  };
  showLatest(store.progress);
  store.subscribe(showLatest);
}

function showBoardStatus(status, delay) {
  const line = document.getElementById("board-status");
  line.dataset.state = status;
  line.textContent = {
    connecting: "Connecting…",
    connected: "Live",
    reconnecting: delay ? `Connection lost. Reconnecting in ${Math.ceil(delay / 1000)} s…` : "Reconnecting…",
    idle: "",
  }[status] ?? "";
}
