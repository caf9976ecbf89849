/**
 * Security hardening (issue 4) through the router: per-account and per-client throttling, no
 * account enumeration at sign-in, the password policy and the security activity log.
 */
import {
  argon2idHasher,
  COMMON_PASSWORD_MESSAGE,
  cookiePolicyForOrigin,
  createPasswordService,
  type PasswordHasher,
  type PasswordService,
  SECOND_MS,
} from "@doable/auth";
import { securityEvents, sessions, users } from "@doable/db";
import type { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createCaller } from "./root";
import {
  type Caller,
  clientErrorShape,
  createTestApi,
  finishedSignIn,
  rejection,
  TEST_PASSWORD,
  type TestApi,
} from "./testing";
import { createTRPCContext } from "./trpc";
import { uniqueEmail } from "@doable/test-support/unique-email";

const TEST_ORIGIN = "http://localhost:3000";
const cookiePolicy = cookiePolicyForOrigin(TEST_ORIGIN);
const MAX_WAIT_SECONDS = 300;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

let ipCount = 0;
/** A client address no other test uses, so its buckets start full. */
function uniqueIp(): string {
  ipCount += 1;
  return `203.0.113.${ipCount}`;
}

/** A hasher with no cost, for tests about counting requests rather than hashing. */
const instantHasher: PasswordHasher = {
  hash: async (password) => `instant:${password}`,
  verify: async (passwordHash, password) => passwordHash === `instant:${password}`,
};
const instantPasswords = createPasswordService(instantHasher);

/** The real argon2id hasher, counting the work it is asked to do. */
function countingPasswords(): { passwords: PasswordService; counts: { hash: number; verify: number } } {
  const counts = { hash: 0, verify: 0 };
  const passwords = createPasswordService({
    hash: (password) => {
      counts.hash += 1;
      return argon2idHasher.hash(password);
    },
    verify: (passwordHash, password) => {
      counts.verify += 1;
      return argon2idHasher.verify(passwordHash, password);
    },
  });
  return { passwords, counts };
}

interface CallOptions {
  token?: string | null;
  clientIp?: string | null;
  userAgent?: string;
  passwords?: PasswordService;
}

/** Like `api.call`, with a choice of password service: a caller and the headers it writes. */
function call(options: CallOptions = {}): { caller: Caller; resHeaders: Headers } {
  const headers = new Headers();
  if (options.userAgent) headers.set("user-agent", options.userAgent);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const resHeaders = new Headers();
  const caller = createCaller(
    createTRPCContext({
      db: api.db,
      headers,
      resHeaders,
      cookiePolicy,
      clientIp: options.clientIp ?? null,
      now: api.clock.now,
      passwords: options.passwords,
    }),
  );
  return { caller, resHeaders };
}

/** Everything a client can observe of a failed call: status, body and response headers. */
interface Answer {
  code: TRPCError["code"];
  shape: ReturnType<typeof clientErrorShape>;
  headers: [string, string][];
}

async function answerOf(
  run: (caller: Caller) => Promise<unknown>,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const { caller, resHeaders } = call(options);
  const error = await rejection(run(caller));
  return { code: error.code, shape: clientErrorShape(error, path), headers: [...resHeaders.entries()] };
}

const signInAnswer = (email: string, password: string, options: CallOptions = {}) =>
  answerOf((caller) => caller.auth.signIn({ email, password }), "auth.signIn", options);

/** A 429 as the client sees it, with the wait in the header, the message and the error data. */
function expectThrottled(answer: Answer, seconds: number): void {
  expect(answer.code).toBe("TOO_MANY_REQUESTS");
  expect(answer.shape.data.httpStatus).toBe(429);
  expect(answer.shape.data.retryAfterSeconds).toBe(seconds);
  expect(answer.headers).toEqual([["retry-after", String(seconds)]]);
  expect(answer.shape.message).toMatch(
    /^Too many (attempts|changes in a short time)\. Please try again in \d+ (second|minute)s?\.$/,
  );
}

function expectInvalidCredentials(answer: Answer): void {
  expect(answer.code).toBe("UNAUTHORIZED");
  expect(answer.shape.data.httpStatus).toBe(401);
  expect(answer.shape.message).toBe("Invalid credentials");
  expect(answer.shape.data.retryAfterSeconds).toBeNull();
  expect(answer.headers).toEqual([]);
}

