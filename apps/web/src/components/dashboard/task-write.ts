import type { RouterInputs } from "@doable/api";
import { DEFAULT_PRIORITY } from "@doable/domain";
import type { WriteReach } from "./send-order";
import type { TaskCacheChange } from "./task-cache";
import type { Task } from "./types";

/**
 * A change to tasks as data: what to send, and so what can wait in the outbox (IndexedDB) while
 * the browser is offline and be sent after a reload. Everything a write does follows from it:
 * how it shows at once (`shownChange`), how it is sent (`sendTaskWrite`) and what its answer
 * changes (`confirmedChange`); those two are in task-send.ts, loaded with the first write sent.
 */
export type TaskWrite =
  | { kind: "create"; input: RouterInputs["task"]["create"] & { id: string } }
  /** `base`: the task as it was when the edit began; its version is the one the edit expects. */
  | { kind: "update"; input: RouterInputs["task"]["update"]; base: Task | null }
  | { kind: "setCompleted"; input: RouterInputs["task"]["setCompleted"] }
  /** `task`: the task as shown when deleted, to name it and to show it back on Undo. */
  | { kind: "delete"; input: RouterInputs["task"]["delete"]; task: Task | null }
  /** `tasks`: the ones this page still holds, shown back at once; the answer brings the rest. */
  | { kind: "restore"; input: RouterInputs["task"]["restore"]; tasks: Task[] }
  /**
   * "Clear completed": every completed task, or (in a project's view) the project's. `tasks`: the
   * completed tasks shown when cleared, shown back at once on Undo.
   */
  | { kind: "clearCompleted"; input: RouterInputs["task"]["clearCompleted"]; tasks: Task[] }
  /** "Mark all as complete" (or active): every task, or a project's, loaded here or not. */
  | { kind: "setAllCompleted"; input: RouterInputs["task"]["setAllCompleted"] }
  /**
   * The named tasks completed or reopened: what Undo of marking all sends, and a bulk action
   * (`undoable`: it offers Undo itself).
   */
  | { kind: "setCompletedMany"; input: RouterInputs["task"]["setCompletedMany"]; undoable?: boolean }
  /** Tasks chosen together, to the trash; `tasks`: as shown, to show them back on Undo. */
  | { kind: "deleteMany"; input: RouterInputs["task"]["deleteMany"]; tasks: Task[] }
  /**
   * Tasks chosen together moved to a project or tagged. `before`: them as shown, for Undo (only a
   * write made by the person has it; Undo's own write does not offer another Undo).
   */
  | { kind: "updateMany"; input: RouterInputs["task"]["updateMany"]; before: Task[] | null }
  /**
   * A task put next to another in the manual order (ADR 0046); `position`: its key between its new
   * neighbours here, shown until the server answers with the one it chose in the whole order.
   */
  | { kind: "move"; input: RouterInputs["task"]["move"]; position: string };

/** "Clear completed" and "Mark all" reach every task of the list's scope, loaded here or not. */
function reachesEveryTask(
  write: TaskWrite,
): write is Extract<TaskWrite, { kind: "clearCompleted" | "setAllCompleted" }> {
  return write.kind === "clearCompleted" || write.kind === "setAllCompleted";
}

/** What a write reaches, so that writes reaching the same tasks are sent in order (send-order.ts). */
export function reachOf(write: TaskWrite): WriteReach {
  return reachesEveryTask(write) ? "every task" : { taskIds: taskIdsOf(write) };
}

/** The ids of the tasks a write names (none for one that reaches every task). */
export function taskIdsOf(write: TaskWrite): string[] {
  if (reachesEveryTask(write)) return [];
  if (
    write.kind === "restore" ||
    write.kind === "setCompletedMany" ||
    write.kind === "deleteMany" ||
    write.kind === "updateMany"
  )
    return [...write.input.ids];
  // After the neighbours' own changes too: a neighbour just added here must reach the server first.
  if (write.kind === "move") {
    const { id, afterId, beforeId } = write.input;
    return [id, ...(afterId ? [afterId] : []), ...(beforeId ? [beforeId] : [])];
  }
  // A subtask after its parent's own create: the parent must reach the server first.
  if (write.kind === "create" && write.input.parentId) return [write.input.id, write.input.parentId];
  return [write.input.id];
}

