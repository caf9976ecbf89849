/**
 * The migrated PGlite template (./pglite-template.ts) that test databases on PGlite start from:
 * each one a copy of its own, empty and fully migrated.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import type { DatabaseHandle } from "./client";
import { MIGRATIONS_FOLDER } from "./migrate";
import { migratedPgliteTemplate, pgliteTemplatePath } from "./pglite-template";
import { users } from "./schema";
import { createTestDatabase, createTestServerDatabase } from "./testing";

const opened: DatabaseHandle[] = [];
afterAll(async () => {
  for (const handle of opened) await handle.close();
});

async function pgliteDatabase(): Promise<DatabaseHandle> {
  const handle = await createTestDatabase({ serverUrl: null });
  opened.push(handle);
  return handle;
}

async function appliedMigrations(handle: DatabaseHandle): Promise<number> {
  const result = (await handle.db.execute(
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  )) as unknown as {
    rows: Array<{ count: number }>;
  };
  return result.rows[0]?.count ?? 0;
}

it("is made once and kept in this checkout for every later test process", async () => {
  const template = await migratedPgliteTemplate();
  expect(await migratedPgliteTemplate()).toBe(template);
  const kept = await readFile(await pgliteTemplatePath());
  expect(kept.length).toBe(template.size);
  expect((await stat(await pgliteTemplatePath())).mode & 0o777).toBe(0o600);
});

it("gives each test database its own copy, empty and with every migration applied", async () => {
  const journal = JSON.parse(await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  const [first, second] = await Promise.all([pgliteDatabase(), pgliteDatabase()]);
  if (!first || !second) throw new Error("two databases expected");
  for (const handle of [first, second]) {
    expect(await appliedMigrations(handle)).toBe(journal.entries.length);
    expect(await handle.db.select().from(users)).toEqual([]);
  }
  await first.db.insert(users).values({ email: "only-in-first@example.com", passwordHash: "x" });
  expect(await first.db.select({ email: users.email }).from(users)).toEqual([
    { email: "only-in-first@example.com" },
  ]);
  expect(await second.db.select().from(users)).toEqual([]);
});

it("fills a server process's new data directory the same way", async () => {
  const database = await createTestServerDatabase({ serverUrl: null });
  try {
    expect(database.env.PGLITE_DATA_DIR).toBeTruthy();
    const files = await readdir(database.env.PGLITE_DATA_DIR ?? "");
    expect(files).toContain("PG_VERSION");
  } finally {
    await database.cleanup();
  }
});
