// The play area: one round from start to score, shared by the game page and
// the embedded game.
//
// The run the server returns is the source of truth: the scenario on screen
// is the first one without an answer, and a reload or a retry that lands
// twice cannot move the round on by itself. Each click or key press becomes
// an intent with its own idempotency key (intent.js); when the network fails
// after automatic retries, the "Try again" button carries out the same
// intent again, with the same key.

import { button, h, replace } from "./dom.js";
import { describeError } from "./errors.js";
import { createIntent } from "./intent.js";
import { feedbackPanel, markChoices, resultPanel, scenarioCard } from "./play-parts.js";
import { submitForm } from "./submit-form.js";

/** The number of scenarios in a normal round. */
export const ROUND_SIZE = 8;

/** The most scenarios the server accepts in one round. */
const MAX_ROUND_SIZE = 20;

/** Codes after which the round on screen cannot go on. */
const LOST_ROUND_CODES = new Set(["NOT_FOUND", "SCENARIO_NOT_IN_RUN"]);

/** Codes after which a stored run id is of no use any more. */
const UNKNOWN_RUN_CODES = new Set(["NOT_FOUND", "BAD_USER_INPUT", "UNAUTHENTICATED"]);

/** Codes after which the server knows more than we do: reload the run. */
const RESYNC_CODES = new Set(["ALREADY_ANSWERED", "RUN_FINISHED"]);

const noop = () => {};

/**
 * Builds the play area inside `root`.
 *
 * `hooks` lets the owner keep progress: onRunStarted(run), onAnswered(run,
 * feedback), onFinished(run), onSubmitted(run, payload), onDeclined(run),
 * onRunLost(runId) when the server no longer knows a stored run, missedIds()
 * for the review round (absent: no review button), and lastRound() for a
 * score that is still waiting to be submitted. `compact` shortens the texts
 * for the embedded game.
 */
