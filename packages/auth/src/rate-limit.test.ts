import { randomUUID } from "node:crypto";
import { type Database, type DatabaseHandle, rateLimitBuckets } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BucketPolicy,
  CHANGE_PASSWORD_BUCKET,
  deleteUserBuckets,
  PASSWORD_CONFIRMATION_BUCKET,
  type RateLimitDecision,
  SIGN_IN_BUCKET,
  SIGN_UP_BUCKET,
  takeToken,
  USER_WRITE_BUCKET,
  userBucketSubject,
} from "./rate-limit";
import { SECOND_MS } from "./time";

const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

let subjectCount = 0;
/** A client address no other test uses, so every test starts with full buckets. */
function newSubject(): string {
  subjectCount += 1;
  return `198.51.100.${subjectCount}`;
}

/** Takes `count` tokens one after the other at `now`; returns the decisions in order. */
async function takeMany(
  policy: BucketPolicy,
  subject: string,
  count: number,
  now: Date,
): Promise<RateLimitDecision[]> {
  const decisions: RateLimitDecision[] = [];
  for (let i = 0; i < count; i += 1) decisions.push(await takeToken(db, policy, subject, now));
  return decisions;
}

const allowedCount = (decisions: RateLimitDecision[]) => decisions.filter((d) => d.allowed).length;

