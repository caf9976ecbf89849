import { eq, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBookkeeping } from "./bookkeeping-write";
import type { Database, DatabaseHandle } from "./client";
import { rateLimitBuckets } from "./schema";
import { createTestDatabase } from "./testing";

/** Enough sequential statements to land on every connection of the test pool. */
const CHECKS_AFTER = 10;

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle.close();
});

async function firstValue(database: Database, query: SQL): Promise<unknown> {
  const result = await database.execute(query);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<
    Record<string, unknown>
  >;
  return Object.values(rows[0] ?? {})[0];
}

const synchronousCommit = sql`select current_setting('synchronous_commit') as value`;

async function expectSynchronousCommitEverywhere(): Promise<void> {
  for (let check = 0; check < CHECKS_AFTER; check++) {
    expect(await firstValue(db, synchronousCommit)).toBe("on");
  }
}

describe("writeBookkeeping", () => {
  it("commits its write without waiting for the disk, and only that write", async () => {
    const inside = await writeBookkeeping(db, async (tx) => {
      await tx.insert(rateLimitBuckets).values({ key: "probe:committed", tokens: 1, updatedAt: new Date() });
      return firstValue(tx, synchronousCommit);
    });
    expect(inside).toBe("off");
    const [row] = await db
      .select({ tokens: rateLimitBuckets.tokens })
      .from(rateLimitBuckets)
      .where(eq(rateLimitBuckets.key, "probe:committed"));
    expect(row?.tokens).toBe(1);
    await expectSynchronousCommitEverywhere();
  });

  it("rolls back a write that fails, and leaves the setting as it was", async () => {
    await expect(
      writeBookkeeping(db, async (tx) => {
        await tx
          .insert(rateLimitBuckets)
          .values({ key: "probe:rolled-back", tokens: 1, updatedAt: new Date() });
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    const rows = await db
      .select()
      .from(rateLimitBuckets)
      .where(eq(rateLimitBuckets.key, "probe:rolled-back"));
    expect(rows).toEqual([]);
    await expectSynchronousCommitEverywhere();
  });

  it("refuses to run inside another transaction, whose commit it would make asynchronous", async () => {
    await db.transaction(async (tx) => {
      await expect(writeBookkeeping(tx, async () => "never")).rejects.toThrow(/transaction of its own/);
      expect(await firstValue(tx, synchronousCommit)).toBe("on");
    });
  });
});
