/**
 * Device cookies for sign-in throttling (docs/decisions/0037): a device that signed in to an
 * account before has a delay of its own for it, so failures from elsewhere never delay it, while
 * every other device shares the email's delay as before.
 */
import {
  cookiePolicyForOrigin,
  deviceCookieName,
  newDeviceId,
  SECOND_MS,
  TOTP_STEP_SECONDS,
  totpCode,
} from "@doable/auth";
import { knownDevices } from "@doable/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientErrorShape,
  createTestApi,
  finishedSignIn,
  rejection,
  TEST_ORIGIN,
  type TestApi,
  type TestUser,
} from "../testing";

const DEVICE_COOKIE = deviceCookieName(cookiePolicyForOrigin(TEST_ORIGIN));
/** More failures than it takes to reach the longest delay (300 s after the ninth). */
const ATTACKER_FAILURES = 12;
const TOTP_STEP_MS = TOTP_STEP_SECONDS * SECOND_MS;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

/** How a sign-in attempt presents its device: a browser cookie, or a bearer client's token. */
interface Device {
  cookie?: string;
  deviceToken?: string;
  transport?: "cookie" | "bearer";
}

/** What a client learns from one attempt: signed in, wrong password, or how long to wait. */
type Outcome = "signed in" | "invalid" | { waitSeconds: number };

async function attempt(email: string, password: string, device: Device = {}): Promise<Outcome> {
  const headers: Record<string, string> = device.cookie
    ? { cookie: `${DEVICE_COOKIE}=${device.cookie}` }
    : {};
  const transport = device.transport ?? "cookie";
  const answer = api
    .caller({ headers, transport })
    .auth.signIn({ email, password, transport, deviceToken: device.deviceToken })
    .then((signedIn) => finishedSignIn(signedIn));
  const failed = await answer.then(
    () => null,
    () => rejection(answer),
  );
  if (failed === null) return "signed in";
  if (failed.code === "UNAUTHORIZED") return "invalid";
  expect(failed.code).toBe("TOO_MANY_REQUESTS");
  return { waitSeconds: clientErrorShape(failed, "auth.signIn").data.retryAfterSeconds ?? Number.NaN };
}

/** The device id a browser sign-in set as its cookie (the browser is then known for the account). */
async function browserDevice(email: string, password: string, cookie?: string): Promise<string> {
  const headers: Record<string, string> = cookie ? { cookie: `${DEVICE_COOKIE}=${cookie}` } : {};
  const { caller, resHeaders } = api.call({ headers });
  finishedSignIn(await caller.auth.signIn({ email, password }));
  const set = resHeaders.getSetCookie().find((value) => value.startsWith(`${DEVICE_COOKIE}=`));
  const id = set?.slice(DEVICE_COOKIE.length + 1).split(";")[0];
  if (!id) throw new Error("the sign-in set no device cookie");
  return id;
}

/** An attacker's run of wrong passwords from `device`, each after the previous delay ran out. */
async function failRepeatedly(email: string, device: Device, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    let outcome = await attempt(email, `wrong guess ${i}`, device);
    if (typeof outcome === "object") {
      api.clock.advance(outcome.waitSeconds * SECOND_MS);
      outcome = await attempt(email, `wrong guess ${i}`, device);
    }
    expect(outcome).toBe("invalid");
  }
}

