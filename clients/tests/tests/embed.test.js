// The embed on somebody else's site: a page from another origin loads
// embed.js from the API's origin and shows both custom elements, which talk
// to the API cross-origin. Styles must not leak in either direction.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { openPage, requirements } from "../support/browser.js";
import { useServerAndBrowser } from "../support/fixture.js";
import { submitScoreDirectly } from "../support/arrange.js";

/** The host page: its own styles try hard to reach into the embed. */
function hostPage(apiOrigin) {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A study site</title>
  <style>
    body { font-family: serif; color: rgb(0, 100, 0); }
    button { background: rgb(255, 0, 0) !important; }
    .button { border: 9px solid rgb(0, 0, 0); }
    table, td { font-size: 40px; }
  </style>
  <script type="module" src="${apiOrigin}/embed.js"></script>
</head>
<body>
  <main>
    <h1>Notes on retries</h1>
    <button type="button" class="button" id="host-button">A button of the host</button>
    <retry-clinic-leaderboard api="${apiOrigin}" period="ALL_TIME"></retry-clinic-leaderboard>
    <retry-clinic-game api="${apiOrigin}"></retry-clinic-game>
  </main>
</body>
</html>`;
}

describe("the embed on another origin", requirements(), () => {
  const env = useServerAndBrowser();
  let host;
  let hostOrigin;

  before(async () => {
    host = http.createServer((request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(hostPage(env.server.origin));
    });
    await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
    // "localhost" rather than 127.0.0.1: a different host as well as a different port.
    hostOrigin = `http://localhost:${host.address().port}`;
  });

  after(async () => {
    await new Promise((resolve) => host?.close(resolve));
  });

  test("both elements work on a page from a different origin", async () => {
    // Arrange: one score on the board before the page opens.
    await submitScoreDirectly(env.server.origin, "Board Seed");
    const { page, context } = await openPage(env.browser);

    // Act
    await page.goto(`${hostOrigin}/`);

    // Assert: the board shows the entry.
    const row = page.locator("retry-clinic-leaderboard .board tbody tr", { hasText: "Board Seed" });
    await row.waitFor({ timeout: 15000 });

    // Act: start the game and answer one scenario with the keyboard.
    const start = page.locator('retry-clinic-game [data-action="start"]');
    await start.waitFor();
    await start.click();
    await page.locator("retry-clinic-game .scenario-title").waitFor();
    assert.match(await page.locator('retry-clinic-game [data-testid="round-progress"]').innerText(), /1 \/ 8/);
    await page.keyboard.press("2");

    // Assert: feedback shows inside the element.
    const feedback = page.locator("retry-clinic-game .live .feedback");
    await feedback.waitFor();
    assert.match(await feedback.innerText(), /points/);
    assert.ok(await page.evaluate(() => JSON.parse(localStorage.getItem("retry-clinic:v1:embed")).version === 1),
      "the embed keeps its token under its own versioned key");

    // Assert: the host's styles stay out, ours stay in.
    const styles = await page.evaluate(() => {
      const game = document.querySelector("retry-clinic-game").shadowRoot;
      const inner = game.querySelector('[data-action="next"]');
      const hostButton = document.getElementById("host-button");
      return {
        innerBackground: getComputedStyle(inner).backgroundColor,
        innerFont: getComputedStyle(inner).fontFamily,
        hostBorder: getComputedStyle(hostButton).borderTopWidth,
        hostRadius: getComputedStyle(hostButton).borderTopLeftRadius,
      };
    });
    assert.notEqual(styles.innerBackground, "rgb(255, 0, 0)", "the host's button rule does not reach in");
    assert.doesNotMatch(styles.innerFont, /^serif$/, "the host's font does not reach in");
    assert.equal(styles.hostBorder, "9px", "the embed's .button rule does not reach out");
    assert.equal(styles.hostRadius, "0px", "the embed's .button rule does not reach out");
    assert.deepEqual(page.problems, []);
    await context.close();
  });
});
