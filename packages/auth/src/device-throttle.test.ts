import { type Database, type DatabaseHandle, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDeviceId, rememberDevice } from "./device-cookie";
import { claimDeviceSignInAttempt, type SignInClaim, signInThrottleKey } from "./device-throttle";
import { type BucketOf, SIGN_IN_BUCKET } from "./rate-limit";
import { hashSecret } from "./secret-hash";

const T0 = new Date("2030-01-01T00:00:00.000Z");

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});

let userCount = 0;
async function userWithDevice(): Promise<{ id: string; email: string; deviceId: string }> {
  userCount += 1;
  const email = `device-throttle${userCount}@example.com`;
  const [user] = await db.insert(users).values({ email, passwordHash: "x" }).returning();
  if (!user) throw new Error("user insert returned no row");
  const deviceId = newDeviceId();
  await rememberDevice(db, user.id, deviceId, T0);
  return { id: user.id, email, deviceId };
}

describe("signInThrottleKey", () => {
  it("is the device's own key, without '@' and without the raw id, for a device known for that email's account", async () => {
    const { id, email, deviceId } = await userWithDevice();
    const key = await signInThrottleKey(db, email, deviceId);
    expect(key).toBe(`device:${id}:${hashSecret(deviceId)}`);
    expect(key).not.toContain("@");
    expect(key).not.toContain(deviceId);
  });

  it("is the email for no device, a malformed one, one never seen, one known for another account, or an unknown email", async () => {
    const owner = await userWithDevice();
    const other = await userWithDevice();
    for (const deviceId of [null, "not a device id", newDeviceId(), other.deviceId]) {
      expect(await signInThrottleKey(db, owner.email, deviceId)).toBe(owner.email);
    }
    expect(await signInThrottleKey(db, "nobody@example.com", owner.deviceId)).toBe("nobody@example.com");
  });
});

describe("claimDeviceSignInAttempt", () => {
  /** A claim the bucket, if any, let through. */
  async function claim(
    email: string,
    deviceId: string | null,
    bucket: BucketOf | null,
  ): Promise<SignInClaim> {
    const answer = await claimDeviceSignInAttempt(db, email, deviceId, T0, bucket);
    if ("refusedByBucket" in answer) throw new Error(`the bucket refused: ${JSON.stringify(answer)}`);
    return answer;
  }

  it.each([
    ["in process (no bucket)", null],
    ["behind a client's bucket", { policy: SIGN_IN_BUCKET, subject: "198.51.100.7" }],
  ])("counts a known device's failures apart from the email's, %s", async (_, bucket) => {
    const { email, deviceId } = await userWithDevice();
    expect(await claim(email, null, bucket)).toEqual({ throttleKey: email, waitSeconds: null });
    expect((await claim(email, null, bucket)).waitSeconds).toBe(1);
    const device = await claim(email, deviceId, bucket);
    expect(device.waitSeconds).toBeNull();
    expect(device.throttleKey).not.toBe(email);
    expect((await claim(email, deviceId, bucket)).waitSeconds).toBe(1);
  });
});
