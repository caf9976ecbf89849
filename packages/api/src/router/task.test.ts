import { randomUUID } from "node:crypto";
import { tasks, users } from "@doable/db";
import { MINUTE_MS } from "@doable/domain";
import type { TRPCError } from "@trpc/server";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { type Caller, clientErrorShape, createTestApi, rejection, type TestApi } from "../testing";
import {
  DESCRIPTION_MAX_LENGTH,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  SEARCH_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TAGS_MAX_COUNT,
  TASKS_PER_USER_MAX,
  TITLE_MAX_LENGTH,
} from "../validators/limits";

type TaskRow = typeof tasks.$inferSelect;
type NewTaskRow = Omit<typeof tasks.$inferInsert, "userId">;

/** Every test starts from this instant, so expectations about "now" are exact. */
const NOW = new Date("2025-06-15T12:00:00.000Z");

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  // Users are created after this, so their sessions are fresh at the test's own clock.
  api.clock.set(NOW);
});

async function expectCode(promise: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  return error;
}

/** BAD_REQUEST naming exactly `field` (and no other) in the field errors the client sees. */
async function expectFieldError(promise: Promise<unknown>, field: string): Promise<string[]> {
  const error = await expectCode(promise, "BAD_REQUEST");
  const shape = clientErrorShape(error);
  expect(shape.data.httpStatus).toBe(400);
  expect(shape.message).toBe("Invalid input");
  expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual([field]);
  return shape.data.fieldErrors?.[field] ?? [];
}

async function rowOf(id: string): Promise<TaskRow | undefined> {
  const [row] = await api.db.select().from(tasks).where(eq(tasks.id, id));
  return row;
}

async function rowsOf(userId: string): Promise<TaskRow[]> {
  return api.db.select().from(tasks).where(eq(tasks.userId, userId)).orderBy(tasks.id);
}

async function insertTasks(userId: string, rows: NewTaskRow[]): Promise<TaskRow[]> {
  return api.db
    .insert(tasks)
    .values(rows.map((row) => ({ ...row, userId })))
    .returning();
}

function completedRow(completedAt: Date): Pick<NewTaskRow, "completed" | "completedAt"> {
  return { completed: true, completedAt };
}

const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE_MS);

describe("authentication", () => {
  const someId = randomUUID();
  /** One call per task procedure; the test below checks that none is missing. */
  const calls: Record<string, (caller: Caller) => Promise<unknown>> = {
    list: (caller) => caller.task.list(),
    byId: (caller) => caller.task.byId({ id: someId }),
    create: (caller) => caller.task.create({ id: someId, title: "Sneaky" }),
    update: (caller) => caller.task.update({ id: someId, title: "Sneaky" }),
    setCompleted: (caller) => caller.task.setCompleted({ id: someId, completed: true }),
    setAllCompleted: (caller) => caller.task.setAllCompleted({ completed: true }),
    setCompletedMany: (caller) => caller.task.setCompletedMany({ ids: [someId], completed: true }),
    move: (caller) => caller.task.move({ id: someId, afterId: randomUUID() }),
    updateMany: (caller) => caller.task.updateMany({ ids: [someId], addTags: ["x"] }),
    deleteMany: (caller) => caller.task.deleteMany({ ids: [someId] }),
    delete: (caller) => caller.task.delete({ id: someId }),
    clearCompleted: (caller) => caller.task.clearCompleted(),
    restore: (caller) => caller.task.restore({ ids: [someId] }),
    trash: (caller) => caller.task.trash(),
    deleteForever: (caller) => caller.task.deleteForever({ ids: [someId] }),
    emptyTrash: (caller) => caller.task.emptyTrash(),
    stats: (caller) => caller.task.stats(),
    reminders: (caller) => caller.task.reminders(),
    onChange: (caller) => caller.task.onChange(),
  };

  it("covers every procedure of the task router", () => {
    const taskProcedures = Object.keys(appRouter._def.procedures)
      .filter((path) => path.startsWith("task."))
      .map((path) => path.slice("task.".length));
    expect(Object.keys(calls).sort()).toEqual(taskProcedures.sort());
  });

  it.each(Object.keys(calls))(
    "task.%s without a session is UNAUTHORIZED and changes nothing",
    async (name) => {
      const call = calls[name];
      if (!call) throw new Error(`no call for ${name}`);
      const error = await expectCode(call(api.caller()), "UNAUTHORIZED");
      expect(clientErrorShape(error).data.httpStatus).toBe(401);
      await expectCode(call(api.caller({ token: "not-a-real.token" })), "UNAUTHORIZED");
      await expectCode(call(api.caller({ token: "garbage", transport: "cookie" })), "UNAUTHORIZED");
      expect(await rowOf(someId)).toBeUndefined();
    },
  );

  it("accepts the session from a cookie as well as a bearer token", async () => {
    const { user, token } = await api.createUser();
    const task = await api.createTask(user.id);
    for (const transport of ["cookie", "bearer"] as const) {
      const listed = await api.caller({ token, transport }).task.list();
      expect(listed.items.map((item) => item.id)).toEqual([task.id]);
    }
  });
});

