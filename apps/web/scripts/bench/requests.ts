/**
 * The requests of each scenario, made one at a time by the load and sequential runners alike. Each
 * source rotates through the seeded users (tokens, accounts, client addresses) with a counter
 * shared by both servers, so consecutive uses of one account are far apart.
 */
import { randomBytes } from "node:crypto";
import { testClientAddress } from "@doable/test-support/http-client";
import type { ScenarioId } from "./scenario";
import type { Seed } from "./seed";

export interface RequestSpec {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Called once per request, with the base URL of the server it goes to. */
export type RequestSource = (baseUrl: string) => RequestSpec;

/** The dashboard's first page (its default filters), 50 at a time as issue 8 measures. */
export const LIST_INPUT = { status: "all", sort: "created", limit: 50 } as const;
export const LIST_PATH = `/api/trpc/task.list?input=${encodeURIComponent(JSON.stringify({ json: LIST_INPUT }))}`;
const HEALTH_PATH = "/api/health";
const SIGN_IN_PATH = "/api/trpc/auth.signIn";
const PASSWORD_RESET_PATH = "/api/trpc/auth.requestPasswordReset";
/** Same lengths as a real token (packages/auth/src/session.ts), so it reaches the database lookup. */
const TOKEN_ID_BYTES = 15;
const TOKEN_SECRET_BYTES = 24;
const UNKNOWN_TOKEN_COUNT = 1000;

/** A well-formed token that names no session. */
export function unknownToken(): string {
  return `${randomBytes(TOKEN_ID_BYTES).toString("base64url")}.${randomBytes(TOKEN_SECRET_BYTES).toString("base64url")}`;
}

function rotation<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error("nothing to rotate through");
  let next = 0;
  return () => {
    const item = items[next % items.length] as T;
    next += 1;
    return item;
  };
}

export function signInRequest(baseUrl: string, email: string, password: string): RequestSpec {
  return {
    method: "POST",
    path: SIGN_IN_PATH,
    headers: {
      "content-type": "application/json",
      // Sign-in is a write: the app refuses it unless it comes from its own origin.
      origin: baseUrl,
      // A new address each time: the per-client bucket must not answer instead of the hasher.
      "x-forwarded-for": testClientAddress(),
    },
    body: JSON.stringify({ json: { email, password, transport: "bearer" } }),
  };
}

/** "Forgot password" for `email`, from a new client address each time (the per-client bucket is 5). */
export function passwordResetRequest(baseUrl: string, email: string): RequestSpec {
  return {
    method: "POST",
    path: PASSWORD_RESET_PATH,
    headers: { "content-type": "application/json", origin: baseUrl, "x-forwarded-for": testClientAddress() },
    body: JSON.stringify({ json: { email } }),
  };
}

export function requestSources(seed: Seed): Record<ScenarioId, RequestSource> {
  const nextUser = rotation(seed.users);
  const nextSignInUser = rotation(seed.users);
  const nextUnknownToken = rotation(Array.from({ length: UNKNOWN_TOKEN_COUNT }, unknownToken));
  const list: RequestSource = () => {
    const user = nextUser();
    return {
      method: "GET",
      path: LIST_PATH,
      headers: { authorization: `Bearer ${user.token}`, "x-forwarded-for": user.address },
    };
  };
  const badToken: RequestSource = () => ({
    method: "GET",
    path: LIST_PATH,
    headers: { authorization: `Bearer ${nextUnknownToken()}`, "x-forwarded-for": nextUser().address },
  });
  const health: RequestSource = () => ({
    method: "GET",
    path: HEALTH_PATH,
    headers: { "x-forwarded-for": nextUser().address },
  });
  const signIn: RequestSource = (baseUrl) => signInRequest(baseUrl, nextSignInUser().email, seed.password);
  return {
    list,
    badTokenLoad: badToken,
    badTokenSequential: badToken,
    health,
    signInSequential: signIn,
    signInConcurrent: signIn,
  };
}
