/**
 * Password hashing under load, through the router: once the hashing queue is full, every
 * procedure that hashes or verifies a password answers 503 with Retry-After, the same for a known
 * and an unknown email, and works again as soon as the queue drains.
 */
import {
  type ConcurrencyLimiter,
  createConcurrencyLimiter,
  createPasswordService,
  type PasswordHasher,
  SECOND_MS,
} from "@doable/auth";
import { securityEvents } from "@doable/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUSY_MESSAGE } from "./overload";
import {
  type Caller,
  clientErrorShape,
  createTestApi,
  finishedSignIn,
  rejection,
  type TestApi,
} from "./testing";
import { uniqueEmail } from "@doable/test-support/unique-email";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

/**
 * An instant hasher that can be told to hold its calls, so a test decides when the hashing slots
 * are busy; "hashes" are readable, so no argon2 work is needed.
 */
function controllableHasher() {
  const held: Array<() => void> = [];
  let holding = false;
  const answer = <T>(value: T): Promise<T> =>
    holding ? new Promise((resolve) => held.push(() => resolve(value))) : Promise.resolve(value);
  const hasher: PasswordHasher = {
    hash: (password) => answer(`plain:${password}`),
    verify: (passwordHash, password) => answer(passwordHash === `plain:${password}`),
  };
  return {
    hasher,
    hold: () => {
      holding = true;
    },
    releaseAll: () => {
      holding = false;
      for (const finish of held.splice(0)) finish();
    },
  };
}

const ONE_RUNNING_ONE_QUEUED = { maxConcurrent: 1, maxQueued: 1, maxWaitMs: 60_000, retryAfterSeconds: 1 };
const PASSWORD = "a long enough password";

describe("password hashing at capacity", () => {
  const control = controllableHasher();
  let limiter: ConcurrencyLimiter;
  let passwords: ReturnType<typeof createPasswordService>;
  let email: string;
  let token: string;

  beforeAll(async () => {
    limiter = createConcurrencyLimiter(ONE_RUNNING_ONE_QUEUED);
    passwords = createPasswordService(control.hasher, limiter);
    email = uniqueEmail("busy");
    const caller = api.caller({ passwords });
    await caller.auth.signUp({ email, password: PASSWORD });
    const signedIn = finishedSignIn(
      await caller.auth.signIn({ email, password: PASSWORD, transport: "bearer" }),
    );
    token = signedIn.token ?? "";
  });

  /** Fills the one slot and the one queue place, as a burst of other sign-ins would. */
  function fillQueue(): Promise<unknown> {
    control.hold();
    const occupying = Promise.all([passwords.hash("someone else"), passwords.hash("and another")]);
    expect([limiter.running, limiter.queued]).toEqual([1, 1]);
    return occupying;
  }

  async function busyAnswer(run: (caller: Caller) => Promise<unknown>, path: string, callToken?: string) {
    const { caller, resHeaders } = api.call({
      passwords,
      clientIp: "192.0.2.10",
      ...(callToken ? { token: callToken } : {}),
    });
    const error = await rejection(run(caller));
    return { error, shape: clientErrorShape(error, path), headers: [...resHeaders.entries()] };
  }

  it("answers 503 with Retry-After and a friendly message, identically for a known and an unknown email", async () => {
    const occupying = fillQueue();
    try {
      const known = await busyAnswer(
        (caller) => caller.auth.signIn({ email, password: PASSWORD }),
        "auth.signIn",
      );
      const unknown = await busyAnswer(
        (caller) => caller.auth.signIn({ email: uniqueEmail("busy"), password: PASSWORD }),
        "auth.signIn",
      );
      for (const answer of [known, unknown]) {
        expect(answer.error.code).toBe("SERVICE_UNAVAILABLE");
        expect(answer.shape.data.httpStatus).toBe(503);
        expect(answer.shape.data.retryAfterSeconds).toBe(1);
        expect(answer.headers).toContainEqual(["retry-after", "1"]);
        expect(answer.shape.message).toBe(BUSY_MESSAGE);
        expect(answer.shape.message).toMatch(/^Doable is busy right now\. Please try again in a moment\.$/);
        expect(answer.shape.data.fieldErrors).toBeNull();
        expect(answer.shape.data.requestId).toBeNull();
      }
      expect(unknown.shape).toEqual(known.shape);
      expect(unknown.headers).toEqual(known.headers);
    } finally {
      control.releaseAll();
      await occupying;
    }
    expect([limiter.running, limiter.queued]).toEqual([0, 0]);
  });

  it("refuses sign-up, password change and account deletion the same way, and changes nothing", async () => {
    const occupying = fillQueue();
    const newEmail = uniqueEmail("busy");
    try {
      const answers = [
        await busyAnswer(
          (caller) => caller.auth.signUp({ email: newEmail, password: PASSWORD }),
          "auth.signUp",
        ),
        await busyAnswer(
          (caller) =>
            caller.account.changePassword({
              currentPassword: PASSWORD,
              newPassword: "another fine password",
            }),
          "account.changePassword",
          token,
        ),
        await busyAnswer((caller) => caller.account.delete({ password: PASSWORD }), "account.delete", token),
      ];
      for (const answer of answers) {
        expect(answer.shape.data.httpStatus).toBe(503);
        expect(answer.shape.message).toBe(BUSY_MESSAGE);
        expect(answer.headers).toContainEqual(["retry-after", "1"]);
      }
    } finally {
      control.releaseAll();
      await occupying;
    }
    // Nothing happened: no new account, the old password and the session still work.
    const caller = api.caller({ passwords, token });
    expect(await caller.auth.me()).toMatchObject({ email });
    await expect(
      api.caller({ passwords }).auth.signIn({ email: newEmail, password: PASSWORD }),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("signs in again once the queue has drained (after the per-account delay the refused try started)", async () => {
    const fresh = uniqueEmail("busy");
    const { user } = await api.caller({ passwords }).auth.signUp({ email: fresh, password: PASSWORD });
    const occupying = fillQueue();
    const refused = await busyAnswer(
      (caller) => caller.auth.signIn({ email: fresh, password: PASSWORD }),
      "auth.signIn",
    );
    expect(refused.shape.data.httpStatus).toBe(503);
    control.releaseAll();
    await occupying;
    // The refused try had claimed its attempt, as every sign-in does before hashing (ADR 0016).
    await expect(
      api.caller({ passwords }).auth.signIn({ email: fresh, password: PASSWORD }),
    ).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    api.clock.advance(SECOND_MS);
    const signedIn = finishedSignIn(
      await api.caller({ passwords }).auth.signIn({ email: fresh, password: PASSWORD }),
    );
    expect(signedIn.user.id).toBe(user.id);
    // A refusal is not a failed sign-in: nothing was checked, so nothing is logged as one (the
    // 429 above is logged as "throttled").
    const events = await api.db
      .select({ type: securityEvents.type })
      .from(securityEvents)
      .where(eq(securityEvents.userId, user.id));
    expect(events.map((event) => event.type).sort()).toEqual(["sign_in", "sign_up", "throttled"]);
  });
});
