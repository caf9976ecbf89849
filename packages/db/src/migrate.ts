import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { type DatabaseConfig, type DatabaseHandle, openDatabase } from "./client";
import { setDatabaseStatementTimeout } from "./statement-timeout";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));
/** Arbitrary constant shared by every Doable process: only one may migrate at a time. */
export const MIGRATION_LOCK_ID = 7_310_524_001;

/** Applies pending migrations on a PGlite handle (PGlite has one connection, so no lock is needed). */
export async function migratePgliteHandle(handle: DatabaseHandle): Promise<void> {
  if (handle.driver !== "pglite") throw new Error("migratePgliteHandle needs a PGlite handle");
  await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * Applies pending migrations on a PostgreSQL server under an advisory lock, so parallel starts are
 * safe, then sets the database's statement timeout. `directUrl` must reach the server itself: the
 * lock belongs to the session, which a transaction-mode pooler does not keep.
 */
export async function migratePostgresUrl(directUrl: string, statementTimeoutMs: number): Promise<void> {
  const client = postgres(directUrl, { max: 1, onnotice: () => {} });
  try {
    // Neither the wait for another instance's migration nor a long index build may be cut short
    // by the database's own statement timeout; this one session opts out.
    await client`set statement_timeout = 0`;
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await setDatabaseStatementTimeout(client, statementTimeoutMs);
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end();
  }
}

/**
 * Opens the configured database and brings its schema up to date. PGlite gets no statement
 * timeout: it accepts the setting but, without timers in WebAssembly, never fires it.
 */
export async function openMigratedDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === "postgres") await migratePostgresUrl(config.directUrl, config.statementTimeoutMs);
  const handle = openDatabase(config);
  if (config.driver === "pglite") await migratePgliteHandle(handle);
  return handle;
}
