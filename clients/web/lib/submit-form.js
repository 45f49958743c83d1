// The optional step after a round: put the score on the leaderboard under a
// display name, or keep it in this browser only.
//
// The server decides which names it accepts; when it refuses one, its own
// sentence (the BAD_USER_INPUT message) is shown next to the field.

import { h, replace } from "./dom.js";
import { describeError } from "./errors.js";
import { createIntent } from "./intent.js";

/**
 * The submit form for a finished `run`. When `submitted` ({ rank,
 * displayName }) is given, only the confirmation shows. `onSubmitted(payload)`
 * and `onDeclined()` tell the owner what the player chose.
 */
export function submitForm({ session, run, submitted, onSubmitted, onDeclined = () => {} }) {
  const box = h("section", { class: "submit", "aria-labelledby": "rc-submit-title" });
  const title = h("h4", { id: "rc-submit-title", text: "Submit to the leaderboard" });

  if (submitted) {
    replace(box, title, confirmation(submitted));
    return box;
  }

  const input = h("input", {
    id: "rc-display-name", name: "displayName", type: "text", autocomplete: "nickname",
    spellcheck: "false", required: true, "aria-describedby": "rc-name-help rc-name-error",
  });
  const error = h("p", { id: "rc-name-error", class: "field-error", role: "alert" });
  const send = h("button", { type: "submit", class: "button button-primary", text: "Submit score" });
  const skip = h("button", { type: "button", class: "button button-quiet", text: "Don't submit", onclick: decline });

  // One intent per name: retrying after a network error reuses the key, while
  // a different name after a refusal is a new request with a new key.
  let intent = null;
  let intentName = null;

  const form = h("form", { class: "submit-form", novalidate: true, onsubmit: submit },
    h("label", { for: "rc-display-name", text: "Display name" }),
    h("p", { id: "rc-name-help", class: "help", text: "Shown on the public leaderboard. No account needed." }),
    input,
    error,
    h("p", { class: "actions" }, send, skip));
  replace(box, title, h("p", { text: "Put this score on the public leaderboard, or keep it to yourself." }), form);

  async function submit(event) {
    event.preventDefault();
    const displayName = input.value.trim();
    if (!displayName) {
      error.textContent = "Enter a display name, or choose not to submit.";
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    if (displayName !== intentName) {
      intent = createIntent("submit score");
      intentName = displayName;
    }

    send.disabled = true;
    skip.disabled = true;
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    send.textContent = "Submitting…";
    try {
      const payload = await session.authorized(intent, (key) =>
        session.api.submitScore({ runId: run.id, displayName }, key));
      onSubmitted(payload);
      const done = { rank: payload.rank, displayName: payload.entry.displayName };
      replace(box, title, confirmation(done));
      box.querySelector(".submitted").focus();
    } catch (failure) {
      send.disabled = false;
      skip.disabled = false;
      send.textContent = "Submit score";
      if (failure.code === "ALREADY_SUBMITTED") {
        replace(box, title, h("p", { class: "submitted", tabindex: "-1", text: describeError(failure) }));
        return;
      }
      error.textContent = describeError(failure);
      if (failure.code === "BAD_USER_INPUT") {
        input.setAttribute("aria-invalid", "true");
        intent = null;
        intentName = null;
      }
      input.focus();
    }
  }

  function decline() {
    onDeclined();
    replace(box, title, h("p", { class: "submitted", tabindex: "-1",
      text: "Not submitted. The score stays in this browser only." }));
    box.querySelector(".submitted").focus();
  }

  return box;
}

function confirmation({ rank, displayName }) {
  return h("p", { class: "submitted", tabindex: "-1", "data-testid": "submitted" },
    "Submitted as ", h("strong", { text: displayName }), `: rank ${rank} on the leaderboard.`);
}
