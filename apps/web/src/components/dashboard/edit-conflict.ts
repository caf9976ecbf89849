import { deepEqual } from "~/lib/keep-unchanged-tasks";
import type { Task, TaskChanges } from "./types";

/** The fields a person edits in the task editor. */
export const EDITABLE_FIELDS = [
  "title",
  "description",
  "priority",
  "dueDate",
  "dueTime",
  "tags",
  "recurrence",
  /** Moved by the server when the due time moves elsewhere (ADR 0049): a reminder set here must not silently land on it. */
  "remindAt",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** One field both sides changed, to different values. */
export interface FieldConflict {
  field: EditableField;
  mine: Task[EditableField];
  theirs: Task[EditableField];
}

/**
 * What an edit made from `base` and the task as it is now (`current`, changed elsewhere since)
 * disagree on: the fields this edit changes that were also changed elsewhere, to something else.
 * None means the two edits touch different fields (or agree), and this one can simply be sent
 * again on top of the current version: nothing is overwritten.
 */
export function conflictsOf(base: Task, changes: TaskChanges, current: Task): FieldConflict[] {
  const conflicts: FieldConflict[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (!(field in changes) || changes[field] === undefined) continue;
    const mine = changes[field] as Task[EditableField];
    const theirs = current[field];
    const changedElsewhere = !deepEqual(base[field], theirs);
    if (changedElsewhere && !deepEqual(mine, theirs)) conflicts.push({ field, mine, theirs });
  }
  return conflicts;
}
