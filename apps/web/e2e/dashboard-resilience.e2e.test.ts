/**
 * Changes show before the server answers, are undone with a message when it refuses, and a
 * server in trouble is explained in place with a way to try again: never a blank page.
 * `page.route` plays the server's part where a real failure cannot be provoked on demand.
 */
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  alertWith,
  checkbox,
  expectCounter,
  expectStats,
  expectTitles,
  newTaskBox,
  openDashboard,
  taskList,
  useContexts,
} from "./dashboard-page";
import {
  callApi,
  createTasks,
  createUser,
  signInAgain,
  type TestUser,
  unexpectedErrors,
  useApp,
} from "./fixtures";

const app = useApp();
const contexts = useContexts();

/** Requests to the tRPC endpoint that include this procedure (batched or not). */
function procedure(name: string): RegExp {
  return new RegExp(`/api/trpc/[^?]*\\b${name.replace(".", "\\.")}\\b`);
}

/** The dashboard's save indicator, when it says `text`. */
function syncStatus(page: Page, text: string) {
  return page.locator(".sync-status [role=status]").filter({ hasText: text });
}

/** A tRPC error response, as the server sends one (superjson envelope). */
function trpcError(status: number, code: string, message: string) {
  return {
    status,
    contentType: "application/json",
    body: JSON.stringify({
      error: { json: { message, code: -32603, data: { code, httpStatus: status, requestId: "req-e2e-1" } } },
    }),
  };
}

/** Holds every matching request until `release()`; `arrived` resolves with the first one held. */
async function holdRequests(page: Page, pattern: RegExp) {
  const held: Route[] = [];
  let released = false;
  let first: (route: Route) => void = () => {};
  const arrived = new Promise<Route>((resolve) => {
    first = resolve;
  });
  await page.route(pattern, async (route) => {
    if (released) return route.continue();
    held.push(route);
    first(route);
  });
  return {
    arrived,
    async release() {
      released = true;
      // Continue before unrouting: requests still paused when interception ends are let go by
      // Chromium itself, and continuing them again would fail.
      await Promise.all(held.map((route) => route.continue()));
      await page.unroute(pattern);
    },
  };
}

async function serverTasks(
  user: TestUser,
): Promise<Array<{ id: string; title: string; completed: boolean }>> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  expect(response.status).toBe(200);
  return (response.body as { result: { data: { json: { items: never[] } } } }).result.data.json.items;
}

