/**
 * Two production servers on one PostgreSQL database (through PgBouncer when TEST_PGBOUNCER=1),
 * as behind a load balancer: everything that matters lives in the database, so either instance
 * may answer any request.
 *
 * PGlite is one process per data directory, so this needs a server: TEST_DATABASE_URL in the
 * PostgreSQL passes; otherwise a throwaway cluster of its own from the installed PostgreSQL
 * binaries (the PGlite pass). Without those binaries it is a visible skip on a developer's
 * machine and a failure in CI (docs/decisions/0019).
 */
import { SIGN_IN_FAILURE_DELAYS_SECONDS, SIGN_UP_BUCKET } from "@doable/auth";
import {
  createTestServerDatabase,
  postgresServerBinDir,
  startThrowawayPostgres,
  type TestServerDatabase,
  type ThrowawayPostgres,
} from "@doable/db/testing";
import { SECOND_MS } from "@doable/domain";
import { serverEnv } from "@doable/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiePair, errorCode, rawClient, resultData } from "@doable/test-support/http-client";
import { type ProductionServer, startProductionServer } from "@doable/test-support/production-server";
import { openSse } from "@doable/test-support/sse-client";
import { uniqueEmail } from "@doable/test-support/unique-email";

const PASSWORD = "a perfectly fine password";
const WRONG_PASSWORD = "not the password at all";
/**
 * Failures on A before asking B. Each delay but the last is waited out so the next failure counts;
 * after the last, the email waits SIGN_IN_FAILURE_DELAYS_SECONDS[2] (4 s): ample time to ask B.
 */
const FAILURES_BEFORE_CHECK = 3;
const DELAY_MARGIN_MS = 150;
/** One client address for both instances, as a load balancer would forward it. */
const SHARED_CLIENT = "198.19.0.7";
/** Far more than a change takes to cross instances on a busy machine; one that has not by then never will. */
const ARRIVES_WITHIN_MS = 10_000;
/** How long a stream gets to start listening before the test changes anything. */
const LISTENING_WITHIN_MS = 300;

const { testDatabaseUrl } = serverEnv();
const canRun = testDatabaseUrl !== null || postgresServerBinDir() !== null;
const inCi = process.env.CI === "true";

