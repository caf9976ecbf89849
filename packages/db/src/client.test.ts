import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { serverEnv } from "@doable/env";
import { and, eq, sql } from "drizzle-orm";
import { pgSchema, text } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresHandle, type Database, type DatabaseHandle, openDatabase } from "./client";
import { MIGRATION_LOCK_ID, migratePostgresUrl } from "./migrate";
import { users } from "./schema";
import { createTestDatabase } from "./testing";

const LOCK_MODULE = new URL("./pglite-lock.ts", import.meta.url).href;

interface ChildLock {
  /** "locked", or the error message the child got. */
  outcome: Promise<string>;
  /** Ends the child (and with it the lock it holds). */
  release(): Promise<void>;
}

/** Takes the PGlite data-directory lock from another process, which holds it until released. */
function lockInChild(dataDir: string): ChildLock {
  const script = `
    import { lockPgliteDataDir } from ${JSON.stringify(LOCK_MODULE)};
    try { lockPgliteDataDir(${JSON.stringify(dataDir)}); console.log("locked"); }
    catch (error) { console.log(error.message); process.exit(1); }
    process.stdin.resume();
    process.stdin.on("end", () => process.exit(0));`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const outcome = new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("\n")) resolve(output.trim());
    });
    child.once("exit", (code) =>
      reject(new Error(`child exited (${code}) saying ${JSON.stringify(output)}`)),
    );
  });
  return {
    outcome,
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

// Driver-neutral reads of the catalog: both drivers run the same drizzle select.
const informationSchema = pgSchema("information_schema");
const catalogTables = informationSchema.table("tables", {
  tableSchema: text("table_schema").notNull(),
  tableName: text("table_name").notNull(),
});
const catalogColumns = informationSchema.table("columns", {
  tableSchema: text("table_schema").notNull(),
  tableName: text("table_name").notNull(),
  columnName: text("column_name").notNull(),
});

async function tableNames(db: Database, schema: string): Promise<string[]> {
  const rows = await db
    .select({ name: catalogTables.tableName })
    .from(catalogTables)
    .where(eq(catalogTables.tableSchema, schema));
  return rows.map((row) => row.name).sort();
}

async function columnNames(db: Database, table: string): Promise<string[]> {
  const rows = await db
    .select({ name: catalogColumns.columnName })
    .from(catalogColumns)
    .where(and(eq(catalogColumns.tableSchema, "public"), eq(catalogColumns.tableName, table)));
  return rows.map((row) => row.name).sort();
}

async function migrationCount(db: Database): Promise<number> {
  const migrations = pgSchema("drizzle").table("__drizzle_migrations", { hash: text().notNull() });
  const rows = await db.select({ count: sql<number>`count(*)::int` }).from(migrations);
  return rows[0]?.count ?? -1;
}

async function migrationFileCount(): Promise<number> {
  const files = await readdir(new URL("../migrations", import.meta.url));
  return files.filter((file) => file.endsWith(".sql")).length;
}

describe("openDatabase (PGlite on disk)", () => {
  let tempDir: string;
  let dataDir: string;
  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), "doable-pglite-"));
    dataDir = join(tempDir, "pglite");
  });
  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it("gives one handle per data directory, however the path is spelled, and a new one after close", async () => {
    const first = openDatabase({ driver: "pglite", dataDir });
    expect(first.driver).toBe("pglite");
    expect(openDatabase({ driver: "pglite", dataDir })).toBe(first);
    expect(openDatabase({ driver: "pglite", dataDir: `${dataDir}/` })).toBe(first);
    expect(openDatabase({ driver: "pglite", dataDir: join(dataDir, "sub", "..") })).toBe(first);
    expect(openDatabase({ driver: "pglite", dataDir: relative(process.cwd(), dataDir) })).toBe(first);
    await first.db.execute(sql`create table marker (value text)`);
    await first.db.execute(sql`insert into marker values ('kept')`);
    await first.close();

    const second = openDatabase({ driver: "pglite", dataDir });
    try {
      expect(second).not.toBe(first);
      expect(openDatabase({ driver: "pglite", dataDir })).toBe(second);
      expect(await tableNames(second.db, "public")).toEqual(["marker"]);
      // Closing the stale handle again must neither unregister the live one nor drop its lock.
      await first.close().catch(() => {});
      expect(openDatabase({ driver: "pglite", dataDir })).toBe(second);
      const intruder = lockInChild(dataDir);
      try {
        expect(await intruder.outcome).toMatch(/in use by process/);
      } finally {
        await intruder.release();
      }
    } finally {
      await second.close();
    }
  });

  it("locks a data directory against other processes, and only that directory", async () => {
    const held = join(tempDir, "held");
    const child = lockInChild(held);
    try {
      expect(await child.outcome).toBe("locked");
      expect(() => openDatabase({ driver: "pglite", dataDir: held })).toThrow(/in use by process/);
      // A sibling directory is a different database.
      const sibling = openDatabase({ driver: "pglite", dataDir: join(tempDir, "sibling") });
      await sibling.close();
    } finally {
      await child.release();
    }
    // The lock of a process that has gone is taken over.
    const after = openDatabase({ driver: "pglite", dataDir: held });
    await after.close();
  });

  it("gives a separate in-memory database each time when there is no data directory", async () => {
    const first = openDatabase({ driver: "pglite", dataDir: null });
    const second = openDatabase({ driver: "pglite", dataDir: null });
    try {
      expect(second).not.toBe(first);
      await first.db.execute(sql`create table only_in_first (value text)`);
      expect(await tableNames(second.db, "public")).toEqual([]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

/** Histogram buckets for tasks.title and tasks.description (migration 0002); the default is 100. */
const SEARCH_STATISTICS_TARGET = 1000;

const ALL_TABLES = [
  "email_tokens",
  "known_devices",
  "passkeys",
  "project_counts",
  "projects",
  "rate_limit_buckets",
  "recovery_codes",
  "security_events",
  "sessions",
  "sign_in_challenges",
  "sign_in_throttles",
  "task_counts",
  "task_events",
  "task_reminders",
  "task_tags",
  "tasks",
  "two_factor_secrets",
  "users",
  "webauthn_challenges",
];

describe("createTestDatabase", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("is migrated: every table exists, and every migration is recorded", async () => {
    expect(await tableNames(handle.db, "public")).toEqual(ALL_TABLES);
    expect(await columnNames(handle.db, "sessions")).toEqual([
      "created_at",
      "id",
      "kind",
      "last_verified_at",
      "secret_hash",
      "user_agent",
      "user_id",
    ]);
    expect(await migrationCount(handle.db)).toBe(await migrationFileCount());
  });

  it("keeps finer statistics for the searched columns, so the planner can tell a common word from a rare one", async () => {
    const targets = pgSchema("pg_catalog").table("pg_attribute", {
      attrelid: text().notNull(),
      attname: text().notNull(),
      attstattarget: text(),
    });
    const rows = await handle.db
      .select({ column: targets.attname, target: sql<number>`${targets.attstattarget}::int` })
      .from(targets)
      .where(sql`${targets.attrelid} = 'tasks'::regclass and ${targets.attname} in ('title', 'description')`);
    expect(rows.sort((a, b) => a.column.localeCompare(b.column))).toEqual([
      { column: "description", target: SEARCH_STATISTICS_TARGET },
      { column: "title", target: SEARCH_STATISTICS_TARGET },
    ]);
  });

  it("is empty", async () => {
    expect(await handle.db.select().from(users)).toEqual([]);
  });
});

// Advisory locks exist only on a server: this runs in the PostgreSQL pass (TEST_DATABASE_URL),
// which .ci/run always makes; the PGlite pass reports it as skipped.
const serverUrl = serverEnv().testDatabaseUrl;
const STATEMENT_TIMEOUT_MS = serverEnv().databaseStatementTimeoutMs;
/** Short, so that a lock wait of a few times this would be cut if the migrator were bounded. */
const SHORT_TIMEOUT_MS = 200;
const LOCK_HELD_MS = 4 * SHORT_TIMEOUT_MS;

/** Runs `body` with the URL of a new, empty database on the test server, dropped afterwards. */
async function withEmptyDatabase(server: string, body: (url: string) => Promise<void>): Promise<void> {
  const name = `doable_test_migrate_${randomBytes(6).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    await body(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

describe("migratePostgresUrl", () => {
  it.skipIf(serverUrl === null)("is safe to run concurrently and again (PostgreSQL pass)", async () => {
    if (serverUrl === null) return;
    await withEmptyDatabase(serverUrl, async (url) => {
      const handle = createPostgresHandle(url, 2);
      try {
        await Promise.all([1, 2, 3, 4].map(() => migratePostgresUrl(url, STATEMENT_TIMEOUT_MS)));
        await migratePostgresUrl(url, STATEMENT_TIMEOUT_MS);
        expect(await tableNames(handle.db, "public")).toEqual(ALL_TABLES);
        expect(await migrationCount(handle.db)).toBe(await migrationFileCount());
      } finally {
        await handle.close();
      }
    });
  });

  it.skipIf(serverUrl === null)(
    "waits for another migrator's lock however long, whatever the database's statement timeout (PostgreSQL pass)",
    async () => {
      if (serverUrl === null) return;
      await withEmptyDatabase(serverUrl, async (url) => {
        // From now on every new session of this database starts with the short timeout.
        await migratePostgresUrl(url, SHORT_TIMEOUT_MS);
        const holder = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await holder`set statement_timeout = 0`;
          await holder`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
          let settled = false;
          const migrating = migratePostgresUrl(url, SHORT_TIMEOUT_MS).finally(() => {
            settled = true;
          });
          await new Promise((resolve) => setTimeout(resolve, LOCK_HELD_MS));
          expect(settled).toBe(false);
          await holder`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
          await migrating;
        } finally {
          await holder.end();
        }
      });
    },
  );
});
