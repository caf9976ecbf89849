import {
  base32Decode,
  hotp,
  issuePasswordResetToken,
  SECOND_MS,
  SIGN_IN_CHALLENGE_LIFETIME_MS,
  TOTP_STEP_SECONDS,
  totpCode,
  totpStep,
} from "@doable/auth";
import { recoveryCodes, sessions, signInChallenges, twoFactorSecrets } from "@doable/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  clientErrorShape,
  createTestApi,
  expectBadRequest,
  rejection,
  sessionCookieToken,
  type TestApi,
  type TestUser,
} from "../testing";

const STEP_MS = TOTP_STEP_SECONDS * SECOND_MS;
/** A moment 10 s into a time step: the tests move by whole steps and never straddle a boundary. */
const STEP_ALIGNED_START = new Date(Math.floor(Date.now() / STEP_MS) * STEP_MS + 10 * SECOND_MS);
/** Past the longest delay wrong codes can build up (the sign-in delays' cap, 300 s). */
const LONGEST_CODE_DELAY_MS = 300 * SECOND_MS;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.clock.set(STEP_ALIGNED_START);
});

interface TwoFactorUser extends TestUser {
  secret: string;
  recoveryCodes: string[];
}

/** The code for the step `offset` steps from now. */
function codeAt(secret: string, offset = 0): string {
  return hotp(base32Decode(secret), totpStep(api.clock.now()) + offset);
}

/** A user with two-factor on; the step used to turn it on is spent, so the clock moves one step on. */
async function twoFactorUser(): Promise<TwoFactorUser> {
  const user = await api.createUser();
  const { secret } = await user.caller.account.twoFactor.begin();
  const { recoveryCodes: codes } = await user.caller.account.twoFactor.enable({
    code: totpCode(secret, api.clock.now()),
  });
  api.clock.advance(STEP_MS);
  return { ...user, secret, recoveryCodes: codes };
}

async function challengeFor(user: TestUser, transport: "cookie" | "bearer" = "bearer"): Promise<string> {
  const answer = await api
    .caller()
    .auth.signIn({ email: user.user.email, password: user.password, transport });
  if (!("twoFactorRequired" in answer)) throw new Error("no second factor was asked for");
  return answer.challenge;
}

async function sessionCount(userId: string): Promise<number> {
  return (await api.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
}

async function eventTypes(user: TestUser): Promise<string[]> {
  return (await user.caller.account.securityActivity()).map((event) => event.type);
}

async function expectInvalidCode(promise: Promise<unknown>): Promise<void> {
  const error = await rejection(promise);
  expect(error.code).toBe("UNAUTHORIZED");
  expect(error.message).toBe("Invalid code");
}

describe("account.twoFactor: turning it on", () => {
  it("begins with a pending secret and an otpauth URI (issuer Doable, the email as label), not yet active", async () => {
    const user = await api.createUser();
    const { secret, otpauthUri } = await user.caller.account.twoFactor.begin();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(decodeURIComponent(uri.pathname)).toBe(`/Doable:${user.user.email}`);
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Doable");
    expect(await user.caller.account.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    // Pending is not on: the password alone still signs in.
    const answer = await api.caller().auth.signIn({ email: user.user.email, password: user.password });
    expect(answer).not.toHaveProperty("twoFactorRequired");
  });

  it("refuses a wrong code next to the field, and a code of a replaced pending secret", async () => {
    const user = await api.createUser();
    const first = await user.caller.account.twoFactor.begin();
    const second = await user.caller.account.twoFactor.begin();
    expect(second.secret).not.toBe(first.secret);
    await expectBadRequest(
      user.caller.account.twoFactor.enable({ code: codeAt(first.secret) }),
      "account.twoFactor.enable",
      "code",
      /Invalid code/,
    );
    await expectBadRequest(
      user.caller.account.twoFactor.enable({ code: codeAt(second.secret, 2) }),
      "account.twoFactor.enable",
      "code",
    );
    expect((await user.caller.account.twoFactor.status()).enabled).toBe(false);
  });

  it("turns on with a current code, answers 10 distinct recovery codes, stores them hashed, and logs it", async () => {
    const user = await twoFactorUser();
    expect(user.recoveryCodes).toHaveLength(10);
    expect(new Set(user.recoveryCodes).size).toBe(10);
    for (const code of user.recoveryCodes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
    const stored = await api.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.user.id));
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(stored);
    for (const code of user.recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replaceAll("-", ""));
    }
    expect(await user.caller.account.twoFactor.status()).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    expect(await eventTypes(user)).toContain("two_factor_enabled");
  });

  it("cannot begin again while on: the active secret is left alone", async () => {
    const user = await twoFactorUser();
    const error = await rejection(user.caller.account.twoFactor.begin());
    expect(error.code).toBe("CONFLICT");
    const [row] = await api.db
      .select()
      .from(twoFactorSecrets)
      .where(eq(twoFactorSecrets.userId, user.user.id));
    expect(row?.secret).toBe(user.secret);
  });

  it("requires a session", async () => {
    const error = await rejection(api.caller().account.twoFactor.begin());
    expect(error.code).toBe("UNAUTHORIZED");
  });
});

