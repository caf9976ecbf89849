import { HOUR_MS, isOverdueAt, type TaskQuery } from "@doable/domain";
import { describe, expect, it } from "vitest";
import {
  applyTaskChange,
  type ChangeContext,
  holdsTask,
  type ListData,
  showPending,
  type TaskCache,
} from "./task-cache";
import { taskWith } from "./task-factory";
import type { Task, TaskStats } from "./types";

const NOW = new Date("2026-12-01T12:00:00.000Z");
const NEWEST_FIRST: TaskQuery = { status: "all", sort: "created", timeZone: "UTC" };
const CONTEXT: ChangeContext = { query: NEWEST_FIRST, now: NOW };
const PROJECT = "00000000-0000-4000-8000-0000000a0001";
const OTHER_PROJECT = "00000000-0000-4000-8000-0000000a0002";
/** The day before NOW's: an open task due then is overdue. */
const YESTERDAY = "2026-11-30";

let serial = 0;
function task(overrides: Partial<Task> = {}): Task {
  serial += 1;
  const createdAt = new Date(NOW.getTime() - serial * HOUR_MS);
  return taskWith({
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    title: `Task ${serial}`,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  });
}

function list(pages: Task[][], lastCursor: string | null = null): ListData {
  return {
    pages: pages.map((items, index) => ({
      items,
      nextCursor: index === pages.length - 1 ? lastCursor : `p${index + 1}`,
    })),
    pageParams: pages.map((_, index) => (index === 0 ? null : `p${index}`)),
  };
}

function statsOf(tasks: Task[]): TaskStats {
  const completed = tasks.filter((one) => one.completed).length;
  const overdue = tasks.filter((one) => isOverdueAt(one, NOW, CONTEXT.query.timeZone)).length;
  return { total: tasks.length, active: tasks.length - completed, completed, overdue };
}

function ids(cache: TaskCache): string[] {
  return cache.list?.pages.flatMap((page) => page.items.map((one) => one.id)) ?? [];
}

/** Three tasks, newest first, on one page with nothing more to load. */
function threeTasks(): { a: Task; b: Task; c: Task; cache: TaskCache } {
  const a = task();
  const b = task();
  const c = task();
  return { a, b, c, cache: { list: list([[a, b, c]]), stats: statsOf([a, b, c]) } };
}

describe("create", () => {
  it("puts a new task where the sort puts it and counts it", () => {
    const { a, cache } = threeTasks();
    const fresh = task({ createdAt: NOW, dueDate: YESTERDAY });
    const { cache: next, statsExact } = applyTaskChange(cache, { type: "create", task: fresh }, CONTEXT);
    expect(ids(next)[0]).toBe(fresh.id);
    expect(ids(next)[1]).toBe(a.id);
    expect(next.stats).toEqual({ total: 4, active: 4, completed: 0, overdue: 1 });
    expect(statsExact).toBe(true);
  });

  it("counts a new task in a project's counts only when it is that project's", () => {
    const cache: TaskCache = { list: undefined, stats: statsOf([]), statsProjectId: PROJECT };
    const elsewhere = applyTaskChange(
      cache,
      { type: "create", task: task({ projectId: OTHER_PROJECT }) },
      CONTEXT,
    );
    expect(elsewhere.cache.stats).toEqual(statsOf([]));
    expect(elsewhere.statsExact).toBe(true);
    const here = applyTaskChange(cache, { type: "create", task: task({ projectId: PROJECT }) }, CONTEXT);
    expect(here.cache.stats).toMatchObject({ total: 1, active: 1 });
    expect(here.cache.statsProjectId).toBe(PROJECT);
  });

  it("counts a task the filter hides, without showing it", () => {
    const { cache } = threeTasks();
    const done = task({ createdAt: NOW, completed: true, completedAt: NOW });
    const context = { ...CONTEXT, query: { ...NEWEST_FIRST, status: "active" as const } };
    const { cache: next } = applyTaskChange(cache, { type: "create", task: done }, context);
    expect(holdsTask(next, done.id)).toBe(false);
    expect(next.stats).toEqual({ total: 4, active: 3, completed: 1, overdue: 0 });
  });

  it("counts a retried create once", () => {
    const { a, cache } = threeTasks();
    const { cache: next } = applyTaskChange(cache, { type: "create", task: { ...a } }, CONTEXT);
    expect(next.stats).toEqual(cache.stats);
    expect(ids(next)).toEqual(ids(cache));
  });
});

