import { emailTokens, users } from "@doable/db";
import { MINUTE_MS, PASSWORD_RESET_TOKEN_LIFETIME_MS } from "@doable/domain";
import { eq } from "drizzle-orm";
import type { Mailer, MailMessage } from "@doable/mail";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIL_UNAVAILABLE_MESSAGE } from "../mail/require-mail";
import {
  createTestApi,
  expectBadRequest,
  finishedSignIn,
  type LoggedStatement,
  loggingDatabase,
  rejection,
  TEST_ORIGIN,
  type TestApi,
  tokenFromMail,
} from "../testing";
import { INVALID_LINK_MESSAGE } from "./messages";

const NEW_PASSWORD = "a brand new passphrase";
const RESET_SUBJECT = /Reset your Doable password/;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ mail: true });
});
afterAll(async () => {
  await api.close();
});

async function resetLinkFor(email: string): Promise<{ link: string; token: string }> {
  await api.caller().auth.requestPasswordReset({ email });
  const mail = await api.nextMail(email, RESET_SUBJECT);
  return { link: mail.links[0] ?? "", token: tokenFromMail(mail) };
}

describe("auth.requestPasswordReset", () => {
  it("emails a single link to /reset-password, as text and HTML", async () => {
    const { user } = await api.createUser();
    await expect(
      api.caller().auth.requestPasswordReset({ email: ` ${user.email.toUpperCase()} ` }),
    ).resolves.toEqual({
      requested: true,
    });
    const mail = await api.nextMail(user.email, RESET_SUBJECT);
    expect(mail.links).toHaveLength(1);
    expect(mail.links[0]).toMatch(
      new RegExp(`^${TEST_ORIGIN}/reset-password\\?token=[A-Za-z0-9_-]{20}\\.[A-Za-z0-9_-]{32}$`),
    );
    expect(mail.text).toContain("30 minutes");
    expect(mail.html).toContain(`href="${mail.links[0]}"`);
  });

  it("gives an unknown email the same answer, and sends nothing", async () => {
    const email = "nobody-at-all@example.com";
    await expect(api.caller().auth.requestPasswordReset({ email })).resolves.toEqual({ requested: true });
    expect(await api.mailTo(email)).toEqual([]);
    expect(await api.db.select().from(emailTokens).where(eq(emailTokens.email, email))).toEqual([]);
  });

  it("does the same database work before its answer for a known and an unknown email: the token comes after", async () => {
    const { user } = await api.createUser();
    const held: Array<() => Promise<MailMessage | null>> = [];
    const holdingMailer: Mailer = {
      available: true,
      send: () => {
        throw new Error("a reset link is made after the answer, with sendPrepared");
      },
      sendPrepared: (prepare) => void held.push(prepare),
      idle: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const statementsBeforeAnswer = async (email: string, clientIp: string): Promise<string[]> => {
      const log: LoggedStatement[] = [];
      const db = loggingDatabase(api.handle, log);
      await expect(
        api.caller({ db, clientIp, mailer: holdingMailer }).auth.requestPasswordReset({ email }),
      ).resolves.toEqual({ requested: true });
      return log.map((statement) => statement.query);
    };
    const known = await statementsBeforeAnswer(user.email, "203.0.113.61");
    const unknown = await statementsBeforeAnswer("nobody-at-all@example.com", "203.0.113.62");
    expect(known.length).toBeGreaterThan(0);
    expect(known).toEqual(unknown);
    expect(known.join("\n")).not.toContain('"email_tokens"');
    const tokensOf = () => api.db.select().from(emailTokens).where(eq(emailTokens.userId, user.id));
    expect(await tokensOf()).toEqual([]);

    // After the answer: the known email's link is issued and its message made; the unknown one's is none.
    expect(held).toHaveLength(2);
    const [forKnown, forUnknown] = await Promise.all(held.map((prepare) => prepare()));
    expect(forKnown?.to).toBe(user.email);
    expect(forKnown?.subject).toMatch(RESET_SUBJECT);
    expect(forUnknown).toBeNull();
    expect(await tokensOf()).toHaveLength(1);
  });

  it("throttles per client, and per email silently (same answer, no more mail)", async () => {
    const { user } = await api.createUser();
    const answers: string[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const result = await api
        .caller({ clientIp: `198.51.100.${attempt}` })
        .auth.requestPasswordReset({ email: user.email })
        .then(
          () => "ok",
          (error: { code: string }) => error.code,
        );
      answers.push(result);
    }
    expect(answers).toEqual(["ok", "ok", "ok", "ok"]);
    expect(await api.mailTo(user.email)).toHaveLength(3);

    const client = { clientIp: "203.0.113.77" };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await api.caller(client).auth.requestPasswordReset({ email: `someone${attempt}@example.com` });
    }
    const refused = await rejection(
      api.caller(client).auth.requestPasswordReset({ email: "one-more@example.com" }),
    );
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("auth.resetPassword", () => {
  it("sets the password, ends every session, records the event and emails a notice", async () => {
    const owner = await api.createUser();
    const other = await api.createUser();
    const { token } = await resetLinkFor(owner.user.email);
    await expect(api.caller().auth.resetPassword({ token, newPassword: NEW_PASSWORD })).resolves.toEqual({
      reset: true,
    });
    expect(await api.sessionRow(owner.token)).toBeNull();
    expect(await api.sessionRow(other.token)).not.toBeNull();
    await expect(
      api.caller().auth.signIn({ email: owner.user.email, password: NEW_PASSWORD, transport: "bearer" }),
    ).resolves.toMatchObject({ user: { id: owner.user.id } });
    await expect(
      api.caller().auth.signIn({ email: owner.user.email, password: owner.password }),
    ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    api.clock.advance(MINUTE_MS); // past the delay that failure started
    const signedIn = finishedSignIn(
      await api.caller().auth.signIn({
        email: owner.user.email,
        password: NEW_PASSWORD,
        transport: "bearer",
      }),
    );
    const events = await api.caller({ token: signedIn.token ?? "" }).account.securityActivity();
    expect(events.map((event) => event.type)).toContain("password_reset");
    await api.nextMail(owner.user.email, /password was reset/);
    // Following the link proved the address.
    const [row] = await api.db.select().from(users).where(eq(users.id, owner.user.id));
    expect(row?.emailVerifiedAt).not.toBeNull();
  });

  it("refuses the link a second time", async () => {
    const { user } = await api.createUser();
    const { token } = await resetLinkFor(user.email);
    await api.caller().auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    const again = await rejection(
      api.caller().auth.resetPassword({ token, newPassword: "yet another passphrase" }),
    );
    expect(again.code).toBe("BAD_REQUEST");
    expect(again.message).toBe(INVALID_LINK_MESSAGE);
  });

  it("refuses the link after 30 minutes", async () => {
    const { user, token: session } = await api.createUser();
    const { token } = await resetLinkFor(user.email);
    api.clock.advance(PASSWORD_RESET_TOKEN_LIFETIME_MS - MINUTE_MS);
    const [row] = await api.db.select().from(emailTokens).where(eq(emailTokens.userId, user.id));
    expect(row?.expiresAt.getTime()).toBeGreaterThan(api.clock.now().getTime());
    api.clock.advance(MINUTE_MS);
    const late = await rejection(api.caller().auth.resetPassword({ token, newPassword: NEW_PASSWORD }));
    expect(late.message).toBe(INVALID_LINK_MESSAGE);
    expect(await api.sessionRow(session)).not.toBeNull();
  });

  it("refuses a wrong or forged token, and an earlier link once a newer one was sent", async () => {
    const { user } = await api.createUser();
    const first = await resetLinkFor(user.email);
    const second = await resetLinkFor(user.email);
    for (const token of [
      "nonsense",
      `${second.token.split(".")[0]}.${"A".repeat(32)}`,
      `${"B".repeat(20)}.${"C".repeat(32)}`,
      first.token,
    ]) {
      const refused = await rejection(api.caller().auth.resetPassword({ token, newPassword: NEW_PASSWORD }));
      expect(refused.message).toBe(INVALID_LINK_MESSAGE);
    }
    await expect(
      api.caller().auth.resetPassword({ token: second.token, newPassword: NEW_PASSWORD }),
    ).resolves.toEqual({
      reset: true,
    });
  });

  it("applies the sign-up password policy without using up the link", async () => {
    const { user } = await api.createUser();
    const { token } = await resetLinkFor(user.email);
    await expectBadRequest(
      api.caller().auth.resetPassword({ token, newPassword: "short" }),
      "auth.resetPassword",
      "newPassword",
    );
    await expectBadRequest(
      api.caller().auth.resetPassword({ token, newPassword: "password123" }),
      "auth.resetPassword",
      "newPassword",
    );
    await expect(api.caller().auth.resetPassword({ token, newPassword: NEW_PASSWORD })).resolves.toEqual({
      reset: true,
    });
  });
});

describe("links used for another purpose", () => {
  it("refuses a verification or email-change link at resetPassword, and a reset link at verifyEmail", async () => {
    const email = "confused-purposes@example.com";
    const { caller } = api.call();
    await caller.auth.signUp({ email, password: "a long enough passphrase" });
    const verification = tokenFromMail(await api.nextMail(email, /Confirm your email/));
    const refusedVerification = await rejection(
      api.caller().auth.resetPassword({ token: verification, newPassword: NEW_PASSWORD }),
    );
    expect(refusedVerification.message).toBe(INVALID_LINK_MESSAGE);

    const owner = await api.createUser();
    await owner.caller.account.requestEmailChange({
      newEmail: "confused-new@example.com",
      password: owner.password,
    });
    const change = tokenFromMail(await api.nextMail("confused-new@example.com", /Confirm your new email/));
    const refusedChange = await rejection(
      api.caller().auth.resetPassword({ token: change, newPassword: NEW_PASSWORD }),
    );
    expect(refusedChange.message).toBe(INVALID_LINK_MESSAGE);

    const { token: reset } = await resetLinkFor(email);
    const refusedReset = await rejection(api.caller().auth.verifyEmail({ token: reset }));
    expect(refusedReset.message).toBe(INVALID_LINK_MESSAGE);
    // Refused for its purpose, not used up: each link still does its own job.
    await expect(
      api.caller().auth.resetPassword({ token: reset, newPassword: NEW_PASSWORD }),
    ).resolves.toEqual({
      reset: true,
    });
    await expect(api.caller().auth.verifyEmail({ token: change })).resolves.toMatchObject({ changed: true });
  });
});

describe("one reset link used twice at once", () => {
  it("succeeds exactly once", async () => {
    const { user } = await api.createUser();
    const { token } = await resetLinkFor(user.email);
    const passwords = ["first racing passphrase", "second racing passphrase"];
    const outcomes = await Promise.allSettled(
      passwords.map((newPassword) => api.caller().auth.resetPassword({ token, newPassword })),
    );
    const succeeded = outcomes.flatMap((outcome, index) => (outcome.status === "fulfilled" ? [index] : []));
    expect(succeeded).toHaveLength(1);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ message: INVALID_LINK_MESSAGE });
    const winner = passwords[succeeded[0] ?? 0] ?? "";
    await expect(
      api.caller().auth.signIn({ email: user.email, password: winner, transport: "bearer" }),
    ).resolves.toMatchObject({ user: { id: user.id } });
  });
});

describe("auth.resetPassword and the browser's session cookie", () => {
  const removals = (resHeaders: Headers): string[] =>
    resHeaders.getSetCookie().filter((cookie) => /Max-Age=0/.test(cookie));

  it("clears the cookie of the account it reset (that session ended with the others)", async () => {
    const owner = await api.createUser();
    const { token } = await resetLinkFor(owner.user.email);
    const { caller, resHeaders } = api.call({ token: owner.token, transport: "cookie" });
    await caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    expect(removals(resHeaders)).toHaveLength(1);
    expect(await api.sessionRow(owner.token)).toBeNull();
  });

  it("leaves another account's cookie and session alone", async () => {
    const owner = await api.createUser();
    const bystander = await api.createUser();
    const { token } = await resetLinkFor(owner.user.email);
    const { caller, resHeaders } = api.call({ token: bystander.token, transport: "cookie" });
    await caller.auth.resetPassword({ token, newPassword: NEW_PASSWORD });
    expect(removals(resHeaders)).toEqual([]);
    expect(await api.sessionRow(bystander.token)).not.toBeNull();
  });
});

describe("without mail", () => {
  it("says plainly that reset by email is unavailable, whatever the email", async () => {
    const bare = await createTestApi();
    try {
      const { user } = await bare.createUser();
      for (const email of [user.email, "nobody@example.com"]) {
        const refused = await rejection(bare.caller().auth.requestPasswordReset({ email }));
        expect(refused.code).toBe("PRECONDITION_FAILED");
        expect(refused.message).toBe(MAIL_UNAVAILABLE_MESSAGE);
      }
    } finally {
      await bare.close();
    }
  });
});
