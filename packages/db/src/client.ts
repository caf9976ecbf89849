import { resolve } from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { restrictDataDirectory } from "./data-dir-permissions";
import { lockPgliteDataDir } from "./pglite-lock";
import { scheduleUpkeep } from "./pglite-upkeep";
import * as schema from "./schema";

export type Schema = typeof schema;

/** Both drivers share this type, so nothing above packages/db knows which one it got. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseConfig =
  | {
      driver: "postgres";
      /** What the app's pool connects to: the server, or a transaction-mode pooler in front of it. */
      url: string;
      /** The server itself, for migrations (session-level advisory lock) and settings. */
      directUrl: string;
      poolMax: number;
      /** Applied to the database by the migrator: see migrate.ts. */
      statementTimeoutMs: number;
    }
  /** `dataDir: null` keeps the database in memory (tests). */
  | { driver: "pglite"; dataDir: string | null };

/** Stops listening; resolves once the channel is no longer listened to. */
export type Unlisten = () => Promise<void>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: DatabaseConfig["driver"];
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel`, from any connection or app
   * instance, and `onListening` each time listening starts, the first time and after a lost
   * connection is back: NOTIFYs sent while nobody listened are gone, so a listener reads what
   * changed meanwhile then. On PostgreSQL it listens on a connection of its own to the direct URL:
   * a transaction-mode pooler cannot keep a LISTEN.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListening?: () => void): Promise<Unlisten>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_SECONDS = 5;
const IDLE_TIMEOUT_SECONDS = 30;

/**
 * `url` is what the pool connects to (the server, or a transaction-mode pooler in front of it);
 * `directUrl` the server itself, for LISTEN, opened only when something listens.
 */
export function createPostgresHandle(url: string, poolMax: number, directUrl: string = url): DatabaseHandle {
  const client = postgres(url, {
    max: poolMax,
    // Named prepared statements live on one server connection; behind a transaction-mode pooler
    // the next query may run on another, which does not know the name. Unnamed statements work
    // everywhere and cost too little to measure here (docs/decisions/0019).
    prepare: false,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    idle_timeout: IDLE_TIMEOUT_SECONDS,
    onnotice: () => {},
  });
  // postgres.js keeps its LISTEN connection apart from the pool and reconnects it by itself.
  let listener: postgres.Sql | null = null;
  const db = drizzlePostgres({ client, schema, casing: "snake_case" });
  return {
    db,
    driver: "postgres",
    listen: async (channel, onNotify, onListening) => {
      listener ??= postgres(directUrl, {
        max: 1,
        connect_timeout: CONNECT_TIMEOUT_SECONDS,
        onnotice: () => {},
      });
      const { unlisten } = await listener.listen(channel, onNotify, onListening);
      return unlisten;
    },
    close: async () => {
      await Promise.all([client.end(), listener?.end()]);
    },
  };
}

function pgliteListen(client: PGlite): DatabaseHandle["listen"] {
  return async (channel, onNotify, onListening) => {
    const unlisten = await client.listen(channel, onNotify);
    // One process, no connection to lose: it listens from now until unlisten.
    onListening?.();
    return unlisten;
  };
}

/** Extensions the migrations create: PGlite ships them, but loads only those named here. */
const PGLITE_OPTIONS: PGliteOptions = { extensions: { pg_trgm } };

/** Upkeep (ADR 0021), Drizzle and LISTEN over one PGlite instance; closing stops them in order. */
function pgliteHandle(client: PGlite): DatabaseHandle {
  const stopUpkeep = scheduleUpkeep(client);
  const db = drizzlePglite({ client, schema, casing: "snake_case" });
  return {
    db,
    driver: "pglite",
    listen: pgliteListen(client),
    close: async () => {
      await stopUpkeep();
      await client.close();
    },
  };
}

/** A tarball of a new in-memory PGlite database once `prepare` has run on it (a test template). */
export async function dumpPgliteAfter(prepare: (handle: DatabaseHandle) => Promise<void>): Promise<Blob> {
  const client = new PGlite(PGLITE_OPTIONS);
  const handle = pgliteHandle(client);
  try {
    await prepare(handle);
    return await client.dumpDataDir("none");
  } finally {
    await handle.close();
  }
}

/**
 * PGlite in memory (`dataDir` null) or in a directory. `loadDataDir`: a tarball of a data directory
 * (`dumpDataDir`) to start from instead of an empty cluster, for a new directory or in memory.
 */
export function createPgliteHandle(
  dataDir: string | null,
  options: { loadDataDir?: Blob } = {},
): DatabaseHandle {
  const pgliteOptions: PGliteOptions = { ...PGLITE_OPTIONS, ...options };
  if (dataDir === null) return pgliteHandle(new PGlite(pgliteOptions));
  const unlock = lockPgliteDataDir(dataDir);
  try {
    // Before opening: a directory made by an older version, or left by a killed process.
    restrictDataDirectory(dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  const client = new PGlite(dataDir, pgliteOptions);
  process.once("exit", unlock);
  // A fresh directory is filled from PGlite's archive as it starts: tighten that once it is ready.
  // Best effort while open (the directory is already private); the pass at close reports failures.
  const restrictedOnceReady = client.waitReady.then(() => restrictDataDirectory(dataDir)).catch(() => {});
  const handle = pgliteHandle(client);
  return {
    ...handle,
    close: async () => {
      try {
        await restrictedOnceReady;
        await handle.close();
        // Again, for anything PostgreSQL wrote after start-up with fopen's default mode (0644).
        restrictDataDirectory(dataDir);
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
      ? createPostgresHandle(config.url, config.poolMax, config.directUrl)
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
