import { createHash } from "node:crypto";
import { type Database, type DatabaseHandle, type Session, sessions, users } from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSession,
  deleteExpiredSessions,
  findSession,
  invalidateSession,
  invalidateUserSession,
  invalidateUserSessions,
  listUserSessions,
  newSessionId,
  SESSION_ABSOLUTE_LIFETIME_MS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MS,
  SESSION_INACTIVITY_TIMEOUT_MS,
  validateSessionToken,
} from "./session";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./time";

const T0 = new Date("2030-01-01T00:00:00.000Z");
const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

let handle: DatabaseHandle;
let db: Database;
let userCount = 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await db.delete(sessions);
});

async function insertUser(): Promise<string> {
  userCount += 1;
  const [user] = await db
    .insert(users)
    .values({ email: `user${userCount}@example.com`, name: `User ${userCount}`, passwordHash: "unused" })
    .returning({ id: users.id });
  if (!user) throw new Error("user insert returned no row");
  return user.id;
}

function newSession(userId: string, now = T0) {
  return createSession(db, { userId, kind: "browser", userAgent: "vitest", now });
}

async function storedSession(id: string): Promise<Session | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

function splitToken(token: string): { id: string; secret: string } {
  const parts = token.split(".");
  expect(parts).toHaveLength(2);
  const [id = "", secret = ""] = parts;
  return { id, secret };
}

