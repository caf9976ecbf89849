import {
  commitWithoutFlush,
  type Database,
  knownDevices,
  signInThrottles,
  users,
  writeBookkeeping,
} from "@doable/db";
import { and, eq, like } from "drizzle-orm";
import { isDeviceId } from "./device-cookie";
import { hashSecret } from "./secret-hash";
import type { BucketOf, RateLimitRefusal } from "./rate-limit";
import { claimSignInAttempt, claimSignInAttemptBehind } from "./sign-in-throttle";
import { twoFactorThrottleKey } from "./two-factor-throttle";

/**
 * Sign-in throttling with device cookies (docs/decisions/0037, OWASP "slow down online guessing
 * attacks with device cookies"). A device that has signed in to an account before (its id is in
 * `known_devices` for that account) has a delay of its own for that account; every other
 * attempt shares the email's delay, as before. So an attacker's failures from elsewhere never
 * delay the owner's own browser or CLI, while guesses from unknown devices are slowed as much as
 * ever.
 */

/** What every key of one account's known devices starts with (user ids are UUIDs: no LIKE wildcards). */
function deviceKeyPrefix(userId: string): string {
  return `device:${userId}:`;
}

/** The throttle key of one known device for one account. An email always holds "@", this key never does. */
function knownDeviceThrottleKey(userId: string, deviceHash: string): string {
  return `${deviceKeyPrefix(userId)}${deviceHash}`;
}

/** The same device's own key for second-factor codes, apart from its passwords'. */
function knownDeviceTwoFactorKey(userId: string, deviceHash: string): string {
  return `${knownDeviceThrottleKey(userId, deviceHash)}:two-factor`;
}

/** Whether this device has signed in to the account before. */
async function isKnownDevice(db: Database, userId: string, deviceHash: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .where(and(eq(knownDevices.userId, userId), eq(knownDevices.deviceHash, deviceHash)))
    .limit(1);
  return row !== undefined;
}

/**
 * The account this device has signed in to under `email`, or null: no device, a malformed one,
 * an unknown email, or a device never used for that account all look the same (null), so the
 * lookup reveals nothing an attacker's own device could not already know.
 */
async function knownDeviceAccount(db: Database, email: string, deviceHash: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: knownDevices.userId })
    .from(knownDevices)
    .innerJoin(users, eq(users.id, knownDevices.userId))
    .where(and(eq(users.email, email), eq(knownDevices.deviceHash, deviceHash)))
    .limit(1);
  return row?.userId ?? null;
}

/**
 * The key a sign-in attempt for `email` is counted under: the device's own when `deviceId` has
 * signed in to that account before, else the email's (shared by every unknown device, known
 * email or not, so the key itself reveals no accounts).
 */
export async function signInThrottleKey(
  db: Database,
  email: string,
  deviceId: string | null,
): Promise<string> {
  if (deviceId === null || !isDeviceId(deviceId)) return email;
  const deviceHash = hashSecret(deviceId);
  const userId = await knownDeviceAccount(db, email, deviceHash);
  return userId === null ? email : knownDeviceThrottleKey(userId, deviceHash);
}

/** A claimed sign-in attempt: the key it was counted under (cleared on success) and the wait, if any. */
export interface SignInClaim {
  throttleKey: string;
  waitSeconds: number | null;
}

/** A sign-in attempt claimed behind the client's bucket: the bucket's refusal, or the claim. */
export type BucketedDeviceSignInClaim = { refusedByBucket: RateLimitRefusal } | SignInClaim;

/**
 * Claims one sign-in attempt for `email` from `deviceId` (docs/decisions/0012's atomic claim,
 * under the key `signInThrottleKey` picks): `waitSeconds` is null when it may try now. Behind
 * `clientBucket` (null for in-process callers, which have none) the token and the claim are one
 * statement, and a client the bucket refuses claims nothing.
 */
export async function claimDeviceSignInAttempt(
  db: Database,
  email: string,
  deviceId: string | null,
  now: Date,
  clientBucket: BucketOf | null,
): Promise<BucketedDeviceSignInClaim> {
  const throttleKey = await signInThrottleKey(db, email, deviceId);
  if (clientBucket === null) {
    return { throttleKey, waitSeconds: await claimSignInAttempt(db, throttleKey, now) };
  }
  const claim = await claimSignInAttemptBehind(db, clientBucket, throttleKey, now);
  return "refusedByBucket" in claim ? claim : { throttleKey, waitSeconds: claim.waitSeconds };
}

/**
 * Claims one second-factor code attempt for the account (the challenge's user) from `deviceId`:
 * a device known for the account has its own delay, every other shares the account's
 * (`two-factor:<user id>`, docs/decisions/0035). So someone who has the password cannot delay the
 * owner's codes from elsewhere either.
 */
export async function claimDeviceTwoFactorAttempt(
  db: Database,
  userId: string,
  deviceId: string | null,
  now: Date,
): Promise<SignInClaim> {
  const deviceHash = deviceId !== null && isDeviceId(deviceId) ? hashSecret(deviceId) : null;
  const known = deviceHash !== null && (await isKnownDevice(db, userId, deviceHash));
  const throttleKey =
    known && deviceHash !== null ? knownDeviceTwoFactorKey(userId, deviceHash) : twoFactorThrottleKey(userId);
  return { throttleKey, waitSeconds: await claimSignInAttempt(db, throttleKey, now) };
}

/** Forgets the delays of every known device of the account (it is being deleted). */
export async function clearDeviceThrottles(db: Database, userId: string): Promise<void> {
  await writeBookkeeping(db, (tx) =>
    tx
      .delete(signInThrottles)
      .where(like(signInThrottles.email, `${deviceKeyPrefix(userId)}%`))
      .returning(commitWithoutFlush),
  );
}
