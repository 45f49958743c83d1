// Retry Clinic for other sites: two custom elements with their own Shadow DOM.
//
//   <script type="module" src="https://HOST/embed.js"></script>
//   <retry-clinic-game api="https://HOST"></retry-clinic-game>
//   <retry-clinic-leaderboard api="https://HOST" period="ALL_TIME"></retry-clinic-leaderboard>
//
// Both talk to the GraphQL API at their `api` attribute (by default the
// origin this script came from), cross-origin, with a bearer token and no
// cookies. Styles live in the shadow roots, so the host page's CSS does not
// reach in and ours does not reach out; the --rc-* custom properties are the
// one deliberate way in, for hosts that want to match their colours.
//
// This file must load as a module: it imports the shared modules relative to
// its own URL.

import { h, replace } from "./lib/dom.js";
import { createWsClient, websocketUrl } from "./lib/graphql.js";
import { createSession } from "./lib/session.js";
import { describeError } from "./lib/errors.js";
import { createPlayView } from "./lib/play-view.js";
import { createBoardTable, followBoard, parsePeriod, PERIOD_LABELS } from "./lib/board-view.js";

const STYLESHEETS = ["theme.css", "components.css", "embed.css"]
  .map((name) => new URL(name, import.meta.url).href);

/** The key under which embedded games keep their player tokens, one per API. */
const TOKEN_KEY = "retry-clinic:v1:embed";

/** The GraphQL endpoint for an `api` attribute value. */
function endpointFor(api) {
  const base = api?.trim() || new URL(import.meta.url).origin;
  return new URL("graphql", base.endsWith("/") ? base : `${base}/`).href;
}

/** One live connection per endpoint, however many boards a page shows. */
const wsClients = new Map();
function wsClientFor(endpoint) {
  if (!wsClients.has(endpoint)) {
    const entry = { client: null, listeners: new Set(), state: "idle" };
    entry.client = createWsClient({
      url: websocketUrl(endpoint),
      onStatus: (state) => {
        entry.state = state;
        entry.listeners.forEach((listener) => listener(state));
      },
    });
    wsClients.set(endpoint, entry);
  }
  return wsClients.get(endpoint);
}

/** Reads and writes the embed's tokens; a broken value is simply replaced. */
const tokens = {
  read() {
    try {
      const value = JSON.parse(localStorage.getItem(TOKEN_KEY));
      return value?.version === 1 && typeof value.tokens === "object" && value.tokens ? value.tokens : {};
    } catch {
      return {};
    }
  },
  load(endpoint) {
    const token = tokens.read()[endpoint];
    return typeof token === "string" ? token : null;
  },
  save(endpoint, token) {
    try {
      const all = tokens.read();
      if (token) all[endpoint] = token;
      else delete all[endpoint];
      localStorage.setItem(TOKEN_KEY, JSON.stringify({ version: 1, tokens: all }));
    } catch {
      // Without storage the token lasts as long as the page: still playable.
    }
  },
};

/** Builds an open shadow root with our stylesheets; `ready` settles once they load. */
function styledShadow(host) {
  const root = host.attachShadow({ mode: "open" });
  const links = STYLESHEETS.map((href) => h("link", { rel: "stylesheet", href }));
  const container = h("div", { class: "rc-embed", style: "visibility: hidden" });
  root.append(...links, container);

  const loaded = links.map((link) => new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
  }));
  const ready = Promise.race([Promise.all(loaded), new Promise((resolve) => setTimeout(resolve, 3000))])
    .then(() => container.style.removeProperty("visibility"));
  return { root, container, ready };
}

/** `<retry-clinic-game api="…">`: a compact round of the game. */
class RetryClinicGame extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const { container } = styledShadow(this);
    this.container = container;
    this.start();
  }

  async start() {
    const endpoint = endpointFor(this.getAttribute("api"));
    const session = createSession({
      endpoint,
      loadToken: () => tokens.load(endpoint),
      saveToken: (token) => tokens.save(endpoint, token),
    });

    const title = h("p", { class: "embed-title", text: "Retry Clinic" });
    const tagline = h("p", { class: "embed-tagline" });
    const area = h("div", { class: "play-area compact" }, h("p", { class: "loading", text: "Loading…" }));
    replace(this.container, h("section", { class: "embed-card", "aria-label": "Retry Clinic game" },
      h("header", { class: "embed-header" }, title, tagline), area));

    try {
      const game = await session.api.game();
      title.textContent = game.title;
      tagline.textContent = game.tagline;
      createPlayView({ root: area, session, game, compact: true }).showIdle();
    } catch (error) {
      replace(area, h("div", { class: "error", role: "alert" },
        h("p", { text: `The game could not be loaded. ${describeError(error)}` }),
        h("p", {}, h("button", { type: "button", class: "button", text: "Try again", onclick: () => this.start() }))));
    }
  }
}

/** `<retry-clinic-leaderboard api="…" period="ALL_TIME">`: the live top 10. */
class RetryClinicLeaderboard extends HTMLElement {
  static observedAttributes = ["period", "api"];

  connectedCallback() {
    if (!this.shadowRoot) {
      const { container } = styledShadow(this);
      this.container = container;
    }
    this.follow();
  }

  disconnectedCallback() {
    this.stop?.();
    this.stop = null;
  }

  attributeChangedCallback() {
    if (this.isConnected && this.container) this.follow();
  }

  follow() {
    this.stop?.();
    const endpoint = endpointFor(this.getAttribute("api"));
    const period = parsePeriod(this.getAttribute("period"));
    const connection = wsClientFor(endpoint);

    const status = h("p", { class: "live-status", role: "status" });
    const table = createBoardTable({ caption: `Retry Clinic top 10, ${PERIOD_LABELS[period].toLowerCase()}` });
    table.message("Loading the leaderboard…");
    replace(this.container, h("section", { class: "embed-card embed-board" }, table.table, status));

    const showStatus = (state) => {
      status.dataset.state = state;
      status.textContent = state === "connected" ? "Live" : state === "reconnecting" ? "Reconnecting…" : "";
    };
    connection.listeners.add(showStatus);
    showStatus(connection.state);
    const unsubscribe = followBoard({
      wsClient: connection.client,
      period,
      onBoard: table.render,
      onError: () => table.message("The leaderboard could not be loaded."),
    });
    this.stop = () => {
      connection.listeners.delete(showStatus);
      unsubscribe();
    };
  }
}

if (!customElements.get("retry-clinic-game")) customElements.define("retry-clinic-game", RetryClinicGame);
if (!customElements.get("retry-clinic-leaderboard")) {
  customElements.define("retry-clinic-leaderboard", RetryClinicLeaderboard);
}