describe("dashboard: optimistic changes", () => {
  it("shows a new task and a completion before the server has answered", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Existing task" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);

    const creating = await holdRequests(page, procedure("task.create"));
    await newTaskBox(page).fill("Shown at once");
    await newTaskBox(page).press("Enter");
    await creating.arrived;
    await expectTitles(page, ["Shown at once", "Existing task"]);
    await expectCounter(page, "2 items left");
    expect((await serverTasks(user)).map((task) => task.title)).toEqual(["Existing task"]);
    await creating.release();
    await expect.poll(async () => (await serverTasks(user)).length).toBe(2);

    const completing = await holdRequests(page, procedure("task.setCompleted"));
    await checkbox(page, "Existing task").check();
    await completing.arrived;
    expect(await checkbox(page, "Existing task").isChecked()).toBe(true);
    await expectCounter(page, "1 item left");
    await expectStats(page, { Total: 2, Active: 1, Completed: 1, Overdue: 0 });
    expect((await serverTasks(user)).find((task) => task.title === "Existing task")?.completed).toBe(false);
    await completing.release();
    await expect
      .poll(async () => (await serverTasks(user)).find((task) => task.title === "Existing task")?.completed)
      .toBe(true);
    expect(await checkbox(page, "Existing task").isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("sends a tick made before 'Mark all' was unticked first, however long its answer takes", async () => {
    const user = await createUser(app);
    const [done] = await createTasks(app, user.cookie, [{ title: "Done" }, { title: "Open" }]);
    await callApi(app, user.cookie, "mutation", "task.setCompleted", { id: done?.id, completed: true });
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const markAll = page.getByRole("checkbox", { name: "Mark all as complete", exact: true });

    const ticking = await holdRequests(page, procedure("task.setCompleted"));
    await checkbox(page, "Open").check();
    await ticking.arrived;
    await expect.poll(() => markAll.isChecked()).toBe(true);
    await markAll.uncheck();
    await expectCounter(page, "2 items left");
    await ticking.release();

    // Sent the other way round, the late tick would leave "Open" completed on the server alone.
    await syncStatus(page, "All changes saved").waitFor();
    const completedOnServer = (await serverTasks(user)).map(({ title, completed }) => [title, completed]);
    expect(Object.fromEntries(completedOnServer)).toEqual({ Done: false, Open: false });
    await page.reload();
    await expectCounter(page, "2 items left");
    expect(errors).toEqual([]);
  });
  it("sends a tick that met a 503 again before a later untick of the task, or of 'Mark all'", async () => {
    const user = await createUser(app);
    const [done] = await createTasks(app, user.cookie, [{ title: "Done" }, { title: "Open" }]);
    await callApi(app, user.cookie, "mutation", "task.setCompleted", { id: done?.id, completed: true });
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const markAll = page.getByRole("checkbox", { name: "Mark all as complete", exact: true });
    const completedOnServer = async () =>
      Object.fromEntries((await serverTasks(user)).map(({ title, completed }) => [title, completed]));
    const unavailableOnce = () =>
      page.route(
        procedure("task.setCompleted"),
        (route) => route.fulfill(trpcError(503, "SERVICE_UNAVAILABLE", "Service unavailable")),
        { times: 1 },
      );

    // The tick waits to be sent again; the untick made meanwhile waits behind it, not ahead.
    await unavailableOnce();
    await checkbox(page, "Open").check();
    await syncStatus(page, "Offline: 1 change kept on this device").waitFor();
    await checkbox(page, "Open").uncheck();
    await syncStatus(page, "All changes saved").waitFor();
    expect(await completedOnServer()).toEqual({ Done: true, Open: false });

    // "Mark all" cannot wait for the connection: it sends the waiting tick first, then goes.
    await unavailableOnce();
    await checkbox(page, "Open").check();
    await syncStatus(page, "Offline: 1 change kept on this device").waitFor();
    await expect.poll(() => markAll.isChecked()).toBe(true);
    await markAll.uncheck();
    await expectCounter(page, "2 items left");
    await syncStatus(page, "All changes saved").waitFor();
    expect(await completedOnServer()).toEqual({ Done: false, Open: false });
    expect(await alertWith(page, "Not saved").count()).toBe(0);
    await page.reload();
    await expectCounter(page, "2 items left");
    expect(unexpectedErrors(errors, [503])).toEqual([]);
  });
  it("does not untick 'Mark all' ahead of a tick still waiting: it says so, and Retry goes once the tick is saved", async () => {
    const user = await createUser(app);
    const [done] = await createTasks(app, user.cookie, [{ title: "Done" }, { title: "Open" }]);
    await callApi(app, user.cookie, "mutation", "task.setCompleted", { id: done?.id, completed: true });
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const markAll = page.getByRole("checkbox", { name: "Mark all as complete", exact: true });
    const ticks = procedure("task.setCompleted");
    await page.route(ticks, (route) =>
      route.fulfill(trpcError(503, "SERVICE_UNAVAILABLE", "Service unavailable")),
    );

    await checkbox(page, "Open").check();
    await syncStatus(page, "Offline: 1 change kept on this device").waitFor();
    await expect.poll(() => markAll.isChecked()).toBe(true);
    // A click, not uncheck(): refused at once, the box is ticked again before uncheck() could look.
    await markAll.click();
    const message = alertWith(page, "Not saved");
    await message.waitFor();
    expect(await message.textContent()).toContain("changes made before it are still waiting");
    // The tick is kept and still shown; nothing reached the server.
    await expect.poll(() => checkbox(page, "Open").isChecked()).toBe(true);
    expect(Object.fromEntries((await serverTasks(user)).map((task) => [task.title, task.completed]))).toEqual(
      {
        Done: true,
        Open: false,
      },
    );

    await page.unroute(ticks);
    await message.getByRole("button", { name: "Retry" }).click();
    await syncStatus(page, "All changes saved").waitFor();
    await expectCounter(page, "2 items left");
    expect(Object.fromEntries((await serverTasks(user)).map((task) => [task.title, task.completed]))).toEqual(
      {
        Done: false,
        Open: false,
      },
    );
    expect(unexpectedErrors(errors, [503])).toEqual([]);
  });
});

describe("dashboard: refused changes roll back with a message", () => {
  it("undoes an edit of a task deleted in another session meanwhile, and says why", async () => {
    const user = await createUser(app);
    const [shared] = await createTasks(app, user.cookie, [{ title: "Shared task" }, { title: "Other task" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await expectTitles(page, ["Other task", "Shared task"]);

    // Another device deletes the task while this page's edit is on its way.
    const otherDevice = await signInAgain(app, user);
    await page.route(
      procedure("task.update"),
      async (route) => {
        const deleted = await callApi(app, otherDevice, "mutation", "task.delete", { id: shared?.id });
        expect(deleted.status).toBe(200);
        await route.continue();
      },
      { times: 1 },
    );
    await page.getByRole("button", { name: "Edit Shared task", exact: true }).click();
    const titleField = taskList(page).getByRole("textbox", { name: "Title", exact: true });
    await titleField.fill("Renamed elsewhere");
    await titleField.press("Enter");

    const message = alertWith(page, "Not saved");
    await message.waitFor();
    expect(await message.textContent()).toContain("this task no longer exists");
    // The edit is undone, and the deletion arrives live: the task is gone, nothing renamed shows.
    await expectTitles(page, ["Other task"]);
    expect(await message.isVisible()).toBe(true);
    await message.getByRole("button", { name: "Dismiss" }).click();
    await message.waitFor({ state: "detached" });
    expect(unexpectedErrors(errors, [404])).toEqual([]);
  });

  it("undoes a completion the server refused with an error, keeping the task", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Stubborn task" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.route(procedure("task.setCompleted"), (route) =>
      route.fulfill(trpcError(500, "INTERNAL_SERVER_ERROR", "Internal server error")),
    );

    await checkbox(page, "Stubborn task").click();
    const message = alertWith(page, "Not saved");
    await message.waitFor();
    expect(await message.textContent()).toContain("Something went wrong on our side. Please try again.");
    expect(await message.textContent()).toContain("req-e2e-1");
    // Undone by the page itself: nothing is fetched again to learn the truth.
    await expect.poll(() => checkbox(page, "Stubborn task").isChecked()).toBe(false);
    await expectCounter(page, "1 item left");
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });
    // Retry is offered only where waiting can help (a 503).
    expect(await message.getByRole("button", { name: "Retry" }).count()).toBe(0);
    expect((await serverTasks(user))[0]?.completed).toBe(false);
    expect(unexpectedErrors(errors, [500])).toEqual([]);
  });

  it("keeps a change that met a 503 waiting, and sends it again by itself", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Keep" }, { title: "Remove me" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.route(
      procedure("task.delete"),
      (route) => route.fulfill(trpcError(503, "SERVICE_UNAVAILABLE", "Service unavailable")),
      { times: 1 },
    );

    await page.getByRole("button", { name: "Delete Remove me", exact: true }).click();
    await expectTitles(page, ["Keep"]);
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });
    await syncStatus(page, "Offline: 1 change kept on this device").waitFor();
    await expect.poll(async () => (await serverTasks(user)).map((task) => task.title)).toEqual(["Keep"]);
    await syncStatus(page, "All changes saved").waitFor();
    await expectTitles(page, ["Keep"]);
    expect(await alertWith(page, "Not saved").count()).toBe(0);
    expect(unexpectedErrors(errors, [503])).toEqual([]);
  });
});

