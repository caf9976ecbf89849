import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter, createCaller } from "./root";

export { type AppRouter, appRouter, createCaller } from "./root";
export { UNAVAILABLE_MESSAGE } from "./errors";
export { type FieldErrors, fieldErrorsOf } from "./field-errors";
export { latestTaskEventId } from "./task/task-events";
export { fireDueReminders } from "./task/reminders";
export { createTaskFeed, type TaskFeed } from "./task/task-feed";
export { type Context, type CreateContextOptions, createTRPCContext } from "./trpc";

/** What `createCaller(context)` returns: every procedure as a plain async function. */
export type Caller = ReturnType<typeof createCaller>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
