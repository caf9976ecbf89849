import {
  activeTwoFactor,
  beginTwoFactor,
  clearTwoFactorFailures,
  countRecoveryCodes,
  disableTwoFactor,
  enableTwoFactor,
  otpauthUri,
  replaceRecoveryCodes,
} from "@doable/auth";
import { TRPCError } from "@trpc/server";
import { fieldError } from "../field-errors";
import { twoFactorNotice } from "../mail/account-mail";
import { confirmPassword, PASSWORD_AGAIN_FIELD, requireFreshSignIn } from "../fresh-session";
import { INVALID_CODE_MESSAGE } from "../second-factor";
import { logSecurityEvent } from "../security-log";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import { confirmTwoFactorChangeInput, enableTwoFactorInput } from "../validators/two-factor";

/** What `/account` shows about two-factor. */
export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

const ALREADY_ON_MESSAGE = "Two-factor is already on";
const NOT_ON_MESSAGE = "Two-factor is not on";

/** `account.twoFactor`: TOTP with recovery codes (docs/decisions/0035). */
export const twoFactorRouter = createTRPCRouter({
  status: protectedProcedure.query(async ({ ctx }): Promise<TwoFactorStatus> => {
    const enabled = (await activeTwoFactor(ctx.db, ctx.user.id)) !== null;
    return { enabled, recoveryCodesLeft: enabled ? await countRecoveryCodes(ctx.db, ctx.user.id) : 0 };
  }),

  /**
   * A new pending secret, not active until `enable` confirms a code from it (so a scan that
   * failed locks nobody out). Asking again replaces it.
   */
  begin: protectedProcedure.mutation(async ({ ctx }): Promise<{ secret: string; otpauthUri: string }> => {
    const secret = await beginTwoFactor(ctx.db, ctx.user.id, ctx.now());
    if (secret === null) throw new TRPCError({ code: "CONFLICT", message: ALREADY_ON_MESSAGE });
    return { secret, otpauthUri: otpauthUri(secret, ctx.user.email) };
  }),

  /** Turns the pending secret on with a code from it; answers the recovery codes, the only time they are shown. */
  enable: protectedProcedure
    .input(enableTwoFactorInput)
    .mutation(async ({ ctx, input }): Promise<{ recoveryCodes: string[] }> => {
      if (!(await enableTwoFactor(ctx.db, ctx.user.id, input.code, ctx.now()))) {
        throw fieldError("code", INVALID_CODE_MESSAGE);
      }
      const recoveryCodes = await replaceRecoveryCodes(ctx.db, ctx.user.id, ctx.now());
      await logSecurityEvent(ctx, ctx.user.id, "two_factor_enabled");
      ctx.mailer.send(twoFactorNotice(ctx.user.email, "enabled"));
      return { recoveryCodes };
    }),

  disable: protectedProcedure
    .input(confirmTwoFactorChangeInput)
    .mutation(async ({ ctx, input }): Promise<{ disabled: true }> => {
      // The sensitive-change guard (docs/decisions/0040); the password stays required here.
      await requireFreshSignIn(ctx, input.password);
      if (!(await disableTwoFactor(ctx.db, ctx.user.id))) {
        throw new TRPCError({ code: "CONFLICT", message: NOT_ON_MESSAGE });
      }
      await logSecurityEvent(ctx, ctx.user.id, "two_factor_disabled");
      ctx.mailer.send(twoFactorNotice(ctx.user.email, "disabled"));
      // Bookkeeping writes run outside any transaction (ADR 0026).
      await clearTwoFactorFailures(ctx.db, ctx.user.id);
      return { disabled: true as const };
    }),

  /** Ten new recovery codes; the old ones stop working. */
  regenerateRecoveryCodes: protectedProcedure
    .input(confirmTwoFactorChangeInput)
    .mutation(async ({ ctx, input }): Promise<{ recoveryCodes: string[] }> => {
      await confirmPassword(ctx, input.password, PASSWORD_AGAIN_FIELD);
      if ((await activeTwoFactor(ctx.db, ctx.user.id)) === null) {
        throw new TRPCError({ code: "CONFLICT", message: NOT_ON_MESSAGE });
      }
      const recoveryCodes = await replaceRecoveryCodes(ctx.db, ctx.user.id, ctx.now());
      await logSecurityEvent(ctx, ctx.user.id, "recovery_codes_regenerated");
      ctx.mailer.send(twoFactorNotice(ctx.user.email, "recovery_codes_regenerated"));
      return { recoveryCodes };
    }),
});
