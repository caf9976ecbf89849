import {
  ACCOUNT_MAIL_BUCKET,
  CHANGE_PASSWORD_BUCKET,
  clearDeviceThrottles,
  clearSignInFailures,
  clearTwoFactorFailures,
  createSession,
  deleteEmailBuckets,
  deleteUserBuckets,
  deleteUserEmailTokens,
  invalidateUserSession,
  invalidateUserSessions,
  issueEmailToken,
  listUserSessions,
  PASSWORD_CONFIRMATION_BUCKET,
  pendingEmailToken,
  recentSecurityEvents,
} from "@doable/auth";
import { publicUserColumns, users } from "@doable/db";
import { VERIFY_EMAIL_PATH } from "@doable/domain";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { fieldError } from "../field-errors";
import { requireFreshSignIn } from "../fresh-session";
import { emailChangeMail, emailChangeNotice, passwordChangedNotice, tokenLink } from "../mail/account-mail";
import { requireMail } from "../mail/require-mail";
import { sendVerificationMail } from "../mail/verification";
import { passwordMatches, wrongPassword } from "../password-check";
import { refuseCommonPassword } from "../password-policy";
import { logSecurityEvent } from "../security-log";
import { clearSessionCookie, setSessionCookie } from "../session-context";
import { enforceClientBucket, enforceUserBucket } from "../throttle";
import { databaseReadsZone, moveAccountToZone, unknownZoneError } from "../time-zone";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import { findUserCredentials, type PublicUser } from "../user";
import {
  changePasswordInput,
  deleteAccountInput,
  requestEmailChangeInput,
  revokeOtherSessionsInput,
  revokeSessionInput,
  updateAccountInput,
} from "../validators/account";
import { EMAIL_TAKEN_MESSAGE } from "./messages";
import { passkeysRouter } from "./passkeys";
import { twoFactorRouter } from "./two-factor";

const RECENT_SECURITY_EVENTS = 20;

/** What `/account` shows about the address. */
export interface EmailStatus {
  email: string;
  verified: boolean;
  /** The new address waiting for its link, if a change was asked for. */
  pendingEmail: string | null;
  /** Whether this server can send mail at all (features that need it say so otherwise). */
  mailAvailable: boolean;
}

