import { serverEnv } from "@doable/env";
import { databaseConfigFromEnv } from "../database-from-env";
import { openMigratedDatabase } from "../migrate";

const config = databaseConfigFromEnv(serverEnv());
const handle = await openMigratedDatabase(config);
await handle.close();
const where =
  config.driver === "postgres"
    ? `PostgreSQL (through DATABASE_DIRECT_URL; statement timeout ${config.statementTimeoutMs} ms)`
    : `PGlite in ${config.dataDir}`;
console.log(`Migrations applied: ${where}`);
