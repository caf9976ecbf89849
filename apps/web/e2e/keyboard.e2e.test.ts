/**
 * The dashboard's keyboard shortcuts and TodoMVC's habits (issue 14, items 6 and 10): each key
 * does what the matching control does, none fires while typing, and "?" lists them all.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import {
  checkbox,
  counter,
  expectCounter,
  expectTitles,
  newTaskBox,
  openDashboard,
  taskItem,
  titles,
  useContexts,
} from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, useApp } from "./fixtures";

const app = useApp();
const contexts = useContexts();

/** The title of the task whose row holds focus, or what else has it ("" for the page itself). */
function focusedRowTitle(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const row = document.activeElement?.closest("li[data-task-id]");
    return row?.querySelector(".task-title")?.textContent ?? null;
  });
}

/** The focused control's accessible label, else its type (the Search box is labelled by a <label>). */
function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document.activeElement?.getAttribute("aria-label") ??
      document.activeElement?.getAttribute("type") ??
      null,
  );
}

async function serverTask(
  user: TestUser,
  title: string,
): Promise<{ completed: boolean; tags: string[] } | undefined> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  const items = (
    response.body as {
      result: { data: { json: { items: Array<{ title: string; completed: boolean; tags: string[] }> } } };
    }
  ).result.data.json.items;
  return items.find((task) => task.title === title);
}

