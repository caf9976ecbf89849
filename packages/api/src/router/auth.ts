import {
  claimDeviceSignInAttempt,
  claimDeviceTwoFactorAttempt,
  clearSignInFailures,
  consumeEmailToken,
  consumeSignInChallenge,
  createSession,
  deleteUserEmailTokens,
  EMAIL_TOKEN_BUCKET,
  emailBucketSubject,
  findEmailToken,
  findSignInChallenge,
  hasSecurityEventSince,
  invalidateUserSessions,
  issuePasswordResetToken,
  issueSignInChallenge,
  newSession,
  PASSWORD_RESET_EMAIL_BUCKET,
  PASSWORD_RESET_REQUEST_BUCKET,
  passwordHashNeedsRehash,
  SIGN_IN_BUCKET,
  SIGN_UP_BUCKET,
  settleSecurityEvent,
  settleSignIn,
  TWO_FACTOR_CODE_BUCKET,
  takeToken,
} from "@doable/auth";
import { type Database, isUniqueViolation, publicUserColumns, users } from "@doable/db";
import { MINUTE_MS, RESET_PASSWORD_PATH } from "@doable/domain";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import {
  finishDeviceRecognition,
  presentedDeviceId,
  recognizeDevice,
  rememberedDevice,
  signInDeviceId,
} from "../device";
import { deviceTokenFor, endPresentedSession, openSession, type SignedIn } from "../open-session";
import { type ConfirmedEmail, confirmEmailLink } from "../email-link";
import { passwordResetMail, passwordResetNotice, tokenLink } from "../mail/account-mail";
import { requireMail } from "../mail/require-mail";
import { sendVerificationMail } from "../mail/verification";
import { passkeyNotRecognized, provePasskeySignIn } from "../passkey-sign-in";
import { authenticationOptions } from "../passkeys";
import { refuseCommonPassword } from "../password-policy";
import { invalidCode, useSecondFactor } from "../second-factor";
import { logSecurityEvent } from "../security-log";
import { authenticate, clearSessionCookie, presentedSession, setSessionCookie } from "../session-context";
import { clientBucket, enforceClientBucket, tooManyRequests } from "../throttle";
import { databaseReadsZone } from "../time-zone";
import { type Context, createTRPCRouter, publicProcedure } from "../trpc";
import { findSignInAccount, findUserById, findUserCredentials, type PublicUser } from "../user";
import {
  requestPasswordResetInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
  verifyEmailInput,
} from "../validators/auth";
import { beginPasskeySignInInput, finishPasskeySignInInput } from "../validators/passkeys";
import { completeSignInInput } from "../validators/two-factor";
import { EMAIL_TAKEN_MESSAGE, INVALID_LINK_MESSAGE } from "./messages";

const INVALID_CREDENTIALS_MESSAGE = "Invalid credentials";
/** A run of throttled attempts is one "throttled" entry per window: a flood cannot bury real events. */
const THROTTLED_EVENT_WINDOW_MS = 15 * MINUTE_MS;

function throttledLogWindow(ctx: Context): Date {
  return new Date(ctx.now().getTime() - THROTTLED_EVENT_WINDOW_MS);
}

/** The zone a new account starts in: the sign-up's hint when the database reads it, else UTC (the default). */
async function signUpZone(db: Database, hint: string | undefined): Promise<string | undefined> {
  return hint !== undefined && (await databaseReadsZone(db, hint)) ? hint : undefined;
}

/**
 * Verifies a real account's password while, at the same time, its attempt is recorded as failed:
 * a wrong password then costs no write after the verification, so it answers in the time an
 * unknown email does (one verification, nothing written), and timing reveals no accounts. A
 * success turns the entry into "sign_in". An attempt never verified (hashing at capacity) is
 * refused as fast as an unknown email's would be, and its entry is removed afterwards.
 */
async function verifyWhileRecordingAttempt(
  ctx: Context,
  found: { user: PublicUser; passwordHash: string },
  password: string,
): Promise<{ passwordOk: boolean; eventId: string }> {
  const recorded = logSecurityEvent(ctx, found.user.id, "sign_in_failed");
  // Handled below in every path; this keeps a failure before then from counting as unhandled.
  recorded.catch(() => {});
  let passwordOk: boolean;
  try {
    passwordOk = await ctx.passwords.verify(found.passwordHash, password);
  } catch (error) {
    void recorded.then((id) => settleSecurityEvent(ctx.db, id, null)).catch(() => {});
    throw error;
  }
  return { passwordOk, eventId: await recorded };
}

/**
 * Rehashes a password stored with older parameters, now that it is known. Best effort, after the
 * sign-in is settled: hashing at capacity or a failed write must not turn a correct password into
 * a refusal (or a "failed sign-in" entry); the next sign-in tries again.
 */
