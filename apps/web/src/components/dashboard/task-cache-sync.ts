import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { taskQueryOf } from "~/lib/task-filters";
import { api } from "~/trpc/react";
import { applyTaskChange, type ChangeContext, type ListData, type TaskCacheChange } from "./task-cache";
import type { ListInput, TaskStats } from "./types";

/** Counts asked for at most this often while changes arrive (a burst of live events asks once). */
const STATS_REFRESH_DELAY_MS = 250;

/**
 * Writes what the server confirmed (answers to this tab's changes, live events from elsewhere)
 * into the query cache: into every loaded list, each by its own filter and sort, and into the
 * counts. Counts that cannot be adjusted exactly are fetched again, but only once no change of
 * this tab is on its way: counts read in between could already hold a change whose answer has
 * not arrived, which the pending layer would then count twice.
 */
export interface TaskCacheSync {
  apply(change: TaskCacheChange): void;
  /** Marks a change of this tab as sent; the function returned marks it answered. */
  beginWrite(): () => void;
  /** Loads every list and the counts again (the live stream missed changes). */
  reloadAll(): void;
  dispose(): void;
}

type TaskUtils = ReturnType<typeof api.useUtils>;

interface ListQueryKey {
  input?: ListInput;
  type?: string;
}

/** `ownerTimeZone`: the account's zone, where the server reads "today" and "overdue". */
export function createTaskCacheSync(
  queryClient: QueryClient,
  utils: TaskUtils,
  ownerTimeZone: string,
): TaskCacheSync {
  const listKey = getQueryKey(api.task.list);
  const statsKey = getQueryKey(api.task.stats);
  /**
   * New tasks already in the counts. A new task's id arrives twice, as the answer to this tab's
   * create and as a live event, in either order, and may be in no loaded list (a filter hides
   * it): whichever comes first counts it, the other only places it.
   */
  const countedNewTasks = new Set<string>();
  let writesInFlight = 0;
  let statsStale = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function refreshStatsSoon(): void {
    statsStale = true;
    if (timer !== null || writesInFlight > 0) return;
    timer = setTimeout(() => {
      timer = null;
      if (writesInFlight > 0 || !statsStale) return;
      statsStale = false;
      void utils.task.stats.invalidate();
    }, STATS_REFRESH_DELAY_MS);
  }

  /** A version-1 task is one just made (every change adds 1): a create, counted once. */
  function countedOnce(change: TaskCacheChange): TaskCacheChange {
    if (change.type !== "create" && !(change.type === "upsert" && change.task.version === 1)) return change;
    if (countedNewTasks.has(change.task.id)) return { type: "upsert", task: change.task };
    countedNewTasks.add(change.task.id);
    return { type: "create", task: change.task };
  }

  /**
   * The counts (of all tasks, or of `statsProjectId`'s) once `change` lands: read against the
   * first loaded list that holds what the change replaces, else against none (a create or a clear
   * needs no list). Counts that cannot be exact are fetched again soon either way.
   */
  function countsAfter(
    change: TaskCacheChange,
    lists: ReadonlyArray<{ list: ListData; context: ChangeContext }>,
    before: TaskStats | undefined,
    statsProjectId: string | undefined,
    now: Date,
  ): TaskStats | undefined {
    const scope = statsProjectId === undefined ? {} : { statsProjectId };
    for (const { list, context } of lists) {
      const applied = applyTaskChange({ list, stats: before, ...scope }, change, context);
      if (applied.statsExact) return applied.cache.stats;
    }
    const applied = applyTaskChange({ list: undefined, stats: before, ...scope }, change, {
      query: { status: "all", sort: "created", timeZone: ownerTimeZone },
      now,
    });
    return applied.cache.stats;
  }

  function apply(confirmed: TaskCacheChange): void {
    const change = countedOnce(confirmed);
    const now = new Date();
    const lists: Array<{ key: QueryKey; list: ListData; context: ChangeContext }> = [];
    for (const [key, list] of queryClient.getQueriesData<ListData>({ queryKey: listKey })) {
      const { input, type } = (key[1] ?? {}) as ListQueryKey;
      if (type !== "infinite" || !input || !list) continue;
      lists.push({ key, list, context: { query: taskQueryOf(input, ownerTimeZone), now } });
    }
    // The counts first, read against the lists as they were: every task's, and each project's
    // a project's view has loaded (a project's own "Mark all" or "Clear completed" shows exactly).
    for (const [key, before] of queryClient.getQueriesData<TaskStats>({ queryKey: statsKey })) {
      if (!before) continue;
      const { input } = (key[1] ?? {}) as { input?: { projectId?: string } | null };
      const stats = countsAfter(change, lists, before, input?.projectId, now);
      if (stats !== before) queryClient.setQueryData(key, stats);
    }
    for (const { key, list, context } of lists) {
      const applied = applyTaskChange({ list, stats: undefined }, change, context);
      if (applied.cache.list !== list) queryClient.setQueryData(key, applied.cache.list);
    }
    // Exact or not, the counts are read again afterwards: "overdue" depends on the server's clock,
    // and the cost is one small query per burst of changes, never a list.
    refreshStatsSoon();
  }

  function beginWrite(): () => void {
    writesInFlight += 1;
    // Counts on their way now might or might not hold this change: drop them, ask again after.
    if (queryClient.isFetching({ queryKey: statsKey }) > 0) {
      void utils.task.stats.cancel();
      statsStale = true;
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      writesInFlight -= 1;
      if (writesInFlight === 0 && statsStale) {
        statsStale = false;
        refreshStatsSoon();
      }
    };
  }

  function reloadAll(): void {
    countedNewTasks.clear();
    void utils.task.list.invalidate();
    void utils.task.stats.invalidate();
  }

  function dispose(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return { apply, beginWrite, reloadAll, dispose };
}
