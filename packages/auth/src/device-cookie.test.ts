import { type Database, type DatabaseHandle, knownDevices, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { DAY_MS, MINUTE_MS, SECOND_MS } from "@doable/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiePolicyForOrigin } from "./cookie";
import {
  DEVICE_COOKIE_LIFETIME_MS,
  deviceCookieName,
  KNOWN_DEVICES_PER_USER_MAX,
  newDeviceId,
  readDeviceId,
  rememberDevice,
  serializeDeviceCookie,
} from "./device-cookie";
import { hashSecret } from "./secret-hash";

const HTTPS = cookiePolicyForOrigin("https://doable.example");
const HTTP = cookiePolicyForOrigin("http://localhost:3000");

function headers(cookie: string): { get(name: string): string | null } {
  return { get: (name) => (name === "cookie" ? cookie : null) };
}

describe("device cookie", () => {
  it("is __Host- prefixed and Secure on https, HttpOnly and SameSite=Lax, for 400 days on /", () => {
    const id = newDeviceId();
    const cookie = serializeDeviceCookie(HTTPS, id);
    expect(cookie.split("; ")).toEqual([
      `__Host-doable_device=${id}`,
      "Path=/",
      `Max-Age=${DEVICE_COOKIE_LIFETIME_MS / SECOND_MS}`,
      "HttpOnly",
      "SameSite=Lax",
      "Secure",
    ]);
    expect(cookie).not.toMatch(/Domain=/);
  });

  it("has no prefix and no Secure on plain http (development)", () => {
    const id = newDeviceId();
    const cookie = serializeDeviceCookie(HTTP, id);
    expect(deviceCookieName(HTTP)).toBe("doable_device");
    expect(cookie.startsWith(`doable_device=${id}; `)).toBe(true);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });

  it("draws 128-bit ids in unpadded base64url, each different", () => {
    const ids = new Set(Array.from({ length: 100 }, () => newDeviceId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("reads back only an id it could have written, under the policy's own name", () => {
    const id = newDeviceId();
    expect(readDeviceId(headers(`a=b; __Host-doable_device=${id}; c=d`), HTTPS)).toBe(id);
    expect(readDeviceId(headers(`doable_device=${id}`), HTTP)).toBe(id);
    // Over https the unprefixed name could be planted by a subdomain: it is not read.
    expect(readDeviceId(headers(`doable_device=${id}`), HTTPS)).toBeNull();
    for (const value of ["", "short", `${id}x`, `${id.slice(1)}=`, `${id.slice(1)}+`, "a".repeat(200)]) {
      expect(readDeviceId(headers(`__Host-doable_device=${value}`), HTTPS), value).toBeNull();
    }
    expect(readDeviceId(headers(""), HTTPS)).toBeNull();
  });
});

describe("rememberDevice", () => {
  let handle: DatabaseHandle;
  let db: Database;
  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
  });
  afterAll(async () => {
    await handle.close();
  });

  it("says whether the device was seen before, storing only its hash", async () => {
    const [user] = await db
      .insert(users)
      .values({ email: "device@example.com", passwordHash: "x" })
      .returning();
    const userId = user?.id ?? "";
    const id = newDeviceId();
    const now = new Date("2030-01-01T00:00:00Z");
    expect(await rememberDevice(db, userId, id, now)).toEqual({ known: false });
    expect(await rememberDevice(db, userId, id, new Date(now.getTime() + DAY_MS))).toEqual({ known: true });
    const rows = await db.select().from(knownDevices).where(eq(knownDevices.userId, userId));
    expect(rows).toEqual([
      expect.objectContaining({ deviceHash: hashSecret(id), lastSeenAt: new Date(now.getTime() + DAY_MS) }),
    ]);
  });

  it(`keeps the ${KNOWN_DEVICES_PER_USER_MAX} most recently used devices of a user, and only that user's`, async () => {
    const [user, other] = await db
      .insert(users)
      .values([
        { email: "many-devices@example.com", passwordHash: "x" },
        { email: "other-devices@example.com", passwordHash: "x" },
      ])
      .returning();
    const userId = user?.id ?? "";
    const start = new Date("2030-02-01T00:00:00Z").getTime();
    const ids = Array.from({ length: KNOWN_DEVICES_PER_USER_MAX }, () => newDeviceId());
    for (const [index, id] of ids.entries())
      await rememberDevice(db, userId, id, new Date(start + index * MINUTE_MS));
    await rememberDevice(db, other?.id ?? "", newDeviceId(), new Date(start));
    // The oldest device signs in again: it is the newest now, and the second oldest goes instead.
    const oldest = ids[0] ?? "";
    await rememberDevice(db, userId, oldest, new Date(start + ids.length * MINUTE_MS));
    await rememberDevice(db, userId, newDeviceId(), new Date(start + (ids.length + 1) * MINUTE_MS));
    const rows = await db.select().from(knownDevices).where(eq(knownDevices.userId, userId));
    expect(rows).toHaveLength(KNOWN_DEVICES_PER_USER_MAX);
    const hashes = new Set(rows.map((row) => row.deviceHash));
    expect(hashes.has(hashSecret(oldest))).toBe(true);
    expect(hashes.has(hashSecret(ids[1] ?? ""))).toBe(false);
    expect(
      await db
        .select()
        .from(knownDevices)
        .where(eq(knownDevices.userId, other?.id ?? "")),
    ).toHaveLength(1);
  });
});
