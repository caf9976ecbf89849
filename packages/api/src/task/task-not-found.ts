import { TRPCError } from "@trpc/server";

/** Another user's task answers exactly like a missing one: existence is not revealed. */
export function taskNotFound(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: "Task not found" });
}
