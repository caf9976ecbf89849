import { sql } from "drizzle-orm";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteHandle, type DatabaseHandle } from "./client";
import { migratePgliteHandle } from "./migrate";
import { runPgliteUpkeep } from "./pglite-upkeep";
import { users } from "./schema";

/** Over autovacuum's thresholds (50 rows + 10% to analyze, 1,000 + 20% inserted to vacuum). */
const ROWS = 1500;

describe("PGlite upkeep (autovacuum's job, which single-user PostgreSQL never does)", () => {
  let handle: DatabaseHandle;
  let client: PGlite;

  beforeAll(async () => {
    handle = createPgliteHandle(null);
    await migratePgliteHandle(handle);
    client = (handle.db as unknown as { $client: PGlite }).$client;
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function statisticsRows(table: string): Promise<number> {
    const result = await client.query<{ count: number }>(
      "select count(*)::int as count from pg_stats where schemaname = 'public' and tablename = $1",
      [table],
    );
    return result.rows[0]?.count ?? 0;
  }

  it("analyzes and vacuums a table once enough of it changed, and then leaves it alone", async () => {
    expect(await runPgliteUpkeep(client)).toEqual({ vacuumed: [], analyzed: [] });
    await handle.db.execute(sql`
      insert into users (email, password_hash)
      select 'user' || n || '@example.com', 'unused' from generate_series(1, ${ROWS}) as n`);
    expect(await statisticsRows("users")).toBe(0);

    // Every new user gets an Inbox (migration 0009): its project, its counts row and an event.
    const withInboxes = ["public.project_counts", "public.projects", "public.task_events", "public.users"];
    expect(await runPgliteUpkeep(client)).toEqual({ vacuumed: withInboxes, analyzed: withInboxes });
    expect(await statisticsRows("users")).toBeGreaterThan(0);
    expect(await runPgliteUpkeep(client)).toEqual({ vacuumed: [], analyzed: [] });

    // A few changes are not enough; changing most rows is.
    await handle.db
      .update(users)
      .set({ name: "Renamed" })
      .where(sql`${users.email} in ('user1@example.com', 'user2@example.com')`);
    expect((await runPgliteUpkeep(client)).analyzed).toEqual([]);
    await handle.db.update(users).set({ name: "Everyone" });
    expect(await runPgliteUpkeep(client)).toEqual({ vacuumed: ["public.users"], analyzed: ["public.users"] });
  });
});
