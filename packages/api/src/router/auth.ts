import {
  createSession,
  hashPassword,
  invalidateSession,
  passwordHashNeedsRehash,
  validateSessionToken,
  verifyPassword,
  verifyPasswordAgainstDummy,
} from "@doable/auth";
import { isUniqueViolation, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { authenticate, clearSessionCookie, setSessionCookie } from "../session-context";
import { type Context, createTRPCRouter, publicProcedure } from "../trpc";
import { findUserCredentials, type PublicUser, publicUserColumns } from "../user";
import { signInInput, signUpInput } from "../validators/auth";

const EMAIL_TAKEN_MESSAGE = "Email already registered";
const INVALID_CREDENTIALS_MESSAGE = "Invalid credentials";

function userAgentOf(headers: Headers): string | null {
  return headers.get("user-agent");
}

/** Ends the session this client presented, if it is still valid: a client holds one session at a time. */
async function endPresentedSession(ctx: Context): Promise<void> {
  if (ctx.presentedToken === null) return;
  const current = await validateSessionToken(ctx.db, ctx.presentedToken.token, ctx.now());
  if (current) await invalidateSession(ctx.db, current.session.id);
}

export const authRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const emailTaken = await findUserCredentials(ctx.db, { email: input.email });
    if (emailTaken) throw new TRPCError({ code: "CONFLICT", message: EMAIL_TAKEN_MESSAGE });

    const passwordHash = await hashPassword(input.password);
    let user: PublicUser | undefined;
    try {
      [user] = await ctx.db
        .insert(users)
        .values({ email: input.email, name: input.name ?? null, passwordHash })
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

    const { token } = await createSession(ctx.db, {
      userId: user.id,
      kind: "browser",
      userAgent: userAgentOf(ctx.headers),
      now: ctx.now(),
    });
    setSessionCookie(ctx, token);
    return { user };
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const found = await findUserCredentials(ctx.db, { email: input.email });
    // An unknown email costs the same hash as a wrong password: timing must not reveal accounts.
    const passwordOk = found
      ? await verifyPassword(found.passwordHash, input.password)
      : await verifyPasswordAgainstDummy(input.password);
    if (!found || !passwordOk) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CREDENTIALS_MESSAGE });
    }

    if (passwordHashNeedsRehash(found.passwordHash)) {
      await ctx.db
        .update(users)
        .set({ passwordHash: await hashPassword(input.password), updatedAt: ctx.now() })
        .where(eq(users.id, found.user.id));
    }

    await endPresentedSession(ctx);
    const bearer = input.transport === "bearer";
    const { token } = await createSession(ctx.db, {
      userId: found.user.id,
      kind: bearer ? "cli" : "browser",
      userAgent: userAgentOf(ctx.headers),
      now: ctx.now(),
    });
    if (bearer) return { user: found.user, token };
    setSessionCookie(ctx, token);
    return { user: found.user, token: null };
  }),

  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await endPresentedSession(ctx);
    if (ctx.presentedToken?.transport !== "bearer") clearSessionCookie(ctx);
    return { signedOut: true as const };
  }),

  me: publicProcedure.query(async ({ ctx }): Promise<PublicUser | null> => {
    const current = await authenticate(ctx);
    return current?.user ?? null;
  }),
});
