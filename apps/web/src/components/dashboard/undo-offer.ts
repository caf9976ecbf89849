/**
 * What "Undo" offers after a write (ADR 0032, 0047): after a delete or a clear, exactly what went
 * to the trash; after marking all or a bulk action, exactly the tasks that changed, put back as
 * they were. Pure, and loaded with the first answer that may offer it (use-task-writes.ts): no
 * part of the dashboard's first load.
 */
import type { TaskWrite } from "./task-write";
import type { Task } from "./types";

/** What "Undo" sends: the trashed tasks back, the earlier completion, the earlier projects or tags. */
export type UndoWrite = Extract<
  TaskWrite,
  { kind: "restore" } | { kind: "setCompletedMany" } | { kind: "updateMany" }
>;

/** What "Undo" sends, and what the toast says. */
export interface UndoOffer {
  message: string;
  writes: UndoWrite[];
}

function tasksCount(count: number): string {
  return `${count} ${count === 1 ? "task" : "tasks"}`;
}

/** Back from the trash: the tasks `ids` the answer named, shown at once as they were. */
function restoreOf(ids: string[], shown: readonly Task[]): UndoWrite {
  const trashed = new Set(ids);
  return { kind: "restore", input: { ids }, tasks: shown.filter((task) => trashed.has(task.id)) };
}

/** Undo of a bulk move or tag: each task back to its project, the added tag off the ones that lacked it. */
export function undoOfUpdateMany(
  write: Extract<TaskWrite, { kind: "updateMany" }>,
  changed: readonly Task[],
): UndoWrite[] {
  const before = new Map((write.before ?? []).map((task) => [task.id, task]));
  const ids = changed.map((task) => task.id).filter((id) => before.has(id));
  const { projectId, addTags } = write.input;
  if (projectId) {
    const byProject = new Map<string, string[]>();
    for (const id of ids) {
      const earlier = before.get(id)?.projectId ?? "";
      byProject.set(earlier, [...(byProject.get(earlier) ?? []), id]);
    }
    return [...byProject].map(([earlier, group]) => ({
      kind: "updateMany",
      input: { ids: group, projectId: earlier },
      before: null,
    }));
  }
  return ids.length > 0 && addTags
    ? [{ kind: "updateMany", input: { ids, removeTags: addTags }, before: null }]
    : [];
}

/** The Undo `write`'s answer allows, or null when there is nothing to take back. */
export function undoOffer(write: TaskWrite, answer: unknown): UndoOffer | null {
  switch (write.kind) {
    case "delete": {
      const title = write.task?.title;
      return {
        message: title ? `“${title}” moved to the trash.` : "Task moved to the trash.",
        writes: [restoreOf([write.input.id], write.task ? [write.task] : [])],
      };
    }
    case "clearCompleted": {
      const { ids } = answer as { ids: string[] };
      if (ids.length === 0) return null;
      return {
        message: `${ids.length} completed ${ids.length === 1 ? "task" : "tasks"} moved to the trash.`,
        writes: [restoreOf(ids, write.tasks)],
      };
    }
    case "deleteMany": {
      const { ids } = answer as { ids: string[] };
      if (ids.length === 0) return null;
      return {
        message: `${tasksCount(ids.length)} moved to the trash.`,
        writes: [restoreOf(ids, write.tasks)],
      };
    }
    case "setAllCompleted": {
      const { ids } = answer as { ids: string[] };
      if (ids.length === 0) return null;
      const { completed } = write.input;
      return {
        message: `${tasksCount(ids.length)} marked ${completed ? "complete" : "active"}.`,
        writes: [{ kind: "setCompletedMany", input: { ids, completed: !completed } }],
      };
    }
    case "setCompletedMany": {
      const changed = answer as Task[];
      if (!write.undoable || changed.length === 0) return null;
      const { completed } = write.input;
      return {
        message: `${tasksCount(changed.length)} marked ${completed ? "complete" : "active"}.`,
        writes: [
          { kind: "setCompletedMany", input: { ids: changed.map((task) => task.id), completed: !completed } },
        ],
      };
    }
    case "updateMany": {
      const changed = answer as Task[];
      const writes = write.before ? undoOfUpdateMany(write, changed) : [];
      if (writes.length === 0) return null;
      const what = write.input.projectId ? "moved" : "tagged";
      return { message: `${tasksCount(changed.length)} ${what}.`, writes };
    }
    default:
      return null;
  }
}
