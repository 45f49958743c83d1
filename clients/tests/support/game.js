// Steps of the game that several tests share, done as a player would: with
// the keyboard, waiting for what the page shows.

import { fileURLToPath } from "node:url";

/** Where screenshots go; the tests print the path. */
export const screenshotDir = process.env.SCREENSHOT_DIR ||
  fileURLToPath(new URL("../../../test-output/screenshots", import.meta.url));

/** Opens the game page and waits for the idle play area. */
export async function openGame(page, origin) {
  await page.goto(`${origin}/`);
  await page.locator('[data-action="start"]').waitFor();
}

/**
 * Plays a round with the keyboard only, from the idle screen (pressing Enter
 * on `start`) or, with `start: null`, from the scenario on screen. Presses the
 * digit `pick(position)` for each scenario (1 by default), checks that
 * feedback shows after every answer, and returns the verdicts and the final
 * score text.
 */
export async function playRoundWithKeyboard(page, options = {}) {
  const { pick = () => 1, start = '[data-action="start"]', onFeedback } = options;
  if (start) {
    await page.locator(start).focus();
    await page.keyboard.press("Enter");
  }

  const verdicts = [];
  for (;;) {
    await page.locator(".scenario-title").waitFor();
    const progress = await page.locator('[data-testid="round-progress"]').textContent();
    const [position, total] = progress.replace(/[^\d/]/g, "").split("/").map(Number);

    // The title holds the focus, so the digit keys reach the play area. A
    // scenario has three or four choices: a wanted fourth becomes the last.
    await page.waitForFunction(() => document.activeElement?.classList.contains("scenario-title"));
    const choices = await page.locator(".stage button.choice").count();
    await page.keyboard.press(String(Math.min(pick(position), choices)));

    const feedback = page.locator(".live .feedback");
    await feedback.waitFor();
    const verdict = await feedback.getAttribute("data-verdict");
    verdicts.push(verdict);
    await onFeedback?.({ page, position, total, verdict, feedback });

    await page.keyboard.press("Enter");
    if (position === total) break;
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="round-progress"]')?.textContent.includes(`${expected} /`),
      position + 1,
    );
  }

  const score = page.locator('[data-testid="final-score"]');
  await score.waitFor();
  return { verdicts, score: await score.innerText() };
}
