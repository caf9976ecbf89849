/**
 * Due dates people mean (docs/decisions/0034): a task is due on a calendar day, optionally at a
 * time on its owner's clock. "Today" is a day on the owner's calendar, and a task is overdue once
 * the owner's clock is past its deadline (the end of its day, or its time). These tests move the
 * test clock across those moments for owners in several zones, two of them on the day their clocks
 * change, and check the list's due filters and task.stats (whose overdue count is kept by triggers
 * and carried to the request's moment) at each one.
 */
import { HOUR_MS } from "@doable/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi, type TestUser } from "../testing";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(async () => {
  await api.close();
});

type Due = "today" | "upcoming" | "overdue";

async function titles(owner: TestUser, due: Due, tag?: string): Promise<string[]> {
  const { items } = await owner.caller.task.list({ due, sort: "due", limit: 100, ...(tag ? { tag } : {}) });
  return items.map((item) => item.title);
}

async function overdueCount(owner: TestUser): Promise<number> {
  return (await owner.caller.task.stats()).overdue;
}

/** A user whose session is fresh at `at` (sessions are stamped with the test clock). */
async function userAt(at: Date, timeZone: string): Promise<TestUser> {
  api.clock.set(at);
  return api.createUser({ timeZone });
}

/**
 * One all-day task due on `day` for an owner in `timeZone`, whose day there starts at `start` and
 * ends at `end` (UTC instants, written out by hand; the test checks the day's length).
 */
const ALL_DAY_CASES = [
  // New Zealand summer (UTC+13): the day is over in UTC's morning.
  {
    timeZone: "Pacific/Auckland",
    day: "2026-12-01",
    start: "2026-11-30T11:00:00Z",
    end: "2026-12-01T11:00:00Z",
    hours: 24,
  },
  {
    timeZone: "UTC",
    day: "2026-12-01",
    start: "2026-12-01T00:00:00Z",
    end: "2026-12-02T00:00:00Z",
    hours: 24,
  },
  {
    timeZone: "America/Los_Angeles",
    day: "2026-12-01",
    start: "2026-12-01T08:00:00Z",
    end: "2026-12-02T08:00:00Z",
    hours: 24,
  },
  // Clocks go back from 03:00 to 02:00: a 25-hour day.
  {
    timeZone: "Europe/Berlin",
    day: "2026-10-25",
    start: "2026-10-24T22:00:00Z",
    end: "2026-10-25T23:00:00Z",
    hours: 25,
  },
  // Clocks go forward from 02:00 to 03:00: a 23-hour day.
  {
    timeZone: "America/New_York",
    day: "2026-03-08",
    start: "2026-03-08T05:00:00Z",
    end: "2026-03-09T04:00:00Z",
    hours: 23,
  },
  // New Zealand's summer time ends on 4 April 2027 (in the future of any kept count here).
  {
    timeZone: "Pacific/Auckland",
    day: "2027-04-04",
    start: "2027-04-03T11:00:00Z",
    end: "2027-04-04T12:00:00Z",
    hours: 25,
  },
] as const;

