import { cookiePolicyForOrigin } from "@doable/auth";
import type { Database } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { and, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";
import { createTestApi, type LoggedStatement, loggingDatabase, type TestApi } from "../testing";
import { createTRPCContext } from "../trpc";
import { TASK_SORTS } from "@doable/domain";
import { listTasksInput, type SortOrder, type TaskSort } from "../validators/task";
import {
  encodeCursor,
  type ListOwner,
  type ListTasksQuery,
  listConditions,
  listOrderBy,
  resolvedOrder,
} from "./list-query";

const SORTS: readonly TaskSort[] = TASK_SORTS;
const ORDERS: SortOrder[] = ["asc", "desc"];
const KEY_COUNT: Record<TaskSort, number> = { created: 2, due: 2, priority: 3, title: 2, manual: 2 };
const USER_ID = "11111111-1111-4111-8111-111111111111";
const TASK_ID = "22222222-2222-4222-8222-222222222222";
const NOW = new Date("2025-06-15T12:00:00.000Z");
/** Enough rows per user that the planner prefers an index, with the other user's rows beside them. */
const SEEDED_PER_USER = 2000;
const dialect = new PgDialect({ casing: "snake_case" });
/** Cursor keys the validation lets through; the database test below proves PostgreSQL casts each one. */
const TIMESTAMP_KEYS_ACCEPTED = [
  "2025-06-15 12:00:00+00",
  "2025-06-15 12:00:00.1+00",
  "2025-06-15 12:00:00.123456+00",
  "2025-06-15 17:30:00.5+05:30",
  "1969-12-31 19:00:00-05",
  "2024-02-29 23:59:59.999+00",
  "0001-01-01 00:00:00+00",
  "9999-12-31 23:59:59.999-15:59:59",
  "2025-06-15 12:00:00+15:59:59",
  "infinity",
];
/**
 * The due sort's keys are readings of the owner's clock (`timestamp`, no zone): these pass, and
 * the database test below proves PostgreSQL casts each one. The last day's deadline is in 10000.
 */
const WALL_CLOCK_KEYS_ACCEPTED = [
  "2025-06-15 12:00:00",
  "2025-06-15 12:00:00.5",
  "2025-06-15 12:00:00.123456",
  "1970-01-01 00:00:00",
  "2024-02-29 23:59:59.999",
  "10000-01-01 00:00:00",
  "infinity",
];

function query(input: Record<string, unknown> = {}): ListTasksQuery {
  return listTasksInput.parse(input);
}

/** The WHERE clause as PostgreSQL would receive it: text and parameters. */
function whereOf(input: Record<string, unknown>): { sql: string; params: unknown[] } {
  return whereFor({ id: USER_ID, timeZone: "UTC" }, input);
}

function whereFor(owner: ListOwner, input: Record<string, unknown>): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(and(...listConditions(owner, query(input), NOW)) as SQL);
}

function cursorWith(sort: TaskSort, order: SortOrder, keys: string[]): string {
  return encodeCursor(sort, order, keys);
}

function expectInvalidCursor(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TRPCError);
  expect((thrown as TRPCError).code).toBe("BAD_REQUEST");
  expect((thrown as TRPCError).message).toBe("Invalid cursor");
}

