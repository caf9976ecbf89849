import { type Database, type SecurityEventType, securityEvents } from "@doable/db";
import { MAX_USER_AGENT_LENGTH } from "@doable/domain";
import { and, desc, eq, gte } from "drizzle-orm";

export interface SecurityEventInput {
  userId: string;
  type: SecurityEventType;
  ipAddress: string | null;
  userAgent: string | null;
  now: Date;
}

/** An entry in the user's "Recent security activity"; returns its id. */
export async function recordSecurityEvent(db: Database, event: SecurityEventInput): Promise<string> {
  const [row] = await db
    .insert(securityEvents)
    .values({
      userId: event.userId,
      type: event.type,
      ipAddress: event.ipAddress,
      userAgent: event.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      createdAt: event.now,
    })
    .returning({ id: securityEvents.id });
  if (!row) throw new Error("security event insert returned no row");
  return row.id;
}

/** Settles an entry recorded before its outcome was known (a sign-in attempt). */
export async function settleSecurityEvent(
  db: Database,
  id: string,
  outcome: SecurityEventType | null,
): Promise<void> {
  if (outcome === null) await db.delete(securityEvents).where(eq(securityEvents.id, id));
  else await db.update(securityEvents).set({ type: outcome }).where(eq(securityEvents.id, id));
}

export async function recentSecurityEvents(db: Database, userId: string, limit: number) {
  return db
    .select({
      id: securityEvents.id,
      type: securityEvents.type,
      ipAddress: securityEvents.ipAddress,
      userAgent: securityEvents.userAgent,
      createdAt: securityEvents.createdAt,
    })
    .from(securityEvents)
    .where(eq(securityEvents.userId, userId))
    .orderBy(desc(securityEvents.createdAt), desc(securityEvents.id))
    .limit(limit);
}

/** Whether the user already has an event of this type since `since` (to log floods only once). */
export async function hasSecurityEventSince(
  db: Database,
  userId: string,
  type: SecurityEventInput["type"],
  since: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ id: securityEvents.id })
    .from(securityEvents)
    .where(
      and(
        eq(securityEvents.userId, userId),
        eq(securityEvents.type, type),
        gte(securityEvents.createdAt, since),
      ),
    )
    .limit(1);
  return row !== undefined;
}
