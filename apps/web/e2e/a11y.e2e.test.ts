/**
 * axe-core on every page state, signed out and signed in, light and dark, desktop and 360 px:
 * no serious or critical violation anywhere.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newContext, useApp } from "./fixtures";
import {
  createPageUsers,
  openPageState,
  PAGE_STATES,
  type PageUsers,
  SCHEMES,
  VIEWPORTS,
  type ViewportName,
} from "./pages";

const app = useApp();
let users: PageUsers;

beforeAll(async () => {
  users = await createPageUsers(app);
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; summary: string }>;
}

/** Runs axe-core in the page and returns its serious and critical violations. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String),
        summary: node.failureSummary ?? "",
      })),
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

function report(violations: Violation[]): string {
  return violations
    .map((violation) =>
      [
        `${violation.impact} ${violation.id}: ${violation.help}`,
        ...violation.nodes.map(
          (node) => `  at ${node.target.join(" ")}\n    ${node.summary.replace(/\n/g, "\n    ")}`,
        ),
      ].join("\n"),
    )
    .join("\n");
}

describe.each(
  SCHEMES.flatMap((scheme) => (Object.keys(VIEWPORTS) as ViewportName[]).map((size) => ({ scheme, size }))),
)("axe-core, $scheme, $size", ({ scheme, size }) => {
  it.each(PAGE_STATES)("$name ($path) has no serious or critical violation", async (state) => {
    const cookie = state.user ? users[state.user].cookie : null;
    const context = await newContext(app, cookie, { colorScheme: scheme, viewport: VIEWPORTS[size] });
    try {
      const page = await context.newPage();
      await openPageState(page, state);
      const violations = await seriousViolations(page);
      expect(
        violations,
        `axe-core found in "${state.name}" (${scheme}, ${size}):\n${report(violations)}`,
      ).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
