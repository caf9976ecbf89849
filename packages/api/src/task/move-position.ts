import { type Database, tasks, users } from "@doable/db";
import { evenPositions, POSITION_MAX_LENGTH, positionBetween } from "@doable/domain";
import { and, asc, desc, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { moveTaskInput } from "../validators/task";
import { taskNotFound } from "./task-not-found";

type MoveInput = z.output<typeof moveTaskInput>;

/** Rows written per statement when an owner's keys are written afresh. */
const REKEY_BATCH_SIZE = 1000;

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

/**
 * The key between the anchors: right after `after` when there is room below `before` (or no
 * `before`); else (only `before`, or the two tied: a repeating task and its next occurrence share
 * a key) right before `before`, so a move up past a tie still moves up.
 */
async function keyBetweenAnchors(
  db: Database,
  userId: string,
  id: string,
  after: string | null,
  before: string | null,
): Promise<string> {
  if (after !== null && (before === null || after < before)) {
    return positionBetween(after, await neighbourPosition(db, userId, after, "after", id));
  }
  const upper = before as string;
  return positionBetween(await neighbourPosition(db, userId, upper, "before", id), upper);
}

/**
 * Fresh short keys for every task of the owner (the trash too, for when it comes back), in the
 * order they are in now, each after the key a task made now would get: new tasks still come first.
 * Only when a key has grown past POSITION_MAX_LENGTH, after many moves into one gap.
 */
async function rekeyOwner(db: Database, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.userId, userId))
      .orderBy(asc(tasks.position), asc(tasks.id))
      .for("update");
    // The key a task made now gets (its digits of time, then two random ones): the prefix.
    const [now] = await tx
      .select({ key: sql<string>`task_new_position(now())` })
      .from(users)
      .where(eq(users.id, userId));
    const keys = evenPositions(now?.key ?? "V", rows.length);
    for (let start = 0; start < rows.length; start += REKEY_BATCH_SIZE) {
      const values = rows
        .slice(start, start + REKEY_BATCH_SIZE)
        .map((row, index) => sql`(${row.id}::uuid, ${keys[start + index]})`);
      await tx.execute(sql`
        update ${tasks} set position = fresh.position
        from (values ${sql.join(values, sql`, `)}) as fresh(id, position)
        where ${tasks.id} = fresh.id and ${tasks.userId} = ${userId}`);
    }
  });
}

/**
 * The key that puts task `input.id` right after `afterId` (or right before `beforeId`) in the
 * whole manual order: between the anchor and its nearest neighbour on that side, so the move writes
 * the moved task only (ADR 0046). Anchors must be the caller's live tasks: NOT_FOUND otherwise.
 */
export async function movedPosition(db: Database, userId: string, input: MoveInput): Promise<string> {
  const { id, afterId, beforeId } = input;
  const anchors = async () =>
    Promise.all([
      afterId ? positionOf(db, userId, afterId) : null,
      beforeId ? positionOf(db, userId, beforeId) : null,
    ]);
  let [after, before] = await anchors();
  if ((afterId && after === null) || (beforeId && before === null)) throw taskNotFound();
  let position = await keyBetweenAnchors(db, userId, id, after, before);
  if (position.length <= POSITION_MAX_LENGTH) return position;
  await rekeyOwner(db, userId);
  [after, before] = await anchors();
  if ((afterId && after === null) || (beforeId && before === null)) throw taskNotFound();
  position = await keyBetweenAnchors(db, userId, id, after, before);
  return position;
}
