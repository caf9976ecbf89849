/**
 * Acknowledged writes survive a crash: the production server is SIGKILLed (its whole process
 * group, no shutdown of any kind) in the middle of a stream of task.create calls, a new server is
 * started on the same database, and every create that had answered 200 is there. On PGlite (the
 * default) this is the embedded database's own durability; with TEST_DATABASE_URL it checks that
 * the server answers only after PostgreSQL has committed.
 */
import { randomUUID } from "node:crypto";
import { createTestServerDatabase, type TestServerDatabase } from "@doable/db/testing";
import { SECOND_MS } from "@doable/domain";
import { afterAll, describe, expect, it } from "vitest";
import { rawClient, resultData } from "@doable/test-support/http-client";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";

const PASSWORD = "a perfectly fine password";
/** Creates attempted in all; the server is killed once KILL_AFTER_ACKNOWLEDGED have answered 200. */
const WRITES = 150;
const KILL_AFTER_ACKNOWLEDGED = 100;
/** Calls in flight at once, so the kill lands while several are unanswered. */
const CONCURRENT_WRITERS = 6;
const LIST_PAGE_SIZE = 100;
/** Two production-server starts on a busy two-core machine, plus the writes. */
const TEST_TIMEOUT_MS = 300_000;

let database: TestServerDatabase | null = null;
const servers: ProductionServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop();
  await database?.cleanup();
});

async function bearerToken(api: ReturnType<typeof rawClient>, email: string): Promise<string> {
  expect((await api.mutation("auth.signUp", { email, password: PASSWORD })).status).toBe(200);
  const signIn = await api.mutation("auth.signIn", { email, password: PASSWORD, transport: "bearer" });
  expect(signIn.status).toBe(200);
  return resultData<{ token: string }>(signIn).token;
}

interface WriteOutcome {
  /** Ids the server answered 200 for: these must survive. */
  acknowledged: Set<string>;
  /** Calls that got no answer because the server died under them (their outcome is unknown). */
  unanswered: number;
}

/**
 * Creates tasks with client-chosen ids from several writers at once, and SIGKILLs the server as
 * soon as enough have been acknowledged, while the others are still in flight.
 */
async function writeUntilKilled(server: ProductionServer, authorization: string): Promise<WriteOutcome> {
  const api = rawClient(server.baseUrl);
  const pending = Array.from({ length: WRITES }, (_, index) => ({
    id: randomUUID(),
    title: `Write ${index}`,
  }));
  const acknowledged = new Set<string>();
  let unanswered = 0;
  let killed: Promise<unknown> | null = null;

  async function writer(): Promise<void> {
    // Writers keep writing after the kill is sent, as clients would: a server that answers fast
    // would otherwise have answered every call in flight before the signal lands.
    for (let task = pending.shift(); task; task = pending.shift()) {
      let response: Awaited<ReturnType<typeof api.mutation>>;
      try {
        response = await api.mutation("task.create", task, { authorization });
      } catch {
        // The connection died with the server.
        unanswered += 1;
        return;
      }
      if (response.status === 429) {
        // The per-user write rate: wait as told and send the same id again (creates are idempotent).
        const seconds = Number(response.headers.get("retry-after") ?? "1");
        await new Promise((resolve) => setTimeout(resolve, seconds * SECOND_MS));
        pending.unshift(task);
        continue;
      }
      expect(response.status, response.text).toBe(200);
      acknowledged.add(task.id);
      if (acknowledged.size === KILL_AFTER_ACKNOWLEDGED && killed === null) killed = server.kill("SIGKILL");
    }
  }

  await Promise.all(Array.from({ length: CONCURRENT_WRITERS }, writer));
  await killed;
  return { acknowledged, unanswered };
}

async function listedIds(baseUrl: string, authorization: string): Promise<Set<string>> {
  const api = rawClient(baseUrl);
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const input: Record<string, unknown> = {
      limit: LIST_PAGE_SIZE,
      status: "all",
      ...(cursor ? { cursor } : {}),
    };
    const response = await api.query("task.list", input, { authorization });
    expect(response.status, response.text).toBe(200);
    const page = resultData<{ items: Array<{ id: string }>; nextCursor: string | null }>(response);
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ids;
}

describe("a crash in the middle of writes", () => {
  it(
    "loses no acknowledged task.create: SIGKILL mid-writes, restart on the same data, every 200 is there",
    async () => {
      database = await createTestServerDatabase();
      const first = await startProductionServer({}, { database });
      servers.push(first);
      const authorization = `Bearer ${await bearerToken(rawClient(first.baseUrl), `durable-${Date.now()}@example.com`)}`;

      const { acknowledged, unanswered } = await writeUntilKilled(first, authorization);
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED);
      // The kill landed mid-writes: some calls were still waiting for their answer.
      expect(unanswered).toBeGreaterThan(0);
      // Killed, not stopped: no "ready" server is left answering.
      await expect(fetch(`${first.baseUrl}/api/health`)).rejects.toThrow();

      const second = await startProductionServer({}, { database });
      servers.push(second);
      const stored = await listedIds(second.baseUrl, authorization);
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost).toEqual([]);
      // Unanswered creates may or may not have landed, but nothing else did.
      expect(stored.size).toBeLessThanOrEqual(WRITES);
    },
    TEST_TIMEOUT_MS,
  );
});
