// "Your local progress" on the game page: the counters kept in this browser,
// and the buttons that export or reset them.

import { button, formatNumber, formatTime, h, replace } from "./dom.js";
import { exportProgress, missedScenarioIds } from "./storage.js";

/** Draws `progress` into `root` and wires the export and reset buttons. */
export function createProgressView({ root, store, onReset }) {
  const stats = h("dl", { class: "stats" });
  const history = h("p", { class: "history", "data-testid": "review-history" });
  const confirmBox = h("div", { class: "confirm", hidden: true });
  const resetButton = button("Reset local progress", askReset, { variant: "quiet", action: "reset-progress" });
  const exportButton = button("Export progress (JSON)", download, { variant: "quiet", action: "export-progress" });

  replace(root, stats, history, h("p", { class: "actions" }, exportButton, resetButton), confirmBox);

  function render(progress) {
    const best = progress.bestScores[0];
    const bestText = best ? `${formatNumber(best.score)} / ${formatNumber(best.maxScore)}` : "None yet";
    replace(stats,
      stat("XP", formatNumber(progress.xp), "xp"),
      stat("Games played", formatNumber(progress.gamesPlayed), "games-played"),
      stat("Completed rounds", formatNumber(progress.completedRounds), "completed"),
      stat("Best score", bestText, "best-score"));

    const seen = Object.keys(progress.reviewHistory).length;
    const missed = missedScenarioIds(progress).length;
    const latest = Object.values(progress.reviewHistory)
      .map((entry) => entry.lastPlayedAt)
      .sort()
      .at(-1);
    history.textContent = seen === 0
      ? "Review history: no scenarios answered yet."
      : `Review history: ${seen} scenario${seen === 1 ? "" : "s"} answered, ${missed} to review` +
        (latest ? `, last played ${formatTime(latest)}.` : ".");
  }

  function stat(label, value, id) {
    return h("div", { class: "stat" }, h("dt", { text: label }), h("dd", { "data-stat": id, text: value }));
  }

  function askReset() {
    confirmBox.hidden = false;
    replace(confirmBox,
      h("p", { text: "Forget all progress kept in this browser? This cannot be undone." }),
      h("p", { class: "actions" },
        button("Yes, reset", confirmReset, { variant: "danger", action: "confirm-reset" }),
        button("Cancel", closeConfirm, { variant: "quiet" })));
    confirmBox.querySelector("button").focus();
  }

  function confirmReset() {
    store.reset();
    onReset();
    closeConfirm();
  }

  function closeConfirm() {
    confirmBox.hidden = true;
    resetButton.focus();
  }

  function download() {
    const blob = new Blob([exportProgress(store.progress)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: `retry-clinic-progress-${new Date().toISOString().slice(0, 10)}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  render(store.progress);
  store.subscribe(render);
}
