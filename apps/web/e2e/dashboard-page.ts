/**
 * The dashboard as a person sees it, for the dashboard specs: opened in its own browser context,
 * read through accessible names wherever the page offers them.
 */
import { DAY_MS } from "@doable/domain";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterEach, expect } from "vitest";
import { type App, type ContextOptions, newContext, waitForHydration, watchErrors } from "./fixtures";
import { ELEMENT_WAIT_MS } from "./waits";

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
}

/** Closes, after each test, every context that `openDashboard` opened. */
export function useContexts(): Set<BrowserContext> {
  const contexts = new Set<BrowserContext>();
  afterEach(async () => {
    await Promise.all([...contexts].map((context) => context.close()));
    contexts.clear();
  });
  return contexts;
}

export async function openDashboard(
  app: App,
  contexts: Set<BrowserContext>,
  cookie: string,
  path = "/dashboard",
  options: ContextOptions = {},
): Promise<OpenPage> {
  const context = await newContext(app, cookie, options);
  contexts.add(context);
  context.setDefaultTimeout(ELEMENT_WAIT_MS);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  if (options.javaScriptEnabled !== false) await hydrated(page);
  return { context, page, errors };
}

/** Waits until the dashboard answers input (after a navigation or a reload). */
export async function hydrated(page: Page): Promise<void> {
  await waitForHydration(newTaskBox(page));
}

export function newTaskBox(page: Page): Locator {
  return page.getByRole("textbox", { name: "New task", exact: true });
}

export function taskList(page: Page): Locator {
  return page.getByRole("region", { name: "Task list" });
}

export function checkbox(page: Page, title: string): Locator {
  return taskList(page).getByRole("checkbox", { name: title, exact: true });
}

/** The list item of the task with this title. */
export function taskItem(page: Page, title: string): Locator {
  // `has` is matched inside each list item, so it is written relative to one.
  return taskList(page)
    .getByRole("listitem")
    .filter({ has: page.getByRole("checkbox", { name: title, exact: true }) });
}

/** Titles in the order the list shows them. */
export function titles(page: Page): Promise<string[]> {
  return taskList(page).locator(".task-title").allTextContents();
}

export async function expectTitles(page: Page, expected: string[]): Promise<void> {
  await expect.poll(() => titles(page)).toEqual(expected);
}

/** The "N items left" counter. */
export function counter(page: Page): Locator {
  return page.locator(".list-footer [aria-live]");
}

export async function expectCounter(page: Page, text: string): Promise<void> {
  await expect.poll(() => counter(page).textContent()).toBe(text);
}

export interface ShownStats {
  Total: number;
  Active: number;
  Completed: number;
  Overdue: number;
}

/** The counts the page shows, by their visible labels. */
export function shownStats(page: Page): Promise<Record<string, number>> {
  return page
    .locator('dl[aria-label="Task counts"]')
    .evaluate((list) =>
      Object.fromEntries(
        [...list.querySelectorAll("div")].map((pair) => [
          pair.querySelector("dt")?.textContent ?? "",
          Number(pair.querySelector("dd")?.textContent),
        ]),
      ),
    );
}

export async function expectStats(page: Page, expected: ShownStats): Promise<void> {
  await expect.poll(() => shownStats(page)).toEqual(expected);
}

/** A message shown in place (role="alert") containing `text`. */
export function alertWith(page: Page, text: string | RegExp): Locator {
  return page.getByRole("alert").filter({ hasText: text });
}

/** An ISO instant `days` from now (negative: in the past). */
/**
 * `YYYY-MM-DD` of the day `days` from today in UTC: the zone of the test users' accounts (they sign
 * up without one) and of the test browsers.
 */
export function dateValue(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}
