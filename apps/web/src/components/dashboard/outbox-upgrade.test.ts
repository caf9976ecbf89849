import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "./outbox";
import { withCalendarDueDates } from "./outbox-upgrade";

const CREATED = new Date("2026-11-30T08:00:00.000Z");

describe("withCalendarDueDates", () => {
  it("turns an earlier release's end-of-day dueAt into the day it was picked as, wherever it is kept", () => {
    // 1 December picked in Auckland: its last millisecond is 10:59:59.999 UTC that day.
    const dueAt = new Date("2026-12-01T10:59:59.999Z");
    const task = {
      id: "a",
      title: "Call mum",
      description: null,
      completed: false,
      completedAt: null,
      priority: "medium",
      dueAt,
      tags: [],
      version: 1,
      createdAt: CREATED,
      updatedAt: CREATED,
    };
    const entry = {
      seq: 3,
      userId: "u",
      write: { kind: "create", input: { id: "a", title: "Call mum", dueAt } },
      change: { type: "create", task },
    } as unknown as OutboxEntry;
    const upgraded = withCalendarDueDates(entry, "Pacific/Auckland") as unknown as {
      write: { input: Record<string, unknown> };
      change: { task: Record<string, unknown> };
    };
    expect(upgraded.write.input).toEqual({
      id: "a",
      title: "Call mum",
      dueDate: "2026-12-01",
      dueTime: null,
    });
    expect(upgraded.change.task).toMatchObject({ dueDate: "2026-12-01", dueTime: null, createdAt: CREATED });
    expect(upgraded.change.task).not.toHaveProperty("dueAt");
  });

  it("keeps a removed due date removed, and leaves entries without dueAt as they are", () => {
    const cleared = {
      seq: 1,
      userId: "u",
      write: { kind: "update", input: { id: "a", dueAt: null }, base: null },
      change: { type: "patch", id: "a", fields: { dueAt: null } },
    } as unknown as OutboxEntry;
    expect(withCalendarDueDates(cleared, "UTC")).toMatchObject({
      write: { input: { id: "a", dueDate: null, dueTime: null } },
      change: { fields: { dueDate: null, dueTime: null } },
    });
    const current = {
      seq: 2,
      userId: "u",
      write: { kind: "update", input: { id: "a", dueDate: "2026-12-24", dueTime: "18:00" }, base: null },
      change: { type: "patch", id: "a", fields: { dueDate: "2026-12-24", dueTime: "18:00" } },
    } as unknown as OutboxEntry;
    expect(withCalendarDueDates(current, "UTC")).toEqual(current);
  });
});
