import { accountRouter } from "./router/account";
import { authRouter } from "./router/auth";
import { taskRouter } from "./router/task";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  task: taskRouter,
});

export type AppRouter = typeof appRouter;

/** In-process callers (scripts, tests): `createCaller(createTRPCContext({ db, headers, ... }))`. */
export const createCaller = createCallerFactory(appRouter);
