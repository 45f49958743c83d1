// What the browser kept is never trusted: broken, foreign or outdated data
// is reset or repaired with a visible notice, and a token the server no
// longer knows is replaced without the player noticing.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, requirements } from "../support/browser.js";
import { useServerAndBrowser } from "../support/fixture.js";
import { openGame, playRoundWithKeyboard } from "../support/game.js";

const STORAGE_KEY = "retry-clinic:v1";

/** Opens the game with `value` stored under the key before any script runs. */
async function openWithStored(browser, origin, value) {
  const { page, context } = await openPage(browser);
  await context.addInitScript(([key, text]) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem(key, text);
      sessionStorage.setItem("seeded", "yes");
    }
  }, [STORAGE_KEY, value]);
  await openGame(page, origin);
  return { page, context };
}

describe("local progress", requirements(), () => {
  const env = useServerAndBrowser();

  test("unparseable saved progress is reset with a notice and the game still works", async () => {
    // Arrange and act
    const { page, context } = await openWithStored(env.browser, env.server.origin, "{not json");

    // Assert
    const notice = page.locator('[data-testid="storage-notice"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /could not be read/);
    assert.equal(await page.locator('[data-stat="xp"]').innerText(), "0");
    const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY));
    assert.equal(stored.version, 1, "a clean value replaced the broken one");

    await page.locator('[data-action="start"]').click();
    await page.locator(".scenario-title").waitFor();
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test("progress from another version or of the wrong shape is reset with a notice", async () => {
    for (const value of [JSON.stringify({ version: 0, xp: 12 }), JSON.stringify([1, 2, 3]), "42"]) {
      // Arrange and act
      const { page, context } = await openWithStored(env.browser, env.server.origin, value);

      // Assert
      const notice = page.locator('[data-testid="storage-notice"]');
      await notice.waitFor();
      assert.match(await notice.innerText(), /reset/, `a notice for ${value}`);
      assert.equal(await page.locator('[data-stat="xp"]').innerText(), "0");
      await context.close();
    }
  });

  test("damaged fields are repaired and the valid ones kept, with a notice", async () => {
    // Arrange
    const value = JSON.stringify({
      version: 1, token: null, xp: 340, gamesPlayed: "many", completedRounds: 2,
      reviewHistory: { "some-scenario": { timesSeen: 1, lastVerdict: "MAYBE", lastPlayedAt: "yesterday" } },
      bestScores: [], lastRound: null, activeRun: null,
    });

    // Act
    const { page, context } = await openWithStored(env.browser, env.server.origin, value);

    // Assert
    const notice = page.locator('[data-testid="storage-notice"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /damaged/);
    assert.equal(await page.locator('[data-stat="xp"]').innerText(), "340");
    assert.equal(await page.locator('[data-stat="games-played"]').innerText(), "0");
    assert.equal(await page.locator('[data-stat="completed"]').innerText(), "2");
    await context.close();
  });

  test("a token the server does not know is replaced by a new player without a fuss", async () => {
    // Arrange: a well-formed progress whose token came from another database.
    const value = JSON.stringify({
      version: 1, token: "rc_this-token-was-never-issued", xp: 0, gamesPlayed: 0, completedRounds: 0,
      reviewHistory: {}, bestScores: [], lastRound: null, activeRun: null,
    });
    const { page, context } = await openWithStored(env.browser, env.server.origin, value);

    // Act
    const { score } = await playRoundWithKeyboard(page);

    // Assert
    assert.match(score, /\/ 800/);
    assert.equal(await page.locator('[data-testid="storage-notice"]').count(), 0);
    const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY));
    assert.notEqual(stored.token, "rc_this-token-was-never-issued");
    assert.equal(typeof stored.token, "string");
    assert.deepEqual(page.problems.filter((text) => !/401|403/.test(text)), []);
    await context.close();
  });

  test("the reset button forgets local progress and export downloads it as JSON", async () => {
    // Arrange
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    await playRoundWithKeyboard(page);
    await page.reload();
    await page.locator('[data-action="start"]').waitFor();

    // Act: export.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-action="export-progress"]').click(),
    ]);
    const exported = JSON.parse(await streamText(await download.createReadStream()));

    // Act: reset, confirming.
    const token = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).token;
    await page.locator('[data-action="reset-progress"]').click();
    await page.locator('[data-action="confirm-reset"]').click();

    // Assert
    assert.equal(exported.version, 1);
    assert.equal(exported.completedRounds, 1);
    assert.ok(!JSON.stringify(exported).includes(token), "the export leaves out the secret token");
    assert.equal(await page.locator('[data-stat="xp"]').innerText(), "0");
    assert.equal(await page.locator('[data-stat="completed"]').innerText(), "0");
    await context.close();
  });
});

async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