describe("TodoMVC's habits", () => {
  it("focuses the New task box, shows no footer without tasks, and Clear completed only when something is", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await expect.poll(() => focusedName(page)).toBe("New task");
    expect(await counter(page).count()).toBe(0);

    await page.keyboard.type("Buy milk");
    await page.keyboard.press("Enter");
    await checkbox(page, "Buy milk").waitFor();
    await expectCounter(page, "1 item left");
    const clear = page.getByRole("button", { name: /^Clear completed/ });
    expect(await clear.count()).toBe(0);

    await checkbox(page, "Buy milk").check();
    await expectCounter(page, "0 items left");
    await page.getByRole("button", { name: "Clear completed (1)", exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it("marks all as complete and back, in step with single toggles; Undo puts back only what changed", async () => {
    const user = await createUser(app);
    const [first] = await createTasks(app, user.cookie, [
      { title: "One" },
      { title: "Two" },
      { title: "Three" },
    ]);
    await callApi(app, user.cookie, "mutation", "task.setCompleted", { id: first?.id, completed: true });
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const markAll = page.getByRole("checkbox", { name: "Mark all as complete", exact: true });
    const completedOnServer = async () =>
      Object.fromEntries(
        await Promise.all(
          ["One", "Two", "Three"].map(async (title) => [title, (await serverTask(user, title))?.completed]),
        ),
      );
    expect(await markAll.isChecked()).toBe(false);

    await markAll.check();
    for (const title of ["One", "Two", "Three"]) expect(await checkbox(page, title).isChecked()).toBe(true);
    await expectCounter(page, "0 items left");
    await expect.poll(completedOnServer).toEqual({ One: true, Two: true, Three: true });

    await page
      .locator(".toast")
      .filter({ hasText: "2 tasks marked complete." })
      .getByRole("button", { name: "Undo" })
      .click();
    await expect.poll(() => checkbox(page, "Two").isChecked()).toBe(false);
    await expect.poll(completedOnServer).toEqual({ One: true, Two: false, Three: false });
    expect(await checkbox(page, "One").isChecked()).toBe(true);
    expect(await markAll.isChecked()).toBe(false);

    await checkbox(page, "Two").check();
    await checkbox(page, "Three").check();
    await expect.poll(() => markAll.isChecked()).toBe(true);
    await markAll.uncheck();
    for (const title of ["One", "Two", "Three"]) expect(await checkbox(page, title).isChecked()).toBe(false);
    await expectCounter(page, "3 items left");
    await expect.poll(completedOnServer).toEqual({ One: false, Two: false, Three: false });
    await page.reload();
    await expectCounter(page, "3 items left");
    expect(await markAll.isChecked()).toBe(false);
    expect(errors).toEqual([]);
  });

  it("edits a title on double-click without toggling the task", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Call the bank" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);

    await taskItem(page, "Call the bank").locator(".task-title").dblclick();
    const title = page.getByRole("textbox", { name: "Title", exact: true });
    await title.waitFor();
    expect(await title.evaluate((input) => input === document.activeElement)).toBe(true);
    await title.fill("Call the bank about the card");
    await title.press("Enter");
    await checkbox(page, "Call the bank about the card").waitFor();
    expect(await checkbox(page, "Call the bank about the card").isChecked()).toBe(false);
    await expect
      .poll(async () => (await serverTask(user, "Call the bank about the card"))?.completed)
      .toBe(false);
    expect(errors).toEqual([]);
  });
});

describe("keyboard shortcuts", () => {
  it("moves with j and k, completes with x, edits with e and #, trashes with Delete", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "First" }, { title: "Second" }, { title: "Third" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const order = await titles(page);
    expect(order).toHaveLength(3);
    const [top, middle, bottom] = order as [string, string, string];
    // Away from the New task box (which has focus), onto the page itself.
    await page.locator("h1").click();

    await page.keyboard.press("j");
    await expect.poll(() => focusedRowTitle(page)).toBe(top);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect.poll(() => focusedRowTitle(page)).toBe(bottom);
    // The last row stays the last.
    await page.keyboard.press("j");
    await expect.poll(() => focusedRowTitle(page)).toBe(bottom);
    await page.keyboard.press("k");
    await expect.poll(() => focusedRowTitle(page)).toBe(middle);

    await page.keyboard.press("x");
    await expect.poll(() => checkbox(page, middle).isChecked()).toBe(true);
    await expect.poll(async () => (await serverTask(user, middle))?.completed).toBe(true);

    await page.keyboard.press("e");
    const title = page.getByRole("textbox", { name: "Title", exact: true });
    await title.waitFor();
    await page.keyboard.press("Escape");
    await title.waitFor({ state: "detached" });

    await checkbox(page, top).focus();
    await page.keyboard.press("#");
    const tags = page.getByRole("textbox", { name: "Tags", exact: true });
    await expect.poll(() => tags.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.type("errands");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await serverTask(user, top))?.tags).toEqual(["errands"]);

    await checkbox(page, bottom).focus();
    await page.keyboard.press("Delete");
    await expectTitles(page, [top, middle]);
    await page.locator(".toast").getByRole("button", { name: "Undo", exact: true }).waitFor();
    await expect.poll(async () => await serverTask(user, bottom)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("jumps to the New task box with q and to Search with /, and never fires while typing", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Only task" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.locator("h1").click();

    await page.keyboard.press("/");
    await expect.poll(() => focusedName(page)).toBe("search");
    // Typed into Search, not taken as shortcuts: no focus move, no toggle, no dialog.
    await page.keyboard.type("jkx?q");
    expect(await page.getByRole("searchbox", { name: "Search" }).inputValue()).toBe("jkx?q");
    // The list may already be filtered by what was typed (the search runs as you type): the
    // server says whether "x" toggled the task.
    expect((await serverTask(user, "Only task"))?.completed).toBe(false);
    expect(await page.getByRole("dialog").count()).toBe(0);

    await page.locator("h1").click();
    await page.keyboard.press("q");
    await expect.poll(() => focusedName(page)).toBe("New task");
    await page.keyboard.type("x marks the spot");
    expect(await newTaskBox(page).inputValue()).toBe("x marks the spot");
    expect((await serverTask(user, "Only task"))?.completed).toBe(false);
    expect(errors).toEqual([]);
  });

  it("lists every shortcut in a dialog named Keyboard shortcuts, opened with ? and closed with Esc", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Only task" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.locator("h1").click();

    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts", exact: true });
    await dialog.waitFor();
    const listed = await dialog.locator("dt").allTextContents();
    expect(listed).toEqual(["q", "/", "j", "k", "x", "e", "#", "Del", "Shift+K", "Shift+J", "?"]);
    // While it is open, keys belong to it: "j" moves nothing behind it.
    await page.keyboard.press("j");
    expect(await focusedRowTitle(page)).toBeNull();
    const violations = await seriousViolations(page);
    expect(violations, report(violations)).toEqual([]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    await page.getByRole("button", { name: "Keyboard shortcuts", exact: true }).click();
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Close", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(errors).toEqual([]);
  });
});
