import { describe, expect, it } from "vitest";
import type { Task } from "./client";
import { formatReminderTable } from "./commands/due";
import { anyReminderAhead, formatTaskTable, formatTrashTable } from "./format";

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

  it("given the account's clock, marks an open task's reminder still to come, on that clock", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const clock = { timeZone: "Europe/Berlin", now };
    const reminded = { ...timed, remindAt: new Date("2026-12-01T15:45:00Z") };
    const fired = { ...allDay, remindAt: new Date("2026-12-01T11:00:00Z") };
    const done = { ...undated, completed: true, remindAt: new Date("2026-12-02T08:00:00Z") };
    expect(formatTaskTable([reminded, fired, done], clock)).toEqual([
      "bbbbbbbb  [ ]  medium  2026-12-01 17:00  Timed  ⏰ Tue 1 Dec 16:45",
      "aaaaaaaa  [ ]  medium  2026-12-01        All day",
      "cccccccc  [x]  medium  -                 Undated",
    ]);
    // Without a clock (or with nothing to come), no marker, and ls asks nothing more.
    expect(formatTaskTable([reminded])).toEqual(["bbbbbbbb  [ ]  medium  2026-12-01 17:00  Timed"]);
    expect(anyReminderAhead([fired, done], now)).toBe(false);
    expect(anyReminderAhead([{ ...undated, subtasks: [reminded] }], now)).toBe(true);
  });
});

describe("formatReminderTable (doable due)", () => {
  it("when, id prefix, title and due date, lined up", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const rows = [
      { ...timed, remindAt: new Date("2026-12-01T15:45:00Z") },
      { ...undated, remindAt: new Date("2027-01-04T08:00:00Z") },
    ];
    expect(formatReminderTable(rows, "Europe/Berlin", now)).toEqual([
      "Tue 1 Dec 16:45       bbbbbbbb  Timed  due 2026-12-01 17:00",
      "Mon 4 Jan 2027 09:00  cccccccc  Undated",
    ]);
  });
});

describe("formatTrashTable (doable trash)", () => {
  it("names a subtask's task beside its title", () => {
    const deletedAt = new Date(2030, 0, 2, 9, 30);
    const parent = { ...undated, deletedAt, parentTitle: null };
    const subtask = {
      ...task("dddddddd-0000-4000-8000-000000000004", "Passport", { dueDate: null, dueTime: null }),
      parentId: undated.id,
      deletedAt,
      parentTitle: "Undated",
    };
    expect(formatTrashTable([parent, subtask])).toEqual([
      "cccccccc  2030-01-02 09:30  Undated",
      "dddddddd  2030-01-02 09:30  Passport  (subtask of Undated)",
    ]);
  });
});
