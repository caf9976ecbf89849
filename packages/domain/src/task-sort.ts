/** `manual`: the order the owner arranged by moving tasks (task.move, docs/decisions/0046). */
export const TASK_SORTS = ["created", "due", "priority", "title", "manual"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const DEFAULT_TASK_SORT: TaskSort = "created";

/**
 * The order each sort uses when none is given: newest first, soonest due, highest priority, A to Z,
 * top to bottom.
 */
export const DEFAULT_SORT_ORDER: Readonly<Record<TaskSort, SortOrder>> = {
  created: "desc",
  due: "asc",
  priority: "desc",
  title: "asc",
  manual: "asc",
};
