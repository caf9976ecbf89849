import { CURRENT_HASH_PREFIX, createSession, DAY_MS } from "@doable/auth";
import { rateLimitBuckets, sessions, tasks, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientErrorShape,
  createTestApi,
  expectBadRequest,
  rejection,
  sessionCookieToken,
  sessionIdOf,
  type TestApi,
  type TestUser,
} from "../testing";

const OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";
const COOKIE_NAME = "doable_session";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

async function expectUnauthorized(promise: Promise<unknown>) {
  const error = await rejection(promise);
  expect(error.code).toBe("UNAUTHORIZED");
}

async function userRow(id: string) {
  const [row] = await api.db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

async function extraSession(
  userId: string,
  kind: "browser" | "cli" = "cli",
  userAgent: string | null = null,
): Promise<string> {
  const { token } = await createSession(api.db, { userId, kind, userAgent, now: api.clock.now() });
  return token;
}

async function works(token: string, transport: "cookie" | "bearer" = "bearer"): Promise<boolean> {
  try {
    await api.caller({ token, transport }).account.sessions();
    return true;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return false;
    throw error;
  }
}

describe("account.sessions", () => {
  it("lists the user's own live sessions with the current one flagged, never a secret hash", async () => {
    const owner = await api.createUser();
    const browser = await extraSession(owner.user.id, "browser", "Firefox on Linux");
    const other = await api.createUser();

    const list = await owner.caller.account.sessions();
    expect(list.map((session) => session.id).sort()).toEqual(
      [sessionIdOf(owner.token), sessionIdOf(browser)].sort(),
    );
    expect(list.filter((session) => session.current).map((session) => session.id)).toEqual([
      sessionIdOf(owner.token),
    ]);
    expect(list.find((session) => session.id === sessionIdOf(browser))).toMatchObject({
      kind: "browser",
      userAgent: "Firefox on Linux",
      current: false,
    });
    for (const session of list) {
      expect(Object.keys(session).sort()).toEqual(
        ["createdAt", "current", "expiresAt", "id", "kind", "lastVerifiedAt", "userAgent"].sort(),
      );
      expect(session.expiresAt.getTime()).toBe(session.lastVerifiedAt.getTime() + 7 * DAY_MS);
    }
    const serialized = JSON.stringify(list);
    expect(serialized).not.toMatch(/secret/i);
    expect(serialized).not.toContain(sessionIdOf(other.token));
    expect(serialized).not.toContain(owner.token.split(".")[1]);

    // Seen from the other session, the flag moves.
    const fromBrowser = await api.caller({ token: browser, transport: "cookie" }).account.sessions();
    expect(fromBrowser.find((session) => session.current)?.id).toBe(sessionIdOf(browser));
  });

  it("lists this device first, then the others by when they were last used", async () => {
    const owner = await api.createUser();
    const older = await extraSession(owner.user.id, "browser", "Firefox on Linux");
    const newer = await extraSession(owner.user.id, "browser", "Safari on iPhone");
    // The owner's own session is the least recently used of the three.
    const minutesAgo = (minutes: number) => new Date(api.clock.now().getTime() - minutes * 60_000);
    await api.db
      .update(sessions)
      .set({ lastVerifiedAt: minutesAgo(30) })
      .where(eq(sessions.id, sessionIdOf(owner.token)));
    await api.db
      .update(sessions)
      .set({ lastVerifiedAt: minutesAgo(20) })
      .where(eq(sessions.id, sessionIdOf(older)));
    await api.db
      .update(sessions)
      .set({ lastVerifiedAt: minutesAgo(10) })
      .where(eq(sessions.id, sessionIdOf(newer)));

    const list = await owner.caller.account.sessions();
    expect(list.map((session) => session.id)).toEqual([
      sessionIdOf(owner.token),
      sessionIdOf(newer),
      sessionIdOf(older),
    ]);
  });

  it("leaves out sessions that have expired but were not yet purged", async () => {
    const owner = await api.createUser();
    const stale = await extraSession(owner.user.id);
    await api.db
      .update(sessions)
      .set({ lastVerifiedAt: new Date(api.clock.now().getTime() - 8 * DAY_MS) })
      .where(eq(sessions.id, sessionIdOf(stale)));
    const list = await owner.caller.account.sessions();
    expect(list.map((session) => session.id)).toEqual([sessionIdOf(owner.token)]);
  });
});

describe("account.revokeSession", () => {
  it("revokes one of the user's other sessions", async () => {
    const owner = await api.createUser();
    const laptop = await extraSession(owner.user.id, "browser");
    await expect(owner.caller.account.revokeSession({ id: sessionIdOf(laptop) })).resolves.toEqual({
      revoked: true,
      current: false,
    });
    expect(await api.sessionRow(laptop)).toBeNull();
    expect(await works(laptop, "cookie")).toBe(false);
    expect(await works(owner.token)).toBe(true);
  });

  it("revoking the current cookie session clears the cookie", async () => {
    const owner = await api.createUser();
    const token = await extraSession(owner.user.id, "browser");
    const { caller, resHeaders } = api.call({ token, transport: "cookie" });
    await expect(caller.account.revokeSession({ id: sessionIdOf(token) })).resolves.toEqual({
      revoked: true,
      current: true,
    });
    expect(resHeaders.getSetCookie().join()).toMatch(new RegExp(`^${COOKIE_NAME}=;.*Max-Age=0`));
    expect(await works(token, "cookie")).toBe(false);
  });

  it("answers NOT_FOUND for another user's session id and leaves that session working", async () => {
    const alice = await api.createUser();
    const bob = await api.createUser();
    const error = await rejection(bob.caller.account.revokeSession({ id: sessionIdOf(alice.token) }));
    expect(error.code).toBe("NOT_FOUND");
    const missing = await rejection(bob.caller.account.revokeSession({ id: "AAAAAAAAAAAAAAAAAAAA" }));
    expect(missing.code).toBe("NOT_FOUND");
    // Another user's id and a missing id look the same.
    expect(clientErrorShape(error, "account.revokeSession")).toEqual(
      clientErrorShape(missing, "account.revokeSession"),
    );
    expect(await api.sessionRow(alice.token)).not.toBeNull();
    expect(await works(alice.token)).toBe(true);
  });

  it("validates the id: required, at most 64 characters, no unknown keys", async () => {
    const { caller } = await api.createUser();
    await expectBadRequest(caller.account.revokeSession({ id: "" }), "account.revokeSession", "id");
    await expectBadRequest(
      caller.account.revokeSession({ id: "x".repeat(65) }),
      "account.revokeSession",
      "id",
    );
    const notFound = await rejection(caller.account.revokeSession({ id: "x".repeat(64) }));
    expect(notFound.code).toBe("NOT_FOUND");
    await expectBadRequest(
      caller.account.revokeSession({ id: "x", userId: "y" } as unknown as { id: string }),
      "account.revokeSession",
      "userId",
    );
  });
});

describe("account.revokeOtherSessions", () => {
  it("ends every other session of the user, keeps the current one and other users' sessions", async () => {
    const owner = await api.createUser();
    const others = [await extraSession(owner.user.id, "browser"), await extraSession(owner.user.id)];
    const bystander = await api.createUser();

    await expect(owner.caller.account.revokeOtherSessions()).resolves.toEqual({ revoked: 2 });
    for (const token of others) expect(await works(token)).toBe(false);
    expect(await works(owner.token)).toBe(true);
    expect(await works(bystander.token)).toBe(true);
    expect((await owner.caller.account.sessions()).map((session) => session.id)).toEqual([
      sessionIdOf(owner.token),
    ]);
    await expect(owner.caller.account.revokeOtherSessions()).resolves.toEqual({ revoked: 0 });
  });
});

describe("account.changePassword", () => {
  it("refuses a wrong current password as a field error and changes nothing", async () => {
    const owner = await api.createUser();
    const other = await extraSession(owner.user.id);
    const before = (await userRow(owner.user.id))?.passwordHash;
    const shape = await expectBadRequest(
      owner.caller.account.changePassword({
        currentPassword: "wrong password",
        newPassword: "brand new password",
      }),
      "account.changePassword",
      "currentPassword",
      /incorrect/i,
    );
    expect(shape.data.httpStatus).toBe(400);
    expect((await userRow(owner.user.id))?.passwordHash).toBe(before);
    expect(await works(owner.token)).toBe(true);
    expect(await works(other)).toBe(true);
  });

  it("with a cookie: stores a new OWASP hash, ends every other session and rotates the current one", async () => {
    const owner = await api.createUser();
    const current = await extraSession(owner.user.id, "browser", "Chromium");
    const elsewhere = [await extraSession(owner.user.id), await extraSession(owner.user.id, "browser")];
    const bystander = await api.createUser();

    const { caller, resHeaders } = api.call({ token: current, transport: "cookie" });
    const result = await caller.account.changePassword({
      currentPassword: owner.password,
      newPassword: "a brand new password",
    });
    expect(result).toEqual({ token: null });

    const rotated = sessionCookieToken(resHeaders);
    expect(rotated).not.toBeNull();
    expect(rotated).not.toBe(current);
    expect(resHeaders.getSetCookie()[0]).toMatch(/HttpOnly/);
    expect(await works(rotated ?? "", "cookie")).toBe(true);
    expect(await api.sessionRow(rotated ?? "")).toMatchObject({ kind: "browser", userAgent: "Chromium" });

    expect(await works(current, "cookie")).toBe(false);
    expect(await works(owner.token)).toBe(false);
    for (const token of elsewhere) expect(await works(token)).toBe(false);
    const remaining = await api.db.select().from(sessions).where(eq(sessions.userId, owner.user.id));
    expect(remaining.map((row) => row.id)).toEqual([sessionIdOf(rotated ?? "")]);
    expect(await works(bystander.token)).toBe(true);

    const stored = (await userRow(owner.user.id))?.passwordHash ?? "";
    expect(stored.startsWith(OWASP_PREFIX)).toBe(true);
    expect(stored.startsWith(CURRENT_HASH_PREFIX)).toBe(true);

    await expect(
      api.caller().auth.signIn({ email: owner.user.email, password: "a brand new password" }),
    ).resolves.toMatchObject({ user: { id: owner.user.id } });
    const old = await rejection(
      api.caller().auth.signIn({ email: owner.user.email, password: owner.password }),
    );
    expect(old.code).toBe("UNAUTHORIZED");
  });

  it("with a bearer token: returns the new token, writes no cookie, keeps the session kind", async () => {
    const owner = await api.createUser();
    const { caller, resHeaders } = api.call({ token: owner.token });
    const result = await caller.account.changePassword({
      currentPassword: owner.password,
      newPassword: "another new password",
    });
    expect(typeof result.token).toBe("string");
    expect(result.token).not.toBe(owner.token);
    expect(resHeaders.getSetCookie()).toEqual([]);
    expect(await works(owner.token)).toBe(false);
    expect(await works(result.token ?? "")).toBe(true);
    expect(await api.sessionRow(result.token ?? "")).toMatchObject({ kind: "cli", userId: owner.user.id });
  });

  it("enforces the new password limits (8..128 code points) and the attempt limit", async () => {
    const owner = await api.createUser();
    const call = (currentPassword: string, newPassword: string) =>
      owner.caller.account.changePassword({ currentPassword, newPassword });
    await expectBadRequest(
      call(owner.password, "1234567"),
      "account.changePassword",
      "newPassword",
      /at least 8/,
    );
    await expectBadRequest(
      call(owner.password, "😀".repeat(7)),
      "account.changePassword",
      "newPassword",
      /8/,
    );
    await expectBadRequest(
      call(owner.password, "x".repeat(129)),
      "account.changePassword",
      "newPassword",
      /128/,
    );
    await expectBadRequest(
      call("x".repeat(129), "valid password"),
      "account.changePassword",
      "currentPassword",
    );
    await expectBadRequest(call("", "valid password"), "account.changePassword", "currentPassword");
    await expectBadRequest(
      owner.caller.account.changePassword({
        currentPassword: owner.password,
        newPassword: "valid password",
        userId: owner.user.id,
      } as unknown as { currentPassword: string; newPassword: string }),
      "account.changePassword",
      "userId",
    );
    // Nothing above touched the sessions.
    expect(await works(owner.token)).toBe(true);

    const max = "😀".repeat(128);
    const result = await call(owner.password, max);
    expect(await works(result.token ?? "")).toBe(true);
    await expect(api.caller().auth.signIn({ email: owner.user.email, password: max })).resolves.toMatchObject(
      {
        user: { id: owner.user.id },
      },
    );
  });
});

describe("account.update", () => {
  it("updates the name (trimmed), up to 100 characters; blank clears it", async () => {
    const owner = await api.createUser({ name: "Before" });
    const name100 = "N".repeat(100);
    const updated = await owner.caller.account.update({ name: `  ${name100}  ` });
    expect(updated).toEqual({ ...owner.user, name: name100 });
    expect(Object.keys(updated).sort()).toEqual(["createdAt", "email", "id", "name"]);
    expect(await owner.caller.auth.me()).toMatchObject({ name: name100 });

    await expect(owner.caller.account.update({ name: "   " })).resolves.toMatchObject({ name: null });
    await expect(owner.caller.account.update({ name: null })).resolves.toMatchObject({ name: null });
  });

  it("rejects 101 characters and unknown keys, changing nothing", async () => {
    const owner = await api.createUser({ name: "Keep" });
    await expectBadRequest(
      owner.caller.account.update({ name: "N".repeat(101) }),
      "account.update",
      "name",
      /100/,
    );
    await expectBadRequest(
      owner.caller.account.update({ name: "New", email: "evil@example.com" } as unknown as { name: string }),
      "account.update",
      "email",
    );
    await expectBadRequest(
      owner.caller.account.update({} as unknown as { name: string }),
      "account.update",
      "name",
    );
    expect(await userRow(owner.user.id)).toMatchObject({ name: "Keep", email: owner.user.email });
  });

  it("only changes the caller's own row", async () => {
    const owner = await api.createUser({ name: "Owner" });
    const other = await api.createUser({ name: "Other" });
    await owner.caller.account.update({ name: "Renamed" });
    expect(await userRow(other.user.id)).toMatchObject({ name: "Other" });
  });
});

describe("account.delete", () => {
  async function withData(): Promise<TestUser & { extra: string }> {
    const owner = await api.createUser();
    await api.createTask(owner.user.id, { title: "one" });
    await api.createTask(owner.user.id, { title: "two" });
    const extra = await extraSession(owner.user.id, "browser");
    return { ...owner, extra };
  }

  it("refuses a wrong password as a field error and deletes nothing", async () => {
    const owner = await withData();
    await expectBadRequest(
      owner.caller.account.delete({ password: "not my password" }),
      "account.delete",
      "password",
      /incorrect/i,
    );
    await expectBadRequest(owner.caller.account.delete({ password: "" }), "account.delete", "password");
    expect(await userRow(owner.user.id)).not.toBeNull();
    expect(await api.db.select().from(tasks).where(eq(tasks.userId, owner.user.id))).toHaveLength(2);
    expect(await works(owner.token)).toBe(true);
    expect(await works(owner.extra, "cookie")).toBe(true);
  });

  it("removes the user, their tasks and every session; the cookie is cleared; others are untouched", async () => {
    const owner = await withData();
    const bystander = await api.createUser();
    const bystanderTask = await api.createTask(bystander.user.id, { title: "mine" });

    const { caller, resHeaders } = api.call({ token: owner.extra, transport: "cookie" });
    await expect(caller.account.delete({ password: owner.password })).resolves.toEqual({ deleted: true });
    expect(resHeaders.getSetCookie().join()).toMatch(/Max-Age=0/);

    expect(await userRow(owner.user.id)).toBeNull();
    expect(await api.db.select().from(tasks).where(eq(tasks.userId, owner.user.id))).toEqual([]);
    expect(await api.db.select().from(sessions).where(eq(sessions.userId, owner.user.id))).toEqual([]);
    await expectUnauthorized(owner.caller.account.sessions());
    expect(await api.caller({ token: owner.extra, transport: "cookie" }).auth.me()).toBeNull();
    const signIn = await rejection(
      api.caller().auth.signIn({ email: owner.user.email, password: owner.password }),
    );
    expect(signIn.code).toBe("UNAUTHORIZED");

    expect(await userRow(bystander.user.id)).not.toBeNull();
    expect(await bystander.caller.task.byId({ id: bystanderTask.id })).toMatchObject({ title: "mine" });
    expect(await works(bystander.token)).toBe(true);

    // The address is free again.
    await expect(
      api.caller().auth.signUp({ email: owner.user.email, password: "fresh start" }),
    ).resolves.toMatchObject({
      user: { email: owner.user.email },
    });
  });
});

describe("account.delete and throttling state", () => {
  const userBucketKeys = async (userId: string) =>
    (
      await api.db
        .select({ key: rateLimitBuckets.key })
        .from(rateLimitBuckets)
        .where(like(rateLimitBuckets.key, `%:user:${userId}`))
    )
      .map((row) => row.key)
      .sort();

  it("deletes every rate-limit row keyed by the user, and only those", async () => {
    const owner = await api.createUser();
    const bystander = await api.createUser();
    // Over HTTP (a client address), writes and password confirmations fill the user's buckets.
    const clientIp = "192.0.2.77";
    for (const { token } of [owner, bystander]) {
      await api.caller({ token, clientIp }).task.create({ title: "counted" });
      await expectBadRequest(
        api.caller({ token, clientIp }).account.delete({ password: "not my password" }),
        "account.delete",
        "password",
      );
    }
    expect(await userBucketKeys(owner.user.id)).toEqual([
      `password-confirmation:user:${owner.user.id}`,
      `user-write:user:${owner.user.id}`,
    ]);

    await api.caller({ token: owner.token, clientIp }).account.delete({ password: owner.password });
    expect(await userBucketKeys(owner.user.id)).toEqual([]);
    expect(await userBucketKeys(bystander.user.id)).toHaveLength(2);
  });
});

describe("account procedures without a session", () => {
  it("answer UNAUTHORIZED and touch nothing", async () => {
    const owner = await api.createUser();
    const anonymous = api.caller();
    await expectUnauthorized(anonymous.account.sessions());
    await expectUnauthorized(anonymous.account.revokeSession({ id: sessionIdOf(owner.token) }));
    await expectUnauthorized(anonymous.account.revokeOtherSessions());
    await expectUnauthorized(
      anonymous.account.changePassword({ currentPassword: owner.password, newPassword: "new password" }),
    );
    await expectUnauthorized(anonymous.account.update({ name: "x" }));
    await expectUnauthorized(anonymous.account.delete({ password: owner.password }));
    expect(await userRow(owner.user.id)).toMatchObject({ name: owner.user.name });
    expect(await works(owner.token)).toBe(true);
  });
});