describe("browser device cookies", () => {
  it("the owner signs in at once from a known browser while an attacker's failures pile up elsewhere", async () => {
    const { user, password } = await api.createUser();
    const owner = await browserDevice(user.email, password);
    await failRepeatedly(user.email, {}, ATTACKER_FAILURES);
    // The attacker, with or without a cookie of their own, now waits the longest delay.
    expect(await attempt(user.email, password)).toEqual({ waitSeconds: 300 });
    expect(await attempt(user.email, password, { cookie: newDeviceId() })).toEqual({ waitSeconds: 300 });
    // The owner's browser is not delayed at all, and signing in does not lift the attacker's delay.
    expect(await attempt(user.email, password, { cookie: owner })).toBe("signed in");
    expect(await attempt(user.email, password)).toEqual({ waitSeconds: 300 });
  });

  it("an unknown device is still slowed, including one known for another account", async () => {
    const victim = await api.createUser();
    const attacker = await api.createUser();
    const attackersOwn = await browserDevice(attacker.user.email, attacker.password);
    expect(await attempt(victim.user.email, "wrong guess", { cookie: attackersOwn })).toBe("invalid");
    expect(await attempt(victim.user.email, victim.password, { cookie: attackersOwn })).toEqual({
      waitSeconds: 1,
    });
    expect(await attempt(victim.user.email, victim.password)).toEqual({ waitSeconds: 1 });
    // The attacker's failures against the victim do not touch their own account's delay.
    expect(await attempt(attacker.user.email, attacker.password, { cookie: attackersOwn })).toBe("signed in");
  });

  it("a known device's own failures slow that device, not the owner's other devices nor unknown ones", async () => {
    const { user, password } = await api.createUser();
    const laptop = await browserDevice(user.email, password);
    const phone = await browserDevice(user.email, password);
    expect(await attempt(user.email, "typo", { cookie: laptop })).toBe("invalid");
    expect(await attempt(user.email, password, { cookie: laptop })).toEqual({ waitSeconds: 1 });
    expect(await attempt(user.email, "typo again", { cookie: phone })).toBe("invalid");
    expect(await attempt(user.email, password, { cookie: phone })).toEqual({ waitSeconds: 1 });
    expect(await attempt(user.email, password)).toBe("signed in");
    api.clock.advance(SECOND_MS);
    expect(await attempt(user.email, password, { cookie: laptop })).toBe("signed in");
    // The success cleared the laptop's count: its next failure waits 1 s again, not 2 s.
    expect(await attempt(user.email, "typo", { cookie: laptop })).toBe("invalid");
    expect(await attempt(user.email, password, { cookie: laptop })).toEqual({ waitSeconds: 1 });
  });

  it("a device known for an account reveals nothing about other emails: an unknown email answers as a known one", async () => {
    const { user, password } = await api.createUser();
    const device = await browserDevice(user.email, password);
    const unknown = `nobody-${newDeviceId()}@example.com`;
    const other = await api.createUser();
    const run = async (email: string): Promise<Outcome[]> => [
      await attempt(email, "wrong guess", { cookie: device }),
      await attempt(email, "wrong guess", { cookie: device }),
    ];
    const known = await run(other.user.email);
    expect(known).toEqual(["invalid", { waitSeconds: 1 }]);
    expect(await run(unknown)).toEqual(known);
  });
});

