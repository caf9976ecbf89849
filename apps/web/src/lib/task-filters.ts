import type { ListTasksInput } from "@doable/api/validators";
import {
  DEFAULT_TASK_SORT,
  DEFAULT_TASK_STATUS,
  DUE_FILTERS,
  type DueFilter,
  oneOf,
  PRIORITIES,
  type Priority,
  SEARCH_MAX_LENGTH,
  SORT_ORDERS,
  type SortOrder,
  TAG_MAX_LENGTH,
  TASK_SORTS,
  TASK_STATUSES,
  type TaskQuery,
  type TaskSort,
  type TaskStatus,
} from "@doable/domain";

export type { DueFilter, Priority, SortOrder, TaskSort, TaskStatus } from "@doable/domain";

export const PAGE_SIZE = 30;

/** What the dashboard shows, kept in the URL so reload and Back keep it. */
export interface TaskFilters {
  status: TaskStatus;
  search: string;
  priority: Priority | null;
  tag: string | null;
  due: DueFilter | null;
  sort: TaskSort;
  order: SortOrder | null;
  /** The project shown (its id), or null for every project's tasks ("All tasks"). */
  project: string | null;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ParamSource = { get(name: string): string | null };

/**
 * Unknown or malformed values fall back to the defaults instead of failing the page. Checked
 * against the domain's lists, not the API's schemas: this runs in the browser (issue 13).
 */
export function filtersFromParams(params: ParamSource): TaskFilters {
  const tag = params.get("tag")?.trim() ?? "";
  return {
    status: oneOf(TASK_STATUSES, params.get("status")) ?? DEFAULT_TASK_STATUS,
    search: (params.get("q") ?? "").slice(0, SEARCH_MAX_LENGTH),
    priority: oneOf(PRIORITIES, params.get("priority")),
    tag: tag && tag.length <= TAG_MAX_LENGTH ? tag : null,
    due: oneOf(DUE_FILTERS, params.get("due")),
    sort: oneOf(TASK_SORTS, params.get("sort")) ?? DEFAULT_TASK_SORT,
    order: oneOf(SORT_ORDERS, params.get("order")),
    project: UUID_PATTERN.test(params.get("project") ?? "") ? (params.get("project") as string) : null,
  };
}

/** Only what differs from the defaults, so clean URLs stay clean. */
export function filtersToParams(filters: TaskFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.project) params.set("project", filters.project);
  if (filters.status !== DEFAULT_TASK_STATUS) params.set("status", filters.status);
  if (filters.search) params.set("q", filters.search);
  if (filters.priority) params.set("priority", filters.priority);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.due) params.set("due", filters.due);
  if (filters.sort !== DEFAULT_TASK_SORT) params.set("sort", filters.sort);
  if (filters.order) params.set("order", filters.order);
  return params;
}

export function hasNarrowingFilters(filters: TaskFilters): boolean {
  return (
    filters.status !== DEFAULT_TASK_STATUS ||
    filters.search.trim() !== "" ||
    !!filters.priority ||
    !!filters.tag ||
    !!filters.due
  );
}

/** The task.list input for these filters; server prefetch and client query build the same key. */
export function listInput(filters: TaskFilters): Omit<ListTasksInput & object, "cursor"> {
  const search = filters.search.trim();
  return {
    status: filters.status,
    sort: filters.sort,
    limit: PAGE_SIZE,
    ...(search ? { search } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.due ? { due: filters.due } : {}),
    ...(filters.order ? { order: filters.order } : {}),
    ...(filters.project ? { projectId: filters.project } : {}),
  };
}

/** task.stats's input for the project shown; the same key on the server's prefetch and the client. */
export function statsInput(project: string | null): { projectId: string } | undefined {
  return project ? { projectId: project } : undefined;
}

/**
 * A list's input read as the rules of @doable/domain want it: the server's defaults filled in, and
 * the zone the server reads the owner's due dates in (the account's).
 */
export function taskQueryOf(
  input: Omit<ListTasksInput & object, "cursor">,
  ownerTimeZone: string,
): TaskQuery {
  return {
    ...input,
    status: input.status ?? DEFAULT_TASK_STATUS,
    sort: input.sort ?? DEFAULT_TASK_SORT,
    timeZone: ownerTimeZone,
    ...(input.order ? { order: input.order } : {}),
  };
}
