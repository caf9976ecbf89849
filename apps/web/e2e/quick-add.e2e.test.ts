/**
 * Quick add and recurring tasks (issue 14, items 3 and 5; docs/decisions/0043, 0044): the New task
 * box reads plain language and says what it understood before saving; completing a recurring task
 * shows its next occurrence once; the Repeat control in the editor sets a rule. On a phone too.
 */
import { addCalendarDays, calendarDateInZone } from "@doable/domain";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import { hydrated, newTaskBox, openDashboard, taskItem, useContexts } from "./dashboard-page";
import { callApi, createUser, type TestUser, useApp } from "./fixtures";
import { VIEWPORTS } from "./pages";

const app = useApp();
const contexts = useContexts();

interface ServerTask {
  id: string;
  title: string;
  completed: boolean;
  priority: string;
  dueDate: string | null;
  dueTime: string | null;
  tags: string[];
  recurrence: string | null;
}

async function serverTasks(user: TestUser, title: string): Promise<ServerTask[]> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  const items = (response.body as { result: { data: { json: { items: ServerTask[] } } } }).result.data.json
    .items;
  return items.filter((task) => task.title === title);
}

/** The first Friday after `day` (YYYY-MM-DD). */
function fridayAfter(day: string): string {
  let next = addCalendarDays(day, 1);
  while (new Date(`${next}T00:00:00Z`).getUTCDay() !== 5) next = addCalendarDays(next, 1);
  return next;
}

describe("quick add", () => {
  it("reads the example, previews it, saves it with every field, and a completion shows the next occurrence once", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "UTC",
    });
    const box = newTaskBox(page);
    await box.fill("Call mom tomorrow 5pm #family !high every friday");
    const preview = page.getByRole("status").filter({ hasText: "Understood:" });
    await expect
      .poll(() => preview.textContent())
      .toBe(
        "Understood: “Call mom”, due Tomorrow 5:00 PM, tagged #family, High priority, repeats every Friday",
      );
    // The box names what it understood for screen readers too.
    expect(await box.getAttribute("aria-describedby")).toContain(await preview.getAttribute("id"));
    const violations = await seriousViolations(page);
    expect(violations, report(violations)).toEqual([]);

    await box.press("Enter");
    const item = taskItem(page, "Call mom");
    await item.getByText("Repeats every Friday").waitFor();
    for (const badge of ["High priority", "Due Tomorrow 5:00 PM", "#family"])
      await item.getByText(badge).waitFor();
    expect(await box.inputValue()).toBe("");
    await expect.poll(() => preview.count()).toBe(0);

    const tomorrow = addCalendarDays(calendarDateInZone(new Date(), "UTC"), 1);
    await expect.poll(async () => (await serverTasks(user, "Call mom")).length).toBe(1);
    const [saved] = await serverTasks(user, "Call mom");
    expect(saved).toMatchObject({
      priority: "high",
      dueDate: tomorrow,
      dueTime: "17:00",
      tags: ["family"],
      recurrence: "FREQ=WEEKLY;BYDAY=FR",
    });

    await item.getByRole("checkbox", { name: "Call mom" }).check();
    // The completed one and its next occurrence, due the Friday after, each shown once.
    await expect.poll(() => taskItem(page, "Call mom").count()).toBe(2);
    const open = taskItem(page, "Call mom").filter({ has: page.getByRole("checkbox", { checked: false }) });
    await open.getByText("Repeats every Friday").waitFor();
    const next = fridayAfter(tomorrow);
    await expect
      .poll(async () =>
        (await serverTasks(user, "Call mom")).map((task) => `${task.dueDate} ${task.completed}`).sort(),
      )
      .toEqual([`${next} false`, `${tomorrow} true`].sort());
    // The live stream brings the same occurrence again: still two.
    await page.waitForTimeout(500);
    expect(await taskItem(page, "Call mom").count()).toBe(2);
    const after = await seriousViolations(page);
    expect(after, report(after)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("keeps the text as typed when asked", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const box = newTaskBox(page);
    await box.fill("Read #1 of the series tomorrow");
    await page.getByRole("status").filter({ hasText: "Understood:" }).waitFor();
    await page.getByRole("checkbox", { name: "Keep the text as typed" }).check();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Understood:" }).count()).toBe(0);
    await box.press("Enter");
    await taskItem(page, "Read #1 of the series tomorrow").waitFor();
    // The row shows before the server has answered: wait for the saved task.
    await expect.poll(async () => (await serverTasks(user, "Read #1 of the series tomorrow")).length).toBe(1);
    const [saved] = await serverTasks(user, "Read #1 of the series tomorrow");
    expect(saved).toMatchObject({ dueDate: null, tags: [], recurrence: null });
    // The next task is read again.
    expect(await page.getByRole("checkbox", { name: "Keep the text as typed" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("the editor's Repeat control sets and clears a rule", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await newTaskBox(page).fill("Water the plants");
    await newTaskBox(page).press("Enter");
    const item = taskItem(page, "Water the plants");
    await item.waitFor();
    await item.getByRole("button", { name: /^Edit/ }).click();
    const editor = page.locator("form.task-editor");
    await editor.getByLabel("Due date").fill("2030-01-07");
    await editor.getByLabel("Repeat").selectOption({ label: "Weekly" });
    await editor.getByRole("checkbox", { name: "Monday" }).check();
    await editor.getByRole("checkbox", { name: "Thursday" }).check();
    await editor.getByLabel("Ends").selectOption({ label: "After a number of times" });
    await editor.getByLabel("Times").fill("4");
    await editor.getByText("Repeats every Monday and Thursday, 4 times.").waitFor();
    const violations = await seriousViolations(page);
    expect(violations, report(violations)).toEqual([]);
    await editor.getByRole("button", { name: "Save" }).click();
    await item.getByText("Repeats every Monday and Thursday, 4 times").waitFor();
    await expect
      .poll(async () => (await serverTasks(user, "Water the plants"))[0]?.recurrence)
      .toBe("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4");

    await item.getByRole("button", { name: /^Edit/ }).click();
    await editor.getByLabel("Repeat").selectOption({ label: "Does not repeat" });
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await serverTasks(user, "Water the plants"))[0]?.recurrence).toBeNull();
    await hydrated(page);
    expect(await item.getByText(/^Repeats/).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("quick add on a phone", () => {
  it("previews what it read within the screen's width and saves it with a tap, axe-clean", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      timezoneId: "UTC",
      viewport: VIEWPORTS.phone,
      touch: true,
    });
    await newTaskBox(page).fill("Buy stamps tomorrow #errands !low");
    const preview = page.getByRole("status").filter({ hasText: "Understood:" });
    await expect
      .poll(() => preview.textContent())
      .toBe("Understood: “Buy stamps”, due Tomorrow, tagged #errands, Low priority");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const violations = await seriousViolations(page);
    expect(violations, report(violations)).toEqual([]);

    await page.getByRole("button", { name: "Add task", exact: true }).tap();
    await taskItem(page, "Buy stamps").getByText("#errands").waitFor();
    const tomorrow = addCalendarDays(calendarDateInZone(new Date(), "UTC"), 1);
    await expect
      .poll(async () => (await serverTasks(user, "Buy stamps"))[0])
      .toMatchObject({ dueDate: tomorrow, tags: ["errands"], priority: "low" });
    expect(errors).toEqual([]);
  });
});
