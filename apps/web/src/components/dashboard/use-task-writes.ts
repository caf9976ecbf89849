"use client";

import { DEFAULT_PRIORITY, taskMatchesQuery } from "@doable/domain";
import { notifyManager } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { taskQueryOf } from "~/lib/task-filters";
import { errorCode, humanMessage, isUnavailable } from "~/trpc/errors";
import { api } from "~/trpc/react";
import type { TaskCacheChange } from "./task-cache";
import type { TaskCacheSync } from "./task-cache-sync";
import type { ListInput, Task, TaskChanges } from "./types";

export interface MutationProblem {
  text: string;
  /** Offered when trying again may work (the server was unavailable or unreachable). */
  retry: (() => void) | null;
}

/** A change shown before the server has confirmed it. */
export interface PendingWrite {
  key: number;
  change: TaskCacheChange;
  /** A new task the server refused or never got: it stays, marked, until saved or discarded. */
  unsaved: string | null;
}

type CreateValues = Parameters<ReturnType<typeof api.useUtils>["client"]["task"]["create"]["mutate"]>[0];

/** A task that the current filters leave out, just added: said so, with a way to see it. */
export interface HiddenNewTask {
  id: string;
  title: string;
}

/** Why the server refused a change, in words; a missing task was most likely deleted elsewhere. */
function refusal(error: unknown): string {
  if (errorCode(error) === "NOT_FOUND") {
    return "this task no longer exists. It may have been deleted in another window or on another device.";
  }
  return humanMessage(error);
}

/** Trying again can help when the request did not get an answer from the application. */
function worthRetrying(error: unknown): boolean {
  return isUnavailable(error) || errorCode(error) === null;
}

