import { tasks, taskTags } from "@doable/db";
import { DEFAULT_SORT_ORDER, isPosition, type SortOrder, type TaskSort } from "@doable/domain";
import type { TRPCError } from "@trpc/server";
import { and, asc, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { fieldError } from "../field-errors";
import type { listTasksInput } from "../validators/task";

export type ListTasksQuery = z.output<typeof listTasksInput>;

const CURSOR_KEY_MAX_LENGTH = 1000;

/**
 * When a task is due on its owner's clock; a missing due date sorts as infinitely far away, in
 * either direction (matches tasks_user_due_idx; docs/decisions/0034).
 */
const dueKey = sql`coalesce(${tasks.deadline}, 'infinity'::timestamp)`;
const titleKey = sql`lower(${tasks.title})`;
/**
 * Written out, never as a bound parameter: only a literal `not completed` lets the planner prove
 * that the partial `tasks_user_open_*` indexes hold every row the query wants.
 */
const isOpen = sql`not ${tasks.completed}`;
const isDone = sql`${tasks.completed}`;

/**
 * The sort key of each sort, id last as the tie-breaker: the ORDER BY, the keyset comparison and
 * the cursor all come from these tables, so they cannot drift apart. A tag filter reads the same
 * keys from `task_tags`, which carries copies of them: its cursors are interchangeable.
 */
const TASK_KEYS: Record<TaskSort, SQL[]> = {
  created: [sql`${tasks.createdAt}`, sql`${tasks.id}`],
  due: [dueKey, sql`${tasks.id}`],
  priority: [sql`${tasks.priority}`, sql`${tasks.createdAt}`, sql`${tasks.id}`],
  title: [titleKey, sql`${tasks.id}`],
  manual: [sql`${tasks.position}`, sql`${tasks.id}`],
};

const TAG_KEYS: Record<TaskSort, SQL[]> = {
  created: [sql`${taskTags.createdAt}`, sql`${taskTags.taskId}`],
  due: [sql`${taskTags.dueKey}`, sql`${taskTags.taskId}`],
  priority: [sql`${taskTags.priority}`, sql`${taskTags.createdAt}`, sql`${taskTags.taskId}`],
  title: [sql`${taskTags.titleKey}`, sql`${taskTags.taskId}`],
  manual: [sql`${taskTags.position}`, sql`${taskTags.taskId}`],
};

/** A manual-order key read back from a cursor compares byte by byte, as the column does. */
const POSITION_CAST = 'text collate "C"';

const CURSOR_CASTS: Record<TaskSort, string[]> = {
  created: ["timestamptz", "uuid"],
  due: ["timestamp", "uuid"],
  priority: ["task_priority", "timestamptz", "uuid"],
  title: ["text", "uuid"],
  manual: [POSITION_CAST, "uuid"],
};

function sortKeys(query: Pick<ListTasksQuery, "sort" | "tag">): SQL[] {
  return query.tag ? TAG_KEYS[query.sort] : TASK_KEYS[query.sort];
}

/** Selected alongside each row so the next cursor is built from exactly what the database compared. */
export function cursorColumns(query: Pick<ListTasksQuery, "sort" | "tag">): Record<string, SQL> {
  return Object.fromEntries(
    sortKeys(query).map((expression, index) => [`k${index}`, sql<string>`(${expression})::text`]),
  );
}

/**
 * With a tag filter the list is read through that tag's rows in `task_tags` (in sort order), joined
 * to their tasks: null when there is no tag to filter by.
 */
export function tagJoin(userId: string, query: Pick<ListTasksQuery, "tag">): SQL | null {
  if (!query.tag) return null;
  return and(eq(taskTags.taskId, tasks.id), eq(taskTags.userId, userId), eq(taskTags.tag, query.tag)) as SQL;
}

/** The owner's clock at `now`: a `timestamp` comparable with `deadline`. */
function ownerClockAt(now: Date, timeZone: string): SQL {
  return sql`(${now.toISOString()}::timestamptz at time zone ${timeZone})`;
}

/** Open and past due on the owner's clock; written on the due sort's key so tasks_user_open_due_idx holds it. */
function overdueCondition(now: Date, timeZone: string): SQL {
  return sql`${isOpen} and ${dueKey} < ${ownerClockAt(now, timeZone)}`;
}

const cursorPayload = z.object({
  s: z.string(),
  o: z.string(),
  k: z.array(z.string().max(CURSOR_KEY_MAX_LENGTH)).min(2).max(3),
});

export function encodeCursor(sort: TaskSort, order: SortOrder, keys: string[]): string {
  return Buffer.from(JSON.stringify({ s: sort, o: order, k: keys })).toString("base64url");
}

function decodeCursor(cursor: string, sort: TaskSort, order: SortOrder): string[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    payload = null;
  }
  const parsed = cursorPayload.safeParse(payload);
  if (!parsed.success || parsed.data.s !== sort || parsed.data.o !== order) throw invalidCursor();
  const cursorCast = CURSOR_CASTS[sort];
  if (parsed.data.k.length !== cursorCast.length) throw invalidCursor();
  // Each key is cast in SQL: one the cast would reject must fail here as bad input, not as a 500.
  const castable = parsed.data.k.every((key, index) => isValidKey(cursorCast[index] ?? "text", key));
  if (!castable) throw invalidCursor();
  return parsed.data.k;
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `timestamp::text` under DateStyle ISO: "2024-05-01 12:34:56.789" (a year past 9999 for 9999-12-31's deadline). */
const TIMESTAMP_TEXT = /^(\d{4,5})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/;
/** `timestamptz::text` under DateStyle ISO: "2024-05-01 12:34:56.789+00", "+05:30", ... */
const TIMESTAMPTZ_TEXT =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::[0-5]\d){0,2}$/;
const MAX_UTC_OFFSET_HOURS = 15;
const PRIORITY_TEXT = new Set<string>(tasks.priority.enumValues);

/** Accepts no more than PostgreSQL's cast would (a real date, a representable offset, no NUL). */
function isValidKey(cast: string, key: string): boolean {
  switch (cast) {
    case "uuid":
      return UUID_TEXT.test(key);
    case "task_priority":
      return PRIORITY_TEXT.has(key);
    case POSITION_CAST:
      return isPosition(key);
    case "timestamptz":
      return key === "infinity" || isTimestamptzText(key);
    case "timestamp":
      return key === "infinity" || isTimestampText(key);
    default:
      return !key.includes("\u0000");
  }
}

function isTimestamptzText(key: string): boolean {
  const match = TIMESTAMPTZ_TEXT.exec(key);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0] = match
    .slice(1)
    .map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const realDate = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return realDate && hour < 24 && minute < 60 && second < 60 && offsetHours <= MAX_UTC_OFFSET_HOURS;
}

