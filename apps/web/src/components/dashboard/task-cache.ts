import { isOverdueAt, type TaskQuery, taskComparator, taskMatchesQuery } from "@doable/domain";
import type { InfiniteData } from "@tanstack/react-query";
import { deepEqual } from "~/lib/keep-unchanged-tasks";
import type { Task, TaskStats } from "./types";

/**
 * The one write path of the dashboard (ADR 0029): every change to what it shows — a change made
 * here (optimistic), the server's answer to it, and a change made elsewhere (a live event) — is a
 * TaskCacheChange applied by `applyTaskChange` to the loaded pages of a list and to the counts.
 * Pending changes are not written into the cache: they are layered over it when shown
 * (`showPending`), so a refusal only has to drop its change, and a live event can land underneath
 * changes still on their way.
 */

export interface ListPage {
  items: Task[];
  nextCursor: string | null;
}
/** The page params are cursors; only TanStack Query reads them. */
export type ListData = InfiniteData<ListPage, unknown>;

/** What the dashboard shows: the loaded pages of one list, and the counts of the tasks it is of. */
export interface TaskCache {
  list: ListData | undefined;
  stats: TaskStats | undefined;
  /** The project the counts are of (a project's view); absent: all the user's tasks. */
  statsProjectId?: string;
}

export type TaskCacheChange =
  /** A task made here: the counts grow by it (unless it is already held: a create is retried). */
  | { type: "create"; task: Task }
  /** Some fields of a task, merged into the one held (an edit here, before the server has it). */
  | { type: "patch"; id: string; fields: Partial<Task> }
  /** A task as the server has it now; an older version than the one held is ignored. */
  | { type: "upsert"; task: Task }
  | { type: "remove"; ids: readonly string[] }
  /** Tasks back from the trash: counted again, as new ones are. */
  | { type: "restore"; tasks: readonly Task[] }
  /** Every completed task of the project (null: of every project) goes, loaded or not. */
  | { type: "clearCompleted"; projectId: string | null }
  /** Every task of the project (null: of every project), loaded or not, completed or reopened at `at`. */
  | { type: "completeAll"; projectId: string | null; completed: boolean; at: Date }
  /** The tasks named, completed or reopened at `at`. */
  | { type: "complete"; ids: readonly string[]; completed: boolean; at: Date }
  /** Tasks as the server has them now, each as `upsert` takes one. */
  | { type: "upsertMany"; tasks: readonly Task[] }
  /** Several tasks' fields at once (a bulk action here), each as `patch` takes one. */
  | { type: "patchMany"; patches: ReadonlyArray<{ id: string; fields: Partial<Task> }> };

export interface ChangeContext {
  /** The list the pages belong to: where a task goes in it, and whether it belongs at all. */
  query: TaskQuery;
  now: Date;
}

export interface AppliedChange {
  cache: TaskCache;
  /**
   * False when the counts could not be adjusted because the task's earlier state was not in the
   * loaded pages (another filter, a later page): the counts have to be fetched.
   */
  statsExact: boolean;
}

/** Where a task is held: a row of a page, or (`sub`) one of that row's subtasks (ADR 0048). */
type Location = { page: number; index: number; sub: number | null };

function locate(list: ListData | undefined, id: string): Location | null {
  if (!list) return null;
  for (let page = 0; page < list.pages.length; page += 1) {
    const items = list.pages[page]?.items ?? [];
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index] as Task;
      if (item.id === id) return { page, index, sub: null };
      const sub = item.subtasks?.findIndex((subtask) => subtask.id === id) ?? -1;
      if (sub >= 0) return { page, index, sub };
    }
  }
  return null;
}

function taskAt(list: ListData | undefined, where: Location | null): Task | null {
  if (!where) return null;
  const row = list?.pages[where.page]?.items[where.index] ?? null;
  return where.sub === null ? row : (row?.subtasks?.[where.sub] ?? null);
}

function withPageItems(list: ListData, page: number, items: Task[]): ListData {
  const pages = list.pages.slice();
  pages[page] = { ...(list.pages[page] as ListPage), items };
  return { ...list, pages };
}

function withoutTask(list: ListData, where: Location): ListData {
  const items = (list.pages[where.page] as ListPage).items.slice();
  items.splice(where.index, 1);
  return withPageItems(list, where.page, items);
}

/** The row at `where` with its subtasks replaced. */
function withSubtasks(list: ListData, where: Location, subtasks: Task[]): ListData {
  const items = (list.pages[where.page] as ListPage).items.slice();
  items[where.index] = { ...(items[where.index] as Task), subtasks };
  return withPageItems(list, where.page, items);
}

