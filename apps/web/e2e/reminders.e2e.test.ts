/**
 * Reminders (issue 14 item 4, ADR 0049) on /dashboard: the editor sets one as an offset before the
 * due time or at a moment of its own, and it moves with the due time; the row shows it; when it
 * fires, every open tab of its owner shows it until dismissed, and as a system notification where
 * the browser allows them (a stand-in Notification records them: headless Chromium shows none).
 * Axe-clean at desktop and phone widths.
 */
import { DAY_MS, SECOND_MS } from "@doable/domain";
import { resultData } from "@doable/test-support/http-client";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import { hydrated, newTaskBox, openDashboard, taskItem, useContexts } from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, useApp } from "./fixtures";
import { NOTIFICATION_STAND_IN, shownNotifications } from "./notifications";
import { VIEWPORTS } from "./pages";

const app = useApp();
const contexts = useContexts();

/** Each server instance looks for due reminders every 5 s: a reminder shows within this. */
const FIRED_WITHIN = { timeout: 20 * SECOND_MS, interval: 100 } as const;

async function serverTasks(user: TestUser): Promise<Array<{ title: string; remindAt: string | null }>> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  expect(response.status).toBe(200);
  return resultData<{ items: Array<{ title: string; remindAt: string | null }> }>(response).items;
}

async function remindAtOnServer(user: TestUser, id: string): Promise<string | null> {
  const response = await callApi(app, user.cookie, "query", "task.byId", { id });
  expect(response.status).toBe(200);
  return (response.body as { result: { data: { json: { remindAt: string | null } } } }).result.data.json
    .remindAt;
}

function tomorrow(): string {
  return new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
}

async function edit(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: `Edit ${title}`, exact: true }).click();
}

