/**
 * "Mark all as complete" (TodoMVC's toggle-all, issue 14 item 10): task.setAllCompleted changes
 * every live task of the caller in one call and answers what it changed; task.setCompletedMany
 * puts exactly those back (Undo). Neither reaches another person's tasks or the trash.
 */
import { randomUUID } from "node:crypto";
import { MINUTE_MS, TASK_IDS_MAX } from "@doable/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
import { createTestApi, rejection, type TestApi } from "../testing";

const NOW = new Date("2026-12-01T12:00:00.000Z");
const LATER = new Date(NOW.getTime() + 5 * MINUTE_MS);

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

const sorted = (ids: string[]) => [...ids].sort();

describe("task.setAllCompleted", () => {
  it("completes every live task of the caller, answers the ids it changed, and keeps earlier completion times", async () => {
    const { caller } = await api.createUser();
    const done = await caller.task.create({ title: "Done already" });
    await caller.task.setCompleted({ id: done.id, completed: true });
    const open = await caller.task.create({ title: "Open", dueDate: "2026-11-30" });
    const other = await caller.task.create({ title: "Also open" });
    const trashed = await caller.task.create({ title: "In the trash" });
    await caller.task.delete({ id: trashed.id });
    expect(await caller.task.stats()).toEqual({ total: 3, active: 2, completed: 1, overdue: 1 });

    api.clock.set(LATER);
    const { ids } = await caller.task.setAllCompleted({ completed: true });
    expect(sorted(ids)).toEqual(sorted([open.id, other.id]));
    expect(await caller.task.stats()).toEqual({ total: 3, active: 0, completed: 3, overdue: 0 });
    const byId = new Map((await caller.task.list({})).items.map((task) => [task.id, task]));
    expect(byId.get(done.id)?.completedAt).toEqual(NOW);
    expect(byId.get(open.id)).toMatchObject({
      completed: true,
      completedAt: LATER,
      version: open.version + 1,
    });
    // The trashed task stays as it was, out of sight.
    expect((await caller.task.trash({})).items.map((task) => [task.id, task.completed])).toEqual([
      [trashed.id, false],
    ]);

    const reopened = await caller.task.setAllCompleted({ completed: false });
    expect(sorted(reopened.ids)).toEqual(sorted([done.id, open.id, other.id]));
    expect(await caller.task.stats()).toEqual({ total: 3, active: 3, completed: 0, overdue: 1 });
    expect((await caller.task.setAllCompleted({ completed: false })).ids).toEqual([]);
  });

  it("never touches another person's tasks", async () => {
    const owner = await api.createUser();
    const stranger = await api.createUser();
    const theirs = await stranger.caller.task.create({ title: "Not yours" });
    await owner.caller.task.create({ title: "Mine" });

    const { ids } = await owner.caller.task.setAllCompleted({ completed: true });
    expect(ids).not.toContain(theirs.id);
    expect(await stranger.caller.task.byId({ id: theirs.id })).toMatchObject({
      completed: false,
      version: 1,
    });
    expect(await stranger.caller.task.stats()).toMatchObject({ active: 1, completed: 0 });
  });

  it("tells every live stream of the owner about each task it changed", async () => {
    const { user, caller } = await api.createUser();
    const first = await caller.task.create({ title: "First" });
    const second = await caller.task.create({ title: "Second" });
    const start = await latestTaskEventId(api.db, user.id);

    await caller.task.setAllCompleted({ completed: true });
    const changes = (await readTaskChanges(api.db, user.id, start)).map((entry) => entry.change);
    expect(sorted(changes.map((change) => ("task" in change ? change.task.id : change.id)))).toEqual(
      sorted([first.id, second.id]),
    );
    expect(changes.every((change) => change.type === "upsert" && change.task.completed)).toBe(true);
  });
});

describe("task.setCompletedMany", () => {
  it("puts back exactly the tasks it is given and answers them, ignoring another person's ids", async () => {
    const owner = await api.createUser();
    const stranger = await api.createUser();
    const theirs = await stranger.caller.task.create({ title: "Not yours" });
    const wasDone = await owner.caller.task.create({ title: "Was done" });
    await owner.caller.task.setCompleted({ id: wasDone.id, completed: true });
    const wasOpen = await owner.caller.task.create({ title: "Was open" });

    const { ids } = await owner.caller.task.setAllCompleted({ completed: true });
    expect(ids).toEqual([wasOpen.id]);
    const undone = await owner.caller.task.setCompletedMany({
      ids: [...ids, theirs.id, randomUUID()],
      completed: false,
    });
    expect(undone.map((task) => [task.id, task.completed, task.completedAt])).toEqual([
      [wasOpen.id, false, null],
    ]);
    expect(await owner.caller.task.byId({ id: wasDone.id })).toMatchObject({ completed: true });
    expect(await stranger.caller.task.byId({ id: theirs.id })).toMatchObject({
      completed: false,
      version: 1,
    });
    expect(await owner.caller.task.setCompletedMany({ ids: [], completed: true })).toEqual([]);
  });

  it(`refuses more than ${TASK_IDS_MAX} ids in one call`, async () => {
    const { caller } = await api.createUser();
    const ids = Array.from({ length: TASK_IDS_MAX + 1 }, () => randomUUID());
    const error = await rejection(caller.task.setCompletedMany({ ids, completed: true }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});
