// Submitting a score: the server's refusal is shown in plain words, an
// accepted score appears on a second page showing the live display without
// that page reloading.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, requirements } from "../support/browser.js";
import { useServerAndBrowser } from "../support/fixture.js";
import path from "node:path";
import { mkdir } from "node:fs/promises";
import { submitScoreDirectly } from "../support/arrange.js";
import { openGame, playRoundWithKeyboard, screenshotDir } from "../support/game.js";

describe("the leaderboard", requirements(), () => {
  const env = useServerAndBrowser();

  test("a submitted score appears on the live display without a reload", async () => {
    // Arrange: the display is open before the score exists.
    const { page: display, context: displayContext } = await openPage(env.browser, { width: 1600, height: 900 });
    await display.goto(`${env.server.origin}/display?period=ALL_TIME`);
    await display.locator('#status[data-state="connected"]').waitFor();
    await display.locator(".board-message").waitFor();
    const navigations = [];
    display.on("framenavigated", (frame) => {
      if (frame === display.mainFrame()) navigations.push(frame.url());
    });

    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    const { score } = await playRoundWithKeyboard(page);

    // Act
    // A fixed name: the profanity filter reads digits as letters, so a
    // random number could make the name refused and the test flaky.
    const name = "Display Tester";
    await page.locator("#rc-display-name").fill(name);
    await page.locator("#rc-display-name").press("Enter");

    // Assert: the game page confirms with a rank, the display shows the row.
    await page.locator('[data-testid="submitted"]').waitFor();
    assert.match(await page.locator('[data-testid="submitted"]').innerText(), /rank 1/);

    const row = display.locator(".board tbody tr", { hasText: name });
    await row.waitFor({ timeout: 10000 });
    assert.match(await row.innerText(), new RegExp(score.split("/")[0].trim()));
    assert.deepEqual(navigations, [], "the display did not navigate or reload");

    const pageRow = page.locator("#leaderboard .board tbody tr", { hasText: name });
    await pageRow.waitFor({ timeout: 10000 });

    assert.deepEqual(page.problems, []);
    assert.deepEqual(display.problems, []);
    await context.close();
    await displayContext.close();
  });

  test("a refused display name shows the server's reason and the score can still be submitted", async () => {
    // Arrange
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    await playRoundWithKeyboard(page);
    const field = page.locator("#rc-display-name");

    // Act: a name far longer than any board allows.
    await field.fill("x".repeat(300));
    await field.press("Enter");

    // Assert: the reason is shown next to the field, in words.
    const error = page.locator("#rc-name-error");
    await page.waitForFunction(() => document.querySelector("#rc-name-error")?.textContent.trim().length > 0);
    const reason = await error.innerText();
    assert.ok(reason.length > 5, `a readable reason is shown: ${reason}`);
    assert.equal(await field.getAttribute("aria-invalid"), "true");

    // Act: a fine name now.
    await field.fill("Second Player");
    await field.press("Enter");

    // Assert
    await page.locator('[data-testid="submitted"]').waitFor();
    assert.deepEqual(page.problems.filter((text) => !text.includes("400")), []);
    await context.close();
  });

  test("a player who declines keeps the score local and the board unchanged", async () => {
    // Arrange
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    await playRoundWithKeyboard(page);

    // Act
    await page.getByRole("button", { name: "Don't submit" }).click();

    // Assert
    assert.match(await page.locator(".submit").innerText(), /stays in this browser/);
    assert.match(await page.locator("#latest-score").innerText(), /kept in this browser/);
    await context.close();
  });

  test("the display shows that it is reconnecting while the server is down, and catches up by itself", async () => {
    // Arrange
    const { page, context } = await openPage(env.browser, { width: 1600, height: 900 });
    await page.goto(`${env.server.origin}/display?period=ALL_TIME`);
    await page.locator('#status[data-state="connected"]').waitFor();

    // Act: the server goes away.
    const resume = await env.server.interrupt();

    // Assert: a clear reconnecting state, the last board still on screen.
    await page.locator("#reconnect").waitFor({ state: "visible", timeout: 10000 });
    assert.match(await page.locator("#status").innerText(), /Reconnecting/);
    await mkdir(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, "display-reconnecting.png") });

    // Act: the server comes back and a new score arrives.
    await resume();
    await page.locator('#status[data-state="connected"]').waitFor({ timeout: 40000 });
    await submitScoreDirectly(env.server.origin, "After Restart");

    // Assert: the board recovered by itself.
    await page.locator(".board tbody tr", { hasText: "After Restart" }).waitFor({ timeout: 10000 });
    assert.equal(await page.locator("#reconnect").isVisible(), false);
    await context.close();
  });
});
