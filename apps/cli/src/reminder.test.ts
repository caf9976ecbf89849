import { describe, expect, it } from "vitest";
import { formatReminder, parseRemindWhen, reminderAhead, remindBeforeDue } from "./reminder";

const BERLIN = "Europe/Berlin";
/** Europe/Berlin moves from 02:00 CET to 03:00 CEST on Sunday 28 March 2027. */
const SPRING_FORWARD = "2027-03-28";
const NOW = new Date("2026-12-02T10:00:00Z");

describe("parseRemindWhen", () => {
  it("reads offsets before the due time: 'at' and '0', minutes, hours, days and mixes", () => {
    expect(parseRemindWhen("at", BERLIN, NOW)).toEqual({ kind: "offset", days: 0, milliseconds: 0 });
    expect(parseRemindWhen("0", BERLIN, NOW)).toEqual({ kind: "offset", days: 0, milliseconds: 0 });
    expect(parseRemindWhen("15m", BERLIN, NOW)).toEqual({ kind: "offset", days: 0, milliseconds: 900_000 });
    expect(parseRemindWhen("1H", BERLIN, NOW)).toEqual({ kind: "offset", days: 0, milliseconds: 3_600_000 });
    expect(parseRemindWhen("2h30m", BERLIN, NOW)).toEqual({
      kind: "offset",
      days: 0,
      milliseconds: 9_000_000,
    });
    expect(parseRemindWhen("1d", BERLIN, NOW)).toEqual({ kind: "offset", days: 1, milliseconds: 0 });
    expect(parseRemindWhen("1d 2h", BERLIN, NOW)).toEqual({
      kind: "offset",
      days: 1,
      milliseconds: 7_200_000,
    });
  });

  it("reads a moment on the account's clock, whatever this computer's zone", () => {
    expect(parseRemindWhen("2026-12-03 09:00", BERLIN, NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-03T08:00:00Z"),
    });
    expect(parseRemindWhen("2026-12-03T09:00", "America/New_York", NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-03T14:00:00Z"),
    });
    // A day alone: 09:00 on it (ALL_DAY_REMINDER_TIME).
    expect(parseRemindWhen("2026-12-03", BERLIN, NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-03T08:00:00Z"),
    });
    // An instant with its offset is that instant.
    expect(parseRemindWhen("2026-12-03T09:00:00+05:30", BERLIN, NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-03T03:30:00Z"),
    });
  });

  it("reads the words quick add reads, on the account's clock", () => {
    // NOW is 11:00 in Berlin on Wednesday 2 December 2026.
    expect(parseRemindWhen("tomorrow 5pm", BERLIN, NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-03T16:00:00Z"),
    });
    expect(parseRemindWhen("friday", BERLIN, NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-04T08:00:00Z"),
    });
    // 9am has passed today: tomorrow.
    expect(parseRemindWhen("9am", BERLIN, NOW)).toEqual({
      kind: "moment",
      at: new Date("2026-12-03T08:00:00Z"),
    });
  });

  it("refuses what it cannot read whole", () => {
    for (const text of ["", "15", "soon", "tomorrow and then some", "2026-02-30 09:00", "2026-12-03 24:00"])
      expect(parseRemindWhen(text, BERLIN, NOW), text).toBeNull();
  });
});

describe("remindBeforeDue across the change to summer time (Europe/Berlin)", () => {
  const due = { dueDate: SPRING_FORWARD, dueTime: "09:00" };

  it("'1d' is the same clock time the day before, not 24 hours before", () => {
    // 09:00 CET on the 27th is 08:00Z; 24 hours before 07:00Z would be 08:00 CET.
    expect(remindBeforeDue({ days: 1, milliseconds: 0 }, due, BERLIN)).toEqual(
      new Date("2027-03-27T08:00:00Z"),
    );
  });

  it("hours and minutes are time elapsed before the due moment", () => {
    expect(remindBeforeDue({ days: 0, milliseconds: 0 }, due, BERLIN)).toEqual(
      new Date("2027-03-28T07:00:00Z"),
    );
    // Due 03:30 CEST (01:30Z): two hours before is 23:30Z, 00:30 CET on the clock.
    expect(
      remindBeforeDue(
        { days: 0, milliseconds: 2 * 3_600_000 },
        { dueDate: SPRING_FORWARD, dueTime: "03:30" },
        BERLIN,
      ),
    ).toEqual(new Date("2027-03-27T23:30:00Z"));
  });

  it("a due date without a time reminds relative to 09:00 that day", () => {
    expect(
      remindBeforeDue(
        { days: 0, milliseconds: 15 * 60_000 },
        { dueDate: SPRING_FORWARD, dueTime: null },
        BERLIN,
      ),
    ).toEqual(new Date("2027-03-28T06:45:00Z"));
  });
});

describe("formatReminder", () => {
  it("shows the moment on the account's clock, with the year only when it is not this year", () => {
    expect(formatReminder(new Date("2026-12-03T15:45:00Z"), BERLIN, NOW)).toBe("Thu 3 Dec 16:45");
    expect(formatReminder(new Date("2026-12-03T15:45:00Z"), "America/New_York", NOW)).toBe("Thu 3 Dec 10:45");
    expect(formatReminder(new Date("2027-03-28T07:00:00Z"), BERLIN, NOW)).toBe("Sun 28 Mar 2027 09:00");
  });
});

describe("reminderAhead", () => {
  it("only an open task's reminder still ahead", () => {
    const later = new Date(NOW.getTime() + 60_000);
    expect(reminderAhead({ remindAt: later, completed: false }, NOW)).toBe(true);
    expect(reminderAhead({ remindAt: later, completed: true }, NOW)).toBe(false);
    expect(reminderAhead({ remindAt: NOW, completed: false }, NOW)).toBe(false);
    expect(reminderAhead({ remindAt: null, completed: false }, NOW)).toBe(false);
    // A listed task's subtasks come without remindAt; JSON would give it as text.
    expect(reminderAhead({ completed: false }, NOW)).toBe(false);
    expect(reminderAhead({ remindAt: later.toISOString(), completed: false }, NOW)).toBe(true);
    expect(reminderAhead({ remindAt: "not a time", completed: false }, NOW)).toBe(false);
  });
});