describe("list query building", () => {
  it("defaults each sort to its natural order: newest, soonest due, highest priority, A to Z, top to bottom", () => {
    expect(SORTS.map((sort) => resolvedOrder(query({ sort })))).toEqual([
      "desc",
      "asc",
      "desc",
      "asc",
      "asc",
    ]);
    expect(resolvedOrder(query({ sort: "title", order: "desc" }))).toBe("desc");
  });

  it("orders by the sort's keys then the id, all in the resolved direction", () => {
    for (const sort of SORTS) {
      for (const order of ORDERS) {
        const orderBy = listOrderBy(query({ sort, order }));
        expect(orderBy).toHaveLength(KEY_COUNT[sort]);
        const text = dialect.sqlToQuery(sql.join(orderBy, sql`, `)).sql;
        expect(text.endsWith(`"tasks"."id" ${order}`)).toBe(true);
        expect(text.match(new RegExp(` ${order}\\b`, "g"))).toHaveLength(KEY_COUNT[sort]);
      }
    }
  });

  it("always scopes to the user first", () => {
    const where = whereOf({ status: "active", search: "x", priority: "high", tag: "t", due: "today" });
    expect(where.sql.startsWith('("tasks"."user_id" = $1')).toBe(true);
    expect(where.params[0]).toBe(USER_ID);
  });

  it("escapes LIKE wildcards and the escape character in searches", () => {
    const where = whereOf({ search: String.raw`50%_off\now` });
    expect(where.params).toContain(String.raw`%50\%\_off\\now%`);
    expect(where.sql).toContain("ilike");
  });

  it("compares the cursor keys with > ascending and < descending, casting each key to its column type", () => {
    const keys: Record<TaskSort, string[]> = {
      created: ["2025-06-15 12:00:00.123+00", TASK_ID],
      due: ["infinity", TASK_ID],
      priority: ["medium", "2025-06-15 12:00:00+00", TASK_ID],
      title: ["buy milk", TASK_ID],
      manual: ["VzUNNu4hXva", TASK_ID],
    };
    const casts: Record<TaskSort, string[]> = {
      created: ["timestamptz", "uuid"],
      due: ["timestamp", "uuid"],
      priority: ["task_priority", "timestamptz", "uuid"],
      title: ["text", "uuid"],
      manual: ['text collate "C"', "uuid"],
    };
    const notCasts: Record<TaskSort, string[]> = {
      created: [],
      due: ["::timestamptz"],
      priority: [],
      title: [],
      manual: [],
    };
    for (const sort of SORTS) {
      for (const order of ORDERS) {
        const where = whereOf({ sort, order, cursor: cursorWith(sort, order, keys[sort]) });
        expect(where.sql).toContain(order === "asc" ? ") > (" : ") < (");
        for (const cast of casts[sort]) expect(where.sql).toContain(`::${cast}`);
        for (const cast of notCasts[sort]) expect(where.sql).not.toContain(cast);
        expect(where.params.slice(1)).toEqual(keys[sort]);
      }
    }
  });

  it("accepts every timestamp spelling PostgreSQL prints for timestamptz::text", () => {
    for (const key of TIMESTAMP_KEYS_ACCEPTED) {
      expect(() =>
        whereOf({ sort: "created", cursor: cursorWith("created", "desc", [key, TASK_ID]) }),
      ).not.toThrow();
    }
  });

  it("accepts every spelling PostgreSQL prints for timestamp::text as a due key", () => {
    for (const key of WALL_CLOCK_KEYS_ACCEPTED) {
      expect(() => whereOf({ sort: "due", cursor: cursorWith("due", "asc", [key, TASK_ID]) })).not.toThrow();
    }
  });

  it("rejects as a due key an instant, 24:00, an impossible day, year 0 and -infinity", () => {
    for (const key of [
      "",
      "2025-06-15",
      "2025-06-15 12:00:00+00",
      "2025-06-15 12:00:00-05:30",
      "2025-06-15T12:00:00",
      "2025-06-15 24:00:00",
      "2023-02-29 00:00:00",
      "0000-01-01 00:00:00",
      "2025-06-15 12:00:00.1234567",
      "-infinity",
      "Infinity",
    ]) {
      expectInvalidCursor(() => whereOf({ sort: "due", cursor: cursorWith("due", "asc", [key, TASK_ID]) }));
    }
  });

  it("reads 'today', 'upcoming' and 'overdue' on the owner's zone, and 'none' on the due date alone", () => {
    for (const due of ["today", "upcoming", "overdue"]) {
      const where = whereFor({ id: USER_ID, timeZone: "Pacific/Auckland" }, { due });
      expect(where.params).toContain("Pacific/Auckland");
      expect(where.params).toContain(NOW.toISOString());
      expect(where.sql).toContain("at time zone");
    }
    const none = whereFor({ id: USER_ID, timeZone: "Pacific/Auckland" }, { due: "none" });
    expect(none.params).not.toContain("Pacific/Auckland");
    expect(none.sql).toContain('"tasks"."due_date" is null');
  });

  it("rejects, as BAD_REQUEST, a cursor whose keys PostgreSQL's casts would refuse", () => {
    const badTimestamps = [
      "",
      "yesterday",
      "2025-06-15",
      "2025-06-15T12:00:00Z",
      "2023-02-29 00:00:00+00",
      "2025-13-01 00:00:00+00",
      "2025-06-31 00:00:00+00",
      "0000-01-01 00:00:00+00",
      "2025-06-15 24:00:00+00",
      "2025-06-15 12:60:00+00",
      "2025-06-15 12:00:60+00",
      "2025-06-15 12:00:00+16",
      "2025-06-15 12:00:00.1234567+00",
      "-infinity",
      "Infinity",
    ];
    for (const key of badTimestamps) {
      expectInvalidCursor(() =>
        whereOf({ sort: "created", cursor: cursorWith("created", "desc", [key, TASK_ID]) }),
      );
    }
    for (const id of ["", "1234", `${TASK_ID}0`, "g2222222-2222-4222-8222-222222222222", `{${TASK_ID}}`]) {
      expectInvalidCursor(() =>
        whereOf({ sort: "title", cursor: cursorWith("title", "asc", ["buy milk", id]) }),
      );
    }
    for (const priority of ["", "urgent", "HIGH"]) {
      expectInvalidCursor(() =>
        whereOf({
          sort: "priority",
          cursor: cursorWith("priority", "desc", [priority, "infinity", TASK_ID]),
        }),
      );
    }
    expectInvalidCursor(() =>
      whereOf({ sort: "title", cursor: cursorWith("title", "asc", ["a\u0000b", TASK_ID]) }),
    );
    // A manual-order key is base-62 digits, not ending in 0.
    for (const position of ["", "V10", "V-1", "V 1", "a\u0000b"]) {
      expectInvalidCursor(() =>
        whereOf({ sort: "manual", cursor: cursorWith("manual", "asc", [position, TASK_ID]) }),
      );
    }
  });

  it("rejects a cursor made for another sort or order, or with the wrong number of keys", () => {
    const cursor = cursorWith("due", "asc", ["infinity", TASK_ID]);
    expect(() => whereOf({ sort: "due", cursor })).not.toThrow();
    expectInvalidCursor(() => whereOf({ sort: "created", order: "asc", cursor }));
    expectInvalidCursor(() => whereOf({ sort: "due", order: "desc", cursor }));
    expectInvalidCursor(() => whereOf({ sort: "due", cursor: cursorWith("due", "asc", ["infinity"]) }));
    expectInvalidCursor(() =>
      whereOf({ sort: "due", cursor: cursorWith("due", "asc", ["infinity", "infinity", TASK_ID]) }),
    );
    expectInvalidCursor(() => whereOf({ sort: "due", cursor: "e30" })); // "{}"
    expectInvalidCursor(() => whereOf({ sort: "due", cursor: "not json at all" }));
  });
});