/** A parent's subtasks are in their manual order, the id deciding a tie, as the server lists them. */
function subtaskBefore(left: Task, right: Task): boolean {
  if (left.position !== right.position) return left.position < right.position;
  return left.id < right.id;
}

/**
 * The list with the subtask `id` as `task` under its parent (or gone, when `task` is null or in
 * the trash). A subtask shows inside its parent's row whatever the list's filters, and not at all
 * when its parent is not loaded here.
 */
function placeSubtask(list: ListData, task: Task | null, id: string, where: Location | null): ListData {
  let next = list;
  if (where && where.sub !== null) {
    const subtasks = (taskAt(next, { ...where, sub: null })?.subtasks ?? []).slice();
    subtasks.splice(where.sub, 1);
    next = withSubtasks(next, where, subtasks);
  }
  if (!task?.parentId) return next;
  const parent = locate(next, task.parentId);
  if (!parent || parent.sub !== null) return next;
  const subtasks = (taskAt(next, parent)?.subtasks ?? []).filter((subtask) => subtask.id !== id);
  const at = subtasks.findIndex((held) => subtaskBefore(task, held));
  subtasks.splice(at < 0 ? subtasks.length : at, 0, task);
  return withSubtasks(next, parent, subtasks);
}

/**
 * Where `task` goes among the loaded tasks: before the first one it sorts ahead of. After the last
 * loaded task only when no page is left to load; otherwise it belongs to a page not loaded yet.
 */
function insertionPoint(list: ListData, task: Task, query: TaskQuery): Location | null {
  const compare = taskComparator(query);
  for (let page = 0; page < list.pages.length; page += 1) {
    const index = (list.pages[page] as ListPage).items.findIndex((held) => compare(task, held) < 0);
    if (index >= 0) return { page, index, sub: null };
  }
  const last = list.pages.length - 1;
  const lastPage = list.pages[last];
  if (!lastPage || lastPage.nextCursor !== null) return null;
  return { page: last, index: lastPage.items.length, sub: null };
}

/** The list with `task` where the query puts it (or without it, when the query leaves it out). */
function place(
  list: ListData | undefined,
  given: Task | null,
  id: string,
  context: ChangeContext,
): ListData | undefined {
  if (!list) return list;
  const where = locate(list, id);
  const held = taskAt(list, where);
  if (given?.parentId || where?.sub != null) return placeSubtask(list, given, id, where);
  // An answer or a live event carries a task without its subtasks: they stay as held.
  const task =
    given && given.subtasks === undefined && held?.subtasks ? { ...given, subtasks: held.subtasks } : given;
  const belongs = task !== null && taskMatchesQuery(task, context.query, context.now);
  // Same place, new content: replaced in place, so the rows around it keep their objects.
  if (where && held && task && belongs) {
    const items = (list.pages[where.page] as ListPage).items;
    const compare = taskComparator(context.query);
    const before = items[where.index - 1];
    const after = items[where.index + 1];
    const staysPut = (!before || compare(before, task) < 0) && (!after || compare(task, after) < 0);
    if (staysPut) {
      const next = items.slice();
      next[where.index] = task;
      return withPageItems(list, where.page, next);
    }
  }
  const without = where ? withoutTask(list, where) : list;
  if (!task || !belongs) return without;
  const point = insertionPoint(without, task, context.query);
  if (!point) return without;
  const items = (without.pages[point.page] as ListPage).items.slice();
  items.splice(point.index, 0, task);
  return withPageItems(without, point.page, items);
}

const NO_TASKS: TaskStats = { total: 0, active: 0, completed: 0, overdue: 0 };

/**
 * What one task adds to the counts, with the subtasks it carries: they are tasks too (ADR 0048).
 * Counts of one project (`projectId`) take nothing from another project's task; a subtask is in its
 * task's project, so the subtasks a task carries count where it does. `home`: the project the task
 * counts in, when not its own field says (a subtask's change: see `recount`).
 */
function counted(
  task: Task | null,
  now: Date,
  timeZone: string,
  projectId: string | undefined,
  home: string | undefined = task?.projectId,
): TaskStats {
  if (!task || (projectId !== undefined && home !== projectId)) return NO_TASKS;
  const own: TaskStats = {
    total: 1,
    active: task.completed ? 0 : 1,
    completed: task.completed ? 1 : 0,
    overdue: isOverdueAt(task, now, timeZone) ? 1 : 0,
  };
  return (task.subtasks ?? []).reduce((sum, subtask) => {
    const more = counted(subtask, now, timeZone, undefined);
    return {
      total: sum.total + more.total,
      active: sum.active + more.active,
      completed: sum.completed + more.completed,
      overdue: sum.overdue + more.overdue,
    };
  }, own);
}

