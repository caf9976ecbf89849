import { randomBytes } from "node:crypto";
import { type Database, knownDevices } from "@doable/db";
import { DAY_MS } from "@doable/domain";
import { and, desc, eq, notInArray } from "drizzle-orm";
import { type CookiePolicy, readCookie } from "./cookie";
import type { HeaderReader } from "./header-reader";
import { hashSecret } from "./secret-hash";
import { SECOND_MS } from "./time";

const BASE_COOKIE_NAME = "doable_device";
const SECURE_COOKIE_NAME = `__Host-${BASE_COOKIE_NAME}`;
const DEVICE_ID_BYTES = 16; // 128 bits
/** Unpadded base64url: 4 characters per 3 bytes, the last group shortened. */
const DEVICE_ID_LENGTH = Math.ceil((DEVICE_ID_BYTES * 4) / 3);
const DEVICE_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${DEVICE_ID_LENGTH}}$`);
/** Browsers cap a cookie's lifetime at 400 days; each sign-in from the browser renews it. */
export const DEVICE_COOKIE_LIFETIME_MS = 400 * DAY_MS;
/**
 * Devices remembered per account, the most recently used first; an older one is forgotten when a
 * new one comes (its next sign-in sends a notice again). Bounds what one account can store.
 */
export const KNOWN_DEVICES_PER_USER_MAX = 50;

export function deviceCookieName(policy: CookiePolicy): string {
  return policy.secure ? SECURE_COOKIE_NAME : BASE_COOKIE_NAME;
}

/** Whether `value` has the shape of a device id we issue (a cookie, or the CLI's stored token). */
export function isDeviceId(value: string): boolean {
  return DEVICE_ID_PATTERN.test(value);
}

/** The device id this browser presents, or null (none, or not one we could have written). */
export function readDeviceId(headers: HeaderReader, policy: CookiePolicy): string | null {
  const value = readCookie(headers.get("cookie") ?? "", deviceCookieName(policy));
  return value !== null && isDeviceId(value) ? value : null;
}

export function newDeviceId(): string {
  return randomBytes(DEVICE_ID_BYTES).toString("base64url");
}

/** `HttpOnly; SameSite=Lax`, like the session cookie, but outliving every session (ADR 0031). */
export function serializeDeviceCookie(policy: CookiePolicy, deviceId: string): string {
  const attributes = [
    `${deviceCookieName(policy)}=${deviceId}`,
    "Path=/",
    `Max-Age=${DEVICE_COOKIE_LIFETIME_MS / SECOND_MS}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (policy.secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** Keeps the user's KNOWN_DEVICES_PER_USER_MAX most recently seen devices, deletes the rest. */
async function forgetOldestDevices(db: Database, userId: string): Promise<void> {
  const newest = db
    .select({ deviceHash: knownDevices.deviceHash })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId))
    .orderBy(desc(knownDevices.lastSeenAt), desc(knownDevices.createdAt), knownDevices.deviceHash)
    .limit(KNOWN_DEVICES_PER_USER_MAX);
  await db
    .delete(knownDevices)
    .where(and(eq(knownDevices.userId, userId), notInArray(knownDevices.deviceHash, newest)));
}

/**
 * Records that the user signed in from this device; returns whether it had done so before. Only
 * the SHA-256 of the device id is stored, so the table cannot be turned back into cookies.
 */
export async function rememberDevice(
  db: Database,
  userId: string,
  deviceId: string,
  now: Date,
): Promise<{ known: boolean }> {
  const deviceHash = hashSecret(deviceId);
  const inserted = await db
    .insert(knownDevices)
    .values({ userId, deviceHash, createdAt: now, lastSeenAt: now })
    .onConflictDoNothing()
    .returning({ userId: knownDevices.userId });
  if (inserted.length > 0) {
    await forgetOldestDevices(db, userId);
    return { known: false };
  }
  await db
    .update(knownDevices)
    .set({ lastSeenAt: now })
    .where(and(eq(knownDevices.userId, userId), eq(knownDevices.deviceHash, deviceHash)));
  return { known: true };
}
