/**
 * Test harness for router tests: a fresh migrated database per test file, a movable clock,
 * factories for users and tasks, and callers that present a token the way real clients do.
 */
import { randomUUID } from "node:crypto";
import {
  argon2idHasher,
  cookiePolicyForOrigin,
  createConcurrencyLimiter,
  createPasswordService,
  createSession,
  defaultPasswordHashingLimits,
  findSession,
  hashPassword,
  type PasswordService,
  sessionCookieName,
} from "@doable/auth";
import {
  type Database,
  type DatabaseHandle,
  publicUserColumns,
  type Session,
  sessions,
  tasks,
  users,
} from "@doable/db";
import { createTestDatabase } from "@doable/db/testing";
import { type Mailer, queuedMailer, silentMailLog, smtpTransport, unavailableMailer } from "@doable/mail";
import {
  type ReceivedMail,
  startTestSmtpServer,
  type TestSmtpServer,
} from "@doable/test-support/smtp-server";
import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { eq, type Logger } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { expect } from "vitest";
import { appRouter, createCaller } from "./root";
import type { TaskFeed } from "./task/task-feed";
import { createTRPCContext } from "./trpc";
import type { PublicUser } from "./user";

export const TEST_PASSWORD = "correct horse battery staple";
export const TEST_ORIGIN = "http://localhost:3000";
const TEST_MAIL_FROM = "Doable <doable@example.com>";
/** Retries in tests wait moments, not minutes. */
const TEST_MAIL_RETRY_DELAYS_MS = [10, 10, 10];

/**
 * Forms an address parser reads as something other than one plain address: a display name with
 * another address inside, several recipients, comments, groups, quoted or bracketed parts.
 */
export const HOSTILE_EMAILS = [
  "a<victim@example.com>",
  "victim@example.com>",
  "<victim@example.com>",
  "x,y@evil.com",
  "victim@example.com,attacker@evil.com",
  "a(comment)@example.com",
  "a;b@example.com",
  "group:a@example.com",
  "a\\b@example.com",
  "[a]@example.com",
  '"a"@example.com',
  "a@[127.0.0.1]",
  "a@example.com;",
  "a@exa_mple.com",
  "a@example.com (x)",
  "a@exa mple.com",
];

export type Caller = ReturnType<typeof createCaller>;

/** Room for every sign-up a router test fires at once (20 racing one email), waiting as long as a busy CI machine needs. */
const TEST_HASHING_QUEUE = 64;
const TEST_HASHING_MAX_WAIT_MS = 60_000;

/**
 * Real argon2id with the production concurrency but a queue no router test fills: tests that
 * race sign-ups are about the database, not about hashing capacity (overload.test.ts is).
 */
export const routerTestPasswords: PasswordService = createPasswordService(
  argon2idHasher,
  createConcurrencyLimiter({
    ...defaultPasswordHashingLimits(),
    maxQueued: TEST_HASHING_QUEUE,
    maxWaitMs: TEST_HASHING_MAX_WAIT_MS,
  }),
);

export interface TestClock {
  now(): Date;
  set(date: Date): void;
  advance(milliseconds: number): void;
}

function createClock(start: Date): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (milliseconds) => {
      current += milliseconds;
    },
  };
}

export interface CallOptions {
  token?: string | null;
  /** The database the procedures use; by default the test API's own. */
  db?: Database;
  /** Set to test per-client throttling; by default calls are in-process (never throttled). */
  clientIp?: string | null;
  transport?: "cookie" | "bearer";
  userAgent?: string;
  /** Defaults to `routerTestPasswords`. */
  passwords?: PasswordService;
  /** For `task.onChange`; without it the caller is like a script's, which cannot stream. */
  taskFeed?: TaskFeed;
  /** Aborts the caller's procedures, as a client that goes away does. */
  signal?: AbortSignal;
  /** Extra request headers (a device cookie, say). */
  headers?: Record<string, string>;
  /** The mailer the procedures use; by default the test API's own. */
  mailer?: Mailer;
}

export interface CallResult {
  caller: Caller;
  /** Set-Cookie headers the procedure wrote. */
  resHeaders: Headers;
}

export interface TestUser {
  user: PublicUser;
  token: string;
  password: string;
  caller: Caller;
}

const hashCache = new Map<string, Promise<string>>();

