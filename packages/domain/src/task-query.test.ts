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
    dueDate: null,
    dueTime: null,
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

  it("reads today and upcoming on the owner's calendar, in their time zone", () => {
    // 19:00 UTC on Nov 30 is already Dec 1 in Auckland, still Nov 30 in Los Angeles.
    const dueNov30 = task({ dueDate: "2026-11-30" });
    const now = new Date("2026-11-30T19:00:00Z");
    expect(taskMatchesQuery(dueNov30, { ...ALL, due: "today", timeZone: "UTC" }, now)).toBe(true);
    expect(taskMatchesQuery(dueNov30, { ...ALL, due: "today", timeZone: "America/Los_Angeles" }, now)).toBe(
      true,
    );
    expect(taskMatchesQuery(dueNov30, { ...ALL, due: "today", timeZone: "Pacific/Auckland" }, now)).toBe(
      false,
    );
    expect(taskMatchesQuery(dueNov30, { ...ALL, due: "overdue", timeZone: "Pacific/Auckland" }, now)).toBe(
      true,
    );
    const dueDec1 = task({ dueDate: "2026-12-01", dueTime: "09:00" });
    expect(taskMatchesQuery(dueDec1, { ...ALL, due: "upcoming", timeZone: "UTC" }, now)).toBe(true);
    expect(taskMatchesQuery(dueDec1, { ...ALL, due: "today", timeZone: "Pacific/Auckland" }, now)).toBe(true);
  });

  it("counts open tasks past their deadline on the owner's clock as overdue", () => {
    // NOW is 10:00 UTC on Dec 1: 23:00 in Auckland, 02:00 in Los Angeles.
    const allDayNov30 = task({ dueDate: "2026-11-30" });
    expect(isOverdueAt(allDayNov30, NOW, "UTC")).toBe(true);
    expect(isOverdueAt(allDayNov30, NOW, "America/Los_Angeles")).toBe(true);
    expect(isOverdueAt({ ...allDayNov30, completed: true }, NOW, "UTC")).toBe(false);
    const allDayDec1 = task({ dueDate: "2026-12-01" });
    expect(isOverdueAt(allDayDec1, NOW, "Pacific/Auckland")).toBe(false);
    const at2230 = task({ dueDate: "2026-12-01", dueTime: "22:30" });
    expect(isOverdueAt(at2230, NOW, "Pacific/Auckland")).toBe(true);
    expect(isOverdueAt(at2230, NOW, "UTC")).toBe(false);
    const at0200 = task({ dueDate: "2026-12-01", dueTime: "02:00" });
    // Due at 02:00 in Los Angeles: at 02:00 exactly (NOW) not yet, a millisecond later it is.
    expect(isOverdueAt(at0200, NOW, "America/Los_Angeles")).toBe(false);
    expect(isOverdueAt(at0200, new Date("2026-12-01T10:00:00.001Z"), "America/Los_Angeles")).toBe(true);
  });

  it("filters overdue and no due date", () => {
    const late = task({ dueDate: "2026-11-30" });
    expect(taskMatchesQuery(late, { ...ALL, due: "overdue" }, NOW)).toBe(true);
    expect(taskMatchesQuery(late, { ...ALL, due: "none" }, NOW)).toBe(false);
    expect(taskMatchesQuery(task(), { ...ALL, due: "none" }, NOW)).toBe(true);
    expect(taskMatchesQuery(task(), { ...ALL, due: "today" }, NOW)).toBe(false);
  });
});

describe("taskComparator", () => {
  const a = task({ id: "a", title: "apple", priority: "low", createdAt: new Date(1), dueDate: "2026-12-02" });
  const b = task({ id: "b", title: "Banana", priority: "high", createdAt: new Date(2) });
  const c = task({
    id: "c",
    title: "cherry",
    priority: "high",
    createdAt: new Date(3),
    dueDate: "2026-12-02",
    dueTime: "18:00",
  });
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
