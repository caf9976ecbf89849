import { collectPages, isUuid, PAGE_SIZE } from "@doable/transfer";
import type { Api, Task, TaskListInput, TrashedTask } from "./client";
import { matchIdPrefix } from "./id-prefix";

export type TaskFilters = Omit<TaskListInput, "cursor" | "limit" | "direction">;

/** Every task matching `filters`, following the cursor page by page. */
export function listAllTasks(
  api: Api,
  filters: TaskFilters,
  onPage: (items: Task[]) => void = () => {},
): Promise<Task[]> {
  return collectPages((cursor) => api.task.list.query({ ...filters, cursor, limit: PAGE_SIZE }), onPage);
}

/** The account's time zone (doable account): the clock due times and reminders are read on. */
export async function accountTimeZone(api: Api): Promise<string> {
  return (await api.auth.me.query())?.timeZone ?? "UTC";
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** Every task and subtask (docs/decisions/0048): what an id prefix is matched against. */
async function everyTask(api: Api): Promise<Task[]> {
  const tasks = await listAllTasks(api, { status: "all" });
  return tasks.flatMap((task) => [task, ...(task.subtasks ?? [])]);
}

/** A whole id is looked up directly; anything shorter is a prefix, matched against every task. */
export async function resolveTask(api: Api, idOrPrefix: string): Promise<Task> {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (isUuid(wanted)) return api.task.byId.query({ id: wanted });
  const tasks = await everyTask(api);
  return matchIdPrefix(tasks, wanted, {
    kind: "task",
    caseInsensitive: true,
    describe: (task) => `${task.id}  ${task.completed ? "[x]" : "[ ]"} ${task.title}`,
  });
}

/** The tasks named by `idsOrPrefixes` (whole ids or unique starts), each once: one list read for all. */
export async function resolveTasks(api: Api, idsOrPrefixes: readonly string[]): Promise<Task[]> {
  if (idsOrPrefixes.length === 1) return [await resolveTask(api, idsOrPrefixes[0] ?? "")];
  const tasks = await everyTask(api);
  const found = new Map<string, Task>();
  for (const wanted of idsOrPrefixes) {
    const task = matchIdPrefix(tasks, wanted.trim().toLowerCase(), {
      kind: "task",
      caseInsensitive: true,
      describe: (candidate) => `${candidate.id}  ${candidate.completed ? "[x]" : "[ ]"} ${candidate.title}`,
    });
    found.set(task.id, task);
  }
  return [...found.values()];
}

/** Every task in the trash, most recently deleted first, page by page. */
export function listAllTrash(api: Api): Promise<TrashedTask[]> {
  return collectPages((cursor) => api.task.trash.query({ cursor, limit: PAGE_SIZE }));
}

/** The trashed tasks named by `idsOrPrefixes` (whole ids or unique starts), each once. */
export async function resolveTrashed(api: Api, idsOrPrefixes: readonly string[]): Promise<TrashedTask[]> {
  const trash = await listAllTrash(api);
  const found = new Map<string, TrashedTask>();
  for (const wanted of idsOrPrefixes) {
    const task = matchIdPrefix(trash, wanted, {
      kind: "trashed task",
      caseInsensitive: true,
      describe: (candidate) => `${candidate.id}  ${candidate.title}`,
    });
    found.set(task.id, task);
  }
  return [...found.values()];
}
