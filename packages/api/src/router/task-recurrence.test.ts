/**
 * Recurring tasks (docs/decisions/0043): `recurrence` (an RRULE) on task.create/update, checked
 * and stored in one spelling; completing an occurrence creates the next one exactly once, on
 * PGlite and on PostgreSQL (TEST_DATABASE_URL), and task.setCompleted answers `{ task, next }`.
 */
import { randomUUID } from "node:crypto";
import { taskCounts, tasks } from "@doable/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
import { createTestApi, expectBadRequest, rejection, type TestApi, type TestUser } from "../testing";
import { TASKS_PER_USER_MAX } from "../validators/limits";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function titlesOf(owner: TestUser): Promise<string[]> {
  const { items } = await owner.caller.task.list({ status: "all", limit: 100 });
  return items.map((task) => `${task.title} ${task.dueDate}${task.completed ? " done" : ""}`).sort();
}

/** Completes each occurrence in turn from `first`, answering the due dates of the series. */
async function completeSeries(owner: TestUser, firstId: string, max = 8): Promise<string[]> {
  const days: string[] = [];
  let id: string | null = firstId;
  while (id !== null && days.length < max) {
    const { task, next } = await owner.caller.task.setCompleted({ id, completed: true });
    days.push(task.dueDate as string);
    id = next?.id ?? null;
  }
  return days;
}

