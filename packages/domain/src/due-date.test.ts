import { describe, expect, it } from "vitest";
import { addCalendarDays, dueDeadline, isCalendarDate, isClockTime, wallClockInZone } from "./due-date";

describe("isCalendarDate", () => {
  it("accepts real days from 1970 to 9999", () => {
    for (const day of ["1970-01-01", "2024-02-29", "2026-12-01", "9999-12-31"])
      expect(isCalendarDate(day)).toBe(true);
  });

  it("refuses impossible days, other shapes and days out of range", () => {
    for (const day of [
      "2026-02-29",
      "2026-06-31",
      "2026-13-01",
      "2026-1-01",
      "1969-12-31",
      "20261201",
      "",
      "2026-12-01T00:00",
    ])
      expect(isCalendarDate(day)).toBe(false);
  });
});

describe("isClockTime", () => {
  it("accepts 00:00 to 23:59 and nothing else", () => {
    expect(["00:00", "09:05", "23:59"].every(isClockTime)).toBe(true);
    expect(["24:00", "9:05", "12:60", "12:00:00", "noon"].some(isClockTime)).toBe(false);
  });
});

describe("addCalendarDays", () => {
  it("counts days on the calendar across month, year and leap-day ends", () => {
    expect(addCalendarDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addCalendarDays("2024-03-01", -1)).toBe("2024-02-29");
  });
});

describe("dueDeadline", () => {
  it("is the end of the day without a time, and the time on that day with one", () => {
    expect(dueDeadline(null, null)).toBeNull();
    expect(dueDeadline("2026-12-01", null)).toBe(Date.UTC(2026, 11, 2));
    expect(dueDeadline("2026-12-01", "17:30")).toBe(Date.UTC(2026, 11, 1, 17, 30));
    expect(dueDeadline("9999-12-31", null)).toBe(Date.UTC(10000, 0, 1));
  });

  it("orders a day's timed tasks before the same day's all-day ones", () => {
    const allDay = dueDeadline("2026-12-01", null) ?? 0;
    expect(dueDeadline("2026-12-01", "23:59") ?? 0).toBeLessThan(allDay);
    expect(dueDeadline("2026-12-02", "00:00")).toBe(allDay);
  });
});

describe("wallClockInZone", () => {
  it("reads the clock of each zone, to the millisecond", () => {
    const instant = new Date("2026-11-30T20:15:30.250Z");
    expect(wallClockInZone(instant, "UTC")).toBe(Date.UTC(2026, 10, 30, 20, 15, 30, 250));
    expect(wallClockInZone(instant, "Pacific/Auckland")).toBe(Date.UTC(2026, 11, 1, 9, 15, 30, 250));
    expect(wallClockInZone(instant, "America/Los_Angeles")).toBe(Date.UTC(2026, 10, 30, 12, 15, 30, 250));
    expect(wallClockInZone(instant, "Asia/Kolkata")).toBe(Date.UTC(2026, 11, 1, 1, 45, 30, 250));
  });

  it("follows daylight saving: the same instant a day apart reads an hour apart", () => {
    // Europe/Berlin leaves summer time on 2026-10-25.
    const before = wallClockInZone(new Date("2026-10-24T12:00:00Z"), "Europe/Berlin");
    const after = wallClockInZone(new Date("2026-10-25T12:00:00Z"), "Europe/Berlin");
    expect(after - before).toBe(23 * 60 * 60 * 1000);
  });
});
