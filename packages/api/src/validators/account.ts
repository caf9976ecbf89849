import { z } from "zod";
import { emailSchema, nameSchema, passwordAttemptSchema, passwordSchema } from "./auth";

const SESSION_ID_MAX_LENGTH = 64;

export const revokeSessionInput = z.strictObject({
  id: z.string().min(1).max(SESSION_ID_MAX_LENGTH),
});

export const changePasswordInput = z.strictObject({
  currentPassword: passwordAttemptSchema,
  newPassword: passwordSchema,
});

export const updateAccountInput = z.strictObject({
  name: nameSchema,
});

export const deleteAccountInput = z.strictObject({
  password: passwordAttemptSchema,
});

export const requestEmailChangeInput = z.strictObject({
  newEmail: emailSchema,
  password: passwordAttemptSchema,
});
