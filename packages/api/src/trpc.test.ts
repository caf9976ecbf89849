import { cookiePolicyForOrigin } from "@doable/auth";
import { createPgliteHandle, createPostgresHandle, type Database } from "@doable/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { createTRPCContext } from "./trpc";

const cookiePolicy = cookiePolicyForOrigin("http://localhost:3000");
const SOME_TOKEN = "aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/** Calls the router over the fetch adapter, so the error formatter's output is what we check. */
async function callOverHttp(db: Database, path: string, init: RequestInit = {}) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost:3000/api/trpc/${path}`, init),
    router: appRouter,
    createContext: ({ req, resHeaders }) =>
      createTRPCContext({
        clientIp: null,
        db,
        headers: req.headers,
        resHeaders,
        cookiePolicy,
        requestId: "request-1",
      }),
  });
  const text = await response.text();
  return { status: response.status, text, error: JSON.parse(text).error.json };
}

// Nothing listens on port 1: every query fails to connect, like a database that is down.
const unreachable = createPostgresHandle("postgres://postgres@127.0.0.1:1/none", 1);

afterAll(async () => {
  await unreachable.close();
});

describe("database down", () => {
  it("answers 503 SERVICE_UNAVAILABLE with friendly text, never UNAUTHORIZED", async () => {
    const result = await callOverHttp(unreachable.db, "task.list", {
      headers: { authorization: `Bearer ${SOME_TOKEN}` },
    });
    expect(result.status).toBe(503);
    expect(result.error.data.code).toBe("SERVICE_UNAVAILABLE");
    expect(result.error.message).toMatch(/temporarily unavailable/);
    expect(result.text).not.toMatch(/stack|ECONNREFUSED|127\.0\.0\.1/);
  });

  it("answers 503 for public procedures too", async () => {
    const result = await callOverHttp(unreachable.db, "auth.signIn", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "someone@example.com", password: "whatever123" } }),
    });
    expect(result.status).toBe(503);
  });
});

describe("unexpected errors", () => {
  it("answer 500 with a generic message and the request id, and no stack or internals", async () => {
    const closed = createPgliteHandle(null);
    await closed.close();
    const result = await callOverHttp(closed.db, "auth.signIn", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "someone@example.com", password: "whatever123" } }),
    });
    expect(result.status).toBe(500);
    expect(result.error.message).toBe("Something went wrong on our side. Please try again.");
    expect(result.error.data.requestId).toBe("request-1");
    expect(result.text).not.toMatch(/stack|PGlite|select/i);
  });
});

describe("bad input", () => {
  it("names each unknown key as a field error", async () => {
    const closed = createPgliteHandle(null);
    const result = await callOverHttp(closed.db, "auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "x@example.com", password: "long enough", isAdmin: true } }),
    });
    await closed.close();
    expect(result.status).toBe(400);
    expect(result.error.message).toBe("Invalid input");
    expect(result.error.data.fieldErrors).toEqual({ isAdmin: ["Unknown field"] });
  });
});
