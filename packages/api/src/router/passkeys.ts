import {
  addPasskeyWithinLimit,
  deletePasskey,
  listPasskeys,
  type PasskeySummary,
  passkeyCredentials,
  renamePasskey,
} from "@doable/auth";
import { describeDevice, PASSKEYS_PER_USER_MAX } from "@doable/domain";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { TRPCError } from "@trpc/server";
import { passkeyNotice } from "../mail/account-mail";
import { requireFreshSignIn } from "../fresh-session";
import { openSession } from "../open-session";
import { provePasskeySignIn } from "../passkey-sign-in";
import {
  authenticationOptions,
  consumeSignedChallenge,
  registrationOptions,
  verifiedRegistration,
} from "../passkeys";
import { logSecurityEvent } from "../security-log";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import {
  confirmWithPasskeyInput,
  finishPasskeyRegistrationInput,
  removePasskeyInput,
  renamePasskeyInput,
} from "../validators/passkeys";

export const PASSKEY_NOT_FOUND_MESSAGE = "Passkey not found";
/** One answer for an expired, used or someone else's prompt and for a response that does not verify. */
export const PASSKEY_NOT_ADDED_MESSAGE = "The passkey could not be added. Please try again.";
const PASSKEY_LIMIT_MESSAGE = `An account can hold at most ${PASSKEYS_PER_USER_MAX} passkeys. Remove one first.`;
const PASSKEY_DUPLICATE_MESSAGE = "This passkey is already added.";
const NO_PASSKEY_MESSAGE = "Add a passkey first, or confirm with your password.";
/** One answer for an expired or used prompt, a signature that does not verify and another account's passkey. */
export const PASSKEY_NOT_CONFIRMED_MESSAGE = "This passkey could not confirm it is you";

function passkeyNotFound(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: PASSKEY_NOT_FOUND_MESSAGE });
}

function passkeyLimitReached(): TRPCError {
  return new TRPCError({ code: "CONFLICT", message: PASSKEY_LIMIT_MESSAGE });
}

/** `account.passkeys`: list, add (a two-step WebAuthn registration), rename and remove (docs/decisions/0036). */
export const passkeysRouter = createTRPCRouter({
  /** `account.passkeys.list`: oldest first, with when each was added and last used. */
  list: protectedProcedure.query(({ ctx }): Promise<PasskeySummary[]> => listPasskeys(ctx.db, ctx.user.id)),

  /** Options for the browser's passkey prompt, with a single-use challenge for this user. */
  beginRegistration: protectedProcedure.mutation(
    async ({ ctx }): Promise<PublicKeyCredentialCreationOptionsJSON> => {
      const existing = await passkeyCredentials(ctx.db, ctx.user.id);
      if (existing.length >= PASSKEYS_PER_USER_MAX) throw passkeyLimitReached();
      return registrationOptions(ctx, ctx.user, existing);
    },
  ),

  /**
   * Adds the passkey the browser made, once its challenge (this user's, unexpired, unused) and its
   * user verification check out; named after the device unless a name is given.
   */
  finishRegistration: protectedProcedure
    .input(finishPasskeyRegistrationInput)
    .mutation(async ({ ctx, input }): Promise<PasskeySummary> => {
      const response = input.response as RegistrationResponseJSON;
      const consumed = await consumeSignedChallenge(ctx, response.response.clientDataJSON, {
        ceremony: "registration",
        userId: ctx.user.id,
      });
      const registration = consumed && (await verifiedRegistration(ctx, response, consumed.challenge));
      if (!registration) throw new TRPCError({ code: "BAD_REQUEST", message: PASSKEY_NOT_ADDED_MESSAGE });
      const { credential } = registration;
      const outcome = await addPasskeyWithinLimit(
        ctx.db,
        {
          userId: ctx.user.id,
          credentialId: credential.id,
          publicKey: isoBase64URL.fromBuffer(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? [],
          name: input.name ?? describeDevice(ctx.userAgent, "browser"),
          now: ctx.now(),
        },
        PASSKEYS_PER_USER_MAX,
      );
      if ("refused" in outcome) {
        if (outcome.refused === "limit") throw passkeyLimitReached();
        throw new TRPCError({ code: "CONFLICT", message: PASSKEY_DUPLICATE_MESSAGE });
      }
      await logSecurityEvent(ctx, ctx.user.id, "passkey_added");
      ctx.mailer.send(passkeyNotice(ctx.user.email, "added", outcome.added.name));
      return outcome.added;
    }),

  /**
   * A passkey instead of the password for a change that needs a fresh sign-in (docs/decisions/0040):
   * options for a prompt offering only this user's passkeys.
   */
  beginConfirmation: protectedProcedure.mutation(
    async ({ ctx }): Promise<PublicKeyCredentialRequestOptionsJSON> => {
      const own = await passkeyCredentials(ctx.db, ctx.user.id);
      if (own.length === 0) throw new TRPCError({ code: "BAD_REQUEST", message: NO_PASSKEY_MESSAGE });
      return authenticationOptions(ctx, ctx.transport, own);
    },
  ),

  /**
   * Checks the signed answer like a passkey sign-in and, when this user's passkey signed it, opens
   * a new session in place of the one presented: a sign-in just now, so the change asked for next
   * goes ahead without the password, and a session id that changes when its proof does. Bearer
   * clients get the new token; browsers the cookie.
   */
  confirm: protectedProcedure
    .input(confirmWithPasskeyInput)
    .mutation(async ({ ctx, input }): Promise<{ token: string | null }> => {
      const proven = await provePasskeySignIn(ctx, input.response as AuthenticationResponseJSON);
      if (proven?.userId !== ctx.user.id) {
        throw new TRPCError({ code: "BAD_REQUEST", message: PASSKEY_NOT_CONFIRMED_MESSAGE });
      }
      const { token } = await openSession(ctx, ctx.user, ctx.transport, undefined);
      await logSecurityEvent(ctx, ctx.user.id, "sign_in");
      return { token };
    }),

  rename: protectedProcedure.input(renamePasskeyInput).mutation(async ({ ctx, input }) => {
    if (!(await renamePasskey(ctx.db, ctx.user.id, input.id, input.name))) throw passkeyNotFound();
    return { renamed: true as const };
  }),

  /** Removes one of the user's passkeys, with the password again (ADR 0040); another user's id is "not found". */
  remove: protectedProcedure.input(removePasskeyInput).mutation(async ({ ctx, input }) => {
    await requireFreshSignIn(ctx, input.password);
    const removed = await deletePasskey(ctx.db, ctx.user.id, input.id);
    if (removed === null) throw passkeyNotFound();
    await logSecurityEvent(ctx, ctx.user.id, "passkey_removed");
    ctx.mailer.send(passkeyNotice(ctx.user.email, "removed", removed));
    return { removed: true as const };
  }),
});
