"use client";

import type { InfiniteData } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { errorCode, humanMessage, isUnavailable } from "~/trpc/errors";
import { api } from "~/trpc/react";
import type { ListInput, Task, TaskChanges, TaskStats } from "./types";

type ListPage = { items: Task[]; nextCursor: string | null };
// tRPC types the page param (the cursor) loosely as `{} | null`.
type ListData = InfiniteData<ListPage, NonNullable<unknown> | null>;

export interface MutationProblem {
  text: string;
  /** Offered for a 503: run the failed change again. */
  retry: (() => void) | null;
}

type CreateValues = Parameters<ReturnType<typeof api.task.create.useMutation>["mutate"]>[0];

/** Why the server refused a change, in words; a missing task was most likely deleted elsewhere. */
function refusal(error: unknown): string {
  if (errorCode(error) === "NOT_FOUND") {
    return "this task no longer exists. It may have been deleted in another window or on another device.";
  }
  return humanMessage(error);
}

function mapTasks(data: ListData | undefined, map: (task: Task) => Task | null): ListData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.flatMap((task) => {
        const next = map(task);
        return next ? [next] : [];
      }),
    })),
  };
}

function adjustStats(stats: TaskStats | undefined, delta: Partial<TaskStats>): TaskStats | undefined {
  if (!stats) return stats;
  return {
    total: stats.total + (delta.total ?? 0),
    active: stats.active + (delta.active ?? 0),
    completed: stats.completed + (delta.completed ?? 0),
    overdue: Math.max(0, stats.overdue + (delta.overdue ?? 0)),
  };
}

function isOverdue(task: Pick<Task, "completed" | "dueAt">, now: number): boolean {
  return !task.completed && task.dueAt !== null && task.dueAt.getTime() < now;
}

type Saved = { list: ListData | undefined; stats: TaskStats | undefined };

/**
 * Every change shows at once (optimistic), is undone with a visible message when the server
 * refuses, and is confirmed by refetching the list and the counts afterwards.
 *
 * The optimistic write happens synchronously, inside the event that asked for it, not in
 * `onMutate` (which TanStack Query runs a few microtasks later): a controlled checkbox would
 * otherwise snap back to its old state until the cache caught up.
 */
