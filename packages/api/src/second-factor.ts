import { consumeRecoveryCode, looksLikeTotpCode, useTotpCode } from "@doable/auth";
import { TRPCError } from "@trpc/server";
import { logSecurityEvent } from "./security-log";
import type { Context } from "./trpc";

/**
 * The one answer to every second-factor failure: a wrong, replayed or spent code, an unknown,
 * expired, used or someone else's challenge. Nothing tells which part was wrong.
 */
export const INVALID_CODE_MESSAGE = "Invalid code";

export function invalidCode(): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message: INVALID_CODE_MESSAGE });
}

export type SecondFactor = "totp" | "recovery_code";

/**
 * Accepts `code` for the user once: six digits are a TOTP code (its time step is then spent),
 * anything else a recovery code (then used up, and logged). Null when it is neither.
 */
export async function useSecondFactor(
  ctx: Context,
  userId: string,
  code: string,
): Promise<SecondFactor | null> {
  if (looksLikeTotpCode(code)) return (await useTotpCode(ctx.db, userId, code, ctx.now())) ? "totp" : null;
  if (!(await consumeRecoveryCode(ctx.db, userId, code))) return null;
  await logSecurityEvent(ctx, userId, "recovery_code_used");
  return "recovery_code";
}
