/**
 * Projects (ADR 0042) in the browser: the "Projects" navigation with "All tasks", the Inbox and
 * each project's open count; a new project; adding in a project; moving a task through its editor;
 * project settings (rename, delete after asking, Undo); on a phone, the same behind the "Projects"
 * menu button. axe-clean at both widths.
 */
import { resultData } from "@doable/test-support/http-client";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, seriousViolations } from "./axe";
import {
  callApi,
  createTasks,
  createUser,
  type TestUser,
  useApp,
  usePages,
  waitForHydration,
} from "./fixtures";
import { VIEWPORTS } from "./pages";

const app = useApp();
const openPage = usePages(app);

interface ProjectJson {
  id: string;
  name: string;
  openCount: number;
  archived: boolean;
}

async function projectsOf(cookie: string): Promise<ProjectJson[]> {
  const response = await callApi(app, cookie, "query", "project.list", undefined);
  expect(response.status).toBe(200);
  return (JSON.parse(response.text) as { result: { data: { json: ProjectJson[] } } }).result.data.json;
}

async function createProject(user: TestUser, name: string): Promise<ProjectJson> {
  return resultData<ProjectJson>(await callApi(app, user.cookie, "mutation", "project.create", { name }));
}

/** Each live task's title and whether it is completed, as the server has them. */
async function completedByTitle(user: TestUser): Promise<Record<string, boolean>> {
  const response = await callApi(app, user.cookie, "query", "task.list", { status: "all", limit: 100 });
  const { items } = resultData<{ items: Array<{ title: string; completed: boolean }> }>(response);
  return Object.fromEntries(items.map((task) => [task.title, task.completed]));
}

async function openDashboard(page: Page, path = "/dashboard"): Promise<void> {
  await page.goto(path);
  await waitForHydration(page.getByRole("textbox", { name: "New task" }));
}

async function expectAxeClean(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `axe-core found in ${what}:\n${report(violations)}`).toEqual([]);
}

