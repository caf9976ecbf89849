import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverEnv } from "@doable/env";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { type Pgbouncer, pgbouncerBinary, startPgbouncer } from "./pgbouncer";

const SESSION_TIMEOUT = "123ms";

function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function withPgbouncer(serverUrl: string, body: (pooler: Pgbouncer) => Promise<void>): Promise<void> {
  const pooler = await startPgbouncer(serverUrl);
  try {
    await body(pooler);
  } finally {
    await pooler.stop();
  }
}

describe("pgbouncerBinary", () => {
  it("fails, naming the package to install, when pgbouncer is nowhere to be found", async () => {
    const empty = await mkdtemp(join(tmpdir(), "doable-no-pgbouncer-"));
    try {
      expect(() => pgbouncerBinary([empty])).toThrow(/needs PgBouncer.*apt-get install pgbouncer/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

// Needs a server to pool: runs in the PgBouncer pass (TEST_PGBOUNCER=1, which .ci/run makes).
const { testDatabaseUrl: serverUrl, testPgbouncer } = serverEnv();

describe("startPgbouncer (PgBouncer pass)", () => {
  it.skipIf(!testPgbouncer)(
    "pools in transaction mode: a session's SET reaches the next client, a startup parameter is refused",
    async () => {
      if (serverUrl === null) throw new Error("TEST_PGBOUNCER needs TEST_DATABASE_URL");
      await withPgbouncer(serverUrl, async (pooler) => {
        const url = pooler.urlFor(serverUrl);
        expect(url).not.toBe(serverUrl);
        const first = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
        const second = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
        const withTimeout = postgres(url, { max: 1, connection: { statement_timeout: 100 } });
        try {
          // One idle server connection, so the second client's query runs where the first's SET did:
          // the reason Doable never relies on SET for the statement timeout (docs/decisions/0018).
          await first.unsafe(`set statement_timeout = '${SESSION_TIMEOUT}'`);
          const [row] = await second<
            { value: string }[]
          >`select current_setting('statement_timeout') as value`;
          expect(row?.value).toBe(SESSION_TIMEOUT);
          await expect(withTimeout`select 1`).rejects.toThrow(
            /unsupported startup parameter: statement_timeout/,
          );
        } finally {
          await first.unsafe("reset statement_timeout");
          await Promise.all([first.end(), second.end(), withTimeout.end()]);
        }
      });
    },
  );

  it.skipIf(!testPgbouncer)("stops: nothing listens afterwards, and stopping again is harmless", async () => {
    if (serverUrl === null) throw new Error("TEST_PGBOUNCER needs TEST_DATABASE_URL");
    const pooler = await startPgbouncer(serverUrl);
    const url = pooler.urlFor(serverUrl);
    expect(await accepts(url)).toBe(true);
    await pooler.stop();
    expect(await accepts(url)).toBe(false);
    await pooler.stop();
  });
});