/** A user whose password the instant hasher knows, so signing in costs nothing. */
async function instantUser(password = TEST_PASSWORD): Promise<{ id: string; email: string; token: string }> {
  const email = uniqueEmail("instant");
  const { caller } = call({ passwords: instantPasswords });
  const { user } = await caller.auth.signUp({ email, password });
  const signedIn = finishedSignIn(await caller.auth.signIn({ email, password, transport: "bearer" }));
  if (!signedIn.token) throw new Error("bearer sign-in returned no token");
  return { id: user.id, email, token: signedIn.token };
}

describe("per-account sign-in throttle", () => {
  it("locks after a failure, even for the right password, and a success resets the sequence", async () => {
    const { user, password } = await api.createUser();
    const { email } = user;
    expectInvalidCredentials(await signInAnswer(email, "wrong password 1"));
    const locked = await signInAnswer(email, password);
    expectThrottled(locked, 1);
    expect(locked.shape.message).toBe("Too many attempts. Please try again in 1 second.");

    api.clock.advance(SECOND_MS);
    expectInvalidCredentials(await signInAnswer(email, "wrong password 2"));
    expectThrottled(await signInAnswer(email, password), 2);
    api.clock.advance(SECOND_MS);
    expectThrottled(await signInAnswer(email, password), 1);
    api.clock.advance(SECOND_MS);
    const { user: signedIn } = finishedSignIn(await api.caller().auth.signIn({ email, password }));
    expect(signedIn.id).toBe(user.id);

    // The success cleared the count: the next failure waits 1 s again, not 4 s.
    expectInvalidCredentials(await signInAnswer(email, "wrong password 3"));
    expectThrottled(await signInAnswer(email, password), 1);
  });

  it("an unknown email gets exactly the same answers, so the throttle reveals no accounts", async () => {
    const { user } = await api.createUser();
    const unknown = uniqueEmail("nobody");
    const answers = async (email: string) => {
      const ip = uniqueIp();
      return [
        await signInAnswer(email, "wrong password", { clientIp: ip }),
        await signInAnswer(email, "wrong password", { clientIp: ip }),
        await signInAnswer(email, TEST_PASSWORD, { clientIp: ip }),
      ];
    };
    const known = await answers(user.email);
    const missing = await answers(unknown);
    expectInvalidCredentials(known[0] as Answer);
    expectThrottled(known[1] as Answer, 1);
    expectThrottled(known[2] as Answer, 1);
    expect(missing).toEqual(known);
  });

  it("never makes anyone wait more than 300 s, and attempts during a lock do not extend it", async () => {
    const { email } = await instantUser();
    const waits: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      expectInvalidCredentials(await signInAnswer(email, "not it at all", { passwords: instantPasswords }));
      const throttled = await signInAnswer(email, TEST_PASSWORD, { passwords: instantPasswords });
      expect(throttled.code).toBe("TOO_MANY_REQUESTS");
      const wait = throttled.shape.data.retryAfterSeconds ?? Number.NaN;
      waits.push(wait);
      api.clock.advance(wait * SECOND_MS);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 30, 60, 180, 300, 300, 300, 300]);

    expectInvalidCredentials(await signInAnswer(email, "not it at all", { passwords: instantPasswords }));
    const longest = await signInAnswer(email, TEST_PASSWORD, { passwords: instantPasswords });
    expectThrottled(longest, MAX_WAIT_SECONDS);
    expect(longest.shape.message).toBe("Too many attempts. Please try again in 5 minutes.");
    api.clock.advance(100 * SECOND_MS);
    expectThrottled(await signInAnswer(email, "still not it", { passwords: instantPasswords }), 200);
    api.clock.advance(199 * SECOND_MS);
    expectThrottled(await signInAnswer(email, TEST_PASSWORD, { passwords: instantPasswords }), 1);
    api.clock.advance(SECOND_MS);
    const { caller } = call({ passwords: instantPasswords });
    await expect(caller.auth.signIn({ email, password: TEST_PASSWORD })).resolves.toMatchObject({
      user: { email },
    });
  });

  it("simultaneous guesses for one account get one verification, the rest wait", async () => {
    const { user } = await api.createUser();
    const unknown = uniqueEmail("nobody");
    for (const email of [user.email, unknown]) {
      const { passwords, counts } = countingPasswords();
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) => signInAnswer(email, `guess number ${i}`, { passwords })),
      );
      expect(counts.verify).toBe(1);
      expect(answers.map((answer) => answer.code).sort()).toEqual([
        "TOO_MANY_REQUESTS",
        "TOO_MANY_REQUESTS",
        "TOO_MANY_REQUESTS",
        "TOO_MANY_REQUESTS",
        "UNAUTHORIZED",
      ]);
    }
  });
});

