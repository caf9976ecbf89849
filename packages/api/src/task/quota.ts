import { type Database, taskCounts } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { TASKS_PER_USER_MAX } from "../validators/limits";

const formatCount = new Intl.NumberFormat("en-US");

/**
 * Whether the user already holds `limit` tasks, the trash included (ADR 0029: trashed tasks take
 * the same space, and restoring one must never go past the limit), read from the counts the
 * triggers keep in `task_counts` (ADR 0020): one primary-key lookup, whatever the number of tasks.
 * A user with no row has no tasks.
 */
export async function taskLimitReached(
  db: Database,
  userId: string,
  limit: number = TASKS_PER_USER_MAX,
): Promise<boolean> {
  const [counts] = await db
    .select({ total: sql<number>`${taskCounts.total} + ${taskCounts.trashed}`.mapWith(Number) })
    .from(taskCounts)
    .where(eq(taskCounts.userId, userId));
  return (counts?.total ?? 0) >= limit;
}

/** A bound the user can act on, not a fault in the input: no field is wrong, so none is named. */
export function taskLimitError(limit: number = TASKS_PER_USER_MAX): TRPCError {
  return new TRPCError({
    code: "BAD_REQUEST",
    message: `You have reached the limit of ${formatCount.format(limit)} tasks, the trash included. Delete some for good or empty the trash to add new ones.`,
  });
}
