import { randomUUID } from "node:crypto";
import { type Database, isCheckViolation, projectCounts, taskCounts, tasks, users } from "@doable/db";
import { DEFAULT_PRIORITY, TASK_INPUT_MESSAGES } from "@doable/domain";
import { TRPCError } from "@trpc/server";
import { and, desc, eq, inArray, isNotNull, isNull, notInArray, or, type SQL, sql } from "drizzle-orm";
import { inboxId, liveProjectId, projectExists } from "../project/project-columns";
import { projectNotFound } from "./project";
import { encodeCursor, resolvedOrder } from "../task/list-query";
import { updateMany } from "../task/bulk-update";
import { listRows } from "../task/list-page";
import { movedPosition } from "../task/move-position";
import { taskLimitError, taskLimitReached } from "../task/quota";
import { taskNotFound } from "../task/task-not-found";
import {
  advanceCompletedSeries,
  checkRoomFor,
  insertNext,
  liveOccurrence,
  plannedNext,
  seriesColumns,
} from "../task/recurrence";
import { reminderFollowingDue, upcomingReminders } from "../task/reminders";
import { checkParent, liveSubtasksOf, withSubtasks } from "../task/subtasks";
import { streamTaskChanges } from "../task/task-changes-stream";
import { taskColumns, trashColumns } from "../task/task-columns";
import { afterTrashCursor, encodeTrashCursor } from "../task/trash-query";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import {
  clearCompletedInput,
  createTaskInput,
  listTasksInput,
  moveTaskInput,
  setAllCompletedInput,
  setCompletedInput,
  setCompletedManyInput,
  statsInput,
  taskByIdInput,
  taskChangesInput,
  taskIdsInput,
  trashInput,
  remindersInput,
  updateManyInput,
  updateTaskInput,
} from "../validators/task";
import { fieldError } from "../field-errors";
import { versionConflict } from "../version-conflict";

/** The owner's clock at the request's moment: what overdue is measured against (ADR 0034). */
function ownerClock(ctx: { now(): Date; user: { timeZone: string } }): SQL {
  return sql`(${ctx.now().toISOString()}::timestamptz at time zone ${ctx.user.timeZone})`;
}

/** Keeps the first completion time when a completed task is completed again. */
function completionFields(completed: boolean, now: Date): { completed: boolean; completedAt: SQL | null } {
  return {
    completed,
    completedAt: completed ? sql`coalesce(${tasks.completedAt}, ${now.toISOString()}::timestamptz)` : null,
  };
}

/**
 * The caller's task `id`, if it is not in the trash: every procedure but the trash's own reads
 * and writes only these (a trashed task answers NOT_FOUND, like a missing one).
 */
function ownedTask(userId: string, id: string) {
  return and(eq(tasks.userId, userId), eq(tasks.id, id), isNull(tasks.deletedAt));
}

/** Every task of the caller that is not in the trash. */
function liveTasksOf(userId: string) {
  return and(eq(tasks.userId, userId), isNull(tasks.deletedAt));
}

/** The caller's trashed tasks among `ids`; other users' ids simply match nothing. */
function ownedTrash(userId: string, ids: string[]) {
  return and(eq(tasks.userId, userId), inArray(tasks.id, ids), isNotNull(tasks.deletedAt));
}

async function findOwnedTask(db: Database, userId: string, id: string) {
  const [task] = await db.select(taskColumns).from(tasks).where(ownedTask(userId, id));
  return task;
}

/**
 * A create whose id exists already: a retry of the caller's own create returns the task. If that
 * task has been moved to the trash since, the retry does not bring it back (it was deleted after
 * it was made) nor pretend it is live: CONFLICT, saying where it is. Any other owner's id (trashed
 * or not) gets the same answer as ever, revealing nothing.
 */
async function existingCreate(db: Database, userId: string, id: string) {
  const [found] = await db
    .select({ task: taskColumns, deletedAt: tasks.deletedAt })
    .from(tasks)
    .where(and(eq(tasks.userId, userId), eq(tasks.id, id)));
  if (found?.deletedAt) {
    throw new TRPCError({
      code: "CONFLICT",
      message: "This task is in the trash: restore it, or create it again with a new id",
    });
  }
  return found?.task;
}

