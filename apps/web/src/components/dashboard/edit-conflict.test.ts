import { describe, expect, it } from "vitest";
import { conflictsOf } from "./edit-conflict";
import { taskWith } from "./task-factory";
import type { Task } from "./types";

function task(overrides: Partial<Task> = {}): Task {
  return taskWith({ tags: ["home"], version: 2, ...overrides });
}

describe("conflictsOf", () => {
  it("finds none when the other edit changed other fields: mine can go on top", () => {
    const base = task();
    const current = task({ priority: "high", tags: ["home", "shop"], version: 3 });
    expect(conflictsOf(base, { title: "Buy oat milk" }, current)).toEqual([]);
  });

  it("finds none when both set the same value", () => {
    const base = task();
    const current = task({ title: "Buy oat milk", version: 3 });
    expect(conflictsOf(base, { title: "Buy oat milk" }, current)).toEqual([]);
  });

  it("names a reminder changed here and moved elsewhere (a due time changed on another device)", () => {
    const base = task({ remindAt: new Date("2026-12-24T17:45:00Z") });
    const current = task({ dueTime: "19:00", remindAt: new Date("2026-12-24T18:45:00Z"), version: 3 });
    const mine = new Date("2026-12-24T17:00:00Z");
    expect(conflictsOf(base, { remindAt: mine }, current)).toEqual([
      { field: "remindAt", mine, theirs: new Date("2026-12-24T18:45:00Z") },
    ]);
    // The same moment on both sides is no conflict.
    expect(conflictsOf(base, { remindAt: new Date("2026-12-24T18:45:00Z") }, current)).toEqual([]);
  });

  it("names each field both changed, with both values", () => {
    const base = task();
    const current = task({ title: "Buy bread", dueDate: "2026-12-24", dueTime: "18:00", version: 3 });
    expect(conflictsOf(base, { title: "Buy oat milk", priority: "low" }, current)).toEqual([
      { field: "title", mine: "Buy oat milk", theirs: "Buy bread" },
    ]);
    expect(conflictsOf(task({ dueDate: "2026-12-01" }), { dueDate: null, dueTime: null }, current)).toEqual([
      { field: "dueDate", mine: null, theirs: "2026-12-24" },
      { field: "dueTime", mine: null, theirs: "18:00" },
    ]);
  });

  it("compares tags by value, and lets a due day and a due time changed on either side merge", () => {
    const base = task({ dueDate: "2026-12-01" });
    const current = task({ dueDate: "2026-12-01", tags: ["home"], version: 3 });
    expect(conflictsOf(base, { tags: ["work"], dueDate: "2026-12-01", dueTime: "09:00" }, current)).toEqual(
      [],
    );
  });
});
