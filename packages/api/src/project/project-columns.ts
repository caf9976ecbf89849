import { type Database, type Project, projectCounts, projects } from "@doable/db";
import { and, asc, desc, eq, isNull, type SQL, sql } from "drizzle-orm";

/**
 * A project as every procedure answers it (docs/decisions/0042): everything but its owner (the
 * caller) and `deletedAt` (a deleted project is answered by nothing but `project.restore`), with
 * its live task counts.
 */
export type ProjectView = Omit<Project, "userId" | "deletedAt"> & {
  /** Live tasks in it, completed or not (the trash excluded). */
  taskCount: number;
  /** Live tasks in it not yet completed: the sidebar's number. */
  openCount: number;
};

const projectFields = {
  id: projects.id,
  name: projects.name,
  color: projects.color,
  isInbox: projects.isInbox,
  archived: projects.archived,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
};

/** The project's columns and its counts' (null without a counts row: nothing in it yet). */
export const projectRowColumns = {
  project: projectFields,
  total: projectCounts.total,
  completed: projectCounts.completed,
};

export function projectView(row: {
  project: Omit<ProjectView, "taskCount" | "openCount">;
  total: number | null;
  completed: number | null;
}): ProjectView {
  const total = row.total ?? 0;
  return { ...row.project, taskCount: total, openCount: total - (row.completed ?? 0) };
}

/** The caller's project `id` unless it is deleted: what every procedure but `restore` acts on. */
export function ownedProject(userId: string, id: string) {
  return and(eq(projects.userId, userId), eq(projects.id, id), isNull(projects.deletedAt));
}

/** The Inbox first, then by name (ignoring case): how every client lists them. */
export const projectOrder = [desc(projects.isInbox), asc(sql`lower(${projects.name})`), asc(projects.id)];

export async function readProjects(db: Database, userId: string, id?: string): Promise<ProjectView[]> {
  const rows = await db
    .select(projectRowColumns)
    .from(projects)
    .leftJoin(projectCounts, eq(projectCounts.projectId, projects.id))
    .where(id ? ownedProject(userId, id) : and(eq(projects.userId, userId), isNull(projects.deletedAt)))
    .orderBy(...projectOrder);
  return rows.map(projectView);
}

/** Whether `id` is the caller's project and not deleted (archived ones count): NOT_FOUND otherwise. */
export async function projectExists(db: Database, userId: string, id: string): Promise<boolean> {
  const [found] = await db.select({ id: projects.id }).from(projects).where(ownedProject(userId, id));
  return found !== undefined;
}

/**
 * The caller's live project `id`, as a value inside a write: null when it is gone (deleted in the
 * meantime), which a task insert turns into the Inbox (the trigger) and an update into "stay put".
 */
export function liveProjectId(userId: string, id: string | SQL) {
  return sql`(select p.id from projects p where p.id = ${id} and p.user_id = ${userId} and p.deleted_at is null)`;
}

/** The caller's Inbox id, as a value inside a write. */
export function inboxId(userId: string) {
  return sql`(select p.id from projects p where p.user_id = ${userId} and p.is_inbox)`;
}