export function useTaskMutations(input: ListInput) {
  const utils = api.useUtils();
  const [problem, setProblem] = useState<MutationProblem | null>(null);
  /** What each pending change replaced, keyed by the variables object handed to `mutate`. */
  const saves = useRef(new WeakMap<object, Saved>());

  const currentTasks = useCallback(
    (): Task[] => utils.task.list.getInfiniteData(input)?.pages.flatMap((page) => page.items) ?? [],
    [utils, input],
  );

  /** Applies a change to the cached list and counts now, remembering what it replaced. */
  const optimistic = useCallback(
    <T extends object>(
      variables: T,
      list: (data: ListData | undefined) => ListData | undefined,
      stats: Partial<TaskStats>,
    ): T => {
      setProblem(null);
      saves.current.set(variables, {
        list: utils.task.list.getInfiniteData(input),
        stats: utils.task.stats.getData(),
      });
      utils.task.list.setInfiniteData(input, list);
      utils.task.stats.setData(undefined, (current) => adjustStats(current, stats));
      // A refetch already on its way would overwrite the change: cancel it. A cancelled query
      // reverts to the latest manual write, which is the one just made.
      void utils.task.list.cancel();
      void utils.task.stats.cancel();
      return variables;
    },
    [utils, input],
  );

  const rollback = useCallback(
    (saved: Saved | undefined, error: unknown, retry: () => void) => {
      if (saved) {
        utils.task.list.setInfiniteData(input, saved.list);
        utils.task.stats.setData(undefined, saved.stats);
      }
      setProblem({ text: `Not saved: ${refusal(error)}`, retry: isUnavailable(error) ? retry : null });
    },
    [utils, input],
  );

  const settle = useCallback(() => {
    void utils.task.list.invalidate();
    void utils.task.stats.invalidate();
  }, [utils]);

  /** The snapshot taken for this call, handed over once (the entry goes when the call settles). */
  const takeSaved = (variables: object): Saved | undefined => {
    const saved = saves.current.get(variables);
    saves.current.delete(variables);
    return saved;
  };

  const create = api.task.create.useMutation({
    onError: (error, variables) => rollback(takeSaved(variables), error, () => createTask(variables)),
    onSettled: (_data, _error, variables) => {
      saves.current.delete(variables);
      settle();
    },
  });
  const update = api.task.update.useMutation({
    onError: (error, variables) => {
      const { id, ...changes } = variables;
      rollback(takeSaved(variables), error, () => updateTask(id, changes));
    },
    onSettled: (_data, _error, variables) => {
      saves.current.delete(variables);
      settle();
    },
  });
  const setCompleted = api.task.setCompleted.useMutation({
    onError: (error, variables) =>
      rollback(takeSaved(variables), error, () => setTaskCompleted(variables.id, variables.completed)),
    onSettled: (_data, _error, variables) => {
      saves.current.delete(variables);
      settle();
    },
  });
  const remove = api.task.delete.useMutation({
    onError: (error, variables) => rollback(takeSaved(variables), error, () => deleteTask(variables.id)),
    onSettled: (_data, _error, variables) => {
      saves.current.delete(variables);
      settle();
    },
  });
  /** clearCompleted takes no input; the button is disabled while one is pending, so one slot will do. */
  const clearSaved = useRef<Saved | undefined>(undefined);
  const clear = api.task.clearCompleted.useMutation({
    onError: (error) => rollback(clearSaved.current, error, () => clearCompleted()),
    onSettled: () => {
      clearSaved.current = undefined;
      settle();
    },
  });

  function createTask(values: CreateValues): void {
    const now = new Date();
    const draft: Task = {
      id: values.id ?? crypto.randomUUID(),
      title: values.title.trim(),
      description: values.description ?? null,
      completed: false,
      completedAt: null,
      priority: values.priority ?? "medium",
      dueAt: values.dueAt instanceof Date ? values.dueAt : null,
      tags: values.tags ?? [],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const variables = optimistic(
      { ...values, id: draft.id },
      (data) => {
        if (!data || data.pages.length === 0) return data;
        const [first, ...rest] = data.pages as [ListPage, ...ListPage[]];
        return { ...data, pages: [{ ...first, items: [draft, ...first.items] }, ...rest] };
      },
      { total: 1, active: 1, overdue: isOverdue(draft, now.getTime()) ? 1 : 0 },
    );
    create.mutate(variables);
  }

  function updateTask(id: string, changes: TaskChanges): void {
    const now = Date.now();
    const before = currentTasks().find((task) => task.id === id);
    const after = before
      ? ({
          ...before,
          ...changes,
          title: changes.title?.trim() ?? before.title,
          dueAt: changes.dueAt === undefined ? before.dueAt : (changes.dueAt as Date | null),
          tags: changes.tags ?? before.tags,
          description: changes.description === undefined ? before.description : changes.description,
        } as Task)
      : null;
    const overdueDelta = before && after ? Number(isOverdue(after, now)) - Number(isOverdue(before, now)) : 0;
    const variables = optimistic(
      { id, ...changes },
      (data) => mapTasks(data, (task) => (task.id === id && after ? after : task)),
      { overdue: overdueDelta },
    );
    update.mutate(variables);
  }

  function setTaskCompleted(id: string, completed: boolean): void {
    const before = currentTasks().find((task) => task.id === id);
    const now = new Date();
    const variables = optimistic(
      { id, completed },
      (data) =>
        mapTasks(data, (task) =>
          task.id === id ? { ...task, completed, completedAt: completed ? now : null } : task,
        ),
      before && before.completed !== completed
        ? {
            active: completed ? -1 : 1,
            completed: completed ? 1 : -1,
            overdue: before.dueAt && before.dueAt.getTime() < now.getTime() ? (completed ? -1 : 1) : 0,
          }
        : {},
    );
    setCompleted.mutate(variables);
  }

  function deleteTask(id: string): void {
    const before = currentTasks().find((task) => task.id === id);
    const variables = optimistic(
      { id },
      (data) => mapTasks(data, (task) => (task.id === id ? null : task)),
      before
        ? {
            total: -1,
            active: before.completed ? 0 : -1,
            completed: before.completed ? -1 : 0,
            overdue: isOverdue(before, Date.now()) ? -1 : 0,
          }
        : {},
    );
    remove.mutate(variables);
  }

  function clearCompleted(): void {
    const completed = utils.task.stats.getData()?.completed ?? 0;
    const key = optimistic({}, (data) => mapTasks(data, (task) => (task.completed ? null : task)), {
      total: -completed,
      completed: -completed,
    });
    clearSaved.current = takeSaved(key);
    clear.mutate();
  }

  return {
    problem,
    dismissProblem: () => setProblem(null),
    createTask,
    updateTask,
    setTaskCompleted,
    deleteTask,
    clearCompleted,
    clearingCompleted: clear.isPending,
  };
}
