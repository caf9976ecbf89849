import { randomBytes } from "node:crypto";
import { type Database, knownDevices } from "@doable/db";
import { DAY_MS } from "@doable/domain";
import { and, desc, eq, notInArray, type Placeholder, sql } from "drizzle-orm";
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

/**
 * What `deviceRemembering` writes: values, or `sql.placeholder` slots for a statement built once
 * and bound when it runs (`settleSignIn`). `deviceHash`: `hashSecret` of the device id. `now` is
 * only ever an inserted column value, whose column encodes a Date bound to its slot; a slot in a
 * WHERE or in raw SQL would be bound as it is, which postgres.js cannot send as a timestamp.
 */
export interface RememberedDeviceValues {
  userId: string | Placeholder;
  deviceHash: string | Placeholder;
  now: Date | Placeholder;
}

/**
 * The writes that remember a device for the user, as two CTEs of one statement: the upsert renews
 * a known device's `lastSeenAt` (its `isNew` says which it was), and a new one makes room by
 * forgetting all but the KNOWN_DEVICES_PER_USER_MAX - 1 most recently seen others. The delete
 * reads the statement's starting snapshot (PostgreSQL's rule for data-modifying CTEs), which has
 * no new row in it. New devices of one account at the same instant can leave a row over the cap
 * for each but one of them, until the account's next new device trims them. Only the SHA-256 of
 * the device id is stored, so the table cannot be turned back into cookies.
 */
export function deviceRemembering(db: Database, device: RememberedDeviceValues) {
  const { userId, deviceHash, now } = device;
  const remembered = db.$with("remembered").as(
    db
      .insert(knownDevices)
      .values({ userId, deviceHash, createdAt: now, lastSeenAt: now })
      .onConflictDoUpdate({
        target: [knownDevices.userId, knownDevices.deviceHash],
        // The row that would have been inserted: its last_seen_at is `now`, whatever binds it.
        set: { lastSeenAt: sql`excluded.last_seen_at` },
      })
      // A row this statement inserted has no xmax; one it updated carries the updater's (the
      // lock ON CONFLICT takes). Undocumented in PostgreSQL: device-cookie.test.ts pins both
      // answers on both drivers, so an upgrade that changed it would fail there.
      .returning({ isNew: sql<boolean>`${knownDevices}.xmax = 0`.as("is_new") }),
  );
  const keptOthers = db
    .select({ deviceHash: knownDevices.deviceHash })
    .from(knownDevices)
    .where(eq(knownDevices.userId, userId))
    .orderBy(desc(knownDevices.lastSeenAt), desc(knownDevices.createdAt), knownDevices.deviceHash)
    .limit(KNOWN_DEVICES_PER_USER_MAX - 1);
  const forgotten = db.$with("forgotten").as(
    db
      .delete(knownDevices)
      .where(
        and(
          eq(knownDevices.userId, userId),
          sql`exists (select 1 from ${remembered} where ${remembered.isNew})`,
          notInArray(knownDevices.deviceHash, keptOthers),
        ),
      )
      .returning({ deviceHash: knownDevices.deviceHash }),
  );
  return { remembered, forgotten };
}

/**
 * Records that the user signed in from this device; returns whether it had done so before. One
 * statement (`deviceRemembering`), so a caller waits for one round trip and one commit here.
 */
export async function rememberDevice(
  db: Database,
  userId: string,
  deviceId: string,
  now: Date,
): Promise<{ known: boolean }> {
  const { remembered, forgotten } = deviceRemembering(db, { userId, deviceHash: hashSecret(deviceId), now });
  const [row] = await db.with(remembered, forgotten).select({ isNew: remembered.isNew }).from(remembered);
  if (!row) throw new Error("the device upsert returned no row");
  return { known: !row.isNew };
}
