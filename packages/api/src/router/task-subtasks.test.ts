/**
 * Subtasks (issue 14 item 2, ADR 0048): one level of tasks under a task, listed inside their
 * parent in their own order, with the parent's project and its trash; another person's task is
 * never a parent.
 */
import { SUBTASKS_PER_TASK_MAX, TASK_INPUT_MESSAGES } from "@doable/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
import { type Caller, createTestApi, expectBadRequest, expectRejected, type TestApi } from "../testing";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

function exactly(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

async function parentWith(
  caller: Caller,
  titles: string[],
  fields: { dueDate?: string; recurrence?: string } = {},
) {
  const parent = await caller.task.create({ title: "Pack for the trip", ...fields });
  const subtasks = [];
  for (const title of titles) subtasks.push(await caller.task.create({ title, parentId: parent.id }));
  return { parent, subtasks };
}

async function listedTitles(caller: Caller, input: Record<string, unknown> = {}) {
  const { items } = await caller.task.list({ limit: 100, ...input });
  return items.map((task) => [task.title, task.subtasks.map((subtask) => subtask.title)]);
}

describe("subtasks", () => {
  it("lists a task with its subtasks in the order they were added, and never a subtask on its own", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["Passport", "Charger", "Socks"]);
    await caller.task.create({ title: "Water the plants" });
    expect(await listedTitles(caller)).toEqual([
      ["Water the plants", []],
      ["Pack for the trip", ["Passport", "Charger", "Socks"]],
    ]);
    for (const sort of ["created", "due", "priority", "title", "manual"] as const) {
      const { items } = await caller.task.list({ sort, limit: 100 });
      expect(items.map((task) => task.title).sort()).toEqual(["Pack for the trip", "Water the plants"]);
    }
    const [first] = subtasks;
    expect(first?.parentId).toBe(parent.id);
    expect(first?.projectId).toBe(parent.projectId);
    const listed = (await caller.task.list({ limit: 100 })).items.find((task) => task.id === parent.id);
    // The nested subtasks are answered exactly as task.byId answers a task.
    expect(listed?.subtasks[0]).toEqual(
      await caller.task.byId({ id: first?.id ?? "" }).then(({ subtasks: _, ...task }) => task),
    );
  });

  it("answers a task's subtasks from task.byId, and none for a subtask", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["One", "Two"]);
    const read = await caller.task.byId({ id: parent.id });
    expect(read.subtasks.map((subtask) => subtask.title)).toEqual(["One", "Two"]);
    expect((await caller.task.byId({ id: subtasks[0]?.id ?? "" })).subtasks).toEqual([]);
  });

  it("answers a listed subtask with every field, in the same forms, as task.byId answers it", async () => {
    const { caller } = await api.createUser();
    const parent = await caller.task.create({ title: "Trip" });
    const subtask = await caller.task.create({
      title: "Book train",
      parentId: parent.id,
      dueDate: "2030-05-01",
      dueTime: "08:15",
      tags: ["travel"],
      remindAt: new Date("2030-04-30T18:00:00Z"),
    });
    await caller.task.setCompleted({ id: subtask.id, completed: true });
    const { subtasks: _none, ...direct } = await caller.task.byId({ id: subtask.id });
    const { items } = await caller.task.list({ status: "all" });
    const listed = items.find((task) => task.id === parent.id)?.subtasks[0];
    expect(listed).toEqual(direct);
  });

  it("counts progress from the subtasks' completion, and a completed subtask stays under its parent", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["One", "Two", "Three"]);
    await caller.task.setCompleted({ id: subtasks[1]?.id ?? "", completed: true });
    const { items } = await caller.task.list({ status: "active", limit: 100 });
    const listed = items.find((task) => task.id === parent.id);
    expect(listed?.subtasks.map((subtask) => subtask.completed)).toEqual([false, true, false]);
    // Subtasks are tasks: they count in the stats.
    expect(await caller.task.stats()).toMatchObject({ total: 4, completed: 1 });
  });

  it("keeps subtasks one level deep, within the limit, and never repeating", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["One"]);
    await expectBadRequest(
      caller.task.create({ title: "Deeper", parentId: subtasks[0]?.id ?? "" }),
      "task.create",
      "parentId",
      exactly(TASK_INPUT_MESSAGES.subtaskOfSubtask),
    );
    await expectBadRequest(
      caller.task.create({
        title: "Weekly",
        parentId: parent.id,
        dueDate: "2026-12-04",
        recurrence: "FREQ=WEEKLY",
      }),
      "task.create",
      "recurrence",
      exactly(TASK_INPUT_MESSAGES.subtaskRepeats),
    );
    await expectBadRequest(
      caller.task.update({ id: subtasks[0]?.id ?? "", dueDate: "2026-12-04", recurrence: "FREQ=WEEKLY" }),
      "task.update",
      "recurrence",
      exactly(TASK_INPUT_MESSAGES.subtaskRepeats),
    );
    for (let index = 1; index < SUBTASKS_PER_TASK_MAX; index += 1) {
      await caller.task.create({ title: `Item ${index}`, parentId: parent.id });
    }
    await expectBadRequest(
      caller.task.create({ title: "One too many", parentId: parent.id }),
      "task.create",
      "parentId",
      exactly(TASK_INPUT_MESSAGES.tooManySubtasks),
    );
  });

  it("answers NOT_FOUND for another person's task or a trashed one as a parent, and retries a create idempotently", async () => {
    const alice = await api.createUser();
    const bob = await api.createUser();
    const alices = await alice.caller.task.create({ title: "Alice's" });
    await expectRejected(
      bob.caller.task.create({ title: "Sneaky", parentId: alices.id }),
      "NOT_FOUND",
      "Task not found",
    );
    expect((await alice.caller.task.byId({ id: alices.id })).subtasks).toEqual([]);
    const trashed = await alice.caller.task.create({ title: "Gone" });
    await alice.caller.task.delete({ id: trashed.id });
    await expectRejected(
      alice.caller.task.create({ title: "Late", parentId: trashed.id }),
      "NOT_FOUND",
      "Task not found",
    );
    const id = crypto.randomUUID();
    const first = await alice.caller.task.create({ id, title: "Once", parentId: alices.id });
    expect(await alice.caller.task.create({ id, title: "Once", parentId: alices.id })).toEqual(first);
    expect((await alice.caller.task.byId({ id: alices.id })).subtasks).toHaveLength(1);
  });

  it("puts subtasks in their parent's project and moves them with it, one by one or in bulk", async () => {
    const { caller } = await api.createUser();
    const work = await caller.project.create({ name: "Work" });
    const home = await caller.project.create({ name: "Home" });
    const parent = await caller.task.create({ title: "Report", projectId: work.id });
    const subtask = await caller.task.create({ title: "Draft", parentId: parent.id, projectId: home.id });
    expect(subtask.projectId).toBe(work.id);
    await caller.task.update({ id: parent.id, projectId: home.id });
    expect((await caller.task.byId({ id: subtask.id })).projectId).toBe(home.id);
    await caller.task.updateMany({ ids: [parent.id], projectId: work.id });
    expect((await caller.task.byId({ id: subtask.id })).projectId).toBe(work.id);
    // A subtask cannot leave its parent's project on its own.
    await caller.task.update({ id: subtask.id, projectId: home.id });
    expect((await caller.task.byId({ id: subtask.id })).projectId).toBe(work.id);
    expect(await listedTitles(caller, { projectId: work.id })).toEqual([["Report", ["Draft"]]]);
    expect(await caller.task.stats({ projectId: work.id })).toMatchObject({ total: 2 });
  });

  it("sends subtasks to the trash with their parent and brings back only those that went with it", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["One", "Two", "Three"]);
    const [one, two, three] = subtasks.map((subtask) => subtask.id) as [string, string, string];
    await caller.task.delete({ id: three });
    api.clock.advance(1000);
    await caller.task.delete({ id: parent.id });
    await expectRejected(caller.task.byId({ id: one }), "NOT_FOUND", "Task not found");
    const trash = await caller.task.trash();
    expect(trash.items.map((task) => task.id).sort()).toEqual([parent.id, one, two, three].sort());
    // Each subtask names its task; the task itself has none.
    const parentTitles = Object.fromEntries(trash.items.map((task) => [task.title, task.parentTitle]));
    expect(parentTitles).toEqual({
      "Pack for the trip": null,
      One: "Pack for the trip",
      Two: "Pack for the trip",
      Three: "Pack for the trip",
    });
    const restored = await caller.task.restore({ ids: [parent.id] });
    // The parent first, then the subtasks that came back with it, so a client can nest them.
    expect(restored.map((task) => task.id).sort()).toEqual([parent.id, one, two].sort());
    expect(restored[0]?.id).toBe(parent.id);
    expect(await listedTitles(caller)).toEqual([["Pack for the trip", ["One", "Two"]]]);
    expect((await caller.task.trash()).items.map((task) => task.id)).toEqual([three]);
  });

  it("brings a subtask's parent back from the trash with it, never leaving it live under a trashed task", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["One", "Two"]);
    await caller.task.delete({ id: parent.id });
    const restored = await caller.task.restore({ ids: [subtasks[0]?.id ?? ""] });
    expect(restored[0]?.id).toBe(parent.id);
    expect(restored.map((task) => task.title).sort()).toEqual(["One", "Pack for the trip", "Two"]);
    expect(await listedTitles(caller)).toEqual([["Pack for the trip", ["One", "Two"]]]);
  });

  it("deletes subtasks for good with their parent, and bulk-trashes them with it", async () => {
    const { caller } = await api.createUser();
    const { parent } = await parentWith(caller, ["One", "Two"]);
    await caller.task.deleteMany({ ids: [parent.id] });
    expect((await caller.task.trash()).total).toBe(3);
    await caller.task.deleteForever({ ids: [parent.id] });
    expect((await caller.task.trash()).total).toBe(0);
    expect(await caller.task.stats()).toMatchObject({ total: 0 });
  });

  it("finds a task by its subtasks' words, once", async () => {
    const { caller } = await api.createUser();
    await parentWith(caller, ["Passport", "Passport photos"]);
    await caller.task.create({ title: "Renew passport" });
    expect(await listedTitles(caller, { search: "passport", sort: "title", order: "asc" })).toEqual([
      ["Pack for the trip", ["Passport", "Passport photos"]],
      ["Renew passport", []],
    ]);
    expect(await listedTitles(caller, { search: "socks" })).toEqual([]);
  });

  it("sends each subtask's changes on the live stream with its parent's id", async () => {
    const { caller, user } = await api.createUser();
    const parent = await caller.task.create({ title: "Parent" });
    const before = await latestTaskEventId(api.db, user.id);
    const subtask = await caller.task.create({ title: "Child", parentId: parent.id });
    const changes = await readTaskChanges(api.db, user.id, before);
    expect(changes.map(({ change }) => change)).toEqual([{ type: "upsert", task: subtask }]);
    expect(subtask.parentId).toBe(parent.id);
  });

  it("sends a parent back from the trash on the live stream with its subtasks, whose own events come first", async () => {
    const { caller, user } = await api.createUser();
    const { parent } = await parentWith(caller, ["One", "Two"]);
    await caller.task.delete({ id: parent.id });
    const before = await latestTaskEventId(api.db, user.id);
    await caller.task.restore({ ids: [parent.id] });
    const changes = (await readTaskChanges(api.db, user.id, before)).map(({ change }) => change);
    const last = changes.at(-1);
    expect(last?.type === "upsert" && last.task.id).toBe(parent.id);
    expect(last?.type === "upsert" && last.task.subtasks?.map((subtask) => subtask.title)).toEqual([
      "One",
      "Two",
    ]);
  });

  it("gives the next occurrence of a repeating task its checklist again, open", async () => {
    const { caller } = await api.createUser();
    const { parent, subtasks } = await parentWith(caller, ["Water plants", "Take out bins"], {
      dueDate: "2026-12-04",
      recurrence: "FREQ=WEEKLY",
    });
    await caller.task.setCompleted({ id: subtasks[0]?.id ?? "", completed: true });
    const { next } = await caller.task.setCompleted({ id: parent.id, completed: true });
    if (!next) throw new Error("no next occurrence");
    const read = await caller.task.byId({ id: next.id });
    expect(read.subtasks.map((subtask) => [subtask.title, subtask.completed])).toEqual([
      ["Water plants", false],
      ["Take out bins", false],
    ]);
    // The completed occurrence keeps its own checklist as it was.
    const done = await caller.task.byId({ id: parent.id });
    expect(done.subtasks.map((subtask) => subtask.completed)).toEqual([true, false]);
  });
});
