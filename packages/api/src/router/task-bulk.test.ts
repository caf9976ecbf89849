/**
 * Bulk actions (issue 14 item 8), the server's half: task.updateMany moves several tasks to a
 * project and adds or takes off tags in one call; task.deleteMany moves several to the trash and
 * answers their ids for task.restore (Undo). Other people's tasks, projects and the trash are
 * never reached.
 */
import { randomUUID } from "node:crypto";
import { TAGS_MAX_COUNT, TASK_IDS_MAX } from "@doable/domain";
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
