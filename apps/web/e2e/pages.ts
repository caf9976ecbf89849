/**
 * Every page of the app in the states worth checking for accessibility and layout: signed out
 * and signed in, with and without tasks, with the task editor and "More options" open, quick add's
 * preview, the keyboard shortcuts and a project's view.
 * Shared by the axe-core and layout specs so both cover the same ground.
 */
import { DAY_MS } from "@doable/domain";
import type { Page } from "playwright-core";
import { type App, callApi, createTasks, createUser, type TestUser } from "./fixtures";

export const SCHEMES = ["light", "dark"] as const;
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;

export type Scheme = (typeof SCHEMES)[number];
export type ViewportName = keyof typeof VIEWPORTS;

/** The users a page state needs: one with a varied list of tasks and one with none. */
export interface PageUsers {
  withTasks: TestUser;
  empty: TestUser;
}

export interface PageState {
  name: string;
  path: string;
  user: keyof PageUsers | null;
  /** Puts the page in the state to check (after it has loaded and hydrated). */
  prepare?: (page: Page) => Promise<void>;
}

/** The calendar day (UTC, the test accounts' zone) of an instant `ms` after 1970. */
function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const OVERDUE_TITLE = "Renew passport";
export const LONG_TITLE =
  "Read chapter four of the analytical engine notes and write down every question that comes up";

/** Creates the two users and the first one's tasks: overdue, due soon, completed, tagged, long. */
export async function createPageUsers(app: App): Promise<PageUsers> {
  const withTasks = await createUser(app, { name: "Ada Lovelace" });
  const empty = await createUser(app);
  const now = Date.now();
  await createTasks(app, withTasks.cookie, [
    { title: LONG_TITLE, priority: "low" },
    {
      title: "Plan the team offsite",
      // Several lines, one of them a long unbroken link: it must wrap, not widen the page.
      description:
        "Venue shortlist in the shared folder\nhttps://example.com/offsite/2027/venues/shortlist-with-prices-and-travel-times\nAsk about dietary needs\nBook the bus",
      priority: "high",
      dueDate: dayOf(now + 9 * DAY_MS),
    },
    { title: "Book dentist appointment", dueDate: dayOf(now + DAY_MS), tags: ["health"] },
    {
      title: OVERDUE_TITLE,
      priority: "high",
      dueDate: dayOf(now - 2 * DAY_MS),
      tags: ["admin", "paperwork"],
    },
  ]);
  const [done] = await createTasks(app, withTasks.cookie, [
    { title: "Buy birthday present", tags: ["home"] },
  ]);
  const response = await fetch(`${app.baseUrl}/api/trpc/task.setCompleted`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: withTasks.cookie, origin: app.baseUrl },
    body: JSON.stringify({ json: { id: done?.id, completed: true } }),
  });
  if (!response.ok) throw new Error(`task.setCompleted failed: ${response.status}`);
  // Two tasks in the trash, one with a long title, for /trash.
  const trashed = await createTasks(app, withTasks.cookie, [
    { title: "Old shopping list" },
    { title: `${LONG_TITLE} (an older draft)` },
  ]);
  for (const task of trashed) {
    const deleted = await callApi(app, withTasks.cookie, "mutation", "task.delete", { id: task.id });
    if (deleted.status !== 200) throw new Error(`task.delete failed: ${deleted.status}`);
  }
  return { withTasks, empty };
}

async function openEditor(page: Page): Promise<void> {
  await page.getByRole("button", { name: `Edit ${OVERDUE_TITLE}` }).click();
  await page.getByRole("textbox", { name: "Title" }).waitFor();
}

async function askToDeleteForever(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Delete Old shopping list forever" }).click();
  await page.getByRole("alertdialog").waitFor();
}

async function openMoreOptions(page: Page): Promise<void> {
  await page.getByRole("button", { name: "More options" }).click();
  await page.getByLabel("Due date").first().waitFor();
}

/** Quick add's line under the New task box: what it understood, and "Keep the text as typed". */
async function previewQuickAdd(page: Page): Promise<void> {
  await page
    .getByRole("textbox", { name: "New task" })
    .fill("Call mom tomorrow 5pm #family !high every friday");
  await page.getByRole("status").filter({ hasText: "Understood:" }).waitFor();
  await page.getByRole("checkbox", { name: "Keep the text as typed" }).waitFor();
}

