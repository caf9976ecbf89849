import { describe, expect, it } from "vitest";
import { dateInputValue, describeDue, endOfDayInZone, formatDateTime } from "./dates";

const NOW = new Date("2025-06-15T12:00:00.000Z");
const HOUR_MS = 60 * 60 * 1000;

describe("dates", () => {
  it("names due days relative to today in the user's zone, and marks what is overdue", () => {
    expect(describeDue(new Date("2025-06-15T23:00:00Z"), false, NOW, "UTC")).toEqual({
      text: "Today",
      state: "today",
    });
    expect(describeDue(new Date("2025-06-16T09:00:00Z"), false, NOW, "UTC")).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
    expect(describeDue(new Date("2025-06-14T09:00:00Z"), false, NOW, "UTC")).toEqual({
      text: "Yesterday",
      state: "overdue",
    });
    expect(describeDue(new Date("2025-06-14T09:00:00Z"), true, NOW, "UTC").state).toBe("later");
    expect(describeDue(new Date("2025-07-04T09:00:00Z"), false, NOW, "UTC").text).toBe("Jul 4");
    expect(describeDue(new Date("2026-01-02T09:00:00Z"), false, NOW, "UTC").text).toBe("Jan 2, 2026");
    // 23:00 UTC on the 15th is already the 16th in Tokyo.
    expect(describeDue(new Date("2025-06-15T23:00:00Z"), false, NOW, "Asia/Tokyo").text).toBe("Tomorrow");
  });

  it("reads calendar days in the zone, through daylight-saving changes", () => {
    expect(dateInputValue(new Date("2025-06-15T23:00:00Z"), "America/New_York")).toBe("2025-06-15");
    expect(dateInputValue(new Date("2025-06-15T23:00:00Z"), "Asia/Tokyo")).toBe("2025-06-16");
    // 9 March 2025 has 23 hours in New York: its end is still 23:59:59.999 local time.
    expect(endOfDayInZone("2025-03-09", "America/New_York")?.toISOString()).toBe("2025-03-10T03:59:59.999Z");
    expect(endOfDayInZone("2025-06-15", "UTC")?.toISOString()).toBe("2025-06-15T23:59:59.999Z");
    expect(endOfDayInZone("not a date", "UTC")).toBeNull();
  });

  it("creates each formatter once, however many dates it formats (a long list formats thousands)", () => {
    const original = Intl.DateTimeFormat;
    let constructed = 0;
    Intl.DateTimeFormat = new Proxy(original, {
      construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        constructed += 1;
        return new target(...args);
      },
    });
    try {
      for (let hour = 0; hour < 100; hour++) {
        describeDue(new Date(NOW.getTime() + hour * HOUR_MS), false, NOW, "Europe/Lisbon");
      }
      // The calendar-day formatter and the short-date one.
      expect(constructed).toBe(2);
      for (let hour = 0; hour < 100; hour++) {
        describeDue(new Date(NOW.getTime() - hour * HOUR_MS), false, NOW, "Europe/Lisbon");
      }
      expect(constructed).toBe(2);
    } finally {
      Intl.DateTimeFormat = original;
    }
  });
});

