/**
 * Dates people mean (issue 9, docs/decisions/0034): a due date is a calendar day, the same day on
 * every device wherever it is; a due time is read on the account's clock and keeps its moment when
 * the account moves to another zone.
 */
import { describe, expect, it } from "vitest";
import {
  dateValue,
  expectStats,
  hydrated,
  newTaskBox,
  openDashboard,
  taskItem,
  taskList,
  useContexts,
} from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, useApp } from "./fixtures";

const app = useApp();
const contexts = useContexts();

interface ServerTask {
  title: string;
  dueDate: string | null;
  dueTime: string | null;
}

async function serverTask(user: TestUser, title: string): Promise<ServerTask | undefined> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  const items = (response.body as { result: { data: { json: { items: ServerTask[] } } } }).result.data.json
    .items;
  return items.find((task) => task.title === title);
}

async function accountZone(user: TestUser): Promise<string> {
  const response = await callApi(app, user.cookie, "query", "auth.me", undefined);
  return (response.body as { result: { data: { json: { timeZone: string } } } }).result.data.json.timeZone;
}

/** "Dec 4": how the list names a day that is neither yesterday, today nor tomorrow. */
function shortDay(day: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** "12:00 PM": what a clock in `timeZone` reads at `instant`. */
function clockIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(instant);
}

/** "12:00": the same reading as the API writes a due time (HH:MM, 24-hour). */
function dueTimeIn(timeZone: string, instant: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

describe("due dates", () => {
  it("shows and edits the same due day on devices in Auckland and Los Angeles", async () => {
    const user = await createUser(app);
    const day = dateValue(4);
    const auckland = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "Pacific/Auckland",
    });

    await auckland.page.getByRole("button", { name: "More options" }).click();
    const form = auckland.page.locator("form.new-task");
    await form.getByLabel("Due date").fill(day);
    await form.getByLabel("Due time").fill("09:30");
    await newTaskBox(auckland.page).fill("Call the bank");
    await newTaskBox(auckland.page).press("Enter");
    await taskItem(auckland.page, "Call the bank")
      .getByText(`Due ${shortDay(day)} 9:30 AM`)
      .waitFor();
    await expect
      .poll(() => serverTask(user, "Call the bank"))
      .toMatchObject({ dueDate: day, dueTime: "09:30" });

    const losAngeles = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "America/Los_Angeles",
    });
    const item = taskItem(losAngeles.page, "Call the bank");
    await item.getByText(`Due ${shortDay(day)} 9:30 AM`).waitFor();
    await losAngeles.page.getByRole("button", { name: "Edit Call the bank", exact: true }).click();
    const editor = taskList(losAngeles.page).locator("form.task-editor");
    expect(await editor.getByLabel("Due date").inputValue()).toBe(day);
    expect(await editor.getByLabel("Due time").inputValue()).toBe("09:30");

    // Clearing the time keeps the day: due by its end.
    await editor.getByLabel("Due time").fill("");
    await editor.getByRole("button", { name: "Save" }).click();
    await item.getByText(`Due ${shortDay(day)}`, { exact: true }).waitFor();
    await taskItem(auckland.page, "Call the bank")
      .getByText(`Due ${shortDay(day)}`, { exact: true })
      .waitFor();
    await expect.poll(() => serverTask(user, "Call the bank")).toMatchObject({ dueDate: day, dueTime: null });
    expect(auckland.errors).toEqual([]);
    expect(losAngeles.errors).toEqual([]);
  });

  it("refuses a due time without a due date, keeping what was typed", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.getByRole("button", { name: "More options" }).click();
    await page.locator("form.new-task").getByLabel("Due time").fill("18:00");
    await newTaskBox(page).fill("Dinner");
    await newTaskBox(page).press("Enter");
    await page.getByRole("alert").filter({ hasText: "A due time needs a due date" }).waitFor();
    expect(await newTaskBox(page).inputValue()).toBe("Dinner");
    expect(await serverTask(user, "Dinner")).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("moves the account to another zone: a due day stays, a due time keeps its moment", async () => {
    const user = await createUser(app);
    const day = dateValue(3);
    await createTasks(app, user.cookie, [
      { title: "Pay rent", dueDate: day },
      { title: "Team call", dueDate: day, dueTime: "17:00" },
    ]);
    expect(await accountZone(user)).toBe("UTC");

    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "America/New_York",
    });
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Time zone" });
    expect(await section.getByLabel("Time zone").inputValue()).toBe("UTC");
    await section.getByRole("button", { name: "Use this device’s zone (America/New York)" }).click();
    await section.getByRole("status").filter({ hasText: "Time zone saved: America/New_York." }).waitFor();
    await expect.poll(() => accountZone(user)).toBe("America/New_York");

    // 17:00 UTC is 12:00 in New York in winter, 13:00 in summer: the same day either way.
    const callAt = new Date(`${day}T17:00:00Z`);
    const newYorkTime = clockIn("America/New_York", callAt);
    await expect
      .poll(() => serverTask(user, "Team call"))
      .toMatchObject({ dueDate: day, dueTime: dueTimeIn("America/New_York", callAt) });
    await page.goto("/dashboard");
    await hydrated(page);
    await taskItem(page, "Team call")
      .getByText(`Due ${shortDay(day)} ${newYorkTime}`)
      .waitFor();
    await taskItem(page, "Pay rent")
      .getByText(`Due ${shortDay(day)}`, { exact: true })
      .waitFor();
    expect(await serverTask(user, "Pay rent")).toMatchObject({ dueDate: day, dueTime: null });
    expect(errors).toEqual([]);
  });

  it("counts a task as overdue once its time has passed on the account's clock", async () => {
    const user = await createUser(app);
    // 00:00 today (UTC, the account's zone) has passed; the end of today has not.
    await createTasks(app, user.cookie, [
      { title: "Morning run", dueDate: dateValue(0), dueTime: "00:00" },
      { title: "Evening run", dueDate: dateValue(0) },
    ]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "Asia/Tokyo",
    });
    await taskItem(page, "Morning run").getByText("Overdue · Today 12:00 AM").waitFor();
    await taskItem(page, "Evening run").getByText("Due Today", { exact: true }).waitFor();
    await expectStats(page, { Total: 2, Active: 2, Completed: 0, Overdue: 1 });
    expect(errors).toEqual([]);
  });
});
