import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serverEnv } from "@doable/env";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createTestServerDatabase } from "../testing";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** Nothing listens on port 1: the app's URL, which migrating must not touch. */
const UNREACHABLE_POOLER = "postgres://postgres@127.0.0.1:1/nowhere";
const STATEMENT_TIMEOUT_MS = 1234;

interface Run {
  code: number | null;
  output: string;
}

/** `pnpm db:migrate`, as `pnpm start` runs it, with these settings. */
function migrateScript(env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/scripts/migrate.ts"], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, PGLITE_DATA_DIR: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

// Needs a server: the PostgreSQL passes (TEST_DATABASE_URL); the PGlite pass reports it skipped.
const serverUrl = serverEnv().testDatabaseUrl;

describe("pnpm db:migrate (PostgreSQL passes)", () => {
  it.skipIf(serverUrl === null)(
    "migrates through DATABASE_DIRECT_URL, never the app's DATABASE_URL, and sets the statement timeout",
    async () => {
      const database = await createTestServerDatabase();
      const direct = database.env.DATABASE_DIRECT_URL ?? "";
      try {
        const run = await migrateScript({
          DATABASE_URL: UNREACHABLE_POOLER,
          DATABASE_DIRECT_URL: direct,
          DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        });
        expect(run.code, run.output).toBe(0);
        expect(run.output).toMatch(/Migrations applied: PostgreSQL \(through DATABASE_DIRECT_URL/);
        const client = postgres(direct, { max: 1, onnotice: () => {} });
        try {
          const [row] = await client<
            { value: string }[]
          >`select current_setting('statement_timeout') as value`;
          expect(row?.value).toBe(`${STATEMENT_TIMEOUT_MS}ms`);
        } finally {
          await client.end();
        }
      } finally {
        await database.cleanup();
      }
    },
  );
});