/**
 * An update with `expectedVersion` that changed nothing: the task is missing, another user's or in
 * the trash (NOT_FOUND), or it has moved on from that version (CONFLICT with the task as it is).
 */
async function staleOrMissing(db: Database, userId: string, id: string, expectedVersion?: number) {
  if (expectedVersion === undefined) return taskNotFound();
  const current = await findOwnedTask(db, userId, id);
  return current ? versionConflict(current) : taskNotFound();
}

/** A project named in the input must be the caller's (and not deleted): NOT_FOUND otherwise. */
async function checkProject(db: Database, userId: string, projectId: string | undefined): Promise<void> {
  if (projectId !== undefined && !(await projectExists(db, userId, projectId))) throw projectNotFound();
}

/** Within one project, when given. */
function inProject(projectId: string | undefined): SQL | undefined {
  return projectId === undefined ? undefined : eq(tasks.projectId, projectId);
}

/** Only when the client names the version its change was made against. */
function atVersion(expectedVersion: number | undefined): SQL | undefined {
  return expectedVersion === undefined ? undefined : eq(tasks.version, expectedVersion);
}

export const taskRouter = createTRPCRouter({
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    await checkProject(ctx.db, ctx.user.id, input.projectId);
    const rows = await listRows(ctx, input);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > input.limit && last
        ? encodeCursor(input.sort, resolvedOrder(input), Object.values(last.cursor) as string[])
        : null;
    return { items: page.map((row) => withSubtasks(row.task, row.subtasks)), nextCursor };
  }),

  /** The task and its live subtasks in order (none for a subtask: they are one level deep). */
  byId: protectedProcedure.input(taskByIdInput).query(async ({ ctx, input }) => {
    const [task] = await ctx.db.select(taskColumns).from(tasks).where(ownedTask(ctx.user.id, input.id));
    if (!task) throw taskNotFound();
    const subtasks = task.parentId === null ? await liveSubtasksOf(ctx.db, ctx.user.id, task.id) : [];
    return { ...task, subtasks };
  }),

  create: protectedProcedure.input(createTaskInput).mutation(async ({ ctx, input }) => {
    if (input.parentId === undefined) await checkProject(ctx.db, ctx.user.id, input.projectId);
    // Creates racing past this check together can end a few over the limit: it bounds what one
    // account holds, it is not an exact quota (ADR 0016).
    if (await taskLimitReached(ctx.db, ctx.user.id)) {
      // A retry of a create that already succeeded still returns the original.
      const existing = input.id ? await existingCreate(ctx.db, ctx.user.id, input.id) : undefined;
      if (existing) return existing;
      throw taskLimitError();
    }
    const insert = (db: Database, position?: string) =>
      db
        .insert(tasks)
        .values({
          ...(input.id ? { id: input.id } : {}),
          userId: ctx.user.id,
          title: input.title,
          description: input.description ?? null,
          priority: input.priority ?? DEFAULT_PRIORITY,
          dueDate: input.dueDate ?? null,
          dueTime: input.dueTime ?? null,
          tags: input.tags ?? [],
          // A subtask's project is its parent's (a trigger sets it, migration 0012). Deleted
          // meanwhile: the subquery finds nothing and the task lands in the Inbox (a trigger).
          projectId: input.projectId ? liveProjectId(ctx.user.id, input.projectId) : inboxId(ctx.user.id),
          recurrence: input.recurrence ?? null,
          remindAt: input.remindAt ?? null,
          parentId: input.parentId ?? null,
          ...(position ? { position } : {}),
        })
        .onConflictDoNothing({ target: tasks.id })
        .returning(taskColumns);
    const { parentId } = input;
    const [created] =
      parentId === undefined
        ? await insert(ctx.db)
        : await ctx.db.transaction(async (tx) => {
            // A retry of this subtask's create answers it even when its parent is full by now.
            const existing = input.id ? await existingCreate(tx, ctx.user.id, input.id) : undefined;
            if (existing) return [existing];
            return insert(tx, await checkParent(tx, ctx.user.id, parentId));
          });
    if (created) return created;
    // The id exists: a retry of this user's own create returns the original.
    const existing = await existingCreate(ctx.db, ctx.user.id, input.id ?? "");
    if (existing) return existing;
    throw new TRPCError({ code: "CONFLICT", message: "This task id cannot be used; generate a new one" });
  }),

  update: protectedProcedure.input(updateTaskInput).mutation(async ({ ctx, input }) => {
    const { id, completed, expectedVersion, projectId, ...given } = input;
    await checkProject(ctx.db, ctx.user.id, projectId);
    // No due date means no due time either.
    const fields = given.dueDate === null ? { ...given, dueTime: null } : given;
    // A reminder left as it was moves with its due day and time.
    const reminder = fields.remindAt === undefined ? reminderFollowingDue(fields, ctx.user.timeZone) : {};
    // Moving to a project deleted meanwhile leaves the task where it was.
    const move =
      projectId === undefined
        ? {}
        : { projectId: sql`coalesce(${liveProjectId(ctx.user.id, projectId)}, ${tasks.projectId})` };
    const now = ctx.now();
    const completion = completed === undefined ? {} : completionFields(completed, now);
    const task = await ctx.db
      .transaction(async (tx) => {
        const [changed] = await tx
          .update(tasks)
          .set({ ...fields, ...reminder, ...move, ...completion, updatedAt: now })
          .where(and(ownedTask(ctx.user.id, id), atVersion(expectedVersion)))
          .returning(taskColumns);
        if (!changed || completed !== true) return changed;
        // Completed here rather than with task.setCompleted: the next occurrence all the same.
        const created = await advanceCompletedSeries(tx, ctx.user.id, [id]);
        if (created.length === 0) return changed;
        const [after] = await tx.select(taskColumns).from(tasks).where(eq(tasks.id, id));
        return after;
      })
      .catch(async (error: unknown) => {
        if (!isCheckViolation(error)) throw error;
        // A repeating task keeps a due date (tasks_recurrence_has_date), and only a top-level
        // task repeats (tasks_subtask_does_not_repeat): the task as it is says which was broken.
        const current = await findOwnedTask(ctx.db, ctx.user.id, id);
        const message = current?.parentId
          ? TASK_INPUT_MESSAGES.subtaskRepeats
          : TASK_INPUT_MESSAGES.recurrenceNeedsDate;
        throw fieldError("recurrence", message);
      });
    if (!task) throw await staleOrMissing(ctx.db, ctx.user.id, id, expectedVersion);
    return task;
  }),

  /**
   * Moves a task in the manual order (ADR 0046): one row is written, the moved task, and it reaches
   * every open client on the live stream like any change.
   */
  move: protectedProcedure.input(moveTaskInput).mutation(async ({ ctx, input }) => {
    const position = await movedPosition(ctx.db, ctx.user.id, input);
    const [task] = await ctx.db
      .update(tasks)
      .set({ position, updatedAt: ctx.now() })
      .where(ownedTask(ctx.user.id, input.id))
      .returning(taskColumns);
    if (!task) throw taskNotFound();
    return task;
  }),

  /**
   * Completes or reopens a task and answers `{ task, next }`: `next` is the next occurrence of a
   * recurring task that this completion created, or that an earlier completion of it did (another
   * device at the same moment, or before it was reopened), if it is still live; otherwise null.
   * The row is locked first, so of two completions at once exactly one creates it (ADR 0043).
   */
  setCompleted: protectedProcedure.input(setCompletedInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const userId = ctx.user.id;
    const answer = await ctx.db.transaction(async (tx) => {
      const [current] = await tx
        .select(seriesColumns)
        .from(tasks)
        .where(and(ownedTask(userId, input.id), atVersion(input.expectedVersion)))
        .for("update");
      if (!current) return null;
      const planned = input.completed ? plannedNext(current) : null;
      if (planned) await checkRoomFor(tx, userId, [current.id]);
      const nextId = planned ? randomUUID() : null;
      const [task] = await tx
        .update(tasks)
        .set({
          ...completionFields(input.completed, now),
          updatedAt: now,
          ...(nextId ? { recurrenceNextId: nextId } : {}),
        })
        .where(eq(tasks.id, current.id))
        .returning(taskColumns);
      if (!task) return null;
      if (planned && nextId) return { task, next: await insertNext(tx, userId, current, planned, nextId) };
      const next = input.completed ? await liveOccurrence(tx, userId, current.recurrenceNextId) : null;
      return { task, next };
    });
    if (!answer) throw await staleOrMissing(ctx.db, ctx.user.id, input.id, input.expectedVersion);
    return answer;
  }),

  /**
   * Marks every live task of the caller complete (or active) in one statement, and answers the ids
   * it changed, so a client can undo exactly this with `task.setCompletedMany`.
   */
  setAllCompleted: protectedProcedure.input(setAllCompletedInput).mutation(async ({ ctx, input }) => {
    await checkProject(ctx.db, ctx.user.id, input.projectId);
    const now = ctx.now();
    return ctx.db.transaction(async (tx) => {
      const changed = await tx
        .update(tasks)
        .set({ ...completionFields(input.completed, now), updatedAt: now })
        .where(
          and(liveTasksOf(ctx.user.id), inProject(input.projectId), eq(tasks.completed, !input.completed)),
        )
        .returning({ id: tasks.id });
      const ids = changed.map((row) => row.id);
      // The next occurrences of the recurring ones arrive on the live stream, like any new task.
      if (input.completed) await advanceCompletedSeries(tx, ctx.user.id, ids);
      return { ids };
    });
  }),

  /** Completes (or reopens) the caller's live tasks among `ids` and answers those it changed. */
  setCompletedMany: protectedProcedure.input(setCompletedManyInput).mutation(async ({ ctx, input }) => {
    if (input.ids.length === 0) return [];
    const now = ctx.now();
    return ctx.db.transaction(async (tx) => {
      const changed = await tx
        .update(tasks)
        .set({ ...completionFields(input.completed, now), updatedAt: now })
        .where(
          and(liveTasksOf(ctx.user.id), inArray(tasks.id, input.ids), eq(tasks.completed, !input.completed)),
        )
        .returning(taskColumns);
      if (!input.completed) return changed;
      const ids = changed.map((task) => task.id);
      if ((await advanceCompletedSeries(tx, ctx.user.id, ids)).length === 0) return changed;
      // Their versions moved on once more, recording the occurrence each one created.
      return tx.select(taskColumns).from(tasks).where(inArray(tasks.id, ids));
    });
  }),

  /** Moves the task to the trash (ADR 0029); `task.restore` brings it back. */
  delete: protectedProcedure.input(taskByIdInput).mutation(async ({ ctx, input }) => {
    const [deleted] = await ctx.db
      .update(tasks)
      .set({ deletedAt: ctx.now() })
      .where(ownedTask(ctx.user.id, input.id))
      .returning({ id: tasks.id });
    if (!deleted) throw taskNotFound();
    return deleted;
  }),

  /**
   * Moves the caller's live tasks among `ids` to the trash (bulk delete) and answers their ids, so
   * a client can undo exactly this with `task.restore`. Other people's ids match nothing.
   */
  deleteMany: protectedProcedure.input(taskIdsInput).mutation(async ({ ctx, input }) => {
    const trashed = await ctx.db
      .update(tasks)
      .set({ deletedAt: ctx.now() })
      .where(and(eq(tasks.userId, ctx.user.id), inArray(tasks.id, input.ids), isNull(tasks.deletedAt)))
      .returning({ id: tasks.id });
    return { ids: trashed.map((row) => row.id) };
  }),

  /**
   * Several tasks at once (bulk actions): to a project, tags added or taken off; answers the tasks
   * it changed. Another person's project is NOT_FOUND, as everywhere.
   */
  updateMany: protectedProcedure.input(updateManyInput).mutation(async ({ ctx, input }) => {
    await checkProject(ctx.db, ctx.user.id, input.projectId);
    return updateMany(ctx.db, ctx.user.id, input, ctx.now());
  }),

  /**
   * Moves every completed task (not already in the trash) to the trash, and answers their ids, so
   * a client can undo exactly this with `task.restore`.
   */
  clearCompleted: protectedProcedure.input(clearCompletedInput).mutation(async ({ ctx, input }) => {
    await checkProject(ctx.db, ctx.user.id, input?.projectId);
    const trashed = await ctx.db
      .update(tasks)
      .set({ deletedAt: ctx.now() })
      .where(
        and(
          eq(tasks.userId, ctx.user.id),
          inProject(input?.projectId),
          eq(tasks.completed, true),
          isNull(tasks.deletedAt),
        ),
      )
      .returning({ id: tasks.id });
    return { ids: trashed.map((row) => row.id) };
  }),

  /**
   * Takes the caller's tasks among `ids` out of the trash and answers them; the rest are ignored.
   * A task whose project has been deleted since comes back to the Inbox (ADR 0042). A subtask
   * brings its parent back with it, and a parent the subtasks that went to the trash with it (a
   * trigger, ADR 0048): the answer holds those too, parents first, so a client shows them at once.
   */
  restore: protectedProcedure.input(taskIdsInput).mutation(async ({ ctx, input }) => {
    if (input.ids.length === 0) return [];
    const userId = ctx.user.id;
    return ctx.db.transaction(async (tx) => {
      const parentsOfNamed = tx
        .select({ id: tasks.parentId })
        .from(tasks)
        .where(and(eq(tasks.userId, userId), inArray(tasks.id, input.ids), isNotNull(tasks.parentId)));
      // Locked first: a trash of one of them committing meanwhile is seen by the restore below,
      // which then brings it back too, never leaving a subtask live under a trashed task.
      await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.userId, userId), inArray(tasks.id, parentsOfNamed)))
        .for("update");
      const restored = await tx
        .update(tasks)
        .set({
          deletedAt: null,
          projectId: sql`coalesce(${liveProjectId(userId, sql`${tasks.projectId}`)}, ${inboxId(userId)})`,
        })
        .where(
          and(
            eq(tasks.userId, userId),
            isNotNull(tasks.deletedAt),
            or(inArray(tasks.id, input.ids), inArray(tasks.id, parentsOfNamed)),
          ),
        )
        .returning(taskColumns);
      const restoredIds = restored.map((task) => task.id);
      const parents = restored.filter((task) => task.parentId === null).map((task) => task.id);
      const followers =
        parents.length === 0
          ? []
          : await tx
              .select(taskColumns)
              .from(tasks)
              .where(
                and(
                  eq(tasks.userId, userId),
                  inArray(tasks.parentId, parents),
                  isNull(tasks.deletedAt),
                  notInArray(tasks.id, restoredIds),
                ),
              );
      return [...restored, ...followers].sort(
        (left, right) => Number(left.parentId !== null) - Number(right.parentId !== null),
      );
    });
  }),

  /**
   * The trash, most recently deleted first, keyset-paginated like `task.list`, with `total`: how
   * many tasks the whole trash holds (kept by the triggers), so "Empty trash" can say.
   */
  trash: protectedProcedure.input(trashInput).query(async ({ ctx, input }) => {
    const conditions: SQL[] = [eq(tasks.userId, ctx.user.id), isNotNull(tasks.deletedAt)];
    if (input.cursor) conditions.push(afterTrashCursor(input.cursor));
    const rows = await ctx.db
      .select(trashColumns)
      .from(tasks)
      .where(and(...conditions))
      .orderBy(desc(tasks.deletedAt), desc(tasks.id))
      .limit(input.limit + 1);
    const items = rows.slice(0, input.limit).map((row) => ({ ...row, deletedAt: row.deletedAt as Date }));
    const last = items.at(-1);
    const nextCursor = rows.length > input.limit && last ? encodeTrashCursor(last.deletedAt, last.id) : null;
    const [counts] = await ctx.db
      .select({ trashed: taskCounts.trashed })
      .from(taskCounts)
      .where(eq(taskCounts.userId, ctx.user.id));
    return { items, nextCursor, total: counts?.trashed ?? 0 };
  }),

  /** Deletes for good the caller's tasks among `ids` that are in the trash, and answers their ids. */
  deleteForever: protectedProcedure.input(taskIdsInput).mutation(async ({ ctx, input }) => {
    if (input.ids.length === 0) return { ids: [] };
    const deleted = await ctx.db
      .delete(tasks)
      .where(ownedTrash(ctx.user.id, input.ids))
      .returning({ id: tasks.id });
    return { ids: deleted.map((row) => row.id) };
  }),

  emptyTrash: protectedProcedure.mutation(async ({ ctx }) => {
    const deleted = await ctx.db
      .delete(tasks)
      .where(and(eq(tasks.userId, ctx.user.id), isNotNull(tasks.deletedAt)))
      .returning({ id: tasks.id });
    return { deleted: deleted.length };
  }),

  /** The caller's reminders still to come, soonest first (ADR 0049): what `doable due` lists. */
  reminders: protectedProcedure.input(remindersInput).query(async ({ ctx, input }) => ({
    items: await upcomingReminders(ctx.db, ctx.user.id, input.limit),
  })),

  /** Live changes (ADR 0027): server-sent events, resumable from the last event id. */
  onChange: protectedProcedure
    .input(taskChangesInput)
    .subscription(({ ctx, input, signal }) => streamTaskChanges(ctx, input?.lastEventId, signal)),

  /**
   * Every task's counts, or one project's: kept by triggers (`project_counts`), the overdue ones
   * counted along the project's open-by-due index (usually a handful of rows).
   */
  stats: protectedProcedure.input(statsInput).query(async ({ ctx, input }) => {
    if (input?.projectId) {
      await checkProject(ctx.db, ctx.user.id, input.projectId);
      return projectStats(ctx, input.projectId);
    }
    // One row kept by triggers, however many tasks: the overdue count was taken at a past moment,
    // so the tasks that fell due since then (usually none) are counted and added.
    const [stats] = await ctx.db
      .select({
        total: taskCounts.total,
        completed: taskCounts.completed,
        overdue: sql<number>`${taskCounts.overdue} + (select w.change from task_overdue_between(
          ${taskCounts.userId}, ${taskCounts.overdueAsOf}, ${ownerClock(ctx)}) as w)`.mapWith(Number),
      })
      .from(users)
      .leftJoin(taskCounts, eq(taskCounts.userId, users.id))
      .where(eq(users.id, ctx.user.id));
    const total = stats?.total ?? 0;
    const completed = stats?.completed ?? 0;
    return { total, active: total - completed, completed, overdue: stats?.overdue ?? 0 };
  }),
});

async function projectStats(
  ctx: { db: Database; now(): Date; user: { id: string; timeZone: string } },
  projectId: string,
) {
  const [counts] = await ctx.db
    .select({
      total: projectCounts.total,
      completed: projectCounts.completed,
      overdue: sql<number>`(select count(*) from ${tasks} where ${tasks.userId} = ${ctx.user.id}
        and ${tasks.projectId} = ${projectId} and not ${tasks.completed} and ${tasks.deletedAt} is null
        and coalesce(${tasks.deadline}, 'infinity'::timestamp) < ${ownerClock(ctx)})`.mapWith(Number),
    })
    .from(projectCounts)
    .where(eq(projectCounts.projectId, projectId));
  const total = counts?.total ?? 0;
  const completed = counts?.completed ?? 0;
  return { total, active: total - completed, completed, overdue: counts?.overdue ?? 0 };
}
