import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  alertWith,
  checkbox,
  counter,
  dateValue,
  expectCounter,
  expectStats,
  expectTitles,
  hydrated,
  newTaskBox,
  openDashboard,
  taskItem,
  taskList,
  titles,
  useContexts,
} from "./dashboard-page";
import { callApi, createTasks, createUser, newContext, type TestUser, useApp } from "./fixtures";

const app = useApp();
const contexts = useContexts();

async function complete(user: TestUser, id: string): Promise<void> {
  const response = await callApi(app, user.cookie, "mutation", "task.setCompleted", { id, completed: true });
  expect(response.status).toBe(200);
}

/** The user's tasks as the server has them, newest first. */
async function serverTasks(user: TestUser): Promise<
  Array<{
    title: string;
    description: string | null;
    completed: boolean;
    priority: string;
    tags: string[];
    dueDate: string | null;
    dueTime: string | null;
  }>
> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  expect(response.status).toBe(200);
  return (response.body as { result: { data: { json: { items: never[] } } } }).result.data.json.items;
}

describe("dashboard: first paint", () => {
  it("already holds the user's tasks and counts in the server-rendered HTML", async () => {
    const user = await createUser(app);
    const [, done] = await createTasks(app, user.cookie, [
      { title: "Renew passport" },
      { title: "Book dentist" },
      { title: "Return library books" },
    ]);
    await complete(user, done?.id ?? "");

    // No script runs here: whatever is visible came from the server.
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard", {
      javaScriptEnabled: false,
    });
    expect(await titles(page)).toEqual(["Return library books", "Book dentist", "Renew passport"]);
    expect(await checkbox(page, "Book dentist").isChecked()).toBe(true);
    expect(await checkbox(page, "Renew passport").isChecked()).toBe(false);
    expect(await counter(page).textContent()).toBe("2 items left");
    await expectStats(page, { Total: 3, Active: 2, Completed: 1, Overdue: 0 });
    expect(await page.getByText("Nothing to do yet.").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("never shows an empty list while hydrating, and does not fetch the list again", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Water the ferns" }]);
    const context = await newContext(app, user.cookie);
    contexts.add(context);
    const page = await context.newPage();
    // Watches the DOM from the first byte: an empty state or an empty list at any moment is a flash.
    // A list the HTML parser is still reading (nothing after it in the document yet) is not one:
    // on a slow machine the page can arrive cut inside it, after "Mark all" and before the tasks.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __emptySeen: string[] }).__emptySeen = seen;
      const parsedPast = (node: Node): boolean =>
        document.readyState !== "loading" ||
        document.evaluate("following::*", node, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null)
          .singleNodeValue !== null;
      new MutationObserver(() => {
        const list = document.querySelector('section[aria-label="Task list"]');
        if (!list || !parsedPast(list)) return;
        if (!list.textContent?.includes("Water the ferns")) seen.push(list.textContent ?? "");
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    const listRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("task.list")) listRequests.push(request.url());
    });

    const response = await page.goto("/dashboard");
    expect(await response?.text()).toContain("Water the ferns");
    await hydrated(page);
    // Hydrated: the "More options" toggle now answers.
    await page.getByRole("button", { name: "More options" }).click();
    await page.getByRole("button", { name: "Fewer options" }).waitFor();
    expect(await checkbox(page, "Water the ferns").isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __emptySeen: string[] }).__emptySeen)).toEqual(
      [],
    );
    expect(listRequests).toEqual([]);
  });
});