describe("per-client buckets", () => {
  const signIn = (options: CallOptions, email = uniqueEmail("nobody")) =>
    answerOf((caller) => caller.auth.signIn({ email, password: "whatever it is" }), "auth.signIn", {
      passwords: instantPasswords,
      ...options,
    });

  it("auth.signIn: 20 from one address, then 429 for that address only, one more per second", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 20; i += 1) expectInvalidCredentials(await signIn({ clientIp: ip }));
    const refused = await signIn({ clientIp: ip });
    expectThrottled(refused, 1);
    // Refused before any check of the credentials: even the right ones.
    const { email } = await instantUser();
    const rightOnes = await answerOf(
      (caller) => caller.auth.signIn({ email, password: TEST_PASSWORD }),
      "auth.signIn",
      { clientIp: ip, passwords: instantPasswords },
    );
    expectThrottled(rightOnes, 1);
    // Nor counted against the account: from another address it is not delayed.
    expectInvalidCredentials(
      await signInAnswer(email, "a wrong guess", { clientIp: uniqueIp(), passwords: instantPasswords }),
    );

    expectInvalidCredentials(await signIn({ clientIp: uniqueIp() }));
    api.clock.advance(SECOND_MS);
    expectInvalidCredentials(await signIn({ clientIp: ip }));
    expectThrottled(await signIn({ clientIp: ip }), 1);
  });

  it("auth.signUp: 3 from one address, then 429 for 10 s, then one more", async () => {
    const ip = uniqueIp();
    const signUp = (clientIp: string) => {
      const { caller, resHeaders } = call({ clientIp, passwords: instantPasswords });
      return {
        promise: caller.auth.signUp({ email: uniqueEmail("new"), password: TEST_PASSWORD }),
        resHeaders,
      };
    };
    for (let i = 0; i < 3; i += 1) await expect(signUp(ip).promise).resolves.toHaveProperty("user");
    const refused = await answerOf(
      (caller) => caller.auth.signUp({ email: uniqueEmail("new"), password: TEST_PASSWORD }),
      "auth.signUp",
      { clientIp: ip, passwords: instantPasswords },
    );
    expectThrottled(refused, 10);
    expect(refused.shape.message).toBe("Too many attempts. Please try again in 10 seconds.");

    await expect(signUp(uniqueIp()).promise).resolves.toHaveProperty("user");
    api.clock.advance(9 * SECOND_MS);
    await expect(signUp(ip).promise).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    api.clock.advance(SECOND_MS);
    await expect(signUp(ip).promise).resolves.toHaveProperty("user");
    await expect(signUp(ip).promise).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("account.changePassword: 5 from one address, then 429 before the password is even checked", async () => {
    const { token } = await instantUser();
    const ip = uniqueIp();
    const change = (clientIp: string | null, currentPassword = "not the password") =>
      answerOf(
        (caller) => caller.account.changePassword({ currentPassword, newPassword: "a brand new passphrase" }),
        "account.changePassword",
        { token, clientIp, passwords: instantPasswords },
      );
    for (let i = 0; i < 5; i += 1) expect((await change(ip)).code).toBe("BAD_REQUEST");
    const refused = await change(ip, TEST_PASSWORD);
    expectThrottled(refused, 60);
    expect(refused.shape.message).toBe("Too many attempts. Please try again in 1 minute.");
    // Those five guesses also used up the user's own bucket: another address does not help.
    expectThrottled(await change(uniqueIp()), 60);
  });

  it("account.delete: 5 password guesses per user from any addresses, then 429 even for the right one", async () => {
    const { token, id } = await instantUser();
    const remove = (password: string) =>
      answerOf((caller) => caller.account.delete({ password }), "account.delete", {
        token,
        clientIp: uniqueIp(),
        passwords: instantPasswords,
      });
    for (let i = 0; i < 5; i += 1) expect((await remove("not the password")).code).toBe("BAD_REQUEST");
    expectThrottled(await remove(TEST_PASSWORD), 60);
    expect(await api.db.select().from(users).where(eq(users.id, id))).toHaveLength(1);
    api.clock.advance(60 * SECOND_MS);
    await expect(
      call({ token, clientIp: uniqueIp(), passwords: instantPasswords }).caller.account.delete({
        password: TEST_PASSWORD,
      }),
    ).resolves.toEqual({ deleted: true });
  });

  it("never throttles in-process callers (no client address)", async () => {
    for (let i = 0; i < 25; i += 1) expectInvalidCredentials(await signIn({ clientIp: null }));
    const { caller } = call({ passwords: instantPasswords });
    for (let i = 0; i < 5; i += 1) {
      await expect(
        caller.auth.signUp({ email: uniqueEmail("script"), password: TEST_PASSWORD }),
      ).resolves.toHaveProperty("user");
    }
    const { token } = await instantUser();
    for (let i = 0; i < 7; i += 1) {
      const answer = await answerOf(
        (c) => c.account.changePassword({ currentPassword: "not it", newPassword: "a brand new passphrase" }),
        "account.changePassword",
        { token, passwords: instantPasswords },
      );
      expect(answer.code).toBe("BAD_REQUEST");
    }
  });
});