describe("auth.signIn with two-factor on", () => {
  it("answers a challenge and opens no session, over either transport", async () => {
    const user = await twoFactorUser();
    const before = await sessionCount(user.user.id);
    for (const transport of ["cookie", "bearer"] as const) {
      const { caller, resHeaders } = api.call();
      const answer = await caller.auth.signIn({ email: user.user.email, password: user.password, transport });
      expect(answer).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
      expect(sessionCookieToken(resHeaders)).toBeNull();
    }
    expect(await sessionCount(user.user.id)).toBe(before);
  });

  it("stores the challenge hashed and short-lived", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user);
    const [id, secret = ""] = challenge.split(".");
    const [row] = await api.db
      .select()
      .from(signInChallenges)
      .where(eq(signInChallenges.id, id ?? ""));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row?.expiresAt.getTime()).toBe(api.clock.now().getTime() + SIGN_IN_CHALLENGE_LIFETIME_MS);
  });

  it("still answers a wrong password with 'Invalid credentials' and no challenge", async () => {
    const user = await twoFactorUser();
    const error = await rejection(
      api.caller().auth.signIn({ email: user.user.email, password: "not the password" }),
    );
    expect(error.message).toBe("Invalid credentials");
  });
});

describe("auth.completeSignIn", () => {
  it("bearer: the token is in the answer, no cookie, a cli session; logged as a sign-in", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user, "bearer");
    const { caller, resHeaders } = api.call();
    const result = await caller.auth.completeSignIn({ challenge, code: codeAt(user.secret) });
    expect(result.user).toEqual(user.user);
    expect(typeof result.token).toBe("string");
    expect(sessionCookieToken(resHeaders)).toBeNull();
    expect(await api.sessionRow(result.token ?? "")).toMatchObject({ userId: user.user.id, kind: "cli" });
    expect((await eventTypes(user))[0]).toBe("sign_in");
  });

  it("cookie: the session is in the cookie, none in the answer, a browser session", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user, "cookie");
    const { caller, resHeaders } = api.call();
    const result = await caller.auth.completeSignIn({ challenge, code: codeAt(user.secret) });
    expect(result).toEqual({ user: user.user, token: null, deviceToken: null });
    const token = sessionCookieToken(resHeaders);
    expect(await api.sessionRow(token ?? "")).toMatchObject({ userId: user.user.id, kind: "browser" });
  });

  it("accepts the previous and the next step, refuses two steps off either side", async () => {
    const user = await twoFactorUser();
    api.clock.advance(2 * STEP_MS);
    await api
      .caller()
      .auth.completeSignIn({ challenge: await challengeFor(user), code: codeAt(user.secret, -1) });

    api.clock.advance(2 * STEP_MS);
    await api
      .caller()
      .auth.completeSignIn({ challenge: await challengeFor(user), code: codeAt(user.secret, 1) });

    api.clock.advance(4 * STEP_MS);
    const challenge = await challengeFor(user);
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret, -2) }));
    api.clock.advance(LONGEST_CODE_DELAY_MS);
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code: codeAt(user.secret, 2) }),
    );
  });

  it("accepts a code once: the same step again, or an older one, is refused", async () => {
    const user = await twoFactorUser();
    const code = codeAt(user.secret);
    await api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code });
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code }));
    api.clock.advance(LONGEST_CODE_DELAY_MS);
    // Once a later step is accepted, an earlier one inside the window is refused too.
    const later = codeAt(user.secret, 1);
    await api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code: later });
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code: codeAt(user.secret) }),
    );
  });

  it("refuses two simultaneous uses of one code: one session, not two", async () => {
    const user = await twoFactorUser();
    const code = codeAt(user.secret);
    const challenges = [await challengeFor(user), await challengeFor(user)];
    const before = await sessionCount(user.user.id);
    const results = await Promise.allSettled(
      challenges.map((challenge) => api.caller().auth.completeSignIn({ challenge, code })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.user.id)).toBe(before + 1);
  });

  it("a recovery code works once, however it is typed, and its use is logged", async () => {
    const user = await twoFactorUser();
    const [code = ""] = user.recoveryCodes;
    const result = await api.caller().auth.completeSignIn({
      challenge: await challengeFor(user),
      code: code.toUpperCase().replaceAll("-", " "),
    });
    expect(result.user.id).toBe(user.user.id);
    expect(await user.caller.account.twoFactor.status()).toEqual({ enabled: true, recoveryCodesLeft: 9 });
    expect(await eventTypes(user)).toContain("recovery_code_used");
    api.clock.advance(LONGEST_CODE_DELAY_MS);
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code }));
  });

  it("a challenge is single use and expires after 5 minutes", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user);
    await api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret) });
    api.clock.advance(STEP_MS);
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret) }));

    const stale = await challengeFor(user);
    api.clock.advance(SIGN_IN_CHALLENGE_LIFETIME_MS);
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: stale, code: codeAt(user.secret) }),
    );
    // Not spent by the refusal: the code still signs in with a fresh challenge.
    await api
      .caller()
      .auth.completeSignIn({ challenge: await challengeFor(user), code: codeAt(user.secret) });
  });

  it("a wrong code does not spend the challenge: the right one still works with it", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user);
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret, 5) }));
    api.clock.advance(2 * SECOND_MS);
    const result = await api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret) });
    expect(result.user.id).toBe(user.user.id);
  });

  it("another user's challenge is useless with your code, and yours with theirs", async () => {
    const alice = await twoFactorUser();
    const bob = await twoFactorUser();
    const bobsChallenge = await challengeFor(bob);
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: bobsChallenge, code: codeAt(alice.secret) }),
    );
    api.clock.advance(2 * SECOND_MS); // past the delay that failure started on Bob's account
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: bobsChallenge, code: alice.recoveryCodes[0] ?? "" }),
    );
    // Alice's code and recovery code were not spent by that.
    expect((await alice.caller.account.twoFactor.status()).recoveryCodesLeft).toBe(10);
    await api
      .caller()
      .auth.completeSignIn({ challenge: await challengeFor(alice), code: codeAt(alice.secret) });
  });

  it("answers every failure with the same error: wrong code, replay, garbage, expired or used challenge", async () => {
    const user = await twoFactorUser();
    const shapes: unknown[] = [];
    const collect = async (promise: Promise<unknown>): Promise<void> => {
      shapes.push(clientErrorShape(await rejection(promise), "auth.completeSignIn"));
      api.clock.advance(LONGEST_CODE_DELAY_MS);
    };
    const challenge = await challengeFor(user);
    await collect(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret, 5) }));
    await collect(api.caller().auth.completeSignIn({ challenge, code: "not-a-code" }));
    await collect(api.caller().auth.completeSignIn({ challenge: "garbage", code: codeAt(user.secret) }));
    const used = await challengeFor(user);
    const code = codeAt(user.secret);
    await api.caller().auth.completeSignIn({ challenge: used, code });
    await collect(api.caller().auth.completeSignIn({ challenge: used, code: codeAt(user.secret, 1) }));
    await collect(api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code }));
    expect(new Set(shapes.map((shape) => JSON.stringify(shape))).size).toBe(1);
    expect(shapes[0]).toMatchObject({
      message: "Invalid code",
      data: { code: "UNAUTHORIZED", httpStatus: 401 },
    });
  });

  it("throttles wrong codes per account like passwords: the next try waits, and a right code clears it", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user);
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret, 5) }));
    // From another client, with the right code, the account still waits.
    const { caller, resHeaders } = api.call({ clientIp: "203.0.113.7" });
    const throttled = await rejection(caller.auth.completeSignIn({ challenge, code: codeAt(user.secret) }));
    expect(throttled.code).toBe("TOO_MANY_REQUESTS");
    expect(resHeaders.get("retry-after")).toBe("1");
    api.clock.advance(SECOND_MS);
    await expectInvalidCode(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret, 5) }));
    api.clock.advance(SECOND_MS);
    expect(
      (await rejection(api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret) }))).code,
    ).toBe("TOO_MANY_REQUESTS");
    api.clock.advance(SECOND_MS);
    await api.caller().auth.completeSignIn({ challenge, code: codeAt(user.secret) });
    expect(await eventTypes(user)).toEqual(
      expect.arrayContaining(["sign_in_failed", "throttled", "sign_in"]),
    );
    // Cleared: a wrong code now starts again at 1 s.
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code: codeAt(user.secret, 5) }),
    );
  });

  it("throttles codes per client address: 10 at once, then 429 for that address only", async () => {
    const user = await twoFactorUser();
    const challenge = await challengeFor(user);
    const from = (ip: string) => api.caller({ clientIp: ip }).auth;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      // Garbage challenges: the per-client bucket is taken before anything is looked up.
      await expectInvalidCode(
        from("198.51.100.1").completeSignIn({ challenge: `x${attempt}`, code: "123456" }),
      );
    }
    const refused = await rejection(
      from("198.51.100.1").completeSignIn({ challenge, code: codeAt(user.secret) }),
    );
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    const result = await from("198.51.100.2").completeSignIn({ challenge, code: codeAt(user.secret) });
    expect(result.user.id).toBe(user.user.id);
  });

  it("refuses a malformed input naming the field, and unknown keys", async () => {
    await expectBadRequest(
      api.caller().auth.completeSignIn({ challenge: "x", code: "" }),
      "auth.completeSignIn",
      "code",
    );
    await expectBadRequest(
      api.caller().auth.completeSignIn({ challenge: "x", code: "1".repeat(65) }),
      "auth.completeSignIn",
      "code",
    );
    const error = await rejection(
      api.caller().auth.completeSignIn({ challenge: "x", code: "123456", extra: 1 } as never),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });
});

