import { accountRouter } from "./router/account";
import { authRouter } from "./router/auth";
import { projectRouter } from "./router/project";
import { taskRouter } from "./router/task";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  task: taskRouter,
  project: projectRouter,
});

export type AppRouter = typeof appRouter;

/** In-process callers (scripts, tests): `createCaller(createTRPCContext({ db, headers, ... }))`. */
export const createCaller = createCallerFactory(appRouter);
