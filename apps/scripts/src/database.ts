import { type DatabaseHandle, databaseConfigFromEnv } from "@doable/db";
import { openMigratedDatabase } from "@doable/db/migrate";
import { serverEnv } from "@doable/env";

/** The configured database, migrated; with PGlite the server must not be running (one process per directory). */
export function openScriptDatabase(): Promise<DatabaseHandle> {
  return openMigratedDatabase(databaseConfigFromEnv(serverEnv()));
}
