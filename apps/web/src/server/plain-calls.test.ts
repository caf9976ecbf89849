import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTaskFeed, type TaskFeed } from "@doable/api";
import type { DatabaseHandle } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { unavailableMailer } from "@doable/mail";
import { type RawResponse, rawClient, resultData } from "@doable/test-support/http-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiHandler } from "./api-handler";

/** Counts the requests that reach tRPC's adapter, to prove which path answered. */
const adapter = vi.hoisted(() => ({ requests: 0 }));
vi.mock("@trpc/server/adapters/node-http", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@trpc/server/adapters/node-http")>();
  return {
    ...actual,
    nodeHTTPRequestHandler: (...args: Parameters<typeof actual.nodeHTTPRequestHandler>) => {
      adapter.requests += 1;
      return actual.nodeHTTPRequestHandler(...args);
    },
  };
});

const APP_ORIGIN = "http://localhost:3000";
const PASSWORD = "a perfectly fine password";
/** The headers whose values both paths must agree on (the request id is per request by design). */
const COMPARED_HEADERS = ["content-type", "cache-control", "vary", "retry-after", "set-cookie"] as const;

let handle: DatabaseHandle;
let taskFeed: TaskFeed;
const servers: Server[] = [];
let plain: ReturnType<typeof rawClient>;
let reference: ReturnType<typeof rawClient>;
let bearer: Record<string, string>;
let taskId: string;

async function serve(plainCalls: boolean): Promise<ReturnType<typeof rawClient>> {
  const handleApi = createApiHandler({
    env: { appOrigin: APP_ORIGIN, trustProxyHops: 1 },
    db: handle.db,
    taskFeed,
    mailer: unavailableMailer,
    plainCalls,
  });
  const server = createServer(handleApi);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return rawClient(`http://127.0.0.1:${port}`);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  taskFeed = createTaskFeed(handle.listen);
  plain = await serve(true);
  reference = await serve(false);
  const email = `plain-${Date.now()}@example.com`;
  await plain.mutation("auth.signUp", { email, password: PASSWORD }, { origin: APP_ORIGIN });
  const signIn = await plain.mutation(
    "auth.signIn",
    { email, password: PASSWORD, transport: "bearer" },
    { origin: APP_ORIGIN },
  );
  bearer = { authorization: `Bearer ${resultData<{ token: string }>(signIn).token}` };
  const created = await plain.mutation(
    "task.create",
    { title: "Water the plants" },
    { origin: APP_ORIGIN, ...bearer },
  );
  taskId = resultData<{ id: string }>(created).id;
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await taskFeed?.close();
  await handle?.close();
});

/** Values that differ between two otherwise identical calls: ids, instants, positions, tokens, cookie dates. */
function normalized(text: string): string {
  return (
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<instant>")
      // A new task's place in the manual order: its creation time, and random digits (ADR 0046).
      .replace(/"position":"V[0-9A-Za-z]{10}"/g, '"position":"<position>"')
      .replace(/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, "<token>")
      .replace(/(doable_[a-z_]+)=[^;,]+/g, "$1=<value>")
      .replace(/Expires=[^;]+/g, "Expires=<date>")
      .replace(/(plain|reference)-\d+/g, "<side>")
  );
}

function comparable(response: RawResponse): Record<string, unknown> {
  const headers = Object.fromEntries(
    COMPARED_HEADERS.map((name) => [name, normalized(response.headers.get(name) ?? "")]),
  );
  return { status: response.status, headers, body: normalized(response.text) };
}

type Call = (client: ReturnType<typeof rawClient>, side: "plain" | "reference") => Promise<RawResponse>;

/** Makes the same call on both servers; answers both, and how many reached the adapter on the plain one. */
async function onBothPaths(
  call: Call,
): Promise<{ plain: RawResponse; reference: RawResponse; adapted: number }> {
  const before = adapter.requests;
  const plainAnswer = await call(plain, "plain");
  const adapted = adapter.requests - before;
  const referenceAnswer = await call(reference, "reference");
  return { plain: plainAnswer, reference: referenceAnswer, adapted };
}