export function createPlayView({ root, session, game, hooks = {}, compact = false }) {
  const on = {
    onRunStarted: noop, onAnswered: noop, onFinished: noop, onSubmitted: noop, onDeclined: noop,
    onRunLost: noop, ...hooks,
  };
  let run = null;
  let busy = false;
  // Whether the scenario on screen has been graded and waits for "Next".
  let answeredHere = false;
  let card = null;

  const stage = h("div", { class: "stage" });
  const live = h("div", { class: "live", role: "status", "aria-live": "polite", "aria-atomic": "false" });
  const controls = h("div", { class: "controls" });
  // "Working…" lines are only shown: announcing each one would drown the
  // feedback. Errors go to an alert region, which is announced at once.
  const working = h("p", { class: "working" });
  const alert = h("div", { class: "alert-slot", role: "alert" });
  root.replaceChildren(stage, live, controls, working, alert);
  root.addEventListener("keydown", handleKey);

  // Keys work only while focus is inside the play area (WCAG 2.1.4): the
  // listener sits on the area, not on the document.
  function handleKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || busy) return;
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement && target.closest("input, textarea, select, a, button")) {
      if (event.key === "Enter") return;
      if (target.closest("input, textarea, select")) return;
    }

    const scenario = currentScenario();
    if (/^[1-9]$/.test(event.key) && scenario && !answeredHere) {
      const choice = scenario.choices[Number(event.key) - 1];
      if (choice) {
        event.preventDefault();
        answer(scenario, choice);
      }
    } else if (event.key === "Enter" && answeredHere) {
      event.preventDefault();
      next();
    }
  }

  // The first scenario without an answer, wherever the answers came from.
  function currentScenario() {
    if (!run || run.status !== "IN_PROGRESS") return null;
    const answered = new Set(run.answers.map((answer) => answer.scenarioId));
    return run.scenarios.find((scenario) => !answered.has(scenario.id)) ?? null;
  }

  // In a shadow root the document only sees the host as focused; ask the
  // root the play area lives in.
  function focusInside() {
    return root.contains(root.getRootNode().activeElement ?? null);
  }

  function setBusy(value, message = "") {
    busy = value;
    root.setAttribute("aria-busy", String(value));
    for (const button of root.querySelectorAll("button:not(.choice)")) button.disabled = value;
    working.textContent = value ? message : "";
    replace(alert);
  }

  function showError(error, { retry, restart = false }) {
    const actions = [];
    if (retry) actions.push(button("Try again", retry));
    if (restart) actions.push(button("Start a new round", () => showIdle(), { variant: "quiet" }));
    replace(alert, h("div", { class: "error" },
      h("p", { text: describeError(error) }),
      h("p", { class: "actions" }, actions)));

    // The button that was pressed may be gone or disabled: keep keyboard
    // users in the play area rather than back at the top of the page.
    if (!focusInside()) actions[0]?.focus();
  }

  /** Carries out `intent` as the player, saying so on screen while it retries. */
  function carryOut(intent, operation) {
    return session.authorized(intent, operation, { onRetry: retryNote });
  }

  function retryNote(attempt) {
    working.textContent =
      `No answer from the server yet; retrying with the same key (attempt ${attempt + 1}).`;
  }

  /** The screen before a round: start, and review when there is something to review. */
  function showIdle() {
    run = null;
    answeredHere = false;
    replace(live);
    replace(alert);

    const last = on.lastRound?.();
    const intro = compact
      ? `Each round has ${ROUND_SIZE} scenarios. Pick the safest server behaviour for each.`
      : `A round has ${ROUND_SIZE} scenarios drawn from ${game.scenarioCount}. Your answers are graded at once.`;

    replace(stage,
      h("p", { class: "intro", text: intro }),
      last && !last.submitted && last.kind === "CLINIC"
        ? h("p", { class: "pending-score" },
            `Your last round scored ${last.score} / ${last.maxScore} and is not on the leaderboard. `,
            h("button", {
              type: "button", class: "link-button", text: "Review it and submit",
              onclick: () => openRun(last.runId),
            }))
        : null);
    replace(controls, roundButtons("Start a round"));
  }

  /** "Start" and, when some answers were not SAFE, "Review what I missed". */
  function roundButtons(startLabel) {
    const missed = (on.missedIds?.() ?? []).slice(0, MAX_ROUND_SIZE);
    return [
      button(startLabel, () => start({ size: ROUND_SIZE }), { variant: "primary", action: "start" }),
      missed.length > 0
        ? button(`Review what I missed (${missed.length})`, () => start({ scenarioIds: missed }), { action: "review" })
        : null,
    ];
  }

  async function start(request, intent = createIntent("start run")) {
    setBusy(true, "Starting a round…");
    try {
      const payload = await carryOut(intent, (key) => session.api.startRun(request, key));
      setBusy(false);
      run = payload.run;
      if (!payload.replayed) on.onRunStarted(run);
      showScenario(true);
    } catch (error) {
      setBusy(false);
      showError(error, { retry: () => start(request, intent) });
    }
  }

  /** Loads a run of this player by id and shows wherever it stands. */
  async function openRun(runId) {
    setBusy(true, "Loading your round…");
    try {
      await session.ensurePlayer();
      const loaded = await session.api.run(runId);
      setBusy(false);
      if (!loaded) {
        on.onRunLost(runId);
        showIdle();
        return;
      }
      run = loaded;
      if (run.status === "FINISHED") {
        on.onFinished(run);
        showResult(false);
      } else if (run.answers.length === run.scenarios.length) {
        await finish(createIntent("finish run"));
      } else {
        showScenario(false);
      }
    } catch (error) {
      setBusy(false);
      if (UNKNOWN_RUN_CODES.has(error.code)) {
        on.onRunLost(runId);
        showIdle();
      } else {
        showError(error, { retry: () => openRun(runId), restart: true });
      }
    }
  }

  function showScenario(moveFocus) {
    const scenario = currentScenario();
    if (!scenario) return;

    answeredHere = false;
    card = scenarioCard({
      game,
      scenario,
      position: run.answers.length + 1,
      total: run.scenarios.length,
      practice: run.kind === "PRACTICE",
      onChoose: (choice) => answer(scenario, choice),
    });
    replace(stage, card);
    replace(live);
    replace(controls);
    replace(alert);
    if (moveFocus || focusInside()) card.querySelector(".scenario-title").focus();
  }

  async function answer(scenario, choice, intent = createIntent("submit answer")) {
    if (busy || answeredHere) return;
    setBusy(true, "Checking your answer…");
    const input = { runId: run.id, scenarioId: scenario.id, choiceId: choice.id };
    try {
      const payload = await carryOut(intent, (key) => session.api.submitAnswer(input, key));
      setBusy(false);
      run = payload.run;
      on.onAnswered(run, payload.feedback);
      showFeedback(payload.feedback, payload.replayed);
    } catch (error) {
      setBusy(false);
      if (RESYNC_CODES.has(error.code)) await resync(scenario.id);
      else if (LOST_ROUND_CODES.has(error.code)) showError(error, { restart: true });
      else showError(error, { retry: () => answer(scenario, choice, intent) });
    }
  }

  /** Reloads the run after the server said it knows better, and shows its state. */
  async function resync(scenarioId) {
    try {
      run = await session.api.run(run.id);
    } catch (error) {
      showError(error, { restart: true });
      return;
    }
    const feedback = run.answers.find((item) => item.scenarioId === scenarioId);
    if (feedback) {
      on.onAnswered(run, feedback);
      showFeedback(feedback, true);
    } else if (run.status === "FINISHED") {
      on.onFinished(run);
      showResult(true);
    } else {
      showScenario(true);
    }
  }

  function showFeedback(feedback, replayed) {
    answeredHere = true;
    if (card) markChoices(card, feedback);
    replace(live, feedbackPanel(feedback, { replayed }));

    const last = run.answers.length >= run.scenarios.length;
    const nextButton = button(last ? "See my score" : "Next scenario", next, { variant: "primary", action: "next" });
    replace(controls, nextButton, h("span", { class: "hint", text: "or press Enter" }));
    nextButton.focus();
  }

  function next() {
    if (busy || !answeredHere) return;
    if (run.answers.length >= run.scenarios.length) finish(createIntent("finish run"));
    else showScenario(true);
  }

  async function finish(intent) {
    setBusy(true, "Adding up your score…");
    try {
      const payload = await carryOut(intent, (key) => session.api.finishRun({ runId: run.id }, key));
      setBusy(false);
      run = payload.run;
      on.onFinished(run);
      showResult(true);
    } catch (error) {
      setBusy(false);
      if (error.code === "RUN_FINISHED") await resync(null);
      else if (LOST_ROUND_CODES.has(error.code)) showError(error, { restart: true });
      else showError(error, { retry: () => finish(intent) });
    }
  }

  function showResult(moveFocus) {
    answeredHere = false;
    card = null;
    const finishedRun = run;
    const last = on.lastRound?.();
    const alreadySubmitted = last?.runId === finishedRun.id && last.submitted?.rank ? last.submitted : null;

    replace(stage,
      resultPanel({ game, run: finishedRun }),
      finishedRun.kind === "PRACTICE"
        ? h("p", { class: "note", text: "Review rounds are practice: they improve your review " +
            "history but do not go on the leaderboard." })
        : submitForm({
            session,
            run: finishedRun,
            submitted: alreadySubmitted,
            onSubmitted: (payload) => on.onSubmitted(finishedRun, payload),
            onDeclined: () => on.onDeclined(finishedRun),
          }));
    replace(live);
    replace(alert);

    replace(controls, roundButtons("Play another round"));
    if (moveFocus) stage.querySelector(".result-title")?.focus();
  }

  return {
    showIdle,
    openRun,
    /** Redraws the idle screen, e.g. after progress was reset elsewhere. */
    refreshIdle() {
      if (!run) showIdle();
    },
  };
}