describe("per-user write rate", () => {
  const WRITE_BURST = 120;
  const WRITES_PER_SECOND = 10;

  it("120 changes at once from any addresses, then 429 for every mutation of that user only; reads go on", async () => {
    const { token } = await instantUser();
    const other = await instantUser();
    // The bucket is the user's: spreading the writes over addresses does not help.
    const create = (title: string, callToken = token) =>
      answerOf((caller) => caller.task.create({ title }), "task.create", {
        token: callToken,
        clientIp: uniqueIp(),
      });
    for (let i = 0; i < WRITE_BURST; i += 1) {
      await call({ token, clientIp: uniqueIp() }).caller.task.create({ title: `Task ${i}` });
    }
    const refused = await create("one too many");
    expectThrottled(refused, 1);
    expect(refused.shape.message).toBe("Too many changes in a short time. Please try again in 1 second.");
    const update = await answerOf((caller) => caller.account.update({ name: "New name" }), "account.update", {
      token,
      clientIp: uniqueIp(),
    });
    expectThrottled(update, 1);

    const reader = call({ token, clientIp: uniqueIp() }).caller;
    expect((await reader.task.stats()).total).toBe(WRITE_BURST);
    await expect(
      call({ token: other.token, clientIp: uniqueIp() }).caller.task.create({ title: "Mine" }),
    ).resolves.toMatchObject({
      title: "Mine",
    });

    api.clock.advance(SECOND_MS);
    const afterOneSecond: string[] = [];
    for (let i = 0; i < WRITES_PER_SECOND + 1; i += 1) {
      const result = await call({ token, clientIp: uniqueIp() })
        .caller.task.create({ title: `Later ${i}` })
        .then(
          () => "created",
          (error: TRPCError) => error.code,
        );
      afterOneSecond.push(result);
    }
    expect(afterOneSecond.filter((result) => result === "created")).toHaveLength(WRITES_PER_SECOND);
    expect(afterOneSecond.at(-1)).toBe("TOO_MANY_REQUESTS");
  });

  it("leaves in-process callers (scripts) unthrottled", async () => {
    const { token } = await instantUser();
    const { caller } = call({ token });
    for (let i = 0; i < WRITE_BURST + 10; i += 1) await caller.task.create({ title: `Scripted ${i}` });
    expect((await caller.task.stats()).total).toBe(WRITE_BURST + 10);
  });
});