describe("dashboard: adding, editing, completing and deleting", () => {
  it("tells a new user what to do when there are no tasks yet", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const list = taskList(page);
    await list.getByText("Nothing to do yet.").waitFor();
    expect(await list.textContent()).toContain("Type your first task in the box above and press Enter");
    await expectStats(page, { Total: 0, Active: 0, Completed: 0, Overdue: 0 });
    // No counter and no footer with nothing to count (TodoMVC's habit).
    expect(await counter(page).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Clear completed/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("adds with Enter and with the Add task button, trimmed, and refuses an empty title", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const box = newTaskBox(page);

    await box.fill("   Buy milk   ");
    await box.press("Enter");
    await checkbox(page, "Buy milk").waitFor();
    expect(await box.inputValue()).toBe("");
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectCounter(page, "1 item left");

    await box.fill("Walk the dog");
    await page.getByRole("button", { name: "Add task", exact: true }).click();
    await expectTitles(page, ["Walk the dog", "Buy milk"]);
    await expectCounter(page, "2 items left");

    // Empty and blank titles are refused in place, and nothing reaches the server.
    await page.getByRole("button", { name: "Add task", exact: true }).click();
    await alertWith(page, "Type a title for the task first.").waitFor();
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    await box.fill("    ");
    await box.press("Enter");
    await alertWith(page, "Type a title for the task first.").waitFor();
    // Typing again clears the message.
    await box.pressSequentially("x");
    await alertWith(page, "Type a title for the task first.").waitFor({ state: "detached" });

    await expectTitles(page, ["Walk the dog", "Buy milk"]);
    await expect
      .poll(async () => (await serverTasks(user)).map((task) => task.title))
      .toEqual(["Walk the dog", "Buy milk"]);
    await page.reload();
    await expectTitles(page, ["Walk the dog", "Buy milk"]);
    expect(errors).toEqual([]);
  });

  it("edits a title inline: Enter saves, leaving the field saves, Esc cancels", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Draft report" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const titleField = taskList(page).getByRole("textbox", { name: "Title", exact: true });

    // Enter saves, and focus returns to the task's Edit button.
    await page.getByRole("button", { name: "Edit Draft report", exact: true }).click();
    expect(await titleField.inputValue()).toBe("Draft report");
    expect(await titleField.evaluate((element) => element === document.activeElement)).toBe(true);
    await titleField.fill("  Final report  ");
    await titleField.press("Enter");
    await checkbox(page, "Final report").waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Edit Final report");

    // Leaving the editor saves.
    await page.getByRole("button", { name: "Edit Final report", exact: true }).click();
    await titleField.fill("Final report v2");
    await page.getByRole("heading", { name: "Tasks", level: 1 }).click();
    await checkbox(page, "Final report v2").waitFor();
    await titleField.waitFor({ state: "detached" });

    // Esc cancels: nothing changes, here or on the server.
    await page.getByRole("button", { name: "Edit Final report v2", exact: true }).click();
    await titleField.fill("Not this one");
    await titleField.press("Escape");
    await titleField.waitFor({ state: "detached" });
    await expectTitles(page, ["Final report v2"]);

    await expect
      .poll(async () => (await serverTasks(user)).map((task) => task.title))
      .toEqual(["Final report v2"]);
    await page.reload();
    await expectTitles(page, ["Final report v2"]);
    expect(errors).toEqual([]);
  });

  it("asks before deleting a task whose title was emptied", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Keep me" }, { title: "Fix the gate" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const titleField = taskList(page).getByRole("textbox", { name: "Title", exact: true });
    const question = page.getByRole("alertdialog", { name: "The title is empty. Delete this task?" });

    await page.getByRole("button", { name: "Edit Fix the gate", exact: true }).click();
    await titleField.fill("");
    await titleField.press("Enter");
    await question.waitFor();
    await question.getByRole("button", { name: "Keep editing" }).click();
    await question.waitFor({ state: "detached" });
    await titleField.press("Escape");
    await titleField.waitFor({ state: "detached" });
    await expectTitles(page, ["Fix the gate", "Keep me"]);

    // Emptied and left (blur) asks too; this time the answer is yes.
    await page.getByRole("button", { name: "Edit Fix the gate", exact: true }).click();
    await titleField.fill("   ");
    await page.getByRole("heading", { name: "Tasks", level: 1 }).click();
    await question.waitFor();
    await question.getByRole("button", { name: "Delete task" }).click();
    await expectTitles(page, ["Keep me"]);
    await expect.poll(async () => (await serverTasks(user)).map((task) => task.title)).toEqual(["Keep me"]);
    expect(errors).toEqual([]);
  });

  it("toggles complete and back, deletes, and pluralises the counter", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Pay rent" }, { title: "Water plants" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await expectCounter(page, "2 items left");

    await checkbox(page, "Water plants").check();
    await expectCounter(page, "1 item left");
    await expectStats(page, { Total: 2, Active: 1, Completed: 1, Overdue: 0 });
    expect(await taskItem(page, "Water plants").getAttribute("class")).toContain("task-completed");
    // Reload only once the server has it: a reload would cancel a request still on its way.
    await expect
      .poll(async () => (await serverTasks(user)).find((task) => task.title === "Water plants")?.completed)
      .toBe(true);
    await page.reload();
    await hydrated(page);
    expect(await checkbox(page, "Water plants").isChecked()).toBe(true);
    await expectCounter(page, "1 item left");

    await checkbox(page, "Water plants").uncheck();
    await expectCounter(page, "2 items left");
    await checkbox(page, "Pay rent").check();
    await checkbox(page, "Water plants").check();
    await expectCounter(page, "0 items left");

    await page.getByRole("button", { name: "Delete Pay rent", exact: true }).click();
    await expectTitles(page, ["Water plants"]);
    await expectStats(page, { Total: 1, Active: 0, Completed: 1, Overdue: 0 });
    await expect
      .poll(async () => (await serverTasks(user)).map((task) => [task.title, task.completed]))
      .toEqual([["Water plants", true]]);
    await page.reload();
    await expectTitles(page, ["Water plants"]);
    expect(errors).toEqual([]);
  });

  it("clears completed tasks only", async () => {
    const user = await createUser(app);
    const created = await createTasks(app, user.cookie, [
      { title: "Done one" },
      { title: "Still to do" },
      { title: "Done two" },
    ]);
    await complete(user, created[0]?.id ?? "");
    await complete(user, created[2]?.id ?? "");
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await expectTitles(page, ["Done two", "Still to do", "Done one"]);

    const clear = page.getByRole("button", { name: "Clear completed" });
    await clear.click();
    await expectTitles(page, ["Still to do"]);
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });
    await expectCounter(page, "1 item left");
    // "Clear completed" shows only while something is completed.
    await expect.poll(() => clear.count()).toBe(0);
    await page.reload();
    await expectTitles(page, ["Still to do"]);
    expect(errors).toEqual([]);
  });
});

