import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "./client";

/**
 * Runs `write` in a transaction that commits without waiting for the disk
 * (`synchronous_commit = off`, docs/decisions/0026). For bookkeeping only: throttle counters and
 * buckets, never a person's data, a session or a security event. A commit then costs a round
 * trip instead of a WAL flush (about 2.6 ms here, more on a busy disk), which each sign-in and
 * each change used to pay once or twice before its real work. What it risks: a database crash
 * can forget the last fraction of a second of such writes (the server never corrupts or
 * half-applies them); a counter that forgets one attempt is an accepted cost.
 *
 * It must be its own transaction: inside another, `set local` would make that whole transaction's
 * commit asynchronous too, so a transaction is refused.
 */
export async function writeBookkeeping<T>(db: Database, write: (tx: Database) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) {
    throw new Error(
      "writeBookkeeping runs in a transaction of its own: pass the database, not a transaction",
    );
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    return write(tx);
  });
}
