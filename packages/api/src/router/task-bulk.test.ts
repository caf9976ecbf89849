/**
 * Bulk actions (issue 14 item 8), the server's half: task.updateMany moves several tasks to a
 * project and adds or takes off tags in one call; task.deleteMany moves several to the trash and
 * answers their ids for task.restore (Undo). Other people's tasks, projects and the trash are
 * never reached.
 */
import { randomUUID } from "node:crypto";
import { type Database, tasks } from "@doable/db";
import { TAGS_MAX_COUNT, TASK_IDS_MAX } from "@doable/domain";
import { serverEnv } from "@doable/env";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
import { createTestApi, expectBadRequest, expectRejected, type TestApi } from "../testing";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

const sorted = (ids: string[]) => [...ids].sort();

/** Row locks and a second connection exist only on a server: the PostgreSQL pass (TEST_DATABASE_URL). */
const onServer = serverEnv().testDatabaseUrl !== null;
const LOCK_WAIT_POLL_MS = 10;
const LOCK_WAIT_TIMEOUT_MS = 10_000;

/** Resolves once some statement in this test's database waits for a lock another one holds. */
async function someoneWaitsForALock(db: Database): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [row] = await db
      .select({ waiting: sql<number>`count(*)::int` })
      .from(sql`pg_stat_activity`)
      .where(sql`datname = current_database() and wait_event_type = 'Lock'`);
    if ((row?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_POLL_MS));
  }
  throw new Error("no statement came to wait for the lock");
}

const tagsNumbered = (count: number): string[] => Array.from({ length: count }, (_, index) => `t${index}`);