describe("account.twoFactor: turning it off and new recovery codes", () => {
  it("disable needs the right password; then the password alone signs in again, and it is logged", async () => {
    const user = await twoFactorUser();
    await expectBadRequest(
      user.caller.account.twoFactor.disable({ password: "not the password" }),
      "account.twoFactor.disable",
      "password",
      /incorrect/,
    );
    expect((await user.caller.account.twoFactor.status()).enabled).toBe(true);
    const pending = await challengeFor(user);
    await user.caller.account.twoFactor.disable({ password: user.password });
    expect(await user.caller.account.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect(await eventTypes(user)).toContain("two_factor_disabled");
    // A sign-in waiting for a code when it was turned off does not finish with an old code.
    await expectInvalidCode(
      api.caller().auth.completeSignIn({ challenge: pending, code: codeAt(user.secret) }),
    );
    const answer = await api.caller().auth.signIn({ email: user.user.email, password: user.password });
    expect(answer).toMatchObject({ user: user.user, token: null });
    const again = await rejection(user.caller.account.twoFactor.disable({ password: user.password }));
    expect(again.code).toBe("CONFLICT");
  });

  it("regenerating needs the password; the old codes stop working, the new ones work", async () => {
    const user = await twoFactorUser();
    await expectBadRequest(
      user.caller.account.twoFactor.regenerateRecoveryCodes({ password: "wrong password" }),
      "account.twoFactor.regenerateRecoveryCodes",
      "password",
    );
    const { recoveryCodes: fresh } = await user.caller.account.twoFactor.regenerateRecoveryCodes({
      password: user.password,
    });
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(user.recoveryCodes[0]);
    expect(await eventTypes(user)).toContain("recovery_codes_regenerated");
    await expectInvalidCode(
      api
        .caller()
        .auth.completeSignIn({ challenge: await challengeFor(user), code: user.recoveryCodes[0] ?? "" }),
    );
    api.clock.advance(LONGEST_CODE_DELAY_MS);
    await api.caller().auth.completeSignIn({ challenge: await challengeFor(user), code: fresh[0] ?? "" });
  });

  it("a password reset does not turn it off: signing in afterwards still asks for the code", async () => {
    const user = await twoFactorUser();
    const token = await issuePasswordResetToken(api.db, user.user.email, api.clock.now());
    await api.caller().auth.resetPassword({ token: token ?? "", newPassword: "a brand new password" });
    const answer = await api
      .caller()
      .auth.signIn({ email: user.user.email, password: "a brand new password" });
    expect(answer).toEqual({ twoFactorRequired: true, challenge: expect.any(String) });
    const [row] = await api.db
      .select()
      .from(twoFactorSecrets)
      .where(eq(twoFactorSecrets.userId, user.user.id));
    expect(row?.enabledAt).not.toBeNull();
  });

  it("regenerating without two-factor on is refused", async () => {
    const user = await api.createUser();
    const error = await rejection(
      user.caller.account.twoFactor.regenerateRecoveryCodes({ password: user.password }),
    );
    expect(error.code).toBe("CONFLICT");
  });

  it("deleting the account removes every two-factor row", async () => {
    const user = await twoFactorUser();
    await challengeFor(user);
    await user.caller.account.delete({ password: user.password });
    for (const table of [twoFactorSecrets, recoveryCodes, signInChallenges]) {
      expect(await api.db.select().from(table).where(eq(table.userId, user.user.id))).toEqual([]);
    }
  });
});

describe("notices by email", () => {
  let mailApi: TestApi;
  beforeAll(async () => {
    mailApi = await createTestApi({ mail: true });
  });
  afterAll(async () => {
    await mailApi.close();
  });

  it("tells the address when two-factor is turned on or off and when new recovery codes are made", async () => {
    const user = await mailApi.createUser();
    const { secret } = await user.caller.account.twoFactor.begin();
    await user.caller.account.twoFactor.enable({ code: totpCode(secret, mailApi.clock.now()) });
    await mailApi.nextMail(user.user.email, /Two-factor sign-in is on/);
    await user.caller.account.twoFactor.regenerateRecoveryCodes({ password: user.password });
    await mailApi.nextMail(user.user.email, /New recovery codes/);
    await user.caller.account.twoFactor.disable({ password: user.password });
    const off = await mailApi.nextMail(user.user.email, /Two-factor sign-in is off/);
    expect(off.text).toMatch(/If this was not you/);
    // The codes themselves never travel by email.
    expect((await mailApi.mailTo(user.user.email)).map((mail) => mail.text).join("\n")).not.toMatch(
      /[a-z2-7]{4}-[a-z2-7]{4}-/,
    );
  });
});
