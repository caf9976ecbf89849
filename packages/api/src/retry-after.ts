/**
 * Refusals that say when to try again (429 throttled, 503 busy) carry the seconds one typed way:
 * a `RetryAfterCause`. The errorFormatter (./trpc.ts) puts them in `data.retryAfterSeconds`;
 * the Retry-After header is set where the refusal is made (./throttle.ts, ./overload.ts).
 */
import type { TRPCError } from "@trpc/server";

export class RetryAfterCause extends Error {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(`Retry after ${retryAfterSeconds} s`);
    this.name = "RetryAfterCause";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The codes whose refusals may say when to try again; a 503 for a database outage does not know. */
const RETRY_AFTER_CODES = new Set<TRPCError["code"]>(["TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE"]);

/** Seconds to wait before trying again, when the refusal says; null otherwise. */
export function retryAfterOf(error: TRPCError): number | null {
  if (!RETRY_AFTER_CODES.has(error.code)) return null;
  return error.cause instanceof RetryAfterCause ? error.cause.retryAfterSeconds : null;
}
