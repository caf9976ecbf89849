/**
 * Reminders (docs/decisions/0049): `remindAt` on task.create/update, moved with its due day and
 * time and carried to a repeating task's next occurrence; `task.reminders` lists those to come;
 * `fireDueReminders` fires each once (a "reminder" change on the live stream, an email to a
 * confirmed address), also when several callers claim at the same moment: on PGlite and on
 * PostgreSQL (TEST_DATABASE_URL), where the claims run on separate connections.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { taskReminders, users } from "@doable/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REMINDER_MAIL_SUBJECT } from "../mail/account-mail";
import { claimDueReminders, fireDueReminders } from "../task/reminders";
import { latestTaskEventId, readTaskChanges, TASK_CHANGES_PAGE_SIZE } from "../task/task-events";
import {
  createTestApi,
  expectBadRequest,
  rejection,
  TEST_ORIGIN,
  type TestApi,
  type TestUser,
} from "../testing";

/** How far ahead a reminder that is about to fire is set: the database's clock decides when it is due. */
const SOON_MS = 1_500;
const HOUR_MS = 3_600_000;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ mail: true });
});
afterAll(async () => {
  await api.close();
});

function soon(): Date {
  return new Date(Date.now() + SOON_MS);
}

/** Waits until every reminder set with `soon()` before this call is due. */
async function untilDue(): Promise<void> {
  await sleep(SOON_MS + 100);
}

/** Fires what is due: only ids of `owner`'s tasks, as other tests' reminders may fire too. */
async function firedFor(owner: TestUser): Promise<string[]> {
  const fired = await claimDueReminders(api.db);
  return fired.filter((reminder) => reminder.userId === owner.user.id).map((reminder) => reminder.taskId);
}

async function reminderChanges(owner: TestUser, after: number): Promise<string[]> {
  const changes = await readTaskChanges(api.db, owner.user.id, after);
  return changes.flatMap(({ change }) => (change.type === "reminder" ? [change.task.title] : []));
}

