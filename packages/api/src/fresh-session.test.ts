/**
 * Sensitive account changes need a sign-in within the last 10 minutes, or the password again
 * (docs/decisions/0040), through the router with a test clock.
 */
import { SECOND_MS } from "@doable/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRESH_SIGN_IN_MS, isFreshSignIn, PASSWORD_AGAIN_MESSAGE } from "./fresh-session";
import {
  createTestApi,
  expectBadRequest,
  finishedSignIn,
  rejection,
  sessionIdOf,
  type TestApi,
  type TestUser,
} from "./testing";

const JUST_FRESH_MS = FRESH_SIGN_IN_MS - SECOND_MS; // 9:59
const JUST_STALE_MS = FRESH_SIGN_IN_MS + SECOND_MS; // 10:01

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

/** A user signed in on this client and on a laptop; the clock then moves by `elapsedMs`. */
async function twoSessions(elapsedMs: number): Promise<{ user: TestUser; laptop: string }> {
  const user = await api.createUser();
  const signedIn = await api
    .caller()
    .auth.signIn({ email: user.user.email, password: user.password, transport: "bearer" });
  const laptop = finishedSignIn(signedIn).token;
  if (laptop === null) throw new Error("a bearer sign-in returned no token");
  api.clock.advance(elapsedMs);
  return { user, laptop };
}

describe("isFreshSignIn", () => {
  it("holds for 10 minutes after the session was opened, not a moment longer", () => {
    const createdAt = new Date("2030-01-01T00:00:00Z");
    const at = (ms: number) => new Date(createdAt.getTime() + ms);
    expect(isFreshSignIn({ createdAt }, at(JUST_FRESH_MS))).toBe(true);
    expect(isFreshSignIn({ createdAt }, at(FRESH_SIGN_IN_MS))).toBe(false);
    expect(isFreshSignIn({ createdAt }, at(JUST_STALE_MS))).toBe(false);
  });
});

describe("account.revokeOtherSessions and account.revokeSession", () => {
  it("at 9:59 after signing in: no password needed", async () => {
    const { user, laptop } = await twoSessions(JUST_FRESH_MS);
    await expect(user.caller.account.revokeSession({ id: sessionIdOf(laptop) })).resolves.toMatchObject({
      revoked: true,
    });
    // A phone signs in now; the session asking is still the one opened 9:59 ago.
    await api.caller().auth.signIn({ email: user.user.email, password: user.password, transport: "bearer" });
    await expect(user.caller.account.revokeOtherSessions()).resolves.toEqual({ revoked: 1 });
  });

  it("at 10:01: asks for the password again (a field error), and ends nothing", async () => {
    const { user, laptop } = await twoSessions(JUST_STALE_MS);
    await expectBadRequest(
      user.caller.account.revokeSession({ id: sessionIdOf(laptop) }),
      "account.revokeSession",
      "password",
      new RegExp(PASSWORD_AGAIN_MESSAGE),
    );
    await expectBadRequest(
      user.caller.account.revokeOtherSessions(),
      "account.revokeOtherSessions",
      "password",
      new RegExp(PASSWORD_AGAIN_MESSAGE),
    );
    expect(await api.sessionRow(laptop)).not.toBeNull();
  });

  it("at 10:01 with the password: goes ahead; a wrong one is refused as incorrect, even on a fresh session", async () => {
    const { user, laptop } = await twoSessions(JUST_STALE_MS);
    await expectBadRequest(
      user.caller.account.revokeSession({ id: sessionIdOf(laptop), password: "not the password" }),
      "account.revokeSession",
      "password",
      /Password is incorrect/,
    );
    await expect(
      user.caller.account.revokeSession({ id: sessionIdOf(laptop), password: user.password }),
    ).resolves.toMatchObject({ revoked: true });
    expect(await api.sessionRow(laptop)).toBeNull();

    const fresh = await twoSessions(0);
    await expectBadRequest(
      fresh.user.caller.account.revokeOtherSessions({ password: "not the password" }),
      "account.revokeOtherSessions",
      "password",
      /Password is incorrect/,
    );
    await expect(
      fresh.user.caller.account.revokeOtherSessions({ password: fresh.user.password }),
    ).resolves.toEqual({
      revoked: 1,
    });
  });

  it("revoking this device's own session is a sign-out: never asks for the password", async () => {
    const { user } = await twoSessions(JUST_STALE_MS);
    await expect(user.caller.account.revokeSession({ id: sessionIdOf(user.token) })).resolves.toEqual({
      revoked: true,
      current: true,
    });
  });

  it("takes from the per-user password bucket, so a stolen session cannot guess the password fast", async () => {
    const { user, laptop } = await twoSessions(JUST_STALE_MS);
    const caller = api.caller({ token: user.token, clientIp: "198.51.100.7" });
    const codes: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const error = await rejection(
        caller.account.revokeSession({ id: sessionIdOf(laptop), password: `guess ${i}` }),
      );
      codes.push(error.code);
    }
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
  });
});

describe("changes that already take the password", () => {
  it("deleting the account, changing the email and turning two-factor off still require it, stale or fresh", async () => {
    const user = await api.createUser();
    api.clock.advance(JUST_STALE_MS);
    await expectBadRequest(
      user.caller.account.delete({ password: "not the password" }),
      "account.delete",
      "password",
      /Password is incorrect/,
    );
    await expectBadRequest(
      user.caller.account.twoFactor.disable({ password: "not the password" }),
      "account.twoFactor.disable",
      "password",
      /Password is incorrect/,
    );
    // Missing altogether is a validation error, as before: the guard never makes it optional.
    await expectBadRequest(user.caller.account.delete({} as never), "account.delete", "password");
    await expect(user.caller.account.delete({ password: user.password })).resolves.toEqual({ deleted: true });
  });
});
