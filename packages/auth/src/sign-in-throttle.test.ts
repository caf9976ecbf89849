import { type Database, type DatabaseHandle, rateLimitBuckets } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { BucketOf } from "./rate-limit";
import {
  claimSignInAttempt,
  claimSignInAttemptBehind,
  clearSignInFailures,
  recordSignInFailure,
  SIGN_IN_FAILURE_DELAYS_SECONDS,
  signInRetryAfterSeconds,
} from "./sign-in-throttle";
import { DAY_MS, SECOND_MS } from "./time";

const T0 = new Date("2030-01-01T00:00:00.000Z");
const EXPECTED_DELAYS = [1, 2, 4, 8, 16, 30, 60, 180, 300];

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

let emailCount = 0;
function newEmail(): string {
  emailCount += 1;
  return `throttle${emailCount}@example.com`;
}

/**
 * Fails `count` times, each right after the previous lock ended (as a patient attacker would);
 * returns the delays and the time the last lock ends.
 */
async function failInTurn(
  email: string,
  count: number,
  start = T0,
): Promise<{ delays: number[]; end: Date }> {
  const delays: number[] = [];
  let now = start;
  for (let i = 0; i < count; i += 1) {
    expect(await signInRetryAfterSeconds(db, email, now)).toBeNull();
    const delay = await recordSignInFailure(db, email, now);
    expect(await signInRetryAfterSeconds(db, email, now)).toBe(delay);
    delays.push(delay);
    now = new Date(now.getTime() + delay * SECOND_MS);
  }
  return { delays, end: now };
}

describe("per-account sign-in throttle", () => {
  it("waits 1, 2, 4, 8, 16, 30, 60, 180, 300 s after consecutive failures, then 300 s again", async () => {
    expect([...SIGN_IN_FAILURE_DELAYS_SECONDS]).toEqual(EXPECTED_DELAYS);
    const { delays } = await failInTurn(newEmail(), 12);
    expect(delays).toEqual([...EXPECTED_DELAYS, 300, 300, 300]);
  });

  it("counts down the wait in whole seconds and is null once it has passed", async () => {
    const email = newEmail();
    expect(await signInRetryAfterSeconds(db, email, T0)).toBeNull();
    const { end } = await failInTurn(email, 2); // locked for 2 s from T0 + 1 s
    const start = new Date(end.getTime() - 2 * SECOND_MS);
    const after = (ms: number) => signInRetryAfterSeconds(db, email, new Date(start.getTime() + ms));
    expect(await after(0)).toBe(2);
    expect(await after(1)).toBe(2);
    expect(await after(SECOND_MS)).toBe(1);
    expect(await after(2 * SECOND_MS - 1)).toBe(1);
    expect(await after(2 * SECOND_MS)).toBeNull();
    expect(await after(DAY_MS)).toBeNull();
  });

  it("is per email", async () => {
    const locked = newEmail();
    await failInTurn(locked, 5);
    const other = newEmail();
    expect(await signInRetryAfterSeconds(db, other, T0)).toBeNull();
    expect(await recordSignInFailure(db, other, T0)).toBe(1);
  });

  it("starts over at 1 s once the failures are cleared (a successful sign-in)", async () => {
    const email = newEmail();
    const { end } = await failInTurn(email, 6);
    await clearSignInFailures(db, email);
    expect(await signInRetryAfterSeconds(db, email, end)).toBeNull();
    const { delays } = await failInTurn(email, 3, end);
    expect(delays).toEqual([1, 2, 4]);
  });

  it("clearing also ends a running lock", async () => {
    const email = newEmail();
    await recordSignInFailure(db, email, T0);
    expect(await signInRetryAfterSeconds(db, email, T0)).toBe(1);
    await clearSignInFailures(db, email);
    expect(await signInRetryAfterSeconds(db, email, T0)).toBeNull();
  });

  it("forgets failures more than a day after the last lock ended, not sooner", async () => {
    const remembered = newEmail();
    const first = await failInTurn(remembered, 9);
    const dayLater = new Date(first.end.getTime() + DAY_MS);
    // Exactly a day after the lock ended: still remembered, still the longest wait.
    expect(await recordSignInFailure(db, remembered, dayLater)).toBe(300);

    const forgotten = newEmail();
    const second = await failInTurn(forgotten, 9);
    const justOverADay = new Date(second.end.getTime() + DAY_MS + 1);
    expect(await recordSignInFailure(db, forgotten, justOverADay)).toBe(1);
    const { delays } = await failInTurn(forgotten, 2, new Date(justOverADay.getTime() + SECOND_MS));
    expect(delays).toEqual([2, 4]);
  });

  it("counts simultaneous failures one by one (the update is atomic)", async () => {
    const email = newEmail();
    const delays = await Promise.all(Array.from({ length: 6 }, () => recordSignInFailure(db, email, T0)));
    expect([...delays].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 30]);
    expect(await signInRetryAfterSeconds(db, email, T0)).toBe(30);
  });
});