function isTimestampText(key: string): boolean {
  const match = TIMESTAMP_TEXT.exec(key);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDate = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return realDate && hour < 24 && minute < 60 && second < 60;
}

function invalidCursor(): TRPCError {
  return fieldError("cursor", "Invalid cursor: start the list again", "Invalid cursor");
}

function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function resolvedOrder(query: ListTasksQuery): SortOrder {
  return query.order ?? DEFAULT_SORT_ORDER[query.sort];
}

/**
 * Live tasks only: the trash is never listed or searched (ADR 0029). Written out, like `isOpen`,
 * so the partial list indexes (`where deleted_at is null`) hold every row the query wants.
 */
const isLive = sql`${tasks.deletedAt} is null`;

/**
 * Lists hold top-level tasks, each carrying its subtasks (docs/decisions/0048). Written out, like
 * `isLive`: a subtask never appears as a row of its own, and the sort indexes still read in order.
 */
const isTopLevel = sql`${tasks.parentId} is null`;

/**
 * A search matches a task by its own words or by a live subtask's, so a checklist item is found
 * under the task it belongs to. Matches are found through the trigram indexes and mapped to their
 * top-level task; that set is small, the list reads it by primary key.
 */
function searchCondition(owner: ListOwner, search: string): SQL {
  const pattern = `%${escapeLikePattern(search)}%`;
  return sql`${tasks.id} in (select coalesce(m.parent_id, m.id) from "tasks" as m
    where m.user_id = ${owner.id} and m.deleted_at is null
    and (m.title ilike ${pattern} or m.description ilike ${pattern}))`;
}

/** Whose list it is: the owner, and the zone their due dates are read in. */
export interface ListOwner {
  id: string;
  timeZone: string;
}

/** Every condition of a list query, always starting with the owner and leaving out the trash. */
export function listConditions(owner: ListOwner, query: ListTasksQuery, now: Date): SQL[] {
  const conditions: SQL[] = [eq(tasks.userId, owner.id), isLive, isTopLevel];
  if (query.status === "active") conditions.push(isOpen);
  if (query.status === "completed") conditions.push(isDone);
  // Through a tag, on task_tags' copy of the priority: then it bounds that index scan (priority sort).
  if (query.priority) conditions.push(eq(query.tag ? taskTags.priority : tasks.priority, query.priority));
  // The tag is matched by the join on task_tags (tagJoin), not here: repeating it as
  // `tags @> ...` would make the planner expect a tiny result and sort it instead of reading in order.
  if (query.search) conditions.push(searchCondition(owner, query.search));
  if (query.due) conditions.push(dueCondition(query.due, owner.timeZone, now));
  if (query.projectId) conditions.push(eq(tasks.projectId, query.projectId));
  if (query.cursor)
    conditions.push(afterCursor(query, decodeCursor(query.cursor, query.sort, resolvedOrder(query))));
  return conditions;
}

/**
 * "Today" and "upcoming" are days on the owner's calendar. Each also bounds the due sort's key
 * (a deadline falls from the start of its day to the end of it), so the due index reads only that
 * range; the day itself decides, since one day's end is the next one's start.
 */
function dueCondition(due: NonNullable<ListTasksQuery["due"]>, timeZone: string, now: Date): SQL {
  const today = sql`(${ownerClockAt(now, timeZone)})::date`;
  switch (due) {
    case "overdue":
      return overdueCondition(now, timeZone);
    case "today":
      return sql`${dueKey} >= ${today}::timestamp and ${dueKey} <= (${today} + 1)::timestamp and ${tasks.dueDate} = ${today}`;
    case "upcoming":
      return sql`${dueKey} >= (${today} + 1)::timestamp and ${tasks.dueDate} > ${today}`;
    case "none":
      return isNull(tasks.dueDate);
  }
}

function afterCursor(query: ListTasksQuery, keys: string[]): SQL {
  const cursorCast = CURSOR_CASTS[query.sort];
  const values = keys.map((key, index) => sql`${key}::${sql.raw(cursorCast[index] ?? "text")}`);
  const left = sql.join(sortKeys(query), sql`, `);
  const right = sql.join(values, sql`, `);
  return resolvedOrder(query) === "asc" ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

export function listOrderBy(query: ListTasksQuery): SQL[] {
  const direction = resolvedOrder(query) === "asc" ? asc : desc;
  return sortKeys(query).map((expression) => direction(expression));
}
