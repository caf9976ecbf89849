/**
 * Live sync (ADR 0027, 0029): what one tab, device or the CLI changes shows in every other open
 * dashboard of that user within a second, without reloading, and never in another user's.
 */
import { SECOND_MS } from "@doable/domain";
import { describe, expect, it } from "vitest";
import {
  checkbox,
  expectStats,
  expectTitles,
  newTaskBox,
  openDashboard,
  taskList,
  titles,
  useContexts,
} from "./dashboard-page";
import { callApi, createTasks, createUser, signInAgain, useApp } from "./fixtures";

const app = useApp();
const contexts = useContexts();

/** The product's promise: a change made elsewhere shows within a second. */
const LIVE = { timeout: SECOND_MS, interval: 25 } as const;

describe("live sync between two devices of one user", () => {
  it("shows a task added, edited, completed and deleted elsewhere within a second", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Already there" }]);
    const laptop = await openDashboard(app, contexts, user.cookie);
    const phoneCookie = await signInAgain(app, user);
    const phone = await openDashboard(app, contexts, phoneCookie);

    // Added in one window (through its UI): the other shows it, and counts it.
    await newTaskBox(laptop.page).fill("Added on the laptop");
    await newTaskBox(laptop.page).press("Enter");
    await expect.poll(() => titles(laptop.page)).toEqual(["Added on the laptop", "Already there"]);
    await expect.poll(() => titles(phone.page), LIVE).toEqual(["Added on the laptop", "Already there"]);
    await expectStats(phone.page, { Total: 2, Active: 2, Completed: 0, Overdue: 0 });

    // Edited, completed and deleted from the phone's session through the API (as the CLI would).
    const listed = await callApi(app, phoneCookie, "query", "task.list", {});
    const items = (
      listed.body as { result: { data: { json: { items: Array<{ id: string; title: string }> } } } }
    ).result.data.json.items;
    const added = items.find((task) => task.title === "Added on the laptop");
    const existing = items.find((task) => task.title === "Already there");
    expect(added && existing).toBeTruthy();

    await callApi(app, phoneCookie, "mutation", "task.update", {
      id: added?.id,
      title: "Renamed on the phone",
    });
    await expect.poll(() => titles(laptop.page), LIVE).toEqual(["Renamed on the phone", "Already there"]);

    await callApi(app, phoneCookie, "mutation", "task.setCompleted", { id: existing?.id, completed: true });
    await expect.poll(() => checkbox(laptop.page, "Already there").isChecked(), LIVE).toBe(true);
    await expectStats(laptop.page, { Total: 2, Active: 1, Completed: 1, Overdue: 0 });

    await callApi(app, phoneCookie, "mutation", "task.delete", { id: added?.id });
    await expect.poll(() => titles(laptop.page), LIVE).toEqual(["Already there"]);
    await expect.poll(() => titles(phone.page), LIVE).toEqual(["Already there"]);
    await expectStats(laptop.page, { Total: 1, Active: 0, Completed: 1, Overdue: 0 });

    expect(laptop.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });

  it("places a task from elsewhere by the filter and sort in view, and leaves out what the filter hides", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "banana" }, { title: "date" }]);
    const { page, errors } = await openDashboard(
      app,
      contexts,
      user.cookie,
      "/dashboard?sort=title&status=active",
    );
    await expectTitles(page, ["banana", "date"]);

    const [cherry] = await createTasks(app, user.cookie, [{ title: "cherry" }]);
    await expect.poll(() => titles(page), LIVE).toEqual(["banana", "cherry", "date"]);
    // Completed elsewhere: it leaves the "Active" list.
    await callApi(app, user.cookie, "mutation", "task.setCompleted", { id: cherry?.id, completed: true });
    await expect.poll(() => titles(page), LIVE).toEqual(["banana", "date"]);
    await createTasks(app, user.cookie, [{ title: "apple" }]);
    await expect.poll(() => titles(page), LIVE).toEqual(["apple", "banana", "date"]);
    expect(errors).toEqual([]);
  });
});

