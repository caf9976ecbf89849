import { type Database, type DatabaseHandle, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDeviceId, rememberDevice } from "./device-cookie";
import { claimDeviceSignInAttempt, signInThrottleKey } from "./device-throttle";
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
  it("counts a known device's failures apart from the email's", async () => {
    const { email, deviceId } = await userWithDevice();
    expect(await claimDeviceSignInAttempt(db, email, null, T0)).toEqual({
      throttleKey: email,
      waitSeconds: null,
    });
    expect((await claimDeviceSignInAttempt(db, email, null, T0)).waitSeconds).toBe(1);
    const device = await claimDeviceSignInAttempt(db, email, deviceId, T0);
    expect(device.waitSeconds).toBeNull();
    expect(device.throttleKey).not.toBe(email);
    expect((await claimDeviceSignInAttempt(db, email, deviceId, T0)).waitSeconds).toBe(1);
  });
});
