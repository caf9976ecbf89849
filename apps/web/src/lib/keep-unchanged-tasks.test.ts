import { describe, expect, it } from "vitest";
import { deepEqual, keepUnchangedTasks } from "./keep-unchanged-tasks";

function task(id: string, title = `Task ${id}`, dueDate: string | null = "2025-06-15") {
  return {
    id,
    title,
    completed: false,
    dueDate,
    tags: ["home"],
    createdAt: new Date("2025-06-01T00:00:00Z"),
  };
}

/** What a refetch returns: equal data, every object and Date new. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

describe("keepUnchangedTasks", () => {
  it("keeps every unchanged task, and the whole data when nothing changed", () => {
    const previous = { pages: [{ items: [task("a"), task("b")], nextCursor: "c1" }], pageParams: [null] };
    const next = copy(previous);
    expect(next.pages[0]?.items[0]).not.toBe(previous.pages[0]?.items[0]);
    expect(keepUnchangedTasks(previous, next)).toBe(previous);
  });

  it("keeps the unchanged tasks by id when a new task shifts every page", () => {
    const previous = {
      pages: [
        { items: [task("b"), task("c")], nextCursor: "c1" },
        { items: [task("d")], nextCursor: null },
      ],
      pageParams: [null, "c1"],
    };
    const next = {
      pages: [
        { items: [task("a"), copy(task("b"))], nextCursor: "c2" },
        { items: [{ ...copy(task("c")), title: "Edited" }, copy(task("d"))], nextCursor: null },
      ],
      pageParams: [null, "c2"],
    };
    const shared = keepUnchangedTasks(previous, next) as typeof next;
    expect(shared.pages[0]?.items[1]).toBe(previous.pages[0]?.items[0]); // b, moved within page 1
    expect(shared.pages[1]?.items[1]).toBe(previous.pages[1]?.items[0]); // d, same page
    expect(shared.pages[1]?.items[0]).toBe(next.pages[1]?.items[0]); // c changed: the new object
    expect(shared.pages[0]?.items[0]).toBe(next.pages[0]?.items[0]); // a is new
    expect(shared.pageParams).toEqual([null, "c2"]);
  });

  it("sees a change in a date, a tag or a completion", () => {
    const base = task("a");
    expect(deepEqual(base, copy(base))).toBe(true);
    expect(deepEqual(base, { ...base, dueDate: "2025-06-16" })).toBe(false);
    expect(deepEqual(base, { ...base, dueDate: null })).toBe(false);
    expect(deepEqual(base, { ...base, tags: ["home", "work"] })).toBe(false);
    expect(deepEqual(base, { ...base, completed: true })).toBe(false);
    expect(deepEqual(base, { ...base, extra: undefined })).toBe(false);
  });

  it("passes anything that is not list data through", () => {
    const stats = { total: 1 };
    expect(keepUnchangedTasks(undefined, stats)).toBe(stats);
    expect(keepUnchangedTasks({ total: 2 }, stats)).toBe(stats);
  });
});
