import { TRPCError } from "@trpc/server";
import { BUSY_MESSAGE } from "./errors";
import { RetryAfterCause } from "./retry-after";
import type { Context } from "./trpc";

export { BUSY_MESSAGE };

/**
 * 503 with Retry-After for work refused because too much of it is already running (password
 * hashing); the seconds also travel in the error data, as for a 429.
 */
export function serviceBusy(ctx: Pick<Context, "resHeaders">, retryAfterSeconds: number): TRPCError {
  ctx.resHeaders?.set("retry-after", String(retryAfterSeconds));
  return new TRPCError({
    code: "SERVICE_UNAVAILABLE",
    message: BUSY_MESSAGE,
    cause: new RetryAfterCause(retryAfterSeconds),
  });
}
