import { type Database, projectCounts, projects, type Task, taskEvents, tasks } from "@doable/db";
import type { ClockTime } from "@doable/domain";
import { and, eq, gt, inArray, isNull, max, sql } from "drizzle-orm";
import { type ProjectView, projectRowColumns, projectView } from "../project/project-columns";
import { subtasksJson, withSubtasks } from "./subtasks";
import { taskColumns } from "./task-columns";

/**
 * A task as every procedure answers it (`taskColumns`): everything but its owner, who is the
 * caller, its `deletedAt` (only the trash, whose items are all trashed, answers that) and its
 * `deadline` (derived from the due day and time); the due time as `HH:MM`.
 */
export type TaskView = Omit<Task, "userId" | "deletedAt" | "deadline" | "dueTime" | "recurrenceNextId"> & {
  dueTime: ClockTime | null;
};

/**
 * What a client applies to its copy of the lists: a task as it is now, or the id of one gone; or a
 * project as it is now, null when it is gone (deleted), per docs/decisions/0042.
 */
export type TaskChange =
  /** A task with live subtasks comes with them (ADR 0048), as a list answers it. */
  | { type: "upsert"; task: TaskView & { subtasks?: TaskView[] } }
  | { type: "remove"; id: string }
  | { type: "project"; id: string; project: ProjectView | null }
  /**
   * The task's reminder fired (ADR 0049): a client shows it (a browser notification) and leaves its
   * copy of the task as it is. Only for a task still live; sent once, as it fired.
   */
  | { type: "reminder"; task: TaskView };

export interface NumberedTaskChange {
  /** The id of the last event this change covers: where a client resumes from. */
  eventId: number;
  change: TaskChange;
}

/** Changes read at once; a stream reads again at once when a page comes back full. */
export const TASK_CHANGES_PAGE_SIZE = 200;

/**
 * The changes to `userId`'s tasks after event `afterEventId`, oldest first, one per task: several
 * events for one task become one change carrying the task as it is now (or its removal, when it is
 * gone or in the trash), numbered by the last of them. Reading the current row, not a copy kept
 * with the event, means a client never applies an old state over a newer one it already has.
 */
export async function readTaskChanges(
  db: Database,
  userId: string,
  afterEventId: number,
): Promise<NumberedTaskChange[]> {
  const latest = db
    .select({
      taskId: taskEvents.taskId,
      kind: taskEvents.kind,
      eventId: max(taskEvents.id).as("event_id"),
    })
    .from(taskEvents)
    .where(and(eq(taskEvents.userId, userId), gt(taskEvents.id, afterEventId)))
    .groupBy(taskEvents.taskId, taskEvents.kind)
    .as("latest");
  const rows = await db
    .select({
      eventId: latest.eventId,
      taskId: latest.taskId,
      kind: latest.kind,
      task: taskColumns,
      subtasks: subtasksJson,
      ...projectRowColumns,
    })
    .from(latest)
    // A task in the trash reads as removed, like one deleted for good; restoring it is an upsert.
    .leftJoin(
      tasks,
      and(
        inArray(latest.kind, ["task", "reminder"]),
        eq(tasks.id, latest.taskId),
        eq(tasks.userId, userId),
        isNull(tasks.deletedAt),
      ),
    )
    // A deleted project reads as gone (null), like one deleted for good.
    .leftJoin(
      projects,
      and(
        eq(latest.kind, "project"),
        eq(projects.id, latest.taskId),
        eq(projects.userId, userId),
        isNull(projects.deletedAt),
      ),
    )
    .leftJoin(projectCounts, eq(projectCounts.projectId, projects.id))
    // The reminder of a task trashed, deleted or completed since it fired: nothing to show. Left
    // out here, before the limit, so a full page still means there may be more to read.
    .where(sql`not (${latest.kind} = 'reminder' and (${tasks.id} is null or ${tasks.completed}))`)
    .orderBy(sql`${latest.eventId}`)
    .limit(TASK_CHANGES_PAGE_SIZE);
  return rows.map(
    ({ eventId, taskId, kind, task, subtasks, project, total, completed }): NumberedTaskChange => {
      // A reminder's task is live and open (the query leaves out the others).
      if (kind === "reminder" && task !== null) {
        return { eventId: Number(eventId), change: { type: "reminder", task } };
      }
      if (kind === "project") {
        return {
          eventId: Number(eventId),
          change: {
            type: "project",
            id: taskId,
            project: project === null ? null : projectView({ project, total, completed }),
          },
        };
      }
      return {
        eventId: Number(eventId),
        change:
          task === null
            ? { type: "remove", id: taskId }
            : // A subtask's events come before its parent's when the parent brings it back (a trigger):
              // a parent carries its subtasks, so a client that did not hold it still shows them.
              { type: "upsert", task: subtasks.length > 0 ? withSubtasks(task, subtasks) : task },
      };
    },
  );
}

/** The newest event of `userId`, or 0: where a stream that resumes from nothing starts. */
export async function latestTaskEventId(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ id: max(taskEvents.id) })
    .from(taskEvents)
    .where(eq(taskEvents.userId, userId));
  return Number(row?.id ?? 0);
}