describe("an all-day task", () => {
  it.each(ALL_DAY_CASES)(
    "is today on its day in $timeZone ($day) and overdue once that day has ended there, in the list and the stats",
    async ({ timeZone, day, start, end, hours }) => {
      const startAt = Date.parse(start);
      const endAt = Date.parse(end);
      expect(endAt - startAt).toBe(hours * HOUR_MS);
      const owner = await userAt(new Date(startAt - HOUR_MS), timeZone);
      await owner.caller.task.create({ title: "all day", dueDate: day, tags: ["due"] });
      // Its neighbours: 00:00 the next day (the same deadline) and the last minute of the day.
      const [year, month, date] = day.split("-").map(Number) as [number, number, number];
      const nextDay = new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
      await owner.caller.task.create({
        title: "next 00:00",
        dueDate: nextDay,
        dueTime: "00:00",
        tags: ["due"],
      });
      await owner.caller.task.create({ title: "23:59", dueDate: day, dueTime: "23:59", tags: ["due"] });
      const at = (milliseconds: number) => api.clock.set(new Date(milliseconds));

      at(startAt - 1);
      expect(await titles(owner, "today")).toEqual([]);
      expect(await titles(owner, "upcoming")).toEqual(["23:59", ...(await tiedOrder(owner))]);

      at(startAt);
      expect(await titles(owner, "today")).toEqual(["23:59", "all day"]);
      expect(await titles(owner, "upcoming")).toEqual(["next 00:00"]);
      expect(await titles(owner, "overdue")).toEqual([]);
      expect(await overdueCount(owner)).toBe(0);

      // The last minute of the day is its own deadline: overdue a millisecond after it.
      at(endAt - 60_000);
      expect(await titles(owner, "overdue")).toEqual([]);
      at(endAt - 60_000 + 1);
      expect(await titles(owner, "overdue")).toEqual(["23:59"]);
      expect(await overdueCount(owner)).toBe(1);

      at(endAt - 1);
      expect(await titles(owner, "today")).toEqual(["23:59", "all day"]);
      expect(await titles(owner, "overdue")).toEqual(["23:59"]);
      expect(await overdueCount(owner)).toBe(1);

      // The day's end is the deadline itself: the next day has begun, and the task is due by now.
      at(endAt);
      expect(await titles(owner, "today")).toEqual(["next 00:00"]);
      expect(await titles(owner, "overdue")).toEqual(["23:59"]);
      expect(await overdueCount(owner)).toBe(1);

      // Past it: overdue, with the task due at 00:00 the next day (one deadline, the id decides).
      at(endAt + 1);
      expect(await titles(owner, "overdue")).toEqual(["23:59", ...(await tiedOrder(owner))]);
      expect(await titles(owner, "overdue", "due")).toEqual(["23:59", ...(await tiedOrder(owner))]);
      expect(await overdueCount(owner)).toBe(3);

      // A write re-bases the kept count on the database's clock; the stats still answer at the
      // request's moment, in either direction.
      const late = await owner.caller.task.create({ title: "no due date" });
      expect(await overdueCount(owner)).toBe(3);
      at(endAt - 1);
      expect(await overdueCount(owner)).toBe(1);
      at(endAt + 1);
      await owner.caller.task.setCompleted({ id: late.id, completed: true });
      expect(await overdueCount(owner)).toBe(3);
      const allDay = (await owner.caller.task.list({ search: "all day" })).items[0];
      if (!allDay) throw new Error("no all-day task");
      await owner.caller.task.setCompleted({ id: allDay.id, completed: true });
      expect(await overdueCount(owner)).toBe(2);
      expect(await titles(owner, "overdue")).not.toContain("all day");
      await owner.caller.task.setCompleted({ id: allDay.id, completed: false });
      expect(await overdueCount(owner)).toBe(3);
      // Moved to the next day: due again.
      await owner.caller.task.update({ id: allDay.id, dueDate: nextDay });
      expect(await overdueCount(owner)).toBe(2);
      expect(await titles(owner, "today")).toEqual(["next 00:00", "all day"]);
    },
  );

  /** "all day" and "next 00:00" share a deadline: their order is their ids'. */
  async function tiedOrder(owner: TestUser): Promise<string[]> {
    const { items } = await owner.caller.task.list({ sort: "created", limit: 100 });
    return items
      .filter((item) => item.title === "all day" || item.title === "next 00:00")
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((item) => item.title);
  }

  it("is the same calendar day for owners in every zone, on their own calendars", async () => {
    // 10:30 UTC on 1 December: 23:30 on 1 December in Auckland, 02:30 on 1 December in Los Angeles,
    // and 2 December nowhere yet; 10 hours later it is 2 December in Auckland only.
    const at = new Date("2026-12-01T10:30:00.000Z");
    const owners = await Promise.all(
      ["Pacific/Auckland", "UTC", "America/Los_Angeles"].map(async (timeZone) => userAt(at, timeZone)),
    );
    for (const owner of owners)
      await owner.caller.task.create({ title: "1 December", dueDate: "2026-12-01" });
    for (const owner of owners) expect(await titles(owner, "today")).toEqual(["1 December"]);
    api.clock.set(new Date(at.getTime() + 10 * HOUR_MS));
    const [auckland, utc, losAngeles] = owners as [TestUser, TestUser, TestUser];
    expect(await titles(auckland, "today")).toEqual([]);
    expect(await titles(auckland, "overdue")).toEqual(["1 December"]);
    expect(await overdueCount(auckland)).toBe(1);
    for (const owner of [utc, losAngeles]) {
      expect(await titles(owner, "today")).toEqual(["1 December"]);
      expect(await overdueCount(owner)).toBe(0);
    }
  });
});

