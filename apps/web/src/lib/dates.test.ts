import { HOUR_MS } from "@doable/domain";
import { describe, expect, it } from "vitest";
import { dateInputValue, describeDue, endOfDayInZone } from "./dates";

const NOW = new Date("2025-06-15T12:00:00.000Z");

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
