import { createServer } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresHandle, type DatabaseHandle } from "./client";
import { isDatabaseUnavailable, isInvalidParameterValue, isUniqueViolation } from "./errors";
import { users } from "./schema";
import { createTestDatabase } from "./testing";

function withCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** Wraps an error the way drivers and Drizzle do: `new Error(..., { cause })`, `depth` times. */
function wrapped(error: unknown, depth: number): unknown {
  let current = error;
  for (let level = 0; level < depth; level++) current = new Error(`wrapper ${level}`, { cause: current });
  return current;
}

const ORDINARY_ERRORS: unknown[] = [
  new Error("boom"),
  new TypeError("x is not a function"),
  withCode("42P01", 'relation "nope" does not exist'),
  withCode("23503", "foreign key violation"),
  withCode("ERR_INVALID_ARG_TYPE"),
  Object.assign(new Error("numeric code"), { code: 23505 }),
  new AggregateError([new Error("a"), withCode("22P02")], "several"),
  "23505",
  "ECONNREFUSED",
  { message: "plain object" },
  null,
  undefined,
  42,
];

describe("isInvalidParameterValue", () => {
  it("finds SQLSTATE 22023 on the error or in its causes, and nothing else", () => {
    expect(isInvalidParameterValue(withCode("22023"))).toBe(true);
    expect(isInvalidParameterValue(wrapped(withCode("22023"), 2))).toBe(true);
    for (const error of ORDINARY_ERRORS) expect(isInvalidParameterValue(error), String(error)).toBe(false);
    expect(isInvalidParameterValue(withCode("23505"))).toBe(false);
  });
});

describe("isUniqueViolation", () => {
  it("finds SQLSTATE 23505 on the error or in its causes", () => {
    expect(isUniqueViolation(withCode("23505"))).toBe(true);
    expect(isUniqueViolation(wrapped(withCode("23505"), 1))).toBe(true);
    expect(isUniqueViolation(wrapped(withCode("23505"), 3))).toBe(true);
    expect(isUniqueViolation(wrapped({ code: "23505" }, 2))).toBe(true);
  });

  it("is false for ordinary errors and for unavailability", () => {
    for (const error of ORDINARY_ERRORS) expect(isUniqueViolation(error), String(error)).toBe(false);
    expect(isUniqueViolation(withCode("08006"))).toBe(false);
    expect(isUniqueViolation(wrapped(withCode("ECONNREFUSED"), 2))).toBe(false);
  });

  it("terminates on a cause cycle", () => {
    const first = new Error("first");
    const second = new Error("second", { cause: first });
    first.cause = second;
    expect(isUniqueViolation(first)).toBe(false);
    expect(isDatabaseUnavailable(first)).toBe(false);
  });
});

describe("isDatabaseUnavailable", () => {
  it.each([
    "ECONNREFUSED",
    "ECONNRESET",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ETIMEDOUT",
    "EPIPE",
    "CONNECT_TIMEOUT",
    "CONNECTION_CLOSED",
    "CONNECTION_ENDED",
    "CONNECTION_DESTROYED",
  ])("recognizes the driver code %s, also nested", (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(withCode(code), 2))).toBe(true);
  });

  it.each([
    ["08000", "connection_exception"],
    ["08001", "sqlclient_unable_to_establish_sqlconnection"],
    ["08006", "connection_failure"],
    ["57P01", "admin_shutdown"],
    ["57P02", "crash_shutdown"],
    ["57P03", "cannot_connect_now"],
    ["53300", "too_many_connections"],
    ["57014", "query_canceled (the statement timeout)"],
  ])("recognizes SQLSTATE %s (%s), also nested", (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(withCode(code), 2))).toBe(true);
  });

  it("looks inside AggregateError.errors, as from a connect that tried several addresses", () => {
    const connect = new AggregateError(
      [withCode("ECONNREFUSED", "connect ECONNREFUSED ::1:5432"), withCode("ECONNREFUSED")],
      "",
    );
    expect(isDatabaseUnavailable(connect)).toBe(true);
    expect(isDatabaseUnavailable(wrapped(connect, 2))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([new Error("a"), wrapped(withCode("57P01"), 1)]))).toBe(
      true,
    );
  });

  it("is false for ordinary errors and for a unique violation", () => {
    for (const error of ORDINARY_ERRORS) expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    expect(isDatabaseUnavailable(wrapped(withCode("23505"), 2))).toBe(false);
  });
});

describe("with a real database", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("detects a unique violation raised through drizzle", async () => {
    const user = { email: "same@example.com", passwordHash: "unused" };
    await handle.db.insert(users).values(user);
    const error = await handle.db
      .insert(users)
      .values(user)
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Error);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("detects an unknown time zone raised through drizzle (the code is on the driver's error, its cause)", async () => {
    const error = await handle.db.execute(sql`select now() at time zone ${"Mars/Olympus_Mons"}`).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isInvalidParameterValue(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("does not report an ordinary query error as either", async () => {
    const error = await handle.db
      .insert(users)
      .values({ email: null as unknown as string, passwordHash: "x" })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Error);
    expect(isUniqueViolation(error)).toBe(false);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("with no database server", () => {
  it("reports a refused connection as unavailable", async () => {
    const port = await unusedPort();
    const handle = createPostgresHandle(`postgres://postgres@127.0.0.1:${port}/doable`, 1);
    try {
      const error = await handle.db
        .select()
        .from(users)
        .then(
          () => null,
          (caught: unknown) => caught,
        );
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(isUniqueViolation(error)).toBe(false);
    } finally {
      await handle.close();
    }
  });
});
