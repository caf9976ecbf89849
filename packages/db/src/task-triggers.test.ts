/**
 * task_counts and task_tags are kept by triggers on tasks (migrations 0002, 0004, 0006). These tests change
 * tasks every way the app does (trashing and restoring too), and a few ways it does not (bulk statements, several users at
 * once, duplicate tags, owners in different zones and moving between them, another connection at
 * the same time), and check both tables against what they would be if computed from tasks from scratch.
 * Overdue is on each owner's wall clock (docs/decisions/0034).
 */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "@doable/domain";
import { serverEnv } from "@doable/env";
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteHandle, createPostgresHandle, type Database, type DatabaseHandle } from "./client";
import { migratePgliteHandle, migratePostgresUrl } from "./migrate";
import { taskCounts, tasks, users } from "./schema";
import { createTestDatabase } from "./testing";

const MIGRATIONS = new URL("../migrations/", import.meta.url);
/** Migrations before the one that adds the triggers (0000_init, 0001_security). */
const MIGRATIONS_BEFORE_TRIGGERS = 2;
/** Migrations before 0006_due_dates, which turns `due_at` into `due_date`. */
const MIGRATIONS_BEFORE_DUE_DATES = 6;
/** 0000..0008: the schema before projects (0009, ADR 0042). */
const MIGRATIONS_BEFORE_PROJECTS = 9;
/** 0000..0010: the schema before the manual order (0011, ADR 0046). */
const MIGRATIONS_BEFORE_MANUAL_ORDER = 11;
/** Operations in the pseudo-random sequence; enough to hit every branch many times over. */
const RANDOM_STEPS = 120;
const CONCURRENT_WRITERS = 4;
const WRITES_PER_WRITER = 15;

type Row = Record<string, unknown>;

async function rows(db: Database, query: SQL): Promise<Row[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

async function newUser(db: Database, timeZone = "UTC"): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `${randomBytes(6).toString("hex")}@example.com`, passwordHash: "unused", timeZone })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned no row");
  return user.id;
}

/** The task_tags rows tasks imply, and the ones there are, in one canonical text form. */
async function tagRows(db: Database): Promise<{ kept: string[]; implied: string[] }> {
  const kept = await rows(
    db,
    sql`select concat_ws('|', task_id, user_id, tag, created_at, due_key, priority, title_key, position) as row
        from task_tags order by 1`,
  );
  const implied = await rows(
    db,
    sql`select distinct concat_ws('|', t.id, t.user_id, u.tag, t.created_at,
                                  coalesce(t.deadline, 'infinity'::timestamp), t.priority, lower(t.title),
                                  t.position) as row
        from tasks as t cross join lateral unnest(t.tags) as u(tag) where t.deleted_at is null order by 1`,
  );
  return { kept: kept.map((row) => String(row.row)), implied: implied.map((row) => String(row.row)) };
}

/**
 * Every user's kept counts against counts of tasks, and the kept overdue count carried to each
 * moment on its owner's clock (as task.stats does) against counting overdue tasks at that moment.
 */
async function expectInStep(db: Database, moments: Date[]): Promise<void> {
  const counted = await rows(
    db,
    sql`select u.id as user_id,
               coalesce(c.total, 0)::int as kept_total, coalesce(c.completed, 0)::int as kept_completed,
               coalesce(c.trashed, 0)::int as kept_trashed,
               (select count(*) from tasks t where t.user_id = u.id and t.deleted_at is null)::int as total,
               (select count(*) from tasks t
                where t.user_id = u.id and t.completed and t.deleted_at is null)::int as completed,
               (select count(*) from tasks t where t.user_id = u.id and t.deleted_at is not null)::int as trashed
        from users u left join task_counts c on c.user_id = u.id`,
  );
  for (const row of counted) {
    expect({ total: row.kept_total, completed: row.kept_completed, trashed: row.kept_trashed }).toEqual({
      total: row.total,
      completed: row.completed,
      trashed: row.trashed,
    });
  }
  for (const moment of moments) {
    const at = moment.toISOString();
    const overdue = await rows(
      db,
      sql`select c.user_id,
                 (c.overdue + (select w.change from task_overdue_between(
                   c.user_id, c.overdue_as_of, (${at}::timestamptz at time zone u.time_zone)) w))::int as kept,
                 (select count(*) from tasks t
                  where t.user_id = c.user_id and not t.completed and t.deleted_at is null
                    and t.deadline < (${at}::timestamptz at time zone u.time_zone))::int as counted
          from task_counts c join users u on u.id = c.user_id`,
    );
    for (const row of overdue) expect({ at, overdue: row.kept }).toEqual({ at, overdue: row.counted });
  }
  const tags = await tagRows(db);
  expect(tags.kept).toEqual(tags.implied);
}