describe("remindAt on task.create and task.update", () => {
  it("is stored, answered, listed by task.reminders soonest first, and taken off with null", async () => {
    const owner = await api.createUser();
    const later = new Date(Date.now() + 2 * 3_600_000);
    const sooner = new Date(Date.now() + 3_600_000);
    const first = await owner.caller.task.create({ title: "Call the bank", remindAt: later });
    const second = await owner.caller.task.create({ title: "Water plants", remindAt: sooner });
    await owner.caller.task.create({ title: "No reminder" });
    expect(first.remindAt).toEqual(later);
    expect((await owner.caller.task.byId({ id: second.id })).remindAt).toEqual(sooner);
    const { items } = await owner.caller.task.reminders();
    expect(items.map((task) => task.title)).toEqual(["Water plants", "Call the bank"]);

    const other = await api.createUser();
    expect((await other.caller.task.reminders()).items).toEqual([]);
    expect((await rejection(other.caller.task.update({ id: first.id, remindAt: null }))).code).toBe(
      "NOT_FOUND",
    );

    await owner.caller.task.update({ id: first.id, remindAt: null });
    expect((await owner.caller.task.reminders()).items.map((task) => task.title)).toEqual(["Water plants"]);
    await owner.caller.task.setCompleted({ id: second.id, completed: true });
    expect((await owner.caller.task.reminders()).items).toEqual([]);
    await owner.caller.task.setCompleted({ id: second.id, completed: false });
    expect((await owner.caller.task.reminders()).items.map((task) => task.title)).toEqual(["Water plants"]);
  });

  it("refuses a moment that is not one, or is past year 9999", async () => {
    const { caller } = await api.createUser();
    const message = /Reminder must be a moment from 1970 to 9999/;
    await expectBadRequest(
      caller.task.create({ title: "x", remindAt: new Date(Number.NaN) }),
      "task.create",
      "remindAt",
      message,
    );
    const tooLate = new Date("+010000-01-01T00:00:00Z");
    await expectBadRequest(
      caller.task.create({ title: "x", remindAt: tooLate }),
      "task.create",
      "remindAt",
      message,
    );
  });

  it("moves with the due day and time on the owner's clock, across a daylight-saving change", async () => {
    const { caller } = await api.createUser({ timeZone: "Europe/Berlin" });
    // 16:45 in Berlin (CET, UTC+1) on a task due at 17:00.
    const task = await caller.task.create({
      title: "Dentist",
      dueDate: "2027-03-26",
      dueTime: "17:00",
      remindAt: new Date("2027-03-26T15:45:00Z"),
    });
    const later = await caller.task.update({ id: task.id, dueDate: "2027-03-26", dueTime: "18:00" });
    expect(later.remindAt).toEqual(new Date("2027-03-26T16:45:00Z"));
    // Three days on, summer time (CEST, UTC+2): still 17:45 in Berlin.
    const moved = await caller.task.update({ id: task.id, dueDate: "2027-03-29" });
    expect(moved.remindAt).toEqual(new Date("2027-03-29T15:45:00Z"));
    // A day without a time is reminded of from 09:00: still 15 minutes before, 08:45.
    const allDay = await caller.task.update({ id: task.id, dueDate: "2027-03-29", dueTime: null });
    expect(allDay.remindAt).toEqual(new Date("2027-03-29T06:45:00Z"));
    // Given with the change, the reminder is the one given.
    const given = new Date("2027-03-30T07:00:00Z");
    expect(
      (await caller.task.update({ id: task.id, dueDate: "2027-03-31", remindAt: given })).remindAt,
    ).toEqual(given);
    // No due date any more: the reminder stays where it was.
    expect((await caller.task.update({ id: task.id, dueDate: null })).remindAt).toEqual(given);
    // Other edits leave it alone.
    expect((await caller.task.update({ id: task.id, title: "Dentist at 9" })).remindAt).toEqual(given);
  });

  it("keeps an all-day task's reminder at its clock time when the account moves to another zone", async () => {
    const { caller } = await api.createUser({ timeZone: "Europe/Berlin" });
    const allDay = await caller.task.create({
      title: "Bins",
      dueDate: "2027-01-14",
      remindAt: new Date("2027-01-14T08:00:00Z"), // 09:00 in Berlin
    });
    const timed = await caller.task.create({
      title: "Call",
      dueDate: "2027-01-14",
      dueTime: "17:00",
      remindAt: new Date("2027-01-14T15:45:00Z"),
    });
    await caller.account.update({ timeZone: "America/New_York" });
    expect((await caller.task.byId({ id: allDay.id })).remindAt).toEqual(new Date("2027-01-14T14:00:00Z"));
    // A due time keeps its instant, and so does its reminder.
    expect(await caller.task.byId({ id: timed.id })).toMatchObject({
      dueTime: "11:00",
      remindAt: new Date("2027-01-14T15:45:00Z"),
    });
  });

  it("carries to a repeating task's next occurrence at the same time on the owner's clock", async () => {
    const { caller } = await api.createUser({ timeZone: "Europe/Berlin" });
    const task = await caller.task.create({
      title: "Bins out",
      dueDate: "2027-03-26",
      dueTime: "09:00",
      recurrence: "FREQ=WEEKLY",
      remindAt: new Date("2027-03-26T07:00:00Z"), // 08:00 CET
    });
    const { next } = await caller.task.setCompleted({ id: task.id, completed: true });
    expect(next).toMatchObject({ dueDate: "2027-04-02", remindAt: new Date("2027-04-02T06:00:00Z") }); // 08:00 CEST
    const plain = await caller.task.create({
      title: "No reminder",
      dueDate: "2027-03-26",
      recurrence: "FREQ=DAILY",
    });
    expect((await caller.task.setCompleted({ id: plain.id, completed: true })).next?.remindAt).toBeNull();
  });
});

