/**
 * Structural sharing for `task.list` pages: a refetch returns new objects for every task, Dates
 * included, and TanStack Query's default sharing treats two equal Dates as a change. This keeps
 * the previous object of every task that did not change, matched by id across pages (a new task
 * at the top shifts every page boundary), so a memoized row re-renders only when its task did.
 */

interface TaskLike {
  id: string;
}

interface ListPageLike {
  items: TaskLike[];
  nextCursor: unknown;
}

interface ListDataLike {
  pages: ListPageLike[];
  pageParams: unknown[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Equal values, reading Dates by their time and arrays and plain objects element by element. */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]))
    );
  }
  return false;
}

function isListData(value: unknown): value is ListDataLike {
  return (
    isPlainObject(value) &&
    Array.isArray(value.pages) &&
    Array.isArray(value.pageParams) &&
    value.pages.every((page) => isPlainObject(page) && Array.isArray(page.items))
  );
}

function sameItems(left: TaskLike[], right: TaskLike[]): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

/** For `structuralSharing` of the task.list infinite query; any other shape passes through. */
export function keepUnchangedTasks(previous: unknown, next: unknown): unknown {
  if (!isListData(previous) || !isListData(next)) return next;
  const known = new Map<string, TaskLike>();
  for (const page of previous.pages) for (const task of page.items) known.set(task.id, task);
  const pages = next.pages.map((page, pageIndex) => {
    const items = page.items.map((task) => {
      const before = known.get(task.id);
      return before && deepEqual(before, task) ? before : task;
    });
    const previousPage = previous.pages[pageIndex];
    return previousPage &&
      sameItems(previousPage.items, items) &&
      deepEqual(previousPage.nextCursor, page.nextCursor)
      ? previousPage
      : { ...page, items };
  });
  const unchanged =
    pages.length === previous.pages.length &&
    pages.every((page, index) => page === previous.pages[index]) &&
    deepEqual(previous.pageParams, next.pageParams);
  return unchanged ? previous : { ...next, pages };
}
