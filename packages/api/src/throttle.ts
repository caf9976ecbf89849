import {
  type BucketOf,
  type BucketPolicy,
  takeToken,
  USER_WRITE_BUCKET,
  userBucketSubject,
} from "@doable/auth";
import { TRPCError } from "@trpc/server";
import { RetryAfterCause } from "./retry-after";
import type { Context } from "./trpc";

const SECONDS_PER_MINUTE = 60;

function describeWait(seconds: number): string {
  if (seconds < SECONDS_PER_MINUTE) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / SECONDS_PER_MINUTE);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

const TOO_MANY_ATTEMPTS = "Too many attempts.";
const TOO_MANY_CHANGES = "Too many changes in a short time.";

/** 429 with Retry-After; the seconds also travel in the error data so the UI can say when. */
export function tooManyRequests(
  ctx: Pick<Context, "resHeaders">,
  retryAfterSeconds: number,
  reason: string = TOO_MANY_ATTEMPTS,
): TRPCError {
  ctx.resHeaders?.set("retry-after", String(retryAfterSeconds));
  return new TRPCError({
    code: "TOO_MANY_REQUESTS",
    message: `${reason} Please try again in ${describeWait(retryAfterSeconds)}.`,
    cause: new RetryAfterCause(retryAfterSeconds),
  });
}

/** This client's bucket for the action; in-process callers have none (they are not throttled). */
export function clientBucket(ctx: Context, policy: BucketPolicy): BucketOf | null {
  return ctx.clientIp === null ? null : { policy, subject: ctx.clientIp };
}

/** Takes a token from this client's bucket for the action; in-process callers are not throttled. */
export async function enforceClientBucket(ctx: Context, policy: BucketPolicy): Promise<void> {
  const bucket = clientBucket(ctx, policy);
  if (bucket === null) return;
  const decision = await takeToken(ctx.db, bucket.policy, bucket.subject, ctx.now());
  if (!decision.allowed) throw tooManyRequests(ctx, decision.retryAfterSeconds);
}

/**
 * Takes a token from the signed-in user's own bucket for the action, whatever the address; like
 * the client buckets, in-process callers are exempt.
 */
export async function enforceUserBucket(
  ctx: Context,
  userId: string,
  policy: BucketPolicy,
  reason: string = TOO_MANY_ATTEMPTS,
): Promise<void> {
  if (ctx.clientIp === null) return;
  const decision = await takeToken(ctx.db, policy, userBucketSubject(userId), ctx.now());
  if (!decision.allowed) throw tooManyRequests(ctx, decision.retryAfterSeconds, reason);
}

/** Every change a signed-in user makes takes a token from their write bucket (ADR 0016). */
export function enforceUserWriteRate(ctx: Context, userId: string): Promise<void> {
  return enforceUserBucket(ctx, userId, USER_WRITE_BUCKET, TOO_MANY_CHANGES);
}
