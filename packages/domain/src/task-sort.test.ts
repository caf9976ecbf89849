import { describe, expect, it } from "vitest";
import { DEFAULT_SORT_ORDER, DEFAULT_TASK_SORT, SORT_ORDERS, TASK_SORTS } from "./task-sort";

describe("task sort", () => {
  it("has a default order for every sort, and each is a sort order", () => {
    expect(Object.keys(DEFAULT_SORT_ORDER).sort()).toEqual([...TASK_SORTS].sort());
    for (const sort of TASK_SORTS) expect(SORT_ORDERS).toContain(DEFAULT_SORT_ORDER[sort]);
  });

  it("defaults to newest first", () => {
    expect(DEFAULT_TASK_SORT).toBe("created");
    expect(DEFAULT_SORT_ORDER[DEFAULT_TASK_SORT]).toBe("desc");
  });
});
