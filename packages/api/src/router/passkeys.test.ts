import { SECOND_MS, TOTP_STEP_SECONDS, totpCode, WEBAUTHN_CHALLENGE_LIFETIME_MS } from "@doable/auth";
import { passkeys, users, webauthnChallenges } from "@doable/db";
import { PASSKEYS_PER_USER_MAX } from "@doable/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createTestApi,
  expectBadRequest,
  expectRejected,
  finishedSignIn,
  rejection,
  securityEventTypes,
  sessionCookieToken,
  storedSessionCount,
  type TestApi,
  type TestUser,
} from "../testing";
import { FRESH_SIGN_IN_MS } from "../fresh-session";
import { registerSoftPasskey, type SoftPasskey, signWithSoftPasskey } from "../testing-passkeys";

const CHROME_ON_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const STEP_MS = TOTP_STEP_SECONDS * SECOND_MS;
/** A client address, so the per-client sign-in bucket applies. */
const CLIENT_IP = "203.0.113.40";
/** The sign-in bucket's capacity (SIGN_IN_BUCKET): one more call than it holds is refused. */
const SIGN_IN_BUCKET_CAPACITY = 20;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ mail: true });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.clock.set(new Date());
});

interface PasskeyUser extends TestUser {
  passkey: SoftPasskey;
  passkeyId: string;
}

/** A user who added one software passkey through the API. */
async function passkeyUser(user?: TestUser): Promise<PasskeyUser> {
  const owner = user ?? (await api.createUser());
  const options = await owner.caller.account.passkeys.beginRegistration();
  const { passkey, response } = registerSoftPasskey(options);
  const added = await owner.caller.account.passkeys.finishRegistration({ response });
  return { ...owner, passkey, passkeyId: added.id };
}

function expectNotRecognized(promise: Promise<unknown>): Promise<void> {
  return expectRejected(promise, "UNAUTHORIZED", "This passkey could not sign you in");
}

function expectNotAdded(promise: Promise<unknown>): Promise<void> {
  return expectRejected(promise, "BAD_REQUEST", "The passkey could not be added. Please try again.");
}

