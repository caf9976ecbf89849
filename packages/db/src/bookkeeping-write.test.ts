import { and, eq, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitWithoutFlush, commitWithoutFlushCondition, writeBookkeeping } from "./bookkeeping-write";
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

function probe(key: string) {
  return { key, tokens: 1, updatedAt: new Date() };
}

describe("writeBookkeeping", () => {
  it("writes in one statement that commits without waiting for the disk, and only that one", async () => {
    const rows = await writeBookkeeping(db, (database) =>
      database
        .insert(rateLimitBuckets)
        .values(probe("probe:committed"))
        .returning({ tokens: rateLimitBuckets.tokens, ...commitWithoutFlush }),
    );
    expect(rows).toEqual([{ tokens: 1, committedWithoutFlush: "off" }]);
    const [row] = await db
      .select({ tokens: rateLimitBuckets.tokens })
      .from(rateLimitBuckets)
      .where(eq(rateLimitBuckets.key, "probe:committed"));
    expect(row?.tokens).toBe(1);
    await expectSynchronousCommitEverywhere();
  });

  it("turns the flush off for the transaction the statement runs in, until it ends", async () => {
    // Seen from inside an explicit transaction, which is what the implicit one of a lone statement is.
    await db.transaction(async (tx) => {
      await tx.insert(rateLimitBuckets).values(probe("probe:seen")).returning(commitWithoutFlush);
      expect(await firstValue(tx, synchronousCommit)).toBe("off");
    });
    await expectSynchronousCommitEverywhere();
  });

  it("turns it off also for an upsert whose condition refuses the update (the row is still locked)", async () => {
    await db.insert(rateLimitBuckets).values(probe("probe:refused"));
    await db.transaction(async (tx) => {
      const updated = await tx
        .insert(rateLimitBuckets)
        .values(probe("probe:refused"))
        .onConflictDoUpdate({
          target: rateLimitBuckets.key,
          set: { tokens: 0 },
          // A condition on the row, as the throttles' are (a constant false would be folded away).
          setWhere: and(commitWithoutFlushCondition, sql`${rateLimitBuckets.tokens} > 1`),
        })
        .returning(commitWithoutFlush);
      expect(updated).toEqual([]);
      expect(await firstValue(tx, synchronousCommit)).toBe("off");
    });
    await expectSynchronousCommitEverywhere();
  });

  it("writes nothing when the statement fails, and leaves the setting as it was", async () => {
    await db.insert(rateLimitBuckets).values(probe("probe:taken"));
    await expect(
      writeBookkeeping(db, (database) =>
        database
          .insert(rateLimitBuckets)
          .values([probe("probe:rolled-back"), probe("probe:taken")])
          .returning(commitWithoutFlush),
      ),
    ).rejects.toThrow();
    const rows = await db
      .select()
      .from(rateLimitBuckets)
      .where(eq(rateLimitBuckets.key, "probe:rolled-back"));
    expect(rows).toEqual([]);
    await expectSynchronousCommitEverywhere();
  });

  it("refuses to run inside another transaction, whose commit it would make asynchronous", async () => {
    await db.transaction(async (tx) => {
      await expect(writeBookkeeping(tx, async () => [])).rejects.toThrow(/transaction of its own/);
      expect(await firstValue(tx, synchronousCommit)).toBe("on");
    });
  });
});