describe("upsert", () => {
  it("replaces a task in place and leaves every other object as it was", () => {
    const { a, b, c, cache } = threeTasks();
    const renamed = { ...b, title: "Renamed", version: 2 };
    const { cache: next } = applyTaskChange(cache, { type: "upsert", task: renamed }, CONTEXT);
    const items = next.list?.pages[0]?.items ?? [];
    expect(items[0]).toBe(a);
    expect(items[1]).toBe(renamed);
    expect(items[2]).toBe(c);
  });

  it("keeps the held object when the server sends the same task again", () => {
    const { b, cache } = threeTasks();
    const { cache: next } = applyTaskChange(cache, { type: "upsert", task: { ...b, tags: [] } }, CONTEXT);
    expect(next).toBe(cache);
  });

  it("ignores a version older than the one held", () => {
    const { b, cache } = threeTasks();
    const newer = { ...b, title: "Newer", version: 3 };
    const held = applyTaskChange(cache, { type: "upsert", task: newer }, CONTEXT).cache;
    const { cache: next } = applyTaskChange(
      held,
      { type: "upsert", task: { ...b, title: "Older", version: 2 } },
      CONTEXT,
    );
    expect(next.list?.pages[0]?.items[1]?.title).toBe("Newer");
  });

  it("adds a task made elsewhere and asks for the counts, whose earlier state it cannot know", () => {
    const { cache } = threeTasks();
    const elsewhere = task({ createdAt: NOW });
    const { cache: next, statsExact } = applyTaskChange(cache, { type: "upsert", task: elsewhere }, CONTEXT);
    expect(ids(next)[0]).toBe(elsewhere.id);
    expect(statsExact).toBe(false);
    expect(next.stats).toEqual(cache.stats);
  });

  it("takes out a task that no longer matches the filter, and recounts it", () => {
    const { b, cache } = threeTasks();
    const context = { ...CONTEXT, query: { ...NEWEST_FIRST, status: "active" as const } };
    const done = { ...b, completed: true, completedAt: NOW, version: 2 };
    const { cache: next, statsExact } = applyTaskChange(cache, { type: "upsert", task: done }, context);
    expect(holdsTask(next, b.id)).toBe(false);
    expect(next.stats).toEqual({ total: 3, active: 2, completed: 1, overdue: 0 });
    expect(statsExact).toBe(true);
  });

  it("moves a task whose sort key changed", () => {
    const apple = task({ title: "apple" });
    const cherry = task({ title: "cherry" });
    const query: TaskQuery = { status: "all", sort: "title", timeZone: "UTC" };
    const cache: TaskCache = { list: list([[apple, cherry]]), stats: statsOf([apple, cherry]) };
    const renamed = { ...apple, title: "date", version: 2 };
    const { cache: next } = applyTaskChange(cache, { type: "upsert", task: renamed }, { query, now: NOW });
    expect(ids(next)).toEqual([cherry.id, apple.id]);
  });

  it("leaves a task that sorts after every loaded one to the page not loaded yet", () => {
    const { a, b, cache: base } = threeTasks();
    const cache: TaskCache = { ...base, list: list([[a], [b]], "more") };
    const old = task({ createdAt: new Date(0) });
    const { cache: next } = applyTaskChange(cache, { type: "upsert", task: old }, CONTEXT);
    expect(holdsTask(next, old.id)).toBe(false);
    const complete: TaskCache = { ...base, list: list([[a], [b]]) };
    expect(ids(applyTaskChange(complete, { type: "upsert", task: old }, CONTEXT).cache).at(-1)).toBe(old.id);
  });

  it("inserts into the page where the task sorts, leaving the other pages as they were", () => {
    const { a, b, c } = threeTasks();
    const cache: TaskCache = { list: list([[a], [c]], "more"), stats: statsOf([a, c]) };
    const { cache: next } = applyTaskChange(cache, { type: "upsert", task: b }, CONTEXT);
    expect(next.list?.pages[0]).toBe(cache.list?.pages[0]);
    expect(next.list?.pages[1]?.items.map((one) => one.id)).toEqual([b.id, c.id]);
  });
});

