import {
  cookiePolicyForOrigin,
  deviceCookieName,
  emailBucketSubject,
  PASSWORD_RESET_EMAIL_BUCKET,
  recordSignInFailure,
  takeToken,
} from "@doable/auth";
import { emailTokens, rateLimitBuckets, signInThrottles, users } from "@doable/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  expectBadRequest,
  finishedSignIn,
  HOSTILE_EMAILS,
  rejection,
  TEST_ORIGIN,
  type TestApi,
  type TestUser,
  tokenFromMail,
} from "../testing";
import { EMAIL_TAKEN_MESSAGE, INVALID_LINK_MESSAGE } from "./messages";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ mail: true });
});
afterAll(async () => {
  await api.close();
});

const PASSWORD = "verify me please";

describe("email verification", () => {
  it("sends a link at sign-up; using it marks the address verified, once", async () => {
    const email = "new-person@example.com";
    const { caller, resHeaders } = api.call();
    await caller.auth.signUp({ email, password: PASSWORD });
    const mail = await api.nextMail(email, /Confirm your email/);
    expect(mail.links[0]).toMatch(new RegExp(`^${TEST_ORIGIN}/verify-email\\?token=`));
    const cookie = resHeaders.getSetCookie().find((value) => value.startsWith("doable_session="));
    const token = cookie?.split(";")[0]?.split("=")[1] ?? "";
    const asUser = api.caller({ token, transport: "cookie" });
    expect(await asUser.account.emailStatus()).toMatchObject({ email, verified: false, pendingEmail: null });
    await expect(api.caller().auth.verifyEmail({ token: tokenFromMail(mail) })).resolves.toEqual({
      email,
      changed: false,
    });
    expect(await asUser.account.emailStatus()).toMatchObject({ verified: true });
    await expect(api.caller().auth.verifyEmail({ token: tokenFromMail(mail) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("account.requestEmailChange", () => {
  it("needs the password, mails the new address and notifies the old, and changes only on the link", async () => {
    const { user, caller } = await api.createUser({ password: PASSWORD });
    const wrong = await rejection(
      caller.account.requestEmailChange({ newEmail: "moved@example.com", password: "nope nope" }),
    );
    expect(wrong.code).toBe("BAD_REQUEST");
    await expect(
      caller.account.requestEmailChange({ newEmail: "moved@example.com", password: PASSWORD }),
    ).resolves.toEqual({
      pendingEmail: "moved@example.com",
    });
    await api.nextMail(user.email, /about to change/);
    const link = await api.nextMail("moved@example.com", /Confirm your new email/);
    expect(await caller.account.emailStatus()).toMatchObject({
      email: user.email,
      pendingEmail: "moved@example.com",
    });
    // Used with the account's own session, which stays signed in.
    await expect(caller.auth.verifyEmail({ token: tokenFromMail(link) })).resolves.toEqual({
      email: "moved@example.com",
      changed: true,
    });
    expect(await caller.auth.me()).toMatchObject({ email: "moved@example.com" });
  });

  it("once done, tells the old address, ends the other sessions and forgets the old address's throttles", async () => {
    const { user, caller, token: kept } = await api.createUser({ password: PASSWORD });
    const other = finishedSignIn(
      await api.caller().auth.signIn({ email: user.email, password: PASSWORD, transport: "bearer" }),
    );
    await takeToken(api.db, PASSWORD_RESET_EMAIL_BUCKET, emailBucketSubject(user.email), api.clock.now());
    await recordSignInFailure(api.db, user.email, api.clock.now());
    await caller.account.requestEmailChange({ newEmail: "noticed@example.com", password: PASSWORD });
    const link = await api.nextMail("noticed@example.com", /Confirm your new email/);
    // Used from the browser holding `kept`: that session stays, every other one ends.
    await api.caller({ token: kept, transport: "cookie" }).auth.verifyEmail({ token: tokenFromMail(link) });
    const notice = await api.nextMail(user.email, /email address was changed/);
    expect(notice.text).toContain("noticed@example.com");
    expect(notice.text).toMatch(/administrator/);
    expect(notice.links).toEqual([]);
    expect(await api.sessionRow(kept)).not.toBeNull();
    expect(await api.sessionRow(other.token ?? "")).toBeNull();
    expect(await api.db.select().from(signInThrottles).where(eq(signInThrottles.email, user.email))).toEqual(
      [],
    );
    const buckets = await api.db.select().from(rateLimitBuckets);
    expect(buckets.filter((bucket) => bucket.key.endsWith(`:${emailBucketSubject(user.email)}`))).toEqual([]);
  });

  it("refuses a new address a mail library would read as another or several recipients", async () => {
    const { caller } = await api.createUser({ password: PASSWORD });
    for (const newEmail of HOSTILE_EMAILS) {
      await expectBadRequest(
        caller.account.requestEmailChange({ newEmail, password: PASSWORD }),
        "account.requestEmailChange",
        "newEmail",
      );
    }
  });

  it("keeps sign-up's uniqueness rule when asking and when confirming", async () => {
    const { caller } = await api.createUser({ password: PASSWORD });
    const taken = await api.createUser();
    const refused = await rejection(
      caller.account.requestEmailChange({ newEmail: taken.user.email, password: PASSWORD }),
    );
    expect(refused.code).toBe("BAD_REQUEST");

    await caller.account.requestEmailChange({ newEmail: "contested@example.com", password: PASSWORD });
    const link = await api.nextMail("contested@example.com", /Confirm your new email/);
    await api.createUser({ email: "contested@example.com" });
    const late = await rejection(api.caller().auth.verifyEmail({ token: tokenFromMail(link) }));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toBe(EMAIL_TAKEN_MESSAGE);
  });
});

describe("a pending email change", () => {
  async function requestChange(newEmail: string): Promise<{ owner: TestUser; token: string }> {
    const owner = await api.createUser({ password: PASSWORD });
    await owner.caller.account.requestEmailChange({ newEmail, password: PASSWORD });
    const link = await api.nextMail(newEmail, /Confirm your new email/);
    return { owner, token: tokenFromMail(link) };
  }

  async function expectAddress(userId: string, email: string): Promise<void> {
    const [row] = await api.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    expect(row?.email).toBe(email);
  }

  it("dies with a password reset: whoever held the account before cannot take it back", async () => {
    const { owner, token } = await requestChange("attacker-after-reset@example.com");
    await api.caller().auth.requestPasswordReset({ email: owner.user.email });
    const reset = await api.nextMail(owner.user.email, /Reset your Doable password/);
    await api
      .caller()
      .auth.resetPassword({ token: tokenFromMail(reset), newPassword: "taken back for good" });
    const refused = await rejection(api.caller().auth.verifyEmail({ token }));
    expect(refused.message).toBe(INVALID_LINK_MESSAGE);
    await expectAddress(owner.user.id, owner.user.email);
  });

  it("dies with a password change", async () => {
    const { owner, token } = await requestChange("attacker-after-change@example.com");
    await owner.caller.account.changePassword({ currentPassword: PASSWORD, newPassword: "changed in time" });
    const refused = await rejection(api.caller().auth.verifyEmail({ token }));
    expect(refused.message).toBe(INVALID_LINK_MESSAGE);
    await expectAddress(owner.user.id, owner.user.email);
  });

  it("changes nothing once the account has another address than the one it was asked from", async () => {
    const { owner, token } = await requestChange("stale-change@example.com");
    // As if the address had changed by some other way that left the link in place.
    await api.db.update(users).set({ email: "elsewhere@example.com" }).where(eq(users.id, owner.user.id));
    const refused = await rejection(api.caller().auth.verifyEmail({ token }));
    expect(refused.message).toBe(INVALID_LINK_MESSAGE);
    await expectAddress(owner.user.id, "elsewhere@example.com");
  });

  it("once used, takes every other pending link of the account with it", async () => {
    const { owner, token } = await requestChange("moved-cleanly@example.com");
    await api.caller().auth.requestPasswordReset({ email: owner.user.email });
    const reset = await api.nextMail(owner.user.email, /Reset your Doable password/);
    await api.caller().auth.verifyEmail({ token });
    expect(await api.db.select().from(emailTokens).where(eq(emailTokens.userId, owner.user.id))).toEqual([]);
    const refused = await rejection(
      api.caller().auth.resetPassword({ token: tokenFromMail(reset), newPassword: "too late for this" }),
    );
    expect(refused.message).toBe(INVALID_LINK_MESSAGE);
  });
});

describe("notices", () => {
  it("mails a notice for a sign-in from a browser never seen, not for one that signed in before", async () => {
    const { user } = await api.createUser({ password: PASSWORD });
    const first = api.call({ userAgent: "Firefox" });
    await first.caller.auth.signIn({ email: user.email, password: PASSWORD });
    await api.nextMail(user.email, /New sign-in/);
    const device = first.resHeaders
      .getSetCookie()
      .find((value) => value.startsWith(`${deviceCookieName(cookiePolicyForOrigin(TEST_ORIGIN))}=`))
      ?.split(";")[0];
    expect(device).toBeTruthy();
    await api
      .caller({ headers: { cookie: device ?? "" } })
      .auth.signIn({ email: user.email, password: PASSWORD });
    expect((await api.mailTo(user.email)).filter((mail) => /New sign-in/.test(mail.subject))).toHaveLength(1);
  });

  it("names the device as /account does, never with the raw User-Agent", async () => {
    const { user } = await api.createUser({ password: PASSWORD });
    const userAgent = `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Gecko/20100101 Firefox/133.0 Visit http://evil.example/claim ${"x".repeat(2000)}`;
    await api.caller({ userAgent }).auth.signIn({ email: user.email, password: PASSWORD });
    const notice = await api.nextMail(user.email, /New sign-in/);
    expect(notice.text).toContain("Browser or app: Firefox on macOS");
    expect(notice.text).not.toContain("evil.example");
    expect(notice.links).toEqual([]);
    const cli = await api.createUser({ password: PASSWORD });
    await api
      .caller({ userAgent: "doable-cli/0.1.0 (node v22; linux)" })
      .auth.signIn({ email: cli.user.email, password: PASSWORD, transport: "bearer" });
    expect((await api.nextMail(cli.user.email, /New sign-in/)).text).toContain(
      "Browser or app: Doable CLI 0.1.0 on Linux",
    );
  });

  it("mails a notice when the password is changed", async () => {
    const { user, caller } = await api.createUser({ password: PASSWORD });
    await caller.account.changePassword({
      currentPassword: PASSWORD,
      newPassword: "another fine passphrase",
    });
    await api.nextMail(user.email, /password was changed/);
  });
});

describe("account.delete", () => {
  it("removes the account's throttling rows and pending links", async () => {
    const { user, caller } = await api.createUser({ password: PASSWORD });
    await api.caller().auth.requestPasswordReset({ email: user.email });
    await takeToken(api.db, PASSWORD_RESET_EMAIL_BUCKET, emailBucketSubject(user.email), api.clock.now());
    await recordSignInFailure(api.db, user.email, api.clock.now());
    await caller.account.delete({ password: PASSWORD });
    expect(await api.db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
    expect(await api.db.select().from(emailTokens).where(eq(emailTokens.userId, user.id))).toEqual([]);
    expect(await api.db.select().from(signInThrottles).where(eq(signInThrottles.email, user.email))).toEqual(
      [],
    );
    const buckets = await api.db.select().from(rateLimitBuckets);
    expect(buckets.filter((bucket) => bucket.key.endsWith(user.email))).toEqual([]);
  });
});