describe("task.create", () => {
  it("creates a trimmed task with defaults and returns it without its owner", async () => {
    const { user, caller } = await api.createUser();
    const task = await caller.task.create({ title: "  Buy milk  " });
    expect(task).toEqual({
      id: expect.any(String),
      title: "Buy milk",
      description: null,
      completed: false,
      completedAt: null,
      priority: "medium",
      dueDate: null,
      dueTime: null,
      tags: [],
      // The owner's Inbox (ADR 0042).
      projectId: (await caller.project.list())[0]?.id,
      recurrence: null,
      // No reminder (ADR 0049).
      remindAt: null,
      // A top-level task (ADR 0048).
      parentId: null,
      // First in the manual order: the creation time counted down (ADR 0046).
      position: expect.stringMatching(/^V[0-9A-Za-z]{8}[1-9A-Za-z]{2}$/),
      version: 1,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await rowOf(task.id)).toMatchObject({ userId: user.id, title: "Buy milk" });
  });

  it("stores every field: description, priority, due date and time, and de-duplicated tags", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({
      title: "Report",
      description: "  quarterly numbers  ",
      priority: "high",
      dueDate: "2025-07-01",
      dueTime: "09:30",
      tags: [" work ", "work", "q3"],
    });
    expect(task).toMatchObject({
      description: "quarterly numbers",
      priority: "high",
      dueDate: "2025-07-01",
      dueTime: "09:30",
      tags: ["work", "q3"],
    });
    // The day and time as given, whatever the server's or database's zone: no instant involved.
    expect(await rowOf(task.id)).toMatchObject({ dueDate: "2025-07-01", dueTime: "09:30:00" });
    const allDay = await caller.task.create({ title: "All day", dueDate: "2025-07-01" });
    expect(allDay).toMatchObject({ dueDate: "2025-07-01", dueTime: null });
    expect(await caller.task.byId({ id: allDay.id })).toMatchObject({ dueDate: "2025-07-01", dueTime: null });
  });

  it("stores a blank description as none", async () => {
    const { caller } = await api.createUser();
    const task = await caller.task.create({ title: "Blank", description: "   " });
    expect(task.description).toBeNull();
  });

  it("accepts a title of 1 and of 200 characters after trimming, and rejects 0 and 201", async () => {
    const { user, caller } = await api.createUser();
    expect((await caller.task.create({ title: "x" })).title).toBe("x");
    const longest = "t".repeat(TITLE_MAX_LENGTH);
    expect((await caller.task.create({ title: `   ${longest}   ` })).title).toBe(longest);

    await expectFieldError(caller.task.create({ title: "t".repeat(TITLE_MAX_LENGTH + 1) }), "title");
    await expectFieldError(caller.task.create({ title: "" }), "title");
    await expectFieldError(caller.task.create({ title: " \t\n " }), "title");
    expect(await rowsOf(user.id)).toHaveLength(2);
  });

  it("accepts a description of 1000 characters and rejects 1001", async () => {
    const { caller } = await api.createUser();
    const longest = "d".repeat(DESCRIPTION_MAX_LENGTH);
    expect((await caller.task.create({ title: "Long", description: longest })).description).toBe(longest);
    const messages = await expectFieldError(
      caller.task.create({ title: "Too long", description: "d".repeat(DESCRIPTION_MAX_LENGTH + 1) }),
      "description",
    );
    expect(messages.join()).toContain(String(DESCRIPTION_MAX_LENGTH));
  });

  it("accepts 10 tags of 1 to 30 characters and rejects an 11th tag, a 31-character tag or an empty tag", async () => {
    const { caller } = await api.createUser();
    const tenTags = Array.from({ length: TAGS_MAX_COUNT }, (_, index) => `tag${index}`);
    expect((await caller.task.create({ title: "Ten", tags: tenTags })).tags).toEqual(tenTags);
    const edgeTags = ["a", "b".repeat(TAG_MAX_LENGTH)];
    expect((await caller.task.create({ title: "Edges", tags: edgeTags })).tags).toEqual(edgeTags);

    await expectFieldError(caller.task.create({ title: "Eleven", tags: [...tenTags, "tag10"] }), "tags");
    await expectFieldError(
      caller.task.create({ title: "Wide", tags: ["b".repeat(TAG_MAX_LENGTH + 1)] }),
      "tags",
    );
    await expectFieldError(caller.task.create({ title: "Empty", tags: [""] }), "tags");
    await expectFieldError(caller.task.create({ title: "Blank", tags: ["   "] }), "tags");
  });

  it("rejects a NUL character as bad input (PostgreSQL text cannot store it) instead of failing with a 500", async () => {
    const { user, caller } = await api.createUser();
    await expectFieldError(caller.task.create({ title: "a\u0000b" }), "title");
    await expectFieldError(caller.task.create({ title: "ok", description: "a\u0000b" }), "description");
    await expectFieldError(caller.task.create({ title: "ok", tags: ["a\u0000b"] }), "tags");
    expect(await rowsOf(user.id)).toEqual([]);
  });

  it("accepts due dates from 1970-01-01 to 9999-12-31 and rejects a day beyond either end or no real day", async () => {
    const { user, caller } = await api.createUser();
    for (const dueDate of ["1970-01-01", "9999-12-31", "2028-02-29"]) {
      expect((await caller.task.create({ title: "Edge", dueDate })).dueDate).toBe(dueDate);
    }
    const last = await caller.task.create({ title: "Last minute", dueDate: "9999-12-31", dueTime: "23:59" });
    expect(last).toMatchObject({ dueDate: "9999-12-31", dueTime: "23:59" });
    const bad: unknown[] = [
      "1969-12-31",
      "10000-01-01",
      "2026-02-30",
      "2027-02-29",
      "2026-13-01",
      "2026-00-10",
      "2026-1-5",
      "2026-01-05T00:00:00Z",
      " 2026-01-05",
      "tomorrow",
      "",
      20260105,
      new Date("2026-01-05T00:00:00.000Z"),
      {},
    ];
    for (const dueDate of bad) {
      // @ts-expect-error: not all of them are strings
      await expectFieldError(caller.task.create({ title: "Bad due", dueDate }), "dueDate");
    }
    expect(await rowsOf(user.id)).toHaveLength(4);
  });

  it("accepts due times from 00:00 to 23:59 and rejects 24:00, a one-digit hour, seconds and non-strings", async () => {
    const { user, caller } = await api.createUser();
    for (const dueTime of ["00:00", "23:59", "12:30"]) {
      expect((await caller.task.create({ title: "Timed", dueDate: "2026-03-14", dueTime })).dueTime).toBe(
        dueTime,
      );
    }
    const bad: unknown[] = ["24:00", "9:00", "09:60", "12:00:00", "12h00", "noon", "", 900, new Date()];
    for (const dueTime of bad) {
      const input = { title: "Bad time", dueDate: "2026-03-14", dueTime } as unknown as { title: string };
      await expectFieldError(caller.task.create(input), "dueTime");
    }
    expect(await rowsOf(user.id)).toHaveLength(3);
  });

  it("refuses a due time without a due date in the same call, on create and on update", async () => {
    const { user, caller } = await api.createUser();
    const messages = await expectFieldError(
      caller.task.create({ title: "When?", dueTime: "09:00" }),
      "dueTime",
    );
    expect(messages.join(" ")).toMatch(/needs a due date/);
    await expectFieldError(
      caller.task.create({ title: "When?", dueDate: null, dueTime: "09:00" }),
      "dueTime",
    );
    expect(await rowsOf(user.id)).toEqual([]);

    // Even for a task that already has a date: the time is only ever sent with its day.
    const dated = await caller.task.create({ title: "Dated", dueDate: "2026-03-14" });
    await expectFieldError(caller.task.update({ id: dated.id, dueTime: "09:00" }), "dueTime");
    await expectFieldError(caller.task.update({ id: dated.id, dueDate: null, dueTime: "09:00" }), "dueTime");
    expect(await caller.task.byId({ id: dated.id })).toMatchObject({
      dueDate: "2026-03-14",
      dueTime: null,
      version: 1,
    });
    // Null needs no date: it makes the task due by the end of its day.
    const timed = await caller.task.create({ title: "Timed", dueDate: "2026-03-14", dueTime: "09:00" });
    expect(await caller.task.update({ id: timed.id, dueTime: null })).toMatchObject({
      dueDate: "2026-03-14",
      dueTime: null,
      version: 2,
    });
    expect(await caller.task.create({ title: "No time", dueTime: null })).toMatchObject({
      dueDate: null,
      dueTime: null,
    });
  });

  it("rejects an unknown priority and a malformed id", async () => {
    const { caller } = await api.createUser();
    // @ts-expect-error: not a priority
    await expectFieldError(caller.task.create({ title: "Urgent", priority: "urgent" }), "priority");
    await expectFieldError(caller.task.create({ id: "not-a-uuid", title: "Bad id" }), "id");
  });

  it("rejects unknown keys such as userId or completed instead of using them", async () => {
    const victim = await api.createUser();
    const { user, caller } = await api.createUser();
    // The unknown key itself is the field named in the error.
    // @ts-expect-error: the owner is never an input
    await expectFieldError(caller.task.create({ title: "Planted", userId: victim.user.id }), "userId");
    // @ts-expect-error: completion has its own procedure
    await expectFieldError(caller.task.create({ title: "Done already", completed: true }), "completed");
    expect(await rowsOf(victim.user.id)).toEqual([]);
    expect(await rowsOf(user.id)).toEqual([]);
  });

  it("is idempotent with a client-generated id: a retry returns the first task and creates no duplicate", async () => {
    const { user, caller } = await api.createUser();
    const id = randomUUID();
    const first = await caller.task.create({ id, title: "Once", tags: ["a"] });
    expect(first.id).toBe(id);
    api.clock.advance(MINUTE_MS);
    // A retry carrying different content still answers with what the first attempt stored.
    const retried = await caller.task.create({ id, title: "Twice", tags: ["b"] });
    expect(retried).toEqual(first);
    const rows = await rowsOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, title: "Once", tags: ["a"] });
  });

  it("answers CONFLICT for an id that belongs to another user, leaving that task untouched", async () => {
    const owner = await api.createUser();
    const { user: intruder, caller } = await api.createUser();
    const task = await api.createTask(owner.user.id, { title: "Owner's task", tags: ["private"] });
    const before = await rowOf(task.id);

    const error = await expectCode(caller.task.create({ id: task.id, title: "Hijacked" }), "CONFLICT");
    // The intruder learns nothing about the existing task.
    expect(error.message).not.toContain("Owner's task");
    expect(await rowOf(task.id)).toEqual(before);
    expect(await rowsOf(intruder.id)).toEqual([]);
  });
});

