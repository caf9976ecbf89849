/**
 * Bulk actions (issue 14 item 8) on /dashboard: "Select tasks", a box per task, and a toolbar
 * "Selected tasks" to complete, move to a project, tag or delete the chosen ones at once, each
 * with Undo; kept by the server; axe-clean at desktop and phone widths.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import { expectTitles, openDashboard, useContexts } from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, useApp } from "./fixtures";
import { VIEWPORTS } from "./pages";

const app = useApp();
const contexts = useContexts();

interface ServerTask {
  title: string;
  completed: boolean;
  projectId: string;
  tags: string[];
}

async function serverTasks(user: TestUser): Promise<Map<string, ServerTask>> {
  const response = await callApi(app, user.cookie, "query", "task.list", { status: "all", limit: 100 });
  expect(response.status).toBe(200);
  const { items } = (JSON.parse(response.text) as { result: { data: { json: { items: ServerTask[] } } } })
    .result.data.json;
  return new Map(items.map((task) => [task.title, task]));
}

async function serverValue<T>(user: TestUser, read: (tasks: Map<string, ServerTask>) => T): Promise<T> {
  return read(await serverTasks(user));
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe-core found in ${what}:\n${report(violations)}`).toEqual([]);
}

function toolbar(page: Page) {
  return page.getByRole("toolbar", { name: "Selected tasks" });
}

async function choose(page: Page, titles: string[]): Promise<void> {
  for (const title of titles)
    await page.getByRole("checkbox", { name: `Select ${title}`, exact: true }).check();
  await toolbar(page).getByText(`${titles.length} selected`).waitFor();
}

/**
 * The name of what has keyboard focus, enough for these controls (aria-label, its label, or its
 * text); null when focus is on the page itself.
 */
function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || active === document.body) return null;
    const labelled = active instanceof HTMLInputElement || active instanceof HTMLSelectElement;
    const label = labelled ? (active.labels?.[0]?.textContent?.trim() ?? null) : null;
    return active.getAttribute("aria-label") ?? label ?? active.textContent?.trim() ?? null;
  });
}

async function undo(page: Page, message: string): Promise<void> {
  const toast = page.locator(".toast").filter({ hasText: message });
  await toast.getByRole("button", { name: "Undo", exact: true }).click();
}

