import {
  createSession,
  DAY_MS,
  DEVICE_COOKIE_LIFETIME_MS,
  emailBucketSubject,
  issueEmailToken,
  issueSignInChallenge,
  issueWebauthnChallenge,
  PASSWORD_RESET_EMAIL_BUCKET,
  rememberDevice,
  recordSignInFailure,
  SESSION_INACTIVITY_TIMEOUT_MS,
  SIGN_IN_BUCKET,
  SIGN_IN_CHALLENGE_LIFETIME_MS,
  takeToken,
  WEBAUTHN_CHALLENGE_LIFETIME_MS,
} from "@doable/auth";
import {
  projects,
  rateLimitBuckets,
  securityEvents,
  sessions,
  signInThrottles,
  taskCounts,
  taskEvents,
  tasks,
  users,
} from "@doable/db";
import { TRASH_RETENTION_DAYS } from "@doable/domain";
import { eq, isNotNull, ne } from "drizzle-orm";
import { createTestDatabase } from "@doable/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpired } from "./purge";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe("purgeExpired", () => {
  it("deletes expired sessions, old throttles, idle buckets and old events, and keeps everything current", async () => {
    const db = handle.db;
    const now = new Date("2026-06-01T12:00:00Z");
    const longAgo = new Date(now.getTime() - SESSION_INACTIVITY_TIMEOUT_MS - 1);
    const [user] = await db
      .insert(users)
      .values({ email: "purge@example.com", passwordHash: "x" })
      .returning();
    const userId = user?.id ?? "";
    const stale = await createSession(db, { userId, kind: "cli", userAgent: null, now: longAgo });
    const fresh = await createSession(db, { userId, kind: "cli", userAgent: null, now });
    await recordSignInFailure(db, "old@example.com", new Date(now.getTime() - 2 * DAY_MS));
    await recordSignInFailure(db, "recent@example.com", now);
    await takeToken(db, SIGN_IN_BUCKET, "198.51.100.1", new Date(now.getTime() - 2 * DAY_MS));
    await takeToken(db, SIGN_IN_BUCKET, "198.51.100.2", now);
    // "Forgot password" for an address nobody has: its bucket is forgotten like any other.
    await takeToken(
      db,
      PASSWORD_RESET_EMAIL_BUCKET,
      emailBucketSubject("ghost@example.com"),
      new Date(now.getTime() - 2 * DAY_MS),
    );
    await issueEmailToken(db, {
      userId,
      email: "purge@example.com",
      purpose: "password_reset",
      now: new Date(now.getTime() - DAY_MS),
    });
    await issueEmailToken(db, { userId, email: "purge@example.com", purpose: "email_verification", now });
    await rememberDevice(
      db,
      userId,
      "old-device-id-000000000",
      new Date(now.getTime() - DEVICE_COOKIE_LIFETIME_MS - DAY_MS),
    );
    await rememberDevice(db, userId, "new-device-id-000000000", now);
    await issueSignInChallenge(db, {
      userId,
      transport: "bearer",
      now: new Date(now.getTime() - SIGN_IN_CHALLENGE_LIFETIME_MS),
    });
    await issueSignInChallenge(db, { userId, transport: "cookie", now });
    await issueWebauthnChallenge(
      db,
      { ceremony: "authentication", transport: "cookie" },
      new Date(now.getTime() - WEBAUTHN_CHALLENGE_LIFETIME_MS),
    );
    await issueWebauthnChallenge(db, { ceremony: "registration", userId }, now);
    await db.insert(securityEvents).values([
      { userId, type: "sign_in", createdAt: new Date(now.getTime() - 91 * DAY_MS) },
      { userId, type: "sign_in", createdAt: new Date(now.getTime() - 89 * DAY_MS) },
    ]);
    const taskId = "3f0c4f5e-52a4-4f57-9d0e-1b2c3d4e5f60";
    await db.insert(taskEvents).values([
      { userId, taskId, createdAt: new Date(now.getTime() - 31 * DAY_MS) },
      { userId, taskId, createdAt: new Date(now.getTime() - 29 * DAY_MS) },
    ]);
    const retention = TRASH_RETENTION_DAYS * DAY_MS;
    const [expiredTrash, recentTrash, live] = await db
      .insert(tasks)
      .values([
        {
          userId,
          title: "Trashed 30 days and a bit ago",
          deletedAt: new Date(now.getTime() - retention - 1),
        },
        { userId, title: "Trashed exactly 30 days ago", deletedAt: new Date(now.getTime() - retention) },
        { userId, title: "Live, created long ago", createdAt: new Date(now.getTime() - 2 * retention) },
      ])
      .returning({ id: tasks.id });
    // Projects deleted (ADR 0042): long ago, recently, and long ago but still holding a live task.
    const [oldProject, recentProject, holdingProject] = await db
      .insert(projects)
      .values([
        { userId, name: "Deleted long ago", deletedAt: new Date(now.getTime() - retention - 1) },
        { userId, name: "Deleted lately", deletedAt: new Date(now.getTime() - retention) },
        { userId, name: "Still holding one", deletedAt: new Date(now.getTime() - retention - 1) },
      ])
      .returning({ id: projects.id });
    await db
      .insert(tasks)
      .values({ userId, title: "Live in a deleted project", projectId: holdingProject?.id });

    expect(await purgeExpired(db, now)).toEqual({
      sessions: 1,
      throttles: 1,
      buckets: 2,
      events: 1,
      taskEvents: 1,
      trashedTasks: 1,
      deletedProjects: 1,
      emailTokens: 1,
      devices: 1,
      signInChallenges: 1,
      webauthnChallenges: 1,
    });
    expect(await db.select().from(securityEvents)).toHaveLength(1);
    expect(
      (await db.select({ id: projects.id }).from(projects).where(isNotNull(projects.deletedAt)))
        .map((row) => row.id)
        .sort(),
    ).toEqual([recentProject?.id, holdingProject?.id].sort());
    expect(oldProject?.id).toBeDefined();
    expect(
      (await db.select({ id: tasks.id }).from(tasks).where(ne(tasks.title, "Live in a deleted project")))
        .map((row) => row.id)
        .sort(),
    ).toEqual([recentTrash?.id, live?.id].sort());
    expect(
      await db
        .select()
        .from(tasks)
        .where(eq(tasks.id, expiredTrash?.id ?? "")),
    ).toEqual([]);
    // The purged task leaves the count of the trash (the per-user limit reads it).
    expect(await db.select().from(taskCounts).where(eq(taskCounts.userId, userId))).toMatchObject([
      { total: 2, trashed: 1 },
    ]);
    // The old event went; the events recorded by the inserts and the purge itself are recent and stay.
    expect((await db.select().from(taskEvents)).length).toBeGreaterThanOrEqual(2);
    expect((await db.select().from(sessions)).map((row) => row.id)).toEqual([fresh.session.id]);
    expect((await db.select().from(signInThrottles)).map((row) => row.email)).toEqual(["recent@example.com"]);
    expect((await db.select().from(rateLimitBuckets)).map((row) => row.key)).toEqual([
      "sign-in:198.51.100.2",
    ]);
    expect(stale.session.id).not.toBe(fresh.session.id);
    expect(await purgeExpired(db, now)).toEqual({
      sessions: 0,
      throttles: 0,
      buckets: 0,
      events: 0,
      taskEvents: 0,
      trashedTasks: 0,
      deletedProjects: 0,
      emailTokens: 0,
      devices: 0,
      signInChallenges: 0,
      webauthnChallenges: 0,
    });
  });
});
