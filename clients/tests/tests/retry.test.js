// The lesson of the game, applied to the game itself: when the reply to an
// answer is lost, the page sends the same request again with the same
// idempotency key, and the server replays its first result instead of
// grading twice.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, requirements } from "../support/browser.js";
import { useServerAndBrowser } from "../support/fixture.js";
import { openGame } from "../support/game.js";

describe("retrying after a lost reply", requirements(), () => {
  const env = useServerAndBrowser();

  test("an answer whose reply is lost is retried with the same key and counted once", async () => {
    // Arrange: the first SubmitAnswer reaches the server, but its reply is dropped.
    const { page, context } = await openPage(env.browser);
    const sent = [];
    await page.route("**/graphql", async (route) => {
      const body = route.request().postDataJSON();
      if (!body?.query?.includes("mutation SubmitAnswer")) return route.continue();

      sent.push(body.variables.input);
      if (sent.length === 1) {
        await route.fetch();
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    await openGame(page, env.server.origin);

    // Act
    await page.locator('[data-action="start"]').click();
    await page.locator(".scenario-title").waitFor();
    await page.keyboard.press("1");

    // Assert: one intent, two attempts, one key, one graded answer.
    const feedback = page.locator(".live .feedback");
    await feedback.waitFor();
    assert.equal(sent.length, 2, "the answer was sent twice");
    assert.equal(sent[0].idempotencyKey, sent[1].idempotencyKey, "both attempts carry the same key");
    assert.match(sent[0].idempotencyKey, /^[0-9a-f-]{36}$/);
    assert.match(await feedback.innerText(), /replayed the stored result/);

    const points = Number((await feedback.locator(".points").innerText()).match(/\+(\d+)/)[1]);
    assert.equal(await page.locator('[data-stat="xp"]').innerText(), String(points), "XP counts the answer once");
    await context.close();
  });

  test("after the automatic retries fail, Try again sends the same key once more", async () => {
    // Arrange: StartRun fails at the network three times, then goes through.
    const { page, context } = await openPage(env.browser);
    const keys = [];
    await page.route("**/graphql", async (route) => {
      const body = route.request().postDataJSON();
      if (!body?.query?.includes("mutation StartRun")) return route.continue();

      keys.push(body.variables.input.idempotencyKey);
      return keys.length <= 3 ? route.abort("connectionrefused") : route.continue();
    });
    await openGame(page, env.server.origin);

    // Act
    await page.locator('[data-action="start"]').click();
    const tryAgain = page.getByRole("button", { name: "Try again" });
    await tryAgain.waitFor({ timeout: 15000 });
    const message = await page.locator(".alert-slot").innerText();
    await tryAgain.press("Enter");

    // Assert
    await page.locator(".scenario-title").waitFor();
    assert.match(message, /same idempotency key/);
    assert.equal(keys.length, 4);
    assert.equal(new Set(keys).size, 1, "every attempt of the one intent used one key");
    await context.close();
  });
});
