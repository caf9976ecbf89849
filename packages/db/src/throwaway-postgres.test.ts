import { existsSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { postgresServerBinDir, startThrowawayPostgres } from "./throwaway-postgres";

const binDir = postgresServerBinDir();
const inCi = process.env.CI === "true";

// Without PostgreSQL's server binaries there is nothing to start: a visible skip on a developer's
// machine, a failure in CI (nothing the machine can run is skipped there).
describe.skipIf(binDir === null && !inCi)(
  "startThrowawayPostgres (needs PostgreSQL's server binaries)",
  () => {
    it("starts a server of its own that answers SQL, and stop removes it", async () => {
      expect(binDir, "PostgreSQL's server binaries (initdb, postgres)").not.toBeNull();
      expect(existsSync(join(binDir ?? "", "initdb"))).toBe(true);
      const server = await startThrowawayPostgres();
      const client = postgres(server.url, { max: 1, onnotice: () => {} });
      try {
        const [row] = await client<{ answer: number }[]>`select 6 * 7 as answer`;
        expect(row?.answer).toBe(42);
      } finally {
        await client.end();
        await server.stop();
      }
      const after = postgres(server.url, { max: 1, connect_timeout: 1, onnotice: () => {} });
      await expect(after`select 1`).rejects.toThrow();
      await after.end();
      await server.stop();
    });
  },
);