function cachedHash(password: string): Promise<string> {
  let hashed = hashCache.get(password);
  if (!hashed) {
    hashed = hashPassword(password);
    hashCache.set(password, hashed);
  }
  return hashed;
}

export interface UserOverrides {
  email?: string;
  name?: string | null;
  password?: string;
  /** The account's time zone (default UTC, as a new account's). */
  timeZone?: string;
}

export interface TestApi {
  handle: DatabaseHandle;
  db: Database;
  clock: TestClock;
  /** A caller plus the response headers it writes to. */
  call(options?: CallOptions): CallResult;
  caller(options?: CallOptions): Caller;
  createUser(overrides?: UserOverrides): Promise<TestUser>;
  createTask(
    userId: string,
    overrides?: Partial<typeof tasks.$inferInsert>,
  ): Promise<typeof tasks.$inferSelect>;
  /** The stored row of the session behind `token`, or null once it has ended. */
  sessionRow(token: string): Promise<Session | null>;
  /** The in-process SMTP server mail goes to (`createTestApi({ mail: true })`), else null. */
  smtp: TestSmtpServer | null;
  mailer: Mailer;
  /** The next message for `to` (matching `subject`), once everything queued has been sent. */
  nextMail(to: string, subject?: RegExp): Promise<ReceivedMail>;
  /** Messages received for `to` once everything queued has been sent. */
  mailTo(to: string): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A statement as the app sent it, with its parameters. */
export interface LoggedStatement {
  query: string;
  params: unknown[];
}

/**
 * A second Drizzle instance over the test API's own connection that appends every statement the
 * app sends through it to `log`: for tests of what a procedure sends, not only what it answers.
 */
export function loggingDatabase(handle: DatabaseHandle, log: LoggedStatement[]): Database {
  const logger: Logger = { logQuery: (query, params) => log.push({ query, params }) };
  const client = (handle.db as unknown as { $client: unknown }).$client;
  const logging =
    handle.driver === "pglite"
      ? drizzlePglite({ client: client as never, casing: "snake_case", logger })
      : drizzlePostgres({ client: client as never, casing: "snake_case", logger });
  return logging as unknown as Database;
}

/** The token in the first link of `mail` (`...?token=...`). */
export function tokenFromMail(mail: ReceivedMail): string {
  for (const link of mail.links) {
    const token = new URL(link).searchParams.get("token");
    if (token) return token;
  }
  throw new Error(`no token link in "${mail.subject}": ${mail.text}`);
}

export interface TestApiOptions {
  /** Send mail through a real SMTP server in this process; without it mail is unavailable. */
  mail?: boolean;
}

export async function createTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const handle = await createTestDatabase();
  const db = handle.db;
  const clock = createClock(new Date());
  const cookiePolicy = cookiePolicyForOrigin(TEST_ORIGIN);
  const smtp = options.mail ? await startTestSmtpServer() : null;
  const mailer = smtp
    ? queuedMailer(smtpTransport(smtp.url, TEST_MAIL_FROM), silentMailLog, {
        retryDelaysMs: TEST_MAIL_RETRY_DELAYS_MS,
      })
    : unavailableMailer;

  function requireSmtp(): TestSmtpServer {
    if (!smtp) throw new Error("this test API has no mail: createTestApi({ mail: true })");
    return smtp;
  }

  function call(options: CallOptions = {}): CallResult {
    const headers = new Headers(options.headers);
    if (options.userAgent) headers.set("user-agent", options.userAgent);
    if (options.token) {
      if ((options.transport ?? "bearer") === "bearer")
        headers.set("authorization", `Bearer ${options.token}`);
      else {
        const session = `${sessionCookieName(cookiePolicy)}=${options.token}`;
        const others = headers.get("cookie");
        headers.set("cookie", others ? `${others}; ${session}` : session);
      }
    }
    const resHeaders = new Headers();
    const caller = createCaller(
      createTRPCContext({
        db: options.db ?? db,
        headers,
        resHeaders,
        cookiePolicy,
        clientIp: options.clientIp ?? null,
        now: clock.now,
        passwords: options.passwords ?? routerTestPasswords,
        taskFeed: options.taskFeed ?? null,
        mailer: options.mailer ?? mailer,
        appOrigin: TEST_ORIGIN,
      }),
      { signal: options.signal },
    );
    return { caller, resHeaders };
  }