describe("bulk actions on /dashboard (desktop)", () => {
  it("completes, moves, tags and deletes the chosen tasks at once, each undone", async () => {
    const user = await createUser(app);
    const garden = await callApi(app, user.cookie, "mutation", "project.create", { name: "Garden" });
    expect(garden.status).toBe(200);
    const gardenId = (JSON.parse(garden.text) as { result: { data: { json: { id: string } } } }).result.data
      .json.id;
    await createTasks(app, user.cookie, [{ title: "Rake" }, { title: "Mow" }, { title: "Call Ana" }]);
    const inbox = await serverValue(user, (tasks) => tasks.get("Rake")?.projectId);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    await expectTitles(page, ["Call Ana", "Mow", "Rake"]);
    expect(await page.getByRole("checkbox", { name: "Select Rake" }).count()).toBe(0);

    await page.getByRole("button", { name: "Select tasks" }).click();
    expect(await page.getByRole("button", { name: "Select tasks" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await toolbar(page).getByText("0 selected").waitFor();
    expect(await toolbar(page).getByRole("button", { name: "Complete" }).isDisabled()).toBe(true);
    await choose(page, ["Rake", "Mow"]);
    await expectAxeClean(page, "the selection toolbar");

    // Complete, then Undo.
    await toolbar(page).getByRole("button", { name: "Complete" }).click();
    await expect
      .poll(() => serverValue(user, (tasks) => [tasks.get("Rake")?.completed, tasks.get("Mow")?.completed]))
      .toEqual([true, true]);
    expect(await serverValue(user, (tasks) => tasks.get("Call Ana")?.completed)).toBe(false);
    await undo(page, "2 tasks marked complete.");
    await expect
      .poll(() => serverValue(user, (tasks) => [tasks.get("Rake")?.completed, tasks.get("Mow")?.completed]))
      .toEqual([false, false]);

    // Move to a project, then Undo.
    await choose(page, ["Rake", "Mow"]);
    await toolbar(page).getByRole("combobox", { name: "Move to project" }).selectOption({ label: "Garden" });
    await toolbar(page).getByRole("button", { name: "Move" }).click();
    await expect
      .poll(() => serverValue(user, (tasks) => [tasks.get("Rake")?.projectId, tasks.get("Mow")?.projectId]))
      .toEqual([gardenId, gardenId]);
    await page
      .getByRole("navigation", { name: "Projects" })
      .getByRole("link", { name: "Garden 2 open" })
      .waitFor();
    await undo(page, "2 tasks moved.");
    await expect
      .poll(() => serverValue(user, (tasks) => [tasks.get("Rake")?.projectId, tasks.get("Mow")?.projectId]))
      .toEqual([inbox, inbox]);

    // Tag, then Undo.
    await choose(page, ["Rake", "Call Ana"]);
    await toolbar(page).getByRole("textbox", { name: "Tag to add" }).fill("weekend");
    await toolbar(page).getByRole("button", { name: "Add tag" }).click();
    await expect
      .poll(() => serverValue(user, (tasks) => [tasks.get("Rake")?.tags, tasks.get("Call Ana")?.tags]))
      .toEqual([["weekend"], ["weekend"]]);
    await page.getByRole("button", { name: "Show tasks tagged weekend" }).first().waitFor();
    await undo(page, "2 tasks tagged.");
    await expect
      .poll(() => serverValue(user, (tasks) => [tasks.get("Rake")?.tags, tasks.get("Call Ana")?.tags]))
      .toEqual([[], []]);

    // Delete, then Undo.
    await toolbar(page).getByRole("button", { name: "Select all" }).click();
    await toolbar(page).getByText("3 selected").waitFor();
    await toolbar(page).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => serverValue(user, (tasks) => tasks.size)).toBe(0);
    // The list, and the toolbar with it, went away: focus goes to "New task", not the page.
    await expect.poll(() => focusedName(page)).toBe("New task");
    await undo(page, "3 tasks moved to the trash.");
    await expect.poll(() => serverValue(user, (tasks) => tasks.size)).toBe(3);
    await expectTitles(page, ["Call Ana", "Mow", "Rake"]);

    await toolbar(page).getByRole("button", { name: "Done" }).click();
    expect(await toolbar(page).count()).toBe(0);
    expect(await focusedName(page)).toBe("Select tasks");
    expect(await page.getByRole("checkbox", { name: "Select Rake" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("the selection toolbar from the keyboard (desktop)", () => {
  it("Enter in Tag to add sends nothing without tasks or a tag; focus stays in the toolbar, then returns to Select tasks", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Rake" }, { title: "Mow" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
    });
    const tagCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("task.updateMany")) tagCalls.push(request.url());
    });
    await page.getByRole("button", { name: "Select tasks" }).click();
    await toolbar(page).getByText("0 selected").waitFor();
    const tagField = toolbar(page).getByRole("textbox", { name: "Tag to add" });
    const addTag = toolbar(page).getByRole("button", { name: "Add tag" });

    // No task chosen: the button is disabled, Enter does nothing, and the field says why.
    await tagField.fill("weekend");
    expect(await addTag.isDisabled()).toBe(true);
    await tagField.press("Enter");
    expect(await tagField.inputValue()).toBe("weekend");
    expect(
      await tagField.evaluate((field) => {
        const ids = field.getAttribute("aria-describedby")?.split(" ") ?? [];
        return ids.map((id) => document.getElementById(id)?.textContent).join(" ");
      }),
    ).toBe("0 selected");

    // A task chosen but no tag: Enter does nothing either (and shows no error).
    await choose(page, ["Rake"]);
    await tagField.fill("  ");
    await tagField.press("Enter");
    expect(await toolbar(page).getByRole("alert").count()).toBe(0);

    // A tag and a task: the only call of the whole test; the field keeps focus for the next tag.
    await tagField.fill("weekend");
    await tagField.press("Enter");
    await expect.poll(() => serverValue(user, (tasks) => tasks.get("Rake")?.tags)).toEqual(["weekend"]);
    expect(tagCalls).toHaveLength(1);
    expect(await serverValue(user, (tasks) => tasks.get("Mow")?.tags)).toEqual([]);
    expect(await focusedName(page)).toBe("Tag to add");

    // Complete empties the selection and disables itself: focus goes to the first control left.
    await choose(page, ["Mow"]);
    await toolbar(page).getByRole("button", { name: "Complete" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => serverValue(user, (tasks) => tasks.get("Mow")?.completed)).toBe(true);
    await toolbar(page).getByText("0 selected").waitFor();
    await expect.poll(() => focusedName(page)).toBe("Select all");

    // Done closes the toolbar: focus returns to the toggle that opened it.
    await toolbar(page).getByRole("button", { name: "Done" }).focus();
    await page.keyboard.press("Enter");
    expect(await toolbar(page).count()).toBe(0);
    expect(await focusedName(page)).toBe("Select tasks");
    expect(errors).toEqual([]);
  });
});

describe("bulk actions on /dashboard (phone)", () => {
  it("chooses tasks and deletes them with a finger, then brings them back, axe-clean", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "One" }, { title: "Two" }, { title: "Three" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.phone,
      touch: true,
    });
    await page.getByRole("button", { name: "Select tasks" }).tap();
    await page.getByRole("checkbox", { name: "Select One", exact: true }).tap();
    await page.getByRole("checkbox", { name: "Select Three", exact: true }).tap();
    await toolbar(page).getByText("2 selected").waitFor();
    await expectAxeClean(page, "the selection toolbar on a phone");
    await toolbar(page).getByRole("button", { name: "Delete" }).tap();
    await expectTitles(page, ["Two"]);
    await undo(page, "2 tasks moved to the trash.");
    await expectTitles(page, ["Three", "Two", "One"]);
    expect(errors).toEqual([]);
  });
});