/**
 * As if every user's last change were `days` ago: moves the counts' "as of" back, taking off the
 * tasks that fell due in between (so a count that was wrong stays exactly as wrong). The next
 * change must then add those tasks back.
 */
async function rewindCounts(db: Database, days: number): Promise<void> {
  await db.execute(sql`
    update task_counts c
    set overdue_as_of = c.overdue_as_of - ${days} * interval '1 day',
        overdue = c.overdue - (select count(*) from tasks t
                               where t.user_id = c.user_id and not t.completed and t.deleted_at is null
                                 and t.deadline >= c.overdue_as_of - ${days} * interval '1 day'
                                 and t.deadline < c.overdue_as_of)`);
}

/** Deterministic pseudo-random integers below `limit` (mulberry32), so a failure repeats. */
function randomSource(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) % limit;
  };
}

const TAGS = ["home", "work", "errands", "health"];
/** Owners' zones: a day ahead of UTC, UTC, and behind it. */
const ZONES = ["Pacific/Auckland", "UTC", "America/Los_Angeles"];

/** The calendar day (UTC) `days` after `from`. */
function dayAfter(from: number, days: number): string {
  return new Date(from + days * DAY_MS).toISOString().slice(0, 10);
}

describe("task_counts and task_tags follow tasks", () => {
  let handle: DatabaseHandle;
  let db: Database;
  const now = Date.now();
  /** Moments around now, on both sides of every stored "as of" and every due date used below. */
  const moments = [-30, -2, -0.5, 0, 0.5, 2, 30].map((days) => new Date(now + days * DAY_MS));

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("counts and tags each insert, update and delete the app makes", async () => {
    const userId = await newUser(db);
    const [task] = await db
      .insert(tasks)
      .values({ userId, title: "Renew passport", dueDate: dayAfter(now, -1), tags: ["admin", "home"] })
      .returning();
    if (!task) throw new Error("no task");
    await expectInStep(db, moments);
    expect(await db.select().from(taskCounts).where(eq(taskCounts.userId, userId))).toMatchObject([
      { total: 1, completed: 0, overdue: 1 },
    ]);

    await db
      .update(tasks)
      .set({ title: "Renew the passport", tags: ["admin"] })
      .where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    await rewindCounts(db, 3);
    await expectInStep(db, moments);
    await db
      .update(tasks)
      .set({ completed: true, completedAt: new Date(now) })
      .where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    await db
      .update(tasks)
      .set({ dueDate: dayAfter(now, 1), dueTime: "09:30", priority: "high" })
      .where(eq(tasks.id, task.id));
    await db.update(tasks).set({ completed: false, completedAt: null }).where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    // A retried create with the same id inserts nothing, and must count nothing.
    await db.insert(tasks).values({ id: task.id, userId, title: "Again" }).onConflictDoNothing();
    await expectInStep(db, moments);
    // Into the trash: out of every count and tag list, counted as trashed; restored: back again.
    await db
      .update(tasks)
      .set({ deletedAt: new Date(now) })
      .where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    expect(await db.select().from(taskCounts).where(eq(taskCounts.userId, userId))).toMatchObject([
      { total: 0, completed: 0, overdue: 0, trashed: 1 },
    ]);
    expect((await tagRows(db)).kept.filter((row) => row.startsWith(task.id))).toEqual([]);
    await db.update(tasks).set({ title: "Edited in the trash" }).where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    await db
      .update(tasks)
      .set({ deletedAt: null, dueDate: dayAfter(now, -1), dueTime: null })
      .where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    expect(await db.select().from(taskCounts).where(eq(taskCounts.userId, userId))).toMatchObject([
      { total: 1, completed: 0, overdue: 1, trashed: 0 },
    ]);
    expect((await tagRows(db)).kept.filter((row) => row.startsWith(task.id))).toHaveLength(1);
    await db
      .update(tasks)
      .set({ deletedAt: new Date(now) })
      .where(eq(tasks.id, task.id));
    await db.delete(tasks).where(eq(tasks.id, task.id));
    await expectInStep(db, moments);
    // A task inserted straight into the trash (a script could) counts as trashed only.
    await db
      .insert(tasks)
      .values({ userId, title: "Born trashed", tags: ["home"], deletedAt: new Date(now) });
    await expectInStep(db, moments);
    await db.delete(tasks).where(eq(tasks.userId, userId));
    await expectInStep(db, moments);
    expect(await db.select().from(taskCounts).where(eq(taskCounts.userId, userId))).toMatchObject([
      { total: 0, completed: 0, overdue: 0, trashed: 0 },
    ]);
  });

  it("stays in step through a long pseudo-random run of single and bulk changes for several users", async () => {
    const random = randomSource(20_251_001);
    const owners = [
      await newUser(db, "Pacific/Auckland"),
      await newUser(db),
      await newUser(db, "America/Los_Angeles"),
    ];
    const pick = <T>(values: T[]): T => values[random(values.length)] as T;
    // No due date, an all-day one, or one at a time (on the hour or not), within a month of now.
    const due = (): { dueDate: string | null; dueTime: string | null } => {
      const kind = random(3);
      if (kind === 0) return { dueDate: null, dueTime: null };
      const dueDate = dayAfter(now, random(60) - 30);
      const hour = String(random(24)).padStart(2, "0");
      return { dueDate, dueTime: kind === 1 ? null : `${hour}:${pick(["00", "30", "59"])}` };
    };
    const someTags = (): string[] => TAGS.filter(() => random(3) === 0);
    for (let step = 0; step < RANDOM_STEPS; step++) {
      const ids = (await db.select({ id: tasks.id }).from(tasks).where(inArray(tasks.userId, owners))).map(
        (row) => row.id,
      );
      const completed = random(2) === 0;
      const change = ids.length === 0 ? 0 : random(8);
      if (random(2) === 0) await rewindCounts(db, random(40));
      // An owner moving zones (as account.update's first step does): the counts' "as of" is then a
      // reading of the old clock, which they must carry to the new one.
      if (random(8) === 0)
        await db
          .update(users)
          .set({ timeZone: pick(ZONES) })
          .where(eq(users.id, pick(owners)));
      if (change === 0 || change === 1) {
        // Several rows, sometimes for several users, in one statement.
        const count = 1 + random(change === 0 ? 1 : 5);
        await db.insert(tasks).values(
          Array.from({ length: count }, (_, index) => ({
            userId: pick(owners),
            title: `Task ${step}.${index}`,
            ...due(),
            tags: someTags(),
            priority: pick(["low", "medium", "high"] as const),
            completed,
            completedAt: completed ? new Date(now) : null,
          })),
        );
      } else if (change === 2) {
        await db
          .update(tasks)
          .set({ completed, completedAt: completed ? new Date(now) : null })
          .where(eq(tasks.id, pick(ids)));
      } else if (change === 3) {
        // An edit, or a move in the manual order (task.move writes the key alone).
        await db
          .update(tasks)
          .set(
            random(2) === 0
              ? { ...due(), tags: someTags(), title: `Edited ${step}` }
              : { position: `V${step}x` },
          )
          .where(eq(tasks.id, pick(ids)));
      } else if (change === 4) {
        // Like "Clear completed", or a bulk edit: many rows of one user at once.
        const owner = pick(owners);
        if (random(2) === 0)
          await db.delete(tasks).where(sql`${tasks.userId} = ${owner} and ${tasks.completed}`);
        else await db.update(tasks).set(due()).where(eq(tasks.userId, owner));
      } else if (change === 5) {
        await db.delete(tasks).where(eq(tasks.id, pick(ids)));
      } else if (change === 6) {
        // Trash or restore one task, or (like "Clear completed") trash one user's completed tasks.
        if (random(2) === 0)
          await db
            .update(tasks)
            .set({ deletedAt: random(2) === 0 ? null : new Date(now) })
            .where(eq(tasks.id, pick(ids)));
        else
          await db
            .update(tasks)
            .set({ deletedAt: new Date(now) })
            .where(
              sql`${tasks.userId} = ${pick(owners)} and ${tasks.completed} and ${tasks.deletedAt} is null`,
            );
      } else {
        // Restore everything a user has in the trash, or empty it.
        const owner = pick(owners);
        if (random(2) === 0)
          await db
            .update(tasks)
            .set({ deletedAt: null })
            .where(sql`${tasks.userId} = ${owner} and ${tasks.deletedAt} is not null`);
        else await db.delete(tasks).where(sql`${tasks.userId} = ${owner} and ${tasks.deletedAt} is not null`);
      }
      if (step % 10 === 9) await expectInStep(db, moments);
    }
    await expectInStep(db, moments);
  });

  it("keeps one tag row per tag even when the array repeats one, and drops the rows with the task", async () => {
    const userId = await newUser(db);
    await db.insert(tasks).values({ userId, title: "Twice", tags: ["home", "home", "work"] });
    await expectInStep(db, moments);
    expect((await tagRows(db)).kept.filter((row) => row.includes("|twice"))).toHaveLength(2);
  });

  it("forgets a deleted account's counts and tags without failing", async () => {
    const userId = await newUser(db);
    await db.insert(tasks).values([
      { userId, title: "One", tags: ["home"] },
      { userId, title: "Two", completed: true, completedAt: new Date(now), tags: ["work"] },
    ]);
    await db.delete(users).where(eq(users.id, userId));
    expect(await db.select().from(taskCounts).where(eq(taskCounts.userId, userId))).toEqual([]);
    await expectInStep(db, moments);
  });
});

