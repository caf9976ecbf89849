"use client";

import type { InfiniteData } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { humanMessage, isUnavailable } from "~/trpc/errors";
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

/**
 * Every change shows at once (optimistic), is undone with a visible message when the server
 * refuses, and is confirmed by refetching the list and the counts afterwards.
 */
export function useTaskMutations(input: ListInput) {
  const utils = api.useUtils();
  const [problem, setProblem] = useState<MutationProblem | null>(null);

  const snapshot = useCallback(async () => {
    await Promise.all([utils.task.list.cancel(), utils.task.stats.cancel()]);
    return { list: utils.task.list.getInfiniteData(input), stats: utils.task.stats.getData() };
  }, [utils, input]);

  const apply = useCallback(
    (list: (data: ListData | undefined) => ListData | undefined, stats: Partial<TaskStats>) => {
      utils.task.list.setInfiniteData(input, list);
      utils.task.stats.setData(undefined, (current) => adjustStats(current, stats));
    },
    [utils, input],
  );

  const rollback = useCallback(
    (saved: Awaited<ReturnType<typeof snapshot>> | undefined, error: unknown, retry: () => void) => {
      if (saved) {
        utils.task.list.setInfiniteData(input, saved.list);
        utils.task.stats.setData(undefined, saved.stats);
      }
      setProblem({ text: `Not saved: ${humanMessage(error)}`, retry: isUnavailable(error) ? retry : null });
    },
    [utils, input],
  );

  const settle = useCallback(() => {
    void utils.task.list.invalidate();
    void utils.task.stats.invalidate();
  }, [utils]);

  const create = api.task.create.useMutation({
    onMutate: async (variables) => {
      setProblem(null);
      const saved = await snapshot();
      const now = new Date();
      const draft: Task = {
        id: variables.id ?? crypto.randomUUID(),
        title: variables.title.trim(),
        description: variables.description ?? null,
        completed: false,
        completedAt: null,
        priority: variables.priority ?? "medium",
        dueAt: variables.dueAt instanceof Date ? variables.dueAt : null,
        tags: variables.tags ?? [],
        createdAt: now,
        updatedAt: now,
      };
      apply(
        (data) => {
          if (!data || data.pages.length === 0) return data;
          const [first, ...rest] = data.pages;
          return {
            ...data,
            pages: [{ ...(first as ListPage), items: [draft, ...(first as ListPage).items] }, ...rest],
          };
        },
        { total: 1, active: 1, overdue: isOverdue(draft, now.getTime()) ? 1 : 0 },
      );
      return saved;
    },
    onError: (error, variables, saved) => rollback(saved, error, () => create.mutate(variables)),
    onSettled: settle,
  });

  const update = api.task.update.useMutation({
    onMutate: async (variables) => {
      setProblem(null);
      const saved = await snapshot();
      const now = Date.now();
      const before = saved.list?.pages.flatMap((page) => page.items).find((task) => task.id === variables.id);
      const { id, ...changes } = variables;
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
      const overdueDelta =
        before && after ? Number(isOverdue(after, now)) - Number(isOverdue(before, now)) : 0;
      apply((data) => mapTasks(data, (task) => (task.id === id && after ? after : task)), {
        overdue: overdueDelta,
      });
      return saved;
    },
    onError: (error, variables, saved) => rollback(saved, error, () => update.mutate(variables)),
    onSettled: settle,
  });

  const setCompleted = api.task.setCompleted.useMutation({
    onMutate: async ({ id, completed }) => {
      setProblem(null);
      const saved = await snapshot();
      const before = saved.list?.pages.flatMap((page) => page.items).find((task) => task.id === id);
      const changed = before && before.completed !== completed;
      const now = new Date();
      apply(
        (data) =>
          mapTasks(data, (task) =>
            task.id === id ? { ...task, completed, completedAt: completed ? now : null } : task,
          ),
        changed
          ? {
              active: completed ? -1 : 1,
              completed: completed ? 1 : -1,
              overdue: before.dueAt && before.dueAt.getTime() < now.getTime() ? (completed ? -1 : 1) : 0,
            }
          : {},
      );
      return saved;
    },
    onError: (error, variables, saved) => rollback(saved, error, () => setCompleted.mutate(variables)),
    onSettled: settle,
  });

  const remove = api.task.delete.useMutation({
    onMutate: async ({ id }) => {
      setProblem(null);
      const saved = await snapshot();
      const before = saved.list?.pages.flatMap((page) => page.items).find((task) => task.id === id);
      apply(
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
      return saved;
    },
    onError: (error, variables, saved) => rollback(saved, error, () => remove.mutate(variables)),
    onSettled: settle,
  });

  const clearCompleted = api.task.clearCompleted.useMutation({
    onMutate: async () => {
      setProblem(null);
      const saved = await snapshot();
      const completed = saved.stats?.completed ?? 0;
      apply((data) => mapTasks(data, (task) => (task.completed ? null : task)), {
        total: -completed,
        completed: -completed,
      });
      return saved;
    },
    onError: (error, _variables, saved) => rollback(saved, error, () => clearCompleted.mutate()),
    onSettled: settle,
  });

  return {
    problem,
    dismissProblem: () => setProblem(null),
    createTask: (values: Parameters<typeof create.mutate>[0]) => create.mutate(values),
    updateTask: (id: string, changes: TaskChanges) => update.mutate({ id, ...changes }),
    setTaskCompleted: (id: string, completed: boolean) => setCompleted.mutate({ id, completed }),
    deleteTask: (id: string) => remove.mutate({ id }),
    clearCompleted: () => clearCompleted.mutate(),
    clearingCompleted: clearCompleted.isPending,
  };
}
