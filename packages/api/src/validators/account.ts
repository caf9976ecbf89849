import { z } from "zod";
import { emailSchema, nameSchema, passwordAttemptSchema, passwordSchema } from "./auth";
import { timeZoneSchema } from "./time-zone";

const SESSION_ID_MAX_LENGTH = 64;

/**
 * The password is asked for only when the session is not fresh (docs/decisions/0040); revoking
 * this device's own session never needs it.
 */
export const revokeSessionInput = z.strictObject({
  id: z.string().min(1).max(SESSION_ID_MAX_LENGTH),
  password: passwordAttemptSchema.optional(),
});

/** No input at all, as before, on a fresh session; the password when it is not. */
export const revokeOtherSessionsInput = z
  .strictObject({ password: passwordAttemptSchema.optional() })
  .optional();

export const changePasswordInput = z.strictObject({
  currentPassword: passwordAttemptSchema,
  newPassword: passwordSchema,
});

export const updateAccountInput = z
  .strictObject({
    name: nameSchema.optional(),
    /** Where the account's due dates and times are read (docs/decisions/0034). */
    timeZone: timeZoneSchema.optional(),
  })
  .refine((input) => input.name !== undefined || input.timeZone !== undefined, "Nothing to change");

export const deleteAccountInput = z.strictObject({
  password: passwordAttemptSchema,
});

export const requestEmailChangeInput = z.strictObject({
  newEmail: emailSchema,
  password: passwordAttemptSchema,
});
