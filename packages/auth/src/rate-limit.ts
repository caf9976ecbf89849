import {
  commitWithoutFlush,
  commitWithoutFlushCondition,
  type Database,
  rateLimitBuckets,
  writeBookkeeping,
} from "@doable/db";
import { and, eq, like, sql } from "drizzle-orm";
import { MINUTE_MS, SECOND_MS } from "./time";

/** A token bucket: `capacity` requests at once, refilled continuously at `refillPerSecond`. */
export interface BucketPolicy {
  name: string;
  capacity: number;
  refillPerSecond: number;
}

/** A refill of one token per `intervalMs`, as tokens per second. */
function onePer(intervalMs: number): number {
  return SECOND_MS / intervalMs;
}

export const SIGN_IN_BUCKET: BucketPolicy = {
  name: "sign-in",
  capacity: 20,
  refillPerSecond: onePer(SECOND_MS),
};
export const SIGN_UP_BUCKET: BucketPolicy = {
  name: "sign-up",
  capacity: 3,
  refillPerSecond: onePer(10 * SECOND_MS),
};
export const CHANGE_PASSWORD_BUCKET: BucketPolicy = {
  name: "change-password",
  capacity: 5,
  refillPerSecond: onePer(MINUTE_MS),
};

/**
 * Password confirmations of a signed-in user (changing the password, deleting the account), keyed
 * by user: a stolen session cannot guess the password faster from many addresses.
 */
export const PASSWORD_CONFIRMATION_BUCKET: BucketPolicy = {
  name: "password-confirmation",
  capacity: 5,
  refillPerSecond: onePer(MINUTE_MS),
};

/**
 * Every change a signed-in user makes over HTTP (each mutation of a protected procedure), keyed by
 * user. Generous: a person clicking and typing makes a few a second at most, and 120 at once
 * covers a burst such as a quick run of ticks; a sustained 10 a second is a script, which the CLI
 * paces by honouring Retry-After. It bounds how fast one account can write, whatever it holds.
 */
export const USER_WRITE_BUCKET: BucketPolicy = {
  name: "user-write",
  capacity: 120,
  refillPerSecond: 10 * onePer(SECOND_MS),
};

/**
 * Second-factor codes from one client address (\`auth.completeSignIn\`), whatever the account. The
 * per-account delay (two-factor-throttle.ts) is what protects a code; this bounds one address
 * sweeping many accounts whose passwords it holds.
 */
export const TWO_FACTOR_CODE_BUCKET: BucketPolicy = {
  name: "two-factor-code",
  capacity: 10,
  refillPerSecond: onePer(6 * SECOND_MS),
};

/** Password-reset requests from one client address: enough for typos, not for a sweep of addresses. */
export const PASSWORD_RESET_REQUEST_BUCKET: BucketPolicy = {
  name: "password-reset",
  capacity: 5,
  refillPerSecond: onePer(MINUTE_MS),
};

/**
 * Reset mail to one email address, known or not (so the bucket reveals nothing): 3, then one per
 * 10 minutes. Past it the request gets the usual answer and no mail is sent: nobody can bury an
 * inbox in reset links, and the link sent before still works.
 */
export const PASSWORD_RESET_EMAIL_BUCKET: BucketPolicy = {
  name: "password-reset-email",
  capacity: 3,
  refillPerSecond: onePer(10 * MINUTE_MS),
};

/** Emailed links presented by one client address (reset, verification): guessing them is hopeless anyway. */
export const EMAIL_TOKEN_BUCKET: BucketPolicy = {
  name: "email-token",
  capacity: 10,
  refillPerSecond: onePer(6 * SECOND_MS),
};

/** Mail a signed-in user asks for (verification again, an email change), keyed by user: 3, then one per 10 minutes. */
export const ACCOUNT_MAIL_BUCKET: BucketPolicy = {
  name: "account-mail",
  capacity: 3,
  refillPerSecond: onePer(10 * MINUTE_MS),
};

const USER_SUBJECT_PREFIX = "user:";
const EMAIL_SUBJECT_PREFIX = "email:";

/** The subject of buckets keyed by an email address (known or not): keys read `<bucket>:email:<email>`. */
export function emailBucketSubject(email: string): string {
  return `${EMAIL_SUBJECT_PREFIX}${email}`;
}

