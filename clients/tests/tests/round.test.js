// A whole round played with the keyboard alone, then a reload: what the
// browser keeps (XP, rounds, review history) must still be there, and the
// review round built from it must be a practice round.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, requirements } from "../support/browser.js";
import { useServerAndBrowser } from "../support/fixture.js";
import { openGame, playRoundWithKeyboard } from "../support/game.js";

const STORAGE_KEY = "retry-clinic:v1";

describe("a round on the game page", requirements(), () => {
  const env = useServerAndBrowser();

  test("a player finishes a round with the keyboard, sees feedback after every answer, and keeps progress after a reload", async () => {
    // Arrange
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);

    // Act
    const seen = [];
    const { verdicts, score } = await playRoundWithKeyboard(page, {
      pick: (position) => ((position - 1) % 4) + 1,
      onFeedback: async ({ feedback, verdict, position, total }) => {
        const text = await feedback.innerText();
        seen.push({ position, total, verdict, text });
      },
    });

    // Assert: feedback after each answer, with the safer pattern when not SAFE.
    assert.equal(verdicts.length, 8, "a default round has 8 scenarios");
    for (const item of seen) {
      assert.equal(item.total, 8);
      assert.match(item.text, /points/, `feedback ${item.position} shows the points`);
      if (item.verdict !== "SAFE") {
        assert.match(item.text, /safer pattern/i, `feedback ${item.position} shows the safer pattern`);
      }
    }
    assert.match(score, /^\d+ \/ 800/);
    const breakdownRows = await page.locator("table.breakdown tbody tr").count();
    assert.ok(breakdownRows >= 1, "the result shows a breakdown per concept");

    const before = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY));
    const earned = Number(score.split("/")[0].trim());
    assert.equal(before.xp, earned, "XP equals the points earned in the round");

    // Act: reload.
    await page.reload();
    await page.locator('[data-action="start"]').waitFor();

    // Assert: progress, XP and review history are still shown.
    assert.equal(await page.locator('[data-stat="xp"]').innerText(), earned.toLocaleString("en-US"));
    assert.equal(await page.locator('[data-stat="games-played"]').innerText(), "1");
    assert.equal(await page.locator('[data-stat="completed"]').innerText(), "1");
    assert.match(await page.locator('[data-stat="best-score"]').innerText(), new RegExp(`^${earned.toLocaleString("en-US")} / 800$`));
    assert.match(await page.locator('[data-testid="review-history"]').innerText(), /8 scenarios answered/);

    const stored = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY));
    assert.equal(stored.version, 1);
    assert.equal(Object.keys(stored.reviewHistory).length, 8);
    for (const entry of Object.values(stored.reviewHistory)) {
      assert.equal(entry.timesSeen, 1);
      assert.ok(["SAFE", "PARTIAL", "UNSAFE"].includes(entry.lastVerdict));
      assert.ok(!Number.isNaN(Date.parse(entry.lastPlayedAt)));
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test("a review round replays the scenarios missed last time and offers no leaderboard submission", async () => {
    // Arrange: a round where some answers are not SAFE.
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    let verdicts = [];
    for (let attempt = 0; attempt < 3 && !verdicts.some((v) => v !== "SAFE"); attempt += 1) {
      ({ verdicts } = await playRoundWithKeyboard(page, { pick: () => 1 }));
    }
    const missed = verdicts.filter((verdict) => verdict !== "SAFE").length;
    assert.ok(missed > 0, "at least one answer was not SAFE");
    const review = page.locator('[data-action="review"]');
    const label = await review.innerText();

    // Act
    const { verdicts: reviewVerdicts } = await playRoundWithKeyboard(page, { start: '[data-action="review"]' });

    // Assert
    const offered = Number(label.match(/Review what I missed \((\d+)\)/)?.[1]);
    assert.ok(offered >= missed, "every scenario missed in the last round is offered for review");
    assert.equal(reviewVerdicts.length, offered, "the review round has exactly the missed scenarios");
    assert.equal(await page.locator(".submit-form").count(), 0, "a practice round has no submit form");
    assert.match(await page.locator(".result").innerText(), /Review round complete/);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test("the number keys answer only while focus is inside the play area", async () => {
    // Arrange
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    await page.locator('[data-action="start"]').click();
    await page.locator(".scenario-title").waitFor();

    // Act: a digit typed while focus sits elsewhere on the page.
    await page.locator('[data-action="export-progress"]').focus();
    await page.keyboard.press("2");
    await page.waitForTimeout(500);

    // Assert
    assert.equal(await page.locator(".live .feedback").count(), 0, "no answer was sent");

    // Act: the same digit inside the play area.
    await page.locator(".scenario-title").focus();
    await page.keyboard.press("2");

    // Assert
    await page.locator(".live .feedback").waitFor();
    assert.equal(await page.locator(".choice.is-chosen").getAttribute("data-choice-id"),
      await page.locator(".choices li:nth-child(2) .choice").getAttribute("data-choice-id"));
    await context.close();
  });

  test("a round left half-way is resumed where it stopped after a reload", async () => {
    // Arrange: two answers given.
    const { page, context } = await openPage(env.browser);
    await openGame(page, env.server.origin);
    await page.locator('[data-action="start"]').click();
    for (const position of [1, 2]) {
      await page.locator('[data-testid="round-progress"]', { hasText: `${position} / 8` }).waitFor();
      await page.locator(".scenario-title").focus();
      await page.keyboard.press("1");
      await page.locator(".live .feedback").waitFor();
      await page.keyboard.press("Enter");
    }
    await page.locator('[data-testid="round-progress"]', { hasText: "3 / 8" }).waitFor();
    const title = await page.locator(".scenario-title").innerText();

    // Act
    await page.reload();

    // Assert: the same third scenario, and the round counted once.
    await page.locator('[data-testid="round-progress"]', { hasText: "3 / 8" }).waitFor();
    assert.equal(await page.locator(".scenario-title").innerText(), title);
    assert.equal(await page.locator('[data-stat="games-played"]').innerText(), "1");
    await context.close();
  });
});
