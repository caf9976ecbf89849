import type { AppRouter, RouterOutputs } from "@doable/api";
import type { TRPCClient } from "@trpc/client";
import { errorCode } from "~/trpc/errors";
import type { TaskCacheChange } from "./task-cache";
import type { TaskWrite } from "./task-write";
import type { Task } from "./types";

/**
 * How a write (task-write.ts) goes to the server and what its answer changes. Needed only once a
 * write is sent, so it loads with the first one (use-task-writes.ts), not with the dashboard: a
 * write made offline is shown and kept by task-write.ts alone.
 */

type TaskClient = TRPCClient<AppRouter>;

export function sendTaskWrite(client: TaskClient, write: TaskWrite): Promise<unknown> {
  switch (write.kind) {
    case "create":
      return client.task.create.mutate(write.input);
    case "update":
      return client.task.update.mutate(write.input);
    case "setCompleted":
      return client.task.setCompleted.mutate(write.input);
    case "delete":
      return client.task.delete.mutate(write.input).catch((error: unknown) => {
        // Already gone (deleted by an earlier send of this write, or elsewhere): what was asked.
        if (errorCode(error) === "NOT_FOUND") return { id: write.input.id };
        throw error;
      });
    case "restore":
      return client.task.restore.mutate(write.input);
    case "clearCompleted":
      return client.task.clearCompleted.mutate(write.input);
    case "setAllCompleted":
      return client.task.setAllCompleted.mutate(write.input);
    case "setCompletedMany":
      return client.task.setCompletedMany.mutate(write.input);
    case "move":
      return client.task.move.mutate(write.input);
    case "deleteMany":
      return client.task.deleteMany.mutate(write.input);
    case "updateMany":
      return client.task.updateMany.mutate(write.input);
  }
}

/** What `task.setCompleted` answers: the task, and the next occurrence it created (ADR 0043). */
export type SetCompletedAnswer = RouterOutputs["task"]["setCompleted"];

/**
 * The task an answer brings besides the ones written: the next occurrence of a recurring task that
 * a completion created (only task.setCompleted's answer has `next`). It is shown as the server has
 * it (version 1: counted once, however often it arrives, from this answer or the live stream).
 */
export function nextOccurrenceIn(answer: unknown): Task | null {
  return (answer as Partial<SetCompletedAnswer> | null)?.next ?? null;
}

/** What the server's answer to `write` changes in the cache; `now`: when it came. */
export function confirmedChange(write: TaskWrite, answer: unknown, now = new Date()): TaskCacheChange {
  switch (write.kind) {
    case "create":
      return { type: "create", task: answer as Task };
    case "update":
      return { type: "upsert", task: answer as Task };
    case "setCompleted":
      return { type: "upsert", task: (answer as SetCompletedAnswer).task };
    case "delete":
      return { type: "remove", ids: [write.input.id] };
    case "restore":
      return { type: "restore", tasks: answer as Task[] };
    case "clearCompleted":
      // The server trashed every completed task of the scope, loaded here or not: what the change says.
      return { type: "clearCompleted", projectId: write.input?.projectId ?? null };
    case "setAllCompleted":
      // The same for every task of the scope; their new versions follow on the live stream.
      return {
        type: "completeAll",
        projectId: write.input.projectId ?? null,
        completed: write.input.completed,
        at: now,
      };
    case "setCompletedMany":
      return { type: "upsertMany", tasks: answer as Task[] };
    case "move":
      return { type: "upsert", task: answer as Task };
    case "deleteMany":
      return { type: "remove", ids: write.input.ids };
    case "updateMany":
      return { type: "upsertMany", tasks: answer as Task[] };
  }
}

/**
 * Versions this page's own changes moved each task through, `from -> to`, kept only when nothing
 * else changed the task in between (the server adds exactly 1 per change).
 */
export class OwnSteps {
  readonly #steps = new Map<string, Map<number, number>>();

  /** Where this page's own changes took the task from `version` (unchanged when they did not). */
  follow(id: string, version: number): number {
    const steps = this.#steps.get(id);
    let current = version;
    for (let next = steps?.get(current); next !== undefined; next = steps?.get(current)) current = next;
    return current;
  }

  /** Notes the step of a change sent over version `from` (null: unknown), from its answer. */
  record(id: string, from: number | null, answer: unknown): void {
    // task.setCompleted answers `{ task, next }`, task.update the task.
    const { version } = (answer as { task?: Task }).task ?? (answer as Task);
    if (from === null || version !== from + 1) return;
    const steps = this.#steps.get(id) ?? new Map<number, number>();
    steps.set(from, version);
    this.#steps.set(id, steps);
  }

  /**
   * An edit made on top of this page's own earlier changes to the task, still on their way when it
   * was made, expects the version those changes led to: its own changes are not "made elsewhere".
   */
  rebased(write: TaskWrite): TaskWrite {
    if (write.kind !== "update" || write.input.expectedVersion === undefined) return write;
    const expected = this.follow(write.input.id, write.input.expectedVersion);
    if (expected === write.input.expectedVersion) return write;
    return { ...write, input: { ...write.input, expectedVersion: expected } };
  }
}
