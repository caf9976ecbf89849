/**
 * Router-wide guarantees: every procedure except the public auth ones demands a session,
 * and no procedure's output ever carries a password hash, a secret hash, a session token or
 * another user's data.
 */
import {
  createSession,
  DAY_MS,
  SECOND_MS,
  SESSION_STARTING_PROCEDURES,
  TOTP_STEP_SECONDS,
  totpCode,
} from "@doable/auth";
import { emailTokens, passkeys, sessions, tasks, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { createTaskFeed } from "./task/task-feed";
import {
  type Caller,
  type CallOptions,
  clientErrorShape,
  createTestApi,
  rejection,
  sessionCookieToken,
  sessionIdOf,
  type TestApi,
  tokenFromMail,
} from "./testing";
import { registerSoftPasskey, signWithSoftPasskey } from "./testing-passkeys";

const PUBLIC_PROCEDURES = [
  "auth.completeSignIn",
  "auth.me",
  "auth.passkey.begin",
  "auth.passkey.finish",
  "auth.requestPasswordReset",
  "auth.resetPassword",
  "auth.signIn",
  "auth.signOut",
  "auth.signUp",
  "auth.verifyEmail",
];

/** The procedure names DESIGN.md makes part of the contract. */
const CONTRACT_PROCEDURES = [
  ...PUBLIC_PROCEDURES,
  "account.sessions",
  "account.securityActivity",
  "account.revokeSession",
  "account.revokeOtherSessions",
  "account.changePassword",
  "account.update",
  "account.delete",
  "account.emailStatus",
  "account.resendVerification",
  "account.requestEmailChange",
  "account.twoFactor.begin",
  "account.twoFactor.enable",
  "account.twoFactor.disable",
  "account.passkeys.list",
  "task.list",
  "task.byId",
  "task.create",
  "task.update",
  "task.setCompleted",
  "task.delete",
  "task.clearCompleted",
  "task.restore",
  "task.trash",
  "task.deleteForever",
  "task.emptyTrash",
  "task.stats",
  "task.onChange",
  "project.list",
  "project.create",
  "project.update",
  "project.delete",
  "project.restore",
];

const WELL_FORMED_UNKNOWN_TOKEN = `${"A".repeat(20)}.${"B".repeat(32)}`;

const allPaths = Object.keys(appRouter._def.procedures).sort();
const protectedPaths = allPaths.filter((path) => !PUBLIC_PROCEDURES.includes(path));

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ mail: true });
});
afterAll(async () => {
  await api.close();
});

type ProcedureFn = (input?: unknown) => Promise<unknown>;

/** The caller's function for a dotted path, so procedures can be walked without naming them. */
function procedureAt(caller: Caller, path: string): ProcedureFn {
  let node: unknown = caller;
  for (const segment of path.split(".")) node = (node as Record<string, unknown>)[segment];
  if (typeof node !== "function") throw new Error(`no procedure at ${path}`);
  return node as ProcedureFn;
}

describe("the router's shape", () => {
  it("has every procedure that auth's CSRF rule treats as starting a session (login CSRF)", () => {
    for (const path of SESSION_STARTING_PROCEDURES) expect(allPaths).toContain(path);
  });

  it("holds every procedure named in the contract, with no lazy sub-routers hiding from the walk", () => {
    expect(allPaths).toEqual(expect.arrayContaining(CONTRACT_PROCEDURES));
    expect(Object.keys(appRouter._def.lazy ?? {})).toEqual([]);
    expect(protectedPaths.length).toBe(allPaths.length - PUBLIC_PROCEDURES.length);
  });
});