export const accountRouter = createTRPCRouter({
  twoFactor: twoFactorRouter,
  passkeys: passkeysRouter,

  sessions: protectedProcedure.query(async ({ ctx }) => {
    const live = await listUserSessions(ctx.db, ctx.user.id, ctx.now());
    const listed = live.map((session) => ({ ...session, current: session.id === ctx.session.id }));
    // This device first, whatever was used last; the others stay most recently used first.
    return [...listed.filter((session) => session.current), ...listed.filter((session) => !session.current)];
  }),

  /** "Recent security activity": the newest events first. */
  securityActivity: protectedProcedure.query(({ ctx }) =>
    recentSecurityEvents(ctx.db, ctx.user.id, RECENT_SECURITY_EVENTS),
  ),

  /**
   * Ends one session. Another device's needs a fresh sign-in or the password (docs/decisions/0040):
   * a stolen session must not sign the owner out everywhere else; this device's own is a sign-out.
   */
  revokeSession: protectedProcedure.input(revokeSessionInput).mutation(async ({ ctx, input }) => {
    if (input.id !== ctx.session.id) await requireFreshSignIn(ctx, input.password);
    if (!(await invalidateUserSession(ctx.db, ctx.user.id, input.id))) {
      throw new TRPCError({ code: "NOT_FOUND", message: "Session not found" });
    }
    const current = input.id === ctx.session.id;
    await logSecurityEvent(ctx, ctx.user.id, "session_revoked");
    if (current && ctx.transport === "cookie") clearSessionCookie(ctx);
    return { revoked: true as const, current };
  }),

  /** Ends every other session; needs a fresh sign-in or the password (docs/decisions/0040). */
  revokeOtherSessions: protectedProcedure.input(revokeOtherSessionsInput).mutation(async ({ ctx, input }) => {
    await requireFreshSignIn(ctx, input?.password);
    const revoked = await invalidateUserSessions(ctx.db, ctx.user.id, ctx.session.id);
    if (revoked > 0) await logSecurityEvent(ctx, ctx.user.id, "other_sessions_revoked");
    return { revoked };
  }),

  /** Ends every session and opens a fresh one for this client: a stolen token dies with the old password. */
  changePassword: protectedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await enforceClientBucket(ctx, CHANGE_PASSWORD_BUCKET);
    await enforceUserBucket(ctx, ctx.user.id, PASSWORD_CONFIRMATION_BUCKET);
    if (!(await passwordMatches(ctx.db, ctx.passwords, ctx.user.id, input.currentPassword))) {
      throw wrongPassword("currentPassword");
    }
    refuseCommonPassword("newPassword", input.newPassword);
    const passwordHash = await ctx.passwords.hash(input.newPassword);
    // All or nothing: a failure must not leave the user signed out everywhere with no new session.
    const { token } = await ctx.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, updatedAt: ctx.now() }).where(eq(users.id, ctx.user.id));
      await invalidateUserSessions(tx, ctx.user.id, null);
      // Pending links go too: an email change asked for with the old password must not outlive it.
      await deleteUserEmailTokens(tx, ctx.user.id, null);
      return createSession(tx, {
        userId: ctx.user.id,
        kind: ctx.session.kind,
        userAgent: ctx.session.userAgent,
        now: ctx.now(),
      });
    });
    await logSecurityEvent(ctx, ctx.user.id, "password_changed");
    ctx.mailer.send(passwordChangedNotice(ctx.user.email));
    if (ctx.transport === "bearer") return { token };
    setSessionCookie(ctx, token);
    return { token: null };
  }),

  /** Whether the address is verified, and the new one waiting for its link, if any. */
  emailStatus: protectedProcedure.query(async ({ ctx }): Promise<EmailStatus> => {
    const [row] = await ctx.db
      .select({ emailVerifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.id, ctx.user.id));
    const pending = await pendingEmailToken(ctx.db, ctx.user.id, "email_change", ctx.now());
    return {
      email: ctx.user.email,
      verified: (row?.emailVerifiedAt ?? null) !== null,
      pendingEmail: pending?.email ?? null,
      mailAvailable: ctx.mailer.available,
    };
  }),

  /** Emails a new verification link (the earlier one stops working). */
  resendVerification: protectedProcedure.mutation(async ({ ctx }): Promise<{ sent: true }> => {
    requireMail(ctx);
    await enforceUserBucket(ctx, ctx.user.id, ACCOUNT_MAIL_BUCKET);
    await sendVerificationMail(ctx, ctx.user);
    return { sent: true as const };
  }),

  /**
   * Starts an email change: needs the password; the link goes to the new address, a notice to the
   * current one, and nothing changes until the link is used (`auth.verifyEmail`). A taken address
   * is refused with sign-up's own message: nothing that sign-up does not already reveal.
   */
  requestEmailChange: protectedProcedure
    .input(requestEmailChangeInput)
    .mutation(async ({ ctx, input }): Promise<{ pendingEmail: string }> => {
      requireMail(ctx);
      // The sensitive-change guard (docs/decisions/0040); the password stays required here.
      await requireFreshSignIn(ctx, input.password);
      if (input.newEmail === ctx.user.email) throw fieldError("newEmail", "This is already your email");
      if (await findUserCredentials(ctx.db, { email: input.newEmail })) {
        throw fieldError("newEmail", EMAIL_TAKEN_MESSAGE);
      }
      await enforceUserBucket(ctx, ctx.user.id, ACCOUNT_MAIL_BUCKET);
      const token = await issueEmailToken(ctx.db, {
        userId: ctx.user.id,
        email: input.newEmail,
        fromEmail: ctx.user.email,
        purpose: "email_change",
        now: ctx.now(),
      });
      ctx.mailer.send(emailChangeMail(input.newEmail, tokenLink(ctx.appOrigin, VERIFY_EMAIL_PATH, token)));
      ctx.mailer.send(emailChangeNotice(ctx.user.email, input.newEmail));
      return { pendingEmail: input.newEmail };
    }),

  update: protectedProcedure
    .input(updateAccountInput)
    .mutation(async ({ ctx, input }): Promise<PublicUser> => {
      if (input.timeZone !== undefined) {
        if (!(await databaseReadsZone(ctx.db, input.timeZone))) throw unknownZoneError();
        await moveAccountToZone(ctx.db, ctx.user.id, input.timeZone, ctx.now());
      }
      const [user] =
        input.name === undefined
          ? await ctx.db.select(publicUserColumns).from(users).where(eq(users.id, ctx.user.id))
          : await ctx.db
              .update(users)
              .set({ name: input.name, updatedAt: ctx.now() })
              .where(eq(users.id, ctx.user.id))
              .returning(publicUserColumns);
      if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Not signed in" });
      return user;
    }),

  /**
   * Removes the user; tasks, sessions, emailed links, known devices and two-factor rows go with it
   * (foreign keys cascade), and every throttling row keyed by the user or the address (buckets,
   * the sign-in and second-factor delays), which are keyed by text and so have no foreign key.
   */
  delete: protectedProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
    // The sensitive-change guard (docs/decisions/0040); the password stays required here.
    await requireFreshSignIn(ctx, input.password);
    await ctx.db.transaction(async (tx) => {
      await tx.delete(users).where(eq(users.id, ctx.user.id));
      await deleteUserBuckets(tx, ctx.user.id);
      await deleteEmailBuckets(tx, ctx.user.email);
    });
    // Bookkeeping writes run outside any transaction (ADR 0026): after it, like a sign-in's clear.
    await clearSignInFailures(ctx.db, ctx.user.email);
    await clearTwoFactorFailures(ctx.db, ctx.user.id);
    await clearDeviceThrottles(ctx.db, ctx.user.id);
    if (ctx.transport === "cookie") clearSessionCookie(ctx);
    return { deleted: true as const };
  }),
});
