import { describe, expect, it } from "vitest";
import { calendarDateInZone } from "./calendar-date";
import {
  isOverdueAt,
  type QueryableTask,
  type TaskQuery,
  taskComparator,
  taskMatchesQuery,
} from "./task-query";

const NOW = new Date("2026-12-01T10:00:00Z");

function task(overrides: Partial<QueryableTask> = {}): QueryableTask {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    title: "Buy milk",
    description: null,
    completed: false,
    priority: "medium",
    dueAt: null,
    tags: [],
    createdAt: new Date("2026-11-01T00:00:00Z"),
    ...overrides,
  };
}

const ALL: TaskQuery = { status: "all", sort: "created", timeZone: "UTC" };

describe("calendarDateInZone", () => {
  it("names the day as people in that zone would", () => {
    const instant = new Date("2026-11-30T20:00:00Z");
    expect(calendarDateInZone(instant, "UTC")).toBe("2026-11-30");
    expect(calendarDateInZone(instant, "Pacific/Auckland")).toBe("2026-12-01");
    expect(calendarDateInZone(instant, "America/Los_Angeles")).toBe("2026-11-30");
  });
});

describe("taskMatchesQuery", () => {
  it("filters by status", () => {
    const done = task({ completed: true });
    expect(taskMatchesQuery(done, { ...ALL, status: "active" }, NOW)).toBe(false);
    expect(taskMatchesQuery(done, { ...ALL, status: "completed" }, NOW)).toBe(true);
    expect(taskMatchesQuery(task(), { ...ALL, status: "completed" }, NOW)).toBe(false);
    expect(taskMatchesQuery(done, ALL, NOW)).toBe(true);
  });

  it("filters by priority and by an exact tag", () => {
    const tagged = task({ priority: "high", tags: ["home", "errands"] });
    expect(taskMatchesQuery(tagged, { ...ALL, priority: "high", tag: "home" }, NOW)).toBe(true);
    expect(taskMatchesQuery(tagged, { ...ALL, priority: "low" }, NOW)).toBe(false);
    expect(taskMatchesQuery(tagged, { ...ALL, tag: "hom" }, NOW)).toBe(false);
  });

  it("searches title and description without regard to case", () => {
    const described = task({ title: "Call", description: "About the MILK order" });
    expect(taskMatchesQuery(described, { ...ALL, search: "milk" }, NOW)).toBe(true);
    expect(taskMatchesQuery(described, { ...ALL, search: "cal" }, NOW)).toBe(true);
    expect(taskMatchesQuery(described, { ...ALL, search: "bread" }, NOW)).toBe(false);
    expect(taskMatchesQuery(task(), { ...ALL, search: "  " }, NOW)).toBe(true);
  });

  it("reads today and upcoming in the caller's time zone", () => {
    // 20:00 UTC on Nov 30 is already Dec 1 in Auckland, still Nov 30 in Los Angeles.
    const due = task({ dueAt: new Date("2026-11-30T20:00:00Z") });
    const now = new Date("2026-11-30T19:00:00Z");
    expect(taskMatchesQuery(due, { ...ALL, due: "today", timeZone: "UTC" }, now)).toBe(true);
    expect(taskMatchesQuery(due, { ...ALL, due: "today", timeZone: "Pacific/Auckland" }, now)).toBe(true);
    expect(taskMatchesQuery(due, { ...ALL, due: "upcoming", timeZone: "UTC" }, now)).toBe(false);
    const earlier = new Date("2026-11-29T12:00:00Z");
    expect(taskMatchesQuery(due, { ...ALL, due: "upcoming", timeZone: "America/Los_Angeles" }, earlier)).toBe(
      true,
    );
    expect(taskMatchesQuery(due, { ...ALL, due: "today", timeZone: "America/Los_Angeles" }, earlier)).toBe(
      false,
    );
  });

  it("counts open past-due tasks as overdue and tasks without a date as none", () => {
    const late = task({ dueAt: new Date("2026-11-30T00:00:00Z") });
    expect(isOverdueAt(late, NOW)).toBe(true);
    expect(isOverdueAt({ ...late, completed: true }, NOW)).toBe(false);
    expect(taskMatchesQuery(late, { ...ALL, due: "overdue" }, NOW)).toBe(true);
    expect(taskMatchesQuery(late, { ...ALL, due: "none" }, NOW)).toBe(false);
    expect(taskMatchesQuery(task(), { ...ALL, due: "none" }, NOW)).toBe(true);
    expect(taskMatchesQuery(task(), { ...ALL, due: "today" }, NOW)).toBe(false);
  });
});

describe("taskComparator", () => {
  const a = task({ id: "a", title: "apple", priority: "low", createdAt: new Date(1), dueAt: new Date(5) });
  const b = task({ id: "b", title: "Banana", priority: "high", createdAt: new Date(2), dueAt: null });
  const c = task({ id: "c", title: "cherry", priority: "high", createdAt: new Date(3), dueAt: new Date(4) });
  const order = (query: Pick<TaskQuery, "sort" | "order">): string[] =>
    [a, b, c].sort(taskComparator(query)).map((one) => one.id);

  it("uses each sort's default direction", () => {
    expect(order({ sort: "created" })).toEqual(["c", "b", "a"]);
    expect(order({ sort: "due" })).toEqual(["c", "a", "b"]);
    expect(order({ sort: "priority" })).toEqual(["c", "b", "a"]);
    expect(order({ sort: "title" })).toEqual(["a", "b", "c"]);
  });

  it("reverses every key together, as the server's row comparison does", () => {
    expect(order({ sort: "created", order: "asc" })).toEqual(["a", "b", "c"]);
    expect(order({ sort: "due", order: "desc" })).toEqual(["b", "a", "c"]);
    expect(order({ sort: "priority", order: "asc" })).toEqual(["a", "b", "c"]);
  });

  it("breaks ties by id", () => {
    const twin = { ...a, id: "z" };
    expect([twin, a].sort(taskComparator({ sort: "title" })).map((one) => one.id)).toEqual(["a", "z"]);
  });
});
