import type { QueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { taskQueryOf } from "~/lib/task-filters";
import { api } from "~/trpc/react";
import { applyTaskChange, type ListData, type TaskCacheChange } from "./task-cache";
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

  function apply(confirmed: TaskCacheChange): void {
    const change = countedOnce(confirmed);
    const now = new Date();
    const before = utils.task.stats.getData();
    let stats: TaskStats | undefined;
    let statsExact = false;
    const lists = queryClient.getQueriesData<ListData>({ queryKey: listKey });
    for (const [key, list] of lists) {
      const { input, type } = (key[1] ?? {}) as ListQueryKey;
      if (type !== "infinite" || !input || !list) continue;
      const applied = applyTaskChange({ list, stats: before }, change, {
        query: taskQueryOf(input, ownerTimeZone),
        now,
      });
      if (applied.cache.list !== list) queryClient.setQueryData(key, applied.cache.list);
      if (applied.statsExact && !statsExact) {
        statsExact = true;
        stats = applied.cache.stats;
      }
    }
    if (!statsExact) {
      // No list held the task: counts can still be exact for a create or a clear.
      const applied = applyTaskChange({ list: undefined, stats: before }, change, {
        query: { status: "all", sort: "created", timeZone: ownerTimeZone },
        now,
      });
      statsExact = applied.statsExact;
      stats = applied.cache.stats;
    }
    if (stats !== before) utils.task.stats.setData(undefined, stats);
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
