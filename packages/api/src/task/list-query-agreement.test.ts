import {
  DUE_FILTERS,
  HOUR_MS,
  PRIORITIES,
  SORT_ORDERS,
  TASK_SORTS,
  TASK_STATUSES,
  type TaskQuery,
  taskComparator,
  taskMatchesQuery,
} from "@doable/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, type TestUser } from "../testing";

/**
 * A client places tasks it already holds (its own changes, live events) with @doable/domain's
 * taskMatchesQuery and taskComparator instead of asking for the list again. This proves those
 * rules say what the server's list query says, over every status, sort, order and filter.
 */

const NOW = new Date("2026-12-01T10:00:00.000Z");
const TASK_COUNT = 48;
const LIST_LIMIT = 100;
/** Letters only: the database's collation and code-unit order agree on them (see taskComparator). */
const TITLES = ["apple", "Banana", "cherry", "Date", "elder", "apple", "fig", "Grape"];
const TAGS = ["home", "work", "errands"];
/** Due dates around "now" and the day boundaries of UTC and Auckland, and none. */
const DUE_OFFSETS_HOURS = [null, -30, -2, 1, 5, 13, 14, 20, 40, 24 * 30];

/** Deterministic variety: task `index`'s field values cycle at different rates. */
function pick<T>(values: readonly T[], index: number, stride: number): T {
  return values[(index * stride + Math.floor(index / values.length)) % values.length] as T;
}

let api: TestApi;
let owner: TestUser;
let allTasks: Awaited<ReturnType<TestUser["caller"]["task"]["byId"]>>[];

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(NOW);
  owner = await api.createUser();
  const other = await api.createUser();
  for (let index = 0; index < TASK_COUNT; index += 1) {
    const dueOffset = pick(DUE_OFFSETS_HOURS, index, 3);
    await api.createTask(owner.user.id, {
      title: pick(TITLES, index, 5),
      description: index % 4 === 0 ? "Ask about the MILK order" : null,
      completed: index % 3 === 0,
      completedAt: index % 3 === 0 ? NOW : null,
      priority: pick(PRIORITIES, index, 2),
      dueAt: dueOffset === null ? null : new Date(NOW.getTime() + dueOffset * HOUR_MS),
      tags: TAGS.filter((_, tagIndex) => (index >> tagIndex) & 1),
      // Several tasks share a creation time, so the id has to break ties the same way on both sides.
      createdAt: new Date(NOW.getTime() - (index % 20) * HOUR_MS),
    });
  }
  await api.createTask(other.user.id, { title: "apple", tags: ["home"] });
  const { items } = await owner.caller.task.list({ limit: LIST_LIMIT });
  allTasks = items;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

function queries(): TaskQuery[] {
  const result: TaskQuery[] = [];
  for (const status of TASK_STATUSES)
    for (const sort of TASK_SORTS)
      for (const order of [undefined, ...SORT_ORDERS])
        result.push({ status, sort, ...(order ? { order } : {}), timeZone: "UTC" });
  for (const timeZone of ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
    for (const due of DUE_FILTERS) result.push({ status: "all", sort: "due", due, timeZone });
  for (const priority of PRIORITIES)
    result.push({ status: "active", sort: "priority", priority, timeZone: "UTC" });
  for (const tag of TAGS) result.push({ status: "all", sort: "title", tag, timeZone: "UTC" });
  result.push({ status: "all", sort: "created", search: "milk", timeZone: "UTC" });
  result.push({ status: "all", sort: "title", search: "AN", timeZone: "UTC" });
  result.push({ status: "active", sort: "due", tag: "home", search: "a", due: "overdue", timeZone: "UTC" });
  return result;
}

describe("the client's list rules agree with task.list", () => {
  it("holds a varied set of tasks", () => {
    expect(allTasks).toHaveLength(TASK_COUNT);
  });

  it.each(queries().map((query) => [JSON.stringify(query), query] as const))("%s", async (_name, query) => {
    const { items } = await owner.caller.task.list({ ...query, limit: LIST_LIMIT });
    const expected = allTasks
      .filter((task) => taskMatchesQuery(task, query, NOW))
      .sort(taskComparator(query))
      .map((task) => task.id);
    expect(items.map((task) => task.id)).toEqual(expected);
    // An empty list would agree with anything: every query here picks some tasks and leaves others.
    expect(expected.length).toBeGreaterThan(0);
    if (query.status !== "all" || query.due || query.tag || query.search)
      expect(expected.length).toBeLessThan(TASK_COUNT);
  });
});
