import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { type DatabaseConfig, type DatabaseHandle, openDatabase } from "./client";

const MIGRATIONS_FOLDER = fileURLToPath(new URL("../migrations", import.meta.url));
/** Arbitrary constant shared by every Doable process: only one may migrate at a time. */
const MIGRATION_LOCK_ID = 7_310_524_001;

/** Applies pending migrations on a PGlite handle (PGlite has one connection, so no lock is needed). */
export async function migratePgliteHandle(handle: DatabaseHandle): Promise<void> {
  if (handle.driver !== "pglite") throw new Error("migratePgliteHandle needs a PGlite handle");
  await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Applies pending migrations on a PostgreSQL server under an advisory lock, so parallel starts are safe. */
export async function migratePostgresUrl(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end();
  }
}

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.driver === "postgres") await migratePostgresUrl(config.url);
  const handle = openDatabase(config);
  if (config.driver === "pglite") await migratePgliteHandle(handle);
  return handle;
}
