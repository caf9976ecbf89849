import { type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "./client";

/**
 * Sets `synchronous_commit = off` until the end of the current transaction (the `is_local` flag),
 * from inside a statement. In a statement of its own (an implicit transaction) that transaction
 * is the statement's, so its commit alone skips the wait for the WAL flush.
 */
const COMMIT_WITHOUT_FLUSH: SQL<string> = sql<string>`set_config('synchronous_commit', 'off', true)`;

/**
 * What a bookkeeping write puts in its RETURNING: evaluated for every row it writes, so a statement
 * that wrote anything commits without waiting for the disk. One that wrote nothing has no commit
 * to wait for.
 */
export const commitWithoutFlush: { committedWithoutFlush: SQL<string> } = {
  committedWithoutFlush: COMMIT_WITHOUT_FLUSH,
};

/**
 * The first condition of a bookkeeping upsert's `setWhere`: an upsert whose condition refuses the
 * update still locks the row it conflicted with, and that lock alone would make its commit wait
 * for a flush. Conditions of ON CONFLICT DO UPDATE run in the order written, so this one always
 * runs; it is always true. The condition after it must read the row: one the planner can work out
 * from the parameters alone and finds false is folded away with this term, and that upsert then
 * commits with the flush (durable, only slower).
 */
export const commitWithoutFlushCondition: SQL = sql`(${COMMIT_WITHOUT_FLUSH} is not null)`;

/**
 * Runs one bookkeeping statement that commits without waiting for the disk
 * (`synchronous_commit = off`, docs/decisions/0026): throttle counters and buckets, and tokens a
 * person can ask for again, never a person's data, a session or a security event. The statement
 * turns the setting off itself (`commitWithoutFlush` in its RETURNING, `commitWithoutFlushCondition`
 * in an upsert's condition), so it costs one round trip and nothing else: no begin, no commit, no
 * separate `set local`. A flush costs 0.2 ms on this machine's idle disk, 2.6 ms while other work
 * used it, milliseconds on networked cloud volumes. What it risks: a database crash can forget
 * the last fraction of a second of such writes (the server never corrupts or half-applies them);
 * a counter that forgets one attempt is an accepted cost.
 *
 * `write` must be that one statement, on the database itself, returning `commitWithoutFlush`
 * (its type asks for the column): inside a transaction the setting would last until that whole
 * transaction commits and make its commit asynchronous too, so a transaction is refused.
 */
export function writeBookkeeping<Row extends { committedWithoutFlush: string }>(
  db: Database,
  write: (db: Database) => Promise<Row[]>,
): Promise<Row[]> {
  if (db instanceof PgTransaction) {
    return Promise.reject(
      new Error("writeBookkeeping runs in a transaction of its own: pass the database, not a transaction"),
    );
  }
  return write(db);
}
