// GraphQL transport for the Retry Clinic clients: one POST helper for queries
// and mutations, and a small graphql-transport-ws client for subscriptions.
//
// Both speak to the same path, /graphql. Errors come out as two classes so
// callers can tell "the server said no" (GraphQLRequestError, which carries the
// stable extensions.code) from "we do not know what happened" (NetworkError):
// only the second is worth retrying with the same idempotency key.

/** How long one HTTP request may take before it counts as a network failure. */
const REQUEST_TIMEOUT_MS = 15000;

/** The request reached no server, timed out, or came back as a gateway failure. */
export class NetworkError extends Error {
  constructor(message, { status = 0, cause } = {}) {
    super(message, { cause });
    this.name = "NetworkError";
    /** HTTP status if a response arrived at all, 0 otherwise. */
    this.status = status;
  }
}

/** The server answered with GraphQL errors; `code` is the first error's code. */
export class GraphQLRequestError extends Error {
  constructor(errors, data) {
    const first = errors[0] ?? {};
    super(first.message || "The server refused the request.");
    this.name = "GraphQLRequestError";
    /** Stable machine code from extensions.code, e.g. BAD_USER_INPUT. */
    this.code = first.extensions?.code ?? "UNKNOWN";
    /** Every error of the response, as sent. */
    this.errors = errors;
    /** Partial data, if the server sent any. */
    this.data = data ?? null;
  }
}

/**
 * Sends one GraphQL operation over HTTP POST and returns its `data`.
 *
 * Throws GraphQLRequestError when the response carries errors and
 * NetworkError when no usable GraphQL response arrived.
 */
export async function graphqlRequest(endpoint, { query, variables, token, signal }) {
  const headers = {
    "Content-Type": "application/json",
    Accept: "application/graphql-response+json, application/json;q=0.9",
  };
  if (token) headers.Authorization = `Bearer ${token}`;

  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;

  let response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables: variables ?? {} }),
      credentials: "omit",
      signal: combined,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new NetworkError("The request did not reach the server.", { cause });
  }

  const body = await readJson(response);
  if (body === undefined) {
    throw new NetworkError(`The server answered with HTTP ${response.status}.`, {
      status: response.status,
    });
  }

  if (Array.isArray(body.errors) && body.errors.length > 0) {
    throw new GraphQLRequestError(body.errors, body.data);
  }
  if (!response.ok || body.data == null) {
    throw new NetworkError(`The server answered with HTTP ${response.status}.`, {
      status: response.status,
    });
  }
  return body.data;
}