describe("firing reminders", () => {
  it("fires a due reminder once, on the live stream, without changing the task", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({ title: "Take the cake out", remindAt: soon() });
    const start = await latestTaskEventId(api.db, owner.user.id);
    expect(await firedFor(owner)).toEqual([]);
    await untilDue();
    expect(await firedFor(owner)).toEqual([task.id]);
    expect(await firedFor(owner)).toEqual([]);
    expect(await reminderChanges(owner, start)).toEqual(["Take the cake out"]);
    const after = await owner.caller.task.byId({ id: task.id });
    expect(after.version).toBe(task.version);
    expect((await owner.caller.task.reminders()).items).toEqual([]);

    // Saved again with the same moment (an edit of something else): it does not fire again.
    await owner.caller.task.update({ id: task.id, title: "Take the cake out!", remindAt: task.remindAt });
    expect(await firedFor(owner)).toEqual([]);
    // A new moment is a new reminder.
    await owner.caller.task.update({ id: task.id, remindAt: soon() });
    await untilDue();
    expect(await firedFor(owner)).toEqual([task.id]);
  });

  it("never fires for a moment already past, a completed task, or one in the trash", async () => {
    const owner = await api.createUser();
    await owner.caller.task.create({ title: "Past", remindAt: new Date(Date.now() - 60_000) });
    const done = await owner.caller.task.create({ title: "Done", remindAt: soon() });
    const trashed = await owner.caller.task.create({ title: "Trashed", remindAt: soon() });
    const parent = await owner.caller.task.create({ title: "Parent" });
    await owner.caller.task.create({ title: "Subtask", parentId: parent.id, remindAt: soon() });
    await owner.caller.task.setCompleted({ id: done.id, completed: true });
    await owner.caller.task.delete({ id: trashed.id });
    await owner.caller.task.delete({ id: parent.id });
    await untilDue();
    expect(await firedFor(owner)).toEqual([]);
    // Back from the trash once its moment has passed: still not fired late.
    await owner.caller.task.restore({ ids: [trashed.id] });
    expect(await firedFor(owner)).toEqual([]);
  });

  it("fires each of many reminders exactly once when several callers claim at the same moment", async () => {
    const owner = await api.createUser();
    // Set well ahead, then made due in the database: thirty creations on a busy machine can take
    // longer than any "soon", and a time already past when a task is saved never fires.
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        owner.caller.task.create({ title: `Reminder ${index}`, remindAt: new Date(Date.now() + HOUR_MS) }),
      ),
    );
    const start = await latestTaskEventId(api.db, owner.user.id);
    await api.db
      .update(taskReminders)
      .set({ remindAt: sql`now()` })
      .where(eq(taskReminders.userId, owner.user.id));
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueReminders(api.db, 10)));
    const more = await claimDueReminders(api.db);
    const fired = [...claims.flat(), ...more]
      .filter((reminder) => reminder.userId === owner.user.id)
      .map((reminder) => reminder.taskId);
    expect(fired.sort()).toEqual(created.map((task) => task.id).sort());
    expect((await reminderChanges(owner, start)).length).toBe(30);
    const stored = await api.db.select().from(taskReminders).where(eq(taskReminders.userId, owner.user.id));
    expect(stored.every((row) => row.sentAt !== null)).toBe(true);
  });

  it("emails the reminder to a confirmed address only, and not again", async () => {
    const confirmed = await api.createUser({ email: "reminded@example.com" });
    await api.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, confirmed.user.id));
    const unconfirmed = await api.createUser({ email: "unconfirmed@example.com" });
    await confirmed.caller.task.create({
      title: "Renew passport",
      dueDate: "2027-01-14",
      dueTime: "10:30",
      remindAt: soon(),
    });
    await unconfirmed.caller.task.create({ title: "Not mailed", remindAt: soon() });
    await untilDue();
    expect(
      await fireDueReminders({ db: api.db, mailer: api.mailer, appOrigin: TEST_ORIGIN }),
    ).toBeGreaterThanOrEqual(2);
    await fireDueReminders({ db: api.db, mailer: api.mailer, appOrigin: TEST_ORIGIN });
    const mails = await api.mailTo("reminded@example.com");
    expect(mails.map((mail) => mail.subject)).toEqual([REMINDER_MAIL_SUBJECT]);
    expect(mails[0]?.text).toContain("You asked Doable to remind you of “Renew passport”.");
    expect(mails[0]?.text).toContain("Due Thursday 14 January 2027 at 10:30.");
    expect(mails[0]?.links).toContain(`${TEST_ORIGIN}/dashboard`);
    expect(await api.mailTo("unconfirmed@example.com")).toEqual([]);
  });

  it("reads a full page of changes past a reminder it leaves out (its task completed since)", async () => {
    const owner = await api.createUser();
    const start = await latestTaskEventId(api.db, owner.user.id);
    const task = await owner.caller.task.create({ title: "Fired, then done", remindAt: soon() });
    await untilDue();
    expect(await firedFor(owner)).toEqual([task.id]);
    await owner.caller.task.setCompleted({ id: task.id, completed: true });
    for (let index = 0; index < TASK_CHANGES_PAGE_SIZE; index += 1) {
      await api.createTask(owner.user.id, { title: `Filler ${index}` });
    }
    const page = await readTaskChanges(api.db, owner.user.id, start);
    // A full page, so a stream reads on: the left-out reminder does not make it look like the last.
    expect(page.length).toBe(TASK_CHANGES_PAGE_SIZE);
    expect(page.some(({ change }) => change.type === "reminder")).toBe(false);
  });

  it("leaves out of the stream the reminder of a task trashed since it fired", async () => {
    const owner = await api.createUser();
    const task = await owner.caller.task.create({ title: "Gone", remindAt: soon() });
    const start = await latestTaskEventId(api.db, owner.user.id);
    await untilDue();
    expect(await firedFor(owner)).toEqual([task.id]);
    await owner.caller.task.delete({ id: task.id });
    const changes = await readTaskChanges(api.db, owner.user.id, start);
    expect(changes.map(({ change }) => change.type)).toEqual(["remove"]);
  });
});
