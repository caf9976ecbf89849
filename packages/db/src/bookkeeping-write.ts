import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "./client";

/**
 * Runs `write` in a transaction that commits without waiting for the disk
 * (`synchronous_commit = off`, docs/decisions/0026). For bookkeeping only: throttle counters and
 * buckets, never a person's data, a session or a security event. A commit then does not wait for
 * a WAL flush, which each sign-in and each change used to pay once or twice before its real work:
 * 0.2 ms on this machine's idle disk, 2.6 ms while other work used it, milliseconds on networked
 * cloud volumes. The `set local` goes out with the write, in one round trip. What it risks: a database crash
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
    const [, written] = await Promise.all([tx.execute(sql`set local synchronous_commit = off`), write(tx)]);
    return written;
  });
}
