import {
  CURRENT_HASH_PREFIX,
  createSession,
  DAY_MS,
  MINUTE_MS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MS,
} from "@doable/auth";
import { rateLimitBuckets, sessions, tasks, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestTaskEventId, readTaskChanges } from "../task/task-events";
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
import { databaseReadsZone } from "../time-zone";

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

  it("shows 'Last used' at most 5 minutes behind another device's last request", async () => {
    const owner = await api.createUser();
    const laptop = await extraSession(owner.user.id, "browser", "Firefox on Linux");
    const lastUsed = async (): Promise<number | undefined> =>
      (await owner.caller.account.sessions())
        .find((session) => session.id === sessionIdOf(laptop))
        ?.lastVerifiedAt.getTime();
    const start = api.clock.now().getTime();
    // The laptop is used every minute for 12 minutes; the list lags behind by less than 5.
    for (let minute = 1; minute <= 12; minute += 1) {
      api.clock.advance(MINUTE_MS);
      await api.caller({ token: laptop, transport: "cookie" }).task.list({});
      const shown = (await lastUsed()) ?? 0;
      expect(api.clock.now().getTime() - shown).toBeLessThan(SESSION_ACTIVITY_WRITE_INTERVAL_MS);
    }
    expect(await lastUsed()).toBe(start + 10 * MINUTE_MS);
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

describe("account.update with a time zone", () => {
  /** Tasks of `owner` by title: their due day, time and version as task.list answers them. */
  async function dues(
    owner: TestUser,
  ): Promise<Record<string, { dueDate: string | null; dueTime: string | null; version: number }>> {
    const { items } = await owner.caller.task.list({ limit: 100 });
    return Object.fromEntries(
      items.map((task) => [
        task.title,
        { dueDate: task.dueDate, dueTime: task.dueTime, version: task.version },
      ]),
    );
  }

  it("refuses a zone it cannot read, on the field timeZone, and changes nothing", async () => {
    const owner = await api.createUser({ timeZone: "Europe/Berlin" });
    await owner.caller.task.create({ title: "call", dueDate: "2026-06-10", dueTime: "17:00" });
    const before = { user: await userRow(owner.user.id), tasks: await dues(owner) };
    for (const timeZone of [
      "Mars/Olympus_Mons",
      "+05:00",
      "Europe/Berlin; drop table users",
      "",
      "x".repeat(65),
    ]) {
      await expectBadRequest(
        owner.caller.account.update({ timeZone }),
        "account.update",
        "timeZone",
        /Unknown time zone/,
      );
      await expectBadRequest(
        owner.caller.account.update({ name: "Renamed", timeZone }),
        "account.update",
        "timeZone",
        /Unknown time zone/,
      );
    }
    expect({ user: await userRow(owner.user.id), tasks: await dues(owner) }).toEqual(before);
  });

  it("asks the database too: a zone name it cannot read is never stored", async () => {
    expect(await databaseReadsZone(api.db, "Europe/Berlin")).toBe(true);
    expect(await databaseReadsZone(api.db, "America/Regina")).toBe(true);
    expect(await databaseReadsZone(api.db, "Mars/Olympus_Mons")).toBe(false);
    expect(await databaseReadsZone(api.db, "")).toBe(false);
  });

  it("keeps all-day dates and moves timed tasks to the same instant on the new clock, bumping their versions", async () => {
    const owner = await api.createUser({ timeZone: "Europe/Berlin" });
    const create = (title: string, dueDate: string | null, dueTime?: string) =>
      owner.caller.task.create({ title, dueDate, ...(dueTime ? { dueTime } : {}) });
    await create("all day", "2026-06-10");
    await create("no date", null);
    await create("17:00", "2026-06-10", "17:00");
    // 02:00 in Berlin (CEST, UTC+2) is 20:00 the evening before in New York (EDT, UTC-4).
    await create("02:00", "2026-06-10", "02:00");
    // Winter: 09:00 CET (UTC+1) is 03:00 EST (UTC-5).
    await create("winter 09:00", "2026-01-15", "09:00");
    const trashed = await create("trashed 12:00", "2026-06-10", "12:00");
    await owner.caller.task.delete({ id: trashed.id });
    const since = await latestTaskEventId(api.db, owner.user.id);

    const moved = await owner.caller.account.update({ timeZone: "America/New_York" });
    expect(moved).toMatchObject({ id: owner.user.id, timeZone: "America/New_York", name: owner.user.name });
    expect(await owner.caller.auth.me()).toMatchObject({ timeZone: "America/New_York" });
    expect(await dues(owner)).toEqual({
      "all day": { dueDate: "2026-06-10", dueTime: null, version: 1 },
      "no date": { dueDate: null, dueTime: null, version: 1 },
      "17:00": { dueDate: "2026-06-10", dueTime: "11:00", version: 2 },
      "02:00": { dueDate: "2026-06-09", dueTime: "20:00", version: 2 },
      "winter 09:00": { dueDate: "2026-01-15", dueTime: "03:00", version: 2 },
    });
    // Live clients hear of each moved task (the trashed one moved too, and reads as removed).
    const changes = await readTaskChanges(api.db, owner.user.id, since);
    expect(
      changes.map(({ change }) => (change.type === "upsert" ? change.task.title : "removed")).sort(),
    ).toEqual(["02:00", "17:00", "removed", "winter 09:00"].sort());
    const [restored] = await owner.caller.task.restore({ ids: [trashed.id] });
    expect(restored).toMatchObject({ dueDate: "2026-06-10", dueTime: "06:00" });

    // And back east: a time late in the evening in New York lands on the next day in Berlin.
    await create("22:00", "2026-06-10", "22:00");
    await owner.caller.account.update({ timeZone: "Europe/Berlin" });
    expect(await dues(owner)).toMatchObject({
      "all day": { dueDate: "2026-06-10", dueTime: null, version: 1 },
      "17:00": { dueDate: "2026-06-10", dueTime: "17:00", version: 3 },
      "02:00": { dueDate: "2026-06-10", dueTime: "02:00", version: 3 },
      "22:00": { dueDate: "2026-06-11", dueTime: "04:00", version: 2 },
    });
    // The same zone again changes nothing.
    const unchanged = await dues(owner);
    await owner.caller.account.update({ timeZone: "Europe/Berlin" });
    expect(await dues(owner)).toEqual(unchanged);
  });

  it("never moves another user's tasks", async () => {
    const owner = await api.createUser({ timeZone: "Europe/Berlin" });
    const other = await api.createUser({ timeZone: "Europe/Berlin" });
    await other.caller.task.create({ title: "theirs", dueDate: "2026-06-10", dueTime: "17:00" });
    const before = await dues(other);
    await owner.caller.account.update({ timeZone: "America/New_York" });
    expect(await dues(other)).toEqual(before);
    expect(await userRow(other.user.id)).toMatchObject({ timeZone: "Europe/Berlin" });
  });

  it.each([
    { what: "only all-day tasks (no task row changes)", timed: false },
    { what: "a timed task too (the move rewrites it)", timed: true },
  ])("answers the overdue count right after a move west and back east, with $what", async ({ timed }) => {
    // 02:00 UTC on 11 June: 04:00 on 11 June in Berlin, still 22:00 on 10 June in New York.
    const started = api.clock.now();
    const at = new Date("2026-06-11T02:00:00.000Z");
    api.clock.set(new Date(at.getTime() - 60 * 60 * 1000));
    const owner = await api.createUser({ timeZone: "Europe/Berlin" });
    await owner.caller.task.create({ title: "all day", dueDate: "2026-06-10" });
    // The same instant on either clock (00:30 UTC on 11 June): overdue at `at` whatever the zone.
    if (timed) await owner.caller.task.create({ title: "timed", dueDate: "2026-06-11", dueTime: "02:30" });
    api.clock.set(at);
    const overdue = async () => ({
      stats: (await owner.caller.task.stats()).overdue,
      listed: (await owner.caller.task.list({ due: "overdue", sort: "title" })).items.map(
        (task) => task.title,
      ),
    });
    const timedOverdue = timed ? ["timed"] : [];
    expect(await overdue()).toEqual({ stats: 1 + timedOverdue.length, listed: ["all day", ...timedOverdue] });
    // West: New York's 10 June is not over, so the all-day task is no longer overdue.
    await owner.caller.account.update({ timeZone: "America/New_York" });
    expect(await overdue()).toEqual({ stats: timedOverdue.length, listed: timedOverdue });
    if (timed)
      expect(await dues(owner)).toMatchObject({ timed: { dueDate: "2026-06-10", dueTime: "20:30" } });
    // East again: overdue again.
    await owner.caller.account.update({ timeZone: "Europe/Berlin" });
    expect(await overdue()).toEqual({ stats: 1 + timedOverdue.length, listed: ["all day", ...timedOverdue] });
    // And after a write, on the new clock.
    await owner.caller.task.create({ title: "later", dueDate: "2026-06-12" });
    await owner.caller.account.update({ timeZone: "America/New_York" });
    await owner.caller.task.create({ title: "no date" });
    expect((await owner.caller.task.stats()).overdue).toBe(timedOverdue.length);
    api.clock.set(new Date("2026-06-11T04:00:00.001Z"));
    expect((await owner.caller.task.stats()).overdue).toBe(1 + timedOverdue.length);
    api.clock.set(started);
  });
});

describe("account.update", () => {
  it("updates the name (trimmed), up to 100 characters; blank clears it", async () => {
    const owner = await api.createUser({ name: "Before" });
    const name100 = "N".repeat(100);
    const updated = await owner.caller.account.update({ name: `  ${name100}  ` });
    expect(updated).toEqual({ ...owner.user, name: name100 });
    expect(Object.keys(updated).sort()).toEqual(["createdAt", "email", "id", "name", "timeZone"]);
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
    // Nothing to change is an error of the input as a whole ("").
    await expectBadRequest(owner.caller.account.update({}), "account.update", "", /Nothing to change/);
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
