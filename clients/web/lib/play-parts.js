// The pieces of the play area, each a function from data to elements: the
// scenario with its choices, the feedback on an answer, and the result of a
// round. They hold no state; play-view.js decides when each one shows.

import { formatNumber, h, richText } from "./dom.js";

/** Words and signs for each verdict, so colour is never the only cue. */
export const VERDICT_LABELS = {
  SAFE: { sign: "✓", word: "Safe" },
  PARTIAL: { sign: "◐", word: "Partly safe" },
  UNSAFE: { sign: "✗", word: "Unsafe" },
};

/** Looks up a concept's display name in the game's texts. */
export function conceptName(game, concept) {
  return game?.concepts?.find((info) => info.concept === concept)?.name ?? concept;
}

/** "3 / 8": the number of the scenario on screen and the round's length. */
export function progressText(position, total) {
  return `${position} / ${total}`;
}

/**
 * The scenario: its place in the round, concept, operation, story and the
 * choices as numbered buttons. `onChoose(choice)` runs on a click.
 */
export function scenarioCard({ game, scenario, position, total, practice, onChoose }) {
  const choices = scenario.choices.map((choice, index) =>
    h("li", {},
      h("button", {
        type: "button",
        class: "choice",
        "data-choice-id": choice.id,
        onclick: () => onChoose(choice),
      },
      h("kbd", { class: "choice-key", "aria-hidden": "true", text: String(index + 1) }),
      h("span", { class: "choice-text" }, richText(choice.text)))),
  );

  return h("article", { class: "scenario", "aria-labelledby": "rc-scenario-title" },
    h("p", { class: "scenario-meta" },
      h("span", { class: "round-progress", "data-testid": "round-progress" },
        h("span", { class: "visually-hidden", text: "Scenario " }),
        progressText(position, total)),
      h("span", { class: "tag", text: conceptName(game, scenario.concept) }),
      h("span", { class: "tag tag-quiet", text: `Difficulty ${scenario.difficulty}` }),
      practice ? h("span", { class: "tag tag-quiet", text: "Review" }) : null),
    h("h3", { id: "rc-scenario-title", class: "scenario-title", tabindex: "-1", text: scenario.title }),
    h("p", { class: "operation" }, h("code", { text: scenario.operation })),
    h("p", { class: "story" }, richText(scenario.story)),
    h("p", { class: "hint", id: "rc-choice-hint",
      text: `Pick the safest behaviour: click a choice or press 1 to ${scenario.choices.length}.` }),
    h("ol", { class: "choices", "aria-describedby": "rc-choice-hint" }, choices));
}

/** Marks the chosen and the best choice once an answer is graded, and locks them. */
export function markChoices(card, feedback) {
  for (const button of card.querySelectorAll("button.choice")) {
    const id = button.dataset.choiceId;
    button.disabled = true;
    if (id === feedback.choiceId) {
      button.classList.add("is-chosen", `verdict-${feedback.verdict.toLowerCase()}`);
      button.append(h("span", { class: "choice-note", text: "Your choice" }));
    }
    if (id === feedback.bestChoiceId && id !== feedback.choiceId) {
      button.classList.add("is-best");
      button.append(h("span", { class: "choice-note", text: "Safest choice" }));
    }
  }
}

/** The graded answer: verdict, points, explanation, and the safer pattern if needed. */
export function feedbackPanel(feedback, { replayed }) {
  const label = VERDICT_LABELS[feedback.verdict] ?? { sign: "", word: feedback.verdict };
  const notSafe = feedback.verdict !== "SAFE";

  return h("div", { class: `feedback verdict-${feedback.verdict.toLowerCase()}`, "data-verdict": feedback.verdict },
    h("p", { class: "verdict" },
      h("span", { class: "verdict-sign", "aria-hidden": "true", text: label.sign }),
      h("strong", { text: label.word }),
      h("span", { class: "points", text: ` +${feedback.points} of ${feedback.maxPoints} points` })),
    h("p", { class: "explanation" }, richText(feedback.explanation)),
    notSafe
      ? h("div", { class: "safer" },
          h("h4", { text: "The safer pattern" }),
          h("p", {}, richText(feedback.saferPattern)),
          feedback.bestChoiceExplanation
            ? h("p", { class: "best-explanation" }, richText(feedback.bestChoiceExplanation))
            : null)
      : null,
    replayed
      ? h("p", { class: "replayed", text: "This answer was a retry: the server recognised its " +
          "idempotency key and replayed the stored result." })
      : null);
}

/** The round's result: the score and one row per concept. */
export function resultPanel({ game, run }) {
  const rows = run.breakdown.map((part) =>
    h("tr", {},
      h("th", { scope: "row", text: conceptName(game, part.concept) }),
      h("td", { text: `${formatNumber(part.score)} / ${formatNumber(part.maxScore)}` }),
      h("td", { text: `${part.answered} / ${part.total}` })));

  return h("div", { class: "result" },
    h("h3", { class: "result-title", tabindex: "-1", id: "rc-result-title",
      text: run.kind === "PRACTICE" ? "Review round complete" : "Round complete" }),
    h("p", { class: "final-score", "data-testid": "final-score" },
      h("span", { class: "final-score-number", text: `${formatNumber(run.score)} / ${formatNumber(run.maxScore)}` }),
      h("span", { class: "final-score-label", text: " points" })),
    h("table", { class: "breakdown" },
      h("caption", { text: "Points by concept" }),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col", text: "Concept" }),
        h("th", { scope: "col", text: "Points" }),
        h("th", { scope: "col", text: "Answered" }))),
      h("tbody", {}, rows)));
}
