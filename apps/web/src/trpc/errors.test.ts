/**
 * The web app's reading of API errors, on real TRPCClientErrors: each comes from the real router
 * and errorFormatter over tRPC's fetch adapter, through the same kind of link the app uses.
 */
import { type AppRouter, appRouter, createTRPCContext } from "@doable/api";
import { GENERIC_ERROR_MESSAGE, NETWORK_ERROR_MESSAGE, UNAVAILABLE_MESSAGE } from "@doable/api/errors";
import { cookiePolicyForOrigin } from "@doable/auth";
import { createPgliteHandle, createPostgresHandle, type DatabaseHandle } from "@doable/db";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import SuperJSON from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, fieldErrorsOf, humanMessage, isUnauthorized, isUnavailable } from "./errors";

const ORIGIN = "http://localhost:3000";
const cookiePolicy = cookiePolicyForOrigin(ORIGIN);

function clientFor(handle: DatabaseHandle, fetchOverride?: typeof fetch) {
  const serve = (async (url: URL | RequestInfo, init?: RequestInit) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(url, init),
      router: appRouter,
      createContext: ({ req, resHeaders }) =>
        createTRPCContext({
          db: handle.db,
          headers: req.headers,
          resHeaders,
          cookiePolicy,
          clientIp: null,
          requestId: "req-web-1",
        }),
    })) as typeof fetch;
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${ORIGIN}/api/trpc`,
        transformer: SuperJSON,
        headers: { origin: ORIGIN, "sec-fetch-site": "same-origin" },
        fetch: fetchOverride ?? serve,
      }),
    ],
  });
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

let closed: DatabaseHandle;
// Nothing listens on port 1: every query fails to connect, like a database that is down.
const unreachable = createPostgresHandle("postgres://postgres@127.0.0.1:1/none", 1);

beforeAll(async () => {
  closed = createPgliteHandle(null);
  await closed.close();
});

afterAll(async () => {
  await unreachable.close();
});

describe("web errors (real TRPCClientErrors from the API)", () => {
  it("400: field errors keyed by field, and the first one as the message", async () => {
    const error = await failureOf(
      clientFor(closed).auth.signUp.mutate({ email: "not an email", password: "short" }),
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBe("BAD_REQUEST");
    const fields = fieldErrorsOf(error);
    expect(Object.keys(fields).sort()).toEqual(["email", "password"]);
    expect(humanMessage(error)).toBe(Object.values(fields)[0]?.[0]);
    expect(isUnauthorized(error)).toBe(false);
  });

  it("401: isUnauthorized, with the server's words", async () => {
    const error = await failureOf(clientFor(closed).task.stats.query());
    expect(isUnauthorized(error)).toBe(true);
    expect(fieldErrorsOf(error)).toEqual({});
    expect(humanMessage(error)).toBe("Not signed in");
  });

  it("500: the generic message with the request id as a reference", async () => {
    const error = await failureOf(
      clientFor(closed).auth.signIn.mutate({ email: "someone@example.com", password: "whatever123" }),
    );
    expect(errorCode(error)).toBe("INTERNAL_SERVER_ERROR");
    expect(humanMessage(error)).toBe(`${GENERIC_ERROR_MESSAGE} (reference req-web-1)`);
  });

  it("503: isUnavailable and the unavailable message", async () => {
    const error = await failureOf(
      clientFor(unreachable).auth.signIn.mutate({ email: "someone@example.com", password: "whatever123" }),
    );
    expect(isUnavailable(error)).toBe(true);
    expect(humanMessage(error)).toBe(UNAVAILABLE_MESSAGE);
  });

  it("no answer at all: the network message", async () => {
    const offline = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const error = await failureOf(clientFor(closed, offline).task.stats.query());
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBeNull();
    expect(humanMessage(error)).toBe(NETWORK_ERROR_MESSAGE);
  });

  it("anything that is not an API error: the generic message", () => {
    expect(humanMessage(new Error("boom"))).toBe(GENERIC_ERROR_MESSAGE);
    expect(errorCode("nope")).toBeNull();
    expect(fieldErrorsOf(undefined)).toEqual({});
  });
});
