/**
 * task_counts and task_tags are kept by triggers on tasks (migrations 0002, 0004). These tests change
 * tasks every way the app does (trashing and restoring too), and a few ways it does not (bulk statements, several users at
 * once, duplicate tags, another connection at the same time), and check both tables against what
 * they would be if computed from tasks from scratch.
 */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS, HOUR_MS } from "@doable/domain";
import { serverEnv } from "@doable/env";
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteHandle, createPostgresHandle, type Database, type DatabaseHandle } from "./client";
import { migratePgliteHandle, migratePostgresUrl } from "./migrate";
import { taskCounts, tasks, users } from "./schema";
import { createTestDatabase } from "./testing";

const MIGRATIONS = new URL("../migrations/", import.meta.url);
/** Migrations before the one that adds the triggers (0000_init, 0001_security). */
const MIGRATIONS_BEFORE_TRIGGERS = 2;
/** Operations in the pseudo-random sequence; enough to hit every branch many times over. */
const RANDOM_STEPS = 120;
const CONCURRENT_WRITERS = 4;
const WRITES_PER_WRITER = 15;

type Row = Record<string, unknown>;

async function rows(db: Database, query: SQL): Promise<Row[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

async function newUser(db: Database): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `${randomBytes(6).toString("hex")}@example.com`, passwordHash: "unused" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned no row");
  return user.id;
}

/** The task_tags rows tasks imply, and the ones there are, in one canonical text form. */
async function tagRows(db: Database): Promise<{ kept: string[]; implied: string[] }> {
  const kept = await rows(
    db,
    sql`select concat_ws('|', task_id, user_id, tag, created_at, due_key, priority, title_key) as row
        from task_tags order by 1`,
  );
  const implied = await rows(
    db,
    sql`select distinct concat_ws('|', t.id, t.user_id, u.tag, t.created_at,
                                  coalesce(t.due_at, 'infinity'::timestamptz), t.priority, lower(t.title)) as row
        from tasks as t cross join lateral unnest(t.tags) as u(tag) where t.deleted_at is null order by 1`,
  );
  return { kept: kept.map((row) => String(row.row)), implied: implied.map((row) => String(row.row)) };
}

/**
 * Every user's kept counts against counts of tasks, and the kept overdue count carried to each
 * moment (as task.stats does) against counting overdue tasks at that moment.
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
                 (c.overdue + (select w.change from task_overdue_between(c.user_id, c.overdue_as_of, ${at}::timestamptz) w))::int
                   as kept,
                 (select count(*) from tasks t
                  where t.user_id = c.user_id and not t.completed and t.deleted_at is null
                    and t.due_at < ${at}::timestamptz)::int as counted
          from task_counts c`,
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
                                 and t.due_at >= c.overdue_as_of - ${days} * interval '1 day'
                                 and t.due_at < c.overdue_as_of)`);
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
      .values({ userId, title: "Renew passport", dueAt: new Date(now - DAY_MS), tags: ["admin", "home"] })
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
      .set({ dueAt: new Date(now + DAY_MS), priority: "high" })
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
      .set({ deletedAt: null, dueAt: new Date(now - DAY_MS) })
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
    const owners = [await newUser(db), await newUser(db), await newUser(db)];
    const pick = <T>(values: T[]): T => values[random(values.length)] as T;
    const dueAt = (): Date | null => (random(3) === 0 ? null : new Date(now + (random(60) - 30) * DAY_MS));
    const someTags = (): string[] => TAGS.filter(() => random(3) === 0);
    for (let step = 0; step < RANDOM_STEPS; step++) {
      const ids = (await db.select({ id: tasks.id }).from(tasks).where(inArray(tasks.userId, owners))).map(
        (row) => row.id,
      );
      const completed = random(2) === 0;
      const change = ids.length === 0 ? 0 : random(8);
      if (random(2) === 0) await rewindCounts(db, random(40));
      if (change === 0 || change === 1) {
        // Several rows, sometimes for several users, in one statement.
        const count = 1 + random(change === 0 ? 1 : 5);
        await db.insert(tasks).values(
          Array.from({ length: count }, (_, index) => ({
            userId: pick(owners),
            title: `Task ${step}.${index}`,
            dueAt: dueAt(),
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
        await db
          .update(tasks)
          .set({ dueAt: dueAt(), tags: someTags(), title: `Edited ${step}` })
          .where(eq(tasks.id, pick(ids)));
      } else if (change === 4) {
        // Like "Clear completed", or a bulk edit: many rows of one user at once.
        const owner = pick(owners);
        if (random(2) === 0)
          await db.delete(tasks).where(sql`${tasks.userId} = ${owner} and ${tasks.completed}`);
        else await db.update(tasks).set({ dueAt: dueAt() }).where(eq(tasks.userId, owner));
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
                .values({ userId, title: `W${writer}.${index}`, dueAt: new Date(now - HOUR_MS * index) })
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