describe("dashboard: a server in trouble", () => {
  it("says the list is temporarily unavailable, with Retry, and never goes blank", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Visible after retry" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const unavailable = procedure("task.list");
    await page.route(unavailable, (route) =>
      route.fulfill(trpcError(503, "SERVICE_UNAVAILABLE", "Service unavailable")),
    );

    // A filter not loaded yet has to come from the server, which now answers 503.
    await page
      .getByRole("navigation", { name: "Filter by status" })
      .getByRole("link", { name: "Active" })
      .click();
    const message = taskList(page).getByRole("alert");
    await message.getByText(/temporarily unavailable/).waitFor();
    // The rest of the page is still there and still usable.
    expect(await page.getByRole("heading", { name: "Tasks", level: 1 }).isVisible()).toBe(true);
    expect(await newTaskBox(page).isEditable()).toBe(true);
    expect(await page.getByText("Application error").count()).toBe(0);

    await page.unroute(unavailable);
    await message.getByRole("button", { name: "Retry" }).click();
    await expectTitles(page, ["Visible after retry"]);
    expect(await taskList(page).getByRole("alert").count()).toBe(0);
    expect(unexpectedErrors(errors, [503])).toEqual([]);
  });

  it("explains any other list failure in words, with a reference, in place", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Back again" }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    const failing = procedure("task.list");
    await page.route(failing, (route) =>
      route.fulfill(trpcError(500, "INTERNAL_SERVER_ERROR", "Internal server error")),
    );

    await page.getByRole("searchbox", { name: "Search" }).fill("back");
    const message = taskList(page).getByRole("alert");
    await message
      .getByText("Something went wrong on our side. Please try again. (reference req-e2e-1)")
      .waitFor();
    expect(await message.textContent()).not.toContain("INTERNAL_SERVER_ERROR");

    await page.unroute(failing);
    await message.getByRole("button", { name: "Retry" }).click();
    await expectTitles(page, ["Back again"]);
    expect(unexpectedErrors(errors, [500])).toEqual([]);
  });
});

