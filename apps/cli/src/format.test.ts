import { describe, expect, it } from "vitest";
import type { Task } from "./client";
import { formatTaskTable } from "./format";

function task(id: string, title: string, due: Pick<Task, "dueDate" | "dueTime">): Task {
  return {
    id,
    title,
    description: null,
    completed: false,
    completedAt: null,
    priority: "medium",
    tags: [],
    projectId: "00000000-0000-4000-8000-0000000000aa",
    recurrence: null,
    remindAt: null,
    parentId: null,
    position: "VzUNNu4hXva",
    version: 1,
    createdAt: new Date("2030-01-01T10:00:00Z"),
    updatedAt: new Date("2030-01-01T10:00:00Z"),
    ...due,
  };
}

const allDay = task("aaaaaaaa-0000-4000-8000-000000000001", "All day", {
  dueDate: "2026-12-01",
  dueTime: null,
});
const timed = task("bbbbbbbb-0000-4000-8000-000000000002", "Timed", {
  dueDate: "2026-12-01",
  dueTime: "17:00",
});
const undated = task("cccccccc-0000-4000-8000-000000000003", "Undated", { dueDate: null, dueTime: null });

describe("formatTaskTable", () => {
  it("shows the due day, and its time when it has one, exactly as stored", () => {
    expect(formatTaskTable([allDay, undated])).toEqual([
      "aaaaaaaa  [ ]  medium  2026-12-01  All day",
      "cccccccc  [ ]  medium  -           Undated",
    ]);
  });

  it("widens the due column for a time, keeping the titles lined up", () => {
    expect(formatTaskTable([allDay, timed, undated])).toEqual([
      "aaaaaaaa  [ ]  medium  2026-12-01        All day",
      "bbbbbbbb  [ ]  medium  2026-12-01 17:00  Timed",
      "cccccccc  [ ]  medium  -                 Undated",
    ]);
  });
});
