import { describe, expect, it } from "vitest";
import {
  describeRecurrence,
  firstOccurrence,
  nextOccurrence,
  normalizeRecurrence,
  parseRecurrence,
} from "./recurrence";

/** The due dates of a series, starting on `start`, following each next occurrence. */
function series(rule: string, start: string, max = 10): string[] {
  const days = [start];
  let current: { dueDate: string; recurrence: string } | null = { dueDate: start, recurrence: rule };
  while (days.length < max) {
    current = nextOccurrence(current.recurrence, current.dueDate);
    if (!current) break;
    days.push(current.dueDate);
  }
  return days;
}

describe("parseRecurrence", () => {
  it("accepts the allowed parts and writes them back in one spelling", () => {
    expect(normalizeRecurrence("RRULE:freq=weekly;byday=fr")).toBe("FREQ=WEEKLY;BYDAY=FR");
    expect(normalizeRecurrence("FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1")).toBe("FREQ=MONTHLY;BYMONTHDAY=-1");
    expect(normalizeRecurrence("UNTIL=20261231T235959Z;FREQ=DAILY")).toBe("FREQ=DAILY;UNTIL=20261231");
    expect(normalizeRecurrence("FREQ=MONTHLY;BYDAY=2TU;COUNT=5")).toBe("FREQ=MONTHLY;BYDAY=2TU;COUNT=5");
    expect(normalizeRecurrence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")).toBe(
      "FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2",
    );
  });

  it.each([
    ["", "not a valid RRULE"],
    ["FREQ=HOURLY", "not a valid RRULE"],
    ["FREQ=SECONDLY", "not a valid RRULE"],
    ["FREQ=DAILY;BYHOUR=5", "BYHOUR is not supported"],
    ["FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"],
    ["FREQ=DAILY;INTERVAL=0", "INTERVAL must be"],
    ["FREQ=DAILY;INTERVAL=9999", "INTERVAL must be"],
    ["FREQ=DAILY;COUNT=2;UNTIL=20270101", "COUNT and UNTIL"],
    ["FREQ=DAILY;COUNT=0", "COUNT must be"],
    ["FREQ=DAILY;UNTIL=20270231", "UNTIL must be a day"],
    ["FREQ=WEEKLY;BYDAY=XX", "not a weekday"],
    ["FREQ=WEEKLY;BYDAY=2MO", "needs FREQ=MONTHLY"],
    ["FREQ=MONTHLY;BYDAY=6MO", "week of the month"],
    ["FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be"],
    ["FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must be"],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no chosen month has that day"],
    ["FREQ=YEARLY;BYMONTH=13", "BYMONTH must be"],
    ["FREQ=DAILY;garbage", "is not NAME=VALUE"],
    [`FREQ=DAILY;${"X".repeat(200)}`, "at most 200"],
  ])("refuses %j", (text, message) => {
    const parsed = parseRecurrence(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe("nextOccurrence", () => {
  it("daily, weekdays and every N days", () => {
    expect(series("FREQ=DAILY", "2026-12-30", 4)).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(series("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-12-03", 4)).toEqual([
      "2026-12-03",
      "2026-12-04",
      "2026-12-07",
      "2026-12-08",
    ]);
    expect(series("FREQ=DAILY;INTERVAL=3", "2026-02-26", 3)).toEqual([
      "2026-02-26",
      "2026-03-01",
      "2026-03-04",
    ]);
  });

  it("weekly on chosen days, and every 2 weeks keeps its weeks", () => {
    // 2026-12-04 is a Friday.
    expect(series("FREQ=WEEKLY;BYDAY=FR", "2026-12-04", 3)).toEqual([
      "2026-12-04",
      "2026-12-11",
      "2026-12-18",
    ]);
    expect(series("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "2026-11-30", 5)).toEqual([
      "2026-11-30",
      "2026-12-04",
      "2026-12-14",
      "2026-12-18",
      "2026-12-28",
    ]);
    // Due on a Wednesday, repeating on Fridays: the Friday after.
    expect(nextOccurrence("FREQ=WEEKLY;BYDAY=FR", "2026-12-02")?.dueDate).toBe("2026-12-04");
  });

  it("monthly on the 31st skips the months without one (RFC 5545); -1 is the last day", () => {
    expect(series("FREQ=MONTHLY", "2026-01-31", 4)).toEqual([
      "2026-01-31",
      "2026-03-31",
      "2026-05-31",
      "2026-07-31",
    ]);
    expect(series("FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31", 3)).toEqual([
      "2026-01-31",
      "2026-03-31",
      "2026-05-31",
    ]);
    expect(series("FREQ=MONTHLY;BYMONTHDAY=-1", "2028-01-31", 4)).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
    ]);
    expect(series("FREQ=MONTHLY;BYMONTHDAY=15", "2026-12-20", 2)).toEqual(["2026-12-20", "2027-01-15"]);
    expect(series("FREQ=MONTHLY;BYDAY=-1FR", "2026-12-25", 3)).toEqual([
      "2026-12-25",
      "2027-01-29",
      "2027-02-26",
    ]);
  });

  it("yearly on February 29th waits for leap years", () => {
    expect(series("FREQ=YEARLY", "2028-02-29", 3)).toEqual(["2028-02-29", "2032-02-29", "2036-02-29"]);
    expect(series("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "2027-02-28", 3)).toEqual([
      "2027-02-28",
      "2028-02-29",
      "2029-02-28",
    ]);
  });

  it("days do not move across daylight-saving changes, whatever the process's zone", () => {
    // Europe and the US change clocks on these Sundays; the rule works on days, never on hours.
    expect(series("FREQ=DAILY", "2026-03-28", 4)).toEqual([
      "2026-03-28",
      "2026-03-29",
      "2026-03-30",
      "2026-03-31",
    ]);
    expect(series("FREQ=WEEKLY", "2026-10-24", 3)).toEqual(["2026-10-24", "2026-10-31", "2026-11-07"]);
    expect(series("FREQ=WEEKLY;BYDAY=SU", "2026-03-01", 3)).toEqual([
      "2026-03-01",
      "2026-03-08",
      "2026-03-15",
    ]);
  });

  it("COUNT counts the occurrences left and ends the series; UNTIL is the last day", () => {
    expect(series("FREQ=DAILY;COUNT=3", "2026-12-01")).toEqual(["2026-12-01", "2026-12-02", "2026-12-03"]);
    expect(nextOccurrence("FREQ=DAILY;COUNT=3", "2026-12-01")).toEqual({
      dueDate: "2026-12-02",
      recurrence: "FREQ=DAILY;COUNT=2",
    });
    expect(nextOccurrence("FREQ=DAILY;COUNT=1", "2026-12-01")).toBeNull();
    expect(series("FREQ=WEEKLY;UNTIL=20261215", "2026-12-01")).toEqual([
      "2026-12-01",
      "2026-12-08",
      "2026-12-15",
    ]);
    expect(series("FREQ=WEEKLY;UNTIL=20261214T120000Z", "2026-12-01")).toEqual(["2026-12-01", "2026-12-08"]);
  });

  it("an invalid rule has no next occurrence", () => {
    expect(nextOccurrence("FREQ=HOURLY", "2026-12-01")).toBeNull();
  });
});

describe("firstOccurrence", () => {
  it("is the first day of the rule on or after a day", () => {
    expect(firstOccurrence("FREQ=WEEKLY;BYDAY=FR", "2026-12-02")).toBe("2026-12-04");
    expect(firstOccurrence("FREQ=WEEKLY;BYDAY=FR", "2026-12-04")).toBe("2026-12-04");
    expect(firstOccurrence("FREQ=MONTHLY;BYMONTHDAY=15", "2026-12-16")).toBe("2027-01-15");
    expect(firstOccurrence("FREQ=DAILY;UNTIL=20261130", "2026-12-01")).toBeNull();
  });
});

describe("describeRecurrence", () => {
  it.each([
    ["FREQ=DAILY", "every day"],
    ["FREQ=DAILY;INTERVAL=3", "every 3 days"],
    ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"],
    ["FREQ=WEEKLY;BYDAY=FR", "every Friday"],
    ["FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every 2 weeks on Monday"],
    ["FREQ=WEEKLY", "every week"],
    ["FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"],
    ["FREQ=MONTHLY;BYDAY=2TU", "every month on the 2nd Tuesday"],
    ["FREQ=YEARLY;COUNT=3", "every year, 3 times"],
    ["FREQ=DAILY;UNTIL=20261231", "every day until Dec 31, 2026"],
    ["FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=1", "every year on the 1st in January"],
  ])("%s reads %j", (rule, words) => {
    expect(describeRecurrence(rule)).toBe(words);
  });
});
