// Runs axe-core inside a page. @axe-core/playwright wants Node 22, so the
// library's own browser bundle is injected instead, which works everywhere.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

/** Runs axe on the page (or `selector` in it) and returns the serious and critical violations. */
export async function seriousViolations(page, { selector } = {}) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async (context) => {
    return axe.run(context ?? document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
  }, selector ?? null);
  return results.violations.filter((item) => item.impact === "serious" || item.impact === "critical");
}

/** A readable summary of violations for an assertion message. */
export function describeViolations(violations) {
  const node = (item) => `    ${item.target.join(" ")}: ${item.failureSummary?.split("\n").join(" ")}`;
  return violations
    .map((item) => `${item.id} (${item.impact}): ${item.help}\n${item.nodes.slice(0, 5).map(node).join("\n")}`)
    .join("\n");
}
