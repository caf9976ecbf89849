import { type Database, databaseConfigFromEnv, openDatabase } from "@doable/db";
import { serverEnv } from "@doable/env";

/** The server's one database handle (one PGlite per process: the registry in @doable/db sees to it). */
export function database(): Database {
  return openDatabase(databaseConfigFromEnv(serverEnv())).db;
}