describe("endOfDayInZone: the last millisecond of a calendar day, wherever the user is", () => {
  it.each([
    // New York: 8 March 2026 has 23 hours (02:00 EST becomes 03:00 EDT), 1 November 2026 has 25.
    ["America/New_York", "2026-03-07", "2026-03-08T04:59:59.999Z"],
    ["America/New_York", "2026-03-08", "2026-03-09T03:59:59.999Z"],
    ["America/New_York", "2026-10-31", "2026-11-01T03:59:59.999Z"],
    ["America/New_York", "2026-11-01", "2026-11-02T04:59:59.999Z"],
    // London: 29 March 2026 (GMT to BST) and 25 October 2026 (back to GMT).
    ["Europe/London", "2026-03-28", "2026-03-28T23:59:59.999Z"],
    ["Europe/London", "2026-03-29", "2026-03-29T22:59:59.999Z"],
    ["Europe/London", "2026-10-25", "2026-10-25T23:59:59.999Z"],
    // Auckland, southern hemisphere: daylight time ends 5 April 2026 and starts 27 September 2026.
    ["Pacific/Auckland", "2026-04-04", "2026-04-04T10:59:59.999Z"],
    ["Pacific/Auckland", "2026-04-05", "2026-04-05T11:59:59.999Z"],
    ["Pacific/Auckland", "2026-09-27", "2026-09-27T10:59:59.999Z"],
    // 1 December, all day: Auckland's day is over before London's has begun its evening.
    ["Pacific/Auckland", "2026-12-01", "2026-12-01T10:59:59.999Z"],
    ["Europe/London", "2026-12-01", "2026-12-01T23:59:59.999Z"],
    ["America/New_York", "2026-12-01", "2026-12-02T04:59:59.999Z"],
    ["UTC", "2026-12-01", "2026-12-01T23:59:59.999Z"],
    // Year and leap-day boundaries.
    ["Pacific/Auckland", "2026-12-31", "2026-12-31T10:59:59.999Z"],
    ["America/New_York", "2028-02-29", "2028-03-01T04:59:59.999Z"],
  ])("%s, %s ends at %s", (zone, day, expected) => {
    const end = endOfDayInZone(day, zone);
    expect(end?.toISOString()).toBe(expected);
    // The same day seen in the zone; one millisecond later it is the next day.
    expect(dateInputValue(end as Date, zone)).toBe(day);
    expect(dateInputValue(new Date((end as Date).getTime() + 1), zone)).not.toBe(day);
  });

  it("refuses what is not a YYYY-MM-DD day", () => {
    for (const value of ["", "2026-12-1", "2026/12/01", "01-12-2026", "2026-12-01T00:00", " 2026-12-01"]) {
      expect(endOfDayInZone(value, "UTC"), value).toBeNull();
    }
  });
});

describe("dateInputValue across daylight-saving changes", () => {
  it("turns the day at local midnight, not at a fixed UTC hour", () => {
    expect(dateInputValue(new Date("2026-03-08T04:59:59.999Z"), "America/New_York")).toBe("2026-03-07");
    expect(dateInputValue(new Date("2026-03-08T05:00:00.000Z"), "America/New_York")).toBe("2026-03-08");
    // 02:00 EST does not exist: 06:59:59 UTC is 01:59:59 EST, 07:00 UTC is 03:00 EDT, same day.
    expect(dateInputValue(new Date("2026-03-08T07:00:00.000Z"), "America/New_York")).toBe("2026-03-08");
    expect(dateInputValue(new Date("2026-11-01T03:59:59.999Z"), "America/New_York")).toBe("2026-10-31");
    expect(dateInputValue(new Date("2026-11-01T04:00:00.000Z"), "America/New_York")).toBe("2026-11-01");
    // 01:30 happens twice on 1 November; both are that day.
    expect(dateInputValue(new Date("2026-11-01T05:30:00.000Z"), "America/New_York")).toBe("2026-11-01");
    expect(dateInputValue(new Date("2026-11-01T06:30:00.000Z"), "America/New_York")).toBe("2026-11-01");
    expect(dateInputValue(new Date("2026-11-30T10:59:59.999Z"), "Pacific/Auckland")).toBe("2026-11-30");
    expect(dateInputValue(new Date("2026-11-30T11:00:00.000Z"), "Pacific/Auckland")).toBe("2026-12-01");
  });
});

