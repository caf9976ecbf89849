/**
 * Subtasks (issue 14 item 2, ADR 0048) on /dashboard: a task's progress opens its checklist;
 * subtasks are added, completed, renamed, deleted (and brought back) there, reach another tab live, and
 * completing a task with open subtasks asks first. Kept by the server; axe-clean at desktop and
 * phone widths.
 */
import { SUBTASKS_PER_TASK_MAX } from "@doable/domain";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import { checkbox, openDashboard, useContexts } from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, unexpectedErrors, useApp } from "./fixtures";
import { VIEWPORTS } from "./pages";

const app = useApp();
const contexts = useContexts();

interface ServerSubtask {
  title: string;
  completed: boolean;
}

interface ServerTask extends ServerSubtask {
  subtasks: ServerSubtask[];
}

/** What the server holds of the task `id`: whether it is done and its checklist, in order. */
async function serverTask(user: TestUser, id: string): Promise<ServerTask> {
  const response = await callApi(app, user.cookie, "query", "task.byId", { id });
  expect(response.status).toBe(200);
  return (JSON.parse(response.text) as { result: { data: { json: ServerTask } } }).result.data.json;
}

/** The checklist as the server has it: "Title" or "Title ✓". */
async function serverChecklist(user: TestUser, id: string): Promise<string[]> {
  const task = await serverTask(user, id);
  return task.subtasks.map((subtask) => `${subtask.title}${subtask.completed ? " ✓" : ""}`);
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe-core found in ${what}:\n${report(violations)}`).toEqual([]);
}

function progress(page: Page, title: string) {
  return page.getByRole("button", { name: new RegExp(`^Subtasks of ${title}: `) });
}

function checklist(page: Page, title: string) {
  return page.getByRole("region", { name: `Subtasks of ${title}`, exact: true });
}

async function expectProgress(page: Page, title: string, text: string): Promise<void> {
  await expect.poll(() => progress(page, title).textContent()).toBe(text);
}

async function undo(page: Page, message: string): Promise<void> {
  const toast = page.locator(".toast").filter({ hasText: message });
  await toast.getByRole("button", { name: "Undo", exact: true }).click();
}

async function packingList(user: TestUser) {
  const [parent] = await createTasks(app, user.cookie, [{ title: "Pack for the trip" }]);
  if (!parent) throw new Error("no task made");
  await createTasks(app, user.cookie, [
    { title: "Passport", parentId: parent.id },
    { title: "Charger", parentId: parent.id },
  ]);
  return parent;
}

describe("subtasks on /dashboard (desktop)", () => {
  it("opens a task's checklist from its progress, adds, completes, deletes and restores subtasks, live in another tab", async () => {
    const user = await createUser(app);
    const parent = await packingList(user);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    const other = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    await expectProgress(page, "Pack for the trip", "0/2");
    expect(await progress(page, "Pack for the trip").getAttribute("aria-label")).toBe(
      "Subtasks of Pack for the trip: 0/2 done",
    );
    expect(await progress(page, "Pack for the trip").getAttribute("aria-expanded")).toBe("false");
    // A subtask is never a row of its own.
    expect(await page.locator(".task-title").allTextContents()).toEqual(["Pack for the trip"]);

    await progress(page, "Pack for the trip").click();
    expect(await progress(page, "Pack for the trip").getAttribute("aria-expanded")).toBe("true");
    const list = checklist(page, "Pack for the trip");
    await list.getByRole("checkbox", { name: "Passport", exact: true }).waitFor();
    await expectAxeClean(page, "an open checklist");

    // Added at the end, shown at once, kept by the server, and seen live in the other tab.
    const field = list.getByRole("textbox", { name: "New subtask of Pack for the trip" });
    await field.fill("Socks");
    await field.press("Enter");
    await expectProgress(page, "Pack for the trip", "0/3");
    expect(await field.inputValue()).toBe("");
    await expect.poll(() => serverChecklist(user, parent.id)).toEqual(["Passport", "Charger", "Socks"]);
    await expectProgress(other.page, "Pack for the trip", "0/3");

    await list.getByRole("checkbox", { name: "Passport", exact: true }).check();
    await expectProgress(page, "Pack for the trip", "1/3");
    await expect.poll(() => serverChecklist(user, parent.id)).toEqual(["Passport ✓", "Charger", "Socks"]);
    await expectProgress(other.page, "Pack for the trip", "1/3");

    // A row's shortcuts stay out of its checklist: Delete on a subtask's box trashes nothing.
    await list.getByRole("checkbox", { name: "Socks", exact: true }).focus();
    await page.keyboard.press("Delete");
    await page.keyboard.press("x");
    await expectProgress(page, "Pack for the trip", "1/3");
    expect(await checkbox(page, "Pack for the trip").isChecked()).toBe(false);

    // Deleted, then brought back with Undo.
    await list.getByRole("button", { name: "Delete Charger" }).click();
    await expectProgress(page, "Pack for the trip", "1/2");
    // Focus stays in the checklist.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("checkbox");
    await expect.poll(() => serverChecklist(user, parent.id)).toEqual(["Passport ✓", "Socks"]);
    await undo(page, "“Charger” moved to the trash.");
    await expectProgress(page, "Pack for the trip", "1/3");
    await expect.poll(() => serverChecklist(user, parent.id)).toEqual(["Passport ✓", "Charger", "Socks"]);
    expect(errors).toEqual([]);
    expect(other.errors).toEqual([]);
  });

  it("asks before completing a task with open subtasks: Esc leaves it, Complete all completes them, Undo reopens them", async () => {
    const user = await createUser(app);
    const parent = await packingList(user);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    // A click asks first: the box stays clear until the question is answered.
    await checkbox(page, "Pack for the trip").click();
    const question = page.getByRole("alertdialog", { name: "2 subtasks are still open. Complete them too?" });
    await question.waitFor();
    await expectAxeClean(page, "the question about open subtasks");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Complete all");
    await page.keyboard.press("Escape");
    await question.waitFor({ state: "detached" });
    expect(await checkbox(page, "Pack for the trip").isChecked()).toBe(false);
    expect((await serverTask(user, parent.id)).completed).toBe(false);

    await checkbox(page, "Pack for the trip").click();
    await question.getByRole("button", { name: "Complete all" }).click();
    await expect.poll(() => checkbox(page, "Pack for the trip").isChecked()).toBe(true);
    await expectProgress(page, "Pack for the trip", "2/2");
    await expect.poll(async () => (await serverTask(user, parent.id)).completed).toBe(true);
    expect(await serverChecklist(user, parent.id)).toEqual(["Passport ✓", "Charger ✓"]);

    await undo(page, "3 tasks marked complete.");
    await expectProgress(page, "Pack for the trip", "0/2");
    await expect.poll(async () => (await serverTask(user, parent.id)).completed).toBe(false);
    expect(await serverChecklist(user, parent.id)).toEqual(["Passport", "Charger"]);

    // "Only the task" leaves the checklist as it is.
    await checkbox(page, "Pack for the trip").click();
    await question.getByRole("button", { name: "Only the task" }).click();
    await expect.poll(async () => (await serverTask(user, parent.id)).completed).toBe(true);
    expect(await serverChecklist(user, parent.id)).toEqual(["Passport", "Charger"]);
    expect(errors).toEqual([]);
  });

  it("renames a subtask in place: Enter saves, Esc keeps the title, an empty one is refused", async () => {
    const user = await createUser(app);
    const parent = await packingList(user);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    await progress(page, "Pack for the trip").click();
    const list = checklist(page, "Pack for the trip");
    await list.getByRole("button", { name: "Rename Charger", exact: true }).click();
    const field = list.getByRole("textbox", { name: "New title of Charger", exact: true });
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectAxeClean(page, "a subtask being renamed");
    await field.fill("");
    await field.press("Enter");
    await list.getByRole("alert").filter({ hasText: "Type the subtask first." }).waitFor();
    await field.fill("Phone charger");
    await field.press("Enter");
    // Shown at once, and focus back on its box.
    const renamed = list.getByRole("checkbox", { name: "Phone charger", exact: true });
    await expect.poll(() => renamed.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect.poll(() => serverChecklist(user, parent.id)).toEqual(["Passport", "Phone charger"]);

    await list.getByRole("button", { name: "Rename Passport", exact: true }).click();
    await list.getByRole("textbox", { name: "New title of Passport", exact: true }).fill("Visa");
    await page.keyboard.press("Escape");
    await list.getByRole("checkbox", { name: "Passport", exact: true }).waitFor();
    // The checklist and the task are still there: Esc went no further.
    await page.waitForTimeout(300);
    expect(await serverChecklist(user, parent.id)).toEqual(["Passport", "Phone charger"]);
    expect(await checklist(page, "Pack for the trip").count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("starts a checklist from the editor's Add subtasks, with the cursor in its field", async () => {
    const user = await createUser(app);
    const [task] = await createTasks(app, user.cookie, [{ title: "Water the plants" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    expect(await progress(page, "Water the plants").count()).toBe(0);
    await page.getByRole("button", { name: "Edit Water the plants" }).click();
    await page.getByRole("button", { name: "Add subtasks" }).click();
    const field = page.getByRole("textbox", { name: "New subtask of Water the plants" });
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type("Fill the can");
    await page.keyboard.press("Enter");
    await expectProgress(page, "Water the plants", "0/1");
    await expect.poll(() => serverChecklist(user, task?.id ?? "")).toEqual(["Fill the can"]);
    expect(errors).toEqual([]);
  });
});

describe("a subtask the server refuses (desktop)", () => {
  it("shows why in the checklist, with Retry and Discard, and counts it out once discarded", async () => {
    const user = await createUser(app);
    const [parent] = await createTasks(app, user.cookie, [{ title: "Big list" }]);
    if (!parent) throw new Error("no task made");
    await createTasks(
      app,
      user.cookie,
      Array.from({ length: SUBTASKS_PER_TASK_MAX }, (_, index) => ({
        title: `Item ${index + 1}`,
        parentId: parent.id,
      })),
    );
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    await progress(page, "Big list").click();
    const list = checklist(page, "Big list");
    const field = list.getByRole("textbox", { name: "New subtask of Big list" });
    await field.fill("One too many");
    await field.press("Enter");
    await list
      .getByRole("alert")
      .filter({ hasText: `at most ${SUBTASKS_PER_TASK_MAX} subtasks` })
      .waitFor();
    expect(await list.getByRole("checkbox", { name: /^One too many/ }).isDisabled()).toBe(true);
    await list.getByRole("button", { name: "Retry saving One too many" }).waitFor();
    await expectAxeClean(page, "a refused subtask");
    await list.getByRole("button", { name: "Discard One too many" }).click();
    await expectProgress(page, "Big list", `0/${SUBTASKS_PER_TASK_MAX}`);
    expect((await serverTask(user, parent.id)).subtasks).toHaveLength(SUBTASKS_PER_TASK_MAX);
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });
});

describe("subtasks on /dashboard (phone)", () => {
  it("opens, adds to and ticks a checklist with a finger, within the screen's width, axe-clean", async () => {
    const user = await createUser(app);
    const parent = await packingList(user);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.phone,
      touch: true,
    });
    await progress(page, "Pack for the trip").tap();
    const list = checklist(page, "Pack for the trip");
    await list
      .getByRole("textbox", { name: "New subtask of Pack for the trip" })
      .fill("A very long subtask title that has to wrap on a narrow phone screen");
    await list.getByRole("button", { name: "Add", exact: true }).tap();
    await list.getByRole("checkbox", { name: "Charger", exact: true }).tap();
    await expectProgress(page, "Pack for the trip", "1/3");
    await list.getByRole("button", { name: "Rename Passport", exact: true }).tap();
    await list.getByRole("textbox", { name: "New title of Passport", exact: true }).fill("Passport and visa");
    await expectAxeClean(page, "a subtask being renamed on a phone");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await list.getByRole("button", { name: "Save", exact: true }).tap();
    await expect
      .poll(() => serverChecklist(user, parent.id))
      .toEqual([
        "Passport and visa",
        "Charger ✓",
        "A very long subtask title that has to wrap on a narrow phone screen",
      ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAxeClean(page, "a checklist on a phone");
    expect(errors).toEqual([]);
  });
});