describe("takeToken", () => {
  it("the sign-in bucket allows 20 at once, then refuses with Retry-After 1 s", async () => {
    const subject = newSubject();
    const decisions = await takeMany(SIGN_IN_BUCKET, subject, 20, T0);
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(await takeToken(db, SIGN_IN_BUCKET, subject, T0)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    // A refusal takes nothing: still exactly one second away.
    expect(await takeToken(db, SIGN_IN_BUCKET, subject, at(500))).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });

  it("refills continuously: 1 s after draining the sign-in bucket allows exactly one more", async () => {
    const subject = newSubject();
    await takeMany(SIGN_IN_BUCKET, subject, 20, T0);
    expect(await takeToken(db, SIGN_IN_BUCKET, subject, at(999))).toMatchObject({ allowed: false });
    expect(await takeToken(db, SIGN_IN_BUCKET, subject, at(SECOND_MS))).toEqual({ allowed: true });
    expect(await takeToken(db, SIGN_IN_BUCKET, subject, at(SECOND_MS))).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    // 5 s later exactly five more, never more than the capacity after a long pause.
    expect(allowedCount(await takeMany(SIGN_IN_BUCKET, subject, 6, at(6 * SECOND_MS)))).toBe(5);
    expect(allowedCount(await takeMany(SIGN_IN_BUCKET, subject, 25, at(3_600 * SECOND_MS)))).toBe(20);
  });

  it("the sign-up bucket allows 3, then one per 10 s, with a Retry-After that counts down", async () => {
    const subject = newSubject();
    expect(allowedCount(await takeMany(SIGN_UP_BUCKET, subject, 3, T0))).toBe(3);
    expect(await takeToken(db, SIGN_UP_BUCKET, subject, T0)).toEqual({
      allowed: false,
      retryAfterSeconds: 10,
    });
    expect(await takeToken(db, SIGN_UP_BUCKET, subject, at(3 * SECOND_MS))).toEqual({
      allowed: false,
      retryAfterSeconds: 7,
    });
    expect(await takeToken(db, SIGN_UP_BUCKET, subject, at(9_500))).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    expect(await takeToken(db, SIGN_UP_BUCKET, subject, at(10 * SECOND_MS))).toEqual({ allowed: true });
    expect(await takeToken(db, SIGN_UP_BUCKET, subject, at(10 * SECOND_MS))).toEqual({
      allowed: false,
      retryAfterSeconds: 10,
    });
  });

  it("the change-password bucket allows 5, then asks for a minute", async () => {
    const subject = newSubject();
    expect(allowedCount(await takeMany(CHANGE_PASSWORD_BUCKET, subject, 5, T0))).toBe(5);
    expect(await takeToken(db, CHANGE_PASSWORD_BUCKET, subject, T0)).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
    expect(await takeToken(db, CHANGE_PASSWORD_BUCKET, subject, at(60 * SECOND_MS))).toEqual({
      allowed: true,
    });
  });

  it("the per-user write bucket allows 120 at once, then 10 a second", async () => {
    const subject = userBucketSubject(randomUUID());
    expect(allowedCount(await takeMany(USER_WRITE_BUCKET, subject, 121, T0))).toBe(120);
    expect(await takeToken(db, USER_WRITE_BUCKET, subject, T0)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    expect(allowedCount(await takeMany(USER_WRITE_BUCKET, subject, 11, at(SECOND_MS)))).toBe(10);
  });

  it("keeps one bucket per client and per policy", async () => {
    const drained = newSubject();
    const other = newSubject();
    await takeMany(SIGN_UP_BUCKET, drained, 3, T0);
    expect(await takeToken(db, SIGN_UP_BUCKET, drained, T0)).toMatchObject({ allowed: false });
    // Another client has its own full bucket.
    expect(allowedCount(await takeMany(SIGN_UP_BUCKET, other, 4, T0))).toBe(3);
    // The same client's other actions are not affected.
    expect(allowedCount(await takeMany(SIGN_IN_BUCKET, drained, 21, T0))).toBe(20);
    const custom: BucketPolicy = { name: "custom", capacity: 2, refillPerSecond: 1 };
    expect(allowedCount(await takeMany(custom, drained, 3, T0))).toBe(2);
    // ...and draining them left the first bucket where it was.
    expect(await takeToken(db, SIGN_UP_BUCKET, drained, T0)).toEqual({
      allowed: false,
      retryAfterSeconds: 10,
    });
  });

  describe("under concurrency", () => {
    it("30 simultaneous takes on a fresh 20-token bucket allow exactly 20", async () => {
      const subject = newSubject();
      const decisions = await Promise.all(
        Array.from({ length: 30 }, () => takeToken(db, SIGN_IN_BUCKET, subject, T0)),
      );
      expect(allowedCount(decisions)).toBe(20);
      for (const decision of decisions.filter((d) => !d.allowed)) {
        expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
      }
    });

    it("30 simultaneous takes on an existing bucket with 10 tokens left allow exactly 10", async () => {
      const subject = newSubject();
      expect(allowedCount(await takeMany(SIGN_IN_BUCKET, subject, 10, T0))).toBe(10);
      const decisions = await Promise.all(
        Array.from({ length: 30 }, () => takeToken(db, SIGN_IN_BUCKET, subject, T0)),
      );
      expect(allowedCount(decisions)).toBe(10);
      expect(await takeToken(db, SIGN_IN_BUCKET, subject, T0)).toMatchObject({ allowed: false });
    });
  });

  describe("when the clock moves backwards", () => {
    it("an earlier time mints no tokens, and later refills count from the latest time seen", async () => {
      const subject = newSubject();
      const later = at(100 * SECOND_MS);
      await takeMany(SIGN_IN_BUCKET, subject, 20, later);
      expect(await takeToken(db, SIGN_IN_BUCKET, subject, T0)).toMatchObject({ allowed: false });
      expect(await takeToken(db, SIGN_IN_BUCKET, subject, at(100 * SECOND_MS + 999))).toMatchObject({
        allowed: false,
      });
      expect(allowedCount(await takeMany(SIGN_IN_BUCKET, subject, 3, at(101 * SECOND_MS)))).toBe(1);
    });

    it("a take stamped earlier does not move the bucket's time back", async () => {
      const subject = newSubject();
      const later = at(100 * SECOND_MS);
      expect(allowedCount(await takeMany(SIGN_IN_BUCKET, subject, 10, later))).toBe(10);
      // A second instance whose clock is 100 s behind takes one token...
      expect(await takeToken(db, SIGN_IN_BUCKET, subject, T0)).toEqual({ allowed: true });
      const [row] = await db
        .select({ updatedAt: rateLimitBuckets.updatedAt })
        .from(rateLimitBuckets)
        .where(eq(rateLimitBuckets.key, `${SIGN_IN_BUCKET.name}:${subject}`));
      expect(row?.updatedAt).toEqual(later);
      // ...which must not let the next take at `later` see 100 s of refill: 9 left, not 20.
      expect(allowedCount(await takeMany(SIGN_IN_BUCKET, subject, 20, later))).toBe(9);
    });
  });
});

describe("deleteUserBuckets", () => {
  const keysOf = async (pattern: string) =>
    (await db.select().from(rateLimitBuckets).where(like(rateLimitBuckets.key, pattern))).map(
      (row) => row.key,
    );

  it("deletes every bucket keyed by the user, whatever the bucket, and nobody else's", async () => {
    const [userId, otherId] = [randomUUID(), randomUUID()];
    const custom: BucketPolicy = { name: "some-future-bucket", capacity: 1, refillPerSecond: 1 };
    for (const id of [userId, otherId]) {
      for (const policy of [USER_WRITE_BUCKET, PASSWORD_CONFIRMATION_BUCKET, custom]) {
        await takeToken(db, policy, userBucketSubject(id), T0);
      }
    }
    const address = newSubject();
    await takeToken(db, SIGN_IN_BUCKET, address, T0);
    expect((await keysOf(`%:user:${userId}`)).sort()).toEqual([
      `password-confirmation:user:${userId}`,
      `some-future-bucket:user:${userId}`,
      `user-write:user:${userId}`,
    ]);

    expect(await deleteUserBuckets(db, userId)).toBe(3);
    expect(await keysOf(`%${userId}%`)).toEqual([]);
    expect(await keysOf(`%:user:${otherId}`)).toHaveLength(3);
    expect(await keysOf(`%:${address}`)).toEqual([`sign-in:${address}`]);
    expect(await deleteUserBuckets(db, userId)).toBe(0);
  });
});
