/**
 * Renders every page at desktop and phone width, in light and dark, into docs/screenshots/.
 * Run with the production build present: `pnpm --filter @doable/web screenshots`.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../e2e/browser";
import { startProductionServer } from "@doable/test-support/production-server";

const OUTPUT_DIR = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));
const VIEWPORTS = {
  desktop: { width: 1280, height: 860 },
  mobile: { width: 360, height: 780 },
} as const;
const PASSWORD = "screenshots-password";

async function signUp(page: Page, baseUrl: string, email: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(`${baseUrl}/dashboard`);
}

async function addTask(
  page: Page,
  title: string,
  options: { priority?: string; due?: string; tags?: string } = {},
) {
  if (options.priority || options.due || options.tags) {
    const toggle = page.getByRole("button", { name: "More options" });
    if (await toggle.isVisible()) await toggle.click();
    if (options.priority)
      await page.locator(".new-task").getByLabel("Priority").selectOption(options.priority);
    if (options.due) await page.locator(".new-task").getByLabel("Due date").fill(options.due);
    if (options.tags) await page.locator(".new-task").getByLabel("Tags").fill(options.tags);
  }
  await page.getByRole("textbox", { name: "New task" }).fill(title);
  await page.getByRole("button", { name: "Add task" }).click();
  await page.getByText(title, { exact: true }).waitFor();
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function shoot(context: BrowserContext, baseUrl: string, path: string, name: string) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}${path}`);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  await page.close();
}

async function main(): Promise<void> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const server = await startProductionServer();
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const setup = await browser.newContext({ viewport: VIEWPORTS.desktop, timezoneId: "UTC" });
    const page = await setup.newPage();
    await signUp(page, server.baseUrl, "ada@example.com", "Ada Lovelace");
    await addTask(page, "Renew passport", { priority: "high", due: isoDay(-2), tags: "admin" });
    await addTask(page, "Book dentist appointment", { due: isoDay(0), tags: "health" });
    await addTask(page, "Plan the team offsite", {
      priority: "high",
      due: isoDay(9),
      tags: "work, planning",
    });
    await addTask(page, "Buy birthday present for Sam", { tags: "home" });
    await addTask(page, "Read chapter 4 of the analytical engine notes", { priority: "low" });
    // The optimistic toggle lands a tick after the click (it first cancels in-flight queries),
    // which Playwright's check() can read as "did not change": click, then wait for the state.
    await page.getByRole("checkbox", { name: "Buy birthday present for Sam" }).click();
    await page.getByRole("checkbox", { name: "Buy birthday present for Sam", checked: true }).waitFor();
    await page.waitForLoadState("networkidle");
    const cookies = await setup.cookies();

    for (const scheme of ["light", "dark"] as const) {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        const signedOut = await browser.newContext({ viewport, colorScheme: scheme, timezoneId: "UTC" });
        for (const path of ["/", "/signin", "/signup"]) {
          await shoot(
            signedOut,
            server.baseUrl,
            path,
            `${path === "/" ? "home" : path.slice(1)}-${size}-${scheme}`,
          );
        }
        await signedOut.close();
        const signedIn = await browser.newContext({ viewport, colorScheme: scheme, timezoneId: "UTC" });
        await signedIn.addCookies(cookies);
        for (const path of ["/dashboard", "/account"]) {
          await shoot(signedIn, server.baseUrl, path, `${path.slice(1)}-${size}-${scheme}`);
        }
        await signedIn.close();
      }
    }
    await setup.close();
  } finally {
    await browser?.close();
    await server.stop();
  }
  console.log(`Screenshots written to ${OUTPUT_DIR}`);
}

await main();
