import { codePointLength, PASSWORD_MESSAGES } from "@doable/domain";
import { z } from "zod";
import { timeZoneSchema } from "./time-zone";

/** Longer than any token we issue (53 characters): a bound, not the format. */
const EMAIL_TOKEN_MAX_LENGTH = 100;
/** Longer than a device token (22 characters): a bound, not the format. */
const DEVICE_TOKEN_MAX_LENGTH = 64;

import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./limits";

/**
 * International addresses are welcome (hence NFC). The local part holds no spaces, quotes, "@",
 * nor any character that address parsers read as structure (`<>()[]\,;:`): mail libraries would
 * take `a<victim@example.com>` for victim@example.com, and `x,y@evil.com` for two recipients. The
 * domain is at least two labels of letters (with their combining marks), digits and hyphens.
 */
const EMAIL_PATTERN = /^[^\s@"<>()[\]\\,;:\p{Cc}]{1,64}@[\p{L}\p{M}\p{N}-]+(\.[\p{L}\p{M}\p{N}-]+)+$/u;

/** Trimmed, NFC, lower-cased: the one form stored and compared. */
export const emailSchema = z
  .string()
  .trim()
  .normalize("NFC")
  .toLowerCase()
  .min(1, "Email is required")
  .max(EMAIL_MAX_LENGTH, `Email must be at most ${EMAIL_MAX_LENGTH} characters`)
  .pipe(z.email({ pattern: EMAIL_PATTERN, error: "Invalid email format" }));

/** Counted in code points and kept exactly as typed: no trimming, no truncation. */
export const passwordSchema = z
  .string()
  .refine((value) => codePointLength(value) >= PASSWORD_MIN_LENGTH, {
    error: PASSWORD_MESSAGES.tooShort,
    abort: true,
  })
  .refine((value) => codePointLength(value) <= PASSWORD_MAX_LENGTH, {
    error: PASSWORD_MESSAGES.tooLong,
  });

/** A password offered for verification: only the upper bound applies (old passwords may be shorter). */
export const passwordAttemptSchema = z
  .string()
  .min(1, PASSWORD_MESSAGES.required)
  .refine((value) => codePointLength(value) <= PASSWORD_MAX_LENGTH, {
    error: PASSWORD_MESSAGES.tooLong,
  });

/** Optional display name; blank means none. */
export const nameSchema = z
  .string()
  .trim()
  .max(NAME_MAX_LENGTH, `Name must be at most ${NAME_MAX_LENGTH} characters`)
  // PostgreSQL text cannot hold U+0000: bad input, not a database error.
  .refine((value) => !value.includes("\u0000"), "Name cannot contain a NUL character")
  .transform((value) => (value === "" ? null : value))
  .nullable();

export const signUpInput = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema.optional(),
  /**
   * The browser's or terminal's zone, a hint for the account's (docs/decisions/0034): one this
   * server cannot read is left out rather than refusing the sign-up (the account starts in UTC).
   */
  timeZone: timeZoneSchema.optional().catch(undefined),
});

/**
 * The device token a bearer client (the CLI) got at its last sign-in (docs/decisions/0037); a
 * browser's is its cookie. Its exact shape is checked by @doable/auth (a wrong one counts as none).
 */
export const deviceTokenSchema = z.string().max(DEVICE_TOKEN_MAX_LENGTH).optional();

export const signInInput = z.strictObject({
  email: emailSchema,
  password: passwordAttemptSchema,
  transport: z.enum(["cookie", "bearer"]).default("cookie"),
  deviceToken: deviceTokenSchema,
});

/** An emailed token as pasted or taken from a link; its exact shape is checked by @doable/auth. */
export const emailTokenSchema = z.string().min(1, "The link is incomplete").max(EMAIL_TOKEN_MAX_LENGTH);

export const requestPasswordResetInput = z.strictObject({ email: emailSchema });

export const resetPasswordInput = z.strictObject({ token: emailTokenSchema, newPassword: passwordSchema });

export const verifyEmailInput = z.strictObject({ token: emailTokenSchema });

export type SignUpInput = z.input<typeof signUpInput>;
export type SignInInput = z.input<typeof signInInput>;
