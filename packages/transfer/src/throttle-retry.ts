/** Waiting out 429s for batch work: an import would rather pause a second than stop half-way. */
import { SECOND_MS } from "@doable/domain";
import { TRPCClientError } from "@trpc/client";

/** A longer wait than this is not a pace to keep up with (say, a sign-in lock): the error stands. */
export const MAX_THROTTLE_WAIT_SECONDS = 60;
/** Waits for one call before giving up; after a 1 s wait the per-user bucket has 10 tokens again. */
export const MAX_THROTTLED_RETRIES = 5;

export type Sleep = (milliseconds: number) => Promise<void>;

const realSleep: Sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Seconds to wait for a 429 worth waiting for, or null for any other error. */
function throttledFor(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; retryAfterSeconds?: number | null } | undefined;
  if (data?.code !== "TOO_MANY_REQUESTS") return null;
  const seconds = data.retryAfterSeconds;
  return typeof seconds === "number" && seconds <= MAX_THROTTLE_WAIT_SECONDS ? seconds : null;
}

/**
 * Runs `call`, and when the server answers 429 with a short Retry-After, waits that long and runs
 * it again (at most MAX_THROTTLED_RETRIES times). Only for calls that are safe to repeat.
 */
export async function retryWhenThrottled<T>(call: () => Promise<T>, sleep: Sleep = realSleep): Promise<T> {
  for (let retries = 0; ; retries += 1) {
    try {
      return await call();
    } catch (error) {
      const seconds = throttledFor(error);
      if (seconds === null || retries === MAX_THROTTLED_RETRIES) throw error;
      await sleep(seconds * SECOND_MS);
    }
  }
}
