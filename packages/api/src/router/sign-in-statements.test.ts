/**
 * What a password sign-in sends to the database (issue 8): every statement is a round trip and a
 * socket write on the path each user waits on, and what is written after the verification decides
 * whether timing tells a wrong password from an unknown email (ADR 0026, 0041).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type LoggedStatement, loggingDatabase, type TestApi } from "../testing";

const CLIENT_IP = "203.0.113.40";

let api: TestApi;
const log: LoggedStatement[] = [];

beforeAll(async () => {
  api = await createTestApi();
});

afterAll(async () => {
  await api?.close();
});

/** "insert sessions", "select users": the statement's verb and the table it is about. */
function describeStatement(query: string): string {
  const text = query.trim().toLowerCase();
  const written = /^(?:with .*?\()?(insert into|update|delete from) "(\w+)"/.exec(text);
  if (written) return `${written[1]?.split(" ")[0]} ${written[2]}`;
  // A select's own table is its last top-level `from`: subqueries in its columns come first.
  const tables = [...text.matchAll(/ from "(\w+)"/g)].map((match) => match[1]);
  return `select ${tables.at(-1)}`;
}

/** Signs in through the logging database and returns what it sent, sorted. */
async function statementsOfSignIn(email: string, password: string): Promise<string[]> {
  const db = loggingDatabase(api.handle, log);
  log.length = 0;
  await api
    .caller({ db, clientIp: CLIENT_IP })
    .auth.signIn({ email, password, transport: "bearer" })
    .catch(() => {});
  return log.map((statement) => describeStatement(statement.query)).sort();
}

describe("auth.signIn's statements", () => {
  it("a right password from a new device: 8 statements, the device's one of them", async () => {
    const { user, password } = await api.createUser();
    expect(await statementsOfSignIn(user.email, password)).toEqual([
      "delete sign_in_throttles", // the claim, cleared
      "insert known_devices", // remembered, and the oldest others forgotten, in one statement
      "insert rate_limit_buckets", // the client's bucket
      "insert security_events", // recorded as failed while the password is verified
      "insert sessions",
      "insert sign_in_throttles", // the email's claim
      "select users", // the account, with whether two-factor is on
      "update security_events", // turned into "sign_in"
    ]);
  });

  it("a wrong password writes nothing after the verification, as an unknown email writes nothing at all", async () => {
    const { user } = await api.createUser();
    const before = ["insert rate_limit_buckets", "insert sign_in_throttles", "select users"];
    expect(await statementsOfSignIn(user.email, "not the password at all")).toEqual(
      [...before, "insert security_events"].sort(),
    );
    expect(await statementsOfSignIn("nobody-here@example.com", "not the password at all")).toEqual(before);
  });
});