describe("account.passkeys: adding one", () => {
  it("offers a discoverable, user-verified credential for APP_ORIGIN's host, the user's own passkeys excluded", async () => {
    const user = await passkeyUser();
    const options = await user.caller.account.passkeys.beginRegistration();
    expect(options.rp).toEqual({ id: "localhost", name: "Doable" });
    expect(options.user.name).toBe(user.user.email);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(options.attestation).toBe("none");
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(options.excludeCredentials?.map((credential) => credential.id)).toEqual([
      user.passkey.credentialId,
    ]);
    // Only the challenge's hash is kept.
    const stored = await api.db.select().from(webauthnChallenges);
    expect(JSON.stringify(stored)).not.toContain(options.challenge);
  });

  it("adds it named after the device, lists it without its key, logs it and mails a notice", async () => {
    const user = await api.createUser();
    const { caller } = api.call({ token: user.token, userAgent: CHROME_ON_LINUX });
    const { response } = registerSoftPasskey(await caller.account.passkeys.beginRegistration());
    const added = await caller.account.passkeys.finishRegistration({ response });
    expect(added.name).toBe("Chrome on Linux");
    const listed = await user.caller.account.passkeys.list();
    expect(listed).toEqual([
      { id: added.id, name: "Chrome on Linux", createdAt: api.clock.now(), lastUsedAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain(response.id);
    expect(await securityEventTypes(user)).toContain("passkey_added");
    const notice = await api.nextMail(user.user.email, /passkey was added/);
    expect(notice.text).toContain("Chrome on Linux");
  });

  it("takes a name when given one, and renames it later (trimmed)", async () => {
    const user = await api.createUser();
    const { response } = registerSoftPasskey(await user.caller.account.passkeys.beginRegistration());
    const added = await user.caller.account.passkeys.finishRegistration({ response, name: "Work laptop" });
    expect(added.name).toBe("Work laptop");
    await user.caller.account.passkeys.rename({ id: added.id, name: "  Old laptop " });
    expect((await user.caller.account.passkeys.list()).map((passkey) => passkey.name)).toEqual([
      "Old laptop",
    ]);
    await expectBadRequest(
      user.caller.account.passkeys.rename({ id: added.id, name: "   " }),
      "account.passkeys.rename",
      "name",
    );
  });

  it("uses a challenge once: the same response again is refused", async () => {
    const user = await api.createUser();
    const { response } = registerSoftPasskey(await user.caller.account.passkeys.beginRegistration());
    await user.caller.account.passkeys.finishRegistration({ response });
    await expectNotAdded(user.caller.account.passkeys.finishRegistration({ response }));
    expect(await user.caller.account.passkeys.list()).toHaveLength(1);
  });

  it("refuses a challenge past its lifetime", async () => {
    const user = await api.createUser();
    const { response } = registerSoftPasskey(await user.caller.account.passkeys.beginRegistration());
    api.clock.advance(WEBAUTHN_CHALLENGE_LIFETIME_MS);
    await expectNotAdded(user.caller.account.passkeys.finishRegistration({ response }));
    expect(await user.caller.account.passkeys.list()).toEqual([]);
  });

  it("refuses another user's challenge, and leaves it usable by its owner", async () => {
    const owner = await api.createUser();
    const other = await api.createUser();
    const { response } = registerSoftPasskey(await owner.caller.account.passkeys.beginRegistration());
    await expectNotAdded(other.caller.account.passkeys.finishRegistration({ response }));
    expect(await other.caller.account.passkeys.list()).toEqual([]);
    await owner.caller.account.passkeys.finishRegistration({ response });
    expect(await owner.caller.account.passkeys.list()).toHaveLength(1);
  });

  it("refuses a response from another origin, without user verification, or over a challenge never issued", async () => {
    const user = await api.createUser();
    for (const overrides of [
      { origin: "https://evil.example" },
      { userVerified: false },
      { challenge: Buffer.alloc(32, 7).toString("base64url") },
    ]) {
      const options = await user.caller.account.passkeys.beginRegistration();
      const { response } = registerSoftPasskey(options, overrides);
      await expectNotAdded(user.caller.account.passkeys.finishRegistration({ response }));
    }
    expect(await user.caller.account.passkeys.list()).toEqual([]);
  });

  it("refuses a sign-in challenge for a registration", async () => {
    const user = await api.createUser();
    const signIn = await api.caller().auth.passkey.begin();
    const options = await user.caller.account.passkeys.beginRegistration();
    const { response } = registerSoftPasskey(options, { challenge: signIn.challenge });
    await expectNotAdded(user.caller.account.passkeys.finishRegistration({ response }));
  });

  it("refuses the same authenticator twice, for the same account or another", async () => {
    const user = await passkeyUser();
    const other = await api.createUser();
    for (const owner of [user, other]) {
      const options = await owner.caller.account.passkeys.beginRegistration();
      const { response } = registerSoftPasskey(options, {}, user.passkey);
      const error = await rejection(owner.caller.account.passkeys.finishRegistration({ response }));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe("This passkey is already added.");
    }
    expect(await other.caller.account.passkeys.list()).toEqual([]);
  });

  it("refuses a response whose credential id is not the one the authenticator signed", async () => {
    const user = await api.createUser();
    const { response } = registerSoftPasskey(await user.caller.account.passkeys.beginRegistration());
    const claimed = Buffer.alloc(32, 1).toString("base64url");
    await expectNotAdded(
      user.caller.account.passkeys.finishRegistration({
        response: { ...response, id: claimed, rawId: claimed },
      }),
    );
    expect(await user.caller.account.passkeys.list()).toEqual([]);
  });

  it(`holds at most ${PASSKEYS_PER_USER_MAX} passkeys per account`, async () => {
    const user = await api.createUser();
    const rows = Array.from({ length: PASSKEYS_PER_USER_MAX - 1 }, (_, index) => ({
      userId: user.user.id,
      credentialId: `filler-${user.user.id}-${index}`,
      publicKey: "AA",
      counter: 0,
      transports: [],
      name: `Filler ${index}`,
      createdAt: api.clock.now(),
    }));
    await api.db.insert(passkeys).values(rows);
    // Two prompts opened at the limit minus one: only one of them can finish.
    const first = registerSoftPasskey(await user.caller.account.passkeys.beginRegistration());
    const second = registerSoftPasskey(await user.caller.account.passkeys.beginRegistration());
    await user.caller.account.passkeys.finishRegistration({ response: first.response });
    const refused = await rejection(
      user.caller.account.passkeys.finishRegistration({ response: second.response }),
    );
    expect(refused.code).toBe("CONFLICT");
    const atLimit = await rejection(user.caller.account.passkeys.beginRegistration());
    expect(atLimit.code).toBe("CONFLICT");
    expect(await user.caller.account.passkeys.list()).toHaveLength(PASSKEYS_PER_USER_MAX);
  });
});

describe("account.passkeys: renaming and removing", () => {
  it("answers NOT_FOUND for another user's passkey id, and changes nothing of theirs", async () => {
    const owner = await passkeyUser();
    const other = await api.createUser();
    for (const attempt of [
      other.caller.account.passkeys.rename({ id: owner.passkeyId, name: "Mine now" }),
      other.caller.account.passkeys.remove({ id: owner.passkeyId, password: other.password }),
    ]) {
      const error = await rejection(attempt);
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).toBe("Passkey not found");
    }
    expect((await owner.caller.account.passkeys.list()).map((passkey) => passkey.id)).toEqual([
      owner.passkeyId,
    ]);
  });

  it("removes one only with the password, logs it, mails a notice, and it no longer signs in", async () => {
    const user = await passkeyUser();
    await expectBadRequest(
      user.caller.account.passkeys.remove({ id: user.passkeyId, password: "not the password" }),
      "account.passkeys.remove",
      "password",
    );
    expect(await user.caller.account.passkeys.list()).toHaveLength(1);
    expect(
      await user.caller.account.passkeys.remove({ id: user.passkeyId, password: user.password }),
    ).toEqual({
      removed: true,
    });
    expect(await user.caller.account.passkeys.list()).toEqual([]);
    expect(await securityEventTypes(user)).toContain("passkey_removed");
    await api.nextMail(user.user.email, /passkey was removed/);
    const options = await api.caller().auth.passkey.begin();
    await expectNotRecognized(
      api.caller().auth.passkey.finish({ response: signWithSoftPasskey(user.passkey, options) }),
    );
  });

  it("goes with the account", async () => {
    const user = await passkeyUser();
    await api.db.delete(users).where(eq(users.id, user.user.id));
    expect(await api.db.select().from(passkeys).where(eq(passkeys.userId, user.user.id))).toEqual([]);
  });
});

describe("auth.passkey: signing in", () => {
  it("asks any discoverable passkey with user verification, and signs in over a bearer token", async () => {
    const user = await passkeyUser();
    const options = await api.caller().auth.passkey.begin({ transport: "bearer" });
    expect(options.rpId).toBe("localhost");
    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials ?? []).toEqual([]);
    const signedIn = await api
      .caller()
      .auth.passkey.finish({ response: signWithSoftPasskey(user.passkey, options) });
    expect(signedIn.user.id).toBe(user.user.id);
    if (signedIn.token === null) throw new Error("a bearer sign-in answers its token");
    const me = await api.caller({ token: signedIn.token }).auth.me();
    expect(me?.id).toBe(user.user.id);
    const [listed] = await user.caller.account.passkeys.list();
    expect(listed?.lastUsedAt).toEqual(api.clock.now());
    expect(await securityEventTypes(user)).toContain("sign_in");
  });

  it("hands a browser its session as a cookie (the default) and a device cookie, and mails a new-device notice", async () => {
    const user = await passkeyUser();
    const { caller, resHeaders } = api.call({ userAgent: CHROME_ON_LINUX });
    const options = await caller.auth.passkey.begin();
    const signedIn = await caller.auth.passkey.finish({
      response: signWithSoftPasskey(user.passkey, options),
    });
    expect(signedIn.token).toBeNull();
    const cookieToken = sessionCookieToken(resHeaders);
    expect(cookieToken).not.toBeNull();
    expect((await api.sessionRow(cookieToken ?? ""))?.kind).toBe("browser");
    expect(resHeaders.getSetCookie().some((cookie) => /device/i.test(cookie))).toBe(true);
    await api.nextMail(user.user.email, /new|sign-in/i);
  });

  it("completes a sign-in for an account with TOTP on without asking for a code", async () => {
    const user = await passkeyUser();
    const { secret } = await user.caller.account.twoFactor.begin();
    await user.caller.account.twoFactor.enable({ code: totpCode(secret, api.clock.now()) });
    api.clock.advance(STEP_MS);
    const password = await api.caller().auth.signIn({ email: user.user.email, password: user.password });
    expect(password).toHaveProperty("twoFactorRequired", true);
    const options = await api.caller().auth.passkey.begin({ transport: "bearer" });
    const signedIn = await api
      .caller()
      .auth.passkey.finish({ response: signWithSoftPasskey(user.passkey, options) });
    expect(signedIn).not.toHaveProperty("twoFactorRequired");
    expect(signedIn.user.id).toBe(user.user.id);
    expect(signedIn.token).toEqual(expect.any(String));
  });

  it("uses a challenge once: the same assertion replayed opens no second session", async () => {
    const user = await passkeyUser();
    const before = await storedSessionCount(api.db, user.user.id);
    const options = await api.caller().auth.passkey.begin({ transport: "bearer" });
    const response = signWithSoftPasskey(user.passkey, options);
    await api.caller().auth.passkey.finish({ response });
    await expectNotRecognized(api.caller().auth.passkey.finish({ response }));
    expect(await storedSessionCount(api.db, user.user.id)).toBe(before + 1);
  });

  it("refuses a challenge past its lifetime, and one issued for a registration", async () => {
    const user = await passkeyUser();
    const options = await api.caller().auth.passkey.begin();
    api.clock.advance(WEBAUTHN_CHALLENGE_LIFETIME_MS);
    await expectNotRecognized(
      api.caller().auth.passkey.finish({ response: signWithSoftPasskey(user.passkey, options) }),
    );
    const registration = await user.caller.account.passkeys.beginRegistration();
    const fresh = await api.caller().auth.passkey.begin();
    await expectNotRecognized(
      api.caller().auth.passkey.finish({
        response: signWithSoftPasskey(user.passkey, fresh, { challenge: registration.challenge }),
      }),
    );
  });

  it("refuses a counter that did not move on (a cloned authenticator) and logs a failed sign-in", async () => {
    const user = await passkeyUser();
    const first = await api.caller().auth.passkey.begin();
    await api.caller().auth.passkey.finish({ response: signWithSoftPasskey(user.passkey, first) });
    const second = await api.caller().auth.passkey.begin();
    const cloned = signWithSoftPasskey(user.passkey, second, { counter: user.passkey.counter });
    await expectNotRecognized(api.caller().auth.passkey.finish({ response: cloned }));
    expect(await securityEventTypes(user)).toContain("sign_in_failed");
    const [row] = await api.db.select().from(passkeys).where(eq(passkeys.id, user.passkeyId));
    expect(row?.counter).toBe(1);
  });

  it("refuses an assertion without user verification, from another origin, or naming another user", async () => {
    const user = await passkeyUser();
    const other = await passkeyUser();
    for (const overrides of [
      { userVerified: false },
      { origin: "https://evil.example" },
      { userHandle: other.passkey.userHandle },
    ]) {
      const options = await api.caller().auth.passkey.begin();
      await expectNotRecognized(
        api.caller().auth.passkey.finish({ response: signWithSoftPasskey(user.passkey, options, overrides) }),
      );
    }
  });

  it("refuses a passkey the server never saw", async () => {
    const stranger = registerSoftPasskey(
      await (await api.createUser()).caller.account.passkeys.beginRegistration(),
    );
    const options = await api.caller().auth.passkey.begin();
    await expectNotRecognized(
      api.caller().auth.passkey.finish({ response: signWithSoftPasskey(stranger.passkey, options) }),
    );
  });

  it("is throttled per client with the sign-in bucket", async () => {
    const caller = api.caller({ clientIp: CLIENT_IP });
    for (let call = 0; call < SIGN_IN_BUCKET_CAPACITY; call += 1) await caller.auth.passkey.begin();
    const refused = await rejection(caller.auth.passkey.begin());
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(
      await rejection(caller.auth.signIn({ email: "a@example.com", password: "whatever1" })),
    ).toHaveProperty("code", "TOO_MANY_REQUESTS");
  });
});

describe("account.passkeys.confirm: a passkey in place of the password (ADR 0040)", () => {
  /** Past the fresh window, so revoking sessions asks for the password or a passkey. */
  const STALE_MS = FRESH_SIGN_IN_MS + SECOND_MS;

  it("offers only the user's own passkeys, and without any says to add one", async () => {
    const user = await passkeyUser();
    const options = await user.caller.account.passkeys.beginConfirmation();
    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([user.passkey.credentialId]);
    await expectRejected(
      (await api.createUser()).caller.account.passkeys.beginConfirmation(),
      "BAD_REQUEST",
      "Add a passkey first, or confirm with your password.",
    );
  });

  it("replaces a stale session by a new one, so the change asked for goes ahead without the password", async () => {
    const user = await passkeyUser();
    const other = await api
      .caller()
      .auth.signIn({ email: user.user.email, password: user.password, transport: "bearer" });
    api.clock.advance(STALE_MS);
    await expectBadRequest(
      user.caller.account.revokeOtherSessions(),
      "account.revokeOtherSessions",
      "password",
    );

    const options = await user.caller.account.passkeys.beginConfirmation();
    const { token } = await user.caller.account.passkeys.confirm({
      response: signWithSoftPasskey(user.passkey, options),
    });
    if (token === null) throw new Error("a bearer client gets its new token");
    expect(await api.caller({ token: user.token }).auth.me()).toBeNull();
    await expect(api.caller({ token }).account.revokeOtherSessions()).resolves.toEqual({ revoked: 1 });
    expect(await api.caller({ token: finishedSignIn(other).token ?? "" }).auth.me()).toBeNull();
    const events = await securityEventTypes({ ...user, caller: api.caller({ token }) });
    expect(events.filter((type) => type === "sign_in")).toHaveLength(2);
  });

  it("hands a browser its new session as a cookie", async () => {
    const user = await passkeyUser();
    const options = await user.caller.account.passkeys.beginConfirmation();
    const { caller, resHeaders } = api.call({ token: user.token, transport: "cookie" });
    expect(
      await caller.account.passkeys.confirm({ response: signWithSoftPasskey(user.passkey, options) }),
    ).toEqual({
      token: null,
    });
    const cookie = sessionCookieToken(resHeaders);
    expect(cookie).toBeTruthy();
    expect((await api.caller({ token: cookie ?? "", transport: "cookie" }).auth.me())?.id).toBe(user.user.id);
  });

  it("refuses another account's passkey, a replayed answer and an unverified user, and leaves the session as it was", async () => {
    const user = await passkeyUser();
    const stranger = await passkeyUser();
    api.clock.advance(STALE_MS);
    const refused = "This passkey could not confirm it is you";

    const forStranger = await api.caller().auth.passkey.begin({ transport: "bearer" });
    await expectRejected(
      user.caller.account.passkeys.confirm({ response: signWithSoftPasskey(stranger.passkey, forStranger) }),
      "BAD_REQUEST",
      refused,
    );
    const unverified = await user.caller.account.passkeys.beginConfirmation();
    await expectRejected(
      user.caller.account.passkeys.confirm({
        response: signWithSoftPasskey(user.passkey, unverified, { userVerified: false }),
      }),
      "BAD_REQUEST",
      refused,
    );
    const options = await user.caller.account.passkeys.beginConfirmation();
    const response = signWithSoftPasskey(user.passkey, options);
    const { token } = await user.caller.account.passkeys.confirm({ response });
    await expectRejected(
      api.caller({ token: token ?? "" }).account.passkeys.confirm({ response }),
      "BAD_REQUEST",
      refused,
    );
    expect((await api.caller({ token: token ?? "" }).auth.me())?.id).toBe(user.user.id);
  });
});