/**
 * Whether a write can wait and be sent again as it is: sending it twice does what sending it once
 * does (a create carries its id; an update sets values). "Clear completed" and "Mark all" are not:
 * sent later, they would reach tasks added or changed in the meantime.
 */
export function canWaitOffline(write: TaskWrite): boolean {
  return !reachesEveryTask(write);
}

/** Sorts after every manual-order key (base-62 digits, ADR 0046): a new subtask's place until saved. */
const LAST_SUBTASK_POSITION = "~";

/** `parentProject`: a new subtask's project, its task's (the server puts it there). */
function draftTask(
  input: Extract<TaskWrite, { kind: "create" }>["input"],
  now: Date,
  parentProject: string | undefined,
): Task {
  return {
    id: input.id,
    title: input.title.trim(),
    description: input.description ?? null,
    completed: false,
    completedAt: null,
    priority: input.priority ?? DEFAULT_PRIORITY,
    dueDate: input.dueDate ?? null,
    dueTime: input.dueDate ? (input.dueTime ?? null) : null,
    tags: input.tags ?? [],
    // The server's answer brings the Inbox's id when none was given.
    projectId: input.projectId ?? parentProject ?? "",
    recurrence: input.recurrence ?? null,
    remindAt: input.remindAt ?? null,
    parentId: input.parentId ?? null,
    // The server keys a new task from its creation time, before every other (ADR 0046): first
    // here. A new subtask goes after its parent's others (ADR 0048): past every key's digits.
    position: input.parentId ? LAST_SUBTASK_POSITION : "",
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** How the write shows before the server has it; `shown` is the task as shown now, if loaded. */
export function shownChange(
  write: TaskWrite,
  shown: (id: string) => Task | null,
  now: Date,
): TaskCacheChange {
  switch (write.kind) {
    case "create":
      return {
        type: "create",
        task: draftTask(
          write.input,
          now,
          write.input.parentId ? shown(write.input.parentId)?.projectId : undefined,
        ),
      };
    case "update": {
      const { id, expectedVersion: _expected, ...changes } = write.input;
      const fields = { ...changes } as Partial<Task>;
      if (changes.title !== undefined) fields.title = changes.title.trim();
      return { type: "patch", id, fields };
    }
    case "setCompleted": {
      const { id, completed } = write.input;
      const completedAt = completed ? (shown(id)?.completedAt ?? now) : null;
      return { type: "patch", id, fields: { completed, completedAt } };
    }
    case "delete":
      return { type: "remove", ids: [write.input.id] };
    case "restore":
      return { type: "restore", tasks: write.tasks };
    case "clearCompleted":
      return { type: "clearCompleted", projectId: write.input?.projectId ?? null };
    case "setAllCompleted": {
      const { completed, projectId } = write.input;
      return { type: "completeAll", projectId: projectId ?? null, completed, at: now };
    }
    case "setCompletedMany":
      return { type: "complete", ids: write.input.ids, completed: write.input.completed, at: now };
    case "move":
      return { type: "patch", id: write.input.id, fields: { position: write.position } };
    case "deleteMany":
      return { type: "remove", ids: write.input.ids };
    case "updateMany":
      return { type: "patchMany", patches: bulkPatches(write.input, shown) };
  }
}

/** What `task.updateMany` will make of each task shown: its project, its tags merged as the server merges them. */
function bulkPatches(
  input: RouterInputs["task"]["updateMany"],
  shown: (id: string) => Task | null,
): Array<{ id: string; fields: Partial<Task> }> {
  const remove = new Set(input.removeTags ?? []);
  return input.ids.flatMap((id) => {
    const task = shown(id);
    if (!task) return [];
    const tags = [...new Set([...task.tags, ...(input.addTags ?? [])])].filter((tag) => !remove.has(tag));
    return [{ id, fields: { tags, ...(input.projectId ? { projectId: input.projectId } : {}) } }];
  });
}
