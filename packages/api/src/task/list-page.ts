import { builtOncePerDatabase, type Database, reuseBuiltQuery, tasks, taskTags } from "@doable/db";
import { and, sql } from "drizzle-orm";
import {
  cursorColumns,
  type ListOwner,
  type ListTasksQuery,
  listConditions,
  listOrderBy,
  tagJoin,
} from "./list-query";
import { subtasksJson } from "./subtasks";
import { taskColumns } from "./task-columns";

/** What a list query needs of the request: the database, the owner, and the time. */
export interface ListContext {
  db: Database;
  user: ListOwner;
  now: () => Date;
}

type ListInput = ListTasksQuery;

/** One page of rows (limit + 1, to tell whether another follows), built for this request. */
export function builtListRows(ctx: ListContext, input: ListInput) {
  const query = ctx.db
    .select({ task: taskColumns, subtasks: subtasksJson, cursor: cursorColumns(input) })
    .from(tasks)
    .$dynamic();
  const join = tagJoin(ctx.user.id, input);
  return (join ? query.innerJoin(taskTags, join) : query)
    .where(and(...listConditions(ctx.user, input, ctx.now())))
    .orderBy(...listOrderBy(input))
    .limit(input.limit + 1);
}

/**
 * What may shape a first page built once; any other field with a value (a cursor, a search, a
 * priority, a tag, a due filter, or a filter added later) builds the query per request.
 */
const FIRST_PAGE_FIELDS: ReadonlySet<string> = new Set(["status", "sort", "order", "limit", "direction"]);

/**
 * The first page of a list filtered by nothing but its status (the dashboard's, the CLI's `list`):
 * the same query whoever asks, but for the owner and the page size, which are placeholders. An
 * allowlist, so that a new filter can never be silently ignored by a query built without it.
 */
export function isFirstPageWithoutFilters(input: ListInput): boolean {
  for (const [field, value] of Object.entries(input)) {
    if (value !== undefined && value !== null && value !== "" && !FIRST_PAGE_FIELDS.has(field)) return false;
  }
  return true;
}

function buildFirstPageQuery(db: Database, input: ListInput) {
  // Only the status, sort and order shape it; the owner is a placeholder, never a value baked in.
  const owner = { id: sql.placeholder("userId") as unknown as string, timeZone: "UTC" };
  const shape: ListInput = {
    status: input.status,
    sort: input.sort,
    limit: input.limit,
    ...(input.order ? { order: input.order } : {}),
  };
  return reuseBuiltQuery(
    db
      .select({ task: taskColumns, subtasks: subtasksJson, cursor: cursorColumns(shape) })
      .from(tasks)
      .where(and(...listConditions(owner, shape, new Date(0))))
      .orderBy(...listOrderBy(shape))
      .limit(sql.placeholder("limit") as unknown as number),
  );
}

type FirstPageQuery = ReturnType<typeof buildFirstPageQuery>;

/**
 * Built once per database handle and shape (docs/decisions/0041): building the SQL cost more than
 * running it. At most 3 statuses x 4 sorts x 3 orders (none, asc, desc) per handle.
 */
const firstPageQueriesOf = builtOncePerDatabase((): Map<string, FirstPageQuery> => new Map());

function firstPageQuery(db: Database, input: ListInput): FirstPageQuery {
  const queries = firstPageQueriesOf(db);
  const key = `${input.status} ${input.sort} ${input.order ?? ""}`;
  let query = queries.get(key);
  if (query === undefined) {
    query = buildFirstPageQuery(db, input);
    queries.set(key, query);
  }
  return query;
}

/** One page of rows (limit + 1): a first page without filters through its reused query. */
export function listRows(ctx: ListContext, input: ListInput) {
  return isFirstPageWithoutFilters(input)
    ? firstPageQuery(ctx.db, input).execute({ userId: ctx.user.id, limit: input.limit + 1 })
    : builtListRows(ctx, input);
}
