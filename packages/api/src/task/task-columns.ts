import { tasks } from "@doable/db";
import type { ClockTime } from "@doable/domain";
import { sql } from "drizzle-orm";

/** Everything about a task except its owner, which the caller already is: what every procedure answers. */
export const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  description: tasks.description,
  completed: tasks.completed,
  completedAt: tasks.completedAt,
  priority: tasks.priority,
  dueDate: tasks.dueDate,
  /** `HH:MM`: the column is a time of day to the second, and seconds are never set. */
  dueTime: sql<ClockTime | null>`to_char(${tasks.dueTime}, 'HH24:MI')`,
  tags: tasks.tags,
  /** The project it is in (docs/decisions/0042): the owner's Inbox unless put elsewhere. */
  projectId: tasks.projectId,
  /** An RRULE (`FREQ=WEEKLY;BYDAY=FR`), or null: docs/decisions/0043. */
  recurrence: tasks.recurrence,
  /** The task it is a subtask of (docs/decisions/0048), or null for a top-level task. */
  parentId: tasks.parentId,
  /** When the owner is reminded of it (docs/decisions/0049), or null. */
  remindAt: tasks.remindAt,
  /** Its place in the manual order (docs/decisions/0046): a key compared byte by byte. */
  position: tasks.position,
  version: tasks.version,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

/**
 * A task in the trash: what every procedure answers, when it was moved there, and for a subtask
 * the title of its task (in the trash or not), so the trash can say whose subtask it is.
 */
export const trashColumns = {
  ...taskColumns,
  deletedAt: tasks.deletedAt,
  // The outer row's columns qualified by the table's name: Drizzle leaves a lone table's unqualified.
  parentTitle: sql<string | null>`(select parent_task.title from ${tasks} parent_task
    where parent_task.id = ${tasks}.parent_id and parent_task.user_id = ${tasks}.user_id)`,
};