describe("no account enumeration at sign-in", () => {
  it("runs the hasher's verify exactly once for a wrong password and for an unknown email, with identical answers", async () => {
    const { user } = await api.createUser();
    const unknown = uniqueEmail("nobody");
    const attempt = async (email: string) => {
      const { passwords, counts } = countingPasswords();
      const answer = await signInAnswer(email, "a wrong password", { passwords, clientIp: uniqueIp() });
      return { answer, counts };
    };
    const wrongPassword = await attempt(user.email);
    const unknownEmail = await attempt(unknown);
    expect(wrongPassword.counts).toEqual({ hash: 0, verify: 1 });
    expect(unknownEmail.counts).toEqual({ hash: 0, verify: 1 });
    expectInvalidCredentials(wrongPassword.answer);
    expect(unknownEmail.answer).toEqual(wrongPassword.answer);

    // And the right password costs the same single verification.
    api.clock.advance(SECOND_MS);
    const { passwords, counts } = countingPasswords();
    await call({ passwords }).caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    expect(counts).toEqual({ hash: 0, verify: 1 });
  });

  it("writes a real account's failed attempt while verifying, so nothing is written after the verification", async () => {
    const { user } = await api.createUser();
    let finishVerification: (ok: boolean) => void = () => {};
    const verification = new Promise<boolean>((resolve) => {
      finishVerification = resolve;
    });
    const gated = createPasswordService({ hash: instantHasher.hash, verify: () => verification });
    const failedAttempts = async () =>
      (await api.db.select().from(securityEvents).where(eq(securityEvents.userId, user.id))).map(
        (event) => event.type,
      );

    const answer = signInAnswer(user.email, "a wrong password", { passwords: gated, clientIp: uniqueIp() });
    await vi.waitFor(async () => expect(await failedAttempts()).toEqual(["sign_in_failed"]));
    finishVerification(false);
    expectInvalidCredentials(await answer);
    expect(await failedAttempts()).toEqual(["sign_in_failed"]);

    // A success turns the same entry into the sign-in: one entry per attempt.
    api.clock.advance(SECOND_MS);
    await call().caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    expect((await failedAttempts()).sort()).toEqual(["sign_in", "sign_in_failed"]);
  });
});

