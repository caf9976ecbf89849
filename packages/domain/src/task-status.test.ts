import { describe, expect, it } from "vitest";
import { DUE_FILTER_LABELS, DUE_FILTERS } from "./due-filter";
import { DEFAULT_TASK_STATUS, TASK_STATUS_LABELS, TASK_STATUSES } from "./task-status";

describe("task status and due filter", () => {
  it("labels every status, in the order the status tabs show them", () => {
    expect(Object.keys(TASK_STATUS_LABELS)).toEqual([...TASK_STATUSES]);
    expect(TASK_STATUSES).toContain(DEFAULT_TASK_STATUS);
  });

  it("labels every due filter, in the order the due picker shows them", () => {
    expect(Object.keys(DUE_FILTER_LABELS)).toEqual([...DUE_FILTERS]);
  });
});