describe("projects on /dashboard (desktop)", () => {
  it("creates a project, adds and moves tasks, counts them, renames it, deletes it and undoes that", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Buy milk" }]);
    const { page, errors } = await openPage(user.cookie, { viewport: VIEWPORTS.desktop });
    await openDashboard(page);
    const nav = page.getByRole("navigation", { name: "Projects" });
    expect(await nav.getByRole("link", { name: "All tasks" }).getAttribute("aria-current")).toBe("page");
    await nav.getByRole("link", { name: "Inbox 1 open" }).waitFor();
    // On a wide screen the list is there without a menu.
    expect(await page.getByRole("button", { name: "Projects" }).isVisible()).toBe(false);

    await nav.getByRole("button", { name: "New project" }).click();
    await page.getByRole("textbox", { name: "Project name" }).fill("Garden");
    await page.getByRole("combobox", { name: "Colour" }).selectOption({ label: "Green" });
    await expectAxeClean(page, "the New project form");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL((url) => url.searchParams.has("project"));
    await page.getByRole("heading", { name: "Garden", level: 1 }).waitFor();
    expect(await nav.getByRole("link", { name: "Garden 0 open" }).getAttribute("aria-current")).toBe("page");

    // Added here, a task lands in this project.
    await page.getByRole("textbox", { name: "New task" }).fill("Plant bulbs");
    await page.getByRole("button", { name: "Add task" }).click();
    await page.getByRole("checkbox", { name: "Plant bulbs" }).waitFor();
    await nav.getByRole("link", { name: "Garden 1 open" }).waitFor();
    expect(await page.getByRole("checkbox", { name: "Buy milk" }).count()).toBe(0);

    // Moved through the editor's Project field: it leaves the Inbox's list.
    await nav.getByRole("link", { name: "Inbox 1 open" }).click();
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Edit Buy milk" }).click();
    await page.getByRole("combobox", { name: "Project" }).selectOption({ label: "Garden" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByRole("checkbox", { name: "Buy milk" }).count()).toBe(0);
    await nav.getByRole("link", { name: "Garden 2 open" }).waitFor();
    await nav.getByRole("link", { name: "Inbox 0 open" }).waitFor();

    // Back and reload keep the project: it is in the URL.
    await nav.getByRole("link", { name: "Garden 2 open" }).click();
    await page.reload();
    await page.getByRole("heading", { name: "Garden", level: 1 }).waitFor();
    await page.getByRole("checkbox", { name: "Buy milk" }).waitFor();
    await expectAxeClean(page, "a project's view");

    await page.getByRole("button", { name: "Project settings" }).click();
    await page.getByRole("textbox", { name: "Project name" }).fill("Yard");
    await page.getByRole("button", { name: "Save project" }).click();
    await page.getByRole("heading", { name: "Yard", level: 1 }).waitFor();
    await nav.getByRole("link", { name: "Yard 2 open" }).waitFor();

    await page.getByRole("button", { name: "Project settings" }).click();
    await page.getByRole("button", { name: /^Delete project/ }).click();
    await page.getByText("Delete “Yard”? Its 2 tasks go to the trash with it.").waitFor();
    await expectAxeClean(page, "the delete confirmation");
    await page.getByRole("button", { name: "Delete project" }).click();
    await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
    await page.getByRole("status").getByText("Deleted “Yard”: its 2 tasks went to the trash.").waitFor();
    await expect.poll(() => nav.getByRole("link", { name: /Yard/ }).count()).toBe(0);
    await expect.poll(() => page.getByRole("checkbox", { name: "Buy milk" }).count()).toBe(0);

    await page.getByRole("button", { name: "Undo" }).click();
    await nav.getByRole("link", { name: "Yard 2 open" }).waitFor();
    await page.getByRole("checkbox", { name: "Buy milk" }).waitFor();
    expect((await projectsOf(user.cookie)).map((project) => project.name)).toEqual(["Inbox", "Yard"]);
    expect(errors).toEqual([]);
  });

  it("marks all and clears completed within a project's view only, with Undo, and archives the project", async () => {
    const user = await createUser(app);
    const garden = await createProject(user, "Garden");
    await createTasks(app, user.cookie, [
      { title: "Buy milk" },
      { title: "Plant bulbs", projectId: garden.id },
      { title: "Mow the lawn", projectId: garden.id },
    ]);
    const { page, errors } = await openPage(user.cookie, { viewport: VIEWPORTS.desktop });
    await openDashboard(page, `/dashboard?project=${garden.id}`);
    await page.getByRole("heading", { name: "Garden", level: 1 }).waitFor();
    const markAll = page.getByRole("checkbox", { name: "Mark all as complete", exact: true });
    const garden2Open = page
      .getByRole("navigation", { name: "Projects" })
      .getByRole("link", { name: "Garden 2 open" });
    await garden2Open.waitFor();

    // TodoMVC's toggle-all, for this project's tasks: the Inbox's stays open.
    await markAll.check();
    expect(await page.getByRole("checkbox", { name: "Plant bulbs" }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: "Mow the lawn" }).isChecked()).toBe(true);
    await expect
      .poll(() => completedByTitle(user))
      .toEqual({ "Buy milk": false, "Plant bulbs": true, "Mow the lawn": true });
    expect(await markAll.isChecked()).toBe(true);
    // A single toggle unticks it again.
    await page.getByRole("checkbox", { name: "Mow the lawn" }).uncheck();
    await expect.poll(() => markAll.isChecked()).toBe(false);

    // "Clear completed" counts and clears this project's completed tasks, not every project's.
    await callApi(app, user.cookie, "mutation", "task.setCompleted", {
      id: (await createTasks(app, user.cookie, [{ title: "Pay rent" }]))[0]?.id,
      completed: true,
    });
    await page.getByRole("button", { name: "Clear completed (1)", exact: true }).click();
    await expect.poll(() => page.getByRole("checkbox", { name: "Plant bulbs" }).count()).toBe(0);
    await expect
      .poll(() => completedByTitle(user))
      .toEqual({ "Buy milk": false, "Mow the lawn": false, "Pay rent": true });
    await page.getByText("1 completed task moved to the trash.").waitFor();
    await expectAxeClean(page, "a project's view after Clear completed");
    await page.getByRole("button", { name: "Undo", exact: true }).click();
    await page.getByRole("checkbox", { name: "Plant bulbs" }).waitFor();
    await expect.poll(async () => Object.keys(await completedByTitle(user)).length).toBe(4);

    // Archived, it is folded away under "Archived" and still opens.
    await page.getByRole("button", { name: "Project settings" }).click();
    await page.getByRole("button", { name: "Archive project" }).click();
    const nav = page.getByRole("navigation", { name: "Projects" });
    await nav.getByText("Archived (1)").click();
    await nav.getByRole("link", { name: /^Garden/ }).click();
    await page.getByRole("checkbox", { name: "Plant bulbs" }).waitFor();
    await expectAxeClean(page, "an archived project's view");
    expect((await projectsOf(user.cookie)).find((project) => project.id === garden.id)).toMatchObject({
      archived: true,
    });
    expect(errors).toEqual([]);
  });

  it("answers another person's project id in the URL as not found, showing nothing of theirs", async () => {
    const owner = await createUser(app);
    const response = await callApi(app, owner.cookie, "mutation", "project.create", { name: "Private" });
    const theirs = (JSON.parse(response.text) as { result: { data: { json: { id: string } } } }).result.data
      .json;
    await createTasks(app, owner.cookie, [{ title: "Owner's secret" }]);
    const visitor = await createUser(app);
    const { page } = await openPage(visitor.cookie, { viewport: VIEWPORTS.desktop });
    await openDashboard(page, `/dashboard?project=${theirs.id}`);
    await page.getByText("Project not found").first().waitFor();
    expect(await page.getByText("Private").count()).toBe(0);
    expect(await page.getByText("Owner's secret").count()).toBe(0);
  });
});

describe("projects on /dashboard (phone)", () => {
  it("opens the Projects menu, goes to a project and back to All tasks, axe-clean", async () => {
    const user = await createUser(app);
    await callApi(app, user.cookie, "mutation", "project.create", { name: "Errands" });
    const { page, errors } = await openPage(user.cookie, { viewport: VIEWPORTS.phone });
    await openDashboard(page);
    const menu = page.getByRole("button", { name: "Projects" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    const nav = page.getByRole("navigation", { name: "Projects" });
    expect(await nav.getByRole("link", { name: "Errands 0 open" }).isVisible()).toBe(false);
    await expectAxeClean(page, "the dashboard with the menu closed (phone)");

    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await expectAxeClean(page, "the dashboard with the menu open (phone)");
    await nav.getByRole("link", { name: "Errands 0 open" }).click();
    await page.getByRole("heading", { name: "Errands", level: 1 }).waitFor();
    // Choosing closes the menu.
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await page.getByRole("textbox", { name: "New task" }).fill("Post the parcel");
    await page.getByRole("button", { name: "Add task" }).click();
    await page.getByRole("checkbox", { name: "Post the parcel" }).waitFor();

    await menu.click();
    await nav.getByRole("link", { name: "All tasks" }).click();
    await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
    await page.getByRole("checkbox", { name: "Post the parcel" }).waitFor();
    expect((await projectsOf(user.cookie)).find((project) => project.name === "Errands")?.openCount).toBe(1);
    expect(errors).toEqual([]);
  });
});
