/**
 * axe-core on every page state, signed out and signed in, light and dark, desktop and 360 px:
 * no serious or critical violation anywhere.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
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
