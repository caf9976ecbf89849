import { parseServerEnv } from "@doable/env";
import { describe, expect, it } from "vitest";
import { databaseConfigFromEnv } from "./database-from-env";

const POOLED = "postgres://app@pooler.internal:6432/doable";
const DIRECT = "postgres://app@db.internal:5432/doable";

describe("databaseConfigFromEnv", () => {
  it("is PGlite without DATABASE_URL", () => {
    expect(databaseConfigFromEnv(parseServerEnv({ PGLITE_DATA_DIR: "/var/lib/doable" }))).toEqual({
      driver: "pglite",
      dataDir: "/var/lib/doable",
    });
  });

  it("pools through DATABASE_URL and migrates through DATABASE_DIRECT_URL", () => {
    const env = parseServerEnv({
      DATABASE_URL: POOLED,
      DATABASE_DIRECT_URL: DIRECT,
      DATABASE_POOL_MAX: "7",
      DATABASE_STATEMENT_TIMEOUT_MS: "2500",
    });
    expect(databaseConfigFromEnv(env)).toEqual({
      driver: "postgres",
      url: POOLED,
      directUrl: DIRECT,
      poolMax: 7,
      statementTimeoutMs: 2500,
    });
  });

  it("migrates through DATABASE_URL when it is the server itself", () => {
    expect(databaseConfigFromEnv(parseServerEnv({ DATABASE_URL: DIRECT }))).toMatchObject({
      url: DIRECT,
      directUrl: DIRECT,
    });
  });
});