describe("newSessionId", () => {
  it("is 20 base64url characters that never start with '-' or '_' (a command line would read an option)", () => {
    // Unfiltered, about one id in 32 starts with one of the two: 5,000 draws would surely show it.
    const ids = Array.from({ length: 5_000 }, newSessionId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{19}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("createSession", () => {
  it("issues <id>.<secret> tokens with at least 120 random bits in each part", async () => {
    const userId = await insertUser();
    const first = await newSession(userId);
    const second = await newSession(userId);
    for (const { token } of [first, second]) {
      const { id, secret } = splitToken(token);
      for (const part of [id, secret]) {
        expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(Buffer.from(part, "base64url").length * 8).toBeGreaterThanOrEqual(120);
      }
    }
    expect(second.token).not.toBe(first.token);
    expect(splitToken(second.token).id).not.toBe(splitToken(first.token).id);
    expect(splitToken(second.token).secret).not.toBe(splitToken(first.token).secret);
  });

  it("stores the SHA-256 of the secret and never the token or the secret", async () => {
    const userId = await insertUser();
    const { token, session } = await newSession(userId);
    const { id, secret } = splitToken(token);
    const row = await storedSession(id);
    expect(row).toBeDefined();
    expect(session.id).toBe(id);
    expect(row?.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(row).toMatchObject({
      userId,
      kind: "browser",
      userAgent: "vitest",
      createdAt: T0,
      lastVerifiedAt: T0,
    });
    const stored = JSON.stringify(await db.select().from(sessions));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(token);
  });

  it("truncates an oversized user agent", async () => {
    const userId = await insertUser();
    const { session } = await createSession(db, {
      userId,
      kind: "cli",
      userAgent: "x".repeat(10_000),
      now: T0,
    });
    expect((await storedSession(session.id))?.userAgent?.length).toBeLessThanOrEqual(512);
  });
});

describe("validateSessionToken", () => {
  it("accepts a fresh token and returns the session and the user without secrets", async () => {
    const userId = await insertUser();
    const { token, session } = await newSession(userId);
    const result = await validateSessionToken(db, token, at(1));
    expect(result?.session.id).toBe(session.id);
    expect(result?.user.id).toBe(userId);
    expect(Object.keys(result?.user ?? {}).sort()).toEqual(["createdAt", "email", "id", "name", "timeZone"]);
  });

  it("rejects a forged secret for a real id, and leaves the real session working", async () => {
    const userId = await insertUser();
    const { token } = await newSession(userId);
    const { id, secret } = splitToken(token);
    const forgedSecret = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    expect(await validateSessionToken(db, `${id}.${forgedSecret}`, at(1))).toBeNull();
    const other = await newSession(userId);
    expect(await validateSessionToken(db, `${id}.${splitToken(other.token).secret}`, at(1))).toBeNull();
    expect(await storedSession(id)).toBeDefined();
    expect(await validateSessionToken(db, token, at(1))).not.toBeNull();
  });

  it("returns null, without throwing, for malformed and unknown tokens", async () => {
    const userId = await insertUser();
    const { token } = await newSession(userId);
    const { id, secret } = splitToken(token);
    const malformed = [
      "",
      ".",
      id,
      secret,
      `${id}.`,
      `.${secret}`,
      `${id}${secret}`,
      `${id}.${secret}.x`,
      `${id}..${secret}`,
      `${token}.`,
      ` ${token}`,
      `${token} `,
      `${token}\n`,
      `${id}.${secret}x`,
      `${id}.${secret.slice(1)}`,
      `${id}.${secret.replace(/.$/, "=")}`,
      "a".repeat(1_000_000),
      `${"a".repeat(500_000)}.${"b".repeat(500_000)}`,
      "'; drop table sessions; --.x",
    ];
    for (const candidate of malformed) {
      await expect(validateSessionToken(db, candidate, at(1))).resolves.toBeNull();
    }
    // Well-formed but unknown.
    const unknownId = "A".repeat(id.length);
    await expect(validateSessionToken(db, `${unknownId}.${secret}`, at(1))).resolves.toBeNull();
    expect(await validateSessionToken(db, token, at(1))).not.toBeNull();
  });

  it("expires after 7 days idle: valid 1 ms before, null and deleted at exactly 7 days", async () => {
    expect(SESSION_INACTIVITY_TIMEOUT_MS).toBe(7 * DAY_MS);
    const userId = await insertUser();
    const justBefore = await newSession(userId);
    const atLimit = await newSession(userId);
    expect(await validateSessionToken(db, justBefore.token, at(7 * DAY_MS - 1))).not.toBeNull();
    expect(await validateSessionToken(db, atLimit.token, at(7 * DAY_MS))).toBeNull();
    expect(await storedSession(atLimit.session.id)).toBeUndefined();
    expect(await storedSession(justBefore.session.id)).toBeDefined();
  });

  it("writes last_verified_at at most once every 5 minutes", async () => {
    const interval = SESSION_ACTIVITY_WRITE_INTERVAL_MS;
    expect(interval).toBe(5 * MINUTE_MS);
    const userId = await insertUser();
    const { token, session } = await newSession(userId);

    await validateSessionToken(db, token, at(interval - 1));
    expect((await storedSession(session.id))?.lastVerifiedAt).toEqual(T0);

    const result = await validateSessionToken(db, token, at(interval));
    expect(result?.session.lastVerifiedAt).toEqual(at(interval));
    expect((await storedSession(session.id))?.lastVerifiedAt).toEqual(at(interval));

    await validateSessionToken(db, token, at(2 * interval - 1));
    expect((await storedSession(session.id))?.lastVerifiedAt).toEqual(at(interval));

    // The idle clock restarts from the written time.
    expect(await validateSessionToken(db, token, at(interval + 7 * DAY_MS - 1))).not.toBeNull();
  });

  it("ends at 30 days from creation even when used every day", async () => {
    expect(SESSION_ABSOLUTE_LIFETIME_MS).toBe(30 * DAY_MS);
    const userId = await insertUser();
    const { token, session } = await newSession(userId);
    for (let day = 1; day < 30; day++) {
      expect(await validateSessionToken(db, token, at(day * DAY_MS)), `day ${day}`).not.toBeNull();
    }
    expect(await validateSessionToken(db, token, at(30 * DAY_MS - 1))).not.toBeNull();
    expect(await validateSessionToken(db, token, at(30 * DAY_MS))).toBeNull();
    expect(await storedSession(session.id)).toBeUndefined();
  });

  it("returns null once the user is deleted", async () => {
    const userId = await insertUser();
    const { token, session } = await newSession(userId);
    await db.delete(users).where(eq(users.id, userId));
    expect(await validateSessionToken(db, token, at(1))).toBeNull();
    expect(await storedSession(session.id)).toBeUndefined();
  });
});

describe("invalidateSession", () => {
  it("deletes exactly that session", async () => {
    const userId = await insertUser();
    const ended = await newSession(userId);
    const kept = await newSession(userId);
    await invalidateSession(db, ended.session.id);
    expect(await validateSessionToken(db, ended.token, at(1))).toBeNull();
    expect(await validateSessionToken(db, kept.token, at(1))).not.toBeNull();
    // Idempotent.
    await expect(invalidateSession(db, ended.session.id)).resolves.toBeUndefined();
  });
});

describe("invalidateUserSessions", () => {
  it("ends every other session of the user, keeping one and leaving other users alone", async () => {
    const userId = await insertUser();
    const otherUserId = await insertUser();
    const kept = await newSession(userId);
    const ended = [await newSession(userId), await newSession(userId)];
    const otherUsers = await newSession(otherUserId);

    expect(await invalidateUserSessions(db, userId, kept.session.id)).toBe(2);
    for (const { token } of ended) expect(await validateSessionToken(db, token, at(1))).toBeNull();
    expect(await validateSessionToken(db, kept.token, at(1))).not.toBeNull();
    expect(await validateSessionToken(db, otherUsers.token, at(1))).not.toBeNull();

    expect(await invalidateUserSessions(db, userId, null)).toBe(1);
    expect(await validateSessionToken(db, kept.token, at(1))).toBeNull();
    expect(await validateSessionToken(db, otherUsers.token, at(1))).not.toBeNull();
    expect(await invalidateUserSessions(db, userId, null)).toBe(0);
  });
});

describe("invalidateUserSession", () => {
  it("ends the user's own session only, and says whether it did", async () => {
    const userId = await insertUser();
    const otherUserId = await insertUser();
    const own = await newSession(userId);
    const theirs = await newSession(otherUserId);

    expect(await invalidateUserSession(db, userId, theirs.session.id)).toBe(false);
    expect(await validateSessionToken(db, theirs.token, at(1))).not.toBeNull();
    expect(await invalidateUserSession(db, userId, own.session.id)).toBe(true);
    expect(await validateSessionToken(db, own.token, at(1))).toBeNull();
    expect(await invalidateUserSession(db, userId, own.session.id)).toBe(false);
  });
});

describe("listUserSessions", () => {
  it("lists the user's live sessions, most recently used first, without the secret's hash", async () => {
    const userId = await insertUser();
    const otherUserId = await insertUser();
    const older = await newSession(userId, T0);
    const newer = await newSession(userId, at(HOUR_MS));
    const expired = await newSession(userId, at(-8 * DAY_MS));
    await newSession(otherUserId);

    const listed = await listUserSessions(db, userId, at(2 * HOUR_MS));
    expect(listed.map((session) => session.id)).toEqual([newer.session.id, older.session.id]);
    expect(listed.map((session) => session.id)).not.toContain(expired.session.id);
    expect(listed[0]).toEqual({
      id: newer.session.id,
      kind: "browser",
      userAgent: "vitest",
      createdAt: at(HOUR_MS),
      lastVerifiedAt: at(HOUR_MS),
      expiresAt: at(HOUR_MS + SESSION_INACTIVITY_TIMEOUT_MS),
    });
  });
});

describe("findSession", () => {
  it("returns the stored row, or null for an unknown id", async () => {
    const userId = await insertUser();
    const created = await newSession(userId);
    expect(await findSession(db, created.session.id)).toEqual(created.session);
    expect(await findSession(db, "unknown")).toBeNull();
  });
});

describe("deleteExpiredSessions", () => {
  it("removes only expired sessions and returns how many", async () => {
    const userId = await insertUser();
    const now = at(40 * DAY_MS);
    const ago = (ms: number) => new Date(now.getTime() - ms);

    const fresh = await newSession(userId, ago(HOUR_MS));
    const almostIdle = await newSession(userId, ago(7 * DAY_MS - 1));
    const idle = await newSession(userId, ago(7 * DAY_MS));
    const longIdle = await newSession(userId, ago(8 * DAY_MS));
    // Verified recently, but created 30 days ago.
    const old = await newSession(userId, ago(30 * DAY_MS));
    await db
      .update(sessions)
      .set({ lastVerifiedAt: ago(HOUR_MS) })
      .where(eq(sessions.id, old.session.id));
    const almostOld = await newSession(userId, ago(30 * DAY_MS - 1));
    await db
      .update(sessions)
      .set({ lastVerifiedAt: ago(HOUR_MS) })
      .where(eq(sessions.id, almostOld.session.id));

    expect(await deleteExpiredSessions(db, now)).toBe(3);
    const remaining = (await db.select({ id: sessions.id }).from(sessions)).map((row) => row.id).sort();
    expect(remaining).toEqual([fresh.session.id, almostIdle.session.id, almostOld.session.id].sort());
    for (const gone of [idle, longIdle, old]) expect(await storedSession(gone.session.id)).toBeUndefined();

    expect(await deleteExpiredSessions(db, now)).toBe(0);
  });
});