/**
 * The counts (of `cache.statsProjectId`'s tasks, or all) with `before` replaced by `after` (null:
 * none). A subtask held here counts where it was held: its project only ever changes with its
 * task's move, which that task's own change counts (with the subtasks it carries), whichever of
 * the two changes arrives first.
 */
function recount(
  cache: TaskCache,
  stats: TaskStats | undefined,
  before: Task | null,
  after: Task | null,
  context: ChangeContext,
): TaskStats | undefined {
  if (!stats) return stats;
  // "Overdue" is on the owner's clock: the list's query carries the owner's zone.
  const { now, query } = context;
  const scope = cache.statsProjectId;
  const afterHome = after?.parentId && before ? before.projectId : after?.projectId;
  const removed = counted(before, now, query.timeZone, scope);
  const added = counted(after, now, query.timeZone, scope, afterHome);
  return {
    total: stats.total - removed.total + added.total,
    active: stats.active - removed.active + added.active,
    completed: stats.completed - removed.completed + added.completed,
    overdue: Math.max(0, stats.overdue - removed.overdue + added.overdue),
  };
}

/** The task as it is once `next` lands: the one held when they are equal, so its row stays as it is. */
function settledTask(held: Task | null, next: Task): Task {
  return held && deepEqual(held, next) ? held : next;
}

function applyUpsert(cache: TaskCache, task: Task, context: ChangeContext, isNew: boolean): AppliedChange {
  const held = taskAt(cache.list, locate(cache.list, task.id));
  if (held && held.version > task.version) return { cache, statsExact: true };
  // An answer or a live event carries a task without its subtasks: they stay as held.
  const carried = task.subtasks === undefined && held?.subtasks ? { ...task, subtasks: held.subtasks } : task;
  const next = settledTask(held, carried);
  if (held === next) return { cache, statsExact: true };
  const knownBefore = held !== null || isNew;
  return {
    cache: {
      ...cache,
      list: place(cache.list, next, task.id, context),
      stats: knownBefore ? recount(cache, cache.stats, held, next, context) : cache.stats,
    },
    statsExact: knownBefore,
  };
}

function applyPatch(
  cache: TaskCache,
  id: string,
  fields: Partial<Task>,
  context: ChangeContext,
): AppliedChange {
  const held = taskAt(cache.list, locate(cache.list, id));
  // Not loaded here: nothing to show it on. The counts follow once the server has the change.
  if (!held) return { cache, statsExact: false };
  const next = { ...held, ...fields, id };
  return {
    cache: {
      ...cache,
      list: place(cache.list, next, id, context),
      stats: recount(cache, cache.stats, held, next, context),
    },
    statsExact: true,
  };
}

function applyRemove(cache: TaskCache, ids: readonly string[], context: ChangeContext): AppliedChange {
  let { list, stats } = cache;
  let statsExact = true;
  for (const id of ids) {
    const held = taskAt(list, locate(list, id));
    if (!held) {
      statsExact = false;
      continue;
    }
    list = place(list, null, id, context);
    stats = recount(cache, stats, held, null, context);
  }
  return { cache: { ...cache, list, stats }, statsExact };
}

/** Whether `task` is one of the project's (null: of every project); a subtask is in its parent's. */
function inProjectScope(task: Task, projectId: string | null): boolean {
  return projectId === null || task.projectId === projectId;
}

/**
 * What a change to every task of a project (null: of every project) does to the counts: "all"
 * when they are of exactly those tasks or fewer, "none" when they are of another project's, and
 * "part" when they are of more (all tasks, for one project's change): then only the server knows.
 */
function countsReached(cache: TaskCache, projectId: string | null): "all" | "none" | "part" {
  if (projectId === null || cache.statsProjectId === projectId) return "all";
  return cache.statsProjectId === undefined ? "part" : "none";
}

function applyClearCompleted(
  cache: TaskCache,
  projectId: string | null,
  context: ChangeContext,
): AppliedChange {
  const completed: string[] = [];
  let openSubtasksGo = false;
  for (const page of cache.list?.pages ?? [])
    for (const task of page.items) {
      if (!inProjectScope(task, projectId)) continue;
      if (task.completed) completed.push(task.id);
      for (const subtask of task.subtasks ?? []) {
        if (subtask.completed) completed.push(subtask.id);
        // Open subtasks follow a completed parent to the trash (ADR 0048): only the server counts them.
        else if (task.completed) openSubtasksGo = true;
      }
    }
  let { list } = cache;
  for (const id of completed) list = place(list, null, id, context);
  const reached = countsReached(cache, projectId);
  if (reached !== "all") return { cache: { ...cache, list }, statsExact: reached === "none" };
  // Completed tasks are never overdue: only the totals change.
  const stats = cache.stats && {
    ...cache.stats,
    total: cache.stats.total - cache.stats.completed,
    completed: 0,
  };
  return { cache: { ...cache, list, stats }, statsExact: !openSubtasksGo };
}