describe("a timed task", () => {
  it.each([
    // 17:00 EDT on the day New York's clocks went forward is 21:00 UTC.
    { timeZone: "America/New_York", day: "2026-03-08", time: "17:00", instant: "2026-03-08T21:00:00Z" },
    // 09:00 in Auckland on 1 December is 20:00 UTC the day before.
    { timeZone: "Pacific/Auckland", day: "2026-12-01", time: "09:00", instant: "2026-11-30T20:00:00Z" },
    // 01:30 in Berlin on the 25-hour day, still summer time: 23:30 UTC the day before.
    { timeZone: "Europe/Berlin", day: "2026-10-25", time: "01:30", instant: "2026-10-24T23:30:00Z" },
  ])(
    "is overdue one millisecond after $time on the owner's clock in $timeZone",
    async ({ timeZone, day, time, instant }) => {
      const due = Date.parse(instant);
      const owner = await userAt(new Date(due - HOUR_MS), timeZone);
      await owner.caller.task.create({ title: "call", dueDate: day, dueTime: time });
      expect(await overdueCount(owner)).toBe(0);
      api.clock.set(new Date(due));
      expect(await titles(owner, "today")).toEqual(["call"]);
      expect(await titles(owner, "overdue")).toEqual([]);
      expect(await overdueCount(owner)).toBe(0);
      api.clock.set(new Date(due + 1));
      expect(await titles(owner, "overdue")).toEqual(["call"]);
      expect(await titles(owner, "today")).toEqual(["call"]);
      expect(await overdueCount(owner)).toBe(1);
      // Moved an hour later: not overdue any more, and the kept count follows the write.
      const [task] = (await owner.caller.task.list()).items;
      if (!task) throw new Error("no task");
      const [hours = 0, minutes = 0] = time.split(":").map(Number);
      const later = `${String(hours + 1).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
      expect(await owner.caller.task.update({ id: task.id, dueDate: day, dueTime: later })).toMatchObject({
        dueDate: day,
        dueTime: later,
      });
      expect(await titles(owner, "overdue")).toEqual([]);
      expect(await overdueCount(owner)).toBe(0);
      api.clock.set(new Date(due + HOUR_MS + 1));
      expect(await overdueCount(owner)).toBe(1);
    },
  );
});

describe("isolation", () => {
  it("another user's zone and moves never change my lists, counts or tasks", async () => {
    const at = new Date("2026-12-01T10:30:00.000Z");
    const me = await userAt(at, "America/Los_Angeles");
    const them = await userAt(at, "Pacific/Auckland");
    for (const owner of [me, them]) {
      await owner.caller.task.create({ title: "1 December", dueDate: "2026-12-01", tags: ["shared"] });
      await owner.caller.task.create({
        title: "02:00",
        dueDate: "2026-12-01",
        dueTime: "02:00",
        tags: ["shared"],
      });
    }
    const mine = async () => ({
      today: await titles(me, "today"),
      overdue: await titles(me, "overdue"),
      tagged: await titles(me, "overdue", "shared"),
      stats: await me.caller.task.stats(),
      tasks: (await me.caller.task.list({ sort: "title" })).items,
    });
    // 02:30 on 1 December for me: the 02:00 call is overdue, the day is not over.
    const before = await mine();
    expect(before).toMatchObject({
      today: ["02:00", "1 December"],
      overdue: ["02:00"],
      tagged: ["02:00"],
      stats: { total: 2, overdue: 1 },
    });
    // 23:30 on 1 December for them: both overdue... of theirs only.
    expect(await overdueCount(them)).toBe(1);
    api.clock.set(new Date(at.getTime() + HOUR_MS));
    expect(await overdueCount(them)).toBe(2);
    await them.caller.account.update({ timeZone: "Asia/Tokyo" });
    await them.caller.task.create({ title: "theirs, overdue", dueDate: "2026-11-01" });
    api.clock.set(at);
    expect(await mine()).toEqual(before);
  });
});
