import { type Database, tasks } from "@doable/db";
import { POSITION_MAX_LENGTH, positionBetween } from "@doable/domain";
import { TRPCError } from "@trpc/server";
import { and, asc, desc, eq, gt, isNull, lt, ne } from "drizzle-orm";
import type { z } from "zod";
import type { moveTaskInput } from "../validators/task";

type MoveInput = z.output<typeof moveTaskInput>;

/** The caller's live task `id`'s key, or null when there is no such task (missing, another user's, trashed). */
async function positionOf(db: Database, userId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ position: tasks.position })
    .from(tasks)
    .where(and(eq(tasks.userId, userId), eq(tasks.id, id), isNull(tasks.deletedAt)));
  return row?.position ?? null;
}

/**
 * The key of the caller's live task nearest to `from` on one side of it (strictly: a task tied
 * with it is passed over), the moving task aside; null when `from` is the first or the last.
 * Read through tasks_user_manual_idx.
 */
async function neighbourPosition(
  db: Database,
  userId: string,
  from: string,
  side: "after" | "before",
  movingId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ position: tasks.position })
    .from(tasks)
    .where(
      and(
        eq(tasks.userId, userId),
        isNull(tasks.deletedAt),
        side === "after" ? gt(tasks.position, from) : lt(tasks.position, from),
        ne(tasks.id, movingId),
      ),
    )
    .orderBy(side === "after" ? asc(tasks.position) : desc(tasks.position))
    .limit(1);
  return row?.position ?? null;
}

function taskNotFound(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: "Task not found" });
}

/**
 * The key that puts task `input.id` right after `afterId` (or right before `beforeId`) in the
 * whole manual order: between the anchor and its nearest neighbour on that side, so the move writes
 * the moved task only (ADR 0046). Anchors must be the caller's live tasks: NOT_FOUND otherwise.
 */
export async function movedPosition(db: Database, userId: string, input: MoveInput): Promise<string> {
  const { id, afterId, beforeId } = input;
  const [after, before] = await Promise.all([
    afterId ? positionOf(db, userId, afterId) : null,
    beforeId ? positionOf(db, userId, beforeId) : null,
  ]);
  if ((afterId && after === null) || (beforeId && before === null)) throw taskNotFound();
  const position =
    after !== null
      ? positionBetween(after, await neighbourPosition(db, userId, after, "after", id))
      : positionBetween(await neighbourPosition(db, userId, before as string, "before", id), before);
  if (position.length > POSITION_MAX_LENGTH) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: "No room is left at that place in the list: move a task next to it first",
    });
  }
  return position;
}