describe("overdue on the owner's clock", () => {
  it("counts a task due today as overdue only where today is already over", () => {
    // NOW, 12:00 UTC on 1 December, is 01:00 on 2 December in Auckland.
    const dueDec1 = task({ dueDate: "2026-12-01" });
    for (const [timeZone, overdue] of [
      ["UTC", 0],
      ["Pacific/Auckland", 1],
      ["America/Los_Angeles", 0],
    ] as const) {
      const context: ChangeContext = { query: { ...NEWEST_FIRST, timeZone }, now: NOW };
      const { cache } = applyTaskChange(
        { list: list([[]]), stats: statsOf([]) },
        { type: "create", task: dueDec1 },
        context,
      );
      expect(cache.stats?.overdue, timeZone).toBe(overdue);
    }
  });
});

describe("patch", () => {
  it("merges fields into the held task and recounts", () => {
    const late = task({ dueDate: YESTERDAY });
    const cache: TaskCache = { list: list([[late]]), stats: statsOf([late]) };
    const { cache: next } = applyTaskChange(
      cache,
      { type: "patch", id: late.id, fields: { completed: true, completedAt: NOW } },
      CONTEXT,
    );
    expect(next.list?.pages[0]?.items[0]).toMatchObject({ id: late.id, completed: true, title: late.title });
    expect(next.stats).toEqual({ total: 1, active: 0, completed: 1, overdue: 0 });
  });

  it("changes nothing for a task not loaded, and asks for the counts", () => {
    const { cache } = threeTasks();
    const result = applyTaskChange(cache, { type: "patch", id: "missing", fields: { title: "x" } }, CONTEXT);
    expect(result.cache).toBe(cache);
    expect(result.statsExact).toBe(false);
  });
});

describe("remove", () => {
  it("takes tasks out and uncounts them", () => {
    const { a, c, cache } = threeTasks();
    const { cache: next, statsExact } = applyTaskChange(
      cache,
      { type: "remove", ids: [a.id, c.id] },
      CONTEXT,
    );
    expect(ids(next)).toHaveLength(1);
    expect(next.stats?.total).toBe(1);
    expect(statsExact).toBe(true);
  });

  it("asks for the counts when a removed task was not loaded (it may have been counted or not)", () => {
    const { cache } = threeTasks();
    const { cache: next, statsExact } = applyTaskChange(
      cache,
      { type: "remove", ids: ["elsewhere"] },
      CONTEXT,
    );
    expect(next.stats).toEqual(cache.stats);
    expect(statsExact).toBe(false);
  });
});

describe("restore", () => {
  it("puts tasks back where the sort puts them and counts them again", () => {
    const { a, b, c, cache } = threeTasks();
    const without = applyTaskChange(cache, { type: "remove", ids: [a.id, c.id] }, CONTEXT).cache;
    const { cache: next, statsExact } = applyTaskChange(
      without,
      {
        type: "restore",
        tasks: [
          { ...c, version: 3 },
          { ...a, version: 2 },
        ],
      },
      CONTEXT,
    );
    expect(ids(next)).toEqual([a.id, b.id, c.id]);
    expect(next.stats).toEqual(cache.stats);
    expect(statsExact).toBe(true);
  });
});

