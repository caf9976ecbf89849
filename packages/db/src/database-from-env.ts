import type { ServerEnv } from "@doable/env";
import type { DatabaseConfig } from "./client";

export function databaseConfigFromEnv(env: ServerEnv): DatabaseConfig {
  return env.databaseUrl === null
    ? { driver: "pglite", dataDir: env.pgliteDataDir }
    : {
        driver: "postgres",
        url: env.databaseUrl,
        directUrl: env.databaseDirectUrl ?? env.databaseUrl,
        poolMax: env.databasePoolMax,
        statementTimeoutMs: env.databaseStatementTimeoutMs,
      };
}
