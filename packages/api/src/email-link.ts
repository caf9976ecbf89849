import {
  clearSignInFailures,
  consumeEmailToken,
  deleteEmailBuckets,
  deleteUserEmailTokens,
  invalidateUserSessions,
} from "@doable/auth";
import { type EmailToken, isUniqueViolation, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { and, eq, ne } from "drizzle-orm";
import { emailChangedNotice } from "./mail/account-mail";
import { logSecurityEvent } from "./security-log";
import { presentedSession } from "./session-context";
import type { Context } from "./trpc";
import { EMAIL_TAKEN_MESSAGE, INVALID_LINK_MESSAGE } from "./router/messages";

export interface ConfirmedEmail {
  email: string;
  /** True when the link changed the account's address (an email change), false for a verification. */
  changed: boolean;
}

function invalidLink(): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message: INVALID_LINK_MESSAGE });
}

/** A verification link: the address is confirmed if the account still has it. */
async function confirmAddress(ctx: Context, used: EmailToken): Promise<ConfirmedEmail> {
  const [user] = await ctx.db
    .update(users)
    .set({ emailVerifiedAt: ctx.now() })
    .where(and(eq(users.id, used.userId), eq(users.email, used.email)))
    .returning({ id: users.id });
  if (!user) throw invalidLink();
  await logSecurityEvent(ctx, used.userId, "email_verified");
  return { email: used.email, changed: false };
}

/**
 * Moves the account to the link's address, verified, in one transaction with the removal of every
 * other pending link and the end of every session but `keepSessionId`; false when the account no
 * longer has the address the change was asked from.
 */
async function moveAddress(
  ctx: Context,
  used: EmailToken,
  fromEmail: string,
  keepSessionId: string | null,
): Promise<boolean> {
  return ctx.db.transaction(async (tx): Promise<boolean> => {
    const moved = await tx
      .update(users)
      .set({ email: used.email, emailVerifiedAt: ctx.now(), updatedAt: ctx.now() })
      .where(and(eq(users.id, used.userId), eq(users.email, fromEmail)))
      .returning({ id: users.id });
    if (moved.length === 0) return false;
    await deleteUserEmailTokens(tx, used.userId, null);
    await invalidateUserSessions(tx, used.userId, keepSessionId);
    return true;
  });
}

/** The presented session's id if it is this user's (the browser that used the link keeps it). */
async function ownPresentedSessionId(ctx: Context, userId: string): Promise<string | null> {
  const current = await presentedSession(ctx);
  return current?.user.id === userId ? current.session.id : null;
}

/**
 * After an address change: the old address is told (it hears of nothing else from now on), and
 * the throttling rows keyed by it are forgotten, as account deletion forgets them. Bookkeeping
 * writes run outside any transaction (ADR 0026).
 */
async function settleAddressChange(ctx: Context, fromEmail: string, newEmail: string): Promise<void> {
  ctx.mailer.send(emailChangedNotice(fromEmail, newEmail));
  await deleteEmailBuckets(ctx.db, fromEmail);
  await clearSignInFailures(ctx.db, fromEmail);
}

/**
 * An email-change link: the account takes the new address, verified, but only while it still has
 * the address the change was asked from (a password reset or another change since voids it).
 * Every other session ends, as with a password change. The uniqueness rule of sign-up holds here
 * too: if someone registered the address since the request, the change is refused with sign-up's
 * own message (the holder of the link controls that address anyway).
 */
async function changeAddress(ctx: Context, used: EmailToken): Promise<ConfirmedEmail> {
  const fromEmail = used.fromEmail;
  if (fromEmail === null) throw invalidLink();
  const [taken] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, used.email), ne(users.id, used.userId)))
    .limit(1);
  if (taken) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
  const keepSessionId = await ownPresentedSessionId(ctx, used.userId);
  let moved: boolean;
  try {
    moved = await moveAddress(ctx, used, fromEmail, keepSessionId);
  } catch (error) {
    // Registered between the check and the update: the unique index decides, as at sign-up.
    if (isUniqueViolation(error)) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
    throw error;
  }
  if (!moved) throw invalidLink();
  await logSecurityEvent(ctx, used.userId, "email_changed");
  await settleAddressChange(ctx, fromEmail, used.email);
  return { email: used.email, changed: true };
}

/** Uses a verification or email-change link once; anything else is "invalid or expired". */
export async function confirmEmailLink(ctx: Context, token: string): Promise<ConfirmedEmail> {
  const used = await consumeEmailToken(ctx.db, token, ["email_verification", "email_change"], ctx.now());
  if (!used) throw invalidLink();
  return used.purpose === "email_change" ? changeAddress(ctx, used) : confirmAddress(ctx, used);
}
