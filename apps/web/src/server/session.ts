import "server-only";
import {
  cookiePolicyForOrigin,
  readSessionToken,
  type ValidSession,
  validateSessionToken,
} from "@doable/auth";
import { serverEnv } from "@doable/env";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { database } from "./database";

export interface PageSession {
  /** The signed-in user and session, verified against the database; null when signed out. */
  current: ValidSession | null;
  /** A session cookie was sent but is no longer valid: it expired or was revoked elsewhere. */
  expired: boolean;
}

/** Verifies the request's session cookie once per render. */
export const pageSession = cache(async (): Promise<PageSession> => {
  const presented = readSessionToken(
    new Headers(await headers()),
    cookiePolicyForOrigin(serverEnv().appOrigin),
  );
  if (presented === null || presented.transport !== "cookie") return { current: null, expired: false };
  const current = await validateSessionToken(database(), presented.token, new Date());
  return { current, expired: current === null };
});

/**
 * The signed-in user, or a redirect to sign-in. Every signed-in page calls it itself: a layout is
 * not re-rendered on client-side navigation, so it cannot be the only check.
 */
export async function requireSession(): Promise<ValidSession> {
  const { current, expired } = await pageSession();
  if (!current) redirect(expired ? "/signin?expired=1" : "/signin");
  return current;
}
