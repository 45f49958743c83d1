// A few DOM helpers so the views read as markup rather than as a string of
// createElement calls. Text always goes in through textContent: nothing the
// server sends is ever parsed as HTML.

/**
 * Creates an element. `props` sets attributes, except `class` (className),
 * `text` (textContent), `on*` functions (event listeners) and boolean values
 * (present or absent attribute). Children may be nodes, strings or
 * null/false, which are skipped; nested arrays are flattened.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);

  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }

  append(element, children);
  return element;
}

/** Appends children as `h` does, skipping empty ones. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replaces every child of `parent` with `children`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** Formats a count with the reader's locale separators. */
export function formatNumber(value) {
  return new Intl.NumberFormat(undefined).format(value);
}

/** Formats an ISO time as a short local date and time. */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/**
 * Turns text with `backticked` spans into text and <code> nodes. The game's
 * texts name headers, paths and ids that way; nothing else is interpreted.
 */
export function richText(text) {
  return String(text ?? "")
    .split(/`([^`]+)`/)
    .map((part, index) => (index % 2 === 1 ? h("code", { text: part }) : part))
    .filter((part) => part !== "");
}

/**
 * A `type="button"` button with the house classes: `variant` is "primary",
 * "quiet" or "danger"; `action` becomes data-action, which tests use.
 */
export function button(text, onclick, { variant, action } = {}) {
  const className = variant ? `button button-${variant}` : "button";
  return h("button", { type: "button", class: className, "data-action": action, text, onclick });
}