describe("every procedure except the public auth ones demands a session", () => {
  /** Inputs that would succeed for a signed-in owner, so only the missing session can refuse them. */
  async function plausibleInputs(): Promise<Record<string, unknown>> {
    const owner = await api.createUser({ name: "Owner" });
    const task = await api.createTask(owner.user.id, {
      title: "owner's task",
      completed: true,
      completedAt: new Date(),
    });
    return {
      ownerId: owner.user.id,
      ownerToken: owner.token,
      taskId: task.id,
      "account.revokeSession": { id: sessionIdOf(owner.token) },
      "account.changePassword": { currentPassword: owner.password, newPassword: "hijacked password" },
      "account.update": { name: "Hijacked" },
      "account.delete": { password: owner.password },
      "account.requestEmailChange": { newEmail: "hijacked@example.com", password: owner.password },
      "account.twoFactor.enable": { code: "123456" },
      "account.twoFactor.disable": { password: owner.password },
      "account.twoFactor.regenerateRecoveryCodes": { password: owner.password },
      "task.list": { status: "all" },
      "task.byId": { id: task.id },
      "task.create": { title: "planted" },
      "task.update": { id: task.id, title: "Hijacked" },
      "task.setCompleted": { id: task.id, completed: false },
      "task.delete": { id: task.id },
      "task.restore": { ids: [task.id] },
      "task.trash": { limit: 10 },
      "task.deleteForever": { ids: [task.id] },
      "project.create": { name: "Planted" },
      "project.update": { id: task.projectId, color: "#dc2626" },
      "project.delete": { id: task.projectId },
      "project.restore": { id: task.projectId },
    };
  }

  async function signedOutToken(): Promise<string> {
    const { token } = await api.createUser();
    await api.caller({ token }).auth.signOut();
    return token;
  }

  async function expiredToken(): Promise<string> {
    const { user } = await api.createUser();
    const longAgo = new Date(api.clock.now().getTime() - 8 * DAY_MS);
    const { token } = await createSession(api.db, {
      userId: user.id,
      kind: "cli",
      userAgent: null,
      now: longAgo,
    });
    return token;
  }

  it("lists the protected procedures (sanity: the walk is not empty)", () => {
    expect(protectedPaths).toEqual(expect.arrayContaining(["account.sessions", "task.list", "task.create"]));
  });

  it.each(protectedPaths)(
    "%s answers UNAUTHORIZED without a valid session and changes nothing",
    async (path) => {
      const inputs = await plausibleInputs();
      const ownerId = inputs.ownerId as string;
      const taskId = inputs.taskId as string;
      const [userBefore] = await api.db.select().from(users).where(eq(users.id, ownerId));
      const [taskBefore] = await api.db.select().from(tasks).where(eq(tasks.id, taskId));
      const sessionsBefore = await api.db.select().from(sessions).where(eq(sessions.userId, ownerId));

      const presented: CallOptions[] = [
        {},
        { token: "garbage", transport: "bearer" },
        { token: "garbage", transport: "cookie" },
        { token: WELL_FORMED_UNKNOWN_TOKEN, transport: "bearer" },
        { token: WELL_FORMED_UNKNOWN_TOKEN, transport: "cookie" },
        // The owner's session id with a forged secret.
        { token: `${sessionIdOf(inputs.ownerToken as string)}.${"C".repeat(32)}`, transport: "bearer" },
        { token: await signedOutToken(), transport: "bearer" },
        { token: await expiredToken(), transport: "cookie" },
      ];
      const candidateInputs = [inputs[path], undefined, {}].filter(
        (input, index, all) => index === 0 || input !== all[0],
      );

      for (const options of presented) {
        for (const input of candidateInputs) {
          const { caller, resHeaders } = api.call(options);
          const error = await rejection(procedureAt(caller, path)(input));
          expect(
            error.code,
            `${path} with ${JSON.stringify(options)} and input ${JSON.stringify(input)}`,
          ).toBe("UNAUTHORIZED");
          const shape = clientErrorShape(error, path);
          expect(shape.data.httpStatus).toBe(401);
          expect(JSON.stringify(shape)).not.toMatch(/stack|at .*\.ts:\d+/);
          // A dead cookie is cleared; no new session is ever handed out.
          for (const cookie of resHeaders.getSetCookie()) expect(cookie).toMatch(/Max-Age=0/);
        }
      }

      const [userAfter] = await api.db.select().from(users).where(eq(users.id, ownerId));
      const [taskAfter] = await api.db.select().from(tasks).where(eq(tasks.id, taskId));
      const sessionsAfter = await api.db.select().from(sessions).where(eq(sessions.userId, ownerId));
      expect(userAfter).toEqual(userBefore);
      expect(taskAfter).toEqual(taskBefore);
      expect(sessionsAfter).toEqual(sessionsBefore);
    },
  );

  it("the public procedures work without a session", async () => {
    await expect(api.caller().auth.me()).resolves.toBeNull();
    await expect(api.caller().auth.signOut()).resolves.toEqual({ signedOut: true });
    const signIn = await rejection(
      api.caller().auth.signIn({ email: "nobody@example.com", password: "whatever" }),
    );
    expect(signIn.code).toBe("UNAUTHORIZED");
    expect(signIn.message).toBe("Invalid credentials");
    const completeSignIn = await rejection(
      api.caller().auth.completeSignIn({ challenge: WELL_FORMED_UNKNOWN_TOKEN, code: "123456" }),
    );
    expect(completeSignIn.code).toBe("UNAUTHORIZED");
    expect(completeSignIn.message).toBe("Invalid code");
  });
});

