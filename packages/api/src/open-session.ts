import { createSession, invalidateSession, type SessionTransport, validateSessionToken } from "@doable/auth";
import { finishDeviceRecognition, rememberSignInDevice } from "./device";
import { setSessionCookie } from "./session-context";
import type { Context } from "./trpc";
import type { PublicUser } from "./user";

/**
 * A finished sign-in: bearer clients get the token in the answer, browsers the cookie. Bearer
 * clients also get the device token to present at their next sign-in (docs/decisions/0037);
 * browsers keep theirs as the `doable_device` cookie.
 */
export interface SignedIn {
  user: PublicUser;
  token: string | null;
  deviceToken: string | null;
}

/** What a bearer client gets back of its device: the token to keep; a browser has its cookie. */
export function deviceTokenFor(transport: SessionTransport, deviceId: string | null): string | null {
  return transport === "bearer" ? deviceId : null;
}

/**
 * Ends the session this client presented, if it is still valid (a client holds one session at a
 * time); returns whose it was.
 */
export async function endPresentedSession(ctx: Context): Promise<string | null> {
  if (ctx.presentedToken === null) return null;
  const current = await validateSessionToken(ctx.db, ctx.presentedToken.token, ctx.now());
  if (current === null) return null;
  await invalidateSession(ctx.db, current.session.id);
  return current.user.id;
}

/**
 * The session a finished sign-in opens, over the transport asked for; the session the client held
 * before ends.
 */
export async function openSession(
  ctx: Context,
  user: PublicUser,
  transport: SessionTransport,
  deviceToken: string | undefined,
): Promise<SignedIn> {
  const bearer = transport === "bearer";
  // The device is remembered together with the session's writes: one round trip less to wait for.
  const [{ token }, , remembered] = await Promise.all([
    createSession(ctx.db, {
      userId: user.id,
      kind: bearer ? "cli" : "browser",
      userAgent: ctx.userAgent,
      now: ctx.now(),
    }),
    endPresentedSession(ctx),
    rememberSignInDevice(ctx, user, { transport, notify: true, deviceToken }),
  ]);
  if (!bearer) setSessionCookie(ctx, token);
  // After the session cookie: clients that read the first Set-Cookie get the session.
  const deviceId = finishDeviceRecognition(ctx, user, remembered, transport);
  return { user, token: bearer ? token : null, deviceToken: deviceTokenFor(transport, deviceId) };
}