describe("clearCompleted", () => {
  it("takes out every completed task and uncounts all of them, loaded or not", () => {
    const { a, b, c } = threeTasks();
    const done = { ...b, completed: true, completedAt: NOW };
    const cache: TaskCache = {
      list: list([[a, done, c]]),
      stats: { total: 10, active: 2, completed: 8, overdue: 1 },
    };
    const { cache: next } = applyTaskChange(cache, { type: "clearCompleted", projectId: null }, CONTEXT);
    expect(ids(next)).toEqual([a.id, c.id]);
    expect(next.stats).toEqual({ total: 2, active: 2, completed: 0, overdue: 1 });
  });

  it("in a project's scope, takes out that project's completed tasks only", () => {
    const mine = task({ projectId: PROJECT, completed: true, completedAt: NOW });
    const other = task({ projectId: OTHER_PROJECT, completed: true, completedAt: NOW });
    const open = task({ projectId: PROJECT });
    const cache: TaskCache = {
      list: list([[mine, other, open]]),
      stats: { total: 3, active: 1, completed: 2, overdue: 0 },
    };
    const change = { type: "clearCompleted", projectId: PROJECT } as const;
    // Counts of every task: the project's share of them only the server knows.
    const everyProject = applyTaskChange(cache, change, CONTEXT);
    expect(ids(everyProject.cache)).toEqual([other.id, open.id]);
    expect(everyProject.cache.stats).toEqual(cache.stats);
    expect(everyProject.statsExact).toBe(false);
    // Counts of that project (its view): exact.
    const projectsOwn = applyTaskChange(
      { list: list([[mine, open]]), stats: statsOf([mine, open]), statsProjectId: PROJECT },
      change,
      CONTEXT,
    );
    expect(projectsOwn.cache.stats).toEqual({ total: 1, active: 1, completed: 0, overdue: 0 });
    expect(projectsOwn.cache.statsProjectId).toBe(PROJECT);
    expect(projectsOwn.statsExact).toBe(true);
    // Counts of another project: untouched, and still right.
    const anotherProject = applyTaskChange({ ...cache, statsProjectId: OTHER_PROJECT }, change, CONTEXT);
    expect(anotherProject.cache.stats).toEqual(cache.stats);
    expect(anotherProject.statsExact).toBe(true);
  });
});