describe("every procedure with an input rejects unknown keys", () => {
  it.each(allPaths)("%s", async (path) => {
    const procedure = appRouter._def.procedures[
      path as keyof typeof appRouter._def.procedures
    ] as unknown as {
      _def: { inputs: unknown[] };
    };
    if (procedure._def.inputs.length === 0) {
      // Nothing to smuggle a key into: the procedure takes no input at all.
      expect(procedure._def.inputs).toEqual([]);
      return;
    }
    const { caller, token, user } = await api.createUser();
    const owned = await api.createTask(user.id, { title: "target" });
    const bases: Record<string, Record<string, unknown>> = {
      "auth.signUp": { email: "smuggler@example.com", password: "a password" },
      "auth.signIn": { email: "smuggler@example.com", password: "a password" },
      "account.revokeSession": { id: sessionIdOf(token) },
      "account.changePassword": { currentPassword: "x", newPassword: "new password" },
      "account.update": { name: "x" },
      "account.delete": { password: "x" },
      "account.requestEmailChange": { newEmail: "x@example.com", password: "x" },
      "auth.requestPasswordReset": { email: "smuggler@example.com" },
      "auth.resetPassword": { token: "x", newPassword: "new password" },
      "auth.verifyEmail": { token: "x" },
      "auth.completeSignIn": { challenge: "x", code: "123456" },
      "account.twoFactor.enable": { code: "123456" },
      "account.twoFactor.disable": { password: "x" },
      "account.twoFactor.regenerateRecoveryCodes": { password: "x" },
      "account.passkeys.rename": { id: owned.id, name: "x" },
      "account.passkeys.remove": { id: owned.id, password: "x" },
      "task.byId": { id: owned.id },
      "task.create": { title: "x" },
      "task.update": { id: owned.id, title: "x" },
      "task.setCompleted": { id: owned.id, completed: true },
      "task.delete": { id: owned.id },
      "task.restore": { ids: [owned.id] },
      "task.trash": { limit: 10 },
      "task.deleteForever": { ids: [owned.id] },
    };
    const error = await rejection(
      procedureAt(caller, path)({ ...(bases[path] ?? {}), userId: "someone-else" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(clientErrorShape(error, path).data.fieldErrors ?? {})).toContain("userId");
    // The target of the smuggled call is untouched.
    expect((await api.db.select().from(tasks).where(eq(tasks.id, owned.id)))[0]).toMatchObject({
      title: "target",
      completed: false,
    });
  });
});

describe("the error formatter", () => {
  it("hides internal errors behind a generic message with the request id, and never sends a stack", () => {
    const error = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: 'relation "users" violates password_hash $argon2id$...',
      cause: new Error("connection string postgres://user:pw@host/db"),
    });
    const shape = clientErrorShape(error, "task.list", "req-123");
    expect(shape.message).toBe("Something went wrong on our side. Please try again.");
    expect(shape.data).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      httpStatus: 500,
      requestId: "req-123",
    });
    const text = JSON.stringify(shape);
    expect(text).not.toContain("stack");
    expect(text).not.toContain("argon2");
    expect(text).not.toContain("postgres://");
  });

  it("keeps the message of expected errors and gives no request id", () => {
    const shape = clientErrorShape(
      new TRPCError({ code: "NOT_FOUND", message: "Task not found" }),
      "task.byId",
      "req-1",
    );
    expect(shape).toMatchObject({
      message: "Task not found",
      data: { httpStatus: 404, fieldErrors: null, requestId: null },
    });
  });
});

