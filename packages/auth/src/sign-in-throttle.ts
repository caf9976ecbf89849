import {
  commitWithoutFlush,
  commitWithoutFlushCondition,
  type Database,
  signInThrottles,
  writeBookkeeping,
} from "@doable/db";
import { and, eq, sql } from "drizzle-orm";
import { type BucketOf, emptyBucketRefusal, type RateLimitRefusal, tokenTaking } from "./rate-limit";
import { SECOND_MS } from "./time";

/**
 * After the n-th consecutive failed sign-in for an email, the next attempt waits this long; the
 * last value repeats. The cap is what anyone can make a victim wait: never a lockout.
 */
export const SIGN_IN_FAILURE_DELAYS_SECONDS = [1, 2, 4, 8, 16, 30, 60, 180, 300] as const;
const LONGEST_DELAY_SECONDS = 300;
/** Failures older than this (since the last lock ended) are forgotten: the count starts again. */
const FAILURE_MEMORY = "1 day";

/** Seconds until `email` may try again, or null when it may try now. */
export async function signInRetryAfterSeconds(
  db: Database,
  email: string,
  now: Date,
): Promise<number | null> {
  const [row] = await db
    .select({ lockedUntil: signInThrottles.lockedUntil })
    .from(signInThrottles)
    .where(eq(signInThrottles.email, email));
  if (!row || row.lockedUntil.getTime() <= now.getTime()) return null;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / SECOND_MS);
}

/** The row of a first failure: one failure, the first delay. */
function firstFailure(email: string, now: Date): typeof signInThrottles.$inferInsert {
  return {
    email,
    failures: 1,
    lockedUntil: new Date(now.getTime() + SIGN_IN_FAILURE_DELAYS_SECONDS[0] * SECOND_MS),
  };
}

/**
 * The ON CONFLICT update that counts one more failure and starts the next delay. With
 * `onlyWhenUnlocked`, it updates only if the email is not locked at `now` (atomically); an
 * update refused that way returns no row.
 */
function nextFailure(now: Date, onlyWhenUnlocked: boolean) {
  const delays = sql.raw(`array[${SIGN_IN_FAILURE_DELAYS_SECONDS.join(",")}]`);
  const last = SIGN_IN_FAILURE_DELAYS_SECONDS.length;
  const nowText = now.toISOString();
  const failuresSoFar = sql`(case when ${signInThrottles.lockedUntil} < ${nowText}::timestamptz - ${FAILURE_MEMORY}::interval then 0 else ${signInThrottles.failures} end)`;
  return {
    target: signInThrottles.email,
    set: {
      failures: sql`${failuresSoFar} + 1`,
      lockedUntil: sql`${nowText}::timestamptz + make_interval(secs => (${delays})[least(${failuresSoFar} + 1, ${last})])`,
    },
    ...(onlyWhenUnlocked
      ? {
          setWhere: and(
            commitWithoutFlushCondition,
            sql`${signInThrottles.lockedUntil} <= ${nowText}::timestamptz`,
          ),
        }
      : {}),
  };
}

/** The delay in seconds that follows the `failures`-th consecutive failure. */
function delayAfter(failures: number): number {
  const last = SIGN_IN_FAILURE_DELAYS_SECONDS.length;
  return SIGN_IN_FAILURE_DELAYS_SECONDS[Math.min(failures, last) - 1] ?? LONGEST_DELAY_SECONDS;
}

/**
 * Counts a failure and starts the next delay; returns that delay in seconds. With
 * `onlyWhenUnlocked`, does so only if `email` is not locked at `now` (atomically), and returns
 * null when it is.
 */
async function countFailure(
  db: Database,
  email: string,
  now: Date,
  onlyWhenUnlocked: boolean,
): Promise<number | null> {
  const [row] = await writeBookkeeping(db, (tx) =>
    tx
      .insert(signInThrottles)
      .values(firstFailure(email, now))
      .onConflictDoUpdate(nextFailure(now, onlyWhenUnlocked))
      .returning({ failures: signInThrottles.failures, ...commitWithoutFlush }),
  );
  return row ? delayAfter(row.failures) : null;
}

/** Counts a failure and starts the next delay; returns that delay in seconds. */
export async function recordSignInFailure(db: Database, email: string, now: Date): Promise<number> {
  return (await countFailure(db, email, now, false)) ?? LONGEST_DELAY_SECONDS;
}

/**
 * Claims one sign-in attempt for `email`: null when it may try now, else the seconds to wait.
 * The claim counts the attempt as a failure in the same atomic statement that checks the lock
 * (a success then clears it), so simultaneous guesses cannot all slip in before the first
 * failure is recorded: one is verified, the others wait.
 */
export async function claimSignInAttempt(db: Database, email: string, now: Date): Promise<number | null> {
  if ((await countFailure(db, email, now, true)) !== null) return null;
  return lockedRetryAfterSeconds(db, email, now);
}

/** The wait of an attempt refused by the lock at `now`. */
async function lockedRetryAfterSeconds(db: Database, email: string, now: Date): Promise<number> {
  // Locked at `now`; should the lock have been cleared since, one second is still a safe answer.
  return (await signInRetryAfterSeconds(db, email, now)) ?? 1;
}

/** A claim behind a client's bucket: the bucket's refusal, or the claim's wait (null: try now). */
export type BucketedSignInClaim = { refusedByBucket: RateLimitRefusal } | { waitSeconds: number | null };

/**
 * `claimSignInAttempt` behind a token from the client's bucket, in one statement: the claim is
 * written only if the bucket gave a token (its insert selects from the token taken), so a client
 * the bucket refuses counts nothing against the email, as when the two ran one after the other,
 * and a sign-in waits for one round trip here instead of two.
 */
export async function claimSignInAttemptBehind(
  db: Database,
  bucket: BucketOf,
  email: string,
  now: Date,
): Promise<BucketedSignInClaim> {
  const first = firstFailure(email, now);
  const taken = db.$with("token_taken").as(tokenTaking(db, bucket, now));
  const claimed = db.$with("attempt_claimed").as(
    db
      .insert(signInThrottles)
      .select(
        db
          .select({
            email: sql<string>`${first.email}::text`.as("email"),
            failures: sql<number>`${first.failures}::integer`.as("failures"),
            lockedUntil: sql<Date>`${first.lockedUntil.toISOString()}::timestamptz`.as("locked_until"),
          })
          .from(taken),
      )
      .onConflictDoUpdate(nextFailure(now, true))
      .returning({ failures: signInThrottles.failures }),
  );
  const [row] = await writeBookkeeping(db, (tx) =>
    tx
      .with(taken, claimed)
      .select({
        claimedFailures: sql<number | null>`(select ${claimed.failures} from ${claimed})`,
        ...commitWithoutFlush,
      })
      .from(taken),
  );
  if (!row) return { refusedByBucket: await emptyBucketRefusal(db, bucket, now) };
  return { waitSeconds: row.claimedFailures === null ? await lockedRetryAfterSeconds(db, email, now) : null };
}

export async function clearSignInFailures(db: Database, email: string): Promise<void> {
  await writeBookkeeping(db, (tx) =>
    tx.delete(signInThrottles).where(eq(signInThrottles.email, email)).returning(commitWithoutFlush),
  );
}
