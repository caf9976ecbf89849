/**
 * Projects (ADR 0042): the Inbox every user has, names and colours, the bound, moving tasks,
 * lists and stats per project, delete through the trash and Undo, the live stream, and other
 * people's ids answering NOT_FOUND with nothing changed.
 */
import { randomUUID } from "node:crypto";
import { projects, tasks } from "@doable/db";
import { PROJECTS_PER_USER_MAX } from "@doable/domain";
import type { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
import { createTestApi, rejection, type TestApi } from "../testing";

const NOW = new Date("2026-12-01T12:00:00.000Z");

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

const idsOf = (items: Array<{ id: string }>) => items.map((item) => item.id);

async function projectRows(userId: string) {
  return api.db.select().from(projects).where(eq(projects.userId, userId)).orderBy(projects.id);
}

describe("the Inbox", () => {
  it("comes with every account, holds tasks made without a project, and cannot be renamed, archived or deleted", async () => {
    const { caller } = await api.createUser();
    const [inbox, ...others] = await caller.project.list();
    expect(others).toEqual([]);
    expect(inbox).toMatchObject({
      name: "Inbox",
      isInbox: true,
      archived: false,
      taskCount: 0,
      openCount: 0,
    });
    const task = await caller.task.create({ title: "Buy milk" });
    expect(task.projectId).toBe(inbox?.id);
    const id = inbox?.id ?? "";
    expect((await caller.project.list())[0]).toMatchObject({ taskCount: 1, openCount: 1 });

    await expectCode(caller.project.delete({ id }), "BAD_REQUEST");
    await expectCode(caller.project.update({ id, name: "Elsewhere" }), "BAD_REQUEST");
    await expectCode(caller.project.update({ id, archived: true }), "BAD_REQUEST");
    expect(await caller.project.update({ id, color: "#2563EB" })).toMatchObject({
      name: "Inbox",
      color: "#2563eb",
      archived: false,
    });
    expect((await caller.task.byId({ id: task.id })).projectId).toBe(id);
  });

  it("is given to users made straight in the database, and their tasks go in it", async () => {
    const { user } = await api.createUser();
    const task = await api.createTask(user.id);
    const [inbox] = await projectRows(user.id);
    expect(inbox?.isInbox).toBe(true);
    expect(task.projectId).toBe(inbox?.id);
  });
});

describe("project.create / update", () => {
  it("creates named, coloured projects; names are unique per owner ignoring case, not across owners", async () => {
    const alice = await api.createUser();
    const bob = await api.createUser();
    const garden = await alice.caller.project.create({ name: "  Garden  ", color: "#16a34a" });
    expect(garden).toMatchObject({ name: "Garden", color: "#16a34a", isInbox: false, archived: false });
    await expectCode(alice.caller.project.create({ name: "garden" }), "CONFLICT");
    await expectCode(alice.caller.project.create({ name: "inbox" }), "CONFLICT");
    expect(await bob.caller.project.create({ name: "Garden" })).toMatchObject({ name: "Garden" });
    const work = await alice.caller.project.create({ name: "Work" });
    expect(work.color).toBe("#6b7280");
    await expectCode(alice.caller.project.update({ id: work.id, name: "GARDEN" }), "CONFLICT");
    expect(idsOf(await alice.caller.project.list()).slice(1)).toEqual([garden.id, work.id]);

    const renamed = await alice.caller.project.update({ id: work.id, name: "Office", color: "#dc2626" });
    expect(renamed).toMatchObject({ name: "Office", color: "#dc2626" });
    expect(await alice.caller.project.update({ id: work.id, archived: true })).toMatchObject({
      archived: true,
    });
    expect((await alice.caller.project.list()).find((p) => p.id === work.id)?.archived).toBe(true);
  });

  it("refuses bad names and colours with field errors, and unknown keys", async () => {
    const { caller } = await api.createUser();
    await expectCode(caller.project.create({ name: "   " }), "BAD_REQUEST");
    await expectCode(caller.project.create({ name: "x".repeat(51) }), "BAD_REQUEST");
    await expectCode(caller.project.create({ name: "a\u0000b" }), "BAD_REQUEST");
    await expectCode(caller.project.create({ name: "Red", color: "red" }), "BAD_REQUEST");
    await expectCode(
      caller.project.create({ name: "Sneaky", userId: randomUUID() } as unknown as { name: string }),
      "BAD_REQUEST",
    );
  });

  it(`stops at ${PROJECTS_PER_USER_MAX} projects, the Inbox and archived ones included`, async () => {
    const { user, caller } = await api.createUser();
    await api.db.insert(projects).values(
      Array.from({ length: PROJECTS_PER_USER_MAX - 2 }, (_, index) => ({
        userId: user.id,
        name: `Project ${index}`,
        archived: index % 2 === 0,
      })),
    );
    const last = await caller.project.create({ name: "The last one" });
    const error = await expectCode(caller.project.create({ name: "One too many" }), "BAD_REQUEST");
    expect(error.message).toContain(`${PROJECTS_PER_USER_MAX} projects`);
    // A deleted project frees its place; restoring it past the bound is refused.
    await caller.project.delete({ id: last.id });
    const again = await caller.project.create({ name: "Another" });
    await expectCode(caller.project.restore({ id: last.id }), "BAD_REQUEST");
    await caller.project.delete({ id: again.id });
    expect((await caller.project.restore({ id: last.id })).project.name).toBe("The last one");
  });
});

describe("tasks in projects", () => {
  it("are created in, moved between, listed, searched and counted per project", async () => {
    const { caller } = await api.createUser();
    const [inbox] = await caller.project.list();
    const garden = await caller.project.create({ name: "Garden" });
    const work = await caller.project.create({ name: "Work" });
    const plant = await caller.task.create({ title: "Plant bulbs", projectId: garden.id, tags: ["outside"] });
    const mow = await caller.task.create({
      title: "Mow the lawn",
      projectId: garden.id,
      dueDate: "2026-11-30",
    });
    const report = await caller.task.create({
      title: "Write the report",
      projectId: work.id,
      tags: ["outside"],
    });
    const milk = await caller.task.create({ title: "Buy milk" });
    await caller.task.setCompleted({ id: plant.id, completed: true });

    const list = async (input: Parameters<typeof caller.task.list>[0]) =>
      idsOf((await caller.task.list(input)).items);
    expect(await list({ projectId: garden.id, status: "all" })).toEqual([mow.id, plant.id]);
    expect(await list({ projectId: garden.id, status: "active" })).toEqual([mow.id]);
    expect(await list({ projectId: inbox?.id })).toEqual([milk.id]);
    expect(await list({ status: "all" })).toEqual([milk.id, report.id, mow.id, plant.id]);
    expect(await list({ projectId: garden.id, search: "lawn" })).toEqual([mow.id]);
    expect(await list({ projectId: work.id, search: "lawn" })).toEqual([]);
    expect(await list({ projectId: garden.id, tag: "outside", status: "all" })).toEqual([plant.id]);
    for (const sort of ["created", "due", "priority", "title"] as const) {
      expect((await list({ projectId: garden.id, status: "all", sort })).sort()).toEqual(
        [mow.id, plant.id].sort(),
      );
    }
    expect(await caller.task.stats({ projectId: garden.id })).toEqual({
      total: 2,
      active: 1,
      completed: 1,
      overdue: 1,
    });
    expect(await caller.task.stats()).toEqual({ total: 4, active: 3, completed: 1, overdue: 1 });

    // Moving is an update of projectId; the counts follow.
    const moved = await caller.task.update({ id: mow.id, projectId: work.id });
    expect(moved.projectId).toBe(work.id);
    expect(await caller.task.stats({ projectId: garden.id })).toEqual({
      total: 1,
      active: 0,
      completed: 1,
      overdue: 0,
    });
    expect(await caller.task.stats({ projectId: work.id })).toMatchObject({ total: 2, overdue: 1 });
    const byName = Object.fromEntries((await caller.project.list()).map((p) => [p.name, p]));
    expect(byName.Garden).toMatchObject({ taskCount: 1, openCount: 0 });
    expect(byName.Work).toMatchObject({ taskCount: 2, openCount: 2 });
    expect(byName.Inbox).toMatchObject({ taskCount: 1, openCount: 1 });

    // Within a project only: mark all, clear completed.
    const { ids } = await caller.task.setAllCompleted({ completed: true, projectId: work.id });
    expect(ids.sort()).toEqual([mow.id, report.id].sort());
    expect((await caller.task.byId({ id: milk.id })).completed).toBe(false);
    const cleared = await caller.task.clearCompleted({ projectId: garden.id });
    expect(cleared.ids).toEqual([plant.id]);
    expect(await list({ projectId: work.id, status: "completed" })).toHaveLength(2);
  });

  it("answer NOT_FOUND for another user's project id, everywhere, and change nothing", async () => {
    const alice = await api.createUser();
    const bob = await api.createUser();
    const secret = await bob.caller.project.create({ name: "Secret" });
    const [bobInbox] = await bob.caller.project.list();
    const bobTask = await bob.caller.task.create({ title: "Bob's", projectId: secret.id });
    const mine = await alice.caller.task.create({ title: "Mine" });
    const before = await projectRows(bob.user.id);
    for (const id of [secret.id, bobInbox?.id ?? "", randomUUID()]) {
      await expectCode(alice.caller.project.update({ id, name: "Mine now" }), "NOT_FOUND");
      await expectCode(alice.caller.project.update({ id, archived: true }), "NOT_FOUND");
      await expectCode(alice.caller.project.delete({ id }), "NOT_FOUND");
      await expectCode(alice.caller.project.restore({ id }), "NOT_FOUND");
      await expectCode(alice.caller.task.create({ title: "Planted", projectId: id }), "NOT_FOUND");
      await expectCode(alice.caller.task.update({ id: mine.id, projectId: id }), "NOT_FOUND");
      await expectCode(alice.caller.task.list({ projectId: id }), "NOT_FOUND");
      await expectCode(alice.caller.task.stats({ projectId: id }), "NOT_FOUND");
      await expectCode(alice.caller.task.setAllCompleted({ completed: true, projectId: id }), "NOT_FOUND");
      await expectCode(alice.caller.task.clearCompleted({ projectId: id }), "NOT_FOUND");
    }
    expect(await projectRows(bob.user.id)).toEqual(before);
    expect(await bob.caller.task.byId({ id: bobTask.id })).toMatchObject({
      projectId: secret.id,
      completed: false,
    });
    expect((await alice.caller.project.list()).map((p) => p.name)).toEqual(["Inbox"]);
    // Bob's own task cannot be moved by Alice either.
    await expectCode(alice.caller.task.update({ id: bobTask.id, projectId: secret.id }), "NOT_FOUND");
  });

  it("cannot be put in another owner's project even by a direct write (the composite key)", async () => {
    const alice = await api.createUser();
    const bob = await api.createUser();
    const secret = await bob.caller.project.create({ name: "Secret" });
    await expect(api.createTask(alice.user.id, { projectId: secret.id })).rejects.toThrow();
  });
});

describe("project.delete and project.restore", () => {
  it("moves the project's tasks to the trash in one step, and Undo brings back exactly those", async () => {
    const { caller } = await api.createUser();
    const garden = await caller.project.create({ name: "Garden", color: "#16a34a" });
    const plant = await caller.task.create({ title: "Plant bulbs", projectId: garden.id });
    const mow = await caller.task.create({ title: "Mow", projectId: garden.id });
    const earlier = await caller.task.create({ title: "Trashed earlier", projectId: garden.id });
    const milk = await caller.task.create({ title: "Buy milk" });
    await caller.task.delete({ id: earlier.id });

    api.clock.set(new Date(NOW.getTime() + 60_000));
    const deleted = await caller.project.delete({ id: garden.id });
    expect(deleted.taskIds.sort()).toEqual([mow.id, plant.id].sort());
    expect(idsOf(await caller.project.list())).not.toContain(garden.id);
    expect(idsOf((await caller.task.list({ status: "all" })).items)).toEqual([milk.id]);
    expect(await caller.task.stats()).toMatchObject({ total: 1 });
    expect(idsOf((await caller.task.trash()).items).sort()).toEqual([earlier.id, mow.id, plant.id].sort());
    await expectCode(caller.task.list({ projectId: garden.id }), "NOT_FOUND");
    await expectCode(caller.project.update({ id: garden.id, name: "Back" }), "NOT_FOUND");
    await expectCode(caller.project.delete({ id: garden.id }), "NOT_FOUND");
    // Its name is free again.
    const other = await caller.project.create({ name: "garden" });

    const restored = await caller.project.restore({ id: garden.id });
    expect(restored.project).toMatchObject({ id: garden.id, name: "Garden (restored)", color: "#16a34a" });
    expect(idsOf(restored.tasks).sort()).toEqual([mow.id, plant.id].sort());
    expect(idsOf((await caller.task.list({ projectId: garden.id })).items).sort()).toEqual(
      [mow.id, plant.id].sort(),
    );
    expect(idsOf((await caller.task.trash()).items)).toEqual([earlier.id]);
    expect((await caller.project.list()).find((p) => p.id === garden.id)).toMatchObject({ openCount: 2 });
    expect(idsOf(await caller.project.list())).toContain(other.id);
    // Restoring a live project changes nothing.
    expect((await caller.project.restore({ id: garden.id })).tasks).toEqual([]);
  });

  it("sends a task restored on its own, after its project was deleted, to the Inbox", async () => {
    const { caller } = await api.createUser();
    const [inbox] = await caller.project.list();
    const garden = await caller.project.create({ name: "Garden" });
    const plant = await caller.task.create({ title: "Plant bulbs", projectId: garden.id });
    await caller.project.delete({ id: garden.id });
    const [back] = await caller.task.restore({ ids: [plant.id] });
    expect(back?.projectId).toBe(inbox?.id);
    expect((await caller.project.list())[0]).toMatchObject({ isInbox: true, openCount: 1 });
    // The project can still be restored, without that task.
    expect((await caller.project.restore({ id: garden.id })).tasks).toEqual([]);
  });

  it("lets a task move into an archived project but not a deleted one", async () => {
    const { caller } = await api.createUser();
    const old = await caller.project.create({ name: "Old" });
    const gone = await caller.project.create({ name: "Gone" });
    await caller.project.update({ id: old.id, archived: true });
    await caller.project.delete({ id: gone.id });
    const task = await caller.task.create({ title: "Keep", projectId: old.id });
    expect(task.projectId).toBe(old.id);
    await expectCode(caller.task.update({ id: task.id, projectId: gone.id }), "NOT_FOUND");
    const [row] = await api.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row?.projectId).toBe(old.id);
  });
});

