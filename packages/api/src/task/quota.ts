import { type Database, tasks } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { TASKS_PER_USER_MAX } from "../validators/limits";

const formatCount = new Intl.NumberFormat("en-US");

/**
 * Whether the user already holds `limit` tasks. Not a count: it skips `limit - 1` of the user's
 * entries in an index that leads with user_id (an index-only scan) and looks for one more, so
 * its cost grows with the user's tasks up to the limit and never past it (ADR 0016: ~0.1 ms for
 * a typical account, ~10 ms at 100,000 on PostgreSQL).
 */
export async function taskLimitReached(
  db: Database,
  userId: string,
  limit: number = TASKS_PER_USER_MAX,
): Promise<boolean> {
  const [beyond] = await db
    .select({ found: sql<number>`1` })
    .from(tasks)
    .where(eq(tasks.userId, userId))
    .offset(limit - 1)
    .limit(1);
  return beyond !== undefined;
}

/** A bound the user can act on, not a fault in the input: no field is wrong, so none is named. */
export function taskLimitError(limit: number = TASKS_PER_USER_MAX): TRPCError {
  return new TRPCError({
    code: "BAD_REQUEST",
    message: `You have reached the limit of ${formatCount.format(limit)} tasks. Delete some to add new ones.`,
  });
}
