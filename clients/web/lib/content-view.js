// The reading sections of the game page, filled from Query.game: the
// concept explanation, objectives, how to play, scoring, concept notes,
// common mistakes, related reading and the FAQ.

import { h, replace, richText } from "./dom.js";

/** Fills each `[data-slot]` element under `root` with its part of `game`. */
export function renderContent(root, game) {
  const slot = (name) => root.querySelector(`[data-slot="${name}"]`);

  fill(slot("title"), game.title);
  fill(slot("tagline"), game.tagline);
  fill(slot("concept"),
    h("p", { class: "lead" }, richText(game.conceptExplanation)),
    h("ul", { class: "concept-list" }, game.concepts.map((info) =>
      h("li", {}, h("strong", { text: info.name }), h("span", {}, richText(info.summary))))));
  fill(slot("objectives"), list("ul", game.learningObjectives));
  fill(slot("how-to-play"), list("ol", game.howToPlay));
  fill(slot("scoring"), list("ul", game.scoring));
  fill(slot("concept-notes"), game.conceptNotes.map((note) =>
    h("div", { class: "note-card" }, h("h3", { text: note.title }), h("p", {}, richText(note.body)))));
  fill(slot("mistakes"), list("ul", game.commonMistakes));
  fill(slot("reading"), h("ul", { class: "reading" }, game.relatedReading.map((link) =>
    h("li", {},
      h("a", { href: safeUrl(link.url), text: link.title }),
      h("p", {}, richText(link.summary))))));
  fill(slot("faq"), game.faq.map((entry) =>
    h("details", { class: "faq" }, h("summary", { text: entry.question }), h("p", {}, richText(entry.answer)))));
}

function fill(element, ...children) {
  if (element) replace(element, ...children);
}

function list(tag, items) {
  return h(tag, {}, items.map((text) => h("li", {}, richText(text))));
}

/** Lets only http(s) links through, so a content mistake cannot become a script link. */
function safeUrl(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : "#";
  } catch {
    return "#";
  }
}
