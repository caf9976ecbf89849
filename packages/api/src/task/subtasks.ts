import { type Database, tasks } from "@doable/db";
import {
  type ClockTime,
  type Priority,
  positionBetween,
  SUBTASKS_PER_TASK_MAX,
  TASK_INPUT_MESSAGES,
} from "@doable/domain";
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { fieldError } from "../field-errors";
import { taskColumns } from "./task-columns";
import type { TaskView } from "./task-events";
import { taskNotFound } from "./task-not-found";

/**
 * Subtasks (docs/decisions/0048): one level of tasks under a task. A subtask is an ordinary task
 * row with `parent_id` set; lists show top-level tasks, each carrying its live subtasks in their
 * manual order, so a client shows progress ("2/5") and the checklist without asking again.
 */

/** A listed task: what every procedure answers, and its live subtasks in order. */
export type TaskWithSubtasks = TaskView & { subtasks: TaskView[] };

/** A subtask as `json_build_object` spells it: timestamps are ISO strings until read back. */
interface SubtaskJson extends Omit<TaskView, "completedAt" | "remindAt" | "createdAt" | "updatedAt"> {
  completedAt: string | null;
  remindAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The live subtasks of each row of `tasks`, as one JSON array read in the row's own statement: a
 * lookup in `tasks_parent_idx`, which holds only subtasks, so a task without any costs one probe
 * of a small index and no round trip. The keys are `taskColumns`' own, in the same forms.
 */
export const subtasksJson: SQL<SubtaskJson[]> = sql<SubtaskJson[]>`coalesce((
  select json_agg(json_build_object(
    'id', s.id, 'title', s.title, 'description', s.description, 'completed', s.completed,
    'completedAt', s.completed_at, 'priority', s.priority, 'dueDate', s.due_date,
    'dueTime', to_char(s.due_time, 'HH24:MI'), 'tags', s.tags, 'projectId', s.project_id,
    'recurrence', s.recurrence, 'remindAt', s.remind_at, 'parentId', s.parent_id, 'position', s.position,
    'version', s.version, 'createdAt', s.created_at, 'updatedAt', s.updated_at
  ) order by s.position, s.id)
  from "tasks" as s where s.parent_id = "tasks"."id" and s.user_id = "tasks"."user_id"
    and s.deleted_at is null), '[]'::json)`;

function fromJson(subtask: SubtaskJson): TaskView {
  return {
    ...subtask,
    priority: subtask.priority as Priority,
    dueTime: subtask.dueTime as ClockTime | null,
    completedAt: subtask.completedAt === null ? null : new Date(subtask.completedAt),
    remindAt: subtask.remindAt === null ? null : new Date(subtask.remindAt),
    createdAt: new Date(subtask.createdAt),
    updatedAt: new Date(subtask.updatedAt),
  };
}

/** A row read with `subtasksJson`, its subtasks as every procedure answers a task. */
export function withSubtasks(task: TaskView, subtasks: SubtaskJson[]): TaskWithSubtasks {
  return { ...task, subtasks: subtasks.map(fromJson) };
}

/** The caller's live subtasks of `parentId`, in order. */
export function liveSubtasksOf(db: Database, userId: string, parentId: string): Promise<TaskView[]> {
  return db
    .select(taskColumns)
    .from(tasks)
    .where(and(eq(tasks.userId, userId), eq(tasks.parentId, parentId), isNull(tasks.deletedAt)))
    .orderBy(asc(tasks.position), asc(tasks.id));
}

/**
 * Checks, inside the create's transaction, that `parentId` may take one more subtask: the caller's
 * live task (NOT_FOUND otherwise, as for any id not theirs), itself top-level, with room left.
 * Answers the new subtask's place: after the last one, as a checklist grows downwards. The
 * parent's row is locked until the create commits, so it cannot go to the trash in between and
 * leave the new subtask live under a trashed parent.
 */
export async function checkParent(db: Database, userId: string, parentId: string): Promise<string> {
  const [parent] = await db
    .select({ parentId: tasks.parentId })
    .from(tasks)
    .where(and(eq(tasks.userId, userId), eq(tasks.id, parentId), isNull(tasks.deletedAt)))
    // Not only shared: two creates at once take turns, so the count below stays a true bound.
    .for("no key update");
  if (!parent) throw taskNotFound();
  if (parent.parentId !== null) throw fieldError("parentId", TASK_INPUT_MESSAGES.subtaskOfSubtask);
  const [siblings] = await db
    .select({
      count: sql<number>`count(*)`.mapWith(Number),
      last: sql<string | null>`max(${tasks.position} collate "C")`,
    })
    .from(tasks)
    .where(and(eq(tasks.parentId, parentId), isNull(tasks.deletedAt)));
  if ((siblings?.count ?? 0) >= SUBTASKS_PER_TASK_MAX) {
    throw fieldError("parentId", TASK_INPUT_MESSAGES.tooManySubtasks);
  }
  return positionBetween(siblings?.last ?? null, null);
}