describe("password policy", () => {
  it("sign-up refuses a common password with a field error that says why, and creates nothing", async () => {
    for (const password of ["password1", "Password1", "qwertyuiop"]) {
      const email = uniqueEmail("common");
      const answer = await answerOf((caller) => caller.auth.signUp({ email, password }), "auth.signUp");
      expect(answer.code).toBe("BAD_REQUEST");
      expect(answer.shape.data.fieldErrors).toEqual({ password: [COMMON_PASSWORD_MESSAGE] });
      expect(COMMON_PASSWORD_MESSAGE).toMatch(/too common/);
      expect(await api.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    }
    await expect(
      call({ passwords: instantPasswords }).caller.auth.signUp({
        email: uniqueEmail("fine"),
        password: "plinth gravel osmosis tundra",
      }),
    ).resolves.toHaveProperty("user");
  });

  it("change-password refuses a common new password on newPassword and keeps the old one", async () => {
    const { user, token, password } = await api.createUser();
    const [before] = await api.db.select().from(users).where(eq(users.id, user.id));
    const answer = await answerOf(
      (caller) => caller.account.changePassword({ currentPassword: password, newPassword: "Password1" }),
      "account.changePassword",
      { token },
    );
    expect(answer.code).toBe("BAD_REQUEST");
    expect(answer.shape.data.fieldErrors).toEqual({ newPassword: [COMMON_PASSWORD_MESSAGE] });
    const [after] = await api.db.select().from(users).where(eq(users.id, user.id));
    expect(after?.passwordHash).toBe(before?.passwordHash);
    await expect(api.caller({ token }).auth.me()).resolves.toMatchObject({ id: user.id });
  });

  it("still enforces 8..128 code points on sign-up and change-password", async () => {
    const { token, password } = await api.createUser();
    const tooShort = "\u{1F600}".repeat(7); // 7 code points, 14 UTF-16 units
    const tooLong = "\u{1F600}".repeat(129);
    for (const [candidate, message] of [
      [tooShort, /at least 8/],
      [tooLong, /at most 128/],
    ] as const) {
      const signUp = await answerOf(
        (caller) => caller.auth.signUp({ email: uniqueEmail("length"), password: candidate }),
        "auth.signUp",
      );
      expect(signUp.code).toBe("BAD_REQUEST");
      expect(signUp.shape.data.fieldErrors?.password?.join(" ")).toMatch(message);
      const change = await answerOf(
        (caller) => caller.account.changePassword({ currentPassword: password, newPassword: candidate }),
        "account.changePassword",
        { token },
      );
      expect(change.code).toBe("BAD_REQUEST");
      expect(change.shape.data.fieldErrors?.newPassword?.join(" ")).toMatch(message);
    }
  });

  it("verifies a password exactly as typed: no trimming, case folding or truncation", async () => {
    const typed = `  Ünïcode Wörds ${"x".repeat(100)}yZ  `; // 121 code points, spaces at both ends
    expect([...typed].length).toBeLessThanOrEqual(128);
    expect(typed.normalize("NFD")).not.toBe(typed);
    const email = uniqueEmail("exact");
    await api.caller().auth.signUp({ email, password: typed });
    const variants = [
      typed.trim(),
      typed.toLowerCase(),
      typed.toUpperCase(),
      `${typed.slice(0, -3)}Y  `, // differs only near the end, past any 72-byte cut-off
      typed.slice(0, 72),
    ];
    for (const variant of variants) {
      expect(variant).not.toBe(typed);
      api.clock.advance(MAX_WAIT_SECONDS * SECOND_MS);
      expectInvalidCredentials(await signInAnswer(email, variant));
    }
    api.clock.advance(MAX_WAIT_SECONDS * SECOND_MS);
    // The same characters decomposed (NFD) are the same password: compared as NFC.
    await expect(
      api.caller().auth.signIn({ email, password: typed.normalize("NFD") }),
    ).resolves.toMatchObject({
      user: { email },
    });
    await expect(api.caller().auth.signIn({ email, password: typed })).resolves.toMatchObject({
      user: { email },
    });
  });
});

describe("security events", () => {
  /** Every string anywhere in `value`, as superjson would send it. */
  function stringsIn(value: unknown): string[] {
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node === "string") found.push(node);
      else if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, child] of Object.entries(node)) {
          found.push(key);
          walk(child);
        }
      }
    };
    walk(superjson.serialize(value));
    return found;
  }

  it("records each security event with the client, newest first, for the user only, with no secrets", async () => {
    const email = uniqueEmail("watched");
    const password = "a long and private passphrase";
    const newPassword = "another long private passphrase";
    const ip = uniqueIp();
    const tokens: string[] = [];
    const outputs: unknown[] = [];
    let step = 0;
    /** Each step is a second after the last, from its own user agent. */
    const from = (token: string | null = null) => {
      step += 1;
      api.clock.advance(SECOND_MS);
      return call({ clientIp: ip, userAgent: `agent/${step}`, token }).caller;
    };
    const bearerSignIn = async (secret = password) => {
      const result = finishedSignIn(
        await from().auth.signIn({ email, password: secret, transport: "bearer" }),
      );
      if (!result.token) throw new Error("no token");
      tokens.push(result.token);
      outputs.push(result);
      return result.token;
    };
    const sessionIdOf = (token: string) => token.split(".")[0] ?? "";

    outputs.push(await from().auth.signUp({ email, password })); // 1 sign_up
    await expect(from().auth.signIn({ email, password: "not the passphrase" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    }); // 2 sign_in_failed
    step += 1; // 3 throttled: a millisecond later, so still locked
    api.clock.advance(1);
    await expect(
      call({ clientIp: ip, userAgent: `agent/${step}` }).caller.auth.signIn({ email, password }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const first = await bearerSignIn(); // 4 sign_in
    const second = await bearerSignIn(); // 5 sign_in
    outputs.push(await from(first).account.revokeSession({ id: sessionIdOf(second) })); // 6 session_revoked
    await bearerSignIn(); // 7 sign_in
    outputs.push(await from(first).account.revokeOtherSessions()); // 8 other_sessions_revoked
    const changed = await from(first).account.changePassword({ currentPassword: password, newPassword }); // 9
    outputs.push(changed);
    if (!changed.token) throw new Error("no token");
    tokens.push(changed.token);
    outputs.push(await from(changed.token).auth.signOut()); // 10 sign_out
    const last = await bearerSignIn(newPassword); // 11 sign_in

    const { caller: viewer } = call({ token: last });
    const activity = await viewer.account.securityActivity();
    expect(activity.map((event) => event.type)).toEqual([
      "sign_in",
      "sign_out",
      "password_changed",
      "other_sessions_revoked",
      "sign_in",
      "session_revoked",
      "sign_in",
      "sign_in",
      "throttled",
      "sign_in_failed",
      "sign_up",
    ]);
    expect(activity.map((event) => event.userAgent)).toEqual(
      Array.from({ length: 11 }, (_, i) => `agent/${11 - i}`),
    );
    expect(new Set(activity.map((event) => event.ipAddress))).toEqual(new Set([ip]));
    const times = activity.map((event) => event.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(activity[0]?.createdAt).toEqual(api.clock.now());
    for (const event of activity) {
      expect(Object.keys(event).sort()).toEqual(["createdAt", "id", "ipAddress", "type", "userAgent"]);
    }

    // Nothing secret in anything the procedures returned to this user.
    const [stored] = await api.db.select().from(users).where(eq(users.email, email));
    const sessionRows = await api.db.select().from(sessions);
    const secrets = [
      stored?.passwordHash ?? "missing hash",
      ...sessionRows.map((row) => row.secretHash),
      ...tokens.map((token) => token.split(".")[1] ?? token),
      password,
      newPassword,
    ];
    // What the user reads back carries neither hashes nor tokens nor passwords...
    const readBack = { activity, sessions: await viewer.account.sessions(), me: await viewer.auth.me() };
    for (const text of stringsIn(readBack)) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\$argon2/);
      expect(text.toLowerCase()).not.toMatch(/hash|secret|token|password(?!_changed)/);
    }
    // ...and what the mutations returned carries no hash (sign-in answers its own bearer token only).
    for (const text of stringsIn(outputs)) {
      expect(text).not.toMatch(/\$argon2/);
      expect(sessionRows.map((row) => row.secretHash)).not.toContain(text);
      expect(stored?.passwordHash).not.toBe(text);
    }

    // Another user sees none of it, and their own events stay theirs.
    const other = await api.createUser();
    await expect(other.caller.account.securityActivity()).resolves.toEqual([]);
    api.clock.advance(SECOND_MS);
    await api
      .caller({ userAgent: "other agent" })
      .auth.signIn({ email: other.user.email, password: other.password });
    const theirs = await other.caller.account.securityActivity();
    expect(theirs.map(({ type, ipAddress, userAgent }) => ({ type, ipAddress, userAgent }))).toEqual([
      { type: "sign_in", ipAddress: null, userAgent: "other agent" },
    ]);
    await expect(viewer.account.securityActivity()).resolves.toEqual(activity);
    const rows = await api.db.select().from(securityEvents).where(eq(securityEvents.userId, other.user.id));
    expect(rows).toHaveLength(1);
  });

  it("records a throttled attempt on the locked account but nothing for an unknown email", async () => {
    const { user, caller, password } = await api.createUser();
    const before = await api.db.select().from(securityEvents);
    await rejection(api.caller().auth.signIn({ email: uniqueEmail("nobody"), password: "wrong guess" }));
    expect(await api.db.select().from(securityEvents)).toHaveLength(before.length);

    api.clock.advance(SECOND_MS);
    await rejection(api.caller().auth.signIn({ email: user.email, password: "wrong guess" }));
    api.clock.advance(1); // still locked; a distinct instant keeps the order unambiguous
    await rejection(api.caller().auth.signIn({ email: user.email, password }));
    const activity = await caller.account.securityActivity();
    expect(activity.map((event) => event.type)).toEqual(["throttled", "sign_in_failed"]);

    // A flood of throttled attempts is one entry per window, so it cannot push real events out.
    for (let i = 0; i < 10; i += 1) {
      api.clock.advance(1);
      await rejection(api.caller().auth.signIn({ email: user.email, password }));
    }
    expect((await caller.account.securityActivity()).map((event) => event.type)).toEqual([
      "throttled",
      "sign_in_failed",
    ]);
  });
});