describe("task.create at the per-user limit", () => {
  /**
   * 100,000 rows, each through the triggers that keep counts and the change feed, in and out again:
   * about a minute on PGlite, and a CI run with other work beside it once took 110 s.
   */
  const FULL_ACCOUNT_TIMEOUT_MS = 5 * 60_000;

  /**
   * Fills the account with `count` tasks in one statement (the router would take minutes). It may
   * outlast the database's statement timeout, which guards requests, not test setup.
   */
  async function bulkInsert(userId: string, count: number): Promise<void> {
    await api.db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(
        sql`insert into tasks (user_id, title, project_id) select ${userId}::uuid, 'Bulk ' || n,
          (select p.id from projects p where p.user_id = ${userId}::uuid and p.is_inbox)
          from generate_series(1, ${count}::int) as n`,
      );
    });
  }

  it(
    "creates the 100,000th task, then refuses with a clear 400 until one is deleted for good (the trash counts); other users go on",
    async () => {
      const { user, caller } = await api.createUser();
      const bystander = await api.createUser();
      await bulkInsert(user.id, TASKS_PER_USER_MAX - 1);
      const last = await caller.task.create({ id: randomUUID(), title: "The 100,000th" });
      expect((await caller.task.stats()).total).toBe(TASKS_PER_USER_MAX);

      const error = await expectCode(caller.task.create({ title: "One too many" }), "BAD_REQUEST");
      const shape = clientErrorShape(error, "task.create");
      expect(shape.data.httpStatus).toBe(400);
      expect(shape.message).toBe(
        "You have reached the limit of 100,000 tasks, the trash included. Delete some for good or empty the trash to add new ones.",
      );
      expect(shape.data.fieldErrors).toBeNull();
      expect((await caller.task.stats()).total).toBe(TASKS_PER_USER_MAX);

      // A retry of the create that succeeded still answers with the original.
      expect(await caller.task.create({ id: last.id, title: "The 100,000th" })).toEqual(last);
      await expect(bystander.caller.task.create({ title: "Plenty of room" })).resolves.toMatchObject({
        title: "Plenty of room",
      });

      // In the trash it still takes its place: restoring it can never go past the limit.
      await caller.task.delete({ id: last.id });
      expect((await caller.task.stats()).total).toBe(TASKS_PER_USER_MAX - 1);
      await expectCode(caller.task.create({ title: "Still full" }), "BAD_REQUEST");
      expect(await caller.task.deleteForever({ ids: [last.id] })).toEqual({ ids: [last.id] });
      await expect(caller.task.create({ title: "Room again" })).resolves.toMatchObject({
        title: "Room again",
      });
      await expectCode(caller.task.create({ title: "Full again" }), "BAD_REQUEST");
      // Cleanup, without the statement timeout like the bulk insert: 100,000 events on a busy machine.
      await api.db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = 0`);
        await tx.delete(tasks).where(eq(tasks.userId, user.id));
      });
    },
    FULL_ACCOUNT_TIMEOUT_MS,
  );
});

describe("task.byId", () => {
  it("returns the caller's task", async () => {
    const { caller } = await api.createUser();
    const created = await caller.task.create({ title: "Find me", priority: "low" });
    expect(await caller.task.byId({ id: created.id })).toEqual({ ...created, subtasks: [] });
  });

  it("answers NOT_FOUND for a missing id and BAD_REQUEST for a malformed one", async () => {
    const { caller } = await api.createUser();
    const error = await expectCode(caller.task.byId({ id: randomUUID() }), "NOT_FOUND");
    expect(error.message).toBe("Task not found");
    expect(clientErrorShape(error).data.httpStatus).toBe(404);
    await expectFieldError(caller.task.byId({ id: "42" }), "id");
    // @ts-expect-error: strict input
    await expectFieldError(caller.task.byId({ id: randomUUID(), userId: randomUUID() }), "userId");
  });
});

describe("task.update", () => {
  it("changes only the given fields and stamps updatedAt with the injected clock", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id, {
      title: "Old",
      description: "keep me",
      priority: "low",
      tags: ["x"],
      dueDate: "2025-06-15",
      dueTime: "13:00",
    });
    api.clock.advance(5 * MINUTE_MS);
    const updated = await caller.task.update({ id: task.id, title: "  New  ", tags: ["y", "y", "z"] });
    expect(updated).toMatchObject({
      id: task.id,
      title: "New",
      description: "keep me",
      priority: "low",
      tags: ["y", "z"],
      dueDate: "2025-06-15",
      dueTime: "13:00",
      createdAt: task.createdAt,
      updatedAt: minutesFromNow(5),
    });
    expect(await rowOf(task.id)).toMatchObject({ userId: user.id, title: "New", tags: ["y", "z"] });
  });

  it("clears the description and the due date (and with it the due time) with null or a blank description", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id, {
      description: "text",
      dueDate: "2025-06-15",
      dueTime: "13:00",
    });
    expect(await caller.task.update({ id: task.id, description: null, dueDate: null })).toMatchObject({
      description: null,
      dueDate: null,
      dueTime: null,
    });
    expect(await rowOf(task.id)).toMatchObject({ dueDate: null, dueTime: null, deadline: null });
    // A new day keeps a time given with it, and a day alone keeps none.
    expect(await caller.task.update({ id: task.id, dueDate: "2025-06-16", dueTime: "08:15" })).toMatchObject({
      dueDate: "2025-06-16",
      dueTime: "08:15",
    });
    expect(await caller.task.update({ id: task.id, dueDate: "2025-06-17" })).toMatchObject({
      dueDate: "2025-06-17",
      dueTime: "08:15",
    });
    await caller.task.update({ id: task.id, description: "again" });
    expect((await caller.task.update({ id: task.id, description: "  " })).description).toBeNull();
  });

  it("sets and clears completion like setCompleted", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id);
    const done = await caller.task.update({ id: task.id, completed: true });
    expect(done).toMatchObject({ completed: true, completedAt: NOW });
    api.clock.advance(MINUTE_MS);
    expect(await caller.task.update({ id: task.id, completed: true })).toMatchObject({ completedAt: NOW });
    expect(await caller.task.update({ id: task.id, completed: false })).toMatchObject({
      completed: false,
      completedAt: null,
    });
  });

  it("enforces the same limits as create, at the boundary and one past it", async () => {
    const { user, caller } = await api.createUser();
    const { id } = await api.createTask(user.id);
    const longestTitle = "t".repeat(TITLE_MAX_LENGTH);
    expect((await caller.task.update({ id, title: longestTitle })).title).toBe(longestTitle);
    const longestDescription = "d".repeat(DESCRIPTION_MAX_LENGTH);
    expect((await caller.task.update({ id, description: longestDescription })).description).toBe(
      longestDescription,
    );
    const tenTags = Array.from({ length: TAGS_MAX_COUNT }, (_, index) =>
      `t${index}`.padEnd(TAG_MAX_LENGTH, "-"),
    );
    expect((await caller.task.update({ id, tags: tenTags })).tags).toEqual(tenTags);
    const before = await rowOf(id);

    await expectFieldError(caller.task.update({ id, title: "t".repeat(TITLE_MAX_LENGTH + 1) }), "title");
    await expectFieldError(caller.task.update({ id, title: "   " }), "title");
    await expectFieldError(
      caller.task.update({ id, description: "d".repeat(DESCRIPTION_MAX_LENGTH + 1) }),
      "description",
    );
    await expectFieldError(caller.task.update({ id, tags: [...tenTags, "eleven"] }), "tags");
    await expectFieldError(caller.task.update({ id, tags: ["x".repeat(TAG_MAX_LENGTH + 1)] }), "tags");
    await expectFieldError(caller.task.update({ id, title: "nul\u0000" }), "title");
    await expectFieldError(caller.task.update({ id: "nope", title: "x" }), "id");
    expect(await rowOf(id)).toEqual(before);
  });

  it("rejects userId instead of moving the task to another owner", async () => {
    const other = await api.createUser();
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id);
    // @ts-expect-error: the owner is never an input
    await expectFieldError(caller.task.update({ id: task.id, userId: other.user.id }), "userId");
    expect(await rowOf(task.id)).toEqual(task);
  });

  it("answers NOT_FOUND for a missing id", async () => {
    const { caller } = await api.createUser();
    const error = await expectCode(caller.task.update({ id: randomUUID(), title: "Ghost" }), "NOT_FOUND");
    expect(error.message).toBe("Task not found");
  });
});

describe("task.setCompleted", () => {
  it("completes a task at the injected time and keeps the first completion time when completed again", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id);
    const done = await caller.task.setCompleted({ id: task.id, completed: true });
    expect(done).toMatchObject({ task: { completed: true, completedAt: NOW, updatedAt: NOW }, next: null });

    api.clock.advance(10 * MINUTE_MS);
    const { task: again } = await caller.task.setCompleted({ id: task.id, completed: true });
    expect(again).toMatchObject({ completed: true, completedAt: NOW, updatedAt: minutesFromNow(10) });
  });

  it("clears completedAt when a task is reopened, and stamps a new time when completed after that", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id, completedRow(minutesFromNow(-60)));
    expect((await caller.task.setCompleted({ id: task.id, completed: false })).task).toMatchObject({
      completed: false,
      completedAt: null,
    });
    expect(await rowOf(task.id)).toMatchObject({ completed: false, completedAt: null });
    api.clock.advance(MINUTE_MS);
    expect((await caller.task.setCompleted({ id: task.id, completed: true })).task).toMatchObject({
      completedAt: minutesFromNow(1),
    });
  });

  it("rejects a missing or non-boolean completed flag and unknown keys", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id);
    // @ts-expect-error: completed is required
    await expectFieldError(caller.task.setCompleted({ id: task.id }), "completed");
    // @ts-expect-error: not a boolean
    await expectFieldError(caller.task.setCompleted({ id: task.id, completed: "yes" }), "completed");
    // Through a variable, as a plain JSON client would send it: TypeScript's excess-property check is not the guard.
    const withCompletedAt = { id: task.id, completed: true, completedAt: NOW };
    await expectFieldError(caller.task.setCompleted(withCompletedAt), "completedAt");
    expect(await rowOf(task.id)).toEqual(task);
  });

  it("answers NOT_FOUND for a missing id", async () => {
    const { caller } = await api.createUser();
    await expectCode(caller.task.setCompleted({ id: randomUUID(), completed: true }), "NOT_FOUND");
  });
});

describe("expectedVersion (task.update, task.setCompleted)", () => {
  it("writes when the version matches, and each write moves the version on by one", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id, { title: "v1" });
    expect(task.version).toBe(1);
    const v2 = await caller.task.update({ id: task.id, title: "v2", expectedVersion: 1 });
    expect(v2).toMatchObject({ title: "v2", version: 2 });
    const { task: v3 } = await caller.task.setCompleted({ id: task.id, completed: true, expectedVersion: 2 });
    expect(v3).toMatchObject({ completed: true, version: 3 });
    // Without expectedVersion the last write wins, as before.
    expect(await caller.task.update({ id: task.id, title: "v4" })).toMatchObject({ version: 4 });
  });

  it("answers CONFLICT with the current task in data.current for a stale version, changing nothing", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id, { title: "Original", tags: ["a"], dueDate: "2025-06-16" });
    const elsewhere = await caller.task.update({ id: task.id, title: "Changed elsewhere" });
    const before = await rowOf(task.id);

    // Called one at a time: a promise made early could reject before anything awaits it.
    const calls = [
      () => caller.task.update({ id: task.id, title: "Mine", expectedVersion: 1 }),
      () => caller.task.setCompleted({ id: task.id, completed: true, expectedVersion: 1 }),
      () => caller.task.update({ id: task.id, title: "From the future", expectedVersion: 99 }),
    ];
    for (const call of calls) {
      const error = await expectCode(call(), "CONFLICT");
      const shape = clientErrorShape(error, "task.update");
      expect(shape.message).toBe("This task was changed elsewhere. Review it and try again.");
      expect(shape.data.httpStatus).toBe(409);
      expect(shape.data.current).toEqual(elsewhere);
      const { subtasks: _, ...current } = await caller.task.byId({ id: task.id });
      expect(shape.data.current).toEqual(current);
      expect(shape.data.fieldErrors).toBeNull();
    }
    expect(await rowOf(task.id)).toEqual(before);
  });

  it("answers NOT_FOUND, with no current task, for a missing, another user's or a trashed task", async () => {
    const owner = await api.createUser();
    const { user, caller } = await api.createUser();
    const theirs = await api.createTask(owner.user.id, { title: "Theirs" });
    const trashed = await api.createTask(user.id, { title: "Trashed", deletedAt: NOW });
    for (const id of [randomUUID(), theirs.id, trashed.id]) {
      for (const call of [
        () => caller.task.update({ id, title: "x", expectedVersion: 1 }),
        () => caller.task.setCompleted({ id, completed: true, expectedVersion: 1 }),
      ]) {
        const error = await expectCode(call(), "NOT_FOUND");
        expect(clientErrorShape(error).data.current).toBeNull();
        expect(error.message).toBe("Task not found");
      }
    }
    expect(await rowOf(theirs.id)).toEqual(theirs);
    expect(await rowOf(trashed.id)).toEqual(trashed);
  });

  it("accepts only a positive integer", async () => {
    const { user, caller } = await api.createUser();
    const task = await api.createTask(user.id);
    for (const expectedVersion of [0, -1, 1.5, Number.NaN]) {
      await expectFieldError(caller.task.update({ id: task.id, expectedVersion }), "expectedVersion");
      await expectFieldError(
        caller.task.setCompleted({ id: task.id, completed: true, expectedVersion }),
        "expectedVersion",
      );
    }
    // @ts-expect-error: a number, not a string
    await expectFieldError(caller.task.update({ id: task.id, expectedVersion: "1" }), "expectedVersion");
    expect(await rowOf(task.id)).toEqual(task);
  });
});

describe("task.delete", () => {
  it("moves the caller's task to the trash once; a second delete is NOT_FOUND", async () => {
    const { user, caller } = await api.createUser();
    const [keep, drop] = [await api.createTask(user.id), await api.createTask(user.id)];
    expect(await caller.task.delete({ id: drop.id })).toEqual({ id: drop.id });
    expect(await rowOf(drop.id)).toEqual({ ...drop, deletedAt: NOW, version: drop.version + 1 });
    expect(await rowOf(keep.id)).toEqual(keep);
    await expectCode(caller.task.delete({ id: drop.id }), "NOT_FOUND");
    await expectFieldError(caller.task.delete({ id: "" }), "id");
  });
});

describe("task.clearCompleted", () => {
  it("moves exactly the caller's completed tasks to the trash and answers their ids", async () => {
    const other = await api.createUser();
    const { user, caller } = await api.createUser();
    const [active] = await insertTasks(user.id, [
      { title: "active" },
      { title: "done 1", ...completedRow(NOW) },
      { title: "done 2", ...completedRow(NOW) },
    ]);
    const othersRows = await insertTasks(other.user.id, [
      { title: "their done", ...completedRow(NOW) },
      { title: "their active" },
    ]);

    // Already in the trash: not cleared again (its deletedAt stays), nor answered.
    const [oldTrash] = await insertTasks(user.id, [
      { title: "done long ago", ...completedRow(NOW), deletedAt: minutesFromNow(-60) },
    ]);
    const done = (await rowsOf(user.id))
      .filter((row) => row.completed && !row.deletedAt)
      .map((row) => row.id);
    expect(done).toHaveLength(2);

    const { ids } = await caller.task.clearCompleted();
    expect([...ids].sort()).toEqual([...done].sort());
    const live = (await rowsOf(user.id)).filter((row) => row.deletedAt === null);
    expect(live).toEqual([active]);
    for (const id of done) expect((await rowOf(id))?.deletedAt).toEqual(NOW);
    expect(await rowOf(oldTrash?.id ?? "")).toEqual(oldTrash);
    expect(await rowsOf(other.user.id)).toEqual([...othersRows].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(await caller.task.clearCompleted()).toEqual({ ids: [] });
    // Undo: exactly those come back.
    expect((await caller.task.restore({ ids })).map((task) => task.id).sort()).toEqual([...done].sort());
    expect(await caller.task.stats()).toMatchObject({ total: 3, completed: 2 });
  });
});

describe("task.stats", () => {
  it("counts total, active, completed and overdue (due strictly before now, not completed) per user", async () => {
    const other = await api.createUser();
    const { user, caller } = await api.createUser();
    expect(await caller.task.stats()).toEqual({ total: 0, active: 0, completed: 0, overdue: 0 });

    // NOW is 12:00 on 15 June on the owner's clock (UTC).
    await insertTasks(user.id, [
      { title: "no due date" },
      { title: "future", dueDate: "2025-06-15", dueTime: "13:00" },
      { title: "overdue", dueDate: "2025-06-15", dueTime: "11:59" },
      { title: "due this very moment", dueDate: "2025-06-15", dueTime: "12:00" },
      { title: "completed late", dueDate: "2025-06-14", ...completedRow(NOW) },
      { title: "completed", ...completedRow(NOW) },
    ]);
    // Another user's overdue and completed rows must not leak into the counts.
    await insertTasks(other.user.id, [
      { title: "theirs overdue", dueDate: "2025-06-14" },
      { title: "theirs done", ...completedRow(NOW) },
    ]);

    expect(await caller.task.stats()).toEqual({ total: 6, active: 4, completed: 2, overdue: 1 });
    api.clock.advance(1);
    expect(await caller.task.stats()).toEqual({ total: 6, active: 4, completed: 2, overdue: 2 });
    expect(await other.caller.task.stats()).toEqual({ total: 2, active: 1, completed: 1, overdue: 1 });
  });
});

describe("isolation: another user's task ids", () => {
  /** Each call is made once with the victim's id and once with an id nobody has. */
  const attempts: Record<string, (caller: Caller, id: string) => Promise<unknown>> = {
    byId: (caller, id) => caller.task.byId({ id }),
    update: (caller, id) =>
      caller.task.update({
        id,
        title: "Pwned",
        description: null,
        priority: "low",
        tags: [],
        completed: true,
      }),
    setCompleted: (caller, id) => caller.task.setCompleted({ id, completed: true }),
    delete: (caller, id) => caller.task.delete({ id }),
  };

  it.each(Object.keys(attempts))(
    "task.%s answers exactly like a missing id and leaves the owner's row unchanged",
    async (name) => {
      const attempt = attempts[name];
      if (!attempt) throw new Error(`no attempt for ${name}`);
      const owner = await api.createUser();
      const intruder = await api.createUser();
      const task = await api.createTask(owner.user.id, {
        title: "Secret plan",
        description: "do not touch",
        priority: "high",
        tags: ["mine"],
        dueDate: "2025-06-15",
        dueTime: "13:00",
      });
      const before = await rowOf(task.id);

      const foreign = await expectCode(attempt(intruder.caller, task.id), "NOT_FOUND");
      const missing = await expectCode(attempt(intruder.caller, randomUUID()), "NOT_FOUND");
      expect(foreign.message).toBe(missing.message);
      expect(clientErrorShape(foreign)).toEqual(clientErrorShape(missing));

      expect(await rowOf(task.id)).toEqual(before);
      expect(await owner.caller.task.byId({ id: task.id })).toMatchObject({ title: "Secret plan" });
    },
  );

  it("list, stats and clearCompleted never see or touch another user's rows", async () => {
    const owner = await api.createUser();
    const intruder = await api.createUser();
    const ownerRows = await insertTasks(owner.user.id, [
      {
        title: "shared word alpha",
        tags: ["common"],
        priority: "high",
        dueDate: "2025-06-15",
        dueTime: "11:55",
      },
      { title: "shared word beta", tags: ["common"], ...completedRow(NOW) },
      { title: "shared word gamma", dueDate: null },
    ]);
    const [intruderTask] = await insertTasks(intruder.user.id, [
      { title: "shared word mine", tags: ["common"] },
    ]);
    if (!intruderTask) throw new Error("insert returned no row");

    const queries = [
      {},
      { search: "shared word" },
      { tag: "common" },
      { priority: "high" as const },
      { status: "completed" as const },
      { due: "overdue" as const },
      { due: "none" as const },
      { sort: "title" as const },
      { sort: "due" as const, order: "desc" as const },
      { sort: "priority" as const },
    ];
    for (const query of queries) {
      const page = await intruder.caller.task.list(query);
      for (const item of page.items) expect(item.id).toBe(intruderTask.id);
    }
    expect((await intruder.caller.task.list({ search: "shared word" })).items).toHaveLength(1);
    expect(await intruder.caller.task.stats()).toEqual({ total: 1, active: 1, completed: 0, overdue: 0 });
    expect(await intruder.caller.task.clearCompleted()).toEqual({ ids: [] });
    expect(await rowsOf(owner.user.id)).toEqual([...ownerRows].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });
});

describe("task.list input", () => {
  it("defaults to 50 items and accepts limits from 1 to 100, rejecting 0, 101 and fractions", async () => {
    const { user, caller } = await api.createUser();
    await insertTasks(
      user.id,
      Array.from({ length: LIST_LIMIT_MAX + 1 }, (_, index) => ({ title: `bulk ${index}` })),
    );

    const defaultPage = await caller.task.list();
    expect(defaultPage.items).toHaveLength(LIST_LIMIT_DEFAULT);
    expect(defaultPage.nextCursor).not.toBeNull();
    expect((await caller.task.list({ limit: 1 })).items).toHaveLength(1);
    const largest = await caller.task.list({ limit: LIST_LIMIT_MAX });
    expect(largest.items).toHaveLength(LIST_LIMIT_MAX);
    expect(largest.nextCursor).not.toBeNull();

    for (const limit of [0, -1, LIST_LIMIT_MAX + 1, 1.5]) {
      await expectFieldError(caller.task.list({ limit }), "limit");
    }
  });

  it("accepts a search of 200 characters after trimming and rejects 201", async () => {
    const { caller } = await api.createUser();
    const longest = "s".repeat(SEARCH_MAX_LENGTH);
    expect((await caller.task.list({ search: `  ${longest}  ` })).items).toEqual([]);
    await expectFieldError(caller.task.list({ search: `${longest}s` }), "search");
    await expectFieldError(caller.task.list({ search: "nul\u0000" }), "search");
  });

  it("rejects unknown filter values and unknown keys, a time zone among them (the owner's is used)", async () => {
    const { caller } = await api.createUser();
    // @ts-expect-error: not a status
    await expectFieldError(caller.task.list({ status: "archived" }), "status");
    // @ts-expect-error: not a sort
    await expectFieldError(caller.task.list({ sort: "random" }), "sort");
    // @ts-expect-error: not a due filter
    await expectFieldError(caller.task.list({ due: "yesterday" }), "due");
    await expectFieldError(caller.task.list({ tag: "x".repeat(TAG_MAX_LENGTH + 1) }), "tag");
    // @ts-expect-error: the list reads "today" in the owner's zone, never in one it is sent
    await expectFieldError(caller.task.list({ timeZone: "UTC" }), "timeZone");
    // @ts-expect-error: nor in a hostile one
    await expectFieldError(caller.task.list({ timeZone: "America/New York; drop table tasks" }), "timeZone");
    // @ts-expect-error: the owner is never an input
    await expectFieldError(caller.task.list({ userId: randomUUID() }), "userId");
  });

  it("accepts the forward direction tRPC's infinite queries send, and refuses backward", async () => {
    const { user, caller } = await api.createUser();
    await insertTasks(user.id, [{ title: "one" }, { title: "two" }]);
    const first = await caller.task.list({ limit: 1, direction: "forward" });
    const second = await caller.task.list({ limit: 1, cursor: first.nextCursor, direction: "forward" });
    expect([...first.items, ...second.items].map((task) => task.title).sort()).toEqual(["one", "two"]);
    // @ts-expect-error: backward pages are not supported
    await expectFieldError(caller.task.list({ direction: "backward" }), "direction");
  });

  it("reads 'today' in an account zone set through an alias PostgreSQL does not know by name", async () => {
    const { user, caller } = await api.createUser();
    await insertTasks(user.id, [{ title: "today in Regina", dueDate: "2025-06-15" }]);
    // ICU accepts this alias; it must reach the database as its canonical name, not fail there.
    expect(await caller.account.update({ timeZone: "Canada/East-Saskatchewan" })).toMatchObject({
      timeZone: "America/Regina",
    });
    // 06:00 on 15 June in Regina (UTC-6).
    expect((await caller.task.list({ due: "today" })).items.map((item) => item.title)).toEqual([
      "today in Regina",
    ]);
    expect(await caller.account.update({ timeZone: "america/new_york" })).toMatchObject({
      timeZone: "America/New_York",
    });
    expect((await caller.task.list({ due: "today" })).items.map((item) => item.title)).toEqual([
      "today in Regina",
    ]);
  });
});

describe("task.list filters", () => {
  it("filters by status", async () => {
    const { user, caller } = await api.createUser();
    const [open, done] = await insertTasks(user.id, [
      { title: "open" },
      { title: "done", ...completedRow(NOW) },
    ]);
    const titles = async (status: "all" | "active" | "completed") =>
      (await caller.task.list({ status, sort: "title" })).items.map((item) => item.id);
    expect(await titles("all")).toEqual([done?.id, open?.id]);
    expect(await titles("active")).toEqual([open?.id]);
    expect(await titles("completed")).toEqual([done?.id]);
  });

  it("filters by priority and by exact tag", async () => {
    const { user, caller } = await api.createUser();
    const [low, high, tagged] = await insertTasks(user.id, [
      { title: "a", priority: "low", tags: ["home"] },
      { title: "b", priority: "high", tags: ["homework"] },
      { title: "c", priority: "medium", tags: ["work", "home"] },
    ]);
    const ids = async (query: Parameters<Caller["task"]["list"]>[0]) =>
      (await caller.task.list({ sort: "title", ...query })).items.map((item) => item.id);
    expect(await ids({ priority: "low" })).toEqual([low?.id]);
    expect(await ids({ priority: "high" })).toEqual([high?.id]);
    expect(await ids({ tag: "home" })).toEqual([low?.id, tagged?.id]);
    expect(await ids({ tag: " work " })).toEqual([tagged?.id]);
    expect(await ids({ tag: "hom" })).toEqual([]);
    expect(await ids({ tag: "home", priority: "medium" })).toEqual([tagged?.id]);
  });

  it("searches title and description case-insensitively, treating %, _ and \\ literally", async () => {
    const { user, caller } = await api.createUser();
    const [milk, notes, percent, underscore, backslash] = await insertTasks(user.id, [
      { title: "Buy MILK" },
      { title: "Errand", description: "get milk and bread" },
      { title: "50% off" },
      { title: "snake_case rename" },
      { title: "path C:\\temp" },
      { title: "500 items off" },
      { title: "snakeXcase" },
      { title: "path C:temp" },
    ]);
    const ids = async (search: string) =>
      (await caller.task.list({ search, sort: "title" })).items.map((item) => item.id).sort();
    expect(await ids("milk")).toEqual([milk?.id, notes?.id].sort());
    expect(await ids("  mIlK ")).toEqual([milk?.id, notes?.id].sort());
    expect(await ids("0%")).toEqual([percent?.id]);
    expect(await ids("%")).toEqual([percent?.id]);
    expect(await ids("e_c")).toEqual([underscore?.id]);
    expect(await ids("_")).toEqual([underscore?.id]);
    expect(await ids("C:\\t")).toEqual([backslash?.id]);
    expect(await ids("nothing like it")).toEqual([]);
  });

  it("filters by due date, with today taken on the owner's calendar and overdue on the owner's clock", async () => {
    const { user, caller } = await api.createUser({ timeZone: "America/New_York" });
    // 04:30 UTC on 10 March 2024 is still 9 March (23:30) in New York.
    api.clock.set(new Date("2024-03-10T04:30:00.000Z"));
    const rows = await insertTasks(user.id, [
      { title: "ny-yesterday", dueDate: "2024-03-08" },
      { title: "ny-today-00:00", dueDate: "2024-03-09", dueTime: "00:00" },
      { title: "ny-today-23:29", dueDate: "2024-03-09", dueTime: "23:29" },
      { title: "ny-today-23:30", dueDate: "2024-03-09", dueTime: "23:30" },
      { title: "ny-today-23:59", dueDate: "2024-03-09", dueTime: "23:59" },
      { title: "ny-today", dueDate: "2024-03-09" },
      { title: "ny-tomorrow-00:00", dueDate: "2024-03-10", dueTime: "00:00" },
      { title: "ny-tomorrow", dueDate: "2024-03-10" },
      { title: "done-yesterday", dueDate: "2024-03-08", ...completedRow(NOW) },
      { title: "no-due-date" },
    ]);
    expect(rows).toHaveLength(10);
    const titles = async (due: "overdue" | "today" | "upcoming" | "none") =>
      (await caller.task.list({ due, sort: "due" })).items.map((item) => item.title);

    expect(await titles("today")).toEqual([
      "ny-today-00:00",
      "ny-today-23:29",
      "ny-today-23:30",
      "ny-today-23:59",
      "ny-today",
    ]);
    // The next day's 00:00 is the same moment as the end of today, but on tomorrow's calendar.
    expect(await titles("upcoming")).toEqual(["ny-tomorrow-00:00", "ny-tomorrow"]);
    // Due strictly before 23:30 on the owner's clock; completed tasks are never overdue. The end of
    // 8 March and 00:00 on 9 March are one deadline: the id decides.
    const idOrder = (...titles: string[]) =>
      rows
        .filter((row) => titles.includes(row.title))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((row) => row.title);
    expect(await titles("overdue")).toEqual([...idOrder("ny-yesterday", "ny-today-00:00"), "ny-today-23:29"]);
    expect(await titles("none")).toEqual(["no-due-date"]);
    expect((await caller.task.stats()).overdue).toBe(3);

    // The same rows for an owner in UTC (10 March, 04:30) or Tokyo (10 March, 13:30).
    for (const timeZone of ["UTC", "Asia/Tokyo"]) {
      await api.db.update(users).set({ timeZone }).where(eq(users.id, user.id));
      expect({ timeZone, today: await titles("today") }).toEqual({
        timeZone,
        today: ["ny-tomorrow-00:00", "ny-tomorrow"],
      });
      expect({ timeZone, upcoming: await titles("upcoming") }).toEqual({ timeZone, upcoming: [] });
      // ny-today (the end of 9 March) and ny-tomorrow-00:00 share a deadline too.
      const overdue = [
        ...idOrder("ny-yesterday", "ny-today-00:00"),
        "ny-today-23:29",
        "ny-today-23:30",
        "ny-today-23:59",
        ...idOrder("ny-today", "ny-tomorrow-00:00"),
      ];
      expect({ timeZone, overdue: await titles("overdue") }).toEqual({ timeZone, overdue });
      expect({ timeZone, stats: (await caller.task.stats()).overdue }).toEqual({ timeZone, stats: 7 });
    }
  });

  it("makes 'today' 23 hours long on the day daylight saving time starts", async () => {
    const { user, caller } = await api.createUser({ timeZone: "America/New_York" });
    // 10 March 2024 in New York runs from 05:00 UTC to 04:00 UTC the next day.
    await insertTasks(user.id, [
      { title: "on-the-short-day", dueDate: "2024-03-10" },
      { title: "the-day-after", dueDate: "2024-03-11" },
    ]);
    const titles = async (due: "today" | "upcoming" | "overdue") =>
      (await caller.task.list({ due, sort: "due" })).items.map((item) => item.title);
    api.clock.set(new Date("2024-03-10T04:59:59.999Z"));
    expect(await titles("today")).toEqual([]);
    expect(await titles("upcoming")).toEqual(["on-the-short-day", "the-day-after"]);
    api.clock.set(new Date("2024-03-10T05:00:00.000Z"));
    expect(await titles("today")).toEqual(["on-the-short-day"]);
    api.clock.set(new Date("2024-03-11T03:59:59.999Z"));
    expect(await titles("today")).toEqual(["on-the-short-day"]);
    expect(await titles("overdue")).toEqual([]);
    api.clock.set(new Date("2024-03-11T04:00:00.000Z"));
    expect(await titles("today")).toEqual(["the-day-after"]);
    expect(await titles("upcoming")).toEqual([]);
    // Overdue is strictly after the deadline (the next day's 00:00), as for a due time.
    expect(await titles("overdue")).toEqual([]);
    api.clock.set(new Date("2024-03-11T04:00:00.001Z"));
    expect(await titles("overdue")).toEqual(["on-the-short-day"]);
    expect((await caller.task.stats()).overdue).toBe(1);
  });

  it("returns the same overdue tasks that stats counts", async () => {
    const { user, caller } = await api.createUser();
    await insertTasks(user.id, [
      { title: "late", dueDate: "2025-06-15", dueTime: "11:59" },
      { title: "on time", dueDate: "2025-06-15", dueTime: "12:00" },
      { title: "due today", dueDate: "2025-06-15" },
      { title: "late but done", dueDate: "2025-06-14", ...completedRow(NOW) },
    ]);
    const listed = await caller.task.list({ due: "overdue" });
    expect(listed.items.map((item) => item.title)).toEqual(["late"]);
    expect((await caller.task.stats()).overdue).toBe(listed.items.length);
  });
});

describe("task.list sorting and keyset pagination", () => {
  const SORTS = ["created", "due", "priority", "title"] as const;
  const ORDERS = ["asc", "desc"] as const;
  type Sort = (typeof SORTS)[number];
  type Order = (typeof ORDERS)[number];
  const PRIORITY_RANK = { low: 0, medium: 1, high: 2 } as const;
  const T0 = Date.parse("2025-01-01T00:00:00.000Z");
  const at = (minutes: number) => new Date(T0 + minutes * MINUTE_MS);
  /** Due on `dueDate` by the end of the day, or at `dueTime` on it. */
  const due = (dueDate: string, dueTime: string | null = null) => ({ dueDate, dueTime });

  let caller: Caller;
  let fixture: TaskRow[];

  beforeAll(async () => {
    // The session must be fresh at the clock every test of this block starts from.
    api.clock.set(NOW);
    const created = await api.createUser();
    caller = created.caller;
    // Ties on purpose in every sort key: equal created times, equal and missing due dates,
    // equal priorities, and titles equal except for case. Only the id can break them. The due
    // sort's key is the deadline on the owner's clock: an all-day task on 2 January ties with
    // one at 00:00 on 3 January, and one at 17:00 on 2 January comes before both.
    // Tagged tasks keep the ties too: a tag filter reads its keys from task_tags.
    fixture = await insertTasks(created.user.id, [
      { title: "alpha", priority: "high", ...due("2025-01-02"), createdAt: at(1), tags: ["tied"] },
      {
        title: "Alpha",
        priority: "high",
        ...due("2025-01-03", "00:00"),
        createdAt: at(1),
        tags: ["tied", "other"],
      },
      { title: "ALPHA", priority: "low", dueDate: null, createdAt: at(2), tags: ["tied"] },
      { title: "beta", priority: "medium", dueDate: null, createdAt: at(2), tags: ["tied"] },
      {
        title: "gamma",
        priority: "medium",
        ...due("2025-01-02", "17:00"),
        createdAt: at(3),
        tags: ["tied"],
        ...completedRow(at(10)),
      },
      { title: "Delta", priority: "low", ...due("2025-01-02", "17:00"), createdAt: at(3), tags: ["tied"] },
      { title: "delta", priority: "high", dueDate: null, createdAt: at(4), tags: ["tied"] },
      { title: "epsilon", priority: "medium", ...due("2025-01-04"), createdAt: at(5) },
      { title: "zeta", priority: "low", ...due("2025-01-02"), createdAt: at(5), ...completedRow(at(10)) },
      { title: "eta", priority: "high", ...due("2024-12-31", "09:00"), createdAt: at(6), tags: ["tied"] },
      { title: "theta", priority: "medium", dueDate: null, createdAt: at(6), tags: ["other"] },
      { title: "iota", priority: "medium", ...due("2025-01-04"), createdAt: at(7), tags: ["tied"] },
      { title: "kappa", priority: "low", ...due("2024-12-31", "09:00"), createdAt: at(7), tags: ["tied"] },
      // The ends of the range: the last day's deadline is in year 10000 (a five-digit cursor key).
      { title: "omega", priority: "low", ...due("9999-12-31"), createdAt: at(8), tags: ["tied"] },
      { title: "psi", priority: "high", ...due("9999-12-31", "23:59"), createdAt: at(8), tags: ["tied"] },
      { title: "chi", priority: "medium", ...due("1970-01-01", "00:00"), createdAt: at(9), tags: ["tied"] },
    ]);
  });

  /** When a row is due on its owner's clock, as milliseconds of that clock; no due date: infinity. */
  function deadlineOf(task: TaskRow): number {
    if (task.dueDate === null) return Number.POSITIVE_INFINITY;
    const day = Date.parse(`${task.dueDate}T00:00:00.000Z`);
    if (task.dueTime === null) return day + 24 * 60 * MINUTE_MS;
    const [hours = 0, minutes = 0] = task.dueTime.split(":").map(Number);
    return day + (hours * 60 + minutes) * MINUTE_MS;
  }

  /** The documented order: the sort's keys, then the id, all in one direction; no due date is last when ascending. */
  function sortKey(sort: Sort, task: TaskRow): Array<number | string> {
    switch (sort) {
      case "created":
        return [task.createdAt.getTime(), task.id];
      case "due":
        return [deadlineOf(task), task.id];
      case "priority":
        return [PRIORITY_RANK[task.priority], task.createdAt.getTime(), task.id];
      case "title":
        return [task.title.toLowerCase(), task.id];
    }
  }

  function expectedIds(sort: Sort, order: Order, rows: TaskRow[]): string[] {
    const compare = (a: TaskRow, b: TaskRow): number => {
      const [left, right] = [sortKey(sort, a), sortKey(sort, b)];
      for (let index = 0; index < left.length; index++) {
        const [x, y] = [left[index] as number | string, right[index] as number | string];
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    };
    const sorted = [...rows].sort(compare).map((row) => row.id);
    return order === "asc" ? sorted : sorted.reverse();
  }

  async function walk(
    query: Parameters<Caller["task"]["list"]>[0] & object,
    limit: number,
  ): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Caller["task"]["list"]>> = await caller.task.list({
        ...query,
        limit,
        cursor,
      });
      pages.push(page.items.map((item) => item.id));
      cursor = page.nextCursor;
      if (pages.length > fixture.length + 1) throw new Error("pagination does not terminate");
    } while (cursor !== null);
    return pages;
  }

  it("orders the due sort by deadline: 17:00 before the end of the same day, which ties with 00:00 the next day", async () => {
    const expected = [
      "chi",
      ...byId("eta", "kappa"),
      ...byId("gamma", "Delta"),
      // The end of 2 January (two all-day tasks) and 00:00 on 3 January: one deadline, the id decides.
      ...byId("alpha", "Alpha", "zeta"),
      ...byId("epsilon", "iota"),
      "psi",
      "omega",
      ...byId("ALPHA", "beta", "delta", "theta"),
    ];
    const titles = async (order: Order) =>
      (await caller.task.list({ sort: "due", order, limit: LIST_LIMIT_MAX })).items.map((item) => item.title);
    expect(await titles("asc")).toEqual(expected);
    expect(await titles("desc")).toEqual([...expected].reverse());
  });

  /** The titles of fixture rows in id order: how tasks tied on every other key are ordered. */
  function byId(...titles: string[]): string[] {
    return fixture
      .filter((task) => titles.includes(task.title))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((task) => task.title);
  }

  it("uses the documented default order for each sort", async () => {
    const defaults: Record<Sort, Order> = { created: "desc", due: "asc", priority: "desc", title: "asc" };
    for (const sort of SORTS) {
      const page = await caller.task.list({ sort, limit: LIST_LIMIT_MAX });
      expect(page.items.map((item) => item.id)).toEqual(expectedIds(sort, defaults[sort], fixture));
    }
  });

  for (const sort of SORTS) {
    for (const order of ORDERS) {
      it(`sort ${sort} ${order}: one big page is in key order, and small pages return every row exactly once in that order`, async () => {
        const expected = expectedIds(sort, order, fixture);
        const big = await caller.task.list({ sort, order, limit: LIST_LIMIT_MAX });
        expect(big.items.map((item) => item.id)).toEqual(expected);
        expect(big.nextCursor).toBeNull();

        for (const limit of [1, 2, 5]) {
          const pages = await walk({ sort, order }, limit);
          expect(pages.flat()).toEqual(expected);
          expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
          expect(pages.at(-1)?.length).toBeGreaterThan(0);
        }
      });
    }
  }

  it("paginates filtered lists without gaps or repeats", async () => {
    const active = fixture.filter((task) => !task.completed);
    for (const sort of SORTS) {
      const pages = await walk({ sort, status: "active" }, 3);
      const order = sort === "created" || sort === "priority" ? "desc" : "asc";
      expect(pages.flat()).toEqual(expectedIds(sort, order, active));
    }
    const alphas = fixture.filter((task) => task.title.toLowerCase() === "alpha");
    expect((await walk({ sort: "title", search: "ALPHA" }, 1)).flat()).toEqual(
      expectedIds("title", "asc", alphas),
    );
  });

  it("paginates a tag filter (read through task_tags) without gaps or repeats, in every sort and order", async () => {
    const tied = fixture.filter((task) => task.tags.includes("tied"));
    for (const sort of SORTS) {
      for (const order of ORDERS) {
        for (const limit of [1, 4]) {
          const pages = await walk({ sort, order, tag: "tied" }, limit);
          expect({ sort, order, limit, ids: pages.flat() }).toEqual({
            sort,
            order,
            limit,
            ids: expectedIds(sort, order, tied),
          });
        }
        const highActive = tied.filter((task) => task.priority === "high" && !task.completed);
        const pages = await walk({ sort, order, tag: "tied", priority: "high", status: "active" }, 1);
        expect(pages.flat()).toEqual(expectedIds(sort, order, highActive));
      }
    }
    // A tag is matched exactly, as a whole tag.
    expect((await caller.task.list({ tag: "tie" })).items).toEqual([]);
  });

  it("returns no cursor when the last page is exactly full", async () => {
    const pages = await walk({ sort: "title" }, fixture.length);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toHaveLength(fixture.length);
  });

  it("rejects a cursor from another sort or order, a tampered one, and an oversized one", async () => {
    const first = await caller.task.list({ sort: "due", limit: 2 });
    const cursor = first.nextCursor;
    if (cursor === null) throw new Error("expected a next page");
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      s: string;
      o: string;
      k: string[];
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const uuid = randomUUID();

    const invalid: Array<[string, Parameters<Caller["task"]["list"]>[0]]> = [
      ["another sort", { sort: "title", cursor }],
      ["another order", { sort: "due", order: "desc", cursor }],
      ["not base64 JSON", { sort: "due", cursor: "!!definitely-not-a-cursor!!" }],
      ["a missing key", { sort: "due", cursor: encode({ ...payload, k: payload.k.slice(0, 1) }) }],
      ["an extra key", { sort: "due", cursor: encode({ ...payload, k: [...payload.k, uuid] }) }],
      ["a non-date", { sort: "due", cursor: encode({ ...payload, k: ["yesterday", uuid] }) }],
      [
        "an impossible date",
        { sort: "due", cursor: encode({ ...payload, k: ["2023-02-29 00:00:00", uuid] }) },
      ],
      ["a year-0 date", { sort: "due", cursor: encode({ ...payload, k: ["0000-01-01 00:00:00", uuid] }) }],
      // The due key is a reading of the owner's clock: no offset, and no 24:00 (PostgreSQL would take it).
      [
        "an offset on a wall-clock key",
        { sort: "due", cursor: encode({ ...payload, k: ["2024-01-01 00:00:00+00", uuid] }) },
      ],
      ["hour 24", { sort: "due", cursor: encode({ ...payload, k: ["2024-01-01 24:00:00", uuid] }) }],
      [
        "an instant as a created key without its offset",
        { sort: "created", cursor: encode({ s: "created", o: "desc", k: ["2024-01-01 00:00:00", uuid] }) },
      ],
      ["a non-uuid", { sort: "due", cursor: encode({ ...payload, k: [payload.k[0], "1234"] }) }],
      [
        "a non-priority",
        {
          sort: "priority",
          cursor: encode({ s: "priority", o: "desc", k: ["urgent", "2024-01-01 00:00:00+00", uuid] }),
        },
      ],
      [
        "a NUL in a title key",
        { sort: "title", cursor: encode({ s: "title", o: "asc", k: ["a\u0000", uuid] }) },
      ],
      ["over 4096 characters", { sort: "due", cursor: "a".repeat(4097) }],
    ];
    for (const [why, query] of invalid) {
      const error = await rejection(caller.task.list(query));
      expect({ why, code: error.code }).toEqual({ why, code: "BAD_REQUEST" });
      expect({ why, fields: Object.keys(clientErrorShape(error).data.fieldErrors ?? {}) }).toEqual({
        why,
        fields: ["cursor"],
      });
    }
  });

  it("accepts a hand-made cursor that is well formed, since keyset cursors carry no secret", async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const zeroId = "00000000-0000-0000-0000-000000000000";
    const fromStart = await caller.task.list({
      sort: "due",
      cursor: encode({ s: "due", o: "asc", k: ["1970-01-01 00:00:00", zeroId] }),
      limit: LIST_LIMIT_MAX,
    });
    expect(fromStart.items.map((item) => item.id)).toEqual(expectedIds("due", "asc", fixture));
    // From the end of 9999-12-31 (a five-digit year): that all-day task, then the undated ones.
    const fromLastDay = await caller.task.list({
      sort: "due",
      cursor: encode({ s: "due", o: "asc", k: ["10000-01-01 00:00:00", zeroId] }),
      limit: LIST_LIMIT_MAX,
    });
    expect(fromLastDay.items.map((item) => item.id)).toEqual(expectedIds("due", "asc", fixture).slice(-5));
    expect(fromLastDay.items[0]?.title).toBe("omega");
    const pastTheEnd = await caller.task.list({
      sort: "due",
      cursor: encode({ s: "due", o: "asc", k: ["infinity", "ffffffff-ffff-ffff-ffff-ffffffffffff"] }),
    });
    expect(pastTheEnd).toEqual({ items: [], nextCursor: null });
  });
});

describe("database state after mutations", () => {
  it("create, update, setCompleted and delete each touch exactly one row of the caller", async () => {
    const other = await api.createUser();
    const { user, caller } = await api.createUser();
    const bystanders = await insertTasks(other.user.id, [{ title: "theirs 1" }, { title: "theirs 2" }]);
    const mine = await caller.task.create({ title: "mine" });
    await caller.task.update({ id: mine.id, title: "mine, renamed" });
    await caller.task.setCompleted({ id: mine.id, completed: true });
    expect(await rowsOf(user.id)).toMatchObject([{ id: mine.id, title: "mine, renamed", completed: true }]);
    await caller.task.delete({ id: mine.id });
    expect(await rowsOf(user.id)).toMatchObject([{ id: mine.id, deletedAt: NOW }]);
    await caller.task.deleteForever({ ids: [mine.id] });
    expect(await rowsOf(user.id)).toEqual([]);
    const remaining = await api.db
      .select()
      .from(tasks)
      .where(
        inArray(
          tasks.id,
          bystanders.map((task) => task.id),
        ),
      );
    expect(remaining).toHaveLength(2);
  });
});