function sessionIdOf(token: string): string {
  return token.split(".")[0] ?? "";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe.skipIf(!canRun && !inCi)(
  "two instances on one PostgreSQL database (needs TEST_DATABASE_URL or PostgreSQL's server binaries)",
  () => {
    let throwaway: ThrowawayPostgres | null = null;
    let database: TestServerDatabase | null = null;
    let a: ProductionServer | null = null;
    let b: ProductionServer | null = null;
    let onA: ReturnType<typeof rawClient>;
    let onB: ReturnType<typeof rawClient>;

    beforeAll(async () => {
      if (!canRun) throw new Error("CI must run this: set TEST_DATABASE_URL or install PostgreSQL's server");
      throwaway = testDatabaseUrl === null ? await startThrowawayPostgres() : null;
      database = await createTestServerDatabase({ serverUrl: testDatabaseUrl ?? throwaway?.url });
      const shared = database;
      [a, b] = await Promise.all([
        startProductionServer({}, { database: shared }),
        startProductionServer({}, { database: shared }),
      ]);
      onA = rawClient(a.baseUrl);
      onB = rawClient(b.baseUrl);
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await database?.cleanup();
      await throwaway?.stop();
    });

    async function signUp(email: string): Promise<void> {
      const response = await onA.mutation("auth.signUp", { email, password: PASSWORD });
      expect(response.status).toBe(200);
    }

    async function bearerOn(client: ReturnType<typeof rawClient>, email: string): Promise<string> {
      const response = await client.mutation("auth.signIn", {
        email,
        password: PASSWORD,
        transport: "bearer",
      });
      expect(response.status).toBe(200);
      return resultData<{ token: string }>(response).token;
    }

    it("accepts on B a session made on A, and shows B's writes on A", async () => {
      const email = uniqueEmail("two-instances");
      const signUpOnA = await onA.mutation("auth.signUp", { email, password: PASSWORD });
      const cookie = cookiePair(signUpOnA.headers.get("set-cookie") ?? "");
      const me = await onB.query("auth.me", undefined, { cookie });
      expect(resultData<{ email: string } | null>(me)?.email).toBe(email);

      const created = await onB.mutation("task.create", { title: "Written on B" }, { cookie });
      expect(created.status).toBe(200);
      const list = await onA.query("task.list", { limit: 10 }, { cookie });
      const { items } = resultData<{ items: Array<{ title: string }> }>(list);
      expect(items.map((item) => item.title)).toEqual(["Written on B"]);
    });

    it("refuses on A, at once, a session revoked on B", async () => {
      const email = uniqueEmail("two-instances");
      await signUp(email);
      const tokenFromA = await bearerOn(onA, email);
      const tokenFromB = await bearerOn(onB, email);
      const onAWithA = { authorization: `Bearer ${tokenFromA}` };
      expect((await onA.query("task.list", {}, onAWithA)).status).toBe(200);

      const revoke = await onB.mutation(
        "account.revokeSession",
        { id: sessionIdOf(tokenFromA) },
        { authorization: `Bearer ${tokenFromB}` },
      );
      expect(revoke.status).toBe(200);
      const after = await onA.query("task.list", {}, onAWithA);
      expect(after.status).toBe(401);
      expect(errorCode(after)).toBe("UNAUTHORIZED");
    });

    it("streams to a tab on A a task written on B, and ends that stream when B revokes its session", async () => {
      const email = uniqueEmail("two-instances");
      await signUp(email);
      const tokenFromA = await bearerOn(onA, email);
      const onBWithB = { authorization: `Bearer ${await bearerOn(onB, email)}` };
      const stream = await openSse(a?.baseUrl ?? "", "task.onChange", undefined, {
        authorization: `Bearer ${tokenFromA}`,
      });
      try {
        expect(await stream.next(LISTENING_WITHIN_MS)).toBe("quiet");
        const created = await onB.mutation("task.create", { title: "Written on B, seen on A" }, onBWithB);
        expect(created.status).toBe(200);
        expect(await stream.next(ARRIVES_WITHIN_MS)).toMatchObject({
          data: { type: "upsert", task: { title: "Written on B, seen on A" } },
        });

        const revoke = await onB.mutation("account.revokeSession", { id: sessionIdOf(tokenFromA) }, onBWithB);
        expect(revoke.status).toBe(200);
        let message = await stream.next(ARRIVES_WITHIN_MS);
        while (typeof message !== "string") message = await stream.next(ARRIVES_WITHIN_MS);
        expect(message).toBe("ended");
      } finally {
        stream.close();
      }
    });

    it("throttles on B an email whose sign-ins failed on A, even with the right password", async () => {
      const email = uniqueEmail("two-instances");
      await signUp(email);
      for (let failure = 1; failure <= FAILURES_BEFORE_CHECK; failure++) {
        const attempt = await onA.mutation("auth.signIn", { email, password: WRONG_PASSWORD });
        expect(attempt.status, `failure ${failure} on A`).toBe(401);
        const delaySeconds = SIGN_IN_FAILURE_DELAYS_SECONDS[failure - 1];
        if (failure < FAILURES_BEFORE_CHECK && delaySeconds !== undefined)
          await sleep(delaySeconds * SECOND_MS + DELAY_MARGIN_MS);
      }
      const onBRight = await onB.mutation("auth.signIn", { email, password: PASSWORD });
      expect(onBRight.status).toBe(429);
      expect(errorCode(onBRight)).toBe("TOO_MANY_REQUESTS");
      expect(Number(onBRight.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("shares one client's bucket: sign-ups used up on A are refused on B", async () => {
      const sameClientOnA = rawClient(a?.baseUrl ?? "", SHARED_CLIENT);
      const sameClientOnB = rawClient(b?.baseUrl ?? "", SHARED_CLIENT);
      const email = uniqueEmail("two-instances");
      await signUp(email);
      // A taken email still spends a token (the bucket comes first) and costs no password hash. The
      // bucket refills one token per 10 s: B is asked long before that.
      for (let spent = 1; spent <= SIGN_UP_BUCKET.capacity; spent++) {
        const taken = await sameClientOnA.mutation("auth.signUp", { email, password: PASSWORD });
        expect(taken.status, `sign-up ${spent} on A`).toBe(409);
      }
      const onBSameClient = await sameClientOnB.mutation("auth.signUp", {
        email: uniqueEmail("two-instances"),
        password: PASSWORD,
      });
      expect(onBSameClient.status).toBe(429);
      expect(errorCode(onBSameClient)).toBe("TOO_MANY_REQUESTS");
      // Another client is not affected.
      const otherClient = await onB.mutation("auth.signUp", {
        email: uniqueEmail("two-instances"),
        password: PASSWORD,
      });
      expect(otherClient.status).toBe(200);
    });
  },
);