function draftTask(values: CreateValues & { id: string }, now: Date): Task {
  return {
    id: values.id,
    title: values.title.trim(),
    description: values.description ?? null,
    completed: false,
    completedAt: null,
    priority: values.priority ?? DEFAULT_PRIORITY,
    dueAt: values.dueAt instanceof Date ? values.dueAt : null,
    tags: values.tags ?? [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The dashboard's changes, each through one helper (`write`): shown at once as a pending change
 * over the confirmed cache, sent, then either confirmed (the server's answer goes into the cache
 * and the pending change goes, in one render) or dropped with a visible message. A new task the
 * server did not take stays on the list, marked "Not saved", with Retry: typed work is not lost.
 * Changes to one task are sent one after another, so an edit never overtakes the create it edits.
 */
export function useTaskWrites(input: ListInput, sync: TaskCacheSync, shownTask: (id: string) => Task | null) {
  const utils = api.useUtils();
  const client = utils.client;
  const [pending, setPending] = useState<PendingWrite[]>([]);
  const [problem, setProblem] = useState<MutationProblem | null>(null);
  const [hiddenNewTask, setHiddenNewTask] = useState<HiddenNewTask | null>(null);
  const nextKey = useRef(0);
  /** The last send per task id: the next change to that task waits for it. */
  const lastSend = useRef(new Map<string, Promise<unknown>>());

  const drop = useCallback(
    (key: number) => setPending((all) => all.filter((write) => write.key !== key)),
    [],
  );

  /** Sends after the earlier changes to the same task, whatever their outcome. */
  function inOrder<T>(taskIds: readonly string[], send: () => Promise<T>): Promise<T> {
    const earlier = taskIds.flatMap((id) => {
      const previous = lastSend.current.get(id);
      return previous ? [previous] : [];
    });
    const sent = Promise.allSettled(earlier).then(send);
    for (const id of taskIds) lastSend.current.set(id, sent);
    void sent
      .catch(() => undefined)
      .then(() => {
        for (const id of taskIds) if (lastSend.current.get(id) === sent) lastSend.current.delete(id);
      });
    return sent;
  }

  interface WriteOptions<T> {
    change: TaskCacheChange;
    taskIds: readonly string[];
    send: () => Promise<T>;
    confirmed: (answer: T) => TaskCacheChange;
    retry: () => void;
    /** A failed create keeps its pending change (marked unsaved) instead of dropping it. */
    keepUnsaved?: boolean;
    /** The key of an unsaved write being tried again: it is reused, so the row keeps its place. */
    key?: number;
  }

  function write<T>(options: WriteOptions<T>): void {
    const key = options.key ?? nextKey.current++;
    setProblem(null);
    setPending((all) => {
      const others = all.filter((one) => one.key !== key);
      return [...others, { key, change: options.change, unsaved: null }];
    });
    const ended = sync.beginWrite();
    inOrder(options.taskIds, options.send).then(
      (answer) => {
        sync.apply(options.confirmed(answer));
        // After the cache's own notification, in the same batch: no frame shows neither.
        notifyManager.schedule(() => drop(key));
        ended();
      },
      (error: unknown) => {
        ended();
        if (options.keepUnsaved) {
          const text = `Not saved: ${refusal(error)}`;
          setPending((all) => all.map((one) => (one.key === key ? { ...one, unsaved: text } : one)));
          return;
        }
        drop(key);
        setProblem({
          text: `Not saved: ${refusal(error)}`,
          retry: worthRetrying(error) ? options.retry : null,
        });
      },
    );
  }

  function createTask(values: CreateValues, key?: number): void {
    const now = new Date();
    const withId = { ...values, id: values.id ?? crypto.randomUUID() };
    const draft = draftTask(withId, now);
    const query = taskQueryOf(input);
    setHiddenNewTask(taskMatchesQuery(draft, query, now) ? null : { id: draft.id, title: draft.title });
    write({
      change: { type: "create", task: draft },
      taskIds: [draft.id],
      send: () => client.task.create.mutate(withId),
      confirmed: (task) => ({ type: "create", task }),
      retry: () => createTask(withId),
      keepUnsaved: true,
      ...(key === undefined ? {} : { key }),
    });
  }

  /** Tries an unsaved new task again, with the same id: the server never makes it twice. */
  function retryUnsaved(id: string): void {
    const unsaved = pending.find((one) => one.change.type === "create" && one.change.task.id === id);
    if (unsaved?.change.type !== "create") return;
    const { task } = unsaved.change;
    createTask(
      {
        id: task.id,
        title: task.title,
        description: task.description,
        priority: task.priority,
        dueAt: task.dueAt,
        tags: task.tags,
      },
      unsaved.key,
    );
  }

  function discardUnsaved(id: string): void {
    setPending((all) => all.filter((one) => !(one.change.type === "create" && one.change.task.id === id)));
  }

  function updateTask(id: string, changes: TaskChanges): void {
    const fields: Partial<Task> = { ...(changes as Partial<Task>) };
    if (changes.title !== undefined) fields.title = changes.title.trim();
    write({
      change: { type: "patch", id, fields },
      taskIds: [id],
      send: () => client.task.update.mutate({ id, ...changes }),
      confirmed: (task) => ({ type: "upsert", task }),
      retry: () => updateTask(id, changes),
    });
  }

  function setTaskCompleted(id: string, completed: boolean): void {
    const before = shownTask(id);
    const completedAt = completed ? (before?.completedAt ?? new Date()) : null;
    write({
      change: { type: "patch", id, fields: { completed, completedAt } },
      taskIds: [id],
      send: () => client.task.setCompleted.mutate({ id, completed }),
      confirmed: (task) => ({ type: "upsert", task }),
      retry: () => setTaskCompleted(id, completed),
    });
  }

  function deleteTask(id: string): void {
    write({
      change: { type: "remove", ids: [id] },
      taskIds: [id],
      send: () => client.task.delete.mutate({ id }),
      confirmed: () => ({ type: "remove", ids: [id] }),
      retry: () => deleteTask(id),
    });
  }

  function clearCompleted(): void {
    write({
      change: { type: "clearCompleted" },
      taskIds: [],
      send: () => client.task.clearCompleted.mutate(),
      confirmed: () => ({ type: "clearCompleted" }),
      retry: () => clearCompleted(),
    });
  }

  return {
    pending,
    problem,
    dismissProblem: () => setProblem(null),
    hiddenNewTask,
    dismissHiddenNewTask: () => setHiddenNewTask(null),
    createTask,
    retryUnsaved,
    discardUnsaved,
    updateTask,
    setTaskCompleted,
    deleteTask,
    clearCompleted,
    clearingCompleted: pending.some((one) => one.change.type === "clearCompleted"),
  };
}
