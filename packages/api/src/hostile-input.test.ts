/**
 * Property-based: random and hostile input to every procedure, signed in as an attacker, must
 * never produce an internal error and never change another user's data.
 */
import { tasks, users } from "@doable/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { type Caller, createTestApi, type TestApi, type TestUser } from "./testing";

/** Refusals are fine; a 500 (or any other code) is a bug. */
// PRECONDITION_FAILED: this API has no mail, so features that need it say so.
const EXPECTED_CODES = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  "PRECONDITION_FAILED",
]);
const RUNS_PER_PROCEDURE = 60;
const MAX_DEPTH = 6;

const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "userId",
  "id",
  "title",
  "email",
  "password",
  "cursor",
];
const HOSTILE_STRINGS = [
  "",
  "\u0000",
  "a\u0000b",
  "'; drop table tasks; --",
  "' OR '1'='1",
  "%",
  "_",
  "\\",
  "\uD800",
  "\uFEFF",
  "𝕯𝖔𝖆𝖇𝖑𝖊",
  "e\u0301",
  "\u202Eevil",
  "x".repeat(100_000),
  "😀".repeat(300),
  "null",
  "undefined",
  "NaN",
  "00000000-0000-0000-0000-000000000000",
  // Due days, due times and time zones that are almost right, or right at an edge.
  "9999-12-31",
  "1970-01-01",
  "2026-02-30",
  "10000-01-01",
  "-0001-01-01",
  "23:59",
  "24:00",
  "Pacific/Kiritimati",
  "Etc/GMT+12",
  "posix/Europe/Berlin",
  "localtime",
  "+05:00",
  "Europe/Berlin\u0000",
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: MAX_DEPTH },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: false }),
    fc.bigInt(),
    fc.array(tie("value"), { maxLength: 12 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })), tie("value"), {
      maxKeys: 8,
    }),
  ),
})).value;

/** Objects shaped like real inputs (known keys) but with hostile values, plus wholly random input. */
const hostileInput = fc.oneof(
  hostileValue,
  fc.dictionary(
    fc.constantFrom(
      ...HOSTILE_KEYS,
      "status",
      "sort",
      "tags",
      "dueDate",
      "dueTime",
      "timeZone",
      "limit",
      "name",
    ),
    hostileValue,
    {
      maxKeys: 6,
    },
  ),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "title": "x"}')),
);

let api: TestApi;
let victim: TestUser;
let attacker: TestUser;
let victimTaskId: string;

type ProcedureFn = (input?: unknown) => Promise<unknown>;

function procedureAt(caller: Caller, path: string): ProcedureFn {
  let node: unknown = caller;
  for (const segment of path.split(".")) node = (node as Record<string, unknown>)[segment];
  return node as ProcedureFn;
}

async function victimSnapshot(): Promise<string> {
  const [user] = await api.db.select().from(users).where(eq(users.id, victim.user.id));
  const rows = await api.db.select().from(tasks).where(eq(tasks.userId, victim.user.id));
  return JSON.stringify({ user, rows });
}

beforeAll(async () => {
  api = await createTestApi();
  victim = await api.createUser({ email: "victim@example.com" });
  attacker = await api.createUser({ email: "attacker@example.com" });
  victimTaskId = (await api.createTask(victim.user.id, { title: "Victim's task", tags: ["private"] })).id;
});

afterAll(async () => {
  await api.close();
});

// Deleting the attacker's own account would end the run early; everything else is fair game.
const paths = Object.keys(appRouter._def.procedures)
  .filter((path) => path !== "account.delete")
  .sort();

describe("hostile input to every procedure", () => {
  it("covers every procedure but one", () => {
    expect(paths.length).toBe(Object.keys(appRouter._def.procedures).length - 1);
  });

  it.each(paths)("%s never fails internally and never touches another user's data", async (path) => {
    const before = await victimSnapshot();
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        // A fresh session each time: some inputs legitimately sign the attacker out.
        const session = api.call({ token: attacker.token }).caller;
        try {
          await procedureAt(session, path)(input);
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
          if (!EXPECTED_CODES.has(error.code))
            throw new Error(`${path} answered ${error.code}: ${error.message}`);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS_PER_PROCEDURE },
    );
    // Sign-in/out may have ended the attacker's session: the next procedure gets a fresh attacker.
    attacker = await api.createUser();
    expect(await victimSnapshot()).toBe(before);
  });

  it("even with the victim's real task id and the victim's email in otherwise hostile input", async () => {
    const before = await victimSnapshot();
    const caller = api.caller({ token: attacker.token });
    for (const path of ["task.byId", "task.update", "task.setCompleted", "task.delete"]) {
      await expect(
        procedureAt(caller, path)({ id: victimTaskId, title: "pwned", completed: true }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/NOT_FOUND|BAD_REQUEST/) });
    }
    await expect(caller.task.list({ search: "Victim", tag: "private" } as never)).resolves.toMatchObject({
      items: [],
    });
    expect(await victimSnapshot()).toBe(before);
  });
});