/** A copy of the migrations folder holding only the first `count` migrations. */
async function earlierMigrations(count: number): Promise<{ folder: string; cleanup(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), "doable-migrations-"));
  const journal = JSON.parse(await readFile(new URL("meta/_journal.json", MIGRATIONS), "utf8")) as {
    entries: Array<{ tag: string }>;
  };
  const entries = journal.entries.slice(0, count);
  await mkdir(join(folder, "meta"));
  await writeFile(join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const entry of entries)
    await copyFile(new URL(`${entry.tag}.sql`, MIGRATIONS), join(folder, `${entry.tag}.sql`));
  return { folder, cleanup: () => rm(folder, { recursive: true, force: true }) };
}

describe("migration 0002 on a database that already has tasks", () => {
  it("fills task_counts and task_tags from the tasks already there", async () => {
    const earlier = await earlierMigrations(MIGRATIONS_BEFORE_TRIGGERS);
    const handle = createPgliteHandle(null);
    try {
      await migratePglite(handle.db as never, { migrationsFolder: earlier.folder });
      // Plain SQL: the schema in code has columns that later migrations add (users too, since 0005).
      const inserted = await handle.db.execute(sql`
        insert into "users" ("email", "password_hash")
        values (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused') returning "id"`);
      const userId = String((inserted as unknown as { rows: Array<{ id: string }> }).rows[0]?.id);
      const now = Date.now();
      const at = (offsetMs: number): string => new Date(now + offsetMs).toISOString();
      await handle.db.execute(sql`
        insert into "tasks" ("user_id", "title", "due_at", "tags", "completed", "completed_at") values
          (${userId}, 'Overdue', ${at(-DAY_MS)}, '{home,home}', false, null),
          (${userId}, 'Later', ${at(DAY_MS)}, '{work}', false, null),
          (${userId}, 'Done', ${at(-DAY_MS)}, '{}', true, ${at(0)})`);
      await migratePgliteHandle(handle);
      expect(await handle.db.select().from(taskCounts)).toMatchObject([
        { userId, total: 3, completed: 1, overdue: 1 },
      ]);
      await expectInStep(handle.db, [new Date(now), new Date(now + 2 * DAY_MS)]);
    } finally {
      await handle.close();
      await earlier.cleanup();
    }
  });
});

