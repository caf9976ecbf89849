/**
 * `task.onChange` over HTTP on the production server: server-sent events, only the owner's, resumable
 * with `Last-Event-ID`, ended by sign-out and by shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiePair, rawClient, resultData } from "@doable/test-support/http-client";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";
import { openSse, type SseMessage, type SseStream } from "@doable/test-support/sse-client";

/** Far more than a change takes to arrive on a busy machine; one that has not arrived by then never will. */
const ARRIVES_WITHIN_MS = 10_000;
/** Long enough for a wrongly delivered event to have arrived. */
const QUIET_FOR_MS = 700;
/** How long a stream gets to start listening before the test changes anything. */
const LISTENING_WITHIN_MS = 300;
const PASSWORD = "a perfectly fine password";

let server: ProductionServer;
let api: ReturnType<typeof rawClient>;
const streams: SseStream[] = [];

beforeAll(async () => {
  server = await startProductionServer();
  api = rawClient(server.baseUrl);
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await server?.stop();
});

let emailCounter = 0;
async function signUp(): Promise<{ cookie: string; email: string }> {
  emailCounter += 1;
  const email = `live-${emailCounter}-${Date.now()}@example.com`;
  const response = await api.mutation("auth.signUp", { email, password: PASSWORD });
  expect(response.status).toBe(200);
  return { cookie: cookiePair(response.headers.get("set-cookie") ?? ""), email };
}

async function listen(headers: Record<string, string>, input?: unknown): Promise<SseStream> {
  const stream = await openSse(server.baseUrl, "task.onChange", input, headers);
  streams.push(stream);
  expect(stream.status).toBe(200);
  expect(await stream.next(LISTENING_WITHIN_MS)).toBe("quiet");
  return stream;
}

function expectChange(message: SseMessage | "ended" | "quiet"): SseMessage {
  if (typeof message === "string") throw new Error(`expected a change, got ${message}`);
  return message;
}

async function createTask(cookie: string, title: string): Promise<string> {
  const created = await api.mutation("task.create", { title }, { cookie });
  expect(created.status).toBe(200);
  return resultData<{ id: string }>(created).id;
}

describe("task.onChange over HTTP", () => {
  it("streams a change made by another client to the owner's open stream, as server-sent events", async () => {
    const { cookie } = await signUp();
    const stream = await listen({ cookie });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("cache-control")).toMatch(/no-store/);

    const id = await createTask(cookie, "Made in another tab");
    const change = expectChange(await stream.next(ARRIVES_WITHIN_MS));
    expect(change.id).toMatch(/^\d+$/);
    expect(change.data).toMatchObject({
      type: "upsert",
      task: { id, title: "Made in another tab", version: 1 },
    });
  });

  it("sends nothing of another user's tasks", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const stream = await listen({ cookie: owner.cookie });
    await createTask(stranger.cookie, "Not yours");
    expect(await stream.next(QUIET_FOR_MS)).toBe("quiet");
  });

  it("resumes after Last-Event-ID with what happened meanwhile", async () => {
    const { cookie } = await signUp();
    const first = await listen({ cookie });
    await createTask(cookie, "Seen");
    const seen = expectChange(await first.next(ARRIVES_WITHIN_MS));
    first.close();

    await createTask(cookie, "Missed while away");
    const resumed = await openSse(server.baseUrl, "task.onChange", undefined, {
      cookie,
      "last-event-id": seen.id ?? "",
    });
    streams.push(resumed);
    const missed = expectChange(await resumed.next(ARRIVES_WITHIN_MS));
    expect(missed.data).toMatchObject({ type: "upsert", task: { title: "Missed while away" } });
  });

  it("refuses a stream without a session, and ends one whose session signs out", async () => {
    // A stream's status line goes out before the procedure runs: the refusal is its one event.
    const refused = await openSse(server.baseUrl, "task.onChange", undefined, {});
    streams.push(refused);
    expect(await refused.next(ARRIVES_WITHIN_MS)).toMatchObject({
      event: "serialized-error",
      data: { data: { code: "UNAUTHORIZED" } },
    });

    const { cookie } = await signUp();
    const stream = await listen({ cookie });
    const signOut = await api.mutation("auth.signOut", undefined, { cookie });
    expect(signOut.status).toBe(200);
    // Whatever tRPC sends to say so (an error event or a "return"), the stream then closes.
    let message = await stream.next(ARRIVES_WITHIN_MS);
    while (typeof message !== "string") message = await stream.next(ARRIVES_WITHIN_MS);
    expect(message).toBe("ended");
  });
});

describe("shutdown with streams open", () => {
  it("ends every stream and exits 0 well before the drain timeout", async () => {
    const own = await startProductionServer();
    try {
      const client = rawClient(own.baseUrl);
      const response = await client.mutation("auth.signUp", {
        email: `live-shutdown-${Date.now()}@example.com`,
        password: PASSWORD,
      });
      const cookie = cookiePair(response.headers.get("set-cookie") ?? "");
      const stream = await openSse(own.baseUrl, "task.onChange", undefined, { cookie });
      streams.push(stream);
      expect(await stream.next(LISTENING_WITHIN_MS)).toBe("quiet");
      const started = Date.now();
      const exitCode = await own.kill("SIGTERM");
      expect(exitCode).toBe(0);
      // The drain waits up to 10 s for requests in flight: an open stream must not be one of them.
      expect(Date.now() - started).toBeLessThan(5_000);
      let message = await stream.next(ARRIVES_WITHIN_MS);
      while (typeof message !== "string") message = await stream.next(ARRIVES_WITHIN_MS);
      expect(message).toBe("ended");
    } finally {
      await own.stop();
    }
  });
});
