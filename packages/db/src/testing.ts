import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverEnv } from "@doable/env";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createPgliteHandle, createPostgresHandle, type DatabaseHandle } from "./client";
import { migratePgliteHandle, migratePostgresUrl } from "./migrate";
import { type Pgbouncer, startPgbouncer } from "./pgbouncer";
import { migratedPgliteTemplate } from "./pglite-template";

const TEST_POOL_MAX = 5;
const DATABASE_NAME_PREFIX = "doable_test_";
const DATABASE_NAME_RANDOM_BYTES = 6;

export interface TestDatabaseOptions {
  /** The PostgreSQL server to create the database on; default TEST_DATABASE_URL (else PGlite). */
  serverUrl?: string | null;
  /** The database's statement timeout (PostgreSQL only); default DATABASE_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
}

interface ServerDatabase {
  /** The database itself: how it was created and migrated. */
  directUrl: string;
  /** What the code under test gets: through PgBouncer when TEST_PGBOUNCER=1, else `directUrl`. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A new database on the server at `serverUrl`, created and migrated directly (as `pnpm db:migrate`
 * does through DATABASE_DIRECT_URL), with a PgBouncer of its own in front when TEST_PGBOUNCER=1;
 * `drop` stops that PgBouncer and drops the database.
 */
async function createMigratedServerDatabase(
  serverUrl: string,
  statementTimeoutMs: number,
): Promise<ServerDatabase> {
  const name = `${DATABASE_NAME_PREFIX}${randomBytes(DATABASE_NAME_RANDOM_BYTES).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const directUrl = url.toString();
  let pooler: Pgbouncer | null = null;
  const drop = async (): Promise<void> => {
    try {
      await pooler?.stop();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end();
    }
  };
  try {
    await admin.unsafe(`create database "${name}"`);
    await migratePostgresUrl(directUrl, statementTimeoutMs);
    if (serverEnv().testPgbouncer) pooler = await startPgbouncer(serverUrl);
  } catch (error) {
    await drop();
    throw error;
  }
  return { directUrl, url: pooler?.urlFor(directUrl) ?? directUrl, drop };
}

/**
 * A new PGlite database (in memory, or in `dataDir`) loaded from the migrated template; the
 * migrations then find nothing to do, which checks the template is current.
 */
async function migratedPglite(dataDir: string | null): Promise<DatabaseHandle> {
  const handle = createPgliteHandle(dataDir, { loadDataDir: await migratedPgliteTemplate() });
  try {
    await migratePgliteHandle(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

interface ResolvedOptions {
  serverUrl: string | null;
  statementTimeoutMs: number;
}

function resolved(options: TestDatabaseOptions): ResolvedOptions {
  const env = serverEnv();
  return {
    serverUrl: options.serverUrl === undefined ? env.testDatabaseUrl : options.serverUrl,
    statementTimeoutMs: options.statementTimeoutMs ?? env.databaseStatementTimeoutMs,
  };
}

/**
 * A fresh, migrated, empty database for one test file: in-memory PGlite by default, or a new
 * database on the TEST_DATABASE_URL server (dropped again by `close`), reached through PgBouncer
 * in transaction mode when TEST_PGBOUNCER=1.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<DatabaseHandle> {
  const { serverUrl, statementTimeoutMs } = resolved(options);
  if (serverUrl === null) return migratedPglite(null);
  const database = await createMigratedServerDatabase(serverUrl, statementTimeoutMs);
  const handle = createPostgresHandle(database.url, TEST_POOL_MAX, database.directUrl);
  return {
    db: handle.db,
    driver: handle.driver,
    listen: handle.listen,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

export interface TestServerDatabase {
  /**
   * Settings that point a server process at this database: DATABASE_URL (through PgBouncer when
   * TEST_PGBOUNCER=1) and DATABASE_DIRECT_URL, or PGLITE_DATA_DIR.
   */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * A fresh migrated database for separate server processes: a new database on the
 * TEST_DATABASE_URL server, or a PGlite data directory in a temp dir.
 */
export async function createTestServerDatabase(
  options: TestDatabaseOptions = {},
): Promise<TestServerDatabase> {
  const { serverUrl, statementTimeoutMs } = resolved(options);
  if (serverUrl !== null) {
    const database = await createMigratedServerDatabase(serverUrl, statementTimeoutMs);
    return {
      env: { DATABASE_URL: database.url, DATABASE_DIRECT_URL: database.directUrl },
      cleanup: database.drop,
    };
  }
  const tempDir = await mkdtemp(join(tmpdir(), "doable-pglite-"));
  const dataDir = join(tempDir, "pglite");
  await (await migratedPglite(dataDir)).close();
  return {
    env: { PGLITE_DATA_DIR: dataDir },
    cleanup: () => rm(tempDir, { recursive: true, force: true }),
  };
}

/**
 * Moves the sign-in time of every session in a test server database back by `milliseconds`, as
 * if that much time had passed since signing in (the fresh-sign-in rule, docs/decisions/0040),
 * for tests that drive a server process and cannot move its clock. On PGlite no server may hold
 * the data directory meanwhile (one process at a time): stop it first.
 */
export async function ageTestServerSessions(
  database: TestServerDatabase,
  milliseconds: number,
): Promise<void> {
  const { PGLITE_DATA_DIR: dataDir, DATABASE_DIRECT_URL: directUrl } = database.env;
  const handle = dataDir ? createPgliteHandle(dataDir) : createPostgresHandle(directUrl ?? "", 1);
  try {
    await handle.db.execute(
      sql`update sessions set created_at = created_at - make_interval(secs => ${milliseconds / 1000})`,
    );
  } finally {
    await handle.close();
  }
}

export { freePort } from "./free-port";
export { postgresServerBinDir, startThrowawayPostgres, type ThrowawayPostgres } from "./throwaway-postgres";