/** The dialog listing every shortcut, opened by its button (a phone has no "?" key to press). */
async function showShortcuts(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Keyboard shortcuts", exact: true }).click();
  await page.getByRole("dialog", { name: "Keyboard shortcuts", exact: true }).waitFor();
}

/** The Inbox's own view, reached through the Projects navigation (a menu on a phone). */
async function openInbox(page: Page): Promise<void> {
  const menu = page.getByRole("button", { name: "Projects", exact: true });
  if (await menu.isVisible()) await menu.click();
  await page
    .getByRole("navigation", { name: "Projects" })
    .getByRole("link", { name: /^Inbox/ })
    .click();
  await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
  await page.waitForLoadState("networkidle");
}

/** The QR code, the key and the "Code" field (a pending secret only: nothing is turned on). */
async function beginTwoFactor(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Turn on two-factor" }).click();
  await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
}

async function showSignInError(page: Page): Promise<void> {
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByText("Invalid credentials").waitFor();
}

async function showSignUpErrors(page: Page): Promise<void> {
  await page.getByLabel("Email").fill("not an email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByText("Invalid email format").waitFor();
}

async function showDeleteConfirmation(page: Page): Promise<void> {
  await openEditor(page);
  await page.getByRole("textbox", { name: "Title" }).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("alertdialog").waitFor();
}

/** A file with a row the import leaves out: the preview, its list of problems and the button. */
async function chooseImportFile(page: Page): Promise<void> {
  await page.getByLabel("File to import").setInputFiles({
    name: "tasks.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("title,completed\nBuy milk,\nCall mom,perhaps\n"),
  });
  await page.getByRole("button", { name: "Import 1 task" }).waitFor();
}

export const PAGE_STATES: PageState[] = [
  { name: "home", path: "/", user: null },
  { name: "sign-in", path: "/signin", user: null },
  { name: "sign-in, session expired", path: "/signin?expired=1", user: null },
  { name: "sign-in, invalid credentials", path: "/signin", user: null, prepare: showSignInError },
  { name: "sign-up", path: "/signup", user: null },
  { name: "sign-up, field errors", path: "/signup", user: null, prepare: showSignUpErrors },
  { name: "not found", path: "/no-such-page", user: null },
  { name: "dashboard with tasks", path: "/dashboard", user: "withTasks" },
  { name: "dashboard, editor open", path: "/dashboard", user: "withTasks", prepare: openEditor },
  {
    name: "dashboard, emptied title asks to delete",
    path: "/dashboard",
    user: "withTasks",
    prepare: showDeleteConfirmation,
  },
  { name: "dashboard, more options open", path: "/dashboard", user: "withTasks", prepare: openMoreOptions },
  {
    name: "dashboard, quick add previewing",
    path: "/dashboard",
    user: "withTasks",
    prepare: previewQuickAdd,
  },
  { name: "dashboard, keyboard shortcuts", path: "/dashboard", user: "withTasks", prepare: showShortcuts },
  { name: "dashboard, a project's view", path: "/dashboard", user: "withTasks", prepare: openInbox },
  { name: "dashboard, no match", path: "/dashboard?status=completed&priority=low", user: "withTasks" },
  { name: "dashboard, empty", path: "/dashboard", user: "empty" },
  { name: "account", path: "/account", user: "withTasks" },
  { name: "account, turning on two-factor", path: "/account", user: "empty", prepare: beginTwoFactor },
  { name: "trash with tasks", path: "/trash", user: "withTasks" },
  { name: "trash, asking to delete forever", path: "/trash", user: "withTasks", prepare: askToDeleteForever },
  { name: "trash, empty", path: "/trash", user: "empty" },
  { name: "import and export", path: "/import-export", user: "withTasks" },
  {
    name: "import and export, a file chosen",
    path: "/import-export",
    user: "empty",
    prepare: chooseImportFile,
  },
];

/** Opens a page state and waits until it is hydrated and idle. */
export async function openPageState(page: Page, state: PageState): Promise<void> {
  const response = await page.goto(state.path);
  const expected = state.path === "/no-such-page" ? 404 : 200;
  if (response?.status() !== expected) {
    throw new Error(`${state.path} answered ${response?.status()}, not ${expected}`);
  }
  await page.waitForLoadState("networkidle");
  await state.prepare?.(page);
}
