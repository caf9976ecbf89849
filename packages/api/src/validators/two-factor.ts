import { z } from "zod";
import { deviceTokenSchema, passwordAttemptSchema } from "./auth";

/** Longer than any code we accept (6 digits, or a recovery code with its hyphens): a bound, not the format. */
const TWO_FACTOR_CODE_MAX_LENGTH = 64;
/** Longer than a challenge (53 characters, the shape of a session token). */
const CHALLENGE_MAX_LENGTH = 100;

/** A TOTP code or a recovery code as typed: spaces (as apps show "123 456") are not part of it. */
export const twoFactorCodeSchema = z
  .string()
  .max(TWO_FACTOR_CODE_MAX_LENGTH, `Code must be at most ${TWO_FACTOR_CODE_MAX_LENGTH} characters`)
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(z.string().min(1, "Code is required"));

export const enableTwoFactorInput = z.strictObject({ code: twoFactorCodeSchema });

/** Turning two-factor off and regenerating recovery codes both need the password again. */
export const confirmTwoFactorChangeInput = z.strictObject({ password: passwordAttemptSchema });

export const completeSignInInput = z.strictObject({
  challenge: z.string().min(1).max(CHALLENGE_MAX_LENGTH),
  code: twoFactorCodeSchema,
  /** The bearer client's device token, as at `auth.signIn` (docs/decisions/0037). */
  deviceToken: deviceTokenSchema,
});

export type CompleteSignInInput = z.input<typeof completeSignInInput>;
