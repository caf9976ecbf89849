import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from "@doable/auth";
import { TRPCError } from "@trpc/server";

/**
 * Length rules live in the zod schemas (shared with the forms); the common-password list is
 * checked only here, on the server, so the browser never downloads it.
 */
export function refuseCommonPassword(field: string, password: string): void {
  if (!isCommonPassword(password)) return;
  throw new TRPCError({
    code: "BAD_REQUEST",
    message: COMMON_PASSWORD_MESSAGE,
    cause: { issues: [{ path: [field], message: COMMON_PASSWORD_MESSAGE }] },
  });
}
