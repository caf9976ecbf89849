import { type Database, taskCounts, taskTags, tasks, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { and, eq, type SQL, sql } from "drizzle-orm";
import {
  cursorColumns,
  encodeCursor,
  listConditions,
  listOrderBy,
  resolvedOrder,
  tagJoin,
} from "../task/list-query";
import { taskLimitError, taskLimitReached } from "../task/quota";
import { streamTaskChanges } from "../task/task-changes-stream";
import { taskColumns } from "../task/task-columns";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import {
  createTaskInput,
  listTasksInput,
  setCompletedInput,
  taskByIdInput,
  taskChangesInput,
  updateTaskInput,
} from "../validators/task";

/** Another user's task answers exactly like a missing one: existence is not revealed. */
function taskNotFound(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: "Task not found" });
}

/** Keeps the first completion time when a completed task is completed again. */
function completionFields(completed: boolean, now: Date): { completed: boolean; completedAt: SQL | null } {
  return {
    completed,
    completedAt: completed ? sql`coalesce(${tasks.completedAt}, ${now.toISOString()}::timestamptz)` : null,
  };
}

function ownedTask(userId: string, id: string) {
  return and(eq(tasks.userId, userId), eq(tasks.id, id));
}

async function findOwnedTask(db: Database, userId: string, id: string) {
  const [task] = await db.select(taskColumns).from(tasks).where(ownedTask(userId, id));
  return task;
}

export const taskRouter = createTRPCRouter({
  list: protectedProcedure.input(listTasksInput).query(async ({ ctx, input }) => {
    const query = ctx.db
      .select({ task: taskColumns, cursor: cursorColumns(input) })
      .from(tasks)
      .$dynamic();
    const join = tagJoin(ctx.user.id, input);
    const rows = await (join ? query.innerJoin(taskTags, join) : query)
      .where(and(...listConditions(ctx.user.id, input, ctx.now())))
      .orderBy(...listOrderBy(input))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > input.limit && last
        ? encodeCursor(input.sort, resolvedOrder(input), Object.values(last.cursor) as string[])
        : null;
    return { items: page.map((row) => row.task), nextCursor };
  }),

  byId: protectedProcedure.input(taskByIdInput).query(async ({ ctx, input }) => {
    const [task] = await ctx.db.select(taskColumns).from(tasks).where(ownedTask(ctx.user.id, input.id));
    if (!task) throw taskNotFound();
    return task;
  }),

  create: protectedProcedure.input(createTaskInput).mutation(async ({ ctx, input }) => {
    // Creates racing past this check together can end a few over the limit: it bounds what one
    // account holds, it is not an exact quota (ADR 0016).
    if (await taskLimitReached(ctx.db, ctx.user.id)) {
      // A retry of a create that already succeeded still returns the original.
      const existing = input.id ? await findOwnedTask(ctx.db, ctx.user.id, input.id) : undefined;
      if (existing) return existing;
      throw taskLimitError();
    }
    const [created] = await ctx.db
      .insert(tasks)
      .values({
        ...(input.id ? { id: input.id } : {}),
        userId: ctx.user.id,
        title: input.title,
        description: input.description ?? null,
        priority: input.priority ?? "medium",
        dueAt: input.dueAt ?? null,
        tags: input.tags ?? [],
      })
      .onConflictDoNothing({ target: tasks.id })
      .returning(taskColumns);
    if (created) return created;
    // The id exists: a retry of this user's own create returns the original.
    const existing = await findOwnedTask(ctx.db, ctx.user.id, input.id ?? "");
    if (existing) return existing;
    throw new TRPCError({ code: "CONFLICT", message: "This task id cannot be used; generate a new one" });
  }),

  update: protectedProcedure.input(updateTaskInput).mutation(async ({ ctx, input }) => {
    const { id, completed, ...fields } = input;
    const now = ctx.now();
    const completion = completed === undefined ? {} : completionFields(completed, now);
    const [task] = await ctx.db
      .update(tasks)
      .set({ ...fields, ...completion, updatedAt: now })
      .where(ownedTask(ctx.user.id, id))
      .returning(taskColumns);
    if (!task) throw taskNotFound();
    return task;
  }),

  setCompleted: protectedProcedure.input(setCompletedInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    const [task] = await ctx.db
      .update(tasks)
      .set({ ...completionFields(input.completed, now), updatedAt: now })
      .where(ownedTask(ctx.user.id, input.id))
      .returning(taskColumns);
    if (!task) throw taskNotFound();
    return task;
  }),

  delete: protectedProcedure.input(taskByIdInput).mutation(async ({ ctx, input }) => {
    const [deleted] = await ctx.db
      .delete(tasks)
      .where(ownedTask(ctx.user.id, input.id))
      .returning({ id: tasks.id });
    if (!deleted) throw taskNotFound();
    return deleted;
  }),

  clearCompleted: protectedProcedure.mutation(async ({ ctx }) => {
    const deleted = await ctx.db
      .delete(tasks)
      .where(and(eq(tasks.userId, ctx.user.id), eq(tasks.completed, true)))
      .returning({ id: tasks.id });
    return { deleted: deleted.length };
  }),

  /** Live changes (ADR 0027): server-sent events, resumable from the last event id. */
  onChange: protectedProcedure
    .input(taskChangesInput)
    .subscription(({ ctx, input, signal }) => streamTaskChanges(ctx, input?.lastEventId, signal)),

  stats: protectedProcedure.query(async ({ ctx }) => {
    // One row kept by triggers, however many tasks: the overdue count was taken at a past moment,
    // so the tasks that fell due since then (usually none) are counted and added.
    const [stats] = await ctx.db
      .select({
        total: taskCounts.total,
        completed: taskCounts.completed,
        overdue: sql<number>`${taskCounts.overdue} + (select w.change from task_overdue_between(
          ${taskCounts.userId}, ${taskCounts.overdueAsOf}, ${ctx.now().toISOString()}::timestamptz) as w)`.mapWith(
          Number,
        ),
      })
      .from(users)
      .leftJoin(taskCounts, eq(taskCounts.userId, users.id))
      .where(eq(users.id, ctx.user.id));
    const total = stats?.total ?? 0;
    const completed = stats?.completed ?? 0;
    return { total, active: total - completed, completed, overdue: stats?.overdue ?? 0 };
  }),
});