describe("the CLI's device token (bearer transport)", () => {
  it("gets a device token at sign-in, remembered hashed, and presenting it again keeps it", async () => {
    const { user, password } = await api.createUser();
    const first = finishedSignIn(
      await api.caller().auth.signIn({ email: user.email, password, transport: "bearer" }),
    );
    expect(first.deviceToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const second = finishedSignIn(
      await api.caller().auth.signIn({
        email: user.email,
        password,
        transport: "bearer",
        deviceToken: first.deviceToken ?? "",
      }),
    );
    expect(second.deviceToken).toBe(first.deviceToken);
    const rows = await api.db.select().from(knownDevices).where(eq(knownDevices.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(first.deviceToken ?? "");
  });

  it("a CLI that signed in before is not delayed by an attacker's failures; its own failures delay it", async () => {
    const { user, password } = await api.createUser();
    const signedIn = finishedSignIn(
      await api.caller().auth.signIn({ email: user.email, password, transport: "bearer" }),
    );
    const cli: Device = { transport: "bearer", deviceToken: signedIn.deviceToken ?? "" };
    await failRepeatedly(user.email, { transport: "bearer" }, ATTACKER_FAILURES);
    expect(await attempt(user.email, password, { transport: "bearer" })).toEqual({ waitSeconds: 300 });
    expect(await attempt(user.email, password, cli)).toBe("signed in");
    expect(await attempt(user.email, "typo", cli)).toBe("invalid");
    expect(await attempt(user.email, password, cli)).toEqual({ waitSeconds: 1 });
  });

  it("a made-up or malformed token counts as an unknown device, and a cookie means nothing to a bearer sign-in", async () => {
    const { user, password } = await api.createUser();
    const browser = await browserDevice(user.email, password);
    expect(await attempt(user.email, "wrong guess", { transport: "bearer" })).toBe("invalid");
    for (const device of [
      { transport: "bearer", deviceToken: newDeviceId() },
      { transport: "bearer", deviceToken: "not a device token" },
      { transport: "bearer", cookie: browser },
    ] satisfies Device[]) {
      expect(await attempt(user.email, password, device)).toEqual({ waitSeconds: 1 });
    }
  });

  it("refuses an over-long device token as bad input", async () => {
    const { user, password } = await api.createUser();
    const error = await rejection(
      api
        .caller()
        .auth.signIn({ email: user.email, password, transport: "bearer", deviceToken: "x".repeat(65) }),
    );
    expect(error.code).toBe("BAD_REQUEST");
  });
});

describe("second-factor codes from a known device", () => {
  /** A user with two-factor on; the clock moves past the step its enabling spent. */
  async function twoFactorUser(): Promise<TestUser & { secret: string }> {
    const user = await api.createUser();
    const { secret } = await user.caller.account.twoFactor.begin();
    await user.caller.account.twoFactor.enable({ code: totpCode(secret, api.clock.now()) });
    api.clock.advance(TOTP_STEP_MS);
    return { ...user, secret };
  }

  /** Password then code from one client; the device it presents (a cookie or a CLI token) decides its delay. */
  async function challengeFrom(user: TestUser, device: Device): Promise<string> {
    const headers: Record<string, string> = device.cookie
      ? { cookie: `${DEVICE_COOKIE}=${device.cookie}` }
      : {};
    const transport = device.transport ?? "cookie";
    const answer = await api.caller({ headers }).auth.signIn({
      email: user.user.email,
      password: user.password,
      transport,
      deviceToken: device.deviceToken,
    });
    if (!("twoFactorRequired" in answer)) throw new Error("no second factor was asked for");
    return answer.challenge;
  }

  it("an attacker's wrong codes do not delay the owner's known CLI; unknown devices wait", async () => {
    const user = await twoFactorUser();
    const first = await api.caller().auth.completeSignIn({
      challenge: await challengeFrom(user, { transport: "bearer" }),
      code: totpCode(user.secret, api.clock.now()),
    });
    expect(first.deviceToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const cli: Device = { transport: "bearer", deviceToken: first.deviceToken ?? "" };
    api.clock.advance(TOTP_STEP_MS);

    // Someone with the password guesses codes from elsewhere and is delayed.
    const attacker = await challengeFrom(user, { transport: "bearer" });
    const wrongCode = totpCode(user.secret, new Date(api.clock.now().getTime() + 10 * TOTP_STEP_MS));
    const wrong = await rejection(api.caller().auth.completeSignIn({ challenge: attacker, code: wrongCode }));
    expect(wrong.code).toBe("UNAUTHORIZED");
    const code = totpCode(user.secret, api.clock.now());
    const delayed = await rejection(api.caller().auth.completeSignIn({ challenge: attacker, code }));
    expect(delayed.code).toBe("TOO_MANY_REQUESTS");

    // The owner's CLI enters the same step's code at once.
    const owner = await api.caller().auth.completeSignIn({
      challenge: await challengeFrom(user, cli),
      code,
      deviceToken: cli.deviceToken,
    });
    expect(owner.user.id).toBe(user.user.id);
    expect(owner.deviceToken).toBe(cli.deviceToken);
  });

  it("a known browser's own wrong code delays that browser", async () => {
    const user = await twoFactorUser();
    const signIn = api.call();
    const answer = await signIn.caller.auth.signIn({ email: user.user.email, password: user.password });
    if (!("twoFactorRequired" in answer)) throw new Error("no second factor was asked for");
    await signIn.caller.auth.completeSignIn({
      challenge: answer.challenge,
      code: totpCode(user.secret, api.clock.now()),
    });
    const set = signIn.resHeaders.getSetCookie().find((value) => value.startsWith(`${DEVICE_COOKIE}=`));
    const cookie = set?.slice(DEVICE_COOKIE.length + 1).split(";")[0] ?? "";
    api.clock.advance(TOTP_STEP_MS);

    const challenge = await challengeFrom(user, { cookie });
    const browser = api.caller({ headers: { cookie: `${DEVICE_COOKIE}=${cookie}` } });
    const wrongCode = totpCode(user.secret, new Date(api.clock.now().getTime() + 10 * TOTP_STEP_MS));
    expect((await rejection(browser.auth.completeSignIn({ challenge, code: wrongCode }))).code).toBe(
      "UNAUTHORIZED",
    );
    const code = totpCode(user.secret, api.clock.now());
    expect((await rejection(browser.auth.completeSignIn({ challenge, code }))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
    // Elsewhere (an unknown device) is not delayed by the browser's typo.
    const elsewhere = await api
      .caller()
      .auth.completeSignIn({ challenge: await challengeFrom(user, {}), code });
    expect(elsewhere.user.id).toBe(user.user.id);
  });
});
