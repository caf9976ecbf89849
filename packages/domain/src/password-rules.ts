/**
 * The password rules a browser checks before it sends anything, and their words; the server's
 * schema takes its messages from here (packages/api/src/validators/auth.ts). Apart from
 * input-rules.ts, so only the pages that set a password load them (not the dashboard).
 */
import { codePointLength } from "./input-rules";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./limits";

export const PASSWORD_MESSAGES = {
  required: "Password is required",
  tooShort: `Password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  tooLong: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
} as const;

/** The first rule a new password breaks, or null. It is kept exactly as typed: no trimming. */
export function passwordProblem(password: string): string | null {
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (length > PASSWORD_MAX_LENGTH) return PASSWORD_MESSAGES.tooLong;
  return null;
}
