import { findPasskeyByCredentialId, recordPasskeyUse, type SessionTransport } from "@doable/auth";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { TRPCError } from "@trpc/server";
import { consumeSignedChallenge, userHandleMatches, verifiedAssertionCounter } from "./passkeys";
import { logSecurityEvent } from "./security-log";
import type { Context } from "./trpc";

/**
 * The one answer to every failed passkey sign-in: an unknown, expired or used challenge, an unknown
 * passkey, a signature that does not verify, a replayed or cloned counter. Nothing tells which.
 */
export const PASSKEY_NOT_RECOGNIZED_MESSAGE = "This passkey could not sign you in";

export function passkeyNotRecognized(): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message: PASSKEY_NOT_RECOGNIZED_MESSAGE });
}

/** Whose passkey signed, and how the session is to be handed over (as asked at `auth.passkey.begin`). */
export interface ProvenPasskey {
  userId: string;
  transport: SessionTransport;
}

/**
 * Checks a sign-in assertion: its challenge is used up first (so a response works once, whatever
 * follows), then the passkey it names must have signed it with the user verified and a counter
 * that moved on; the counter is stored conditionally, so two assertions checked at once against
 * the same counter do not both count. A bad signature over a valid challenge is logged as a failed
 * sign-in for the passkey's owner. Null when anything is wrong.
 */
export async function provePasskeySignIn(
  ctx: Context,
  response: AuthenticationResponseJSON,
): Promise<ProvenPasskey | null> {
  const [consumed, passkey] = await Promise.all([
    consumeSignedChallenge(ctx, response.response.clientDataJSON, { ceremony: "authentication" }),
    findPasskeyByCredentialId(ctx.db, response.id),
  ]);
  if (!consumed || consumed.transport === null || passkey === null) return null;
  const counter = userHandleMatches(response.response.userHandle, passkey.userId)
    ? await verifiedAssertionCounter(ctx, response, consumed.challenge, passkey)
    : null;
  if (counter === null || !(await recordPasskeyUse(ctx.db, passkey, counter, ctx.now()))) {
    await logSecurityEvent(ctx, passkey.userId, "sign_in_failed");
    return null;
  }
  return { userId: passkey.userId, transport: consumed.transport };
}
