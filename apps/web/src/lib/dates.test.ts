import { describe, expect, it } from "vitest";
import { type DueFields, describeDue, formatClockTime, formatDateTime } from "./dates";

const NOW = new Date("2025-06-15T12:00:00.000Z");

function due(dueDate: string, dueTime: string | null = null, completed = false): DueFields {
  return { dueDate, dueTime, completed };
}

describe("describeDue", () => {
  it("names due days relative to today on the owner's calendar, and marks what is overdue", () => {
    expect(describeDue(due("2025-06-15"), NOW, "UTC")).toEqual({ text: "Today", state: "today" });
    expect(describeDue(due("2025-06-16"), NOW, "UTC")).toEqual({ text: "Tomorrow", state: "soon" });
    expect(describeDue(due("2025-06-14"), NOW, "UTC")).toEqual({ text: "Yesterday", state: "overdue" });
    expect(describeDue(due("2025-06-14", null, true), NOW, "UTC").state).toBe("later");
    expect(describeDue(due("2025-07-04"), NOW, "UTC").text).toBe("Jul 4");
    expect(describeDue(due("2026-01-02"), NOW, "UTC").text).toBe("Jan 2, 2026");
    // 12:00 UTC on the 15th is already 21:00 in Tokyo, and 05:00 in Los Angeles: still the 15th.
    expect(describeDue(due("2025-06-16"), new Date("2025-06-15T23:00:00Z"), "Asia/Tokyo").text).toBe("Today");
  });

  it("shows a due time and turns overdue a moment after it on the owner's clock", () => {
    // NOW is 14:00 in Berlin (summer time).
    expect(describeDue(due("2025-06-15", "17:00"), NOW, "Europe/Berlin")).toEqual({
      text: "Today 5:00 PM",
      state: "today",
    });
    expect(describeDue(due("2025-06-15", "14:00"), NOW, "Europe/Berlin").state).toBe("today");
    const aMomentLater = new Date(NOW.getTime() + 1);
    expect(describeDue(due("2025-06-15", "14:00"), aMomentLater, "Europe/Berlin").state).toBe("overdue");
    expect(describeDue(due("2025-06-16", "09:30"), NOW, "Europe/Berlin").text).toBe("Tomorrow 9:30 AM");
  });

  it("creates each formatter once, however many dates it formats (a long list formats thousands)", () => {
    const original = Intl.DateTimeFormat;
    describeDue(due("2025-07-01", "10:00"), NOW, "Europe/Lisbon");
    let constructed = 0;
    Intl.DateTimeFormat = new Proxy(original, {
      construct(target, args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        constructed += 1;
        return new target(...args);
      },
    });
    try {
      for (let day = 1; day <= 28; day++) {
        describeDue(due(`2025-07-${String(day).padStart(2, "0")}`, "10:00"), NOW, "Europe/Lisbon");
      }
      expect(constructed).toBe(0);
    } finally {
      Intl.DateTimeFormat = original;
    }
  });
});

describe("describeDue on 1 December, all day: the same day in every zone", () => {
  const dec1 = due("2026-12-01");

  it.each([
    ["Pacific/Auckland", "2026-11-30T11:00:00Z", "2026-12-01T10:59:59.999Z"],
    ["Europe/London", "2026-12-01T00:00:00Z", "2026-12-01T23:59:59.999Z"],
    ["America/Los_Angeles", "2026-12-01T08:00:00Z", "2026-12-02T07:59:59.999Z"],
    ["UTC", "2026-12-01T00:00:00Z", "2026-12-01T23:59:59.999Z"],
  ])("in %s it is today from %s to %s, tomorrow just before, overdue once it is over", (zone, start, end) => {
    const first = new Date(start);
    const last = new Date(end);
    expect(describeDue(dec1, new Date(first.getTime() - 1), zone)).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
    expect(describeDue(dec1, first, zone)).toEqual({ text: "Today", state: "today" });
    expect(describeDue(dec1, last, zone)).toEqual({ text: "Today", state: "today" });
    // Midnight is the deadline itself; past it (as the server counts), the task is overdue.
    const midnight = last.getTime() + 1;
    expect(describeDue(dec1, new Date(midnight), zone).text).toBe("Yesterday");
    expect(describeDue(dec1, new Date(midnight + 1), zone)).toEqual({ text: "Yesterday", state: "overdue" });
  });

  it("says Dec 1 from further away, with the year only when today is in another year", () => {
    expect(describeDue(dec1, new Date("2026-12-05T00:00:00Z"), "UTC")).toEqual({
      text: "Dec 1",
      state: "overdue",
    });
    expect(describeDue(dec1, new Date("2026-11-20T00:00:00Z"), "UTC")).toEqual({
      text: "Dec 1",
      state: "later",
    });
    expect(describeDue(dec1, new Date("2027-01-10T12:00:00Z"), "UTC").text).toBe("Dec 1, 2026");
    expect(describeDue(due("2027-01-01"), new Date("2026-12-31T12:00:00Z"), "UTC")).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
  });
});

describe("describeDue next to a 23- or 25-hour day", () => {
  const zone = "America/New_York";

  it("says Tomorrow at 23:30 on the eve of the 23-hour day (8 March 2026)", () => {
    // 23:30 EST on 7 March; 24 hours later it is already 00:30 EDT on 9 March.
    expect(describeDue(due("2026-03-08"), new Date("2026-03-08T04:30:00Z"), zone)).toEqual({
      text: "Tomorrow",
      state: "soon",
    });
  });

  it("says Yesterday at 23:30 at the end of the 25-hour day (1 November 2026)", () => {
    // 23:30 EST on 1 November; 24 hours earlier it was 00:30 EDT on the same day.
    expect(describeDue(due("2026-10-31"), new Date("2026-11-02T04:30:00Z"), zone)).toEqual({
      text: "Yesterday",
      state: "overdue",
    });
  });

  it("reads a due time that happens twice (01:30 on 1 November) as passed after its first", () => {
    expect(describeDue(due("2026-11-01", "01:30"), new Date("2026-11-01T05:29:59Z"), zone).state).toBe(
      "today",
    );
    expect(describeDue(due("2026-11-01", "01:30"), new Date("2026-11-01T05:30:01Z"), zone).state).toBe(
      "overdue",
    );
  });
});

describe("formatClockTime", () => {
  it("reads a 24-hour HH:MM as people here read a clock", () => {
    expect(formatClockTime("00:00")).toBe("12:00 AM");
    expect(formatClockTime("12:05")).toBe("12:05 PM");
    expect(formatClockTime("23:59")).toBe("11:59 PM");
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
