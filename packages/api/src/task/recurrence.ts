import { randomUUID } from "node:crypto";
import { type Database, tasks } from "@doable/db";
import type { Priority } from "@doable/domain";
import { type NextOccurrence, nextOccurrence } from "@doable/domain/recurrence";
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { TASKS_PER_USER_MAX } from "../validators/limits";
import { taskLimitError, taskLimitReached } from "./quota";
import { reminderOfNextOccurrence } from "./reminders";
import { taskColumns } from "./task-columns";
import type { TaskView } from "./task-events";

/**
 * Recurring tasks (docs/decisions/0043): completing an occurrence creates the next one, once.
 *
 * The completed occurrence records the next one's id in `recurrence_next_id`, in the same
 * transaction that creates it, under a lock on its row: a second completion (another device at
 * the same moment, or a completion after reopening) waits for the first, finds the id set and
 * creates nothing; it is answered the occurrence the first one created.
 */

/** What the next occurrence is made of: the fields of the completed one that carry over. */
export const seriesColumns = {
  id: tasks.id,
  title: tasks.title,
  description: tasks.description,
  priority: tasks.priority,
  tags: tasks.tags,
  projectId: tasks.projectId,
  dueDate: tasks.dueDate,
  dueTime: tasks.dueTime,
  recurrence: tasks.recurrence,
  recurrenceNextId: tasks.recurrenceNextId,
  position: tasks.position,
  remindAt: tasks.remindAt,
};

export interface SeriesRow {
  id: string;
  title: string;
  description: string | null;
  priority: Priority;
  tags: string[];
  /** The next occurrence stays in the same project (docs/decisions/0042). */
  projectId: string;
  /**
   * And takes the same place in the manual order (ADR 0046): tied with the completed one (the id
   * decides between them), so a routine arranged by hand stays arranged.
   */
  position: string;
  dueDate: string | null;
  /** As the column holds it (`HH:MM:SS`): copied, never shown. */
  dueTime: string | null;
  recurrence: string | null;
  recurrenceNextId: string | null;
  /** The next occurrence is reminded as long before its due day as this one (ADR 0049). */
  remindAt: Date | null;
}

/** The occurrence after `row`, if its series goes on and it has not been created yet. */
export function plannedNext(row: SeriesRow): NextOccurrence | null {
  if (row.recurrence === null || row.dueDate === null || row.recurrenceNextId !== null) return null;
  return nextOccurrence(row.recurrence, row.dueDate);
}

/** How many tasks the next occurrences of `seriesIds` make: each one, and its subtasks copied. */
async function tasksMadeBy(db: Database, seriesIds: readonly string[]): Promise<number> {
  const [subtasks] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(tasks)
    .where(and(inArray(tasks.parentId, [...seriesIds]), isNull(tasks.deletedAt)));
  return seriesIds.length + (subtasks?.count ?? 0);
}

/**
 * Refuses, before anything is written, the next occurrences of `seriesIds` (with the subtasks each
 * gets again) if they would take the account past its task limit: a completion that cannot create
 * its next occurrence is not made, rather than ending the series unseen.
 */
export async function checkRoomFor(
  db: Database,
  userId: string,
  seriesIds: readonly string[],
): Promise<void> {
  if (seriesIds.length === 0) return;
  const count = await tasksMadeBy(db, seriesIds);
  if (await taskLimitReached(db, userId, TASKS_PER_USER_MAX - count + 1)) throw taskLimitError();
}

/** Inserts the next occurrence of `row` (as `plannedNext` said) with the id already recorded on `row`. */
export async function insertNext(
  db: Database,
  userId: string,
  row: SeriesRow,
  next: NextOccurrence,
  id: string,
): Promise<TaskView> {
  const [created] = await db
    .insert(tasks)
    .values({
      id,
      userId,
      title: row.title,
      description: row.description,
      priority: row.priority,
      tags: row.tags,
      projectId: row.projectId,
      dueDate: next.dueDate,
      dueTime: row.dueTime,
      recurrence: next.recurrence,
      position: row.position,
      remindAt:
        row.dueDate === null
          ? null
          : reminderOfNextOccurrence(userId, row.remindAt, row.dueDate, next.dueDate),
    })
    .returning(taskColumns);
  await copySubtasks(db, row.id, id);
  return created as TaskView;
}

/**
 * The next occurrence gets the completed one's live subtasks again, open, without due dates (ADR
 * 0048): a routine's checklist ("pack, water the plants") starts over with each occurrence. They
 * arrive on the live stream like any new task.
 */
async function copySubtasks(db: Database, fromId: string, toId: string): Promise<void> {
  await db.execute(sql`insert into "tasks" ("user_id", "title", "description", "priority", "tags", "parent_id", "position")
    select s.user_id, s.title, s.description, s.priority, s.tags, ${toId}, s.position
    from "tasks" as s where s.parent_id = ${fromId} and s.deleted_at is null`);
}

/** The caller's live task `id`, if any: the occurrence an earlier completion created. */
export async function liveOccurrence(
  db: Database,
  userId: string,
  id: string | null,
): Promise<TaskView | null> {
  if (id === null) return null;
  const [task] = await db
    .select(taskColumns)
    .from(tasks)
    .where(and(eq(tasks.userId, userId), eq(tasks.id, id), isNull(tasks.deletedAt)));
  return task ?? null;
}

/**
 * After several tasks were completed at once (`task.update {completed}`, `task.setCompletedMany`,
 * `task.setAllCompleted`): creates the next occurrence of each completed recurring one among `ids`
 * (all of the caller's when `ids` is "all") that has none yet. Runs inside the caller's
 * transaction; answers the occurrences created.
 */
export async function advanceCompletedSeries(
  db: Database,
  userId: string,
  ids: string[] | "all",
): Promise<TaskView[]> {
  if (ids !== "all" && ids.length === 0) return [];
  const rows: SeriesRow[] = await db
    .select(seriesColumns)
    .from(tasks)
    .where(
      and(
        eq(tasks.userId, userId),
        ids === "all" ? undefined : inArray(tasks.id, ids),
        isNull(tasks.deletedAt),
        eq(tasks.completed, true),
        isNotNull(tasks.recurrence),
        isNull(tasks.recurrenceNextId),
      ),
    )
    .for("update");
  const planned = rows.flatMap((row) => {
    const next = plannedNext(row);
    return next ? [{ row, next, id: randomUUID() }] : [];
  });
  await checkRoomFor(
    db,
    userId,
    planned.map(({ row }) => row.id),
  );
  const created: TaskView[] = [];
  for (const { row, next, id } of planned) {
    await db
      .update(tasks)
      .set({ recurrenceNextId: id })
      .where(and(eq(tasks.id, row.id), isNull(tasks.recurrenceNextId)));
    created.push(await insertNext(db, userId, row, next, id));
  }
  return created;
}
