import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing";
import { listTasksInput } from "../validators/task";
import { builtListRows, isFirstPageWithoutFilters, listRows } from "./list-page";

const NOW = new Date("2025-06-15T12:00:00.000Z");
const STATUSES = ["all", "active", "completed"] as const;
const SORTS = ["created", "due", "priority", "title"] as const;
const ORDERS = [undefined, "asc", "desc"] as const;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(NOW);
});
afterAll(async () => {
  await api.close();
});

describe("listRows: first pages through a query built once", () => {
  it("answers every status, sort and order as the query built per request does, and only with the asker's tasks", async () => {
    const owners = [await api.createUser(), await api.createUser()];
    for (const [index, { caller }] of owners.entries()) {
      for (let task = 0; task < 6; task++) {
        const created = await caller.task.create({
          title: `${index === 0 ? "Alpha" : "Beta"} ${task}`,
          priority: (["low", "medium", "high"] as const)[task % 3],
          ...(task % 2 === 0 ? { dueDate: `2025-06-${10 + task}` } : {}),
        });
        if (task % 3 === 0) await caller.task.update({ id: created.id, completed: true });
      }
    }
    for (const status of STATUSES)
      for (const sort of SORTS)
        for (const order of ORDERS)
          for (const limit of [2, 50])
            for (const { user } of owners) {
              const input = listTasksInput.parse({ status, sort, limit, ...(order ? { order } : {}) });
              const ctx = { db: api.db, user, now: () => NOW };
              const reused = await listRows(ctx, input);
              expect(reused, `${status} ${sort} ${order} ${limit}`).toEqual(await builtListRows(ctx, input));
              // The owner is a placeholder filled per run: never another user's rows.
              const prefix = user === owners[0]?.user ? "Alpha" : "Beta";
              for (const row of reused) expect(row.task.title.startsWith(prefix)).toBe(true);
            }
  });

  it("builds the query per request for anything but status, sort, order and page size, a field it does not know included", () => {
    const first = listTasksInput.parse({
      status: "active",
      sort: "due",
      order: "asc",
      limit: 10,
      cursor: null,
    });
    expect(isFirstPageWithoutFilters(first)).toBe(true);
    expect(isFirstPageWithoutFilters({ ...first, direction: "forward" })).toBe(true);
    for (const filter of [
      { cursor: "abc" },
      { search: "milk" },
      { priority: "high" },
      { tag: "home" },
      { due: "today" },
    ]) {
      expect(isFirstPageWithoutFilters(listTasksInput.parse({ ...filter })), JSON.stringify(filter)).toBe(
        false,
      );
    }
    // A filter added to the input later must never be ignored by a query built without it.
    expect(isFirstPageWithoutFilters({ ...first, projectId: "p" } as typeof first)).toBe(false);
  });
});
