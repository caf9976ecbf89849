/**
 * The one tRPC init file: context, error shape and the two procedure kinds every router builds on.
 */
import { randomUUID } from "node:crypto";
import {
  type CookiePolicy,
  type HeaderReader,
  isOverloadedError,
  type PasswordService,
  passwords,
  readSessionToken,
} from "@doable/auth";
import { type Database, isDatabaseUnavailable } from "@doable/db";
import { type Mailer, unavailableMailer } from "@doable/mail";
import { initTRPC, TRPCError } from "@trpc/server";
import { causeChain, GENERIC_ERROR_MESSAGE, INVALID_INPUT_MESSAGE, UNAVAILABLE_MESSAGE } from "./errors";
import { fieldErrorsOf } from "./field-errors";
import { retryAfterOf } from "./retry-after";
import { conflictCurrentOf } from "./version-conflict";
import { serviceBusy } from "./overload";
import { authenticate } from "./session-context";
import type { TaskFeed } from "./task/task-feed";
import { apiTransformer } from "./transformer";
import { enforceUserWriteRate } from "./throttle";

export interface CreateContextOptions {
  db: Database;
  /** Request headers; in-process callers pass their own (for example a bearer token). */
  headers: HeaderReader;
  /** Where Set-Cookie goes; null for in-process callers, which have no cookie jar. */
  resHeaders: Headers | null;
  cookiePolicy: CookiePolicy;
  /**
   * The caller's network address, for per-client throttling and the security log. Null for
   * in-process callers (scripts), which are not throttled.
   */
  clientIp: string | null;
  /** Injected so tests can move time; defaults to the wall clock. */
  now?: () => Date;
  /** Injected so tests can count hashing work; defaults to argon2id. */
  passwords?: PasswordService;
  requestId?: string;
  /** Live changes for `task.onChange`; null where nothing streams (in-process callers). */
  taskFeed?: TaskFeed | null;
  /** Where account mail goes; defaults to none (features that need mail then say it is unavailable). */
  mailer?: Mailer;
  /** The origin links in emails point to (APP_ORIGIN); defaults to the development origin. */
  appOrigin?: string;
}

const DEVELOPMENT_ORIGIN = "http://localhost:3000";

export function createTRPCContext(options: CreateContextOptions) {
  return {
    db: options.db,
    headers: options.headers,
    resHeaders: options.resHeaders,
    cookiePolicy: options.cookiePolicy,
    clientIp: options.clientIp,
    userAgent: options.headers.get("user-agent"),
    now: options.now ?? (() => new Date()),
    passwords: options.passwords ?? passwords,
    requestId: options.requestId ?? randomUUID(),
    presentedToken: readSessionToken(options.headers, options.cookiePolicy),
    taskFeed: options.taskFeed ?? null,
    mailer: options.mailer ?? unavailableMailer,
    appOrigin: options.appOrigin ?? DEVELOPMENT_ORIGIN,
  };
}

export type Context = ReturnType<typeof createTRPCContext>;

/**
 * Server-sent events (`task.onChange`): a comment line this often keeps proxies from closing a
 * quiet stream, and a client that hears nothing for the longer span reconnects by itself.
 */
const SSE_PING_INTERVAL_MS = 15_000;
const SSE_CLIENT_RECONNECT_AFTER_MS = 40_000;

const t = initTRPC.context<Context>().create({
  transformer: apiTransformer,
  isDev: false,
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
    client: { reconnectAfterInactivityMs: SSE_CLIENT_RECONNECT_AFTER_MS },
  },
  errorFormatter({ shape, error, ctx }) {
    const { stack: _stack, ...data } = shape.data;
    const fieldErrors = fieldErrorsOf(error);
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    let message = shape.message;
    if (internal) message = GENERIC_ERROR_MESSAGE;
    else if (fieldErrors) message = INVALID_INPUT_MESSAGE;
    return {
      ...shape,
      message,
      data: {
        ...data,
        fieldErrors,
        retryAfterSeconds: retryAfterOf(error),
        current: conflictCurrentOf(error),
        requestId: internal ? (ctx?.requestId ?? null) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns "the database cannot be reached" into 503 wherever it happens, even inside auth. */
const databaseAvailability = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDatabaseUnavailable(result.error)) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE, cause: result.error });
  }
  return result;
});

/** Turns "too much password hashing already running or queued" into 503 with Retry-After. */
const overloadRefusal = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  const overloaded = result.ok ? undefined : causeChain(result.error).find(isOverloadedError);
  if (overloaded) throw serviceBusy(ctx, overloaded.retryAfterSeconds);
  return result;
});

export const publicProcedure = t.procedure.use(databaseAvailability).use(overloadRefusal);

export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  const authenticated = await authenticate(ctx);
  if (authenticated === null) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Not signed in" });
  }
  // Reads are cheap and bounded by page size; every write costs a row, so each takes a token.
  if (type === "mutation") await enforceUserWriteRate(ctx, authenticated.user.id);
  return next({
    ctx: {
      ...ctx,
      user: authenticated.user,
      session: authenticated.session,
      transport: authenticated.transport,
    },
  });
});
