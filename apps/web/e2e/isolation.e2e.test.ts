/** Each person's tasks are theirs alone: in the browser, and through the API with another's ids. */
import { randomUUID } from "node:crypto";
import { errorCode, type RawResponse } from "@doable/test-support/http-client";
import { describe, expect, it } from "vitest";
import {
  dateValue,
  expectCounter,
  expectStats,
  expectTitles,
  hydrated,
  newTaskBox,
  openDashboard,
  taskList,
  useContexts,
} from "./dashboard-page";
import { callApi, createTasks, createUser, type TestUser, useApp } from "./fixtures";

const app = useApp();
const contexts = useContexts();

function data<T>(response: RawResponse): T {
  expect(response.status).toBe(200);
  return (response.body as { result: { data: { json: T } } }).result.data.json;
}

async function listTitles(user: TestUser): Promise<string[]> {
  const response = await callApi(app, user.cookie, "query", "task.list", { limit: 100 });
  return data<{ items: Array<{ title: string }> }>(response).items.map((task) => task.title);
}

/** Alice: one completed task tagged "private", one overdue. Bob: one task of his own. */
async function twoUsers() {
  const alice = await createUser(app, { name: "Alice Archer" });
  const bob = await createUser(app, { name: "Bob Baker" });
  const [secret, flowers] = await createTasks(app, alice.cookie, [
    { title: "Alice secret plan", tags: ["private"], priority: "high" },
    { title: "Alice buys flowers", dueDate: dateValue(-1) },
  ]);
  if (!secret || !flowers) throw new Error("seeding failed");
  data(await callApi(app, alice.cookie, "mutation", "task.setCompleted", { id: secret.id, completed: true }));
  await createTasks(app, bob.cookie, [{ title: "Bob fixes the bike" }]);
  return { alice, bob, secret, flowers };
}

describe("isolation between users", () => {
  it("two people in two browsers never see each other's tasks, searches or counts", async () => {
    const { alice, bob } = await twoUsers();
    const a = await openDashboard(app, contexts, alice.cookie);
    const b = await openDashboard(app, contexts, bob.cookie);

    expect(await a.page.getByRole("banner").textContent()).toContain("Alice Archer");
    expect(await b.page.getByRole("banner").textContent()).toContain("Bob Baker");
    await expectTitles(a.page, ["Alice buys flowers", "Alice secret plan"]);
    await expectTitles(b.page, ["Bob fixes the bike"]);
    await expectStats(a.page, { Total: 2, Active: 1, Completed: 1, Overdue: 1 });
    await expectStats(b.page, { Total: 1, Active: 1, Completed: 0, Overdue: 0 });
    await expectCounter(b.page, "1 item left");
    // Not even in the data sent along for hydration.
    expect(await b.page.content()).not.toContain("Alice");
    expect(await a.page.content()).not.toContain("Bob fixes");

    // Bob adds a task in his browser; Alice's list and counts stay hers.
    await newTaskBox(b.page).fill("Bob calls his mum");
    await newTaskBox(b.page).press("Enter");
    await expectTitles(b.page, ["Bob calls his mum", "Bob fixes the bike"]);
    await expect.poll(() => listTitles(bob)).toEqual(["Bob calls his mum", "Bob fixes the bike"]);
    await a.page.reload();
    await hydrated(a.page);
    await expectTitles(a.page, ["Alice buys flowers", "Alice secret plan"]);
    await expectStats(a.page, { Total: 2, Active: 1, Completed: 1, Overdue: 1 });

    // Searching and filtering only ever reach one's own tasks.
    await b.page.getByRole("searchbox", { name: "Search" }).fill("Alice");
    await taskList(b.page).getByText("No tasks match these filters.").waitFor();
    for (const path of ["/dashboard?tag=private", "/dashboard?status=completed", "/dashboard?due=overdue"]) {
      await b.page.goto(path);
      await taskList(b.page).getByText("No tasks match these filters.").waitFor();
      expect(await b.page.content()).not.toContain("Alice");
    }
    await a.page.getByRole("searchbox", { name: "Search" }).fill("Bob");
    await taskList(a.page).getByText("No tasks match these filters.").waitFor();
    await a.page.goto("/dashboard?q=bike");
    await taskList(a.page).getByText("No tasks match these filters.").waitFor();

    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it("another user's task ids answer 404 like missing ones, and the task is untouched", async () => {
    const { alice, bob, secret, flowers } = await twoUsers();
    const read = (id: string) => callApi(app, alice.cookie, "query", "task.byId", { id });
    const before = [data(await read(secret.id)), data(await read(flowers.id))];
    const missing = randomUUID();

    const attempts: Array<[string, "query" | "mutation", string, (id: string) => unknown]> = [
      ["read", "query", "task.byId", (id) => ({ id })],
      ["rename", "mutation", "task.update", (id) => ({ id, title: "Bob was here" })],
      ["reopen", "mutation", "task.update", (id) => ({ id, completed: false })],
      ["complete", "mutation", "task.setCompleted", (id) => ({ id, completed: true })],
      ["delete", "mutation", "task.delete", (id) => ({ id })],
    ];
    for (const [what, kind, path, input] of attempts) {
      for (const target of [secret, flowers]) {
        const response = await callApi(app, bob.cookie, kind, path, input(target.id));
        const control = await callApi(app, bob.cookie, kind, path, input(missing));
        expect({ what, status: response.status, code: errorCode(response) }).toEqual({
          what,
          status: 404,
          code: "NOT_FOUND",
        });
        // Indistinguishable from an id that does not exist: no existence leak.
        expect(response.status).toBe(control.status);
        expect(response.text.replace(target.id, "")).not.toContain("Alice");
        expect((response.body as { error: { json: { message: string } } }).error.json.message).toBe(
          (control.body as { error: { json: { message: string } } }).error.json.message,
        );
      }
    }

    // Clearing his completed tasks does not reach hers; naming her as owner is refused outright.
    data(await callApi(app, bob.cookie, "mutation", "task.clearCompleted"));
    const me = data<{ id: string }>(await callApi(app, alice.cookie, "query", "auth.me"));
    const smuggled = await callApi(app, bob.cookie, "mutation", "task.create", {
      title: "Planted in Alice's list",
      userId: me.id,
    });
    expect(smuggled.status).toBe(400);
    const listed = await callApi(app, bob.cookie, "query", "task.list", { userId: me.id });
    expect(listed.status).toBe(400);

    expect([data(await read(secret.id)), data(await read(flowers.id))]).toEqual(before);
    expect(await listTitles(alice)).toEqual(["Alice buys flowers", "Alice secret plan"]);
    expect(await listTitles(bob)).toEqual(["Bob fixes the bike"]);

    // And her dashboard shows her tasks as they were.
    const a = await openDashboard(app, contexts, alice.cookie);
    await expectTitles(a.page, ["Alice buys flowers", "Alice secret plan"]);
    expect(await a.page.getByRole("checkbox", { name: "Alice secret plan", exact: true }).isChecked()).toBe(
      true,
    );
    await expectStats(a.page, { Total: 2, Active: 1, Completed: 1, Overdue: 1 });
    expect(a.errors).toEqual([]);
  });
});