async function upgradePasswordHash(
  ctx: Context,
  found: { user: PublicUser; passwordHash: string },
  password: string,
): Promise<void> {
  if (!passwordHashNeedsRehash(found.passwordHash)) return;
  try {
    await ctx.db
      .update(users)
      .set({ passwordHash: await ctx.passwords.hash(password), updatedAt: ctx.now() })
      .where(eq(users.id, found.user.id));
  } catch {
    // Left as it was: still a valid hash of this password.
  }
}

/** A right password of an account with two-factor on: no session yet, a challenge for the code. */
export interface TwoFactorRequired {
  twoFactorRequired: true;
  challenge: string;
}

/** Logs "throttled" for the account at most once per window: a flood cannot bury real events. */
async function logThrottledOnce(ctx: Context, userId: string): Promise<void> {
  if (!(await hasSecurityEventSince(ctx.db, userId, "throttled", throttledLogWindow(ctx)))) {
    await logSecurityEvent(ctx, userId, "throttled");
  }
}

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await enforceClientBucket(ctx, SIGN_UP_BUCKET);
    refuseCommonPassword("password", input.password);
    const emailTaken = await findUserCredentials(ctx.db, { email: input.email });
    if (emailTaken) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });

    const passwordHash = await ctx.passwords.hash(input.password);
    const timeZone = await signUpZone(ctx.db, input.timeZone);
    let user: PublicUser | undefined;
    try {
      [user] = await ctx.db
        .insert(users)
        .values({
          email: input.email,
          name: input.name ?? null,
          passwordHash,
          ...(timeZone ? { timeZone } : {}),
        })
        .returning(publicUserColumns);
    } catch (error) {
      // Two sign-ups racing past the check above: the unique index decides.
      if (isUniqueViolation(error)) {
        throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });
      }
      throw error;
    }
    if (!user) throw new Error("user insert returned no row");

    await endPresentedSession(ctx);
    await logSecurityEvent(ctx, user.id, "sign_up");
    await sendVerificationMail(ctx, user);
    // In-process callers (scripts) have no cookie jar: a session they could never use is not made.
    if (ctx.resHeaders !== null) {
      const { token } = await createSession(ctx.db, {
        userId: user.id,
        kind: "browser",
        userAgent: ctx.userAgent,
        now: ctx.now(),
      });
      setSessionCookie(ctx, token);
    }
    // After the session cookie: clients that read the first Set-Cookie get the session.
    await recognizeDevice(ctx, user, { transport: "cookie", notify: false });
    return { user };
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    // Keyed by the email as typed, known or not, so the throttle itself reveals no accounts,
    // unless this device has signed in to that account before: then by the device, so failures
    // from elsewhere do not delay it (docs/decisions/0037). The claim counts this attempt as a
    // failure until it succeeds: simultaneous guesses get one try. It is made behind a token
    // from the client's bucket, in the same statement: a refused client claims nothing.
    // Independent statements go out together: every round trip adds to each sign-in's latency.
    const deviceId = presentedDeviceId(ctx, input.transport, input.deviceToken);
    const [claim, found] = await Promise.all([
      claimDeviceSignInAttempt(ctx.db, input.email, deviceId, ctx.now(), clientBucket(ctx, SIGN_IN_BUCKET)),
      findSignInAccount(ctx.db, input.email),
    ]);
    if ("refusedByBucket" in claim) throw tooManyRequests(ctx, claim.refusedByBucket.retryAfterSeconds);
    const { throttleKey, waitSeconds } = claim;
    if (waitSeconds !== null) {
      if (found) await logThrottledOnce(ctx, found.user.id);
      throw tooManyRequests(ctx, waitSeconds);
    }

    // An unknown email costs the same one verification as a wrong password, and no more.
    if (!found) {
      await ctx.passwords.verifyAgainstDummy(input.password);
      throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS_MESSAGE });
    }
    const attempt = await verifyWhileRecordingAttempt(ctx, found, input.password);
    if (!attempt.passwordOk) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS_MESSAGE });
    }
    if (found.twoFactorOn) {
      // The password is proven, so its delay goes; the sign-in is logged once the code is right.
      const [challenge] = await Promise.all([
        issueSignInChallenge(ctx.db, { userId: found.user.id, transport: input.transport, now: ctx.now() }),
        clearSignInFailures(ctx.db, throttleKey),
        settleSecurityEvent(ctx.db, attempt.eventId, null),
      ]);
      await upgradePasswordHash(ctx, found, input.password);
      const required: TwoFactorRequired = { twoFactorRequired: true, challenge };
      return required;
    }

    const bearer = input.transport === "bearer";
    // Everything a right password settles is one statement, the device too (docs/decisions/0041).
    const { session, token } = newSession({
      userId: found.user.id,
      kind: bearer ? "cli" : "browser",
      userAgent: ctx.userAgent,
      now: ctx.now(),
    });
    const keptDeviceId = signInDeviceId(ctx, input.transport, input.deviceToken);
    const [{ deviceKnown }] = await Promise.all([
      settleSignIn(ctx.db, {
        session,
        throttleKey,
        securityEventId: attempt.eventId,
        deviceId: keptDeviceId,
        now: ctx.now(),
      }),
      endPresentedSession(ctx),
    ]);
    const remembered =
      keptDeviceId === null || deviceKnown === null
        ? null
        : rememberedDevice(keptDeviceId, deviceKnown, { transport: input.transport, notify: true });
    await upgradePasswordHash(ctx, found, input.password);
    if (!bearer) setSessionCookie(ctx, token);
    // After the session cookie: clients that read the first Set-Cookie get the session.
    const keptDevice = finishDeviceRecognition(ctx, found.user, remembered, input.transport);
    const signedIn: SignedIn = {
      user: found.user,
      token: bearer ? token : null,
      deviceToken: deviceTokenFor(input.transport, keptDevice),
    };
    return signedIn;
  }),

  /**
   * Finishes a sign-in that `auth.signIn` answered with a challenge: a TOTP code (accepted once)
   * or a recovery code (single use). The session goes over the transport asked for at
   * `auth.signIn`. Wrong codes delay the account's next code as wrong passwords do, and every
   * failure answers "Invalid code" (docs/decisions/0035).
   */
  completeSignIn: publicProcedure
    .input(completeSignInInput)
    .mutation(async ({ ctx, input }): Promise<SignedIn> => {
      await enforceClientBucket(ctx, TWO_FACTOR_CODE_BUCKET);
      const challenge = await findSignInChallenge(ctx.db, input.challenge, ctx.now());
      if (challenge === null) throw invalidCode();
      // A device that signed in to the account before has a delay of its own (docs/decisions/0037).
      const deviceId = presentedDeviceId(ctx, challenge.transport, input.deviceToken);
      const { throttleKey, waitSeconds } = await claimDeviceTwoFactorAttempt(
        ctx.db,
        challenge.userId,
        deviceId,
        ctx.now(),
      );
      if (waitSeconds !== null) {
        await logThrottledOnce(ctx, challenge.userId);
        throw tooManyRequests(ctx, waitSeconds);
      }
      if ((await useSecondFactor(ctx, challenge.userId, input.code)) === null) {
        await logSecurityEvent(ctx, challenge.userId, "sign_in_failed");
        throw invalidCode();
      }
      // Spent only by a right code, so a typo does not cost the password; two racing uses get one session.
      const [consumed, user] = await Promise.all([
        consumeSignInChallenge(ctx.db, challenge.id),
        findUserById(ctx.db, challenge.userId),
      ]);
      if (!consumed || user === null) throw invalidCode();
      await Promise.all([
        clearSignInFailures(ctx.db, throttleKey),
        logSecurityEvent(ctx, user.id, "sign_in"),
      ]);
      return openSession(ctx, user, challenge.transport, input.deviceToken);
    }),

  /**
   * Sign-in with a passkey (docs/decisions/0036): `begin` hands the browser a single-use challenge
   * for any of this site's discoverable passkeys, `finish` checks the signed answer and opens the
   * session over the transport asked for at `begin`. A user-verified passkey is both factors, so
   * no code follows even with TOTP on. Per client, both take from the sign-in bucket; there is no
   * per-account delay, since a signature cannot be guessed.
   */
  passkey: createTRPCRouter({
    begin: publicProcedure
      .input(beginPasskeySignInInput)
      .mutation(async ({ ctx, input }): Promise<PublicKeyCredentialRequestOptionsJSON> => {
        await enforceClientBucket(ctx, SIGN_IN_BUCKET);
        return authenticationOptions(ctx, input.transport);
      }),
    finish: publicProcedure
      .input(finishPasskeySignInInput)
      .mutation(async ({ ctx, input }): Promise<SignedIn> => {
        await enforceClientBucket(ctx, SIGN_IN_BUCKET);
        const proven = await provePasskeySignIn(ctx, input.response as AuthenticationResponseJSON);
        const user = proven && (await findUserById(ctx.db, proven.userId));
        if (!proven || !user) throw passkeyNotRecognized();
        await logSecurityEvent(ctx, user.id, "sign_in");
        return openSession(ctx, user, proven.transport, input.deviceToken);
      }),
  }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    const userId = await endPresentedSession(ctx);
    if (userId) await logSecurityEvent(ctx, userId, "sign_out");
    if (ctx.presentedToken?.transport !== "bearer") clearSessionCookie(ctx);
    return { signedOut: true as const };
  }),

  /**
   * Emails a reset link to the account with this email, if there is one. The answer, and the work
   * done before it, are the same either way (the throttles, nothing about the account): the token
   * is issued and the message made after the answer, by the mailer (`sendPrepared`). Issued inside
   * the request, a known email's token row (a transaction id, WAL, a commit) made the answer about
   * a millisecond slower than an unknown email's, which writes nothing: enough, measured over many
   * requests, to tell which emails have accounts.
   */
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .mutation(async ({ ctx, input }): Promise<{ requested: true }> => {
      requireMail(ctx);
      await enforceClientBucket(ctx, PASSWORD_RESET_REQUEST_BUCKET);
      // Per address, known or not; past it the answer is the same and nothing is sent (ADR 0030).
      // A null clientIp means an in-process caller (a script or test through createCaller): over
      // HTTP it is never null (an unknown socket address gets a value of its own). Such a caller
      // is trusted like the per-client bucket above trusts it, and is not throttled by email
      // either: that would only get in the way of the tool that uses it.
      const perEmail =
        ctx.clientIp === null
          ? { allowed: true }
          : await takeToken(ctx.db, PASSWORD_RESET_EMAIL_BUCKET, emailBucketSubject(input.email), ctx.now());
      if (perEmail.allowed) {
        const { db, appOrigin } = ctx;
        const now = ctx.now();
        ctx.mailer.sendPrepared(async () => {
          const token = await issuePasswordResetToken(db, input.email, now);
          return token === null
            ? null
            : passwordResetMail(input.email, tokenLink(appOrigin, RESET_PASSWORD_PATH, token));
        });
      }
      return { requested: true as const };
    }),

  /**
   * Sets a new password with an emailed link: used once, within 30 minutes. Ends every session of
   * the user, records "password_reset", emails a notice, and counts as proof of the address.
   */
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .mutation(async ({ ctx, input }): Promise<{ reset: true }> => {
      await enforceClientBucket(ctx, EMAIL_TOKEN_BUCKET);
      // Checked before the link is used up, so a refused password does not cost the link.
      refuseCommonPassword("newPassword", input.newPassword);
      if (!(await findEmailToken(ctx.db, input.token, ["password_reset"], ctx.now()))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: INVALID_LINK_MESSAGE });
      }
      const passwordHash = await ctx.passwords.hash(input.newPassword);
      const presented = await presentedSession(ctx);
      const now = ctx.now();
      const user = await ctx.db.transaction(async (tx) => {
        const used = await consumeEmailToken(tx, input.token, ["password_reset"], now);
        if (!used) return null;
        // Only while the account still has the address the link was sent to.
        const [updated] = await tx
          .update(users)
          .set({
            passwordHash,
            updatedAt: now,
            emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
          })
          .where(and(eq(users.id, used.userId), eq(users.email, used.email)))
          .returning(publicUserColumns);
        if (!updated) return null;
        await invalidateUserSessions(tx, updated.id, null);
        // Every pending link goes, an email change's above all: one asked for by whoever held the
        // account before the reset would otherwise move it to their address afterwards.
        await deleteUserEmailTokens(tx, updated.id, null);
        return updated;
      });
      if (!user) throw new TRPCError({ code: "BAD_REQUEST", message: INVALID_LINK_MESSAGE });
      // Whoever reset it reads the mailbox: the sign-in delay an attacker may have built up goes.
      await Promise.all([
        logSecurityEvent(ctx, user.id, "password_reset"),
        clearSignInFailures(ctx.db, user.email),
      ]);
      ctx.mailer.send(passwordResetNotice(user.email));
      // The browser's own session ended with the others above; a cookie of another account (the
      // link opened in someone else's browser) is none of this reset's business and stays.
      if (presented?.user.id === user.id && ctx.presentedToken?.transport === "cookie")
        clearSessionCookie(ctx);
      return { reset: true as const };
    }),

  /** Uses an emailed confirmation link: a verification, or the new address of an email change. */
  verifyEmail: publicProcedure
    .input(verifyEmailInput)
    .mutation(async ({ ctx, input }): Promise<ConfirmedEmail> => {
      await enforceClientBucket(ctx, EMAIL_TOKEN_BUCKET);
      return confirmEmailLink(ctx, input.token);
    }),

  me: publicProcedure.query(async ({ ctx }): Promise<PublicUser | null> => {
    const current = await authenticate(ctx);
    return current?.user ?? null;
  }),
});
