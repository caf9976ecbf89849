import {
  DUE_FILTERS,
  HOUR_MS,
  isOverdueAt,
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
/**
 * One owner per zone, each with the same tasks. At NOW it is 10:00 on 1 December in UTC, 23:00 in
 * Auckland, 02:00 in Los Angeles and 11:00 in Berlin.
 */
const ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Europe/Berlin"] as const;
type Zone = (typeof ZONES)[number];
/**
 * All-day and timed due dates around each owner's "now" (a minute before, at, after) and around the
 * day boundaries, and none. The end of a day and 00:00 the next day are one deadline (30 November
 * all day and 1 December 00:00; 1 December all day and 2 December 00:00): the id decides.
 */
const DUES: ReadonlyArray<readonly [string, string | null] | null> = [
  null,
  ["2026-11-30", null],
  ["2026-11-30", "23:59"],
  ["2026-12-01", "00:00"],
  ["2026-12-01", "01:59"],
  ["2026-12-01", "02:00"],
  ["2026-12-01", "09:59"],
  ["2026-12-01", "10:00"],
  ["2026-12-01", "10:01"],
  ["2026-12-01", "11:00"],
  ["2026-12-01", "22:59"],
  ["2026-12-01", "23:00"],
  ["2026-12-01", null],
  ["2026-12-02", "00:00"],
  ["2026-12-02", null],
  ["2026-12-03", "17:00"],
  ["2026-12-31", null],
];

/** Deterministic variety: task `index`'s field values cycle at different rates. */
function pick<T>(values: readonly T[], index: number, stride: number): T {
  return values[(index * stride + Math.floor(index / values.length)) % values.length] as T;
}

type ListedTask = Awaited<ReturnType<TestUser["caller"]["task"]["byId"]>>;
let api: TestApi;
const owners = new Map<Zone, { owner: TestUser; tasks: ListedTask[] }>();

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(NOW);
  for (const timeZone of ZONES) {
    const owner = await api.createUser({ timeZone });
    for (let index = 0; index < TASK_COUNT; index += 1) {
      const due = pick(DUES, index, 3);
      await api.createTask(owner.user.id, {
        title: pick(TITLES, index, 5),
        description: index % 4 === 0 ? "Ask about the MILK order" : null,
        completed: index % 3 === 0,
        completedAt: index % 3 === 0 ? NOW : null,
        priority: pick(PRIORITIES, index, 2),
        dueDate: due === null ? null : due[0],
        dueTime: due === null ? null : due[1],
        tags: TAGS.filter((_, tagIndex) => (index >> tagIndex) & 1),
        // Several tasks share a creation time, so the id has to break ties the same way on both sides.
        createdAt: new Date(NOW.getTime() - (index % 20) * HOUR_MS),
      });
    }
    const { items } = await owner.caller.task.list({ limit: LIST_LIMIT });
    owners.set(timeZone, { owner, tasks: items });
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
});

function ownerIn(timeZone: string): { owner: TestUser; tasks: ListedTask[] } {
  const found = owners.get(timeZone as Zone);
  if (!found) throw new Error(`no owner in ${timeZone}`);
  return found;
}

function queries(): TaskQuery[] {
  const result: TaskQuery[] = [];
  for (const status of TASK_STATUSES)
    for (const sort of TASK_SORTS)
      for (const order of [undefined, ...SORT_ORDERS])
        result.push({ status, sort, ...(order ? { order } : {}), timeZone: "UTC" });
  for (const timeZone of ZONES) {
    for (const due of DUE_FILTERS) result.push({ status: "all", sort: "due", due, timeZone });
    result.push({ status: "active", sort: "due", tag: "home", search: "a", due: "overdue", timeZone });
    if (timeZone !== "UTC")
      for (const order of SORT_ORDERS) result.push({ status: "all", sort: "due", order, timeZone });
  }
  for (const priority of PRIORITIES)
    result.push({ status: "active", sort: "priority", priority, timeZone: "UTC" });
  for (const tag of TAGS) result.push({ status: "all", sort: "title", tag, timeZone: "UTC" });
  for (const tag of TAGS)
    result.push({ status: "all", sort: "due", order: "desc", tag, timeZone: "Pacific/Auckland" });
  result.push({ status: "all", sort: "created", search: "milk", timeZone: "UTC" });
  result.push({ status: "all", sort: "title", search: "AN", timeZone: "UTC" });
  return result;
}

describe("the client's list rules agree with task.list", () => {
  it("holds a varied set of tasks for each owner, all-day and timed", () => {
    for (const timeZone of ZONES) {
      const { tasks } = ownerIn(timeZone);
      expect(tasks).toHaveLength(TASK_COUNT);
      expect(new Set(tasks.map((task) => `${task.dueDate} ${task.dueTime}`)).size).toBe(DUES.length);
    }
  });

  it.each(queries().map((query) => [JSON.stringify(query), query] as const))("%s", async (_name, query) => {
    const { owner, tasks } = ownerIn(query.timeZone);
    // The list reads the zone from the owner's account, never from its input.
    const { timeZone: _zone, ...input } = query;
    const { items } = await owner.caller.task.list({ ...input, limit: LIST_LIMIT });
    const expected = tasks
      .filter((task) => taskMatchesQuery(task, query, NOW))
      .sort(taskComparator(query))
      .map((task) => task.id);
    expect(items.map((task) => task.id)).toEqual(expected);
    // An empty list would agree with anything: every query here picks some tasks and leaves others.
    expect(expected.length).toBeGreaterThan(0);
    if (query.status !== "all" || query.due || query.tag || query.search)
      expect(expected.length).toBeLessThan(TASK_COUNT);
  });

  it.each(ZONES)(
    "task.stats counts as overdue exactly the tasks isOverdueAt does, in %s",
    async (timeZone) => {
      const { owner, tasks } = ownerIn(timeZone);
      const overdue = tasks.filter((task) => isOverdueAt(task, NOW, timeZone)).length;
      expect(overdue).toBeGreaterThan(0);
      expect((await owner.caller.task.stats()).overdue).toBe(overdue);
    },
  );

  it("reads each owner's own day: the same tasks are overdue or not by zone", async () => {
    const overdueTimes = new Map<Zone, string[]>();
    for (const timeZone of ZONES) {
      const { owner } = ownerIn(timeZone);
      const { items } = await owner.caller.task.list({ due: "overdue", sort: "due", limit: LIST_LIMIT });
      overdueTimes.set(timeZone, [
        ...new Set(items.map((task) => `${task.dueDate} ${task.dueTime ?? "all day"}`)),
      ]);
    }
    // 02:00 in Los Angeles: the tied 30 November (all day) and 1 December 00:00 interleave by id.
    expect(overdueTimes.get("America/Los_Angeles")?.[0]).toBe("2026-11-30 23:59");
    expect(overdueTimes.get("America/Los_Angeles")?.sort()).toEqual([
      "2026-11-30 23:59",
      "2026-11-30 all day",
      "2026-12-01 00:00",
      "2026-12-01 01:59",
    ]);
    expect(overdueTimes.get("UTC")?.at(-1)).toBe("2026-12-01 09:59");
    expect(overdueTimes.get("Europe/Berlin")?.at(-1)).toBe("2026-12-01 10:01");
    expect(overdueTimes.get("Pacific/Auckland")?.at(-1)).toBe("2026-12-01 22:59");
  });
});
