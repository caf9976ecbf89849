import { PASSWORD_CONFIRMATION_BUCKET, type ValidSession } from "@doable/auth";
import { FRESH_SIGN_IN_MINUTES, MINUTE_MS } from "@doable/domain";
import type { TRPCError } from "@trpc/server";
import { fieldError } from "./field-errors";
import { passwordMatches, wrongPassword } from "./password-check";
import { enforceUserBucket } from "./throttle";
import type { Context } from "./trpc";

/**
 * How recent a sign-in must be for a sensitive account change to go ahead without the password
 * again (docs/decisions/0040): long enough to act right after signing in, short enough that a
 * session left open, or a stolen cookie or token, cannot end the owner's other sessions, move the
 * account to another address, turn two-factor off, remove a passkey or delete the account.
 */
export const FRESH_SIGN_IN_MS = FRESH_SIGN_IN_MINUTES * MINUTE_MS;

/**
 * The field error a stale session gets: clients show it as a password prompt and send the
 * action again with `password` (the web app's sessions list, `doable sessions revoke`).
 */
export const PASSWORD_AGAIN_MESSAGE = "Enter your password again to continue";
export const PASSWORD_AGAIN_FIELD = "password";

/** A signed-in request: its user and the session it presented. */
type SignedInContext = Context & { user: { id: string }; session: ValidSession["session"] };

/**
 * Whether the session was opened by a sign-in (password, with the code when two-factor is on)
 * within FRESH_SIGN_IN_MS. A session is only ever created by proving the password (sign-in,
 * sign-up, a password change), so its creation time is that sign-in's time.
 */
export function isFreshSignIn(session: { createdAt: Date }, now: Date): boolean {
  return now.getTime() - session.createdAt.getTime() < FRESH_SIGN_IN_MS;
}

/** The password again, checked like every account change that asks for it (per user, bucketed). */
export async function confirmPassword(ctx: SignedInContext, password: string, field: string): Promise<void> {
  await enforceUserBucket(ctx, ctx.user.id, PASSWORD_CONFIRMATION_BUCKET);
  if (!(await passwordMatches(ctx.db, ctx.passwords, ctx.user.id, password))) throw wrongPassword(field);
}

function passwordAgain(): TRPCError {
  return fieldError(PASSWORD_AGAIN_FIELD, PASSWORD_AGAIN_MESSAGE);
}

/**
 * The one guard of sensitive account changes: a password given is checked (a wrong one is a
 * field error, even on a fresh session); without one, the session must be fresh, else the
 * answer asks for the password again. Procedures whose input requires the password (deleting
 * the account, changing the email, turning two-factor off) thus always check it; the others
 * (revoking sessions, removing a passkey) take it only when the session is not fresh.
 */
export async function requireFreshSignIn(ctx: SignedInContext, password: string | undefined): Promise<void> {
  if (password !== undefined) return confirmPassword(ctx, password, PASSWORD_AGAIN_FIELD);
  if (!isFreshSignIn(ctx.session, ctx.now())) throw passwordAgain();
}
