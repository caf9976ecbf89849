import { consumeEmailToken } from "@doable/auth";
import { type EmailToken, isUniqueViolation, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { and, eq, ne } from "drizzle-orm";
import { logSecurityEvent } from "../security-log";
import type { Context } from "../trpc";
import { EMAIL_TAKEN_MESSAGE, INVALID_LINK_MESSAGE } from "./messages";

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
 * An email-change link: the account takes the new address, verified. The uniqueness rule of
 * sign-up holds here too: if someone registered the address since the request, the change is
 * refused with sign-up's own message (the holder of the link controls that address anyway).
 */
async function changeAddress(ctx: Context, used: EmailToken): Promise<ConfirmedEmail> {
  const [taken] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, used.email), ne(users.id, used.userId)))
    .limit(1);
  if (taken) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
  let updated: Array<{ id: string }>;
  try {
    updated = await ctx.db
      .update(users)
      .set({ email: used.email, emailVerifiedAt: ctx.now(), updatedAt: ctx.now() })
      .where(eq(users.id, used.userId))
      .returning({ id: users.id });
  } catch (error) {
    // Registered between the check and the update: the unique index decides, as at sign-up.
    if (isUniqueViolation(error)) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
    throw error;
  }
  if (updated.length === 0) throw invalidLink();
  await logSecurityEvent(ctx, used.userId, "email_changed");
  return { email: used.email, changed: true };
}

/** Uses a verification or email-change link once; anything else is "invalid or expired". */
export async function confirmEmailLink(ctx: Context, token: string): Promise<ConfirmedEmail> {
  const used = await consumeEmailToken(ctx.db, token, ["email_verification", "email_change"], ctx.now());
  if (!used) throw invalidLink();
  return used.purpose === "email_change" ? changeAddress(ctx, used) : confirmAddress(ctx, used);
}