describe("describeDue on 1 December, all day", () => {
  const zone = "Europe/London";
  const due = endOfDayInZone("2026-12-01", zone) as Date;

  it("is tomorrow on 30 November, today all of 1 December, overdue from 2 December", () => {
    expect(describeDue(due, false, new Date("2026-11-30T12:00:00Z"), zone)).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
    expect(describeDue(due, false, new Date("2026-12-01T00:00:00Z"), zone)).toEqual({
      text: "Today",
      state: "today",
    });
    expect(describeDue(due, false, new Date("2026-12-01T23:59:59.999Z"), zone)).toEqual({
      text: "Today",
      state: "today",
    });
    expect(describeDue(due, false, new Date("2026-12-02T00:00:00Z"), zone)).toEqual({
      text: "Yesterday",
      state: "overdue",
    });
    expect(describeDue(due, true, new Date("2026-12-02T00:00:00Z"), zone)).toEqual({
      text: "Yesterday",
      state: "later",
    });
    expect(describeDue(due, false, new Date("2026-12-05T00:00:00Z"), zone)).toEqual({
      text: "Dec 1",
      state: "overdue",
    });
    expect(describeDue(due, false, new Date("2026-11-20T00:00:00Z"), zone)).toEqual({
      text: "Dec 1",
      state: "later",
    });
  });

  it("is already over in Auckland while it is still 1 December in London", () => {
    const aucklandDue = endOfDayInZone("2026-12-01", "Pacific/Auckland") as Date;
    // 12:00 UTC on 1 December is 01:00 on 2 December in Auckland.
    const now = new Date("2026-12-01T12:00:00Z");
    expect(describeDue(aucklandDue, false, now, "Pacific/Auckland")).toEqual({
      text: "Yesterday",
      state: "overdue",
    });
    expect(describeDue(due, false, now, zone)).toEqual({ text: "Today", state: "today" });
  });

  it("adds the year only when the due day is in another year than today", () => {
    expect(describeDue(due, false, new Date("2027-01-10T12:00:00Z"), zone).text).toBe("Dec 1, 2026");
    const newYear = endOfDayInZone("2027-01-01", zone) as Date;
    expect(describeDue(newYear, false, new Date("2026-12-31T12:00:00Z"), zone)).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
  });
});

describe("formatDateTime", () => {
  it("shows the wall-clock time of the zone, including the repeated hour when daylight time ends", () => {
    const first = formatDateTime(new Date("2026-11-01T05:30:00Z"), "America/New_York");
    const second = formatDateTime(new Date("2026-11-01T06:30:00Z"), "America/New_York");
    expect(first).toContain("1:30");
    expect(second).toContain("1:30");
    expect(formatDateTime(new Date("2026-12-01T10:59:00Z"), "Pacific/Auckland")).toContain("11:59");
  });
});

describe("describeDue next to a 23- or 25-hour day", () => {
  const zone = "America/New_York";

  it("says Tomorrow at 23:30 on the eve of the 23-hour day (8 March 2026)", () => {
    // 23:30 EST on 7 March; 24 hours later it is already 00:30 EDT on 9 March.
    const now = new Date("2026-03-08T04:30:00Z");
    expect(describeDue(endOfDayInZone("2026-03-08", zone) as Date, false, now, zone)).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
  });

  it("says Yesterday at 23:30 at the end of the 25-hour day (1 November 2026)", () => {
    // 23:30 EST on 1 November; 24 hours earlier it was 00:30 EDT on the same day.
    const now = new Date("2026-11-02T04:30:00Z");
    expect(describeDue(endOfDayInZone("2026-10-31", zone) as Date, false, now, zone)).toEqual({
      text: "Yesterday",
      state: "overdue",
    });
    expect(describeDue(endOfDayInZone("2026-11-01", zone) as Date, false, now, zone)).toEqual({
      text: "Today",
      state: "today",
    });
  });

  it("counts across months and years on the calendar", () => {
    const now = new Date("2026-12-31T12:00:00Z");
    expect(
      describeDue(endOfDayInZone("2027-01-01", "Pacific/Auckland") as Date, false, now, "Pacific/Auckland"),
    ).toMatchObject({ text: "Today" });
    expect(
      describeDue(endOfDayInZone("2026-12-31", "Pacific/Auckland") as Date, false, now, "Pacific/Auckland"),
    ).toMatchObject({ text: "Yesterday", state: "overdue" });
  });
});