describe("the live stream", () => {
  it("carries project changes, and a deleted project as null, to its owner only", async () => {
    const alice = await api.createUser();
    const bob = await api.createUser();
    const start = await latestTaskEventId(api.db, alice.user.id);
    const bobStart = await latestTaskEventId(api.db, bob.user.id);
    const garden = await alice.caller.project.create({ name: "Garden" });
    const task = await alice.caller.task.create({ title: "Plant", projectId: garden.id });
    expect((await readTaskChanges(api.db, alice.user.id, start)).map((c) => c.change)).toEqual([
      // Read as it is now: with the task that came after it.
      { type: "project", id: garden.id, project: expect.objectContaining({ name: "Garden", openCount: 1 }) },
      { type: "upsert", task: expect.objectContaining({ id: task.id, projectId: garden.id }) },
    ]);
    const renamedAt = await latestTaskEventId(api.db, alice.user.id);
    await alice.caller.project.update({ id: garden.id, name: "Yard" });
    expect((await readTaskChanges(api.db, alice.user.id, renamedAt)).map((c) => c.change)).toEqual([
      { type: "project", id: garden.id, project: expect.objectContaining({ name: "Yard", openCount: 1 }) },
    ]);
    const deletedAt = await latestTaskEventId(api.db, alice.user.id);
    await alice.caller.project.delete({ id: garden.id });
    expect((await readTaskChanges(api.db, alice.user.id, deletedAt)).map((c) => c.change)).toEqual([
      { type: "project", id: garden.id, project: null },
      { type: "remove", id: task.id },
    ]);
    expect(await readTaskChanges(api.db, bob.user.id, bobStart)).toEqual([]);
  });
});
