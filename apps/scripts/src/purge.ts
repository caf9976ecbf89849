import {
  DEVICE_COOKIE_LIFETIME_MS,
  deleteExpiredEmailTokens,
  deleteExpiredSessions,
  deleteExpiredSignInChallenges,
  deleteExpiredWebauthnChallenges,
} from "@doable/auth";
import {
  type Database,
  knownDevices,
  projects,
  rateLimitBuckets,
  securityEvents,
  signInThrottles,
  taskEvents,
  tasks,
} from "@doable/db";
import { DAY_MS, TRASH_RETENTION_DAYS } from "@doable/domain";
import { and, lt, sql } from "drizzle-orm";

/** How long "Recent security activity" remembers. */
export const SECURITY_EVENT_RETENTION_DAYS = 90;
/**
 * How long a live-sync client that was away can resume where it left off (ADR 0027); one that
 * comes back later reloads its lists instead.
 */
export const TASK_EVENT_RETENTION_DAYS = 30;

export interface PurgeResult {
  sessions: number;
  throttles: number;
  buckets: number;
  events: number;
  taskEvents: number;
  trashedTasks: number;
  deletedProjects: number;
  emailTokens: number;
  devices: number;
  signInChallenges: number;
  webauthnChallenges: number;
}

/**
 * Housekeeping: sessions past their idle or absolute limit, sign-in throttles whose last lock
 * ended a day ago (they would be forgotten anyway) and buckets idle for a day (a full bucket is
 * the same as no row) — so an email typed at sign-in or "forgot password" by someone with no
 * account is forgotten a day later —, security events and task events older than their retention
 * periods, tasks in the trash for more than TRASH_RETENTION_DAYS (ADR 0029) and projects deleted as
 * long ago (ADR 0042), emailed links past
 * their expiry, devices whose cookie has expired, and two-factor sign-in challenges past their
 * 5 minutes (ADR 0035).
 */
export async function purgeExpired(db: Database, now: Date): Promise<PurgeResult> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const sessions = await deleteExpiredSessions(db, now);
  const throttles = await db
    .delete(signInThrottles)
    .where(lt(signInThrottles.lockedUntil, dayAgo))
    .returning({ email: signInThrottles.email });
  const buckets = await db
    .delete(rateLimitBuckets)
    .where(lt(rateLimitBuckets.updatedAt, dayAgo))
    .returning({ key: rateLimitBuckets.key });
  const events = await db
    .delete(securityEvents)
    .where(lt(securityEvents.createdAt, new Date(now.getTime() - SECURITY_EVENT_RETENTION_DAYS * DAY_MS)))
    .returning({ id: securityEvents.id });
  // Before the old task events: deleting these tasks records events of its own (recent ones).
  const trashed = await db
    .delete(tasks)
    .where(lt(tasks.deletedAt, new Date(now.getTime() - TRASH_RETENTION_DAYS * DAY_MS)))
    .returning({ id: tasks.id });
  // Projects deleted as long ago (ADR 0042); never one still holding a live task (a task created
  // into it while it was being deleted), whose deletion would take that task with it.
  const deletedProjects = await db
    .delete(projects)
    .where(
      and(
        lt(projects.deletedAt, new Date(now.getTime() - TRASH_RETENTION_DAYS * DAY_MS)),
        sql`not exists (select 1 from ${tasks} where ${tasks.projectId} = ${projects.id} and ${tasks.deletedAt} is null)`,
      ),
    )
    .returning({ id: projects.id });
  const changes = await db
    .delete(taskEvents)
    .where(lt(taskEvents.createdAt, new Date(now.getTime() - TASK_EVENT_RETENTION_DAYS * DAY_MS)))
    .returning({ id: taskEvents.id });
  const emailTokens = await deleteExpiredEmailTokens(db, now);
  const devices = await db
    .delete(knownDevices)
    .where(lt(knownDevices.lastSeenAt, new Date(now.getTime() - DEVICE_COOKIE_LIFETIME_MS)))
    .returning({ userId: knownDevices.userId });
  const signInChallenges = await deleteExpiredSignInChallenges(db, now);
  const webauthnChallenges = await deleteExpiredWebauthnChallenges(db, now);
  return {
    sessions,
    throttles: throttles.length,
    buckets: buckets.length,
    events: events.length,
    taskEvents: changes.length,
    trashedTasks: trashed.length,
    deletedProjects: deletedProjects.length,
    emailTokens,
    devices: devices.length,
    signInChallenges,
    webauthnChallenges,
  };
}
