/**
 * The trash (ADR 0029): task.delete and task.clearCompleted move tasks there, task.trash lists it,
 * task.restore, task.deleteForever and task.emptyTrash act on it, and nothing else sees it.
 */
import { randomUUID } from "node:crypto";
import { tasks } from "@doable/db";
import { MINUTE_MS, TASK_IDS_MAX } from "@doable/domain";
import type { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
import { clientErrorShape, createTestApi, rejection, type TestApi } from "../testing";

const NOW = new Date("2026-12-01T12:00:00.000Z");
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE_MS);

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.clock.set(NOW);
});

async function expectCode(promise: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  return error;
}

async function rowOf(id: string) {
  const [row] = await api.db.select().from(tasks).where(eq(tasks.id, id));
  return row;
}

const idsOf = (items: Array<{ id: string }>) => items.map((item) => item.id);

describe("a trashed task", () => {
  it("leaves every list, search, tag filter and the stats, and comes back whole when restored", async () => {
    const { user, caller } = await api.createUser();
    const keep = await caller.task.create({ title: "Keep the plan", tags: ["plan"] });
    const drop = await caller.task.create({
      title: "Drop the plan",
      tags: ["plan"],
      priority: "high",
      // Five minutes ago on the owner's clock (UTC): overdue.
      dueDate: "2026-12-01",
      dueTime: "11:55",
    });
    expect(await caller.task.stats()).toEqual({ total: 2, active: 2, completed: 0, overdue: 1 });

    await caller.task.delete({ id: drop.id });
    const queries = [
      {},
      { status: "all" as const },
      { status: "active" as const },
      { search: "plan" },
      { tag: "plan" },
      { priority: "high" as const },
      { due: "overdue" as const },
      { sort: "title" as const },
      { sort: "due" as const },
      { sort: "priority" as const },
    ];
    for (const query of queries) {
      expect(idsOf((await caller.task.list(query)).items)).not.toContain(drop.id);
    }
    expect(idsOf((await caller.task.list({ tag: "plan" })).items)).toEqual([keep.id]);
    expect(await caller.task.stats()).toEqual({ total: 1, active: 1, completed: 0, overdue: 0 });

    // Every other procedure answers as for a missing task, and changes nothing.
    const before = await rowOf(drop.id);
    await expectCode(caller.task.byId({ id: drop.id }), "NOT_FOUND");
    await expectCode(caller.task.update({ id: drop.id, title: "Sneaky" }), "NOT_FOUND");
    await expectCode(caller.task.setCompleted({ id: drop.id, completed: true }), "NOT_FOUND");
    await expectCode(caller.task.delete({ id: drop.id }), "NOT_FOUND");
    expect(await rowOf(drop.id)).toEqual(before);

    api.clock.advance(MINUTE_MS);
    const restored = await caller.task.restore({ ids: [drop.id] });
    expect(restored).toEqual([{ ...drop, version: drop.version + 2 }]);
    expect(restored[0]).not.toHaveProperty("deletedAt");
    expect(await caller.task.byId({ id: drop.id })).toEqual({ ...restored[0], subtasks: [] });
    expect(idsOf((await caller.task.list({ tag: "plan", sort: "title" })).items)).toEqual([drop.id, keep.id]);
    expect(await caller.task.stats()).toEqual({ total: 2, active: 2, completed: 0, overdue: 1 });
    expect((await rowOf(drop.id))?.userId).toBe(user.id);
  });

  it("is one the create of a retried id does not bring back: CONFLICT, saying so", async () => {
    const { caller } = await api.createUser();
    const id = randomUUID();
    await caller.task.create({ id, title: "Made once" });
    await caller.task.delete({ id });
    const error = await expectCode(caller.task.create({ id, title: "Made once" }), "CONFLICT");
    expect(error.message).toBe("This task is in the trash: restore it, or create it again with a new id");
    expect(clientErrorShape(error).data.current).toBeNull();
    expect((await rowOf(id))?.deletedAt).toEqual(NOW);
    // Another user's trashed id answers exactly as any other id of theirs.
    const stranger = await api.createUser();
    const theirs = await stranger.caller.task.create({ title: "Theirs" });
    await stranger.caller.task.delete({ id: theirs.id });
    const foreign = await expectCode(caller.task.create({ id: theirs.id, title: "x" }), "CONFLICT");
    expect(foreign.message).toBe("This task id cannot be used; generate a new one");
  });

  it("is sent to live sync as a removal, and as the task again when restored", async () => {
    const { user, caller } = await api.createUser();
    const task = await caller.task.create({ title: "Watched" });
    const start = await latestTaskEventId(api.db, user.id);
    await caller.task.delete({ id: task.id });
    expect(await readTaskChanges(api.db, user.id, start)).toMatchObject([
      { change: { type: "remove", id: task.id } },
    ]);
    const trashedAt = await latestTaskEventId(api.db, user.id);
    await caller.task.restore({ ids: [task.id] });
    const [restored] = await readTaskChanges(api.db, user.id, trashedAt);
    expect(restored?.change).toEqual({ type: "upsert", task: { ...task, version: 3 } });
    // clearCompleted: one removal per task it trashed.
    await caller.task.setCompleted({ id: task.id, completed: true });
    const beforeClear = await latestTaskEventId(api.db, user.id);
    await caller.task.clearCompleted();
    expect(await readTaskChanges(api.db, user.id, beforeClear)).toMatchObject([
      { change: { type: "remove", id: task.id } },
    ]);
  });
});

