import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root";

export { type AppRouter, appRouter, createCaller } from "./root";
export { type Context, type CreateContextOptions, createTRPCContext, UNAVAILABLE_MESSAGE } from "./trpc";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
