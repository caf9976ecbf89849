/**
 * What a password sign-in sends to the database (issue 8): every statement is a round trip and a
 * socket write on the path each user waits on, and what is written after the verification decides
 * whether timing tells a wrong password from an unknown email (ADR 0026, 0041).
 */
import type { PasswordService } from "@doable/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  type LoggedStatement,
  loggingDatabase,
  rejection,
  routerTestPasswords,
  type TestApi,
} from "../testing";

const CLIENT_IP = "203.0.113.40";
const WRONG_PASSWORD = "not the password at all";
/** Put in the log when a verification has answered: what follows was sent after it. */
const VERIFIED = "-- the verification answered";

let api: TestApi;
const log: LoggedStatement[] = [];

beforeAll(async () => {
  api = await createTestApi();
});

afterAll(async () => {
  await api?.close();
});

/** The test API's hasher, marking in the log when each verification has answered. */
const markingPasswords: PasswordService = {
  hash: (password) => routerTestPasswords.hash(password),
  async verify(passwordHash, password) {
    const ok = await routerTestPasswords.verify(passwordHash, password);
    log.push({ query: VERIFIED, params: [] });
    return ok;
  },
  async verifyAgainstDummy(password) {
    const answer = await routerTestPasswords.verifyAgainstDummy(password);
    log.push({ query: VERIFIED, params: [] });
    return answer;
  },
};

/** "insert sessions", "select users": the statement's verb and the table it is about. */
function describeStatement(query: string): string {
  const text = query.trim().toLowerCase();
  const written = /^(?:with .*?\()?(insert into|update|delete from) "(\w+)"/.exec(text);
  if (written) return `${written[1]?.split(" ")[0]} ${written[2]}`;
  // A select's own table is its last top-level `from`: subqueries in its columns come first.
  const tables = [...text.matchAll(/ from "(\w+)"/g)].map((match) => match[1]);
  return `select ${tables.at(-1)}`;
}

interface SentStatements {
  /** Before the verification answered, sorted (some go out together). */
  before: string[];
  /** After it, sorted. */
  after: string[];
  /** Every statement as sent, in order. */
  queries: string[];
}

/** Signs in through the logging database; returns the answer and what was sent. */
async function signInLogged(email: string, password: string) {
  log.length = 0;
  const call = api
    .caller({ db: loggingDatabase(api.handle, log), clientIp: CLIENT_IP, passwords: markingPasswords })
    .auth.signIn({ email, password, transport: "bearer" });
  const sent = (): SentStatements => {
    const queries = log.map((statement) => statement.query);
    const verified = queries.indexOf(VERIFIED);
    expect(verified).toBeGreaterThanOrEqual(0);
    return {
      before: queries.slice(0, verified).map(describeStatement).sort(),
      after: queries
        .slice(verified + 1)
        .map(describeStatement)
        .sort(),
      queries,
    };
  };
  return { call, sent };
}

describe("auth.signIn's statements", () => {
  it("a right password from a new device: 4 statements, the settling writes one of them", async () => {
    const { user, password } = await api.createUser();
    const { call, sent } = await signInLogged(user.email, password);
    expect(await call).toMatchObject({ token: expect.any(String) });
    const { before, after, queries } = sent();
    expect(before).toEqual([
      "insert rate_limit_buckets", // the client's bucket, and the email's claim in the same statement
      "insert security_events", // recorded as failed while the password is verified
      "select users", // the account, with whether two-factor is on
    ]);
    const bucketAndClaim = queries.find((query) => query.includes('insert into "rate_limit_buckets"'));
    expect(bucketAndClaim).toContain('insert into "sign_in_throttles"');
    // The session opened, the claim cleared, the entry settled, the device remembered (and the
    // oldest others forgotten): data-modifying CTEs of one statement.
    expect(after).toEqual(["insert sessions"]);
    const settling = queries.at(-1);
    for (const write of [
      'delete from "sign_in_throttles"',
      'update "security_events"',
      'insert into "known_devices"',
      'delete from "known_devices"',
    ]) {
      expect(settling).toContain(write);
    }
  });

  it("a wrong password writes nothing after the verification, and an unknown email nothing at all", async () => {
    const { user } = await api.createUser();
    const throttles = ["insert rate_limit_buckets", "select users"];

    const wrong = await signInLogged(user.email, WRONG_PASSWORD);
    expect((await rejection(wrong.call)).code).toBe("UNAUTHORIZED");
    expect(wrong.sent().before).toEqual([...throttles, "insert security_events"].sort());
    expect(wrong.sent().after).toEqual([]);

    const unknown = await signInLogged("nobody-here@example.com", WRONG_PASSWORD);
    expect((await rejection(unknown.call)).code).toBe("UNAUTHORIZED");
    expect(unknown.sent()).toMatchObject({ before: throttles, after: [] });
  });
});
