import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  CURRENT_HASH_PREFIX,
  cookiePolicyForOrigin,
  createSession,
  DAY_MS,
  HOUR_MS,
  SESSION_ACTIVITY_WRITE_INTERVAL_MS,
} from "@doable/auth";
import { sessions, tasks, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";
import {
  clientErrorShape,
  createTestApi,
  expectBadRequest,
  finishedSignIn,
  HOSTILE_EMAILS,
  rejection,
  sessionCookieToken,
  sessionIdOf,
  type TestApi,
} from "../testing";
import { createTRPCContext } from "../trpc";
import { uniqueEmail } from "@doable/test-support/unique-email";

// The argon2 binding is a dependency of @doable/auth only: load it from there to make an old-style hash.
const requireFromAuth = createRequire(
  fileURLToPath(new URL("../../../auth/src/password.ts", import.meta.url)),
);
const argon2 = requireFromAuth("@node-rs/argon2") as {
  hash(
    password: string,
    options: { algorithm: number; memoryCost: number; timeCost: number; parallelism: number },
  ): Promise<string>;
};

const OWASP_PREFIX = "$argon2id$v=19$m=19456,t=2,p=1$";
const COOKIE_NAME = "doable_session";
const PUBLIC_USER_KEYS = ["createdAt", "email", "id", "name", "timeZone"];

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

/** The session cookies a procedure set (the device cookie, ADR 0031, has tests of its own). */
function setCookies(resHeaders: Headers): string[] {
  return resHeaders.getSetCookie().filter((cookie) => !/^(__Host-)?doable_device=/.test(cookie));
}

async function storedUser(email: string) {
  const [row] = await api.db.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

async function countUsers(email: string): Promise<number> {
  const rows = await api.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return rows.length;
}

/** A second session for an existing user, without spending an argon2 hash on a sign-in. */
async function extraSession(userId: string, kind: "browser" | "cli" = "cli"): Promise<string> {
  const { token } = await createSession(api.db, { userId, kind, userAgent: null, now: api.clock.now() });
  return token;
}

async function works(token: string, transport: "cookie" | "bearer" = "bearer"): Promise<boolean> {
  try {
    await api.caller({ token, transport }).account.sessions();
    return true;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return false;
    throw error;
  }
}

function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return (result as { rows: Record<string, unknown>[] }).rows;
}

/** Every row of every table in the schema, as one string. */
async function dumpDatabase(): Promise<string> {
  const tables = rowsOf(
    await api.db.execute(
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    ),
  ).map((row) => String(row.table_name));
  expect(tables).toEqual(expect.arrayContaining(["users", "sessions", "tasks"]));
  const parts: string[] = [];
  for (const table of tables) {
    const rows = rowsOf(await api.db.execute(sql`select * from ${sql.identifier(table)}`));
    parts.push(`${table}: ${JSON.stringify(rows)}`);
  }
  return parts.join("\n");
}

/** Failed sign-ins delay the next attempt for that email (at most 5 minutes): let it pass. */
function waitOutSignInThrottle(): void {
  api.clock.advance(5 * 60 * 1000 + 1);
}

describe("auth.signUp", () => {
  it("creates the user, returns it without any hash and sets an HttpOnly, SameSite=Lax, Path=/ cookie", async () => {
    const email = uniqueEmail("signup");
    const { caller, resHeaders } = api.call({ userAgent: "vitest-browser" });
    const { user } = await caller.auth.signUp({ email, password: "a good password", name: "Ada" });

    expect(Object.keys(user).sort()).toEqual(PUBLIC_USER_KEYS);
    expect(user).toMatchObject({ email, name: "Ada", timeZone: "UTC" });
    expect(JSON.stringify(user)).not.toContain("$argon2");

    const cookies = setCookies(resHeaders);
    expect(cookies).toHaveLength(1);
    const attributes = (cookies[0] ?? "").split(";").map((part) => part.trim());
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
    expect(attributes.some((part) => /^Max-Age=\d+$/.test(part) && part !== "Max-Age=0")).toBe(true);

    const token = sessionCookieToken(resHeaders);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const row = await api.sessionRow(token ?? "");
    expect(row).toMatchObject({ userId: user.id, kind: "browser", userAgent: "vitest-browser" });
    expect(await api.caller({ token, transport: "cookie" }).auth.me()).toEqual(user);

    const stored = await storedUser(email);
    expect(stored?.passwordHash.startsWith(OWASP_PREFIX)).toBe(true);
    expect(stored?.passwordHash.startsWith(CURRENT_HASH_PREFIX)).toBe(true);
  });

  it("makes no session for an in-process caller, which has no cookie jar to keep it in", async () => {
    const email = uniqueEmail("script");
    const script = createCaller(
      createTRPCContext({
        db: api.db,
        headers: new Headers(),
        resHeaders: null,
        cookiePolicy: cookiePolicyForOrigin("http://localhost"),
        clientIp: null,
      }),
    );
    const { user } = await script.auth.signUp({ email, password: "plain passphrase" });
    expect(await api.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("on an https origin the cookie is __Host- prefixed and Secure, and that cookie authenticates", async () => {
    const cookiePolicy = cookiePolicyForOrigin("https://doable.example");
    const context = (headers: Headers, resHeaders: Headers) =>
      createTRPCContext({
        db: api.db,
        headers,
        resHeaders,
        cookiePolicy,
        clientIp: null,
        now: api.clock.now,
      });
    const resHeaders = new Headers();
    const email = uniqueEmail("secure");
    await createCaller(context(new Headers(), resHeaders)).auth.signUp({
      email,
      password: "secure password",
    });
    const [cookie = ""] = setCookies(resHeaders);
    expect(cookie).toMatch(/^__Host-doable_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
    const attributes = cookie.split(";").map((part) => part.trim());
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/", "Secure"]));
    expect(attributes.some((part) => part.toLowerCase().startsWith("domain="))).toBe(false);

    const pair = cookie.split(";")[0] ?? "";
    const me = await createCaller(
      context(new Headers({ cookie: `other=1; ${pair}` }), new Headers()),
    ).auth.me();
    expect(me?.email).toBe(email);
    // The unprefixed name is not accepted where the prefixed one is required.
    const plain = pair.replace("__Host-", "");
    expect(await createCaller(context(new Headers({ cookie: plain }), new Headers())).auth.me()).toBeNull();
  });

  it("stores the email trimmed and lower-cased and treats case or space variants as the same account", async () => {
    const base = uniqueEmail("Mixed.Case");
    const { user } = await api
      .caller()
      .auth.signUp({ email: `  ${base.toUpperCase()}\t`, password: "password one" });
    expect(user.email).toBe(base.toLowerCase());
    expect(await countUsers(base.toLowerCase())).toBe(1);

    for (const variant of [
      base.toLowerCase(),
      base.toUpperCase(),
      ` ${base} `,
      `\n${base.toLowerCase()}  `,
    ]) {
      const error = await rejection(api.caller().auth.signUp({ email: variant, password: "password two" }));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe("Email already registered");
      expect(clientErrorShape(error, "auth.signUp")).toMatchObject({
        message: "Email already registered",
        data: { code: "CONFLICT", httpStatus: 409, fieldErrors: null },
      });
    }
    expect(await countUsers(base.toLowerCase())).toBe(1);
  });

  it("normalizes Unicode so a compatibility spelling of the same address conflicts", async () => {
    // U+212A KELVIN SIGN is canonically equivalent to "K": NFC (and case folding) make it "k".
    const local = `kate${Math.random().toString(36).slice(2, 8)}`;
    await api.caller().auth.signUp({ email: `${local}@example.com`, password: "password one" });
    const error = await rejection(
      api.caller().auth.signUp({ email: `\u212A${local.slice(1)}@example.com`, password: "password two" }),
    );
    expect(error.code).toBe("CONFLICT");
    // Decomposed and precomposed spellings of an international address are one account.
    const precomposed = await api
      .caller()
      .auth.signUp({ email: `jos\u00e9-${local}@exämple.com`, password: "password one" });
    expect(precomposed.user.email).toBe(`jos\u00e9-${local}@exämple.com`.normalize("NFC"));
    const decomposed = await rejection(
      api.caller().auth.signUp({ email: `jose\u0301-${local}@exa\u0308mple.com`, password: "password two" }),
    );
    expect(decomposed.code).toBe("CONFLICT");
  });

  it("ends the session the client already held", async () => {
    const { token: old } = await api.createUser();
    const { caller, resHeaders } = api.call({ token: old, transport: "cookie" });
    await caller.auth.signUp({ email: uniqueEmail("second"), password: "plain passphrase" });
    const fresh = sessionCookieToken(resHeaders);
    expect(fresh).not.toBeNull();
    expect(await api.sessionRow(old)).toBeNull();
    expect(await works(fresh ?? "", "cookie")).toBe(true);
  });

  it("creates exactly one account when 20 sign-ups with one email race, the rest CONFLICT", async () => {
    const email = uniqueEmail("race");
    const variants = Array.from({ length: 20 }, (_, index) =>
      index % 3 === 0 ? email : index % 3 === 1 ? ` ${email.toUpperCase()} ` : email.replace("race", "RACE"),
    );
    const results = await Promise.allSettled(
      variants.map((variant, index) =>
        api.caller().auth.signUp({ email: variant, password: `password-${index}` }),
      ),
    );
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.flatMap((result) =>
      result.status === "rejected" ? [result.reason as unknown] : [],
    );
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const reason of rejected) {
      expect(reason).toBeInstanceOf(TRPCError);
      expect((reason as TRPCError).code).toBe("CONFLICT");
      expect((reason as TRPCError).message).toBe("Email already registered");
    }
    expect(await countUsers(email)).toBe(1);
    const user = await storedUser(email);
    const userSessions = await api.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, user?.id ?? ""));
    expect(userSessions).toHaveLength(1);
  });

  describe("limits", () => {
    // 64 + 1 + 189 = 254 characters, a syntactically valid address.
    const local = "a".repeat(64);
    const email254 = `${local}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    const email255 = `${local}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(58)}.com`;

    it("accepts an email of exactly 254 characters, counted after trimming", async () => {
      expect(email254).toHaveLength(254);
      const { user } = await api
        .caller()
        .auth.signUp({ email: `  ${email254.toUpperCase()}  `, password: "plain passphrase" });
      expect(user.email).toBe(email254);
    });

    it("rejects an email of 255 characters naming the email field", async () => {
      expect(email255).toHaveLength(255);
      await expectBadRequest(
        api.caller().auth.signUp({ email: email255, password: "plain passphrase" }),
        "auth.signUp",
        "email",
        /254/,
      );
    });

    it("rejects a malformed email with 'Invalid email format'", async () => {
      for (const email of ["not-an-email", "a@b", "@example.com", "two@@example.com"]) {
        const shape = await expectBadRequest(
          api.caller().auth.signUp({ email, password: "plain passphrase" }),
          "auth.signUp",
          "email",
          /^Invalid email format$/,
        );
        expect(shape.message).toBe("Invalid input");
      }
      await expectBadRequest(
        api.caller().auth.signUp({ email: "   ", password: "plain passphrase" }),
        "auth.signUp",
        "email",
      );
    });

    it("refuses addresses a mail library would read as another or several recipients, wherever an email is typed", async () => {
      for (const email of HOSTILE_EMAILS) {
        await expectBadRequest(
          api.caller().auth.signUp({ email, password: "plain passphrase" }),
          "auth.signUp",
          "email",
        );
        await expectBadRequest(
          api.caller().auth.signIn({ email, password: "plain passphrase" }),
          "auth.signIn",
          "email",
        );
        await expectBadRequest(
          api.caller().auth.requestPasswordReset({ email }),
          "auth.requestPasswordReset",
          "email",
        );
      }
    });

    it("accepts a password of exactly 8 code points and refuses 7 with a message naming the minimum", async () => {
      const ok = await api.caller().auth.signUp({ email: uniqueEmail("pw8"), password: "zq8#Lm2v" });
      expect(ok.user.id).toBeTruthy();
      await expectBadRequest(
        api.caller().auth.signUp({ email: uniqueEmail("pw7"), password: "zq8#Lm2" }),
        "auth.signUp",
        "password",
        /at least 8 characters/,
      );
      // Four emoji are eight UTF-16 units but only four code points: too short.
      await expectBadRequest(
        api.caller().auth.signUp({ email: uniqueEmail("pw4emoji"), password: "😀😀😀😀" }),
        "auth.signUp",
        "password",
        /at least 8 characters/,
      );
    });

    it("accepts 128 code points (even as 256 UTF-16 units) and refuses 129", async () => {
      const emoji128 = "😀".repeat(128);
      expect(emoji128.length).toBe(256);
      const email = uniqueEmail("pw128");
      await api.caller().auth.signUp({ email, password: emoji128 });
      const signedIn = finishedSignIn(
        await api.caller().auth.signIn({ email, password: emoji128, transport: "bearer" }),
      );
      expect(signedIn.user.email).toBe(email);

      await expectBadRequest(
        api.caller().auth.signUp({ email: uniqueEmail("pw129"), password: "😀".repeat(129) }),
        "auth.signUp",
        "password",
        /at most 128 characters/,
      );
      await expectBadRequest(
        api.caller().auth.signUp({ email: uniqueEmail("pw129"), password: "x".repeat(129) }),
        "auth.signUp",
        "password",
        /128/,
      );
    });

    it("accepts a name of 100 characters, refuses 101, and stores a blank name as none", async () => {
      const name100 = "n".repeat(100);
      const { user } = await api
        .caller()
        .auth.signUp({ email: uniqueEmail("name100"), password: "plain passphrase", name: ` ${name100} ` });
      expect(user.name).toBe(name100);
      await expectBadRequest(
        api.caller().auth.signUp({
          email: uniqueEmail("name101"),
          password: "plain passphrase",
          name: "n".repeat(101),
        }),
        "auth.signUp",
        "name",
        /100/,
      );
      const blank = await api
        .caller()
        .auth.signUp({ email: uniqueEmail("blank"), password: "plain passphrase", name: "   " });
      expect(blank.user.name).toBeNull();
    });

    it("refuses a NUL character in the email or name as bad input, not a database error", async () => {
      await expectBadRequest(
        api.caller().auth.signUp({ email: "nul\u0000@example.com", password: "plain passphrase" }),
        "auth.signUp",
        "email",
      );
      await expectBadRequest(
        api
          .caller()
          .auth.signUp({ email: uniqueEmail("nul"), password: "plain passphrase", name: "a\u0000b" }),
        "auth.signUp",
        "name",
        /NUL/,
      );
    });

    it("rejects unknown keys and creates nothing", async () => {
      const email = uniqueEmail("unknown");
      const input = { email, password: "plain passphrase", userId: "00000000-0000-0000-0000-000000000000" };
      const shape = await expectBadRequest(
        api.caller().auth.signUp(input as unknown as { email: string; password: string }),
        "auth.signUp",
        "userId",
        /Unknown field/,
      );
      expect(shape.code).toBe(-32600);
      expect(await countUsers(email)).toBe(0);
    });

    it("rejects a missing or non-string password and email", async () => {
      await expectBadRequest(
        api
          .caller()
          .auth.signUp({ email: uniqueEmail("nopw") } as unknown as { email: string; password: string }),
        "auth.signUp",
        "password",
      );
      await expectBadRequest(
        api.caller().auth.signUp({ email: 42, password: "plain passphrase" } as unknown as {
          email: string;
          password: string;
        }),
        "auth.signUp",
        "email",
      );
    });
  });
});

describe("auth.signUp with a time zone", () => {
  it("stores the zone it is given (canonical), which auth.me and the lists then use", async () => {
    const started = api.clock.now();
    const email = uniqueEmail("zone");
    const { caller, resHeaders } = api.call();
    const { user } = await caller.auth.signUp({
      email,
      password: "a good password",
      timeZone: "pacific/auckland",
    });
    expect(user.timeZone).toBe("Pacific/Auckland");
    expect(await storedUser(email)).toMatchObject({ timeZone: "Pacific/Auckland" });
    const token = sessionCookieToken(resHeaders);
    const signedIn = api.caller({ token, transport: "cookie" });
    expect(await signedIn.auth.me()).toMatchObject({ timeZone: "Pacific/Auckland" });
    // 23:30 on 1 December in Auckland is 10:30 UTC: a task due on 1 December is today there.
    api.clock.set(new Date("2026-12-01T10:30:00.000Z"));
    await signedIn.task.create({ title: "today", dueDate: "2026-12-01" });
    await signedIn.task.create({ title: "tomorrow", dueDate: "2026-12-02" });
    expect((await signedIn.task.list({ due: "today" })).items.map((task) => task.title)).toEqual(["today"]);
    api.clock.set(started);
  });

  it("starts an account in UTC when the hint is not a zone, instead of refusing the sign-up", async () => {
    for (const [index, timeZone] of [
      "Mars/Olympus_Mons",
      "+05:00",
      "",
      "Europe/Berlin; drop table users",
      42,
    ].entries()) {
      const email = uniqueEmail(`badzone${index}`);
      const input = { email, password: "a good password", timeZone } as unknown as {
        email: string;
        password: string;
      };
      const { user } = await api.caller().auth.signUp(input);
      expect({ timeZone, stored: user.timeZone }).toEqual({ timeZone, stored: "UTC" });
      expect(await storedUser(email)).toMatchObject({ timeZone: "UTC" });
    }
  });
});

describe("auth.signIn", () => {
  it("signs in with the cookie transport: browser session, cookie set, no token in the body", async () => {
    const { user, password } = await api.createUser();
    const { caller, resHeaders } = api.call({ userAgent: "Firefox" });
    const result = finishedSignIn(
      await caller.auth.signIn({ email: `  ${user.email.toUpperCase()} `, password }),
    );
    // The browser's device id travels as its cookie, never in the body.
    expect(result).toEqual({ user, token: null, deviceToken: null });
    const token = sessionCookieToken(resHeaders);
    expect(token).not.toBeNull();
    expect(setCookies(resHeaders)[0]).toMatch(/HttpOnly/);
    expect(await api.sessionRow(token ?? "")).toMatchObject({
      userId: user.id,
      kind: "browser",
      userAgent: "Firefox",
    });
    expect(await works(token ?? "", "cookie")).toBe(true);
  });

  it("signs in with the bearer transport: token in the body, no cookie, a cli session", async () => {
    const { user, password } = await api.createUser();
    const { caller, resHeaders } = api.call();
    const result = finishedSignIn(
      await caller.auth.signIn({ email: user.email, password, transport: "bearer" }),
    );
    expect(result.user).toEqual(user);
    expect(typeof result.token).toBe("string");
    expect(setCookies(resHeaders)).toEqual([]);
    expect(await api.sessionRow(result.token ?? "")).toMatchObject({ userId: user.id, kind: "cli" });
    expect(await api.caller({ token: result.token }).auth.me()).toEqual(user);
  });

  it("answers a wrong password and an unknown email with the same UNAUTHORIZED 'Invalid credentials'", async () => {
    const { user } = await api.createUser();
    const wrongPassword = await rejection(
      api.caller().auth.signIn({ email: user.email, password: "not the password" }),
    );
    const unknownEmail = await rejection(
      api.caller().auth.signIn({ email: uniqueEmail("nobody"), password: "not the password" }),
    );
    for (const error of [wrongPassword, unknownEmail]) {
      expect(error.code).toBe("UNAUTHORIZED");
      expect(error.message).toBe("Invalid credentials");
    }
    expect(clientErrorShape(wrongPassword, "auth.signIn")).toEqual(
      clientErrorShape(unknownEmail, "auth.signIn"),
    );
    expect(clientErrorShape(wrongPassword, "auth.signIn")).toMatchObject({
      data: { httpStatus: 401, fieldErrors: null },
    });
    expect(wrongPassword.cause).toEqual(unknownEmail.cause);
  });

  it("verifies the password exactly as typed: no truncation, no trimming", async () => {
    const password128 = `${"p".repeat(127)}!`;
    const { user } = await api.createUser({ password: password128 });
    const truncatedAttack = `${"p".repeat(127)}?`;
    const changedLast = await rejection(
      api.caller().auth.signIn({ email: user.email, password: truncatedAttack }),
    );
    expect(changedLast.code).toBe("UNAUTHORIZED");
    waitOutSignInThrottle();
    const missingLast = await rejection(
      api.caller().auth.signIn({ email: user.email, password: "p".repeat(127) }),
    );
    expect(missingLast.code).toBe("UNAUTHORIZED");
    waitOutSignInThrottle();
    await expect(
      api.caller().auth.signIn({ email: user.email, password: password128 }),
    ).resolves.toMatchObject({
      user: { id: user.id },
    });

    const spaced = "  spaced password  ";
    const email = uniqueEmail("spaced");
    await api.caller().auth.signUp({ email, password: spaced });
    const trimmed = await rejection(api.caller().auth.signIn({ email, password: spaced.trim() }));
    expect(trimmed.code).toBe("UNAUTHORIZED");
    waitOutSignInThrottle();
    await expect(api.caller().auth.signIn({ email, password: spaced })).resolves.toMatchObject({
      user: { email },
    });
  });

  it("rejects an over-long password attempt as bad input, naming the field", async () => {
    const { user } = await api.createUser();
    await expectBadRequest(
      api.caller().auth.signIn({
        email: user.email,
        password: "plain passphrase",
        transport: "carrier-pigeon" as "bearer",
      }),
      "auth.signIn",
      "transport",
    );
    await expectBadRequest(
      api.caller().auth.signIn({ email: user.email, password: "" }),
      "auth.signIn",
      "password",
    );
    await expectBadRequest(
      api.caller().auth.signIn({ email: user.email, password: "x".repeat(129) }),
      "auth.signIn",
      "password",
      /128/,
    );
    await expectBadRequest(
      api.caller().auth.signIn({
        email: user.email,
        password: "plain passphrase",
        remember: true,
      } as unknown as {
        email: string;
        password: string;
      }),
      "auth.signIn",
      "remember",
      /Unknown field/,
    );
  });

  it("issues a new token on every sign-in", async () => {
    const { user, password } = await api.createUser();
    const first = finishedSignIn(
      await api.caller().auth.signIn({ email: user.email, password, transport: "bearer" }),
    );
    const second = finishedSignIn(
      await api.caller().auth.signIn({ email: user.email, password, transport: "bearer" }),
    );
    expect(first.token).not.toBe(second.token);
    expect(sessionIdOf(first.token ?? "")).not.toBe(sessionIdOf(second.token ?? ""));
    expect(await works(first.token ?? "")).toBe(true);
    expect(await works(second.token ?? "")).toBe(true);
  });

  it("replaces the session the client already held instead of reusing it", async () => {
    const { user, password, token: old } = await api.createUser();
    const { caller, resHeaders } = api.call({ token: old, transport: "cookie" });
    await caller.auth.signIn({ email: user.email, password });
    const fresh = sessionCookieToken(resHeaders);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(old);
    expect(await api.sessionRow(old)).toBeNull();
    expect(await works(old)).toBe(false);
    expect(await works(fresh ?? "", "cookie")).toBe(true);
  });

  it("rehashes a hash made with weaker parameters at sign-in", async () => {
    const email = uniqueEmail("legacy");
    const password = "legacy password";
    const weak = await argon2.hash(password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(weak.startsWith("$argon2id$v=19$m=4096,t=1,p=1$")).toBe(true);
    await api.db.insert(users).values({ email, passwordHash: weak });

    await api.caller().auth.signIn({ email, password });
    const rehashed = (await storedUser(email))?.passwordHash ?? "";
    expect(rehashed.startsWith(OWASP_PREFIX)).toBe(true);
    expect(rehashed).not.toBe(weak);
    // The new hash still verifies the same password, and a current hash is left alone.
    await api.caller().auth.signIn({ email, password });
    expect((await storedUser(email))?.passwordHash).toBe(rehashed);
  });

  it("does not rehash after a failed attempt", async () => {
    const email = uniqueEmail("legacy-fail");
    const weak = await argon2.hash("legacy password", {
      algorithm: 2,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await api.db.insert(users).values({ email, passwordHash: weak });
    const error = await rejection(api.caller().auth.signIn({ email, password: "wrong password" }));
    expect(error.code).toBe("UNAUTHORIZED");
    expect((await storedUser(email))?.passwordHash).toBe(weak);
  });
});

describe("auth.signOut", () => {
  it("deletes the session row, clears the cookie, and the token is dead afterwards", async () => {
    const { user } = await api.createUser();
    const token = await extraSession(user.id, "browser");
    const { caller, resHeaders } = api.call({ token, transport: "cookie" });
    await expect(caller.auth.signOut()).resolves.toEqual({ signedOut: true });
    expect(await api.sessionRow(token)).toBeNull();
    const cleared = setCookies(resHeaders);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatch(new RegExp(`^${COOKIE_NAME}=;`));
    expect(cleared[0]).toMatch(/Max-Age=0/);
    const error = await rejection(api.caller({ token, transport: "cookie" }).account.sessions());
    expect(error.code).toBe("UNAUTHORIZED");
    expect(await api.caller({ token, transport: "cookie" }).auth.me()).toBeNull();
  });

  it("ends a bearer session without writing a cookie", async () => {
    const { token } = await api.createUser();
    const { caller, resHeaders } = api.call({ token });
    await caller.auth.signOut();
    expect(await api.sessionRow(token)).toBeNull();
    expect(setCookies(resHeaders)).toEqual([]);
    expect(await works(token)).toBe(false);
  });

  it("only ends the presented session", async () => {
    const { user, token } = await api.createUser();
    const other = await extraSession(user.id);
    await api.caller({ token }).auth.signOut();
    expect(await works(other)).toBe(true);
  });

  it("is idempotent: no session, a garbage token or an already ended one all succeed", async () => {
    await expect(api.caller().auth.signOut()).resolves.toEqual({ signedOut: true });
    await expect(api.caller({ token: "garbage", transport: "cookie" }).auth.signOut()).resolves.toEqual({
      signedOut: true,
    });
    const { token } = await api.createUser();
    await api.caller({ token }).auth.signOut();
    await expect(api.caller({ token }).auth.signOut()).resolves.toEqual({ signedOut: true });
  });
});

describe("auth.me", () => {
  it("returns the signed-in user (public fields only) over either transport", async () => {
    const { user, token } = await api.createUser();
    const viaBearer = await api.caller({ token }).auth.me();
    expect(viaBearer).toEqual(user);
    expect(Object.keys(viaBearer ?? {}).sort()).toEqual(PUBLIC_USER_KEYS);
    expect(await api.caller({ token, transport: "cookie" }).auth.me()).toEqual(user);
  });

  it("returns null without a session, and clears a dead cookie", async () => {
    expect(await api.caller().auth.me()).toBeNull();
    expect(await api.caller({ token: "not-a-token" }).auth.me()).toBeNull();
    const { caller, resHeaders } = api.call({
      token: "AAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
      transport: "cookie",
    });
    expect(await caller.auth.me()).toBeNull();
    expect(setCookies(resHeaders).join()).toMatch(/Max-Age=0/);
  });

  it("returns null for a token whose secret part was tampered with", async () => {
    const { token } = await api.createUser();
    const [id, secret = ""] = token.split(".");
    const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    expect(await api.caller({ token: flipped }).auth.me()).toBeNull();
    // A forged guess does not end the real session.
    expect(await works(token)).toBe(true);
  });
});

describe("sessions through the router (injected clock)", () => {
  it("expires after 7 idle days: just before works, at and after is UNAUTHORIZED and the row is deleted", async () => {
    const { user, token: justBefore } = await api.createUser();
    const atLimit = await extraSession(user.id, "browser");
    const after = await extraSession(user.id);

    api.clock.advance(7 * DAY_MS - 1);
    expect(await works(justBefore)).toBe(true);

    api.clock.advance(1);
    const { caller, resHeaders } = api.call({ token: atLimit, transport: "cookie" });
    const error = await rejection(caller.account.sessions());
    expect(error.code).toBe("UNAUTHORIZED");
    expect(await api.sessionRow(atLimit)).toBeNull();
    // The browser is told to drop the dead cookie.
    expect(setCookies(resHeaders).join()).toMatch(/Max-Age=0/);

    api.clock.advance(HOUR_MS);
    expect(await api.caller({ token: after }).auth.me()).toBeNull();
    expect(await api.sessionRow(after)).toBeNull();

    // The session used just before the limit was refreshed and lives on.
    expect(await works(justBefore)).toBe(true);
  });

  it("writes last_verified_at at most once every 5 minutes, and the idle window slides with it", async () => {
    const interval = SESSION_ACTIVITY_WRITE_INTERVAL_MS;
    const { token } = await api.createUser();
    const created = (await api.sessionRow(token))?.lastVerifiedAt.getTime() ?? 0;
    expect(created).toBe(api.clock.now().getTime());

    api.clock.advance(interval - 1);
    expect(await works(token)).toBe(true);
    expect((await api.sessionRow(token))?.lastVerifiedAt.getTime()).toBe(created);

    api.clock.advance(1);
    expect(await works(token)).toBe(true);
    const firstWrite = created + interval;
    expect((await api.sessionRow(token))?.lastVerifiedAt.getTime()).toBe(firstWrite);

    api.clock.advance(interval / 2);
    expect(await works(token)).toBe(true);
    expect((await api.sessionRow(token))?.lastVerifiedAt.getTime()).toBe(firstWrite);

    // Idle time counts from the last write, not from creation.
    api.clock.set(new Date(firstWrite + 7 * DAY_MS - 1));
    expect(await works(token)).toBe(true);
  });

  it("ends a session 30 days after creation even when it is used every day", async () => {
    const { token } = await api.createUser();
    const createdAt = api.clock.now().getTime();
    for (let day = 1; day < 30; day++) {
      api.clock.set(new Date(createdAt + day * DAY_MS));
      expect(await works(token)).toBe(true);
    }
    api.clock.set(new Date(createdAt + 30 * DAY_MS - 1));
    expect(await works(token)).toBe(true);
    api.clock.set(new Date(createdAt + 30 * DAY_MS));
    expect(await works(token)).toBe(false);
    expect(await api.sessionRow(token)).toBeNull();
  });

  it("never stores a token or its secret anywhere in the database", async () => {
    const tokens: string[] = [];
    const email = uniqueEmail("scan");
    const signUp = api.call({ userAgent: "scanner" });
    await signUp.caller.auth.signUp({ email, password: "scan password", name: "Scan" });
    tokens.push(sessionCookieToken(signUp.resHeaders) ?? "");
    const bearer = finishedSignIn(
      await api.caller().auth.signIn({ email, password: "scan password", transport: "bearer" }),
    );
    tokens.push(bearer.token ?? "");
    const cookie = api.call();
    await cookie.caller.auth.signIn({ email, password: "scan password" });
    tokens.push(sessionCookieToken(cookie.resHeaders) ?? "");
    await api.caller({ token: bearer.token }).task.create({ title: "scan me" });
    const fixture = await api.createUser();
    tokens.push(fixture.token);
    const changed = await fixture.caller.account.changePassword({
      currentPassword: fixture.password,
      newPassword: "another password",
    });
    tokens.push(changed.token ?? "");

    expect(tokens.every((token) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}$/.test(token))).toBe(true);
    const dump = await dumpDatabase();
    for (const token of tokens) {
      const secret = token.split(".")[1] ?? "";
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(secret);
    }

    // What is stored is the SHA-256 of the secret, under the token's id.
    const live = tokens[1] ?? "";
    const row = await api.sessionRow(live);
    const secret = live.split(".")[1] ?? "";
    expect(row?.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(await api.db.select().from(tasks).where(eq(tasks.title, "scan me"))).toHaveLength(1);
  });
});