describe("dashboard: priority, due dates and tags", () => {
  it("adds a task with priority, due date and tags; an overdue task is visibly marked", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Plan trip", dueDate: dateValue(10) }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);

    await page.getByRole("button", { name: "More options" }).click();
    const form = page.locator("form.new-task");
    await form.getByLabel("Priority").selectOption({ label: "High" });
    await form.getByLabel("Due date").fill(dateValue(-2));
    await form.getByLabel("Tags").fill("money,  admin , money");
    await newTaskBox(page).fill("Submit taxes");
    await newTaskBox(page).press("Enter");

    const taxes = taskItem(page, "Submit taxes");
    await taxes.waitFor();
    await taxes.getByText("High priority").waitFor();
    await taxes.getByRole("button", { name: "Show tasks tagged money" }).waitFor();
    await taxes.getByRole("button", { name: "Show tasks tagged admin" }).waitFor();
    expect(await taxes.getByRole("button", { name: /^Show tasks tagged/ }).count()).toBe(2);
    const overdue = taxes.getByText(/^Overdue · /);
    await overdue.waitFor();
    await expectStats(page, { Total: 2, Active: 2, Completed: 0, Overdue: 1 });

    // "Overdue" is marked in colour too, unlike a date still ahead.
    const upcoming = taskItem(page, "Plan trip").getByText(/^Due /);
    const colours = async (badge: typeof upcoming) =>
      badge.evaluate((element) => {
        const style = getComputedStyle(element);
        return `${style.color} on ${style.backgroundColor}`;
      });
    expect(await colours(overdue)).not.toBe(await colours(upcoming));

    // A completed task is no longer overdue.
    await checkbox(page, "Submit taxes").check();
    await taxes.getByText(/^Due /).waitFor();
    await expectStats(page, { Total: 2, Active: 1, Completed: 1, Overdue: 0 });

    await expect
      .poll(async () => (await serverTasks(user))[0])
      .toMatchObject({ title: "Submit taxes", priority: "high", tags: ["money", "admin"], completed: true });
    expect(errors).toEqual([]);
  });

  it("changes priority, due date and tags in the inline editor", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [
      { title: "Renew insurance", priority: "high", dueDate: dateValue(-3), tags: ["car", "money"] },
    ]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const item = taskItem(page, "Renew insurance");
    await item.getByText(/^Overdue · /).waitFor();
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 1 });

    await page.getByRole("button", { name: "Edit Renew insurance", exact: true }).click();
    const editor = taskList(page).locator("form.task-editor");
    await editor.getByLabel("Priority").selectOption({ label: "Low" });
    await editor.getByLabel("Due date").fill(dateValue(1));
    await editor.getByLabel("Tags").fill("car");
    await editor.getByRole("button", { name: "Save" }).click();

    await item.getByText("Low priority").waitFor();
    await item.getByText("Due Tomorrow").waitFor();
    expect(await item.getByRole("button", { name: /^Show tasks tagged/ }).allTextContents()).toEqual([
      "#car",
    ]);
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });

    await expect
      .poll(async () => (await serverTasks(user))[0])
      .toMatchObject({ priority: "low", tags: ["car"], dueDate: dateValue(1), dueTime: null });
    await page.reload();
    await item.getByText("Due Tomorrow").waitFor();
    expect(await item.getByText("Low priority").isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe("dashboard: descriptions", () => {
  it("shows a description set elsewhere, and edits, keeps and clears it in the inline editor", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [
      { title: "Plan trip", description: "Book the train\nAsk Sam about the dates" },
    ]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const item = taskItem(page, "Plan trip");
    await item.getByText(/Book the train/).waitFor();
    expect(await item.locator(".task-description").textContent()).toBe(
      "Book the train\nAsk Sam about the dates",
    );

    await page.getByRole("button", { name: "Edit Plan trip", exact: true }).click();
    const editor = taskList(page).locator("form.task-editor");
    const description = editor.getByLabel("Description");
    expect(await description.inputValue()).toBe("Book the train\nAsk Sam about the dates");
    // Enter in the description starts a new line; it does not save.
    await description.fill("Book the train");
    await description.press("End");
    await description.press("Enter");
    await description.pressSequentially("Pack the charger");
    expect(await editor.isVisible()).toBe(true);
    await editor.getByRole("button", { name: "Save" }).click();
    await item.getByText(/Pack the charger/).waitFor();
    await expect
      .poll(async () => (await serverTasks(user))[0])
      .toMatchObject({ description: "Book the train\nPack the charger" });
    await page.reload();
    await item.getByText(/Pack the charger/).waitFor();

    await page.getByRole("button", { name: "Edit Plan trip", exact: true }).click();
    await editor.getByLabel("Description").fill("   ");
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await serverTasks(user))[0]).toMatchObject({ description: null });
    expect(await item.locator(".task-description").count()).toBe(0);

    // A new task can carry one from the start ("More options").
    await page.getByRole("button", { name: "More options" }).click();
    await newTaskBox(page).fill("Call the bank");
    await page.getByLabel("Description", { exact: true }).fill("Ask about the fee");
    await page.getByRole("button", { name: "Add task" }).click();
    await taskItem(page, "Call the bank").getByText("Ask about the fee").waitFor();
    await expect
      .poll(async () => (await serverTasks(user)).find((task) => task.title === "Call the bank"))
      .toMatchObject({ description: "Ask about the fee" });
    expect(errors).toEqual([]);
  });
});