describe("list queries use the matching index (EXPLAIN)", () => {
  let api: TestApi;
  let token: string;
  const captured: LoggedStatement[] = [];
  let loggingDb: Database;

  beforeAll(async () => {
    api = await createTestApi();
    // The SQL the router really runs.
    loggingDb = loggingDatabase(api.handle, captured);

    const owner = await api.createUser();
    token = owner.token;
    const other = await api.createUser();
    const base = Date.parse("2025-01-01T00:00:00.000Z");
    for (const userId of [owner.user.id, other.user.id]) {
      // A word in a few titles and descriptions (for search), and two tags on a fifth of the tasks.
      // One statement of setup, which the database's statement timeout (for requests) must not cut.
      await api.db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = 0`);
        await tx.execute(sql`
        insert into tasks (user_id, title, description, priority, due_date, due_time, tags, created_at, completed, completed_at)
        select ${userId}::uuid,
               case when n % 250 = 0 then 'Renew passport ' || n else 'Task ' || n end,
               case when n % 200 = 0 then 'Bring the passport and two photos' end,
               (array['low','medium','high'])[1 + n % 3]::task_priority,
               case when n % 4 = 0 then null else ${new Date(base).toISOString().slice(0, 10)}::date + n / 24 end,
               case when n % 4 = 0 or n % 3 = 0 then null else make_time(n % 24, 0, 0) end,
               case when n % 10 = 0 then array['errands'] when n % 10 = 1 then array['errands', 'home']
                    else array[]::text[] end,
               ${new Date(base).toISOString()}::timestamptz + n * interval '1 minute',
               n % 5 = 0, case when n % 5 = 0 then now() end
        from generate_series(1, ${SEEDED_PER_USER}) as n`);
      });
    }
    await api.db.execute(sql`analyze`);
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Runs task.list through the logging database and returns the one tasks query it sent. */
  async function listSql(input: Parameters<ReturnType<typeof createCaller>["task"]["list"]>[0]) {
    const caller = createCaller(
      createTRPCContext({
        clientIp: null,
        db: loggingDb,
        headers: new Headers({ authorization: `Bearer ${token}` }),
        resHeaders: null,
        cookiePolicy: cookiePolicyForOrigin("http://localhost:3000"),
        now: api.clock.now,
      }),
    );
    captured.length = 0;
    const result = await caller.task.list(input);
    const listQueries = captured.filter((entry) => entry.query.includes('from "tasks"'));
    expect(listQueries).toHaveLength(1);
    const [entry] = listQueries;
    if (!entry) throw new Error("no list query captured");
    return { ...entry, result };
  }

  /** The captured statement with its parameters bound again, so EXPLAIN plans exactly it. */
  function rebind({ query: text, params }: { query: string; params: unknown[] }): SQL {
    const parts = text.split(/\$(\d+)/);
    return sql.join(
      parts.map((part, index) => (index % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)),
      sql``,
    );
  }

  async function planOf(statement: SQL): Promise<string> {
    return api.db.transaction(async (tx) => {
      // Forces an index whenever one can serve the query, so the plan shows which one matches.
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(sql`explain ${statement}`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<
        Record<string, string>
      >;
      return rows.map((row) => Object.values(row)[0]).join("\n");
    });
  }

  it("casts every cursor key spelling the validation accepts", async () => {
    for (const key of TIMESTAMP_KEYS_ACCEPTED) {
      await expect(api.db.execute(sql`select ${key}::timestamptz`)).resolves.toBeDefined();
    }
    for (const key of WALL_CLOCK_KEYS_ACCEPTED) {
      await expect(api.db.execute(sql`select ${key}::timestamp`)).resolves.toBeDefined();
    }
    for (const priority of ["low", "medium", "high"]) {
      await expect(api.db.execute(sql`select ${priority}::task_priority`)).resolves.toBeDefined();
    }
  });

  const INDEX: Record<TaskSort, string> = {
    created: "tasks_user_created_idx",
    due: "tasks_user_due_idx",
    priority: "tasks_user_priority_idx",
    title: "tasks_user_title_idx",
    manual: "tasks_user_manual_idx",
  };
  const OPEN_INDEX: Record<TaskSort, string> = {
    created: "tasks_user_open_created_idx",
    due: "tasks_user_open_due_idx",
    priority: "tasks_user_open_priority_idx",
    title: "tasks_user_open_title_idx",
    manual: "tasks_user_open_manual_idx",
  };
  const TAG_INDEX: Record<TaskSort, string> = {
    created: "task_tags_user_created_idx",
    due: "task_tags_user_due_idx",
    priority: "task_tags_user_priority_idx",
    title: "task_tags_user_title_idx",
    manual: "task_tags_user_manual_idx",
  };
  const TRIGRAM_INDEXES = ["tasks_title_trgm_idx", "tasks_description_trgm_idx"];

  /** The index provides the order: no Sort (or Incremental Sort) node anywhere in the plan. */
  function expectNoSort(plan: string): void {
    expect(plan).not.toMatch(/\bSort\s+\(cost/);
  }

  for (const sort of SORTS) {
    for (const order of ORDERS) {
      it(`sort ${sort} ${order} reads ${INDEX[sort]} in order, and ${OPEN_INDEX[sort]} for active tasks after a cursor`, async () => {
        const first = await listSql({ sort, order, limit: 10 });
        const cursor = first.result.nextCursor;
        expect(cursor).not.toBeNull();
        const next = await listSql({ sort, order, limit: 10, cursor, status: "active" });
        const firstPlan = await planOf(rebind(first));
        const nextPlan = await planOf(rebind(next));
        expect(firstPlan).toContain(`using ${INDEX[sort]} on tasks`);
        // Only open tasks are in the partial index: a long completed history is never read for "Active".
        expect(nextPlan).toContain(`using ${OPEN_INDEX[sort]} on tasks`);
        for (const plan of [firstPlan, nextPlan]) expectNoSort(plan);
        expect(firstPlan).toMatch(/Index Cond: \(user_id = /);
        // The cursor's row comparison bounds the index scan itself instead of filtering rows read after it.
        expect(nextPlan).toMatch(/Index Cond: \(\(user_id = [^)]*\) AND \(ROW\(/);
      });

      it(`sort ${sort} ${order} with a tag reads ${TAG_INDEX[sort]} in order, then each task by id`, async () => {
        const first = await listSql({ sort, order, limit: 10, tag: "errands" });
        const cursor = first.result.nextCursor;
        expect(cursor).not.toBeNull();
        expect(first.result.items.every((task) => task.tags.includes("errands"))).toBe(true);
        const next = await listSql({ sort, order, limit: 10, tag: "errands", cursor });
        for (const plan of [await planOf(rebind(first)), await planOf(rebind(next))]) {
          expect(plan).toContain(`using ${TAG_INDEX[sort]} on task_tags`);
          expect(plan).toContain("using tasks_pkey on tasks");
          expectNoSort(plan);
        }
        expect(await planOf(rebind(next))).toMatch(
          /Index Cond: \(\(user_id = [^)]*\) AND \(tag = [^)]*\) AND \(ROW\(/,
        );
      });
    }
  }

  it("reads 'today', 'upcoming' and 'overdue' from a range of the due index, on the owner's clock", async () => {
    // 12:00 on 1 February 2025 in UTC, the owner's zone: some of the seeded tasks are due that day.
    api.clock.set(new Date("2025-02-01T12:00:00.000Z"));
    for (const due of ["today", "upcoming", "overdue"] as const) {
      const listed = await listSql({ sort: "due", due, status: "active", limit: 10 });
      expect({ due, found: listed.result.items.length }).toEqual({ due, found: 10 });
      const plan = await planOf(rebind(listed));
      // The deadline bounds the index scan itself (a few rows: the planner may sort them after).
      expect(plan).toMatch(
        /Index Scan using tasks_user_open_due_idx on tasks|Bitmap Index Scan on tasks_user_open_due_idx/,
      );
      expect(plan).toMatch(/Index Cond: \(\(user_id = [^)]*\) AND \(COALESCE\(deadline/);
    }
    api.clock.set(new Date());
  });

  it("searches title and description through their trigram indexes", async () => {
    const search = await listSql({ search: "PASSPORT", limit: 100 });
    const plan = await planOf(rebind(search));
    for (const index of TRIGRAM_INDEXES) expect(plan).toContain(`on ${index}`);
    // Every n divisible by 250 (title) or 200 (description), case-insensitively.
    const expected = Array.from({ length: SEEDED_PER_USER }, (_, index) => index + 1).filter(
      (n) => n % 250 === 0 || n % 200 === 0,
    );
    const found = search.result.items
      .map((task) => Number(/\d+$/.exec(task.title)?.[0]))
      .sort((a, b) => a - b);
    expect(found).toEqual(expected);
  });

  it("searches for fewer than three characters without the trigram indexes (no trigram to look up), still correctly", async () => {
    const search = await listSql({ search: "99", limit: 100, sort: "title", order: "asc" });
    const plan = await planOf(rebind(search));
    for (const index of TRIGRAM_INDEXES) expect(plan).not.toContain(index);
    const numbers = Array.from({ length: SEEDED_PER_USER }, (_, index) => index + 1).filter((n) =>
      String(n).includes("99"),
    );
    expect(numbers.length).toBeLessThan(100);
    const found = search.result.items.map((task) => Number(/\d+$/.exec(task.title)?.[0]));
    expect([...found].sort((a, b) => a - b)).toEqual(numbers);
    // Case-insensitive, and in descriptions too.
    const short = await listSql({ search: "pH", limit: 100 });
    expect(short.result.items.map((task) => task.description)).toEqual(
      Array.from({ length: SEEDED_PER_USER / 200 }, () => "Bring the passport and two photos"),
    );
  });

  it("counts overdue tasks for task.stats from the open-task due index, past the kept count", async () => {
    const caller = createCaller(
      createTRPCContext({
        clientIp: null,
        db: loggingDb,
        headers: new Headers({ authorization: `Bearer ${token}` }),
        resHeaders: null,
        cookiePolicy: cookiePolicyForOrigin("http://localhost:3000"),
        now: api.clock.now,
      }),
    );
    captured.length = 0;
    await caller.task.stats();
    const statsQuery = captured.find((entry) => entry.query.includes("task_overdue_between"));
    if (!statsQuery) throw new Error("no stats query captured");
    const plan = await planOf(rebind(statsQuery));
    expect(plan).not.toMatch(/Seq Scan on tasks/);
    // The function is inlined, so its count shows in the plan: a range of the open-task due index.
    expect(plan).toContain("tasks_user_open_due_idx");
  });
});
