/**
 * A write that named the version it was made against (`expectedVersion`) and found the task
 * changed since is refused one typed way: CONFLICT whose cause is a `VersionConflictCause` holding
 * the task as it is now. The errorFormatter (./trpc.ts) puts that task in `data.current`, so a
 * client can show or merge the newer state without another request.
 */
import { TRPCError } from "@trpc/server";
import { STALE_VERSION_MESSAGE } from "./errors";
import type { TaskView } from "./task/task-events";

export class VersionConflictCause extends Error {
  readonly current: TaskView;

  constructor(current: TaskView) {
    super(`The task is at version ${current.version}`);
    this.name = "VersionConflictCause";
    this.current = current;
  }
}

/** CONFLICT (409): the task changed since `expectedVersion`; `current` is how it is now. */
export function versionConflict(current: TaskView): TRPCError {
  return new TRPCError({
    code: "CONFLICT",
    message: STALE_VERSION_MESSAGE,
    cause: new VersionConflictCause(current),
  });
}

/** The current task of a stale write's CONFLICT, else null (read only from the one typed cause). */
export function conflictCurrentOf(error: TRPCError): TaskView | null {
  if (error.code !== "CONFLICT") return null;
  return error.cause instanceof VersionConflictCause ? error.cause.current : null;
}