describe("two devices editing one task", () => {
  it("never overwrites a change made elsewhere during an edit: both versions shown, the person picks", async () => {
    const user = await createUser(app);
    const [task] = await createTasks(app, user.cookie, [{ title: "Buy milk" }]);
    const laptop = await openDashboard(app, contexts, user.cookie);
    const phoneCookie = await signInAgain(app, user);

    await laptop.page.getByRole("button", { name: "Edit Buy milk", exact: true }).click();
    const titleField = taskList(laptop.page).getByRole("textbox", { name: "Title", exact: true });
    // The editor is loaded on first use: editing begins when it shows the task.
    await titleField.waitFor();
    // Meanwhile, the phone renames it.
    await callApi(app, phoneCookie, "mutation", "task.update", { id: task?.id, title: "Buy bread" });
    await titleField.fill("Buy oat milk");
    await titleField.press("Enter");

    const panel = laptop.page
      .getByRole("alert")
      .filter({ hasText: "was changed elsewhere while you were editing it" });
    await panel.waitFor();
    expect(await panel.textContent()).toContain("Yours: “Buy oat milk” · Now: “Buy bread”");
    await expectTitles(laptop.page, ["Buy bread"]);
    await panel.getByRole("button", { name: "Keep my changes" }).click();
    await panel.waitFor({ state: "detached" });
    await expect.poll(() => titles(laptop.page), LIVE).toEqual(["Buy oat milk"]);
    const saved = await callApi(app, phoneCookie, "query", "task.byId", { id: task?.id });
    expect((saved.body as { result: { data: { json: { title: string } } } }).result.data.json.title).toBe(
      "Buy oat milk",
    );

    // The other way round: the person keeps the other version, and nothing of theirs is sent.
    await laptop.page.getByRole("button", { name: "Edit Buy oat milk", exact: true }).click();
    await titleField.waitFor();
    await callApi(app, phoneCookie, "mutation", "task.update", { id: task?.id, title: "Buy cheese" });
    await taskList(laptop.page).getByRole("textbox", { name: "Title", exact: true }).fill("Buy butter");
    await taskList(laptop.page).getByRole("textbox", { name: "Title", exact: true }).press("Enter");
    await panel.waitFor();
    await panel.getByRole("button", { name: "Keep the other changes" }).click();
    await expectTitles(laptop.page, ["Buy cheese"]);
    expect(laptop.errors.filter((error) => !error.includes("status of 409"))).toEqual([]);
  });

  it("merges edits of different fields without asking", async () => {
    const user = await createUser(app);
    const [task] = await createTasks(app, user.cookie, [{ title: "Plan trip" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.getByRole("button", { name: "Edit Plan trip", exact: true }).click();
    await callApi(app, user.cookie, "mutation", "task.update", { id: task?.id, priority: "high" });
    const titleField = taskList(page).getByRole("textbox", { name: "Title", exact: true });
    await titleField.fill("Plan the trip");
    await titleField.press("Enter");
    await expect
      .poll(async () => {
        const saved = await callApi(app, user.cookie, "query", "task.byId", { id: task?.id });
        const { title, priority } = (
          saved.body as { result: { data: { json: { title: string; priority: string } } } }
        ).result.data.json;
        return [title, priority];
      }, LIVE)
      .toEqual(["Plan the trip", "high"]);
    await expectTitles(page, ["Plan the trip"]);
    expect(await page.getByRole("alert").filter({ hasText: "changed elsewhere" }).count()).toBe(0);
    expect(errors.filter((error) => !error.includes("status of 409"))).toEqual([]);
  });
});

describe("live sync between two users", () => {
  it("never shows one user's changes to another", async () => {
    const alice = await createUser(app);
    const bob = await createUser(app);
    const bobsPage = await openDashboard(app, contexts, bob.cookie);
    await createTasks(app, alice.cookie, [{ title: "Alice's secret" }]);
    // Bob's own change arrives live: by then Alice's, had it been sent to him, would have too.
    await createTasks(app, bob.cookie, [{ title: "Bob's marker" }]);
    await expect.poll(() => titles(bobsPage.page), LIVE).toEqual(["Bob's marker"]);
    await bobsPage.page.waitForTimeout(300);
    expect(await titles(bobsPage.page)).toEqual(["Bob's marker"]);
    expect(await bobsPage.page.content()).not.toContain("Alice");
    await expectStats(bobsPage.page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });
    expect(bobsPage.errors).toEqual([]);
  });
});