describe("dashboard: typed work is never lost", () => {
  it("keeps a new task the server refused, marked, with Retry that saves it once", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.route(
      procedure("task.create"),
      (route) => route.fulfill(trpcError(500, "INTERNAL_SERVER_ERROR", "Internal server error")),
      { times: 1 },
    );
    await newTaskBox(page).fill("Buy bread");
    await newTaskBox(page).press("Enter");

    const row = taskList(page).getByRole("listitem").filter({ hasText: "Buy bread" });
    await row.getByRole("alert").filter({ hasText: "Not saved" }).waitFor();
    expect(await row.textContent()).toContain("Something went wrong on our side");
    expect(await checkbox(page, "Buy bread").isDisabled()).toBe(true);
    expect(await serverTasks(user)).toEqual([]);

    await page.getByRole("button", { name: "Retry saving Buy bread", exact: true }).click();
    await row.getByRole("alert").waitFor({ state: "detached" });
    await expectTitles(page, ["Buy bread"]);
    await expect.poll(async () => (await serverTasks(user)).map((task) => task.title)).toEqual(["Buy bread"]);
    await expectStats(page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });
    expect(await checkbox(page, "Buy bread").isDisabled()).toBe(false);
    expect(unexpectedErrors(errors, [500])).toEqual([]);
  });

  it("lets a person discard a new task that could not be saved", async () => {
    const user = await createUser(app);
    const { page, errors } = await openDashboard(app, contexts, user.cookie);
    await page.route(procedure("task.create"), (route) =>
      route.fulfill(trpcError(500, "INTERNAL_SERVER_ERROR", "Internal server error")),
    );
    await newTaskBox(page).fill("Never mind");
    await newTaskBox(page).press("Enter");
    await alertWith(page, "Not saved").waitFor();
    await page.getByRole("button", { name: "Discard Never mind", exact: true }).click();
    await expectTitles(page, []);
    expect(unexpectedErrors(errors, [500])).toEqual([]);
  });

  it("says when the current filters hide a task just added, and shows it on request", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Work thing", tags: ["work"] }]);
    const { page, errors } = await openDashboard(app, contexts, user.cookie, "/dashboard?tag=work");
    await newTaskBox(page).fill("Home thing");
    await newTaskBox(page).press("Enter");
    const notice = page.getByRole("status").filter({ hasText: "“Home thing” was added" });
    await notice.waitFor();
    expect(await notice.textContent()).toContain("The current filters hide it.");
    await expectTitles(page, ["Work thing"]);
    await notice.getByRole("button", { name: "Show all tasks" }).click();
    await expectTitles(page, ["Home thing", "Work thing"]);
    await notice.waitFor({ state: "detached" });
    expect(errors).toEqual([]);
  });
});