describe("dashboard: search, filters and sort", () => {
  /** Four tasks, one of each kind the filters tell apart (created in this order). */
  async function seededUser(): Promise<TestUser> {
    const user = await createUser(app);
    const created = await createTasks(app, user.cookie, [
      { title: "Read novel", priority: "low" },
      { title: "Buy groceries", priority: "high", tags: ["home"], dueDate: dateValue(-2) },
      { title: "Write blog post", priority: "low", tags: ["work"], dueDate: dateValue(5) },
      { title: "Call plumber", tags: ["home", "urgent"], dueDate: dateValue(0) },
    ]);
    await complete(user, created[0]?.id ?? "");
    return user;
  }
  const ALL = ["Call plumber", "Write blog post", "Buy groceries", "Read novel"];

  it("shows the counts: total, active, completed, overdue", async () => {
    const user = await seededUser();
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await expectStats(page, { Total: 4, Active: 3, Completed: 1, Overdue: 1 });
    await expectCounter(page, "3 items left");
    expect(errors).toEqual([]);
  });

  it("filters by status, kept in the URL through reload and Back", async () => {
    const user = await seededUser();
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const status = page.getByRole("navigation", { name: "Filter by status" });
    const current = () => status.locator('[aria-current="page"]').textContent();
    await expectTitles(page, ALL);
    expect(await current()).toBe("All");

    await status.getByRole("link", { name: "Active", exact: true }).click();
    await expectTitles(page, ["Call plumber", "Write blog post", "Buy groceries"]);
    expect(new URL(page.url()).search).toBe("?status=active");
    expect(await current()).toBe("Active");

    await page.reload();
    await hydrated(page);
    await expectTitles(page, ["Call plumber", "Write blog post", "Buy groceries"]);
    expect(await current()).toBe("Active");

    await status.getByRole("link", { name: "Completed", exact: true }).click();
    await expectTitles(page, ["Read novel"]);
    expect(new URL(page.url()).search).toBe("?status=completed");
    // The counter counts every active task, whatever the filter shows.
    await expectCounter(page, "3 items left");

    await page.goBack();
    await expectTitles(page, ["Call plumber", "Write blog post", "Buy groceries"]);
    expect(new URL(page.url()).search).toBe("?status=active");
    expect(await current()).toBe("Active");

    await page.goBack();
    await expectTitles(page, ALL);
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    expect(new URL(page.url()).search).toBe("");
    expect(await current()).toBe("All");

    await page.goForward();
    await expectTitles(page, ["Call plumber", "Write blog post", "Buy groceries"]);

    // A shared link opens on the filter it names.
    await page.goto("/dashboard?status=completed");
    await expectTitles(page, ["Read novel"]);
    expect(errors).toEqual([]);
  });

  it("searches titles, case-insensitively, and says when nothing matches", async () => {
    const user = await seededUser();
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const search = page.getByRole("searchbox", { name: "Search" });

    await search.fill("PLUMB");
    await expectTitles(page, ["Call plumber"]);
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("PLUMB");
    await page.reload();
    await hydrated(page);
    await expectTitles(page, ["Call plumber"]);
    expect(await search.inputValue()).toBe("PLUMB");

    await search.fill("no such task");
    await taskList(page).getByText("No tasks match these filters.").waitFor();
    // Not the first-run message: this user has tasks.
    expect(await page.getByText("Nothing to do yet.").count()).toBe(0);
    await taskList(page).getByRole("button", { name: "Show all tasks" }).click();
    await expectTitles(page, ALL);
    expect(await search.inputValue()).toBe("");
    expect(errors).toEqual([]);
  });

  it("filters by priority, tag and due date", async () => {
    const user = await seededUser();
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const filters = page.locator(".filter-fields");
    const priority = filters.getByLabel("Priority");
    const due = filters.getByLabel("Due");

    await priority.selectOption({ label: "High" });
    await expectTitles(page, ["Buy groceries"]);
    expect(new URL(page.url()).searchParams.get("priority")).toBe("high");
    await priority.selectOption({ label: "Low" });
    await expectTitles(page, ["Write blog post", "Read novel"]);
    await priority.selectOption({ label: "Any" });
    await expectTitles(page, ALL);

    await due.selectOption({ label: "Overdue" });
    await expectTitles(page, ["Buy groceries"]);
    await due.selectOption({ label: "Today" });
    await expectTitles(page, ["Call plumber"]);
    await due.selectOption({ label: "Upcoming" });
    await expectTitles(page, ["Write blog post"]);
    await due.selectOption({ label: "No due date" });
    await expectTitles(page, ["Read novel"]);
    await due.selectOption({ label: "Any time" });
    await expectTitles(page, ALL);

    // A tag chip filters by its tag; the filter says so and can be cleared.
    await taskItem(page, "Call plumber").getByRole("button", { name: "Show tasks tagged home" }).click();
    await expectTitles(page, ["Call plumber", "Buy groceries"]);
    expect(new URL(page.url()).searchParams.get("tag")).toBe("home");
    await page.getByText("Showing tasks tagged").waitFor();
    await page.getByRole("button", { name: "Clear tag filter" }).click();
    await expectTitles(page, ALL);

    // The tag box filters on Enter; filters combine.
    await filters.getByLabel("Tag").fill("home");
    await filters.getByLabel("Tag").press("Enter");
    await expectTitles(page, ["Call plumber", "Buy groceries"]);
    await due.selectOption({ label: "Overdue" });
    await expectTitles(page, ["Buy groceries"]);
    await page.reload();
    await hydrated(page);
    await expectTitles(page, ["Buy groceries"]);
    expect(await filters.getByLabel("Tag").inputValue()).toBe("home");
    expect(errors).toEqual([]);
  });

  it("sorts by title, priority and due date", async () => {
    const user = await seededUser();
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const sort = page.locator(".filter-fields").getByLabel("Sort");
    await expectTitles(page, ALL);

    await sort.selectOption({ label: "Title A–Z" });
    await expectTitles(page, ["Buy groceries", "Call plumber", "Read novel", "Write blog post"]);
    expect(new URL(page.url()).searchParams.get("sort")).toBe("title");
    await sort.selectOption({ label: "Title Z–A" });
    await expectTitles(page, ["Write blog post", "Read novel", "Call plumber", "Buy groceries"]);
    await sort.selectOption({ label: "Highest priority" });
    await expectTitles(page, ["Buy groceries", "Call plumber", "Write blog post", "Read novel"]);
    await sort.selectOption({ label: "Due soonest" });
    await expectTitles(page, ["Buy groceries", "Call plumber", "Write blog post", "Read novel"]);
    await sort.selectOption({ label: "Oldest first" });
    await expectTitles(page, ["Read novel", "Buy groceries", "Write blog post", "Call plumber"]);

    await page.reload();
    await hydrated(page);
    await expectTitles(page, ["Read novel", "Buy groceries", "Write blog post", "Call plumber"]);
    expect(await sort.inputValue()).toBe("created:asc");
    expect(errors).toEqual([]);
  });
});

