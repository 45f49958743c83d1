// Starts the real Retry Clinic server for a test: its own temporary SQLite
// database, an ephemeral port, and a stop() that ends the process and removes
// the files.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The server binary: RETRY_CLINIC_BIN, or the debug build of this repository. */
export const serverBinary = process.env.RETRY_CLINIC_BIN
  ? path.resolve(process.env.RETRY_CLINIC_BIN)
  : path.resolve(here, "../../../target/debug/api");

/** How long the server may take to print its "listening" line. */
const STARTUP_TIMEOUT_MS = 30000;

/** Why the server cannot be started here, or null when it can. */
export function serverMissingReason() {
  return existsSync(serverBinary)
    ? null
    : `the server binary ${serverBinary} does not exist (build it with cargo build -p api, or set RETRY_CLINIC_BIN)`;
}

/**
 * Spawns the server on 127.0.0.1 with a fresh database and resolves once it
 * prints its listening address. Returns { origin, port, output, interrupt,
 * stop }: `interrupt()` stops the process and hands back a function that
 * starts a new one on the same port and database, as a deploy would.
 */
export async function startServer() {
  const dir = await mkdtemp(path.join(tmpdir(), "retry-clinic-web-"));
  const databaseUrl = `sqlite://${dir}/rc.db?mode=rwc`;
  let output = "";
  let child;

  const spawnOn = async (listen) => {
    child = spawn(serverBinary, ["--listen", listen, "--database-url", databaseUrl], {
      env: { ...process.env, RUST_LOG: "info", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return waitForListening(child, (chunk) => {
      output += chunk;
    }, () => output);
  };

  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  const port = await spawnOn("127.0.0.1:0");
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    get output() {
      return output;
    },
    /** Stops the server and returns a function that starts it again. */
    async interrupt() {
      await kill();
      return () => spawnOn(`127.0.0.1:${port}`);
    },
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the port once `child` prints a "listening ... addr=HOST:PORT" line. */
function waitForListening(child, record, recorded) {
  let seen = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the server did not report a listening address within ${STARTUP_TIMEOUT_MS} ms:\n${recorded()}`));
    }, STARTUP_TIMEOUT_MS);

    const read = (chunk) => {
      // Colour codes may sit between "addr" and "=", so they go first.
      const text = chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
      record(text);
      seen += text;
      const line = seen.split("\n").find((item) => item.includes("listening") && /addr=([\d.:]+)/.test(item));
      if (!line) return;
      clearTimeout(timer);
      child.off("exit", early);
      resolve(Number(line.match(/addr=([\d.:]+)/)[1].split(":").at(-1)));
    };
    const early = (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited early (code ${code}, signal ${signal}):\n${recorded()}`));
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", early);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Sends one GraphQL request to `origin`, for arranging data outside the browser. */
export async function graphql(origin, query, variables = {}, token) {
  const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}
