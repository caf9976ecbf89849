import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverEnv } from "@doable/env";
import postgres from "postgres";
import { createPgliteHandle, createPostgresHandle, type DatabaseHandle } from "./client";
import { migratePgliteHandle, migratePostgresUrl } from "./migrate";

const TEST_POOL_MAX = 5;
const DATABASE_NAME_PREFIX = "doable_test_";
const DATABASE_NAME_RANDOM_BYTES = 6;

interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, migrated database on the server at `serverUrl`, and the way to drop it. */
async function createMigratedServerDatabase(serverUrl: string): Promise<ServerDatabase> {
  const name = `${DATABASE_NAME_PREFIX}${randomBytes(DATABASE_NAME_RANDOM_BYTES).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migratePostgresUrl(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * A fresh, migrated, empty database for one test file: in-memory PGlite by default, or a new
 * database on the TEST_DATABASE_URL server (dropped again by `close`).
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = serverEnv().testDatabaseUrl;
  if (serverUrl === null) {
    const handle = createPgliteHandle(null);
    await migratePgliteHandle(handle);
    return handle;
  }
  const database = await createMigratedServerDatabase(serverUrl);
  const handle = createPostgresHandle(database.url, TEST_POOL_MAX);
  return {
    db: handle.db,
    driver: handle.driver,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

export interface TestServerDatabase {
  /** Settings that point a server process at this database (DATABASE_URL or PGLITE_DATA_DIR). */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * A fresh migrated database for a separate server process: a new database on the
 * TEST_DATABASE_URL server, or a PGlite data directory in a temp dir.
 */
export async function createTestServerDatabase(): Promise<TestServerDatabase> {
  const serverUrl = serverEnv().testDatabaseUrl;
  if (serverUrl !== null) {
    const database = await createMigratedServerDatabase(serverUrl);
    return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
  }
  const tempDir = await mkdtemp(join(tmpdir(), "doable-pglite-"));
  const dataDir = join(tempDir, "pglite");
  const handle = createPgliteHandle(dataDir);
  await migratePgliteHandle(handle);
  await handle.close();
  return {
    env: { PGLITE_DATA_DIR: dataDir },
    cleanup: () => rm(tempDir, { recursive: true, force: true }),
  };
}
