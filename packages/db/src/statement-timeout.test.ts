import { randomBytes } from "node:crypto";
import { serverEnv } from "@doable/env";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createPostgresHandle } from "./client";
import { isDatabaseUnavailable } from "./errors";
import { setDatabaseStatementTimeout } from "./statement-timeout";
import { createTestServerDatabase } from "./testing";

const TIMEOUT_MS = 300;
/** Ten times the timeout: a statement that ran its course would take this long. */
const SLEEP_SECONDS = (10 * TIMEOUT_MS) / 1000;
/** Cancelled "quickly": well before the sleep would end, with room for a busy machine. */
const CANCELLED_WITHIN_MS = 5 * TIMEOUT_MS;
const QUERY_CANCELED = "57014";

interface Outcome {
  code: string | null;
  elapsedMs: number;
  unavailable: boolean;
}

async function sleepLongerThanTheTimeout(url: string): Promise<Outcome> {
  const handle = createPostgresHandle(url, 1);
  const started = Date.now();
  try {
    await handle.db.execute(sql`select pg_sleep(${SLEEP_SECONDS})`);
    return { code: null, elapsedMs: Date.now() - started, unavailable: false };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      code: cause?.code ?? null,
      elapsedMs: Date.now() - started,
      unavailable: isDatabaseUnavailable(error),
    };
  } finally {
    await handle.close();
  }
}

// Statement timeouts are enforced by a server: this runs in the PostgreSQL passes, directly and,
// with TEST_PGBOUNCER=1, through PgBouncer in transaction mode; the PGlite pass reports it skipped.
const serverUrl = serverEnv().testDatabaseUrl;

describe("the database's statement timeout (PostgreSQL passes)", () => {
  it.skipIf(serverUrl === null)(
    "cancels a long statement quickly, directly and through the app's URL (PgBouncer with TEST_PGBOUNCER=1)",
    async () => {
      const database = await createTestServerDatabase({ statementTimeoutMs: TIMEOUT_MS });
      try {
        const { DATABASE_URL: pooled, DATABASE_DIRECT_URL: direct } = database.env;
        expect(pooled === direct).toBe(!serverEnv().testPgbouncer);
        for (const url of [direct, pooled]) {
          const outcome = await sleepLongerThanTheTimeout(url ?? "");
          expect(outcome.code, url).toBe(QUERY_CANCELED);
          expect(outcome.elapsedMs, url).toBeLessThan(CANCELLED_WITHIN_MS);
          // The API answers 503 (try again), not 500.
          expect(outcome.unavailable, url).toBe(true);
        }
      } finally {
        await database.cleanup();
      }
    },
  );

  it.skipIf(serverUrl === null)(
    "is written only when it changes, so a role that does not own the database can migrate",
    async () => {
      if (serverUrl === null) return;
      const database = await createTestServerDatabase({ statementTimeoutMs: TIMEOUT_MS });
      const role = `doable_test_role_${randomBytes(6).toString("hex")}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create role "${role}" login`);
      const url = new URL(database.env.DATABASE_DIRECT_URL ?? "");
      url.username = role;
      const notOwner = postgres(url.toString(), { max: 1, onnotice: () => {} });
      try {
        await setDatabaseStatementTimeout(notOwner, TIMEOUT_MS);
        await expect(setDatabaseStatementTimeout(notOwner, 2 * TIMEOUT_MS)).rejects.toThrow(
          /DATABASE_STATEMENT_TIMEOUT_MS.*must own the database/s,
        );
        const [row] = await notOwner<
          { value: string }[]
        >`select current_setting('statement_timeout') as value`;
        expect(row?.value).toBe(`${TIMEOUT_MS}ms`);
      } finally {
        await notOwner.end();
        await database.cleanup();
        await admin.unsafe(`drop role if exists "${role}"`);
        await admin.end();
      }
    },
  );
});

describe("setDatabaseStatementTimeout", () => {
  it.each([0, -1, 1.5, Number.NaN])("refuses %s before touching the database", async (value) => {
    const unreachable = postgres("postgres://nobody@127.0.0.1:1/none", { max: 1 });
    await expect(setDatabaseStatementTimeout(unreachable, value)).rejects.toThrow(/positive whole number/);
    await unreachable.end();
  });
});

describe("PGlite", () => {
  // A tripwire for docs/decisions/0018: if PGlite ever honours the setting, Doable should set it there too.
  it("accepts statement_timeout but never fires it (no timers in WebAssembly), so Doable does not set it", async () => {
    const pglite = new PGlite();
    try {
      await pglite.query(`set statement_timeout = ${TIMEOUT_MS / 10}`);
      const started = Date.now();
      await pglite.query(`select pg_sleep(${TIMEOUT_MS / 1000})`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    } finally {
      await pglite.close();
    }
  });
});