describe("complete", () => {
  const EARLIER = new Date(NOW.getTime() - HOUR_MS);

  it("completes every task, loaded or not, keeping an earlier completion time, and counts them all", () => {
    const { a, b, c } = threeTasks();
    const done = { ...b, completed: true, completedAt: EARLIER };
    const cache: TaskCache = {
      list: list([[a, done, c]], "more"),
      stats: { total: 10, active: 6, completed: 4, overdue: 2 },
    };
    const { cache: next, statsExact } = applyTaskChange(
      cache,
      { type: "completeAll", projectId: null, completed: true, at: NOW },
      CONTEXT,
    );
    expect(next.list?.pages[0]?.items.map((one) => [one.id, one.completed, one.completedAt])).toEqual([
      [a.id, true, NOW],
      [b.id, true, EARLIER],
      [c.id, true, NOW],
    ]);
    // The task already complete keeps its object: its row does not re-render.
    expect(next.list?.pages[0]?.items[1]).toBe(done);
    expect(next.stats).toEqual({ total: 10, active: 0, completed: 10, overdue: 0 });
    expect(statsExact).toBe(true);
  });

  it("in a project's scope, completes that project's tasks only, and counts them in its own view", () => {
    const mine = task({ projectId: PROJECT });
    const other = task({ projectId: OTHER_PROJECT });
    const change = { type: "completeAll", projectId: PROJECT, completed: true, at: NOW } as const;
    const everyProject = applyTaskChange(
      { list: list([[mine, other]]), stats: statsOf([mine, other]) },
      change,
      CONTEXT,
    );
    expect(everyProject.cache.list?.pages[0]?.items.map((one) => one.completed)).toEqual([true, false]);
    expect(everyProject.cache.list?.pages[0]?.items[1]).toBe(other);
    expect(everyProject.statsExact).toBe(false);
    const projectsOwn = applyTaskChange(
      { list: list([[mine]]), stats: statsOf([mine]), statsProjectId: PROJECT },
      change,
      CONTEXT,
    );
    expect(projectsOwn.cache.stats).toEqual({ total: 1, active: 0, completed: 1, overdue: 0 });
    expect(projectsOwn.statsExact).toBe(true);
  });

  it("reopens every task; which are overdue again only the server can count", () => {
    const a = task({ completed: true, completedAt: NOW, dueDate: YESTERDAY });
    const cache: TaskCache = { list: list([[a]]), stats: { total: 1, active: 0, completed: 1, overdue: 0 } };
    const { cache: next, statsExact } = applyTaskChange(
      cache,
      { type: "completeAll", projectId: null, completed: false, at: NOW },
      CONTEXT,
    );
    expect(next.list?.pages[0]?.items[0]).toMatchObject({ completed: false, completedAt: null });
    expect(next.stats).toMatchObject({ total: 1, active: 1, completed: 0 });
    expect(statsExact).toBe(false);
  });

  it("changes only the named tasks, and asks for the counts when one is not loaded", () => {
    const { a, b, c, cache } = threeTasks();
    const named = applyTaskChange(
      cache,
      { type: "complete", ids: [a.id, c.id], completed: true, at: NOW },
      CONTEXT,
    );
    expect(named.cache.list?.pages[0]?.items.map((one) => one.completed)).toEqual([true, false, true]);
    expect(named.cache.list?.pages[0]?.items[1]).toBe(b);
    expect(named.cache.stats).toEqual({ total: 3, active: 1, completed: 2, overdue: 0 });
    expect(named.statsExact).toBe(true);
    const elsewhere = applyTaskChange(
      cache,
      { type: "complete", ids: [a.id, task().id], completed: true, at: NOW },
      CONTEXT,
    );
    expect(elsewhere.statsExact).toBe(false);
  });
});

describe("upsertMany", () => {
  it("takes each task as the server has it, ignoring older versions", () => {
    const { a, b, cache } = threeTasks();
    const newer = { ...a, completed: true, completedAt: NOW, version: 2 };
    const older = { ...b, title: "Stale", version: 0 };
    const { cache: next } = applyTaskChange(cache, { type: "upsertMany", tasks: [newer, older] }, CONTEXT);
    expect(next.list?.pages[0]?.items[0]).toEqual(newer);
    expect(next.list?.pages[0]?.items[1]).toBe(b);
    expect(next.stats).toEqual({ total: 3, active: 2, completed: 1, overdue: 0 });
  });
});

describe("showPending", () => {
  it("lays pending changes over the confirmed cache without touching it; dropping one undoes it", () => {
    const { a, cache } = threeTasks();
    const frozen = structuredClone(cache);
    const fresh = task({ createdAt: NOW });
    const pending = [
      { type: "create" as const, task: fresh },
      { type: "patch" as const, id: a.id, fields: { completed: true, completedAt: NOW } },
    ];
    const shown = showPending(cache, pending, CONTEXT);
    expect(ids(shown)[0]).toBe(fresh.id);
    expect(shown.stats).toEqual({ total: 4, active: 3, completed: 1, overdue: 0 });
    expect(cache).toEqual(frozen);
    expect(showPending(cache, pending.slice(1), CONTEXT).stats).toEqual({
      total: 3,
      active: 2,
      completed: 1,
      overdue: 0,
    });
    expect(showPending(cache, [], CONTEXT)).toBe(cache);
    // A live change to the same task lands underneath a pending one, which still shows on top.
    const live = applyTaskChange(
      cache,
      { type: "upsert", task: { ...a, title: "From elsewhere", version: 2 } },
      CONTEXT,
    );
    const over = showPending(live.cache, pending.slice(1), CONTEXT);
    expect(over.list?.pages[0]?.items.find((one) => one.id === a.id)).toMatchObject({
      title: "From elsewhere",
      completed: true,
    });
  });
});

