/**
 * Nothing is lost by a slip: a delete and "Clear completed" move tasks to the trash, and a toast
 * offers "Undo" for 10 seconds (DESIGN: "Live sync, trash, versions").
 */
import { SECOND_MS } from "@doable/domain";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkbox, expectStats, expectTitles, openDashboard, useContexts } from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, useApp } from "./fixtures";

const app = useApp();
const contexts = useContexts();

/** The toast's 10 s, and the time a busy machine may take on top of it to take the toast away. */
const UNDO_GONE_WITHIN_MS = 10 * SECOND_MS + 5 * SECOND_MS;

function toast(page: Page) {
  return page.locator(".toast");
}

async function liveTitles(user: TestUser): Promise<string[]> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  return (
    response.body as { result: { data: { json: { items: Array<{ title: string }> } } } }
  ).result.data.json.items.map((task) => task.title);
}

describe("undo", () => {
  it("brings a deleted task back with Undo, and offers it for 10 seconds only", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Keep" }, { title: "Oops" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);

    await page.getByRole("button", { name: "Delete Oops", exact: true }).click();
    await expectTitles(page, ["Keep"]);
    await toast(page).filter({ hasText: "“Oops” moved to the trash." }).waitFor();
    await expect.poll(() => liveTitles(user)).toEqual(["Keep"]);

    await toast(page).getByRole("button", { name: "Undo", exact: true }).click();
    await expectTitles(page, ["Oops", "Keep"]);
    await toast(page).waitFor({ state: "detached" });
    await expect.poll(() => liveTitles(user)).toEqual(["Oops", "Keep"]);
    await expectStats(page, { Total: 2, Active: 2, Completed: 0, Overdue: 0 });

    await page.getByRole("button", { name: "Delete Keep", exact: true }).click();
    await toast(page).waitFor();
    await toast(page).waitFor({ state: "detached", timeout: UNDO_GONE_WITHIN_MS });
    await expectTitles(page, ["Oops"]);
    expect(await liveTitles(user)).toEqual(["Oops"]);
    expect(errors).toEqual([]);
  });

  it("clears exactly the completed tasks it names, under a filter too, and Undo restores all of them", async () => {
    const user = await createUser(app);
    const created = await createTasks(app, user.cookie, [
      { title: "Done at home", tags: ["home"] },
      { title: "Done at work", tags: ["work"] },
      { title: "Done elsewhere" },
      { title: "Still open", tags: ["home"] },
    ]);
    for (const task of created.slice(0, 3)) {
      await callApi(app, user.cookie, "mutation", "task.setCompleted", { id: task.id, completed: true });
    }
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard?tag=home");
    await expectTitles(page, ["Still open", "Done at home"]);

    // It says how many it clears: all three completed tasks, not only the one this filter shows.
    const clear = page.getByRole("button", { name: "Clear completed (3)", exact: true });
    await clear.click();
    await expectTitles(page, ["Still open"]);
    await toast(page).filter({ hasText: "3 completed tasks moved to the trash." }).waitFor();
    await expect.poll(() => liveTitles(user)).toEqual(["Still open"]);
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });

    await toast(page).getByRole("button", { name: "Undo", exact: true }).click();
    await expectTitles(page, ["Still open", "Done at home"]);
    await expect
      .poll(async () => (await liveTitles(user)).sort())
      .toEqual(["Done at home", "Done at work", "Done elsewhere", "Still open"]);
    await expectStats(page, { Total: 4, Active: 1, Completed: 3, Overdue: 0 });
    expect(await checkbox(page, "Done at home").isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
