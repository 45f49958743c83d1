// The setup most test files share: one real server with a fresh database and
// one Chromium for the whole `describe`, stopped when it ends.

import { after, before } from "node:test";
import { launchBrowser } from "./browser.js";
import { startServer } from "./server.js";

/**
 * Registers the hooks and returns `{ server, browser }`, filled in once the
 * `before` hook has run. A `describe` may add hooks of its own after this
 * call; node:test runs them in the order they were registered.
 */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };

  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });

  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });

  return env;
}