describe("subtasks (ADR 0048)", () => {
  /** A parent holding two subtasks, beside a task without any; five tasks in the counts. */
  function withChecklist() {
    const parent = task({ title: "Pack" });
    const first = task({ title: "Passport", parentId: parent.id, position: "V1" });
    const second = task({ title: "Charger", parentId: parent.id, position: "V2" });
    const loose = task({ title: "Water plants" });
    const held = { ...parent, subtasks: [first, second] };
    const cache: TaskCache = { list: list([[held, loose]]), stats: statsOf([parent, first, second, loose]) };
    return { parent: held, first, second, loose, cache };
  }

  it("moves a task with its checklist between projects' counts by three, whichever change comes first", () => {
    const parent = task({ title: "Pack", projectId: PROJECT });
    const subs = ["Passport", "Charger"].map((title, index) =>
      task({ title, parentId: parent.id, projectId: PROJECT, position: `V${index}` }),
    );
    const held = { ...parent, subtasks: subs };
    const movedParent = { ...parent, projectId: OTHER_PROJECT, version: 2 };
    const movedSubs = subs.map((sub) => ({ ...sub, projectId: OTHER_PROJECT, version: 2 }));
    // All tasks are loaded (the list), and each project's counts are kept.
    const countsAfter = (order: Task[], statsProjectId: string) =>
      order.reduce<TaskCache>(
        (cache, change) => applyTaskChange(cache, { type: "upsert", task: change }, CONTEXT).cache,
        {
          list: list([[held]]),
          stats: statsOf(statsProjectId === PROJECT ? [parent, ...subs] : []),
          statsProjectId,
        },
      ).stats;
    for (const order of [
      [movedParent, ...movedSubs],
      [...movedSubs, movedParent],
    ]) {
      expect(countsAfter(order, PROJECT)).toMatchObject({ total: 0, active: 0 });
      expect(countsAfter(order, OTHER_PROJECT)).toMatchObject({ total: 3, active: 3 });
    }
  });

  function subtaskTitles(cache: TaskCache, parentId: string): string[] {
    const row = cache.list?.pages.flatMap((page) => page.items).find((one) => one.id === parentId);
    return row?.subtasks?.map((subtask) => `${subtask.title}${subtask.completed ? " ✓" : ""}`) ?? [];
  }

  it("puts a new subtask inside its parent, in order, never as a row, and counts it", () => {
    const { parent, cache } = withChecklist();
    const socks = task({ title: "Socks", parentId: parent.id, position: "V3" });
    const applied = applyTaskChange(cache, { type: "create", task: socks }, CONTEXT);
    expect(ids(applied.cache)).toEqual(ids(cache));
    expect(subtaskTitles(applied.cache, parent.id)).toEqual(["Passport", "Charger", "Socks"]);
    expect(applied.cache.stats?.total).toBe(5);
    const between = task({ title: "Adapter", parentId: parent.id, position: "V15" });
    const again = applyTaskChange(applied.cache, { type: "upsert", task: between }, CONTEXT);
    expect(subtaskTitles(again.cache, parent.id)).toEqual(["Passport", "Adapter", "Charger", "Socks"]);
  });

  it("completes, edits and removes a subtask where it is held, with the counts following", () => {
    const { parent, first, second, cache } = withChecklist();
    const done = applyTaskChange(
      cache,
      { type: "complete", ids: [first.id], completed: true, at: NOW },
      CONTEXT,
    );
    expect(subtaskTitles(done.cache, parent.id)).toEqual(["Passport ✓", "Charger"]);
    expect(done.cache.stats).toMatchObject({ total: 4, completed: 1 });
    const renamed = applyTaskChange(
      done.cache,
      { type: "patch", id: second.id, fields: { title: "Cable" } },
      CONTEXT,
    );
    expect(subtaskTitles(renamed.cache, parent.id)).toEqual(["Passport ✓", "Cable"]);
    const removed = applyTaskChange(renamed.cache, { type: "remove", ids: [first.id] }, CONTEXT);
    expect(subtaskTitles(removed.cache, parent.id)).toEqual(["Cable"]);
    expect(removed.cache.stats).toMatchObject({ total: 3, completed: 0 });
    expect(holdsTask(removed.cache, second.id)).toBe(true);
  });

  it("keeps a parent's subtasks when a live event or an answer brings the parent alone", () => {
    const { parent, cache } = withChecklist();
    const { subtasks: _, ...bare } = parent;
    const renamed = { ...bare, title: "Pack the bags", version: parent.version + 1 };
    const applied = applyTaskChange(cache, { type: "upsert", task: renamed }, CONTEXT);
    expect(subtaskTitles(applied.cache, parent.id)).toEqual(["Passport", "Charger"]);
    expect(applied.cache.stats).toEqual(cache.stats);
    expect(applied.statsExact).toBe(true);
  });

  it("takes a parent's subtasks away with it, and back with it, in the counts too", () => {
    const { parent, cache } = withChecklist();
    const removed = applyTaskChange(cache, { type: "remove", ids: [parent.id] }, CONTEXT);
    expect(removed.cache.stats?.total).toBe(1);
    const restored = applyTaskChange(removed.cache, { type: "restore", tasks: [parent] }, CONTEXT);
    expect(subtaskTitles(restored.cache, parent.id)).toEqual(["Passport", "Charger"]);
    expect(restored.cache.stats?.total).toBe(4);
  });

  it("drops a subtask whose parent is not loaded here, and asks for the counts", () => {
    const { cache } = withChecklist();
    const stranger = task({ title: "Elsewhere", parentId: "00000000-0000-4000-8000-00000000ffff" });
    const applied = applyTaskChange(cache, { type: "upsert", task: stranger }, CONTEXT);
    expect(applied.cache.list).toEqual(cache.list);
    expect(applied.statsExact).toBe(false);
  });

  it("clears completed subtasks and completes every subtask with Mark all", () => {
    const { parent, first, cache } = withChecklist();
    const done = applyTaskChange(
      cache,
      { type: "completeAll", projectId: null, completed: true, at: NOW },
      CONTEXT,
    );
    expect(subtaskTitles(done.cache, parent.id)).toEqual(["Passport ✓", "Charger ✓"]);
    const one = applyTaskChange(
      cache,
      { type: "complete", ids: [first.id], completed: true, at: NOW },
      CONTEXT,
    );
    const cleared = applyTaskChange(one.cache, { type: "clearCompleted", projectId: null }, CONTEXT);
    expect(subtaskTitles(cleared.cache, parent.id)).toEqual(["Charger"]);
    expect(cleared.cache.stats).toMatchObject({ total: 3, completed: 0 });
  });

  it("finds a parent by its subtasks' words in a search", () => {
    const { parent, cache } = withChecklist();
    const search: ChangeContext = { query: { ...NEWEST_FIRST, search: "passport" }, now: NOW };
    const { subtasks: _, ...bare } = parent;
    const applied = applyTaskChange(
      { list: list([[]]), stats: cache.stats },
      { type: "upsert", task: { ...bare, subtasks: parent.subtasks } },
      search,
    );
    expect(ids(applied.cache)).toEqual([parent.id]);
  });
});
