import { z } from "zod";
import { emailSchema, nameSchema, passwordAttemptSchema, passwordSchema } from "./auth";
import { timeZoneSchema } from "./time-zone";

const SESSION_ID_MAX_LENGTH = 64;

export const revokeSessionInput = z.strictObject({
  id: z.string().min(1).max(SESSION_ID_MAX_LENGTH),
});

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
