/**
 * Manual order (issue 14 item 7, ADR 0046): task.move places a task right after or right before
 * another by writing a fractional key on the moved task alone, and the `manual` sort lists by it,
 * in pages, through a tag, within a project. Another person's tasks and the trash are never anchors.
 */
import { randomUUID } from "node:crypto";
import { tasks } from "@doable/db";
import { POSITION_MAX_LENGTH } from "@doable/domain";
import { eq } from "drizzle-orm";
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

/** New tasks are keyed by the database's clock to the millisecond: one apart, they never tie. */
function nextMillisecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 2));
}

/** Tasks made one after another: in the manual order the newest comes first. */
async function createInOrder(
  caller: Caller,
  titles: string[],
  extra: { projectId?: string; tags?: string[] } = {},
) {
  const created = [];
  for (const title of titles) {
    created.push(await caller.task.create({ title, ...extra }));
    await nextMillisecond();
  }
  return created;
}

async function manualTitles(caller: Caller, input: Record<string, unknown> = {}): Promise<string[]> {
  const { items } = await caller.task.list({ sort: "manual", limit: 100, ...input });
  return items.map((task) => task.title);
}

describe("task.move and the manual sort", () => {
  it("lists new tasks newest first, like the default order, until something is moved", async () => {
    const { caller } = await api.createUser();
    await createInOrder(caller, ["A", "B", "C"]);
    expect(await manualTitles(caller)).toEqual(["C", "B", "A"]);
    expect(await manualTitles(caller, { order: "desc" })).toEqual(["A", "B", "C"]);
    const created = (await caller.task.list({ limit: 100 })).items.map((task) => task.title);
    expect(await manualTitles(caller)).toEqual(created);
  });

  it("moves a task right after or right before another, to the top and to the bottom, writing that task only", async () => {
    const { caller } = await api.createUser();
    const [d, c, b, a] = await createInOrder(caller, ["D", "C", "B", "A"]);
    if (!a || !b || !c || !d) throw new Error("tasks not created");
    expect(await manualTitles(caller)).toEqual(["A", "B", "C", "D"]);

    const moved = await caller.task.move({ id: d.id, afterId: a.id });
    expect(moved).toMatchObject({ id: d.id, title: "D", version: d.version + 1 });
    expect(moved.position > a.position && moved.position < b.position).toBe(true);
    expect(await manualTitles(caller)).toEqual(["A", "D", "B", "C"]);
    // Nothing else was written.
    const versions = new Map(
      (await caller.task.list({ limit: 100 })).items.map((task) => [task.id, task.version]),
    );
    expect([a, b, c].map((task) => versions.get(task.id))).toEqual([a.version, b.version, c.version]);

    await caller.task.move({ id: c.id, beforeId: a.id });
    expect(await manualTitles(caller)).toEqual(["C", "A", "D", "B"]);
    await caller.task.move({ id: c.id, afterId: b.id });
    expect(await manualTitles(caller)).toEqual(["A", "D", "B", "C"]);
    await caller.task.move({ id: b.id, beforeId: d.id });
    expect(await manualTitles(caller)).toEqual(["A", "B", "D", "C"]);
    // With both neighbours named, the one above decides.
    await caller.task.move({ id: a.id, afterId: d.id, beforeId: c.id });
    expect(await manualTitles(caller)).toEqual(["B", "D", "A", "C"]);
  });

  it("keeps the order exact through many moves into the same gap", async () => {
    const { caller } = await api.createUser();
    const [last, first, ...rest] = await createInOrder(caller, ["Last", "First", "M1", "M2", "M3", "M4"]);
    if (!first || !last) throw new Error("tasks not created");
    const expected = await manualTitles(caller);
    expect(expected).toEqual(["M4", "M3", "M2", "M1", "First", "Last"]);
    // Each move goes right after "First": the newest moved sits at the top of the gap.
    for (let round = 0; round < 10; round += 1) {
      for (const task of rest) {
        await caller.task.move({ id: task.id, afterId: first.id });
        expected.splice(expected.indexOf(task.title), 1);
        expected.splice(expected.indexOf("First") + 1, 0, task.title);
      }
    }
    expect(await manualTitles(caller)).toEqual(expected);
    const { items } = await caller.task.list({ sort: "manual", limit: 100 });
    for (const task of items) expect(task.position.length).toBeLessThan(30);
  });

  it("pages through the manual order with a cursor, either way, through a tag and within a project", async () => {
    const { caller } = await api.createUser();
    const project = await caller.project.create({ name: "Home" });
    const titles = ["T1", "T2", "T3", "T4", "T5", "T6", "T7"];
    const tasks = await createInOrder(caller, titles, { tags: ["chores"] });
    // Every other one into the project.
    for (const task of tasks.filter((_, index) => index % 2 === 0)) {
      await caller.task.update({ id: task.id, projectId: project.id });
    }
    const [t1, , t3, , , , t7] = tasks;
    if (!t1 || !t3 || !t7) throw new Error("tasks not created");
    await caller.task.move({ id: t1.id, beforeId: t7.id });
    await caller.task.move({ id: t3.id, afterId: tasks[5]?.id ?? "" });
    const whole = await manualTitles(caller);
    expect(whole).toEqual(["T1", "T7", "T6", "T3", "T5", "T4", "T2"]);

    for (const order of ["asc", "desc"] as const) {
      for (const filter of [
        {},
        { tag: "chores" },
        { projectId: project.id },
        { status: "active" as const },
      ]) {
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<Caller["task"]["list"]>> = await caller.task.list({
            sort: "manual",
            order,
            limit: 2,
            cursor,
            ...filter,
          });
          paged.push(...page.items.map((task) => task.title));
          cursor = page.nextCursor;
        } while (cursor);
        const inProject = (title: string) => ["T1", "T3", "T5", "T7"].includes(title);
        const wanted = "projectId" in filter ? whole.filter(inProject) : whole;
        expect({ order, filter, paged }).toEqual({
          order,
          filter,
          paged: order === "asc" ? wanted : [...wanted].reverse(),
        });
      }
    }

    // Moved within the project's view: right after its first task, which other tasks follow in the whole order.
    await caller.task.move({ id: tasks[4]?.id ?? "", afterId: t1.id });
    expect(await manualTitles(caller, { projectId: project.id })).toEqual(["T1", "T5", "T7", "T3"]);
    expect(await manualTitles(caller, { tag: "chores" })).toEqual(await manualTitles(caller));
  });

  it("moves up past two tasks that share a key (a repeating task and its next occurrence)", async () => {
    const { caller } = await api.createUser();
    const [c, b, a] = await createInOrder(caller, ["C", "B", "A"]);
    if (!a || !b || !c) throw new Error("tasks not created");
    await api.db.update(tasks).set({ position: a.position }).where(eq(tasks.id, b.id));
    const tied = await manualTitles(caller);
    expect(tied.at(-1)).toBe("C");
    // "Move C up" as the dashboard sends it: between its new neighbours, which tie.
    const [above, below] = tied.slice(0, 2).map((title) => (title === "A" ? a : b));
    await caller.task.move({ id: c.id, afterId: above?.id, beforeId: below?.id });
    expect((await manualTitles(caller))[2]).not.toBe("C");
  });

  it("writes fresh short keys, in the same order, once a key would grow too long", async () => {
    const { caller } = await api.createUser();
    const [mover, next, previous, top] = await createInOrder(caller, ["Mover", "Next", "Previous", "Top"]);
    if (!mover || !next || !previous || !top) throw new Error("tasks not created");
    // Two neighbours whose keys leave no room at the length limit: a key between them is one longer.
    const stem = `V${"0".repeat(POSITION_MAX_LENGTH - 2)}`;
    await api.db
      .update(tasks)
      .set({ position: `${stem}1` })
      .where(eq(tasks.id, previous.id));
    await api.db
      .update(tasks)
      .set({ position: `${stem}2` })
      .where(eq(tasks.id, next.id));
    await caller.task.delete({ id: top.id });
    expect(await manualTitles(caller)).toEqual(["Previous", "Next", "Mover"]);

    const moved = await caller.task.move({ id: mover.id, afterId: previous.id });
    expect(await manualTitles(caller)).toEqual(["Previous", "Mover", "Next"]);
    const { items } = await caller.task.list({ sort: "manual", limit: 100 });
    for (const task of [...items, moved]) expect(task.position.length).toBeLessThan(20);
    // The trash was keyed too, keeping its place (after "Next", as before), and a task made now
    // still comes first.
    await caller.task.restore({ ids: [top.id] });
    await caller.task.create({ title: "Newest" });
    expect(await manualTitles(caller)).toEqual(["Newest", "Previous", "Mover", "Next", "Top"]);
  });

  it("sends the move on the live stream, and keeps the place through the trash", async () => {
    const { caller, user } = await api.createUser();
    const [b, a] = await createInOrder(caller, ["B", "A"]);
    if (!a || !b) throw new Error("tasks not created");
    const start = await latestTaskEventId(api.db, user.id);
    const moved = await caller.task.move({ id: a.id, afterId: b.id });
    const changes = (await readTaskChanges(api.db, user.id, start)).map((entry) => entry.change);
    expect(changes).toEqual([{ type: "upsert", task: moved }]);

    await caller.task.delete({ id: a.id });
    await caller.task.restore({ ids: [a.id] });
    expect(await manualTitles(caller)).toEqual(["B", "A"]);
  });

  it("gives a repeating task's next occurrence the completed one's place", async () => {
    const { caller } = await api.createUser();
    const [later, routine, first] = await createInOrder(caller, ["Later", "Routine", "First"]);
    if (!later || !routine || !first) throw new Error("tasks not created");
    await caller.task.update({ id: routine.id, dueDate: "2026-12-01", recurrence: "FREQ=DAILY" });
    const { next } = await caller.task.setCompleted({ id: routine.id, completed: true });
    expect(next?.position).toBe(routine.position);
    expect(await manualTitles(caller, { status: "active" })).toEqual(["First", "Routine", "Later"]);
  });

  it("answers NOT_FOUND for another person's task, a trashed one or a missing one, as the task or as a neighbour", async () => {
    const { caller } = await api.createUser();
    const [mine, neighbour] = await createInOrder(caller, ["Mine", "Neighbour"]);
    const trashed = await caller.task.create({ title: "Trashed" });
    await caller.task.delete({ id: trashed.id });
    const other = await api.createUser();
    const theirs = await other.caller.task.create({ title: "Theirs" });
    if (!mine || !neighbour) throw new Error("tasks not created");

    for (const stranger of [theirs.id, trashed.id, randomUUID()]) {
      for (const input of [
        { id: stranger, afterId: mine.id },
        { id: mine.id, afterId: stranger },
        { id: mine.id, beforeId: stranger },
        { id: mine.id, afterId: neighbour.id, beforeId: stranger },
      ]) {
        await expectRejected(caller.task.move(input), "NOT_FOUND", "Task not found");
      }
    }
    // Their task did not move, and nothing of theirs shows in mine.
    expect((await other.caller.task.byId({ id: theirs.id })).version).toBe(theirs.version);
    expect(await manualTitles(caller)).toEqual(["Neighbour", "Mine"]);
  });

  it("refuses a move that names no neighbour, or the task itself", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({ title: "Alone" });
    await expectBadRequest(caller.task.move({ id: task.id }), "task.move", "afterId", /afterId or beforeId/);
    await expectBadRequest(
      caller.task.move({ id: task.id, afterId: task.id }),
      "task.move",
      "afterId",
      /itself/,
    );
    await expectBadRequest(
      caller.task.move({ id: task.id, beforeId: task.id }),
      "task.move",
      "afterId",
      /itself/,
    );
  });
});