describe("no output ever carries a hash, a token or another user's data", () => {
  const FORBIDDEN_KEYS = new Set(["passwordHash", "password_hash", "secretHash", "secret_hash", "password"]);

  interface Recorded {
    path: string;
    output: unknown;
    /** The explicit `token` field of a bearer sign-in / password change is allowed to carry one. */
    allowTokenField: boolean;
  }

  function leaks(value: unknown, needles: Map<string, string>, allowTokenField: boolean, at = "$"): string[] {
    if (typeof value === "string") {
      const found: string[] = [];
      if (value.includes("$argon2")) found.push(`${at}: a password hash`);
      for (const [needle, what] of needles) if (value.includes(needle)) found.push(`${at}: ${what}`);
      return found;
    }
    if (value === null || typeof value !== "object" || value instanceof Date) return [];
    if (Array.isArray(value))
      return value.flatMap((item, index) => leaks(item, needles, false, `${at}[${index}]`));
    return Object.entries(value).flatMap(([key, item]) => {
      const found: string[] = [];
      if (FORBIDDEN_KEYS.has(key)) found.push(`${at}.${key}: forbidden key`);
      if (allowTokenField && at === "$" && key === "token") return found;
      return [...found, ...leaks(item, needles, false, `${at}.${key}`)];
    });
  }

  it("walks the success path of every procedure and scans every output", async () => {
    const recorded: Recorded[] = [];
    const issuedTokens = new Set<string>();
    const covered = new Set<string>();

    async function run(path: string, options: CallOptions, input?: unknown, allowTokenField = false) {
      const { caller, resHeaders } = api.call({ userAgent: "scanner", ...options });
      const output = await procedureAt(caller, path)(input);
      covered.add(path);
      recorded.push({ path, output, allowTokenField });
      const cookieToken = sessionCookieToken(resHeaders);
      if (cookieToken) issuedTokens.add(cookieToken);
      const bodyToken = (output as { token?: unknown } | null)?.token;
      if (typeof bodyToken === "string") issuedTokens.add(bodyToken);
      return { output: output as Record<string, unknown>, cookieToken };
    }

    // Someone else's data, which must never show up in the owner's outputs.
    const stranger = await api.createUser({ name: "Stranger Name" });
    const strangerTask = await api.createTask(stranger.user.id, {
      title: "stranger's secret task",
      tags: ["private"],
    });
    const strangerTrash = await api.createTask(stranger.user.id, {
      title: "stranger's trashed secret",
      deletedAt: api.clock.now(),
    });
    issuedTokens.add(stranger.token);
    const strangerPasskey = await stranger.caller.account.passkeys.finishRegistration({
      response: registerSoftPasskey(await stranger.caller.account.passkeys.beginRegistration()).response,
      name: "Stranger's passkey",
    });

    const email = "scanner@example.com";
    const password = "scanner password";
    const signUp = await run("auth.signUp", {}, { email, password, name: "Scanner" });
    const browser = signUp.cookieToken ?? "";
    expect(browser).not.toBe("");
    const bearer = (await run("auth.signIn", {}, { email, password, transport: "bearer" }, true)).output
      .token as string;
    const spare = (await run("auth.signIn", {}, { email, password })).cookieToken ?? "";
    expect(bearer).toBeTruthy();
    expect(spare).toBeTruthy();

    const asBrowser: CallOptions = { token: browser, transport: "cookie" };
    await run("account.resendVerification", asBrowser);
    const verifyToken = tokenFromMail(await api.nextMail(email, /Confirm your email/));
    const verifyAgain = tokenFromMail(await api.nextMail(email, /Confirm your email/));
    issuedTokens.add(verifyToken).add(verifyAgain);
    await run("auth.verifyEmail", {}, { token: verifyAgain });
    await run("account.emailStatus", asBrowser);
    await run("auth.me", asBrowser);
    await run("account.sessions", asBrowser);
    await run("account.securityActivity", asBrowser);
    await run("account.update", asBrowser, { name: "Scanner Renamed" });

    const created = (
      await run(
        "task.create",
        { token: bearer },
        {
          title: "scan task",
          description: "details",
          priority: "high",
          dueDate: new Date(api.clock.now().getTime() + DAY_MS).toISOString().slice(0, 10),
          dueTime: "09:30",
          tags: ["scan"],
          remindAt: new Date(api.clock.now().getTime() + DAY_MS),
        },
      )
    ).output;
    const taskId = created.id as string;
    await run("task.reminders", { token: bearer });
    await run("task.list", { token: bearer });
    await run("task.list", { token: bearer }, { search: "task", limit: 100 });
    await run("task.byId", { token: bearer }, { id: taskId });
    await run("task.update", { token: bearer }, { id: taskId, title: "scan task renamed" });
    await run("task.setCompleted", { token: bearer }, { id: taskId, completed: true });
    await run("task.setAllCompleted", { token: bearer }, { completed: false });
    await run(
      "task.setCompletedMany",
      { token: bearer },
      { ids: [taskId, strangerTrash.id], completed: true },
    );
    const second = (await run("task.create", { token: bearer }, { title: "scan task two" })).output;
    await run("task.move", { token: bearer }, { id: second.id as string, afterId: taskId });
    await run("task.updateMany", { token: bearer }, { ids: [taskId, strangerTrash.id], addTags: ["bulk"] });
    await run("task.deleteMany", { token: bearer }, { ids: [second.id as string, strangerTrash.id] });
    await run("task.stats", { token: bearer });
    // The live stream, resumed from before the first event: the owner's changes so far (one task).
    const feed = createTaskFeed(api.handle.listen);
    const leaving = new AbortController();
    try {
      const stream = await api
        .call({ token: bearer, taskFeed: feed, signal: leaving.signal })
        .caller.task.onChange({ lastEventId: "0" });
      for await (const event of stream) {
        recorded.push({ path: "task.onChange", output: event, allowTokenField: false });
        break;
      }
      covered.add("task.onChange");
    } finally {
      leaving.abort();
      await feed.close();
    }
    await run("task.clearCompleted", { token: bearer });
    const doomed = (await run("task.create", { token: bearer }, { title: "doomed" })).output.id as string;
    await run("task.delete", { token: bearer }, { id: doomed });
    await run("task.trash", { token: bearer });
    await run("task.restore", { token: bearer }, { ids: [doomed, strangerTrash.id] });
    await run("task.delete", { token: bearer }, { id: doomed });
    await run("task.deleteForever", { token: bearer }, { ids: [doomed, strangerTrash.id] });
    await run("task.emptyTrash", { token: bearer });

    // Projects (ADR 0042): made, renamed, a task moved in, listed, deleted and restored.
    const project = (
      await run("project.create", { token: bearer }, { name: "Scan project", color: "#2563eb" })
    ).output.id as string;
    await run(
      "project.update",
      { token: bearer },
      { id: project, name: "Scan project renamed", archived: false },
    );
    // The first task went to the trash with "clear completed" above: a new one moves in.
    const moving = (await run("task.create", { token: bearer }, { title: "scan task to move" })).output
      .id as string;
    await run("task.update", { token: bearer }, { id: moving, projectId: project });
    await run("task.list", { token: bearer }, { projectId: project, status: "all" });
    await run("task.stats", { token: bearer }, { projectId: project });
    await run("project.list", { token: bearer });
    await run("project.delete", { token: bearer }, { id: project });
    await run("project.restore", { token: bearer }, { id: project });

    // Two-factor (ADR 0035): turned on, a sign-in finished with a code, new recovery codes, off.
    await run("account.twoFactor.status", { token: bearer });
    const { secret } = (await run("account.twoFactor.begin", { token: bearer })).output as { secret: string };
    await run("account.twoFactor.enable", { token: bearer }, { code: totpCode(secret, api.clock.now()) });
    api.clock.advance(TOTP_STEP_SECONDS * SECOND_MS); // the step that turned it on is spent
    const challenge = (await run("auth.signIn", {}, { email, password, transport: "bearer" })).output
      .challenge as string;
    const secondFactor = await run(
      "auth.completeSignIn",
      {},
      { challenge, code: totpCode(secret, api.clock.now()) },
      true,
    );
    expect(secondFactor.output.token).toBeTruthy();
    await run("account.twoFactor.regenerateRecoveryCodes", { token: bearer }, { password });
    await run("account.twoFactor.disable", { token: bearer }, { password });

    // Passkeys (ADR 0036): added, listed, renamed, a sign-in with one, removed.
    const registration = registerSoftPasskey(
      (await run("account.passkeys.beginRegistration", asBrowser)).output as unknown as Parameters<
        typeof registerSoftPasskey
      >[0],
    );
    const passkeyId = (
      await run("account.passkeys.finishRegistration", asBrowser, { response: registration.response })
    ).output.id as string;
    await run("account.passkeys.list", asBrowser);
    await run("account.passkeys.rename", asBrowser, { id: passkeyId, name: "Scanner key" });
    const passkeyOptions = (await run("auth.passkey.begin", {}, { transport: "bearer" })).output;
    const passkeySignIn = await run(
      "auth.passkey.finish",
      {},
      {
        response: signWithSoftPasskey(
          registration.passkey,
          passkeyOptions as unknown as Parameters<typeof signWithSoftPasskey>[1],
        ),
      },
      true,
    );
    expect(passkeySignIn.output.token).toBeTruthy();
    // A passkey in place of the password (ADR 0040): the passkey's session is replaced by a new one.
    const asPasskeySession: CallOptions = { token: passkeySignIn.output.token as string };
    const confirmOptions = (await run("account.passkeys.beginConfirmation", asPasskeySession)).output;
    const confirmed = await run(
      "account.passkeys.confirm",
      asPasskeySession,
      {
        response: signWithSoftPasskey(
          registration.passkey,
          confirmOptions as unknown as Parameters<typeof signWithSoftPasskey>[1],
        ),
      },
      true,
    );
    expect(confirmed.output.token).toBeTruthy();
    await run("account.passkeys.remove", asBrowser, { id: passkeyId, password });

    await run("account.revokeSession", asBrowser, { id: sessionIdOf(spare) });
    await run("account.revokeOtherSessions", asBrowser);

    // Password change over a cookie (token in the cookie only) and over bearer (token in the body).
    const changed = await run("account.changePassword", asBrowser, {
      currentPassword: password,
      newPassword: "scanner password 2",
    });
    const rotated = changed.cookieToken ?? "";
    expect(rotated).toBeTruthy();
    const cli = (
      await run("auth.signIn", {}, { email, password: "scanner password 2", transport: "bearer" }, true)
    ).output.token as string;
    const cliRotated = (
      await run(
        "account.changePassword",
        { token: cli },
        { currentPassword: "scanner password 2", newPassword: "scanner password 3" },
        true,
      )
    ).output.token as string;
    expect(cliRotated).toBeTruthy();

    await run("auth.me", { token: cliRotated });
    await run("account.sessions", { token: cliRotated });
    await run("auth.signOut", { token: rotated, transport: "cookie" });

    const newEmail = "scanner-moved@example.com";
    await run(
      "account.requestEmailChange",
      { token: cliRotated },
      { newEmail, password: "scanner password 3" },
    );
    const changeToken = tokenFromMail(await api.nextMail(newEmail, /Confirm your new email/));
    issuedTokens.add(changeToken);
    await run("auth.verifyEmail", {}, { token: changeToken });

    await run("auth.requestPasswordReset", {}, { email: newEmail });
    const resetToken = tokenFromMail(await api.nextMail(newEmail, /Reset your Doable password/));
    issuedTokens.add(resetToken);
    await run("auth.resetPassword", {}, { token: resetToken, newPassword: "scanner password 4" });
    const afterReset = (
      await run(
        "auth.signIn",
        {},
        { email: newEmail, password: "scanner password 4", transport: "bearer" },
        true,
      )
    ).output.token as string;
    await run("account.delete", { token: afterReset }, { password: "scanner password 4" });

    // Every procedure's success path ran: a new procedure must be added to this walk.
    expect([...covered].sort()).toEqual(allPaths);

    // Everything secret that existed at any point: tokens, their secrets, and the stored hashes.
    const needles = new Map<string, string>();
    for (const token of issuedTokens) {
      needles.set(token, "a session token");
      needles.set(token.split(".")[1] ?? token, "a session secret");
    }
    for (const row of await api.db.select().from(users))
      needles.set(row.passwordHash, "a stored password hash");
    for (const row of await api.db.select().from(sessions))
      needles.set(row.secretHash, "a stored secret hash");
    for (const row of await api.db.select().from(emailTokens))
      needles.set(row.secretHash, "a stored link hash");
    needles.set(stranger.user.id, "another user's id");
    needles.set(stranger.user.email, "another user's email");
    needles.set(sessionIdOf(stranger.token), "another user's session id");
    needles.set(strangerTask.id, "another user's task id");
    needles.set(strangerTask.title, "another user's task title");
    needles.set(strangerTrash.id, "another user's trashed task id");
    needles.set(strangerTrash.title, "another user's trashed task title");
    needles.set("Stranger Name", "another user's name");
    needles.set(strangerPasskey.id, "another user's passkey id");
    needles.set(strangerPasskey.name, "another user's passkey name");
    for (const row of await api.db.select().from(passkeys))
      needles.set(row.publicKey, "a passkey's public key");
    needles.set(
      Buffer.from(registration.passkey.cosePublicKey).toString("base64url"),
      "a passkey's public key",
    );

    const problems: string[] = [];
    for (const { path, output, allowTokenField } of recorded) {
      for (const problem of leaks(output, needles, allowTokenField)) problems.push(`${path} ${problem}`);
      // The wire form too (superjson), minus the one allowed field.
      const wire = superjson.stringify(
        allowTokenField && output && typeof output === "object" ? { ...output, token: null } : output,
      );
      if (wire.includes("$argon2")) problems.push(`${path}: wire form carries a password hash`);
      if (/secret_?hash|password_?hash/i.test(wire)) problems.push(`${path}: wire form names a hash field`);
    }
    expect(problems).toEqual([]);

    // The allowed token fields really carried tokens (so the exception above was needed and used).
    const tokenFields = recorded
      .filter((entry) => entry.allowTokenField)
      .map((entry) => (entry.output as { token: unknown }).token);
    expect(tokenFields.every((token) => typeof token === "string" && issuedTokens.has(token))).toBe(true);
  });

  it("the scanner itself catches a leak (guards against a scan that can never fail)", () => {
    const needles = new Map([["abc.def", "a session token"]]);
    expect(leaks({ user: { passwordHash: "x" } }, needles, false)).toHaveLength(1);
    expect(leaks([{ note: "$argon2id$v=19$..." }], needles, false)).toHaveLength(1);
    expect(leaks({ nested: { value: "see abc.def" } }, needles, false)).toHaveLength(1);
    expect(leaks({ token: "abc.def" }, needles, true)).toEqual([]);
    expect(leaks({ token: "abc.def" }, needles, false)).toHaveLength(1);
    expect(leaks({ nested: { token: "abc.def" } }, needles, true)).toHaveLength(1);
  });
});
