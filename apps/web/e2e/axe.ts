/** axe-core run inside a page: the serious and critical violations every spec refuses. */
import axe from "axe-core";
import type { Page } from "playwright-core";

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; summary: string }>;
}

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
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

export function report(violations: Violation[]): string {
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
