import type { CookiePolicy, PresentedToken } from "@doable/auth";
import {
  type SessionTransport,
  serializeSessionCookie,
  serializeSessionCookieRemoval,
  type ValidSession,
  validateSessionToken,
} from "@doable/auth";
import type { Database } from "@doable/db";

interface SessionContext {
  db: Database;
  resHeaders: Headers | null;
  cookiePolicy: CookiePolicy;
  now: () => Date;
  presentedToken: PresentedToken | null;
}

export interface Authenticated extends ValidSession {
  transport: SessionTransport;
}

/** Verifies the presented token against the database; a dead cookie is cleared on the way. */
export async function authenticate(ctx: SessionContext): Promise<Authenticated | null> {
  if (ctx.presentedToken === null) return null;
  const valid = await validateSessionToken(ctx.db, ctx.presentedToken.token, ctx.now());
  if (valid === null) {
    if (ctx.presentedToken.transport === "cookie") clearSessionCookie(ctx);
    return null;
  }
  return { ...valid, transport: ctx.presentedToken.transport };
}

/**
 * The valid session behind the presented token, or null. Unlike `authenticate`, it writes nothing:
 * for public procedures that only need to know whose session the client holds.
 */
export async function presentedSession(ctx: SessionContext): Promise<ValidSession | null> {
  if (ctx.presentedToken === null) return null;
  return validateSessionToken(ctx.db, ctx.presentedToken.token, ctx.now());
}

export function setSessionCookie(
  ctx: Pick<SessionContext, "resHeaders" | "cookiePolicy">,
  token: string,
): void {
  ctx.resHeaders?.append("set-cookie", serializeSessionCookie(ctx.cookiePolicy, token));
}

export function clearSessionCookie(ctx: Pick<SessionContext, "resHeaders" | "cookiePolicy">): void {
  ctx.resHeaders?.append("set-cookie", serializeSessionCookieRemoval(ctx.cookiePolicy));
}