  let userCount = 0;
  async function createUser(overrides: UserOverrides = {}): Promise<TestUser> {
    userCount += 1;
    const password = overrides.password ?? TEST_PASSWORD;
    const [user] = await db
      .insert(users)
      .values({
        email: overrides.email ?? `user${userCount}-${randomUUID().slice(0, 8)}@example.com`,
        name: overrides.name === undefined ? `User ${userCount}` : overrides.name,
        passwordHash: await cachedHash(password),
        ...(overrides.timeZone === undefined ? {} : { timeZone: overrides.timeZone }),
      })
      .returning(publicUserColumns);
    if (!user) throw new Error("user insert returned no row");
    const { token } = await createSession(db, {
      userId: user.id,
      kind: "cli",
      userAgent: null,
      now: clock.now(),
    });
    return { user, token, password, caller: call({ token }).caller };
  }

  async function createTask(
    userId: string,
    overrides: Partial<typeof tasks.$inferInsert> = {},
  ): Promise<typeof tasks.$inferSelect> {
    const [task] = await db
      .insert(tasks)
      .values({ userId, title: `Task ${randomUUID().slice(0, 6)}`, ...overrides })
      .returning();
    if (!task) throw new Error("task insert returned no row");
    return task;
  }

  return {
    handle,
    db,
    clock,
    call,
    caller: (options) => call(options).caller,
    createUser,
    createTask,
    sessionRow: (token) => findSession(db, sessionIdOf(token)),
    smtp,
    mailer,
    async nextMail(to, subject) {
      await mailer.idle();
      return requireSmtp().nextMessage(to, subject ? { subject } : {});
    },
    async mailTo(to) {
      await mailer.idle();
      return requireSmtp().messagesTo(to);
    },
    async close() {
      await mailer.close();
      await smtp?.close();
      await handle.close();
    },
  };
}

/** The rejection of `promise`, which must be a TRPCError; a success fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected the call to fail, but it returned ${JSON.stringify(value)}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The rejection of `promise` must carry this code and this message. */
export async function expectRejected(
  promise: Promise<unknown>,
  code: TRPCError["code"],
  message: string,
): Promise<void> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  expect(error.message).toBe(message);
}

/** The types of the user's recent security events, newest first. */
export async function securityEventTypes(user: TestUser): Promise<string[]> {
  return (await user.caller.account.securityActivity()).map((event) => event.type);
}

/** How many sessions the user has in the database, live or not yet purged. */
export async function storedSessionCount(db: Database, userId: string): Promise<number> {
  return (await db.select().from(sessions).where(eq(sessions.userId, userId))).length;
}

/** The error exactly as the router's formatter sends it to a client. */
export function clientErrorShape(error: TRPCError, path?: string, requestId?: string) {
  return getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path,
    input: undefined,
    ctx: requestId === undefined ? undefined : ({ requestId } as never),
  });
}

/** BAD_REQUEST (400) whose field errors name `field`, matching `message` when given. */
export async function expectBadRequest(
  promise: Promise<unknown>,
  path: string,
  field: string,
  message?: RegExp,
) {
  const error = await rejection(promise);
  expect(error.code).toBe("BAD_REQUEST");
  const shape = clientErrorShape(error, path);
  expect(shape.data.httpStatus).toBe(400);
  expect(Object.keys(shape.data.fieldErrors ?? {})).toContain(field);
  if (message) expect(shape.data.fieldErrors?.[field]?.join(" ")).toMatch(message);
  return shape;
}

/** The id part of a `<id>.<secret>` session token. */
export function sessionIdOf(token: string): string {
  const [id] = token.split(".");
  if (!id) throw new Error(`not a session token: ${token}`);
  return id;
}

/** The session token a procedure put in its (http-origin) Set-Cookie, or null. */
export function sessionCookieToken(resHeaders: Headers): string | null {
  const name = sessionCookieName(cookiePolicyForOrigin(TEST_ORIGIN));
  const cookie = resHeaders.getSetCookie().find((value) => value.startsWith(`${name}=`));
  return cookie?.slice(name.length + 1).split(";")[0] || null;
}

/**
 * The answer of a sign-in that finished (no second factor asked for): a test of an account without
 * two-factor fails here, loudly, if a code was required after all.
 */
export function finishedSignIn<Answer extends object>(
  answer: Answer,
): Exclude<Answer, { twoFactorRequired: true }> {
  if ("twoFactorRequired" in answer) throw new Error("sign-in asked for a second factor");
  return answer as Exclude<Answer, { twoFactorRequired: true }>;
}
