import {
  type Database,
  type DatabaseHandle,
  knownDevices,
  securityEvents,
  sessions,
  signInThrottles,
  users,
} from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newDeviceId } from "./device-cookie";
import { hashSecret } from "./secret-hash";
import { recordSecurityEvent } from "./security-event";
import { newSession } from "./session";
import { claimSignInAttempt } from "./sign-in-throttle";
import { settleSignIn } from "./sign-in-settlement";

const NOW = new Date("2030-03-01T09:00:00Z");
/** A user id no account has: the session's foreign key refuses it. */
const NO_SUCH_USER = "00000000-0000-4000-8000-000000000000";

let handle: DatabaseHandle;
let db: Database;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});

afterAll(async () => {
  await handle.close();
});

/** An account with a sign-in attempt in flight: its claim made and its entry recorded as failed. */
async function attemptInFlight(email: string): Promise<{ userId: string; securityEventId: string }> {
  const [user] = await db.insert(users).values({ email, passwordHash: "x" }).returning({ id: users.id });
  if (!user) throw new Error("user insert returned no row");
  expect(await claimSignInAttempt(db, email, NOW)).toBeNull();
  const securityEventId = await recordSecurityEvent(db, {
    userId: user.id,
    type: "sign_in_failed",
    ipAddress: null,
    userAgent: null,
    now: NOW,
  });
  return { userId: user.id, securityEventId };
}

/** What the settlement is meant to have written, as the tables have it. */
async function written(email: string, securityEventId: string, sessionId: string) {
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  const [claim] = await db.select().from(signInThrottles).where(eq(signInThrottles.email, email));
  const [event] = await db
    .select({ type: securityEvents.type })
    .from(securityEvents)
    .where(eq(securityEvents.id, securityEventId));
  return { session, claim, eventType: event?.type };
}

describe("settleSignIn", () => {
  it("opens the session, clears the claim, settles the entry and remembers the device, in one go", async () => {
    const email = "settled@example.com";
    const { userId, securityEventId } = await attemptInFlight(email);
    const { session } = newSession({ userId, kind: "cli", userAgent: "doable-cli", now: NOW });
    const deviceId = newDeviceId();

    const first = await settleSignIn(db, {
      session,
      throttleKey: email,
      securityEventId,
      deviceId,
      now: NOW,
    });
    expect(first).toEqual({ deviceKnown: false });
    expect(await written(email, securityEventId, session.id)).toEqual({
      session,
      claim: undefined,
      eventType: "sign_in",
    });
    const devices = await db.select().from(knownDevices).where(eq(knownDevices.userId, userId));
    expect(devices.map((device) => device.deviceHash)).toEqual([hashSecret(deviceId)]);

    // The same device again: known now.
    const again = await attemptInFlight("settled-again@example.com");
    const second = newSession({ userId: again.userId, kind: "cli", userAgent: null, now: NOW });
    const otherDevice = await settleSignIn(db, {
      session: second.session,
      throttleKey: "settled-again@example.com",
      securityEventId: again.securityEventId,
      deviceId,
      now: NOW,
    });
    // Another account's devices are its own: the same id is new to it.
    expect(otherDevice).toEqual({ deviceKnown: false });
    // The first account's device again, an hour later: known, and seen again then.
    const later = new Date(NOW.getTime() + 60 * 60 * 1000);
    const third = newSession({ userId, kind: "cli", userAgent: null, now: later });
    expect(
      await settleSignIn(db, {
        session: third.session,
        throttleKey: email,
        securityEventId,
        deviceId,
        now: later,
      }),
    ).toEqual({ deviceKnown: true });
    const [renewed] = await db.select().from(knownDevices).where(eq(knownDevices.userId, userId));
    expect(renewed).toMatchObject({ createdAt: NOW, lastSeenAt: later });
  });

  it("remembers no device for a caller without one (a script)", async () => {
    const email = "script@example.com";
    const { userId, securityEventId } = await attemptInFlight(email);
    const { session } = newSession({ userId, kind: "cli", userAgent: null, now: NOW });
    expect(
      await settleSignIn(db, { session, throttleKey: email, securityEventId, deviceId: null, now: NOW }),
    ).toEqual({ deviceKnown: null });
    expect(await written(email, securityEventId, session.id)).toMatchObject({
      claim: undefined,
      eventType: "sign_in",
    });
    expect(await db.select().from(knownDevices).where(eq(knownDevices.userId, userId))).toEqual([]);
  });

  it("writes nothing at all when one of its writes fails", async () => {
    const email = "half-settled@example.com";
    const { userId, securityEventId } = await attemptInFlight(email);
    // A session for an account that is gone (deleted while the password was verified).
    const { session } = newSession({ userId: NO_SUCH_USER, kind: "browser", userAgent: null, now: NOW });

    await expect(
      settleSignIn(db, { session, throttleKey: email, securityEventId, deviceId: newDeviceId(), now: NOW }),
    ).rejects.toThrow();
    const state = await written(email, securityEventId, session.id);
    expect(state.session).toBeUndefined();
    // The claim still counts the attempt as failed, and the entry still says so.
    expect(state.claim).toMatchObject({ failures: 1 });
    expect(state.eventType).toBe("sign_in_failed");
    expect(await db.select().from(knownDevices).where(eq(knownDevices.userId, userId))).toEqual([]);
  });
});