/** Parses a JSON body, or returns undefined when there is none to parse. */
async function readJson(response) {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** Turns an http(s) GraphQL endpoint into the ws(s) URL of the same path. */
export function websocketUrl(endpoint) {
  const url = new URL(endpoint, globalThis.location?.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

/** Picks a delay for reconnect attempt `attempt` (0-based): doubling, capped, jittered. */
export function backoffDelay(attempt, { base = 500, cap = 30000 } = {}) {
  const ceiling = Math.min(cap, base * 2 ** attempt);
  // "Equal jitter": half of the delay is fixed, half is random, so that many
  // clients dropped at once by the same restart do not return in lockstep.
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Close codes of graphql-transport-ws after which reconnecting cannot help. */
const FATAL_CLOSE_CODES = new Set([4400, 4406, 4409]);

/** How long to wait for connection_ack before giving the socket up. */
const ACK_TIMEOUT_MS = 10000;

/** Interval of our own keep-alive pings; a missing pong means a dead socket. */
const PING_INTERVAL_MS = 20000;
const PONG_TIMEOUT_MS = 10000;

/**
 * A graphql-transport-ws client that keeps its subscriptions alive.
 *
 * The socket opens lazily with the first subscription and closes shortly
 * after the last one ends. When it drops, the client waits an exponentially
 * growing, jittered delay, reconnects, and subscribes again to everything
 * that was active; `onStatus` hears "connecting", "connected",
 * "reconnecting" (with the delay in ms) and "idle".
 */
export function createWsClient({ url, connectionParams, onStatus = () => {} }) {
  const active = new Map();
  let socket = null;
  let acknowledged = false;
  let attempt = 0;
  let retryTimer = null;
  let ackTimer = null;
  let pingTimer = null;
  let pongTimer = null;
  let idleTimer = null;
  let nextId = 1;
  let stopped = false;

  function send(message) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (socket || stopped || active.size === 0) return;

    onStatus(attempt === 0 ? "connecting" : "reconnecting");
    acknowledged = false;
    const ws = new WebSocket(url, "graphql-transport-ws");
    socket = ws;

    ws.addEventListener("open", () => {
      const payload = typeof connectionParams === "function" ? connectionParams() : connectionParams;
      send({ type: "connection_init", payload: payload ?? {} });
      ackTimer = setTimeout(() => ws.close(4408, "Connection acknowledgement timeout"), ACK_TIMEOUT_MS);
    });
    ws.addEventListener("message", (event) => handleMessage(ws, event.data));
    ws.addEventListener("close", (event) => handleClose(ws, event.code));
  }

  function handleMessage(ws, raw) {
    if (ws !== socket) return;
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      ws.close(4400, "Invalid message");
      return;
    }

    switch (message.type) {
      case "connection_ack":
        clearTimeout(ackTimer);
        acknowledged = true;
        attempt = 0;
        onStatus("connected");
        for (const [id, entry] of active) send({ id, type: "subscribe", payload: entry.payload });
        startKeepAlive();
        break;
      case "ping":
        send({ type: "pong", payload: message.payload });
        break;
      case "pong":
        clearTimeout(pongTimer);
        break;
      case "next":
        active.get(message.id)?.sink.next(message.payload);
        break;
      case "error": {
        const entry = active.get(message.id);
        active.delete(message.id);
        entry?.sink.error(new GraphQLRequestError(message.payload ?? []));
        break;
      }
      case "complete": {
        const entry = active.get(message.id);
        active.delete(message.id);
        entry?.sink.complete?.();
        break;
      }
      default:
        break;
    }
  }

  function startKeepAlive() {
    clearInterval(pingTimer);
    pingTimer = setInterval(() => {
      send({ type: "ping" });
      clearTimeout(pongTimer);
      pongTimer = setTimeout(() => socket?.close(4499, "No pong"), PONG_TIMEOUT_MS);
    }, PING_INTERVAL_MS);
  }

  function handleClose(ws, code) {
    if (ws !== socket) return;
    socket = null;
    acknowledged = false;
    clearTimeout(ackTimer);
    clearTimeout(pongTimer);
    clearInterval(pingTimer);

    if (stopped || active.size === 0) {
      onStatus("idle");
      return;
    }
    if (FATAL_CLOSE_CODES.has(code)) {
      for (const entry of active.values()) {
        entry.sink.error(new NetworkError(`The live connection was refused (code ${code}).`));
      }
      active.clear();
      onStatus("idle");
      return;
    }

    const delay = backoffDelay(attempt);
    attempt += 1;
    onStatus("reconnecting", delay);
    retryTimer = setTimeout(connect, delay);
  }

  function closeWhenIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (active.size === 0 && socket) socket.close(1000, "Normal Closure");
    }, 1000);
  }

  // A browser that comes back online should not sit out the rest of a long
  // backoff delay.
  globalThis.addEventListener?.("online", () => {
    if (!socket && retryTimer) connect();
  });

  return {
    /**
     * Starts a subscription; `sink` gets next(payload), error(err) and
     * complete(). Returns a function that ends it.
     */
    subscribe(payload, sink) {
      const id = String(nextId++);
      active.set(id, { payload, sink });
      clearTimeout(idleTimer);
      if (socket && acknowledged) send({ id, type: "subscribe", payload });
      else connect();

      return () => {
        if (!active.delete(id)) return;
        if (acknowledged) send({ id, type: "complete" });
        closeWhenIdle();
      };
    },

    /** Ends every subscription and closes the socket for good. */
    dispose() {
      stopped = true;
      active.clear();
      clearTimeout(retryTimer);
      socket?.close(1000, "Normal Closure");
    },
  };
}
