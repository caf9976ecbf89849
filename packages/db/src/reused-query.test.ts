import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle } from "./client";
import { reuseBuiltQuery } from "./reused-query";
import { users } from "./schema";
import { createTestDatabase } from "./testing";

/** Enough runs to land on every connection of the test pool. */
const RUNS = 10;

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle.close();
});

async function preparedStatementCount(): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as count from pg_prepared_statements`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
    count: number;
  }>;
  return rows[0]?.count ?? -1;
}

describe("reuseBuiltQuery", () => {
  it("answers as the query built each time would, for each value of its placeholder", async () => {
    const emails = ["reuse-a@example.com", "reuse-b@example.com"];
    await db.insert(users).values(emails.map((email) => ({ email, name: email, passwordHash: "unused" })));
    const byEmail = reuseBuiltQuery(
      db
        .select({ id: users.id, email: users.email, createdAt: users.createdAt })
        .from(users)
        .where(eq(users.email, sql.placeholder("email")))
        .limit(1),
    );
    for (const email of [...emails, "nobody@example.com"]) {
      const built = await db
        .select({ id: users.id, email: users.email, createdAt: users.createdAt })
        .from(users)
        .where(eq(users.email, email))
        .limit(1);
      expect(await byEmail.execute({ email })).toEqual(built);
    }
  });

  it("leaves no named prepared statement on any connection (a transaction-mode pooler could not keep one)", async () => {
    const lookup = reuseBuiltQuery(
      db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, sql.placeholder("id"))),
    );
    await Promise.all(
      Array.from({ length: RUNS }, () => lookup.execute({ id: "00000000-0000-4000-8000-000000000000" })),
    );
    for (let check = 0; check < RUNS; check++) expect(await preparedStatementCount()).toBe(0);
  });
});