/**
 * A database migrated up to the first `count` migrations, PGlite or (in the PostgreSQL pass) a new
 * database on the TEST_DATABASE_URL server; `migrateRest` applies the others as the app does.
 */
async function databaseMigratedTo(
  count: number,
): Promise<{ db: Database; migrateRest(): Promise<void>; close(): Promise<void> }> {
  const earlier = await earlierMigrations(count);
  const serverUrl = serverEnv().testDatabaseUrl;
  if (serverUrl === null) {
    const handle = createPgliteHandle(null);
    await migratePglite(handle.db as never, { migrationsFolder: earlier.folder });
    return {
      db: handle.db,
      migrateRest: () => migratePgliteHandle(handle),
      close: async () => {
        await handle.close();
        await earlier.cleanup();
      },
    };
  }
  const name = `doable_test_migration_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const migrator = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migratePostgres(drizzlePostgres({ client: migrator }), { migrationsFolder: earlier.folder });
  await migrator.end();
  const handle = createPostgresHandle(url.toString(), 2);
  return {
    db: handle.db,
    migrateRest: () => migratePostgresUrl(url.toString(), serverEnv().databaseStatementTimeoutMs),
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
      await earlier.cleanup();
    },
  };
}

describe("migration 0006 (due dates) on a database that already has tasks", () => {
  /**
   * Every earlier client stored a due day as the last millisecond of that day where the person
   * was. Each case: that offset, the day picked there, and the day the backfill must give.
   */
  const CASES = [
    { title: "Hawaii", offset: "-10:00", picked: "2026-03-14", expected: "2026-03-14" },
    { title: "Pacific", offset: "-08:00", picked: "2026-03-14", expected: "2026-03-14" },
    { title: "UTC", offset: "+00:00", picked: "2026-03-14", expected: "2026-03-14" },
    { title: "India", offset: "+05:30", picked: "2026-03-14", expected: "2026-03-14" },
    { title: "Tonga", offset: "+13:00", picked: "2026-03-14", expected: "2026-03-14" },
    // The one offset the migration documents as landing a day early (Kiribati's Line Islands).
    { title: "Kiritimati", offset: "+14:00", picked: "2026-03-14", expected: "2026-03-13" },
    // New Year's Eve in Hawaii is already 1 January in UTC; far in the future, not overdue.
    { title: "Hawaii, future", offset: "-10:00", picked: "2099-12-31", expected: "2099-12-31" },
    { title: "Tonga, future", offset: "+13:00", picked: "2100-01-01", expected: "2100-01-01" },
  ];

  it("gives each task the day its person picked, as a backfill: no versions, events or count moves", async () => {
    const database = await databaseMigratedTo(MIGRATIONS_BEFORE_DUE_DATES);
    const { db } = database;
    try {
      // Plain SQL: the schema in code is the one after 0006.
      const insertedUsers = await rows(
        db,
        sql`insert into "users" ("email", "password_hash")
            values (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused'),
                   (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused')
            returning "id"`,
      );
      const [owner, other] = insertedUsers.map((row) => String(row.id)) as [string, string];
      for (const [index, c] of CASES.entries()) {
        await db.execute(sql`
          insert into "tasks" ("user_id", "title", "due_at", "tags")
          values (${owner}, ${c.title}, ${`${c.picked}T23:59:59.999${c.offset}`}::timestamptz,
                  ${index % 2 === 0 ? "{home}" : "{}"}::text[])`);
      }
      await db.execute(sql`
        insert into "tasks" ("user_id", "title", "due_at", "tags", "completed", "completed_at", "deleted_at") values
          (${owner}, 'No due date', null, '{home}', false, null, null),
          (${owner}, 'Done', '2026-03-14T23:59:59.999-08:00', '{home}', true, now(), null),
          (${owner}, 'Trashed', '2026-03-14T23:59:59.999+05:30', '{home}', false, null, now()),
          (${other}, 'Someone else''s', '2026-03-14T23:59:59.999+13:00', '{work}', false, null, null)`);
      // An edit before the migration: versions above 1 must stay as they are too.
      await db.execute(sql`update "tasks" set "title" = 'UTC, edited' where "title" = 'UTC'`);
      const before = await rows(
        db,
        sql`select id, version, updated_at::text as updated from tasks order by id`,
      );
      const eventsBefore = await rows(db, sql`select id, task_id from task_events order by id`);
      const countsBefore = await rows(
        db,
        sql`select user_id, total, completed, trashed from task_counts order by user_id`,
      );

      await database.migrateRest();

      const after = await rows(
        db,
        sql`select title, due_date::text as due_date, due_time, deadline::text as deadline from tasks`,
      );
      const byTitle = new Map(after.map((row) => [String(row.title), row]));
      for (const c of CASES) {
        const title = c.title === "UTC" ? "UTC, edited" : c.title;
        expect({
          title,
          dueDate: byTitle.get(title)?.due_date,
          dueTime: byTitle.get(title)?.due_time,
        }).toEqual({
          title,
          dueDate: c.expected,
          dueTime: null,
        });
      }
      expect(byTitle.get("No due date")).toMatchObject({ due_date: null, due_time: null, deadline: null });
      expect(byTitle.get("Done")).toMatchObject({ due_date: "2026-03-14", deadline: "2026-03-15 00:00:00" });
      expect(byTitle.get("Trashed")).toMatchObject({ due_date: "2026-03-14" });
      expect(byTitle.get("Someone else's")).toMatchObject({ due_date: "2026-03-14" });
      // The end of the day for an all-day task: the next day's midnight on the owner's clock.
      expect(byTitle.get("Hawaii")).toMatchObject({ deadline: "2026-03-15 00:00:00" });
      expect(byTitle.get("Kiritimati")).toMatchObject({ deadline: "2026-03-14 00:00:00" });
      expect(
        await rows(
          db,
          sql`select column_name from information_schema.columns
                                where table_name = 'tasks' and column_name = 'due_at'`,
        ),
      ).toEqual([]);
      expect(await rows(db, sql`select distinct time_zone from users`)).toEqual([{ time_zone: "UTC" }]);

      expect(
        await rows(db, sql`select id, version, updated_at::text as updated from tasks order by id`),
      ).toEqual(before);
      expect(await rows(db, sql`select id, task_id from task_events order by id`)).toEqual(eventsBefore);
      expect(
        await rows(db, sql`select user_id, total, completed, trashed from task_counts order by user_id`),
      ).toEqual(countsBefore);
      // Overdue now: every open, live task due in March 2026 (the owner's six, the other's one).
      const now = new Date();
      const overdueNow = await rows(
        db,
        sql`select c.user_id, (c.overdue + (select w.change from task_overdue_between(
                c.user_id, c.overdue_as_of, (${now.toISOString()}::timestamptz at time zone 'UTC')) w))::int as overdue
            from task_counts c order by c.user_id`,
      );
      expect(new Map(overdueNow.map((row) => [String(row.user_id), row.overdue]))).toEqual(
        new Map([
          [owner, 6],
          [other, 1],
        ]),
      );
      // Tag rows carry the new key: the deadline, or infinity without a due date.
      const tagKeys = await rows(
        db,
        sql`select t.title, tt.tag, tt.due_key::text as due_key from task_tags tt join tasks t on t.id = tt.task_id
            order by t.title, tt.tag`,
      );
      expect(tagKeys).toEqual([
        { title: "Done", tag: "home", due_key: "2026-03-15 00:00:00" },
        { title: "Hawaii", tag: "home", due_key: "2026-03-15 00:00:00" },
        { title: "Hawaii, future", tag: "home", due_key: "2100-01-01 00:00:00" },
        { title: "No due date", tag: "home", due_key: "infinity" },
        { title: "Someone else's", tag: "work", due_key: "2026-03-15 00:00:00" },
        { title: "Tonga", tag: "home", due_key: "2026-03-15 00:00:00" },
        { title: "UTC, edited", tag: "home", due_key: "2026-03-15 00:00:00" },
      ]);
      // And the counts carry on in step, around the day's end in UTC and later on.
      await expectInStep(db, [
        new Date("2026-03-14T23:59:59.999Z"),
        new Date("2026-03-15T00:00:00.000Z"),
        now,
        new Date("2100-01-02T00:00:00.000Z"),
      ]);
    } finally {
      await database.close();
    }
  });
});

describe("migration 0009 (projects)", () => {
  it("gives every user an Inbox holding all their tasks, as a backfill, and counts them", async () => {
    const database = await databaseMigratedTo(MIGRATIONS_BEFORE_PROJECTS);
    const { db } = database;
    try {
      const insertedUsers = await rows(
        db,
        sql`insert into "users" ("email", "password_hash")
            values (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused'),
                   (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused'),
                   (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused')
            returning "id"`,
      );
      const [owner, other, empty] = insertedUsers.map((row) => String(row.id)) as [string, string, string];
      await db.execute(sql`
        insert into "tasks" ("user_id", "title", "completed", "completed_at", "deleted_at") values
          (${owner}, 'Open', false, null, null),
          (${owner}, 'Done', true, now(), null),
          (${owner}, 'Trashed', false, null, now()),
          (${other}, 'Someone else''s', false, null, null)`);
      await db.execute(sql`update "tasks" set "title" = 'Open, edited' where "title" = 'Open'`);
      const before = await rows(
        db,
        sql`select id, version, updated_at::text as updated from tasks order by id`,
      );
      const eventsBefore = await rows(db, sql`select id, task_id from task_events order by id`);

      await database.migrateRest();

      const inboxes = await rows(db, sql`select user_id, id, name, is_inbox from projects order by user_id`);
      expect(inboxes.map((row) => [row.user_id, row.name, row.is_inbox])).toEqual(
        [owner, other, empty].sort().map((id) => [id, "Inbox", true]),
      );
      const inboxOf = new Map(inboxes.map((row) => [String(row.user_id), String(row.id)]));
      const placed = await rows(db, sql`select user_id, project_id from tasks`);
      for (const row of placed) expect(row.project_id).toBe(inboxOf.get(String(row.user_id)));
      expect(
        await rows(db, sql`select project_id, total, completed from project_counts order by project_id`),
      ).toEqual(
        [
          { project_id: inboxOf.get(owner), total: 2, completed: 1 },
          { project_id: inboxOf.get(other), total: 1, completed: 0 },
          { project_id: inboxOf.get(empty), total: 0, completed: 0 },
        ].sort((a, b) => String(a.project_id).localeCompare(String(b.project_id))),
      );
      // A backfill: no version bump, no new event.
      expect(
        await rows(db, sql`select id, version, updated_at::text as updated from tasks order by id`),
      ).toEqual(before);
      expect(
        await rows(db, sql`select id, task_id from task_events where kind = 'task' order by id`),
      ).toEqual(eventsBefore);

      // From now on: an Inbox with every new user, and a task without a project goes in it.
      const [fresh] = await rows(
        db,
        sql`insert into "users" ("email", "password_hash") values (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused') returning "id"`,
      );
      const [task] = await rows(
        db,
        sql`insert into "tasks" ("user_id", "title") values (${String(fresh?.id)}, 'First') returning "project_id"`,
      );
      const [freshInbox] = await rows(
        db,
        sql`select id from projects where user_id = ${String(fresh?.id)} and is_inbox`,
      );
      expect(task?.project_id).toBe(freshInbox?.id);
      expect(
        await rows(db, sql`select total from project_counts where project_id = ${String(freshInbox?.id)}`),
      ).toEqual([{ total: 1 }]);
    } finally {
      await database.close();
    }
  });
});

describe("migration 0011 (manual order)", () => {
  it("keys every task from its creation time, newest first, as a backfill, tag rows included", async () => {
    const database = await databaseMigratedTo(MIGRATIONS_BEFORE_MANUAL_ORDER);
    const { db } = database;
    try {
      const [owner] = await rows(
        db,
        sql`insert into "users" ("email", "password_hash")
            values (${`${randomBytes(6).toString("hex")}@example.com`}, 'unused') returning "id"`,
      );
      await db.execute(sql`
        insert into "tasks" ("user_id", "title", "tags", "created_at", "deleted_at") values
          (${String(owner?.id)}, 'Oldest', '{home}', '2025-01-01T00:00:00Z', null),
          (${String(owner?.id)}, 'Middle', '{}', '2025-06-01T00:00:00.001Z', null),
          (${String(owner?.id)}, 'Trashed', '{home}', '2025-07-01T00:00:00Z', now()),
          (${String(owner?.id)}, 'Newest', '{home}', '2026-01-01T00:00:00Z', null)`);
      const before = await rows(
        db,
        sql`select id, version, updated_at::text as updated from tasks order by id`,
      );
      const eventsBefore = await rows(db, sql`select id, task_id from task_events order by id`);

      await database.migrateRest();

      const ordered = await rows(db, sql`select title, position from tasks order by position`);
      expect(ordered.map((row) => row.title)).toEqual(["Newest", "Trashed", "Middle", "Oldest"]);
      for (const row of ordered) expect(String(row.position)).toMatch(/^V[0-9A-Za-z]{8}[1-9A-Za-z]{2}$/);
      expect(
        await rows(db, sql`select id, version, updated_at::text as updated from tasks order by id`),
      ).toEqual(before);
      expect(await rows(db, sql`select id, task_id from task_events order by id`)).toEqual(eventsBefore);
      const tags = await tagRows(db);
      expect(tags.kept).toEqual(tags.implied);
      expect(tags.kept).toHaveLength(2);
      // From now on a new task comes first, and the key follows into its tag rows.
      await db.execute(
        sql`insert into "tasks" ("user_id", "title", "tags") values (${String(owner?.id)}, 'Brand new', '{home}')`,
      );
      const [first] = await rows(db, sql`select title from tasks order by position limit 1`);
      expect(first?.title).toBe("Brand new");
      const after = await tagRows(db);
      expect(after.kept).toEqual(after.implied);
    } finally {
      await database.close();
    }
  });
});

// Two connections writing at once exist only on a server: this runs in the PostgreSQL pass.
const serverUrl = serverEnv().testDatabaseUrl;

describe("concurrent writers (PostgreSQL pass)", () => {
  it.skipIf(serverUrl === null)(
    "never lose a change to the counts when one user's tasks change at once",
    async () => {
      if (serverUrl === null) return;
      const name = `doable_test_triggers_${randomBytes(6).toString("hex")}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      await migratePostgresUrl(url.toString(), serverEnv().databaseStatementTimeoutMs);
      const handle = createPostgresHandle(url.toString(), CONCURRENT_WRITERS);
      try {
        const userId = await newUser(handle.db);
        const now = Date.now();
        await Promise.all(
          Array.from({ length: CONCURRENT_WRITERS }, async (_, writer) => {
            for (let index = 0; index < WRITES_PER_WRITER; index++) {
              const [task] = await handle.db
                .insert(tasks)
                .values({
                  userId,
                  title: `W${writer}.${index}`,
                  dueDate: dayAfter(now, index % 3 === 1 ? -1 : 0),
                  dueTime: index % 3 === 2 ? null : `${String(index).padStart(2, "0")}:00`,
                })
                .returning({ id: tasks.id });
              if (index % 3 === 0 && task) {
                await handle.db
                  .update(tasks)
                  .set({ completed: true, completedAt: new Date(now) })
                  .where(eq(tasks.id, task.id));
              }
            }
          }),
        );
        await expectInStep(handle.db, [new Date(now), new Date(now + DAY_MS)]);
      } finally {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
  );
});