describe("dashboard: long lists", () => {
  it("loads more tasks as you scroll", async () => {
    const user = await createUser(app);
    const count = 35;
    await createTasks(
      app,
      user.cookie,
      Array.from({ length: count }, (_, index) => ({ title: `Task ${String(index + 1).padStart(2, "0")}` })),
    );
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const first = await titles(page);
    expect(first).toHaveLength(30);
    expect(first[0]).toBe("Task 35");
    expect(first).not.toContain("Task 05");

    // Scrolling towards the end of the list loads the rest, without pressing anything.
    await taskList(page).getByRole("listitem").last().scrollIntoViewIfNeeded();
    await expect.poll(async () => (await titles(page)).length).toBe(count);
    const all = await titles(page);
    expect(all.at(-1)).toBe("Task 01");
    expect(new Set(all).size).toBe(count);
    await page.getByRole("button", { name: "Load more tasks" }).waitFor({ state: "detached" });

    // A task from the second page works like any other.
    await checkbox(page, "Task 01").check();
    await expectCounter(page, "34 items left");
    expect(errors).toEqual([]);
  });
});

describe("dashboard: keyboard only", () => {
  /** What has focus, as "<tag>[type]: <accessible name>" (aria-label, labelledby, label, else text). */
  function focused(page: Page): Promise<string> {
    return page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      if (!element || element === document.body) return "body";
      const labelledBy = element.getAttribute("aria-labelledby");
      const name =
        element.getAttribute("aria-label") ??
        (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
        element.labels?.[0]?.textContent ??
        element.textContent ??
        "";
      const tag = element.tagName.toLowerCase();
      const type = tag === "input" ? `[${element.type}]` : "";
      return `${tag}${type}: ${name.trim()}`;
    });
  }

  /** Presses Tab until `target` has focus (failing with the path taken if it never does). */
  async function tabTo(page: Page, target: string): Promise<void> {
    const path: string[] = [];
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press("Tab");
      const now = await focused(page);
      if (now === target) return;
      path.push(now);
    }
    throw new Error(`Tab never reached ${target}; it went through:\n${path.join("\n")}`);
  }

  /** The focused control shows a focus ring a sighted keyboard user can see. */
  async function expectVisibleFocus(page: Page): Promise<void> {
    const ring = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return {
        focusVisible: element.matches(":focus-visible"),
        outline: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2,
      };
    });
    expect(ring).toEqual({ focusVisible: true, outline: true });
  }

  it("adds, completes, edits and deletes with the keyboard alone, focus always visible", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Already here" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);

    await tabTo(page, "input[text]: New task");
    await expectVisibleFocus(page);
    await page.keyboard.type("Keyboard task");
    await page.keyboard.press("Enter");
    await checkbox(page, "Keyboard task").waitFor();
    expect(await focused(page)).toBe("input[text]: New task");

    await tabTo(page, "input[checkbox]: Keyboard task");
    await expectVisibleFocus(page);
    await page.keyboard.press("Space");
    await expect.poll(() => checkbox(page, "Keyboard task").isChecked()).toBe(true);
    await expectCounter(page, "1 item left");
    await page.keyboard.press("Space");
    await expect.poll(() => checkbox(page, "Keyboard task").isChecked()).toBe(false);
    await expectCounter(page, "2 items left");

    await tabTo(page, "button: Edit Keyboard task");
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("input[text]: Title");
    await expectVisibleFocus(page);
    // The whole title is selected, so typing replaces it.
    await page.keyboard.type("Edited by keyboard");
    await page.keyboard.press("Enter");
    await checkbox(page, "Edited by keyboard").waitFor();
    await expect.poll(() => focused(page)).toBe("button: Edit Edited by keyboard");
    await expectVisibleFocus(page);

    // Esc leaves the editor unchanged, back on the same button.
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(page)).toBe("input[text]: Title");
    await page.keyboard.type("Not kept");
    await page.keyboard.press("Escape");
    await expect.poll(() => focused(page)).toBe("button: Edit Edited by keyboard");
    await expectTitles(page, ["Edited by keyboard", "Already here"]);

    // Deleting moves focus to the next task instead of dropping it at the top of the page.
    await tabTo(page, "button: Delete Edited by keyboard");
    await expectVisibleFocus(page);
    await page.keyboard.press("Enter");
    await expectTitles(page, ["Already here"]);
    expect(await focused(page)).toBe("input[checkbox]: Already here");
    await expectVisibleFocus(page);

    await expect
      .poll(async () => (await serverTasks(user)).map((task) => [task.title, task.completed]))
      .toEqual([["Already here", false]]);
    expect(errors).toEqual([]);
  });
});
