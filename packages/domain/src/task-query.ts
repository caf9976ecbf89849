import { calendarDateInZone } from "./calendar-date";
import { type CalendarDate, type ClockTime, dueDeadline, wallClockInZone } from "./due-date";
import type { DueFilter } from "./due-filter";
import { PRIORITIES, type Priority } from "./priority";
import { DEFAULT_SORT_ORDER, type SortOrder, type TaskSort } from "./task-sort";
import type { TaskStatus } from "./task-status";

/**
 * The same rules as the server's list query (packages/api/src/task/list-query.ts), for a client
 * that places a task it already holds (one it just changed, or one a live event brought) into
 * the list it shows, without asking the server for the list again.
 */

/** What the rules read of a task. */
export interface QueryableTask {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: Priority;
  dueDate: CalendarDate | null;
  dueTime: ClockTime | null;
  tags: readonly string[];
  createdAt: Date;
  /** The project it is in (docs/decisions/0042); a task not saved yet may not know its Inbox's id. */
  projectId?: string;
  /** Its place in the manual order (docs/decisions/0046); a task not saved yet has none, and comes first. */
  position?: string;
  /** A subtask's parent (docs/decisions/0048): a list holds it inside its parent, never as a row. */
  parentId?: string | null;
  /** A top-level task's subtasks, when known: a search finds the task by their words too. */
  subtasks?: ReadonlyArray<Pick<QueryableTask, "title" | "description">>;
}

/** What a list asks for (task.list's input without its paging). */
export interface TaskQuery {
  status: TaskStatus;
  search?: string;
  priority?: Priority;
  tag?: string;
  due?: DueFilter;
  /** One project's tasks only. */
  projectId?: string;
  sort: TaskSort;
  order?: SortOrder;
  /** The owner's time zone: where "today" and "overdue" are read. */
  timeZone: string;
}

type DueFields = Pick<QueryableTask, "completed" | "dueDate" | "dueTime">;

/** Open, and its deadline passed on the owner's clock (in `timeZone`) at `now`. */
export function isOverdueAt(task: DueFields, now: Date, timeZone: string): boolean {
  const deadline = dueDeadline(task.dueDate, task.dueTime);
  return !task.completed && deadline !== null && deadline < wallClockInZone(now, timeZone);
}

function matchesDue(task: QueryableTask, due: DueFilter, timeZone: string, now: Date): boolean {
  if (due === "overdue") return isOverdueAt(task, now, timeZone);
  if (due === "none") return task.dueDate === null;
  if (task.dueDate === null) return false;
  const today = calendarDateInZone(now, timeZone);
  return due === "today" ? task.dueDate === today : task.dueDate > today;
}

/** Case-insensitive substring, as ILIKE reads it. */
function containsText(text: string | null, search: string): boolean {
  return text !== null && text.toLowerCase().includes(search.toLowerCase());
}

function matchesSearch(task: QueryableTask, search: string): boolean {
  const words = (one: Pick<QueryableTask, "title" | "description">) =>
    containsText(one.title, search) || containsText(one.description, search);
  return words(task) || (task.subtasks ?? []).some(words);
}

/** Whether `query`'s list holds `task` at `now` as one of its rows (a subtask never is one). */
export function taskMatchesQuery(task: QueryableTask, query: TaskQuery, now: Date): boolean {
  if (task.parentId) return false;
  if (query.projectId && task.projectId !== query.projectId) return false;
  if (query.status === "active" && task.completed) return false;
  if (query.status === "completed" && !task.completed) return false;
  if (query.priority && task.priority !== query.priority) return false;
  if (query.tag && !task.tags.includes(query.tag)) return false;
  const search = query.search?.trim();
  if (search && !matchesSearch(task, search)) return false;
  if (query.due && !matchesDue(task, query.due, query.timeZone, now)) return false;
  return true;
}

type SortKey = number | string;

/** A missing due date sorts as infinitely far away, in either direction, as on the server. */
const NO_DUE_DATE_KEY = Number.POSITIVE_INFINITY;

/** Each sort's keys, the id last as the tie-breaker: the server's keys in the same order. */
const SORT_KEYS: Readonly<Record<TaskSort, (task: QueryableTask) => SortKey[]>> = {
  created: (task) => [task.createdAt.getTime(), task.id],
  due: (task) => [dueDeadline(task.dueDate, task.dueTime) ?? NO_DUE_DATE_KEY, task.id],
  priority: (task) => [PRIORITIES.indexOf(task.priority), task.createdAt.getTime(), task.id],
  // Code-unit order of the lower-cased title: the database's collation may order punctuation and
  // accents differently, which only changes where a live change lands until the list is reloaded.
  title: (task) => [task.title.toLowerCase(), task.id],
  manual: (task) => [task.position ?? "", task.id],
};

function compareKeys(left: SortKey[], right: SortKey[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] as SortKey;
    const b = right[index] as SortKey;
    if (a < b) return -1;
    if (a > b) return 1;
  }
  return 0;
}

/** The order `query`'s list is in: negative when `left` comes first. */
export function taskComparator(
  query: Pick<TaskQuery, "sort" | "order">,
): (left: QueryableTask, right: QueryableTask) => number {
  const keys = SORT_KEYS[query.sort];
  const direction = (query.order ?? DEFAULT_SORT_ORDER[query.sort]) === "asc" ? 1 : -1;
  return (left, right) => direction * compareKeys(keys(left), keys(right));
}
