import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from "@doable/auth";
import { fieldError } from "./field-errors";

/**
 * Length rules live in the zod schemas (shared with the forms); the common-password list is
 * checked only here, on the server, so the browser never downloads it.
 */
export function refuseCommonPassword(field: string, password: string): void {
  if (!isCommonPassword(password)) return;
  throw fieldError(field, COMMON_PASSWORD_MESSAGE);
}