function upsertEach(
  cache: TaskCache,
  tasks: readonly Task[],
  context: ChangeContext,
  isNew: boolean,
): AppliedChange {
  return tasks.reduce<AppliedChange>(
    (applied, task) => {
      const next = applyUpsert(applied.cache, task, context, isNew);
      return { cache: next.cache, statsExact: applied.statsExact && next.statsExact };
    },
    { cache, statsExact: true },
  );
}

/** Completion as it shows before the server has it: a time already there is kept, as the server keeps it. */
function completionPatch(held: Task, completed: boolean, at: Date): Partial<Task> {
  return { completed, completedAt: completed ? (held.completedAt ?? at) : null };
}

/**
 * Every task of the project (null: of every project) completed or reopened. The counts follow
 * exactly for "complete" (completed tasks are never overdue); reopened tasks may be overdue
 * again, which only the server can count.
 */
function applyCompleteAll(
  cache: TaskCache,
  change: Extract<TaskCacheChange, { type: "completeAll" }>,
  context: ChangeContext,
): AppliedChange {
  const { completed, at, projectId } = change;
  let { list } = cache;
  for (const page of cache.list?.pages ?? [])
    for (const task of page.items) {
      if (!inProjectScope(task, projectId)) continue;
      for (const one of [task, ...(task.subtasks ?? [])]) {
        const held = taskAt(list, locate(list, one.id));
        if (held && held.completed !== completed)
          list = place(list, { ...held, ...completionPatch(held, completed, at) }, one.id, context);
      }
    }
  const reached = countsReached(cache, projectId);
  if (reached !== "all") return { cache: { ...cache, list }, statsExact: reached === "none" };
  const stats = cache.stats && {
    total: cache.stats.total,
    active: completed ? 0 : cache.stats.total,
    completed: completed ? cache.stats.total : 0,
    overdue: completed ? 0 : cache.stats.overdue,
  };
  return { cache: { ...cache, list, stats }, statsExact: completed };
}

function applyComplete(
  cache: TaskCache,
  change: Extract<TaskCacheChange, { type: "complete" }>,
  context: ChangeContext,
): AppliedChange {
  let applied: AppliedChange = { cache, statsExact: true };
  for (const id of change.ids) {
    const held = taskAt(applied.cache.list, locate(applied.cache.list, id));
    if (held?.completed === change.completed) continue;
    const fields = held ? completionPatch(held, change.completed, change.at) : {};
    const next = applyPatch(applied.cache, id, fields, context);
    applied = { cache: next.cache, statsExact: applied.statsExact && next.statsExact };
  }
  return applied;
}

/** `change` applied to the loaded pages and the counts. Pure: the cache given is not modified. */
export function applyTaskChange(
  cache: TaskCache,
  change: TaskCacheChange,
  context: ChangeContext,
): AppliedChange {
  switch (change.type) {
    case "create":
      return applyUpsert(cache, change.task, context, true);
    case "upsert":
      return applyUpsert(cache, change.task, context, false);
    case "patch":
      return applyPatch(cache, change.id, change.fields, context);
    case "remove":
      return applyRemove(cache, change.ids, context);
    case "restore":
      return upsertEach(cache, change.tasks, context, true);
    case "clearCompleted":
      return applyClearCompleted(cache, change.projectId, context);
    case "completeAll":
      return applyCompleteAll(cache, change, context);
    case "complete":
      return applyComplete(cache, change, context);
    case "upsertMany":
      return upsertEach(cache, change.tasks, context, false);
    case "patchMany":
      return change.patches.reduce<AppliedChange>(
        (applied, { id, fields }) => {
          const next = applyPatch(applied.cache, id, fields, context);
          return { cache: next.cache, statsExact: applied.statsExact && next.statsExact };
        },
        { cache, statsExact: true },
      );
  }
}

/** What to show: the confirmed cache with the changes still on their way laid over it, in order. */
export function showPending(
  confirmed: TaskCache,
  pending: readonly TaskCacheChange[],
  context: ChangeContext,
): TaskCache {
  return pending.reduce((cache, change) => applyTaskChange(cache, change, context).cache, confirmed);
}

/** Whether the loaded pages hold the task `id`. */
export function holdsTask(cache: TaskCache, id: string): boolean {
  return locate(cache.list, id) !== null;
}