function batchGet(client: ReturnType<typeof rawClient>, paths: string[], inputs: unknown[], headers = {}) {
  const input = Object.fromEntries(inputs.map((value, index) => [index, { json: value }]));
  const search = `batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  return client.fetch(`/api/trpc/${paths.join(",")}?${search}`, { headers });
}

function batchPost(client: ReturnType<typeof rawClient>, paths: string[], inputs: unknown[], headers = {}) {
  const input = Object.fromEntries(inputs.map((value, index) => [index, { json: value }]));
  return client.fetch(`/api/trpc/${paths.join(",")}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_ORIGIN, ...headers },
    body: JSON.stringify(input),
  });
}

const mutate = (client: ReturnType<typeof rawClient>, path: string, input: unknown, headers = {}) =>
  client.mutation(path, input, { origin: APP_ORIGIN, ...headers });

const plainCases: Record<string, Call> = {
  "a query, signed out": (client) => client.query("auth.me", undefined),
  "a query, signed in": (client) => client.query("auth.me", undefined, bearer),
  "a list of tasks": (client) => client.query("task.list", {}, bearer),
  "a protected query, signed out (401)": (client) => client.query("task.list", {}),
  "a query with invalid input (400, field errors)": (client) =>
    client.query("task.list", { limit: -1 }, bearer),
  "another person's id, or none at all (404)": (client) =>
    client.query("task.byId", { id: "00000000-0000-4000-8000-000000000000" }, bearer),
  "a batch of queries": (client) => batchGet(client, ["auth.me", "task.list"], [undefined, {}], bearer),
  "a batch whose answers differ (207)": (client) =>
    batchGet(
      client,
      ["task.byId", "task.list", "task.byId"],
      [{ id: "00000000-0000-4000-8000-000000000000" }, { limit: -1 }, { id: taskId }],
      bearer,
    ),
  "a mutation": (client) => mutate(client, "task.create", { title: "Call the plumber" }, bearer),
  "a mutation with invalid input": (client) => mutate(client, "task.create", { title: "" }, bearer),
  "a stale version (409, the current task)": (client) =>
    mutate(client, "task.update", { id: taskId, title: "Renamed", expectedVersion: 99 }, bearer),
  "a batch of mutations": (client) =>
    batchPost(client, ["task.create", "task.create"], [{ title: "One" }, { title: "" }], bearer),
  "a sign-up setting a cookie": (client, side) =>
    mutate(client, "auth.signUp", { email: `${side}-${Date.now()}@example.com`, password: PASSWORD }),
  "a wrong password": (client, side) =>
    mutate(client, "auth.signIn", {
      email: `${side}-${Date.now()}@example.com`,
      password: "not the password",
    }),
};

const adapterCases: Record<string, Call> = {
  "an unknown procedure": (client) => client.query("task.nothingHere", undefined, bearer),
  "a mutation by GET": (client) => client.query("task.create", { title: "Nope" }, bearer),
  "a query by POST": (client) => mutate(client, "task.list", {}, bearer),
  "input that is not JSON": (client) =>
    client.fetch("/api/trpc/task.list?input=%7Bnot-json", { headers: bearer }),
  "a batch whose input is not an object": (client) =>
    client.fetch(`/api/trpc/auth.me?batch=1&input=${encodeURIComponent("[1]")}`, { headers: bearer }),
  "a body that is not JSON": (client) =>
    client.fetch("/api/trpc/task.create", {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN, ...bearer },
      body: "{title",
    }),
  "a streamed batch": (client) =>
    batchGet(client, ["auth.me"], [undefined], { ...bearer, "trpc-accept": "application/jsonl" }),
};

describe("plain calls answer exactly as tRPC's adapter does", () => {
  for (const [name, call] of Object.entries(plainCases)) {
    it(`${name}, without the adapter`, async () => {
      const answers = await onBothPaths(call);
      expect(answers.adapted).toBe(0);
      expect(comparable(answers.plain)).toEqual(comparable(answers.reference));
    });
  }

  it("answers a cookie-carrying sign-up with its cookies, one header each", async () => {
    const answers = await onBothPaths(plainCases["a sign-up setting a cookie"] as Call);
    expect(answers.plain.headers.getSetCookie()).toHaveLength(
      answers.reference.headers.getSetCookie().length,
    );
    expect(answers.plain.headers.getSetCookie()[0]).toMatch(/^doable_session=/);
  });
});

describe("everything else still goes to tRPC's adapter", () => {
  for (const [name, call] of Object.entries(adapterCases)) {
    it(name, async () => {
      const answers = await onBothPaths(call);
      expect(answers.adapted).toBe(1);
      expect(comparable(answers.plain)).toEqual(comparable(answers.reference));
    });
  }
});
