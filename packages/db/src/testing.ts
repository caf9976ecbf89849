import { randomBytes } from "node:crypto";
import { serverEnv } from "@doable/env";
import postgres from "postgres";
import { createPgliteHandle, createPostgresHandle, type DatabaseHandle } from "./client";
import { migratePgliteHandle, migratePostgresUrl } from "./migrate";

const TEST_POOL_MAX = 5;
const DATABASE_NAME_PREFIX = "doable_test_";

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
  return createServerTestDatabase(serverUrl);
}

async function createServerTestDatabase(serverUrl: string): Promise<DatabaseHandle> {
  const name = `${DATABASE_NAME_PREFIX}${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migratePostgresUrl(url.toString());
  const handle = createPostgresHandle(url.toString(), TEST_POOL_MAX);
  return {
    db: handle.db,
    driver: handle.driver,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