/** The task editor open on the page. */
function editor(page: Page) {
  return page.locator("form.task-editor");
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe-core found in ${what}:\n${report(violations)}`).toEqual([]);
}

describe("reminders in the task editor", () => {
  it("sets a reminder before the due time, keeps it there when the time moves, or at a set time, or none", async () => {
    const user = await createUser(app);
    const day = tomorrow();
    const [task] = await createTasks(app, user.cookie, [
      { title: "Dentist", dueDate: day, dueTime: "17:00" },
    ]);
    if (!task) throw new Error("no task made");
    const { page, errors } = await openDashboard(app, contexts, user.cookie);

    await edit(page, "Dentist");
    await editor(page).getByLabel("Reminder", { exact: true }).selectOption({ label: "15 minutes before" });
    await expectAxeClean(page, "the editor with a reminder");
    await editor(page).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => remindAtOnServer(user, task.id)).toBe(`${day}T16:45:00.000Z`);
    await expect
      .poll(() => taskItem(page, "Dentist").locator(".badge.reminder").textContent())
      .toMatch(/^Reminder .*4:45 PM$/);

    // The due time moves: "15 minutes before" goes with it.
    await edit(page, "Dentist");
    await expect
      .poll(() => editor(page).getByLabel("Reminder", { exact: true }).inputValue())
      .toBe(String(15 * 60 * SECOND_MS));
    await editor(page).getByLabel("Due time", { exact: true }).fill("18:00");
    await editor(page).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => remindAtOnServer(user, task.id)).toBe(`${day}T17:45:00.000Z`);

    // A moment of its own.
    await edit(page, "Dentist");
    await editor(page).getByLabel("Reminder", { exact: true }).selectOption({ label: "At a set time" });
    await editor(page).getByLabel("Remind at", { exact: true }).fill("2030-01-02T08:30");
    await editor(page).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => remindAtOnServer(user, task.id)).toBe("2030-01-02T08:30:00.000Z");

    // An offset without a due date is refused in place, with the reason.
    await edit(page, "Dentist");
    await editor(page).getByLabel("Due date", { exact: true }).fill("");
    await editor(page).getByLabel("Reminder", { exact: true }).selectOption({ label: "1 hour before" });
    await editor(page).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "needs a due date" }).count()).toBe(1);
    await editor(page).getByLabel("Reminder", { exact: true }).selectOption({ label: "None" });
    await editor(page).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => remindAtOnServer(user, task.id)).toBeNull();
    await expect.poll(() => taskItem(page, "Dentist").locator(".badge.reminder").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("a reminder set while adding a task", () => {
  it("is taken before the due time quick add read, and the form starts afresh for the next task", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "UTC",
    });
    const form = page.locator("form.new-task");
    await page.getByRole("button", { name: "More options", exact: true }).click();
    await form.getByLabel("Reminder", { exact: true }).selectOption({ label: "30 minutes before" });
    await expectAxeClean(page, "the New task form with a reminder");
    await newTaskBox(page).fill("Call the bank tomorrow 5pm");
    await newTaskBox(page).press("Enter");
    await taskItem(page, "Call the bank").locator(".badge.reminder").waitFor();
    const saved = async () => (await serverTasks(user)).find((task) => task.title === "Call the bank");
    await expect.poll(async () => (await saved())?.remindAt).toBe(`${tomorrow()}T16:30:00.000Z`);
    expect(await form.getByLabel("Reminder", { exact: true }).inputValue()).toBe("none");

    // An offset needs a due date: refused in place, with what was typed kept.
    await form.getByLabel("Reminder", { exact: true }).selectOption({ label: "1 hour before" });
    await newTaskBox(page).fill("Water the plants");
    await newTaskBox(page).press("Enter");
    await page.getByRole("alert").filter({ hasText: "needs a due date" }).waitFor();
    expect(await newTaskBox(page).inputValue()).toBe("Water the plants");
    await form.getByLabel("Reminder", { exact: true }).selectOption({ label: "At a set time" });
    await form.getByLabel("Remind at", { exact: true }).fill("2030-01-02T08:30");
    await newTaskBox(page).press("Enter");
    await expect
      .poll(async () => (await serverTasks(user)).find((task) => task.title === "Water the plants")?.remindAt)
      .toBe("2030-01-02T08:30:00.000Z");
    expect(errors).toEqual([]);
  });
});

describe("a reminder that fires", () => {
  it("shows in every open tab until dismissed, and as one notification per tab where allowed", async () => {
    const user = await createUser(app);
    const desk = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.desktop,
      initScript: NOTIFICATION_STAND_IN,
    });
    const phone = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      viewport: VIEWPORTS.phone,
      touch: true,
      initScript: NOTIFICATION_STAND_IN,
    });
    const other = await createUser(app);
    const stranger = await openDashboard(app, contexts, other.cookie, "/dashboard", {
      initScript: NOTIFICATION_STAND_IN,
    });
    const [task] = await createTasks(app, user.cookie, [
      { title: "Call mom", dueDate: tomorrow(), remindAt: new Date(Date.now() + 3 * SECOND_MS) },
    ]);
    if (!task) throw new Error("no task made");

    for (const { page } of [desk, phone]) {
      const alert = page.getByRole("alert").filter({ hasText: "Reminder: Call mom" });
      await expect.poll(() => alert.count(), FIRED_WITHIN).toBe(1);
      await expect
        .poll(() => shownNotifications(page))
        .toEqual([{ title: "Reminder: Call mom", tag: `doable-reminder-${task.id}` }]);
    }
    await expectAxeClean(desk.page, "a reminder shown on the desktop");
    await expectAxeClean(phone.page, "a reminder shown on a phone");
    const region = await phone.page.getByRole("region", { name: "Reminders" }).boundingBox();
    expect(region && region.x >= 0 && region.x + region.width <= VIEWPORTS.phone.width).toBe(true);

    await desk.page.getByRole("button", { name: "Dismiss reminder: Call mom", exact: true }).click();
    await expect
      .poll(() => desk.page.getByRole("alert").filter({ hasText: "Reminder: Call mom" }).count())
      .toBe(0);
    // Dismissed here, still shown on the phone until dismissed there.
    await expect
      .poll(() => phone.page.getByRole("alert").filter({ hasText: "Reminder: Call mom" }).count())
      .toBe(1);
    // Nobody else hears of it.
    expect(await shownNotifications(stranger.page)).toEqual([]);
    await expect.poll(() => stranger.page.getByRole("alert").filter({ hasText: "Call mom" }).count()).toBe(0);
    // The reminder changed nothing about the task, and it is no longer to come.
    expect(await remindAtOnServer(user, task.id)).not.toBeNull();
    const upcoming = await callApi(app, user.cookie, "query", "task.reminders", {});
    expect(
      (upcoming.body as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items,
    ).toEqual([]);
    await desk.page.reload();
    await hydrated(desk.page);
    expect(await taskItem(desk.page, "Call mom").locator(".badge.reminder").count()).toBe(0);
    for (const open of [desk, phone, stranger]) expect(open.errors).toEqual([]);
  });
});