describe("dashboard: offline", () => {
  it("sends a change made offline from the same page once the connection is back", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Water plants" }]);
    const { context, page, errors } = await openDashboard(app, contexts, user.cookie);

    // Offline before any write was sent: even the code that sends one cannot load yet.
    await context.setOffline(true);
    await checkbox(page, "Water plants").check();
    await syncStatus(page, "Offline: 1 change kept on this device").waitFor();

    await context.setOffline(false);
    await expect
      .poll(async () => (await serverTasks(user)).map((task) => [task.title, task.completed]))
      .toEqual([["Water plants", true]]);
    await syncStatus(page, "All changes saved").waitFor();
    expect(await checkbox(page, "Water plants").isChecked()).toBe(true);
    expect(errors.filter((error) => !error.includes("net::ERR_INTERNET_DISCONNECTED"))).toEqual([]);
  });

  it("keeps changes made offline across a closed tab and sends them, in order, when back online", async () => {
    const user = await createUser(app);
    await createTasks(app, user.cookie, [{ title: "Water plants" }]);
    const { context, page, errors } = await openDashboard(app, contexts, user.cookie);

    await context.setOffline(true);
    await newTaskBox(page).fill("Written offline");
    await newTaskBox(page).press("Enter");
    await checkbox(page, "Written offline").check();
    await checkbox(page, "Water plants").check();
    await syncStatus(page, "Offline: 3 changes kept on this device").waitFor();
    await expectTitles(page, ["Written offline", "Water plants"]);
    await page.close();
    expect((await serverTasks(user)).map((task) => [task.title, task.completed])).toEqual([
      ["Water plants", false],
    ]);

    await context.setOffline(false);
    const reopened = await context.newPage();
    const reopenedErrors: string[] = [];
    reopened.on("console", (message) => {
      if (message.type() === "error") reopenedErrors.push(message.text());
    });
    await reopened.goto("/dashboard");
    await expect
      .poll(async () => (await serverTasks(user)).map((task) => [task.title, task.completed]))
      .toEqual([
        ["Written offline", true],
        ["Water plants", true],
      ]);
    await syncStatus(reopened, "All changes saved").waitFor();
    await expectTitles(reopened, ["Written offline", "Water plants"]);
    await expectStats(reopened, { Total: 2, Active: 0, Completed: 2, Overdue: 0 });
    // Sent once: reloading finds nothing left to send.
    await reopened.reload();
    await expectTitles(reopened, ["Written offline", "Water plants"]);
    expect((await serverTasks(user)).length).toBe(2);
    // Offline, each send fails to load (the browser logs it); nothing else went wrong.
    expect(errors.filter((error) => !error.includes("net::ERR_INTERNET_DISCONNECTED"))).toEqual([]);
    expect(reopenedErrors).toEqual([]);
  });
});