/**
 * Deletes every bucket keyed by this email address, for account deletion. Compared as a suffix of
 * exact characters, not with LIKE: an address may hold `%` or `_`.
 */
export async function deleteEmailBuckets(db: Database, email: string): Promise<number> {
  const suffix = `:${emailBucketSubject(email)}`;
  const deleted = await db
    .delete(rateLimitBuckets)
    .where(sql`right(${rateLimitBuckets.key}, char_length(${suffix}::text)) = ${suffix}`)
    .returning({ key: rateLimitBuckets.key });
  return deleted.length;
}

/** The subject of a user's own buckets: keys read `<bucket>:user:<id>`. */
export function userBucketSubject(userId: string): string {
  return `${USER_SUBJECT_PREFIX}${userId}`;
}

/**
 * Deletes every bucket of this user (whatever the bucket), for account deletion: nothing keyed by
 * a deleted account stays behind. A suffix match cannot use the primary key, so this reads the
 * whole table; it is small (idle rows are purged daily) and accounts are deleted rarely.
 */
export async function deleteUserBuckets(db: Database, userId: string): Promise<number> {
  // A user id is a UUID: it holds no LIKE wildcards.
  const deleted = await db
    .delete(rateLimitBuckets)
    .where(like(rateLimitBuckets.key, `%:${userBucketSubject(userId)}`))
    .returning({ key: rateLimitBuckets.key });
  return deleted.length;
}

export type RateLimitRefusal = { allowed: false; retryAfterSeconds: number };
export type RateLimitDecision = { allowed: true } | RateLimitRefusal;

/** One bucket of one client or user: the policy and whose it is. */
export interface BucketOf {
  policy: BucketPolicy;
  subject: string;
}

function bucketKey({ policy, subject }: BucketOf): string {
  return `${policy.name}:${subject}`;
}

/**
 * The statement that takes one token from the bucket, atomically in the database so every app
 * instance shares the count; the refill is computed from the elapsed time, so no job runs. It
 * returns one row when a token was taken and none when the bucket is empty, and commits without
 * a flush (bookkeeping, ADR 0026). Run it alone (`takeToken`) or as the first step of a statement
 * whose next step needs the token (`claimSignInAttemptBehind`'s claim).
 */
export function tokenTaking(db: Database, bucket: BucketOf, now: Date) {
  const { policy } = bucket;
  const nowText = now.toISOString();
  const refilled = sql`least(${policy.capacity}::double precision, ${rateLimitBuckets.tokens} + greatest(0, extract(epoch from (${nowText}::timestamptz - ${rateLimitBuckets.updatedAt}))) * ${policy.refillPerSecond}::double precision)`;
  return db
    .insert(rateLimitBuckets)
    .values({ key: bucketKey(bucket), tokens: policy.capacity - 1, updatedAt: now })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        tokens: sql`${refilled} - 1`,
        updatedAt: sql`greatest(${rateLimitBuckets.updatedAt}, ${nowText}::timestamptz)`,
      },
      setWhere: and(commitWithoutFlushCondition, sql`${refilled} >= 1`),
    })
    .returning({ tokens: rateLimitBuckets.tokens, ...commitWithoutFlush });
}

/** The refusal of an empty bucket: the seconds until it holds a whole token again. */
export async function emptyBucketRefusal(
  db: Database,
  bucket: BucketOf,
  now: Date,
): Promise<RateLimitRefusal> {
  const { policy } = bucket;
  const [row] = await db
    .select()
    .from(rateLimitBuckets)
    .where(eq(rateLimitBuckets.key, bucketKey(bucket)));
  const elapsedSeconds = row ? Math.max(0, (now.getTime() - row.updatedAt.getTime()) / SECOND_MS) : 0;
  const available = row ? Math.min(policy.capacity, row.tokens + elapsedSeconds * policy.refillPerSecond) : 0;
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((1 - available) / policy.refillPerSecond)),
  };
}

/** Takes one token from the bucket `policy.name:subject` (see `tokenTaking`). */
export async function takeToken(
  db: Database,
  policy: BucketPolicy,
  subject: string,
  now: Date,
): Promise<RateLimitDecision> {
  const bucket: BucketOf = { policy, subject };
  const taken = await writeBookkeeping(db, (tx) => tokenTaking(tx, bucket, now));
  if (taken.length > 0) return { allowed: true };
  return emptyBucketRefusal(db, bucket, now);
}