describe("task.updateMany", () => {
  it("moves the chosen tasks to a project, answers those it changed, and leaves the rest alone", async () => {
    const { caller, user } = await api.createUser();
    const garden = await caller.project.create({ name: "Garden" });
    const [plant, water, other] = await Promise.all(
      ["Plant bulbs", "Water", "Not chosen"].map((title) => caller.task.create({ title })),
    );
    if (!plant || !water || !other) throw new Error("tasks not created");
    const trashed = await caller.task.create({ title: "In the trash" });
    await caller.task.delete({ id: trashed.id });
    const stranger = await api.createUser();
    const theirs = await stranger.caller.task.create({ title: "Theirs" });

    const start = await latestTaskEventId(api.db, user.id);
    const changed = await caller.task.updateMany({
      ids: [plant.id, water.id, trashed.id, theirs.id, randomUUID()],
      projectId: garden.id,
    });
    expect(sorted(changed.map((task) => task.id))).toEqual(sorted([plant.id, water.id]));
    for (const task of changed) expect(task).toMatchObject({ projectId: garden.id, version: 2 });
    const inGarden = (await caller.task.list({ projectId: garden.id })).items.map((task) => task.title);
    expect(inGarden.sort()).toEqual(["Plant bulbs", "Water"]);
    expect((await caller.task.byId({ id: other.id })).projectId).toBe(other.projectId);
    expect(await stranger.caller.task.byId({ id: theirs.id })).toMatchObject({ version: 1 });
    // Every change reaches open clients; nothing already there is written again.
    const changes = (await readTaskChanges(api.db, user.id, start)).map((entry) => entry.change.type);
    expect(changes).toEqual(["upsert", "upsert"]);
    expect(await caller.task.updateMany({ ids: [plant.id], projectId: garden.id })).toEqual([]);
  });

  it("adds tags once each, in order, and takes tags off", async () => {
    const { caller } = await api.createUser();
    const first = await caller.task.create({ title: "First", tags: ["home", "urgent"] });
    const second = await caller.task.create({ title: "Second" });
    const added = await caller.task.updateMany({ ids: [first.id, second.id], addTags: ["errands", "home"] });
    const tagsOf = new Map(added.map((task) => [task.title, task.tags]));
    expect(tagsOf.get("First")).toEqual(["home", "urgent", "errands"]);
    expect(tagsOf.get("Second")).toEqual(["errands", "home"]);
    expect((await caller.task.list({ tag: "errands" })).items).toHaveLength(2);

    const removed = await caller.task.updateMany({ ids: [first.id, second.id], removeTags: ["home"] });
    expect(new Map(removed.map((task) => [task.title, task.tags]))).toEqual(
      new Map([
        ["First", ["urgent", "errands"]],
        ["Second", ["errands"]],
      ]),
    );
  });

  it("refuses, changing nothing, when a task would have too many tags", async () => {
    const { caller } = await api.createUser();
    const full = await caller.task.create({
      title: "Full",
      tags: Array.from({ length: TAGS_MAX_COUNT }, (_, index) => `t${index}`),
    });
    const empty = await caller.task.create({ title: "Empty" });
    await expectBadRequest(
      caller.task.updateMany({ ids: [full.id, empty.id], addTags: ["one-more"] }),
      "task.updateMany",
      "addTags",
      /At most 10 tags/,
    );
    expect((await caller.task.byId({ id: empty.id })).tags).toEqual([]);
    // A tag it already has is no extra tag.
    expect(await caller.task.updateMany({ ids: [full.id], addTags: ["t0"] })).toEqual([]);
  });

  it.skipIf(!onServer)(
    "counts the tags of each task as the update finds it, even one filled up meanwhile (PostgreSQL pass)",
    async () => {
      const { caller } = await api.createUser();
      const task = await caller.task.create({ title: "Nearly full", tags: tagsNumbered(TAGS_MAX_COUNT - 1) });
      let adding: Promise<unknown> = Promise.resolve();
      // Another writer fills the task up and holds its row until bulk tagging has read the task
      // as it was (one tag free) and is waiting to write it.
      await api.db.transaction(async (tx) => {
        await tx
          .update(tasks)
          .set({ tags: tagsNumbered(TAGS_MAX_COUNT) })
          .where(eq(tasks.id, task.id));
        adding = caller.task.updateMany({ ids: [task.id], addTags: ["one-more"] });
        adding.catch(() => {});
        await someoneWaitsForALock(api.db);
      });
      await expectBadRequest(adding, "task.updateMany", "addTags", /At most 10 tags/);
      expect((await caller.task.byId({ id: task.id })).tags).toEqual(tagsNumbered(TAGS_MAX_COUNT));
    },
  );

  it("answers NOT_FOUND for another person's project, and asks for a change and a bounded list", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({ title: "Mine" });
    const stranger = await api.createUser();
    const theirProject = await stranger.caller.project.create({ name: "Theirs" });
    await expectRejected(
      caller.task.updateMany({ ids: [task.id], projectId: theirProject.id }),
      "NOT_FOUND",
      "Project not found",
    );
    await expectBadRequest(
      caller.task.updateMany({ ids: [task.id] }),
      "task.updateMany",
      "projectId",
      /Say what/,
    );
    await expectBadRequest(
      caller.task.updateMany({
        ids: Array.from({ length: TASK_IDS_MAX + 1 }, () => randomUUID()),
        addTags: ["x"],
      }),
      "task.updateMany",
      "ids",
    );
  });
});

describe("task.deleteMany", () => {
  it("moves the caller's live tasks among the ids to the trash and answers them, for Undo with task.restore", async () => {
    const { caller } = await api.createUser();
    const [one, two, kept] = await Promise.all(
      ["One", "Two", "Kept"].map((title) => caller.task.create({ title })),
    );
    if (!one || !two || !kept) throw new Error("tasks not created");
    const stranger = await api.createUser();
    const theirs = await stranger.caller.task.create({ title: "Theirs" });

    const { ids } = await caller.task.deleteMany({ ids: [one.id, two.id, theirs.id, randomUUID()] });
    expect(sorted(ids)).toEqual(sorted([one.id, two.id]));
    expect((await caller.task.list({})).items.map((task) => task.title)).toEqual(["Kept"]);
    expect((await caller.task.deleteMany({ ids })).ids).toEqual([]);
    expect(await stranger.caller.task.byId({ id: theirs.id })).toMatchObject({ title: "Theirs" });

    const restored = await caller.task.restore({ ids });
    expect(sorted(restored.map((task) => task.id))).toEqual(sorted(ids));
    expect(await caller.task.stats()).toMatchObject({ total: 3 });
  });
});
