import type { Api, Task, TaskListInput, TrashedTask } from "./client";
import { matchIdPrefix } from "./id-prefix";
import { isUuid } from "./uuid";

/** The API's largest page. */
export const PAGE_SIZE = 100;

export type TaskFilters = Omit<TaskListInput, "cursor" | "limit" | "direction">;

/** Every task matching `filters`, following the cursor page by page. */
export async function listAllTasks(
  api: Api,
  filters: TaskFilters,
  onPage: (items: Task[]) => void = () => {},
): Promise<Task[]> {
  const tasks: Task[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Task[]; nextCursor: string | null } = await api.task.list.query({
      ...filters,
      cursor,
      limit: PAGE_SIZE,
    });
    tasks.push(...page.items);
    onPage(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return tasks;
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A whole id is looked up directly; anything shorter is a prefix, matched against every task. */
export async function resolveTask(api: Api, idOrPrefix: string): Promise<Task> {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (isUuid(wanted)) return api.task.byId.query({ id: wanted });
  const tasks = await listAllTasks(api, { status: "all" });
  return matchIdPrefix(tasks, wanted, {
    kind: "task",
    caseInsensitive: true,
    describe: (task) => `${task.id}  ${task.completed ? "[x]" : "[ ]"} ${task.title}`,
  });
}

/** Every task in the trash, most recently deleted first, page by page. */
export async function listAllTrash(api: Api): Promise<TrashedTask[]> {
  const items: TrashedTask[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: TrashedTask[]; nextCursor: string | null } = await api.task.trash.query({
      cursor,
      limit: PAGE_SIZE,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
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
