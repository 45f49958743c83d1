// Debian's Chromium, driven by playwright-core. No browser is ever
// downloaded: the executable comes from CHROMIUM_PATH or /usr/bin/chromium.
//
// When Chromium or the server binary is missing, a developer's run skips the
// browser tests loudly; under CI (env CI set) they fail instead, because a
// green run that tested nothing would be a lie.

import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { serverMissingReason } from "./server.js";

/** The Chromium executable to drive. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Returns `{ skip: reason }` for node:test when the tests cannot run here, or
 * `{}` when they can. Throws under CI, so a missing tool fails the run.
 */
export function requirements() {
  const missing = [];
  if (!existsSync(chromiumPath)) {
    missing.push(`Chromium was not found at ${chromiumPath} (install Debian's chromium, or set CHROMIUM_PATH)`);
  }
  const server = serverMissingReason();
  if (server) missing.push(server);
  if (missing.length === 0) return {};

  const reason = missing.join("; ");
  if (process.env.CI) throw new Error(`Browser tests cannot run under CI: ${reason}`);
  console.warn(`\n*** SKIPPING the Retry Clinic browser tests: ${reason}. ***\n`);
  return { skip: reason };
}

/** Launches headless Chromium. */
export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: LAUNCH_ARGS });
}

/**
 * Opens a fresh context (its own localStorage) and page. Page errors and
 * console errors are collected in `page.problems` so tests can assert a
 * clean run.
 */
export async function openPage(browser, { width = 1280, height = 900, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console error: ${message.text()}`);
  });
  return { context, page };
}