describe("task.trash", () => {
  it("lists the caller's trash only, newest deleted first, with deletedAt, a page at a time", async () => {
    const { caller } = await api.createUser();
    const stranger = await api.createUser();
    const theirs = await stranger.caller.task.create({ title: "Theirs" });
    await stranger.caller.task.delete({ id: theirs.id });
    expect(await caller.task.trash()).toEqual({ items: [], nextCursor: null, total: 0 });

    const live = await caller.task.create({ title: "Live" });
    const deleted: string[] = [];
    for (let index = 0; index < 5; index++) {
      const task = await caller.task.create({ title: `Trash ${index}` });
      // Two deleted at the same moment: the id breaks the tie.
      if (index !== 3) api.clock.advance(MINUTE_MS);
      await caller.task.delete({ id: task.id });
      deleted.push(task.id);
    }
    const everything = await caller.task.trash({ limit: 100 });
    expect(everything.nextCursor).toBeNull();
    expect(everything.total).toBe(5);
    expect(idsOf(everything.items)).not.toContain(live.id);
    expect(idsOf(everything.items)).not.toContain(theirs.id);
    expect(everything.items).toHaveLength(5);
    const order = everything.items.map((item) => [item.deletedAt.getTime(), item.id] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
    expect(order).toEqual(sorted);
    expect(everything.items[0]).toMatchObject({
      title: "Trash 4",
      deletedAt: minutesFromNow(4),
      parentTitle: null,
    });
    expect(Object.keys(everything.items[0] ?? {}).sort()).toEqual(
      [...Object.keys(live), "deletedAt", "parentTitle"].sort(),
    );

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.task.trash>> = await caller.task.trash({
        limit: 2,
        cursor,
      });
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(5);
      paged.push(...idsOf(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(idsOf(everything.items));
    expect(new Set(paged)).toEqual(new Set(deleted));
  });

  it("refuses a cursor that is not one of its own, a bad limit and unknown keys, as bad input", async () => {
    const { caller } = await api.createUser();
    const bad = [
      "not a cursor",
      Buffer.from("[1,2]").toString("base64url"),
      Buffer.from(JSON.stringify(["2026-13-01T00:00:00Z", randomUUID()])).toString("base64url"),
      Buffer.from(JSON.stringify(["+010000-01-01T00:00:00.000Z", randomUUID()])).toString("base64url"),
      Buffer.from(JSON.stringify([NOW.toISOString(), "42"])).toString("base64url"),
    ];
    for (const cursor of bad) {
      const error = await expectCode(caller.task.trash({ cursor }), "BAD_REQUEST");
      expect(Object.keys(clientErrorShape(error).data.fieldErrors ?? {})).toEqual(["cursor"]);
    }
    for (const limit of [0, 101, 1.5]) await expectCode(caller.task.trash({ limit }), "BAD_REQUEST");
    // @ts-expect-error: strict input
    await expectCode(caller.task.trash({ userId: randomUUID() }), "BAD_REQUEST");
  });
});

describe("task.restore, task.deleteForever, task.emptyTrash", () => {
  it("act only on the caller's trashed tasks: other users' ids and live tasks are silently left alone", async () => {
    const owner = await api.createUser();
    const intruder = await api.createUser();
    const ownerTrash = await owner.caller.task.create({ title: "Owner's trash" });
    await owner.caller.task.delete({ id: ownerTrash.id });
    const ownerLive = await owner.caller.task.create({ title: "Owner's live" });
    const mine = await intruder.caller.task.create({ title: "Mine" });
    await intruder.caller.task.delete({ id: mine.id });
    const mineLive = await intruder.caller.task.create({ title: "Mine, live" });
    const ownerRows = [await rowOf(ownerTrash.id), await rowOf(ownerLive.id)];

    const ids = [ownerTrash.id, ownerLive.id, mineLive.id, randomUUID()];
    expect(await intruder.caller.task.restore({ ids })).toEqual([]);
    expect(await intruder.caller.task.deleteForever({ ids })).toEqual({ ids: [] });
    expect(await intruder.caller.task.emptyTrash()).toEqual({ deleted: 1 });
    expect(await rowOf(mine.id)).toBeUndefined();
    expect(await rowOf(mineLive.id)).toMatchObject({ deletedAt: null });
    expect([await rowOf(ownerTrash.id), await rowOf(ownerLive.id)]).toEqual(ownerRows);
    expect(await owner.caller.task.trash()).toMatchObject({ items: [{ id: ownerTrash.id }], total: 1 });
  });

  it("restore answers the restored tasks, each once, and ignores ids already restored", async () => {
    const { caller } = await api.createUser();
    const a = await caller.task.create({ title: "A" });
    const b = await caller.task.create({ title: "B" });
    await caller.task.delete({ id: a.id });
    await caller.task.delete({ id: b.id });
    const restored = await caller.task.restore({ ids: [a.id, a.id, b.id] });
    expect(idsOf(restored).sort()).toEqual([a.id, b.id].sort());
    expect(await caller.task.restore({ ids: [a.id, b.id] })).toEqual([]);
    expect(await caller.task.restore({ ids: [] })).toEqual([]);
    expect((await caller.task.trash()).items).toEqual([]);
  });

  it("deleteForever deletes only the named trashed tasks for good, and emptyTrash the rest", async () => {
    const { user, caller } = await api.createUser();
    const created = [];
    for (const title of ["one", "two", "three", "live"]) created.push(await caller.task.create({ title }));
    const [one, two, three, live] = created.map((task) => task.id) as [string, string, string, string];
    for (const id of [one, two, three]) await caller.task.delete({ id });
    expect(await caller.task.deleteForever({ ids: [one, live] })).toEqual({ ids: [one] });
    expect(await rowOf(one)).toBeUndefined();
    expect(await rowOf(live)).toMatchObject({ deletedAt: null });
    expect(await caller.task.emptyTrash()).toEqual({ deleted: 2 });
    expect(await caller.task.emptyTrash()).toEqual({ deleted: 0 });
    const remaining = await api.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.userId, user.id));
    expect(remaining).toEqual([{ id: live }]);
    expect(await caller.task.stats()).toEqual({ total: 1, active: 1, completed: 0, overdue: 0 });
  });

  it("take at most TASK_IDS_MAX valid ids", async () => {
    const { caller } = await api.createUser();
    const many = Array.from({ length: TASK_IDS_MAX }, () => randomUUID());
    expect(await caller.task.restore({ ids: many })).toEqual([]);
    expect(await caller.task.deleteForever({ ids: many })).toEqual({ ids: [] });
    for (const ids of [[...many, randomUUID()], ["not-a-uuid"]]) {
      for (const call of [() => caller.task.restore({ ids }), () => caller.task.deleteForever({ ids })]) {
        const error = await expectCode(call(), "BAD_REQUEST");
        expect(Object.keys(clientErrorShape(error).data.fieldErrors ?? {})).toEqual(["ids"]);
      }
    }
    // @ts-expect-error: ids is required
    await expectCode(caller.task.restore({}), "BAD_REQUEST");
  });
});