describe("claimSignInAttempt", () => {
  it("lets an unlocked email try, counting the attempt as the next failure until cleared", async () => {
    const email = newEmail();
    expect(await claimSignInAttempt(db, email, T0)).toBeNull();
    expect(await signInRetryAfterSeconds(db, email, T0)).toBe(1);
    // While locked: the wait, and the claim changes nothing.
    expect(await claimSignInAttempt(db, email, new Date(T0.getTime() + 400))).toBe(1);
    expect(await claimSignInAttempt(db, email, T0)).toBe(1);
    const next = new Date(T0.getTime() + SECOND_MS);
    expect(await claimSignInAttempt(db, email, next)).toBeNull();
    expect(await signInRetryAfterSeconds(db, email, next)).toBe(2);
    // A success clears the claim: the next attempt starts the sequence again.
    await clearSignInFailures(db, email);
    expect(await claimSignInAttempt(db, email, next)).toBeNull();
    expect(await signInRetryAfterSeconds(db, email, next)).toBe(1);
  });

  it("follows the same delays as recorded failures, up to 300 s", async () => {
    const email = newEmail();
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 11; i += 1) {
      expect(await claimSignInAttempt(db, email, now)).toBeNull();
      const wait = (await claimSignInAttempt(db, email, now)) ?? Number.NaN;
      waits.push(wait);
      now = new Date(now.getTime() + wait * SECOND_MS);
    }
    expect(waits).toEqual([...EXPECTED_DELAYS, 300, 300]);
  });

  it("grants exactly one of many simultaneous claims, for a new email and for one with failures", async () => {
    const fresh = newEmail();
    const failedBefore = newEmail();
    const { end } = await failInTurn(failedBefore, 3);
    for (const [email, now] of [
      [fresh, T0],
      [failedBefore, end],
    ] as const) {
      const results = await Promise.all(Array.from({ length: 12 }, () => claimSignInAttempt(db, email, now)));
      expect(results.filter((wait) => wait === null)).toHaveLength(1);
      const waits = results.filter((wait) => wait !== null);
      expect(new Set(waits)).toEqual(new Set([email === fresh ? 1 : 8]));
    }
  });
});

describe("claimSignInAttemptBehind (the client's bucket and the claim in one statement)", () => {
  /** Two tokens, one back every 4 s (a power of two: the waits below are exact). */
  function smallBucket(subject: string): BucketOf {
    return { policy: { name: "claim-test", capacity: 2, refillPerSecond: 1 / 4 }, subject };
  }

  async function tokensLeft(bucket: BucketOf): Promise<number | undefined> {
    const [row] = await db
      .select({ tokens: rateLimitBuckets.tokens })
      .from(rateLimitBuckets)
      .where(eq(rateLimitBuckets.key, `${bucket.policy.name}:${bucket.subject}`));
    return row?.tokens;
  }

  it("takes a token and claims as claimSignInAttempt does: the first try now, the next after the delay", async () => {
    const bucket = smallBucket("198.51.100.1");
    const email = newEmail();
    expect(await claimSignInAttemptBehind(db, bucket, email, T0)).toEqual({ waitSeconds: null });
    expect(await tokensLeft(bucket)).toBe(1);
    expect(await signInRetryAfterSeconds(db, email, T0)).toBe(1);
    expect(await claimSignInAttemptBehind(db, bucket, email, T0)).toEqual({ waitSeconds: 1 });
    expect(await tokensLeft(bucket)).toBe(0);
  });

  it("refuses with the bucket's wait when it is empty, and then counts nothing against the email", async () => {
    const bucket = smallBucket("198.51.100.2");
    const [spent, locked, fresh] = [newEmail(), newEmail(), newEmail()];
    await claimSignInAttemptBehind(db, bucket, spent, T0);
    await claimSignInAttemptBehind(db, bucket, spent, T0);
    await recordSignInFailure(db, locked, T0);

    // Half a token back: the other half takes 2 s.
    const later = new Date(T0.getTime() + 2 * SECOND_MS);
    expect(await claimSignInAttemptBehind(db, bucket, fresh, later)).toEqual({
      refusedByBucket: { allowed: false, retryAfterSeconds: 2 },
    });
    expect(await claimSignInAttemptBehind(db, bucket, locked, later)).toEqual({
      refusedByBucket: { allowed: false, retryAfterSeconds: 2 },
    });
    expect(await signInRetryAfterSeconds(db, fresh, later)).toBeNull();
    // The lock of its one failure (1 s) ended; a counted attempt would have started a 2 s one.
    expect(await signInRetryAfterSeconds(db, locked, later)).toBeNull();
    expect(await claimSignInAttempt(db, locked, later)).toBeNull();
    expect(await signInRetryAfterSeconds(db, locked, later)).toBe(2);
  });

  it("grants exactly one of many simultaneous claims for one email, each taking its own token", async () => {
    const email = newEmail();
    const buckets = Array.from({ length: 8 }, (_, index) => smallBucket(`198.51.100.${10 + index}`));
    const results = await Promise.all(
      buckets.map((bucket) => claimSignInAttemptBehind(db, bucket, email, T0)),
    );
    expect(results.filter((result) => "waitSeconds" in result && result.waitSeconds === null)).toHaveLength(
      1,
    );
    expect(results.filter((result) => "refusedByBucket" in result)).toEqual([]);
    for (const bucket of buckets) expect(await tokensLeft(bucket)).toBe(1);
  });
});