describe("recurrence on task.create and task.update", () => {
  it("stores a valid rule in one spelling and answers it", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({
      title: "Water plants",
      dueDate: "2026-12-04",
      recurrence: "RRULE:freq=weekly;byday=fr;interval=1",
    });
    expect(task.recurrence).toBe("FREQ=WEEKLY;BYDAY=FR");
    expect(await caller.task.byId({ id: task.id })).toMatchObject({ recurrence: "FREQ=WEEKLY;BYDAY=FR" });
    const plain = await caller.task.create({ title: "Once" });
    expect(plain.recurrence).toBeNull();
  });

  it.each([
    ["FREQ=HOURLY", /not a valid RRULE/],
    ["FREQ=DAILY;BYSETPOS=1", /BYSETPOS is not supported/],
    ["FREQ=DAILY;COUNT=3;UNTIL=20270101", /COUNT and UNTIL/],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", /no chosen month has that day/],
    [`FREQ=DAILY;${"INTERVAL=1;".repeat(30)}`, /at most 200/],
    ["nonsense", /not NAME=VALUE/],
  ])("refuses %j with a field error", async (recurrence, message) => {
    const { caller } = await api.createUser();
    await expectBadRequest(
      caller.task.create({ title: "Bad", dueDate: "2026-12-01", recurrence }),
      "task.create",
      "recurrence",
      message,
    );
  });

  it("a repeating task needs a due date, on create and on update", async () => {
    const { caller } = await api.createUser();
    await expectBadRequest(
      caller.task.create({ title: "No day", recurrence: "FREQ=DAILY" }),
      "task.create",
      "recurrence",
      /needs a due date/,
    );
    const undated = await caller.task.create({ title: "Undated" });
    await expectBadRequest(
      caller.task.update({ id: undated.id, recurrence: "FREQ=DAILY" }),
      "task.update",
      "recurrence",
      /needs a due date/,
    );
    const repeating = await caller.task.create({
      title: "Daily",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    await expectBadRequest(
      caller.task.update({ id: repeating.id, dueDate: null }),
      "task.update",
      "recurrence",
      /needs a due date/,
    );
    // Nothing was lost, and both can go together.
    expect(await caller.task.byId({ id: repeating.id })).toMatchObject({
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    await expect(
      caller.task.update({ id: repeating.id, dueDate: null, recurrence: null }),
    ).resolves.toMatchObject({ dueDate: null, recurrence: null });
    await expect(
      caller.task.update({ id: undated.id, dueDate: "2026-12-03", recurrence: "FREQ=MONTHLY;BYMONTHDAY=-1" }),
    ).resolves.toMatchObject({ recurrence: "FREQ=MONTHLY;BYMONTHDAY=-1" });
  });
});

describe("task.setCompleted -> { task, next }", () => {
  it("a one-off task has no next occurrence", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({ title: "Once", dueDate: "2026-12-01" });
    const answer = await caller.task.setCompleted({ id: task.id, completed: true });
    expect(answer.next).toBeNull();
    expect(answer.task).toMatchObject({ id: task.id, completed: true, version: task.version + 1 });
    expect((await caller.task.setCompleted({ id: task.id, completed: false })).next).toBeNull();
  });

  it("creates the next occurrence with the same title, description, priority, tags and time", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({
      title: "Call mom",
      description: "Ask about the weekend",
      priority: "high",
      tags: ["family"],
      dueDate: "2026-12-04",
      dueTime: "17:00",
      recurrence: "FREQ=WEEKLY;BYDAY=FR",
    });
    const { task: done, next } = await owner.caller.task.setCompleted({ id: task.id, completed: true });
    expect(done).toMatchObject({ id: task.id, completed: true, version: task.version + 1 });
    expect(next).toMatchObject({
      title: "Call mom",
      description: "Ask about the weekend",
      priority: "high",
      tags: ["family"],
      dueDate: "2026-12-11",
      dueTime: "17:00",
      recurrence: "FREQ=WEEKLY;BYDAY=FR",
      completed: false,
      version: 1,
    });
    expect(next?.id).not.toBe(task.id);
    expect(await owner.caller.task.byId({ id: next?.id as string })).toEqual({ ...next, subtasks: [] });
  });

  it("reopening and completing again creates no other occurrence; it answers the one there is", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({
      title: "Stretch",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    const first = await owner.caller.task.setCompleted({ id: task.id, completed: true });
    const reopened = await owner.caller.task.setCompleted({ id: task.id, completed: false });
    expect(reopened.next).toBeNull();
    const again = await owner.caller.task.setCompleted({ id: task.id, completed: true });
    expect(again.next).toEqual(first.next);
    expect(await titlesOf(owner)).toEqual(["Stretch 2026-12-01 done", "Stretch 2026-12-02"]);
    // Once the next occurrence is deleted, completing again still creates none.
    await owner.caller.task.delete({ id: first.next?.id as string });
    await owner.caller.task.setCompleted({ id: task.id, completed: false });
    expect((await owner.caller.task.setCompleted({ id: task.id, completed: true })).next).toBeNull();
    expect(await titlesOf(owner)).toEqual(["Stretch 2026-12-01 done"]);
  });

  it("two completions at the same moment create exactly one next occurrence", async () => {
    const owner = await api.createUser();
    for (let round = 0; round < 3; round++) {
      const task = await owner.caller.task.create({
        title: `Round ${round}`,
        dueDate: "2026-12-01",
        recurrence: "FREQ=DAILY",
      });
      const phone = api.caller({ token: owner.token });
      const answers = await Promise.all([
        owner.caller.task.setCompleted({ id: task.id, completed: true }),
        phone.task.setCompleted({ id: task.id, completed: true }),
      ]);
      const nextIds = answers.map((answer) => answer.next?.id);
      expect(nextIds[0]).toBeDefined();
      expect(nextIds[1]).toBe(nextIds[0]);
      const rows = await api.db
        .select({ id: tasks.id })
        .from(tasks)
        .where(eq(tasks.title, `Round ${round}`));
      expect(rows).toHaveLength(2);
    }
  });

  it("monthly on the 31st skips short months; on the last day (-1) it does not", async () => {
    const owner = await api.createUser();
    const on31 = await owner.caller.task.create({
      title: "Rent",
      dueDate: "2027-01-31",
      recurrence: "FREQ=MONTHLY",
    });
    expect(await completeSeries(owner, on31.id, 4)).toEqual([
      "2027-01-31",
      "2027-03-31",
      "2027-05-31",
      "2027-07-31",
    ]);
    const last = await owner.caller.task.create({
      title: "Books",
      dueDate: "2028-01-31",
      recurrence: "FREQ=MONTHLY;BYMONTHDAY=-1",
    });
    expect(await completeSeries(owner, last.id, 4)).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
    ]);
  });

  it("keeps the wall-clock time across a daylight-saving change, and the next one is due that day on the owner's clock", async () => {
    // New York springs forward on Sunday 8 March 2026: 02:30 does not happen that day.
    api.clock.set(new Date("2026-03-07T12:00:00Z"));
    const owner = await api.createUser({ timeZone: "America/New_York" });
    const task = await owner.caller.task.create({
      title: "Night shift",
      dueDate: "2026-03-07",
      dueTime: "02:30",
      recurrence: "FREQ=DAILY",
    });
    const { next } = await owner.caller.task.setCompleted({ id: task.id, completed: true });
    expect(next).toMatchObject({ dueDate: "2026-03-08", dueTime: "02:30" });
    // At 03:00 New York time (07:00 UTC) on the 8th, the skipped 02:30 has passed: it is overdue.
    api.clock.set(new Date("2026-03-08T07:00:00Z"));
    const { items } = await owner.caller.task.list({ due: "overdue" });
    expect(items.map((item) => item.id)).toEqual([next?.id]);
    const after = await owner.caller.task.setCompleted({ id: next?.id as string, completed: true });
    expect(after.next).toMatchObject({ dueDate: "2026-03-09", dueTime: "02:30" });
    api.clock.set(new Date());
  });

  it("COUNT and UNTIL end the series: then next is null", async () => {
    const owner = await api.createUser();
    const counted = await owner.caller.task.create({
      title: "Pills",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY;COUNT=3",
    });
    expect(await completeSeries(owner, counted.id)).toEqual(["2026-12-01", "2026-12-02", "2026-12-03"]);
    const { items } = await owner.caller.task.list({ status: "all", limit: 100 });
    expect(items.map((item) => item.recurrence).sort()).toEqual([
      "FREQ=DAILY;COUNT=1",
      "FREQ=DAILY;COUNT=2",
      "FREQ=DAILY;COUNT=3",
    ]);
    const until = await owner.caller.task.create({
      title: "Sprint",
      dueDate: "2026-12-01",
      recurrence: "FREQ=WEEKLY;UNTIL=20261215",
    });
    expect(await completeSeries(owner, until.id)).toEqual(["2026-12-01", "2026-12-08", "2026-12-15"]);
  });

  it("another user's task answers NOT_FOUND and nothing is created or changed", async () => {
    const owner = await api.createUser();
    const intruder = await api.createUser();
    const task = await owner.caller.task.create({
      title: "Mine",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    for (const completed of [true, false]) {
      const error = await rejection(intruder.caller.task.setCompleted({ id: task.id, completed }));
      expect(error.code).toBe("NOT_FOUND");
    }
    expect((await rejection(intruder.caller.task.update({ id: task.id, recurrence: null }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await intruder.caller.task.setCompletedMany({ ids: [task.id], completed: true })).toEqual([]);
    expect(await titlesOf(owner)).toEqual(["Mine 2026-12-01"]);
    expect(await titlesOf(intruder)).toEqual([]);
    expect(await owner.caller.task.byId({ id: task.id })).toEqual({ ...task, subtasks: [] });
  });

  it("a stale expectedVersion answers CONFLICT and creates nothing", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({
      title: "Versioned",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    await owner.caller.task.update({ id: task.id, title: "Renamed" });
    const error = await rejection(
      owner.caller.task.setCompleted({ id: task.id, completed: true, expectedVersion: task.version }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(await titlesOf(owner)).toEqual(["Renamed 2026-12-01"]);
  });

  it("respects the per-user task limit: a completion with no room for its next occurrence is refused", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({
      title: "Full",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    const plain = await owner.caller.task.create({ title: "Plain", dueDate: "2026-12-01" });
    // The limit reads the counts the triggers keep: pretend the account holds the maximum.
    const padding = TASKS_PER_USER_MAX - 2;
    const pad = (by: number) =>
      api.db
        .update(taskCounts)
        .set({ total: sql`${taskCounts.total} + ${by}` })
        .where(eq(taskCounts.userId, owner.user.id));
    await pad(padding);
    try {
      const error = await rejection(owner.caller.task.setCompleted({ id: task.id, completed: true }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/limit of 100,000 tasks/);
      expect(await owner.caller.task.byId({ id: task.id })).toMatchObject({ completed: false });
      // A one-off task needs no room.
      await expect(owner.caller.task.setCompleted({ id: plain.id, completed: true })).resolves.toMatchObject({
        next: null,
      });
    } finally {
      await pad(-padding);
    }
    expect((await owner.caller.task.setCompleted({ id: task.id, completed: true })).next).not.toBeNull();
  });

  it("counts the subtasks a next occurrence gets again against the task limit", async () => {
    const owner = await api.createUser();
    const routine = await owner.caller.task.create({
      title: "Weekly packing",
      dueDate: "2026-12-01",
      recurrence: "FREQ=WEEKLY",
    });
    await owner.caller.task.create({ title: "Passport", parentId: routine.id });
    await owner.caller.task.create({ title: "Charger", parentId: routine.id });
    // Three tasks held; the next occurrence makes three more (itself and its two subtasks).
    const setRoomFor = (room: number) =>
      api.db
        .update(taskCounts)
        .set({ total: TASKS_PER_USER_MAX - room })
        .where(eq(taskCounts.userId, owner.user.id));
    // The counts are this user's alone: what they say afterwards matters to no other test.
    await setRoomFor(2);
    const error = await rejection(owner.caller.task.setCompleted({ id: routine.id, completed: true }));
    expect(error.message).toMatch(/limit of 100,000 tasks/);
    expect(await owner.caller.task.byId({ id: routine.id })).toMatchObject({ completed: false });
    await setRoomFor(3);
    const { next } = await owner.caller.task.setCompleted({ id: routine.id, completed: true });
    expect((await owner.caller.task.byId({ id: next?.id ?? "" })).subtasks.map((task) => task.title)).toEqual(
      ["Passport", "Charger"],
    );
  });

  it("the next occurrence reaches the live stream as an upsert", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({
      title: "Live",
      dueDate: "2026-12-01",
      recurrence: "FREQ=DAILY",
    });
    const before = await latestTaskEventId(api.db, owner.user.id);
    const { task: done, next } = await owner.caller.task.setCompleted({ id: task.id, completed: true });
    const changes = (await readTaskChanges(api.db, owner.user.id, before)).map((change) => change.change);
    expect(changes).toEqual(
      expect.arrayContaining([
        { type: "upsert", task: done },
        { type: "upsert", task: next },
      ]),
    );
    expect(changes).toHaveLength(2);
  });
});

describe("the other ways to complete", () => {
  it("task.update {completed}, task.setCompletedMany and task.setAllCompleted create the next occurrence once", async () => {
    const owner = await api.createUser();
    const a = await owner.caller.task.create({ title: "A", dueDate: "2026-12-01", recurrence: "FREQ=DAILY" });
    const updated = await owner.caller.task.update({ id: a.id, completed: true });
    expect(updated).toMatchObject({ completed: true, recurrence: "FREQ=DAILY" });
    const b = await owner.caller.task.create({
      title: "B",
      dueDate: "2026-12-01",
      recurrence: "FREQ=WEEKLY",
    });
    const many = await owner.caller.task.setCompletedMany({ ids: [b.id, randomUUID()], completed: true });
    expect(many.map((task) => task.id)).toEqual([b.id]);
    const c = await owner.caller.task.create({
      title: "C",
      dueDate: "2026-12-01",
      recurrence: "FREQ=MONTHLY",
    });
    await owner.caller.task.setAllCompleted({ completed: true });
    expect(await titlesOf(owner)).toEqual([
      "A 2026-12-01 done",
      "A 2026-12-02 done",
      "A 2026-12-03",
      "B 2026-12-01 done",
      "B 2026-12-08 done",
      "B 2026-12-15",
      "C 2026-12-01 done",
      "C 2027-01-01",
    ]);
    expect(c.id).toBeDefined();
    // Undoing "mark all" and marking all again creates no more.
    await owner.caller.task.setAllCompleted({ completed: false });
    await owner.caller.task.setAllCompleted({ completed: true });
    expect((await titlesOf(owner)).length).toBe(11);
  });
});
