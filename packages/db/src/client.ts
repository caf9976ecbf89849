import { resolve } from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { lockPgliteDataDir } from "./pglite-lock";
import { scheduleUpkeep } from "./pglite-upkeep";
import * as schema from "./schema";

export type Schema = typeof schema;

/** Both drivers share this type, so nothing above packages/db knows which one it got. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseConfig =
  | { driver: "postgres"; url: string; poolMax: number }
  /** `dataDir: null` keeps the database in memory (tests). */
  | { driver: "pglite"; dataDir: string | null };

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: DatabaseConfig["driver"];
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_SECONDS = 5;
const IDLE_TIMEOUT_SECONDS = 30;

export function createPostgresHandle(url: string, poolMax: number): DatabaseHandle {
  const client = postgres(url, {
    max: poolMax,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    idle_timeout: IDLE_TIMEOUT_SECONDS,
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema, casing: "snake_case" });
  return { db, driver: "postgres", close: () => client.end() };
}

/** Extensions the migrations create: PGlite ships them, but loads only those named here. */
const PGLITE_OPTIONS: PGliteOptions = { extensions: { pg_trgm } };

export function createPgliteHandle(dataDir: string | null): DatabaseHandle {
  const unlock = dataDir === null ? () => {} : lockPgliteDataDir(dataDir);
  const client = dataDir === null ? new PGlite(PGLITE_OPTIONS) : new PGlite(dataDir, PGLITE_OPTIONS);
  process.once("exit", unlock);
  const stopUpkeep = scheduleUpkeep(client);
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
  return {
    db,
    driver: "pglite",
    close: async () => {
      try {
        await stopUpkeep();
        await client.close();
      } finally {
        process.off("exit", unlock);
        unlock();
      }
    },
  };
}

// PGlite holds its data directory exclusively, and bundlers may load this module more than once,
// so the process-wide registry lives on globalThis.
const REGISTRY_KEY = Symbol.for("doable.db.handles");
type Registry = Map<string, DatabaseHandle>;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY_KEY]?: Registry };
  holder[REGISTRY_KEY] ??= new Map();
  return holder[REGISTRY_KEY];
}

function registryKey(config: DatabaseConfig): string | null {
  if (config.driver === "postgres") return `postgres:${config.url}`;
  // Resolved, so "dir", "./dir" and "dir/" share one instance rather than opening the directory twice.
  return config.dataDir === null ? null : `pglite:${resolve(config.dataDir)}`;
}

/** The process's one handle for this database, opened on first use. */
export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const key = registryKey(config);
  const existing = key === null ? undefined : registry().get(key);
  if (existing) return existing;
  const opened =
    config.driver === "postgres"
      ? createPostgresHandle(config.url, config.poolMax)
      : createPgliteHandle(config.dataDir);
  if (key === null) return opened;
  const handle: DatabaseHandle = {
    ...opened,
    close: async () => {
      // A stale handle closed again must not unregister the live one opened after it.
      if (registry().get(key) === handle) registry().delete(key);
      await opened.close();
    },
  };
  registry().set(key, handle);
  return handle;
}
