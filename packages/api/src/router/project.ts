import { type Database, isUniqueViolation, projects, tasks } from "@doable/db";
import { PROJECT_NAME_MAX_LENGTH, PROJECTS_PER_USER_MAX } from "@doable/domain";
import { TRPCError } from "@trpc/server";
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { ownedProject, type ProjectView, readProjects } from "../project/project-columns";
import { taskColumns } from "../task/task-columns";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import { createProjectInput, projectByIdInput, updateProjectInput } from "../validators/project";

/** Another user's project answers exactly like a missing one: existence is not revealed. */
export function projectNotFound(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: "Project not found" });
}

function nameTaken(name: string): TRPCError {
  return new TRPCError({ code: "CONFLICT", message: `You already have a project named “${name}”` });
}

function sameName(name: string) {
  return sql`lower(${projects.name}) = lower(${name})`;
}

function inboxStays(what: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message: `The Inbox cannot be ${what}` });
}

/** Projects the user holds, archived ones and the Inbox included (deleted ones wait in the trash). */
async function projectLimitReached(db: Database, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ count: count() })
    .from(projects)
    .where(and(eq(projects.userId, userId), isNull(projects.deletedAt)));
  return (row?.count ?? 0) >= PROJECTS_PER_USER_MAX;
}

function projectLimitError(): TRPCError {
  return new TRPCError({
    code: "BAD_REQUEST",
    message: `You have reached the limit of ${PROJECTS_PER_USER_MAX} projects. Delete one you no longer need to add another.`,
  });
}

async function answer(db: Database, userId: string, id: string): Promise<ProjectView> {
  const [project] = await readProjects(db, userId, id);
  if (!project) throw projectNotFound();
  return project;
}

/** A name free among the user's projects for a restored one whose name was taken meanwhile. */
function restoredName(name: string, attempt: number): string {
  const suffix = attempt === 1 ? " (restored)" : ` (restored ${attempt})`;
  return `${name.slice(0, PROJECT_NAME_MAX_LENGTH - suffix.length).trimEnd()}${suffix}`;
}

export const projectRouter = createTRPCRouter({
  /** The caller's projects, archived ones too (`archived` says), the Inbox first, then by name. */
  list: protectedProcedure.query(({ ctx }) => readProjects(ctx.db, ctx.user.id)),

  create: protectedProcedure.input(createProjectInput).mutation(async ({ ctx, input }) => {
    // Creates racing past this check together can end a few over: a bound, not an exact quota (ADR 0016).
    if (await projectLimitReached(ctx.db, ctx.user.id)) throw projectLimitError();
    try {
      const [created] = await ctx.db
        .insert(projects)
        .values({ userId: ctx.user.id, name: input.name, ...(input.color ? { color: input.color } : {}) })
        .returning({ id: projects.id });
      return await answer(ctx.db, ctx.user.id, created?.id ?? "");
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(input.name);
      throw error;
    }
  }),

  /** Renames, recolours, archives or unarchives; the Inbox takes a colour only. */
  update: protectedProcedure.input(updateProjectInput).mutation(async ({ ctx, input }) => {
    const { id, ...fields } = input;
    const [current] = await ctx.db
      .select({ isInbox: projects.isInbox, name: projects.name })
      .from(projects)
      .where(ownedProject(ctx.user.id, id));
    if (!current) throw projectNotFound();
    if (current.isInbox && fields.name !== undefined && fields.name !== current.name) {
      throw inboxStays("renamed");
    }
    if (current.isInbox && fields.archived) throw inboxStays("archived");
    if (Object.keys(fields).length === 0) return answer(ctx.db, ctx.user.id, id);
    try {
      const [updated] = await ctx.db
        .update(projects)
        .set({ ...fields, updatedAt: ctx.now() })
        .where(and(ownedProject(ctx.user.id, id), eq(projects.isInbox, current.isInbox)))
        .returning({ id: projects.id });
      if (!updated) throw projectNotFound();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(fields.name ?? "");
      throw error;
    }
    return answer(ctx.db, ctx.user.id, id);
  }),

  /**
   * Moves the project and every live task in it to the trash in one transaction, all at one
   * moment, and answers the ids of those tasks. `project.restore` (Undo) brings back the project
   * and exactly those tasks. The Inbox cannot be deleted.
   */
  delete: protectedProcedure.input(projectByIdInput).mutation(async ({ ctx, input }) => {
    const now = ctx.now();
    return ctx.db.transaction(async (tx) => {
      const [project] = await tx
        .select({ isInbox: projects.isInbox })
        .from(projects)
        .where(ownedProject(ctx.user.id, input.id))
        .for("update");
      if (!project) throw projectNotFound();
      if (project.isInbox) throw inboxStays("deleted");
      await tx.update(projects).set({ deletedAt: now, updatedAt: now }).where(eq(projects.id, input.id));
      const trashed = await tx
        .update(tasks)
        .set({ deletedAt: now })
        .where(and(eq(tasks.userId, ctx.user.id), eq(tasks.projectId, input.id), isNull(tasks.deletedAt)))
        .returning({ id: tasks.id });
      return { id: input.id, taskIds: trashed.map((row) => row.id) };
    });
  }),

  /**
   * Undoes `project.delete`: the project comes back (renamed "<name> (restored)" if its name was
   * taken meanwhile) with the tasks that went to the trash with it and are still there.
   */
  restore: protectedProcedure.input(projectByIdInput).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction(async (tx) => {
      const [project] = await tx
        .select({ name: projects.name, deletedAt: projects.deletedAt })
        .from(projects)
        .where(and(eq(projects.userId, ctx.user.id), eq(projects.id, input.id)))
        .for("update");
      if (!project) throw projectNotFound();
      if (project.deletedAt === null) {
        return { project: await answer(tx, ctx.user.id, input.id), tasks: [] };
      }
      if (await projectLimitReached(tx, ctx.user.id)) throw projectLimitError();
      let name = project.name;
      for (let attempt = 1; ; attempt += 1) {
        const [taken] = await tx
          .select({ id: projects.id })
          .from(projects)
          .where(and(eq(projects.userId, ctx.user.id), isNull(projects.deletedAt), sameName(name)));
        if (!taken) break;
        name = restoredName(project.name, attempt);
      }
      await tx
        .update(projects)
        .set({ deletedAt: null, name, updatedAt: ctx.now() })
        .where(eq(projects.id, input.id));
      const restored = await tx
        .update(tasks)
        .set({ deletedAt: null })
        .where(
          and(
            eq(tasks.userId, ctx.user.id),
            eq(tasks.projectId, input.id),
            eq(tasks.deletedAt, project.deletedAt),
          ),
        )
        .returning(taskColumns);
      return { project: await answer(tx, ctx.user.id, input.id), tasks: restored };
    });
  }),
});
