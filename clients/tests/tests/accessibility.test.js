// axe-core finds no serious or critical violation on the game page (before,
// during and after a round, light and dark) and on the display. Screenshots
// of the same pages are written for people to look at.

import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { openPage, requirements } from "../support/browser.js";
import { useServerAndBrowser } from "../support/fixture.js";
import { submitScoreDirectly } from "../support/arrange.js";
import { describeViolations, seriousViolations } from "../support/axe.js";
import { openGame, playRoundWithKeyboard, screenshotDir } from "../support/game.js";

describe("accessibility and looks", requirements(), () => {
  const env = useServerAndBrowser();

  before(async () => {
    await submitScoreDirectly(env.server.origin, "Ada");
    await submitScoreDirectly(env.server.origin, "Grace");
    await mkdir(screenshotDir, { recursive: true });
    console.log(`Screenshots are written to ${screenshotDir}`);
  });

  for (const colorScheme of ["light", "dark"]) {
    test(`the game page has no serious accessibility violation in ${colorScheme} mode, in any state of a round`, async () => {
      // Arrange
      const { page, context } = await openPage(env.browser, { colorScheme });
      await openGame(page, env.server.origin);
      await page.locator("#leaderboard .board tbody tr", { hasText: "Ada" }).waitFor();
      const found = [];

      // Act: idle, a question, its feedback, the result.
      found.push(...await seriousViolations(page));
      await page.locator('[data-action="start"]').click();
      await page.locator(".scenario-title").waitFor();
      found.push(...await seriousViolations(page));
      await page.keyboard.press("1");
      await page.locator(".live .feedback").waitFor();
      found.push(...await seriousViolations(page));
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="round-progress"]', { hasText: "2 /" }).waitFor();
      const { score } = await playRoundWithKeyboard(page, { start: null });
      found.push(...await seriousViolations(page));

      // Assert
      assert.match(score, /\/ 800/);
      assert.deepEqual(found, [], describeViolations(found));
      await context.close();
    });

    test(`the display has no serious accessibility violation in ${colorScheme} mode`, async () => {
      // Arrange
      const { page, context } = await openPage(env.browser, { colorScheme, width: 1600, height: 900 });
      await page.goto(`${env.server.origin}/display?period=ALL_TIME`);
      await page.locator(".board tbody tr", { hasText: "Grace" }).waitFor();

      // Act
      const found = await seriousViolations(page);

      // Assert
      assert.deepEqual(found, [], describeViolations(found));
      await context.close();
    });
  }

  test("screenshots of the game page and the display are written", async () => {
    const shots = [];
    for (const colorScheme of ["light", "dark"]) {
      for (const width of [390, 1280]) {
        const { page, context } = await openPage(env.browser, { colorScheme, width, height: 900 });
        await openGame(page, env.server.origin);
        await page.locator("#leaderboard .board tbody tr", { hasText: "Ada" }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 0, `the page fits ${width} px without sideways scrolling (${overflow} px over)`);
        const idle = path.join(screenshotDir, `game-${width}-${colorScheme}.png`);
        await page.screenshot({ path: idle, fullPage: true });

        await page.locator('[data-action="start"]').click();
        await page.locator(".scenario-title").waitFor();
        await page.keyboard.press("1");
        await page.locator(".live .feedback").waitFor();
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
          `a scenario with feedback fits ${width} px`);
        const feedback = path.join(screenshotDir, `game-${width}-${colorScheme}-feedback.png`);
        await page.locator("#play").screenshot({ path: feedback });
        shots.push(idle, feedback);
        await context.close();
      }

      const { page, context } = await openPage(env.browser, { colorScheme, width: 1600, height: 900 });
      await page.goto(`${env.server.origin}/display?period=ALL_TIME`);
      await page.locator(".board tbody tr", { hasText: "Grace" }).waitFor();
      await page.locator('#status[data-state="connected"]').waitFor();
      const display = path.join(screenshotDir, `display-${colorScheme}.png`);
      await page.screenshot({ path: display });
      shots.push(display);
      await context.close();
    }

    const names = shots.map((file) => path.basename(file)).join("\n  ");
    console.log(`Wrote ${shots.length} screenshots to ${screenshotDir}:\n  ${names}`);
    assert.equal(shots.length, 10);
  });
});
