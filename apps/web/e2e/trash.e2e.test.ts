/**
 * /trash (ADR 0029): what the dashboard deletes lands here, each task can be restored or deleted
 * forever (after a confirmation), the whole trash can be emptied (naming the count), and a long
 * trash is read a page at a time.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  callApi,
  createTasks,
  createUser,
  type TestUser,
  useApp,
  usePages,
  waitForHydration,
} from "./fixtures";

const app = useApp();
const openPage = usePages(app);

/** Creates the tasks and moves them to the trash through the API, oldest deleted first. */
async function trashTasks(user: TestUser, titles: string[]): Promise<Array<{ id: string; title: string }>> {
  const created = await createTasks(
    app,
    user.cookie,
    titles.map((title) => ({ title })),
  );
  for (const task of created) {
    const response = await callApi(app, user.cookie, "mutation", "task.delete", { id: task.id });
    expect(response.status).toBe(200);
  }
  return created;
}

async function listedTitles(cookie: string, path: "task.list" | "task.trash"): Promise<string[]> {
  const response = await callApi(app, cookie, "query", path, path === "task.list" ? { status: "all" } : {});
  expect(response.status).toBe(200);
  const body = JSON.parse(response.text) as {
    result: { data: { json: { items: Array<{ title: string }> } } };
  };
  return body.result.data.json.items.map((item) => item.title);
}

async function openTrash(page: Page): Promise<void> {
  await page.goto("/trash");
  await waitForHydration(page.getByRole("heading", { name: "Trash", level: 1 }));
}

describe("/trash", () => {
  it("says whose subtask a trashed subtask is", async () => {
    const user = await createUser(app);
    const [trip] = await createTasks(app, user.cookie, [{ title: "Pack for the trip" }]);
    const [passport] = await createTasks(app, user.cookie, [{ title: "Passport", parentId: trip?.id }]);
    const response = await callApi(app, user.cookie, "mutation", "task.delete", { id: passport?.id });
    expect(response.status).toBe(200);
    const { page, errors } = await openPage(user.cookie);
    await openTrash(page);
    const row = page.getByRole("list", { name: "Deleted tasks" }).getByRole("listitem");
    await row.filter({ hasText: "Passport" }).waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("Subtask of “Pack for the trip”");
    expect(errors).toEqual([]);
  });

  it("is linked from the header and shows the empty state", async () => {
    const user = await createUser(app);
    const { page, errors } = await openPage(user.cookie);
    await page.goto("/dashboard");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trash" }).click();
    await page.waitForURL((url) => url.pathname === "/trash");
    await page.getByRole("heading", { name: "Trash", level: 1 }).waitFor();
    expect(await page.getByText("The trash is empty").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Empty trash" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Trash" }).getAttribute("aria-current")).toBe("page");
    expect(errors).toEqual([]);
  });

  it("lists what the dashboard deleted; Restore brings a task back to the dashboard", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Water the plants" }, { title: "Call the plumber" }]);
    const { page, errors } = await openPage(user.cookie);
    await page.goto("/dashboard");
    const deleteButton = page.getByRole("button", { name: "Delete Water the plants" });
    await waitForHydration(deleteButton);
    await deleteButton.click();
    await expect.poll(() => listedTitles(user.cookie, "task.trash")).toEqual(["Water the plants"]);

    await openTrash(page);
    const list = page.getByRole("list", { name: "Deleted tasks" });
    await list.waitFor();
    expect(await list.getByRole("listitem").count()).toBe(1);
    expect(await list.getByRole("listitem").first().textContent()).toMatch(/Water the plants.*Deleted /);
    await page.getByRole("button", { name: "Restore Water the plants" }).click();
    await page.getByRole("status").getByText("Restored “Water the plants”.").waitFor();
    await page.getByText("The trash is empty").waitFor();
    expect((await listedTitles(user.cookie, "task.list")).sort()).toEqual([
      "Call the plumber",
      "Water the plants",
    ]);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tasks" }).click();
    await page.getByRole("button", { name: "Delete Water the plants" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("deletes one task forever only after confirming, and Cancel keeps it", async () => {
    const user = await createUser(app);
    await trashTasks(user, ["Old receipts", "Broken umbrella"]);
    const { page, errors } = await openPage(user.cookie);
    await openTrash(page);

    await page.getByRole("button", { name: "Delete Old receipts forever" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("Delete “Old receipts” forever? This cannot be undone.");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("alertdialog").count()).toBe(0);
    expect((await listedTitles(user.cookie, "task.trash")).sort()).toEqual([
      "Broken umbrella",
      "Old receipts",
    ]);

    await page.getByRole("button", { name: "Delete Old receipts forever" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete forever" }).click();
    await page.getByRole("status").getByText("Deleted “Old receipts” forever.").waitFor();
    expect(await page.getByRole("button", { name: "Restore Old receipts" }).count()).toBe(0);
    expect(await listedTitles(user.cookie, "task.trash")).toEqual(["Broken umbrella"]);
    expect(await listedTitles(user.cookie, "task.list")).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("loads more than one page, and Empty trash names the count of the whole trash", async () => {
    const user = await createUser(app);
    const titles = Array.from({ length: 27 }, (_, index) => `Trashed ${String(index + 1).padStart(2, "0")}`);
    await trashTasks(user, titles);
    const { page, errors } = await openPage(user.cookie);
    await openTrash(page);

    const items = page.getByRole("list", { name: "Deleted tasks" }).getByRole("listitem");
    await items.first().waitFor();
    expect(await items.count()).toBe(25);
    // Most recently deleted first.
    expect(await items.first().textContent()).toContain("Trashed 27");
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByRole("button", { name: "Restore Trashed 01" }).waitFor();
    expect(await items.count()).toBe(27);
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);

    await page.getByRole("button", { name: "Empty trash" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("Delete all 27 tasks in the trash forever?");
    await dialog.getByRole("button", { name: "Delete 27 tasks forever" }).click();
    await page.getByRole("status").getByText("Emptied the trash: 27 tasks deleted forever.").waitFor();
    await page.getByText("The trash is empty").waitFor();
    expect(await listedTitles(user.cookie, "task.trash")).toEqual([]);
    expect(errors).toEqual([]);
  });
});
